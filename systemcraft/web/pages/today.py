"""Today: the day's tasks with one-click done/skip, where the week stands, the daily check-in, and after the
interview, a form to record how it went."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from systemcraft.errors import InputError, NotFoundError
from systemcraft.web.context import coach, page
from systemcraft.web.forms import Form, place_error
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
REF = r"^(\d{4}-\d{2}-\d{2}\.)?\d{1,3}$"


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


@router.get("/")
async def today(request: Request, c=Depends(coach)):
    view = c.today()
    status = c.status()
    return page(request, "today.html", {"view": view, "status": status, "errors": {}, **_checkin_values(c)},
                active="today")


def _checkin_values(c) -> dict:
    """Today's check-in, shown in its form to be corrected (one per day), or an empty form."""
    saved = c.day_checkin()
    if saved is None:
        return {"values": {}, "checked_in": False}
    hours = f"{saved['hours']:g}"
    return {"values": {"hours": hours, "topic": saved["topic"], "confidence": str(saved["confidence"] or ""),
                       "energy": str(saved["energy"] or ""), "insight": saved["insight"]}, "checked_in": True}


def _task_response(request: Request, c, task, error: str | None = None, status: int = 200,
                   field: str | None = None, typed: dict | None = None):
    # A refusal sits in the task's row, by the field it is about (`field`), with what was typed kept.
    problem = {"seq": task.seq, "message": error, "field": field, "typed": typed or {}} if error and task else None
    if _is_htmx(request):
        # The row, and the day's counters swapped in place (out of band) so they agree with it at once;
        # the row's remaining button takes the focus, so the keyboard stays where the user was.
        fresh = {} if error else {"view": c.today(), "status": c.status()}
        return page(request, "partials/task_update.html", {"t": task, "error": error, "task_error": problem,
                                                           "focus": True, **fresh}, status=status)
    if problem:                   # without htmx: Today again, the message in the task's row
        return page(request, "today.html", {"view": c.today(), "status": c.status(), "errors": {},
                                            "task_error": problem, **_checkin_values(c)}, status=status,
                    active="today")
    if error:
        return page(request, "error.html", {"message": error}, status=status)
    return RedirectResponse("/", status_code=303)


def _task(c, ref: str):
    view = c.today()
    for t in view.tasks:
        if t.ref == ref or str(t.seq) == ref:
            return t
    return None


@router.post("/tasks/{ref}/done")
async def done(request: Request, ref: str, c=Depends(coach)):
    f = Form(await request.form())
    minutes = f.integer("minutes", "the minutes spent", 1, 720, default=0) or None
    note = f.text("note", "the note", 2000, required=False)
    typed = {"minutes": f.raw("minutes")}
    if f.errors:
        name, message = next(iter(f.errors.items()))
        return _task_response(request, c, _task(c, ref), message, 422, name, typed)
    try:
        task = c.complete(ref, minutes, note)
    except InputError as exc:
        return _task_response(request, c, _task(c, ref), exc.message, 422, "minutes", typed)
    return _task_response(request, c, task)


@router.post("/tasks/{ref}/skip")
async def skip(request: Request, ref: str, c=Depends(coach)):
    f = Form(await request.form())
    reason = f.text("reason", "the reason for skipping", 500)
    typed = {"reason": f.raw("reason")}
    if f.errors:
        return _task_response(request, c, _task(c, ref), f.errors["reason"], 422, "reason", typed)
    try:
        task = c.skip(ref, reason)
    except InputError as exc:
        return _task_response(request, c, _task(c, ref), exc.message, 422, "reason", typed)
    return _task_response(request, c, task)


@router.post("/tasks/{ref}/undo")
async def undo(request: Request, ref: str, c=Depends(coach)):
    try:
        task = c.undo(ref)["task"]
    except (InputError, NotFoundError) as exc:
        return _task_response(request, c, _task(c, ref), exc.message, 422)
    return _task_response(request, c, task)


@router.post("/checkin")
async def checkin(request: Request, c=Depends(coach)):
    from systemcraft.services import logbook
    f = Form(await request.form())
    hours = f.number("hours", "hours studied", 0, 16, required=True)
    topic = f.text("topic", "the topic", 300, required=False)
    confidence = f.integer("confidence", "confidence", 1, 5)
    energy = f.integer("energy", "energy", 1, 5)
    insight = f.text("insight", "the insight", 2000, required=False)
    saved = None
    if not f.errors:
        try:
            saved = c.log(logbook.checkin_entry(c.env.today, hours, topic, confidence, energy, insight))
        except InputError as exc:
            f.errors["hours"] = exc.message
    context = {"errors": f.errors, "values": dict(f.data), "saved": saved, "checked_in": saved is not None}
    if _is_htmx(request):
        return page(request, "partials/checkin.html", context, status=422 if f.errors else 200)
    if f.errors:
        return page(request, "today.html", {"view": c.today(), "status": c.status(), **context}, status=422,
                    active="today")
    return RedirectResponse("/", status_code=303)


@router.post("/interview/outcome")
async def interview_outcome(request: Request, c=Depends(coach)):
    """After the interview: record how it went (the same checks as `systemcraft interview outcome`)."""
    f = Form(await request.form())
    raw_note = f.data.get("note")
    note = raw_note if isinstance(raw_note, str) and raw_note.strip() else None
    try:
        c.record_interview_outcome(f.raw("outcome"), note)
    except InputError as exc:
        view = c.today()
        if view.state != "after":          # the form is only on the page after the interview
            return page(request, "error.html", {"message": exc.message}, status=422)
        field = place_error(exc, {"note": ("note",), "outcome": ("outcome",)}) or "outcome"
        values = {"outcome": f.raw("outcome"), "note": raw_note if isinstance(raw_note, str) else ""}
        return page(request, "today.html", {"view": view, "status": c.status(), "errors": {field: exc.message},
                                            "values": values}, status=422, active="today")
    return RedirectResponse("/", status_code=303)
