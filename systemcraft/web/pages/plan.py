"""Plan: the week view, a month calendar, regenerate (preview, then apply) and the ICS download."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from systemcraft.coach import PlanChanges
from systemcraft.domain.schedule import MAX_DAY_MINUTES, MAX_HOURS, MIN_DAY_MINUTES, MIN_HOURS
from systemcraft.errors import InputError
from systemcraft.web.context import coach, page
from systemcraft.web.forms import WEEKDAYS, Form, place_error
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
FIELD_WORDS = {"interview": ("interview",), "hours": ("hours",), "session_start": ("session start",),
               "blackouts": ("blackout",), "max_day": ("minutes",)}


@router.get("/plan")
async def week_view(request: Request, week: int | None = Query(None, ge=1, le=200), c=Depends(coach)):
    overview = c.plan_view()
    number = week or overview.current_week or 1
    detail = c.plan_view(number)
    return page(request, "plan.html", {"plan": overview, "week": detail.weeks[0], "number": number,
                                       "today": c.env.today}, active="plan")


FIRST_MONTH, LAST_MONTH = date(1900, 1, 1), date(2999, 12, 1)   # every grid and its neighbours fit in a date
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def month_of(raw: str) -> date:
    """`YYYY-MM` → its first day; anything else (a 13th month, year 0 or 9999, 5,000 digits) → 400."""
    m = _MONTH.fullmatch(raw)
    year, month = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    if not (FIRST_MONTH.year <= year <= LAST_MONTH.year and 1 <= month <= 12):
        raise HTTPException(400, f"no calendar for '{raw[:20]}': give a month as YYYY-MM, from "
                                 f"{FIRST_MONTH:%Y-%m} to {LAST_MONTH:%Y-%m}")
    return date(year, month, 1)


@router.get("/plan/calendar")
async def month_view(request: Request, month: str | None = Query(None), c=Depends(coach)):
    first = month_of(month) if month is not None else c.env.today.replace(day=1)
    plan = c.plan_view()
    today = c.env.today
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    days = {}
    for w in plan.weeks:
        if w.end < first or w.start > last:
            continue
        for d in c.plan_view(w.number).weeks[0].days:
            days[d["date"]] = d
    grid_start = first - timedelta(days=first.weekday())
    cells = []
    d = grid_start
    while d <= last or d.weekday() != 0:
        cells.append({"date": d, "inside": first <= d <= last, "info": days.get(d)})
        d += timedelta(days=1)
    prev_month = (first - timedelta(days=1)).strftime("%Y-%m") if first > FIRST_MONTH else None
    next_month = (last + timedelta(days=1)).strftime("%Y-%m") if first < LAST_MONTH else None
    return page(request, "calendar.html", {"plan": plan, "cells": cells, "first": first, "today": today,
                                           "prev": prev_month, "next": next_month}, active="plan")


@router.get("/plan.ics")
async def ics(c=Depends(coach)):
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "plan.ics"
        c.export_ics(target)
        data = target.read_bytes()
    return Response(data, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="systemcraft-plan.ics"'})


def read_changes(f: Form) -> PlanChanges:
    """The settings form's fields as plan changes (blank fields change nothing)."""
    hours = f.number("hours", "hours per week", MIN_HOURS, MAX_HOURS)
    interview = f.day("interview", "the interview date", required=False)
    days = f.weekdays("days") if f.data.getlist("days") else None
    max_day = f.integer("max_day", "most minutes in a day", MIN_DAY_MINUTES, MAX_DAY_MINUTES, default=0) or None
    session = f.clock("session_start", "the time sessions start")       # checked with the rest, in one pass
    return PlanChanges(hours_per_week=hours, interview=interview, weekdays=days, max_day_minutes=max_day,
                       add_blackouts=f.dates("add_blackouts", "blackout dates"),
                       remove_blackouts=f.dates("remove_blackouts", "blackout dates to remove"),
                       add_travel_days=f.dates("travel_days", "travel days"), session_start=session)


@router.post("/plan/regenerate")
async def regenerate(request: Request, c=Depends(coach)):
    data = await request.form()
    f = Form(data)
    changes = read_changes(f)
    values = {k: data.getlist(k) if k == "days" else data.get(k) for k in data.keys()}
    plan = c.plan_view()
    if changes.interview is not None and changes.interview <= c.env.today:      # with the rest, in one pass
        f.errors.setdefault("interview", f"the interview must be after today ({c.env.today}): choose a later date")
    if f.errors:
        return _settings(request, c, plan, values, f.errors, None)
    apply = f.raw("apply") == "1"
    try:
        summary = c.regenerate(changes, reason="web: settings", dry_run=not apply)
    except InputError as exc:
        return _settings(request, c, plan, values, {place_error(exc, FIELD_WORDS) or "form": exc.message}, None)
    if apply:
        return RedirectResponse("/plan?changed=1", status_code=303)
    return _settings(request, c, plan, values, {}, summary, status=200)


def _settings(request, c, plan, values, errors, preview, status=422):
    return page(request, "settings.html", {"plan": plan, "values": values, "errors": errors, "preview": preview,
                                           "weekdays": WEEKDAYS, "imported": None},
                status=status if errors else 200, active="settings")
