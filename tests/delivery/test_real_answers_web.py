"""The same real material through the web page and the CLI: a Portuguese answer shows pace and says that
fillers, hedges and STAR are English-only; an impossible pace is a one-line error that stores nothing."""

import re
from pathlib import Path

from tests.web.conftest import web  # noqa: F401  (the fixture)
from tests.web.test_pages import count_rows

DATA = Path(__file__).parents[1] / "data" / "answers"
PT = " ".join((DATA / "farelo_pt_excerpt.txt").read_text(encoding="utf-8").split())


def vtt(text: str, seconds: int, who: str = "Sam Candidate") -> bytes:
    return f"WEBVTT\n\n00:00:00.000 --> 00:{seconds // 60:02d}:{seconds % 60:02d}.000\n<v {who}>{text}</v>\n".encode()


def upload(web, name, data, **fields):  # noqa: F811
    return web.client.post("/delivery", data={"csrf_token": web.token, **fields}, follow_redirects=False,
                           files={"file": (name, data, "text/plain")})


def test_a_portuguese_answer_on_the_web_keeps_pace_and_leaves_out_english_only_analyses(web):  # noqa: F811
    r = upload(web, "pt.vtt", vtt(PT, 150))
    assert r.status_code == 303, r.text[:300]
    page = web.get(r.headers["location"]).text
    assert "English only" in page and "fillers/min" not in page
    assert "Not estimated: STAR parts are read from English phrases only" in page
    words = len(re.findall(r"\S+", PT))
    assert f"<b>{round(words / 150 * 60)}</b>" in page           # the pace is still measured


def test_an_impossible_pace_on_the_web_is_a_one_line_error_and_stores_nothing(web):  # noqa: F811
    before = count_rows(web.home, "deliveries")
    r = upload(web, "fast.vtt", vtt(" ".join(["word"] * 400), 60))
    assert r.status_code == 422
    assert "400 words a minute is faster than anyone speaks" in r.text
    assert count_rows(web.home, "deliveries") == before


def test_the_cli_report_says_what_is_english_only(ready_cli, tmp_path):
    f = tmp_path / "pt.vtt"
    f.write_bytes(vtt(PT, 150))
    r = ready_cli("analyze", str(f), "--no-save")
    assert r.returncode == 0, r.stderr
    assert "not analysed: they are read in English only" in r.stdout
    assert "STAR parts are read in English only" in r.stdout and "Fillers  0" not in r.stdout
    bad = tmp_path / "fast.vtt"
    bad.write_bytes(vtt(" ".join(["word"] * 400), 60))
    r = ready_cli("analyze", str(bad))
    assert r.returncode != 0 and "faster than anyone speaks" in r.stderr and len(r.stderr.strip().splitlines()) == 1
