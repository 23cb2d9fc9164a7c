"""User text in brackets reaches the terminal as it was typed (issue 14 §5).

Rich read user text as markup: a name containing "[/]" made `status` exit 70, a story titled
"Fixed [/] the flaky deploys" did the same to `story coverage`, "Anna Kowalski [she/her]" printed
as "Anna Kowalski" and "[draft] Billing migration" lost "[draft]". Here every command that shows
user text runs over a home where every text field holds the four hostile forms, and the text must
come out literally with exit code 0. The home's own folder name has brackets too (`init` prints it).

The last two tests keep it so: every renderer in cli/tables.py must be exercised here, and no
renderer may interpolate a view's field into markup without esc().
"""

from __future__ import annotations

import ast
import csv
import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import ANSWERS, CLI

HOSTILE = ("[/]", "[red]", "[she/her]", "[bold]x[/bold]")
H = " ".join(HOSTILE)                                   # "[/] [red] [she/her] [bold]x[/bold]"
ODD = "C:\\[tmp]\\ :thumbs_up: a\\"                     # backslashes before a bracket and at the end; an emoji code
AFTER = date(2027, 2, 16)                               # the day after the interview


def flat(text: str) -> str:
    """Whitespace-insensitive: Rich and textwrap may wrap a long line between words."""
    return " ".join(text.split())


def shows(out: str, *texts: str) -> None:
    for t in texts:
        assert flat(t) in flat(out), f"{t!r} not shown literally in:\n{out}"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """One home, built through the CLI, with hostile text in every field a person can type."""
    base = tmp_path_factory.mktemp("markup")
    (base / "quiz.json").write_text(json.dumps(ANSWERS))
    cli = CLI(base / "home [/] [red] [she-her]")
    out = {}

    def run(*args, key=None, today=None):
        r = cli(*args, today=today)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        if key:
            out[key] = r.stdout
        return r

    run("init", "--name", f"Anna Kowalski {H}", "--role", "manager", "--years", "10", "--engineers", "9",
        "--interview", "2027-02-15", "--hours", "10", "--answers", str(base / "quiz.json"), key="init")
    run("story", "add", "--title", f"Fixed {H}", "--lp", "ownership",
        "--situation", f"I led a team of six on checkout {H}.", "--task", f"Ship it without headcount {H}.",
        "--action", f"I cut two features and paired juniors {H}.",
        "--result", f"We shipped on time and conversion went up 12% {H}.", key="story add")
    run("story", "add", "--title", f"[draft] Billing migration {ODD}", "--also", "earn-trust", "--lp", "dive-deep",
        "--situation", f"The billing system {ODD}.", "--task", "Move it.", "--action", "I moved it.",
        "--result", "Done in 3 weeks, 20% cheaper.")
    run("story", "add", "--title", f"Gone {H}", "--lp", "frugality", "--situation", "a", "--task", "b",
        "--action", "c", "--result", "d")
    run("story", "delete", "3", key="story delete")
    run("done", "1", "--note", f"note {H}", key="done")
    run("skip", "2", "--reason", f"reason {H}", key="skip")
    run("log", "notes", "--win", f"win {H}", "--challenge", f"challenge {H}", "--focus", f"focus {H}")
    run("log", "coding", "--title", f"code {H}", "--pattern", "sliding-window", "--difficulty", "easy",
        "--minutes", "20", key="log coding")
    run("log", "design", "--problem", f"design {H}", "--level", "L6", "--minutes", "30", "--score", "3")
    run("log", "study", "--category", "coding", "--minutes", "10", "--topic", f"topic {H}")
    run("log", "concept", f"concept {H}")
    run("log", "story", "--title", f"drafted {H}", "--lp", "ownership")
    run("log", "mock", "--type", f"mock {H}", "--score", "3", "--minutes", "30")
    run("log", "checkin", "--hours", "1", "--topic", f"checkin {H}", "--confidence", "3", "--energy", "3",
        "--insight", f"insight {H}")
    sheet = base / "stories.csv"
    with sheet.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Title", "Principle", "Situation", "Task", "Action", "Result", f"notes {H}"])
        w.writerow([f"Imported {H}", "earn-trust", "s", "t", "a", "r 10%", "x"])
    run("story", "import", str(sheet), key="story import")
    kit = base / "kit.md"
    run("mock", "kit", "behavioral", "--out", str(kit))
    form = kit.read_text().replace(': 0\n', ': 4\n').replace(': ""\n', f': "{H}"\n')
    form = form.replace('interviewer: "', 'interviewer: "Bob ').replace(
        "strengths: []", f'strengths: ["{H}"]').replace("improvements: []", f'improvements: ["{H}"]')
    (base / "filled.md").write_text(form)
    run("mock", "import-feedback", str(base / "filled.md"))
    vtt = base / "[draft] [red] [bold]x answer.vtt"
    vtt.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:09.000\n<v Priya [/] [red]>So, um, I led a team of six "
                   f"{H} on checkout.\n\n00:00:12.000 --> 00:00:20.000\n<v Priya [/] [red]>I think we shipped, "
                   f"um, conversion up 12% {H}.\n")
    run("analyze", str(vtt), "--story", "1", key="analyze")
    run("interview", "outcome", "waiting", "--note", f"outcome {H}\nsecond line", today=AFTER, key="outcome")
    cli.base = base
    cli.outputs = out
    return cli


# (command, day, what must be shown literally)
VIEWS = [
    (("status",), None, [f"Anna Kowalski {H}"]),
    (("status",), AFTER, [f"Anna Kowalski {H}", f"note: outcome {H} …"]),
    (("today",), None, [f"skipped: reason {H}"]),
    (("today",), AFTER, [f"note: outcome {H} …"]),
    (("week",), None, [f"Biggest win: win {H}", f"Challenge: challenge {H}", f"Next focus: focus {H}"]),
    (("story", "list"), None, [f"Fixed {H}", f"[draft] Billing migration {ODD}", f"Imported {H}"]),
    (("story", "show", "1"), None, [f"Fixed {H}", f"on checkout {H}.", f"paired juniors {H}."]),
    (("story", "show", "2"), None, [f"The billing system {ODD}."]),   # (the title is in YAML: quoted)
    (("story", "coverage"), None, [f"#1 {('Fixed ' + H)[:30]}", f"#2 {('[draft] Billing migration ' + ODD)[:30]}"]),
    (("story", "coverage", "--matrix"), None, [f"#1 {('Fixed ' + H)[:30]}"]),
    (("story", "check"), None, [f"#1 Fixed {H}", f"#2 [draft] Billing migration {ODD}", "[timing]",
                                f"on checkout {H}."]),
    (("story", "check", "2"), None, [f"#2 [draft] Billing migration {ODD}", f"The billing system {ODD}."]),
    (("story", "match", "ownership"), None, [f"Fixed {H}"]),
    (("log", "list"), None, [f"code {H}", f"design {H}", f"topic {H}", f"concept {H}", f"drafted {H}",
                             f"mock {H}", f"checkin {H}"]),
    (("mock", "list"), None, ["partner", "recommendation 4"]),
    (("plan", "show"), None, ["Wk", "▶1"]),
    (("plan", "show", "--week", "1"), None, ["[x] Behavioral", "[-] Behavioral", "[ ] "]),
    (("plan", "recommend"), None, ["h/week"]),
    (("delivery",), None, ["[draft] [red] [bold]x answe"]),
    (("delivery", "1"), None, ["Delivery — [draft] [red] [bold]x answer.vtt", "Speaker: Priya [/] [red]",
                               f"Against story #1 Fixed {H}", "[she/her] [bold]x[/bold] on checkout"]),
    (("progress",), None, ["Rating trends", "Delivery"]),
    (("month",), None, ["Month 1", "Readiness"]),
    (("adapt", "--dry-run"), date(2026, 11, 30), ["Adaptation after week 1", "Content ahead"]),
    (("review", "--list"), None, ["cards due", "#1 [lp]"]),
]


@pytest.mark.parametrize("args,day,texts", VIEWS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else None)
def test_every_view_prints_user_text_literally(home, args, day, texts):
    r = home(*args, today=day)
    assert r.returncode == 0, (r.stdout, r.stderr)
    shows(r.stdout, *texts)


@pytest.mark.parametrize("key,texts", [
    ("init", ["Data saved in", "home [/] [red] [she-her]"]),
    ("story add", [f"Story #1 saved: Fixed {H}"]),
    ("story delete", [f"Deleted #3: Gone {H}"]),
    ("skip", [f"reason {H}"]),
    ("log coding", [f"code {H}"]),
    ("story import", [f"notes {H}"]),
    ("analyze", ["Delivery — [draft] [red] [bold]x answer.vtt", f"Against story #1 Fixed {H}"]),
    ("outcome", ["waiting"]),
])
def test_what_a_write_command_echoes_is_literal(home, key, texts):
    shows(home.outputs[key], *texts)


def test_the_week_json_keeps_the_free_text_too(home):
    assert home.json("week")["free_text"]["biggest_win"] == f"win {H}"


@pytest.mark.parametrize("args", [
    ("done", H),
    ("log", "edit", "2", f"{H}=1"),
    ("plan", "regenerate", "--days", H),
    ("story", "add", "--title", "t", "--lp", H, "--situation", "a", "--task", "b", "--action", "c", "--result", "d"),
    ("log", "ratings", f"{H}=3"),
    ("story", "import", f"/nonexistent/{H}.csv"),
])
def test_an_error_echoing_the_input_prints_it_literally(home, args):
    r = home(*args)
    assert r.returncode in (1, 2), (r.returncode, r.stderr)
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    shows(r.stderr, H)


# ---- keeping it closed -------------------------------------------------------------------------

ROOT = Path(__file__).parents[2] / "systemcraft"
RENDERERS = {   # every public renderer in cli/tables.py → the command above that runs it
    "quiz_table": "init", "recommendation": "plan recommend", "onboard_summary": "init",
    "plan_table": "plan show", "status_table": "status", "scorecard": "week", "adaptation": "adapt",
    "content_changes": "adapt", "month": "month", "readiness_summary": "status", "readiness": "month",
    "progress": "progress", "story_check": "story check", "coverage": "story coverage",
    "delivery_report": "delivery 1", "delivery_history": "delivery", "mock_list": "mock list",
    "story_list": "story list", "spark": None, "bar": None, "hours": None, "Table": None,
}


def test_every_renderer_in_tables_is_run_by_this_file():
    """A new view in cli/tables.py must be added to VIEWS above (with the user text it shows)."""
    tree = ast.parse((ROOT / "cli" / "tables.py").read_text())
    public = {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}
    assert public == set(RENDERERS), f"new or removed renderers: {public ^ set(RENDERERS)}"
    commands = {" ".join(a) for a, _, _ in VIEWS} | {"init", "adapt"}
    assert {c for c in RENDERERS.values() if c} <= commands


# Calls whose string arguments are markup: our echo, the Rich console, and Rich table rows/headers.
MARKUP_CALLS = {"echo", "print", "add_row", "Table"}
# Helpers whose result is safe in markup: they escape, format numbers and durations, or build Rich Text.
SAFE_CALLS = {"esc", "escape", "rich_text", "minutes", "hours", "counted", "spark", "bar", "_clock", "len", "sum", "str", "int"}
# View fields that hold numbers or dates (never text a person typed): they may be interpolated as they are.
# Text fields — name, title, text, note, message, reason, source, … — never belong here.
NUMERIC_FIELDS = {"id", "seq", "week", "weeks", "month", "number", "start", "end", "interview_date", "total",
                  "previous_total", "plan_weeks", "streak_days", "covered", "slots_filled", "slots_total",
                  "stories", "portfolio_target", "words", "count", "i", "we", "range", "score", "max", "points",
                  "quiz_total", "tasks_done", "tasks", "target", "checkpoint", "attempt", "weight", "wpm",
                  "story_id", "minutes", "minimum"}


def _field(v: ast.expr) -> str | None:
    """The field an expression reads: x.name → name, x['name'] → name, x['names'][0] → names."""
    if isinstance(v, ast.Attribute):
        return v.attr
    if isinstance(v, ast.Subscript) and _constant(v.slice):
        return v.slice.value if isinstance(v.slice, ast.Constant) and isinstance(v.slice.value, str) \
            else _field(v.value)
    return None


def _constant(v: ast.expr) -> bool:
    return isinstance(v, ast.Constant) or (isinstance(v, ast.UnaryOp) and isinstance(v.operand, ast.Constant))


def _safe(v: ast.expr) -> bool:
    """A value that is never user text: a number or date field, or a lookup in a table of our own words."""
    if isinstance(v, ast.Call):
        f = v.func
        if isinstance(f, ast.Name):
            return f.id in SAFE_CALLS
        # {'rest': 'rest day'}.get(kind, '…') or LABELS.get(…): a lookup in a table of our own words
        return f.attr == "get" and (isinstance(f.value, ast.Dict) or
                                    (isinstance(f.value, ast.Name) and f.value.id.isupper()))
    if isinstance(v, ast.Subscript) and not _constant(v.slice) and not isinstance(v.slice, ast.Slice):
        return isinstance(v.value, (ast.Name, ast.Dict))   # colour[status], CATEGORY_LABEL[c]: our own words
    return _field(v) in NUMERIC_FIELDS


def _unescaped(node: ast.expr) -> list[str]:
    """The parts of a markup-bound expression that may carry user text without esc(): f-string fields,
    concatenated or joined values, table cells."""
    if isinstance(node, ast.Call) and not isinstance(node.func, ast.Name) and node.func.attr in MARKUP_CALLS:
        return [b for a in node.args for b in _unescaped(a)]
    if isinstance(node, (ast.Constant, ast.Name)):      # a literal, or a local built from template text
        return []
    if isinstance(node, ast.JoinedStr):
        return [b for part in node.values for b in _unescaped(part)]
    if isinstance(node, ast.FormattedValue):
        spec = "".join(c.value for c in node.format_spec.values if isinstance(c, ast.Constant)) \
            if node.format_spec else ""
        return [] if spec and spec[-1] in "dfgeE%" else _unescaped(node.value)   # a number, formatted as one
    if isinstance(node, ast.BinOp):
        return _unescaped(node.left) + _unescaped(node.right)
    if isinstance(node, ast.IfExp):
        return _unescaped(node.body) + _unescaped(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [b for v in node.values for b in _unescaped(v)]
    if isinstance(node, ast.Starred):
        return _unescaped(node.value)
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return _unescaped(node.elt)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant)):
        return [b for a in node.args for b in _unescaped(a)]
    return [] if _safe(node) else [ast.unparse(node)]


def test_no_renderer_interpolates_a_field_into_markup_without_escaping():
    """Static guard for cli/tables.py and the commands that print markup: every `{view.field}` or
    `{row['field']}` inside an f-string given to echo/console.print/add_row/Table goes through esc()
    (or is a number with a numeric format). Plain click.echo output is not markup and is not checked."""
    offenders = []
    for path in sorted((ROOT / "cli").glob("*.py")):
        src = path.read_text()
        tree = ast.parse(src)
        uses_markup = "cli.markup import" in src or "console.print" in src
        if not uses_markup:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else (f.attr if isinstance(f, ast.Attribute) else "")
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "click":
                continue                                  # click.echo / click.secho print text as it is
            if name in MARKUP_CALLS:
                offenders += [f"{path.name}:{node.lineno}: {b}" for a in node.args for b in _unescaped(a)]
    assert not offenders, "interpolated into markup without esc():\n" + "\n".join(offenders)


def test_the_guard_catches_an_unescaped_field():
    """The static guard is not vacuous: it flags the pattern that crashed `status`, and its kin."""
    def offenders(src):
        return _unescaped(ast.parse(src).body[0].value.args[0])
    assert offenders('console.print(f"[bold]{s.name}[/] {s.total:.0f} {esc(s.title)} {mark} {w.number} '
                     '{v[\'weeks\'][0]} {r[\'title\'][:30]} {t.text or \'–\'} {s.note.upper()} '
                     '{x[\'source\']:<28}")') == ["s.name", "r['title'][:30]", "t.text", "s.note.upper()",
                                                   "x['source']"]
    assert offenders('t.add_row(r["source"][:28])') == ["r['source'][:28]"]
    assert offenders('echo("Areas: " + ", ".join(q.areas))') == ["q.areas"]
    assert offenders('echo("; ".join(f"#{i} {v[\'titles\'][i]}" for i in ids))') == ["v['titles'][i]"]
    assert offenders('echo(f"{minutes(m)} {CATEGORY_LABEL[c]} {colour[s]}")') == []


def test_markup_helpers_round_trip_any_text():
    from systemcraft.cli.markup import esc, plain, segments
    for text in [*HOSTILE, H, ODD, "\\", "\\\\[", "[", "]", "a[b]c\\", "[/bold]", "[dim]x", ""]:
        assert plain(esc(text)) == text
        assert plain(f"[bold]{esc(text)}[/] tail") == text + " tail"
        assert all(style == {"bold": True} for t, style in segments(f"[bold]{esc(text)}[/]"))


def test_rich_never_reads_user_text_as_markup_or_emoji():
    from io import StringIO

    from rich.console import Console

    from systemcraft.cli import tables
    saved = tables._LazyConsole._console
    buf = StringIO()
    tables._LazyConsole._console = Console(file=buf, width=200, highlight=False, markup=False, emoji=False)
    try:
        tables.console.print(f"[bold]{tables.esc(H + ' ' + ODD)}[/]")
        t = tables.Table("[bold]Name[/]", "#")
        t.add_row(tables.esc(H), "1")
        tables.console.print(t)
    finally:
        tables._LazyConsole._console = saved
    assert flat(H + " " + ODD) in flat(buf.getvalue()) and "👍" not in buf.getvalue()
    assert "Name" in buf.getvalue() and "[bold]Name" not in buf.getvalue()

