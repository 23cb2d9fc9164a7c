"""Settings: hours, study days, dates and blackouts (through plan regeneration), export and import."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from systemcraft.errors import InputError
from systemcraft.services.transfer import BACKUP_NAME
from systemcraft.web.context import coach, page
from systemcraft.web.forms import WEEKDAYS
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _defaults(plan) -> dict:
    return {"hours": f"{plan.hours_per_week:g}", "interview": plan.interview.isoformat(),
            "days": list(plan.weekdays), "max_day": str(plan.max_day_minutes), "session_start": plan.session_start}


@router.get("/settings")
async def settings(request: Request, c=Depends(coach)):
    plan = c.plan_view()
    replaced = request.query_params.get("replaced", "")
    return page(request, "settings.html", {"plan": plan, "values": _defaults(plan), "errors": {}, "preview": None,
                                           "weekdays": WEEKDAYS, "imported": None,
                                           "replaced": replaced if BACKUP_NAME.fullmatch(replaced) else None,
                                           "import_cancelled": request.query_params.get("import") == "cancelled",
                                           **speech_context(request, c)},
                active="settings")


@router.get("/settings/export.json")
async def export(c=Depends(coach)):
    with tempfile.TemporaryDirectory() as tmp:
        paths = c.export_all(Path(tmp), "json")
        data = paths[0].read_bytes()
        name = paths[0].name
    return Response(data, media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/settings/import")
async def import_export(request: Request, c=Depends(coach)):
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return _import_error(request, c, "choose an export file (.json) to import")
    name = upload.filename[:100]
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "import.json"
        target.write_bytes(await upload.read())
        try:
            if c.reader().candidate() is not None:       # a home in use: checked in full, then the choice
                c.stage_import(target, name)
                return RedirectResponse("/settings/import/confirm", status_code=303)
            counts = c.import_all(target)
        except InputError as exc:
            return _import_error(request, c, exc.message.replace(str(target), name))
    return RedirectResponse(f"/?imported={sum(counts.values())}", status_code=303)


def refused_upload(request, c, message: str):
    """An export over the size limit, refused before it was read (app.py): its form's page, the message by
    the file field (the welcome page's before anyone has set up the coach)."""
    response = _import_error(request, c, message)
    response.status_code = 413
    return response


def _import_error(request, c, message: str):
    if c.reader().candidate() is None:
        from systemcraft.web.pages.onboarding import refused_import
        return refused_import(request, c, message, 422)
    plan = c.plan_view()
    return page(request, "settings.html", {"plan": plan, "values": _defaults(plan), "errors": {"file": message},
                                           "preview": None, "weekdays": WEEKDAYS, "imported": None,
                                           **speech_context(request, c)},
                status=422, active="settings")


# ---------------------------------------------------------------- public holidays as blackout days (issue 16 §7)

def _holidays_page(request, c, values: dict, errors: dict, found=None, regions=(), f=None, confirm=False):
    from systemcraft.web.pages.onboarding import holiday_choices
    plan = c.plan_view()
    return page(request, "settings_holidays.html",
                {"plan": plan, "values": values, "errors": errors, "blocked": set(plan.blackouts),
                 "holidays_to_confirm": confirm, **holiday_choices(found, regions, f)},
                status=422 if errors else 200, active="settings")


@router.get("/settings/holidays")
async def holidays_form(request: Request, c=Depends(coach)):
    return _holidays_page(request, c, {}, {})


@router.post("/settings/holidays")
async def add_holidays(request: Request, c=Depends(coach)):
    """Find a country's public holidays before the interview (all ticked), then block out the ticked ones."""
    from systemcraft.coach import PlanChanges
    from systemcraft.web.forms import Form
    from systemcraft.web.pages.onboarding import confirmed_holidays, find_holidays
    data = await request.form()
    f = Form(data)
    values = {k: data.getlist(k) if k == "holiday" else data.get(k) for k in data.keys()}
    if not f.raw("holiday_country"):
        return _holidays_page(request, c, values, {"holiday_country": "choose a country to list its public holidays"})
    found, regions = find_holidays(c, f)
    picked = confirmed_holidays(f, found) if f.raw("apply") == "1" else None
    if f.errors:
        return _holidays_page(request, c, values, f.errors, found, regions, f)
    if picked is None:             # a lookup, or a list the candidate has not seen yet: show it, all ticked
        return _holidays_page(request, c, values, {}, found, regions, f, confirm=f.raw("apply") == "1")
    if not picked:
        return _holidays_page(request, c, values, {"holiday": "tick at least one holiday to block out"},
                              found, regions, f)
    try:
        c.regenerate(PlanChanges(add_blackouts=picked), reason="web: public holidays")
    except InputError as exc:
        return _holidays_page(request, c, values, {"form": exc.message}, found, regions, f)
    return RedirectResponse("/plan?changed=1", status_code=303)


# ---------------------------------------------------------------- profile, quiz and replacing import (issue 16 §4)
# Each form posts, then redirects (303) to a page that reads the state: a reload never submits twice. What a
# change means for the plan is shown, and re-planning is previewed (regenerate's dry run) before it is applied.

PROFILE_FIELDS = {"name": "name", "current_role": "role", "years_experience": "years",
                  "engineers_managed": "engineers", "target_level": "level", "risk_tolerance": "risk"}
PROFILE_WORDS = {"name": ("name",), "years": ("years",), "engineers": ("engineers",), "level": ("level",),
                 "role": ("role",), "risk": ("risk",), "day_start": ("day must start", "day start")}
COUNT_LABELS = (("plans", "Plans"), ("tasks", "Tasks"), ("log_entries", "Log entries"), ("assessments", "Quizzes"),
                ("stories", "Stories"), ("cards", "Review cards"), ("review_log", "Reviews"), ("mocks", "Mocks"),
                ("deliveries", "Delivery analyses"))


def _plan_name(plan_id: str | None) -> str | None:
    from systemcraft.domain.plans import PLANS
    return PLANS[plan_id].name if plan_id in PLANS else None


def _profile_values(settings: dict) -> dict:
    p = settings["profile"]
    return {"name": p.name, "role": p.current_role, "years": str(p.years_experience),
            "engineers": str(p.engineers_managed), "level": p.target_level if p.target_level in ("L6", "L7") else "",
            "risk": p.risk_tolerance, "multi_team": "on" if p.multi_team else "",
            "org_change": "on" if p.org_transformation else "", "day_start": str(settings["day_start_hour"])}


def _profile_page(request, c, values: dict, errors: dict, status: int = 200, preview=None, replan_error=None,
                  recommended: str | None = None):
    from systemcraft.web.pages.onboarding import ROLES
    settings = c.profile_settings()
    current = settings["profile"]
    advice = settings["level_advice"]
    replan_level = current.target_level if settings["plan_level"] not in (None, current.target_level) else None
    if recommended is not None and (_plan_name(recommended) is None or recommended == settings["plan_id"]):
        recommended = None                   # a stale or hand-made link: nothing to offer
    return page(request, "profile.html", {
        "values": values, "errors": errors, "roles": ROLES, "saved": request.query_params.get("saved") == "1",
        "level_help": f"Your latest quiz advises {advice['level']}." if advice and advice.get("level") else "",
        "plan_level": settings["plan_level"], "replan_level": replan_level,
        "recommended": recommended, "recommended_name": _plan_name(recommended),
        "plan_name": _plan_name(settings["plan_id"]),
        "replan": {"level": replan_level, "plan": recommended if not replan_level else None},
        "replan_action": "/settings/profile/replan", "apply_label": f"Re-plan for {replan_level}" if replan_level
        else "Switch to this plan", "preview": preview, "replan_error": replan_error}, status=status, active="settings")


@router.get("/settings/profile")
async def profile_form(request: Request, c=Depends(coach)):
    values = _profile_values(c.profile_settings())
    return _profile_page(request, c, values, {}, recommended=request.query_params.get("recommended"))


@router.post("/settings/profile")
async def save_profile(request: Request, c=Depends(coach)):
    from systemcraft.coach import Profile
    from systemcraft.domain.plans import LEVELS, RISK_TOLERANCES
    from systemcraft.schemas.profile import DAY_START, ENGINEERS, MAX_NAME, YEARS, ProfileDocument
    from systemcraft.web.forms import Form, place_error
    from systemcraft.web.pages.onboarding import ROLE_IDS, _document
    data = await request.form()
    f = Form(data)
    fields = {"name": f.text("name", "your name", MAX_NAME), "current_role": f.choice("role", "your role", ROLE_IDS),
              "years_experience": f.integer("years", "years of experience", *YEARS),
              "engineers_managed": f.integer("engineers", "engineers managed", *ENGINEERS),
              "target_level": f.choice("level", "a target level", LEVELS),
              "risk_tolerance": f.choice("risk", "a risk tolerance", RISK_TOLERANCES, "medium"),
              "multi_team": f.flag("multi_team"), "org_transformation": f.flag("org_change")}
    day_start = f.integer("day_start", "the hour your study day starts", *DAY_START, default=None, required=False)
    values = {k: data.get(k) for k in data.keys()}
    doc = _document(f, ProfileDocument, fields) if not f.errors else None
    if f.errors or doc is None:
        return _profile_page(request, c, values, f.errors, status=422)
    try:
        result = c.update_profile(Profile(**doc.model_dump()), day_start)
    except InputError as exc:
        return _profile_page(request, c, values, {place_error(exc, PROFILE_WORDS) or "form": exc.message}, status=422)
    extra = f"&recommended={result['recommended']}" if result["recommended"] else ""
    return RedirectResponse(f"/settings/profile?saved=1{extra}", status_code=303)


async def _replan(request, c, reason: str, render):
    """Preview (apply=0) or apply (apply=1) a re-plan for another level or plan; the preview is rendered by
    `render(preview=…, replan_error=…, status=…)`, an applied re-plan goes to the plan."""
    from systemcraft.coach import PlanChanges
    from systemcraft.domain.plans import LEVELS, PLANS
    from systemcraft.web.forms import Form
    f = Form(await request.form())
    level = f.choice("level", "a target level", LEVELS) if f.raw("level") else None
    plan_id = f.choice("plan", "a plan", tuple(PLANS)) if f.raw("plan") else None
    if f.errors:
        return render(preview=None, replan_error=next(iter(f.errors.values())), status=422)
    apply = f.raw("apply") == "1"
    try:
        summary = c.regenerate(PlanChanges(level=level, plan=plan_id), reason=reason, dry_run=not apply)
    except InputError as exc:
        return render(preview=None, replan_error=exc.message, status=422)
    if apply:
        return RedirectResponse("/plan?changed=1", status_code=303)
    return render(preview=summary, replan_error=None, status=200, plan_id=plan_id)


@router.post("/settings/profile/replan")
async def profile_replan(request: Request, c=Depends(coach)):
    values = _profile_values(c.profile_settings())

    def render(preview, replan_error, status, plan_id=None):
        return _profile_page(request, c, values, {}, status=status, preview=preview, replan_error=replan_error,
                             recommended=plan_id)
    return await _replan(request, c, "web: profile changed", render)


def _questions():
    from systemcraft.web.pages.onboarding import _questions as onboarding_questions
    return onboarding_questions()


def quiz_answers(f) -> dict[str, str]:
    from systemcraft.web.pages.onboarding import quiz_answers as read
    return read(f)


@router.get("/settings/quiz")
async def quiz_form(request: Request, c=Depends(coach)):
    return page(request, "quiz.html", {"questions": _questions(), "values": c.quiz_answers(), "errors": {}},
                active="settings")


@router.post("/settings/quiz")
async def retake_quiz(request: Request, c=Depends(coach)):
    from systemcraft.web.forms import Form
    data = await request.form()
    f = Form(data)
    answers = quiz_answers(f)
    if not f.errors:
        try:
            result = c.retake_quiz(answers)
        except InputError as exc:
            f.errors["form"] = exc.message
    if f.errors:
        values = {k: data.get(k) for k in data.keys()}
        return page(request, "quiz.html", {"questions": _questions(), "values": values, "errors": f.errors},
                    status=422, active="settings")
    query = "repeat=1" if not result["stored"] else ""
    if result["recommended"]:
        query += ("&" if query else "") + f"recommended={result['recommended']}"
    return RedirectResponse("/settings/quiz/result" + (f"?{query}" if query else ""), status_code=303)


def _quiz_result(request, c, status: int = 200, preview=None, replan_error=None, recommended: str | None = None):
    comparison = c.quiz_comparison()
    if comparison is None:
        return RedirectResponse("/settings/quiz", status_code=303)
    if recommended is not None and (recommended != comparison["recommended"] or recommended == comparison["plan_id"]):
        recommended = None                   # stale (the recommendation moved on) or already followed
    return page(request, "quiz_result.html", {
        "comparison": comparison, "repeat": request.query_params.get("repeat") == "1",
        "recommended": recommended, "recommended_name": _plan_name(recommended),
        "plan_name": _plan_name(comparison["plan_id"]), "replan": {"level": None, "plan": recommended},
        "replan_action": "/settings/quiz/replan", "apply_label": "Switch to this plan" if recommended
        else "Re-plan for these answers", "preview": preview, "replan_error": replan_error},
        status=status, active="settings")


@router.get("/settings/quiz/result")
async def quiz_result(request: Request, c=Depends(coach)):
    return _quiz_result(request, c, recommended=request.query_params.get("recommended"))


@router.post("/settings/quiz/replan")
async def quiz_replan(request: Request, c=Depends(coach)):
    def render(preview, replan_error, status, plan_id=None):
        return _quiz_result(request, c, status=status, preview=preview, replan_error=replan_error,
                            recommended=plan_id)
    return await _replan(request, c, "web: quiz retaken", render)


@router.get("/settings/import/confirm")
async def confirm_import(request: Request, c=Depends(coach)):
    pending = c.pending_import()
    if pending is None:
        return RedirectResponse("/settings#import", status_code=303)
    return page(request, "import_confirm.html", {"pending": pending, "labels": COUNT_LABELS, "errors": {}},
                active="settings")


@router.post("/settings/import/replace")
async def replace_everything(request: Request, c=Depends(coach)):
    form = await request.form()
    digest = form.get("digest")
    try:
        result = c.replace_all(digest if isinstance(digest, str) else "")
    except InputError as exc:
        return _import_error(request, c, exc.message)
    return RedirectResponse(f"/settings?replaced={result['backup']}#import", status_code=303)


@router.post("/settings/import/cancel")
async def cancel_import(c=Depends(coach)):
    c.cancel_import()
    return RedirectResponse("/settings?import=cancelled#import", status_code=303)


@router.get("/settings/backups/{name}")
async def backup(name: str, c=Depends(coach)):
    path = c.backup_file(name)
    return Response(path.read_bytes(), media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{path.name}"'})


# ---------------------------------------------------------------- the speech model and kept recordings (issue 18)
# A download runs in a thread of its own (it takes minutes); the page polls its progress. Installing from a
# folder on this machine is a copy of seconds, done in the request. Nothing is downloaded without the tick.

MODEL_NAMES = (("base", "base — about 145 MB, good for English answers"), ("base.en", "base.en — about 145 MB, English only"),
               ("tiny", "tiny — about 75 MB, quicker and less accurate"), ("small", "small — about 480 MB, more accurate, slower"))
_INSTALL_LOCK = threading.Lock()


def _install_state(app) -> dict:
    with _INSTALL_LOCK:
        if not hasattr(app.state, "model_install"):
            app.state.model_install = {"state": "idle", "done": 0, "total": 0, "message": "", "name": ""}
        return app.state.model_install


def speech_context(request: Request, c, errors: dict | None = None, values: dict | None = None) -> dict:
    store = request.app.state.store
    try:
        model = c.speech_model()
    except ImportError:                      # model management unavailable: the panel says so
        model = None
    kept = []
    if c.reader().candidate() is not None:
        c.sweep_recordings()                 # files a crash left behind no row refers to: gone before the list
        kept = c.kept_recordings()
    return {"speech": model, "kept": kept, "model_names": MODEL_NAMES, "model_errors": errors or {},
            "model_values": values or {}, "own_model": store.model_dir is not None,
            "install": dict(_install_state(request.app)),
            "model_notice": request.query_params.get("model", ""),
            "recording_deleted": request.query_params.get("recording_deleted") == "1"}


def _settings_with(request, c, errors: dict, values: dict, status: int = 422):
    plan = c.plan_view()
    return page(request, "settings.html", {"plan": plan, "values": _defaults(plan), "errors": {}, "preview": None,
                                           "weekdays": WEEKDAYS, "imported": None,
                                           **speech_context(request, c, errors, values)},
                status=status, active="settings")


@router.post("/settings/speech-model/install")
async def install_speech_model(request: Request, c=Depends(coach)):
    from systemcraft.web.forms import Form
    data = await request.form()
    f = Form(data)
    how = f.raw("how")
    values = {"name": f.raw("name"), "folder": f.raw("folder"), "agree": f.raw("agree")}
    state = _install_state(request.app)
    if state["state"] == "running":
        return _settings_with(request, c, {"model": "a model is being downloaded now: wait for it to finish"}, values, 409)
    if how == "folder":
        folder = (f.raw("folder") or "").strip()
        if not folder:
            return _settings_with(request, c, {"folder": "type the folder the model is in"}, values)
        if len(folder) > 1000 or any(ord(ch) < 32 for ch in folder) or not Path(folder).expanduser().is_dir():
            return _settings_with(request, c, {"folder": "there is no such folder on this machine: type the folder "
                                               "that holds model.bin"}, values)
        try:
            await run_in_threadpool(c.install_speech_model, folder)
        except InputError as exc:
            return _settings_with(request, c, {"folder": _no_paths(exc.message, folder)}, values)
        return RedirectResponse("/settings?model=installed#speech-model", status_code=303)
    name = (f.raw("name") or "").strip()
    if name not in dict(MODEL_NAMES):
        return _settings_with(request, c, {"name": "choose one of the models listed"}, values)
    if f.raw("agree") != "yes":
        return _settings_with(request, c, {"agree": "tick the box to agree to the download first; nothing was "
                                           "downloaded"}, values)
    _start_download(request.app, name)
    return RedirectResponse("/settings#speech-model", status_code=303)


def _no_paths(message: str, folder: str) -> str:
    return message.replace(folder, "this folder")


def _start_download(app, name: str) -> None:
    """The download in its own thread: `install_speech_model` with the user's agreement, progress kept for the page."""
    state = _install_state(app)
    with _INSTALL_LOCK:
        state.update(state="running", done=0, total=0, message=f"Starting the download of {name}…", name=name)
    store = app.state.store

    def progress(done: int, total: int) -> None:
        with _INSTALL_LOCK:
            state.update(done=int(done), total=int(total),
                         message=f"Downloading {name}: {done / 1048576:.0f} of {total / 1048576:.0f} MB" if total
                         else f"Downloading {name}…")

    def run() -> None:
        c = store.coach()
        try:
            c.install_speech_model(name, agreed=True, progress=progress)
            outcome = {"state": "done", "message": f"The {name} model is installed."}
        except InputError as exc:
            outcome = {"state": "failed", "message": exc.message[:1].upper() + exc.message[1:]}
        except Exception:
            outcome = {"state": "failed", "message": "The download failed; nothing was installed. Try again."}
        finally:
            c.close()
        with _INSTALL_LOCK:
            state.update(outcome)

    threading.Thread(target=run, name="systemcraft-model-download", daemon=True).start()


@router.get("/settings/speech-model/progress")
async def speech_model_progress(request: Request):
    return JSONResponse(dict(_install_state(request.app)), headers={"cache-control": "no-store"})


@router.post("/settings/speech-model/remove")
async def remove_speech_model(request: Request, c=Depends(coach)):
    w = request.app.state.store.worker(start=False)
    if w is not None and w.busy():
        return _settings_with(request, c, {"model": "an answer is being transcribed with the model: remove it when "
                                           "its report is ready"}, {}, 409)
    await run_in_threadpool(c.remove_speech_model)
    return RedirectResponse("/settings?model=removed#speech-model", status_code=303)
