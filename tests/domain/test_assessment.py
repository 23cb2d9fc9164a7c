import pytest

from systemcraft.domain import assessment as a
from systemcraft.domain import principles


def answers_with(total_points_each: int = 3, **overrides):
    out = {q.id: total_points_each for q in a.QUESTIONS}
    out.update(overrides)
    return out


def test_twenty_questions_in_three_sections_of_the_right_size():
    assert len(a.QUESTIONS) == 20
    per_section = {s.id: sum(1 for q in a.QUESTIONS if q.section == s.id) for s in a.SECTIONS}
    assert per_section == {"technical": 8, "leadership": 6, "cultural": 6}
    assert {s.id: s.maximum for s in a.SECTIONS} == {"technical": 40, "leadership": 30, "cultural": 30}
    assert all(len(q.options) == 5 for q in a.QUESTIONS)
    assert all(q.lp is None or q.lp in principles.BY_ID for q in a.QUESTIONS)


def test_range_is_20_to_100():
    assert a.score_quiz(answers_with(1)).total == 20
    assert a.score_quiz(answers_with(5)).total == 100


@pytest.mark.parametrize("total,band,plan", [
    (100, "interview_ready", "final_prep"), (85, "interview_ready", "final_prep"),
    (84, "nearly_ready", "intensive"), (70, "nearly_ready", "intensive"),
    (69, "significant_prep", "comprehensive"), (55, "significant_prep", "comprehensive"),
    (54, "extensive_prep", "career_transition"), (20, "extensive_prep", "career_transition"),
])
def test_total_bands_at_their_edges(total, band, plan):
    got = a.band_for_total(total)
    assert (got[0], got[3]) == (band, plan)


def _points_for_total(total: int) -> dict:
    # Spread `total` over 20 items of 1–5 points.
    points = [1] * 20
    left = total - 20
    i = 0
    while left > 0:
        add = min(4, left)
        points[i] += add
        left -= add
        i += 1
    return {q.id: p for q, p in zip(a.QUESTIONS, points)}


@pytest.mark.parametrize("total", [20, 54, 55, 69, 70, 84, 85, 100])
def test_scored_band_matches_total(total):
    result = a.score_quiz(_points_for_total(total))
    assert result.total == total
    assert result.band == a.band_for_total(total)[0]


@pytest.mark.parametrize("score,band", [(40, "strong"), (32, "strong"), (31, "good"), (24, "good"),
                                        (23, "needs significant work"), (16, "needs significant work"),
                                        (15, "major gaps"), (8, "major gaps")])
def test_technical_section_bands(score, band):
    assert a.section_band("technical", score) == band


@pytest.mark.parametrize("score,band", [(30, "strong"), (24, "strong"), (23, "good"), (18, "good"),
                                        (17, "needs significant work"), (12, "needs significant work"),
                                        (11, "major gaps"), (6, "major gaps")])
def test_leadership_and_cultural_section_bands(score, band):
    assert a.section_band("leadership", score) == band
    assert a.section_band("cultural", score) == band


def test_items_below_three_are_gaps_and_the_three_weakest_come_first():
    result = a.score_quiz(answers_with(4, q2=2, q9=1, q15=2, q20=1, q5=3))
    assert [g.question_id for g in result.gaps] == ["q2", "q9", "q15", "q20"]
    assert [g.question_id for g in result.top_development_areas] == ["q9", "q20", "q2"]
    assert result.gaps[1].weight == 2.0 and result.gaps[0].weight == 1.0
    assert result.gaps[1].lp == "hire-and-develop-the-best"


def test_letters_and_numbers_both_accepted():
    letters = {q.id: "c" for q in a.QUESTIONS}
    assert a.score_quiz(letters).total == 60
    assert a.score_quiz({q.id: "5" for q in a.QUESTIONS}).total == 100


@pytest.mark.parametrize("bad,message", [
    ({"q1": "F"}, "answer for q1 must be A–E"),
    ({"q1": 0}, "answer for q1 must be A–E"),
    ({"q1": 6}, "answer for q1 must be A–E"),
    ({"q1": True}, "answer for q1 must be A–E"),
    ({"q1": None}, "answer for q1 must be A–E"),
    ({"q1": ["A"]}, "answer for q1 must be A–E"),
    ({"q21": "A"}, "unknown quiz item"),
])
def test_bad_answers_are_named(bad, message):
    with pytest.raises(a.QuizError, match=message):
        a.score_quiz(answers_with(3, **bad))


def test_partial_answers_list_what_is_missing():
    partial = answers_with(3)
    del partial["q3"], partial["q17"]
    with pytest.raises(a.QuizError, match="missing quiz answer\\(s\\): q3, q17"):
        a.score_quiz(partial)


def test_answers_must_be_a_mapping():
    with pytest.raises(a.QuizError):
        a.validate_answers(["A"] * 20)


def test_l7_needs_every_condition():
    assert a.advise_target_level(80, 20, 15, True, True).level == "L7"
    assert a.advise_target_level(79, 40, 15, True, True).level == "L6"
    assert a.advise_target_level(90, 19, 15, True, True).level == "L6"
    assert a.advise_target_level(90, 40, 15, False, True).level == "L6"
    assert a.advise_target_level(90, 40, 15, True, False).level == "L6"


def test_small_team_and_junior_gets_the_l6_reason():
    advice = a.advise_target_level(60, 8, 7, False, False)
    assert advice.level == "L6" and "fewer than 15 engineers" in advice.reason


def test_the_15_to_19_engineer_hole_is_filled():
    advice = a.advise_target_level(85, 17, 14, True, False)
    assert advice.level == "L6" and "organisational transformation" in advice.reason
