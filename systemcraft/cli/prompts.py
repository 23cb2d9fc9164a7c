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
    return click.prompt(text, default=default, type=type, show_default=default not in (None, ""))


def confirm(text: str, default: bool = False) -> bool:
    return click.confirm(text, default=default)


class _Checked(click.ParamType):
    """A prompt type that re-asks with our own message when the value is not acceptable."""

    def __init__(self, name: str, convert) -> None:
        self.name = name
        self._convert = convert

    def convert(self, value, param, ctx):
        from systemcraft.errors import SystemCraftError
        if not isinstance(value, str):
            return value
        try:
            return self._convert(value)
        except SystemCraftError as exc:
            self.fail(exc.message, param, ctx)


def date_type(what: str, after=None) -> click.ParamType:
    from systemcraft.parsing import parse_date
    from systemcraft.errors import InputError

    def convert(text: str):
        d = parse_date(text, what)
        if after is not None and d <= after:
            raise InputError(f"{what} must be after today ({after}); {d} is not")
        return d
    return _Checked("date", convert)


def weekdays_type() -> click.ParamType:
    from systemcraft.parsing import parse_weekdays
    return _Checked("days", parse_weekdays)


def hours_type() -> click.ParamType:
    from systemcraft.errors import InputError

    def convert(text: str):
        if not text.strip():
            return None
        try:
            value = float(text)
        except ValueError:
            raise InputError(f"'{text}' is not a number of hours") from None
        from systemcraft.domain.schedule import MAX_HOURS, MIN_HOURS
        if not MIN_HOURS <= value <= MAX_HOURS:
            raise InputError(f"hours per week must be at least {MIN_HOURS:g} and at most {MAX_HOURS:g}")
        return value
    return _Checked("hours", convert)


def principle_type() -> click.ParamType:
    from systemcraft.domain import principles
    from systemcraft.errors import InputError

    def convert(text: str) -> str:
        try:
            return principles.get(text).id
        except principles.UnknownPrinciple as exc:
            raise InputError(str(exc)) from None
    return _Checked("principle", convert)
