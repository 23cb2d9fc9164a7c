"""Delivery analysis use cases: read a transcript (or transcribe a recording), measure it, segment
STAR, compare with the linked story, store the report with the story or mock, list the trend."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from systemcraft.domain import delivery as dd
from systemcraft.domain import star_segments as ss
from systemcraft.domain.stories import LEVELS, VERSIONS
from systemcraft.domain.transcript import Marker, PART_OF, Transcript, TranscriptError, fmt_time, speech_of
from systemcraft.errors import InputError, NotFoundError
from systemcraft.store import queries, records
from systemcraft.transcripts import readers

MAX_NAME = 255
MAX_OFFSET = 6 * 3600


def read_file(path: Path, fmt: str | None, duration: float | None, model_dir: Path | None) -> Transcript:
    """A transcript file or, with --model, a recording transcribed locally."""
    from systemcraft.transcripts import stt
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a transcript")
    try:
        if stt.is_audio(path) or model_dir is not None:
            if not stt.is_audio(path):
                raise TranscriptError(f"--model transcribes audio; {path.name} is not an audio file "
                                      f"({', '.join(stt.AUDIO_SUFFIXES)})")
            stt.check_model_dir(model_dir)
            return stt.FasterWhisperTranscriber(model_dir).transcribe(path)
        size = path.stat().st_size
        if size > readers.MAX_TRANSCRIPT_BYTES:
            raise TranscriptError(f"{path.name} is {size / 1e6:.0f} MB; a transcript is at most "
                                  f"{readers.MAX_TRANSCRIPT_BYTES // (1024 * 1024)} MB (is this an audio or video file?)")
        from systemcraft.exports.files import read_bytes       # regular files only, never past the limit
        data = read_bytes(path, "the transcript", readers.MAX_TRANSCRIPT_BYTES)
        return readers.read(data, path.name, fmt, duration)
    except TranscriptError as exc:
        raise InputError(str(exc)) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def read_upload(data: bytes, name: str, fmt: str | None, duration: float | None) -> Transcript:
    try:
        return readers.read(data, name, fmt, duration)
    except TranscriptError as exc:
        raise InputError(str(exc)) from None


def analyse(ctx, transcript: Transcript, source: str, *, speaker: str | None = None, story_id: int | None = None,
            mock_id: int | None = None, mock_offset: float = 0.0, level: str | None = None,
            version: str | None = None, save: bool = True, taps: tuple[Marker, ...] = (),
            voice: dict | None = None) -> dict:
    """`taps`: the candidate's S/T/A/R taps while recording (seconds from its start), used like a mock's
    marks; `voice`: the recording's voice signals (domain/voice.py as a dict), stored in the report."""
    taps = _checked_taps(taps)
    if mock_offset and not mock_id:
        raise InputError("--mock-offset needs --mock (the mock whose marks it shifts)")
    if not 0 <= mock_offset <= MAX_OFFSET:
        raise InputError("--mock-offset must be between 0 and 6 hours into the mock")
    if level is not None and level not in LEVELS:
        raise InputError(f"--level must be one of {', '.join(LEVELS)}, got '{level[:10]}'")
    if version is not None and version not in VERSIONS:
        raise InputError(f"--version must be one of {', '.join(VERSIONS)}, got '{version[:10]}'")
    if speaker is not None and not 0 < len(speaker.strip()) <= 100:
        raise InputError("--speaker must be a name of 1 to 100 characters")
    reader = ctx.reader() if ctx.has_database() else None
    # the coach's own candidate (local mode: the home's only one); never "the" candidate of a shared database
    cand = reader.candidate(candidate_id=ctx.candidate_id) if reader is not None else None
    if (story_id or mock_id) and cand is None:
        raise NotFoundError("no candidate set up yet: set one up before linking a story or mock")
    from systemcraft.services import storybank
    story = storybank.get(ctx, story_id) if story_id else None
    markers: tuple[Marker, ...] = ()
    if mock_id:
        markers = _mock_markers(ctx, cand.id, mock_id, mock_offset)
    markers += taps
    level = level or (story.level if story else None) or (cand.target_level if cand else "L6")
    try:
        speech = speech_of(transcript, speaker, cand.name if cand else None)
    except TranscriptError as exc:
        raise InputError(str(exc)) from None
    # only the candidate's turns are measured; a silence longer than a break is cut out, not called a pause
    speech, breaks = dd.split_breaks(speech)
    lang = dd.language(speech.words)
    english = lang in ("", "en")
    measured = dd.measure(speech, english=english)
    seg = ss.segment(speech, level, markers) if english or markers else ss.not_read(level, dd.LANGUAGE_NAMES[lang])
    fit = ss.version_fit(speech.seconds, version)
    spoken = " ".join(w.text for w in speech.words)
    comparison = ss.compare_story(story, seg, spoken) if story and english else None
    checks, impossible = dd.plausibility(measured, transcript.lines, speech.speaker, breaks,
                                         estimated=transcript.estimated)
    report = build_report(transcript, source, speech, measured, seg, fit, comparison, mock_id)
    report["language"] = lang or "en"
    if not english:
        report["notes"].append(f"The answer reads as {dd.LANGUAGE_NAMES[lang]}: fillers, hedges, I/we and STAR parts are "
                               "analysed in English only, so they are left out; pace and pauses are measured as usual.")
    report["notes"] += checks
    if taps:
        report["taps"] = [{"at": m.at, "part": m.part} for m in taps]
        report["notes"].append("The STAR parts are timed from your taps while you spoke ("
                               + ", ".join(f"{m.part} at {fmt_time(m.at)}" for m in taps) + ").")
    if voice is not None:
        report["voice"] = json.loads(json.dumps(voice))
    if seg.why_low and seg.method == "heuristic":
        report["notes"].append(f"STAR confidence is {seg.confidence_label} because {'; '.join(seg.why_low)}: "
                               "cut the recording to one answer, or mark the parts, for timings you can rely on.")
    report["plausible"] = not impossible
    if save and cand is not None and impossible:
        # a wrong figure is never stored: it would distort the delivery trend
        raise InputError(f"{source[:80]}: {impossible}")
    if mock_id:
        report["mock_offset"] = mock_offset
    report["saved"] = False
    if save and cand is not None:
        repo = ctx.repo()
        with repo.transaction() as conn:
            same = _same_as_latest(repo, conn, cand.id, ctx.env.today, report, story_id)
            report["id"] = same if same is not None else repo.add_delivery(
                conn, cand.id, day=ctx.env.today, source=source[:MAX_NAME], format=transcript.format,
                speaker=speech.speaker[:100], story_id=story_id, mock_id=mock_id, level=level,
                words=measured.words, seconds=measured.speaking_seconds, wpm=measured.wpm,
                fillers_per_minute=measured.fillers_per_minute, pauses=len(measured.pauses),
                estimated=transcript.estimated, method=seg.method, confidence=seg.confidence, report=report)
        ctx.changed()
        report["saved"] = True
    elif save:
        report["notes"].append("not stored: no candidate is set up yet, so there is no trend to keep it in")
    report["day"] = ctx.env.today.isoformat()
    return report


MAX_TAPS = 200


def _checked_taps(taps) -> tuple[Marker, ...]:
    """The S/T/A/R taps in time order, each a part at 0 to 6 hours into the recording (what is said
    before the first tap counts as the situation, as with a mock's marks)."""
    import math
    if len(taps) > MAX_TAPS:
        raise InputError(f"at most {MAX_TAPS} STAR taps can be used for one answer")
    out: list[Marker] = []
    for m in sorted(taps, key=lambda m: float(m.at)):
        at, part = float(m.at), PART_OF.get(str(m.part).strip().lower())
        if part is None or not math.isfinite(at) or not 0 <= at <= MAX_OFFSET:
            raise InputError("a STAR tap must be S, T, A or R at a time within the recording")
        out.append(Marker(round(at, 1), part, "tap"))
    return tuple(out)


def _same_as_latest(repo, conn, cand_id: int, today, report: dict, story_id: int | None) -> int | None:
    """The id of today's latest analysis when it is this very one (the same file sent again: a double submit,
    the form re-sent after Back), so that it is kept once; the report holds everything that was asked and found."""
    rows = repo.fetch_in(conn, queries.DELIVERIES, cid=cand_id)
    if not rows or records.as_date(rows[-1]["day"]) != today or rows[-1]["story_id"] != story_id:
        return None
    latest = repo.fetch_in(conn, queries.DELIVERY, cid=cand_id, id=rows[-1]["id"])
    return rows[-1]["id"] if latest and records.as_json(latest[0]["report"]) == report else None


def _mock_markers(ctx, cand_id: int, mock_id: int, offset: float = 0.0) -> tuple[Marker, ...]:
    """The mock's STAR marks on the recording's clock: `offset` is how far into the mock the recording
    began. Of the marks made before it, only the last counts (that part was under way at 0:00)."""
    rows = ctx.reader().fetch(queries.MOCK, cid=cand_id, id=mock_id)
    if not rows:
        raise NotFoundError(f"no mock {mock_id}")      # the CLI adds its list command (cli/hints.py)
    marks = records.as_json(rows[0]["marks"]) or []
    out: list[Marker] = []
    for m in sorted(marks, key=lambda m: float(m["at"])):
        part = PART_OF.get(str(m.get("label", "")).strip().lower())
        if part:
            at = round(float(m["at"]) - offset, 1)
            if at <= 0 and out and out[-1].at == 0:
                out.pop()
            out.append(Marker(max(at, 0.0), part, "mock"))
    return tuple(out)


def build_report(transcript: Transcript, source: str, speech, d: dd.Delivery, seg: ss.Segmentation, fit: dict,
                 comparison: dict | None, mock_id: int | None) -> dict:
    """Everything the terminal and the web show, as plain JSON-able data."""
    return json.loads(json.dumps(_report(transcript, source, speech, d, seg, fit, comparison, mock_id)))


def _report(transcript, source, speech, d, seg, fit, comparison, mock_id) -> dict:
    """(The JSON round trip above makes a fresh report identical to a stored one: lists, not tuples.)"""
    by_word: dict[str, int] = {}
    for h in d.fillers:
        by_word[h.what] = by_word.get(h.what, 0) + 1
    return {
        "id": None, "source": source, "format": transcript.format, "estimated": transcript.estimated,
        "notes": list(transcript.notes),
        "speaker": speech.speaker, "speaker_why": speech.why,
        "speakers": [asdict(s) for s in speech.shares],
        "level": seg.level, "words": d.words, "seconds": d.speaking_seconds,
        "wpm": d.wpm, "wpm_without_pauses": d.wpm_without_pauses, "pace_band": d.pace_band,
        "pace_target": list(dd.PACE_TARGET), "pace_acceptable": list(dd.PACE_ACCEPTABLE),
        "pace": [{"at": at, "wpm": wpm} for at, wpm in d.pace],
        "pauses": [asdict(p) for p in d.pauses], "long_pause": dd.LONG_PAUSE,
        "fillers": {"count": len(d.fillers), "per_minute": d.fillers_per_minute,
                    "per_100_words": d.fillers_per_100_words, "by_word": by_word,
                    "hits": [asdict(h) for h in d.fillers]},
        "hedges": {"count": len(d.hedges), "distinct": sorted({h.what for h in d.hedges}),
                   "hits": [asdict(h) for h in d.hedges]},
        "i_we": {"i": d.i_count, "we": d.we_count},
        "numbers": [asdict(h) for h in d.numbers],
        "star": {"method": seg.method, "confidence": seg.confidence, "confidence_label": seg.confidence_label,
                 "why_low": list(seg.why_low),
                 "parts": [{**asdict(p), "status": p.status} for p in seg.parts],
                 "cues": {k: list(v) for k, v in seg.cues.items()}},
        "length": fit, "story": comparison, "mock_id": mock_id,
        "observations": dd.observations(d),
    }


def history(ctx) -> list[dict]:
    cand = ctx.candidate()
    return [{k: r[k] for k in ("id", "day", "source", "format", "speaker", "story_id", "mock_id", "level", "words",
                               "seconds", "wpm", "fillers_per_minute", "pauses", "method", "confidence")}
            | {"estimated": bool(r["estimated"])}
            for r in ctx.reader().fetch(queries.DELIVERIES, cid=cand.id)]


def get(ctx, delivery_id: int) -> dict:
    cand = ctx.candidate()
    rows = ctx.reader().fetch(queries.DELIVERY, cid=cand.id, id=delivery_id)
    if not rows:
        raise NotFoundError(f"no delivery analysis {delivery_id}")     # the CLI adds its command (cli/hints.py)
    report = records.as_json(rows[0]["report"])
    report.update(id=rows[0]["id"], day=rows[0]["day"].isoformat(), saved=True)
    return report
