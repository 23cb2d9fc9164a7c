"""Real caption files through the CLI (`systemcraft analyze`) and the Delivery page: what a new user sees
for YouTube automatic captions, a Zoom meeting and a caption file without its WEBVTT line. The right
figures are worked out in tests/delivery/test_real_captions.py."""

import re
import shutil
from pathlib import Path

from tests.cli.test_bad_input import one_line_error
from tests.web.conftest import web  # noqa: F401  (the Delivery page's fixture)

DATA = Path(__file__).parents[1] / "data" / "captions"


def test_cli_reports_youtube_captions_once_with_their_pauses(ready_cli):
    rep = ready_cli.json("analyze", str(DATA / "youtube_auto_affirmations.en.vtt"), "--no-save")
    assert rep["format"] == "youtube" and rep["words"] == 821           # before: 2,432 words at 493 a minute
    assert 160 <= rep["wpm"] <= 175
    assert [p["seconds"] for p in rep["pauses"]] == [8.8, 9.52, 5.72]
    assert any("counted once" in n for n in rep["notes"])


def test_cli_refuses_a_guess_at_the_speaker_in_a_real_meeting(ready_cli, tmp_path):
    f = tmp_path / "meeting.vtt"
    shutil.copy(DATA / "zoom_meeting003.vtt", f)
    message = one_line_error(ready_cli("analyze", str(f), "--speaker", "Andrew Nobody"))
    assert re.search(r"no lines from speaker 'Andrew Nobody' in this transcript; did you mean Andrew Knight", message)
    rep = ready_cli.json("analyze", str(f), "--speaker", "Andrew Knight", "--no-save")
    assert rep["speaker"] == "Andrew Knight" and rep["words"] == 1026       # not the 4 unnamed words


def test_cli_format_vtt_reads_a_caption_file_without_its_header(ready_cli, tmp_path):
    f = tmp_path / "captions.txt"
    f.write_text((DATA / "youtube_auto_furless.en.vtt").read_text().replace("WEBVTT\n", "", 1))
    rep = ready_cli.json("analyze", str(f), "--format", "vtt", "--no-save")
    assert rep["words"] == 322


def test_the_delivery_page_shows_youtube_captions_counted_once(web):  # noqa: F811
    data = (DATA / "youtube_auto_furless.en.vtt").read_bytes()
    r = web.client.post("/delivery", data={"csrf_token": web.token}, follow_redirects=False,
                        files={"file": ("furless.en.vtt", data, "text/plain")})
    assert r.status_code == 303
    page = web.get(r.headers["location"]).text
    assert re.search(r"\b322\b", page) and "958" not in page                 # before: 958 words
