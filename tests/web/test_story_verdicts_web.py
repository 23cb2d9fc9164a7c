"""Story verdicts in the web editor's live analysis (issue 17): the ✓ and the notes quote the story."""

from tests.web.test_pages import STORY


def test_business_measures_by_what_they_measure_with_the_quote(web):
    story = {**STORY, "result": "We reduced average feature delivery time by 25%. Product satisfaction increased "
                                "from 2/5 to 4.5/5 in quarterly surveys."}
    r = web.post("/stories-analyse", story, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert "quantified in business terms" in r.text and "feature delivery time by 25%" in r.text
    technical = {**STORY, "result": "p99 latency for customers fell from 900 ms to 120 ms and CPU use fell 30%."}
    r = web.post("/stories-analyse", technical, headers={"HX-Request": "true"})
    assert "The figures are technical only" in r.text and "quantified in business terms" not in r.text
    assert "p99 latency for customers fell from 900 ms to 120 ms" in r.text


def test_a_failover_story_is_not_a_failure_story_on_the_stories_page(web):
    failover = {**STORY, "result": "The failover worked: zero failures in 12 drills and pages fell from 60 to 18."}
    assert web.post("/stories", failover).status_code == 303
    page = web.get("/stories").text
    assert "no failure story" in page
