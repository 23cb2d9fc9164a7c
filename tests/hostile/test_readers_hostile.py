"""Hostile and unlucky files given to the readers (issue 14 §3, §4): YAML bombs, duplicate keys and YAML 1.1
traps, deep JSON and YAML, 5,000-digit numbers, the decoding rule (UTF-8 with or without BOM, UTF-16 with
BOM), Markdown that only a real parser reads right (fences, setext headings, CRLF, BOM), the pace series of
a transcript whose timestamps are huge, and feedback forms of the wrong shape.

The bombs run in a child process whose peak memory is measured (and whose address space is capped, so a
regression fails the test instead of the machine). Before: the 455-byte story took 5.7 GB and 57 s, the
628-byte feedback form 3 GB and 125 s; a page of "[](" repeated took hours to lint.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from systemcraft import yamlsafe
from systemcraft.content import frontmatter, lint, loader
from systemcraft.domain import delivery as dd
from systemcraft.domain.stories import Story
from systemcraft.domain.transcript import Speech, Turn, Word
from systemcraft.errors import InputError
from systemcraft.exports.files import decode_text, loads_json, read_json, read_text
from systemcraft.services import mockrun, story_markdown
from systemcraft.services.delivery import read_upload
from tests.cli.test_bad_input import one_line_error

ROOT = Path(__file__).resolve().parents[2]
PEAK_MB = 200                       # the bound for peak memory on the bomb inputs
PAGE = (loader.PACK / "behavioral" / "have-backbone-1.md").read_text()


def laughs(levels: int = 9, width: int = 9) -> str:
    """A YAML flow list whose anchors expand to width**levels strings (9**9 ≈ 387 million)."""
    parts = ["&a0 [" + ",".join(["lol"] * width) + "]"]
    parts += [f"&a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


BOMB_STORY = "---\ntitle: Bomb\nprimary_lp: ownership\nperiod: " + laughs() + "\n---\n\n## Situation\n\nx\n"
GOOD_FORM = ("# kit\n\n## Feedback form\n\nFill in the block below.\n\n```yaml\nformat: behavioral\nlevel: L6\n"
             "persona: collaborator\ninterviewer: \"Jo\"\nscores:\n  LP demonstration: 4\n  STAR structure: 3\n"
             "  Management competency: 5\nevidence:\n  LP demonstration: \"clear\"\n  STAR structure: \"\"\n"
             "  Management competency: \"\"\nrecommendation: 4\nstrengths: [calm]\nimprovements: []\n"
             "questions:\n  - o-1\n```\n")


def story_text(**front) -> str:
    lines = {"title": '"Billing migration"', "primary_lp": "ownership", "level": "L6", **front}
    return ("---\n" + "\n".join(f"{k}: {v}" for k, v in lines.items()) + "\n---\n\n"
            "## Situation\n\nThe billing database could not scale.\n\n## Task\n\nMove it in one quarter.\n\n"
            "## Action\n\nI planned dual writes and I ran the cutover.\n\n## Result\n\nZero downtime; $300k saved.\n")


def in_child(code: str, timeout: float = 120) -> tuple[str, float]:
    """Run `code` in a fresh interpreter (address space capped at 3 GB); its stdout and peak RSS in MB
    (VmHWM: since its own exec, not the forking pytest's)."""
    script = (f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n{code}\n"
              "from tests.hostile.test_fuzz_readers import peak_rss_kb\nprint('PEAK', peak_rss_kb())\n")

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 ** 3, 3 * 1024 ** 3))
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout,
                       preexec_fn=cap)
    assert r.returncode == 0, r.stderr[-2000:]
    out, peak = r.stdout.rsplit("PEAK", 1)
    return out.strip(), int(peak) / 1024


# ---------------------------------------------------------------- the one YAML loader

def test_aliases_and_anchors_are_refused_with_the_files_line():
    with pytest.raises(yamlsafe.YamlError, match=r"^line 4: anchors \(&x\) are not allowed$"):
        yamlsafe.load("a: 1\nb: 2\nc: &x [1]\nd: *x", first_line=2)
    with pytest.raises(yamlsafe.YamlError, match=r"^line 1: aliases \(\*x\) are not allowed$"):
        yamlsafe.load("a: *x")


def test_duplicate_keys_are_refused_naming_both_lines():
    with pytest.raises(yamlsafe.YamlError, match=r"^line 5: duplicate key 'title' \(first on line 2\)$"):
        yamlsafe.load("title: A\nlevel: L6\nstatus: draft\ntitle: B", first_line=2)
    with pytest.raises(yamlsafe.YamlError, match="duplicate key 'a'"):
        yamlsafe.load("{a: 1, a: 2}")


def test_integers_are_decimal_and_yaml_1_1_number_forms_stay_text():
    got = yamlsafe.load("a: 012\nb: 0x1F\nc: 0o17\nd: 1_000\ne: 1:30\nf: -7\ng: 1.5\nh: 2e3\ni: +3")
    assert got == {"a": 12, "b": "0x1F", "c": "0o17", "d": "1_000", "e": "1:30", "f": -7, "g": 1.5, "h": 2000.0,
                   "i": 3}


def test_booleans_and_dates_are_still_read_so_readers_can_name_the_trap():
    assert yamlsafe.load("a: NO\nb: 2025-06-30\nc: ~") == {"a": False, "b": dt.date(2025, 6, 30), "c": None}


@pytest.mark.parametrize("text,message", [
    ("a: " + "[" * 10_000 + "]" * 10_000, "line 1: nested more than 32 levels deep"),
    ("a: !!str 012", "tags (tag:yaml.org,2002:str) are not allowed"),
    ("a: !!python/object:os.system ls", "line 1: tags (tag:yaml.org,2002:python/object"),
    ("<<: {a: 1}", "merge keys (<<) are not allowed"),
    ("a: 1\nb: 2025-02-30", "line 2: '2025-02-30' is not a real date"),
    ("a: " + "9" * 5000, "a number of 5000 digits (at most 30)"),
    ("a: b\n---\nc: d", "line 2: expected a single document in the stream but found another document"),
    ("a: \x07", "the character #x0007 is not allowed in YAML"),
    ("a: \ud800", "a character that is not valid Unicode text"),
    ("? [a]\n: b", "a key must be a plain word"),
    ("x" * (yamlsafe.MAX_CHARS + 1), "characters long"),
])
def test_what_the_loader_refuses_is_one_line(text, message):
    with pytest.raises(yamlsafe.YamlError) as exc:
        yamlsafe.load(text)
    assert message in exc.value.message and "\n" not in exc.value.message


def test_a_value_with_line_breaks_is_shown_on_one_line():
    with pytest.raises(yamlsafe.YamlError) as exc:
        yamlsafe.load('"a\\nb": 1\n"a\\nb": 2')
    assert "duplicate key 'a b'" in exc.value.message


# ---------------------------------------------------------------- bombs: memory and time, in a child

def test_the_billion_laughs_story_is_refused_in_little_memory(tmp_path):
    path = tmp_path / "bomb.md"
    path.write_text(BOMB_STORY)
    assert len(BOMB_STORY.encode()) < 500
    out, peak = in_child("from systemcraft.services import story_markdown\nfrom systemcraft.errors import InputError\n"
                         f"try:\n    story_markdown.parse(open({str(path)!r}).read(), 'bomb.md')\n    print('ACCEPTED')\n"
                         "except InputError as e:\n    print('REFUSED', e.message)")
    assert out == "REFUSED bomb.md: line 4: broken front matter (anchors (&a0) are not allowed)"
    assert peak < PEAK_MB, peak


def test_the_billion_laughs_feedback_form_is_refused_in_little_memory(tmp_path):
    path = tmp_path / "form.md"
    path.write_text(GOOD_FORM.replace("strengths: [calm]", "strengths: " + laughs()))
    out, peak = in_child("from systemcraft.services import mockrun\nfrom systemcraft.errors import InputError\n"
                         f"try:\n    mockrun.read_feedback(open({str(path)!r}).read(), 'form.md')\n    print('ACCEPTED')\n"
                         "except InputError as e:\n    print('REFUSED', e.message)")
    assert out.startswith("REFUSED form.md: line 21: the feedback form is not valid YAML (anchors (&a0)"), out
    assert peak < PEAK_MB, peak


def test_the_billion_laughs_page_is_one_lint_finding_in_little_memory(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(PAGE.replace("---\n", "---\nextra: " + laughs() + "\n", 1))
    out, peak = in_child("from pathlib import Path\nfrom systemcraft.content import lint\n"
                         f"print([(f.line, f.rule, f.message) for f in lint.lint_file(Path({str(path)!r}))])")
    assert out == "[(2, 'FM001', 'invalid YAML in the front matter: anchors (&a0) are not allowed')]"
    assert peak < PEAK_MB, peak


def test_a_page_of_link_brackets_lints_in_linear_time(tmp_path):
    """The link pattern once re-scanned the rest of the line from every '[': 450 KB of '[](' took minutes.
    The child's timeout is a hang guard, not a benchmark."""
    path = tmp_path / "page.md"
    path.write_text(PAGE + "\n" + "[](" * 150_000 + "\n\n" + "{{" * 100_000 + "\n\nSituation " + "1" * 150_000 + "\n")
    out, peak = in_child("from pathlib import Path\nfrom systemcraft.content import lint\n"
                         f"print(sorted({{f.rule for f in lint.lint_file(Path({str(path)!r}))}}))", timeout=60)
    assert out == "[]", out                   # no link, no placeholder, no finding: read, not hung
    assert peak < PEAK_MB, peak


@pytest.mark.parametrize("data", [
    b"3\r" + b" " * 40_000 + b"x\r00:00:00,500 --> 00:00:06,000\rhi\r",          # found by the long fuzz run
    b"1\n00:00:01,000 --> 00:00:02,000\nhi\n\n" + b"9" * 20_000 + b"\n",
    b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi " + b"<v " * 50_000 + b"\n",
    b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi " + b"1." * 50_000 + b" 30%\n",
])
def test_caption_files_that_made_the_parsers_backtrack_are_read_in_linear_time(tmp_path, data):
    """The srt library's pattern backtracked on long runs of spaces (40,000: minutes) and digits (20,000:
    hours); the voice and tag patterns and the number finder re-scanned the rest of the line from every '<'
    or digit. The child's timeout is a hang guard, not a benchmark."""
    path = tmp_path / "a.srt"
    path.write_bytes(data)
    out, peak = in_child("from types import SimpleNamespace\nimport datetime\nfrom systemcraft.errors import InputError\n"
                         "from systemcraft.services.delivery import analyse, read_upload\n"
                         "from systemcraft.domain import delivery as dd\n"
                         "from systemcraft.domain.transcript import speech_of\n"
                         f"data = open({str(path)!r}, 'rb').read()\n"
                         "name = 'a.vtt' if data.startswith(b'WEBVTT') else 'a.srt'\n"
                         "try:\n    t = read_upload(data, name, None, None)\n"
                         "    print('READ', len(dd.measure(speech_of(t)).pace))\n"
                         "except InputError as e:\n    print('REFUSED', e.message)", timeout=60)
    assert out.startswith(("READ", "REFUSED")) and "\n" not in out, out
    assert peak < PEAK_MB, peak


# ---------------------------------------------------------------- stories: type-strict, one parser, any line end

def test_a_list_title_is_refused_not_turned_into_its_repr():
    with pytest.raises(InputError, match=r"^story: line 2: title must be text, got a list; put it in quotes$"):
        story_markdown.parse(story_text(title="[a, b]"))


def test_team_size_012_is_twelve():
    assert story_markdown.parse(story_text(team_size="012")).team_size == 12


def test_a_duplicate_field_is_refused_naming_both_lines():
    text = story_text().replace("level: L6", "level: L6\ntitle: Other")
    with pytest.raises(InputError, match=r"line 5: broken front matter \(duplicate key 'title' \(first on line 2\)\)"):
        story_markdown.parse(text)


def test_a_heading_inside_a_code_fence_is_text_and_setext_headings_count():
    text = story_text().replace("## Task\n\nMove it in one quarter.",
                                "```\n## Not a section\n```\n\nTask\n----\n\nMove it in one quarter.")
    s = story_markdown.parse(text)
    assert s.situation == "The billing database could not scale.\n\n```\n## Not a section\n```"
    assert s.task == "Move it in one quarter."


@pytest.mark.parametrize("encoding,newline", [("utf-8-sig", "\n"), ("utf-8", "\r\n"), ("utf-8-sig", "\r\n"),
                                              ("utf-16", "\r\n"), ("utf-16-be", "\n")])
def test_a_story_file_with_a_bom_or_crlf_reads_like_the_plain_one(tmp_path, encoding, newline):
    plain = story_markdown.parse(story_text(), "s.md")
    path = tmp_path / "s.md"
    data = story_text().replace("\n", newline).encode(encoding)
    path.write_bytes(b"\xfe\xff" + data if encoding == "utf-16-be" else data)
    assert story_markdown.parse(read_text(path, "the story", 1 << 20), "s.md") == plain
    assert isinstance(plain, Story) and plain.result == "Zero downtime; $300k saved."


def test_a_story_with_a_bom_is_added_through_the_cli(ready_cli, tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(story_text().replace("\n", "\r\n").encode("utf-8-sig"))
    r = ready_cli("story", "add", str(path))
    assert r.returncode == 0, r.stderr
    assert [s["title"] for s in ready_cli.json("story", "list")] == ["Billing migration"]


# ---------------------------------------------------------------- the content pack and the linter

@pytest.mark.parametrize("encoding,newline", [("utf-8", "\r\n"), ("utf-8-sig", "\n"), ("utf-8-sig", "\r\n"),
                                              ("utf-16", "\n")])
def test_the_linter_reads_crlf_bom_and_utf16_pages_like_the_story_reader(tmp_path, encoding, newline):
    path = tmp_path / "page.md"
    path.write_bytes(PAGE.replace("\n", newline).encode(encoding))
    assert lint.lint_file(path) == []
    broken = tmp_path / "broken.md"
    broken.write_bytes(PAGE.replace("## Red flags", "## Warnings").replace("\n", newline).encode(encoding))
    assert [f.rule for f in lint.lint_file(broken)] == ["SEC001"]


def test_the_linter_sees_setext_headings_and_ignores_headings_in_code():
    setext = "\n".join(f"{line[3:]}\n{'-' * len(line[3:])}" if line.startswith("## ") else line
                       for line in PAGE.split("\n"))
    assert "## " not in setext.split("---\n", 2)[2] and lint.lint_text(setext, "p.md") == []
    fenced = PAGE.replace("## Red flags", "~~~\n## Red flags\n~~~")
    assert [f.rule for f in lint.lint_text(fenced, "p.md")] == ["SEC001"]


def test_the_pack_loader_reads_sections_with_the_same_parser(tmp_path, monkeypatch):
    (tmp_path / "behavioral").mkdir()
    page = PAGE.replace("## Red flags", "```\n## Not a section\n```\n\nRed flags\n---------").replace("\n", "\r\n")
    (tmp_path / "behavioral" / "p.md").write_bytes(page.encode("utf-8-sig"))
    monkeypatch.setattr(loader, "PACK", tmp_path)
    [p] = loader.load(None)
    assert "Not a section" not in p.sections and "Red flags" in p.sections
    assert p.sections["The question"] == loader._parse(loader.PACK / "behavioral" / "p.md").sections["The question"]
    assert "```\n## Not a section\n```" in list(p.sections.values())[list(p.sections).index("Red flags") - 1]


def test_split_and_sections_report_file_lines():
    sp = frontmatter.split("\ufeff---\r\ntitle: x\r\n---\r\n\r\nIntro\r\n\r\n## One\r\n\r\nText\r\n\r\nTwo\r\n---\r\nMore\r\n")
    assert (sp.front, sp.body_line, sp.closed) == ("title: x\n", 5, True)
    got = [(s.title, s.line, s.text_line, s.text.strip()) for s in frontmatter.sections(sp.body, sp.body_line)]
    assert got == [("One", 7, 8, "Text"), ("Two", 11, 13, "More")]
    assert frontmatter.split("---\ntitle: x\n").closed is False


# ---------------------------------------------------------------- the one decoding rule

@pytest.mark.parametrize("data", ["Zoë — 30%\n".encode("utf-8"), "Zoë — 30%\n".encode("utf-8-sig"),
                                  "Zoë — 30%\n".encode("utf-16"), b"\xfe\xff" + "Zoë — 30%\n".encode("utf-16-be"),
                                  b"\xff\xfe" + "Zoë — 30%\n".encode("utf-16-le")])
def test_utf8_with_or_without_bom_and_utf16_with_bom_decode_the_same(data):
    assert decode_text(data, "the file f.txt") == "Zoë — 30%\n"


@pytest.mark.parametrize("data,message", [
    ("café".encode("latin-1"), "the file f.txt is not UTF-8 text (byte 0xe9 at offset 3)"),
    ("café".encode("utf-16-le"), "the file f.txt is not UTF-8 text"),                    # UTF-16 without its mark
    ("café".encode("utf-32"), "the file f.txt is UTF-32 text"),
    (b"\xff\xfe\x00\xd8", "the file f.txt is not UTF-8 text, nor valid UTF-16-LE text"),   # a lone surrogate
    (b"\xfe\xff\x00", "nor valid UTF-16-BE text"),
])
def test_anything_else_is_one_line_naming_the_file(data, message):
    with pytest.raises(InputError) as exc:
        decode_text(data, "the file f.txt")
    assert message in exc.value.message and "\n" not in exc.value.message


# ---------------------------------------------------------------- JSON: depth and numbers bounded

@pytest.mark.parametrize("text,message", [
    ("[" * 10_000 + "]" * 10_000, "nests JSON more than 64 levels deep"),
    ("[" * 65 + "]" * 65, "nests JSON more than 64 levels deep"),
    ('{"a": ' + "9" * 5000 + "}", "a number of 5000 characters (at most 40)"),
    ("[NaN]", "NaN is not a JSON number"),
    ("[-Infinity]", "-Infinity is not a JSON number"),
    ("[1e999]", "the number 1e999 is too large"),
    ('{"a": [1,', "is not valid JSON (line 1: Expecting value)"),
])
def test_json_that_would_crash_later_is_one_line(text, message):
    with pytest.raises(InputError) as exc:
        loads_json(text, "the export x.json")
    assert exc.value.message.startswith("the export x.json ") and message in exc.value.message
    assert loads_json("[" * 64 + "]" * 64, "x") is not None          # the limit itself is fine


def test_read_json_goes_through_the_decoding_rule(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(json.dumps({"q1": "C"}).encode("utf-16"))
    assert read_json(path, "the answers file", 1 << 20) == {"q1": "C"}


@pytest.mark.parametrize("content", ["[" * 10_000 + "]" * 10_000, '{"q1": ' + "9" * 5000 + "}"])
def test_deep_json_and_huge_numbers_are_exit_1_not_a_traceback(cli, tmp_path, content):
    path = tmp_path / "answers.json"
    path.write_text(content)
    r = cli("init", "--name", "Sam", "--role", "manager", "--years", "10", "--engineers", "9", "--interview",
            "2027-02-15", "--hours", "10", "--answers", str(path))
    assert "the answers file" in one_line_error(r)
    export = tmp_path / "export.json"
    export.write_text(content)
    assert "the export" in one_line_error(type(cli)(tmp_path / "empty")("import", str(export)))


def test_a_deep_json_transcript_is_one_line():
    with pytest.raises(InputError, match=r"^a\.json nests JSON more than 64 levels deep$"):
        read_upload(b"[" * 10_000 + b"]" * 10_000, "a.json", None, None)


# ---------------------------------------------------------------- transcripts: the pace series is sized by speech

def test_the_pace_series_has_no_more_points_than_words_whatever_the_timestamps():
    far = 10.0 ** 9                          # the domain has no 24-hour cap of its own: sized by speech only
    words = (Word("hi", 0.0, 0.5), Word("there", far, far + 0.5))
    speech = Speech("", "the only speaker", (Turn(words, 0.0, far + 0.5),), (), ())
    points = dd.pace(speech)
    assert len(points) == 2 and points[0][0] == 0.0 and points[1][0] == far


def test_a_day_long_cue_is_analysed_with_a_handful_of_pace_points():
    from types import SimpleNamespace

    from systemcraft.services.delivery import analyse
    vtt = b"WEBVTT\n\n00:00:00.000 --> 23:59:00.000\nhi there\n"
    coach = SimpleNamespace(has_database=lambda: False, env=SimpleNamespace(today=dt.date(2026, 11, 23)))
    report = analyse(coach, read_upload(vtt, "a.vtt", None, None), "a.vtt", save=False)
    assert json.dumps(report).count("wpm") < 50
    measured = dd.measure(__import__("systemcraft.domain.transcript", fromlist=["speech_of"]).speech_of(
        read_upload(vtt, "a.vtt", None, None)))
    assert 1 <= len(measured.pace) <= 2 and measured.words == 2


# ---------------------------------------------------------------- feedback forms of the wrong shape

@pytest.mark.parametrize("edit,message", [
    (lambda t: t.replace("format: behavioral\nlevel: L6\npersona: collaborator\ninterviewer: \"Jo\"\nscores:\n"
                         "  LP demonstration: 4\n  STAR structure: 3\n  Management competency: 5\nevidence:\n"
                         "  LP demonstration: \"clear\"\n  STAR structure: \"\"\n  Management competency: \"\"\n"
                         "recommendation: 4\nstrengths: [calm]\nimprovements: []\nquestions:\n  - o-1\n",
                         "- format: behavioral\n- level: L6\n"),
     "line 8: the feedback form must be 'key: value' lines, not a list"),
    (lambda t: t.replace("  STAR structure: 3", '  STAR structure: "3"'),
     "line 14: scores.STAR structure must be a whole number from 1 to 5, got '3'"),
    (lambda t: t.replace("  STAR structure: 3", "  STAR structure: true"),
     "line 14: scores.STAR structure must be a whole number from 1 to 5, got True"),
    (lambda t: t.replace("scores:\n  LP demonstration: 4\n  STAR structure: 3\n  Management competency: 5",
                         "scores: [4, 3, 5]"),
     "line 12: scores must be 'dimension: number' lines"),
    (lambda t: t.replace("  STAR structure: 3\n", ""),
     "line 12: scores.STAR structure is missing: give a whole number from 1 to 5"),
    (lambda t: t.replace("recommendation: 4", "recommendation: 4\nmood: great"),
     "line 21: unknown field 'mood'"),
    (lambda t: t.replace("  STAR structure: 3", "  STAR structure: 3\n  Charisma: 5"),
     "line 15: scores: 'Charisma' is not a dimension of a Behavioral mock at L6"),
    (lambda t: t.replace("strengths: [calm]", "strengths: " + "[" * 10_000 + "]" * 10_000),
     "line 21: the feedback form is not valid YAML (nested more than 32 levels deep)"),
    (lambda t: t.replace("recommendation: 4", "recommendation: 4\nrecommendation: 5"),
     "line 21: the feedback form is not valid YAML (duplicate key 'recommendation' (first on line 20))"),
    (lambda t: t.replace("strengths: [calm]", "strengths: [calm, [nested]]"),
     "line 21: strengths[2]: must be text, got a list"),
    (lambda t: t.replace("persona: collaborator", "persona: ghost"),
     "line 10: persona must be one of detail_expert"),
])
def test_a_feedback_form_of_the_wrong_shape_is_one_line_with_its_line(edit, message):
    with pytest.raises(InputError) as exc:
        mockrun.read_feedback(edit(GOOD_FORM), "f.md")
    assert exc.value.message.startswith(f"f.md: {message}"), exc.value.message
    assert "\n" not in exc.value.message


def test_a_good_form_reads_and_012_is_twelve_nowhere_but_decimal():
    got = mockrun.read_feedback(GOOD_FORM.replace("recommendation: 4", "recommendation: 04"), "f.md")
    assert got["rubric"].recommendation == 4 and got["rubric"].scores["STAR structure"] == (3, "")
    assert got["questions"] == ("o-1",) and got["persona"] == "collaborator"


def test_a_heading_inside_a_code_block_is_not_the_form():
    text = "```\n## Feedback form\n```yaml\nformat: x\n```\n```\n"
    with pytest.raises(InputError, match=r"^f\.md: no '## Feedback form' with a ```yaml block$"):
        mockrun.read_feedback(text, "f.md")


def test_a_list_shaped_form_through_the_cli_saves_nothing(ready_cli, tmp_path):
    path = tmp_path / "form.md"
    path.write_text("## Feedback form\n\n```yaml\n- a\n- b\n```\n")
    assert "the feedback form must be 'key: value' lines, not a list" in one_line_error(
        ready_cli("mock", "import-feedback", str(path)))
    assert ready_cli.json("mock", "list") == []
