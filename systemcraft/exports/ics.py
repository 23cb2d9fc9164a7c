"""The plan as an iCalendar file: one event per study session, in the candidate's time zone.

A session is a run of consecutive tasks of one category on one day (as the domain's Day.sessions). Its
UID says what it is, not where it sits in a list:

    <day>-<category>-<n>.<plan token>@systemcraft        e.g. 2026-11-23-coding-1.p3f9a0c21d7@systemcraft

where n counts that category's sessions on that day (1 for the first coding session, 2 for a second coding
run after, say, a behavioral one), and the plan token names the plan (see services/calendar_sync.py).
So a re-plan that keeps Tuesday's coding session keeps its UID even when other sessions around it move
or vanish; the event's SEQUENCE says whether what it shows changed. The export's memory of what it said
last (calendar_events) and the SEQUENCE/cancellation rules live in services/calendar_sync.py; this module
only turns tasks into sessions and sessions into the file.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from systemcraft.domain.plans import CATEGORY_NAMES
from systemcraft.exports.vtimezone import vtimezone

ALARM_MINUTES = 10


def zone(name: str):
    try:
        return ZoneInfo(name)
    except Exception:
        return ZoneInfo("UTC")


def _sessions(day_tasks):
    """Consecutive tasks of one category make one session, as in the domain's Day.sessions."""
    group = []
    for t in day_tasks:
        if group and group[-1].category != t.category:
            yield group
            group = []
        group.append(t)
    if group:
        yield group


@dataclass(frozen=True)
class Session:
    """One study session as the calendar shows it."""
    key: str                # "<day>-<category>-<n>": the UID without the plan token
    start: datetime         # aware, in the candidate's zone
    end: datetime
    title: str
    summary: str
    description: str

    def fingerprint(self) -> str:
        """A hash of everything the event shows (not DTSTAMP, which changes on every export)."""
        shown = [self.start.isoformat(), getattr(self.start.tzinfo, "key", str(self.start.tzinfo)),
                 self.end.isoformat(), self.summary, self.description, [self.title], ALARM_MINUTES]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


def plan_sessions(plan, tasks, weeks, tz) -> list[Session]:
    """The plan's study sessions, each starting at `plan.session_start` local time (the day's later
    sessions follow on), in day order."""
    hour, minute = (int(x) for x in plan.session_start.split(":"))
    by_day = defaultdict(list)
    for t in tasks:
        by_day[t.day].append(t)
    out = []
    for day in sorted(by_day):
        cursor = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        ordinals: dict[str, int] = defaultdict(int)
        for group in _sessions(sorted(by_day[day], key=lambda t: t.seq)):
            minutes = sum(t.minutes for t in group)
            category = group[0].category
            ordinals[category] += 1
            week = weeks.get(group[0].week)
            title = CATEGORY_NAMES.get(category, category)
            if any(t.checkpoint for t in group):
                title = f"Checkpoint {group[0].checkpoint}"
            lines = [f"Week {group[0].week}" + (f": {week.theme}" if week else "")]
            lines += [f"{t.day.isoformat()}.{t.seq}  {t.text} ({t.minutes} min)" for t in group]
            end = cursor + timedelta(minutes=minutes)
            out.append(Session(key=f"{day.isoformat()}-{category}-{ordinals[category]}", start=cursor, end=end,
                               title=title, summary=f"SystemCraft: {title} ({minutes} min)",
                               description="\n".join(lines)))
            cursor = end
    return out


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT to write: a live session, or a cancelled one (then only what was stored is known)."""
    uid: str
    sequence: int
    starts_at: datetime              # aware
    ends_at: datetime
    summary: str
    session: Session | None = None   # None: cancelled


def build_calendar(events: list[CalendarEvent], tz, now: datetime) -> bytes:
    """The .ics file. DTSTAMP is `now` (the environment's clock); times are local to `tz`, described by
    a VTIMEZONE every common client reads (exports/vtimezone.py)."""
    cal = Calendar()
    cal.add("prodid", "-//SystemCraft//study plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "SystemCraft study plan")
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    if events:
        cal.add_component(vtimezone(tz, min(e.starts_at for e in events), max(e.ends_at for e in events)))
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("sequence", e.sequence)
        s = e.session
        if s is None:
            ev.add("dtstart", e.starts_at.astimezone(tz))
            ev.add("dtend", e.ends_at.astimezone(tz))
            ev.add("summary", e.summary)
            ev.add("status", "CANCELLED")       # no alarm: a cancelled session must not ring
        else:
            ev.add("dtstart", s.start)
            ev.add("dtend", s.end)
            ev.add("summary", s.summary)
            ev.add("status", "CONFIRMED")
            ev.add("description", s.description)
            ev.add("categories", [s.title])
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{s.title} in {ALARM_MINUTES} minutes")
            alarm.add("trigger", timedelta(minutes=-ALARM_MINUTES))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()
