"""What the long fuzz run of the readers found in code outside the readers, kept closed.

- The number pattern of the story and STAR analysis retried every digit of a run like "1.1.1.1…":
  100 kB of it in a caption took 585 s in `analyze`.
- Spreadsheet headers and team sizes with line breaks made multi-line error messages.
- An imported export with a field named "\\r" made a multi-line error message.
- The mock page's timing fields were parsed with an unbounded JSON parser: deep nesting was a 500.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from systemcraft.errors import InputError


def test_the_number_pattern_is_linear_on_long_digit_runs():
    """Run in a child with a generous limit: before, this input took minutes (a hang, not a slowness)."""
    code = ("from systemcraft.domain.story_analysis import NUMBER\n"
            "print(len(list(NUMBER.finditer('1.' * 50_000 + ' and 40% more'))))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1"                  # only "40%": the digit run names no quantity


@pytest.mark.parametrize("text, found", [
    ("We cut costs by 40% and saved $2M a year", ["40%", "$2M"]),
    ("3 engineers, 12 teams, 1,200 users in 2024", ["3 engineers", "12 teams", "1,200 users", "2024"]),
    ("latency fell from 350ms to 90 ms, 2.5x faster", ["350ms", "90 ms", "2.5x"]),
])
def test_the_number_pattern_still_finds_what_it_found(text, found):
    from systemcraft.domain.story_analysis import NUMBER
    assert [m.group() for m in NUMBER.finditer(text)] == found


def test_spreadsheet_errors_stay_on_one_line():
    from systemcraft.services import story_csv
    with pytest.raises(InputError) as info:
        story_csv.read(b'"Head\r\ner one","Two\nlines"\r\nx,y\r\n', "bank.csv")
    assert "\n" not in str(info.value) and "\r" not in str(info.value)
    header = "Story Title,Leadership Principle,Situation,Task,Action,Result,Team size\n"
    row = 'T,Ownership,S s s,T t t,A a a,R r r,"1,5\nengineers"\n'
    with pytest.raises(InputError) as info:
        story_csv.read((header + row).encode(), "bank.csv")
    assert "team_size" in str(info.value) and "\n" not in str(info.value)


def test_an_import_error_naming_a_strange_field_is_one_line():
    from systemcraft.schemas.base import describe
    message = describe({"loc": ("candidate", "\r\nX"), "type": "extra_forbidden"})
    assert message.startswith("candidate.") and "unknown field" in message
    assert "\n" not in message and "\r" not in message


def test_the_mock_pages_timing_fields_are_bounded_json():
    from systemcraft.web.pages.mock import _floats
    with pytest.raises(InputError, match="deep"):
        _floats("[" * 10_000 + "]" * 10_000, "the phase start times", 5)
    with pytest.raises(InputError):
        _floats("[" + "9" * 5000 + "]", "the phase start times", 5)
    assert _floats("[0, 61.5]", "the phase start times", 5) == [0, 61.5]


@pytest.mark.parametrize("text, limit, expected", [
    ("plain text", 400, "plain text"),
    ("two\nlines\r", 400, "two\\nlines\\r"),                  # shown escaped, still one line
    ("\x1b[31mred", 400, "\\x1b[31mred"),                     # an escape sequence cannot colour the terminal
    ("x" * 500, 10, "x" * 9 + "…"),
    ("é Zoë ✓", 400, "é Zoë ✓"),                              # printable letters stay as they are
])
def test_one_line_is_the_one_rule_for_user_text_in_messages(text, limit, expected):
    from systemcraft.cli.main import one_line as cli_line
    from systemcraft.domain.wording import one_line
    from systemcraft.yamlsafe import shown
    assert one_line(text, limit) == expected
    assert cli_line(text) == one_line(text, 400)
    assert shown("two\nlines", 60) == "two lines"             # readers also fold whitespace first
