"""Question → story matching on real interview questions (issue 17 §4).

tests/data/questions/questions.json holds 129 questions copied from public Amazon Leadership Principle
question lists (sources in tests/data/questions/README.md), each labelled by hand with the principle its
source files it under and the story of tests/data/questions/stories.json that answers it (the `why` of each
label says which words of the story make it the answer). 51 questions ("dev") were used while building the
matcher; 22 ("holdout") were written down before it was first tuned, but two later fixes came from its misses;
31 ("fresh", from four sources not used before) were labelled and measured before the second round of changes,
which was tuned on "dev" only, and measured once afterwards. 25 ("unseen2", from nine further sources) were
labelled after all three sets had been looked at while tuning, and measured once with no matcher change since.

Measured, top-1 / top-3:
                       dev          holdout      fresh        unseen2      all
  before issue 17      -            -            -            -            26 % / 53 % (the 73 of dev + holdout)
  first rebuild        73 % / 86 %  73 % / 95 %  35 % / 65 %  -            62 % / 82 %
  second round         78 % / 90 %  68 % / 95 %  39 % / 61 %  -            64 % / 83 %
  failure signal       78 % / 90 %  68 % / 95 %  48 % / 68 %  -            67 % / 85 % (the 104 before unseen2)
  unseen2 added        78 % / 90 %  68 % / 95 %  48 % / 68 %  24 % / 44 %  59 % / 77 % (all 129; same matcher)
The failure signal (a question asking for a failure favours failure stories) was added AFTER the fresh set's
misses had been read (most asked for a failure), so "fresh" is no longer unseen either; its weight was chosen
beforehand (half the principle feature) and not tuned.
The issue's target, 75 % / 90 % on the whole set, is NOT reached: it is reached on "dev", but on questions the
matcher's word lists were not written against it puts the right story first for about 4 in 10. Most fresh misses
ask for a failure ("a time you failed", "a decision you regret", "a risk that failed") or say what the story did
in words it does not use ("pivot strategy", "outside your job description"). The floors below are what is
reached, so a change that loses ground fails; raise them when the fresh set improves.
The unseen2 set, the only one nothing was tuned on or looked at, is further behind still: 6 of 25 first, 11 of 25 in
the top 3, and one ("manage multiple projects simultaneously") not ranked at all. Adding it lowered the overall
floors from 0.67 / 0.84 (what the 104 reached) to what the 129 reach. The misses again say what the story did in
words it does not use ("believe in that nobody else does", "everything seems urgent", "work-life balance", "bad
hire", "without consulting your manager"); top-1 on questions nobody tuned against is about 1 in 4.

Meaning beyond shared stems was tried (2026-12-02) with the one sentence model a registry package ships here
for offline use, all-MiniLM-L6-v2 (384-d, mean pooled), outside the product, on the same 129 questions:
  the model alone, question vs whole story          19 % / 29 %  (unseen2 24 % / 36 %)
  the pack's 384 phrasings as a principle classifier: the labelled story's principle first for 45 %
  this matcher + story similarity (weights 1 : 1)   56 % / 80 %  (unseen2 24 % / 60 %)
  this matcher + principle by the phrasings (1 : 1) 60 % / 79 %  (unseen2 24 % / 44 %)
  best unseen2 of the mixes tried (1 : 2 : 2)        53 % / 80 %  (unseen2 32 % / 60 %, dev fell to 71 %)
A small general model reads "a bad hire" or "everything seems urgent" no better than stems do; it moves
top-3 on unseen questions, not top-1, and costs a 90 MB model and a transformer in numpy. Not shipped.

One intended story per question undercounts: "a time you failed" has several fair answers in the bank.
acceptable.json lists, for every question, each story a candidate could fairly tell as asked; it was
written blind (by someone who did not read or run the matcher, its tests or its figures), by a rule fixed
beforehand (README there), and holds the intended story for all 129. Measured against it, the first story
shown is a fair answer for 87 of 129 (67 %) and one of the first three for 110 (85 %); by set: dev 82 % / 96 %,
holdout 77 % / 95 %, fresh 61 % / 81 %, unseen2 36 % / 60 %. Still short of 75 % / 90 % overall.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from systemcraft.domain import matching
from systemcraft.domain.stemming import stem
from systemcraft.domain.stories import Story
from systemcraft.errors import InputError
from systemcraft.services import storybank

DATA = Path(__file__).parent.parent / "data" / "questions"
TOP1_FLOOR, TOP3_FLOOR = 0.58, 0.76      # reached: 76/129 and 99/129 (was 0.67, 0.84 on the 104 before unseen2)
SET_TOP1_FLOORS = {"dev": 0.78, "holdout": 0.68, "fresh": 0.48, "unseen2": 0.24}   # reached: 40/51, 15/22, 15/31, 6/25


def bank() -> tuple[list[Story], dict[int, str]]:
    stories, keys = [], {}
    for i, s in enumerate(json.loads((DATA / "stories.json").read_text(encoding="utf-8")), 1):
        fields = {k: v for k, v in s.items() if k != "key"}
        fields["secondary_lps"] = tuple(fields["secondary_lps"])
        stories.append(Story(id=i, **fields))
        keys[i] = s["key"]
    return stories, keys


def questions() -> list[dict]:
    return json.loads((DATA / "questions.json").read_text(encoding="utf-8"))


def places(qs: list[dict]) -> list[int | None]:
    stories, keys = bank()
    out = []
    for q in qs:
        _, ranked = matching.rank(q["q"], stories, len(stories))
        ids = [keys[m.story_id] for m in ranked]
        out.append(ids.index(q["story"]) + 1 if q["story"] in ids else None)
    return out


def test_the_labelled_set_is_real_and_complete():
    qs, (_, keys) = questions(), bank()
    assert len(qs) >= 40 and {q["set"] for q in qs} == {"dev", "holdout", "fresh", "unseen2"}
    assert sum(q["set"] == "fresh" for q in qs) >= 25 and sum(q["set"] == "unseen2" for q in qs) >= 25
    assert len({q["q"] for q in qs}) == len(qs)                          # no question twice
    assert {q["story"] for q in qs} <= set(keys.values())
    assert {q["lp"] for q in qs} == {p for p in matching.CUES}           # every principle is asked about
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert all(f"`{q['src']}`" in readme for q in qs)                     # every source is named


def test_the_right_story_comes_first_for_most_real_questions():
    got = places(questions())
    n = len(got)
    top1 = sum(p == 1 for p in got) / n
    top3 = sum(p is not None and p <= 3 for p in got) / n
    assert top1 >= TOP1_FLOOR and top3 >= TOP3_FLOOR, (top1, top3)


def test_each_set_keeps_what_it_reached():
    """Not the same everywhere: the fresh and unseen2 questions, which nothing was tuned on, are far behind (see above)."""
    qs = questions()
    for which, floor in SET_TOP1_FLOORS.items():
        got = places([q for q in qs if q["set"] == which])
        assert sum(p == 1 for p in got) / len(got) >= floor, which


ACCEPTABLE_FLOORS = {"all": (0.67, 0.85), "unseen2": (0.36, 0.60)}   # reached: 87/129, 110/129; 9/25, 15/25


def test_the_first_story_shown_is_a_fair_answer_as_often_as_reached():
    """Judged against the blind lists of fair answers (acceptable.json), not one intended story."""
    qs = questions()
    fair = json.loads((DATA / "acceptable.json").read_text(encoding="utf-8"))
    assert [a["q"] for a in fair] == [q["q"] for q in qs]
    assert all(q["story"] in a["acceptable"] for q, a in zip(qs, fair))      # the intended story is always fair
    stories, keys = bank()
    for which, (floor1, floor3) in ACCEPTABLE_FLOORS.items():
        pairs = [(q, a) for q, a in zip(qs, fair) if which in ("all", q["set"])]
        first = three = 0
        for q, a in pairs:
            _, ranked = matching.rank(q["q"], stories, 3)
            shown = [keys[m.story_id] for m in ranked]
            first += bool(shown) and shown[0] in a["acceptable"]
            three += any(k in a["acceptable"] for k in shown)
        assert first / len(pairs) >= floor1 and three / len(pairs) >= floor3, (which, first, three, len(pairs))


def test_stock_follow_ups_are_not_read_as_the_question():
    """ "...and what you learned" is asked after every story: it must not make the question about learning."""
    q = "Tell me about a time you missed a deadline and what you learned."
    assert "learn-and-be-curious" in matching.principle_signal(q)[0]          # the words alone would say so
    assert matching.without_follow_ups(q).split() == "Tell me about a time you missed a deadline .".split()
    lps, ranked = matching.rank(q, bank()[0], 3)
    assert lps == ["deliver-results"]
    assert matching.without_follow_ups("What did you learn?") == "What did you learn?"   # nothing else: kept
    assert matching.without_follow_ups("How did it go wrong?") == "How did it go wrong?"


def test_the_pack_questions_describe_each_principle():
    """Each principle's description includes the questions the behavioral pack asks for it, so a question in
    none of the cue words still finds its principle: "investigation" is in no cue list of Dive Deep."""
    phrasings = matching._phrasings()
    assert set(phrasings) == set(matching.CUES) and all(len(v) >= 4 for v in phrasings.values())
    assert matching.principle_signal("Describe the deepest investigation you led.")[0] == {}
    closeness = matching.principle_by_meaning("Describe the deepest investigation you led.")
    assert max(closeness, key=closeness.get) == "dive-deep"


@pytest.mark.parametrize("question, not_lp", [
    ("What lessons did you take from it?", "frugality"),                 # "less" is inside "lessons"
    ("Tell me about an ambiguous problem you solved.", "think-big"),     # "big" inside "ambiguous"
    ("Describe a digital product you launched.", "dive-deep"),          # "dig" inside "digital"
    ("When did a committee overrule you?", "have-backbone"),            # "commit" inside "committee"
    ("How did you shorten our development cycles?", "hire-and-develop-the-best"),
])
def test_cue_words_match_whole_words_only(question, not_lp):
    signal, _ = matching.principle_signal(question)
    assert not_lp not in signal


def test_cue_words_match_their_other_forms():
    assert matching.question_lps("Who did you hire last year?")[0] == "hire-and-develop-the-best"
    assert matching.question_lps("Tell me about hiring for your team")[0] == "hire-and-develop-the-best"
    assert matching.question_lps("When did you disagree with your manager?")[0] == "have-backbone"
    assert matching.question_lps("earn-trust") == ["earn-trust"]
    assert matching.question_lps("Dive Deep") == ["dive-deep"]


def story(i, title, text, lp, *secondary):
    return Story(id=i, title=title, situation=text, task="t", action="a", result="r", primary_lp=lp,
                 secondary_lps=secondary)


def test_development_cycles_do_not_decide_the_match():
    """The issue's case: "development cycles" made Hire and Develop the Best decide and put the right story
    12th. The story about shortening the release cycle shares the question's words and must come first."""
    stories = [story(1, "Mentoring a graduate", "I mentored a graduate engineer and she was promoted.",
                     "hire-and-develop-the-best"),
               story(2, "Shorter release cycles", "I cut our development cycles from four weeks to one by "
                     "automating the release.", "invent-and-simplify")]
    lps, ranked = matching.rank("How did you shorten development cycles for your team?", stories)
    assert "hire-and-develop-the-best" not in lps
    assert ranked[0].story_id == 2


def test_stemming_joins_word_forms_and_follows_porter():
    stories = [story(1, "Search", "We migrated search to a new cluster.", "ownership"),
               story(2, "Hiring", "I hired four engineers.", "hire-and-develop-the-best")]
    _, ranked = matching.rank("Tell me about a migration you led", stories)
    assert ranked[0].story_id == 1 and "migration" in ranked[0].words
    # examples from Porter's 1980 paper
    for word, expected in [("caresses", "caress"), ("ponies", "poni"), ("agreed", "agre"), ("hopping", "hop"),
                           ("relational", "relat"), ("generalizations", "gener"), ("adjustment", "adjust"),
                           ("conditional", "condit"), ("sensibility", "sensibl"), ("controlling", "control")]:
        assert stem(word) == expected, word
    assert stem("migrated") == stem("migrating") == stem("migration")


def test_each_match_says_which_words_and_which_principle():
    stories, keys = bank()
    _, ranked = matching.rank("Tell me about a time when you had to tell someone a harsh truth.", stories, 3)
    best = ranked[0]
    assert keys[best.story_id] == "ET1"                 # "told him directly ... said openly": no shared word
    assert any("(for truth)" in w for w in best.words)   # found through a word of the same meaning
    assert best.reason.startswith("primary Earn Trust")
    assert best.parts["words"] > 0 and best.parts["principle"] > 0


def test_the_principle_is_one_feature_not_a_gate():
    """A story that answers in the question's own words beats one that only carries the right tag."""
    stories = [story(1, "Cost review", "We reviewed the budget every month.", "frugality"),
               story(2, "The data-loss bug", "I delayed the release to fix a data-loss bug in offline sync, "
                     "because shipping a known data-loss bug would break our quality bar.",
                     "insist-on-the-highest-standards")]
    _, ranked = matching.rank("Tell me about a time you delayed a release to fix a data-loss bug in "
                              "offline sync to save costs.", stories)
    assert ranked[1].story_id == 1 and ranked[1].principle == "frugality"      # the question's cue: costs
    assert ranked[1].parts["principle"] > ranked[0].parts["principle"]
    assert ranked[0].story_id == 2 and ranked[0].parts["words"] == 1.0         # its own words win


def test_bad_input_gives_a_message_or_a_correct_empty_result():
    stories, _ = bank()
    assert matching.rank("Tell me about a time you disagreed", []) == (["have-backbone"], [])
    assert matching.rank("", stories) == ([], [])
    assert matching.rank("🙂🙂🙂", stories) == ([], [])
    lps, ranked = matching.rank("متى اختلفت مع مديرك؟ " * 3, stories)       # RTL words share none here
    assert (lps, ranked) == ([], [])
    arabic = [story(1, "خلاف مع المدير", "اختلفت مع مديرك حول الخطة", "have-backbone")]
    assert matching.rank("متى اختلفت مع مديرك؟", arabic)[1][0].story_id == 1   # but do match their own words
    lps, ranked = matching.rank("Tell me about a time you owned a migration. " * 2500, stories)  # 100k chars
    assert lps[0] == "ownership" and ranked
    with pytest.raises(InputError, match="no words to match"):
        storybank.match(None, "🙂🙂 !!")
    with pytest.raises(InputError, match="at most 1000 characters"):
        storybank.match(None, "x" * 100_000)
    with pytest.raises(InputError, match="give a question"):
        storybank.match(None, "  \n ")


def test_a_question_asking_for_a_failure_favours_the_failure_story_and_says_so():
    """Two Deliver Results stories, one a success and one whose result says the launch slipped. "A time you
    failed to deliver on time" shares "deliver" with both; the failure story must come first, its reason naming
    the failure. The same stories for "a time you delivered on time" get no failure feature at all."""
    success = Story(id=1, title="Shipping the checkout rewrite", situation="Checkout was slow.", task="Rewrite it.",
                    action="I planned the work and we delivered the rewrite on time.", result="Conversion rose 4 %.",
                    primary_lp="deliver-results")
    slipped = Story(id=2, title="The partner launch", situation="A partner launch with a fixed date.",
                    task="Ship the integration.", action="I tracked the dependencies every week.",
                    result="We missed the launch date by two weeks; I now schedule integration tests first.",
                    primary_lp="deliver-results")
    _, ranked = matching.rank("Tell me about a time you failed to deliver something on time.", [success, slipped])
    assert [m.story_id for m in ranked] == [2, 1]
    assert ranked[0].parts["failure"] == matching.FAILURE_WEIGHT and ranked[1].parts["failure"] == 0.0
    assert "a failure story, as the question asks" in ranked[0].reason
    _, plain = matching.rank("Tell me about a time you delivered something on time.", [success, slipped])
    assert all(m.parts["failure"] == 0.0 for m in plain)
    _, rate = matching.rank("How did you bring down the failure rate of a service?", [success, slipped])
    assert all(m.parts["failure"] == 0.0 for m in rate)               # a failure *rate* is not a failure story
