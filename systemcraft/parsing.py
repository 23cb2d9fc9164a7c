"""Parsing user-typed values into domain values, with one-line errors naming the option."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from systemcraft.errors import InputError

MAX_ANSWERS_BYTES = 64 * 1024
MAX_RANGE_DAYS = 120


def parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InputError(f"'{str(text)[:40]}' is not a valid date for {what} (use YYYY-MM-DD)") from None


def parse_dates(values: tuple[str, ...] | list[str], what: str) -> frozenset[date]:
    """Dates or inclusive ranges 'A..B'."""
    out: set[date] = set()
    for raw in values:
        if ".." in raw:
            a, _, b = raw.partition("..")
            first, last = parse_date(a, what), parse_date(b, what)
            if last < first:
                raise InputError(f"the range '{raw}' for {what} ends before it starts")
            if (last - first).days > MAX_RANGE_DAYS:
                raise InputError(f"the range '{raw}' for {what} is longer than {MAX_RANGE_DAYS} days")
            out.update(first + timedelta(days=i) for i in range((last - first).days + 1))
        else:
            out.add(parse_date(raw, what))
    return frozenset(out)


def parse_weekdays(text: str) -> frozenset[int]:
    from systemcraft.domain.plans import PlanError
    from systemcraft.domain.schedule import parse_weekdays as _parse
    try:
        return _parse(text)
    except PlanError as exc:
        raise InputError(str(exc)) from None


def load_answers(path: str) -> dict:
    from systemcraft.exports.files import read_json
    data = read_json(Path(path), "the answers file", MAX_ANSWERS_BYTES)
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = data["answers"]
    if not isinstance(data, dict):
        raise InputError(f"the answers file {path} must hold an object like {{\"q1\": \"C\", ...}}")
    return data


def pairs(items, example: str) -> dict[str, str]:
    """'KEY=VALUE' arguments as a dict; a one-line error names the first malformed item."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"'{item}' is not {example}")
        out[key.strip()] = value.strip()
    return out
