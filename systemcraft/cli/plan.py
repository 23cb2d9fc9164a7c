"""The plan: recommend, show, regenerate, export."""

from __future__ import annotations

import click

from systemcraft.cli.main import cli
from systemcraft.cli.params import INT, REAL, Whole
from systemcraft.parsing import parse_date, parse_dates, parse_weekdays


@cli.group(short_help="See, change and export your plan.")
def plan() -> None:
    """See, change and export your study plan."""


@plan.command(short_help="Which plan fits now, and why.")
@click.option("--interview", metavar="DATE", help="What if the interview were on this date?")
@click.option("--hours", type=REAL, help="What if you had this many hours per week?")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def recommend(app, interview: str | None, hours: float | None, as_json: bool) -> None:
    """Which plan fits you now, and why (changes nothing)."""
    from systemcraft.cli import render
    view = app.coach.recommend(parse_date(interview, "--interview") if interview else None, hours)
    render.show(view, as_json, "recommendation")


@plan.command(short_help="The plan by week, or one week by day.")
@click.option("--week", type=INT, help="Show one week day by day.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def show(app, week: int | None, as_json: bool) -> None:
    """The plan week by week, or one week day by day."""
    from systemcraft.cli import render
    view = app.coach.plan_view(week)
    render.show(view, as_json, "plan_table", week=week)


@plan.command(short_help="Rebuild the rest of the plan after a change.")
@click.option("--hours", type=REAL, help="New hours per week.")
@click.option("--interview", metavar="DATE", help="New interview date.")
@click.option("--days", metavar="DAYS", help="New study days, e.g. mon-fri.")
@click.option("--max-day", type=Whole(1), metavar="MIN", help="New daily maximum in minutes.")
@click.option("--blackout", multiple=True, metavar="DATE[..DATE]", help="Add days with no study.")
@click.option("--clear-blackout", multiple=True, metavar="DATE[..DATE]", help="Remove blocked-out days.")
@click.option("--holidays", "holidays_code", metavar="COUNTRY[-REGION]",
              help="Block out the public holidays from today to the interview, e.g. GB or US-CA.")
@click.option("--busy-week", multiple=True, metavar="DATE", help="Mark the week holding DATE as busy (−35 %).")
@click.option("--holiday-week", multiple=True, metavar="DATE",
              help="Mark the week holding DATE as a holiday week (−35 %, at least 1 h a study day).")
@click.option("--travel", multiple=True, metavar="DATE[..DATE]",
              help="Travel days: only stories and principles, work you can do out loud or on paper.")
@click.option("--track", type=click.Choice(["standard", "part_time", "minimum"]), help="New track.")
@click.option("--plan", "plan_id", type=click.Choice(["final_prep", "emergency", "intensive", "strategic",
                                                     "comprehensive", "career_transition"]),
              help="Switch to another plan.")
@click.option("--session-start", metavar="HH:MM", help="When your sessions start (calendar export).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def regenerate(app, hours, interview, days, max_day, blackout, clear_blackout, holidays_code, busy_week,
               holiday_week, travel, track, plan_id, session_start, as_json) -> None:
    """Rebuild the rest of the plan after a change; finished work is kept."""
    from systemcraft.cli import render
    from systemcraft.coach import PlanChanges
    holidays = app.coach.public_holidays(holidays_code) if holidays_code is not None else None
    changes = PlanChanges(
        hours_per_week=hours, interview=parse_date(interview, "--interview") if interview else None,
        weekdays=parse_weekdays(days) if days else None, max_day_minutes=max_day,
        add_blackouts=parse_dates(blackout, "--blackout") | (holidays.dates if holidays else frozenset()),
        remove_blackouts=parse_dates(clear_blackout, "--clear-blackout"),
        add_busy_weeks=parse_dates(busy_week, "--busy-week") | parse_dates(holiday_week, "--holiday-week"),
        add_travel_days=parse_dates(travel, "--travel"), track=track, plan=plan_id,
        session_start=session_start)
    summary = app.coach.regenerate(changes)
    if as_json:
        render.echo_json(summary)
        return
    if holidays is not None:
        click.echo(f"Blocked out {len(holidays.holidays)} public holiday{'' if len(holidays.holidays) == 1 else 's'} "
                   f"in {holidays.where}: " + ", ".join(f"{h.date} {h.name}" for h in holidays.holidays) + "."
                   if holidays.holidays else holidays.none_message)
    click.echo(f"Plan rebuilt from {summary['from']}: {summary['plan']} plan, {summary['track']} track, "
               f"{summary['hours_per_week']:g} h/week, interview {summary['interview']}.")
    click.echo(f"Remaining planned time: {render.minutes(summary['planned_minutes_before'])} → "
               f"{render.minutes(summary['planned_minutes_after'])}; "
               f"{summary['kept_finished']} finished tasks kept.")
    from systemcraft.cli.tables import content_changes
    content_changes(summary["content"])


@plan.command(short_help="Export the plan as a calendar (.ics).")
@click.option("--ics", "ics_path", required=True, metavar="FILE", help="Write an iCalendar file here.")
@click.pass_obj
def export(app, ics_path: str) -> None:
    """Export the plan to your calendar: one event per study session.

    Export again after a change and import the new file: sessions keep their identity, changed ones
    update, dropped ones are cancelled."""
    from pathlib import Path
    count = app.coach.export_ics(Path(ics_path))
    click.echo(f"Wrote {count} study sessions to {ics_path}")
