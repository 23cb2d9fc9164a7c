"""Day-to-day commands: today, done, skip, undo, status; and after the interview, `interview outcome`."""

from __future__ import annotations

import click

from systemcraft.cli.main import cli
from systemcraft.cli.params import INT
from systemcraft.parsing import parse_date


@cli.command(short_help="Today's tasks, numbered.")
@click.option("--date", "on", metavar="DATE", help="Show another day (YYYY-MM-DD) instead of today.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def today(app, on: str | None, as_json: bool) -> None:
    """What to do today: numbered tasks with their minutes and status."""
    from systemcraft.cli import render
    view = app.coach.today(parse_date(on, "--date") if on else None)
    render.echo_json(view) if as_json else render.today(view)


@cli.command(short_help="Mark a task done (its number from `today`, or DATE.N).")
@click.argument("task")
@click.option("--minutes", "-m", type=INT, help="How long it really took (default: the planned minutes).")
@click.option("--note", "-n", help="A line about how it went.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def done(app, task: str, minutes: int | None, note: str | None, as_json: bool) -> None:
    """Mark TASK done: its number from `today` (e.g. 2) or DATE.N (e.g. 2026-11-24.2)."""
    from systemcraft.cli import render
    view = app.coach.complete(task, minutes, note)
    if as_json:
        render.echo_json(view)
    else:
        click.secho(f"Done: {view.ref}  {view.text} ({view.actual_minutes} min)", fg="green")


@cli.command(short_help="Skip a task, with a reason.")
@click.argument("task")
@click.option("--reason", "-r", required=True, help="Why it was skipped (kept for your weekly review).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def skip(app, task: str, reason: str, as_json: bool) -> None:
    """Skip TASK with a reason: its number from `today` or DATE.N."""
    from systemcraft.cli import render
    view = app.coach.skip(task, reason)
    if as_json:
        render.echo_json(view)
    else:
        click.secho(f"Skipped: {view.ref}  {view.text} — {view.reason}", fg="yellow")


@cli.command(short_help="Take back today's last Done or Skip.")
@click.argument("task", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def undo(app, task: str | None, as_json: bool) -> None:
    """Take back a Done or Skip recorded today (the last one, or TASK): the task is planned again, and the
    practice a Done logged is removed with it."""
    from systemcraft.cli import render
    result = app.coach.undo(task)
    if as_json:
        render.echo_json(result)
    else:
        view = result["task"]
        click.secho(f"Undone: {view.ref}  {view.text} is planned again (it was {result['undone']})", fg="cyan")


@cli.command(short_help="Where you stand this week and overall.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def status(app, as_json: bool) -> None:
    """Where you stand: week, days left, planned versus done per category, next checkpoint."""
    from systemcraft.cli import render
    view = app.coach.status()
    render.show(view, as_json, "status_table")


@cli.group(short_help="After the interview: record how it went.")
def interview() -> None:
    """After the interview: record how it went. To set a new date, use `plan regenerate --interview DATE`."""


@interview.command(short_help="Record the interview's outcome (on or after its date).")
@click.argument("outcome", metavar="offer|no_offer|waiting|postponed|withdrew")
@click.option("--note", "-n", metavar="TEXT", help="What happened, what you learned (up to 2000 characters; "
                                                   "line breaks are kept).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def outcome(app, outcome: str, note: str | None, as_json: bool) -> None:
    """Record how the interview went: on or after its date. Record again when it changes (waiting, then an
    offer): the latest counts. Another round? Set its date with `systemcraft plan regenerate --interview DATE`."""
    from systemcraft.cli import render
    view = app.coach.record_interview_outcome(outcome, note)
    if as_json:
        render.echo_json(view)
        return
    click.secho(f"Recorded for your interview on {view['interview_date'].isoformat()}: {view['label']}.", fg="green")
    click.echo("Another round? Set its date: systemcraft plan regenerate --interview DATE")
