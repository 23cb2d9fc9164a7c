"""Public holidays as blackout days on the web (issue 16 §7): /welcome lists the chosen country's holidays,
all ticked, and builds the plan only once the candidate has seen and confirmed them; /settings/holidays
does the same for a plan already running. Dates checked against the `holidays` package."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from systemcraft.environment import Environment
from tests.web.conftest import Web, count_rows, onboarding_form

GB_KEY = "GB|2026-12-01|2027-02-18"        # set up on 1 Dec 2026, interview 19 Feb 2027: the window's last day


def web_on(home: Path, today: date):
    from fastapi.testclient import TestClient
    from systemcraft.web.app import create_app
    env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=today,
                      timezone="Europe/London", clock_fixed=True)
    return TestClient(create_app(env), base_url="http://127.0.0.1"), env


@pytest.fixture
def gb_web(tmp_path):
    """A fresh home on Tue 1 Dec 2026."""
    client, env = web_on(tmp_path / "gb", date(2026, 12, 1))
    with client:
        yield Web(client, tmp_path / "gb", env)


def gb_form(**overrides) -> dict:
    """10 h a week, Monday to Saturday, at most 4 h a day, interview Fri 19 Feb 2027, GB's holidays."""
    return onboarding_form(**{"hours": "10", "max_day": "240", "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
                              "holiday_country": "GB", **overrides})


def ticks(html: str) -> dict[str, bool]:
    return {m.group(1): bool(m.group(2)) for m in
            re.finditer(r'name="holiday" value="([0-9-]+)" (checked)?', html)}


def hidden_key(html: str) -> str | None:
    m = re.search(r'name="holidays_for" value="([^"]*)"', html)
    return m.group(1) if m else None


def field_error(page: str, field: str) -> str:
    """The error shown next to a field, as the candidate reads it (pages start messages with a capital)."""
    where = rf'id="e-{field}" ' if field != "holiday" else r'id="holidays">.*?'
    m = re.search(where + r'class="field-error" role="alert">([^<]*)<', page, re.S)
    assert m, f"no error next to {field}"
    text = html.unescape(m.group(1))
    return text[:1].lower() + text[1:]


def test_the_welcome_form_offers_every_country_and_a_region(fresh_web):
    page = fresh_web.get("/welcome").text
    assert '<select id="f-holiday_country" name="holiday_country"' in page
    assert '<option value="" selected>None: do not block out public holidays</option>' in page
    assert '<option value="GB">United Kingdom</option>' in page and '<option value="US">United States</option>' in page
    assert 'id="f-holiday_region" name="holiday_region" type="text"' in page
    assert 'name="holiday"' not in page                          # no list until a country is chosen


def test_a_gb_candidate_sees_the_holidays_ticked_then_confirms_them(gb_web):
    """GB from 1 Dec 2026 to 18 Feb 2027: Christmas (Fri), Boxing Day (Sat 26 Dec) and its substitute Monday
    28 Dec, New Year's Day (Fri). The first submit shows them all ticked and builds nothing; the second,
    with 26 Dec unticked (a Saturday the candidate will study on), builds the plan with three blackouts."""
    first = gb_web.post("/welcome", gb_form())
    assert first.status_code == 200
    assert ticks(first.text) == {"2026-12-25": True, "2026-12-26": True, "2026-12-28": True, "2027-01-01": True}
    assert "Fri 25 Dec 2026: Christmas Day" in first.text and "Mon 28 Dec 2026: Boxing Day (observed)" in first.text
    assert "4 public holidays fall before your interview" in first.text
    assert hidden_key(first.text) == GB_KEY
    assert count_rows(gb_web.home, "candidates") == 0         # nothing is built before the candidate confirms
    assert '<option value="SCT">Scotland (SCT)</option>' in first.text          # GB's regions, now known

    second = gb_web.post("/welcome", gb_form(holidays_for=GB_KEY, holiday=["2026-12-25", "2026-12-28", "2027-01-01"]))
    assert second.status_code == 303 and second.headers["location"] == "/welcome/plan"
    plan = gb_web.coach().plan_view()
    assert plan.blackouts == [date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)]
    christmas = {d["date"]: d for d in gb_web.coach().plan_view(4).weeks[0].days}     # Tue 22 - Mon 28 Dec
    assert christmas[date(2026, 12, 25)]["kind"] == "blackout" and christmas[date(2026, 12, 25)]["tasks"] == []
    assert christmas[date(2026, 12, 28)]["kind"] == "blackout" and christmas[date(2026, 12, 28)]["tasks"] == []
    assert christmas[date(2026, 12, 26)]["kind"] == "study" and christmas[date(2026, 12, 26)]["tasks"]


def test_unticking_every_holiday_builds_the_plan_without_them(gb_web):
    r = gb_web.post("/welcome", gb_form(holidays_for=GB_KEY))
    assert r.status_code == 303
    assert gb_web.coach().plan_view().blackouts == []


def test_a_changed_region_is_shown_again_before_anything_is_built(gb_web):
    """Confirmed for GB, then Scotland chosen: Scotland's list (with 2 and 4 January) must be seen first."""
    r = gb_web.post("/welcome", gb_form(holiday_region="SCT", holidays_for=GB_KEY, holiday=["2026-12-25"]))
    assert r.status_code == 200 and count_rows(gb_web.home, "candidates") == 0
    assert hidden_key(r.text) == "GB-SCT|2026-12-01|2027-02-18"
    assert ticks(r.text) == {d: True for d in ("2026-12-25", "2026-12-26", "2026-12-28", "2027-01-01",
                                               "2027-01-02", "2027-01-04")}
    assert '<option value="SCT" selected>Scotland (SCT)</option>' in r.text


def test_errors_elsewhere_keep_the_list_and_its_ticks(gb_web):
    r = gb_web.post("/welcome", gb_form(name="", holidays_for=GB_KEY, holiday=["2027-01-01"]))
    assert r.status_code == 422 and "must not be empty" in r.text
    assert ticks(r.text) == {"2026-12-25": False, "2026-12-26": False, "2026-12-28": False, "2027-01-01": True}
    assert count_rows(gb_web.home, "candidates") == 0


def test_a_us_california_candidate_gets_thanksgiving(fresh_web):
    """On Mon 23 Nov 2026 with the interview on Fri 19 Feb 2027: Thanksgiving (26 Nov), the day after (a
    California holiday), Christmas, New Year's Day, Martin Luther King Jr. Day (3rd Monday of January) and
    Presidents' Day (3rd Monday of February, 15 Feb, which California also keeps as Susan B. Anthony Day)."""
    r = fresh_web.post("/welcome", onboarding_form(holiday_country="US", holiday_region="CA"))
    assert r.status_code == 200
    assert list(ticks(r.text)) == ["2026-11-26", "2026-11-27", "2026-12-25", "2027-01-01", "2027-01-18",
                                   "2027-02-15"]
    assert "Mon 15 Feb 2027: Presidents&#39; Day; Susan B. Anthony Day" in r.text
    r = fresh_web.post("/welcome", onboarding_form(holiday_country="US", holiday_region="CA",
                                                   holidays_for=hidden_key(r.text), holiday=list(ticks(r.text))))
    assert r.status_code == 303
    assert fresh_web.coach().plan_view().blackouts[:2] == [date(2026, 11, 26), date(2026, 11, 27)]


def test_no_holidays_in_the_window_builds_at_once(tmp_path):
    client, env = web_on(tmp_path / "march", date(2027, 3, 1))
    with client:
        web = Web(client, tmp_path / "march", env)
        r = web.post("/welcome", onboarding_form(holiday_country="GB", interview="2027-03-22"))
        assert r.status_code == 303
        assert web.coach().plan_view().blackouts == []


@pytest.mark.parametrize("overrides, field, message", [
    ({"holiday_country": "XX"}, "holiday_country", "unknown country 'XX': use a two-letter code such as GB"),
    ({"holiday_country": "G\x01B"}, "holiday_country", "unknown country 'G?B'"),
    ({"holiday_country": "Q" * 5000}, "holiday_country", "unknown country '" + "Q" * 20 + "'"),
    ({"holiday_region": "ZZ"}, "holiday_region", "unknown region 'ZZ' for GB: use one of ENG, NIR, SCT, WLS"),
    ({"holiday_region": "S\x00CT"}, "holiday_region", "unknown region 'S?CT'"),
    ({"holidays_for": GB_KEY, "holiday": ["2026-12-24"]}, "holiday",
     "2026-12-24 is not one of the public holidays listed"),
    ({"holidays_for": GB_KEY, "holiday": ["christmas"]}, "holiday", "not a valid date"),
])
def test_bad_holiday_input_is_one_line_next_to_its_field_and_writes_nothing(gb_web, overrides, field, message):
    r = gb_web.post("/welcome", gb_form(**overrides))
    assert r.status_code == 422
    assert message in field_error(r.text, field)
    assert count_rows(gb_web.home, "candidates") == 0 and count_rows(gb_web.home, "plans") == 0


def test_an_unknown_region_still_offers_the_countrys_regions(gb_web):
    r = gb_web.post("/welcome", gb_form(holiday_region="ZZ"))
    assert '<select id="f-holiday_region" name="holiday_region"' in r.text
    assert '<option value="ENG">England (ENG)</option>' in r.text


def test_a_second_submit_after_the_plan_is_built_adds_nothing(gb_web):
    form = gb_form(holidays_for=GB_KEY, holiday=["2026-12-25"])
    assert gb_web.post("/welcome", form).status_code == 303
    again = gb_web.post("/welcome", form)
    assert again.status_code == 303 and again.headers["location"] == "/welcome/plan?again=1"
    assert count_rows(gb_web.home, "candidates") == 1 and count_rows(gb_web.home, "plans") == 1
    shown = gb_web.get(again.headers["location"])                 # the plan made first, and why the form did nothing
    assert shown.status_code == 200 and "already set up, so the form sent again changed nothing" in shown.text
    assert "already set up" not in gb_web.get("/welcome/plan").text


# ---------------------------------------------------------------- after set-up: /settings/holidays

DEMO_KEY = "GB|2026-11-23|2027-01-28"     # the demo candidate: today 23 Nov 2026, interview 29 Jan 2027


def test_settings_links_to_the_holidays_page(web):
    assert 'href="/settings/holidays"' in web.get("/settings").text
    page = web.get("/settings/holidays")
    assert page.status_code == 200 and 'name="holiday_country"' in page.text


def test_settings_finds_the_holidays_then_blocks_out_the_ticked_ones(web):
    version = web.coach().plan_view().version
    found = web.post("/settings/holidays", {"holiday_country": "GB", "apply": "0"})
    assert found.status_code == 200
    assert ticks(found.text) == {"2026-12-25": True, "2026-12-26": True, "2026-12-28": True, "2027-01-01": True}
    assert hidden_key(found.text) == DEMO_KEY and "Block out the ticked days" in found.text
    assert web.coach().plan_view().version == version                # a lookup changes nothing

    done = web.post("/settings/holidays", {"holiday_country": "GB", "apply": "1", "holidays_for": DEMO_KEY,
                                           "holiday": ["2026-12-25", "2027-01-01"]})
    assert done.status_code == 303 and done.headers["location"] == "/plan?changed=1"
    plan = web.coach().plan_view()
    assert plan.version == version + 1
    assert {date(2026, 12, 25), date(2027, 1, 1)} <= set(plan.blackouts)
    assert date(2026, 12, 28) not in plan.blackouts
    again = web.post("/settings/holidays", {"holiday_country": "GB", "apply": "0"})
    assert "Fri 25 Dec 2026: Christmas Day (already blocked out)" in again.text


def test_settings_apply_without_seeing_the_list_shows_it_first(web):
    version = web.coach().plan_view().version
    r = web.post("/settings/holidays", {"holiday_country": "GB", "holiday_region": "NIR", "apply": "1",
                                        "holidays_for": DEMO_KEY, "holiday": ["2026-12-25"]})
    assert r.status_code == 200 and "press “Block out the ticked days” again" in r.text
    assert hidden_key(r.text) == "GB-NIR|2026-11-23|2027-01-28"
    assert web.coach().plan_view().version == version


@pytest.mark.parametrize("form, field, message", [
    ({"holiday_country": "", "apply": "0"}, "holiday_country", "choose a country to list its public holidays"),
    ({"holiday_country": "XX", "apply": "0"}, "holiday_country", "unknown country 'XX'"),
    ({"holiday_country": "US", "holiday_region": "ZZ", "apply": "0"}, "holiday_region", "unknown region 'ZZ' for US"),
    ({"holiday_country": "GB", "apply": "1", "holidays_for": DEMO_KEY}, "holiday",
     "tick at least one holiday to block out"),
    ({"holiday_country": "GB", "apply": "1", "holidays_for": DEMO_KEY, "holiday": ["2027-03-26"]}, "holiday",
     "2027-03-26 is not one of the public holidays listed"),
])
def test_settings_bad_input_changes_nothing(web, form, field, message):
    version = web.coach().plan_view().version
    r = web.post("/settings/holidays", form)
    assert r.status_code == 422
    assert message in field_error(r.text, field)
    assert web.coach().plan_view().version == version


def test_settings_reports_a_window_without_holidays(tmp_path):
    client, env = web_on(tmp_path / "march", date(2027, 3, 1))
    with client:
        web = Web(client, tmp_path / "march", env)
        assert web.post("/welcome", onboarding_form(interview="2027-03-22")).status_code == 303
        r = web.post("/settings/holidays", {"holiday_country": "GB", "apply": "0"})
        assert r.status_code == 200
        assert "No public holidays in GB fall between 2027-03-01 and 2027-03-21." in r.text
        assert "Block out the ticked days" not in r.text
