"""Public holidays offered as blackout days (issue 16 §7): the lookup by country and region, checked date by
date against the calendar of the `holidays` package (0.109, the version locked in requirements/)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from systemcraft.domain.public_holidays import HolidayError, countries, lookup, split_code

WINDOW = (date(2026, 12, 1), date(2027, 2, 18))      # set up on 1 Dec 2026, interview on 19 Feb 2027


def listed(found) -> list[tuple[str, str]]:
    return [(h.date.isoformat(), h.name) for h in found.holidays]


def test_gb_christmas_and_new_year_with_the_boxing_day_substitute():
    """UK-wide bank holidays from 1 Dec 2026 to 18 Feb 2027: Christmas Day is a Friday; Boxing Day,
    26 Dec, is a Saturday, so the bank holiday moves to Monday 28 Dec ("observed"), and the package
    lists both; New Year's Day 2027 is a Friday. Nothing else falls in the window (the next, Good
    Friday, is 26 Mar 2027)."""
    found = lookup("GB", None, *WINDOW)
    assert listed(found) == [("2026-12-25", "Christmas Day"), ("2026-12-26", "Boxing Day"),
                             ("2026-12-28", "Boxing Day (observed)"), ("2027-01-01", "New Year's Day")]
    assert found.where == "GB" and found.country_name == "United Kingdom"
    assert date(2026, 12, 26).weekday() == 5 and date(2026, 12, 28).weekday() == 0
    assert found.regions == (("ENG", "England"), ("NIR", "Northern Ireland"), ("SCT", "Scotland"),
                             ("WLS", "Wales"))


def test_a_region_adds_its_own_holidays():
    """Scotland also keeps 2 January (a Saturday in 2027, so Monday 4 January as well); St Andrew's Day,
    Monday 30 Nov 2026, is the day before the window and is left out."""
    found = lookup("GB", "SCT", *WINDOW)
    assert found.where == "GB-SCT"
    assert [d for d, _ in listed(found)] == ["2026-12-25", "2026-12-26", "2026-12-28", "2027-01-01",
                                             "2027-01-02", "2027-01-04"]
    assert "2026-11-30" not in [d for d, _ in listed(found)]
    assert "2026-11-30" in [d for d, _ in listed(lookup("GB", "SCT", date(2026, 11, 30), WINDOW[1]))]


def test_us_california_thanksgiving_to_martin_luther_king_day():
    """A US-CA candidate on 23 Nov 2026 with the interview on 15 Feb 2027: Thanksgiving is the 4th Thursday
    of November (26 Nov), California keeps the Friday after it; Christmas and New Year's Day are Fridays;
    Martin Luther King Jr. Day is the 3rd Monday of January (18 Jan). Presidents' Day, the 3rd Monday of
    February, is 15 Feb: the interview day itself, so it is outside the window (which ends the day before)."""
    found = lookup("US-CA", None, date(2026, 11, 23), date(2027, 2, 14))
    assert listed(found) == [("2026-11-26", "Thanksgiving Day"), ("2026-11-27", "Day After Thanksgiving"),
                             ("2026-12-25", "Christmas Day"), ("2027-01-01", "New Year's Day"),
                             ("2027-01-18", "Martin Luther King Jr. Day")]
    assert date(2027, 2, 15) in lookup("US-CA", None, date(2026, 11, 23), date(2027, 2, 15)).dates
    national = lookup("US", None, date(2026, 11, 23), date(2027, 2, 14))
    assert date(2026, 11, 27) not in national.dates       # the Friday after Thanksgiving is California's


@pytest.mark.parametrize("code, region, where", [
    ("us-ca", None, "US-CA"), (" gb ", None, "GB"), ("US", "california", "US-CA"), ("US", "ca", "US-CA"),
    ("US-NY", "CA", "US-CA"),          # a region passed on its own wins over one in the code
])
def test_codes_are_read_in_any_case_and_regions_by_name(code, region, where):
    assert lookup(code, region, *WINDOW).where == where


def test_names_are_in_english_where_the_package_has_them():
    found = lookup("DE", "BY", date(2026, 12, 20), date(2027, 1, 10))
    assert listed(found) == [("2026-12-25", "Christmas Day"), ("2026-12-26", "Second Day of Christmas"),
                             ("2027-01-01", "New Year's Day"), ("2027-01-06", "Epiphany")]


def test_a_window_with_no_holidays_says_so():
    found = lookup("GB", None, date(2027, 3, 1), date(2027, 3, 20))
    assert found.holidays == () and found.dates == frozenset()
    assert found.none_message == "No public holidays in GB fall between 2027-03-01 and 2027-03-20."


def test_an_empty_window_has_no_holidays():
    assert lookup("GB", None, date(2027, 1, 2), date(2027, 1, 1)).holidays == ()


@pytest.mark.parametrize("code, region, message", [
    ("XX", None, "unknown country 'XX': use a two-letter code such as GB, US, DE or IN"),
    ("GBR", None, "unknown country 'GBR'"),
    ("United Kingdom", None, "unknown country 'UNITED KINGDOM'"),
    ("", None, "choose a country: a two-letter code such as GB, US, DE or IN"),
    ("   ", None, "choose a country"),
    (None, None, "choose a country"),
    ("US", "ZZ", "unknown region 'ZZ' for US: use one of AK, AL,"),
    ("US-ZZ", None, "unknown region 'ZZ' for US"),
    ("IS", "North", "unknown region 'North': IS has no regions in the calendar, leave the region blank"),
    ("G\x01B", None, "unknown country 'G?B'"),
    ("GB", "S\nCT", "unknown region 'S?CT'"),
    ("X" * 500, None, "unknown country '" + "X" * 20 + "'"),
])
def test_unknown_or_malformed_codes_are_one_line_errors(code, region, message):
    with pytest.raises(HolidayError) as exc:
        lookup(code, region, *WINDOW)
    assert message in str(exc.value)
    assert "\n" not in str(exc.value) and len(str(exc.value)) < 400


def test_split_code():
    assert split_code("us-ca") == ("US", "ca")          # the region's case is settled by lookup, against the calendar
    assert split_code("GB") == ("GB", None)
    assert split_code("FR-Zone A") == ("FR", "Zone A")
    assert split_code("GB", "SCT") == ("GB", "SCT")


def test_countries_have_readable_names():
    by_code = dict(countries())
    assert by_code["GB"] == "United Kingdom" and by_code["US"] == "United States"
    assert by_code["BA"] == "Bosnia and Herzegovina" and by_code["IM"] == "Isle of Man"
    assert len(by_code) > 200 and all(len(code) == 2 for code in by_code)
    names = [n for _, n in countries()]
    assert names == sorted(names)


def test_the_package_is_loaded_only_when_holidays_are_looked_up():
    code = ("import sys\nimport systemcraft.domain.public_holidays as ph\nassert 'holidays' not in sys.modules\n"
            "import datetime\nph.lookup('GB', None, datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))\n"
            "assert 'holidays' in sys.modules\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
