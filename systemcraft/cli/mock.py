"""`systemcraft mock start|score|kit|import-feedback|list`: timed mock interviews in the terminal."""

from __future__ import annotations

import os
import select
import sys
import time

import click

from systemcraft.cli.main import cli
from systemcraft.cli.params import ID
from systemcraft.errors import InputError

FORMATS = ["behavioral", "system_design", "coding", "bar_raiser", "technical", "full_loop"]
PERSONAS = ["detail_expert", "strategist", "skeptic", "collaborator", "rapid_fire"]


class Clock:
    """Real time, or a fake clock that moves `step` seconds per input tick (SYSTEMCRAFT_MOCK_CLOCK=step:N)."""

    def __init__(self, spec: str | None) -> None:
        self.fake_step = None
        if spec:
            kind, _, value = spec.partition(":")
            try:
                self.fake_step = float(value)
            except ValueError:
                raise InputError("SYSTEMCRAFT_MOCK_CLOCK must look like step:60") from None
            if kind != "step" or not 0 < self.fake_step <= 86_400:      # (NaN fails this too)
                raise InputError("SYSTEMCRAFT_MOCK_CLOCK must look like step:60 (seconds per tick, up to 86400)")
        self._t = 0.0

    def now(self) -> float:
        return self._t if self.fake_step else time.monotonic()

    def tick(self) -> float:
        """How long to wait for input; a fake clock moves on by its step instead of waiting."""
        if self.fake_step:
            self._t += self.fake_step
            return 0.005
        return 1.0


class LineReader:
    """Unbuffered lines from a file descriptor, with a timeout (so the countdown can tick)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buf = b""
        self.eof = False

    def readline(self, timeout: float | None) -> str | None:
        while b"\n" not in self.buf and not self.eof:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return None
            data = os.read(self.fd, 4096)
            if not data:
                self.eof = True
            self.buf += data
        if b"\n" in self.buf:
            line, _, self.buf = self.buf.partition(b"\n")
            return line.decode("utf-8", "replace")
        if self.buf:
            line, self.buf = self.buf, b""
            return line.decode("utf-8", "replace")
        return ""    # end of input


def _ask(reader: LineReader, text: str, convert, default=None):
    while True:
        click.echo(f"{text}: ", nl=False)
        line = reader.readline(None)
        if reader.eof and not line:
            raise EOFError
        value = line.strip()
        if not value and default is not None:
            return default
        try:
            return convert(value)
        except ValueError as exc:
            click.echo(f"  {exc}")


def _score(value: str) -> int:
    if value not in ("1", "2", "3", "4", "5"):
        raise ValueError("type a whole number from 1 to 5")
    return int(value)


def _ask_rubric(reader: LineReader, dims):
    """The rubric, asked one line at a time: a 1–5 score and evidence per dimension, the recommendation,
    strengths and improvements (separated with ;). EOFError when the input ends first."""
    from systemcraft.domain.mocks import Rubric
    scores = {}
    for d in dims:
        s = _ask(reader, f"  {d} (1–5)", _score)
        e = _ask(reader, f"  evidence for {d}", str, default="")
        scores[d] = (s, e[:1000])
    rec = _ask(reader, "  Recommendation (5 strong hire … 1 strong no hire)", _score)
    split = lambda v: tuple(x.strip()[:500] for x in v.split(";") if x.strip())[:3]       # noqa: E731
    strengths = _ask(reader, "  Strengths (separate with ;)", split, default=())
    improvements = _ask(reader, "  Improvements (separate with ;)", split, default=())
    return Rubric(scores, rec, strengths, improvements)


@cli.group(short_help="Timed mock interviews, kits and feedback.")
def mock() -> None:
    """Mock interviews: run one in the terminal, score it later, print a kit for a partner, import their feedback."""


@mock.command(short_help="Run a timed mock in the terminal.")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.option("--level", type=click.Choice(["L6", "L7"]), help="Default: your target level.")
@click.option("--persona", type=click.Choice(PERSONAS), default="collaborator", show_default=True)
@click.pass_obj
def start(app, fmt, level, persona):
    """Run a FORMAT mock: each phase with a countdown and its question.

    Commands while it runs: Enter = next phase · f = a follow-up probe · s/t/a/r = mark the STAR
    part you are starting · q or Ctrl-C = stop (what was recorded is kept, marked partial).
    """
    from systemcraft.domain.mocks import PERSONAS as P, FORMAT_NAMES, Session
    coach = app.coach
    clock = Clock(os.environ.get("SYSTEMCRAFT_MOCK_CLOCK"))
    planned = coach.plan_mock(fmt, level, persona)
    session = Session(planned["phases"])
    reader = LineReader(sys.stdin.fileno())
    tty = sys.stdout.isatty()
    name, style = P[persona]
    total = sum(p.minutes for p in planned["phases"])
    click.secho(f"{FORMAT_NAMES[fmt]} mock, {planned['level']}, {total} min — interviewer: {name} ({style}).", bold=True)
    click.echo("Enter = next phase · f = follow-up · s/t/a/r = mark STAR part · q = stop")
    session.start(clock.now())
    probes_used = 0

    def show_phase():
        ph = session.phases[session.current]
        click.secho(f"\n[Round {ph.round} · {FORMAT_NAMES.get(ph.format, ph.format)}] {ph.name} — {ph.minutes} min",
                    bold=True)
        if ph.question:
            click.echo(f"  {ph.question.text}")

    show_phase()
    try:
        while session.status == "running":
            line = reader.readline(clock.tick())
            now = clock.now()
            if line is None:
                if tty:
                    left = session.remaining(now)
                    sign = "left" if left >= 0 else "over"
                    click.echo(f"\r  {int(abs(left)) // 60:02d}:{int(abs(left)) % 60:02d} {sign}   ", nl=False)
                continue
            if reader.eof and line == "":
                session.interrupt(now)
                break
            cmd = line.strip().lower()
            if cmd in ("", "n"):
                if session.next_phase(now):
                    probes_used = 0
                    show_phase()
            elif cmd == "f":
                q = session.phases[session.current].question
                if q and probes_used < len(q.probes):
                    click.echo(f"  Follow-up: {q.probes[probes_used]}")
                    probes_used += 1
                else:
                    click.echo("  No more follow-ups for this phase.")
            elif cmd in ("s", "t", "a", "r"):
                session.mark(cmd.upper(), now)
                click.echo(f"  marked {cmd.upper()} at {(now - session.started) / 60:.1f} min")
            elif cmd == "q":
                session.interrupt(now)
            else:
                click.echo("  Enter, f, s, t, a, r or q")
    except KeyboardInterrupt:
        session.interrupt(clock.now())
    actual = session.actual_minutes()
    click.echo("")
    if session.status == "partial":
        mid = coach.save_mock(planned, session, None, "partial")
        click.secho(f"Stopped early: mock #{mid} saved as partial ({sum(actual):.0f} min recorded). "
                    f"Score it later: systemcraft mock score {mid}", fg="yellow")
        return
    click.secho(f"Done in {sum(actual):.0f} min. Now the rubric (1 = well below the bar, 5 = well above).", bold=True)
    try:
        rubric = _ask_rubric(reader, planned["dimensions"])
    except (EOFError, KeyboardInterrupt):
        mid = coach.save_mock(planned, session, None, "complete")
        click.secho(f"\nMock #{mid} saved without a rubric. Score it later: systemcraft mock score {mid}", fg="yellow")
        return
    mid = coach.save_mock(planned, session, rubric, "complete")
    click.secho(f"Mock #{mid} saved: it counts in this week's scorecard, and its questions are now review cards.",
                fg="green")


@mock.command(short_help="Score a mock saved without a rubric.")
@click.argument("mock_id", metavar="ID", type=ID)
@click.pass_obj
def score(app, mock_id):
    """Score mock ID, stopped early or saved without a rubric: the same questions as after a mock.

    A mock is scored once; `systemcraft mock list` shows which ones still wait for a score.
    """
    from systemcraft.domain.mocks import FORMAT_NAMES, RECOMMENDATIONS
    coach = app.coach
    m = coach.mock(mock_id)
    if m["recommendation"] is not None:
        raise InputError(f"mock #{mock_id} is already scored (recommendation {m['recommendation']}); a mock is "
                         "scored once, so nothing was changed: run a new mock to score another attempt")
    click.secho(f"Mock #{mock_id}: {FORMAT_NAMES.get(m['format'], m['format'])}, {m['level']}, {m['day']}, "
                f"{m['status']}, {sum(m['actual_minutes']):.0f} min. The rubric (1 = well below the bar, "
                "5 = well above):", bold=True)
    try:
        rubric = _ask_rubric(LineReader(sys.stdin.fileno()), m["dimensions"])
    except (EOFError, KeyboardInterrupt):
        raise InputError(f"the rubric was not finished, so mock #{mock_id} is still not scored: "
                         f"run systemcraft mock score {mock_id} again") from None
    result = coach.score_mock(mock_id, rubric)
    click.secho(f"Mock #{mock_id} scored: recommendation {result['recommendation']} "
                f"({RECOMMENDATIONS[result['recommendation']]}), mean score {result['mean']:g}. "
                "It now counts in your scorecard.", fg="green")


@mock.command(short_help="Write an interviewer packet for a partner.")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.option("--out", "out", required=True, metavar="FILE", help="kit.md or kit.html")
@click.option("--level", type=click.Choice(["L6", "L7"]))
@click.option("--persona", type=click.Choice(PERSONAS), default="collaborator", show_default=True)
@click.pass_obj
def kit(app, fmt, out, level, persona):
    """Write a printable packet: script, timings, probes and the feedback form."""
    from pathlib import Path
    from systemcraft.exports.files import write_atomic
    from systemcraft.services import mockrun
    target = Path(out)
    if target.suffix.lower() not in (".md", ".html"):
        raise InputError("--out must end in .md or .html")
    planned = app.coach.plan_mock(fmt, level, persona)
    md = app.coach.mock_kit(planned)
    data = md if target.suffix.lower() == ".md" else mockrun.kit_html(md, f"{fmt} mock kit")
    write_atomic(target, data.encode("utf-8"))
    click.echo(f"Wrote {target}. Your partner fills in the feedback form; then: systemcraft mock import-feedback FILE")


@mock.command("import-feedback", short_help="Import a partner's filled-in form.")
@click.argument("file")
@click.pass_obj
def import_feedback(app, file):
    """Read back the feedback form of a kit your partner filled in."""
    from pathlib import Path
    result = app.coach.import_mock_feedback(Path(file))
    click.secho(f"Feedback saved as mock #{result['mock']}: recommendation {result['recommendation']}, "
                f"mean score {result['mean']:g}.", fg="green")


@mock.command("list", short_help="Your mocks so far.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def list_(app, as_json):
    """List your mocks with their status and scores."""
    from systemcraft.cli import render
    render.show(app.coach.mock_history(), as_json, "mock_list")
