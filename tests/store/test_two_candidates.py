"""Two candidates in one database (issue 15 §2, "Owned data"), on SQLite and PostgreSQL.

1. A hypothesis state machine runs random use cases for candidate A or B over ONE database and checks,
   after every step, that every view of the *other* candidate is exactly what it was before the step.
2. Plain tests: B's ids handed to A's Coach are "not found" (and change nothing); so are a deleted row's
   id, ids past 64 bits and negative ids (one line, never a traceback or an OverflowError); a Coach in
   local mode (no candidate id) refuses a database that holds two candidates.
3. The CLI: an id past any range exits with one line on stderr, never the internal-error code 70.
"""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (Bundle, RuleBasedStateMachine, consumes, initialize, multiple, rule,
                                 run_state_machine_as_test)

from systemcraft.coach import Coach, PlanChanges, PlanOptions, Profile
from systemcraft.domain import mocks as dm
from systemcraft.errors import DataError, NotFoundError
from systemcraft.services import logbook, story_markdown
from systemcraft.store.repository import Repository
from tests.conftest import ANSWERS, CLI, INIT_ARGS, TODAY, new_pg_database
from tests.domain.test_stories_domain import good_story

FIX = Path(__file__).parents[1] / "fixtures" / "delivery"
OPTIONS = PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=12), hours_per_week=10)
PROFILES = {"A": Profile("Ann Able", "L6", "manager", 10, 9),
            "B": Profile("Bob Baker", "L7", "senior_manager", 15, 30, multi_team=True)}
OTHER = {"A": "B", "B": "A"}
BAD_IDS = (2**63, 2**64 + 5, 10**30, -1, -(2**63) - 1, 0)
SEVERAL = "several candidates"      # the store's refusal to pick "the" candidate of a shared database

_names = itertools.count(1)


def _pg_database(pg_server) -> str:
    return new_pg_database(pg_server, "sc_two")


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database(request, tmp_path):
    """A factory of fresh, empty databases on one back end: () → (url, home)."""
    def make():
        home = tmp_path / f"home{next(_names)}"
        if request.param == "sqlite":
            return f"sqlite:///{home / 'systemcraft.db'}", home
        return _pg_database(request.getfixturevalue("pg_server")), home
    make.backend = request.param
    return make


def onboard_two(make_env, url: str, home: Path):
    """A through local mode's `Coach(env).onboard`, then B with `another=True`: (env, A's id, B's id)."""
    env = make_env(db_url=url, home=home)
    first = Coach(env)
    first.onboard(PROFILES["A"], ANSWERS, OPTIONS)
    second = Coach(env)
    second.onboard(PROFILES["B"], ANSWERS, OPTIONS, another=True)
    ids = first.candidate_id, second.candidate_id
    first.close()
    second.close()
    assert ids[0] is not None and ids[1] is not None and ids[0] != ids[1]
    return env, ids[0], ids[1]


def export_of(coach: Coach, where: Path) -> dict:
    """The candidate's JSON export, as data."""
    if where.exists():
        shutil.rmtree(where)
    (path,) = coach.export_all(where, "json")
    data = json.loads(path.read_text())
    shutil.rmtree(where)
    return data


def views(coach: Coach, where: Path) -> dict:
    """Every view of one candidate (tasks, plan, tracking, stories, cards, mocks, deliveries, export)."""
    plan = coach.plan_view()
    return {
        "today": coach.today(), "status": coach.status(), "scorecard": coach.weekly_scorecard(),
        "stories": coach.stories(), "story_checks": coach.check_stories(), "coverage": coach.story_coverage(),
        "due_cards": coach.due_cards(), "log": coach.log_list(), "plan": plan,
        "this_week": coach.plan_view(plan.current_week or 1), "mocks": coach.mock_history(),
        "deliveries": coach.delivery_history(), "latest_quiz": coach.latest_quiz(),
        "export": export_of(coach, where),
    }


def changed(before: dict, after: dict) -> list[str]:
    return [k for k in before if before[k] != after.get(k)]


def one_line_not_found(call) -> str:
    with pytest.raises(NotFoundError) as info:
        call()
    message = str(info.value)
    assert message and "\n" not in message and "Traceback" not in message, message
    return message


# ---------------------------------------------------------------- 1. the state machine

class TwoCandidates(RuleBasedStateMachine):
    """Candidates A and B in one database. Each rule is one use case by one of them (through a fresh Coach,
    on the machine's shared store or on a store of its own); after it, the other's views must not have moved.
    Every use case must succeed: the rules only pick targets that exist."""

    new_database = None     # set per back end by the test: () → (url, home)
    make_env = None
    max_days = 20           # the clock may move on this far (the interview is 12 weeks out)

    stories = Bundle("stories")     # (owner, story id)
    entries = Bundle("entries")     # (owner, log entry id)

    def __init__(self) -> None:
        super().__init__()
        url, self.home = type(self).new_database()
        self.env, aid, bid = onboard_two(type(self).make_env, url, self.home)
        self.ids = {"A": aid, "B": bid}
        self.shared = Repository(url, lambda: self.env.now())      # one store for many requests (the server)
        self.snapshot: dict[str, dict | None] = {"A": None, "B": None}
        self.steps = 0

    def teardown(self) -> None:
        self.shared.close()

    # -- plumbing
    def coach(self, who: str, shared: bool) -> Coach:
        return Coach(self.env, repo=self.shared if shared else None, candidate_id=self.ids[who])

    def views_of(self, who: str) -> dict:
        c = self.coach(who, shared=False)       # a fresh Coach and store: nothing cached from earlier steps
        try:
            return views(c, self.home.parent / f"export-{who}")
        finally:
            c.close()

    def step(self, who: str, shared: bool, act) -> None:
        """Run `act(coach)` for `who`; the other candidate's views must be exactly as before."""
        other = OTHER[who]
        if self.snapshot[other] is None:
            self.snapshot[other] = self.views_of(other)
        c = self.coach(who, shared)
        try:
            act(c)
        finally:
            c.close()
        self.snapshot[who] = None               # the actor's own views may have changed
        self.steps += 1
        after = self.views_of(other)
        moved = changed(self.snapshot[other], after)
        assert not moved, f"{who}'s use case changed {other}'s views: {moved}"

    def day_offset(self, back: int) -> object:
        return self.env.today - timedelta(days=min(back, (self.env.today - TODAY).days))

    def act_returning(self, who: str, shared: bool, act):
        out = []
        self.step(who, shared, lambda c: out.append(act(c)))
        return out[0]

    # -- the use cases
    @initialize(target=stories)
    def each_has_a_story(self):
        """Both start with a story (and so a story card): every example has something of each to touch."""
        return multiple(*[(who, self.act_returning(who, False, lambda c: c.add_story(good_story(title="First"))))
                          for who in "AB"])

    @initialize(target=entries)
    def each_has_a_log_entry(self):
        return multiple(*[(who, self.act_returning(who, True, lambda c: c.log(
            logbook.concept_entry(TODAY, "consistent hashing"))["id"])) for who in "AB"])

    @initialize()
    def each_has_the_same_kinds_of_rows(self):
        """The same week's rating and notes and today's first task done, for both: a write of B's that
        reached past B's candidate id would find a row of A's to change."""
        for who in "AB":
            self.step(who, False, lambda c: (c.rate_week({"coding": "3"}), c.week_notes(None, win="started"),
                                             c.complete(c.today().tasks[0].ref)))

    @rule(who=st.sampled_from("AB"), shared=st.booleans(), pick=st.integers(0, 20),
          minutes=st.none() | st.integers(1, 180))
    def complete_task(self, who, shared, pick, minutes):
        def act(c):
            open_tasks = [t for t in c.today().tasks if t.status != "done"]
            if open_tasks:
                c.complete(open_tasks[pick % len(open_tasks)].ref, minutes)
        self.step(who, shared, act)

    @rule(who=st.sampled_from("AB"), shared=st.booleans(), pick=st.integers(0, 20))
    def skip_task(self, who, shared, pick):
        def act(c):
            planned = [t for t in c.today().tasks if t.status == "planned"]
            if planned:
                c.skip(planned[pick % len(planned)].ref, "travelling")
        self.step(who, shared, act)

    @rule(target=entries, who=st.sampled_from("AB"), shared=st.booleans(),
          kind=st.sampled_from(["coding", "concept", "design", "study", "story", "checkin", "mock"]),
          title=st.sampled_from(["two sum", "consistent hashing", "rate limiter", "LRU cache"]),
          back=st.integers(0, 6), minutes=st.integers(5, 120))
    def log_practice(self, who, shared, kind, title, back, minutes):
        day = self.day_offset(back)
        entry = {"coding": lambda: logbook.coding_entry(day, title, "hash-maps", "easy", minutes, True),
                 "concept": lambda: logbook.concept_entry(day, title),
                 "design": lambda: logbook.design_entry(day, title, "L6", minutes, 3),
                 "study": lambda: logbook.study_entry(day, "system_design", minutes, title),
                 "story": lambda: logbook.story_entry(day, title, "ownership", minutes),
                 "checkin": lambda: logbook.checkin_entry(day, 1.5, title, 3, 4, "steady"),
                 "mock": lambda: logbook.mock_entry(day, "behavioral", 3, minutes)}[kind]()
        return who, self.act_returning(who, shared, lambda c: c.log(entry)["id"])

    @rule(entry=entries, shared=st.booleans(), minutes=st.integers(1, 300),
          day_back=st.none() | st.integers(0, 6))
    def edit_entry(self, entry, shared, minutes, day_back):
        who, entry_id = entry
        changes = {"minutes": str(minutes)}
        if day_back is not None:
            changes["day"] = self.day_offset(day_back).isoformat()
        self.step(who, shared, lambda c: c.log_edit(entry_id, changes))

    @rule(entry=consumes(entries), shared=st.booleans())
    def delete_entry(self, entry, shared):
        who, entry_id = entry
        self.step(who, shared, lambda c: c.log_delete(entry_id))

    @rule(target=stories, who=st.sampled_from("AB"), shared=st.booleans(),
          lp=st.sampled_from(["ownership", "dive-deep", "earn-trust", "think-big", "deliver-results"]),
          n=st.integers(1, 3))
    def add_story(self, who, shared, lp, n):
        story = good_story(title=f"Billing migration {n}", primary_lp=lp, secondary_lps=())
        return who, self.act_returning(who, shared, lambda c: c.add_story(story))

    @rule(story=stories, shared=st.booleans(), status=st.sampled_from(["draft", "ready"]),
          lp=st.sampled_from(["ownership", "customer-obsession", "learn-and-be-curious"]), n=st.integers(1, 3))
    def edit_story(self, story, shared, status, lp, n):
        who, story_id = story
        new = good_story(title=f"Billing migration {n} (revised)", primary_lp=lp, secondary_lps=(), status=status)
        self.step(who, shared, lambda c: c.update_story(story_id, new))

    @rule(story=consumes(stories), shared=st.booleans())
    def delete_story(self, story, shared):
        who, story_id = story
        self.step(who, shared, lambda c: c.delete_story(story_id))

    @rule(who=st.sampled_from("AB"), shared=st.booleans(), pick=st.integers(0, 50),
          rating=st.sampled_from(["again", "hard", "good", "easy"]))
    def answer_card(self, who, shared, pick, rating):
        def act(c):
            cards = c.due_cards()["cards"]
            if cards:
                c.answer_card(cards[pick % len(cards)].id, rating, duration_ms=4000)
        self.step(who, shared, act)

    @rule(who=st.sampled_from("AB"), shared=st.booleans(),
          dimension=st.sampled_from(["coding", "story_clarity", "system_design"]), score=st.integers(1, 5))
    def rate_week(self, who, shared, dimension, score):
        self.step(who, shared, lambda c: c.rate_week({dimension: str(score)}))

    @rule(who=st.sampled_from("AB"), shared=st.booleans(), win=st.sampled_from(["shipped", "slept well"]))
    def week_notes(self, who, shared, win):
        self.step(who, shared, lambda c: c.week_notes(None, win=win, focus="mocks"))

    @rule(who=st.sampled_from("AB"), shared=st.booleans(), hour=st.integers(0, 6))
    def set_day_start(self, who, shared, hour):
        self.step(who, shared, lambda c: c.set_day_start(hour))

    @rule(who=st.sampled_from("AB"), shared=st.booleans(), answer=st.sampled_from(["A", "B", "C", "D"]))
    def retake_quiz(self, who, shared, answer):
        self.step(who, shared, lambda c: c.assess({**ANSWERS, "q1": answer}))

    @rule(who=st.sampled_from("AB"), shared=st.booleans(), hours=st.sampled_from([6.0, 8.0, 12.0, 15.0]))
    def regenerate(self, who, shared, hours):
        self.step(who, shared, lambda c: c.regenerate(PlanChanges(hours_per_week=hours)))

    @rule(who=st.sampled_from("AB"), shared=st.booleans(), fmt=st.sampled_from(["behavioral", "coding"]))
    def mock(self, who, shared, fmt):
        def act(c):
            planned = c.plan_mock(fmt)
            rubric = dm.Rubric({d: (3, "fine") for d in planned["dimensions"]}, 3, ("calm",), ())
            c.save_mock(planned, None, rubric, "partner")
        self.step(who, shared, act)

    @rule(who=st.sampled_from("AB"), shared=st.booleans(), link=st.sampled_from(["none", "story", "mock"]))
    def analyse_delivery(self, who, shared, link):
        def act(c):
            story_id = mock_id = None
            if link == "story" and c.stories():
                story_id = c.stories()[0].id
            if link == "mock" and c.mock_history():
                mock_id = c.mock_history()[-1]["id"]
            c.analyse_transcript(FIX / "zoom.vtt", speaker="Sam Okafor", story_id=story_id, mock_id=mock_id)
        self.step(who, shared, act)

    @rule(who=st.sampled_from("AB"), shared=st.booleans())
    def others_ids_are_not_found(self, who, shared):
        """`who` hands every id of the other candidate to its own Coach: all "not found", nothing moves."""
        other = self.coach(OTHER[who], shared=False)
        try:
            stories = [s.id for s in other.stories()]
            entries = [e["id"] for e in other.log_list()]
            cards = [c.id for c in other.due_cards()["cards"]]
            deliveries = [d["id"] for d in other.delivery_history()]
        finally:
            other.close()

        def act(c):
            mine = ({s.id for s in c.stories()}, {e["id"] for e in c.log_list()})
            for sid in stories:
                assert sid not in mine[0]
                one_line_not_found(lambda: c.story(sid))
                one_line_not_found(lambda: c.delete_story(sid))
            for eid in entries:
                assert eid not in mine[1]
                one_line_not_found(lambda: c.log_edit(eid, {"minutes": "5"}))
                one_line_not_found(lambda: c.log_delete(eid))
            for cid in cards:
                one_line_not_found(lambda: c.answer_card(cid, "good"))
            for did in deliveries:
                one_line_not_found(lambda: c.delivery_report(did))
        self.step(who, shared, act)

    @rule(days=st.integers(1, 3))
    def next_day(self, days):
        """The clock moves on for both (no invariant: every view depends on the day)."""
        day = min(self.env.today + timedelta(days=days), TODAY + timedelta(days=self.max_days))
        self.env = type(self).make_env(today=day, db_url=self.env.db_url, home=self.home)
        self.snapshot = {"A": None, "B": None}


# Initialize rules count towards stateful_step_count: 3 of the 18 steps seed the rows, up to 15 are use cases.
# No shrinking: a failing program is reported as generated (at most 18 readable steps) within the run's
# time, where shrinking one through fresh databases can take Hypothesis five minutes and more.
MACHINE_SETTINGS = settings(max_examples=15, stateful_step_count=18, deadline=None, database=None,
                            phases=[Phase.explicit, Phase.reuse, Phase.generate],
                            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def test_nothing_b_does_moves_a_view_of_a_and_back(fresh_database, make_env):
    machine = type(f"TwoCandidates_{fresh_database.backend}", (TwoCandidates,),
                   {"new_database": staticmethod(fresh_database), "make_env": staticmethod(make_env)})
    run_state_machine_as_test(machine, settings=MACHINE_SETTINGS)


# ---------------------------------------------------------------- 2. ids that are not the candidate's

@pytest.fixture
def pair(make_env, db_url, tmp_path):
    """A and B in one database; B has a story, a log entry, a card, a mock and a delivery analysis.
    Yields (A's Coach, B's Coach, B's ids, a callable giving both candidates' views)."""
    home = tmp_path / "home"
    env, aid, bid = onboard_two(make_env, db_url, home)
    a = Coach(env, candidate_id=aid)
    b = Coach(env, candidate_id=bid)
    a.add_story(good_story(title="A's story"))
    a.log(logbook.coding_entry(TODAY, "A's problem", "hash-maps", "easy", 20, True))
    ids = {"story": b.add_story(good_story(title="B's story")),
           "entry": b.log(logbook.coding_entry(TODAY, "B's problem", "two-pointers", "easy", 15, True))["id"]}
    planned = b.plan_mock("behavioral")
    ids["mock"] = b.save_mock(planned, None, dm.Rubric({d: (4, "ok") for d in planned["dimensions"]}, 4, (), ()),
                              "partner")
    ids["delivery"] = b.analyse_transcript(FIX / "zoom.vtt", speaker="Sam Okafor", story_id=ids["story"])["id"]
    ids["card"] = b.due_cards()["cards"][0].id
    assert ids["card"] not in {c.id for c in a.due_cards()["cards"]}

    def both_views():
        return {who: views(c, tmp_path / f"export-{who}") for who, c in (("A", a), ("B", b))}
    yield a, b, ids, both_views
    a.close()
    b.close()


def test_another_candidates_ids_are_not_found_and_change_nothing(pair):
    a, b, ids, both_views = pair
    before = both_views()
    sid = ids["story"]
    calls = {
        "story": lambda: a.story(sid),
        "update_story": lambda: a.update_story(sid, good_story(title="taken over")),
        "edit_story_text": lambda: a.edit_story_text(sid, story_markdown.render(good_story(title="taken over"))),
        "delete_story": lambda: a.delete_story(sid),
        "check_stories": lambda: a.check_stories(sid),
        "answer_card": lambda: a.answer_card(ids["card"], "easy"),
        "log_edit": lambda: a.log_edit(ids["entry"], {"minutes": "99"}),
        "log_delete": lambda: a.log_delete(ids["entry"]),
        "delivery_report": lambda: a.delivery_report(ids["delivery"]),
        "analyse with B's story": lambda: a.analyse_transcript(FIX / "zoom.vtt", speaker="Sam Okafor", story_id=sid),
        "analyse with B's mock": lambda: a.analyse_transcript(FIX / "zoom.vtt", speaker="Sam Okafor",
                                                              mock_id=ids["mock"]),
    }
    messages = {name: one_line_not_found(call) for name, call in calls.items()}
    assert all(str(sid) in messages[n] for n in ("story", "update_story", "delete_story", "check_stories"))
    after = both_views()
    assert not changed(before["A"], after["A"]) and not changed(before["B"], after["B"])
    assert b.story(sid).title == "B's story" and b.delivery_report(ids["delivery"])["id"] == ids["delivery"]


def test_a_deleted_rows_id_is_not_found(pair):
    a, b, ids, _ = pair
    story = a.stories()[0]
    entry = a.log_list()[0]
    a.delete_story(story.id)
    a.log_delete(entry["id"])
    b.delete_story(ids["story"])            # B's too: gone for everyone, including its owner
    for c, sid in ((a, story.id), (b, ids["story"])):
        one_line_not_found(lambda: c.story(sid))
        one_line_not_found(lambda: c.update_story(sid, good_story()))
        one_line_not_found(lambda: c.delete_story(sid))
        one_line_not_found(lambda: c.check_stories(sid))
    one_line_not_found(lambda: a.log_edit(entry["id"], {"minutes": "5"}))
    one_line_not_found(lambda: a.log_delete(entry["id"]))


def test_ids_past_64_bits_and_negative_ids_are_not_found(pair):
    a, _, _, both_views = pair
    before = both_views()
    for bad in BAD_IDS:
        for name, call in {
            "story": lambda: a.story(bad),
            "update_story": lambda: a.update_story(bad, good_story()),
            "delete_story": lambda: a.delete_story(bad),
            "check_stories": lambda: a.check_stories(bad),
            "answer_card": lambda: a.answer_card(bad, "good"),
            "log_edit": lambda: a.log_edit(bad, {"minutes": "5"}),
            "log_delete": lambda: a.log_delete(bad),
            "delivery_report": lambda: a.delivery_report(bad),
            "analyse with a story": lambda: a.analyse_transcript(FIX / "zoom.vtt", speaker="Sam Okafor",
                                                                 story_id=bad),
            "analyse with a mock": lambda: a.analyse_transcript(FIX / "zoom.vtt", speaker="Sam Okafor",
                                                                mock_id=bad),
        }.items():
            if bad == 0 and name.startswith("analyse"):
                continue                    # 0 means "no story / no mock" there, not an id
            try:
                one_line_not_found(call)
            except BaseException as exc:    # name the call and the id: OverflowError says neither
                raise AssertionError(f"{name}({bad}): {type(exc).__name__}: {exc}") from exc
    after = both_views()
    assert not changed(before["A"], after["A"]) and not changed(before["B"], after["B"])


def test_local_mode_refuses_a_database_of_two_candidates(pair):
    a, b, _, both_views = pair
    before = both_views()
    local = Coach(a.env)                    # no candidate id: "the home's only candidate" does not exist
    try:
        for call in (local.today, local.status, local.stories, local.due_cards,
                     lambda: local.log(logbook.concept_entry(TODAY, "sharding")),
                     lambda: local.add_story(good_story(title="whose?")),
                     lambda: local.onboard(PROFILES["A"], ANSWERS, OPTIONS)):
            with pytest.raises(DataError, match=SEVERAL) as info:
                call()
            assert "\n" not in str(info.value)
        assert local.candidate_id is None
    finally:
        local.close()
    after = both_views()
    assert not changed(before["A"], after["A"]) and not changed(before["B"], after["B"])


# ---------------------------------------------------------------- a candidate among others: their plans

def test_regenerate_in_a_shared_database(make_env, db_url, tmp_path):
    """Regenerating reads the story bank's shortfall for the schedule: A's, not "the only candidate's"
    (which a database of two does not have)."""
    env, aid, bid = onboard_two(make_env, db_url, tmp_path / "home")
    a, b = Coach(env, candidate_id=aid), Coach(env, candidate_id=bid)
    try:
        version, b_plan = a.plan_view().version, b.plan_view()
        a.regenerate(PlanChanges(hours_per_week=12))
        assert a.plan_view().version == version + 1 and a.plan_view().hours_per_week == 12
        assert b.plan_view() == b_plan
    finally:
        a.close()
        b.close()


def test_a_new_candidates_plan_ignores_other_candidates_stories(make_env, tmp_path):
    """The schedule favours principles the candidate's own bank is short of: B, added beside A, gets the
    plan B would get alone, whatever A's stories are."""
    def plan_days(c):
        weeks = c.plan_view().weeks
        return [(d["date"], [t.text for t in d["tasks"]]) for w in weeks[:4]
                for d in c.plan_view(w.number).weeks[0].days]

    alone = Coach(make_env(home=tmp_path / "alone"))
    alone.onboard(PROFILES["B"], ANSWERS, OPTIONS)
    expected = plan_days(alone)
    alone.close()
    env = make_env(home=tmp_path / "shared")
    a = Coach(env)
    a.onboard(PROFILES["A"], ANSWERS, OPTIONS)
    for lp in ("ownership", "dive-deep", "earn-trust", "think-big", "frugality", "bias-for-action"):
        a.add_story(good_story(title=f"A on {lp}", primary_lp=lp, secondary_lps=()))
    a.close()
    b = Coach(env)
    b.onboard(PROFILES["B"], ANSWERS, OPTIONS, another=True)
    try:
        assert plan_days(b) == expected
    finally:
        b.close()


def test_a_third_candidate_can_be_onboarded(make_env, db_url, tmp_path):
    """onboard(another=True) in a database of two: the new candidate has no id while its plan is built, so
    nothing on the way may look up "the only candidate" (services/planning.lp_priority once did)."""
    env, aid, bid = onboard_two(make_env, db_url, tmp_path / "home")
    c = Coach(env)
    try:
        c.onboard(Profile("Cy Third", "L6", "manager", 10, 9), ANSWERS, OPTIONS, another=True)
        assert c.candidate_id not in (aid, bid, None)
        assert [s.title for s in c.stories()] == [] and c.plan_view().level == "L6"
    finally:
        c.close()


# ---------------------------------------------------------------- 3. the CLI

def test_the_cli_answers_an_id_past_any_range_with_one_line(tmp_path, answers_file, db_url):
    cli = CLI(tmp_path / "home")
    db = ("--db", db_url)
    r = cli(*db, *INIT_ARGS, "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
    huge = "99999999999999999999999"
    refused = [("story", "show", huge), ("story", "delete", huge), ("story", "check", huge), ("log", "delete", huge),
               ("log", "edit", huge, "minutes=5"), ("delivery", huge), ("story", "show", "-5"),
               ("story", "show", "0")]
    not_found = [(("story", "show", "2147483647"), "no story 2147483647"),
                 (("story", "check", "2147483647"), "no story 2147483647"),
                 (("log", "delete", "2147483647"), "no log entry 2147483647"),
                 (("delivery", "2147483647"), "no delivery analysis 2147483647")]
    for args, expected in [(a, None) for a in refused] + not_found:
        r = cli("--home", str(cli.home), *db, *args)
        lines = r.stderr.strip().splitlines()
        assert r.returncode not in (0, 70), (args, r.returncode, r.stderr)
        assert len(lines) == 1 and "Traceback" not in r.stderr, (args, r.stderr)
        if expected:                        # in the CLI's range: the lookup ran, and found nothing
            assert r.returncode == 1 and expected in lines[0], (args, r.returncode, r.stderr)
