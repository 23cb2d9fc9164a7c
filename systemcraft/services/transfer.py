"""Export everything to JSON or CSV; import a JSON export into an empty home, validated first, or (confirmed,
after a backup) in place of everything a home holds."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from systemcraft.domain.plans import CATEGORIES, LEVELS, PLANS, ROLES, TRACKS
from systemcraft.domain.practice import DIMENSION_BY_ID, ENTRY_KINDS
from systemcraft.domain.principles import BY_ID as _LPS
from systemcraft.domain.schedule import MAX_WEEKS_AHEAD

PRINCIPLE_IDS = set(_LPS)
from systemcraft.errors import InputError, NotFoundError
from systemcraft.exports.csv_cells import neutralise
from systemcraft.exports.files import output_dir, read_json, write_atomic

FORMAT = "systemcraft-export"
VERSION = 1
MAX_IMPORT_BYTES = 200 * 1024 * 1024

# Table → field → (type, required). Types: int float str date datetime bool json.
SPEC: dict[str, dict[str, tuple[str, bool]]] = {
    "candidate": {"name": ("str", True), "target_level": ("str", True), "current_role": ("str", True),
                  "years_experience": ("int", True), "engineers_managed": ("int", True),
                  "multi_team": ("bool", True), "org_transformation": ("bool", True),
                  "risk_tolerance": ("str", True), "timezone": ("str", True), "created_at": ("datetime", True),
                  "day_start_hour": ("int", False)},
    "assessments": {"taken_on": ("date", True), "answers": ("json", True), "technical": ("int", True),
                    "leadership": ("int", True), "cultural": ("int", True), "total": ("int", True),
                    "band": ("str", True)},
    "plans": {"id": ("int", True), "plan_id": ("str", True), "track": ("str", True), "level": ("str", True),
              "start_date": ("date", True), "effective_start": ("date", True), "interview_date": ("date", True),
              "hours_per_week": ("float", True), "weekdays": ("str", True), "max_day_minutes": ("int", True),
              "blackouts": ("json", True), "busy_weeks": ("json", True), "gaps": ("json", True),
              "explanation": ("json", True), "session_start": ("str", True), "adjustments": ("json", False),
              "travel_days": ("json", False),
              "version": ("int", True), "active": ("bool", True), "created_at": ("datetime", True),
              "updated_at": ("datetime", True)},
    "plan_weeks": {"plan_id": ("int", True), "number": ("int", True), "start": ("date", True),
                   "end": ("date", True), "theme": ("str", True), "phase": ("str", True),
                   "budget_minutes": ("int", True), "notes": ("json", True)},
    "tasks": {"id": ("int", True), "plan_id": ("int", True), "day": ("date", True), "week": ("int", True),
              "seq": ("int", True), "category": ("str", True), "kind": ("str", True), "minutes": ("int", True),
              "count": ("int", True), "topic": ("str", True), "text": ("str", True), "gap": ("bool", True),
              "lp": ("str", False), "checkpoint": ("int", False), "status": ("str", True),
              "actual_minutes": ("int", False), "note": ("str", False), "reason": ("str", False),
              "completed_at": ("datetime", False)},
    "plan_changes": {"plan_id": ("int", True), "at": ("datetime", True), "reason": ("str", True),
                     "summary": ("json", True)},
    "adaptations": {"plan_id": ("int", True), "at": ("datetime", True), "week": ("int", False),
                    "verdict": ("str", False), "firings": ("json", True), "adjustment": ("json", True)},
    "calendar_events": {"plan_id": ("int", True), "uid": ("str", True), "fingerprint": ("str", True),
                        "sequence": ("int", True), "cancelled": ("bool", True), "starts_at": ("datetime", True),
                        "ends_at": ("datetime", True), "summary": ("str", True)},
    "log_entries": {"day": ("date", True), "kind": ("str", True), "category": ("str", False),
                    "minutes": ("int", False), "count": ("int", True), "title": ("str", False),
                    "link": ("str", False), "pattern": ("str", False), "difficulty": ("str", False),
                    "level": ("str", False), "score": ("float", False), "solved_alone": ("bool", False),
                    "confidence": ("int", False), "energy": ("int", False), "insight": ("str", False),
                    "lp": ("str", False), "task_id": ("int", False), "created_at": ("datetime", True)},
    "ratings": {"week_start": ("date", True), "dimension": ("str", True), "score": ("int", True)},
    "week_notes": {"week_start": ("date", True), "biggest_win": ("str", False), "challenge": ("str", False),
                   "next_focus": ("str", False)},
    "checkpoint_results": {"checkpoint": ("int", True), "part": ("str", True), "score": ("float", True),
                           "attempt": ("int", True), "taken_at": ("datetime", True)},
    "stories": {"id": ("int", True), "title": ("str", True), "situation": ("str", True), "task": ("str", True),
                "action": ("str", True), "result": ("str", True), "primary_lp": ("str", True),
                "secondary_lps": ("json", True), "level": ("str", True), "status": ("str", True),
                "team_size": ("int", False), "period": ("str", False), "happened": ("date", False),
                "metrics": ("str", True), "obstacles": ("str", True), "lessons": ("str", True),
                "failure": ("bool", True), "short_version": ("str", True), "two_minute_version": ("str", True),
                "followups": ("json", True), "version": ("int", True), "created_at": ("datetime", True),
                "updated_at": ("datetime", True)},
    "cards": {"id": ("int", True), "kind": ("str", True), "ref": ("str", True), "prompt": ("str", True),
              "answer": ("str", True), "fsrs": ("json", True), "due": ("datetime", True), "due_day": ("date", True),
              "suspended": ("bool", True), "created_at": ("datetime", True)},
    "review_log": {"card_id": ("int", True), "rating": ("int", True), "reviewed_at": ("datetime", True),
                   "duration_ms": ("int", False), "due_before": ("datetime", False), "due_after": ("datetime", True),
                   "previous": ("json", False)},
    "mocks": {"id": ("int", False), "format": ("str", True), "level": ("str", True), "persona": ("str", True), "day": ("date", True),
              "status": ("str", True), "phases": ("json", True), "actual_minutes": ("json", True),
              "marks": ("json", True), "rater": ("str", False), "scores": ("json", False),
              "recommendation": ("int", False), "strengths": ("json", False), "improvements": ("json", False),
              "created_at": ("datetime", True)},
    "deliveries": {"day": ("date", True), "source": ("str", True), "format": ("str", True), "speaker": ("str", True),
                   "story_id": ("int", False), "mock_id": ("int", False), "level": ("str", True),
                   "words": ("int", True), "seconds": ("float", True), "wpm": ("float", True),
                   "fillers_per_minute": ("float", True), "pauses": ("int", True), "estimated": ("bool", True),
                   "method": ("str", True), "confidence": ("float", True), "report": ("json", True),
                   "created_at": ("datetime", True)},
    "interview_outcomes": {"plan_id": ("int", False), "interview_date": ("date", True), "outcome": ("str", True),
                           "notes": ("str", False), "recorded_at": ("datetime", True)},
}
OPTIONAL_SECTIONS = ("stories", "cards", "review_log", "mocks", "deliveries", "calendar_events",
                     "interview_outcomes")    # absent in exports made before they existed
LISTS = [t for t in SPEC if t != "candidate"]


def _jsonable(v):
    if isinstance(v, datetime):
        # The store writes UTC; SQLite hands it back without the zone, and PostgreSQL in the session's zone
        # (e.g. -08:00 on a server in Los Angeles): one form, UTC, so an export is the same from either.
        v = v.replace(tzinfo=timezone.utc) if v.tzinfo is None else v.astimezone(timezone.utc)
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v


def export_data(dump: dict, today: date) -> dict:
    out = {"format": FORMAT, "version": VERSION, "exported_on": today.isoformat()}
    out["candidate"] = {k: _jsonable(v) for k, v in dump["candidate"].items() if k in SPEC["candidate"]}
    for table in LISTS:
        out[table] = [{k: _jsonable(v) for k, v in row.items() if k in SPEC[table]} for row in dump[table]]
    return out


def write_export(data: dict, directory: Path, fmt: str) -> list[Path]:
    output_dir(directory)
    if fmt == "json":
        target = directory / "systemcraft-export.json"
        write_atomic(target, json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True).encode())
        return [target]
    written = []
    for table in ["candidate"] + LISTS:
        rows = [data["candidate"]] if table == "candidate" else data[table]
        fields = list(SPEC[table])
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: _csv_cell(SPEC[table][k][0], row.get(k)) for k in fields})
        target = directory / f"{table}.csv"
        write_atomic(target, buf.getvalue().encode())
        written.append(target)
    return written


def _csv_cell(kind: str, value):
    """One cell of an exported table: JSON as JSON text, text neutralised against formulas (a leading
    quote before = + - @ tab CR, see exports/csv_cells.py), numbers, dates and booleans as they are."""
    if kind == "json":
        return json.dumps(value)
    if kind == "str" and isinstance(value, str):
        return neutralise(value)
    return value


# ---------------------------------------------------------------- import

def read_export(path: Path) -> dict:
    data = read_json(path, "the export", MAX_IMPORT_BYTES, hint="; was it truncated?")
    return validate(data)


def _convert(table: str, index: int, row) -> dict:
    """One row checked by its model (schemas/export.py), as the typed values `load` inserts. Stored JSON is
    kept as it came (once checked); a story is kept as the domain normalises it."""
    from systemcraft.schemas.base import parse
    from systemcraft.schemas.export import ROWS
    where = f"{table}[{index}]" if index >= 0 else table
    if not isinstance(row, dict):
        raise InputError(f"import refused: {where} must be an object")
    doc = parse(ROWS[table], row, where, lead="import refused: ")
    values = {f: (row.get(f) if kind == "json" else getattr(doc, f)) for f, (kind, _) in SPEC[table].items()}
    if table == "stories":
        values.update(_story(doc, where))
    return values


def _story(doc, where: str) -> dict:
    """The story as every other door would save it (the domain's rules, principle ids normalised)."""
    from systemcraft.domain.stories import StoryError
    from systemcraft.schemas.story import document_values, validate_story
    try:
        story = validate_story(doc.story(doc.id), where)
    except StoryError as exc:
        raise InputError(f"import refused: {exc}") from None
    return {k: v for k, v in document_values(story).items() if k in SPEC["stories"]}


def validate(data) -> dict:
    """Return the export with typed values; raise InputError naming the first problem (one line)."""
    from systemcraft.schemas.base import shown
    from systemcraft.schemas.export import MAX_ROWS
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("import refused: this is not a SystemCraft export (no 'format': 'systemcraft-export')")
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        raise InputError(f"import refused: export version {shown(data.get('version'))} is not supported "
                         f"(expected {VERSION})")
    out: dict = {}
    for table in ["candidate"] + LISTS:
        if table not in data:
            if table in OPTIONAL_SECTIONS:
                out[table] = []
                continue
            raise InputError(f"import refused: the export has no '{table}' section (was it hand-edited?)")
        if table == "candidate":
            if not isinstance(data[table], dict):
                raise InputError("import refused: 'candidate' must be an object")
            out[table] = _convert(table, -1, data[table])
            continue
        rows = data[table]
        if not isinstance(rows, list):
            raise InputError(f"import refused: '{table}' must be a list")
        if len(rows) > MAX_ROWS:
            raise InputError(f"import refused: '{table}' holds {len(rows)} rows, more than {MAX_ROWS}")
        out[table] = [_convert(table, i, row) for i, row in enumerate(rows)]
    _check_values(out)
    return out


def _need(ok: bool, message: str) -> None:
    if not ok:
        raise InputError(f"import refused: {message}")


def _check_values(d: dict) -> None:
    c = d["candidate"]
    _need(c["target_level"] in LEVELS and c["current_role"] in ROLES, "candidate level or role is unknown")
    plan_ids = {p["id"] for p in d["plans"]}
    _need(len(plan_ids) == len(d["plans"]), "plan ids repeat")
    _need(sum(1 for p in d["plans"] if p["active"]) <= 1, "more than one active plan")
    for i, p in enumerate(d["plans"]):
        _need(p["plan_id"] in PLANS and p["track"] in TRACKS and p["level"] in LEVELS,
              f"plans[{i}] names an unknown plan, track or level")
        _need(p["start_date"] < p["interview_date"], f"plans[{i}] starts after its interview")
        _need(p["interview_date"] - p["start_date"] <= timedelta(weeks=MAX_WEEKS_AHEAD),
              f"plans[{i}].interview_date is more than {MAX_WEEKS_AHEAD} weeks after its start_date")
        _need(p["start_date"] <= p["effective_start"] <= p["interview_date"],
              f"plans[{i}].effective_start is outside the plan")
        for j, g in enumerate(p["gaps"]):
            _need(g.get("lp") is None or g["lp"] in PRINCIPLE_IDS, f"plans[{i}].gaps[{j}].lp is unknown")
    task_ids = set()
    for i, t in enumerate(d["tasks"]):
        _need(t["plan_id"] in plan_ids, f"tasks[{i}] refers to plan {t['plan_id']}, which is not in the file")
        _need(t["category"] in CATEGORIES, f"tasks[{i}].category '{t['category']}' is unknown")
        _need(t["status"] in ("planned", "done", "skipped"), f"tasks[{i}].status '{t['status']}' is unknown")
        _need(0 < t["minutes"] <= 720, f"tasks[{i}].minutes is out of range")
        _need(t["id"] not in task_ids, f"tasks[{i}] repeats task id {t['id']}")
        _need(t["lp"] is None or t["lp"] in PRINCIPLE_IDS, f"tasks[{i}].lp '{t['lp'] or ''}' is unknown")
        task_ids.add(t["id"])
    for table in ("plan_weeks", "plan_changes", "adaptations"):
        for i, r in enumerate(d[table]):
            _need(r["plan_id"] in plan_ids, f"{table}[{i}] refers to plan {r['plan_id']}, which is not in the file")
    seen_uids = set()
    for i, r in enumerate(d["calendar_events"]):
        _need(r["plan_id"] in plan_ids, f"calendar_events[{i}] refers to plan {r['plan_id']}, which is not in the file")
        _need(0 < len(r["uid"]) <= 200 and len(r["fingerprint"]) <= 64 and len(r["summary"]) <= 300,
              f"calendar_events[{i}] has a uid, fingerprint or summary of the wrong length")
        _need(r["sequence"] >= 0, f"calendar_events[{i}].sequence is negative")
        _need((r["plan_id"], r["uid"]) not in seen_uids, f"calendar_events[{i}] repeats uid {r['uid'][:60]}")
        _need(r["starts_at"] <= r["ends_at"], f"calendar_events[{i}] ends before it starts")
        seen_uids.add((r["plan_id"], r["uid"]))
    for i, e in enumerate(d["log_entries"]):
        _need(e["kind"] in ENTRY_KINDS, f"log_entries[{i}].kind '{e['kind']}' is unknown")
        _need(e["category"] is None or e["category"] in CATEGORIES, f"log_entries[{i}].category is unknown")
        _need(e["minutes"] is None or 0 < e["minutes"] <= 960, f"log_entries[{i}].minutes is out of range")
        _need(1 <= e["count"] <= 200, f"log_entries[{i}].count is out of range")
        for f in ("confidence", "energy"):
            _need(e[f] is None or 1 <= e[f] <= 5, f"log_entries[{i}].{f} must be 1–5")
        _need(e["score"] is None or 0 <= e["score"] <= 5, f"log_entries[{i}].score must be 0–5")
        _need(e["task_id"] is None or e["task_id"] in task_ids, f"log_entries[{i}] refers to a task not in the file")
        _need(e["lp"] is None or e["lp"] in PRINCIPLE_IDS, f"log_entries[{i}].lp '{e['lp']}' is unknown")
    seen = set()
    for i, r in enumerate(d["ratings"]):
        _need(r["dimension"] in DIMENSION_BY_ID, f"ratings[{i}].dimension '{r['dimension']}' is unknown")
        _need(1 <= r["score"] <= 5, f"ratings[{i}].score must be 1–5")
        key = (r["week_start"], r["dimension"])
        _need(key not in seen, f"ratings[{i}] repeats {r['dimension']} for {r['week_start']}")
        seen.add(key)
    for i, r in enumerate(d["checkpoint_results"]):
        _need(1 <= r["checkpoint"] <= 4, f"checkpoint_results[{i}].checkpoint must be 1–4")
    story_ids = {s["id"] for s in d["stories"]}      # each story passed the story document and the domain's rules
    _need(len(story_ids) == len(d["stories"]), "story ids repeat")
    titles = [s["title"].lower() for s in d["stories"]]
    _need(len(set(titles)) == len(titles), "two stories have the same title")
    card_ids = {c["id"] for c in d["cards"]}
    _need(len(card_ids) == len(d["cards"]), "card ids repeat")
    _need(len({(c["kind"], c["ref"]) for c in d["cards"]}) == len(d["cards"]), "two cards have the same kind and ref")
    for i, c in enumerate(d["cards"]):
        _need(c["kind"] in ("story", "lp", "concept", "problem", "question"), f"cards[{i}].kind is unknown")
        _need(c["kind"] != "story" or (c["ref"].isdigit() and int(c["ref"]) in story_ids),
              f"cards[{i}] refers to a story not in the file")
    for i, r in enumerate(d["review_log"]):
        _need(r["card_id"] in card_ids, f"review_log[{i}] refers to a card not in the file")
        _need(1 <= r["rating"] <= 4, f"review_log[{i}].rating must be 1–4")
    mock_ids = {m["id"] for m in d["mocks"] if m.get("id") is not None}
    _need(len(mock_ids) == sum(1 for m in d["mocks"] if m.get("id") is not None), "mock ids repeat")
    for i, x in enumerate(d["deliveries"]):
        _need(x.get("story_id") is None or x["story_id"] in story_ids, f"deliveries[{i}] refers to a story not in the file")
        _need(x.get("mock_id") is None or x["mock_id"] in mock_ids, f"deliveries[{i}] refers to a mock not in the file")
        _need(x["level"] in ("L6", "L7"), f"deliveries[{i}].level must be L6 or L7")
        _need(isinstance(x["report"], dict), f"deliveries[{i}].report must be an object")
    for i, m in enumerate(d["mocks"]):
        _need(m["status"] in ("complete", "partial", "partner"), f"mocks[{i}].status is unknown")
        _need(m["recommendation"] is None or 1 <= m["recommendation"] <= 5, f"mocks[{i}].recommendation must be 1–5")
    from systemcraft.services.interview import MAX_NOTE, OUTCOMES
    for i, o in enumerate(d["interview_outcomes"]):
        _need(o["outcome"] in OUTCOMES, f"interview_outcomes[{i}].outcome '{o['outcome'][:40]}' is unknown")
        _need(o["plan_id"] is None or o["plan_id"] in plan_ids,
              f"interview_outcomes[{i}] refers to plan {o['plan_id']}, which is not in the file")
        _need(o["notes"] is None or len(o["notes"]) <= MAX_NOTE,
              f"interview_outcomes[{i}].notes is longer than {MAX_NOTE} characters")


# ---------------------------------------------------------------- the use cases

def export_all(ctx, directory: Path, fmt: str, recordings: bool = False) -> list[Path]:
    """Everything as JSON or CSV files in `directory`. Reports, never audio, unless `recordings` is asked
    for: then each kept recording is copied into `directory`/recordings/ as well (services/practice.py)."""
    from systemcraft.store.repository import dump
    cand = ctx.candidate()
    data = export_data(dump(ctx.reader(), cand.id), ctx.env.today)
    written = write_export(data, directory, fmt)
    if recordings:
        from systemcraft.services import practice
        written += practice.export_recordings(ctx, directory)
    return written


def import_all(ctx, path: Path) -> dict[str, int]:
    from systemcraft.store.repository import load
    data = read_export(path)          # everything is checked before anything is written
    repo = ctx.repo(create=True)
    if repo.candidate(candidate_id=ctx.candidate_id) is not None:
        # the surface says what to do: the CLI names an empty home, the web offers to replace everything
        raise InputError("this SystemCraft already holds a candidate; import into an empty one")
    with repo.transaction() as conn:
        return load(repo, conn, data)


# ---------------------------------------------------------------- replacing everything (issue 16 §4)
# A home that already holds a candidate can take an export in their place, in three steps: the file is
# checked in full and kept in the data directory (stage_import); the candidate sees what it holds beside
# what is here and confirms (replace_all) or cancels (cancel_import). Replacing first writes a backup
# export of everything into the data directory, then deletes and loads in one transaction.

PENDING = "pending-import.json"
BACKUP_NAME = re.compile(r"systemcraft-backup-\d{8}-\d{6}(-\d{1,3})?\.json")
COUNTED = ("plans", "tasks", "log_entries", "assessments", "stories", "cards", "review_log", "mocks", "deliveries")


def _pending(ctx) -> Path:
    return ctx.env.home / "imports" / PENDING


def _backups(ctx) -> Path:
    return ctx.env.home / "backups"


def _checked(path: Path, name: str) -> dict:
    """read_export, its one-line refusal naming `name` instead of the file's place on disk."""
    try:
        return read_export(path)
    except InputError as exc:
        raise InputError(exc.message.replace(str(path), name)) from None


def _summary(data: dict) -> dict:
    c = data["candidate"]
    active = next((p for p in data["plans"] if p["active"]), None)
    return {"name": c["name"], "target_level": c["target_level"],
            "interview": active["interview_date"] if active else None,
            "counts": {t: len(data.get(t) or []) for t in COUNTED}}


def stage_import(ctx, path: Path, name: str) -> dict:
    """Check an uploaded export in full and keep it in the data directory until it is confirmed or cancelled
    (one at a time: a newer upload takes the place of an older one). What it holds, and its fingerprint."""
    data = _checked(path, name)
    raw = path.read_bytes()
    from systemcraft.services.context import prepare_dir
    target = _pending(ctx)
    prepare_dir(target.parent)
    write_atomic(target, raw, mode=0o600)
    return {"digest": hashlib.sha256(raw).hexdigest(), **_summary(data)}


def pending_import(ctx) -> dict | None:
    """The export waiting for confirmation beside what this home holds now (None: nothing is waiting)."""
    target = _pending(ctx)
    if not target.is_file():
        return None
    try:
        data = _checked(target, "the file waiting to be imported")
    except InputError:
        target.unlink(missing_ok=True)         # changed on disk since it was checked: it is not offered
        return None
    from systemcraft.store.repository import dump
    cand = ctx.candidate()
    here = dump(ctx.reader(), cand.id)
    plan = ctx.reader().active_plan(cand.id)
    return {"digest": hashlib.sha256(target.read_bytes()).hexdigest(), "incoming": _summary(data),
            "current": {"name": cand.name, "target_level": cand.target_level,
                        "interview": plan.interview_date if plan else None,
                        "counts": {t: len(here.get(t) or []) for t in COUNTED}}}


def cancel_import(ctx) -> bool:
    """Forget the export waiting for confirmation; True if there was one."""
    target = _pending(ctx)
    existed = target.is_file()
    target.unlink(missing_ok=True)
    return existed


def replace_all(ctx, digest: str) -> dict:
    """Replace everything this home holds with the export waiting for confirmation, whose fingerprint the
    candidate confirmed: checked again in full, a backup export of everything written first into the data
    directory, then the candidate and all they own deleted and the file loaded, in one transaction."""
    from systemcraft.store.repository import dump, load
    target = _pending(ctx)
    if not target.is_file():
        raise InputError("no file is waiting to be imported (was it already imported or cancelled?): "
                         "choose the file again")
    if hashlib.sha256(target.read_bytes()).hexdigest() != (digest or ""):
        raise InputError("the file waiting to be imported is not the one you confirmed: choose the file again")
    data = _checked(target, "the file waiting to be imported")
    cand = ctx.reader().candidate()       # this home's only candidate (a shared database refuses here)
    if cand is None:
        raise InputError("this SystemCraft holds no candidate yet: import the file instead")
    backup = _write_backup(ctx, export_data(dump(ctx.reader(), cand.id), ctx.env.today))
    from systemcraft.services import practice
    recordings = practice.recording_ids(ctx, cand.id)
    repo = ctx.repo()
    with repo.transaction() as conn:
        repo.delete_candidate(conn, cand.id)
        counts = load(repo, conn, data)
        ctx.candidate_id = repo.candidate(conn).id
    # the rows are gone (the schema cascades): so are their recordings' files. A crash right here leaves
    # files no row refers to; the Practice worker's start and Settings' list of kept recordings sweep them.
    practice.remove_files(ctx, recordings)
    target.unlink(missing_ok=True)
    ctx.changed()
    return {"counts": counts, "backup": backup}


def _write_backup(ctx, data: dict) -> str:
    """An export of everything into the data directory's backups folder; the file's name (never its path)."""
    from systemcraft.services.context import prepare_dir
    folder = _backups(ctx)
    prepare_dir(folder)
    stem = f"systemcraft-backup-{ctx.env.now():%Y%m%d-%H%M%S}"
    name, n = f"{stem}.json", 1
    while (folder / name).exists():
        n += 1
        name = f"{stem}-{n}.json"
    write_atomic(folder / name, json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True).encode(), mode=0o600)
    return name


def backup_file(ctx, name: str) -> Path:
    """A backup written by replace_all, by its name (nothing else in the data directory can be named)."""
    path = _backups(ctx) / name
    if not BACKUP_NAME.fullmatch(name or "") or not path.is_file():
        raise NotFoundError("no such backup")
    return path
