"""Getting started: init (profile + quiz + plan), assess (retake the quiz), demo."""

from __future__ import annotations

import sys

import click

from systemcraft.cli.main import cli
from systemcraft.cli.params import INT, REAL, Whole
from systemcraft.parsing import load_answers, parse_date, parse_dates, parse_weekdays
from systemcraft.errors import InputError

ROLE_CHOICES = ["engineer", "senior_engineer", "manager", "senior_manager"]


def _interactive() -> bool:
    return sys.stdin.isatty()


@cli.command(short_help="Set up: profile, quiz, dated plan.")
@click.option("--name", help="Your name (shown on reports).")
@click.option("--level", type=click.Choice(["L6", "L7", "auto"], case_sensitive=False),
              help="Target level; 'auto' applies the quiz's level advice.")
@click.option("--role", type=click.Choice(ROLE_CHOICES), help="Your current role.")
@click.option("--years", type=INT, help="Years of professional experience.")
@click.option("--engineers", type=INT, help="Engineers you have managed (directly or through managers).")
@click.option("--multi-team/--single-team", default=None, help="Have you led several teams at once?")
@click.option("--org-change/--no-org-change", default=None,
              help="Have you led an organisation-level transformation?")
@click.option("--risk", type=click.Choice(["low", "medium", "high"]), help="Risk tolerance for a short timeline.")
@click.option("--interview", metavar="DATE", help="Interview date (YYYY-MM-DD).")
@click.option("--start", metavar="DATE", help="First day of preparation (default: today).")
@click.option("--hours", type=REAL, help="Hours per week you can study (default: the plan's standard).")
@click.option("--days", metavar="DAYS", help="Study days, e.g. mon-fri or mon,tue,thu,sat (default: mon-sat).")
@click.option("--max-day", type=INT, metavar="MIN", help="Most minutes you can study in one day (default 240).")
@click.option("--blackout", multiple=True, metavar="DATE[..DATE]", help="Days with no study (repeatable).")
@click.option("--busy-week", multiple=True, metavar="DATE", help="A day inside a busy week (repeatable).")
@click.option("--holidays", "holidays_code", metavar="COUNTRY[-REGION]",
              help="Block out the public holidays before your interview, e.g. GB, US-CA or DE-BY.")
@click.option("--no-holidays", is_flag=True, help="Do not ask about public holidays.")
@click.option("--track", type=click.Choice(["standard", "part_time", "minimum"]),
              help="Effort track (default: inferred from your hours).")
@click.option("--plan", "plan_id", type=click.Choice(["final_prep", "emergency", "intensive", "strategic",
                                                     "comprehensive", "career_transition"]),
              help="Override the recommended plan.")
@click.option("--session-start", metavar="HH:MM", help="When your study sessions start (calendar export).")
@click.option("--answers", metavar="FILE", help="Quiz answers as JSON: {\"q1\": \"C\", …, \"q20\": \"D\"}.")
@click.option("--force", is_flag=True, help="Start over even if SystemCraft is already set up.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def init(app, name, level, role, years, engineers, multi_team, org_change, risk, interview, start, hours,
         days, max_day, blackout, busy_week, holidays_code, no_holidays, track, plan_id, session_start, answers,
         force, as_json):
    """Set up: your profile, the readiness quiz, and a dated plan that fits your week.

    On a terminal it asks for whatever you did not pass as an option; in a script, pass every
    option and `--answers quiz.json`.
    """
    from systemcraft.cli import prompts
    from systemcraft.coach import PlanOptions, Profile

    env = app.env
    app.coach.check_can_set_up(force)       # before any question: a set-up home is refused at once
    if holidays_code is not None and no_holidays:
        raise InputError("choose either --holidays or --no-holidays, not both")
    interactive = _interactive()
    quiz = load_answers(answers) if answers else {}

    def need(value, option, question, default=None, type=None):
        if value is not None:
            return value
        if not interactive:
            if default is not None:
                return default
            raise InputError(f"missing {option} (or run `systemcraft init` in a terminal to be asked)")
        return prompts.ask(question, default=default, type=type)

    if interactive and not as_json:
        click.secho("Welcome to SystemCraft. A few questions, then the quiz, then your plan.", bold=True)
    name = need(name, "--name", "Your name")
    role = need(role, "--role", "Current role", "manager", click.Choice(ROLE_CHOICES))
    years = need(years, "--years", "Years of experience", None, Whole(0, 60))
    engineers = need(engineers, "--engineers", "Engineers you have managed", None, Whole(0, 100_000))
    if multi_team is None:
        multi_team = prompts.confirm("Have you led several teams at once?") if interactive else False
    if org_change is None:
        org_change = prompts.confirm("Have you led an organisation-level change?") if interactive else False
    risk = need(risk, "--risk", "Risk tolerance", "medium", click.Choice(["low", "medium", "high"]))
    level = need(level, "--level", "Target level", "auto", click.Choice(["L6", "L7", "auto"], case_sensitive=False))
    if interview is not None:
        interview_date = parse_date(interview, "--interview")
    else:
        interview_date = need(None, "--interview", "Interview date (YYYY-MM-DD)", None,
                              prompts.date_type("the interview", after=env.today))
    start_date = parse_date(start, "--start") if start else env.today
    if hours is None and interactive:
        hours = prompts.ask("Hours per week you can study (blank: the plan's default)", default="",
                            type=prompts.hours_type())
        hours = hours or None
    if days:
        weekdays = parse_weekdays(days)
    elif interactive:
        weekdays = prompts.ask("Study days (e.g. mon-fri or mon,wed,sat)", default="mon-sat",
                               type=prompts.weekdays_type())
    else:
        weekdays = parse_weekdays("mon-sat")
    if max_day is None:
        max_day = prompts.ask("Most minutes in one day", default=240, type=Whole(30, 720)) \
            if interactive else 240
    holiday_days = frozenset()
    if start_date < interview_date:         # otherwise the plan is refused below, with its own message
        if holidays_code is not None:
            holiday_days = _flag_holidays(app, holidays_code, start_date, interview_date, quiet=as_json)
        elif interactive and not no_holidays:
            holiday_days = _ask_holidays(app, start_date, interview_date, weekdays)
    quiz = prompts.ask_quiz(quiz) if interactive else quiz

    profile = Profile(name=name, target_level=level.upper() if level != "auto" else "auto",
                      current_role=role, years_experience=years, engineers_managed=engineers,
                      multi_team=bool(multi_team), org_transformation=bool(org_change), risk_tolerance=risk)
    options = PlanOptions(start=start_date, interview=interview_date, hours_per_week=hours,
                          weekdays=weekdays, max_day_minutes=max_day,
                          blackouts=parse_dates(blackout, "--blackout") | holiday_days,
                          busy_weeks=parse_dates(busy_week, "--busy-week"), track=track, plan=plan_id,
                          session_start=session_start or "19:00")
    view = app.coach.onboard(profile, quiz, options, force=force)
    from systemcraft.cli import render
    if as_json:
        render.echo_json(view)
        return
    from systemcraft.cli.tables import onboard_summary
    onboard_summary(view)
    click.echo("")
    render.today(app.coach.today())


def _flag_holidays(app, code: str, start, interview, quiet: bool) -> frozenset:
    """`--holidays GB` or `--holidays US-CA`: every public holiday before the interview is blocked out."""
    found = app.coach.public_holidays(code, None, start, interview)
    if not quiet:
        if found.holidays:
            click.echo(f"Blocked out {len(found.holidays)} public "
                       f"{'holiday' if len(found.holidays) == 1 else 'holidays'} in {found.where}: "
                       + ", ".join(f"{h.date} {h.name}" for h in found.holidays) + ".")
        else:
            click.echo(found.none_message)
    return found.dates


def _ask_holidays(app, start, interview, weekdays) -> frozenset:
    """Ask for a country (and region), list its public holidays in the plan's window, and block them out
    when the candidate says yes. A blank country means no holidays."""
    from systemcraft.cli import prompts
    found = None
    while found is None:
        code = prompts.ask("Country for public holidays, a two-letter code such as GB, US, DE or IN "
                           "(blank: none)", default="")
        if not code.strip():
            return frozenset()
        try:
            found = app.coach.public_holidays(code, None, start, interview)
        except InputError as exc:
            click.echo(f"error: {exc.message}", err=True)
    while found.regions and found.region is None:
        listed = ", ".join(f"{c} {n}" if c != n else c for c, n in found.regions) if len(found.regions) <= 12 \
            else ", ".join(c for c, _ in found.regions)
        region = prompts.ask(f"Region of {found.country_name} ({listed}; blank: national holidays only)",
                             default="")
        if not region.strip():
            break
        try:
            found = app.coach.public_holidays(found.country, region, start, interview)
        except InputError as exc:
            click.echo(f"error: {exc.message}", err=True)
    if not found.holidays:
        click.echo(found.none_message)
        return frozenset()
    click.echo(f"Public holidays in {found.where} from {found.first} to {found.last}:")
    for h in found.holidays:
        note = "" if h.date.weekday() in weekdays else "  (not one of your study days)"
        click.echo(f"  {h.date} {h.date:%a}  {h.name}{note}")
    many = len(found.holidays) != 1
    if prompts.confirm(f"Block out {'these' if many else 'this'} {len(found.holidays)} "
                       f"{'days' if many else 'day'}, with no study on {'them' if many else 'it'}?", default=True):
        return found.dates
    return frozenset()


@cli.command(short_help="Retake the readiness quiz.")
@click.option("--answers", metavar="FILE", help="Quiz answers as JSON instead of answering on the terminal.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def assess(app, answers: str | None, as_json: bool) -> None:
    """Retake the readiness quiz (every 4 weeks; every 2 in final preparation) and record it."""
    from systemcraft.cli import prompts, render
    quiz = load_answers(answers) if answers else {}
    if not answers:
        if not _interactive():
            raise InputError("missing --answers FILE (or run `systemcraft assess` in a terminal to be asked)")
        app.coach.status()  # fail before the quiz, not after, when nothing is set up
        quiz = prompts.ask_quiz(quiz)
    view = app.coach.assess(quiz)
    if as_json:
        render.echo_json(view)
        return
    from systemcraft.cli.tables import quiz_table
    quiz_table(view)
    click.echo("To fit the plan to your new gaps: systemcraft plan regenerate")


@cli.command(short_help="Create a sample candidate to look around.")
@click.option("--dir", "directory", metavar="DIR",
              help="Where to put the demo (default: a 'systemcraft-demo' folder beside your data).")
@click.pass_obj
def demo(app, directory: str | None) -> None:
    """Create a sample candidate, three weeks into a plan, in a separate home to look around."""
    from pathlib import Path
    from systemcraft.demo import create_demo
    target = Path(directory) if directory else app.env.home.parent / "systemcraft-demo"
    summary = create_demo(target, app.env)
    click.echo(f"Demo candidate '{summary['name']}' created in {target}")
    click.echo(f"{summary['done']} tasks done, {summary['skipped']} skipped over {summary['days']} days.")
    click.echo(f"Look around:  systemcraft --home {target} today")
    click.echo(f"              systemcraft --home {target} status")
    click.echo(f"              systemcraft --home {target} plan show --week 3")


@cli.command(short_help="Set up on first run, then show today.")
@click.pass_context
def start(ctx: click.Context) -> None:
    """First run: set up interactively; afterwards: show today's plan. (What `make run` calls.)"""
    from systemcraft.cli import render
    from systemcraft.errors import NotFoundError
    app = ctx.obj
    try:
        view = app.coach.today()
    except NotFoundError:
        if not _interactive():
            raise InputError("nothing set up yet: run `systemcraft init` in a terminal, or pass its options "
                             "(see `systemcraft init --help`)") from None
        ctx.invoke(init)
        return
    render.today(view)
