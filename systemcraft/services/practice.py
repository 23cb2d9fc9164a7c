"""Practise out loud (issue 18): an answer recorded on the Practice page is uploaded in numbered chunks,
transcribed on this machine by one worker thread per process (one model loaded, a bounded queue), analysed
like any answer (services/delivery.py, with the candidate's S/T/A/R taps), and replayed with its findings.

Privacy: the audio is a file under the home's `recordings/` folder. Unless the candidate ticked "keep" it is
deleted as soon as the transcription ends, whether it worked or not. Exports carry the reports, never audio.
"""

from __future__ import annotations

import inspect
import logging
import os
import queue
import re
import secrets
import shutil
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, is_dataclass
from datetime import timedelta
from pathlib import Path

from systemcraft.domain.stories import VERSIONS
from systemcraft.domain.text import control_problem
from systemcraft.domain.transcript import PART_OF, Marker, TranscriptError
from systemcraft.errors import ConflictError, InputError, NotFoundError, SystemCraftError
from systemcraft.store import queries, records

MAX_CHUNK = 1024 * 1024                 # one upload request's audio
MAX_TOTAL = 200 * 1024 * 1024           # a whole recording (2 hours of Opus at 32 kbit/s is about 29 MB)
MAX_CHUNKS = 20_000
MAX_SECONDS = 2 * 3600
MAX_TAPS = 400
MAX_QUESTION = 500
MAX_WAITING = 2                         # recordings waiting behind the one being transcribed
STALE_UPLOAD = timedelta(hours=3)       # an upload nobody finished (the tab was closed)
STALE_JOB = timedelta(hours=1)          # queued or transcribing, untouched: the coach was stopped meanwhile
PROGRESS_STEP = 0.05
STATES = ("recording", "queued", "transcribing", "done", "failed", "cancelled")

# What a browser's MediaRecorder or a chosen file may be, each with its file suffix and how its first bytes look.
CONTAINERS = {
    "audio/webm": ".webm", "video/webm": ".webm", "audio/ogg": ".ogg", "audio/wav": ".wav", "audio/x-wav": ".wav",
    "audio/wave": ".wav", "audio/mpeg": ".mp3", "audio/mp4": ".m4a", "audio/x-m4a": ".m4a", "audio/flac": ".flac",
}
CODECS = {"opus", "vorbis", "mp4a.40.2", "flac", "pcm", "1"}
_MIME = re.compile(r"^([a-z]+/[a-z0-9.+-]+)((?:\s*;\s*[a-z]+=\"?[a-z0-9.,+ -]*\"?)*)$")


def _magic_ok(suffix: str, head: bytes) -> bool:
    if suffix == ".webm":
        return head[:4] == b"\x1a\x45\xdf\xa3"
    if suffix == ".ogg":
        return head[:4] == b"OggS"
    if suffix == ".wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    if suffix == ".mp3":
        return head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    if suffix == ".m4a":
        return head[4:8] == b"ftyp"
    if suffix == ".flac":
        return head[:4] == b"fLaC"
    return False


def container(mime: str) -> str:
    """The file suffix for a recording's MIME type (codecs checked), or a one-line refusal."""
    m = _MIME.match((mime or "").strip().lower())
    if not m or m.group(1) not in CONTAINERS:
        raise InputError(f"recordings of type '{(mime or '')[:40]}' cannot be read here: record again in this page, "
                         "or choose a .webm, .ogg, .wav, .mp3, .m4a or .flac file")
    codecs = re.search(r"codecs=\"?([a-z0-9.,+ -]*)", m.group(2) or "")
    for codec in (codecs.group(1).split(",") if codecs else ()):
        if codec.strip() and codec.strip() not in CODECS:
            raise InputError(f"the codec '{codec.strip()[:20]}' is not supported: record with Opus (this page does "
                             "that), or choose a .wav, .mp3 or .flac file")
    return CONTAINERS[m.group(1)]


# ------------------------------------------------------------------ files

def recordings_dir(ctx) -> Path:
    return ctx.env.home / "recordings"


UPLOADS = ".uploads"                    # recordings/.uploads/: a Delivery-page recording while it is transcribed
STALE_UPLOAD_FILES = timedelta(hours=3)  # far longer than transcribing the longest recording allowed takes


def upload_dir(home: Path) -> Path:
    """Where the Delivery page puts a recording while it is transcribed: inside the home, so that a crash
    leaves it where the orphan sweep finds it (never in the system's temporary folder)."""
    folder = Path(home) / "recordings" / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _dir(ctx, rec_id: int) -> Path:
    return recordings_dir(ctx) / str(int(rec_id))


def audio_path(ctx, row: dict) -> Path:
    return _dir(ctx, row["id"]) / ("answer" + container(row["mime"]))


def _remove(ctx, rec_id: int) -> None:
    shutil.rmtree(_dir(ctx, rec_id), ignore_errors=True)


# ------------------------------------------------------------------ what to practise

def choices(ctx) -> dict:
    """The questions to pick from: the bank's behavioural questions (those for the weakest principles first),
    each story with the bank's questions for its principles, and the principles to work on."""
    from systemcraft.domain import principles
    from systemcraft.services import mockrun, storybank
    cand = ctx.candidate()
    bank = mockrun.pool(ctx, cand.target_level)["behavioral"]
    try:
        weak = list(storybank.coverage(ctx)["priority"])
    except SystemCraftError:                 # no plan yet: no order of weakness, every question still offered
        weak = []
    order = {lp: i for i, lp in enumerate(weak)}
    bank = sorted(bank, key=lambda q: (order.get(q.lp, len(order)), q.id))
    names = {p.id: p.name for p in principles.PRINCIPLES}
    questions = [{"id": q.id, "text": q.text, "lp": q.lp, "lp_name": names.get(q.lp, q.lp or "")}
                 for q in bank if q.text]
    stories = []
    for s in storybank.all_stories(ctx):
        prompts = [q for q in questions if q["lp"] in s.lps][:5]
        prompts += [{"id": "", "text": f.question, "lp": s.primary_lp, "lp_name": names.get(s.primary_lp, "")}
                    for f in s.followups[:3] if f.question]
        stories.append({"id": s.id, "title": s.title, "lp_name": names.get(s.primary_lp, s.primary_lp),
                        "prompts": prompts})
    return {"questions": questions, "stories": stories,
            "weak": [{"id": lp, "name": names.get(lp, lp)} for lp in weak[:5]],
            "versions": {k: list(v) for k, v in VERSIONS.items()}}


# ------------------------------------------------------------------ one recording

def _row(ctx, cand_id: int, rec_id: int, conn=None) -> dict:
    if not 1 <= rec_id <= 2_147_483_647:
        raise NotFoundError(f"no recording {rec_id}")
    rows = (ctx.repo().fetch_in(conn, queries.PRACTICE_RECORDING, cid=cand_id, id=rec_id) if conn is not None
            else ctx.reader().fetch(queries.PRACTICE_RECORDING, cid=cand_id, id=rec_id))
    if not rows:
        raise NotFoundError(f"no recording {rec_id}")
    return rows[0]


ATTEMPT = re.compile(r"[A-Za-z0-9_-]{16,24}")


def start(ctx, question: str, target: str | None, story_id: int | None, keep: bool, mime: str,
          attempt: str | None = None) -> dict:
    """A new recording, empty: its chunks follow. Nothing is stored if anything asked for is wrong.
    `attempt` is the page's token for this press of Record: the same start sent twice (a retried request, a
    second server process) gives back the recording the first one made, with `again` set, and adds none."""
    cand = ctx.candidate()
    if attempt is not None and not ATTEMPT.fullmatch(attempt):
        raise InputError("this recording's token is not one the Practice page makes; reload the page and record again")
    problem = control_problem(question or "")          # the one rule (domain/text.py): C0, DEL and C1 refused
    if problem:
        raise InputError(f"the question {problem}")
    question = " ".join((question or "").split())
    if not question:
        raise InputError("choose a question to answer, or type your own")
    if len(question) > MAX_QUESTION:
        raise InputError(f"the question is too long: at most {MAX_QUESTION} characters, please shorten it")
    if target is not None and target not in VERSIONS:
        raise InputError(f"the version must be one of {', '.join(VERSIONS)}")
    container(mime)
    if story_id is not None:
        from systemcraft.services import storybank
        storybank.get(ctx, story_id)         # NotFoundError for an unknown (or another candidate's) story
    _tidy(ctx, cand.id)
    repo = ctx.repo()
    limits = {"max_chunk": MAX_CHUNK, "max_total": MAX_TOTAL, "max_seconds": MAX_SECONDS}
    with repo.transaction() as conn:
        if attempt is not None:
            repo.lock_candidate(conn, cand.id)          # the same press sent twice at once: one recording
            made = conn.rows(queries.PRACTICE_RECORDING_OF_START, cid=cand.id, start_token=attempt)
            if made:
                return {"id": made[0]["id"], "again": True, **limits}
        rec_id = conn.scalar(queries.INSERT_PRACTICE_RECORDING, cid=cand.id, question=question, target=target,
                             story_id=story_id, keep=bool(keep), mime=mime.strip()[:100], state="recording",
                             taps=[], now=ctx.env.now(), start_token=attempt)
    _remove(ctx, rec_id)                     # a leftover of a deleted database's recording of the same number
    _dir(ctx, rec_id).mkdir(parents=True, exist_ok=True)
    ctx.changed()
    return {"id": rec_id, "again": False, **limits}


def add_chunk(ctx, rec_id: int, seq: int, data: bytes) -> dict:
    """Chunk `seq` (0, 1, 2, …, in order) of a recording being uploaded. Written to its own file and counted
    only if it is the next one expected: a chunk out of order, repeated, empty or too large changes nothing."""
    cand = ctx.candidate()
    row = _row(ctx, cand.id, rec_id)
    if row["state"] == "cancelled":
        raise ConflictError(f"recording {rec_id} was cancelled, so nothing more can be added; record the answer again")
    if row["state"] != "recording":
        raise ConflictError(f"recording {rec_id} was already sent; start a new recording to add more")
    if not data:
        raise InputError("this part of the recording is empty: nothing was added")
    if len(data) > MAX_CHUNK:
        raise InputError(f"a part of a recording is at most {MAX_CHUNK // 1024} KB: nothing was added")
    if seq != row["chunks"]:
        raise InputError(f"part {seq} of the recording arrived out of order (part {row['chunks']} was expected): "
                         "nothing was added; record again")
    if seq >= MAX_CHUNKS or row["bytes"] + len(data) > MAX_TOTAL:
        raise InputError(f"the recording is larger than {MAX_TOTAL // (1024 * 1024)} MB, the most one answer may "
                         "be: stop it, or record a shorter answer")
    suffix = container(row["mime"])
    if seq == 0 and not _magic_ok(suffix, data[:16]):
        raise InputError(f"this is not a {suffix[1:]} recording (its first bytes do not match its type): "
                         "nothing was added")
    folder = _dir(ctx, rec_id)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{seq:06d}.{secrets.token_hex(4)}.tmp"
    tmp.write_bytes(data)
    try:
        with ctx.repo().transaction() as conn:
            moved = conn.rowcount(queries.PRACTICE_ADD_CHUNK, cid=cand.id, id=rec_id, status="recording", seq=seq,
                                  size=len(data), most=MAX_TOTAL, now=ctx.env.now())
        if moved != 1:                       # another request took this part first
            raise InputError(f"part {seq} of the recording arrived twice: the first copy is kept")
        os.replace(tmp, folder / f"{seq:06d}.part")
    finally:
        tmp.unlink(missing_ok=True)
    return {"id": rec_id, "received": seq + 1, "bytes": row["bytes"] + len(data)}


def _taps(taps, seconds: float | None) -> list[dict]:
    if taps is None:
        return []
    if not isinstance(taps, list) or len(taps) > MAX_TAPS:
        raise InputError(f"the S/T/A/R taps must be a list of at most {MAX_TAPS}")
    out = []
    for t in taps:
        part = PART_OF.get(str(t.get("part", "")).strip().lower()) if isinstance(t, dict) else None
        at = t.get("at") if isinstance(t, dict) else None
        if part is None or isinstance(at, bool) or not isinstance(at, (int, float)) or not 0 <= at <= MAX_SECONDS:
            raise InputError("each S/T/A/R tap needs a part (s, t, a or r) and a time in seconds from the start")
        if seconds is not None and at > seconds + 2:
            raise InputError("a tap is later than the end of the recording")
        out.append({"part": part, "at": round(float(at), 2)})
    return sorted(out, key=lambda t: t["at"])


def finish(ctx, rec_id: int, taps, seconds: float | None) -> dict:
    """The last chunk is in: join the chunks into one file and mark the recording queued (the caller hands it
    to the worker). A second finish of the same recording changes nothing."""
    cand = ctx.candidate()
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                                or not 0 <= seconds):
        raise InputError("the length of the recording must be a number of seconds")
    if seconds is not None and seconds > MAX_SECONDS:
        raise InputError("the recording is longer than 2 hours, the most one answer may be: record a shorter one")
    clean = _taps(taps, seconds)
    row = _row(ctx, cand.id, rec_id)
    if row["state"] != "recording":
        raise ConflictError(f"recording {rec_id} was already sent")
    if row["chunks"] == 0:
        raise InputError("the recording is empty: nothing was heard. Check the microphone and record again")
    folder = _dir(ctx, rec_id)
    parts = [folder / f"{i:06d}.part" for i in range(row["chunks"])]
    if not all(p.is_file() for p in parts):
        raise InputError("parts of the recording are missing: record again")
    target = audio_path(ctx, row)
    with open(target, "wb") as out:
        for p in parts:
            with open(p, "rb") as fh:
                shutil.copyfileobj(fh, out)
    if target.stat().st_size != row["bytes"]:
        target.unlink(missing_ok=True)
        raise InputError("parts of the recording are missing: record again")
    with ctx.repo().transaction() as conn:
        moved = conn.rowcount(queries.PRACTICE_FINISH, cid=cand.id, id=rec_id, state="queued", status="recording",
                              taps=clean, now=ctx.env.now())
    if moved != 1:
        raise ConflictError(f"recording {rec_id} was already sent")
    for p in parts:
        p.unlink(missing_ok=True)
    return {"id": rec_id, "candidate_id": cand.id, "state": "queued"}


def cancel(ctx, rec_id: int) -> dict:
    """Give up a recording still being uploaded: its parts are deleted."""
    cand = ctx.candidate()
    row = _row(ctx, cand.id, rec_id)
    if row["state"] == "recording":
        with ctx.repo().transaction() as conn:
            conn.rowcount(queries.PRACTICE_SET_STATE, cid=cand.id, id=rec_id, state="cancelled", status="recording",
                          now=ctx.env.now())
        _remove(ctx, rec_id)
    return {"id": rec_id, "state": "cancelled" if row["state"] == "recording" else row["state"]}


def get(ctx, rec_id: int) -> dict:
    cand = ctx.candidate()
    row = _row(ctx, cand.id, rec_id)
    row["taps"] = records.as_json(row["taps"]) or []
    row["transcript"] = records.as_json(row["transcript"]) or []
    return row


def kept(ctx) -> list[dict]:
    cand = ctx.candidate()
    rows = ctx.reader().fetch(queries.PRACTICE_RECORDINGS_KEPT, cid=cand.id)
    return [{**r, "day": records.as_datetime(r["created_at"]).date()} for r in rows]


def kept_audio(ctx, rec_id: int) -> tuple[Path, str]:
    """The kept recording's file and its media type, for a replay."""
    row = get(ctx, rec_id)
    path = audio_path(ctx, row)
    if not row["audio_bytes"] or not path.is_file():
        raise NotFoundError(f"recording {rec_id} was not kept, so it cannot be played")
    return path, row["mime"].split(";")[0].strip()


def file_name(row: dict) -> str:
    """A kept recording's name outside the coach: its id, the day it was recorded and a safe slug of the
    question (ASCII letters and digits), e.g. `12-2026-03-02-tell-me-about-a-time-you.webm`."""
    words = re.findall(r"[a-z0-9]+", (row.get("question") or "").lower())
    slug = ""
    for w in words:
        if len(slug) + len(w) + 1 > 40:
            break
        slug = f"{slug}-{w}" if slug else w
    day = records.as_datetime(row["created_at"]).date()
    return f"{int(row['id'])}-{day:%Y-%m-%d}-{slug or 'answer'}{container(row['mime'])}"


def download(ctx, rec_id: int) -> tuple[Path, str, str]:
    """A kept recording to download: its file, media type and the name to save it as."""
    path, media_type = kept_audio(ctx, rec_id)
    return path, media_type, file_name(get(ctx, rec_id))


def export_recordings(ctx, directory: Path) -> list[Path]:
    """Copy each kept recording of the candidate into `directory`/recordings/ (only when asked: exports carry
    reports, not audio). Each copy is written to a temporary file beside it and renamed into place, so a
    file there is whole or absent; only regular files are read, and only regular files are replaced. Private
    to the user (mode 600). The files written, in the order of the recordings."""
    import stat
    import tempfile
    from systemcraft.exports.files import output_dir
    rows = [get(ctx, r["id"]) for r in kept(ctx)][::-1]
    if not rows:
        return []
    target_dir = Path(directory) / "recordings"
    if target_dir.is_symlink():
        raise InputError(f"cannot write {target_dir}: it is a symbolic link; give a folder of your own")
    output_dir(target_dir)
    written = []
    for row in rows:
        source = audio_path(ctx, row)
        try:
            fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue                         # deleted meanwhile (or never complete): nothing to copy
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_TOTAL:
                continue
            target = target_dir / file_name(row)
            try:
                there = os.lstat(target).st_mode
            except FileNotFoundError:
                there = None
            if there is not None and not stat.S_ISREG(there):
                raise InputError(f"cannot write {target}: it is not a regular file; give a folder of your own")
            tmp_fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target_dir)
            try:
                with os.fdopen(tmp_fd, "wb") as out, os.fdopen(os.dup(fd), "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
                    out.flush()
                    os.fchmod(out.fileno(), 0o600)
                    os.fsync(out.fileno())
                os.replace(tmp, target)
            except OSError as exc:
                Path(tmp).unlink(missing_ok=True)
                raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
            written.append(target)
        finally:
            os.close(fd)
    return written


def delete_audio(ctx, rec_id: int) -> dict:
    """Delete a kept recording's audio; its report stays."""
    cand = ctx.candidate()
    row = _row(ctx, cand.id, rec_id)
    freed = row["audio_bytes"]
    if row["state"] in ("queued", "transcribing"):
        raise ConflictError("this recording is being transcribed: delete it when its report is ready")
    _remove(ctx, rec_id)
    with ctx.repo().transaction() as conn:
        conn.rowcount(queries.PRACTICE_AUDIO_GONE, cid=cand.id, id=rec_id, now=ctx.env.now())
    ctx.changed()
    return {"id": rec_id, "freed": freed}


def recording_ids(ctx, cand_id: int) -> list[int]:
    """Every recording of the candidate, whatever its state: the folders a replacing import deletes."""
    return [r["id"] for r in ctx.reader().fetch(queries.PRACTICE_RECORDING_IDS, cid=cand_id)]


def remove_files(ctx, rec_ids) -> int:
    """Delete the audio of these recordings (their rows are gone: call it after the commit); bytes freed."""
    freed = 0
    for rec_id in rec_ids:
        freed += _size(_dir(ctx, rec_id))
        _remove(ctx, rec_id)
    return freed


def remove_orphans(ctx) -> int:
    """Delete the recording folders no row refers to any more (a crash after a replacing import's commit, a
    database deleted or restored behind the coach's back); bytes freed. A row refers to its folder while it
    is uploaded or waits to be transcribed, and afterwards only if its audio was kept. The folders are listed
    before the rows are read, so a recording started meanwhile (row first, folder second) is never touched.
    Every candidate's rows count: in a shared database, the home's folder holds them all."""
    folder = recordings_dir(ctx)
    if not folder.is_dir():
        return 0
    freed = _stale_uploads(ctx, folder / UPLOADS)
    found = {int(p.name): p for p in folder.iterdir() if p.name.isdigit() and len(p.name) <= 10
             and p.is_dir() and not p.is_symlink()}
    if not found:
        return freed
    rows = ctx.reader().fetch(queries.PRACTICE_RECORDINGS_WITH_FILES, from1="recording", from2="queued",
                              from3="transcribing")
    referred = {r["id"] for r in rows}
    return freed + remove_files(ctx, sorted(set(found) - referred))


def _stale_uploads(ctx, uploads: Path) -> int:
    """Delivery-page uploads a crash left behind: folders last changed more than three hours ago (by the
    coach's clock); one being transcribed now is minutes old and stays. Bytes freed."""
    if not uploads.is_dir() or uploads.is_symlink():
        return 0
    cutoff = (ctx.env.now() - STALE_UPLOAD_FILES).timestamp()
    freed = 0
    for p in uploads.iterdir():
        try:
            if p.is_dir() and not p.is_symlink() and p.stat().st_mtime < cutoff:
                freed += _size(p)
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            continue
    return freed


def _size(folder: Path) -> int:
    try:
        return sum(p.stat().st_size for p in folder.iterdir() if p.is_file() and not p.is_symlink())
    except OSError:
        return 0


def _tidy(ctx, cand_id: int, live: frozenset[int] = frozenset()) -> None:
    """Uploads nobody finished for hours are cancelled, and jobs the coach lost (it was stopped while they
    waited) are marked failed; the audio of both is deleted unless it was to be kept and is complete."""
    now = ctx.env.now()
    rows = ctx.reader().fetch(queries.PRACTICE_RECORDINGS_IN, cid=cand_id, from1="recording", from2="queued",
                              from3="transcribing")
    for r in rows:
        if r["id"] in live:
            continue
        at = records.as_datetime(r["updated_at"])
        if at.tzinfo is None:
            at = at.replace(tzinfo=now.tzinfo)
        if r["state"] == "recording" and now - at > STALE_UPLOAD:
            with ctx.repo().transaction() as conn:
                conn.rowcount(queries.PRACTICE_SET_STATE, cid=cand_id, id=r["id"], state="cancelled",
                              status="recording", now=now)
            _remove(ctx, r["id"])
        elif r["state"] in ("queued", "transcribing") and now - at > STALE_JOB:
            _finish_failed(ctx, cand_id, r["id"], bool(r["keep"]),
                           "the coach was stopped before this recording was transcribed: record it again")


def tidy(ctx, live: frozenset[int] = frozenset()) -> None:
    cand = ctx.candidate()
    _tidy(ctx, cand.id, live)


def _finish_failed(ctx, cand_id: int, rec_id: int, keep: bool, message: str) -> None:
    path = None
    try:
        path = audio_path(ctx, _row(ctx, cand_id, rec_id))
    except (InputError, NotFoundError):
        pass
    size = path.stat().st_size if keep and path is not None and path.is_file() else 0
    if not size:
        _remove(ctx, rec_id)
    with ctx.repo().transaction() as conn:
        conn.rowcount(queries.PRACTICE_DONE, cid=cand_id, id=rec_id, state="failed", progress=0.0, delivery_id=None,
                      transcript=None, audio_bytes=size, error=message[:300], now=ctx.env.now())
    ctx.changed()


# ------------------------------------------------------------------ transcription and report

def transcribe_and_report(ctx, cand_id: int, rec_id: int, transcriber, progress: Callable[[float], None]) -> dict:
    """Run in the worker: transcribe the recording, measure its voice, analyse it with its taps, store the
    report; delete the audio unless it is to be kept. Any failure is stored as the recording's one-line error."""
    row = _row(ctx, cand_id, rec_id)
    keep = bool(row["keep"])
    with ctx.repo().transaction() as conn:
        if conn.rowcount(queries.PRACTICE_SET_STATE, cid=cand_id, id=rec_id, state="transcribing", status="queued",
                         now=ctx.env.now()) != 1:
            return {"id": rec_id, "state": row["state"]}
    audio = audio_path(ctx, row)
    try:
        transcript, voice = _transcribe(transcriber, audio, progress)
        taps = tuple(Marker(float(t["at"]), t["part"], "tap") for t in records.as_json(row["taps"]) or [])
        report = _analyse(ctx, transcript, row, taps, voice)
    except (TranscriptError, InputError, NotFoundError) as exc:
        _finish_failed(ctx, cand_id, rec_id, keep, _plain(getattr(exc, "message", None) or str(exc), audio))
        return {"id": rec_id, "state": "failed"}
    except Exception:
        _finish_failed(ctx, cand_id, rec_id, keep, "this is a SystemCraft bug: the recording could not be "
                       "transcribed; nothing was saved")
        raise
    words = [[w.text, round(w.start, 2), round(w.end, 2)] for line in transcript.lines for w in line.words][:40_000]
    size = audio.stat().st_size if keep and audio.is_file() else 0
    if not keep:
        _remove(ctx, rec_id)
    with ctx.repo().transaction() as conn:
        conn.rowcount(queries.PRACTICE_DONE, cid=cand_id, id=rec_id, state="done", progress=1.0,
                      delivery_id=report.get("id"), transcript=words, audio_bytes=size, error=None,
                      now=ctx.env.now())
    ctx.changed()
    return {"id": rec_id, "state": "done", "delivery_id": report.get("id")}


def _plain(message: str, audio: Path) -> str:
    """A transcriber's message without the recording's place on disk (no page shows a path)."""
    message = message.replace(str(audio), "the recording").replace(str(audio.parent), "the recordings folder")
    return message.replace(audio.name, "the recording")


def _transcribe(transcriber, audio: Path, progress):
    """(transcript, voice signals as a dict or None): one decoding for both when the transcriber can."""
    if hasattr(transcriber, "transcribe_with_voice"):
        transcript, voice = transcriber.transcribe_with_voice(audio, progress)
        return transcript, json_ready(voice)
    if "progress" in inspect.signature(transcriber.transcribe).parameters:
        return transcriber.transcribe(audio, progress=progress), None
    return transcriber.transcribe(audio), None


def json_ready(value):
    import json
    if is_dataclass(value):
        value = asdict(value)
    return None if value is None else json.loads(json.dumps(value, default=float))


def _analyse(ctx, transcript, row: dict, taps: tuple[Marker, ...], voice: dict | None) -> dict:
    from systemcraft.services import delivery
    params = inspect.signature(delivery.analyse).parameters
    extra = {}
    if "taps" in params:
        extra["taps"] = taps
    if "voice" in params:
        extra["voice"] = voice
    source = f"Practice: {row['question']}"[:200]
    return delivery.analyse(ctx, transcript, source, story_id=row["story_id"], version=row["target"], **extra)


def status(ctx, rec_id: int, worker: "Worker | None" = None) -> dict:
    row = get(ctx, rec_id)
    out = {"id": rec_id, "state": row["state"], "progress": round(float(row["progress"]), 3),
           "delivery_id": row["delivery_id"], "error": row["error"], "position": None,
           "bytes": row["bytes"], "chunks": row["chunks"]}
    if worker is not None:
        live = worker.progress(rec_id)
        if live is not None and row["state"] == "transcribing":
            out["progress"] = round(live, 3)
        out["position"] = worker.position(rec_id) if row["state"] == "queued" else None
    return out


# ------------------------------------------------------------------ the worker

@dataclass
class _Job:
    cand_id: int
    rec_id: int


class Worker:
    """One thread per process transcribing one recording at a time with one loaded model; at most
    MAX_WAITING recordings wait behind it. `open_ctx(cand_id)` is a context manager giving a Context for
    that candidate; `load(model_dir)` loads a transcriber; `model_dir()` says which model to use now."""

    def __init__(self, open_ctx: Callable[[int], AbstractContextManager], model_dir: Callable[[], Path | None],
                 load: Callable[[Path], object] | None = None, waiting: int = MAX_WAITING) -> None:
        self.open_ctx = open_ctx
        self.model_dir = model_dir
        self.load = load or _load_transcriber
        self.waiting = waiting
        self._lock = threading.Lock()
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._order: list[int] = []          # waiting, first first
        self._running: int | None = None
        self._progress: dict[int, float] = {}
        self._thread: threading.Thread | None = None
        self._model: tuple[Path, object] | None = None
        self._use = threading.Lock()         # the model transcribes one recording at a time, whoever asks
        self._elsewhere = 0                  # recordings of other pages (Delivery) being transcribed or waiting

    def live(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._order + ([self._running] if self._running is not None else []))

    def check_room(self) -> None:
        with self._lock:
            if len(self._order) >= self.waiting:
                raise ConflictError(f"one recording is being transcribed and {len(self._order)} are waiting: send "
                                    "this one again when the first report is ready (it stays here until then)")

    def submit(self, cand_id: int, rec_id: int) -> int:
        """Queue a recording (check_room first: a recording already marked queued is never turned away);
        its place, 0 when it is transcribed now."""
        with self._lock:
            self._order.append(rec_id)
            place = len(self._order) - (0 if self._running is not None else 1)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="systemcraft-practice", daemon=True)
                self._thread.start()
        self._queue.put(_Job(cand_id, rec_id))
        return place

    def position(self, rec_id: int) -> int | None:
        """How many recordings go before this one (0: it is next or running); None if not known here."""
        with self._lock:
            if rec_id == self._running:
                return 0
            if rec_id in self._order:
                return self._order.index(rec_id) + (1 if self._running is not None else 0)
            return None

    def progress(self, rec_id: int) -> float | None:
        with self._lock:
            return self._progress.get(rec_id)

    def busy(self) -> bool:
        with self._lock:
            return self._running is not None or bool(self._order) or self._elsewhere > 0

    def transcribe_file(self, audio: Path, progress: Callable[[float], None] | None = None):
        """A recording uploaded on another page (Delivery) transcribed with this process's one model, in turn
        with the practice recordings: (transcript, voice signals as a dict or None). Blocking: call it from
        a thread of its own. A TranscriptError when no model is installed or the audio cannot be read; a
        ConflictError, at once, when one recording is being transcribed and MAX_WAITING already wait."""
        with self._lock:
            ahead = len(self._order) + self._elsewhere + (1 if self._running is not None else 0)
            if ahead > self.waiting:
                raise ConflictError(f"one recording is being transcribed and {ahead - 1} are waiting: send this "
                                    "one again when they are done")
            self._elsewhere += 1
        try:
            with self._use:
                return _transcribe(self._transcriber(), audio, progress)
        finally:
            with self._lock:
                self._elsewhere -= 1

    def stop(self) -> None:
        self._queue.put(None)

    def _transcriber(self):
        folder = self.model_dir()
        if folder is None:
            raise TranscriptError("no speech model is installed: install one in Settings, then record again")
        try:                                 # a model installed again in the same folder is a new model
            key = (folder, (folder / "model.bin").stat().st_mtime_ns)
        except OSError:
            key = (folder, 0)
        if self._model is None or self._model[0] != key:
            self._model = None               # one model per process: the old one goes before the new one loads
            self._model = (key, self.load(folder))
        return self._model[1]

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            with self._lock:
                if job.rec_id in self._order:
                    self._order.remove(job.rec_id)
                self._running = job.rec_id
                self._progress[job.rec_id] = 0.0
            try:
                with self._use:
                    self._one(job)
            except Exception:                # stored on the recording as a one-line error; the worker goes on
                logging.getLogger("systemcraft.practice").exception("recording %s could not be transcribed",
                                                                    job.rec_id)
            finally:
                with self._lock:
                    self._running = None
                    self._progress.pop(job.rec_id, None)

    def _one(self, job: _Job) -> None:
        with self.open_ctx(job.cand_id) as ctx:
            last = [0.0]

            def progress(fraction: float) -> None:
                fraction = min(max(float(fraction), 0.0), 1.0)
                with self._lock:
                    self._progress[job.rec_id] = fraction
                if fraction - last[0] >= PROGRESS_STEP:
                    last[0] = fraction
                    with ctx.repo().transaction() as conn:
                        conn.rowcount(queries.PRACTICE_PROGRESS, cid=job.cand_id, id=job.rec_id, progress=fraction,
                                      status="transcribing", now=ctx.env.now())
            try:
                transcriber = self._transcriber()
            except TranscriptError as exc:
                row = _row(ctx, job.cand_id, job.rec_id)
                _finish_failed(ctx, job.cand_id, job.rec_id, bool(row["keep"]), str(exc))
                return
            transcribe_and_report(ctx, job.cand_id, job.rec_id, transcriber, progress)


def _load_transcriber(folder: Path):
    from systemcraft.transcripts.stt import FasterWhisperTranscriber
    return FasterWhisperTranscriber(folder)


# ------------------------------------------------------------------ the speech model (transcripts/models.py)

def model_info(home: Path) -> dict | None:
    """The installed speech model as {name, size_bytes, source}, or None (also when model management is
    not available in this version)."""
    try:
        from systemcraft.transcripts import models
    except ImportError:
        return None
    info = models.installed(home)
    if info is None:
        return None
    return {"name": info.name, "size_bytes": int(info.size_bytes), "source": getattr(info, "source", "")}


def installed_model_dir(home: Path) -> Path | None:
    try:
        from systemcraft.transcripts import models
    except ImportError:
        return None
    return models.model_dir(home)
