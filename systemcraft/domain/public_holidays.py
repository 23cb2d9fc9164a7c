"""Public holidays offered as blackout days: a country's (and region's) holidays between two dates.

The calendar itself comes from the `holidays` package (ISO 3166-1 alpha-2 countries, ISO 3166-2 regions).
It is imported here only, and only when a lookup is asked for, so the daily commands never load it.
Nothing here reads the clock: the caller passes the window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

EXAMPLES = "GB, US, DE or IN"
MAX_CODE = 60                           # the longest region name the package knows is well under this
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LOWER = {" And ": " and ", " Of ": " of ", " The ": " the ", " Da ": " da "}


class HolidayError(ValueError):
    """A country or region the calendar does not know (one line for the candidate)."""


@dataclass(frozen=True)
class PublicHoliday:
    date: date
    name: str


@dataclass(frozen=True)
class HolidayList:
    """The public holidays of `country` (and `region`) from `first` to `last`, both included, and the
    regions the country has (code, name), so a form can offer them."""
    country: str
    country_name: str
    region: str | None
    first: date
    last: date
    holidays: tuple[PublicHoliday, ...]
    regions: tuple[tuple[str, str], ...] = ()

    @property
    def where(self) -> str:
        return f"{self.country}-{self.region}" if self.region else self.country

    @property
    def dates(self) -> frozenset[date]:
        return frozenset(h.date for h in self.holidays)

    @property
    def none_message(self) -> str:
        return f"No public holidays in {self.where} fall between {self.first} and {self.last}."


def _lib():
    import holidays                       # ~0.1 s: only when the candidate asks for holidays
    return holidays


def _readable(class_name: str) -> str:
    """The package's class name as a country name: 'BosniaAndHerzegovina' → 'Bosnia and Herzegovina'."""
    text = f" {re.sub(r'(?<=[a-z])(?=[A-Z])', ' ', class_name)} "
    for word, lower in _LOWER.items():
        text = text.replace(word, lower)
    return text.strip()


def countries() -> tuple[tuple[str, str], ...]:
    """Every country the calendar knows, as (code, name), by name."""
    from holidays.registry import COUNTRIES
    return tuple(sorted(((v[1], _readable(v[0])) for v in COUNTRIES.values()), key=lambda c: c[1]))


def _clean(text: str | None, what: str) -> str:
    value = (text or "").strip()
    if len(value) > MAX_CODE or _CONTROL.search(value):
        shown = _CONTROL.sub("?", value)[:20]
        hint = f"use a two-letter code such as {EXAMPLES}" if what == "country" else "use its code, e.g. CA or SCT"
        raise HolidayError(f"unknown {what} '{shown}': {hint}")
    return value


def split_code(code: str | None, region: str | None = None) -> tuple[str, str | None]:
    """'US-CA' → ('US', 'CA'); 'gb' → ('GB', None); a region passed on its own wins over one in the code.
    Only the shape is checked here; `lookup` checks the calendar knows them."""
    text = _clean(code, "country")
    if not text:
        raise HolidayError(f"choose a country: a two-letter code such as {EXAMPLES}")
    country, _, inline = text.partition("-")
    region = _clean(region, "region") or inline.strip() or None
    return country.strip().upper(), region


def _entity(country: str):
    lib = _lib()
    known = {v[1]: v[0] for v in _registry().values()}
    if not re.fullmatch(r"[A-Z]{2}", country) or country not in known:
        raise HolidayError(f"unknown country '{country[:20]}': use a two-letter code such as {EXAMPLES}")
    return lib.country_holidays(country), _readable(known[country])


def _registry():
    from holidays.registry import COUNTRIES
    return COUNTRIES


def regions_of(entity) -> tuple[tuple[str, str], ...]:
    names: dict[str, str] = {}
    for alias, code in (getattr(entity, "subdivisions_aliases", None) or {}).items():
        if len(alias) > 3 or alias == code:           # a name, not another code
            names.setdefault(code, alias)
    return tuple((code, names.get(code, code)) for code in entity.subdivisions)


def _region(entity, country: str, region: str | None, regions) -> str | None:
    if not region:
        return None
    wanted = region.casefold()
    for code, _ in regions:
        if code.casefold() == wanted:
            return code
    for alias, code in (getattr(entity, "subdivisions_aliases", None) or {}).items():
        if alias.casefold() == wanted:
            return code
    if not regions:
        raise HolidayError(f"unknown region '{region[:20]}': {country} has no regions in the calendar, "
                           "leave the region blank")
    raise HolidayError(f"unknown region '{region[:20]}' for {country}: use one of "
                       f"{', '.join(c for c, _ in regions)}, or leave it blank")


def _language(entity) -> str | None:
    """English names where the package has them."""
    default = getattr(entity, "default_language", None) or ""
    if default.startswith("en"):
        return None
    supported = getattr(entity, "supported_languages", ()) or ()
    return next((lang for lang in ("en_US", "en_GB") if lang in supported), None)


def lookup(code: str | None, region: str | None, first: date, last: date) -> HolidayList:
    """The public holidays of a country (and region) from `first` to `last`, both included, by date.
    An unknown country or region raises HolidayError; a window with none gives an empty list."""
    country, region = split_code(code, region)
    entity, name = _entity(country)
    regions = regions_of(entity)
    subdiv = _region(entity, country, region, regions)
    found: tuple[PublicHoliday, ...] = ()
    if first <= last:
        calendar = _lib().country_holidays(country, subdiv=subdiv, years=range(first.year, last.year + 1),
                                           language=_language(entity))
        found = tuple(PublicHoliday(d, str(n)) for d, n in sorted(calendar.items()) if first <= d <= last)
    return HolidayList(country, name, subdiv, first, last, found, regions)
