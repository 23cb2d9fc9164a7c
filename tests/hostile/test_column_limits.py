"""Every text limit the coach enforces fits the column that stores it.

A log entry's title column holds 300 characters; the log used to accept 500, which PostgreSQL refused
at the write ("value too long") while SQLite stored it, so an export from SQLite could not be imported
into PostgreSQL. The limit is now the column's, on both back ends, with a one-line message.
"""

from __future__ import annotations

import pytest

from systemcraft.domain import practice
from systemcraft.errors import InputError
from systemcraft.services import logbook
from systemcraft.store.tables import log_entries
from tests.conftest import TODAY, onboarded


def test_the_title_limit_is_the_columns():
    assert practice.MAX_TITLE == log_entries.c.title.type.length == 300


@pytest.mark.parametrize("build", [
    lambda t: logbook.coding_entry(TODAY, t, "two-pointers", "easy", 20, True),
    lambda t: logbook.design_entry(TODAY, t, "L6", 60, 3),
    lambda t: logbook.study_entry(TODAY, "system_design", 30, t),
    lambda t: logbook.concept_entry(TODAY, t),
    lambda t: logbook.story_entry(TODAY, t, "ownership"),
    lambda t: logbook.checkin_entry(TODAY, 1.0, t, 3, 3, None),
], ids=["coding", "design", "study", "concept", "story", "checkin"])
def test_every_title_is_held_to_300_characters(build, make_env, db_url):
    coach = onboarded(make_env(db_url=db_url))
    try:
        saved = coach.log(build("t" * 300))                  # the longest title the column holds is saved
        assert len(saved["title"]) == 300
        with pytest.raises(InputError, match="300"):
            build("t" * 301)
    finally:
        coach.close()
