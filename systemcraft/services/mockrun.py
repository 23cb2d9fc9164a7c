"""Mock interviews: plan a session from the pack, save it, rate it, and the partner kit round trip."""

from __future__ import annotations

import re
from dataclasses import asdict
from functools import lru_cache
from datetime import date
from pathlib import Path

from systemcraft.domain import mocks as dm
from systemcraft.errors import InputError
from systemcraft.store import queries, records


def pool(ctx, level: str) -> dict[str, list[dm.Question]]:
    from systemcraft.content.loader import coding_problems, load
    pages = load(ctx.env.home / "cache")
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


def seen_questions(ctx, cand_id: int) -> dict[str, date]:
    seen: dict[str, date] = {}
    for m in ctx.reader().fetch(queries.MOCKS, cid=cand_id):
        for ph in records.as_json(m["phases"]):
            if ph.get("question_id"):
                seen[ph["question_id"]] = max(seen.get(ph["question_id"], date.min), m["day"])
    return seen


def plan(ctx, fmt: str, level: str | None, persona: str) -> dict:
    cand = ctx.candidate()
    level = level or cand.target_level
    if level not in ("L6", "L7"):
        raise InputError(f"level must be L6 or L7, got '{level}'")
    if fmt not in dm.ALL_FORMATS:
        raise InputError(f"unknown mock format '{fmt}' (choose from {', '.join(dm.ALL_FORMATS)})")
    if persona not in dm.PERSONAS:
        raise InputError(f"unknown persona '{persona}' (choose from {', '.join(dm.PERSONAS)})")
    from systemcraft.services import storybank
    weak = tuple(storybank.coverage(ctx)["priority"])
    phases = dm.select(fmt, level, pool(ctx, level), weak, seen_questions(ctx, cand.id), ctx.env.today, persona)
    return {"format": fmt, "level": level, "persona": persona, "phases": phases,
            "dimensions": dm.rubric_dimensions(fmt, level)}


def _phase_json(ph: dm.Phase) -> dict:
    q = ph.question
    return {"round": ph.round, "format": ph.format, "name": ph.name, "minutes": ph.minutes,
            "question_id": q.id if q else None, "question": q.text if q else None,
            "probes": list(q.probes) if q else [], "lp": q.lp if q else None}


def save(ctx, planned: dict, session: dm.Session | None, rubric: dm.Rubric | None, status: str,
         run: str | None = None) -> int:
    """Store a mock (complete, partial or a partner's), its rubric, a practice-log entry and review cards.
    `run` names the timed run it comes from: a run already stored (its stop sent twice, or sent to another
    server process) gives back that mock's id and writes nothing."""
    cand = ctx.candidate()
    if rubric is not None:
        try:
            dm.check_rubric(rubric, planned["dimensions"])
        except ValueError as exc:
            raise InputError(str(exc)) from None
    phases = [_phase_json(p) for p in planned["phases"]]
    actual = session.actual_minutes() if session else [p["minutes"] for p in phases]
    marks = [asdict(m) for m in session.marks] if session else []
    repo = ctx.repo()
    with repo.transaction() as conn:
        if run is not None:
            repo.lock_candidate(conn, cand.id)          # the same run stopped twice at once: one mock
            stored = repo.mock_by_run(conn, cand.id, run)
            if stored is not None:
                return stored
        mid = repo.add_mock(conn, cand.id, format=planned["format"], level=planned["level"],
                            persona=planned["persona"], day=ctx.env.today, status=status, phases=phases,
                            actual_minutes=actual, marks=marks, run=run, **_rubric_values(rubric))
        repo.add_log(conn, cand.id, day=ctx.env.today, kind="mock", category="mock",
                     title=log_title(planned["format"], status, scored=rubric is not None), minutes=log_minutes(actual),
                     score=float(rubric.recommendation) if rubric else None)
        _question_cards(ctx, cand, phases, conn)        # the mock, its log entry and its cards commit together
    ctx.changed()
    return mid


def stored_run(ctx, run: str) -> int | None:
    """The id of the mock stored from this timed run, if there is one."""
    cand = ctx.candidate()
    rows = ctx.reader().fetch(queries.MOCK_BY_RUN, cid=cand.id, run=run)
    return rows[0]["id"] if rows else None


def log_minutes(actual: list[float]) -> int:
    """The practice-log minutes of a mock: its timed minutes, at least 1 and at most 720."""
    return min(max(1, round(sum(actual))), 720)


def log_title(fmt: str, status: str, scored: bool) -> str:
    """The practice-log title of a mock: "Behavioral mock (partial)", or "(partial, not scored)" until it is."""
    return f"{dm.FORMAT_NAMES.get(fmt, fmt)} mock ({status}{'' if scored else ', not scored'})"[:300]


# ---------------------------------------------------------------- a stored mock scored later (issue 16 §2)

def _stored(ctx, cand_id: int, mock_id: int) -> dict:
    rows = ctx.reader().fetch(queries.MOCK, cid=cand_id, id=mock_id)
    if not rows:
        raise InputError(f"no mock #{mock_id}")
    return rows[0]


def _summary(m: dict) -> dict:
    return {"id": m["id"], "day": m["day"], "format": m["format"], "level": m["level"], "status": m["status"],
            "recommendation": m["recommendation"], "actual_minutes": records.as_json(m["actual_minutes"]),
            "scores": records.as_json(m["scores"]) if m["scores"] else None,
            "strengths": list(records.as_json(m["strengths"]) or []),
            "improvements": list(records.as_json(m["improvements"]) or []),
            "marks": len(records.as_json(m["marks"]) or [])}


def get(ctx, mock_id: int) -> dict:
    """One of the candidate's mocks (as in history()) with the rubric dimensions of its format and level."""
    cand = ctx.candidate()
    m = _stored(ctx, cand.id, mock_id)
    return {**_summary(m), "persona": m["persona"], "dimensions": dm.rubric_dimensions(m["format"], m["level"])}


def _same_rubric(m: dict, values: dict) -> bool:
    stored = {"rater": m["rater"], "scores": records.as_json(m["scores"]), "recommendation": m["recommendation"],
              "strengths": list(records.as_json(m["strengths"]) or []),
              "improvements": list(records.as_json(m["improvements"]) or [])}
    return stored == values


def score(ctx, mock_id: int, rubric: dm.Rubric) -> dict:
    """Attach a rubric to a mock stored without one (stopped early, or "score later"), and give its
    practice-log entry the recommendation as its score and the title a scored mock has, in one transaction.

    A mock is scored once: the same rubric sent again (a double submit) changes nothing and says so
    (`changed` False); a different rubric for a scored mock is refused, and nothing changes."""
    cand = ctx.candidate()
    m = _stored(ctx, cand.id, mock_id)
    try:
        dm.check_rubric(rubric, dm.rubric_dimensions(m["format"], m["level"]))
    except ValueError as exc:
        raise InputError(str(exc)) from None
    values = _rubric_values(rubric)
    done = {"mock": mock_id, "recommendation": rubric.recommendation, "mean": rubric.mean, "changed": False}

    def already(row: dict) -> dict:
        if _same_rubric(row, values):
            return done
        raise InputError(f"mock #{mock_id} is already scored (recommendation {row['recommendation']}); a mock is "
                         "scored once, so nothing was changed: run a new mock to score another attempt")

    if m["recommendation"] is not None:
        return already(m)
    repo = ctx.repo()
    with repo.transaction() as conn:
        if not repo.score_mock(conn, cand.id, mock_id, **values):
            raced = repo.fetch_in(conn, queries.MOCK, cid=cand.id, id=mock_id)
            if not raced:
                raise InputError(f"no mock #{mock_id}")
            return already(raced[0])        # another request scored it a moment ago
        scored = log_title(m["format"], m["status"], scored=True)
        entry = repo.mock_log_entry(conn, cand.id, day=m["day"], created_at=m["created_at"],
                                    titles=(scored, log_title(m["format"], m["status"], scored=False)),
                                    minutes=log_minutes(records.as_json(m["actual_minutes"]) or []))
        if entry is not None:           # (gone if the candidate deleted it: the mock is scored all the same)
            repo.update_log(conn, cand.id, entry, score=float(rubric.recommendation), title=scored)
    ctx.changed()
    return {**done, "changed": True, "log_entry": entry}


def _rubric_values(rubric: dm.Rubric | None) -> dict:
    if rubric is None:
        return {}
    return {"rater": rubric.rater, "scores": {d: {"score": s, "evidence": e} for d, (s, e) in rubric.scores.items()},
            "recommendation": rubric.recommendation, "strengths": list(rubric.strengths),
            "improvements": list(rubric.improvements)}


def _question_cards(ctx, cand, phases, conn) -> None:
    import zlib
    from systemcraft.domain import review as rv
    repo = ctx.repo()
    have = {(r["kind"], r["ref"]) for r in repo.fetch_in(conn, queries.CARD_REFS, cid=cand.id)}
    now = ctx.env.now()
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
        settle_cards(ctx, conn)    # never due after the interview's eve


def history(ctx) -> list[dict]:
    cand = ctx.candidate()
    return [_summary(m) for m in ctx.reader().fetch(queries.MOCKS, cid=cand.id)]


# ---------------------------------------------------------------- kits for a partner

def kit_markdown(ctx, planned: dict) -> str:
    cand = ctx.candidate()
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
              "on the Mock page of the coach (or with the terminal's `mock import-feedback`).", "", "```yaml",
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


FEEDBACK_MAX_BYTES = 512 * 1024     # a kit is ~5 KB; the form is read by the Markdown parser, linear but not free
FEEDBACK_MAX_ITEMS = 50          # strengths, improvements, questions
FEEDBACK_ITEM_CHARS = 500        # one strength or improvement (longer ones are cut, as before)
FEEDBACK_EVIDENCE_CHARS = 1000   # the evidence for one dimension (longer is cut)
FEEDBACK_TOP_KEYS = ("format", "level", "persona", "interviewer", "scores", "evidence", "recommendation",
                     "strengths", "improvements", "questions")


def _feedback_block(text: str, source: str) -> tuple[str, int]:
    """The ```yaml block under '## Feedback form' (found by the one Markdown parser, so a heading inside
    another code block does not count) and the file line its first YAML line is on."""
    from systemcraft.content import frontmatter
    tokens = frontmatter.markdown().parse(text)
    inside = False
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and t.level == 0:
            if inside and t.tag in ("h1", "h2"):
                break
            if t.tag == "h2" and tokens[i + 1].content.strip().lower() == "feedback form":
                inside = True
        elif inside and t.type == "fence" and t.info.strip().lower() in ("yaml", "yml") and t.map:
            return t.content, t.map[0] + 2
    raise InputError(f"{source}: no '## Feedback form' with a ```yaml block")


@lru_cache(maxsize=None)
def _form_model(fmt: str, level: str):
    """The feedback form's one schema for this format and level, built from the domain's rubric
    (dm.rubric_dimensions, dm.PERSONAS): no unknown keys, scores whole numbers 1–5 (not "4", not true)."""
    from typing import Annotated, Literal, Optional, Union

    from pydantic import AfterValidator, ConfigDict, Field, create_model
    strict = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)
    dims = dm.rubric_dimensions(fmt, level)
    score = Annotated[int, Field(ge=1, le=5)]
    cut = lambda n: AfterValidator(lambda v: str(v)[:n].strip())      # noqa: E731 - text as the partner wrote it
    item = Annotated[Union[str, int, float], cut(FEEDBACK_ITEM_CHARS)]
    note = Annotated[Union[str, int, float], cut(FEEDBACK_EVIDENCE_CHARS)]
    qid = Annotated[Union[str, int], cut(100)]
    scores = create_model("Scores", __config__=strict,
                          **{f"d{i}": (score, Field(alias=d)) for i, d in enumerate(dims)})
    evidence = create_model("Evidence", __config__=strict,
                            **{f"d{i}": (Optional[note], Field(None, alias=d)) for i, d in enumerate(dims)})
    items = Optional[Annotated[list[item], Field(max_length=FEEDBACK_MAX_ITEMS)]]
    return create_model(
        "FeedbackForm", __config__=strict,
        format=(Literal[fmt], ...), level=(Literal[level], ...),
        persona=(Literal[tuple(dm.PERSONAS)], "collaborator"),
        interviewer=(Optional[Annotated[str, Field(max_length=200)]], None),
        scores=(scores, ...), evidence=(Optional[evidence], None), recommendation=(score, ...),
        strengths=(items, None), improvements=(items, None),
        questions=(Optional[Annotated[list[qid], Field(max_length=FEEDBACK_MAX_ITEMS)]], None)), dims


def _shown(v) -> str:
    text = repr(v) if isinstance(v, (str, int, float, bool, type(None))) else f"a {type(v).__name__}"
    return text if len(text) <= 40 else text[:37] + "..."


def read_feedback(text: str, source: str) -> dict:
    """A filled-in kit → the partner's feedback, checked against the form's schema; every problem is
    one InputError line naming the file's line. Nothing is saved here (see import_feedback)."""
    from pydantic import ValidationError

    from systemcraft import yamlsafe
    from systemcraft.content import frontmatter
    text = frontmatter.normalise(text)
    block, first = _feedback_block(text, source)
    try:
        form = yamlsafe.load(block, first_line=first)
    except yamlsafe.YamlError as exc:
        raise InputError(f"{source}: line {exc.line or first}: the feedback form is not valid YAML "
                         f"({exc.problem})") from None
    if not isinstance(form, dict):
        raise InputError(f"{source}: line {first}: the feedback form must be 'key: value' lines, not "
                         f"{'empty' if form is None else _shown(form)}")
    rows = block.split("\n")

    def line_of(*loc) -> int:
        """The line of a key path such as ("scores", "STAR structure"), or of its deepest found parent."""
        at, indent = 0, -1
        for key in loc:
            if not isinstance(key, str):
                break
            found = None
            for i in range(at + (indent >= 0), len(rows)):
                row = rows[i]
                depth = len(row) - len(row.lstrip())
                if indent >= 0 and row.strip() and depth <= indent:
                    break                         # past the parent's block
                if re.match(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*:", row):
                    found = i, depth
                    break
            if found is None:
                break
            at, indent = found
        return at + first

    fmt, level = form.get("format"), form.get("level")
    if not isinstance(fmt, str) or fmt not in dm.ALL_FORMATS or level not in ("L6", "L7"):
        raise InputError(f"{source}: line {line_of('format')}: format or level is not one SystemCraft knows "
                         f"(format: {', '.join(dm.ALL_FORMATS)}; level: L6 or L7)")
    model, dims = _form_model(fmt, level)
    try:
        checked = model.model_validate(form)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(x for x in err["loc"] if x not in ("str", "int", "float"))     # drop the union's member names
        where = ".".join(str(x) for x in loc[:1]) + "".join(f"[{x + 1}]" if isinstance(x, int) else f".{x}"
                                                            for x in loc[1:])
        got = err.get("input")
        if err["type"] == "extra_forbidden" and len(loc) == 1:
            msg = f"unknown field '{loc[0]}' (fields: {', '.join(FEEDBACK_TOP_KEYS)})"
        elif err["type"] == "extra_forbidden":
            msg = (f"{loc[0]}: '{loc[-1]}' is not a dimension of a {dm.FORMAT_NAMES[fmt]} mock at {level} "
                   f"({', '.join(dims)})")
        elif loc == ("scores",):
            msg = "scores must be 'dimension: number' lines"
        elif loc[0] == "scores" and err["type"] == "missing":
            msg = f"scores.{loc[1]} is missing: give a whole number from 1 to 5"
        elif loc[0] == "scores":
            msg = f"scores.{loc[1]} must be a whole number from 1 to 5, got {_shown(got)}"
        elif loc == ("recommendation",):
            msg = f"recommendation must be from 1 to 5, got {_shown(got) if err['type'] != 'missing' else 'nothing'}"
        elif loc[0] in ("evidence", "strengths", "improvements", "questions") and len(loc) > 1 \
                and err["type"].endswith("_type"):
            msg = f"{where}: must be text, got {_shown(got)}"
        elif loc == ("persona",):
            msg = f"persona must be one of {', '.join(dm.PERSONAS)}, got {_shown(got)}"
        else:
            msg = f"{where}: {err['msg'][:120]}" + (f", got {_shown(got)}" if err["type"] != "missing" else "")
        raise InputError(f"{source}: line {line_of(*loc)}: {msg}") from None
    by_alias = lambda m: {d: getattr(m, f"d{i}") for i, d in enumerate(dims)} if m is not None else {}  # noqa: E731
    scores, evidence = by_alias(checked.scores), by_alias(checked.evidence)
    keep = lambda xs: tuple(x for x in (xs or []) if x)                                              # noqa: E731
    rubric = dm.Rubric({d: (scores[d], evidence.get(d) or "") for d in dims}, checked.recommendation,
                       keep(checked.strengths), keep(checked.improvements), rater="partner")
    return {"format": fmt, "level": level, "persona": checked.persona, "rubric": rubric, "dimensions": dims,
            "questions": keep(checked.questions)}


def import_feedback(ctx, path: Path, data: bytes | None = None) -> dict:
    """A partner's filled-in kit, saved as a partner mock: read from the file at `path`, or, given `data` (an
    upload), from those bytes, `path` being the name its messages use. Every problem names its line."""
    from systemcraft.exports.files import decode_text, read_text
    if data is None:
        text = read_text(path, "the feedback form", FEEDBACK_MAX_BYTES)
    elif len(data) > FEEDBACK_MAX_BYTES:
        raise InputError(f"the feedback form {path} is too large ({len(data):,} bytes, at most {FEEDBACK_MAX_BYTES:,}); "
                         "a filled-in kit is a few kilobytes")
    else:
        text = decode_text(data, f"the feedback form {path}")
    got = read_feedback(text, str(path))
    fmt, rubric = got["format"], got["rubric"]
    phases = tuple(dm.Phase(1, fmt if fmt != "full_loop" else "behavioral", f"Question {i}", 0,
                            dm.Question(q, "imported", q)) for i, q in enumerate(got["questions"], start=1))
    planned = {"format": fmt, "level": got["level"], "persona": got["persona"], "phases": phases,
               "dimensions": got["dimensions"]}
    mid = save(ctx, planned, None, rubric, "partner")
    return {"mock": mid, "recommendation": rubric.recommendation, "mean": rubric.mean}
