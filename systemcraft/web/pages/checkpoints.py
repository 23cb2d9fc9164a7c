"""Checkpoints: the plan's competency checkpoints, and a form per checkpoint to record an attempt's scores
against the pass marks (issue 16 §4: what `checkpoint record` does, on the web). Post/redirect/get: a saved
attempt is shown at /checkpoints/{n}?attempt=K."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse

from systemcraft.errors import InputError, NotFoundError
from systemcraft.web.context import coach, page
from systemcraft.web.forms import Form
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
Number = Path(..., ge=1, le=4)
SURVEY_ITEMS = 15


def _checkpoint(c, number: int) -> dict:
    found = next((cp for cp in c.checkpoints() if cp["number"] == number), None)
    if found is None:
        raise NotFoundError(f"checkpoint {number} is not in your plan")
    return found


@router.get("/checkpoints")
async def overview(request: Request, c=Depends(coach)):
    return page(request, "checkpoints.html", {"checkpoints": c.checkpoints()}, active="plan")


def _carryable(cp: dict) -> dict[str, float]:
    """The parts of checkpoint 1 or 2 passed at the last attempt: a retake may leave them empty."""
    last = cp["attempts"][-1] if cp["attempts"] else None
    if cp["number"] not in (1, 2) or last is None:
        return {}
    return {p: v["score"] for p, v in last["parts"].items() if v["passed"]}


def _detail(request, c, cp: dict, errors: dict | None = None, values: dict | None = None, status: int = 200):
    shown = request.query_params.get("attempt")
    result = next((a for a in cp["attempts"] if shown and str(a["attempt"]) == shown), None)
    return page(request, "checkpoint.html", {"cp": cp, "result": result, "carryable": _carryable(cp),
                                             "errors": errors or {}, "values": values or {},
                                             "survey_items": range(1, SURVEY_ITEMS + 1)},
                status=status, active="plan")


@router.get("/checkpoints/{number}")
async def detail(request: Request, number: int = Number, c=Depends(coach)):
    return _detail(request, c, _checkpoint(c, number))


def _read(f: Form, cp: dict, carryable: dict[str, float]) -> tuple[dict[str, float], bool, tuple[int, ...]]:
    """The form's scores, fatal flaw and survey, every field checked in one pass (errors by their field)."""
    scores: dict[str, float] = {}
    for part in cp["parts"]:
        if not part["scored"]:
            continue
        name = f"part_{part['id']}"
        optional = cp["survey"] or part["id"] in carryable
        value = f.number(name, f"the score for {part['id']}", 0, part["max"], required=not optional)
        if value is not None:
            scores[part["id"]] = value
    survey: list[int] = []
    if cp["survey"]:
        for i in range(1, SURVEY_ITEMS + 1):
            value = f.integer(f"s{i}", f"item {i}", 1, 10)
            if value is not None:
                survey.append(value)
    return scores, cp["fatal_flaw"] and f.flag("fatal_flaw"), tuple(survey)


def _field_of(message: str, cp: dict) -> str:
    for part in cp["parts"]:
        if f"for {part['id']}" in message or f"missing {part['id']}" in message:
            return f"part_{part['id']}"
    return "form"


def _same_as_last(cp: dict, scores: dict, fatal: bool, survey: tuple, carryable: dict) -> bool:
    """A form sent twice (a double click, a reload of the POST): the last attempt holds exactly these values."""
    last = cp["attempts"][-1] if cp["attempts"] else None
    return (last is not None and last["scores"] == {**carryable, **scores} and last["fatal_flaw"] == fatal
            and tuple(last["survey"]) == survey)


@router.post("/checkpoints/{number}")
async def record(request: Request, number: int = Number, c=Depends(coach)):
    cp = _checkpoint(c, number)
    f = Form(await request.form())
    carryable = _carryable(cp)
    scores, fatal, survey = _read(f, cp, carryable)
    if not f.errors:
        try:
            view = c.record_checkpoint(number, scores, fatal, survey)
            return RedirectResponse(f"/checkpoints/{number}?attempt={view['attempt']}#result", status_code=303)
        except InputError as exc:
            if not cp["open"] and _same_as_last(cp, scores, fatal, survey, carryable):
                return RedirectResponse(f"/checkpoints/{number}?attempt={cp['attempts'][-1]['attempt']}#result",
                                        status_code=303)
            f.errors[_field_of(exc.message, cp)] = exc.message
    return _detail(request, c, cp, f.errors, f.typed(), status=422)
