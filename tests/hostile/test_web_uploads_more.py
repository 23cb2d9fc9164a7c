"""Hostile uploads on the web's new file fields (issue 16 §4 and §8): the Stories page's import and the Mock page's
filled-in kit. Oversize bodies are refused unread and come back as the page with the message by the file field;
binary files, NUL bytes, formula cells, markup in cells and file names, and a YAML bomb are each one message by
the field, nothing is written, and what is imported is shown as text, never run."""

from __future__ import annotations

import re
import time

from systemcraft.services.mockrun import FEEDBACK_MAX_BYTES
from systemcraft.web.security import MAX_KIT_UPLOAD, MAX_STORY_UPLOAD
from tests.hostile.test_readers_hostile import laughs
from tests.hostile.test_upload_limits import _claimed
from tests.web.conftest import count_rows, web  # noqa: F401  (the web pages' fixture)
from tests.web.html_page import by_id, controls, form, parse
from tests.web.test_mock_partner_web import filled, kit, send

HEADER = "Title,Primary LP,Situation,Task,Action,Result\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def import_files(web, *files):
    return web.client.post("/stories/import", data={"csrf_token": web.token}, follow_redirects=False,
                           files=[("files", f) for f in files])


def field_message(html: str, action: str, name: str) -> str:
    """The message the file field points at (aria-describedby), which must be a field error."""
    page = parse(html)
    field = controls(form(page, action), name)[0]
    assert field.get("aria-invalid") == "true"
    message = by_id(page, field.get("aria-describedby").split()[0])
    assert "field-error" in message.classes
    return message.text()


def _file_page(r, action: str, name: str, words: str) -> None:
    """assert_page_with_file_message, for a file field not named `file`."""
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert words in field_message(r.text, action, name)


# ---- oversize -----------------------------------------------------------------------------------------------

def test_a_story_upload_over_the_limit_gets_the_stories_page_with_the_message_by_the_field(web):
    before = count_rows(web.home, "stories")
    r = _claimed(web.client, "/stories/import", MAX_STORY_UPLOAD + 1, web.token)
    _file_page(r, "/stories/import", "files", "This file is larger than 21 MB, so it was not read")
    assert "Which story fits this question?" in r.text                  # the Stories page itself
    sent = import_files(web, ("big.csv", HEADER.encode() + b"x" * (MAX_STORY_UPLOAD + 1), "text/csv"))
    _file_page(sent, "/stories/import", "files", "larger than 21 MB")
    assert count_rows(web.home, "stories") == before


def test_a_kit_over_the_limit_gets_the_mock_page_and_one_over_the_form_size_is_named_too(web):
    before = count_rows(web.home, "mocks")
    r = _claimed(web.client, "/mock/feedback", MAX_KIT_UPLOAD + 1, web.token)
    _file_page(r, "/mock/feedback", "kit", "This file is larger than 1 MB, so it was not read")
    assert "Mock with a partner" in r.text
    # under the request's limit but over the form's: the reader refuses it, by the field
    padded = filled(kit(web).text) + "\n<!-- " + "x" * (FEEDBACK_MAX_BYTES + 10) + " -->\n"
    r = send(web, padded)
    assert r.status_code == 422
    assert "is too large" in field_message(r.text, "/mock/feedback", "kit") and "at most 524,288" in r.text
    assert count_rows(web.home, "mocks") == before


def test_the_delivery_limit_is_not_widened_by_the_new_paths(web):
    """The new limits are per path: any other form keeps 256 KB."""
    r = web.post("/checkpoints/1", {"part_1A": "1" * (300 * 1024)})
    assert r.status_code == 413 and "larger than 256 KB" in r.text


# ---- binary, NUL, markup, file names ---------------------------------------------------------------------------

def test_binary_files_are_one_message_by_the_field(web):
    before = count_rows(web.home, "stories"), count_rows(web.home, "mocks")
    r = import_files(web, ("photo.csv", PNG, "text/csv"))
    assert r.status_code == 422 and "not UTF-8" in field_message(r.text, "/stories/import", "files")
    r = import_files(web, ("photo.md", PNG, "text/markdown"), ("fine.md", b"---\ntitle: x\n---\n", "text/markdown"))
    assert r.status_code == 422 and "photo.md is not UTF-8 text" in r.text
    r = send(web, PNG, name="kit.md")
    assert r.status_code == 422 and "not UTF-8 text" in field_message(r.text, "/mock/feedback", "kit")
    nul = (HEADER + "Has a NUL,ownership,S\x00,T,A,R\n").encode()
    r = import_files(web, ("nul.csv", nul, "text/csv"))
    assert r.status_code == 422 and "Line 2: holds a NUL character" in r.text
    assert (count_rows(web.home, "stories"), count_rows(web.home, "mocks")) == before


def test_a_file_name_with_folders_markup_or_control_characters_is_shown_as_plain_text(web):
    name = '../../etc/<img src=x onerror=alert(1)>\x1b[31mbank.pdf'
    r = import_files(web, (name, b"x", "application/pdf"))
    assert r.status_code == 422
    assert "<img src=x" not in r.text and "../" not in r.text and "\x1b" not in r.text
    two = import_files(web, (name, b"x", "application/pdf"), ("b.md", b"x", "text/markdown"))
    assert "&lt;img src=x onerror=alert(1)&gt;[31mbank.pdf: give .md story files" in two.text


def test_formula_and_markup_cells_are_imported_as_text_and_shown_as_text(web):
    """A spreadsheet's formula cells are text to the coach: stored as typed (a quote before a formula, the export's
    guard, is taken back off), never evaluated, and shown escaped."""
    rows = ('"=HYPERLINK(""http://evil.example"",""click"")",ownership,"@SUM(A1) situation",'
            '"-2+3+cmd|\' /C calc\'!A0","\'=1+2 action","<script>alert(1)</script> result"\n')
    r = import_files(web, ("formulas.csv", (HEADER + rows).encode(), "text/csv"))
    assert r.status_code == 303, r.text[:500]
    story = next(s for s in web.coach().stories() if s.title.startswith("=HYPERLINK"))
    assert story.title == '=HYPERLINK("http://evil.example","click")'
    assert (story.situation, story.task) == ("@SUM(A1) situation", "-2+3+cmd|' /C calc'!A0")
    assert story.action == "=1+2 action"                        # the guarding quote is removed, as `story import` does
    assert story.result == "<script>alert(1)</script> result"
    listing = web.get("/stories").text
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;click&#34;)" in listing
    shown = web.get(f"/stories/{story.id}").text
    assert "<script>alert(1)</script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt; result" in shown


# ---- a YAML bomb in a kit -------------------------------------------------------------------------------------

def test_a_kit_with_a_yaml_bomb_is_refused_at_once_by_the_field(web):
    text = filled(kit(web).text)
    bomb = text.replace("strengths: [Clear STAR structure, Owned the outcome]", "strengths: " + laughs())
    line = bomb.splitlines().index("strengths: " + laughs()) + 1
    before = count_rows(web.home, "mocks")
    started = time.perf_counter()
    r = send(web, bomb)
    assert time.perf_counter() - started < 5             # never expanded (9**9 strings would take minutes)
    assert r.status_code == 422
    message = field_message(r.text, "/mock/feedback", "kit")
    assert re.fullmatch(rf"Line {line}: the feedback form is not valid YAML \(anchors \(&a0\) are not allowed.*",
                        message), message
    assert count_rows(web.home, "mocks") == before
