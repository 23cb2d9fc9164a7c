"""Week: the /400 scorecard with its verdict and the rules that fired; ratings; apply the adaptation."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse

from systemcraft.errors import InputError
from systemcraft.web.context import coach, page
from systemcraft.web.forms import Form
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _context(c, week: int | None) -> dict:
    from systemcraft.domain.practice import DIMENSIONS
    card = c.weekly_scorecard(week)
    plan = c.plan_view()
    from systemcraft.domain.practice import MAX_TEXT
    return {"card": card, "dimensions": DIMENSIONS, "plan": plan, "errors": {}, "values": {}, "notes_limit": MAX_TEXT}


@router.get("/week/proposal")
async def proposal(request: Request, c=Depends(coach)):
    """The adaptation a re-plan would apply (a dry run: it re-generates the schedule, so it loads after the page)."""
    try:
        view = c.adapt(dry_run=True)
    except InputError as exc:          # e.g. no finished week yet: say so instead of proposing
        view = {"unavailable": exc.message}
    return page(request, "partials/proposal.html", {"proposal": view})


@router.get("/week")
async def week(request: Request, n: int | None = Query(None, ge=1, le=200), c=Depends(coach)):
    return page(request, "week.html", _context(c, n), active="week")


@router.post("/week/adapt")
async def adapt(request: Request, c=Depends(coach)):
    form = await request.form()
    c.adapt(dry_run=False, accept_extra_hours=form.get("accept_extra_hours") == "1")
    return RedirectResponse("/plan?changed=1", status_code=303)


@router.post("/week/ratings")
async def ratings(request: Request, c=Depends(coach)):
    from systemcraft.domain.practice import DIMENSIONS
    f = Form(await request.form())
    scores = {}
    for d in DIMENSIONS:
        value = f.integer(d.id, d.name, 1, 5, default=0)
        if value:
            scores[d.id] = value
    if not scores and not f.errors:
        f.errors["form"] = "rate at least one dimension from 1 to 5"
    if not f.errors:
        try:
            c.rate_week(scores)
        except InputError as exc:
            f.errors["form"] = exc.message
    if f.errors:
        context = _context(c, None)
        context.update(errors=f.errors, values=dict(f.data))
        return page(request, "week.html", context, status=422, active="week")
    return RedirectResponse("/week?rated=1", status_code=303)


# The week's three notes (`systemcraft log notes`): form field, what a message calls it, the scorecard's key.
NOTES = (("win", "your biggest win", "biggest_win"), ("challenge", "the main challenge", "challenge"),
         ("focus", "next week's focus", "next_focus"))


@router.post("/week/notes")
async def notes(request: Request, c=Depends(coach)):
    """The week's win, challenge and focus: all three sent, so emptying a box clears that note."""
    from systemcraft.domain.practice import MAX_TEXT
    f = Form(await request.form())
    plan = c.plan_view()
    week = f.integer("week", "the week", 1, len(plan.weeks))
    texts = {name: f.text(name, label, MAX_TEXT, required=False) or "" for name, label, _ in NOTES}
    if "week" in f.errors:                   # a hidden field: said above the form
        f.errors["notes"] = f.errors.pop("week")
    if week is not None and not f.errors and not any(texts.values()):
        saved = c.weekly_scorecard(week)["free_text"]
        if not any(saved.values()):
            f.errors["notes"] = "write at least one note: your biggest win, the main challenge or next week's focus"
    if not f.errors:
        try:
            c.week_notes(week, texts["win"], texts["challenge"], texts["focus"])
        except InputError as exc:
            f.errors["notes"] = exc.message
    if f.errors:
        context = _context(c, week)
        context.update(errors=f.errors, values=f.typed())
        return page(request, "week.html", context, status=422, active="week")
    return RedirectResponse(f"/week?n={week}&noted=1#notes", status_code=303)
