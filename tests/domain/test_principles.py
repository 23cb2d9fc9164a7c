import pytest

from systemcraft.domain import principles

PRODUCT_IDS = ["customer-obsession", "ownership", "invent-and-simplify", "are-right-a-lot",
               "learn-and-be-curious", "hire-and-develop-the-best", "insist-on-the-highest-standards",
               "think-big", "bias-for-action", "frugality", "earn-trust", "dive-deep", "have-backbone",
               "deliver-results", "strive-to-be-earths-best-employer",
               "success-and-scale-bring-broad-responsibility"]


def test_the_sixteen_ids_in_order():
    assert [p.id for p in principles.PRINCIPLES] == PRODUCT_IDS
    assert [p.number for p in principles.PRINCIPLES] == list(range(1, 17))
    assert all(p.meaning.endswith(".") and len(p.meaning) > 40 for p in principles.PRINCIPLES)


def test_lookup_is_case_insensitive():
    assert principles.get(" Dive-Deep ").name == "Dive Deep"


def test_unknown_id_suggests_the_closest():
    with pytest.raises(principles.UnknownPrinciple, match="did you mean 'invent-and-simplify'"):
        principles.get("invent-simplify")


def test_nonsense_has_no_suggestion():
    with pytest.raises(principles.UnknownPrinciple) as exc:
        principles.get("zzzz")
    assert "did you mean" not in str(exc.value)
