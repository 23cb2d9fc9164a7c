"""Field types every input document shares, and the one-line error for a refused one.

Every type here refuses what would crash a later command or a database: integers past 64 bits, NaN and
infinite floats, dates outside 2000–2100 (a plan, a log, a review), text with NUL or lone surrogates
(PostgreSQL and SQLite refuse them on write), path-like or unknown time zones, clock times like 99:99.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from systemcraft.domain.text import control_problem
from systemcraft.errors import InputError

INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
FIRST_DAY = date(2000, 1, 1)        # plans, logs, reviews and interviews happen inside this window
LAST_DAY = date(2100, 12, 31)
MAX_TEXT = 10_000                   # any text without a tighter domain limit
MAX_ZONE = 64                       # the longest IANA name is 32 characters
_BAD_CHARS = re.compile(r"[\x00\ud800-\udfff]")               # NUL and lone surrogates: no database stores them
_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}")
_CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class Document(BaseModel):
    """An input document: no unknown fields, no silent conversions (a "5" is not 5, true is not 1)."""
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


def refuse(message: str):
    """Raise a validation error whose message is used as it is (after the field's name)."""
    raise PydanticCustomError("value", "{message}", {"message": message})


def shown(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ---------------------------------------------------------------- numbers

def between(lo: int, hi: int):
    """An inclusive range check on a whole number, with a message naming both ends."""
    def check(v: int) -> int:
        if not lo <= v <= hi:
            refuse(f"must be between {lo} and {hi}, got {v}")
        return v
    return AfterValidator(check)


def Int(lo: int = INT64_MIN, hi: int = INT64_MAX):
    """A whole number (not a bool, not a float) inside [lo, hi], which itself sits inside 64 bits."""
    assert INT64_MIN <= lo <= hi <= INT64_MAX
    return Annotated[int, Field(json_schema_extra={"minimum": lo, "maximum": hi}), between(lo, hi)]


def Real(lo: float, hi: float, above: bool = False):
    """A finite number inside [lo, hi] (or (lo, hi] with `above`)."""
    def check(v: float) -> float:
        v = float(v)
        if not math.isfinite(v):
            refuse(f"should be a finite number, got {shown(v)}")
        if not ((lo < v) if above else (lo <= v)) or v > hi:
            refuse(f"must be {'more than' if above else 'at least'} {lo:g} and at most {hi:g}, got {v:g}")
        return v
    extra = {"exclusiveMinimum" if above else "minimum": lo, "maximum": hi}
    return Annotated[float, Field(json_schema_extra=extra), AfterValidator(check)]


Int64 = Int()
Id = Int(1, INT64_MAX)
Count = Int(0, INT64_MAX)
Finite = Real(-1e15, 1e15)


# ---------------------------------------------------------------- text

def Text(limit: int = MAX_TEXT, min_length: int = 0, one_line: bool = False):
    """Text up to `limit` characters. NUL and lone surrogates are always refused (no database stores them);
    every control character, tabs and line breaks included, when `one_line`."""
    def check(v: str) -> str:
        if len(v) > limit:
            refuse(f"is too long ({len(v)} characters, at most {limit})")
        if len(v) < min_length:
            refuse("must not be empty")
        problem = control_problem(v, one_line=True) if one_line else \
            (control_problem(v) if _BAD_CHARS.search(v) else None)
        if problem:
            refuse(problem)
        return v
    return Annotated[str, Field(json_schema_extra={"maxLength": limit, "minLength": min_length}), AfterValidator(check)]


Str = Text()


def _clock(v: str) -> str:
    if not _CLOCK.fullmatch(v):
        refuse(f"must be a time like 19:00, got {shown(v)}")
    return v


Clock = Annotated[str, Field(json_schema_extra={"pattern": _CLOCK.pattern, "maxLength": 5}), AfterValidator(_clock)]


def zone_problem(name: str) -> str | None:
    """Why `name` is not a usable IANA time zone name (None when it is). Path-like names are refused before
    zoneinfo ever looks at the disk."""
    if not isinstance(name, str) or not name or len(name) > MAX_ZONE or not _ZONE.fullmatch(name):
        return f"must be an IANA time zone name like Europe/Paris, got {shown(name)}"
    from zoneinfo import ZoneInfo
    try:
        ZoneInfo(name)
    except Exception:                       # not found, a directory, a broken file: all "unknown"
        return f"is not a known time zone: {shown(name)} (an IANA name like Europe/Paris)"
    return None


def _zone(v: str) -> str:
    problem = zone_problem(v)
    if problem:
        refuse(problem)
    return v


Zone = Annotated[str, Field(json_schema_extra={"maxLength": MAX_ZONE, "examples": ["Europe/Paris"]}),
                 AfterValidator(_zone)]


# ---------------------------------------------------------------- dates and times

def _day(v: Any) -> Any:
    if isinstance(v, datetime):
        refuse(f"should be a date (YYYY-MM-DD), got {shown(v.isoformat())}")
    if isinstance(v, str):
        if not _ISO_DAY.fullmatch(v):
            refuse(f"should be a date (YYYY-MM-DD), got {shown(v)}")
        try:
            return date.fromisoformat(v)
        except ValueError:
            refuse(f"should be a date (YYYY-MM-DD), got {shown(v)}")
    if not isinstance(v, date):
        refuse(f"should be a date (YYYY-MM-DD), got {shown(v)}")
    return v


def _moment(v: Any) -> Any:
    if isinstance(v, str) and len(v) <= 40:
        try:
            v = datetime.fromisoformat(v)
        except ValueError:
            pass
    if not isinstance(v, datetime):
        refuse(f"should be a date and time (ISO 8601), got {shown(v)}")
    return v


def DayIn(first: date = FIRST_DAY, last: date = LAST_DAY):
    """A calendar date (an ISO string in JSON) between `first` and `last`."""
    def check(v: date) -> date:
        if not first <= v <= last:
            refuse(f"must be between {first} and {last}, got {v}")
        return v
    return Annotated[date, BeforeValidator(_day), AfterValidator(check),
                     Field(json_schema_extra={"format": "date"})]


def _moment_window(v: datetime) -> datetime:
    if not FIRST_DAY.year <= v.year <= LAST_DAY.year:
        refuse(f"must be between {FIRST_DAY.year} and {LAST_DAY.year}, got {v.isoformat()}")
    return v


Day = DayIn()
Moment = Annotated[datetime, BeforeValidator(_moment), AfterValidator(_moment_window),
                   Field(json_schema_extra={"format": "date-time"})]


# ---------------------------------------------------------------- free JSON

MAX_JSON_ITEMS = 100_000


def _json(v: Any) -> Any:
    """Free JSON (a plan's explanation, a report…): any shape, but nothing a database cannot store or a later
    reader cannot handle: finite numbers within 64 bits, text without NUL or lone surrogates."""
    stack, seen = [v], 0
    while stack:
        x = stack.pop()
        seen += 1
        if seen > MAX_JSON_ITEMS:
            refuse(f"holds more than {MAX_JSON_ITEMS} values")
        if isinstance(x, dict):
            for k, item in x.items():
                if not isinstance(k, str) or _BAD_CHARS.search(k):
                    refuse("has a key with control characters")
                stack.append(item)
        elif isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, str):
            if _BAD_CHARS.search(x):
                refuse("contains a NUL character or a lone surrogate")
        elif isinstance(x, bool) or x is None:
            pass
        elif isinstance(x, int):
            if not INT64_MIN <= x <= INT64_MAX:
                refuse(f"holds a number past 64 bits ({shown(x)})")
        elif isinstance(x, float):
            if not math.isfinite(x):
                refuse(f"holds a number that is not finite ({x})")
        else:
            refuse(f"holds a value JSON cannot carry ({type(x).__name__})")
    return v


Json = Annotated[Any, AfterValidator(_json)]
JsonObject = Annotated[dict, AfterValidator(_json)]
JsonList = Annotated[list, AfterValidator(_json)]


# ---------------------------------------------------------------- the one-line error

def where(loc, prefix: str = "") -> str:
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("body", "query", "path", "form") and not out:
            continue
        elif str(part).startswith(("function-after", "function-before", "json-or-python")):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


_KINDS = {"int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
          "float_type": "a number", "float_parsing": "a number", "string_type": "text",
          "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list",
          "tuple_type": "a list", "set_type": "a list", "dict_type": "an object", "model_type": "an object",
          "model_attributes_type": "an object", "date_type": "a date (YYYY-MM-DD)",
          "datetime_type": "a date and time (ISO 8601)", "finite_number": "a finite number"}


def describe(err: dict, prefix: str = "") -> str:
    """One pydantic error as one line that names the field: `stories[3].title: is too long (…)`."""
    from systemcraft.yamlsafe import shown as one_line
    loc = one_line(where(err.get("loc", ()), prefix), 200)     # field names come from the file too ("candidate.\r")
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"{loc} is missing"
    if kind == "extra_forbidden":
        return f"{loc}: unknown field"
    if kind == "value":
        text = ctx.get("message") or err.get("msg", "")
    elif kind in _KINDS:
        text = f"should be {_KINDS[kind]}, got {shown(err.get('input'))}"
    elif kind == "literal_error":
        text = f"must be one of {ctx.get('expected', '')}, got {shown(err.get('input'))}"
    elif kind in ("too_long", "too_short"):
        got = err.get("input")
        n = len(got) if hasattr(got, "__len__") else "?"
        text = (f"has too many items ({n}, at most {ctx.get('max_length')})" if kind == "too_long"
                else f"needs at least {ctx.get('min_length')} item(s), got {n}")
    elif kind in ("string_too_long", "string_too_short"):
        got = err.get("input")
        text = (f"is too long ({len(got)} characters, at most {ctx.get('max_length')})"
                if kind == "string_too_long" else "must not be empty")
    elif kind == "string_pattern_mismatch":
        text = f"is not in the expected form, got {shown(err.get('input'))}"
    else:
        text = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
    line = f"{loc}: {text}" if loc else text
    return one_line(line, 400)


def first_error(exc: ValidationError, prefix: str = "") -> str:
    errors = exc.errors(include_url=False)
    return describe(errors[0], prefix) if errors else f"{prefix or 'the document'}: is not valid"


def parse(model: type[BaseModel], data: Any, prefix: str = "", lead: str = "", context: dict | None = None):
    """Validate `data` as `model`; a refusal is an InputError of one line: `<lead><field path>: <problem>`."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise InputError(lead + first_error(exc, prefix)) from None



def _day_text(v: str) -> str:
    day = _day(v)
    if not FIRST_DAY <= day <= LAST_DAY:
        refuse(f"must be between {FIRST_DAY} and {LAST_DAY}, got {day}")
    return v


def _moment_text(v: str) -> str:
    _moment_window(_moment(v))
    return v


# Dates and times kept as the ISO text they came as (inside stored JSON, where a date object cannot go).
DayText = Annotated[str, AfterValidator(_day_text)]
MomentText = Annotated[str, AfterValidator(_moment_text)]
