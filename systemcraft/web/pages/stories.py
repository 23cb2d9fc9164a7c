"""Stories: the bank, the editor with live STAR analysis and timing, and the coverage heatmap."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse

from systemcraft.domain import stories as S
from systemcraft.domain.principles import PRINCIPLES
from systemcraft.domain.stories import Story
from systemcraft.services.story_csv import MAX_BYTES as S_CSV_MAX
from systemcraft.errors import ConflictError, InputError, NotFoundError
from systemcraft.web.context import coach, page
from systemcraft.web.forms import Form, by_field, place_document_errors, place_error, upload_name, about_file
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
# The editor's text areas and their limits: the story document's (domain/stories.py), as everywhere else.
TEXT_FIELDS = tuple((name, label, S.TEXT_LIMITS[name]) for name, label in (
    ("situation", "Situation"), ("task", "Task"), ("action", "Action"), ("result", "Result"),
    ("metrics", "Metrics"), ("obstacles", "Obstacles"), ("lessons", "Lessons"),
    ("short_version", "30-second version"), ("two_minute_version", "2-minute version")))
FIELD_WORDS = {"title": ("title",), "primary_lp": ("primary",), "situation": ("situation",), "task": ("task",),
               "action": ("action",), "result": ("result",), "team_size": ("team",), "happened": ("happened",),
               "status": ("status",), "period": ("period",), "metrics": ("metrics",), "obstacles": ("obstacles",),
               "lessons": ("lessons",), "short_version": ("short_version",),
               "two_minute_version": ("two_minute_version",)}
LP_IDS = [p.id for p in PRINCIPLES]
STAR_PARTS = ("situation", "task", "action", "result")
MAX_VERSION = 2_147_483_647
StoryId = Path(..., ge=1, le=2_147_483_647)


def story_from_form(f: Form) -> Story:
    """The editor's fields as a Story, checked against the story document (schemas/story.py) field by field;
    drafts may be incomplete (the domain's rules apply on save)."""
    from pydantic import ValidationError
    from systemcraft.schemas.story import StoryDocument, document_values
    def typed(name: str, value: str | None) -> str:
        """A refused field (too long, control characters) comes back as typed, never emptied."""
        return value if value is not None else f.raw(name)
    texts = {name: typed(name, f.text(name, label, limit, required=False)) for name, label, limit in TEXT_FIELDS}
    secondary = tuple(v for v in f.data.getlist("secondary_lps") if v in LP_IDS)
    story = Story(title=typed("title", f.text("title", "the title", S.MAX_TITLE, required=False)),
                  primary_lp=_primary(f), secondary_lps=secondary,
                  level=f.choice("level", "a level", S.LEVELS, "L6") or "L6",
                  status=f.choice("status", "a status", S.STATUSES, "draft") or "draft",
                  team_size=f.integer("team_size", "team size", 1, S.MAX_TEAM, required=False),
                  period=typed("period", f.text("period", "the period", S.MAX_PERIOD, False)) or None,
                  happened=f.day("happened", "when it happened", required=False), failure=f.flag("failure"),
                  **texts)
    try:          # every field at once: the document's checks too, each kept only where the form found nothing
        StoryDocument.model_validate(document_values(story))
    except ValidationError as exc:
        place_document_errors(f, exc, {name: name for name in FIELD_WORDS} | {"secondary_lps": "form"})
    return story


def _primary(f: Form) -> str:
    raw = f.raw("primary_lp")
    if raw and raw not in LP_IDS:
        f.errors.setdefault("primary_lp", "choose a primary principle from the list")
    return raw if raw in LP_IDS else ""


def saving_rules(f: Form, story: Story) -> None:
    """What saving needs beyond a draft (the domain's rules), checked field by field so that one reply names
    every empty part; the domain checks it all again on save."""
    if not story.title.strip():
        f.errors.setdefault("title", "give the story a title")
    if not story.primary_lp:
        f.errors.setdefault("primary_lp", "choose a primary principle: the one this story shows best")
    for name, label, _ in TEXT_FIELDS:
        if name in STAR_PARTS and not (getattr(story, name) or "").strip():
            f.errors.setdefault(name, f"write the {label.lower()} part: a story needs all four STAR parts")


SHOWN_BY_FIELD = {"title", "primary_lp", "level", "status", "team_size", "period", "happened",
                  *(n for n, _, _ in TEXT_FIELDS)}


def _editor(request, c, story: Story, errors: dict, story_id: int | None, status: int = 200,
            version: int | None = None, typed: dict | None = None, conflict: dict | None = None,
            form_token: str | None = None):
    """The editor. A new story's form carries a one-time token (kept through a refused save), so that the
    form sent again, even after Back once the story was edited, finds the story it made."""
    analysis = c.analyse_draft(story) if story.primary_lp else None
    if story_id is None and form_token is None:
        import secrets
        form_token = secrets.token_urlsafe(12)
    for name in [n for n in errors if n not in SHOWN_BY_FIELD and n != "form"]:   # e.g. followups: shown on top
        errors.setdefault("form", errors.pop(name))
    return page(request, "story_edit.html", {"story": story, "errors": errors, "story_id": story_id,
                                             "principles": PRINCIPLES, "fields": TEXT_FIELDS,
                                             "statuses": S.STATUSES, "levels": S.LEVELS, "star_parts": STAR_PARTS,
                                             "version": version, "typed": typed, "conflict": conflict,
                                             "analysis": analysis, "form_token": form_token},
                status=status, active="stories")


@router.get("/stories")
async def stories(request: Request, c=Depends(coach)):
    """The bank and its coverage; with ?question=, the stories that fit it best (a GET: nothing is written)."""
    q = request.query_params
    errors, match = {}, None
    if "question" in q:
        try:
            match = c.match_stories(q["question"], MATCHES_SHOWN)
        except InputError as exc:
            errors["question"] = exc.message
    return _bank(request, c, errors=errors, match=match, values={"question": q.get("question", "")},
                 imported=_imported(request), status=422 if errors else 200)


# ---------------------------------------------------------------- import and match (issue 16 §4: no terminal)

MATCHES_SHOWN = 5
IMPORTS_KEPT = 50          # import reports this server process keeps for the page the import redirects to


def _bank(request, c, errors=None, values=None, match=None, imported=None, problems=None, status=200):
    from systemcraft.domain.principles import BY_ID
    return page(request, "stories.html", {"stories": c.stories(), "coverage": c.story_coverage(), "lps": BY_ID,
                                          "errors": errors or {}, "values": values or {}, "match": match,
                                          "imported": imported, "problems": problems,
                                          "import_limit": _size(S_CSV_MAX)}, status=status, active="stories")


def _size(n: int) -> str:
    from systemcraft.web.security import size
    return size(n)


def _reports(request: Request):
    from collections import OrderedDict
    kept = getattr(request.app.state, "story_imports", None)
    if kept is None:
        kept = request.app.state.story_imports = OrderedDict()
    return kept


def _imported(request: Request) -> dict | None:
    """The report of the import this page was redirected from (?imported=N&report=TOKEN)."""
    q = request.query_params
    if not q.get("imported", "").isdigit():
        return None
    report = _reports(request).get(q.get("report", ""))
    return report or {"imported": int(q["imported"]), "mapped": {}, "unmapped": []}


def refused_upload(request: Request, c, message: str):
    """An import over the size limit, refused before it was read (app.py): the page, the message by the file field."""
    return _bank(request, c, errors={"files": message}, status=413)


@router.post("/stories/import")
async def import_stories(request: Request, c=Depends(coach)):
    """A .csv spreadsheet or .md story files: all imported, or none (every problem named by its file and line)."""
    import secrets
    from systemcraft.services.story_csv import RowProblems
    form = await request.form()
    uploads = [u for u in form.getlist("files") if not isinstance(u, str) and u.filename]
    if not uploads:
        return _bank(request, c, errors={"files": "choose a .csv spreadsheet or one or more .md story files"},
                     status=422)
    files = [(upload_name(u.filename), await u.read()) for u in uploads]
    try:
        report = c.import_story_files(files)
    except RowProblems as exc:
        count = len(exc.problems) + exc.more
        message = (f"nothing was imported: {count} problem{'s were' if count != 1 else ' was'} found; fix "
                   f"{'them' if count != 1 else 'it'} and import the file{'s' if len(files) != 1 else ''} again")
        return _bank(request, c, errors={"files": message}, status=422,
                     problems={"list": exc.problems, "more": exc.more, "mapped": exc.mapped, "unmapped": exc.unmapped})
    except InputError as exc:
        message = about_file(exc.message, files[0][0]) if len(files) == 1 else exc.message
        return _bank(request, c, errors={"files": message}, status=422)
    token = secrets.token_urlsafe(9)
    kept = _reports(request)
    kept[token] = {k: report[k] for k in ("imported", "mapped", "unmapped")}
    while len(kept) > IMPORTS_KEPT:
        kept.popitem(last=False)
    return RedirectResponse(f"/stories?imported={report['imported']}&report={token}#import", status_code=303)


@router.get("/stories/new")
async def new_story(request: Request, c=Depends(coach)):
    blank = Story(title="", situation="", task="", action="", result="", primary_lp="")
    return _editor(request, c, blank, {}, None)


@router.get("/stories/{story_id}")
async def show(request: Request, story_id: int = StoryId, c=Depends(coach)):
    from systemcraft.domain.principles import BY_ID
    story = c.story(story_id)
    report = c.check_stories(story_id)[0]
    return page(request, "story.html", {"story": story, "report": report, "lps": BY_ID, "fields": TEXT_FIELDS},
                active="stories")


@router.get("/stories/{story_id}/edit")
async def edit(request: Request, story_id: int = StoryId, c=Depends(coach)):
    story, version = c.story_for_edit(story_id)
    return _editor(request, c, story, {}, story_id, version=version)


CONFLICT = ("this story was changed in another tab or window after you opened it, so nothing was saved: "
            "your text is kept below; compare it with the saved version, then save yours anyway or open the saved one")


async def _save(request: Request, c, story_id: int | None):
    f = Form(await request.form())
    story = story_from_form(f)
    saving_rules(f, story)
    # The version the form was opened at (two tabs: the later save must not silently replace the earlier);
    # "Save mine anyway" sends the version the user was shown in the conflict notice instead.
    version = f.integer("version", "the story's version", 1, MAX_VERSION, required=False) if story_id else None
    overwrite = f.integer("overwrite", "the version to replace", 1, MAX_VERSION, required=False) if story_id else None
    expected = overwrite if overwrite is not None else version
    token = _form_token(f) if story_id is None else None
    if not f.errors:
        try:
            if story_id is None:
                story_id = c.add_story(story, token)
            else:
                c.update_story(story_id, story, expected_version=expected)
            return RedirectResponse(f"/stories/{story_id}", status_code=303)
        except ConflictError:
            saved, current = c.story_for_edit(story_id)
            differs = [(name, label, getattr(saved, name)) for name, label in
                       (("title", "Title"), *((n, label) for n, label, _ in TEXT_FIELDS), ("period", "When"))
                       if (getattr(saved, name) or "").strip() != (getattr(story, name) or "").strip()]
            differs += [(name, label, value) for name, label, value, mine in (
                ("primary_lp", "Primary principle", saved.primary_lp, story.primary_lp),
                ("level", "Level", saved.level, story.level), ("status", "Status", saved.status, story.status),
                ("team_size", "Team size", saved.team_size, story.team_size),
                ("happened", "Ended on", saved.happened, story.happened)) if value != mine]
            return _editor(request, c, story, {"form": CONFLICT}, story_id, status=409, version=version,
                           typed=f.typed(), conflict={"version": current, "differs": differs})
        except InputError as exc:
            field = place_error(exc, FIELD_WORDS)
            f.errors[field or "form"] = by_field(exc.message, field)
    return _editor(request, c, story, f.errors, story_id, status=422, version=version, typed=f.typed(),
                   form_token=token)


def _form_token(f: Form) -> str | None:
    """The new-story form's one-time token as sent; one this coach cannot have made is treated as absent
    (the form then saves as before, deduplicated by its content only)."""
    from systemcraft.services.storybank import FORM_TOKEN
    raw = f.raw("form_token") or ""
    return raw if FORM_TOKEN.fullmatch(raw) else None


@router.post("/stories")
async def create(request: Request, c=Depends(coach)):
    return await _save(request, c, None)


DELETED = ("this story was deleted in another tab or window after you opened it, so nothing was saved: your text "
           "is kept below; save it to keep it as a new story")


@router.post("/stories/{story_id}")
async def save(request: Request, story_id: int = StoryId, c=Depends(coach)):
    try:
        c.story(story_id)
    except NotFoundError:
        f = Form(await request.form())
        if not f.raw("version"):          # not from the editor: an unknown story is a 404
            raise
        story = story_from_form(f)        # the editor's text, kept: the form now adds it as a new story
        return _editor(request, c, story, {"form": DELETED}, None, status=409, typed=f.typed())
    return await _save(request, c, story_id)


@router.post("/stories/{story_id}/delete")
async def delete(story_id: int = StoryId, c=Depends(coach)):
    c.delete_story(story_id)
    return RedirectResponse("/stories?deleted=1", status_code=303)


@router.post("/stories-analyse")
async def analyse(request: Request, c=Depends(coach)):
    """htmx: the live analysis panel for whatever is in the editor now."""
    f = Form(await request.form())
    story = story_from_form(f)
    analysis = c.analyse_draft(story) if story.primary_lp else None
    return page(request, "partials/analysis.html", {"analysis": analysis, "field_errors": f.errors})
