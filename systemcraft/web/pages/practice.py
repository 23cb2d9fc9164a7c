"""Practice: answer a question out loud in the browser. The page records (practice.js), uploads the audio in
numbered chunks, asks for it to be transcribed, follows the progress and shows the report with a replay.

    POST /practice/recordings              start one (JSON: question, target, story, keep, mime)
    POST /practice/chunks?recording=&seq=  one chunk of its audio (the raw bytes, at most 1 MB)
    POST /practice/recordings/{id}/finish  the last chunk is in (JSON: taps, seconds): queue it
    GET  /practice/recordings/{id}/status  where it is (JSON)
    GET  /practice/recordings/{id}         its report (?partial=1: the report alone, for the page)
    GET  /practice/recordings/{id}/audio   a kept recording (ranges answered)
"""

from __future__ import annotations

from pathlib import Path as FsPath

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from systemcraft.errors import ConflictError, InputError, NotFoundError, SystemCraftError
from systemcraft.web.context import coach, page
from systemcraft.web.security import CSP, verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
RecordingId = Path(..., ge=1, le=2_147_483_647)
# The Practice pages replay a recording that never left the browser (a blob: URL) and show the camera.
PAGE_CSP = CSP + "; media-src 'self' blob:"
CHUNK_TYPES = ("audio/", "video/webm", "application/octet-stream")


def _status(exc: SystemCraftError) -> int:
    return 409 if isinstance(exc, ConflictError) else 404 if isinstance(exc, NotFoundError) else 400


def _error(exc: SystemCraftError) -> JSONResponse:
    return JSONResponse({"error": exc.message[:1].upper() + exc.message[1:]}, status_code=_status(exc))


def model_dir(request: Request) -> FsPath | None:
    """The model the coach was started with (`serve --model`), else the one installed in Settings."""
    return request.app.state.store.speech_model()


def worker(request: Request):
    """The process's one speech-to-text worker (web/context.py Store.worker), created on first use."""
    return request.app.state.store.worker()


def _with_csp(response):
    response.headers["content-security-policy"] = PAGE_CSP
    return response


@router.get("/practice")
async def practice(request: Request, c=Depends(coach)):
    w = worker(request)
    c.tidy_practice(w.live())
    options = c.practice_choices()
    q = request.query_params
    chosen_story = q.get("story", "")
    questions = {x["id"]: x["text"] for x in options["questions"]}
    question = questions.get(q.get("question", ""), "")
    lp = q.get("lp", "")
    if not question and chosen_story.isdigit():
        story = next((s for s in options["stories"] if str(s["id"]) == chosen_story), None)
        question = story["prompts"][0]["text"] if story and story["prompts"] else ""
    text = " ".join(q.get("text", "").split())
    if not question and text and len(text) <= 500 and text.isprintable():
        question = text                      # a mock's question that is not in the bank's behavioural list
    if not question and lp:
        question = next((x["text"] for x in options["questions"] if x["lp"] == lp), "")
    version = q.get("version", "2min") if q.get("version") in options["versions"] else "2min"
    return _with_csp(page(request, "practice.html", {
        "options": options, "question": question, "story": chosen_story, "version": version,
        "model": model_dir(request) is not None, "busy": w.busy()}, active="practice"))


async def _json(request: Request) -> dict:
    try:
        body = await request.json()
    except Exception:
        raise InputError("send the details as JSON") from None
    if not isinstance(body, dict):
        raise InputError("send the details as a JSON object")
    return body


def _story_id(value) -> int | None:
    if value in (None, "", 0):
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InputError("the story must be one of your stories") from None
    if not 1 <= n <= 2_147_483_647:
        raise NotFoundError(f"no story {n}")
    return n


@router.post("/practice/recordings")
async def start(request: Request, c=Depends(coach)):
    try:
        body = await _json(request)
        if model_dir(request) is None:
            raise InputError("no speech model is installed yet: install one in Settings, then record")
        question, target, mime = body.get("question"), body.get("target") or None, body.get("mime")
        attempt = body.get("attempt")
        if not isinstance(question, str) or not isinstance(mime, str) or not isinstance(target, (str, type(None))):
            raise InputError("choose a question to answer, or type your own")
        if not isinstance(attempt, (str, type(None))):
            raise InputError("this recording's token is not one the Practice page makes; reload the page and record again")
        result = c.start_practice(question, target, _story_id(body.get("story")), body.get("keep") is True, mime,
                                  attempt)
    except SystemCraftError as exc:
        return _error(exc)
    return JSONResponse(result, status_code=200 if result.get("again") else 201)


@router.post("/practice/chunks")
async def chunk(request: Request, c=Depends(coach)):
    q = request.query_params
    kind = request.headers.get("content-type", "").lower()
    try:
        if not kind.startswith(CHUNK_TYPES):
            return JSONResponse({"error": "Send the recording's audio bytes (an audio content type)"},
                                status_code=415)
        if not (q.get("recording", "").isdecimal() and q.get("seq", "").isdecimal()) or len(q["recording"]) > 10 \
                or len(q["seq"]) > 6:
            raise InputError("say which recording and which part this is (recording and seq, whole numbers)")
        rec_id, seq = int(q["recording"]), int(q["seq"])
        from systemcraft.services.practice import MAX_CHUNK
        data = bytearray()
        async for piece in request.stream():
            data += piece
            if len(data) > MAX_CHUNK:
                raise InputError(f"a part of a recording is at most {MAX_CHUNK // 1024} KB: nothing was added")
        result = await run_in_threadpool(c.add_practice_chunk, rec_id, seq, bytes(data))
    except SystemCraftError as exc:
        return _error(exc)
    return JSONResponse(result)


@router.post("/practice/recordings/{recording_id}/finish")
async def finish(request: Request, recording_id: int = RecordingId, c=Depends(coach)):
    w = worker(request)
    try:
        body = await _json(request)
        if model_dir(request) is None:
            raise InputError("no speech model is installed yet: install one in Settings, then send it again")
        c.practice_recording(recording_id)        # another candidate's or an unknown one: 404 before anything
        w.check_room()
        result = await run_in_threadpool(c.finish_practice, recording_id, body.get("taps"), body.get("seconds"))
    except SystemCraftError as exc:
        return _error(exc)
    position = w.submit(result["candidate_id"], recording_id)
    return JSONResponse({"id": recording_id, "state": "queued", "position": position}, status_code=202)


@router.post("/practice/recordings/{recording_id}/cancel")
async def cancel(request: Request, recording_id: int = RecordingId, c=Depends(coach)):
    try:
        return JSONResponse(c.cancel_practice(recording_id))
    except SystemCraftError as exc:
        return _error(exc)


@router.get("/practice/recordings/{recording_id}/status")
async def status(request: Request, recording_id: int = RecordingId, c=Depends(coach)):
    try:
        return JSONResponse(c.practice_status(recording_id, worker(request)),
                            headers={"cache-control": "no-store"})
    except SystemCraftError as exc:
        return _error(exc)


@router.get("/practice/recordings/{recording_id}")
async def report(request: Request, recording_id: int = RecordingId, c=Depends(coach)):
    rec = c.practice_recording(recording_id)
    r = c.delivery_report(rec["delivery_id"]) if rec["delivery_id"] else None
    partial = request.query_params.get("partial") == "1"
    context = {"rec": rec, "r": r, "moments": moments(r) if r else [], "partial": partial}
    name = "practice_report_body.html" if partial else "practice_report.html"
    return _with_csp(page(request, name, context, active="practice"))


@router.get("/practice/recordings/{recording_id}/audio")
async def audio(request: Request, recording_id: int = RecordingId, c=Depends(coach)):
    path, media_type = c.kept_audio(recording_id)
    return FileResponse(path, media_type=media_type, filename=f"answer{path.suffix}",
                        content_disposition_type="inline", headers={"cache-control": "no-store"})


@router.get("/practice/recordings/{recording_id}/download")
async def download(request: Request, recording_id: int = RecordingId, c=Depends(coach)):
    """A kept recording saved as a file (Settings' list of kept recordings): the export leaves audio out."""
    path, media_type, name = c.recording_download(recording_id)
    return FileResponse(path, media_type=media_type, filename=name, content_disposition_type="attachment",
                        headers={"cache-control": "no-store"})


@router.post("/practice/recordings/{recording_id}/delete-audio")
async def delete_audio(request: Request, recording_id: int = RecordingId, c=Depends(coach)):
    c.delete_recording_audio(recording_id)
    return RedirectResponse("/settings?recording_deleted=1#recordings", status_code=303)


def moments(r: dict) -> list[dict]:
    """Every finding with a time in the recording, in order: what a click on the report jumps to."""
    out = []
    for p in r.get("star", {}).get("parts", []):
        if p.get("start") is not None:
            out.append({"at": p["start"], "kind": "STAR", "text": f"{p['part'].capitalize()} begins"})
    for p in r.get("pauses", []):
        out.append({"at": p["at"], "kind": "Pause", "text": f"{p['seconds']:.1f} s after “{p['after']}”"})
    for h in r.get("fillers", {}).get("hits", [])[:30]:
        out.append({"at": h["at"], "kind": "Filler", "text": f"“{h['quote']}”"})
    for h in r.get("hedges", {}).get("hits", [])[:20]:
        out.append({"at": h["at"], "kind": "Hedge", "text": f"“{h['quote']}”"})
    for h in r.get("numbers", [])[:20]:
        out.append({"at": h["at"], "kind": "Number", "text": f"{h['what']}: “{h['quote']}”"})
    voice = r.get("voice") or {}
    for m in (voice.get("moments") or [])[:20]:
        if isinstance(m, dict) and isinstance(m.get("start"), (int, float)):
            words = m.get("words") or ""
            words = " ".join(words) if isinstance(words, list) else str(words)
            detail = str(m.get("detail") or "")
            out.append({"at": m["start"], "kind": "Voice", "text": str(m.get("kind", "")).capitalize()
                        + (f" ({detail[:80]})" if detail else "") + (f": “{words[:80]}”" if words else "")})
    return sorted(out, key=lambda m: m["at"])
