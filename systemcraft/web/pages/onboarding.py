"""Onboarding: profile, availability and the 20-question quiz → the recommended plan and why."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from systemcraft.coach import PlanOptions, Profile
from systemcraft.domain.plans import LEVELS, RISK_TOLERANCES
from systemcraft.domain.schedule import MAX_DAY_MINUTES, MAX_HOURS, MIN_DAY_MINUTES, MIN_HOURS
from systemcraft.errors import InputError
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


def _form_context(values: dict, errors: dict, today) -> dict:
    return {"values": values, "errors": errors, "roles": ROLES, "questions": _questions(),
            "weekdays": WEEKDAYS, "today": today, "bare": True}


@router.get("/welcome")
async def welcome(request: Request, c=Depends(coach)):
    if c.reader().candidate() is not None:
        return RedirectResponse("/", status_code=303)
    values = {"days": list(WEEKDAYS[:6]), "max_day": "240", "level": "auto", "role": "manager", "risk": "medium",
              "session_start": "19:00"}
    return page(request, "welcome.html", _form_context(values, {}, c.env.today))


@router.post("/welcome")
async def onboard(request: Request, c=Depends(coach)):
    data = await request.form()
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
    answers = {}
    for _, q in _questions():
        value = f.raw(q.id)
        if value not in ("A", "B", "C", "D", "E"):
            f.errors[q.id] = "choose one answer, A to E"
        answers[q.id] = value
    values = {k: data.getlist(k) if k == "days" else data.get(k) for k in data.keys()}
    profile = settings = None
    if not f.errors:        # every answer parsed: the profile documents check the whole of it
        profile = _document(f, ProfileDocument, profile_values)
        settings = _document(f, PlanSettingsDocument, plan_values, c.env.today)
    if f.errors or profile is None or settings is None:
        return page(request, "welcome.html", _form_context(values, f.errors, c.env.today), status=422)
    options = PlanOptions(start=settings.start, interview=settings.interview, hours_per_week=settings.hours_per_week,
                          weekdays=study_days(settings.weekdays), max_day_minutes=settings.max_day_minutes)
    try:
        c.onboard(Profile(**profile.model_dump()), answers, options)
    except InputError as exc:
        field = place_error(exc, FIELD_WORDS) or "form"
        return page(request, "welcome.html", _form_context(values, {field: exc.message}, c.env.today), status=422)
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
    return page(request, "welcome_plan.html", {"plan": plan, "status": status, "quiz": c.latest_quiz()})
