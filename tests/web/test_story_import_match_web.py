"""Stories: import and match on the web (issue 16 §4). The Stories page imports a .csv spreadsheet or .md story
files as `story import` does (all or nothing, the columns used and not used, every bad row named by its line)
and answers "Which story fits this question?" as `story match` does, ranked with the reason."""

from __future__ import annotations

import re

from systemcraft.services import story_markdown
from tests.domain.test_stories_domain import good_story
from tests.web.conftest import count_rows
from tests.web.test_no_terminal_leaks import leaks

HEADER = "Story Title,Leadership Principle,Situation,Task,Action,Result,Notes\n"
GOOD_ROWS = ('Cut the release train,Deliver Results,"Releases slipped every fortnight.","I owned predictability.",'
             '"I split the build into three pipelines.","Releases went from 14 days to 2.",keep\n'
             'Hired a staff engineer,Hire and Develop the Best,"No senior on the team.","Fill the gap in a quarter.",'
             '"I rewrote the loop and sourced 40 people.","Hired in 9 weeks; attrition fell 20%.",x\n')


def upload(web, *files, path="/stories/import"):
    return web.client.post(path, data={"csrf_token": web.token}, follow_redirects=False,
                           files=[("files", f) for f in files])


def titles(web) -> list[str]:
    return [s.title for s in web.coach().stories()]


def test_a_spreadsheet_is_imported_with_the_columns_used_and_not_used(web):
    before = count_rows(web.home, "stories")
    r = upload(web, ("bank.csv", (HEADER + GOOD_ROWS).encode(), "text/csv"))
    assert r.status_code == 303 and r.headers["location"].startswith("/stories?imported=2&report=")
    assert count_rows(web.home, "stories") == before + 2
    page = web.get(r.headers["location"].split("#")[0])
    assert page.status_code == 200 and "2 stories imported" in page.text
    report = re.search(r'<div class="notice ok" id="import-report">(.*?)</div>', page.text, re.S).group(1)
    assert "Story Title → title" in report and "Leadership Principle → primary lp" in report
    assert "Columns not used (their text was not imported): Notes." in report
    assert leaks(page.text, web.home) == []
    # the same file again (a double submit): refused by title, nothing doubled
    again = upload(web, ("bank.csv", (HEADER + GOOD_ROWS).encode(), "text/csv"))
    assert again.status_code == 422 and "already in your bank: &#39;Cut the release train&#39;" in again.text
    assert count_rows(web.home, "stories") == before + 2


def test_every_bad_row_is_named_and_nothing_is_imported(web):
    """Rows 3 and 5 are wrong (an unknown principle, an empty Action); rows 2 and 4 are fine: none is imported."""
    bad = (HEADER + GOOD_ROWS.splitlines(keepends=True)[0]
           + 'Bad principle,Customer Obsesion,"S text.","T text.","A text.","R text.",\n'
           + 'Fine one,Ownership,"S.","T.","A.","R.",\n'
           + 'Empty action,Ownership,"S.","T.","","R.",\n')
    before = count_rows(web.home, "stories")
    r = upload(web, ("bank.csv", bad.encode(), "text/csv"))
    assert r.status_code == 422
    assert count_rows(web.home, "stories") == before                     # all or nothing
    error = re.search(r'<small id="e-files" class="field-error" role="alert">([^<]*)</small>', r.text).group(1)
    assert error == "Nothing was imported: 2 problems were found; fix them and import the file again"
    problems = re.findall(r"<li>(bank\.csv: line \d+: [^<]*)</li>", r.text)
    assert [p.split(": ")[1] for p in problems] == ["line 3", "line 5"]
    assert "primary_lp" in problems[0] and "action" in problems[1].lower()
    assert "Not used: Notes." in r.text                                  # the columns read, even on a refusal
    assert 'aria-invalid="true"' in r.text


def test_several_markdown_files_import_together_or_not_at_all(web):
    one = story_markdown.render(good_story(title="Billing migration on the web"))
    two = story_markdown.render(good_story(title="Second story on the web", primary_lp="dive-deep",
                                           secondary_lps=()))
    broken = two.replace("primary_lp: dive-deep", "primary_lp: ownershp")
    before = count_rows(web.home, "stories")
    r = upload(web, ("one.md", one.encode(), "text/markdown"), ("two.md", broken.encode(), "text/markdown"))
    assert r.status_code == 422 and "<li>two.md: primary_lp: unknown Leadership Principle" in r.text
    assert "did you mean &#39;ownership&#39;" in r.text and "1 problem was found" in r.text
    assert count_rows(web.home, "stories") == before
    r = upload(web, ("one.md", one.encode(), "text/markdown"), ("two.md", two.encode(), "text/markdown"))
    assert r.status_code == 303 and r.headers["location"].startswith("/stories?imported=2&")
    assert {"Billing migration on the web", "Second story on the web"} <= set(titles(web))


def test_nothing_chosen_a_wrong_kind_or_a_mix_is_one_message_by_the_field(web):
    r = web.client.post("/stories/import", data={"csrf_token": web.token}, follow_redirects=False)
    assert r.status_code == 422 and 'id="e-files"' in r.text and "Choose a .csv spreadsheet" in r.text
    r = upload(web, ("notes.pdf", b"%PDF-1.4", "application/pdf"))
    assert r.status_code == 422 and "Give .md story files or one .csv spreadsheet" in r.text
    r = upload(web, ("a.csv", (HEADER + GOOD_ROWS).encode(), "text/csv"), ("b.md", b"---\n", "text/markdown"))
    assert r.status_code == 422 and "Import one .csv spreadsheet at a time" in r.text
    r = upload(web, ("bank.csv", b"Title,Notes\nx,y\n", "text/csv"))      # one file: its name is not repeated
    assert r.status_code == 422 and "Line 1: missing column(s) for situation" in r.text
    assert web.post("/stories/import", {}, csrf=False).status_code == 403


def test_which_story_fits_this_question_ranks_with_the_reason(web):
    upload(web, ("bank.csv", (HEADER + GOOD_ROWS).encode(), "text/csv"))
    question = "Tell me about a time you hired someone who raised the bar"
    expected = web.coach().match_stories(question, 5)
    assert expected["matches"] and expected["matches"][0]["title"] == "Hired a staff engineer"
    page = web.get("/stories", params={"question": question})
    assert page.status_code == 200
    shown = re.findall(r'<li><a href="/stories/(\d+)">([^<]*)</a> <small class="help">score ([^:]*): ([^<]*)</small>',
                       page.text)
    assert [(int(i), t) for i, t, _, _ in shown] == [(m["story_id"], m["title"]) for m in expected["matches"]]
    assert shown[0][3] == expected["matches"][0]["reason"].replace("'", "&#39;")
    assert "The question points to: Hire and Develop the Best" in page.text
    assert f">{question}</textarea>" in page.text                            # the question stays in its box


def test_an_empty_or_too_long_question_is_refused_by_its_field(web):
    r = web.get("/stories", params={"question": "   "})
    assert r.status_code == 422 and 'id="e-question"' in r.text and "Give a question or a principle id" in r.text
    r = web.get("/stories", params={"question": "x" * 1001})
    assert r.status_code == 422 and "at most 1000 characters" in r.text
    assert web.get("/stories").status_code == 200 and 'id="e-question"' not in web.get("/stories").text
