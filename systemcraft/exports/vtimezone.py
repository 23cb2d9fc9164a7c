"""A VTIMEZONE every common calendar client reads, built from the zone's current rules.

`icalendar`'s own `add_missing_timezones` / `Timezone.from_tzinfo` list every transition since 1970 in
one comma-separated RDATE line per component. RFC 5545 allows that, but Mozilla's ical.js (Thunderbird)
reads only the first value of an RDATE property, so after the first transition it keeps the old offset
and places events an hour off; Outlook is also known to mishandle RDATE-only zones.

So the zone is described the way Thunderbird, Outlook and Google describe their own: one STANDARD and one
DAYLIGHT component with a yearly RRULE, taken from the POSIX TZ string at the end of the zone's TZif file
(the rule the zone follows "from now on"). The rule is checked against the zone itself over every year the
calendar touches; when it does not reproduce the zone's real offsets there (the rules changed in that
span, or the string uses a form an RRULE cannot say), the zone is written with one RDATE per line instead,
listing only the transitions in that span.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
_POSIX = re.compile(rf"^(?P<std>{_NAME})(?P<stdoff>{_OFFSET})"
                    rf"(?:(?P<dst>{_NAME})(?P<dstoff>{_OFFSET})?,(?P<start>[^,]+),(?P<end>[^,]+))?$")
_MONTH_RULE = re.compile(rf"^M(?P<month>\d{{1,2}})\.(?P<week>[1-5])\.(?P<weekday>[0-6])(?:/(?P<time>{_OFFSET}))?$")
_BYDAY = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")     # POSIX weekday numbers: 0 = Sunday


@dataclass(frozen=True)
class _Rule:
    """A POSIX `Mm.w.d/time` rule: the w-th (5 = last) weekday d of month m, at `time` local time."""
    month: int
    week: int
    weekday: int
    time: timedelta

    def day(self, year: int) -> date:
        first = date(year, self.month, 1)
        day = first + timedelta(days=(self.weekday - 1 - first.weekday()) % 7 + 7 * (self.week - 1))
        while day.month != self.month:          # week 5 means "the last one"
            day -= timedelta(days=7)
        return day

    def local(self, year: int) -> datetime:
        return datetime.combine(self.day(year), datetime.min.time()) + self.time

    def rrule(self) -> dict:
        return {"freq": "yearly", "bymonth": self.month,
                "byday": f"{-1 if self.week == 5 else self.week}{_BYDAY[self.weekday]}"}


@dataclass(frozen=True)
class _Posix:
    std_name: str
    std_offset: timedelta
    dst_name: str | None = None
    dst_offset: timedelta | None = None
    dst_start: _Rule | None = None       # when the "dst" offset begins, in standard local time
    dst_end: _Rule | None = None         # when it ends, in "dst" local time


def _seconds(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def parse_posix(text: str) -> _Posix | None:
    """The POSIX TZ string (RFC 8536 §3.3) as offsets and rules, or None for forms an RRULE cannot say."""
    m = _POSIX.match(text.strip())
    if not m:
        return None
    name = lambda s: s.strip("<>")
    std_offset = -_seconds(m["stdoff"])      # POSIX offsets count hours west of Greenwich
    if not m["dst"]:
        return _Posix(name(m["std"]), std_offset)
    rules = []
    for part in (m["start"], m["end"]):
        r = _MONTH_RULE.match(part)
        if not r:
            return None                     # Jn / n day-of-year forms: not used by common zones
        at = _seconds(r["time"]) if r["time"] else timedelta(hours=2)
        if not timedelta(0) <= at < timedelta(hours=24):
            return None                     # e.g. "/-1" or "/25": not an RRULE on that weekday
        rules.append(_Rule(int(r["month"]), int(r["week"]), int(r["weekday"]), at))
    dst_offset = -_seconds(m["dstoff"]) if m["dstoff"] else std_offset + timedelta(hours=1)
    return _Posix(name(m["std"]), std_offset, name(m["dst"]), dst_offset, rules[0], rules[1])


def _tzif_footer(key: str) -> str | None:
    """The POSIX TZ string at the end of the zone's TZif file, found where zoneinfo finds it."""
    if not key or ".." in key.split("/"):
        return None
    data = None
    for root in zoneinfo.TZPATH:
        path = Path(root) / key
        if path.is_file():
            data = path.read_bytes()
            break
    if data is None:
        try:
            from importlib import resources
            data = resources.files("tzdata").joinpath("zoneinfo", *key.split("/")).read_bytes()
        except (ImportError, OSError, ValueError):
            return None
    if not data.startswith(b"TZif") or data[4:5] < b"2" or not data.endswith(b"\n"):
        return None
    footer = data[:-1].rsplit(b"\n", 1)[-1]
    try:
        return footer.decode("ascii") or None
    except UnicodeDecodeError:
        return None


def _offset_at(tz, instant: datetime) -> timedelta:
    return instant.astimezone(tz).utcoffset() or timedelta(0)


def _transitions(tz, first: datetime, last: datetime) -> list[tuple[datetime, timedelta, timedelta]]:
    """Every change of UTC offset in [first, last): (UTC instant, offset before, offset after)."""
    out = []
    step = timedelta(days=1)
    t, before = first, _offset_at(tz, first)
    while t < last:
        nxt = min(t + step, last)
        after = _offset_at(tz, nxt)
        if after != before:
            lo, hi = t, nxt                  # the change lies in (lo, hi]: narrow it to the second
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if mid <= lo:
                    break
                if _offset_at(tz, mid) == before:
                    lo = mid
                else:
                    hi = mid
            out.append((hi, before, after))
        t, before = nxt, after
    return out


def _rule_transitions(p: _Posix, first: datetime, last: datetime) -> list[tuple[datetime, timedelta, timedelta]]:
    out = []
    for year in range(first.year - 1, last.year + 2):
        start = (p.dst_start.local(year) - p.std_offset).replace(tzinfo=timezone.utc)
        end = (p.dst_end.local(year) - p.dst_offset).replace(tzinfo=timezone.utc)
        out += [(start, p.std_offset, p.dst_offset), (end, p.dst_offset, p.std_offset)]
    return sorted(x for x in out if first <= x[0] < last)


def _component(is_dst: bool, name: str, start: datetime, offset_from: timedelta, offset_to: timedelta):
    comp = TimezoneDaylight() if is_dst else TimezoneStandard()
    comp.add("dtstart", start)
    comp.add("tzoffsetfrom", offset_from)
    comp.add("tzoffsetto", offset_to)
    comp.add("tzname", name)
    return comp


def _from_rules(tzid: str, p: _Posix, year: int) -> Timezone:
    vtz = Timezone()
    vtz.add("tzid", tzid)
    if p.dst_start is None:
        vtz.add_component(_component(False, p.std_name, datetime(1970, 1, 1), p.std_offset, p.std_offset))
        return vtz
    phases = ((p.dst_start, p.std_offset, p.dst_offset, p.dst_name),
              (p.dst_end, p.dst_offset, p.std_offset, p.std_name))
    for rule, offset_from, offset_to, name in phases:
        # "Daylight" is the phase with the larger offset (Europe/Dublin's rules say it the other way round).
        comp = _component(offset_to > offset_from, name, rule.local(year), offset_from, offset_to)
        comp.add("rrule", rule.rrule())
        vtz.add_component(comp)
    return vtz


def _from_transitions(tzid: str, tz, first: datetime, last: datetime) -> Timezone:
    """One component per kind of change, each change on its own RDATE line (ical.js reads only one value)."""
    vtz = Timezone()
    vtz.add("tzid", tzid)
    offset = _offset_at(tz, first)
    start = (first + offset).replace(tzinfo=None)
    vtz.add_component(_component(bool(first.astimezone(tz).dst()), first.astimezone(tz).tzname() or tzid,
                                 start, offset, offset))
    groups: dict[tuple, TimezoneStandard | TimezoneDaylight] = {}
    for instant, before, after in _transitions(tz, first, last):
        local = instant.astimezone(tz)
        key = (before, after, local.tzname(), bool(local.dst()))
        wall = (instant + before).replace(tzinfo=None)      # local time before the change (TZOFFSETFROM)
        if key not in groups:
            groups[key] = _component(bool(local.dst()), local.tzname() or tzid, wall, before, after)
            vtz.add_component(groups[key])
        else:
            groups[key].add("rdate", wall)
    return vtz


def vtimezone(tz, first: datetime, last: datetime) -> Timezone:
    """The VTIMEZONE for `tz`, correct for every instant from `first` to `last` (aware datetimes)."""
    tzid = getattr(tz, "key", None) or str(tz)
    # The description starts a year before the first event, so every event follows both components'
    # DTSTARTs, and it is checked until a year after the last one.
    year = first.astimezone(timezone.utc).year - 1
    window = (datetime(year, 1, 1, tzinfo=timezone.utc),
              datetime(last.astimezone(timezone.utc).year + 2, 1, 1, tzinfo=timezone.utc))
    footer = _tzif_footer(tzid)
    p = parse_posix(footer) if footer else None
    if p is not None:
        if p.dst_start is None:
            fits = not _transitions(tz, *window) and _offset_at(tz, window[0]) == p.std_offset
        else:
            fits = _rule_transitions(p, *window) == _transitions(tz, *window)
        if fits:
            return _from_rules(tzid, p, year)
    return _from_transitions(tzid, tz, *window)
