"""The web mock is stored the moment it stops, and a mock without a rubric is scored later (issue 16 §2):
POST /mock/stop, POST /mock/save, GET and POST /mock/{id}/score, all post/redirect/get."""

from __future__ import annotations

import html
import re

import pytest
from markupsafe import escape

from tests.web.conftest import count_rows

TIMING = {"phase_starts": "[0, 300, 960]", "ended": "1200", "status": "partial",
          "marks": '[{"at": 320, "phase": 1, "label": "S"}, {"at": 500, "phase": 1, "label": "A"}]'}


def planned(web, fmt="behavioral"):
    page = web.post("/mock/plan", {"format": fmt, "level": "L6", "persona": "collaborator"})
    assert page.status_code == 200
    return re.search(r'name="planned" value="([^"]+)"', page.text).group(1)


def stop(web, token, **change):
    return web.post("/mock/stop", {"planned": token, **TIMING, **change}, headers={"Accept": "application/json"})


def rubric_form(rec="4", strengths="Clear STAR structure\nOwned the outcome", n=3):
    form = {f"score_{i}": "4" for i in range(n)}
    form.update({f"evidence_{i}": f"evidence {i}" for i in range(n)})
    form.update(recommendation=rec, strengths=strengths, improvements="Quantify the result")
    return form


def mock_row(web, mid):
    return next(m for m in web.coach().mock_history() if m["id"] == mid)


def test_the_stop_stores_the_mock_and_the_rubric_scores_that_same_mock(web):
    token = planned(web)
    before = count_rows(web.home, "mocks")
    r = stop(web, token)
    assert r.status_code == 201, r.text
    mid = r.json()["id"]
    assert r.json()["status"] == "partial"
    assert count_rows(web.home, "mocks") == before + 1          # stored at the stop, before any rubric
    m = mock_row(web, mid)
    assert (m["status"], m["recommendation"], m["marks"], m["actual_minutes"]) == ("partial", None, 2, [5, 11, 4])

    r = web.post("/mock/save", {"planned": token, **TIMING, "mock_id": str(mid), **rubric_form()})
    assert r.status_code == 303 and r.headers["location"] == f"/mock?saved={mid}"
    assert count_rows(web.home, "mocks") == before + 1          # THAT mock was scored: no second row
    assert mock_row(web, mid)["recommendation"] == 4
    page = web.get(r.headers["location"])
    assert page.status_code == 200 and f"Mock #{mid} saved" in page.text


def test_a_stop_sent_twice_or_a_rubric_after_a_lost_answer_stores_one_mock(web):
    token = planned(web)
    before = count_rows(web.home, "mocks")
    first, again = stop(web, token), stop(web, token)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    # the page never heard the answer, so its form has no mock_id: the run finds the stored mock
    r = web.post("/mock/save", {"planned": token, **TIMING, **rubric_form()})
    assert r.status_code == 303 and r.headers["location"] == f"/mock?saved={first.json()['id']}"
    assert count_rows(web.home, "mocks") == before + 1
    assert mock_row(web, first.json()["id"])["recommendation"] == 4


def test_score_later_on_the_run_page_keeps_the_stored_mock_unscored(web):
    token = planned(web)
    mid = stop(web, token).json()["id"]
    r = web.post("/mock/save", {"planned": token, **TIMING, "mock_id": str(mid)})        # rubric left blank
    assert r.status_code == 303 and r.headers["location"] == f"/mock?saved={mid}"
    assert mock_row(web, mid)["recommendation"] is None
    page = web.get(r.headers["location"]).text
    assert f"Mock #{mid} saved without a score" in page and f'href="/mock/{mid}/score"' in page


def test_when_the_stop_failed_the_rubric_saves_the_session_itself(web):
    token = planned(web)
    before = count_rows(web.home, "mocks")
    r = web.post("/mock/save", {"planned": token, **TIMING, "mock_id": "", **rubric_form(rec="5")})
    assert r.status_code == 303
    mid = int(r.headers["location"].split("=")[1])
    assert count_rows(web.home, "mocks") == before + 1 and mock_row(web, mid)["recommendation"] == 5


def test_history_lists_unscored_mocks_with_score_now_and_scoring_redirects(web):
    token = planned(web)
    mid = stop(web, token).json()["id"]
    listing = web.get("/mock").text
    assert f'<a href="/mock/{mid}/score">Score now</a>' in listing

    form = web.get(f"/mock/{mid}/score")
    assert form.status_code == 200
    for d in ("LP demonstration", "STAR structure", "Management competency"):
        assert f">{d}</label>" in form.text
    assert f'action="/mock/{mid}/score"' in form.text and 'name="csrf_token"' in form.text

    r = web.post(f"/mock/{mid}/score", rubric_form())
    assert r.status_code == 303 and r.headers["location"] == f"/mock?scored={mid}"
    m = mock_row(web, mid)
    assert m["recommendation"] == 4 and m["strengths"] == ["Clear STAR structure", "Owned the outcome"]
    result = web.get(r.headers["location"])                    # the result page: a GET, safe to reload
    assert result.status_code == 200 and f"Mock #{mid} scored: Hire" in result.text
    assert f'href="/mock/{mid}/score"' not in result.text        # no longer waiting for a score
    again = web.get(r.headers["location"])
    assert again.status_code == 200 and count_rows(web.home, "mocks") == count_rows(web.home, "mocks")
    log = [e for e in web.coach().log_list(kind="mock") if e["title"] == "Behavioral mock (partial)"]
    assert [e["score"] for e in log] == [4.0]


def test_a_refused_rubric_comes_back_with_everything_typed(web):
    mid = stop(web, planned(web)).json()["id"]
    form = rubric_form(rec="", strengths="Calm under probes\nGood numbers")
    form["score_1"] = "2"
    form["evidence_2"] = 'said "we" <b>too often</b>'
    r = web.post(f"/mock/{mid}/score", form)
    assert r.status_code == 422
    text = r.text
    assert re.search(r'<small id="e-recommendation" class="field-error" role="alert">[^<]*recommendation', text)
    assert '<textarea id="f-str" name="strengths" class="short">Calm under probes\nGood numbers</textarea>' in text
    assert re.search(r'<select id="s-1" name="score_1">.*?<option selected>2</option>', text, re.S)
    assert 'value="' + str(escape('said "we" <b>too often</b>')) + '"' in text
    assert "Quantify the result</textarea>" in text
    assert mock_row(web, mid)["recommendation"] is None                  # nothing written


@pytest.mark.parametrize("form, field, message", [
    ({}, "form", "fill in the rubric"),
    ({"recommendation": "4"}, "score_0", "LP demonstration"),
    ({**rubric_form(), "score_0": "7"}, "score_0", "LP demonstration must be between 1 and 5, got 7"),
    ({**rubric_form(), "strengths": "x" * 501}, "strengths", "Strengths: line 1 is too long"),
    ({**rubric_form(), "evidence_0": "bell\x07"}, "evidence_0", "evidence for LP demonstration"),
])
def test_bad_rubrics_are_one_line_by_their_field(web, form, field, message):
    mid = stop(web, planned(web)).json()["id"]
    r = web.post(f"/mock/{mid}/score", form)
    assert r.status_code == 422
    shown = re.search(rf'<[a-z]+ id="e-{field}"[^>]*role="alert">([^<]*)</', r.text)
    assert shown and message.lower() in html.unescape(shown.group(1)).lower(), r.text[:3000]
    assert mock_row(web, mid)["recommendation"] is None


def test_scoring_a_scored_mock(web):
    mid = stop(web, planned(web)).json()["id"]
    assert web.post(f"/mock/{mid}/score", rubric_form()).status_code == 303
    assert web.post(f"/mock/{mid}/score", rubric_form()).status_code == 303      # a double submit: the same rubric
    other = web.post(f"/mock/{mid}/score", rubric_form(rec="1"))
    assert other.status_code == 422 and f"mock #{mid} is already scored" in other.text.lower()
    assert mock_row(web, mid)["recommendation"] == 4
    page = web.get(f"/mock/{mid}/score")
    assert page.status_code == 200 and "already scored" in page.text and 'id="mock-score"' not in page.text


def test_writes_need_the_csrf_token(web):
    token = planned(web)
    before = count_rows(web.home, "mocks")
    r = web.post("/mock/stop", {"planned": token, **TIMING}, csrf=False, headers={"Accept": "application/json"})
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    assert count_rows(web.home, "mocks") == before
    mid = stop(web, token).json()["id"]
    r = web.post(f"/mock/{mid}/score", rubric_form(), csrf=False)
    assert r.status_code == 403 and mock_row(web, mid)["recommendation"] is None
    r = web.post(f"/mock/{mid}/score", {**rubric_form(), "csrf_token": web.token[:-2] + "xx"}, csrf=False)
    assert r.status_code == 403 and mock_row(web, mid)["recommendation"] is None


def test_the_stop_refuses_bad_timing_in_one_line_and_stores_nothing(web):
    token = planned(web)
    before = count_rows(web.home, "mocks")
    r = stop(web, token, phase_starts="[0, 500, 100]")
    assert r.status_code == 400 and "never go backwards" in r.json()["error"]
    r = stop(web, token[:-4] + "beef")
    assert r.status_code == 400 and "plan the mock again" in r.json()["error"]
    assert count_rows(web.home, "mocks") == before


def test_save_with_a_mock_id_not_ours_is_refused_on_the_form(web):
    token = planned(web)
    before = count_rows(web.home, "mocks")
    r = web.post("/mock/save", {"planned": token, **TIMING, "mock_id": "99999", **rubric_form()})
    assert r.status_code == 422 and "no mock #99999" in r.text
    assert 'name="mock_id" value=""' in r.text           # sent again, the form saves the session itself
    assert count_rows(web.home, "mocks") == before


@pytest.mark.parametrize("path, status", [("/mock/99999/score", 404), ("/mock/2147483647/score", 404),
                                          ("/mock/0/score", 422), ("/mock/-3/score", 422),
                                          ("/mock/99999999999999999999/score", 422), ("/mock/abc/score", 422)])
def test_unknown_ids(web, path, status):
    assert web.get(path).status_code == status
    r = web.post(path, rubric_form())
    assert r.status_code == status
    if status == 404:
        assert "no mock #" in r.text
