"""A calendar that follows the plan (issue 13 §7): the .ics export remembers what it said last.

Each study session's UID comes from what it is: its day, its category, which of that category's sessions
on that day it is, and the plan (exports/ics.py). The plan part is a token made once, at the plan's first
export, and read back from the stored UIDs afterwards, so it survives `plan regenerate` and an export/import
into a new home (plan ids change there, the stored UIDs do not). Its inputs include the clock, so a plan
re-created in a fresh home does not reuse the UIDs an older calendar already holds at a higher SEQUENCE.

calendar_events holds, per UID, what the last export showed (a fingerprint of the event, its times and
summary), its SEQUENCE and whether it was cancelled. Each export compares the plan's sessions with it:

- a session that is new gets SEQUENCE 0;
- a session whose event shows the same thing keeps its SEQUENCE;
- a session whose event changed (time, length, title, description), or that comes back after being
  cancelled, gets SEQUENCE + 1;
- a session that was in the last export but is gone (a blackout, a lighter week, an earlier interview, a
  new plan from `init --force`) is written as STATUS:CANCELLED with SEQUENCE + 1, and stays in every later
  export as cancelled (same SEQUENCE), so a calendar that missed one export still learns of it.

The state and the file move together. Everything happens in one transaction, and the file is written
(atomically: temporary file, fsync, rename) *before* the transaction commits: if the file cannot be written
the transaction rolls back and the state has not advanced, so the next export says the same thing again.
The only other order would let a failed file write leave the state ahead of every file the calendar saw.
What remains is a commit that fails after the rename: then the file is ahead of the state, and the next
export recomputes the same SEQUENCE numbers for the same content, which a calendar treats as no change.
The plan's row is locked first (a no-op UPDATE, which also takes SQLite's write lock before the reads), so
two exports at once (a CLI export and a web download) run one after the other.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path

from systemcraft.exports.files import write_atomic
from systemcraft.exports.ics import CalendarEvent, Session, build_calendar, plan_sessions, zone

UID_DOMAIN = "systemcraft"
_TOKEN = re.compile(r"^p[0-9a-f]{10}$")


def uid_for(session: Session, token: str) -> str:
    return f"{session.key}.{token}@{UID_DOMAIN}"


def token_of(uid: str) -> str | None:
    token = uid.split("@", 1)[0].rsplit(".", 1)[-1]
    return token if _TOKEN.match(token) else None


def plan_token(plan, candidate, stored: list[dict], now) -> str:
    """The plan's part of every UID: the one its earlier exports used, else a new one."""
    for row in stored:
        if row["plan_id"] == plan.id and (token := token_of(row["uid"])):
            return token
    seed = f"{candidate.id}|{candidate.name}|{plan.id}|{plan.start_date}|{plan.interview_date}|{now.isoformat()}"
    return "p" + hashlib.sha256(seed.encode()).hexdigest()[:10]


@dataclass
class Reconciled:
    events: list[CalendarEvent] = field(default_factory=list)   # what the file says, in time order
    inserts: list[dict] = field(default_factory=list)           # new calendar_events rows
    updates: list[dict] = field(default_factory=list)           # changed rows (by plan_id + uid)


def reconcile(plan_id: int, token: str, sessions: list[Session], stored: list[dict]) -> Reconciled:
    """Compare the plan's sessions with what the last export said (`stored`: the candidate's
    calendar_events rows, every plan). Pure: the caller writes the result."""
    out = Reconciled()
    previous = {(r["plan_id"], r["uid"]): r for r in stored}
    live = set()
    for s in sessions:
        uid = uid_for(s, token)
        live.add((plan_id, uid))
        fp = s.fingerprint()
        row = dict(plan_id=plan_id, uid=uid, fingerprint=fp, cancelled=False,
                   starts_at=s.start.astimezone(timezone.utc), ends_at=s.end.astimezone(timezone.utc),
                   summary=s.summary)
        old = previous.get((plan_id, uid))
        if old is None:
            sequence = 0
            out.inserts.append({**row, "sequence": sequence})
        elif old["cancelled"] or old["fingerprint"] != fp:
            sequence = old["sequence"] + 1
            out.updates.append({**row, "sequence": sequence})
        else:
            sequence = old["sequence"]
        out.events.append(CalendarEvent(uid, sequence, s.start, s.end, s.summary, s))
    for key, old in previous.items():
        if key in live:
            continue
        sequence = old["sequence"]
        if not old["cancelled"]:
            sequence += 1
            out.updates.append({**old, "sequence": sequence, "cancelled": True})
        out.events.append(CalendarEvent(old["uid"], sequence, old["starts_at"], old["ends_at"], old["summary"]))
    out.events.sort(key=lambda e: (e.starts_at, e.uid))
    return out


def export_ics(ctx, target: Path) -> int:
    """Write the plan's calendar to `target` and remember what it said; returns the number of (live)
    study sessions."""
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    reader = ctx.reader()
    # From the plan's first day: a re-plan moves effective_start to today, but the days before it (and
    # the sessions the calendar already shows for them) stay in the plan.
    first = min(plan.start_date, plan.effective_start)
    rows = reader.tasks_between(plan, first, plan.interview_date)
    weeks = {w.number: w for w in reader.weeks(plan)}
    tz = zone(cand.timezone)
    sessions = plan_sessions(plan, rows, weeks, tz)
    now = ctx.env.now()
    repo = ctx.repo()
    with repo.transaction() as conn:
        repo.lock_calendar(conn, cand.id, plan.id)
        stored = repo.calendar_events(conn, cand.id)
        result = reconcile(plan.id, plan_token(plan, cand, stored, now), sessions, stored)
        repo.save_calendar_events(conn, cand.id, result.inserts, result.updates)
        write_atomic(target, build_calendar(result.events, tz, now))   # before the commit: see above
    return len(sessions)
