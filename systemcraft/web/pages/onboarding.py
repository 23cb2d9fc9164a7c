"""Onboarding: profile, availability and the 20-question quiz → the recommended plan and why."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from systemcraft.coach import PlanOptions, Profile
from systemcraft.domain.plans import LEVELS, RISK_TOLERANCES
from systemcraft.domain.schedule import MAX_DAY_MINUTES, MAX_HOURS, MIN_DAY_MINUTES, MIN_HOURS
from systemcraft.errors import InputError
from systemcraft.parsing import parse_date
from systemcraft.schemas.profile import (ENGINEERS, MAX_NAME, YEARS, PlanSettingsDocument, ProfileDocument,
                                         study_days)
from systemcraft.web.context import coach, page
from systemcraft.web.forms import WEEKDAYS, Form, place_document_errors, place_error
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

ROLES = (("manager", "Engineering manager"), ("senior_manager", "Senior manager / manager of managers"),
         ("senior_engineer", "Senior engineer / tech lead"), ("engineer", "Engineer"))
ROLE_IDS = tuple(r for r, _ in ROLES)
FIELD_WORDS = {"interview": ("interview",), "start": ("start date",), "hours": ("hours",), "name": ("name",),
               "session_start": ("session start",), "max_day": ("minutes",)}


def _questions():
    from systemcraft.domain.assessment import QUESTIONS, SECTIONS
    names = {s.id: s.name for s in SECTIONS}
    return [(names[q.section], q) for q in QUESTIONS]


def quiz_answers(f) -> dict[str, str]:
    """The 20 quiz answers from a form (onboarding and the retake), each missing one an error by its item."""
    answers = {}
    for _, q in _questions():
        value = f.raw(q.id)
        if value not in ("A", "B", "C", "D", "E"):
            f.errors[q.id] = "choose one answer, A to E"
        answers[q.id] = value
    return answers


def _form_context(values: dict, errors: dict, today, holidays: dict | None = None) -> dict:
    return {"values": values, "errors": errors, "roles": ROLES, "questions": _questions(),
            "weekdays": WEEKDAYS, "today": today, "bare": True, **(holidays or holiday_choices(None))}


# ---------------------------------------------------------------- public holidays as blackout days (issue 16 §7)

HOLIDAY_WORDS = {"holiday_region": ("unknown region",), "holiday_country": ("country",)}


def holiday_key(found) -> str:
    """What the list on the page was for: a confirmation counts only for the same country, region and window."""
    return f"{found.where}|{found.first}|{found.last}"


def find_holidays(c, f: Form, start=None, interview=None):
    """The public holidays of the form's country and region (None: no country chosen, or an error placed on its
    field) and the regions to offer, looked up again without the region when the region is unknown."""
    country = f.raw("holiday_country")
    if not country:
        return None, ()
    try:
        found = c.public_holidays(country, f.raw("holiday_region") or None, start, interview)
        return found, found.regions
    except InputError as exc:
        field = place_error(exc, HOLIDAY_WORDS) or "holiday_country"
        f.errors.setdefault(field, exc.message)
        if field != "holiday_region":
            return None, ()
    try:
        return None, c.public_holidays(country, None, start, interview).regions
    except InputError:
        return None, ()


def confirmed_holidays(f: Form, found) -> frozenset | None:
    """The ticked holidays when the candidate has seen this very list (None: not confirmed yet). A ticked day
    that is not on the list is an error on the list."""
    if found is None or not found.holidays or f.raw("holidays_for") != holiday_key(found):
        return None
    picked = set()
    for raw in f.data.getlist("holiday"):
        try:
            day = parse_date(raw, "a public holiday")
        except InputError as exc:
            f.errors.setdefault("holiday", exc.message)
            continue
        if day not in found.dates:
            f.errors.setdefault("holiday", f"{day} is not one of the public holidays listed: tick only those")
        picked.add(day)
    return frozenset(picked)


def holiday_choices(found, regions=(), f: Form | None = None) -> dict:
    """The template's holiday fields: every country, the country's regions, and the list with its ticks (all
    ticked until the candidate has seen it)."""
    from systemcraft.domain.public_holidays import countries
    seen = f is not None and found is not None and f.raw("holidays_for") == holiday_key(found)
    ticked = {v for v in f.data.getlist("holiday") if isinstance(v, str)} if seen else \
        {h.date.isoformat() for h in (found.holidays if found else ())}
    return {"holiday_countries": [("", "None: do not block out public holidays"), *countries()],
            "holiday_regions": [("", "None: national holidays only"), *((code, f"{name} ({code})" if name != code
                                                                          else code) for code, name in regions)]
            if regions else [],
            "holidays": found, "holiday_key": holiday_key(found) if found else "", "holiday_ticked": ticked}


@router.get("/welcome")
async def welcome(request: Request, c=Depends(coach)):
    if c.reader().candidate() is not None:
        return RedirectResponse("/", status_code=303)
    values = {"days": list(WEEKDAYS[:6]), "max_day": "240", "level": "auto", "role": "manager", "risk": "medium",
              "session_start": "19:00"}
    return page(request, "welcome.html", _form_context(values, {}, c.env.today))


def refused_import(request: Request, c, message: str, status: int):
    """The welcome page's import form refused (e.g. a file over the size limit): the page, the message by it."""
    values = {"days": list(WEEKDAYS[:6]), "max_day": "240", "level": "auto", "role": "manager", "risk": "medium",
              "session_start": "19:00"}
    return page(request, "welcome.html", _form_context(values, {"file": message}, c.env.today), status=status)


@router.post("/welcome")
async def onboard(request: Request, c=Depends(coach)):
    data = await request.form()
    if c.reader().candidate() is not None:       # a second click, Back and send again, another tab: the plan
        return RedirectResponse("/welcome/plan?again=1", status_code=303)        # made first, said so; nothing stored
    f = Form(data)
    profile_values = {
        "name": f.text("name", "your name", MAX_NAME), "current_role": f.choice("role", "your role", ROLE_IDS),
        "years_experience": f.integer("years", "years of experience", *YEARS),
        "engineers_managed": f.integer("engineers", "engineers managed", *ENGINEERS),
        "target_level": f.choice("level", "a target level", LEVELS + ("auto",), "auto"),
        "risk_tolerance": f.choice("risk", "a risk tolerance", RISK_TOLERANCES, "medium"),
        "multi_team": f.flag("multi_team"), "org_transformation": f.flag("org_change")}
    interview = f.day("interview", "the interview date")
    start = f.day("start", "the start date", required=False) or c.env.today
    plan_values = {"start": start, "interview": interview,
                   "hours_per_week": f.number("hours", "hours per week", MIN_HOURS, MAX_HOURS),
                   "weekdays": [WEEKDAYS[d] for d in sorted(f.weekdays("days") or ())],
                   "max_day_minutes": f.integer("max_day", "most minutes in a day", MIN_DAY_MINUTES, MAX_DAY_MINUTES,
                                                default=240)}
    answers = quiz_answers(f)
    values = {k: data.getlist(k) if k in ("days", "holiday") else data.get(k) for k in data.keys()}
    found, regions = find_holidays(c, f, start, interview) if interview and start < interview else (None, ())
    holidays = confirmed_holidays(f, found)
    choices = holiday_choices(found, regions, f)
    # Every field in one pass: the profile documents check what the form could read too (their message is
    # kept only where the form found nothing wrong, so each field says one thing).
    profile = _document(f, ProfileDocument, profile_values)
    settings = _document(f, PlanSettingsDocument, plan_values, c.env.today)
    if f.errors or profile is None or settings is None:
        return page(request, "welcome.html", _form_context(values, f.errors, c.env.today, choices), status=422)
    if found is not None and found.holidays and holidays is None:     # seen for the first time: confirm them
        return page(request, "welcome.html", _form_context(values, {}, c.env.today,
                                                           {**choices, "holidays_to_confirm": True}))
    options = PlanOptions(start=settings.start, interview=settings.interview, hours_per_week=settings.hours_per_week,
                          weekdays=study_days(settings.weekdays), max_day_minutes=settings.max_day_minutes,
                          blackouts=holidays or frozenset())
    try:
        c.onboard(Profile(**profile.model_dump()), answers, options)
    except InputError as exc:
        field = place_error(exc, FIELD_WORDS) or "form"
        return page(request, "welcome.html", _form_context(values, {field: exc.message}, c.env.today, choices),
                    status=422)
    return RedirectResponse("/welcome/plan", status_code=303)


# The profile documents' fields → the form's.
FORM_FIELDS = {"name": "name", "current_role": "role", "years_experience": "years", "engineers_managed": "engineers",
               "target_level": "level", "risk_tolerance": "risk", "start": "start", "interview": "interview",
               "hours_per_week": "hours", "weekdays": "days", "max_day_minutes": "max_day"}


def _document(f: Form, model, values: dict, today=None):
    from pydantic import ValidationError
    try:
        return model.model_validate(values, context={"today": today})
    except ValidationError as exc:
        place_document_errors(f, exc, FORM_FIELDS)
        return None


@router.get("/welcome/plan")
async def your_plan(request: Request, c=Depends(coach)):
    plan = c.plan_view()
    status = c.status()
    return page(request, "welcome_plan.html", {"plan": plan, "status": status, "quiz": c.latest_quiz(),
                                               "again": request.query_params.get("again") == "1"})
