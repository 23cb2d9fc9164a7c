"""Onboarding: profile, availability and the 20-question quiz → the recommended plan and why."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from systemcraft.coach import MAX_NAME, PlanOptions, Profile
from systemcraft.errors import InputError
from systemcraft.web.context import coach, page
from systemcraft.web.forms import WEEKDAYS, Form, place_error
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

ROLES = (("manager", "Engineering manager"), ("senior_manager", "Senior manager / manager of managers"),
         ("senior_engineer", "Senior engineer / tech lead"), ("engineer", "Engineer"))
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
    name = f.text("name", "your name", MAX_NAME)
    role = f.choice("role", "your role", [r for r, _ in ROLES])
    years = f.integer("years", "years of experience", 0, 60)
    engineers = f.integer("engineers", "engineers managed", 0, 100_000)
    level = f.choice("level", "a target level", ["auto", "L6", "L7"], "auto")
    risk = f.choice("risk", "a risk tolerance", ["low", "medium", "high"], "medium")
    interview = f.day("interview", "the interview date")
    start = f.day("start", "the start date", required=False) or c.env.today
    hours = f.number("hours", "hours per week", 0, 70)
    weekdays = f.weekdays("days")
    max_day = f.integer("max_day", "most minutes in a day", 30, 720, default=240)
    answers = {}
    for _, q in _questions():
        value = f.raw(q.id)
        if value not in ("A", "B", "C", "D", "E"):
            f.errors[q.id] = "choose one answer, A to E"
        answers[q.id] = value
    values = {k: data.getlist(k) if k == "days" else data.get(k) for k in data.keys()}
    if f.errors:
        return page(request, "welcome.html", _form_context(values, f.errors, c.env.today), status=422)
    profile = Profile(name=name, target_level=level, current_role=role, years_experience=years,
                      engineers_managed=engineers, multi_team=f.flag("multi_team"),
                      org_transformation=f.flag("org_change"), risk_tolerance=risk)
    options = PlanOptions(start=start, interview=interview, hours_per_week=hours, weekdays=weekdays,
                          max_day_minutes=max_day)
    try:
        c.onboard(profile, answers, options)
    except InputError as exc:
        field = place_error(exc, FIELD_WORDS) or "form"
        return page(request, "welcome.html", _form_context(values, {field: exc.message}, c.env.today), status=422)
    return RedirectResponse("/welcome/plan", status_code=303)


@router.get("/welcome/plan")
async def your_plan(request: Request, c=Depends(coach)):
    plan = c.plan_view()
    status = c.status()
    return page(request, "welcome_plan.html", {"plan": plan, "status": status, "quiz": c.latest_quiz()})
