"""The Delivery page and /api/delivery: upload, report, trend, and bad input that stores nothing."""

import re
from pathlib import Path

import pytest

from tests.web.test_pages import count_rows

FIX = Path(__file__).parents[1] / "fixtures" / "delivery"


def upload(web, name="teams.vtt", data=None, **fields):
    content = data if data is not None else (FIX / name).read_bytes()
    return web.client.post("/delivery", data={"csrf_token": web.token, **fields}, follow_redirects=False,
                           files={"file": (name, content, "text/plain")})


def errors(r):
    return re.findall(r'field-error" role="alert">([^<]*)', r.text)


def test_upload_shows_the_report_and_the_trend(web):
    assert web.get("/delivery").status_code == 200
    r = upload(web, speaker="Priya Raman", version="2min")
    assert r.status_code == 303 and r.headers["location"].startswith("/delivery/")
    page = web.get(r.headers["location"])
    assert page.status_code == 200
    text = page.text
    assert "Priya Raman" in text and "STAR timing" in text and "“So, at the time" in text
    assert "against the 2min version" in text and "What to listen for" in text
    listing = web.get("/delivery").text
    assert "teams.vtt" in listing and 'id="chart-delivery"' in listing
    assert 'id="chart-delivery"' in web.get("/progress").text
    assert count_rows(web.home, "deliveries") == 1


def test_the_story_select_links_the_analysis(web):
    made = web.api("POST", "/api/stories", json={
        "title": "Nightly pipeline", "primary_lp": "ownership", "situation": "Our data pipeline failed every night.",
        "task": "I was asked to own it.", "action": "I rewrote the scheduler and set up alerts.",
        "result": "Failures fell from thirty a month to two."})
    assert made.status_code == 201, made.text
    story_id = made.json()["id"]
    r = upload(web, "zoom.vtt", story=str(story_id))
    assert r.status_code == 303
    assert "Against the story" in web.get(r.headers["location"]).text


def test_the_mock_select_times_the_parts_from_its_marks(web):
    from systemcraft.coach import Coach
    from tests.delivery.test_delivery_store import _mock_with_marks
    c = Coach(web.env)
    mid = _mock_with_marks(c, [(4, "S"), (12, "T"), (44, "A"), (50, "R")])
    c.close()
    listing = web.get("/delivery").text
    assert f'<option value="{mid}"' in listing and "4 STAR marks" in listing
    r = upload(web, "zoom.vtt", mock=str(mid), offset="0:20")
    assert r.status_code == 303, errors(r)
    report = web.api("GET", f"/api/delivery/{r.headers['location'].rsplit('/', 1)[1]}").json()
    assert report["mock_id"] == mid and report["star"]["method"] == "markers"
    assert report["star"]["cues"]["action"] == ["mock marker at 0:24"]
    assert "mock marker at 0:24" in web.get(r.headers["location"]).text


@pytest.mark.parametrize("name,data,fields,field_error", [
    ("a.vtt", (FIX / "answer.srt").read_bytes(), {}, "holds SRT captions"),
    ("a.vtt", b"WEBVTT\n\n00:05.000 --> 00:02.000\nhi\n", {}, "backwards timestamps"),
    ("a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\ncaf\u00e9\n".encode("latin-1"), {}, "not UTF-8"),
    ("teams.vtt", None, {"speaker": "Nobody"}, "no lines from speaker"),
    ("a.txt", b"plain words", {}, "give its length with --duration"),
    ("a.txt", b"plain words", {"duration": "later"}, "the length must look like"),
    ("teams.vtt", None, {"level": "L9"}, "the level must be L6 or L7"),
    ("teams.vtt", None, {"story": "99999"}, "no story 99999"),
    ("teams.vtt", None, {"mock": "99999"}, "no mock 99999"),
    ("teams.vtt", None, {"offset": "1:00"}, "choose the mock the recording is from"),
    ("teams.vtt", None, {"mock": "1", "offset": "soon"}, "the start in the mock must look like"),
    ("teams.vtt", None, {"speaker": "<script>alert(1)</script>" * 10}, "at most 100"),
])
def test_bad_uploads_explain_next_to_the_field_and_store_nothing(web, name, data, fields, field_error):
    r = upload(web, name, data, **fields)
    assert r.status_code == 422, r.text[:300]
    shown = field_error[:1].upper() + field_error[1:]          # a message by its field is in sentence case
    assert any(field_error in e or e.startswith(shown) for e in errors(r)), errors(r)
    assert "<script>alert" not in r.text
    assert count_rows(web.home, "deliveries") == 0


def test_the_web_coach_without_a_model_explains_how_to_take_recordings(web, tmp_path):
    from tests.delivery.test_stt import tone
    assert "install a speech model in <a href=\"/settings#speech-model\">Settings</a> first" in web.get("/delivery").text
    r = upload(web, "answer.wav", tone(tmp_path / "a.wav").read_bytes())
    assert r.status_code == 422 and "is a recording: install a speech model in Settings" in r.text
    assert count_rows(web.home, "deliveries") == 0


def test_no_file_and_no_csrf(web):
    r = web.client.post("/delivery", data={"csrf_token": web.token})
    assert r.status_code == 422 and "Choose a transcript file" in r.text
    r = web.client.post("/delivery", data={}, files={"file": ("a.vtt", b"WEBVTT\n", "text/vtt")})
    assert r.status_code == 403
    assert count_rows(web.home, "deliveries") == 0


def test_an_upload_over_the_limit_is_refused_before_it_is_read(web):
    r = upload(web, "big.vtt", b"x" * (22 * 1024 * 1024))
    assert r.status_code == 413
    assert count_rows(web.home, "deliveries") == 0


def test_report_of_another_or_missing_analysis_is_404(web):
    assert web.get("/delivery/12345").status_code == 404
    assert web.get("/delivery/0").status_code == 422


def test_api_round_trip(web):
    body = {"name": "answer.srt", "content": (FIX / "answer.srt").read_text(encoding="utf-8-sig"),
            "speaker": "Candidate", "level": "L7"}
    r = web.api("POST", "/api/delivery", json=body)
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["speaker"] == "Candidate" and rep["level"] == "L7" and rep["fillers"]["by_word"] == {"basically": 1}
    assert rep["hedges"]["distinct"] == ["i think"] and rep["saved"] is True
    listed = web.api("GET", "/api/delivery").json()
    assert [d["id"] for d in listed] == [rep["id"]]
    assert web.api("GET", f"/api/delivery/{rep['id']}").json()["words"] == rep["words"]


@pytest.mark.parametrize("body,status,message", [
    ({"name": "a.vtt", "content": "WEBVTT\n\n00:05.000 --> 00:02.000\nhi\n"}, 400, "backwards"),
    ({"name": "a.txt", "content": "hello there"}, 400, "--duration"),
    ({"name": "a.vtt", "content": "x", "extra": 1}, 422, ""),
    ({"name": "a.vtt"}, 422, ""),
    ({"name": "", "content": "x"}, 422, ""),
    ({"name": "a.vtt", "content": "WEBVTT\n\n00:01.000 --> 00:03.000\nhi there\n", "mock_offset_seconds": 30}, 400,
     "--mock-offset needs --mock"),
    ({"name": "a.vtt", "content": "x", "mock_offset_seconds": -1}, 422, ""),
])
def test_api_bad_input(web, body, status, message):
    r = web.api("POST", "/api/delivery", json=body)
    assert r.status_code == status and message in r.json()["error"]
    assert count_rows(web.home, "deliveries") == 0
