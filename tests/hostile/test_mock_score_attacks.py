"""Attacks on storing a mock at its stop and scoring it later (issue 16 §2): bogus, huge and negative ids in
the address and in the form's hidden `mock_id`, another candidate's mock, tampered timing, and the same
request sent twice or at the same moment. Each is refused in one line (a 4xx, never a 500 or SQL), and
nothing is written; a double submit stores and scores one mock once."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest

from systemcraft.coach import Coach, PlanOptions, Profile
from systemcraft.domain import mocks as dm
from systemcraft.errors import InputError
from tests.conftest import ANSWERS, TODAY
from tests.web.conftest import count_rows, web  # noqa: F401 - the demo coach fixture

SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE FROM)\b|sqlite|psycopg|OverflowError|Traceback")
TIMING = {"phase_starts": "[0, 300]", "ended": "600", "status": "partial", "marks": "[]"}
BEHAVIORAL = dm.rubric_dimensions("behavioral", "L6")




def token(web) -> str:
    page = web.post("/mock/plan", {"format": "behavioral", "level": "L6", "persona": "skeptic"})
    return re.search(r'name="planned" value="([^"]+)"', page.text).group(1)


def stop(web, plan_token: str, **change):
    return web.post("/mock/stop", {"planned": plan_token, **TIMING, **change}, headers={"Accept": "application/json"})


def rubric_form(rec: str = "4") -> dict:
    return {**{f"score_{i}": "3" for i in range(len(BEHAVIORAL))}, "recommendation": rec,
            "strengths": "Calm\nStructured", "improvements": ""}


def unscored(web) -> int:
    return stop(web, token(web)).json()["id"]


def state(web) -> tuple:
    """What an attack must leave as it was: every mock and every practice-log entry."""
    import sqlite3
    with sqlite3.connect(web.home / "systemcraft.db") as db:
        return (db.execute("SELECT * FROM mocks ORDER BY id").fetchall(),
                db.execute("SELECT * FROM log_entries ORDER BY id").fetchall())


BOGUS = ["abc", "1e3", "0x10", "-1", "0", "-9223372036854775809", "2147483648", "9" * 5000,
         "%00", "1%20OR%201=1", "%E2%80%AE1", "٣"]


@pytest.mark.parametrize("bogus", BOGUS, ids=lambda b: b[:12])
def test_bogus_ids_in_the_address(web, bogus):
    unscored(web)
    before = state(web)
    for r in (web.get(f"/mock/{bogus}/score"), web.post(f"/mock/{bogus}/score", rubric_form())):
        assert r.status_code in (404, 422), (r.status_code, r.text[:300])
        assert not SQL.search(r.text) and len(r.text) < 50_000
    assert state(web) == before


@pytest.mark.parametrize("mid", [99_999, 2_147_483_647])
def test_ids_of_no_mock_are_not_found(web, mid):
    unscored(web)
    before = state(web)
    for r in (web.get(f"/mock/{mid}/score"), web.post(f"/mock/{mid}/score", rubric_form())):
        assert r.status_code == 404 and f"no mock #{mid}" in r.text.lower()
    assert state(web) == before


@pytest.mark.parametrize("bogus", ["-1", "0", "abc", "1e3", "9" * 5000, "2147483648", "99999", "\x00"],
                         ids=lambda b: repr(b[:12]))
def test_bogus_mock_ids_in_the_rubric_form(web, bogus):
    planned = token(web)
    before = state(web)
    r = web.post("/mock/save", {"planned": planned, **TIMING, "mock_id": bogus, **rubric_form()})
    assert r.status_code == 422, (r.status_code, r.text[:300])
    assert not SQL.search(r.text)
    assert 'name="mock_id" value=""' in r.text              # the form forgets it: sent again, it saves itself
    assert state(web) == before


def test_tampered_timing_at_the_stop_stores_nothing(web):
    planned = token(web)
    before = state(web)
    for change in ({"ended": "nan"}, {"ended": "inf"}, {"ended": "1e309"}, {"ended": "-0"},
                   {"phase_starts": "[0" + ", 1" * 50 + "]"}, {"phase_starts": "[[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]]"},
                   {"marks": "[" + ",".join(['{"at": 1, "phase": 0, "label": "S"}'] * 501) + "]"},
                   {"marks": '[{"at": 1e400, "phase": 0, "label": "S"}]'}, {"status": "complete" * 1000},
                   {"status": "scored"},
                   {"planned": planned.replace(".", "x.")}, {"planned": ""}):
        r = stop(web, planned, **change)
        assert r.status_code in (400, 413, 422), (change, r.status_code, r.text[:200])
        error = r.json()["error"]
        assert "\n" not in error and not SQL.search(error)
    assert state(web) == before


def test_a_forged_or_missing_csrf_token_stores_and_scores_nothing(web):
    planned = token(web)
    mid = unscored(web)
    before = state(web)
    forged = {"X-CSRF-Token": web.token.split(".")[0] + ".AAAA", "Accept": "application/json"}
    assert web.client.post("/mock/stop", data={"planned": planned, **TIMING}, headers=forged).status_code == 403
    assert web.post(f"/mock/{mid}/score", rubric_form(), csrf=False).status_code == 403
    cross = web.post(f"/mock/{mid}/score", rubric_form(), headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403
    assert state(web) == before


def test_double_submits_store_one_mock_and_score_it_once(web):
    planned = token(web)
    rows = count_rows(web.home, "mocks")
    first = stop(web, planned)
    again = stop(web, planned)
    assert again.json()["id"] == first.json()["id"] and count_rows(web.home, "mocks") == rows + 1
    mid = first.json()["id"]
    sent = [web.post(f"/mock/{mid}/score", rubric_form()) for _ in range(3)]
    assert [r.status_code for r in sent] == [303, 303, 303]                   # the same rubric: harmless
    assert {r.headers["location"] for r in sent} == {f"/mock?scored={mid}"}
    changed = web.post(f"/mock/{mid}/score", rubric_form(rec="1"))
    assert changed.status_code == 422 and "already scored" in changed.text
    via_run = web.post("/mock/save", {"planned": planned, **TIMING, "mock_id": str(mid), **rubric_form(rec="2")})
    assert via_run.status_code == 422 and "already scored" in via_run.text
    assert stop(web, planned).json()["id"] == mid                           # the stop replayed: no reset
    m = next(m for m in web.coach().mock_history() if m["id"] == mid)
    assert m["recommendation"] == 4 and count_rows(web.home, "mocks") == rows + 1
    scored = [e for e in web.coach().log_list(kind="mock") if e["title"] == "Behavioral mock (partial)"]
    assert [e["score"] for e in scored] == [4.0]


def test_an_oversized_rubric_is_refused_whole(web):
    mid = unscored(web)
    before = state(web)
    for form in ({**rubric_form(), "strengths": "ok\n" * 2000}, {**rubric_form(), "evidence_0": "x" * 1001},
                 {**rubric_form(), "improvements": "\u202e" + "y" * 501}, {**rubric_form(), "recommendation": "4" * 50}):
        r = web.post(f"/mock/{mid}/score", form)
        assert r.status_code == 422, r.text[:300]
    assert state(web) == before


# ---------------------------------------------------------------- the service: owners and races

def two_candidates(make_env, db_url):
    env = make_env(db_url=db_url)
    options = PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=12), hours_per_week=10)
    ids = []
    for i, name in enumerate(("Ann Able", "Bob Baker")):
        c = Coach(env)
        c.onboard(Profile(name, "L6", "manager", 10, 9), ANSWERS, options, another=bool(i))
        ids.append(c.candidate_id)
        c.close()
    return env, ids


def partial_mock(coach: Coach) -> int:
    planned = coach.plan_mock("behavioral", "L6", "collaborator")
    s = dm.Session(planned["phases"])
    s.start(0.0)
    s.next_phase(300.0)
    s.interrupt(600.0)
    return coach.save_mock(planned, s, None, s.status)


def rubric(rec: int) -> dm.Rubric:
    return dm.Rubric({d: (rec, "") for d in BEHAVIORAL}, rec, (), ())


def test_another_candidates_mock_is_no_mock_at_all(make_env, db_url):
    env, (a_id, b_id) = two_candidates(make_env, db_url)
    a, b = Coach(env, candidate_id=a_id), Coach(env, candidate_id=b_id)
    try:
        mine = partial_mock(b)
        theirs = partial_mock(a)
        for bad in (theirs, 2**31 - 1, 2**63, 10**30, -1, 0):
            with pytest.raises(InputError) as info:
                b.score_mock(bad, rubric(5))
            assert str(info.value) == f"no mock #{bad}"
        assert [m["recommendation"] for m in a.mock_history()] == [None]
        assert [e["score"] for e in a.log_list(kind="mock")] == [None]
        assert b.score_mock(mine, rubric(2))["changed"] is True            # B's own mock is B's to score
        assert [e["score"] for e in a.log_list(kind="mock")] == [None]     # and A's entry is not touched
    finally:
        a.close()
        b.close()


def test_two_rubrics_racing_score_the_mock_once(make_env, db_url):
    """Two requests (own connections) score one mock at the same moment with different rubrics: one wins,
    the other is told the mock is already scored; the mock and its log entry carry the winner's score."""
    env, (a_id, _) = two_candidates(make_env, db_url)
    owner = Coach(env, candidate_id=a_id)
    mid = partial_mock(owner)
    owner.close()
    gate = threading.Barrier(2)
    outcomes: dict[int, object] = {}

    def attempt(rec: int) -> None:
        c = Coach(env, candidate_id=a_id)
        try:
            gate.wait(10)
            outcomes[rec] = c.score_mock(mid, rubric(rec))
        except InputError as exc:
            outcomes[rec] = exc
        finally:
            c.close()

    threads = [threading.Thread(target=attempt, args=(rec,)) for rec in (2, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    won = [rec for rec, o in outcomes.items() if isinstance(o, dict)]
    lost = [o for o in outcomes.values() if isinstance(o, InputError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert f"mock #{mid} is already scored (recommendation {won[0]})" in str(lost[0])
    check = Coach(env, candidate_id=a_id)
    try:
        assert [m["recommendation"] for m in check.mock_history()] == won
        assert [e["score"] for e in check.log_list(kind="mock")] == [float(won[0])]
    finally:
        check.close()
