"""A mock with a partner, on the web alone (issue 16 §4): the Mock page hands out the interviewer's kit (Markdown,
or HTML to print) and takes it back filled in, saved as a partner's mock; a problem in the form is shown by the
file field with its line. The CLI's kit and import say the same."""

from __future__ import annotations

import re

from systemcraft.domain import mocks as dm
from tests.web.conftest import count_rows
from tests.web.test_no_terminal_leaks import leaks


def kit(web, fmt="behavioral", kind="md", **extra):
    return web.get("/mock/kit", params={"kit_format": fmt, "kit_level": "L6", "kit_persona": "skeptic", "as": kind,
                                        **extra})


def filled(text: str, score: int = 4, rec: int = 4) -> str:
    """The kit's feedback form filled in as a partner would: every score, the recommendation, a strength."""
    text = re.sub(r"^(  [^:\n]+): 0$", rf"\1: {score}", text, flags=re.M)
    return (text.replace("recommendation: 0", f"recommendation: {rec}")
                .replace('interviewer: ""', 'interviewer: "Jo Partner"')
                .replace("strengths: []", "strengths: [Clear STAR structure, Owned the outcome]"))


def send(web, text: str | bytes, name="kit.md"):
    data = text.encode() if isinstance(text, str) else text
    return web.client.post("/mock/feedback", data={"csrf_token": web.token}, follow_redirects=False,
                           files={"kit": (name, data, "text/markdown")})


def test_the_mock_page_offers_both_downloads_and_the_upload(web):
    page = web.get("/mock")
    assert 'action="/mock/kit"' in page.text and 'name="as" value="html"' in page.text and 'value="md"' in page.text
    assert 'action="/mock/feedback"' in page.text and 'enctype="multipart/form-data"' in page.text
    assert leaks(page.text, web.home) == []


def test_the_kit_downloads_as_markdown_and_as_a_printable_page(web):
    md = kit(web)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.headers["content-disposition"] == 'attachment; filename="systemcraft-behavioral-L6-kit.md"'
    dims = dm.rubric_dimensions("behavioral", "L6")
    assert "## Feedback form" in md.text and all(f"  {d}: 0" in md.text for d in dims)
    assert "persona: skeptic" in md.text
    assert "imports it on the Mock page of the coach" in md.text      # the partner's file names both ways
    html = kit(web, "system_design", "html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert html.headers["content-disposition"].endswith('-kit.html"')
    assert "<table>" in html.text and "<title>System design mock kit</title>" in html.text


def test_a_wrong_choice_comes_back_to_the_page_by_its_field(web):
    r = kit(web, "karaoke", kind="pdf")
    assert r.status_code == 422 and 'id="e-kit_format"' in r.text
    assert r.headers["content-type"].startswith("text/html") and "Content-Disposition" not in r.headers


def test_a_filled_in_kit_is_saved_as_a_partner_mock_once(web):
    text = filled(kit(web).text, score=4, rec=4)
    before = count_rows(web.home, "mocks")
    r = send(web, text)
    assert r.status_code == 303 and re.fullmatch(r"/mock\?partner=\d+", r.headers["location"])
    mid = int(r.headers["location"].split("=")[1])
    assert count_rows(web.home, "mocks") == before + 1
    saved = web.coach().mock(mid)
    assert (saved["status"], saved["recommendation"], saved["format"]) == ("partner", 4, "behavioral")
    assert saved["strengths"] == ["Clear STAR structure", "Owned the outcome"]
    page = web.get(r.headers["location"])
    assert f"Your partner's feedback is saved as mock #{mid}: " in page.text
    assert dm.RECOMMENDATIONS[4] in page.text
    # sent again (a double click, a reload): the same mock, not a second one
    again = send(web, text)
    assert again.status_code == 303 and again.headers["location"] == f"/mock?partner={mid}"
    assert count_rows(web.home, "mocks") == before + 1


def test_a_problem_in_the_form_is_shown_by_the_file_field_with_its_line(web):
    text = filled(kit(web).text)
    wrong = text.replace("recommendation: 4", "recommendation: 9")
    line = wrong.splitlines().index("recommendation: 9") + 1
    before = count_rows(web.home, "mocks")
    r = send(web, wrong)
    assert r.status_code == 422
    error = re.search(r'<small id="e-kit" class="field-error" role="alert">([^<]*)</small>', r.text).group(1)
    assert error == f"Line {line}: recommendation must be from 1 to 5, got 9"
    assert 'aria-invalid="true"' in r.text and count_rows(web.home, "mocks") == before
    unfilled = send(web, kit(web).text)                                # downloaded and sent back untouched
    assert unfilled.status_code == 422 and "must be a whole number from 1 to 5, got 0" in unfilled.text
    nothing = web.client.post("/mock/feedback", data={"csrf_token": web.token}, follow_redirects=False)
    assert nothing.status_code == 422 and "Choose the kit your partner filled in" in nothing.text
    assert web.post("/mock/feedback", {}, csrf=False).status_code == 403


def test_the_cli_kit_and_import_still_work_and_name_their_command(ready_cli, tmp_path):
    out = tmp_path / "kit.md"
    r = ready_cli("mock", "kit", "behavioral", "--out", str(out))
    assert r.returncode == 0 and "systemcraft mock import-feedback FILE" in r.stdout
    assert "the terminal's `mock import-feedback`" in out.read_text()
    out.write_text(filled(out.read_text()))
    r = ready_cli("mock", "import-feedback", str(out))
    assert r.returncode == 0, r.stderr
    assert "Feedback saved as mock #1: recommendation 4" in r.stdout
