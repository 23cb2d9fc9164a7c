"""Review: the FSRS queue, one card at a time — recall, reveal, rate (keys 1–4, space to reveal)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse

from systemcraft.errors import InputError, NotFoundError
from systemcraft.web.context import coach, page
from systemcraft.web.forms import Form
from systemcraft.web.security import verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
BUTTONS = (("again", "Again", "1"), ("hard", "Hard", "2"), ("good", "Good", "3"), ("easy", "Easy", "4"))


def _shown(queue: dict, card_id: str | int | None):
    """The card to show: `card_id` (the card an undo gave back) while it is served now, else the first."""
    cards = queue["cards"]
    wanted = next((c for c in cards if str(c.id) == str(card_id)), None) if card_id is not None else None
    return wanted or (cards[0] if cards else None)


@router.get("/review")
async def review(request: Request, c=Depends(coach)):
    queue = c.due_cards()
    q = request.query_params
    undone = q.get("undone")
    return page(request, "review.html", {"queue": queue, "card": _shown(queue, undone),
                                         "buttons": BUTTONS, "last": q.get("last"), "rests": q.get("rests") == "1",
                                         "duplicate": q.get("duplicate") == "1", "ticked": q.get("ticked") == "1",
                                         "undone": undone is not None, "reopened": q.get("reopened") == "1"},
                active="review")


@router.post("/review/undo")
async def undo(request: Request, c=Depends(coach)):
    """Take back the last answer given today: the card comes back as it was (htmx swaps the page's body)."""
    htmx = request.headers.get("hx-request") == "true"
    f = Form(await request.form())
    shown = f.integer("card", "the card", 1, 2_147_483_647, default=0) or None   # the last answer the page showed
    try:
        if f.errors:
            raise InputError(next(iter(f.errors.values())))
        result = c.undo_answer(shown)
    except (InputError, NotFoundError) as exc:
        if not htmx:
            return page(request, "error.html", {"message": exc.message}, status=422)
        queue = c.due_cards()
        return page(request, "partials/review_body.html", {"queue": queue, "card": _shown(queue, None),
                                                           "buttons": BUTTONS, "undo_error": exc.message}, status=422)
    if not htmx:
        flags = "&reopened=1" if result["task_reopened"] else ""
        return RedirectResponse(f"/review?undone={result['card']}{flags}", status_code=303)
    queue = c.due_cards()
    return page(request, "partials/review_body.html", {"queue": queue, "card": _shown(queue, result["card"]),
                                                       "buttons": BUTTONS, "undone": True,
                                                       "reopened": result["task_reopened"]})


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
