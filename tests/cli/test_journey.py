"""A new user's path through the real command: init → today → done → skip → status → export."""

import json
from datetime import timedelta

from icalendar import Calendar

from tests.conftest import INIT_ARGS, TODAY


def test_init_then_today_done_skip_status(ready_cli):
    cli = ready_cli
    day = cli.json("today")
    assert day["state"] == "study" and day["week"] == 1 and day["weeks_total"] == 12
    assert day["tasks"] and all(t["status"] == "planned" for t in day["tasks"])
    r = cli("done", "1", "--minutes", "50", "--note", "solid draft")
    assert r.returncode == 0 and "Done: 2026-11-23.1" in r.stdout
    r = cli("skip", "2", "--reason", "meeting ran over")
    assert r.returncode == 0 and "Skipped" in r.stdout
    day = cli.json("today")
    assert [t["status"] for t in day["tasks"][:2]] == ["done", "skipped"]
    assert day["done_minutes"] == 50
    text = cli("today").stdout
    assert "[x]" in text and "[-]" in text and "took 50 min" in text
    status = cli.json("status")
    assert status["done_to_date"] == 50 and status["week"] == 1 and status["streak_days"] == 1
    assert status["next_checkpoint"]["number"] == 1


def test_plan_show_recommend_and_week_view(ready_cli):
    plan = ready_cli.json("plan", "show")
    assert plan["plan_id"] == "comprehensive" and len(plan["weeks"]) == 12
    assert plan["explanation"]["reasons"]
    week = ready_cli.json("plan", "show", "--week", "2")
    assert len(week["weeks"]) == 1 and len(week["weeks"][0]["days"]) == 7
    assert week["weeks"][0]["days"][6]["kind"] == "rest"     # Sunday
    rec = ready_cli.json("plan", "recommend", "--interview", "2027-01-04")
    assert rec["compressed"] and any("available" in w for w in rec["warnings"])
    text = ready_cli("plan", "show").stdout
    assert "Know thyself" in text and "Execute with excellence" in text


def test_ics_export_parses_back_with_one_event_per_session(ready_cli, tmp_path):
    target = tmp_path / "plan.ics"
    r = ready_cli("plan", "export", "--ics", str(target))
    assert r.returncode == 0, r.stderr
    cal = Calendar.from_ical(target.read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    week = ready_cli.json("plan", "show")
    # Sessions = runs of same-category tasks per day, counted independently from the week views.
    sessions = 0
    for n in range(1, 13):
        for d in ready_cli.json("plan", "show", "--week", str(n))["weeks"][0]["days"]:
            prev = None
            for t in d["tasks"]:
                if t["category"] != prev:
                    sessions += 1
                prev = t["category"]
    assert len(events) == sessions == int(r.stdout.split()[1])
    uids = {str(e["UID"]) for e in events}
    assert len(uids) == len(events)
    assert all("DTSTAMP" in e for e in events)
    first = min(events, key=lambda e: e.decoded("DTSTART"))
    start = first.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/London"
    assert start.date() == TODAY and (start.hour, start.minute) == (19, 0)
    assert cal.walk("VTIMEZONE"), "the zone is described in the file"
    assert week["interview"] > max(e.decoded("DTSTART").date().isoformat() for e in events)


def test_regenerate_keeps_what_was_done(ready_cli):
    ready_cli("done", "1")
    later = TODAY + timedelta(days=3)
    r = ready_cli("plan", "regenerate", "--hours", "6", "--blackout", "2026-12-24..2026-12-26",
                  today=later)
    assert r.returncode == 0, r.stderr
    assert "finished tasks kept" in r.stdout
    first = ready_cli.json("today", today=TODAY)
    assert first["tasks"][0]["status"] == "done"
    xmas = ready_cli.json("today", "--date", "2026-12-24", today=later)
    assert xmas["state"] == "blackout" and xmas["tasks"] == []
    plan = ready_cli.json("plan", "show", today=later)
    assert plan["version"] == 2 and plan["hours_per_week"] == 6


def test_today_outside_the_plan(ready_cli):
    assert ready_cli.json("today", "--date", "2027-02-15")["state"] == "interview"
    assert ready_cli.json("today", "--date", "2027-03-01")["state"] == "after"
    assert ready_cli.json("today", "--date", "2026-11-29")["state"] == "rest"


def test_assess_records_a_retake(ready_cli, tmp_path):
    f = tmp_path / "retake.json"
    f.write_text(json.dumps({f"q{i}": "D" for i in range(1, 21)}))
    out = ready_cli.json("assess", "--answers", str(f))
    assert out["total"] == 80 and out["previous_total"] == 61 and out["band"] == "nearly_ready"
    assert ready_cli.json("status")["quiz_total"] == 80


def test_demo_creates_a_separate_home(cli, tmp_path):
    demo_home = tmp_path / "demo"
    r = cli("demo", "--dir", str(demo_home))
    assert r.returncode == 0, r.stderr
    assert (demo_home / "systemcraft.db").exists()
    assert not (cli.home / "systemcraft.db").exists()
    status = cli.json("--home", str(demo_home), "status")
    assert status["week"] == 3 and status["done_to_date"] > 0
    again = cli("demo", "--dir", str(demo_home))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_json_init_output(cli, answers_file):
    r = cli(*INIT_ARGS, "--answers", str(answers_file), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["quiz"]["total"] == 61 and out["recommendation"]["plan_id"] == "comprehensive"
    assert out["recommendation"]["track"] == "part_time"   # 10 h/week on the 12-week plan


def test_help_lists_every_command(cli):
    r = cli("--help")
    for name in ("init", "assess", "plan", "today", "done", "skip", "status", "demo", "start"):
        assert name in r.stdout
    assert cli("plan", "--help").stdout.count("export") >= 1
