"""The review queue: what is due today, answering a card, the day's share, the final two weeks.

The rules are in domain/review.py; this module reads the cards, applies the rules and stores what moved.
It is kept apart from the story bank so that `systemcraft review` loads no story analysis.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta, timezone

from systemcraft.domain import review as rv
from systemcraft.domain.wording import counted, plural
from systemcraft.errors import ConflictError, DataError, InputError, NotFoundError
from systemcraft.store import queries, records


def _review_state(ctx, cand=None, today_only: bool = False):
    """The candidate, the active plan, the instant, the study day and every card (not suspended).

    `today_only` (today's queue): before the final two weeks, a card's place depends only on its FSRS state
    and the interview date, and every change of those stores it settled (an answer; a re-plan settles every
    card), so only the cards stored as due, stored past the interview's eve or answered today can be served,
    counted or moved; the others are not read (5,000 cards: ~20 read instead of all)."""
    cand = cand or ctx.candidate()
    plan = ctx.reader().active_plan(cand.id)
    now = ctx.env.now()
    today = rv.study_day(now, cand.timezone, cand.day_start_hour)
    final_from = plan.interview_date - timedelta(days=rv.FINAL_DAYS) if plan else None
    if today_only and (final_from is None or today < final_from):
        rows = ctx.reader().fetch(queries.CARDS_FOR_TODAY, cid=cand.id, no=False, horizon=today + timedelta(days=1),
                                  eve=rv.interview_eve(plan.interview_date) if plan else date.max,
                                  since=rv.day_start(today, cand.timezone, cand.day_start_hour))
    else:
        rows = ctx.reader().fetch(queries.CARDS, cid=cand.id, no=False)
    cards = [records.card_from_row(r) for r in rows]
    return cand, plan, now, today, cards


def _fsrs(card):
    return _card_type().from_dict(card.fsrs)


def _card_type():
    """fsrs.Card, imported once (an import statement per card cost 5 ms over 5,000 cards)."""
    global _CARD
    if _CARD is None:
        from fsrs import Card
        _CARD = Card
    return _CARD


_CARD = None


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


def settle_cards(ctx, conn=None) -> None:
    """Put every card where the review rules say (nothing due after the interview's eve; the final plan).
    Given `conn`, the cards are read and moved inside the caller's transaction."""
    if conn is None:
        with ctx.repo().transaction() as own:
            settle_cards(ctx, own)
        ctx.changed()
        return
    repo = ctx.repo()
    cand = repo.candidate(conn, ctx.candidate_id)
    plan = repo.active_plan(cand.id, conn)
    now = ctx.env.now()
    cards = [records.card_from_row(r) for r in repo.fetch_in(conn, queries.CARDS, cid=cand.id, no=False)]
    if not cards:
        return
    moved = _moved(cards, _settle(cand, plan, now, cards, {c.id: _fsrs(c) for c in cards}))
    repo.set_card_dues(conn, cand.id, moved)


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
            "interview date.")       # each surface says where: the CLI its command (cli/hints.py), the web a link


def _answers_since(ctx, cand, today: date, conn=None) -> int:
    """Answers given on the study day `today` (the review log; undone answers are gone from it)."""
    since = rv.day_start(today, cand.timezone, cand.day_start_hour)
    if conn is not None:
        return ctx.repo().fetch_in(conn, queries.REVIEWS_SINCE, cid=cand.id, since=since)[0]["n"] or 0
    return ctx.reader().fetch(queries.REVIEWS_SINCE, cid=cand.id, since=since)[0]["n"] or 0


def _limit_words(cap: int, answer_cap: int) -> str:
    return (f"Up to {counted(cap, 'card')} a day and {counted(answer_cap, 'answer')} in all: a card you are "
            "still learning comes back after a few minutes, and each return is an answer.")


def _finished(queue: rv.DayQueue) -> str:
    """Why nothing is served now (on a study day, reviews not paused): the one sentence for every surface."""
    if queue.answers_left == 0:
        waiting = len(queue.due)
        return (f"Today's reviews are done: {counted(queue.answers, 'answer')} given, the most in a day."
                + (f" {counted(waiting, 'due card')} {plural(waiting, 'waits', 'wait')} for your next study day."
                   if waiting else ""))
    if queue.left == 0:
        waiting = len(queue.due) - queue.later_today
        later = queue.later_today
        return (f"Today's share is done: {counted(queue.done_today, 'card')} reviewed today, the most in a day."
                + (f" {counted(later, 'card')} you are still learning {plural(later, 'comes', 'come')} back "
                   "later today." if later else "")
                + (f" {counted(waiting, 'more due card')} {plural(waiting, 'waits', 'wait')} for your next "
                   "study day." if waiting else ""))
    if queue.later_today:
        return (f"{counted(queue.later_today, 'card')} you are still learning "
                f"{plural(queue.later_today, 'comes', 'come')} back later today.")
    return "Nothing left to review today."


def due(ctx, limit: int | None = None) -> dict:
    """Today's queue: what is due, what today's share and answers (across sessions) still allow, and in
    the final two weeks the plan and its forecast for the interview day."""
    if limit is not None and limit < 0:
        raise InputError(f"the limit must be a number of cards (0 or more), got {limit}")
    cand, plan, now, today, cards = _review_state(ctx, today_only=True)
    cap = rv.daily_cap()
    answer_cap = rv.ANSWERS_PER_DAY
    answers = _answers_since(ctx, cand, today)
    states = {c.id: _fsrs(c) for c in cards}
    stored = [rv.Stored(c.id, c.kind, states[c.id]) for c in cards]
    settlement = _settle(cand, plan, now, cards, states)
    moved = _moved(cards, settlement)
    if moved:
        try:
            repo = ctx.repo()
            with repo.transaction() as conn:
                repo.set_card_dues(conn, cand.id, moved)
            ctx.changed()
        except DataError:
            pass        # a read-only home still lists: the view below is computed, not read back
    place = settlement.placements
    queue = rv.day_queue(stored, settlement, now, cand.timezone, cand.day_start_hour, cap, answers, answer_cap)
    paused = _pause_message(plan, today)
    rest = plan is not None and today.weekday() not in plan.weekdays
    by_id = {c.id: c for c in cards}
    take = [] if rest or paused else list(queue.serve)[:limit or None]
    outlook = None
    if settlement.final is not None and not paused:
        outlook = rv.forecast(stored, plan.interview_date, now, cand.timezone, cand.day_start_hour, plan.weekdays,
                              cap)
    limited = (queue.left == 0 and not queue.repeats) or queue.answers_left == 0
    return {"day": today, "due": len(queue.due), "cap": cap, "done_today": queue.done_today,
            "left_today": queue.left, "share_done": limited and not paused and not rest,
            "answer_cap": answer_cap, "answers_today": answers, "answers_left": queue.answers_left,
            "status": (f"{queue.done_today} of up to {counted(cap, 'card')} and {answers} of up to "
                       f"{counted(answer_cap, 'answer')} today"),
            "limit": _limit_words(cap, answer_cap),
            "finished": None if paused or rest or queue.serve else _finished(queue),
            "undo": _undoable(ctx, cand, today),
            "later_today": queue.later_today, "rest_day": rest, "paused": paused is not None, "message": paused,
            "cards": [replace(by_id[i], due=place[i].due, due_day=place[i].due_day) for i in take],
            "retention": rv.desired_retention((plan.interview_date - today).days if plan else 999),
            "final": _final_view(settlement.final, outlook)}


def answer(ctx, card_id: int, rating: str, duration_ms: int | None = None) -> dict:
    """Grade a card: FSRS, then the review rules (nothing after the eve; the final plan) for every card.
    A second answer seconds after the first, to a card no longer due, records nothing (`duplicate`)."""
    cand, plan, now, today, cards = _review_state(ctx)
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
    answers = _answers_since(ctx, cand, today)
    _within_limits(before.done_today, before.last_days.get(card.id) == today, answers)
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
    # The one rule for the day's review task, on every surface: it is done when this answer leaves nothing
    # of today's share to serve now (cards that come back later today do not hold it open).
    left = rv.day_queue([rv.Stored(c.id, c.kind, states[c.id]) for c in cards], after, now, cand.timezone,
                        cand.day_start_hour, rv.daily_cap(), answers + 1)
    task = _todays_review_task(ctx, plan) if not left.serve else None
    repo = ctx.repo()
    task_done = False
    previous = {"fsrs": card.fsrs, "due": _utc_text(card.due), "due_day": card.due_day.isoformat()}
    with repo.transaction() as conn:
        # counted again inside the write, after taking the candidate's row: an answer given meanwhile in
        # another window counts too, and one being given now waits for this one to commit (PostgreSQL)
        repo.lock_candidate(conn, cand.id)
        _within_limits(before.done_today, True, _answers_since(ctx, cand, today, conn))
        recorded = repo.record_review(conn, cand.id, card.id, int(rv.RATINGS[rating]), now, duration_ms, card.due,
                                      outcome.card.to_dict(), mine.due, mine.due_day, previous)
        if recorded:
            repo.set_card_dues(conn, cand.id, _moved(cards, after, skip=card.id))
            if task is not None:
                task_done = _tick(repo, conn, cand, task, rv.day_start(today, cand.timezone, cand.day_start_hour))
            if task_done:       # undo plans the task again only while it stays as this answer left it
                ticked = repo.task_completed_at(conn, cand.id, task.id)
                repo.set_review_previous(conn, cand.id, recorded, {**previous, "task": {
                    "id": task.id, "completed_at": _utc_text(ticked) if ticked else None}})
    ctx.changed()
    if not recorded:
        return _duplicate(card_id, rating, card)
    planned = after.final is not None and card.id in after.final.due and mine.rank < 2
    return {"card": card_id, "rating": rating, "due": mine.due.isoformat(), "due_day": mine.due_day,
            "moved_from": outcome.moved_from if not planned and not mine.rests else None,
            "rests": mine.rests, "planned": planned, "duplicate": False, "task_done": task_done}


def _within_limits(done_today: int, answered_today: bool, answers: int) -> None:
    """Refuse an answer the day's limits do not allow (rule 3 of domain/review.py), on every surface."""
    if answers >= rv.ANSWERS_PER_DAY:
        raise InputError(f"today's reviews are done: {rv.ANSWERS_PER_DAY} answers given, the most in a day; "
                         "this card waits for your next study day")
    if not answered_today and done_today >= rv.daily_cap():
        raise InputError(f"today's share is done: {rv.daily_cap()} cards reviewed, the most in a day; "
                         "this card waits for your next study day")


def _undoable(ctx, cand, today: date) -> dict | None:
    """The last answer, if it can be undone now (given today, recorded with what it changed)."""
    last = ctx.reader().fetch(queries.LAST_REVIEW, cid=cand.id)
    if not last or last[0]["previous"] is None:
        return None
    r = last[0]
    if rv.study_day(records.as_datetime(r["reviewed_at"]), cand.timezone, cand.day_start_hour) != today:
        return None
    return {"card": r["card_id"], "prompt": r["prompt"], "rating": _RATING_NAMES.get(r["rating"], str(r["rating"]))}


_RATING_NAMES = {v: k for k, v in rv.RATINGS.items()}


def _utc_text(instant) -> str:
    """An instant as stored JSON text: ISO 8601 in UTC, whichever driver read it."""
    return instant.astimezone(timezone.utc).isoformat()


def undo_answer(ctx, card_id: int | None = None) -> dict:
    """Take back the last answer given today: the card gets back its FSRS state, due instant and due day,
    the answer's review row goes, and if the answer ticked the day's review task, the task is planned again
    (without the practice it logged) — in one transaction. Called again, it takes back the one before.
    With `card_id` (the card a page showed as the last answer), a last answer to another card — given
    meanwhile in another window — is not undone."""
    cand = ctx.candidate()
    now = ctx.env.now()
    today = rv.study_day(now, cand.timezone, cand.day_start_hour)
    last = ctx.reader().fetch(queries.LAST_REVIEW, cid=cand.id)
    if not last:
        raise NotFoundError("nothing to undo: no card has been answered yet")
    r = last[0]
    if card_id is not None and r["card_id"] != card_id:
        raise ConflictError("your last answer is now to another card (given in another window or command); "
                            "nothing was undone: reload the page to see it")
    rating = _RATING_NAMES.get(r["rating"], str(r["rating"]))
    previous = records.as_json(r["previous"]) if r["previous"] is not None else None
    if not isinstance(previous, dict):
        raise InputError(f"your last answer ({rating}, to card {r['card_id']}) was recorded before undo existed; "
                         "it cannot be undone")
    given = rv.study_day(records.as_datetime(r["reviewed_at"]), cand.timezone, cand.day_start_hour)
    if given != today:
        raise InputError(f"your last answer was given on {given.isoformat()}; only answers given today can be "
                         "undone")
    tick = previous.get("task") or {}
    ticked_at = records.as_datetime(tick["completed_at"]) if tick.get("completed_at") else None
    repo = ctx.repo()
    with repo.transaction() as conn:
        undone, reopened = repo.undo_review(
            conn, cand.id, r["id"], r["card_id"], records.as_datetime(r["reviewed_at"]), previous["fsrs"],
            records.as_datetime(previous["due"]), records.as_date(previous["due_day"]), tick.get("id"), ticked_at)
        if not undone:
            raise ConflictError("that answer changed a moment ago (in another window or command); nothing was undone")
    ctx.changed()
    return {"card": r["card_id"], "prompt": r["prompt"], "rating": rating, "due": previous["due"],
            "due_day": records.as_date(previous["due_day"]), "task_reopened": reopened}


def _todays_review_task(ctx, plan):
    """Today's review task while it is still planned (None on a day without one, or once recorded)."""
    if plan is None:
        return None
    today = ctx.env.today
    return next((t for t in ctx.reader().tasks_between(plan, today, today)
                 if t.kind == "review" and t.status == "planned"), None)


def _tick(repo, conn, cand, task, since) -> bool:
    """Mark the review task done with the time the day's answers took (at least a minute; the planned
    minutes when no answer was timed), and log it, in the answer's transaction."""
    from systemcraft.services import logbook
    ms = repo.fetch_in(conn, queries.REVIEW_TIME_SINCE, cid=cand.id, since=since)[0]["ms"] or 0
    minutes = min(720, max(1, round(ms / 60_000))) if ms else task.minutes
    if not repo.set_task_status(conn, cand.id, task.id, "done", minutes, None, None, only_from=("planned",)):
        return False                      # recorded meanwhile by hand: leave it as it is
    repo.add_log(conn, cand.id, **logbook.entry_for_task(task, minutes))
    return True


def _duplicate(card_id: int, rating: str, card) -> dict:
    return {"card": card_id, "rating": rating, "due": card.due.isoformat(), "due_day": card.due_day,
            "moved_from": None, "rests": False, "planned": False, "duplicate": True,
            "message": f"card {card_id} was answered seconds ago; this second answer was not recorded"}


def set_day_start(ctx, hour: int) -> None:
    if not 0 <= hour <= 12:
        raise InputError("the day start must be an hour from 0 to 12 (e.g. 4 for 04:00)")
    cand = ctx.candidate()
    repo = ctx.repo()
    with repo.transaction() as conn:
        repo.set_day_start(conn, cand.id, hour)
    ctx.changed()
