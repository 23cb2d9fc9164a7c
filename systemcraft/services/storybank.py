"""The story bank: stories, their analysis and coverage, question matching, and review cards."""

from __future__ import annotations

import re
import zlib
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

from systemcraft.domain import coverage as cov
from systemcraft.domain import matching, principles
from systemcraft.domain import review as rv
from systemcraft.domain import story_analysis as sa
from systemcraft.domain.stories import Story, StoryError, validate
from systemcraft.errors import DataError, InputError, NotFoundError
from systemcraft.exports.files import output_dir, write_atomic
from systemcraft.services import story_csv, story_markdown
from systemcraft.store import queries, records

MAX_MD_BYTES = 256 * 1024


def _cand_plan(coach):
    cand = coach._candidate()
    plan = coach.reader().active_plan(cand.id)
    return cand, plan


def all_stories(coach) -> list[Story]:
    cand = coach._candidate()
    return [records.story_from_row(r) for r in coach.reader().fetch(queries.STORIES, cid=cand.id)]


def get(coach, story_id: int) -> Story:
    cand = coach._candidate()
    rows = coach.reader().fetch(queries.STORY, cid=cand.id, id=story_id)
    if not rows:
        raise NotFoundError(f"no story {story_id} (see `systemcraft story list`)")
    return records.story_from_row(rows[0])


def _valid(story: Story) -> Story:
    try:
        return validate(story)
    except StoryError as exc:
        raise InputError(str(exc)) from None


def add(coach, story: Story) -> int:
    story = _valid(story)
    cand = coach._candidate()
    repo = coach.repo()
    with repo.transaction() as conn:
        sid = repo.add_story(conn, cand.id, story)
    coach.refresh_reader()
    sync_cards(coach)
    return sid


def read_markdown(path: Path) -> Story:
    from systemcraft.exports.files import read_text
    return story_markdown.parse(read_text(path, "the story", MAX_MD_BYTES), str(path))


def edit_text(coach, story_id: int, text: str) -> int:
    """Save an edited Markdown form as the story's next version (the previous one is kept)."""
    return update(coach, story_id, story_markdown.parse(text, f"story {story_id}"))


def update(coach, story_id: int, new: Story) -> int:
    """Save `new` as the story's next version (the previous one is kept)."""
    new = _valid(new)
    old = get(coach, story_id)
    cand = coach._candidate()
    repo = coach.repo()
    previous = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(old).items()}
    with repo.transaction() as conn:
        version = repo.update_story(conn, cand.id, story_id, new, previous)
    coach.refresh_reader()
    sync_cards(coach)
    return version


def delete(coach, story_id: int) -> Story:
    story = get(coach, story_id)
    cand = coach._candidate()
    repo = coach.repo()
    with repo.transaction() as conn:
        repo.delete_story(conn, cand.id, story_id)
    coach.refresh_reader()
    sync_cards(coach)
    return story


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50] or "story"


def export(coach, directory: Path, fmt: str = "md") -> list[Path]:
    output_dir(directory)
    if fmt == "csv":
        target = directory / "stories.csv"
        write_atomic(target, story_csv.write(all_stories(coach)))
        return [target]
    out = []
    for s in all_stories(coach):
        target = directory / f"{s.id:03d}-{slug(s.title)}.md"
        write_atomic(target, story_markdown.render(s).encode())
        out.append(target)
    return out


def import_path(coach, path: Path) -> dict:
    """Read everything first (a directory of .md files, one .md, or a .csv); save only if all is valid."""
    report: dict = {"mapped": {}, "unmapped": []}
    if path.is_dir():
        files = sorted(path.glob("*.md"))
        if not files:
            raise InputError(f"{path} holds no .md story files")
        new = [read_markdown(f) for f in files]
    elif path.suffix.lower() == ".csv":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
        parsed = story_csv.read(data, str(path))
        new = parsed.stories
        report = {"mapped": parsed.mapped, "unmapped": parsed.unmapped}
    elif path.suffix.lower() == ".md":
        new = [read_markdown(path)]
    else:
        if not path.exists():
            raise InputError(f"cannot read {path}: No such file or directory")
        raise InputError(f"{path}: give a folder of .md files, a .md file or a .csv spreadsheet")
    existing = {s.title.lower() for s in all_stories(coach)}
    dupes = [s.title for s in new if s.title.lower() in existing]
    if dupes:
        raise InputError(f"already in your bank: '{dupes[0]}' (rename it or delete the old one first)")
    cand = coach._candidate()
    repo = coach.repo()
    with repo.transaction() as conn:
        ids = [repo.add_story(conn, cand.id, s) for s in new]
    coach.refresh_reader()
    sync_cards(coach)
    return {"imported": len(ids), "ids": ids, **report}


def check(coach, story_id: int | None, wpm: int = 150) -> list[dict]:
    if not 80 <= wpm <= 250:
        raise InputError(f"the speaking rate must be between 80 and 250 words a minute, got {wpm}")
    cand, plan = _cand_plan(coach)
    stories = [get(coach, story_id)] if story_id is not None else all_stories(coach)
    return [report(s, cand.target_level, coach.env.today, wpm) for s in stories]


def report(s: Story, target_level: str, today: date, wpm: int = 150) -> dict:
    """Timing per STAR part and every finding with its evidence, for one story (saved or not)."""
    findings = sa.analyse(s, today, wpm, target_level=target_level)
    timing = [{"part": t.part, "words": t.words, "seconds": t.seconds, "target": list(t.target)}
              for t in sa.timings(s, wpm)]
    return {"id": s.id, "title": s.title, "wpm": wpm, "timing": timing, "findings": [asdict(f) for f in findings]}


def coverage(coach) -> dict:
    cand, plan = _cand_plan(coach)
    stories = all_stories(coach)
    c = cov.compute(stories, plan.plan_id if plan else None, cand.target_level)
    return {"stories": c.stories, "portfolio_target": c.portfolio_target, "slots_filled": c.slots_filled,
            "slots_total": sum(r.minimum for r in c.rows), "covered": c.covered,
            "rows": [{**asdict(r), "count": r.count, "missing": r.missing} for r in c.rows],
            "matrix": {str(k): v for k, v in c.matrix.items()},
            "titles": {str(s.id): s.title for s in stories},
            "gaps": list(c.gaps), "warnings": list(c.warnings), "priority": list(cov.priority_lps(c))}


def match(coach, question: str, limit: int = 5) -> dict:
    q = (question or "").strip()
    if not q:
        raise InputError("give a question or a principle id")
    if len(q) > 1000:
        raise InputError("the question is too long (at most 1000 characters)")
    lps, ranked = matching.rank(q, all_stories(coach), limit)
    return {"question": q, "principles": lps, "matches": [asdict(m) for m in ranked]}


# ---------------------------------------------------------------- cards and reviews

def _lp_card(lp_id: str, stories: list[Story]) -> tuple[str, str]:
    p = principles.BY_ID[lp_id]
    best = next((s for s in stories if s.primary_lp == lp_id and s.status == "ready"), None) or \
        next((s for s in stories if s.primary_lp == lp_id), None) or \
        next((s for s in stories if lp_id in s.secondary_lps), None)
    answer = f"{p.meaning}\nYour best story: {best.title if best else 'none yet — draft one'}"
    return f"What does {p.name} ask of you, and which of your stories shows it?", answer


def wanted_cards(stories: list[Story], concepts: list[str], problems: list[tuple[str, str]]) -> dict:
    """(kind, ref) → (prompt, answer) for every card the candidate should have."""
    out = {}
    for s in stories:
        out[("story", str(s.id))] = (f"Tell '{s.title}' in 2 minutes ({principles.BY_ID[s.primary_lp].name}).",
                                     f"S: {s.situation[:200]}\nT: {s.task[:200]}\nA: {s.action[:300]}\n"
                                     f"R: {s.result[:200]}")
    for p in principles.PRINCIPLES:
        out[("lp", p.id)] = _lp_card(p.id, stories)
    for c in concepts:
        out[("concept", c.lower()[:80])] = (f"Explain {c} and one trade-off it brings.", c)
    for title, pattern in problems:
        out[("problem", title.lower()[:80])] = (f"How would you solve '{title}'? Name the pattern first.",
                                                f"Pattern: {pattern or 'see your notes'}")
    return out


def sync_cards(coach) -> dict:
    """Create missing cards, refresh texts, remove cards whose story is gone. Schedules are kept."""
    cand = coach._candidate()
    reader = coach.reader()
    stories = all_stories(coach)
    log = reader.fetch(queries.LOG_ENTRIES, cid=cand.id, first=date(1970, 1, 1), last=date(9999, 12, 31))
    concepts = list(dict.fromkeys(e["title"] for e in log if e["kind"] == "concept" and e["title"]))
    problems = list(dict.fromkeys((e["title"], e["pattern"]) for e in log
                                  if e["kind"] == "coding" and e["title"] and e["task_id"] is None))
    wanted = wanted_cards(stories, concepts, problems)
    have = {(r["kind"], r["ref"]): r["id"] for r in reader.fetch(queries.CARD_REFS, cid=cand.id)}
    now = coach.env.now()
    day = rv.study_day(now, cand.timezone, cand.day_start_hour)
    new_rows = []
    for i, ((kind, ref), (prompt, answer)) in enumerate(sorted(wanted.items())):
        if (kind, ref) not in have:
            card = rv.new_card(card_id=zlib.crc32(f'{cand.id}:{kind}:{ref}'.encode()), now=now)
            new_rows.append({"kind": kind, "ref": ref, "prompt": prompt, "answer": answer, "fsrs": card.to_dict(),
                             "due": now, "due_day": day})
    stale = [cid for key, cid in have.items() if key[0] == "story" and key not in wanted]
    repo = coach.repo()
    with repo.transaction() as conn:
        repo.add_cards(conn, cand.id, new_rows)
        for key, cid in have.items():
            if key in wanted and key[0] in ("lp", "story"):
                repo.update_card_text(conn, cid, *wanted[key])
        repo.delete_cards(conn, stale)
    coach.refresh_reader()
    if new_rows or stale:
        settle_cards(coach)          # a new card is never due after the interview's eve; the final plan
    return {"added": len(new_rows), "removed": len(stale), "total": len(wanted)}


def add_card_for_entry(coach, entry: dict) -> None:
    """A logged concept or practice problem gets its review card straight away."""
    kind = {"concept": "concept", "coding": "problem"}.get(entry.get("kind"))
    if kind is None or not entry.get("title"):
        return
    cand = coach._candidate()
    key = ("concept", entry["title"].lower()[:80]) if kind == "concept" else ("problem", entry["title"].lower()[:80])
    have = {(r["kind"], r["ref"]) for r in coach.reader().fetch(queries.CARD_REFS, cid=cand.id)}
    if key in have:
        return
    prompt, answer = wanted_cards([], [entry["title"]] if kind == "concept" else [],
                                  [(entry["title"], entry.get("pattern"))] if kind == "problem" else [])[key]
    now = coach.env.now()
    card = rv.new_card(card_id=zlib.crc32(f"{cand.id}:{key[0]}:{key[1]}".encode()), now=now)
    repo = coach.repo()
    with repo.transaction() as conn:
        repo.add_cards(conn, cand.id, [{"kind": key[0], "ref": key[1], "prompt": prompt, "answer": answer,
                                        "fsrs": card.to_dict(), "due": now,
                                        "due_day": rv.study_day(now, cand.timezone, cand.day_start_hour)}])
    coach.refresh_reader()
    settle_cards(coach)


# ---------------------------------------------------------------- the review queue (domain/review.py has the rules)

def _review_state(coach, cand=None):
    """The candidate, the active plan, the instant, the study day and every card (not suspended)."""
    cand = cand or coach._candidate()
    plan = coach.reader().active_plan(cand.id)
    now = coach.env.now()
    today = rv.study_day(now, cand.timezone, cand.day_start_hour)
    cards = [records.card_from_row(r) for r in coach.reader().fetch(queries.CARDS, cid=cand.id, no=False)]
    return cand, plan, now, today, cards


def _fsrs(card):
    from fsrs import Card
    return Card.from_dict(card.fsrs)


def _settle(cand, plan, now, cards, states) -> rv.Settlement:
    return rv.settle([rv.Stored(c.id, c.kind, states[c.id]) for c in cards],
                     plan.interview_date if plan else None, now, cand.timezone, cand.day_start_hour,
                     plan.weekdays if plan else frozenset(range(7)), rv.daily_cap())


def _moved(cards, settlement: rv.Settlement, skip: int | None = None) -> list[tuple[int, object, date]]:
    """Cards whose stored due differs from where they now stand."""
    out = []
    for c in cards:
        p = settlement.placements[c.id]
        if c.id != skip and (c.due != p.due or c.due_day != p.due_day):
            out.append((c.id, p.due, p.due_day))
    return out


def settle_cards(coach) -> None:
    """Put every card where the review rules say (nothing due after the interview's eve; the final plan)."""
    cand, plan, now, _, cards = _review_state(coach)
    if not cards:
        return
    moved = _moved(cards, _settle(cand, plan, now, cards, {c.id: _fsrs(c) for c in cards}))
    if moved:
        repo = coach.repo()
        with repo.transaction() as conn:
            repo.set_card_dues(conn, moved)
        coach.refresh_reader()


def _final_view(final: rv.FinalPlan | None, outlook: rv.Forecast | None) -> dict | None:
    if final is None or outlook is None:
        return None
    return {"interview": final.interview_day, "window_start": final.window_start, "cards": final.cards,
            "covered": len(final.covered), "planned": len(final.due), "most_a_day": final.level,
            "target": final.target, "short": len(outlook.short), "short_share": len(outlook.short_share),
            "short_time": len(outlook.short_time),
            "lowest_recall": round(min(outlook.recall.values()), 3) if outlook.recall else None,
            "message": outlook.message}


def _pause_message(plan, today: date) -> str | None:
    if plan is None or today < plan.interview_date:
        return None
    if today == plan.interview_date:
        return "Interview day: reviews are paused. Good luck!"
    return (f"Your interview was on {plan.interview_date.isoformat()}: reviews are paused until you set a new "
            f"interview date (systemcraft plan regenerate --interview DATE, or Settings).")


def due(coach, limit: int | None = None) -> dict:
    """Today's queue: what is due, what today's share (across sessions) still allows, and in the final
    two weeks the plan and its forecast for the interview day."""
    if limit is not None and limit < 0:
        raise InputError(f"the limit must be a number of cards (0 or more), got {limit}")
    cand, plan, now, today, cards = _review_state(coach)
    cap = rv.daily_cap()
    states = {c.id: _fsrs(c) for c in cards}
    stored = [rv.Stored(c.id, c.kind, states[c.id]) for c in cards]
    settlement = _settle(cand, plan, now, cards, states)
    moved = _moved(cards, settlement)
    if moved:
        try:
            repo = coach.repo()
            with repo.transaction() as conn:
                repo.set_card_dues(conn, moved)
            coach.refresh_reader()
        except DataError:
            pass        # a read-only home still lists: the view below is computed, not read back
    place = settlement.placements
    queue = rv.day_queue(stored, settlement, now, cand.timezone, cand.day_start_hour, cap)
    paused = _pause_message(plan, today)
    rest = plan is not None and today.weekday() not in plan.weekdays
    by_id = {c.id: c for c in cards}
    take = [] if rest or paused else list(queue.serve)[:limit or None]
    outlook = None
    if settlement.final is not None and not paused:
        outlook = rv.forecast(stored, plan.interview_date, now, cand.timezone, cand.day_start_hour, plan.weekdays,
                              cap)
    return {"day": today, "due": len(queue.due), "cap": cap, "done_today": queue.done_today,
            "left_today": queue.left, "share_done": queue.left == 0 and not queue.repeats and not paused and not rest,
            "later_today": queue.later_today, "rest_day": rest, "paused": paused is not None, "message": paused,
            "cards": [replace(by_id[i], due=place[i].due, due_day=place[i].due_day) for i in take],
            "retention": rv.desired_retention((plan.interview_date - today).days if plan else 999),
            "final": _final_view(settlement.final, outlook)}


def answer(coach, card_id: int, rating: str, duration_ms: int | None = None) -> dict:
    """Grade a card: FSRS, then the review rules (nothing after the eve; the final plan) for every card.
    A second answer seconds after the first, to a card no longer due, records nothing (`duplicate`)."""
    cand, plan, now, today, cards = _review_state(coach)
    card = next((c for c in cards if c.id == card_id), None)
    if card is None:
        raise NotFoundError(f"no card {card_id}")
    if rating not in rv.RATINGS:
        raise InputError(f"unknown rating '{rating}' (again, hard, good or easy)")
    if duration_ms is not None and not 0 <= duration_ms <= 3_600_000:
        raise InputError("duration must be between 0 and one hour")
    paused = _pause_message(plan, today)
    if paused:
        raise InputError(paused)
    states = {c.id: _fsrs(c) for c in cards}
    current = states[card.id]
    if rv.is_double_submit(current.last_review, current.due, now):
        return _duplicate(card_id, rating, card)
    days_left = (plan.interview_date - today).days if plan else 999
    weekdays = plan.weekdays if plan else frozenset(range(7))
    before = _settle(cand, plan, now, cards, states)
    load: dict[date, int] = {}
    for c in cards:
        p = before.placements[c.id]
        if c.id != card.id and not p.rests and p.due_day > today:
            load[p.due_day] = load.get(p.due_day, 0) + 1
    outcome = rv.review(current, rating, now, days_left, cand.timezone, cand.day_start_hour, weekdays, load,
                        rv.daily_cap(), interview_day=plan.interview_date if plan else None)
    states[card.id] = outcome.card
    after = _settle(cand, plan, now, cards, states)
    mine = after.placements[card.id]
    repo = coach.repo()
    with repo.transaction() as conn:
        recorded = repo.record_review(conn, card.id, int(rv.RATINGS[rating]), now, duration_ms, card.due,
                                      outcome.card.to_dict(), mine.due, mine.due_day)
        if recorded:
            repo.set_card_dues(conn, _moved(cards, after, skip=card.id))
    coach.refresh_reader()
    if not recorded:
        return _duplicate(card_id, rating, card)
    planned = after.final is not None and card.id in after.final.due and mine.rank < 2
    return {"card": card_id, "rating": rating, "due": mine.due.isoformat(), "due_day": mine.due_day,
            "moved_from": outcome.moved_from if not planned and not mine.rests else None,
            "rests": mine.rests, "planned": planned, "duplicate": False}


def _duplicate(card_id: int, rating: str, card) -> dict:
    return {"card": card_id, "rating": rating, "due": card.due.isoformat(), "due_day": card.due_day,
            "moved_from": None, "rests": False, "planned": False, "duplicate": True,
            "message": f"card {card_id} was answered seconds ago; this second answer was not recorded"}


def set_day_start(coach, hour: int) -> None:
    if not 0 <= hour <= 12:
        raise InputError("the day start must be an hour from 0 to 12 (e.g. 4 for 04:00)")
    cand = coach._candidate()
    repo = coach.repo()
    with repo.transaction() as conn:
        repo.update_candidate(conn, cand.id, day_start_hour=hour)
    coach.refresh_reader()


def finish_session(coach, seconds: float) -> bool:
    """Mark today's planned review task done with the session's minutes; True when one was found."""
    plan = coach._plan()
    today = coach.env.today
    task = next((t for t in coach.reader().tasks_between(plan.id, today, today)
                 if t.kind == "review" and t.status == "planned"), None)
    if task is None:
        return False
    coach.complete(task.ref, max(1, round(seconds / 60)))
    return True
