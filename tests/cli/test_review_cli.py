"""`systemcraft review` aims at the interview (issue 13 §4): the share across sessions, the final
weeks' warning, the pause after the interview, through the real command; and `review --undo` (issue 16 §2).

`ready_cli` is a candidate set up on Monday 23 November 2026 for an interview on Monday 15 February
2027, studying Monday–Saturday, with no stories: the 16 principle cards, all new; the share is 10.
"""

from __future__ import annotations

from tests.cli.test_bad_input import one_line_error
from tests.web.conftest import count_rows


def test_a_second_review_the_same_day_serves_only_what_is_left_of_the_share(ready_cli):
    r = ready_cli("review", input="\ng\n" * 10)
    assert r.returncode == 0
    assert "10 of 16 due cards now; 0 of up to 10 cards and 0 of up to 20 answers today" in r.stdout
    assert "Reviewed 10 cards." in r.stdout
    again = ready_cli("review")
    # the ten answered "good" are in a learning step due 10 minutes later (the clock is pinned at noon, so
    # not yet back); the other six wait for the next study day
    assert again.returncode == 0
    assert ("Today's share is done: 10 cards reviewed today, the most in a day. 10 cards you are still "
            "learning come back later today. 6 more due cards wait for your next study day.") in again.stdout
    assert count_rows(ready_cli.home, "review_log") == 10
    listed = ready_cli("review", "--list")
    assert ("16 cards due; 10 of up to 10 cards and 10 of up to 20 answers today. Up to 10 cards a day and 20 "
            "answers in all: a card you are still learning comes back after a few minutes, and each return is an "
            "answer.") in listed.stdout
    assert ready_cli.json("review", "--list")["cards"] == []
    # Tuesday, a study day: the share starts afresh and serves the next 10 of the 16 (the 6 never seen first:
    # they have been due since Monday noon, the 10 learning ones only since 12:10)
    tuesday = ready_cli.json("review", "--list", today=_d("2026-11-24"))
    assert (tuesday["due"], len(tuesday["cards"]), tuesday["answers_today"]) == (16, 10, 0)
    assert [c["id"] for c in tuesday["cards"]][:6] == list(range(11, 17))


def test_the_final_weeks_say_how_many_cards_cannot_reach_90_percent_and_why(ready_cli):
    """Friday 12 February, none of the 16 ever reviewed. Only a review on Saturday (2 days before;
    Sunday is off) carries a never-seen card to 0.9 (0.9095; 3 days before: 0.8809); earlier reviews
    cannot replace it, and Saturday holds 10: 16 − 10 = 6 short, for lack of share."""
    r = ready_cli("review", "--list", today=_d("2027-02-12"))
    assert r.returncode == 0
    assert ("6 of 16 story and principle cards will not get a review in the last two weeks that carries them "
            "to 90 % recall on the interview day (2027-02-15), even with the full share on every study day and "
            "every answer good: their reviews do not fit in the share of 10 cards a day.") in r.stdout
    view = ready_cli.json("review", "--list", today=_d("2027-02-12"))
    assert (view["final"]["short"], view["final"]["short_share"], len(view["cards"])) == (6, 6, 10)


def test_after_the_interview_reviews_pause(ready_cli):
    r = ready_cli("review", today=_d("2027-02-16"))
    assert r.returncode == 0 and "reviews are paused until you set a new interview date" in r.stdout
    assert "Reviewed" not in r.stdout
    assert ready_cli.json("review", "--list", today=_d("2027-02-16"))["cards"] == []
    day = ready_cli("review", today=_d("2027-02-15"))
    assert "Interview day: reviews are paused." in day.stdout


def test_a_grade_outside_the_four_is_asked_again_and_bad_options_are_one_line_errors(ready_cli):
    r = ready_cli("review", "--limit", "1", input="\nperfect\ng\n")
    assert r.returncode == 0 and "Type a, h, g or e" in r.stdout and "Reviewed 1 card." in r.stdout
    assert count_rows(ready_cli.home, "review_log") == 1
    assert "day start must be an hour" in one_line_error(ready_cli("review", "--day-start", "20"))


def test_review_undo_takes_back_the_last_answer_and_the_tick_it_made(ready_cli):
    """The tenth answer finishes the share and ticks the review task; `review --undo` takes it back (the task
    is planned again), a second takes back the ninth; the next day nothing of Monday's can be undone."""
    ready_cli("review", input="\ng\n" * 10)
    assert _review_task(ready_cli)["status"] == "done"
    r = ready_cli("review", "--undo")
    assert r.returncode == 0
    assert r.stdout.startswith("Undone: your answer 'good' to card #10 (What does Insist on the Highest Standards")
    assert "Today's review task is planned again." in r.stdout
    assert _review_task(ready_cli)["status"] == "planned"
    assert count_rows(ready_cli.home, "review_log") == 9
    listed = ready_cli.json("review", "--list")
    assert (listed["done_today"], [c["id"] for c in listed["cards"]]) == (9, [10])     # the card is back
    second = ready_cli.json("review", "--undo")
    assert (second["card"], second["rating"], second["task_reopened"]) == (9, "good", False)
    assert count_rows(ready_cli.home, "review_log") == 8
    assert "only answers given today can be undone" in one_line_error(ready_cli("review", "--undo",
                                                                                today=_d("2026-11-24")))
    assert count_rows(ready_cli.home, "review_log") == 8


def test_review_undo_with_nothing_to_undo_or_with_other_options_is_a_one_line_error(ready_cli):
    assert "nothing to undo: no card has been answered yet" in one_line_error(ready_cli("review", "--undo"))
    assert "--undo takes no other option" in one_line_error(ready_cli("review", "--undo", "--list"))


def _review_task(cli) -> dict:
    return next(t for t in cli.json("today")["tasks"] if t["kind"] == "review")


def _d(iso: str):
    from datetime import date
    return date.fromisoformat(iso)
