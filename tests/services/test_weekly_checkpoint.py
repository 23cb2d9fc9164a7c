"""A checkpoint mock counts in the weekly scorecard (issue 16 §7): planned, it is a target of the
"mock interviews completed" item; done, it counts as one.

The rule (services/weekly.py, domain/scorecard.py): the mocks item is min(1, mocks done / mocks planned),
where the week's planned mocks are its mock tasks plus its checkpoint parts in the mock category (2A, 3A,
3B, 4A; each sitting of a part taken in two); the interview category is the mean of that item and its
three ratings (feedback integration, overall confidence, stress management) × 100; the week's
percentage is the mean of the four categories. Before, a checkpoint mock was no target at all: a week
whose only mock was its checkpoint showed "not planned this week" for mocks and scored 100 % with the
checkpoint skipped.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from systemcraft.coach import Coach
from systemcraft.domain import scorecard as sc
from systemcraft.domain.practice import CORE_DIMENSIONS, DIMENSIONS
from systemcraft.services.weekly import WeekData, WeekSpan
from systemcraft.store import queries
from tests.conftest import TODAY, onboarded

MON = date(2026, 12, 14)
SAT = MON + timedelta(days=5)


class Rows:
    """A reader that answers each of WeekData's grouped queries with the rows given for it."""

    def __init__(self, **rows) -> None:
        self.rows = rows

    def fetch(self, sql: str, **_):
        name = next(n for n in ("DAILY_LOG", "DAILY_TASKS", "RATINGS_UNTIL", "PLANNED_LPS", "LP_FIRST_SEEN",
                                "STORY_LP_DATES") if getattr(queries, n) == sql)
        return self.rows.get(name, [])


def task(kind: str, category: str, status: str, items: int = 1, minutes: int = 30) -> dict:
    return dict(day=MON, kind=kind, category=category, status=status, tasks=1, items=items, minutes=minutes,
                actual=minutes if status == "done" else 0)


def week(checkpoint_status: str) -> sc.Scorecard:
    """Five study tasks done (two stories, two coding problems, a design, a concept) and checkpoint 2A, a
    60-minute mock behavioral round, on Saturday; every rating 5 (4 the week before: progress 5)."""
    tasks = [task("story_draft", "behavioral", "done"), task("story_draft", "behavioral", "done"),
             task("coding_problems", "coding", "done", items=2, minutes=60),
             task("design_problem", "system_design", "done", minutes=60),
             task("design_study", "system_design", "done"),
             {**task("checkpoint", "mock", checkpoint_status, minutes=60), "day": SAT}]
    log = [dict(day=MON, kind=k, entries=n, items=n, minutes=30 * n, confidence_sum=0, confidence_n=0)
           for k, n in (("story", 2), ("coding", 2), ("design", 1), ("concept", 1))]
    log.append(dict(day=MON, kind="checkin", entries=1, items=1, minutes=0, confidence_sum=5, confidence_n=1))
    if checkpoint_status == "done":      # finishing a checkpoint task writes a study entry (services/logbook)
        log.append(dict(day=SAT, kind="study", entries=1, items=1, minutes=60, confidence_sum=0, confidence_n=0))
    ratings = [dict(week_start=MON - timedelta(days=7), dimension=d, score=4) for d in CORE_DIMENSIONS] + \
              [dict(week_start=MON, dimension=d.id, score=5) for d in DIMENSIONS]
    data = WeekData(Rows(DAILY_LOG=log, DAILY_TASKS=tasks, RATINGS_UNTIL=ratings), 1, 1, MON, MON + timedelta(days=6))
    return sc.score_week(data.inputs(WeekSpan(4, MON, MON + timedelta(days=6))))


def item(card: sc.Scorecard, name: str) -> sc.ItemScore:
    return next(i for i in card.items if i.id == name)


def test_a_week_with_a_checkpoint_mock_scores_it_as_a_planned_mock():
    # All six done: every count item at its target (stories 2/2, coding 2/2, design 1/1, concepts 1/1,
    # mocks 1/1 — the checkpoint), every rating 5/5, items nothing planned (principles, industry,
    # networking) left out: each category 100, the week 400/400 = 100 %.
    done = week("done")
    assert (item(done, "mocks").value, item(done, "mocks").target) == (1, 1)
    assert done.categories == {"behavioral": 100.0, "technical": 100.0, "interview": 100.0, "learning": 100.0}
    assert done.percent == 100.0 and done.verdict == "high"
    # The checkpoint skipped: mocks 0/1 → ratio 0; interview = (0 + 1 + 1 + 1) / 4 = 75; the week is
    # (100 + 100 + 75 + 100) / 4 = 93.75, shown to one decision as 93.8 % (still high: 90 or more).
    skipped = week("skipped")
    assert (item(skipped, "mocks").value, item(skipped, "mocks").target, item(skipped, "mocks").ratio) == (0, 1, 0)
    assert skipped.categories["interview"] == 75.0 and skipped.total == 375.0
    assert skipped.percent == 93.8 and skipped.verdict == "high"


def test_a_checkpoint_outside_the_mock_category_is_not_a_mock():
    """1C is a coding part, 2B and 2C design parts, 1A a written story: none is a mock interview, and
    none changes the mocks item (it stays 'not planned this week' when the week has no mock)."""
    tasks = [task("checkpoint", c, "done", minutes=45) for c in ("coding", "system_design", "behavioral")]
    data = WeekData(Rows(DAILY_TASKS=tasks), 1, 1, MON, MON + timedelta(days=6))
    card = sc.score_week(data.inputs(WeekSpan(2, MON, MON + timedelta(days=6))))
    assert item(card, "mocks").target is None and item(card, "mocks").note == sc.NOT_PLANNED


@pytest.fixture
def home(make_env, db_url):
    onboarded(make_env(db_url=db_url)).close()       # the 12-week plan from TODAY, 10 h a week
    return lambda day: Coach(make_env(today=day, db_url=db_url))


def test_the_scorecard_counts_the_checkpoint_mock_of_its_week_planned_and_done(home):
    """Checkpoint 2 of the 12-week plan is on day 28 (Saturday 19 December, week 4); its part 2A is a
    mock behavioral round. Every other task of the week done; then on the Saturday, 2A skipped: the
    mocks item must be planned mocks − 1 of the planned mocks, 2A among them; 2A done instead (the skip
    undone): planned of planned."""
    first = TODAY + timedelta(weeks=3)
    saturday = first + timedelta(days=5)
    for i in range(6):
        c = home(first + timedelta(days=i))
        for t in c.today().tasks:
            if not (t.checkpoint and t.category == "mock"):
                c.complete(t.ref)
        c.close()
    c = home(saturday)
    week_tasks = [t for i in range(7) for t in c.today(first + timedelta(days=i)).tasks]
    checkpoint_mocks = [t for t in week_tasks if t.checkpoint and t.category == "mock"]
    assert [t.text.split(":")[0] for t in checkpoint_mocks] == ["Checkpoint 2A"]
    planned = sum(1 for t in week_tasks if t.kind == "mock") + 1
    c.skip(checkpoint_mocks[0].ref, "ran out of time")
    mocks = next(i for i in c.weekly_scorecard(4)["items"] if i["id"] == "mocks")
    assert (mocks["value"], mocks["target"]) == (planned - 1, planned)
    c.undo()
    c.complete(checkpoint_mocks[0].ref)
    mocks = next(i for i in c.weekly_scorecard(4)["items"] if i["id"] == "mocks")
    assert (mocks["value"], mocks["target"], mocks["ratio"]) == (planned, planned, 1.0)
    c.close()
