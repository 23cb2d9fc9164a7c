from datetime import date, timedelta

import pytest

from systemcraft.domain import mocks as dm

TODAY = date(2026, 11, 23)


def pool():
    lps = ["ownership", "earn-trust", "dive-deep", "think-big", "frugality"]
    return {"behavioral": [dm.Question(f"{lp}-{i}", "behavioral", f"{lp} q{i}", ("p1", "p2"), lp)
                           for lp in lps for i in range(1, 5)],
            "design": [dm.Question(f"d{i}", "design", f"design {i}") for i in range(1, 4)],
            "coding": [dm.Question(f"c{i}", "coding", f"code {i}") for i in range(1, 4)],
            "deep_dive": [dm.Question("dd1", "deep_dive", "deep dive")]}


@pytest.mark.parametrize("fmt,minutes", [("behavioral", 60), ("system_design", 60), ("coding", 45),
                                         ("bar_raiser", 60), ("technical", 90)])
def test_format_lengths_follow_decision_14(fmt, minutes):
    assert sum(m for _, m, _ in dm.FORMATS[fmt]) == minutes


def test_technical_is_45_30_15_and_full_loops_have_5_or_6_rounds():
    assert [m for _, m, _ in dm.FORMATS["technical"]] == [45, 30, 15]
    assert len(dm.rounds("full_loop", "L6")) == 5 and len(dm.rounds("full_loop", "L7")) == 6


def test_rubric_dimensions_and_l7_strategic_additions():
    assert dm.rubric_dimensions("behavioral", "L6") == dm.RUBRICS["behavioral"]
    assert dm.rubric_dimensions("behavioral", "L7") == dm.RUBRICS["behavioral"] + dm.RUBRICS["strategic"]
    assert dm.rubric_dimensions("coding", "L7") == dm.RUBRICS["technical"]


def test_selection_prefers_weak_principles_and_spreads_them():
    phases = dm.select("behavioral", "L6", pool(), ("frugality", "think-big", "dive-deep", "earn-trust"), {}, TODAY,
                       "skeptic")
    lps = [p.question.lp for p in phases if p.question]
    assert lps == ["frugality", "think-big", "dive-deep", "earn-trust"]
    assert all(dm.PERSONA_PROBES["skeptic"][0] in p.question.probes for p in phases if p.question)


def test_selection_avoids_recent_questions_and_never_repeats_in_a_loop():
    seen = {"frugality-1": TODAY - timedelta(days=3), "frugality-2": TODAY - timedelta(days=40)}
    first = dm.select("behavioral", "L6", pool(), ("frugality",), seen, TODAY, "collaborator")
    assert first[1].question.id == "frugality-3"            # 1 was seen recently; 3 and 4 never
    loop = dm.select("full_loop", "L7", pool(), (), {}, TODAY, "collaborator")
    ids = [p.question.id for p in loop if p.question]
    assert len(ids) == len(set(ids)) and len(ids) > 10


def test_session_records_actual_phase_times_and_marks():
    s = dm.Session(dm.select("coding", "L6", pool(), (), {}, TODAY, "collaborator"))
    s.start(100.0)
    s.mark("S", 160.0)
    assert s.next_phase(400.0) and s.remaining(460.0) == 25 * 60 - 60
    assert s.next_phase(2000.0) and s.next_phase(2600.0)
    assert not s.next_phase(2900.0)                          # the last phase ends the mock
    assert s.status == "complete" and s.actual_minutes() == [5.0, 26.67, 10.0, 5.0]
    assert s.marks[0] == dm.Mark(60.0, 0, "S")


def test_interrupted_session_is_partial_and_keeps_times():
    s = dm.Session(dm.select("coding", "L6", pool(), (), {}, TODAY, "collaborator"))
    s.start(0.0)
    s.next_phase(300.0)
    s.interrupt(420.0)
    assert s.status == "partial" and s.actual_minutes() == [5.0, 2.0]


@pytest.mark.parametrize("scores,rec,message", [
    ({"LP demonstration": (7, ""), "STAR structure": (3, ""), "Management competency": (3, "")}, 3, "1 to 5, got 7"),
    ({"LP demonstration": (3, "")}, 3, "missing a score"),
    ({"LP demonstration": (3, ""), "STAR structure": (3, ""), "Management competency": (3, ""), "Vibes": (3, "")}, 3,
     "not a dimension"),
    ({"LP demonstration": (3, ""), "STAR structure": (3, ""), "Management competency": (3, "")}, 0, "recommendation"),
])
def test_rubric_validation(scores, rec, message):
    with pytest.raises(ValueError, match=message):
        dm.check_rubric(dm.Rubric(scores, rec, (), ()), dm.rubric_dimensions("behavioral", "L6"))


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown mock format"):
        dm.rounds("karaoke", "L6")
