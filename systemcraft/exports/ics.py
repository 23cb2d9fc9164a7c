"""The plan as an iCalendar file: one event per study session, in the candidate's time zone."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from systemcraft.domain.plans import CATEGORY_NAMES


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


def build_calendar(plan, tasks, weeks, tz_name: str, now: datetime) -> tuple[bytes, int]:
    try:
        tz = ZoneInfo(tz_name)
    except Exception:
        tz = ZoneInfo("UTC")
    cal = Calendar()
    cal.add("prodid", "-//SystemCraft//study plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "SystemCraft study plan")
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    hour, minute = (int(x) for x in plan.session_start.split(":"))
    by_day = defaultdict(list)
    for t in tasks:
        by_day[t.day].append(t)
    count = 0
    for day in sorted(by_day):
        cursor = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        for index, group in enumerate(_sessions(sorted(by_day[day], key=lambda t: t.seq)), start=1):
            minutes = sum(t.minutes for t in group)
            category = group[0].category
            week = weeks.get(group[0].week)
            ev = Event()
            ev.add("uid", f"plan{plan.id}-{day.isoformat()}-{index}@systemcraft")
            ev.add("dtstamp", stamp)
            ev.add("dtstart", cursor)
            ev.add("dtend", cursor + timedelta(minutes=minutes))
            title = CATEGORY_NAMES.get(category, category)
            if any(t.checkpoint for t in group):
                title = f"Checkpoint {group[0].checkpoint}"
            ev.add("summary", f"SystemCraft: {title} ({minutes} min)")
            lines = [f"Week {group[0].week}" + (f": {week.theme}" if week else "")]
            lines += [f"{t.day.isoformat()}.{t.seq}  {t.text} ({t.minutes} min)" for t in group]
            ev.add("description", "\n".join(lines))
            ev.add("categories", [title])
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{title} in 10 minutes")
            alarm.add("trigger", timedelta(minutes=-10))
            ev.add_component(alarm)
            cal.add_component(ev)
            cursor += timedelta(minutes=minutes)
            count += 1
    cal.add_missing_timezones()
    return cal.to_ical(), count
