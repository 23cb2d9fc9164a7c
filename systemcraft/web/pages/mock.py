"""Mock: pick a format, run the phases against a timer in the browser, score the rubric, save."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import secrets
from collections import OrderedDict

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse, RedirectResponse

from systemcraft.domain import mocks as dm
from systemcraft.errors import InputError, NotFoundError
from systemcraft.web.context import coach, page
from systemcraft.web.forms import Form
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
MAX_MARKS = 500
MockId = Path(..., ge=1, le=2_147_483_647)


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


def _shown_history(history: list[dict]) -> list[dict]:
    """The last 20 mocks, newest first, and every older one still waiting for its score."""
    older = [m for m in history[:-20] if m["recommendation"] is None]
    return (older + history[-20:])[::-1]


def _named(history: list[dict], raw: str | None) -> dict | None:
    """The mock a ?saved= or ?scored= id names, if it is one of this candidate's."""
    return next((m for m in history if raw and str(m["id"]) == raw), None)


def _picker(request, c, errors=None, values=None, status=200):
    cand_level = c.status().target_level
    history = c.mock_history()
    return page(request, "mock.html", {"formats": dm.ALL_FORMATS, "names": dm.FORMAT_NAMES, "personas": dm.PERSONAS,
                                       "history": _shown_history(history), "level": cand_level,
                                       "errors": errors or {}, "values": values or {},
                                       "recommendations": dm.RECOMMENDATIONS,
                                       "saved_mock": _named(history, request.query_params.get("saved")),
                                       "scored_mock": _named(history, request.query_params.get("scored")),
                                       "partner_mock": _named(history, request.query_params.get("partner")),
                                       "kit_limit": _kit_limit()},
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
    data = {**planned_json(planned), "run": secrets.token_urlsafe(12)}     # this run of the plan, once stored
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
    if f.raw("status") not in ("complete", "partial"):
        raise InputError("the mock's status must be complete or partial")
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


def _run(data: dict) -> str | None:
    """The token of this run of the plan (signed with the plan, so it is the one this coach gave out)."""
    run = data.get("run")
    return run if isinstance(run, str) and 0 < len(run) <= 24 else None


def _stored_run(c, run: str | None) -> dict | None:
    """The mock this run was stored as (by the database, so any server process finds it): a stop sent twice,
    or a rubric sent after the stop's answer was lost, finds it instead of storing a second one."""
    mid = c.mock_of_run(run) if run else None
    if mid is None:
        return None
    try:
        return c.mock(mid)
    except InputError:
        return None


@router.post("/mock/stop")
async def stop(request: Request, c=Depends(coach)):
    """The browser's timer stopped (Stop early, or the last phase ended): store the timing, marks and
    status at once, without a rubric, and answer with the mock's id for the rubric form to score."""
    f = Form(await request.form())
    data = unsign(request.app.state.store.secret(), f.raw("planned"))
    planned = planned_from_json(data)
    session = session_from_form(f, planned["phases"])
    stored = _stored_run(c, _run(data))
    if stored is not None:                                  # sent twice: the first one stored it
        return JSONResponse({"id": stored["id"], "status": stored["status"]})
    mid = c.save_mock(planned, session, None, session.status, run=_run(data))
    return JSONResponse({"id": mid, "status": session.status}, status_code=201)


def _run_page(request, data: dict, token: str, f: Form, saved_id: int | None):
    return page(request, "mock_run.html", {"planned": data, "token": token, "names": dm.FORMAT_NAMES,
                                           "persona": dm.PERSONAS[data["persona"]], "errors": f.errors,
                                           "speed": request.app.state.store.mock_speed, "values": dict(f.data),
                                           "recommendations": dm.RECOMMENDATIONS, "finished": True,
                                           "saved_id": saved_id},
                status=422, active="mock")


@router.post("/mock/save")
async def save(request: Request, c=Depends(coach)):
    """The rubric form under the run: scores the mock stored at the stop (its id in `mock_id`), or, when
    that store failed, saves the session with its rubric as before. Always ends in a redirect (303)."""
    f = Form(await request.form())
    data = unsign(request.app.state.store.secret(), f.raw("planned"))
    planned = planned_from_json(data)
    stored = None
    mid = f.integer("mock_id", "the saved mock", 1, 2_147_483_647, required=False)
    if mid is not None:
        try:
            stored = c.mock(mid)
        except InputError as exc:
            f.errors["mock_id"] = exc.message
    elif not f.errors:
        stored = _stored_run(c, _run(data))                 # stored at the stop, though the page never heard
    session = session_from_form(f, planned["phases"]) if stored is None else None
    rubric = rubric_from_form(f, planned["dimensions"])
    if not f.errors:
        try:
            if stored is None:
                mid = c.save_mock(planned, session, rubric, session.status, run=_run(data))
            elif rubric is not None:
                mid = c.score_mock(stored["id"], rubric)["mock"]
            else:
                mid = stored["id"]                          # "score later": it is stored already
            return RedirectResponse(f"/mock?saved={mid}", status_code=303)
        except InputError as exc:
            f.errors["form"] = exc.message
    return _run_page(request, data, f.raw("planned"), f, stored["id"] if stored else None)


def _mock_or_404(c, mid: int) -> dict:
    try:
        return c.mock(mid)
    except InputError as exc:
        raise NotFoundError(exc.message) from None


def _score_page(request, m: dict, errors: dict | None = None, values: dict | None = None, status: int = 200):
    return page(request, "mock_score.html", {"m": m, "names": dm.FORMAT_NAMES, "recommendations": dm.RECOMMENDATIONS,
                                             "errors": errors or {}, "values": values or {}},
                status=status, active="mock")


@router.get("/mock/{mid}/score")
async def score_form(request: Request, mid: int = MockId, c=Depends(coach)):
    return _score_page(request, _mock_or_404(c, mid))


@router.post("/mock/{mid}/score")
async def score(request: Request, mid: int = MockId, c=Depends(coach)):
    """Score a stored mock later; then 303 to the history, where a reload sends nothing again."""
    m = _mock_or_404(c, mid)
    f = Form(await request.form())
    rubric = rubric_from_form(f, m["dimensions"])
    if rubric is None and not f.errors:
        f.errors["form"] = "fill in the rubric: a score for each dimension and a recommendation"
    if not f.errors:
        try:
            c.score_mock(mid, rubric)
            return RedirectResponse(f"/mock?scored={mid}", status_code=303)
        except InputError as exc:
            f.errors["form"] = exc.message
    return _score_page(request, m, f.errors, dict(f.data), status=422)


# ---------------------------------------------------------------- a mock with a partner (issue 16 §4: no terminal)

KIT_TYPES = {"md": ("text/markdown; charset=utf-8", "md"), "html": ("text/html; charset=utf-8", "html")}
KITS_KEPT = 200         # the kits this server imported, by their content's digest (see _kits)


def _kit_limit() -> str:
    from systemcraft.services.mockrun import FEEDBACK_MAX_BYTES
    from systemcraft.web.security import size
    return size(FEEDBACK_MAX_BYTES)


@router.get("/mock/kit")
async def kit(request: Request, c=Depends(coach)):
    """The interviewer's kit for a partner, as a download: Markdown, or HTML to print (a GET: nothing is stored)."""
    from fastapi.responses import Response
    from systemcraft.services.mockrun import kit_html
    f = Form(request.query_params)
    fmt = f.choice("kit_format", "a format", dm.ALL_FORMATS)
    level = f.choice("kit_level", "a level", ["L6", "L7"])
    persona = f.choice("kit_persona", "an interviewer persona", list(dm.PERSONAS), "collaborator")
    kind = f.choice("as", "Markdown or a printable page", list(KIT_TYPES), "md")
    if f.errors:
        if "as" in f.errors:
            f.errors.setdefault("kit_format", f.errors.pop("as"))
        return _picker(request, c, f.errors, f.typed(), status=422)
    md = c.mock_kit(c.plan_mock(fmt, level, persona))
    media, suffix = KIT_TYPES[kind]
    body = md if kind == "md" else kit_html(md, f"{dm.FORMAT_NAMES[fmt]} mock kit")
    name = f"systemcraft-{fmt.replace('_', '-')}-{level}-kit.{suffix}"
    return Response(body.encode("utf-8"), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def refused_upload(request: Request, c, message: str):
    """A kit over the size limit, refused before it was read (app.py): the page, the message by the file field."""
    return _picker(request, c, {"kit": message}, None, 413)


def _kits(request: Request) -> OrderedDict:
    """The digest of each kit this server process imported → its mock: the same file sent twice (a double
    click, a reload) finds the mock it made instead of storing a second one."""
    kits = getattr(request.app.state, "mock_kits", None)
    if kits is None:
        kits = request.app.state.mock_kits = OrderedDict()
    return kits


@router.post("/mock/feedback")
async def feedback(request: Request, c=Depends(coach)):
    """A partner's filled-in kit: saved as a partner mock, or its first problem shown by the file, with its line."""
    from pathlib import Path as FsPath
    from systemcraft.web.forms import about_file, upload_name
    form = await request.form()
    upload = form.get("kit")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return _picker(request, c, {"kit": "choose the kit your partner filled in (.md or .txt)"}, None, 422)
    data = await upload.read()
    digest = hashlib.sha256(data).hexdigest()
    known = _kits(request).get(digest)
    if known is not None:
        try:
            return RedirectResponse(f"/mock?partner={c.mock(known)['id']}", status_code=303)
        except InputError:
            pass
    try:
        name = upload_name(upload.filename)
        result = c.import_mock_feedback(FsPath(name), data)
    except InputError as exc:
        return _picker(request, c, {"kit": about_file(exc.message, name)}, None, 422)
    kits = _kits(request)
    kits[digest] = result["mock"]
    while len(kits) > KITS_KEPT:
        kits.popitem(last=False)
    return RedirectResponse(f"/mock?partner={result['mock']}", status_code=303)
