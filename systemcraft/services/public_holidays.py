"""Public holidays as blackout days: which ones fall in the plan's window (the candidate then confirms them
through set-up or a plan change; nothing is saved here)."""

from __future__ import annotations

from datetime import date, timedelta

from systemcraft.errors import InputError


def public_holidays(ctx, country: str | None, region: str | None = None, start: date | None = None,
                    interview: date | None = None):
    """The public holidays of `country` (e.g. GB, or US-CA) and `region` from the first day of the plan to the
    day before the interview. At set-up pass the planned start and interview; afterwards leave them out and
    the active plan's remaining days (from today) are used. Unknown country or region: InputError."""
    from systemcraft.domain import public_holidays as ph
    if interview is None:
        plan = ctx.plan()
        start, interview = max(ctx.env.today, plan.start_date), plan.interview_date
    first = start or ctx.env.today
    try:
        return ph.lookup(country, region, first, interview - timedelta(days=1))
    except ph.HolidayError as exc:
        raise InputError(str(exc)) from None
