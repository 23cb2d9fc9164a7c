"""Settings: hours, study days, dates and blackouts (through plan regeneration), export and import."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from systemcraft.errors import InputError
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
    return page(request, "settings.html", {"plan": plan, "values": _defaults(plan), "errors": {}, "preview": None,
                                           "weekdays": WEEKDAYS, "imported": None}, active="settings")


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
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "import.json"
        target.write_bytes(await upload.read())
        try:
            counts = c.import_all(target)
        except InputError as exc:
            return _import_error(request, c, exc.message.replace(str(target), upload.filename[:100]))
    return RedirectResponse(f"/?imported={sum(counts.values())}", status_code=303)


def _import_error(request, c, message: str):
    if c.reader().candidate() is None:
        return page(request, "error.html", {"message": message}, status=422)
    plan = c.plan_view()
    return page(request, "settings.html", {"plan": plan, "values": _defaults(plan), "errors": {"file": message},
                                           "preview": None, "weekdays": WEEKDAYS, "imported": None},
                status=422, active="settings")
