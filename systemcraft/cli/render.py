"""Plain-text rendering for the hot-path commands (no Rich import: it costs ~40 ms)."""

from __future__ import annotations

import json
import shutil
import textwrap

import click

from systemcraft.views import CATEGORY_LABEL, format_minutes as minutes, to_json
STATUS_MARK = {"planned": "[ ]", "done": "[x]", "skipped": "[-]"}


def echo_json(obj) -> None:
    click.echo(json.dumps(to_json(obj), indent=2, ensure_ascii=False))


def show(view, as_json: bool, table: str, **options) -> None:
    """Print a view as JSON, or through the named renderer in cli/tables.py (imported only then)."""
    if as_json:
        echo_json(view)
        return
    from systemcraft.cli import tables
    getattr(tables, table)(view, **options)


def task_line(t, width: int) -> str:
    mark = STATUS_MARK.get(t.status, "[?]")
    label = CATEGORY_LABEL.get(t.category, t.category)
    head = f"{t.seq:>3}  {mark} {label:<10} {t.minutes:>3} min  "
    tags = []
    if t.gap:
        tags.append("gap")
    if t.checkpoint:
        tags.append(f"checkpoint {t.checkpoint}")
    if t.kind == "review":
        tags.append("systemcraft review")
    text = t.text + (f"  ({', '.join(tags)})" if tags else "")
    if t.status == "done" and t.actual_minutes and t.actual_minutes != t.minutes:
        text += f"  — took {t.actual_minutes} min"
    if t.status == "skipped" and t.reason:
        text += f"  — skipped: {t.reason}"
    body = textwrap.wrap(text, max(30, width - len(head))) or [""]
    lines = [head + body[0]] + [" " * len(head) + b for b in body[1:]]
    colour = {"done": "green", "skipped": "yellow"}.get(t.status)
    return "\n".join(click.style(line, fg=colour) if colour else line for line in lines)


def after_interview(outcome: dict | None) -> None:
    """What to do after the interview: record how it went, set a new date (today and status)."""
    from systemcraft.services.interview import OUTCOMES
    if outcome and outcome.get("notes"):
        first = outcome["notes"].splitlines()[0]
        click.echo(f"  note: {first}" + (" …" if "\n" in outcome["notes"] else ""))
    verb = "Record a newer outcome" if outcome else "Record how it went"
    click.echo(f"{verb}: systemcraft interview outcome {'|'.join(OUTCOMES)} [--note TEXT]")
    click.echo("Set a new date:  systemcraft plan regenerate --interview DATE")


def today(view) -> None:
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    day = view.date.strftime("%A %d %B %Y")
    if view.week:
        header = f"{day} · week {view.week} of {view.weeks_total} · {view.theme} ({view.phase})"
    else:
        header = f"{day} · {view.plan_name}"
    click.secho(header, bold=True)
    if view.days_to_interview > 0:
        click.echo(f"{view.interview_when} ({view.interview_date.isoformat()})")
    if view.message:
        click.echo(view.message)
    if view.state == "after":
        after_interview(view.outcome)
    if not view.tasks:
        return
    click.echo("")
    for t in view.tasks:
        click.echo(task_line(t, width))
    click.echo("")
    left = [t for t in view.tasks if t.status == "planned"]
    click.echo(f"Planned {minutes(view.planned_minutes)} · done {minutes(view.done_minutes)}"
               + (f" · {len(left)} to go" if left else " · all recorded"))
    if left:
        click.echo(f"Record one: systemcraft done {left[0].seq} [--minutes M]   "
                   f"or: systemcraft skip {left[0].seq} --reason TEXT")
