"""Looking back and adjusting: week, adapt, checkpoint, month, progress, export, import."""

from __future__ import annotations

import click

from systemcraft.cli.main import cli
from systemcraft.cli.params import INT
from systemcraft.domain.wording import counted
from systemcraft.errors import InputError

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


@cli.command(short_help="The weekly scorecard (/400).")
@click.option("--week", type=INT, help="Plan week (default: this week).")
@json_option
@click.pass_obj
def week(app, week, as_json):
    """The weekly scorecard (/400): items, category %, verdict, and the rules that fired."""
    from systemcraft.cli import render
    view = app.coach.weekly_scorecard(week)
    render.show(view, as_json, "scorecard")


@cli.command(short_help="Re-plan from the evidence.")
@click.option("--dry-run", is_flag=True, help="Show the proposed change without applying it.")
@click.option("--week", type=INT, help="Judge this finished week (default: the last finished one).")
@click.option("--accept-extra-hours", is_flag=True,
              help="Let a catch-up plan go above your declared weekly hours + 10 % (otherwise it is capped).")
@json_option
@click.pass_obj
def adapt(app, dry_run, week, accept_extra_hours, as_json):
    """Re-plan from the evidence: score the last week, fire the rules, re-generate what is left.

    Every content item the re-plan moves, drops or adds is listed; a week is adapted once."""
    from systemcraft.cli import render
    view = app.coach.adapt(dry_run=dry_run, week=week, accept_extra_hours=accept_extra_hours)
    render.show(view, as_json, "adaptation")


@cli.group(short_help="Record competency-checkpoint results.")
def checkpoint() -> None:
    """Competency checkpoints: record your scores against the pass marks."""


@checkpoint.command("record", short_help="Record a checkpoint attempt.")
@click.argument("number", type=INT)
@click.option("--part", "parts", multiple=True, metavar="PART=SCORE", help="e.g. 1A=80 (repeat per part).")
@click.option("--fatal-flaw", is_flag=True, help="Checkpoint 3: the loop showed a fatal flaw.")
@click.option("--survey", metavar="N,N,…", help="Checkpoint 4: the 15 confidence ratings (1–10), comma-separated.")
@json_option
@click.pass_obj
def checkpoint_record(app, number, parts, fatal_flaw, survey, as_json):
    """Record an attempt at checkpoint NUMBER (1–4)."""
    from systemcraft.cli import render
    from systemcraft.parsing import pairs
    scores = {}
    for key, value in pairs(parts, "PART=SCORE (e.g. 1A=80)").items():
        try:
            scores[key.upper()] = float(value)
        except ValueError:
            raise InputError(f"'{key}={value}' is not PART=SCORE (e.g. 1A=80)") from None
    survey_values: tuple[int, ...] = ()
    if survey:
        try:
            survey_values = tuple(int(x) for x in survey.split(","))
        except ValueError:
            raise InputError("--survey takes 15 whole numbers separated by commas") from None
    view = app.coach.record_checkpoint(number, scores, fatal_flaw, survey_values)
    if as_json:
        render.echo_json(view)
        return
    colour = "green" if view["passed"] else "red"
    click.secho(f"Checkpoint {number}, attempt {view['attempt']}: {'passed' if view['passed'] else 'not passed'}"
                f" — {view['detail']}", fg=colour)
    for part, p in view["parts"].items():
        carried = " (carried over from the last attempt)" if part in view.get("carried", ()) else ""
        click.echo(f"  {part}: {p['score']:g} (pass {p['pass']:g}) {'✓' if p['passed'] else '✗'}{carried}")
    from systemcraft.cli.hints import with_hint         # the service says what to do; the terminal adds how
    for step in view.get("next_steps", ()):
        click.echo(with_hint(step))


@cli.command(short_help="The monthly review and readiness.")
@click.option("--month", "number", type=INT, help="Plan month (default: the current one).")
@json_option
@click.pass_obj
def month(app, number, as_json):
    """The monthly review: hours, problems, stories, mocks against targets; ratings; readiness."""
    from systemcraft.cli import render
    view = app.coach.month(number)
    render.show(view, as_json, "month")


@cli.command(short_help="Progress over time, at a glance.")
@json_option
@click.pass_obj
def progress(app, as_json):
    """Progress at a glance: hours per week and category, scorecards, rating trends, readiness."""
    from systemcraft.cli import render
    view = app.coach.progress()
    render.show(view, as_json, "progress")


@cli.command("export", short_help="Export everything (JSON or CSV).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--recordings", is_flag=True,
              help="Also copy the recordings you kept of your answers into DIRECTORY/recordings/.")
@click.argument("directory")
@click.pass_obj
def export_(app, fmt, recordings, directory):
    """Export everything (profile, quiz, plan, tasks, log, ratings, reports…) to DIRECTORY. Audio is left
    out unless you add --recordings."""
    from pathlib import Path
    written = app.coach.export_all(Path(directory), fmt, recordings)
    audio = [p for p in written if p.parent.name == "recordings" and p.parent.parent == Path(directory)]
    files = [p for p in written if p not in audio]
    click.echo(f"Wrote {counted(len(files), 'file')} to {directory}: " + ", ".join(p.name for p in files))
    if audio:
        click.echo(f"Copied {counted(len(audio), 'kept recording')} to {Path(directory) / 'recordings'}: "
                   + ", ".join(p.name for p in audio))
    elif recordings:
        click.echo("No recordings are kept, so no audio was copied.")


@cli.command("import", short_help="Import a JSON export into an empty home.")
@click.argument("file")
@click.pass_obj
def import_(app, file):
    """Import a JSON export into an empty home (validated before anything is written)."""
    from pathlib import Path
    counts = app.coach.import_all(Path(file))
    click.echo("Imported: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
