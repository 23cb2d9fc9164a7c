"""Story CSV import (issue 17 §5): principles matched by name or id, never split inside a name."""

import pytest

from systemcraft.errors import InputError
from systemcraft.services import story_csv

HEAD = "Title,Primary LP,Secondary LPs,Situation,Task,Action,Result\n"
ROW = '"Billing migration",{primary},{secondary},"The billing database could not scale.","Move it.","I planned it.","It moved."\n'


def read(primary, secondary="", header=HEAD):
    return story_csv.read((header + ROW.format(primary=primary, secondary=secondary)).encode(), "bank.csv").stories[0]


@pytest.mark.parametrize("primary,want", [
    ('"Are Right, A Lot"', "are-right-a-lot"),                     # the comma is part of the name
    ('"Have Backbone; Disagree and Commit"', "have-backbone"),     # and so is the semicolon
    ("Disagree and Commit", "have-backbone"),                      # either half of that name alone
    ("are-right-a-lot", "are-right-a-lot"),                        # the id
    ("LEARN AND BE CURIOUS", "learn-and-be-curious"),
    ('"Strive to be Earth’s Best Employer"', "strive-to-be-earths-best-employer"),
])
def test_a_primary_principle_by_name_or_id(primary, want):
    assert read(primary).primary_lp == want


@pytest.mark.parametrize("secondary,want", [
    # Each separator is read only where no name continues across it: the longest known name wins.
    ('"Are Right, A Lot, Dive Deep"', ("are-right-a-lot", "dive-deep")),
    ('"Have Backbone; Disagree and Commit; Earn Trust"', ("have-backbone", "earn-trust")),
    ('"Invent and Simplify and Frugality"', ("invent-and-simplify", "frugality")),
    ("Dive Deep/Earn Trust", ("dive-deep", "earn-trust")),
    ('"dive-deep, deliver-results"', ("dive-deep", "deliver-results")),
    ('"Learn and Be Curious | Are Right, A Lot"', ("learn-and-be-curious", "are-right-a-lot")),
    ("", ()),
])
def test_secondary_principles_are_never_split_inside_a_name(secondary, want):
    assert read("Ownership", secondary).secondary_lps == want


def test_a_semicolon_spreadsheet_keeps_quoted_names_whole():
    data = ("Title;Primary LP;Secondary LPs;Situation;Task;Action;Result\n"
            'x;"Have Backbone; Disagree and Commit";"Are Right, A Lot; Ownership";s;t;a;r\n').encode()
    story = story_csv.read(data, "bank.csv").stories[0]
    assert story.primary_lp == "have-backbone" and story.secondary_lps == ("are-right-a-lot", "ownership")


@pytest.mark.parametrize("primary,secondary,message", [
    ("Customer Obsessed", "", "line 2: primary_lp: unknown Leadership Principle 'Customer Obsessed' "
                              "(did you mean 'Customer Obsession'?)"),
    ("Ownership", '"Dive Deep, Bias to Action"', "line 2: secondary_lps: unknown Leadership Principle "
                                               "'Bias to Action' (did you mean 'Bias for Action'?)"),
    ('"Ownership, Dive Deep"', "", "line 2: primary_lp: name one Leadership Principle, not 2 (Ownership, Dive Deep)"),
])
def test_an_unknown_name_gets_one_line_with_the_closest(primary, secondary, message):
    with pytest.raises(InputError) as exc:
        read(primary, secondary)
    assert exc.value.message.startswith("bank.csv: " + message) and "\n" not in exc.value.message
