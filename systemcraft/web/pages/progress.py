"""Progress: the charts, each with a table of the same numbers."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from systemcraft.web import charts
from systemcraft.web.context import coach, page

router = APIRouter(include_in_schema=False)


@router.get("/progress")
async def progress(request: Request, c=Depends(coach)):
    data = c.progress()
    cal = c.practice_calendar()
    coverage = c.story_coverage()
    figures = [charts.scorecard_trend(data["weeks"]), charts.hours_by_category(data["weeks"]),
               charts.rating_trends(data["ratings"]), charts.readiness_radar(data["readiness"])]
    if data["delivery"]:
        figures.append(charts.delivery_trend(data["delivery"]))
    return page(request, "progress.html", {
        "data": data, "figures": figures, "coverage": coverage,
        "calendar": charts.practice_calendar(cal["minutes"], cal["first"], cal["last"])}, active="progress")
