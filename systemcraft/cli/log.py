"""The practice log: `systemcraft log coding|design|study|concept|story|mock|checkin|ratings|notes|list|edit|delete`."""

from __future__ import annotations

import click

from systemcraft.cli.main import cli
from systemcraft.cli.params import ID, INT, REAL
from systemcraft.parsing import pairs, parse_date


def _day(app, on: str | None):
    return parse_date(on, "--date") if on else app.env.today


def _done(app, entry: dict, as_json: bool) -> None:
    from systemcraft.cli import render
    view = app.coach.log(entry)
    if as_json:
        render.echo_json(view)
    else:
        verb = f"Updated the check-in of {view['day']} (#{view['id']}; one per day)" if view.get("updated") else \
            f"Already logged as #{view['id']} a moment ago, so not added twice" if view.get("duplicate") else \
            f"Logged #{view['id']}: {view['kind']} on {view['day']}"
        click.secho(verb + (f" — {view['title']}" if view.get("title") else ""), fg="green")


date_option = click.option("--date", "on", metavar="DATE", help="The day it happened (default: today).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


@cli.group(short_help="Record practice, check-ins and ratings.")
def log() -> None:
    """Record practice: problems, designs, study time, concepts, stories, mocks, check-ins, ratings."""


@log.command(short_help="A coding problem you solved.")
@click.option("--title", required=True, help="The problem's name.")
@click.option("--pattern", required=True, help="Pattern id, e.g. sliding-window (see `log patterns`).")
@click.option("--difficulty", required=True, type=click.Choice(["easy", "medium", "hard"]))
@click.option("--minutes", type=INT, required=True, help="Minutes it took.")
@click.option("--alone/--with-help", default=True, help="Solved without hints (default) or with help.")
@click.option("--link", help="A link to the problem (http/https).")
@date_option
@json_option
@click.pass_obj
def coding(app, title, pattern, difficulty, minutes, alone, link, on, as_json):
    """A coding problem you solved."""
    from systemcraft.services import logbook
    _done(app, logbook.coding_entry(_day(app, on), title, pattern, difficulty, minutes, alone, link), as_json)


@log.command(short_help="A system-design problem.")
@click.option("--problem", required=True, help="What you designed, e.g. 'a chat system'.")
@click.option("--level", required=True, type=click.Choice(["L6", "L7"]))
@click.option("--minutes", type=INT, required=True)
@click.option("--score", type=INT, required=True, help="Your self-score, 1–5.")
@date_option
@json_option
@click.pass_obj
def design(app, problem, level, minutes, score, on, as_json):
    """A system-design problem you worked through."""
    from systemcraft.services import logbook
    _done(app, logbook.design_entry(_day(app, on), problem, level, minutes, score), as_json)


@log.command(short_help="Study time outside the plan.")
@click.option("--category", required=True, help="system_design, behavioral, coding or mock.")
@click.option("--minutes", type=INT, required=True)
@click.option("--topic", help="What you studied.")
@date_option
@json_option
@click.pass_obj
def study(app, category, minutes, topic, on, as_json):
    """Study time outside the plan's tasks."""
    from systemcraft.services import logbook
    _done(app, logbook.study_entry(_day(app, on), category, minutes, topic), as_json)


@log.command(short_help="A concept, industry update or networking.")
@click.argument("text")
@click.option("--kind", type=click.Choice(["concept", "industry", "networking"]), default="concept",
              help="A concept learned (default), an industry update, or a networking activity.")
@date_option
@json_option
@click.pass_obj
def concept(app, text, kind, on, as_json):
    """Something you learned (or an industry update, or a networking activity)."""
    from systemcraft.services import logbook
    _done(app, logbook.concept_entry(_day(app, on), text, kind), as_json)


@log.command(short_help="A STAR story you drafted.")
@click.option("--title", required=True, help="The story's title.")
@click.option("--lp", required=True, help="Its Leadership Principle id, e.g. ownership.")
@click.option("--minutes", type=INT)
@date_option
@json_option
@click.pass_obj
def story(app, title, lp, minutes, on, as_json):
    """A STAR story you drafted or reworked."""
    from systemcraft.services import logbook
    _done(app, logbook.story_entry(_day(app, on), title, lp, minutes), as_json)


@log.command(short_help="A mock interview and its score.")
@click.option("--type", "kind", required=True, help="e.g. behavioral, system design, coding, bar raiser.")
@click.option("--score", type=INT, required=True, help="Overall score, 1–5 (the rubric's recommendation).")
@click.option("--minutes", type=INT, required=True)
@date_option
@json_option
@click.pass_obj
def mock(app, kind, score, minutes, on, as_json):
    """A mock interview and its score."""
    from systemcraft.services import logbook
    _done(app, logbook.mock_entry(_day(app, on), kind, score, minutes), as_json)


@log.command(short_help="The daily check-in.")
@click.option("--hours", type=REAL, required=True, help="Hours studied today.")
@click.option("--topic", help="What you worked on.")
@click.option("--confidence", type=INT, required=True, help="1–5.")
@click.option("--energy", type=INT, required=True, help="1–5.")
@click.option("--insight", help="One thing you learned.")
@date_option
@json_option
@click.pass_obj
def checkin(app, hours, topic, confidence, energy, insight, on, as_json):
    """The daily check-in: hours, topic, confidence, energy, one insight."""
    from systemcraft.services import logbook
    _done(app, logbook.checkin_entry(_day(app, on), hours, topic, confidence, energy, insight), as_json)


@log.command(short_help="Rate the week (1–5 per dimension).")
@click.argument("scores", nargs=-1, required=True, metavar="DIMENSION=1..5...")
@click.option("--week", type=INT, help="Plan week (default: this week).")
@json_option
@click.pass_obj
def ratings(app, scores, week, as_json):
    """Rate the week on the 12 dimensions (plus feedback_integration, stress_management).

    Dimensions: story_clarity lp_demonstration impact_quantification authenticity_growth
    system_design coding technical_communication operational_thinking time_management
    communication_clarity confidence_delivery question_handling feedback_integration stress_management
    """
    from systemcraft.cli import render
    view = app.coach.rate_week(pairs(scores, "DIMENSION=SCORE (e.g. story_clarity=4)"), week)
    if as_json:
        render.echo_json(view)
    else:
        click.secho(f"Week {view['week']} rated: " + ", ".join(f"{k} {v}" for k, v in view["ratings"].items()),
                    fg="green")


@log.command(short_help="The week's win, challenge and focus.")
@click.option("--win", help="Biggest win of the week.")
@click.option("--challenge", help="Primary challenge.")
@click.option("--focus", help="Next week's focus.")
@click.option("--week", type=INT, help="Plan week (default: this week).")
@click.pass_obj
def notes(app, win, challenge, focus, week):
    """The scorecard's three free-text fields."""
    view = app.coach.week_notes(week, win, challenge, focus)
    click.secho(f"Week {view['week']} notes saved.", fg="green")


@log.command("list", short_help="List log entries.")
@click.option("--week", type=INT, help="Only this plan week.")
@click.option("--kind", help="Only this kind (coding, design, study, concept, industry, networking, story, "
                             "mock, checkin).")
@json_option
@click.pass_obj
def list_(app, week, kind, as_json):
    """List log entries (all, one week, or one kind)."""
    from systemcraft.cli import render
    rows = app.coach.log_list(week, kind)
    if as_json:
        render.echo_json(rows)
        return
    if not rows:
        click.echo("No log entries.")
        return
    for e in rows:
        bits = [e["title"] or e["category"] or ""]
        if e["minutes"]:
            bits.append(f"{e['minutes']} min")
        if e["count"] and e["count"] > 1:
            bits.append(f"×{e['count']}")
        for k in ("pattern", "difficulty", "level", "lp"):
            if e.get(k):
                bits.append(str(e[k]))
        if e["score"] is not None:
            bits.append(f"score {e['score']:g}")
        if e["confidence"] is not None:
            bits.append(f"confidence {e['confidence']}, energy {e['energy']}")
        click.echo(f"#{e['id']:<5} {e['day']}  {e['kind']:<10} " + " · ".join(b for b in bits if b))


@log.command(short_help="Change a log entry.")
@click.argument("entry_id", type=ID)
@click.argument("changes", nargs=-1, required=True, metavar="FIELD=VALUE...")
@click.pass_obj
def edit(app, entry_id, changes):
    """Change fields of a log entry, e.g. `log edit 12 minutes=40 difficulty=hard`."""
    app.coach.log_edit(entry_id, pairs(changes, "FIELD=VALUE (e.g. minutes=40)"))
    click.secho(f"Entry #{entry_id} updated.", fg="green")


@log.command(short_help="Delete a log entry.")
@click.argument("entry_id", type=ID)
@click.pass_obj
def delete(app, entry_id):
    """Delete a log entry."""
    view = app.coach.log_delete(entry_id)
    click.secho(f"Deleted #{entry_id} ({view['kind']} on {view['day']}).", fg="yellow")


@log.command(short_help="List the coding-pattern ids.")
def patterns():
    """List the coding-pattern ids `log coding --pattern` accepts."""
    from systemcraft.domain.practice import PATTERNS
    for pid, name in PATTERNS.items():
        click.echo(f"{pid:<22} {name}")
