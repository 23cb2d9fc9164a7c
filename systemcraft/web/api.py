"""The JSON API: the same use cases as the pages, documented by the OpenAPI schema at /api/openapi.json.

Every unsafe request needs the `X-CSRF-Token` header with the token from `GET /api/csrf`.
Errors are `{"error": "one line"}` with the status declared on each route.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from systemcraft.schemas.base import Day, Document
from systemcraft.schemas.profile import DayMinutes, Hours, WeekdayName
from systemcraft.schemas.story import StoryDocument
from systemcraft.views import to_json
from systemcraft.web.context import coach, heavy, set_csrf_cookie
from systemcraft.web.security import csrf_token, verify_csrf


class Error(BaseModel):
    error: str


def _errors(*codes: int) -> dict:
    text = {400: "Bad input", 403: "Missing or wrong CSRF token, or a cross-site request", 404: "Not found",
            413: "Body too large", 422: "Malformed request", 503: "The database cannot be used"}
    return {c: {"model": Error, "description": text[c]} for c in codes}


READ = _errors(400, 404, 422, 503)
WRITE = _errors(400, 403, 404, 413, 422, 503)
router = APIRouter(prefix="/api", dependencies=[Depends(verify_csrf)], tags=["api"])
Ref = Path(..., pattern=r"^(\d{4}-\d{2}-\d{2}\.)?\d{1,3}$", description="Task number today, or DATE.N")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DoneBody(Strict):
    minutes: int | None = Field(None, ge=1, le=720)
    note: str | None = Field(None, max_length=2000)


class SkipBody(Strict):
    reason: str = Field(..., min_length=1, max_length=500)


class UndoBody(Strict):
    ref: str | None = Field(None, max_length=40, description="A task (DATE.N or its number today); default: the "
                                                              "last one marked done or skipped")


class RegenerateBody(Document):
    """Plan settings to change, with the limits of the profile document (systemcraft/schemas/profile.py)."""
    hours_per_week: Hours | None = None
    interview: Day | None = None
    weekdays: list[WeekdayName] | None = Field(None, min_length=1, max_length=7)
    max_day_minutes: DayMinutes | None = None
    add_blackouts: list[Day] = Field(default_factory=list, max_length=366)
    remove_blackouts: list[Day] = Field(default_factory=list, max_length=366)
    dry_run: bool = True


class AdaptBody(Strict):
    dry_run: bool = True
    accept_extra_hours: bool = False     # let a catch-up go above the declared hours + 10 %


class CheckinBody(Strict):
    hours: float = Field(..., ge=0, le=16)
    topic: str | None = Field(None, max_length=300)
    confidence: int = Field(..., ge=1, le=5)
    energy: int = Field(..., ge=1, le=5)
    insight: str | None = Field(None, max_length=2000)


class RatingsBody(Strict):
    scores: dict[str, int] = Field(..., min_length=1, max_length=14)
    week: int | None = Field(None, ge=1, le=200)


class OutcomeBody(Strict):
    outcome: Literal["offer", "no_offer", "waiting", "postponed", "withdrew"]
    note: str | None = Field(None, description="Up to 2000 characters; line breaks are kept, a longer note is "
                                               "refused (400), never cut")


class StoryBody(StoryDocument):
    """A story: the same document, limits and statuses as the web editor, Markdown, CSV and import
    (systemcraft/schemas/story.py); saving applies the domain's rules too (400 naming the field)."""


class AnswerBody(Strict):
    rating: Literal["again", "hard", "good", "easy"]
    duration_ms: int | None = Field(None, ge=0, le=3_600_000)


class MockPlanBody(Strict):
    format: Literal["behavioral", "system_design", "coding", "bar_raiser", "technical", "full_loop"]
    level: Literal["L6", "L7"] | None = None
    persona: Literal["detail_expert", "strategist", "skeptic", "collaborator", "rapid_fire"] = "collaborator"


class DeliveryBody(Strict):
    name: str = Field(..., min_length=1, max_length=200, description="The file's name (its extension is checked)")
    content: str = Field(..., min_length=1, max_length=20 * 1024 * 1024,
                         description="The transcript's text: WebVTT, SRT, JSON segments or plain text")
    format: Literal["vtt", "srt", "json", "text"] | None = None
    duration_seconds: float | None = Field(None, ge=1, le=6 * 3600, description="Plain text only: its length")
    speaker: str | None = Field(None, min_length=1, max_length=100)
    story_id: int | None = Field(None, ge=1, le=2_147_483_647)
    mock_id: int | None = Field(None, ge=1, le=2_147_483_647, description="The mock it is from: its STAR marks time the parts")
    mock_offset_seconds: float = Field(0, ge=0, le=6 * 3600, description="How far into the mock the recording began")
    level: Literal["L6", "L7"] | None = None
    version: Literal["30s", "2min", "full"] | None = None


def ok(value: Any) -> JSONResponse:
    return JSONResponse(to_json(value))


@router.get("/csrf", summary="A CSRF token for unsafe requests (also set as a cookie)")
async def csrf(request: Request) -> dict[str, str]:
    token = csrf_token(request)
    response = JSONResponse({"token": token})
    set_csrf_cookie(request, response)
    return response


@router.get("/today", responses=READ, summary="Today's tasks")
async def today(on: date | None = Query(None, description="Another day (YYYY-MM-DD)"), c=Depends(coach)) -> dict:
    return ok(c.today(on))


@router.get("/status", responses=READ, summary="Where you stand this week and overall")
async def status(c=Depends(coach)) -> dict:
    return ok(c.status())


@router.post("/tasks/{ref}/done", responses=WRITE, summary="Mark a task done")
async def done(body: DoneBody, ref: str = Ref, c=Depends(coach)) -> dict:
    return ok(c.complete(ref, body.minutes, body.note))


@router.post("/tasks/{ref}/skip", responses=WRITE, summary="Skip a task, with a reason")
async def skip(body: SkipBody, ref: str = Ref, c=Depends(coach)) -> dict:
    return ok(c.skip(ref, body.reason))


@router.post("/tasks/undo", responses=WRITE, summary="Take back today's last Done or Skip (or one task's)")
async def undo(body: UndoBody, c=Depends(coach)) -> dict:
    return ok(c.undo(body.ref))


@router.get("/plan", responses=READ, summary="The plan, or one week of it day by day")
async def plan(week: int | None = Query(None, ge=1, le=200), c=Depends(coach)) -> dict:
    return ok(c.plan_view(week))


@router.post("/plan/regenerate", responses=WRITE, summary="Re-plan from today with changes (dry run by default)")
async def regenerate(body: RegenerateBody, c=Depends(coach)) -> dict:
    from systemcraft.coach import PlanChanges
    from systemcraft.domain.schedule import WEEKDAY_NAMES
    days = frozenset(WEEKDAY_NAMES.index(d) for d in body.weekdays) if body.weekdays else None
    changes = PlanChanges(hours_per_week=body.hours_per_week, interview=body.interview, weekdays=days,
                          max_day_minutes=body.max_day_minutes, add_blackouts=frozenset(body.add_blackouts),
                          remove_blackouts=frozenset(body.remove_blackouts))
    return ok(c.regenerate(changes, reason="api: regenerate", dry_run=body.dry_run))


@router.get("/week", responses=READ, summary="The weekly scorecard (/400)")
async def week(n: int | None = Query(None, ge=1, le=200), c=Depends(coach)) -> dict:
    return ok(c.weekly_scorecard(n))


@router.post("/week/adapt", responses=WRITE, summary="Re-plan from the last finished week's evidence")
async def adapt(body: AdaptBody, c=Depends(coach)) -> dict:
    return ok(c.adapt(dry_run=body.dry_run, accept_extra_hours=body.accept_extra_hours))


@router.post("/week/ratings", responses=WRITE, summary="Rate the week, 1–5 per dimension")
async def ratings(body: RatingsBody, c=Depends(coach)) -> dict:
    return ok(c.rate_week(dict(body.scores), body.week))


@router.post("/checkin", responses=WRITE, summary="The daily check-in")
async def checkin(body: CheckinBody, c=Depends(coach)) -> dict:
    from systemcraft.services import logbook
    return ok(c.log(logbook.checkin_entry(c.env.today, body.hours, body.topic, body.confidence, body.energy,
                                          body.insight)))


@router.get("/progress", responses=READ, summary="Scorecards, rating trends, readiness")
async def progress(c=Depends(coach)) -> dict:
    return ok(c.progress())


@router.get("/interview/outcomes", responses=READ, summary="Interview outcomes recorded, oldest first")
async def interview_outcomes(c=Depends(coach)) -> list:
    return ok(c.interview_outcomes())


@router.post("/interview/outcome", responses=WRITE, summary="Record how the interview went (on or after its date)")
async def interview_outcome(body: OutcomeBody, c=Depends(coach)) -> dict:
    return ok(c.record_interview_outcome(body.outcome, body.note))


@router.get("/calendar", responses=READ, summary="Minutes practised per day")
async def practice_calendar(days: int = Query(182, ge=1, le=1100), c=Depends(coach)) -> dict:
    cal = c.practice_calendar(days)
    return ok({"first": cal["first"], "last": cal["last"],
               "days": [{"day": d, "minutes": m} for d, m in sorted(cal["minutes"].items())]})


@router.get("/stories", responses=READ, summary="The story bank")
async def stories(c=Depends(coach)) -> list:
    return ok(c.stories())


@router.post("/stories", responses=WRITE, status_code=201, summary="Add a story")
async def add_story(body: StoryBody, c=Depends(coach)) -> dict:
    sid = c.add_story(body.story())
    return JSONResponse({"id": sid}, status_code=201)


@router.post("/stories/analyse", responses=WRITE, summary="Check a draft story without saving it")
async def analyse_story(body: StoryBody, c=Depends(coach)) -> dict:
    return ok(c.analyse_draft(body.story()))


@router.get("/stories/coverage", responses=READ, summary="Leadership-Principle coverage")
async def coverage(c=Depends(coach)) -> dict:
    return ok(c.story_coverage())


@router.get("/stories/{story_id}", responses=READ, summary="One story with its check")
async def story(story_id: int = Path(..., ge=1, le=2_147_483_647), c=Depends(coach)) -> dict:
    return ok({"story": c.story(story_id), "check": c.check_stories(story_id)[0]})


@router.get("/review/due", responses=READ, summary="Cards due today (FSRS)")
async def due(c=Depends(coach)) -> dict:
    return ok(c.due_cards())


@router.post("/review/{card_id}", responses=WRITE, summary="Rate a card")
async def answer(body: AnswerBody, card_id: int = Path(..., ge=1, le=2_147_483_647), c=Depends(coach)) -> dict:
    return ok(c.answer_card(card_id, body.rating, body.duration_ms))


@router.get("/mocks", responses=READ, summary="Mock history")
async def mocks(c=Depends(coach)) -> list:
    return ok(c.mock_history())


@router.post("/mocks/plan", responses=WRITE, summary="Plan a mock: phases, questions and rubric")
async def plan_mock(body: MockPlanBody, c=Depends(coach)) -> dict:
    from systemcraft.web.pages.mock import planned_json
    return ok(planned_json(c.plan_mock(body.format, body.level, body.persona)))


@router.get("/delivery", responses=READ, summary="Delivery analyses: pace, fillers and pauses per answer")
async def deliveries(c=Depends(coach)) -> list:
    return ok(c.delivery_history())


@router.post("/delivery", responses=WRITE, summary="Analyse a transcript's delivery and store the report",
             description="The analysis runs in a worker thread, one at a time; one that takes longer than the "
                         "server's limit (30 s) is abandoned with 503 and nothing is saved.")
async def analyse_delivery(request: Request, body: DeliveryBody) -> dict:
    name = body.name.replace("\\", "/").rsplit("/", 1)[-1] or "transcript"
    data = body.content.encode("utf-8", "surrogatepass")
    return await heavy(request, lambda c: ok(c.analyse_upload(
        data, name, fmt=body.format, duration=body.duration_seconds, speaker=body.speaker, story_id=body.story_id,
        mock_id=body.mock_id, mock_offset=body.mock_offset_seconds, level=body.level, version=body.version)))


@router.get("/delivery/{analysis_id}", responses=READ, summary="One delivery report")
async def delivery_report(analysis_id: int = Path(..., ge=1, le=2_147_483_647), c=Depends(coach)) -> dict:
    return ok(c.delivery_report(analysis_id))
