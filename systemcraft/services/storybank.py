"""The story bank: stories, their analysis and coverage, question matching, and which review cards
exist (the review queue itself is services/reviews.py)."""

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
from systemcraft.domain.stories import Story, StoryError
from systemcraft.errors import ConflictError, InputError, NotFoundError
from systemcraft.exports.files import output_dir, read_bytes, write_atomic
from systemcraft.schemas import validate_story
from systemcraft.services import story_csv, story_markdown
from systemcraft.store import queries, records

MAX_MD_BYTES = 256 * 1024


# A one-time form token (web/pages/stories.py makes it with secrets.token_urlsafe(12)): 16 URL-safe characters.
FORM_TOKEN = re.compile(r"[A-Za-z0-9_-]{16}")

def _cand_plan(ctx):
    cand = ctx.candidate()
    plan = ctx.reader().active_plan(cand.id)
    return cand, plan


def all_stories(ctx) -> list[Story]:
    cand = ctx.candidate()
    return [records.story_from_row(r) for r in ctx.reader().fetch(queries.STORIES, cid=cand.id)]


def get(ctx, story_id: int) -> Story:
    cand = ctx.candidate()
    rows = ctx.reader().fetch(queries.STORY, cid=cand.id, id=story_id)
    if not rows:
        raise NotFoundError(f"no story {story_id}")    # the CLI adds its list command (cli/hints.py)
    return records.story_from_row(rows[0])


def _valid(story: Story) -> Story:
    try:
        return validate_story(story)     # the story document and the domain's rules (schemas/story.py)
    except StoryError as exc:
        raise InputError(str(exc)) from None


def add(ctx, story: Story, form_token: str | None = None) -> int:
    """Save a new story. One identical in every field to a story already in the bank IS that story: its id
    comes back and nothing is written (the form sent twice, or again after Back; `story add` run twice).
    Unlike a log entry, which may truly repeat, a story never does, so this holds at any time.
    `form_token` is the new-story form's one-time token: the form sent again after the story it made was
    edited (so the text no longer matches) still finds that story, in any server process."""
    story = _valid(story)
    if form_token is not None and not FORM_TOKEN.fullmatch(form_token):
        raise InputError("the form's token is not one this coach gave out; open a new story form and save again")
    cand = ctx.candidate()
    repo = ctx.repo()
    with repo.transaction() as conn:
        if form_token is not None:
            repo.lock_candidate(conn, cand.id)          # two sends at once: the second waits, then finds the first
            made = repo.story_by_form_token(conn, cand.id, form_token)
            if made is not None:
                return made
        same = _same_story(repo.fetch_in(conn, queries.STORIES, cid=cand.id), story)
        if same is not None:
            return same
        sid = repo.add_story(conn, cand.id, story, form_token)
        sync_cards(ctx, conn)
    ctx.changed()
    return sid


def _same_story(rows: list[dict], story: Story) -> int | None:
    """The id of the stored story (of `rows`) whose every field is `story`'s, if there is one."""
    wanted = replace(story, id=None)
    for row in rows:
        stored = records.story_from_row(row)
        if replace(stored, id=None) == wanted:
            return stored.id
    return None


def read_markdown(path: Path) -> Story:
    from systemcraft.exports.files import read_text
    return story_markdown.parse(read_text(path, "the story", MAX_MD_BYTES), str(path))


def edit_text(ctx, story_id: int, text: str, expected_version: int | None = None) -> int:
    """Save an edited Markdown form as the story's next version (the previous one is kept); given the version
    the editor was opened at, a save made meanwhile elsewhere is not overwritten (StoryChanged)."""
    return update(ctx, story_id, story_markdown.parse(text, f"story {story_id}"), expected_version)


class StoryChanged(ConflictError):
    """The story is no longer at the version the edit started from (saved meanwhile in another tab, window or
    process); nothing was saved. `current` is the stored version now."""

    def __init__(self, story_id: int, expected: int | None, current: int | None) -> None:
        super().__init__(f"story {story_id} was changed elsewhere since this edit began (it is at version "
                         f"{current}, the edit started from version {expected}); nothing was saved: "
                         "look at the saved story, then make your change again")
        self.story_id, self.expected, self.current = story_id, expected, current


def for_edit(ctx, story_id: int) -> tuple[Story, int]:
    """The story and its version, read together: an editor sends the version back when it saves."""
    cand = ctx.candidate()
    rows = ctx.reader().fetch(queries.STORY, cid=cand.id, id=story_id)
    if not rows:
        raise NotFoundError(f"no story {story_id}")    # the CLI adds its list command (cli/hints.py)
    return records.story_from_row(rows[0]), int(rows[0]["version"])


def update(ctx, story_id: int, new: Story, expected_version: int | None = None) -> int:
    """Save `new` as the story's next version (the previous one is kept). Given `expected_version` (the
    version an editor was opened at), a story saved since is not overwritten: StoryChanged, nothing written.
    The check and the write are one transaction and the write applies only to the version read there, so of
    two saves racing from one version exactly one wins, with or without `expected_version`. A story saved as it
    is stored already writes nothing and is no conflict: the editor's Save pressed twice (the first press moved
    the version on), or another tab that saved this very text."""
    new = _valid(new)
    cand = ctx.candidate()
    repo = ctx.repo()
    with repo.transaction() as conn:
        rows = repo.fetch_in(conn, queries.STORY, cid=cand.id, id=story_id)
        if not rows:
            raise NotFoundError(f"no story {story_id}")    # the CLI adds its list command (cli/hints.py)
        read = int(rows[0]["version"])
        if _same_story(rows, new) is not None:
            return read
        if expected_version is not None and read != expected_version:
            raise StoryChanged(story_id, expected_version, read)
        old = records.story_from_row(rows[0])
        previous = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(old).items()}
        version = repo.update_story(conn, cand.id, story_id, new, previous, expected=read)
        if version is None:           # another save got in between the read and the write
            now = repo.fetch_in(conn, queries.STORY_VERSION, id=story_id, cid=cand.id)
            raise StoryChanged(story_id, expected_version if expected_version is not None else read,
                               int(now[0]["version"]) if now else None)
        sync_cards(ctx, conn)
    ctx.changed()
    return version


def delete(ctx, story_id: int) -> Story:
    story = get(ctx, story_id)
    cand = ctx.candidate()
    repo = ctx.repo()
    with repo.transaction() as conn:
        repo.delete_story(conn, cand.id, story_id)
        sync_cards(ctx, conn)
    ctx.changed()
    return story


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50] or "story"


def export(ctx, directory: Path, fmt: str = "md") -> list[Path]:
    output_dir(directory)
    if fmt == "csv":
        target = directory / "stories.csv"
        write_atomic(target, story_csv.write(all_stories(ctx)))
        return [target]
    out = []
    for s in all_stories(ctx):
        target = directory / f"{s.id:03d}-{slug(s.title)}.md"
        write_atomic(target, story_markdown.render(s).encode())
        out.append(target)
    return out


def import_path(ctx, path: Path) -> dict:
    """Read everything first (a directory of .md files, one .md, or a .csv); save only if all is valid."""
    if path.is_dir():
        files = sorted(path.glob("*.md"))
        if not files:
            raise InputError(f"{path} holds no .md story files")
        return import_files(ctx, [(str(f), read_bytes(f, "the story", MAX_MD_BYTES)) for f in files])
    if path.suffix.lower() == ".csv":
        return import_files(ctx, [(str(path), read_bytes(path, "the story file", story_csv.MAX_BYTES))])
    if path.suffix.lower() == ".md":
        return import_files(ctx, [(str(path), read_bytes(path, "the story", MAX_MD_BYTES))])
    if not path.exists():
        raise InputError(f"cannot read {path}: No such file or directory")
    raise InputError(f"{path}: give a folder of .md files, a .md file or a .csv spreadsheet")


def import_files(ctx, files: list[tuple[str, bytes]]) -> dict:
    """Stories from files already read, each (name, content): one .csv spreadsheet, or .md story files (what
    `import_path` finds on disk, or what the web's form uploads). Every file and row is read and checked first;
    every problem found is reported at once (story_csv.RowProblems); nothing is saved unless all of it is."""
    from systemcraft.exports.files import decode_text
    if not files:
        raise InputError("choose a .csv spreadsheet or one or more .md story files")
    kinds = {Path(name).suffix.lower() for name, _ in files}
    if kinds - {".csv", ".md"}:
        odd = next(name for name, _ in files if Path(name).suffix.lower() not in (".csv", ".md"))
        raise InputError(f"{Path(odd).name}: give .md story files or one .csv spreadsheet")
    report: dict = {"mapped": {}, "unmapped": []}
    if ".csv" in kinds:
        if len(files) > 1:
            raise InputError("import one .csv spreadsheet at a time, without .md files beside it")
        name, data = files[0]
        parsed = story_csv.read(data, name)
        new = parsed.stories
        report = {"mapped": parsed.mapped, "unmapped": parsed.unmapped}
    else:
        new, problems = [], []
        for name, data in files:
            try:
                if len(data) > MAX_MD_BYTES:
                    raise InputError(f"the story {name} is too large ({len(data)} bytes, at most {MAX_MD_BYTES})")
                new.append(story_markdown.parse(decode_text(data, f"the story {name}"), name))
            except InputError as exc:
                problems.append(exc.message)
        if problems:
            raise story_csv.RowProblems(problems[:story_csv.MAX_PROBLEMS], max(0, len(problems) - story_csv.MAX_PROBLEMS))
    new = [_valid(s) for s in new]       # whatever the reader checked, every door saves by the same rules
    existing = {s.title.lower() for s in all_stories(ctx)}
    dupes = [s.title for s in new if s.title.lower() in existing]
    if dupes:
        raise story_csv.RowProblems([f"already in your bank: '{t}' (rename it or delete the old one first)"
                                     for t in dupes[:story_csv.MAX_PROBLEMS]],
                                    max(0, len(dupes) - story_csv.MAX_PROBLEMS), report["mapped"], report["unmapped"])
    cand = ctx.candidate()
    repo = ctx.repo()
    with repo.transaction() as conn:
        ids = [repo.add_story(conn, cand.id, s) for s in new]
        sync_cards(ctx, conn)
    ctx.changed()
    return {"imported": len(ids), "ids": ids, **report}


def check(ctx, story_id: int | None, wpm: int = 150) -> list[dict]:
    if not 80 <= wpm <= 250:
        raise InputError(f"the speaking rate must be between 80 and 250 words a minute, got {wpm}")
    cand, plan = _cand_plan(ctx)
    stories = [get(ctx, story_id)] if story_id is not None else all_stories(ctx)
    return [report(s, cand.target_level, ctx.env.today, wpm) for s in stories]


def report(s: Story, target_level: str, today: date, wpm: int = 150) -> dict:
    """Timing per STAR part and every finding with its evidence, for one story (saved or not)."""
    findings = sa.analyse(s, today, wpm, target_level=target_level)
    timing = [{"part": t.part, "words": t.words, "seconds": t.seconds, "target": list(t.target)}
              for t in sa.timings(s, wpm)]
    return {"id": s.id, "title": s.title, "wpm": wpm, "timing": timing, "findings": [asdict(f) for f in findings]}


def coverage(ctx) -> dict:
    cand, plan = _cand_plan(ctx)
    stories = all_stories(ctx)
    c = cov.compute(stories, plan.plan_id if plan else None, cand.target_level)
    return {"stories": c.stories, "portfolio_target": c.portfolio_target, "slots_filled": c.slots_filled,
            "slots_total": sum(r.minimum for r in c.rows), "covered": c.covered,
            "rows": [{**asdict(r), "count": r.count, "missing": r.missing} for r in c.rows],
            "matrix": {str(k): v for k, v in c.matrix.items()},
            "titles": {str(s.id): s.title for s in stories},
            "gaps": list(c.gaps), "warnings": list(c.warnings), "priority": list(cov.priority_lps(c))}


def match(ctx, question: str, limit: int = 5) -> dict:
    q = (question or "").strip()
    if not q:
        raise InputError("give a question or a principle id")
    if len(q) > 1000:
        raise InputError("the question is too long (at most 1000 characters)")
    if not matching.words(q):
        raise InputError("the question has no words to match; write it in words or give a principle id")
    stories = all_stories(ctx)
    lps, ranked = matching.rank(q, stories, limit)
    return {"question": q, "principles": lps, "matches": [asdict(m) for m in ranked], "stories": len(stories)}


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


def sync_cards(ctx, conn=None) -> dict:
    """Create missing cards, refresh texts, remove cards whose story is gone, then settle the schedule.
    Schedules are kept. Given `conn`, all of it happens inside the caller's transaction, so a story and its
    card are saved together or not at all; every read goes through that connection."""
    if conn is None:
        with ctx.repo().transaction() as own:
            out = sync_cards(ctx, own)
        ctx.changed()
        return out
    repo = ctx.repo()
    cand = repo.candidate(conn, ctx.candidate_id)
    # The cards are read before the stories. Under PostgreSQL's READ COMMITTED each statement sees what was
    # committed when it started, so a story whose card is listed here is also in the later story read
    # (read the other way round, a story and card committed in between would look like a stale card).
    have = {(r["kind"], r["ref"]): r["id"] for r in repo.fetch_in(conn, queries.CARD_REFS, cid=cand.id)}
    stories = [records.story_from_row(r) for r in repo.fetch_in(conn, queries.STORIES, cid=cand.id)]
    log = repo.fetch_in(conn, queries.LOG_ENTRIES, cid=cand.id, first=date(1970, 1, 1), last=date(9999, 12, 31))
    concepts = list(dict.fromkeys(e["title"] for e in log if e["kind"] == "concept" and e["title"]))
    problems = list(dict.fromkeys((e["title"], e["pattern"]) for e in log
                                  if e["kind"] == "coding" and e["title"] and e["task_id"] is None))
    wanted = wanted_cards(stories, concepts, problems)
    now = ctx.env.now()
    day = rv.study_day(now, cand.timezone, cand.day_start_hour)
    new_rows = []
    for (kind, ref), (prompt, answer) in sorted(wanted.items()):
        if (kind, ref) not in have:
            card = rv.new_card(card_id=zlib.crc32(f'{cand.id}:{kind}:{ref}'.encode()), now=now)
            new_rows.append({"kind": kind, "ref": ref, "prompt": prompt, "answer": answer, "fsrs": card.to_dict(),
                             "due": now, "due_day": day})
    stale = [cid for key, cid in have.items() if key[0] == "story" and key not in wanted]
    repo.add_cards(conn, cand.id, new_rows)
    for key, cid in have.items():
        if key in wanted and key[0] in ("lp", "story"):
            repo.update_card_text(conn, cand.id, cid, *wanted[key])
    repo.delete_cards(conn, cand.id, stale)
    if new_rows or stale:
        settle_cards(ctx, conn)    # a new card is never due after the interview's eve; the final plan
    return {"added": len(new_rows), "removed": len(stale), "total": len(wanted)}


def add_card_for_entry(ctx, entry: dict, conn) -> None:
    """A logged concept or practice problem gets its review card in the same transaction as the entry."""
    kind = {"concept": "concept", "coding": "problem"}.get(entry.get("kind"))
    if kind is None or not entry.get("title"):
        return
    repo = ctx.repo()
    cand = repo.candidate(conn, ctx.candidate_id)
    key = ("concept", entry["title"].lower()[:80]) if kind == "concept" else ("problem", entry["title"].lower()[:80])
    have = {(r["kind"], r["ref"]) for r in repo.fetch_in(conn, queries.CARD_REFS, cid=cand.id)}
    if key in have:
        return
    prompt, answer = wanted_cards([], [entry["title"]] if kind == "concept" else [],
                                  [(entry["title"], entry.get("pattern"))] if kind == "problem" else [])[key]
    now = ctx.env.now()
    card = rv.new_card(card_id=zlib.crc32(f"{cand.id}:{key[0]}:{key[1]}".encode()), now=now)
    repo.add_cards(conn, cand.id, [{"kind": key[0], "ref": key[1], "prompt": prompt, "answer": answer,
                                    "fsrs": card.to_dict(), "due": now,
                                    "due_day": rv.study_day(now, cand.timezone, cand.day_start_hour)}])
    settle_cards(ctx, conn)


def settle_cards(ctx, conn=None) -> None:
    from systemcraft.services.reviews import settle_cards as settle
    settle(ctx, conn)


def analyse_draft(ctx, story, wpm: int = 150) -> dict:
    """The story check for a story being written (not saved): same rules, same evidence, plus what
    still stops it from being saved (`problem`)."""
    from systemcraft.domain.stories import StoryError, validate
    problem = None
    try:
        story = validate(story)
    except StoryError as exc:
        problem = str(exc)
    view = report(story, ctx.candidate().target_level, ctx.env.today, wpm)
    return {**view, "problem": problem}
