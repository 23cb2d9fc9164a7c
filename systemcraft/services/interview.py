"""After the interview (issue 13 §6): record how it went. A new date is set with `plan regenerate --interview`.

An outcome belongs to the interview date it was recorded for (the plan's date then), so a later plan with a
new date starts with no outcome. Several outcomes may be recorded for one date (waiting, then an offer): the
latest is the one shown. The latest one sent again as it is (a double submit, a form re-sent after Back) is not
stored twice.
"""

from __future__ import annotations

from datetime import date

from systemcraft.domain.wording import counted
from systemcraft.errors import InputError
from systemcraft.store import queries, records

OUTCOMES = ("offer", "no_offer", "waiting", "postponed", "withdrew")
LABELS = {"offer": "an offer", "no_offer": "no offer", "waiting": "waiting to hear", "postponed": "postponed",
          "withdrew": "withdrew"}
MAX_NOTE = 2000


def check_outcome(outcome: str) -> str:
    value = (outcome or "").strip()
    if value not in OUTCOMES:
        shown = value[:40] or "(empty)"
        raise InputError(f"unknown outcome '{shown}': use one of {', '.join(OUTCOMES)}")
    return value


def check_note(note: str | None) -> str | None:
    """Newlines are kept (a Windows or browser CRLF becomes one newline); too long is refused, never cut."""
    if note is None:
        return None
    from systemcraft.services.planning import clean_text
    text = note.replace("\r\n", "\n").replace("\r", "\n")
    return clean_text(text, "the note", MAX_NOTE, required=False) or None


def check_date(interview: date, today: date) -> None:
    if today < interview:
        left = (interview - today).days
        raise InputError(f"your interview is on {interview.isoformat()}, {counted(left, 'day')} from now: "
                         "record its outcome on or after that day")


def record(ctx, outcome: str, note: str | None) -> dict:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    outcome = check_outcome(outcome)
    note = check_note(note)
    check_date(plan.interview_date, ctx.env.today)
    repo = ctx.repo()
    with repo.transaction() as conn:
        mine = [r for r in repo.fetch_in(conn, queries.INTERVIEW_OUTCOMES, cid=cand.id)
                if records.as_date(r["interview_date"]) == plan.interview_date]
        if mine and (mine[-1]["outcome"], mine[-1]["notes"]) == (outcome, note):
            oid = mine[-1]["id"]                  # the same outcome again: it is recorded already
        else:
            oid = repo.add_interview_outcome(conn, cand.id, plan.id, plan.interview_date, outcome, note)
    ctx.changed()
    return next(o for o in history(ctx) if o["id"] == oid)


def history(ctx) -> list[dict]:
    """Every outcome recorded, oldest first."""
    cand = ctx.candidate()
    rows = ctx.reader().fetch(queries.INTERVIEW_OUTCOMES, cid=cand.id)
    return [_view(ctx, r) for r in rows]


def latest_for(ctx, cand, interview: date) -> dict | None:
    """The latest outcome recorded for this interview date, or None."""
    rows = ctx.reader().fetch(queries.INTERVIEW_OUTCOMES, cid=cand.id)
    mine = [r for r in rows if records.as_date(r["interview_date"]) == interview]
    return _view(ctx, mine[-1]) if mine else None


def _view(ctx, r: dict) -> dict:
    at = records.as_datetime(r["recorded_at"])
    return {"id": r["id"], "interview_date": records.as_date(r["interview_date"]), "outcome": r["outcome"],
            "label": LABELS.get(r["outcome"], r["outcome"]), "notes": r["notes"], "recorded_at": at,
            "recorded_on": _local_day(at, ctx.env.timezone)}


def _local_day(at, tz: str) -> date:
    try:
        from zoneinfo import ZoneInfo
        return at.astimezone(ZoneInfo(tz)).date()
    except Exception:       # an unknown zone name: the UTC date
        return at.date()
