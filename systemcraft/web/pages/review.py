"""Review: the FSRS queue, one card at a time — recall, reveal, rate (keys 1–4, space to reveal)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse

from systemcraft.web.context import coach, page
from systemcraft.web.forms import Form
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
BUTTONS = (("again", "Again", "1"), ("hard", "Hard", "2"), ("good", "Good", "3"), ("easy", "Easy", "4"))


@router.get("/review")
async def review(request: Request, c=Depends(coach)):
    queue = c.due_cards()
    q = request.query_params
    return page(request, "review.html", {"queue": queue, "card": queue["cards"][0] if queue["cards"] else None,
                                         "buttons": BUTTONS, "last": q.get("last"), "rests": q.get("rests") == "1",
                                         "duplicate": q.get("duplicate") == "1", "ticked": q.get("ticked") == "1"},
                active="review")


@router.post("/review/{card_id}")
async def answer(request: Request, card_id: int = Path(..., ge=1, le=2_147_483_647), c=Depends(coach)):
    f = Form(await request.form())
    rating = f.choice("rating", "a rating", [b[0] for b in BUTTONS])
    ms = f.integer("duration_ms", "the time taken", 0, 3_600_000, default=0) or None
    if f.errors:
        return page(request, "error.html", {"message": next(iter(f.errors.values()))}, status=422)
    outcome = c.answer_card(card_id, rating, ms)
    flags = "&rests=1" if outcome["rests"] else "&duplicate=1" if outcome["duplicate"] else ""
    flags += "&ticked=1" if outcome.get("task_done") else ""
    return RedirectResponse(f"/review?last={outcome['due_day']}{flags}", status_code=303)
