"""A calendar that follows the plan (issue 13 §7): stable UIDs, SEQUENCE, cancellations, and a VTIMEZONE
that Thunderbird reads too. Every export is parsed twice: by Python's `icalendar` (with the file's own
VTIMEZONE, not the zone database) and by Mozilla's ical.js (Thunderbird's engine) under node."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from systemcraft.coach import Coach, PlanChanges, PlanOptions, Profile
from systemcraft.environment import Environment
from systemcraft.errors import InputError
from tests.conftest import ANSWERS, TODAY, edited_export, missing_component, onboarded

JS = Path(__file__).resolve().parents[1] / "js"


# ---------------------------------------------------------------- the two parsers

@pytest.fixture(scope="session")
def icaljs():
    """A function: .ics path → ical.js's view of each VEVENT. Installs the pinned ical.js on first use."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing_component("node and npm (apt-get install nodejs npm), for the ical.js calendar checks")
    if _installed_icaljs() != _locked_icaljs():
        r = subprocess.run([npm, "ci", "--prefix", str(JS), "--no-audit", "--no-fund", "--loglevel=error"],
                           capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            pytest.fail(f"`npm ci --prefix tests/js` failed (it needs the npm registry):\n{r.stdout}\n{r.stderr}")

    def parse(path: Path) -> dict[str, dict]:
        r = subprocess.run([node, str(JS / "ics_events.mjs"), str(path)], capture_output=True, text=True,
                           timeout=120)
        assert r.returncode == 0, r.stderr
        return {e["uid"]: {**e, "start": _utc(e["start"]), "end": _utc(e["end"])} for e in json.loads(r.stdout)}
    return parse


def _locked_icaljs() -> str:
    return json.loads((JS / "package-lock.json").read_text())["packages"]["node_modules/ical.js"]["version"]


def _installed_icaljs() -> str | None:
    try:
        return json.loads((JS / "node_modules" / "ical.js" / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def _utc(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


@dataclass
class PyEvent:
    uid: str
    sequence: int
    status: str
    start: datetime            # the UTC instant, through the file's own VTIMEZONE
    end: datetime
    local_start: datetime      # DTSTART as written (naive local wall time)
    shown: tuple               # what the event shows


def python_events(path: Path) -> dict[str, PyEvent]:
    cal = Calendar.from_ical(path.read_bytes())
    # icalendar would map a known TZID to the zone database; build the zone from the file instead.
    zones = {str(vtz["TZID"]): vtz.to_tz(lookup_tzid=False) for vtz in cal.walk("VTIMEZONE")}
    out = {}
    for ev in cal.walk("VEVENT"):
        def instant(prop):
            value = ev[prop]
            local = value.dt.replace(tzinfo=None)
            if "TZID" not in value.params:          # written in UTC ("Z")
                return value.dt.astimezone(timezone.utc), local
            return local.replace(tzinfo=zones[value.params["TZID"]]).astimezone(timezone.utc), local
        start, local = instant("DTSTART")
        end, _ = instant("DTEND")
        uid = str(ev["UID"])
        out[uid] = PyEvent(uid, int(ev.get("SEQUENCE", 0)), str(ev.get("STATUS", "")), start, end, local,
                           (local, end, str(ev.get("SUMMARY", "")), str(ev.get("DESCRIPTION", ""))))
    return out


def both(icaljs, path: Path) -> dict[str, PyEvent]:
    """Parse with both; they must agree on every UID, SEQUENCE, STATUS and instant."""
    py, js = python_events(path), icaljs(path)
    assert set(py) == set(js)
    for uid, e in py.items():
        j = js[uid]
        seen_by_js = (j["sequence"] or 0, j["status"] or "", j["start"], j["end"])
        assert seen_by_js == (e.sequence, e.status, e.start, e.end), uid
    return py


# ---------------------------------------------------------------- homes

def env_for(home: Path, db_url: str | None, today: date, tz: str = "Europe/London") -> Environment:
    return Environment(home=home, db_url=db_url or f"sqlite:///{home / 'systemcraft.db'}", today=today,
                       timezone=tz, clock_fixed=True)


def expected_sessions(coach: Coach, tz: str) -> dict[str, datetime]:
    """Worked out here from the plan's tasks, not by the exporter: UID key (day-category-n) → the UTC
    instant of 19:00 local on that day, plus the minutes of the sessions before it that day."""
    plan = coach._plan()
    out = {}
    by_day = defaultdict(list)
    for t in coach.reader().tasks_between(plan, plan.start_date, plan.interview_date):
        by_day[t.day].append(t)
    for day, tasks in by_day.items():
        offset, seen, prev = 0, defaultdict(int), None
        for t in sorted(tasks, key=lambda t: t.seq):
            if t.category != prev:
                seen[t.category] += 1
                start = datetime(day.year, day.month, day.day, 19, 0, tzinfo=ZoneInfo(tz)) + timedelta(minutes=offset)
                out[f"{day.isoformat()}-{t.category}-{seen[t.category]}"] = start.astimezone(timezone.utc)
            offset += t.minutes
            prev = t.category
    return out


def stamps(path: Path) -> set[str]:
    return {e["DTSTAMP"].to_ical().decode() for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def key(uid: str) -> str:
    return uid.split("@")[0].rsplit(".", 1)[0]


# ---------------------------------------------------------------- time zones

DST_CASES = [
    ("Europe/London", date(2027, 3, 1), date(2027, 4, 26), date(2027, 3, 28)),       # BST begins
    ("Europe/London", date(2027, 10, 4), date(2027, 11, 29), date(2027, 10, 31)),    # BST ends
    ("America/New_York", date(2027, 2, 22), date(2027, 4, 19), date(2027, 3, 14)),   # EDT begins
    ("America/Los_Angeles", date(2027, 10, 11), date(2027, 12, 6), date(2027, 11, 7)),  # PDT ends
]


@pytest.mark.parametrize("tz, start, interview, change", DST_CASES, ids=[f"{c[0]}-{c[3]}" for c in DST_CASES])
def test_sessions_across_a_dst_change_land_at_the_same_wall_time_in_both_parsers(
        tz, start, interview, change, tmp_path, icaljs, db_url):
    coach = Coach(env_for(tmp_path / "home", db_url, start, tz))
    coach.onboard(Profile("Sam", "L6", "manager", 10, 9), ANSWERS,
                  PlanOptions(start=start, interview=interview, hours_per_week=10))
    target = tmp_path / "plan.ics"
    count = coach.export_ics(target)
    events = both(icaljs, target)
    expected = expected_sessions(coach, tz)
    assert count == len(events) == len(expected)
    assert {key(u): e.start for u, e in events.items()} == expected
    local = ZoneInfo(tz)
    for e in events.values():
        assert e.start.astimezone(local).replace(tzinfo=None) == e.local_start   # the wall time as written
    firsts = defaultdict(list)
    for e in events.values():
        firsts[e.local_start.date()].append(e.local_start)
    assert all(min(times).time() == datetime(2000, 1, 1, 19).time() for times in firsts.values())
    # Sessions on both sides of the change, an hour apart in UTC at the same 19:00 local.
    before = max(d for d in firsts if d < change)
    after = min(d for d in firsts if d > change)
    offset = {d: min((e.local_start - e.start.replace(tzinfo=None)) for e in events.values()
                     if e.local_start.date() == d) for d in (before, after)}
    assert abs(offset[before] - offset[after]) == timedelta(hours=1)
    text = target.read_text()
    assert "RRULE:FREQ=YEARLY" in text and not any(line.startswith("RDATE") and "," in line
                                                   for line in text.splitlines())
    coach.close()


ZONES = ["Europe/London", "America/New_York", "America/Los_Angeles", "Europe/Berlin", "Australia/Sydney",
         "Europe/Dublin", "Asia/Kolkata", "UTC", "America/Nuuk", "America/Santiago", "Africa/Casablanca"]


def test_the_vtimezone_gives_every_zone_its_real_offsets(tmp_path, icaljs):
    """One event every day for two years, at 07:30 and 19:00 local, in zones with rules of each kind
    (northern, southern, negative DST, none, and rules an RRULE cannot say): both parsers, reading only
    the file's VTIMEZONEs, put each at the instant the zone database says."""
    from systemcraft.exports.vtimezone import vtimezone
    cal = Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    expected = {}
    first, last = date(2026, 11, 1), date(2028, 11, 1)
    for name in ZONES:
        tz = ZoneInfo(name)
        cal.add_component(vtimezone(tz, datetime(2026, 11, 1, tzinfo=tz), datetime(2028, 11, 1, tzinfo=tz)))
        day = first
        while day < last:
            for hour, minute in ((7, 30), (19, 0)):
                local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
                ev = Event()
                uid = f"{name}-{local.isoformat()}"
                ev.add("uid", uid)
                ev.add("dtstamp", datetime(2026, 1, 1, tzinfo=timezone.utc))
                ev.add("dtstart", local)
                ev.add("dtend", local + timedelta(minutes=30))
                cal.add_component(ev)
                expected[uid] = local.astimezone(timezone.utc)
            day += timedelta(days=1)
    target = tmp_path / "zones.ics"
    target.write_bytes(cal.to_ical())
    events = both(icaljs, target)
    wrong = {u: (e.start, expected[u]) for u, e in events.items() if e.start != expected[u]}
    assert wrong == {}
    text = target.read_text()
    assert not any(line.startswith("RDATE") and "," in line for line in text.splitlines())
    for name in ("Europe/London", "America/New_York", "Australia/Sydney", "Europe/Dublin"):
        block = text.split(f"TZID:{name}\n", 1)[1].split("END:VTIMEZONE", 1)[0]
        assert block.count("RRULE:FREQ=YEARLY") == 2 and "RDATE" not in block, name


def test_icalendars_own_vtimezone_is_what_thunderbird_misreads(tmp_path, icaljs):
    """Why exports/vtimezone.py exists: icalendar's add_missing_timezones lists the transitions in one
    comma-separated RDATE, and ical.js reads only its first value. If this starts failing, ical.js or
    icalendar changed, and the reason for the module should be looked at again."""
    cal = Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    local = datetime(2027, 3, 20, 19, 0, tzinfo=ZoneInfo("America/New_York"))    # after the March change
    ev = Event()
    ev.add("uid", "x")
    ev.add("dtstamp", datetime(2026, 1, 1, tzinfo=timezone.utc))
    ev.add("dtstart", local)
    cal.add_component(ev)
    cal.add_missing_timezones()
    target = tmp_path / "theirs.ics"
    target.write_bytes(cal.to_ical())
    assert icaljs(target)["x"]["start"] == local.astimezone(timezone.utc) + timedelta(hours=1)


# ---------------------------------------------------------------- following the plan

def test_a_replan_keeps_uids_bumps_changed_sessions_and_cancels_removed_ones(tmp_path, make_env, db_url, icaljs):
    home = tmp_path / "home"
    onboarded(make_env(db_url=db_url, home=home)).close()
    first = Coach(make_env(db_url=db_url, home=home))
    first.export_ics(tmp_path / "a.ics")
    a = both(icaljs, tmp_path / "a.ics")
    assert {e.sequence for e in a.values()} == {0} and {e.status for e in a.values()} == {"CONFIRMED"}
    first.close()

    day = TODAY + timedelta(days=3)
    blackouts = frozenset({TODAY + timedelta(days=5), TODAY + timedelta(days=8)})
    later = Coach(make_env(today=day, db_url=db_url, home=home))
    later.regenerate(PlanChanges(add_blackouts=blackouts))
    later.export_ics(tmp_path / "b.ics")
    b = both(icaljs, tmp_path / "b.ics")

    assert set(a) <= set(b)                                     # nothing the calendar holds is dropped silently
    planned = expected_sessions(later, "Europe/London")
    gone = {u for u in a if key(u) not in planned}              # the blackout days', and any the re-plan dropped
    assert {u for u in a if a[u].local_start.date() in blackouts} <= gone
    assert {u for u, e in b.items() if e.status == "CANCELLED"} == gone
    assert all(b[u].sequence == a[u].sequence + 1 for u in gone)
    assert {key(u) for u in set(b) - gone} == set(planned)
    kept = set(a) - gone
    unchanged = {u for u in kept if a[u].shown == b[u].shown}
    changed = kept - unchanged
    assert unchanged and changed                            # this re-plan moves some sessions and not others
    assert all(b[u].sequence == a[u].sequence for u in unchanged)
    assert all(b[u].sequence == a[u].sequence + 1 and b[u].status == "CONFIRMED" for u in changed)
    assert all(a[u].local_start.date() >= day for u in changed)   # the past is not rewritten
    assert all(b[u].sequence == 0 for u in set(b) - set(a))
    assert later.export_ics(tmp_path / "b2.ics") == len(b) - len(gone)
    assert stamps(tmp_path / "b.ics") == {"20261126T120000Z"}   # the environment's clock (pinned: noon UTC)
    later.close()

    # The next export with nothing changed says the same again (a fresh DTSTAMP, the same SEQUENCE);
    # cancelled sessions stay cancelled.
    again = Coach(make_env(today=day + timedelta(days=1), db_url=db_url, home=home))
    again.export_ics(tmp_path / "c.ics")
    c = both(icaljs, tmp_path / "c.ics")
    assert {u: (e.sequence, e.status) for u, e in c.items()} == {u: (e.sequence, e.status) for u, e in b.items()}
    assert stamps(tmp_path / "c.ics") == {"20261127T120000Z"}
    # Lifting the blackout brings the cancelled sessions back, with a higher SEQUENCE again.
    again.regenerate(PlanChanges(remove_blackouts=blackouts))
    again.export_ics(tmp_path / "d.ics")
    d = both(icaljs, tmp_path / "d.ics")
    back = {u for u in gone if d[u].status == "CONFIRMED"}
    assert {u for u in gone if a[u].local_start.date() in blackouts} <= back
    assert all(d[u].sequence == b[u].sequence + 1 for u in back)
    again.close()


def test_a_failed_file_write_does_not_advance_the_state(tmp_path, make_env, db_url, icaljs, monkeypatch):
    home = tmp_path / "home"
    onboarded(make_env(db_url=db_url, home=home)).close()
    c = Coach(make_env(db_url=db_url, home=home))
    target = tmp_path / "plan.ics"
    c.export_ics(target)
    before = target.read_bytes()
    c.close()

    c = Coach(make_env(today=TODAY + timedelta(days=3), db_url=db_url, home=home))
    c.regenerate(PlanChanges(add_blackouts=frozenset({TODAY + timedelta(days=5)})))
    with pytest.raises(InputError, match="does not exist"):
        c.export_ics(tmp_path / "missing" / "plan.ics")
    import systemcraft.exports.files as files

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(InputError, match="No space left"):
        c.export_ics(target)
    monkeypatch.undo()
    assert target.read_bytes() == before and not list(tmp_path.glob(".plan.ics.*"))
    # The failed exports recorded nothing: the next one moves each SEQUENCE on by one, not by three.
    c.export_ics(target)
    events = both(icaljs, target)
    assert max(e.sequence for e in events.values()) == 1
    assert any(e.status == "CANCELLED" for e in events.values())
    c.close()


def test_a_new_plan_cancels_the_old_plans_sessions(tmp_path, make_env, db_url, icaljs):
    home = tmp_path / "home"
    c = onboarded(make_env(db_url=db_url, home=home))
    c.export_ics(tmp_path / "a.ics")
    a = both(icaljs, tmp_path / "a.ics")
    c.onboard(Profile("Sam", "L6", "manager", 10, 9), ANSWERS,
              PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=8), hours_per_week=6), force=True)
    c.export_ics(tmp_path / "b.ics")
    b = both(icaljs, tmp_path / "b.ics")
    assert all(b[u].status == "CANCELLED" and b[u].sequence == 1 for u in a)
    live = {u for u, e in b.items() if e.status == "CONFIRMED"}
    assert live and not live & set(a) and {b[u].sequence for u in live} == {0}
    c.close()


def test_the_calendar_state_survives_export_and_import(tmp_path, make_env, db_url, icaljs):
    home = tmp_path / "home"
    onboarded(make_env(db_url=db_url, home=home)).close()
    c = Coach(make_env(db_url=db_url, home=home))
    c.export_ics(tmp_path / "a.ics")
    c.close()
    c = Coach(make_env(today=TODAY + timedelta(days=3), db_url=db_url, home=home))
    c.regenerate(PlanChanges(add_blackouts=frozenset({TODAY + timedelta(days=5)})))
    c.export_ics(tmp_path / "b.ics")
    b = both(icaljs, tmp_path / "b.ics")
    dump = c.export_all(tmp_path / "out", "json")[0]
    assert len(json.loads(dump.read_text())["calendar_events"]) == len(b)
    c.close()

    fresh = Coach(make_env(today=TODAY + timedelta(days=3), home=tmp_path / "new"))
    fresh.import_all(dump)
    fresh.export_ics(tmp_path / "c.ics")
    c2 = both(icaljs, tmp_path / "c.ics")
    assert {u: (e.sequence, e.status, e.start, e.end) for u, e in c2.items()} == \
        {u: (e.sequence, e.status, e.start, e.end) for u, e in b.items()}
    fresh.close()


def test_an_old_export_without_calendar_events_still_imports(tmp_path, make_env):
    path = edited_export(onboarded(make_env()), tmp_path, lambda data: data.pop("calendar_events"))
    fresh = Coach(make_env(home=tmp_path / "new"))
    assert fresh.import_all(path)["tasks"] > 0
    assert fresh.export_ics(tmp_path / "plan.ics") > 0
    fresh.close()


def test_hand_edited_calendar_state_is_refused(tmp_path, make_env):
    c = onboarded(make_env())
    c.export_ics(tmp_path / "plan.ics")
    path = c.export_all(tmp_path / "out", "json")[0]
    c.close()
    data = json.loads(path.read_text())
    data["calendar_events"].append(dict(data["calendar_events"][0]))
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match="repeats uid"):
        Coach(make_env(home=tmp_path / "new")).import_all(path)


def test_two_exports_at_once_take_turns(tmp_path, make_env, db_url):
    """A CLI export and a web download at the same moment: the plan's row is locked, so neither trips
    over the other's new rows, and the state is the same as after one export."""
    import threading
    home = tmp_path / "home"
    onboarded(make_env(db_url=db_url, home=home)).close()
    coaches = [Coach(make_env(db_url=db_url, home=home)) for _ in range(4)]
    errors, start = [], threading.Barrier(len(coaches))

    def run(i, c):
        start.wait()
        try:
            c.export_ics(tmp_path / f"{i}.ics")
        except Exception as exc:      # noqa: BLE001 - reported below
            errors.append(repr(exc))
    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(coaches)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    files = [python_events(tmp_path / f"{i}.ics") for i in range(len(coaches))]
    assert all({u: e.sequence for u, e in f.items()} == {u: 0 for u in files[0]} for f in files)
    for c in coaches:
        c.close()
