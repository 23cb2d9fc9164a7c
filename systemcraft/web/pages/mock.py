"""Mock: pick a format, run the phases against a timer in the browser, score the rubric, save."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from systemcraft.domain import mocks as dm
from systemcraft.errors import InputError
from systemcraft.web.context import coach, page
from systemcraft.web.forms import Form
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
MAX_MARKS = 500


def planned_json(planned: dict) -> dict:
    def q(x):
        return None if x is None else {"id": x.id, "kind": x.kind, "text": x.text, "probes": list(x.probes), "lp": x.lp}
    return {"format": planned["format"], "level": planned["level"], "persona": planned["persona"],
            "dimensions": list(planned["dimensions"]),
            "phases": [{"round": p.round, "format": p.format, "name": p.name, "minutes": p.minutes,
                        "question": q(p.question)} for p in planned["phases"]]}


def planned_from_json(data: dict) -> dict:
    phases = tuple(dm.Phase(p["round"], p["format"], p["name"], p["minutes"],
                            dm.Question(p["question"]["id"], p["question"]["kind"], p["question"]["text"],
                                        tuple(p["question"]["probes"]), p["question"]["lp"])
                            if p["question"] else None) for p in data["phases"])
    return {"format": data["format"], "level": data["level"], "persona": data["persona"], "phases": phases,
            "dimensions": tuple(data["dimensions"])}


def sign(secret: bytes, data: dict) -> str:
    """The planned mock travels with the page between requests, signed so it comes back unchanged."""
    body = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()
    mac = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def unsign(secret: bytes, token: str) -> dict:
    body, _, mac = token.rpartition(".")
    good = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    if not body or not hmac.compare_digest(mac, good):
        raise InputError("this mock's plan is not valid here (was SystemCraft restarted?): plan the mock again")
    return json.loads(base64.urlsafe_b64decode(body))


def _picker(request, c, errors=None, values=None, status=200):
    cand_level = c.status().target_level
    return page(request, "mock.html", {"formats": dm.ALL_FORMATS, "names": dm.FORMAT_NAMES, "personas": dm.PERSONAS,
                                       "history": c.mock_history()[-20:][::-1], "level": cand_level,
                                       "errors": errors or {}, "values": values or {},
                                       "recommendations": dm.RECOMMENDATIONS,
                                       "saved": request.query_params.get("saved")},
                status=status, active="mock")


@router.get("/mock")
async def mock(request: Request, c=Depends(coach)):
    return _picker(request, c)


@router.post("/mock/plan")
async def plan(request: Request, c=Depends(coach)):
    f = Form(await request.form())
    fmt = f.choice("format", "a format", dm.ALL_FORMATS)
    level = f.choice("level", "a level", ["L6", "L7"])
    persona = f.choice("persona", "an interviewer persona", list(dm.PERSONAS), "collaborator")
    if f.errors:
        return _picker(request, c, f.errors, dict(f.data), status=422)
    planned = c.plan_mock(fmt, level, persona)
    data = planned_json(planned)
    return page(request, "mock_run.html", {"planned": data, "token": sign(request.app.state.store.secret(), data), "names": dm.FORMAT_NAMES,
                                           "persona": dm.PERSONAS[persona], "speed": request.app.state.store.mock_speed,
                                           "recommendations": dm.RECOMMENDATIONS}, active="mock")


def _floats(raw: str, what: str, limit: int) -> list:
    from systemcraft.exports.files import loads_json
    value = loads_json(raw or "[]", what)          # bounded: deep nesting or huge numbers are one line, not a 500
    if not isinstance(value, list) or len(value) > limit:
        raise InputError(f"{what} must be a list of at most {limit} items")
    return value


def session_from_form(f: Form, phases: tuple) -> dm.Session:
    """Rebuild the browser's timing as a Session, refusing times that run backwards or out of range."""
    starts = _floats(f.raw("phase_starts"), "the phase start times", len(phases))
    if not starts or not all(isinstance(s, (int, float)) and not isinstance(s, bool) for s in starts):
        raise InputError("the phase start times are missing: start the mock before saving it")
    if starts[0] != 0 or any(b < a for a, b in zip(starts, starts[1:])):
        raise InputError("the phase start times must begin at 0 and never go backwards")
    try:
        ended = float(f.raw("ended"))
    except ValueError:
        raise InputError("the end time is missing or not a number") from None
    if not starts[-1] <= ended <= 6 * 3600:
        raise InputError("the end time must come after the last phase started, within six hours")
    session = dm.Session(phases)
    session.started, session.phase_starts, session.ended = 0.0, [float(s) for s in starts], ended
    for m in _floats(f.raw("marks"), "the STAR marks", MAX_MARKS):
        if not (isinstance(m, dict) and m.get("label") in ("S", "T", "A", "R") and isinstance(m.get("at"), (int, float))
                and isinstance(m.get("phase"), int) and 0 <= m["phase"] < len(starts) and 0 <= m["at"] <= ended):
            raise InputError("a STAR mark is malformed (label S/T/A/R, a time within the mock, a phase that ran)")
        session.marks.append(dm.Mark(round(float(m["at"]), 1), m["phase"], m["label"]))
    session.status = "complete" if len(starts) == len(phases) and f.raw("status") == "complete" else "partial"
    return session


def rubric_from_form(f: Form, dims: tuple[str, ...]) -> dm.Rubric | None:
    given = {d: f.raw(f"score_{i}") for i, d in enumerate(dims)}
    if not any(given.values()) and not f.raw("recommendation"):
        return None                      # scored later (or by a partner): the mock is still saved
    scores = {}
    for i, d in enumerate(dims):
        value = f.integer(f"score_{i}", d, 1, 5)
        evidence = f.text(f"evidence_{i}", f"evidence for {d}", 1000, required=False) or ""
        if value:
            scores[d] = (value, evidence)
    rec = f.integer("recommendation", "the recommendation", 1, 5)
    strengths = f.lines("strengths", "Strengths", 500)
    improvements = f.lines("improvements", "To improve", 500)
    if f.errors:
        return None
    return dm.Rubric(scores, rec, strengths, improvements)


@router.post("/mock/save")
async def save(request: Request, c=Depends(coach)):
    f = Form(await request.form())
    data = unsign(request.app.state.store.secret(), f.raw("planned"))
    planned = planned_from_json(data)
    session = session_from_form(f, planned["phases"])
    rubric = rubric_from_form(f, planned["dimensions"])
    if f.errors:
        return page(request, "mock_run.html", {"planned": data, "token": f.raw("planned"), "names": dm.FORMAT_NAMES,
                                               "persona": dm.PERSONAS[data["persona"]], "errors": f.errors,
                                               "speed": request.app.state.store.mock_speed, "values": dict(f.data),
                                               "recommendations": dm.RECOMMENDATIONS, "finished": True},
                    status=422, active="mock")
    mid = c.save_mock(planned, session, rubric, session.status)
    return RedirectResponse(f"/mock?saved={mid}", status_code=303)
