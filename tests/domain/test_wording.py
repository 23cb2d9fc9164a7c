"""Counts read as English: one pause, two pauses, never pause(s)."""

from systemcraft.domain.wording import counted, plural


def test_counts_and_plurals():
    assert counted(1, "pause") == "1 pause" and counted(0, "pause") == "0 pauses" and counted(3, "pause") == "3 pauses"
    assert counted(2, "story", "stories") == "2 stories" and counted(1, "story", "stories") == "1 story"
    assert counted(1.0, "week") == "1 week" and counted(2.5, "week") == "2.5 weeks"
    assert plural(1, "card") == "card" and plural(7, "card") == "cards"
