"""One check-in per day (issue 16 §3): a second check-in for the same day corrects the first instead of
adding a twin, so the week's averages count the day once."""


from systemcraft.services import logbook
from tests.conftest import TODAY, onboarded


def test_a_second_checkin_the_same_day_updates_the_first(coach):
    first = coach.log(logbook.checkin_entry(TODAY, 1.5, "caching", 2, 3, None))
    assert first["updated"] is False
    again = coach.log(logbook.checkin_entry(TODAY, 2.0, "caching and queues", 4, 3, "say the number first"))
    assert again["updated"] is True and again["id"] == first["id"]
    entries = [e for e in coach.log_list() if e["kind"] == "checkin"]
    assert len(entries) == 1
    assert (entries[0]["minutes"], entries[0]["confidence"], entries[0]["insight"]) == (120, 4, "say the number first")
    shown = coach.day_checkin()
    assert shown == {"id": first["id"], "day": TODAY, "hours": 2.0, "topic": "caching and queues", "confidence": 4,
                     "energy": 3, "insight": "say the number first"}


def test_another_day_gets_its_own_checkin(make_env, db_url):
    from dataclasses import replace
    from datetime import timedelta
    from systemcraft.coach import Coach
    env = make_env(db_url=db_url)
    c = onboarded(env)
    c.log(logbook.checkin_entry(TODAY, 1.0, None, 3, 3, None))
    c.close()
    tomorrow = Coach(replace(env, today=TODAY + timedelta(days=1)))
    assert tomorrow.day_checkin() is None
    assert tomorrow.log(logbook.checkin_entry(TODAY + timedelta(days=1), 1.0, None, 3, 3, None))["updated"] is False
    assert len([e for e in tomorrow.log_list() if e["kind"] == "checkin"]) == 2
    tomorrow.close()
