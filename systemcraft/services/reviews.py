"""The review queue: what is due today, answering a card, the day's share, the final two weeks.

The rules are in domain/review.py; this module reads the cards, applies the rules and stores what moved.
It is kept apart from the story bank so that `systemcraft review` loads no story analysis.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from systemcraft.domain import review as rv
from systemcraft.errors import DataError, InputError, NotFoundError
from systemcraft.store import queries, records


def _review_state(ctx, cand=None):
    """The candidate, the active plan, the instant, the study day and every card (not suspended)."""
    cand = cand or ctx.candidate()
    plan = ctx.reader().active_plan(cand.id)
    now = ctx.env.now()
    today = rv.study_day(now, cand.timezone, cand.day_start_hour)
    cards = [records.card_from_row(r) for r in ctx.reader().fetch(queries.CARDS, cid=cand.id, no=False)]
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
            f"interview date (systemcraft plan regenerate --interview DATE, or Settings).")


def due(ctx, limit: int | None = None) -> dict:
    """Today's queue: what is due, what today's share (across sessions) still allows, and in the final
    two weeks the plan and its forecast for the interview day."""
    if limit is not None and limit < 0:
        raise InputError(f"the limit must be a number of cards (0 or more), got {limit}")
    cand, plan, now, today, cards = _review_state(ctx)
    cap = rv.daily_cap()
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
                        cand.day_start_hour, rv.daily_cap())
    task = _todays_review_task(ctx, plan) if not left.serve else None
    repo = ctx.repo()
    task_done = False
    with repo.transaction() as conn:
        recorded = repo.record_review(conn, cand.id, card.id, int(rv.RATINGS[rating]), now, duration_ms, card.due,
                                      outcome.card.to_dict(), mine.due, mine.due_day)
        if recorded:
            repo.set_card_dues(conn, cand.id, _moved(cards, after, skip=card.id))
            if task is not None:
                task_done = _tick(repo, conn, cand, task, rv.day_start(today, cand.timezone, cand.day_start_hour))
    ctx.changed()
    if not recorded:
        return _duplicate(card_id, rating, card)
    planned = after.final is not None and card.id in after.final.due and mine.rank < 2
    return {"card": card_id, "rating": rating, "due": mine.due.isoformat(), "due_day": mine.due_day,
            "moved_from": outcome.moved_from if not planned and not mine.rests else None,
            "rests": mine.rests, "planned": planned, "duplicate": False, "task_done": task_done}


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
