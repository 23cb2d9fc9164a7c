"""Log: the practice log on the web, everything `systemcraft log` records by hand: a coding problem, a design
problem, a concept (or an industry update, or networking), study time, a story drafted, a mock and its score;
the entries listed newest first, filtered by week and kind; one entry edited or deleted.

Each form is checked whole, in one pass, with the CLI's rules (services/logbook.py builds the entry and checks it
again); the day defaults to today and must lie between the plan's first day and today. A form sent twice within
seconds logs one entry (services/tracking.add_entry). Every POST answers with a redirect to a GET."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import RedirectResponse

from systemcraft.domain import practice
from systemcraft.domain.principles import BY_ID, PRINCIPLES
from systemcraft.domain.plans import CATEGORIES
from systemcraft.errors import InputError, NotFoundError
from systemcraft.services import logbook
from systemcraft.views import CATEGORY_LABEL
from systemcraft.web.context import coach, page
from systemcraft.web.filters import FILTERS
from systemcraft.web.forms import Form, by_field, place_error
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
EntryId = Path(..., ge=1, le=2_147_483_647)
PAGE_SIZE = 50
nice = FILTERS["nicedate"]

# Every kind of entry, as the list names it (the CLI's `log list --kind` values).
KIND_NAMES = {"coding": "Coding problem", "design": "Design problem", "concept": "Concept",
              "industry": "Industry update", "networking": "Networking", "study": "Study time",
              "story": "Story drafted", "mock": "Mock", "checkin": "Check-in"}


@dataclass(frozen=True)
class Field:
    name: str
    label: str                  # shown by the control
    what: str                   # named in a message: "enter the minutes"
    type: str = "text"          # text, long (a text area), int, score (1–5, fractions allowed), choice, day
    required: bool = True
    options: tuple = ()         # (value, label) for a choice
    help: str = ""
    limit: int = practice.MAX_TITLE
    lo: int = 1
    hi: int = practice.MAX_MINUTES


YES_NO = (("yes", "On my own"), ("no", "With hints or help"))
PATTERN_OPTIONS = tuple(practice.PATTERNS.items())
DIFFICULTY_OPTIONS = tuple((d, d.capitalize()) for d in practice.DIFFICULTIES)
LEVEL_OPTIONS = tuple((lv, lv) for lv in practice.DESIGN_LEVELS)
CATEGORY_OPTIONS = tuple((c, CATEGORY_LABEL.get(c, c)) for c in CATEGORIES)
LP_OPTIONS = tuple((p.id, p.name) for p in PRINCIPLES)
LEARNING_OPTIONS = (("concept", "A concept learned"), ("industry", "An industry update"),
                    ("networking", "A networking activity"))

MINUTES = Field("minutes", "Minutes", "the minutes", "int", help=f"From 1 to {practice.MAX_MINUTES}.")
DAY = Field("day", "Day", "the day", "day", required=False)         # empty: today

# The add forms: the fields of each `systemcraft log KIND` command, under the same names.
ADD = {
    "coding": ("A coding problem", (
        Field("title", "Problem", "the problem's name",
              help=f"Its name, e.g. Two Sum; at most {practice.MAX_TITLE} characters."),
        Field("pattern", "Pattern", "a pattern", "choice", options=PATTERN_OPTIONS),
        Field("difficulty", "Difficulty", "a difficulty", "choice", options=DIFFICULTY_OPTIONS),
        Field("minutes", "Minutes it took", "the minutes", "int", help=f"From 1 to {practice.MAX_MINUTES}."),
        Field("alone", "How you solved it", "how you solved it", "choice", options=YES_NO),
        Field("link", "Link to the problem", "the link", required=False, limit=500,
              help="Optional; starts with http:// or https://."),
        DAY)),
    "design": ("A system-design problem", (
        Field("problem", "What you designed", "the problem", help="E.g. a chat system; at most "
                                                                 f"{practice.MAX_TITLE} characters."),
        Field("level", "Level", "a level", "choice", options=LEVEL_OPTIONS),
        MINUTES,
        Field("score", "Your self-score (1–5)", "the self-score", "int", lo=1, hi=5),
        DAY)),
    "concept": ("A concept, an industry update or networking", (
        Field("text", "What you learned or did", "the description",
              help=f"One line; at most {practice.MAX_TITLE} characters."),
        Field("learning", "Kind", "what kind it is", "choice", options=LEARNING_OPTIONS),
        DAY)),
    "study": ("Study time outside the plan", (
        Field("category", "Area", "an area", "choice", options=CATEGORY_OPTIONS),
        MINUTES,
        Field("topic", "Topic", "the topic", required=False,
              help=f"Optional: what you studied; at most {practice.MAX_TITLE} characters."),
        DAY)),
    "story": ("A STAR story you drafted", (
        Field("title", "Story title", "the title", help=f"At most {practice.MAX_TITLE} characters."),
        Field("lp", "Leadership Principle", "a principle", "choice", options=LP_OPTIONS),
        Field("minutes", "Minutes", "the minutes", "int", required=False,
              help=f"Optional; from 1 to {practice.MAX_MINUTES}."),
        DAY)),
    "mock": ("A mock interview and its score", (
        Field("type", "Kind of mock", "the mock type",
              help="E.g. behavioral, system design, coding, bar raiser."),
        Field("score", "Overall score (1–5)", "the mock score", "int", lo=1, hi=5,
              help="The rubric's recommendation, 1 to 5."),
        MINUTES,
        DAY)),
}
# The add forms' switch (GET /log?add=KIND): no script, one link a kind.
SWITCH = {"coding": "Coding problem", "design": "Design problem", "concept": "Concept, update or networking",
          "study": "Study time", "story": "Story drafted", "mock": "Mock"}
# Defaults of an empty add form (a choice with no default starts on "Choose…").
DEFAULTS = {"difficulty": "medium", "alone": "yes", "level": "L6", "learning": "concept"}

# The edit forms: the entry's own fields, named as the service's editable fields (logbook.EDITABLE).
_TITLE = Field("title", "Title", "the title")
_COUNT = Field("count", "How many", "the count", "int", hi=practice.MAX_COUNT,
               help=f"From 1 to {practice.MAX_COUNT}; a finished plan task can stand for several.")
_LEARNED = (Field("title", "What you learned or did", "the description"), DAY)
EDIT_DAY = Field("day", "Day", "the day", "day", help="The day it happened.")
EDIT = {
    "coding": (Field("title", "Problem", "the title"), ADD["coding"][1][1], ADD["coding"][1][2], MINUTES, _COUNT,
               Field("solved_alone", "How you solved it", "how you solved it", "choice", options=YES_NO),
               ADD["coding"][1][5], DAY),
    "design": (Field("title", "What you designed", "the problem"), ADD["design"][1][1], MINUTES, _COUNT,
               Field("score", "Your self-score (1–5)", "the self-score", "score"), DAY),
    "concept": _LEARNED, "industry": _LEARNED, "networking": _LEARNED,
    "study": (ADD["study"][1][0], MINUTES, Field("title", "Topic", "the topic"), DAY),
    "story": (Field("title", "Story title", "the title"), ADD["story"][1][1], MINUTES, _COUNT, DAY),
    "mock": (Field("title", "Kind of mock", "the mock type"),
             Field("score", "Overall score (1–5)", "the mock score", "score"), MINUTES, DAY),
    "checkin": (Field("minutes", "Minutes studied", "the minutes", "int"),
                Field("title", "Main topic", "the topic", required=False),
                Field("confidence", "Confidence (1–5)", "confidence", "int", hi=5),
                Field("energy", "Energy (1–5)", "energy", "int", hi=5),
                Field("insight", "One insight", "the insight", "long", required=False, limit=practice.MAX_TEXT),
                DAY),
}
EDIT = {kind: tuple(EDIT_DAY if fld is DAY else fld for fld in fields) for kind, fields in EDIT.items()}
CLEARABLE = frozenset({"link", "insight"})         # the optional fields an edit may empty (logbook.edit_values)
# Which field a service message is about, from the words it names.
FIELD_WORDS = {"day": ("future", "before your plan", "day"), "link": ("link",), "pattern": ("pattern",),
               "difficulty": ("difficulty",), "level": ("level",), "score": ("score",), "count": ("count",),
               "minutes": ("minutes",), "category": ("category",), "lp": ("principle", "lp"),
               "confidence": ("confidence",), "energy": ("energy",), "insight": ("insight",),
               "solved_alone": ("solved_alone",), "title": ("title", "description", "topic", "mock type",
                                                            "problem")}


# ------------------------------------------------------------------ reading a form

def _read(f: Form, fld: Field, today: date):
    """One field's value, its message (if any) recorded under its name."""
    if fld.type in ("text", "long"):
        return f.text(fld.name, fld.what, fld.limit, fld.required)
    if fld.type == "int":
        return f.integer(fld.name, fld.what, fld.lo, fld.hi, required=fld.required)
    if fld.type == "score":
        return f.number(fld.name, fld.what, 1, 5, required=fld.required)
    if fld.type == "day":
        day = f.day(fld.name, fld.what, required=fld.required)
        return day if day is not None or fld.name in f.errors else today
    raw = f.raw(fld.name)                                      # a choice
    if raw in dict(fld.options) or (not raw and not fld.required):
        return raw or None
    f.errors.setdefault(fld.name, f"choose {fld.what} from the list")
    return None


def _check_day(f: Form, day: date | None, window: logbook.DayWindow) -> None:
    if day is not None and "day" not in f.errors:
        try:
            logbook.check_day(day, window)
        except InputError as exc:
            f.errors["day"] = exc.message


def _entry(kind: str, v: dict) -> dict:
    """The entry as `systemcraft log KIND` builds it, from the checked values."""
    day = v["day"]
    if kind == "coding":
        return logbook.coding_entry(day, v["title"], v["pattern"], v["difficulty"], v["minutes"], v["alone"] == "yes",
                                    v["link"])
    if kind == "design":
        return logbook.design_entry(day, v["problem"], v["level"], v["minutes"], v["score"])
    if kind == "concept":
        return logbook.concept_entry(day, v["text"], v["learning"])
    if kind == "study":
        return logbook.study_entry(day, v["category"], v["minutes"], v["topic"])
    if kind == "story":
        return logbook.story_entry(day, v["title"], v["lp"], v["minutes"])
    return logbook.mock_entry(day, v["type"], v["score"], v["minutes"])


def _place(f: Form, exc: InputError, names) -> None:
    field = place_error(exc, {k: w for k, w in FIELD_WORDS.items() if k in names})
    field = field if field in names else None
    f.errors[field or "form"] = by_field(exc.message, field)


# ------------------------------------------------------------------ the page

def _kind(add: str | None) -> str:
    return add if add in ADD else "coding"


def _list_context(c, week: int | None, kind: str | None, page_no: int, errors: dict) -> dict:
    plan = c.plan_view()
    if week is not None and not 1 <= week <= len(plan.weeks):
        errors["week"] = f"choose a week from 1 to {len(plan.weeks)}"
        week = None
    if kind and kind not in KIND_NAMES:
        errors["kind"] = "choose a kind from the list"
        kind = None
    shown, total = c.log_page(week, kind, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)     # newest first
    pages = max(1, -(-total // PAGE_SIZE))
    if page_no > pages:                      # past the end (entries deleted since): the last page
        page_no = pages
        shown, total = c.log_page(week, kind, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
    filters = {k: v for k, v in (("week", week), ("kind", kind)) if v}

    def link(n: int) -> str:
        return "/log?" + urlencode({**filters, "page": n}) + "#entries"
    return {"rows": shown, "total": total, "page_no": page_no, "pages": pages, "week": week, "kind": kind,
            "newer": link(page_no - 1) if page_no > 1 else None,
            "older": link(page_no + 1) if page_no < pages else None,
            "week_options": [("", "All weeks")] + [(str(w.number), f"Week {w.number} · {nice(w.start)} – {nice(w.end)}")
                                                   for w in plan.weeks],
            "kind_options": [("", "All kinds"), *KIND_NAMES.items()]}


def _page(request: Request, c, add: str, errors: dict | None = None, values: dict | None = None,
          status: int = 200, week: int | None = None, kind: str | None = None, page_no: int = 1,
          notice: str | None = None):
    errors = errors or {}
    window = c.day_window()
    title, fields = ADD[add]
    context = {"add": add, "add_title": title, "fields": fields, "kinds": list(SWITCH.items()),
               "errors": errors, "values": {**DEFAULTS, "day": window.today.isoformat(), **(values or {})},
               "window": window, "kind_names": KIND_NAMES, "lps": BY_ID, "patterns": practice.PATTERNS,
               "categories": CATEGORY_LABEL, "notice": notice}
    context.update(_list_context(c, week, kind, page_no, errors))
    if errors and status == 200:             # a filter of the address that is not one of the page's choices
        status = 422
    return page(request, "log.html", context, status=status, active="log")


@router.get("/log")
async def log_page(request: Request, add: str | None = Query(None, max_length=20),
                   week: int | None = Query(None, ge=1, le=200), kind: str | None = Query(None, max_length=20),
                   n: int = Query(1, alias="page", ge=1, le=1_000_000), c=Depends(coach)):
    return _page(request, c, _kind(add), week=week, kind=kind, page_no=n, notice=_notice(request, c))


def _notice(request: Request, c) -> str | None:
    """What the redirect after a POST reports (`?added=12`, `?updated=12`, …)."""
    q = request.query_params
    for key in ("added", "updated", "unchanged", "deleted"):
        raw = q.get(key, "")
        if raw.isdigit() and len(raw) < 10:
            return _say(key, int(raw), c, q.get("again") == "1")
    return None


def _say(key: str, entry_id: int, c, again: bool) -> str:
    if key == "deleted":
        return f"Entry #{entry_id} is deleted."
    try:
        e = c.log_entry(entry_id)
    except NotFoundError:
        return f"Entry #{entry_id} is no longer in your log."
    what = f"#{entry_id}, {KIND_NAMES.get(e['kind'], e['kind']).lower()}" + (f" “{e['title']}”" if e["title"] else "") \
        + f" on {e['day']:%a} {e['day'].day} {e['day']:%b}"
    if key == "added":
        return (f"You sent this twice: it was logged once, a moment ago, as {what}." if again else
                f"Logged {what}.")
    if key == "updated":
        return f"Saved your changes to {what}."
    return f"Nothing was changed in {what}."


@router.post("/log/{add}")
async def add_entry(request: Request, add: str = Path(..., max_length=20), c=Depends(coach)):
    if add not in ADD:
        raise NotFoundError("no such kind of log entry: choose one on the Log page")
    f = Form(await request.form())
    _, fields = ADD[add]
    window = c.day_window()
    values = {fld.name: _read(f, fld, window.today) for fld in fields}
    _check_day(f, values.get("day"), window)
    if values.get("link") and "link" not in f.errors:
        try:
            logbook.check_link(values["link"])
        except InputError as exc:
            f.errors["link"] = exc.message
    if not f.errors:
        try:
            saved = c.log(_entry(add, values))
            query = {"add": add, "added": saved["id"], **({"again": 1} if saved.get("duplicate") else {})}
            return RedirectResponse("/log?" + urlencode(query), status_code=303)
        except InputError as exc:
            _place(f, exc, [fld.name for fld in fields])
    return _page(request, c, add, f.errors, f.typed(), status=422)


# ------------------------------------------------------------------ one entry: edit, delete

def _one(c, entry_id: int) -> dict:
    try:
        return c.log_entry(entry_id)
    except NotFoundError:
        raise NotFoundError(f"There is no log entry #{entry_id}: it may have been deleted. "
                            "The Log page lists the ones you have.") from None


def _as_text(entry: dict, fld: Field) -> str:
    value = entry.get(fld.name)
    if value is None:
        return ""
    if fld.name == "solved_alone":
        return "yes" if value else "no"
    if fld.type == "score":
        return f"{value:g}"
    if fld.type == "day":
        return value.isoformat()
    return str(value)


def _edit_page(request: Request, c, entry: dict, errors: dict, values: dict | None, status: int = 200):
    fields = EDIT.get(entry["kind"], (EDIT_DAY,))
    shown = {fld.name: _as_text(entry, fld) for fld in fields}
    return page(request, "log_edit.html", {"entry": entry, "fields": fields, "errors": errors,
                                           "values": {**shown, **(values or {})}, "window": c.day_window(),
                                           "kind_name": KIND_NAMES.get(entry["kind"], entry["kind"])},
                status=status, active="log")


@router.get("/log/{entry_id}/edit")
async def edit_form(request: Request, entry_id: int = EntryId, c=Depends(coach)):
    return _edit_page(request, c, _one(c, entry_id), {}, None)


@router.post("/log/{entry_id}/edit")
async def edit(request: Request, entry_id: int = EntryId, c=Depends(coach)):
    entry = _one(c, entry_id)
    f = Form(await request.form())
    fields = EDIT.get(entry["kind"], (EDIT_DAY,))
    window = c.day_window()
    changes: dict[str, str] = {}
    for fld in fields:
        # left empty: unchanged if it was empty (an entry from a plan task may lack a level or a score)
        value = _read(f, fld if fld.type == "day" else replace(fld, required=False), window.today)
        if fld.name in f.errors:
            continue
        if fld.name == "solved_alone" and value is not None:
            value = value == "yes"
        if value == entry.get(fld.name):
            continue
        if value is None and fld.name not in CLEARABLE:        # e.g. a story's minutes: changed, never removed
            f.errors[fld.name] = f"enter {fld.what}: it can be changed but not removed"
            continue
        changes[fld.name] = ("yes" if value else "no") if fld.name == "solved_alone" else \
            value.isoformat() if isinstance(value, date) else "" if value is None else str(value)
    if "day" in changes:
        _check_day(f, date.fromisoformat(changes["day"]), window)
    if "link" in changes and "link" not in f.errors:
        try:
            logbook.check_link(changes["link"])
        except InputError as exc:
            f.errors["link"] = exc.message
    if not f.errors:
        if not changes:
            return RedirectResponse(f"/log?unchanged={entry_id}", status_code=303)
        try:
            c.log_edit(entry_id, changes)
            return RedirectResponse(f"/log?updated={entry_id}", status_code=303)
        except NotFoundError:                        # deleted in another tab since the form was read
            _one(c, entry_id)
        except InputError as exc:
            _place(f, exc, list(changes))
    return _edit_page(request, c, entry, f.errors, f.typed(), status=422)


@router.get("/log/{entry_id}/delete")
async def delete_form(request: Request, entry_id: int = EntryId, c=Depends(coach)):
    """The confirmation step: what would go, and the button that deletes it."""
    entry = _one(c, entry_id)
    return page(request, "log_delete.html", {"entry": entry, "kind_name": KIND_NAMES.get(entry["kind"], entry["kind"])},
                active="log")


@router.post("/log/{entry_id}/delete")
async def delete(entry_id: int = EntryId, c=Depends(coach)):
    """Deleting an entry already gone (the button pressed twice, another tab) ends on the same page."""
    try:
        c.log_delete(entry_id)
    except NotFoundError:
        pass
    return RedirectResponse(f"/log?deleted={entry_id}", status_code=303)
