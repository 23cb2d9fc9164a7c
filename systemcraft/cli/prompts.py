"""Interactive questions on a terminal (init, assess). Only used when stdin is a TTY."""

from __future__ import annotations

import click

from systemcraft.domain.assessment import LETTERS, QUESTIONS, SECTION_BY_ID


def ask_quiz(existing: dict | None = None) -> dict:
    answers = dict(existing or {})
    todo = [q for q in QUESTIONS if q.id not in answers]
    if not todo:
        return answers
    click.secho("\nReadiness quiz: 20 questions, about 15 minutes. Answer A (weakest) to E (strongest).",
                bold=True)
    section = None
    for n, q in enumerate(todo, start=1):
        if q.section != section:
            section = q.section
            click.secho(f"\n{SECTION_BY_ID[section].name}", bold=True, underline=True)
        click.echo(f"\n{q.id.upper()} ({n}/{len(todo)}) {q.topic}: {q.prompt}")
        for letter, option in zip(LETTERS, q.options):
            click.echo(f"   {letter}) {option}")
        answers[q.id] = click.prompt("   Your answer", type=click.Choice(list(LETTERS) + list(LETTERS.lower()),
                                                                        case_sensitive=False),
                                     show_choices=False).upper()
    return answers


def ask(text: str, default=None, type=None):
    return click.prompt(text, default=default, type=type, show_default=default is not None)


def confirm(text: str, default: bool = False) -> bool:
    return click.confirm(text, default=default)
