"""Form fields → domain values, with the CLI's own parsers; each error lands next to its field.

Every form is checked whole, in one pass (issue 16 §8): each getter records its field's message and goes on,
so a reply names every wrong field at once; the page shows each message by its field (the `field_error` macro
in templates/_macros.html, which also puts it in sentence case) with everything typed kept (`Form.typed`)."""

from __future__ import annotations

import re
from datetime import date

from systemcraft import parsing
from systemcraft.services.planning import clean_text
from systemcraft.errors import InputError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MULTI = frozenset({"days", "secondary_lps"})        # checkbox groups: always a list in Form.typed
CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


class Form:
    """Wraps submitted values; every getter records a one-line error under the field's name."""

    def __init__(self, data) -> None:
        self.data = data
        self.errors: dict[str, str] = {}

    def raw(self, name: str) -> str:
        """The field as typed, trimmed; a browser sends a textarea's line breaks as CRLF, stored as LF."""
        value = self.data.get(name)
        return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else ""

    def _fail(self, name: str, message: str):
        self.errors.setdefault(name, message)
        return None

    def typed(self) -> dict:
        """Everything as it was sent, to fill the form again: one value a field, a list for repeated
        fields (checkboxes), files left out (a browser never lets a page pre-fill one)."""
        out: dict = {}
        for key in self.data.keys():
            values = [v for v in (self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data[key]])
                      if isinstance(v, str)]
            if values:
                out[key] = values if len(values) > 1 or key in MULTI else values[0]
        return out

    def text(self, name: str, label: str, limit: int, required: bool = True) -> str | None:
        try:
            return clean_text(self.raw(name), label, limit, required) or None
        except InputError as exc:
            return self._fail(name, exc.message)

    def lines(self, name: str, label: str, per_line: int, limit: int = 4000) -> tuple[str, ...]:
        """A 'one per line' box: each non-blank line, trimmed. A line over `per_line` is refused by the
        field with its number (never cut short); the box comes back as typed."""
        text = self.text(name, label, limit, required=False) or ""
        out = []
        for number, line in enumerate(text.split("\n"), 1):
            line = line.strip()
            if len(line) > per_line:
                self._fail(name, f"{label}: line {number} is too long ({len(line)} characters, at most {per_line})")
                return ()
            if line:
                out.append(line)
        return tuple(out)

    def integer(self, name: str, label: str, lo: int, hi: int, default: int | None = None,
                required: bool = True) -> int | None:
        raw = self.raw(name)
        if not raw:
            if default is not None or not required:
                return default
            return self._fail(name, f"enter {label}")
        if not re.fullmatch(r"-?\d{1,9}", raw):
            return self._fail(name, f"enter {label} as a whole number (you typed '{raw[:20]}')")
        value = int(raw)
        if not lo <= value <= hi:
            return self._fail(name, f"{label} must be between {lo} and {hi}, got {value}")
        return value

    def number(self, name: str, label: str, lo: float, hi: float, required: bool = False) -> float | None:
        raw = self.raw(name)
        if not raw:
            return self._fail(name, f"enter {label}") if required else None
        try:
            value = float(raw)
        except ValueError:
            return self._fail(name, f"enter {label} as a number, e.g. 1.5 (you typed '{raw[:20]}')")
        if not (lo <= value <= hi):            # NaN compares false both ways, so it is refused too
            return self._fail(name, f"{label} must be at least {lo:g} and at most {hi:g}, got {raw[:20]}")
        return value

    def day(self, name: str, label: str, required: bool = True) -> date | None:
        raw = self.raw(name)
        if not raw:
            return self._fail(name, f"enter {label}") if required else None
        try:
            return parsing.parse_date(raw, label)
        except InputError as exc:
            return self._fail(name, exc.message)

    def dates(self, name: str, label: str) -> frozenset[date]:
        items = [p for p in re.split(r"[\s,]+", self.raw(name)) if p]
        try:
            return parsing.parse_dates(items, label)
        except InputError as exc:
            self._fail(name, exc.message)
            return frozenset()

    def choice(self, name: str, label: str, options, default: str | None = None) -> str | None:
        raw = self.raw(name) or default
        if raw not in options:
            return self._fail(name, f"choose {label} from: {', '.join(options)}")
        return raw

    def weekdays(self, name: str = "days") -> frozenset[int] | None:
        values = self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name) or []
        picked = [v for v in values if isinstance(v, str)]
        if not picked:
            return self._fail(name, "pick at least one study day")
        try:
            return parsing.parse_weekdays(",".join(picked))
        except InputError as exc:
            return self._fail(name, exc.message)

    def clock(self, name: str, label: str, required: bool = False) -> str | None:
        """A time of day as HH:MM (24-hour)."""
        raw = self.raw(name)
        if not raw:
            return self._fail(name, f"enter {label}") if required else None
        if not CLOCK.fullmatch(raw):
            return self._fail(name, f"enter {label} as a 24-hour time like 19:00 (you typed '{raw[:20]}')")
        return raw

    def flag(self, name: str) -> bool:
        return self.raw(name) in ("on", "1", "true", "yes")


def place_document_errors(f: Form, exc, fields: dict[str, str]) -> None:
    """A refused input document (schemas/): each error goes next to its form field (`fields` maps the document's
    field to the form's), the rest to the whole form."""
    from systemcraft.schemas.base import describe
    for err in exc.errors(include_url=False):
        loc = err.get("loc") or ()
        field = fields.get(str(loc[0])) if loc else None
        if field and field != "form":       # shown by its field: the field's name need not be said again
            message = "fill this in" if err.get("type") == "missing" else describe({**err, "loc": ()})
        else:
            message = describe(err)
        f.errors.setdefault(field or "form", message)


def place_error(exc: InputError, fields: dict[str, tuple[str, ...]]) -> str | None:
    """Which form field a facade error is about, from the words it names (None: the whole form)."""
    message = exc.message.lower()
    for field, words in fields.items():
        if any(w in message for w in words):
            return field
    return None


def by_field(message: str, field: str | None) -> str:
    """A facade error shown next to its field: a leading `field: ` (the documents' and the domain's way of
    naming it) is dropped, the field being right there."""
    if field and field != "form":
        head, sep, rest = message.partition(": ")
        if sep and head.strip().lower().replace(" ", "_") == field.lower() and rest:
            return rest
    return message


def upload_name(raw: str | None) -> str:
    """An uploaded file's name as its messages show it: no folders, no control characters, its last 100
    characters (the suffix, which says what the file is, is kept)."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[\x00-\x1f\x7f]", "", name)[-100:] or "file"


def about_file(message: str, name: str) -> str:
    """A reader's message about the one uploaded file, shown by its field: its leading `name: ` is dropped
    ("kit.md: line 12: …" → "line 12: …"), the field being right there."""
    return message[len(name) + 2:] if message.startswith(f"{name}: ") and len(message) > len(name) + 2 else message
