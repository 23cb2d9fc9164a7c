"""Weekly scorecards and the evidence the adaptation rules read, from grouped SQL."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from systemcraft.domain import scorecard as sc
from systemcraft.domain.adaptation import RULES, Evidence
from systemcraft.domain.practice import CORE_DIMENSIONS
from systemcraft.store import queries

# What in the plan's tasks is a target for which scorecard item (task kind → item).
RECENT_MOCKS = RULES["mock_regression"]["falling_sessions"] + 1   # all the mock rule can look at
TASK_TARGETS = {"story_draft": "stories", "gap_story": "stories", "coding_problems": "coding",
                "gap_coding": "coding", "design_coding": "coding", "design_problem": "design",
                "design_outline": "design", "gap_design": "design", "mock": "mocks", "design_study": "concepts"}
# A checkpoint part is a task of kind "checkpoint" in its own category; the mock ones (2A, 3A, 3B, 4A: a
# behavioral round, a full loop, a stress test, a recorded round) are mock interviews, planned and done:
# each one (each sitting, for a part taken in two) is a target of one mock, and counts as one when done.
# Finishing it writes a study entry to the log (services/logbook), so it is counted here, from the task.
CHECKPOINT_TARGETS = {"mock": "mocks"}
# What in the log counts for which item (log kind → item); mocks count entries, the rest items.
LOG_ACTUALS = {"story": "stories", "coding": "coding", "design": "design", "mock": "mocks",
               "concept": "concepts", "industry": "industry", "networking": "networking"}
RATING_ITEMS = {"story_quality": "story_clarity", "delivery_confidence": "confidence_delivery",
                "tech_communication": "technical_communication", "time_management": "time_management",
                "feedback_integration": "feedback_integration", "stress_management": "stress_management"}


@dataclass(frozen=True)
class WeekSpan:
    number: int
    first: date
    last: date


def spans(plan, weeks) -> list[WeekSpan]:
    return [WeekSpan(w.number, w.start, w.end) for w in weeks]


class WeekData:
    """Everything for a range of weeks, fetched once (four grouped queries)."""

    def __init__(self, reader, cand_id: int, plan_id: int, first: date, last: date) -> None:
        self.log = reader.fetch(queries.DAILY_LOG, cid=cand_id, first=first, last=last)
        self.tasks = reader.fetch(queries.DAILY_TASKS, pid=plan_id, cid=cand_id, first=first, last=last)
        self.ratings = reader.fetch(queries.RATINGS_UNTIL, cid=cand_id, until=last)
        self.lp_first = lp_first_seen(reader, cand_id)
        self.lp_planned = sorted(r["first_day"] for r in reader.fetch(queries.PLANNED_LPS, pid=plan_id, cid=cand_id))

    def ratings_as_of(self, day: date) -> dict[str, float]:
        latest: dict[str, float] = {}
        for r in self.ratings:
            if r["week_start"] <= day:
                latest[r["dimension"]] = float(r["score"])
        return latest

    def inputs(self, span: WeekSpan, finished: bool = True) -> sc.WeekInputs:
        """Only what this week's plan scheduled is a target; counts follow the plan's unit (a task that
        counts as 2 problems is a target of 2, and finishing it logs 2)."""
        actual: dict[str, float] = defaultdict(float)
        conf_sum = conf_n = 0.0
        for r in self.log:
            if span.first <= r["day"] <= span.last:
                item = LOG_ACTUALS.get(r["kind"])
                if item:
                    actual[item] += r["entries"] if item == "mocks" else r["items"]
                if r["kind"] == "checkin":
                    conf_sum += r["confidence_sum"]
                    conf_n += r["confidence_n"]
        target: dict[str, float] = {}
        tasks_planned = tasks_done = 0
        for r in self.tasks:
            if span.first <= r["day"] <= span.last:
                tasks_planned += int(r["tasks"])
                if r["status"] == "done":
                    tasks_done += int(r["tasks"])
                if r["kind"] == "checkpoint":
                    item = CHECKPOINT_TARGETS.get(r["category"])
                    if item:
                        target[item] = target.get(item, 0) + int(r["tasks"])
                        if r["status"] == "done":
                            actual[item] += int(r["tasks"])
                    continue
                item = TASK_TARGETS.get(r["kind"])
                if item:
                    target[item] = target.get(item, 0) + (r["tasks"] if item == "mocks" else r["items"])
        # Principles: the plan's stories and principle tasks up to the end of this week name the ones
        # that should be covered by then; every principle covered by then counts (logged or in the bank).
        planned_lps = sum(1 for d in self.lp_planned if d <= span.last)
        if planned_lps:
            target["lp_coverage"] = min(16, planned_lps)
        actual["lp_coverage"] = float(sum(1 for d in self.lp_first if d <= span.last))
        now = self.ratings_as_of(span.first)
        before = self.ratings_as_of(span.first - timedelta(days=7))
        ratings: dict[str, float | None] = {item: now.get(dim) for item, dim in RATING_ITEMS.items()}
        ratings["overall_confidence"] = round(conf_sum / conf_n, 2) if conf_n else None
        ratings["self_assessment"] = sc.progress_rating(_core_mean(before), _core_mean(now))
        return sc.WeekInputs(dict(actual), target, ratings, finished=finished, tasks_planned=tasks_planned,
                             tasks_done=tasks_done)

    def minutes(self, first: date, last: date) -> dict[str, dict[str, int]]:
        """category → planned / done / skipped minutes between two days (done = actual minutes)."""
        out: dict[str, dict[str, int]] = defaultdict(lambda: {"planned": 0, "done": 0, "skipped": 0})
        for r in self.tasks:
            if first <= r["day"] <= last:
                row = out[r["category"]]
                row["planned"] += int(r["minutes"])
                if r["status"] == "done":
                    row["done"] += int(r["actual"])
                elif r["status"] == "skipped":
                    row["skipped"] += int(r["minutes"])
        return dict(out)

    def hours_logged(self, first: date, last: date) -> float:
        """Hours studied: every log entry's minutes (finished tasks write one too), check-ins aside."""
        return round(sum(int(r["minutes"]) for r in self.log
                         if first <= r["day"] <= last and r["kind"] != "checkin") / 60, 2)


def lp_first_seen(reader, cand_id: int) -> list[date]:
    """The day each principle was first covered, by a logged story/task or a story in the bank."""
    first: dict[str, date] = {r["lp"]: r["first_day"] for r in reader.fetch(queries.LP_FIRST_SEEN, cid=cand_id)}
    from systemcraft.store.records import as_datetime, as_json
    for r in reader.fetch(queries.STORY_LP_DATES, cid=cand_id):
        day = as_datetime(r["created_at"]).date()
        for lp in [r["primary_lp"], *as_json(r["secondary_lps"])]:
            if lp not in first or day < first[lp]:
                first[lp] = day
    return sorted(first.values())


def _core_mean(ratings: dict[str, float]) -> float | None:
    vals = [v for d, v in ratings.items() if d in CORE_DIMENSIONS]
    return sum(vals) / len(vals) if vals else None


def evidence(reader, cand_id: int, plan, weeks, today: date, scored_percent: float | None) -> Evidence:
    window_first = max(plan.effective_start, today - timedelta(days=14))
    last = today - timedelta(days=1)
    data = WeekData(reader, cand_id, plan.id, plan.effective_start, max(last, plan.effective_start))
    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # Behind = what the plan, as re-planned, still asked of the days up to yesterday, minus every minute
    # studied (extra practice included). Work left undone before a re-plan that re-dated the content
    # is no longer owed: that re-plan moved it to later days, where it is planned again.
    settled = (plan.adjustments or {}).get("settled_before")
    settled = date.fromisoformat(settled) if settled else None
    planned_to_date = 0
    done_to_date = round(data.hours_logged(plan.effective_start, last) * 60) if last >= plan.effective_start else 0
    for r in data.tasks:
        if r["day"] > last:
            continue
        done = int(r["actual"]) if r["status"] == "done" else 0
        if r["status"] == "done" or settled is None or r["day"] >= settled:
            planned_to_date += int(r["minutes"])
        if r["day"] >= window_first:
            per_day[r["day"]][0] += int(r["minutes"])
            per_day[r["day"]][1] += done
            cat[r["category"]][0] += int(r["minutes"])
            cat[r["category"]][1] += done
    checkins = reader.fetch(queries.CHECKINS, cid=cand_id, first=window_first, last=today)
    # the adaptation rules look at the last few mocks only (three years of them cost ~10 ms to read)
    mocks = reader.fetch(queries.RECENT_MOCK_SCORES, cid=cand_id, until=today, n=RECENT_MOCKS)[::-1]
    pace = reader.fetch(queries.CODING_PACE, cid=cand_id, first=today - timedelta(days=21), last=today)
    last_full = [w for w in weeks if w.end < today]
    last_week_done = 0
    last_week_planned = None
    if last_full:
        w = last_full[-1]
        last_week_done = round(data.hours_logged(w.start, w.end) * 60)
        last_week_planned = sum(m["planned"] for m in data.minutes(w.start, w.end).values())
    return Evidence(
        today=today, week_percent=scored_percent, ratings=data.ratings_as_of(today),
        days=tuple((d, v[0], v[1]) for d, v in sorted(per_day.items())),
        category_minutes={c: (v[0], v[1]) for c, v in cat.items()},
        confidences=tuple((r["day"], int(r["confidence"])) for r in checkins if r["confidence"] is not None),
        mock_scores=tuple(float(r["score"]) for r in mocks),
        coding_pace=tuple((r["day"], round(float(r["minutes"]) / max(1, int(r["items"])), 1)) for r in pace),
        planned_to_date=planned_to_date, done_to_date=done_to_date,
        weekly_budget=round(plan.hours_per_week * 60), last_week_done=last_week_done,
        last_week_planned=last_week_planned)
