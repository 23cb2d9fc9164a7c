"""Mock interviews: plan a session from the pack, save it, rate it, and the partner kit round trip."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date
from pathlib import Path

from systemcraft.domain import mocks as dm
from systemcraft.errors import InputError
from systemcraft.store import queries, records


def pool(coach, level: str) -> dict[str, list[dm.Question]]:
    from systemcraft.content.loader import coding_problems, load
    pages = load(coach.env.home / "cache")
    out: dict[str, list[dm.Question]] = {"behavioral": [], "design": [], "coding": [], "deep_dive": []}
    for p in pages:
        if p.type == "behavioral":
            text = re.sub(r"^>\s*", "", p.sections.get("The question", "")).strip()
            probes = tuple(re.sub(r"^\s*[-*]\s+", "", l).strip()
                           for l in p.sections.get("Follow-up probes", "").splitlines() if l.strip())
            out["behavioral"].append(dm.Question(p.id, "behavioral", text, probes, p.lps[0] if p.lps else None))
        elif p.type == "system_design" and (p.level == level or p.audience == "both"):
            probes = tuple(re.sub(r"^\s*[-*]\s+", "", l).strip()
                           for l in p.sections.get("Follow-up questions", "").splitlines() if l.strip())
            out["design"].append(dm.Question(p.id, "design", p.title + ". " + p.sections.get("Business context", ""),
                                             probes))
        elif p.type == "deep_dive":
            scen = tuple(re.sub(r"^\s*[-*]\s+", "", l).strip()
                         for l in p.sections.get("Interview scenarios", "").splitlines() if l.strip().startswith("-"))
            out["deep_dive"].append(dm.Question(p.id, "deep_dive", f"{p.title}: {scen[0] if scen else ''}", scen[1:]))
    for prob in coding_problems(pages):
        out["coding"].append(dm.Question("code-" + re.sub(r"[^a-z0-9]+", "-", prob["title"].lower()), "coding",
                                         f"{prob['title']}: {prob['prompt']}",
                                         ("What is the time and space complexity?", "How would you test it?")))
    return out


def seen_questions(coach, cand_id: int) -> dict[str, date]:
    seen: dict[str, date] = {}
    for m in coach.reader().fetch(queries.MOCKS, cid=cand_id):
        for ph in records.as_json(m["phases"]):
            if ph.get("question_id"):
                seen[ph["question_id"]] = max(seen.get(ph["question_id"], date.min), m["day"])
    return seen


def plan(coach, fmt: str, level: str | None, persona: str) -> dict:
    cand = coach._candidate()
    level = level or cand.target_level
    if level not in ("L6", "L7"):
        raise InputError(f"level must be L6 or L7, got '{level}'")
    if fmt not in dm.ALL_FORMATS:
        raise InputError(f"unknown mock format '{fmt}' (choose from {', '.join(dm.ALL_FORMATS)})")
    if persona not in dm.PERSONAS:
        raise InputError(f"unknown persona '{persona}' (choose from {', '.join(dm.PERSONAS)})")
    weak = tuple(coach.story_coverage()["priority"])
    phases = dm.select(fmt, level, pool(coach, level), weak, seen_questions(coach, cand.id), coach.env.today, persona)
    return {"format": fmt, "level": level, "persona": persona, "phases": phases,
            "dimensions": dm.rubric_dimensions(fmt, level)}


def _phase_json(ph: dm.Phase) -> dict:
    q = ph.question
    return {"round": ph.round, "format": ph.format, "name": ph.name, "minutes": ph.minutes,
            "question_id": q.id if q else None, "question": q.text if q else None,
            "probes": list(q.probes) if q else [], "lp": q.lp if q else None}


def save(coach, planned: dict, session: dm.Session | None, rubric: dm.Rubric | None, status: str) -> int:
    """Store a mock (complete, partial or a partner's), its rubric, a practice-log entry and review cards."""
    cand = coach._candidate()
    if rubric is not None:
        try:
            dm.check_rubric(rubric, planned["dimensions"])
        except ValueError as exc:
            raise InputError(str(exc)) from None
    phases = [_phase_json(p) for p in planned["phases"]]
    actual = session.actual_minutes() if session else [p["minutes"] for p in phases]
    marks = [asdict(m) for m in session.marks] if session else []
    repo = coach.repo()
    with repo.transaction() as conn:
        mid = repo.add_mock(conn, cand.id, format=planned["format"], level=planned["level"],
                            persona=planned["persona"], day=coach.env.today, status=status, phases=phases,
                            actual_minutes=actual, marks=marks, **_rubric_values(rubric))
        minutes = max(1, round(sum(actual)))
        repo.add_log(conn, cand.id, day=coach.env.today, kind="mock", category="mock",
                     title=f"{dm.FORMAT_NAMES[planned['format']]} mock ({status})"[:300], minutes=min(minutes, 720),
                     score=float(rubric.recommendation) if rubric else None)
        _question_cards(coach, cand, phases, conn)        # the mock, its log entry and its cards commit together
    coach.refresh_reader()
    return mid


def _rubric_values(rubric: dm.Rubric | None) -> dict:
    if rubric is None:
        return {}
    return {"rater": rubric.rater, "scores": {d: {"score": s, "evidence": e} for d, (s, e) in rubric.scores.items()},
            "recommendation": rubric.recommendation, "strengths": list(rubric.strengths),
            "improvements": list(rubric.improvements)}


def _question_cards(coach, cand, phases, conn) -> None:
    import zlib
    from systemcraft.domain import review as rv
    repo = coach.repo()
    have = {(r["kind"], r["ref"]) for r in repo.fetch_in(conn, queries.CARD_REFS, cid=cand.id)}
    now = coach.env.now()
    rows = []
    for p in phases:
        if not p["question_id"] or ("question", p["question_id"]) in have:
            continue
        card = rv.new_card(zlib.crc32(f"{cand.id}:question:{p['question_id']}".encode()), now)
        rows.append({"kind": "question", "ref": p["question_id"], "prompt": f"Answer again: {p['question'][:300]}",
                     "answer": "Probes: " + " · ".join(p["probes"][:3]), "fsrs": card.to_dict(), "due": now,
                     "due_day": rv.study_day(now, cand.timezone, cand.day_start_hour)})
        have.add(("question", p["question_id"]))
    if rows:
        repo.add_cards(conn, cand.id, rows)
        from systemcraft.services.reviews import settle_cards
        settle_cards(coach, conn)    # never due after the interview's eve


def history(coach) -> list[dict]:
    cand = coach._candidate()
    out = []
    for m in coach.reader().fetch(queries.MOCKS, cid=cand.id):
        out.append({"id": m["id"], "day": m["day"], "format": m["format"], "level": m["level"], "status": m["status"],
                    "recommendation": m["recommendation"], "actual_minutes": records.as_json(m["actual_minutes"]),
                    "scores": records.as_json(m["scores"]) if m["scores"] else None,
                    "marks": len(records.as_json(m["marks"]) or [])})
    return out


# ---------------------------------------------------------------- kits for a partner

def kit_markdown(coach, planned: dict) -> str:
    cand = coach._candidate()
    name, style = dm.PERSONAS[planned["persona"]]
    total = sum(p.minutes for p in planned["phases"])
    lines = [f"# {dm.FORMAT_NAMES[planned['format']]} mock interview — interviewer packet", "",
             f"Candidate: {cand.name} · target {planned['level']} · {total} minutes", "",
             f"Play the **{name}**: {style}. Keep time; stop each phase when its minutes are up.", "",
             "## Timings", "", "| Round | Phase | Minutes |", "|---|---|---|"]
    lines += [f"| {p.round} | {p.name} | {p.minutes} |" for p in planned["phases"]]
    lines += ["", "## Script", ""]
    for p in planned["phases"]:
        lines.append(f"### Round {p.round} · {p.name} ({p.minutes} min)")
        lines.append("")
        if p.question:
            lines.append(f"Ask: {p.question.text}")
            lines.append("")
            for probe in p.question.probes:
                lines.append(f"- Probe: {probe}")
            lines.append("")
        else:
            lines.append("Open and close the round; leave time for the candidate's questions.")
            lines.append("")
    lines += ["## Rubric", "", "Score each dimension from 1 (well below the bar) to 5 (well above), with the "
              "evidence you heard. Recommendation: 5 strong hire, 4 hire, 3 mixed, 2 no hire, 1 strong no hire.", "",
              "## Feedback form", "", "Fill in the block below and send this file back; the candidate imports it "
              "with `systemcraft mock import-feedback FILE`.", "", "```yaml",
              f"format: {planned['format']}", f"level: {planned['level']}", f"persona: {planned['persona']}",
              "interviewer: \"\"", "scores:"]
    lines += [f"  {d}: 0" for d in planned["dimensions"]]
    lines += ["evidence:"] + [f"  {d}: \"\"" for d in planned["dimensions"]]
    lines += ["recommendation: 0", "strengths: []", "improvements: []", "questions:"]
    lines += [f"  - {p.question.id}" for p in planned["phases"] if p.question]
    lines += ["```", ""]
    return "\n".join(lines)


def kit_html(markdown: str, title: str) -> str:
    from markdown_it import MarkdownIt
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><style>body{{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;"
            "padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem}"
            "pre{background:#f4f4f4;padding:.8rem}@media print{pre{white-space:pre-wrap}}</style></head><body>"
            f"{body}</body></html>\n")


def import_feedback(coach, path: Path) -> dict:
    import yaml
    from systemcraft.exports.files import read_text
    text = read_text(path, "the feedback form", 2 * 1024 * 1024)
    m = re.search(r"^## Feedback form\s*$.*?^```yaml\s*$\n(.*?)^```\s*$", text, re.M | re.S)
    if not m:
        raise InputError(f"{path}: no '## Feedback form' with a ```yaml block")
    offset = text[: m.start(1)].count("\n") + 1
    try:
        form = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"{path}: line {(mark.line if mark else 0) + offset}: the feedback form is not valid YAML") \
            from None

    def line_of(key: str) -> int:
        for i, l in enumerate(m.group(1).splitlines()):
            if re.match(rf"^\s*{re.escape(key)}\s*:", l):
                return i + offset
        return offset

    fmt, level, persona = form.get("format"), form.get("level"), form.get("persona", "collaborator")
    if fmt not in dm.ALL_FORMATS or level not in ("L6", "L7"):
        raise InputError(f"{path}: line {line_of('format')}: format or level is not one SystemCraft knows")
    dims = dm.rubric_dimensions(fmt, level)
    scores, evidence = form.get("scores") or {}, form.get("evidence") or {}
    if not isinstance(scores, dict):
        raise InputError(f"{path}: line {line_of('scores')}: scores must be 'dimension: number' lines")
    for d in dims:
        v = scores.get(d)
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5:
            raise InputError(f"{path}: line {line_of(d)}: scores.{d} must be a whole number from 1 to 5, got {v!r}")
    rec = form.get("recommendation")
    if isinstance(rec, bool) or not isinstance(rec, int) or not 1 <= rec <= 5:
        raise InputError(f"{path}: line {line_of('recommendation')}: recommendation must be from 1 to 5, got {rec!r}")
    as_list = lambda k: tuple(str(x)[:500] for x in (form.get(k) or []) if str(x).strip())
    rubric = dm.Rubric({d: (scores[d], str(evidence.get(d) or "")[:1000]) for d in dims}, rec, as_list("strengths"),
                       as_list("improvements"), rater="partner")
    asked = [str(q) for q in (form.get("questions") or [])]
    phases = tuple(dm.Phase(1, fmt if fmt != "full_loop" else "behavioral", f"Question {i}", 0,
                            dm.Question(q, "imported", q)) for i, q in enumerate(asked, start=1))
    planned = {"format": fmt, "level": level, "persona": persona if persona in dm.PERSONAS else "collaborator",
               "phases": phases, "dimensions": dims}
    mid = save(coach, planned, None, rubric, "partner")
    return {"mock": mid, "recommendation": rec, "mean": rubric.mean}
