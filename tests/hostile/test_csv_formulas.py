"""CSV exports cannot run as formulas, and a spreadsheet comes back exactly (issue 14 §7 and the CSV list).

Before, a story titled `=HYPERLINK("http://x","y")` or a note `@SUM(A1)` reached stories.csv,
log_entries.csv, cards.csv and tasks.csv as typed (CSV injection). Now every text cell a spreadsheet
would run gets a leading quote (OWASP), numbers stay numbers, and `story import` strips the quote
back so export → import is byte-for-byte. Also: team size "1,200" was imported as 1; Excel's
"Unicode Text" (UTF-16, tab-separated) was refused; a cell over the csv module's limit was a traceback.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from hypothesis import given, settings, strategies as st

from systemcraft.errors import InputError
from systemcraft.exports.csv_cells import TRIGGERS, neutralise, restore
from systemcraft.services import story_csv, transfer
from tests.cli.test_bad_input import one_line_error
from tests.conftest import TODAY, onboarded
from tests.domain.test_stories_domain import good_story

FORMULAS = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1 555 0100 call me", "-5 minutes", "=1+2",
            "'already quoted", "'=quoted formula", "''=two quotes", "-2+3+cmd|' /C calc'!A0"]


def cells(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def looks_like_a_formula(cell: str) -> bool:
    return cell[:1] in tuple(TRIGGERS)


# ---- the rule itself ----------------------------------------------------------------------------

@pytest.mark.parametrize("text,written", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-5 minutes", "'-5 minutes"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'already quoted", "'already quoted"), ("'=x", "''=x"),
    ("plain", "plain"), ("", ""), ("a=b", "a=b"), ("'", "'"),
])
def test_a_formula_cell_gets_one_quote_and_nothing_else_changes(text, written):
    assert neutralise(text) == written
    assert restore(written) == text


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab 1\"") | st.characters(), max_size=12))
def test_any_text_survives_the_round_trip_and_never_starts_a_formula(text):
    written = neutralise(text)
    assert restore(written) == text
    assert not looks_like_a_formula(written)


# ---- story export --format csv → story import ---------------------------------------------------

@pytest.fixture
def coach(make_env):
    c = onboarded(make_env())
    yield c
    c.close()


def hostile_stories(coach):
    coach.add_story(good_story(title=FORMULAS[0], situation="@SUM(A1) was the budget line.",
                               task="-5 minutes before the cut-over, I owned it.",
                               action="+1 more engineer; I ran the cutover and I paired juniors.",
                               result="'already quoted: 30% faster, $300k saved.", metrics="=1+2",
                               obstacles="'=quoted formula", lessons="''=two quotes", team_size=1200,
                               period="-2+3+cmd|' /C calc'!A0"))
    coach.add_story(good_story(title="@SUM(A1)", primary_lp="earn-trust", secondary_lps=()))
    coach.add_story(good_story(title="'already quoted", primary_lp="frugality", secondary_lps=()))


KEEP = ("title", "primary_lp", "secondary_lps", "level", "status", "team_size", "period", "situation", "task",
        "action", "result", "metrics", "obstacles", "lessons")


def view(stories):
    return [{k: getattr(s, k) for k in KEEP} for s in stories]


def test_stories_csv_has_no_live_formula_and_imports_back_exactly(coach, make_env, tmp_path):
    hostile_stories(coach)
    path = coach.export_stories(tmp_path / "csv", "csv")[0]
    rows = cells(path)
    assert rows[0]["Title"] == "'" + FORMULAS[0] and rows[1]["Title"] == "'@SUM(A1)"
    assert rows[2]["Title"] == "'already quoted"             # no formula character: left alone
    assert rows[0]["Obstacles"] == "''=quoted formula" and rows[0]["Team size"] == "1200"
    assert not any(looks_like_a_formula(v) for r in rows for v in r.values())
    other = onboarded(make_env(home=tmp_path / "other"), "B", weeks=8, hours=8, years=5, engineers=5)
    report = other.import_stories(path)
    assert report["imported"] == 3 and report["unmapped"] == []
    assert view(other.stories()) == view(coach.stories())
    assert other.stories()[0].title == '=HYPERLINK("http://x","y")' and other.stories()[0].team_size == 1200
    other.close()


def test_the_cli_round_trip_is_byte_for_byte(ready_cli, cli_factory, tmp_path):
    for title, situation in [('=HYPERLINK("http://x","y")', "-5 minutes to go, I had the pager."),
                             ("@SUM(A1)", "'already quoted and @SUM(A1) inside.")]:
        r = ready_cli("story", "add", "--title", title, "--lp", "ownership", "--situation", situation,
                      "--task", "+1 task", "--action", "I did it.", "--result", "=30% better")
        assert r.returncode == 0, r.stderr
    assert ready_cli("story", "export", str(tmp_path / "out"), "--format", "csv").returncode == 0
    rows = cells(tmp_path / "out" / "stories.csv")
    assert [r["Title"] for r in rows] == ['\'=HYPERLINK("http://x","y")', "'@SUM(A1)"]
    assert rows[0]["Situation"] == "'-5 minutes to go, I had the pager." and rows[1]["Task"] == "'+1 task"
    assert rows[1]["Situation"] == "'already quoted and @SUM(A1) inside."      # left alone
    other = cli_factory("other")
    r = other("story", "import", str(tmp_path / "out" / "stories.csv"))
    assert r.returncode == 0, r.stderr
    fields = ("title", "situation", "task", "action", "result")
    pick = lambda c: [{f: s[f] for f in fields} for s in c.json("story", "list")]
    assert pick(other) == pick(ready_cli)
    assert pick(other)[0]["title"] == '=HYPERLINK("http://x","y")'


# ---- export --format csv: every table --------------------------------------------------------------

def test_every_exported_table_neutralises_text_and_keeps_numbers(coach, tmp_path):
    hostile_stories(coach)
    from systemcraft.services import logbook
    coach.complete("1", 25, "-5 minutes: =cmd")
    coach.skip("2", "@SUM(A1) meeting")
    coach.log(logbook.coding_entry(TODAY, "=HYPERLINK(\"http://x\",\"y\")", "sliding-window", "easy", 20, True, None))
    coach.log(logbook.checkin_entry(TODAY, 1.5, "+topic", 3, 3, "-insight"))
    coach.log(logbook.concept_entry(TODAY, "@concept", "concept"))
    coach.week_notes(None, "=win", "-challenge", "+focus")
    json_path = coach.export_all(tmp_path / "json", "json")[0]
    exported = json.loads(json_path.read_text())
    files = {p.name: p for p in coach.export_all(tmp_path / "csv", "csv")}
    for name in ("stories.csv", "log_entries.csv", "cards.csv", "tasks.csv", "week_notes.csv"):
        assert name in files
    seen_formula = 0
    for table in ["candidate"] + transfer.LISTS:
        rows = cells(files[f"{table}.csv"])
        originals = [exported["candidate"]] if table == "candidate" else exported[table]
        assert len(rows) == len(originals), table
        for row, original in zip(rows, originals):
            for field, (kind, _) in transfer.SPEC[table].items():
                cell, value = row[field], original.get(field)
                if kind == "str" and value is not None:
                    assert not looks_like_a_formula(cell), (table, field, cell)
                    assert restore(cell) == value, (table, field, cell, value)   # exact once restored
                    seen_formula += cell != value
                elif kind == "json":
                    assert json.loads(cell) == value, (table, field)
                elif kind in ("int", "float") and value is not None:
                    assert float(cell) == value, (table, field)
    assert seen_formula >= 12        # titles, parts, prompts, the note, reason, title, insight, notes…
    tasks = {r["id"]: r for r in cells(files["tasks.csv"])}
    assert any(r["note"] == "'-5 minutes: =cmd" for r in tasks.values())
    assert any(r["reason"] == "'@SUM(A1) meeting" for r in tasks.values())
    cards = cells(files["cards.csv"])
    assert all(not looks_like_a_formula(c["prompt"]) and not looks_like_a_formula(c["answer"]) for c in cards)


def test_a_negative_number_stays_a_number(tmp_path):
    """Only text is neutralised: a numeric column holding -5 is written -5, not '-5."""
    data = {"candidate": {"name": "-Sam", "years_experience": -1}, **{t: [] for t in transfer.LISTS}}
    data["log_entries"] = [{"minutes": -5, "score": -1.5, "title": "-5 minutes", "insight": "@x", "count": 1}]
    files = {p.name: p for p in transfer.write_export(data, tmp_path / "out", "csv")}
    entry = cells(files["log_entries.csv"])[0]
    assert entry["minutes"] == "-5" and entry["score"] == "-1.5" and entry["count"] == "1"
    assert entry["title"] == "'-5 minutes" and entry["insight"] == "'@x"
    person = cells(files["candidate.csv"])[0]
    assert person["name"] == "'-Sam" and person["years_experience"] == "-1"


# ---- story import: numbers, encodings, huge cells --------------------------------------------------

HEADER = "Title,Principle,Situation,Task,Action,Result,Team size\n"
ROW = 'Scaling,Ownership,"I led the platform org.","Grow it.","I hired and I reorganised.","Doubled output 2x.",{}\n'


@pytest.mark.parametrize("cell,size", [('"1,200"', 1200), ("1200", 1200), ('"about 40 engineers"', 40),
                                       ('"1 200"', 1200), ("Platform team", None), ('"12-15"', 12)])
def test_team_size_reads_thousands_separators(cell, size):
    report = story_csv.read((HEADER + ROW.format(cell)).encode(), "bank.csv")
    assert report.stories[0].team_size == size


@pytest.mark.parametrize("cell", ['"1,5"', "1.5", "1.200", "99999999999999999999"])
def test_a_team_size_that_is_not_a_whole_number_is_refused_not_guessed(cell):
    with pytest.raises(InputError, match=r"line 2: team_size: '.*' is (not a whole number|too large)"):
        story_csv.read((HEADER + ROW.format(cell)).encode(), "bank.csv")


def test_excel_unicode_text_utf16_tab_separated_is_read():
    text = ("Title\tPrinciple\tSituation\tTask\tAction\tResult\tTeam size\r\n"
            "Zürich launch ✓\tOwnership\tThe café team was late.\tShip it.\tI cut scope and I paired.\t"
            "Shipped in 3 weeks, 20% faster.\t1,200\r\n")
    data = b"\xff\xfe" + text.encode("utf-16-le")
    s = story_csv.read(data, "bank.txt").stories[0]
    assert (s.title, s.situation, s.team_size) == ("Zürich launch ✓", "The café team was late.", 1200)
    big_endian = story_csv.read(b"\xfe\xff" + text.encode("utf-16-be"), "bank.txt").stories[0]
    assert big_endian == s


def test_a_cell_over_the_csv_limit_is_one_line_not_a_traceback(ready_cli, tmp_path):
    huge = "x" * (csv.field_size_limit() + 10)
    data = (HEADER + ROW.format(f'"{huge}"')).encode()
    with pytest.raises(InputError, match=r"bank.csv: line 2: a cell is longer than 131,072 characters"):
        story_csv.read(data, "bank.csv")
    path = tmp_path / "huge.csv"
    path.write_bytes(data)
    err = one_line_error(ready_cli("story", "import", str(path)))
    assert "line 2: a cell is longer than" in err
    assert ready_cli.json("story", "list") == []


def test_an_unbalanced_quote_swallowing_the_file_is_one_line(tmp_path):
    data = (HEADER + 'Open quote,Ownership,"never closed,' + "y" * 140_000 + "\n").encode()
    with pytest.raises(InputError, match="line 2: a cell is longer than"):
        story_csv.read(data, "bank.csv")


def test_a_nul_byte_is_one_line():
    with pytest.raises(InputError, match=r"bank.csv: line 2: holds a NUL character"):
        story_csv.read((HEADER + ROW.format("4").replace("Scaling", "Sca\x00ling")).encode(), "bank.csv")


@pytest.fixture
def cli_factory(tmp_path, answers_file):
    from tests.conftest import CLI, INIT_ARGS

    def make(name):
        c = CLI(tmp_path / name)
        r = c(*INIT_ARGS, "--answers", str(answers_file))
        assert r.returncode == 0, r.stderr
        return c
    return make
