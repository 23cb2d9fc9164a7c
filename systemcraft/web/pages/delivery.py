"""Delivery: upload a recorded answer's transcript (or the recording, when a speech model is installed),
read the report, see pace and fillers over time. A recording is transcribed by the process's one
speech-to-text worker (the Practice page's), its voice measured, and deleted once transcribed."""

from __future__ import annotations

import tempfile
from pathlib import Path as FsPath

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from systemcraft.domain.transcript import TranscriptError
from systemcraft.errors import DataError, InputError, NotFoundError
from systemcraft.transcripts.readers import FORMATS, parse_duration
from systemcraft.transcripts.stt import AUDIO_SUFFIXES, is_audio
from systemcraft.web import charts
from systemcraft.web.context import coach, heavy, page
from systemcraft.web.forms import Form
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
FORMAT_NAMES = ("WebVTT", "SRT", "JSON segments", "Plain text")
AnalysisId = Path(..., ge=1, le=2_147_483_647)


def _page(request, c, errors=None, values=None, status=200):
    rows = c.delivery_history()
    return page(request, "delivery.html", {
        "audio": request.app.state.store.speech_model() is not None, "audio_types": ",".join(AUDIO_SUFFIXES),
        "rows": rows[::-1], "figure": charts.delivery_trend(rows) if rows else None,
        "story_options": [("", "— none —")] + [(str(s.id), s.title) for s in c.stories()],
        "mock_options": [("", "— none —")] + [
            (str(m["id"]), f"{m['day']:%d %b %Y} · {m['format'].replace('_', ' ')} · {m['marks']} STAR mark{'s' if m['marks'] != 1 else ''}")
            for m in c.mock_history()[::-1][:50]],
        "format_options": [("", "From the content")] + list(zip(FORMATS, FORMAT_NAMES)), "errors": errors or {}, "values": values or {}}, status=status, active="delivery")


@router.get("/delivery")
async def delivery(request: Request, c=Depends(coach)):
    return _page(request, c)


def refused_upload(request: Request, c, message: str):
    """An upload over the size limit, refused before it was read (app.py): the page, the message by the file."""
    return _page(request, c, {"file": message}, None, 413)


@router.post("/delivery")
async def analyse(request: Request, c=Depends(coach)):
    data = await request.form()
    f = Form(data)
    values = {k: f.raw(k) for k in ("speaker", "story", "mock", "offset", "level", "version", "format", "duration")}
    upload = data.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        f.errors["file"] = "choose a transcript file (.vtt, .srt, .json or .txt)"
    speaker = f.text("speaker", "the speaker", 100, required=False)
    story_id = f.integer("story", "the story", 1, 2_147_483_647, default=0) or None
    mock_id = f.integer("mock", "the mock", 1, 2_147_483_647, default=0) or None
    level = f.raw("level") or None
    version = f.raw("version") or None
    fmt = f.raw("format") or None
    if level not in (None, "L6", "L7"):
        f.errors["level"] = "the level must be L6 or L7"
    if version not in (None, "30s", "2min", "full"):
        f.errors["version"] = "the version must be 30s, 2min or full"
    if fmt not in (None, *FORMATS):
        f.errors["format"] = f"the format must be one of {', '.join(FORMATS)}"
    duration = None
    if f.raw("duration"):
        try:
            duration = parse_duration(f.raw("duration"))
        except TranscriptError as exc:
            f.errors["duration"] = str(exc).replace("--duration", "the length")
    offset = 0.0
    if f.raw("offset"):
        try:
            offset = parse_duration(f.raw("offset"), minimum=0)
        except TranscriptError as exc:
            f.errors["offset"] = str(exc).replace("--duration", "the start in the mock")
        if mock_id is None and "offset" not in f.errors:
            f.errors["offset"] = "choose the mock the recording is from, or leave this empty"
    if f.errors:
        return _page(request, c, f.errors, values, 422)
    name = (upload.filename or "transcript").replace("\\", "/").rsplit("/", 1)[-1][:200]
    options = dict(speaker=speaker, story_id=story_id, mock_id=mock_id, mock_offset=offset, level=level,
                   version=version)
    try:
        if is_audio(FsPath(name)):
            report = await _recording(request, upload, name, options)
        else:
            data = await upload.read()
            report = await heavy(request, lambda hc: hc.analyse_upload(data, name, fmt=fmt, duration=duration,
                                                                       **options))
    except DataError as exc:                 # too slow (abandoned), or the database refused the write
        return _page(request, c, {"file": exc.message}, values, 503)
    except (InputError, NotFoundError) as exc:
        field = ("speaker" if "speaker" in exc.message else "story" if "story" in exc.message
                 else "offset" if "offset" in exc.message else "mock" if "mock" in exc.message
                 else "duration" if "--duration" in exc.message else "file")
        return _page(request, c, {field: exc.message}, values, 422)
    return RedirectResponse(f"/delivery/{report['id']}", status_code=303)


async def _recording(request: Request, upload, name: str, options: dict) -> dict:
    """A recording: transcribed on this machine by the process's one speech-to-text worker (seconds to
    minutes, so never on the event loop), its voice measured from the same decoding, the file deleted, then
    analysed like any transcript (off the event loop too). Recordings are never kept from this page."""
    store = request.app.state.store
    if store.speech_model() is None:
        raise InputError(f"{name} is a recording: install a speech model in Settings to transcribe it here, "
                         "or upload its captions")
    from systemcraft.services.practice import upload_dir
    with tempfile.TemporaryDirectory(prefix="delivery-", dir=upload_dir(store.env().home)) as tmp:
        audio = FsPath(tmp) / FsPath(name).name
        with open(audio, "wb") as fh:
            while chunk := await upload.read(1 << 20):
                fh.write(chunk)
        try:
            transcript, voice = await run_in_threadpool(store.transcribe, audio)
        except TranscriptError as exc:               # one line, and no place on disk in it
            message = str(exc).replace(str(audio), name).replace(tmp, "the upload")
            folder = store.speech_model()
            if folder is not None:
                message = message.replace(f"--model {folder}", "the speech model").replace(str(folder), "the speech model")
            raise InputError(message) from None
    # the folder and the recording in it are deleted here, before the analysis: nothing of the audio stays
    return await heavy(request, lambda hc: hc.analyse_read(transcript, name, voice=voice, **options))


@router.get("/delivery/{analysis_id}")
async def report(request: Request, analysis_id: int = AnalysisId, c=Depends(coach)):
    r = c.delivery_report(analysis_id)
    return page(request, "delivery_report.html", {"r": r}, active="delivery")
