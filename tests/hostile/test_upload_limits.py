"""Bodies over the size limit (issue 16 §8): refused before they are read, and answered in the page's own terms.

Every multipart form (the Delivery transcript upload, the data import on Settings and on the welcome page) gets
its page back with the message by the file field, status 413; any other page's form gets the site's error page;
the API keeps its one-line JSON error. Nothing is written in any case.
"""

from __future__ import annotations

import pytest

from systemcraft.web.security import HEADERS, MAX_BODY, MAX_TRANSCRIPT, MAX_UPLOAD
from tests.web.conftest import count_rows, fresh_web, web  # noqa: F401  (the web pages' fixtures)
from tests.web.html_page import by_id, controls, form, parse


def _claimed(client, path: str, size: int, token: str, **headers):
    """A POST whose Content-Length claims `size` bytes: the limit must refuse it on the header alone."""
    return client.post(path, content=b"x", follow_redirects=False,
                       headers={"content-length": str(size), "content-type": "multipart/form-data; boundary=x",
                                "x-csrf-token": token, **headers})


def _multipart(fields: dict[str, str], name: str, size: int, boundary: str = "limitboundary"):
    """A real multipart body with a file of `size` bytes, sent in chunks without a Content-Length."""
    head = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                   for k, v in fields.items())
    head += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n' \
            "Content-Type: text/plain\r\n\r\n"

    def chunks():
        yield head.encode()
        left = size
        while left > 0:
            n = min(left, 1 << 20)
            yield b"w" * n
            left -= n
        yield f"\r\n--{boundary}--\r\n".encode()
    return chunks(), f"multipart/form-data; boundary={boundary}"


def assert_page_with_file_message(r, action: str, words: str) -> None:
    assert r.status_code == 413, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    for name, value in HEADERS.items():
        assert r.headers.get(name) == value
    page = parse(r.text)
    field = controls(form(page, action), "file")[0]
    assert field.get("aria-invalid") == "true"
    message = by_id(page, field.get("aria-describedby").split()[0])
    assert "field-error" in message.classes and words in message.text(), message.text()


def test_a_transcript_over_the_limit_gets_the_delivery_page_with_the_message_by_the_file(web):
    r = web.client.post("/delivery", data={"csrf_token": web.token}, follow_redirects=False,
                        files={"file": ("big.vtt", b"x" * (MAX_TRANSCRIPT + 1), "text/vtt")})
    assert_page_with_file_message(r, "/delivery", "This file is larger than 21 MB, so it was not read")
    assert "Your analyses" in r.text                         # the whole page, with its navigation
    assert count_rows(web.home, "deliveries") == 0


def test_a_streamed_upload_is_cut_off_at_the_limit_and_gets_the_same_page(web):
    body, kind = _multipart({"csrf_token": web.token}, "long.vtt", MAX_TRANSCRIPT + (1 << 20))
    r = web.client.post("/delivery", content=body, headers={"content-type": kind}, follow_redirects=False)
    assert "content-length" not in r.request.headers        # the limit counted the bytes as they came
    assert_page_with_file_message(r, "/delivery", "larger than 21 MB")
    assert count_rows(web.home, "deliveries") == 0


def test_an_export_over_the_limit_gets_the_settings_page_with_the_message_by_the_file(web):
    r = _claimed(web.client, "/settings/import", MAX_UPLOAD + 1, web.token)
    assert_page_with_file_message(r, "/settings/import", "larger than 64 MB")
    assert 'action="/plan/regenerate"' in r.text             # the Settings page itself


def test_an_export_over_the_limit_on_the_welcome_page_gets_the_welcome_page(fresh_web):
    r = _claimed(fresh_web.client, "/settings/import", MAX_UPLOAD + 1, fresh_web.token)
    assert_page_with_file_message(r, "/settings/import", "larger than 64 MB")
    assert 'action="/welcome"' in r.text and "Some answers need attention" not in r.text
    assert count_rows(fresh_web.home, "candidates") == 0


@pytest.mark.parametrize("path, data", [
    ("/checkin", {"hours": "2", "confidence": "3", "energy": "3", "insight": "x" * (MAX_BODY + 1)}),
    ("/stories", {"title": "Huge", "primary_lp": "ownership", "situation": "s" * (MAX_BODY + 1)}),
])
def test_any_other_form_over_the_limit_gets_the_error_page_not_json(web, path, data):
    before = count_rows(web.home, "log_entries"), count_rows(web.home, "stories")
    r = web.post(path, data)
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "larger than 256 KB, so none of it was read" in r.text and '<nav aria-label="Main">' in r.text
    assert (count_rows(web.home, "log_entries"), count_rows(web.home, "stories")) == before


def test_the_api_keeps_its_json_error(web):
    r = web.api("POST", "/api/delivery", json={"name": "big.txt", "content": "x" * (MAX_TRANSCRIPT + 1)})
    assert r.status_code == 413 and r.json() == {"error": "the request body is larger than 21 MB"}
    r = web.api("POST", "/api/stories", json={"title": "t" * (MAX_BODY + 1)})
    assert r.status_code == 413 and r.json() == {"error": "the request body is larger than 256 KB"}
    r = _claimed(web.client, "/delivery", MAX_TRANSCRIPT + 1, web.token, accept="application/json")
    assert r.status_code == 413 and "larger than" in r.json()["error"]       # a script asking for JSON gets JSON
    assert count_rows(web.home, "deliveries") == 0
