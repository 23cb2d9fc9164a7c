"""Spaced repetition with FSRS (the `fsrs` package): cards, desired retention, due days, daily load,
and the final two weeks, which aim every story and principle at the interview day.

The clock is a parameter everywhere; fuzzing is off unless asked for, so scheduling is exact.

Days are study days (`study_day`: before the candidate's day-start hour counts as the day before).
Write I for the interview day and E = I − 1 for its eve.

1. Nothing is due after the eve. A card whose FSRS due day falls after E needs no review before the
   interview (its recall on the day is at least the desired retention), so it *rests*: its due day is
   E, its due instant the last second of E, and it is not served. Its FSRS state (with the FSRS due)
   is kept, so a later interview date wakes it up. A card created on or after the interview day rests.

2. The final window is the last FINAL_DAYS (14) days, I−14 … E. In it each story and principle card
   (FINAL_KINDS) gets at least one review, placed so that its predicted recall on I is ≥ FINAL_RECALL
   (0.9) where the daily share allows. `plan_final_reviews` decides, whenever the due cards are
   listed and after every answer:
   - recall on I is FSRS retrievability, (1 + F·t/S)^C with the scheduler's F and C, the card's
     stability S and t the whole study days from its last review to I (moments are anchored to noon
     UTC of each study day, so t is exactly I − last review day; `Scheduler.get_card_retrievability`);
   - a card is *covered* when it was reviewed in the window and its recall on I is ≥ 0.9 already;
   - for any other card, its *good days* are the study days d from today (tomorrow if it was answered
     today) to E on which one "good" answer (simulated with the FSRS scheduler) leaves recall on I
     ≥ 0.9. Later days are never worse, so they run from a first good day to E. A card never seen
     needs d ≥ I − 2 (a first "good" gives S = 2.31 days: 0.909 after 2 days, 0.881 after 3); a card
     with S ≥ 14 days can use any day of the window;
   - the cards go on their good days, each day holding at most the share left that day and at most
     a level L, the smallest level at which every card finds a good day. The fill runs forward from
     today; each day takes the cards whose first good day is earliest, then the weakest, then by id.
     With one deadline for all (E), such a fill places as many cards as any schedule could, so a
     small L spreads the work evenly and leaves the rest of the share for other cards, relearning and
     a missed day;
   - a card that finds no good day with room takes the latest study day that still has room (an
     earlier review is better than none), else the last study day, behind the others.
   A planned card whose FSRS due comes earlier is served then too, as FSRS's review (new and weak
   cards need several); the plan is made again after each answer. In a day's queue, planned reviews
   come first, then the other due cards by due day.

   `forecast` says where this leads: it follows the rules day by day to E, serving the whole share
   on each study day and answering every card "good", and reports the story and principle cards that
   end below 0.9 on I or unreviewed in the window. Each is short of *share* if, simulated alone with
   no daily limit, it would get there, else short of *time*. The due view prints that count and why.

3. The day's limits hold across sessions and surfaces (terminal and web alike):
   - the share (`daily_cap`, 10 cards: the 15 minutes the schedule reserves) counts every card answered
     today, so a second session gets only what is left. New cards are part of it, so the sources' "10 new
     cards a day" (INVENTORY §2.22) holds too;
   - at most ANSWERS_PER_DAY (20, the sources' "20 reviews a day") answers in all, counted from the
     review log. A card answered today comes back the same day only for an FSRS learning step, once that
     step's time has come, and each return is an answer: once 20 are given, nothing more is served
     that day, and what is still learning waits for the next study day.
   An answer that is undone no longer counts.

4. On and after the interview day reviews pause, until a later interview date is set.

5. A second answer to a card that is not due, within REPEAT_SECONDS of its last answer, is a double
   submit: the service records nothing and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from systemcraft.domain.wording import counted


RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}     # fsrs.Rating values
CARD_KINDS = ("story", "lp", "concept", "problem", "question")
MINUTES_PER_CARD = {"story": 3.0, "lp": 1.5, "concept": 1.0, "problem": 1.5, "question": 2.0}
DAILY_REVIEW_MINUTES = 15          # the review task the schedule reserves on each study day
ANSWERS_PER_DAY = 20               # answers a day in all, learning steps included (the sources' 20 reviews a day)
# Desired retention rises as the interview approaches (the source's 30- and 14-day phases).
RETENTION_PHASES = ((14, 0.95), (30, 0.92), (10**6, 0.90))
FINAL_DAYS = 14                    # the last two weeks before the interview
FINAL_RECALL = 0.90                # predicted recall on the interview day each story and principle should reach
FINAL_KINDS = ("story", "lp")
REPEAT_SECONDS = 60                # an answer this soon after the last, to a card not due, is a double submit


def desired_retention(days_to_interview: int) -> float:
    for limit, retention in RETENTION_PHASES:
        if days_to_interview <= limit:
            return retention
    return RETENTION_PHASES[-1][1]


def scheduler(days_to_interview: int, fuzz: bool = False):
    from fsrs import Scheduler   # imported on first use (about 25 ms)
    return Scheduler(desired_retention=desired_retention(days_to_interview), enable_fuzzing=fuzz)


def new_card(card_id: int, now: datetime):
    from fsrs import Card
    return Card(card_id=card_id, due=now)


def study_day(moment: datetime, tz: str, day_start_hour: int) -> date:
    """The study day a moment belongs to: before `day_start_hour` local time counts as the day before."""
    local = moment.astimezone(_zone(tz))
    return (local - timedelta(hours=day_start_hour)).date()


def day_end(day: date, tz: str, day_start_hour: int) -> datetime:
    """The UTC instant when `day` (as a study day) ends."""
    local = datetime.combine(day + timedelta(days=1), time(hour=day_start_hour), tzinfo=_zone(tz))
    return local.astimezone(timezone.utc)


@lru_cache(maxsize=32)
def _zone(tz: str):
    try:
        return ZoneInfo(tz)
    except Exception:
        return timezone.utc


def day_start(day: date, tz: str, day_start_hour: int) -> datetime:
    """The UTC instant when `day` (as a study day) begins."""
    return day_end(day - timedelta(days=1), tz, day_start_hour)


def interview_eve(interview_day: date) -> date:
    return interview_day - timedelta(days=1)


def rest_instant(interview_day: date, tz: str, day_start_hour: int) -> datetime:
    """Where a resting card's due instant sits: the last second of the interview's eve."""
    return day_end(interview_eve(interview_day), tz, day_start_hour) - timedelta(seconds=1)


@dataclass(frozen=True)
class Outcome:
    card: object            # fsrs.Card (its due is the FSRS schedule, after load spreading)
    due_day: date
    moved_from: date | None
    rests: bool = False     # the next review would fall after the interview's eve: none is needed before it


def review(card, rating: str, now: datetime, days_to_interview: int, tz: str, day_start_hour: int,
           study_weekdays: frozenset[int], load: dict[date, int], cap: int,
           interview_day: date | None = None) -> Outcome:
    """Grade a card, then honour rest days and spread load: a due day that is a rest day or already
    full moves to the nearest earlier study day with room (never earlier than tomorrow). With an
    interview day, a due day after its eve means the card rests until the interview (its due day is
    the eve), and spreading never moves a card past the eve."""
    if rating not in RATINGS:
        raise ValueError(f"unknown rating '{rating}' (again, hard, good or easy)")
    from fsrs import Card, Rating
    new, _ = scheduler(days_to_interview).review_card(card, Rating(RATINGS[rating]), review_datetime=now)
    due_day = study_day(new.due, tz, day_start_hour)
    today = study_day(now, tz, day_start_hour)
    if due_day <= today:          # learning steps: same day, minutes away
        return Outcome(new, due_day, None)
    eve = interview_eve(interview_day) if interview_day else date.max
    if due_day > eve:
        return Outcome(new, eve, None, rests=True)
    chosen = due_day
    d = due_day
    while d > today:
        if d.weekday() in study_weekdays and load.get(d, 0) < cap:
            chosen = d
            break
        d -= timedelta(days=1)
    else:
        # no earlier room: the first study day at or after the due day (but not past the eve)
        d = due_day
        while d.weekday() not in study_weekdays and d < eve:
            d += timedelta(days=1)
        chosen = d if d.weekday() in study_weekdays else due_day
    if chosen == due_day:
        return Outcome(new, due_day, None)
    moved = Card(card_id=new.card_id, state=new.state, step=new.step, stability=new.stability,
                 difficulty=new.difficulty, due=day_start(chosen, tz, day_start_hour), last_review=new.last_review)
    return Outcome(moved, chosen, due_day)


def is_double_submit(last_review: datetime | None, fsrs_due: datetime, moment: datetime) -> bool:
    """An answer to a card that is not due yet, seconds after its last answer: the same answer twice."""
    if last_review is None or fsrs_due <= moment:
        return False
    return timedelta(0) <= moment - last_review < timedelta(seconds=REPEAT_SECONDS)


# ---------------------------------------------------------------- the final weeks

def _anchor(day: date) -> datetime:
    """Noon UTC of a day: reviews and the interview put on the same hour, so FSRS counts whole days."""
    return datetime.combine(day, time(12), tzinfo=timezone.utc)


@lru_cache(maxsize=1)
def _forecaster():
    from fsrs import Scheduler
    return Scheduler(enable_fuzzing=False)     # stability and recall do not depend on desired retention


def _anchored(card, last_day: date | None):
    from fsrs import Card
    return Card(card_id=card.card_id, state=card.state, step=card.step, stability=card.stability,
                difficulty=card.difficulty, due=card.due, last_review=_anchor(last_day) if last_day else None)


def recall_on(card, last_day: date | None, interview_day: date) -> float:
    """Predicted recall (FSRS retrievability) on the interview day with no further review; 0 if never seen."""
    if last_day is None or card.stability is None:
        return 0.0
    return _forecaster().get_card_retrievability(_anchored(card, last_day), _anchor(interview_day))


def recall_after_good(card, last_day: date | None, day: date, interview_day: date) -> float:
    """Predicted recall on the interview day if the card is answered "good" on `day`."""
    from fsrs import Rating
    after, _ = _forecaster().review_card(_anchored(card, last_day), Rating.Good, review_datetime=_anchor(day))
    return _forecaster().get_card_retrievability(after, _anchor(interview_day))


@dataclass(frozen=True)
class FinalCard:
    id: int
    kind: str
    card: object                 # fsrs.Card
    last_day: date | None        # the study day of its last review


@dataclass(frozen=True)
class FinalPlan:
    interview_day: date
    window_start: date
    cards: int                                   # story and principle cards considered
    cap: int
    due: dict[int, date]                         # every card that needs a review → its day
    reach: frozenset[int]                        # … placed where one good answer carries it to the target
    best_effort: frozenset[int]                  # … placed earlier than that (no room on its good days)
    unplaced: frozenset[int]                     # … no day had room: behind the others on the last study day
    covered: frozenset[int]                      # reviewed in the window and already at the target
    level: int                                   # the most planned reviews on one day
    recall: dict[int, float] = field(default_factory=dict)   # predicted recall on the day, after the plan
    target: float = FINAL_RECALL

    @property
    def shortfall(self) -> frozenset[int]:
        return self.best_effort | self.unplaced


def plan_final_reviews(cards, interview_day: date, today: date, daily_cap: int, study_weekdays: frozenset[int],
                       done_today: int = 0, target: float = FINAL_RECALL, days: int = FINAL_DAYS) -> FinalPlan:
    """The last review of each story and principle card before the interview (see the module docstring).

    `cards` are FinalCards of the FINAL_KINDS; `done_today` counts every card answered today (any kind),
    which uses up today's share. Returns the day of each card that still needs a review, and the
    shortfall: cards the share cannot bring to `target` on the interview day."""
    eve = interview_eve(interview_day)
    start = interview_day - timedelta(days=days)
    first_day = max(today, start)
    study = [d for d in (first_day + timedelta(days=i) for i in range(max(0, (eve - first_day).days + 1)))
             if d.weekday() in study_weekdays]
    room = {d: daily_cap for d in study}
    if today in room:
        room[today] = max(0, daily_cap - done_today)
    final_today = sum(1 for c in cards if c.last_day == today)     # planned-kind answers already given today

    covered, needs, recall = set(), [], {}
    for c in cards:
        now_recall = recall_on(c.card, c.last_day, interview_day)
        recall[c.id] = now_recall
        if c.last_day is not None and c.last_day >= start and now_recall >= target:
            covered.add(c.id)
            continue
        earliest = today + timedelta(days=1) if c.last_day == today else today
        options = [d for d in study if d >= earliest]
        good = {d: r for d in options if (r := recall_after_good(c.card, c.last_day, d, interview_day)) >= target}
        first = min(good) if good else None
        needs.append((first or date.max, now_recall, c.id, options, good))
    needs.sort(key=lambda n: n[:3])

    def fill(level: int) -> dict[int, date]:
        placed: dict[int, date] = {}
        for d in study:
            free = min(level - final_today if d == today else level, room[d])
            for _, _, cid, _, good in needs:
                if free <= 0:
                    break
                if cid not in placed and d in good:
                    placed[cid] = d
                    free -= 1
        return placed

    placeable = sum(1 for n in needs if n[4])
    placed = {}
    for level in range(1, daily_cap + 1):          # the smallest level at which every placeable card fits
        placed = fill(level)
        if len(placed) == placeable:
            break
    used = {d: 0 for d in study}
    for d in placed.values():
        used[d] += 1
    best_effort, unplaced = set(), set()
    by_id = {c.id: c for c in cards}
    for _, _, cid, options, good in sorted(needs, key=lambda n: (n[1], n[2])):   # the weakest first
        if cid in placed:
            recall[cid] = good[placed[cid]]
            continue
        spare = [d for d in reversed(options) if used[d] < room[d]]
        if spare:
            placed[cid] = spare[0]
            used[spare[0]] += 1
            best_effort.add(cid)
            recall[cid] = recall_after_good(by_id[cid].card, by_id[cid].last_day, spare[0], interview_day)
        else:
            placed[cid] = options[-1] if options else eve
            unplaced.add(cid)
    reach = frozenset(placed) - best_effort - unplaced
    return FinalPlan(interview_day, start, len(cards), daily_cap, placed, reach, frozenset(best_effort),
                     frozenset(unplaced), frozenset(covered),
                     max((used[d] for d in study), default=0), recall, target)


# ---------------------------------------------------------------- where every card stands

@dataclass(frozen=True)
class Stored:
    """A stored card as the scheduler needs it: its FSRS state (whose due is the FSRS schedule)."""
    id: int
    kind: str
    card: object                 # fsrs.Card


@dataclass(frozen=True)
class Placement:
    due: datetime
    due_day: date
    rank: int                    # 0 a planned final review, 1 one that cannot reach the target, 2 FSRS's own
    rests: bool = False          # not needed before the interview: not served


@dataclass(frozen=True)
class Settlement:
    placements: dict[int, Placement]
    final: FinalPlan | None
    done_today: int              # cards answered today (they use up today's share)
    last_days: dict[int, date | None] = field(default_factory=dict)   # each card's last study day (reused)


def last_day_of(card, tz: str, day_start_hour: int) -> date | None:
    return study_day(card.last_review, tz, day_start_hour) if card.last_review else None


def settle(cards, interview_day: date | None, moment: datetime, tz: str, day_start_hour: int,
           study_weekdays: frozenset[int], daily_cap: int) -> Settlement:
    """Where each card stands at `moment`: its due instant and day (never after the interview's eve),
    whether it rests until the interview, and the final plan when the final window is open."""
    today = study_day(moment, tz, day_start_hour)
    last = {c.id: last_day_of(c.card, tz, day_start_hour) for c in cards}
    done = sum(1 for c in cards if last[c.id] == today)
    final = None
    if interview_day is not None and interview_day - timedelta(days=FINAL_DAYS) <= today < interview_day:
        final = plan_final_reviews([FinalCard(c.id, c.kind, c.card, last[c.id]) for c in cards
                                    if c.kind in FINAL_KINDS],
                                   interview_day, today, daily_cap, study_weekdays, done)
    out = {}
    for c in cards:
        day = study_day(c.card.due, tz, day_start_hour)
        if last[c.id] == today and day <= today:
            out[c.id] = Placement(c.card.due, today, 2)      # a learning step later today keeps its time
            continue
        if final is not None and c.id in final.due and not (day < final.due[c.id] and final.due[c.id] > today):
            planned = final.due[c.id]
            out[c.id] = Placement(day_start(planned, tz, day_start_hour), planned, 0 if c.id in final.reach else 1)
            continue
        if interview_day is not None and day > interview_eve(interview_day):
            out[c.id] = Placement(rest_instant(interview_day, tz, day_start_hour), interview_eve(interview_day), 2,
                                  rests=True)
        else:
            out[c.id] = Placement(c.card.due, day, 2)
    return Settlement(out, final, done, last)


def servable(placement: Placement, card, last_day: date | None, today: date, moment: datetime) -> bool:
    """Due now: its day has come, it does not rest, and a card answered today only for a learning step
    whose time has come."""
    if placement.rests or placement.due_day > today:
        return False
    return last_day != today or (placement.rank == 2 and card.due <= moment)


@dataclass(frozen=True)
class DayQueue:
    due: tuple[int, ...]          # due today (resting cards are not), whether servable now or later today
    serve: tuple[int, ...]        # what to serve now, in order: planned final reviews first, then by due
    done_today: int               # cards answered today: they use up today's share
    left: int                     # what is left of today's share for cards not yet answered today
    repeats: int                  # learning steps of cards already answered today (they need no share)
    later_today: int              # learning steps whose time has not come
    answers: int = 0              # answers given today (learning steps included)
    answers_left: int = ANSWERS_PER_DAY   # how many more answers today allows


def day_queue(cards, settlement: Settlement, moment: datetime, tz: str, day_start_hour: int,
              daily_cap: int, answers_today: int = 0, answer_cap: int = ANSWERS_PER_DAY) -> DayQueue:
    """Today's queue. The share is a limit across sessions: cards answered today count against it; and
    no more is served than the answers today still allows (`answers_today` given of `answer_cap`)."""
    today = study_day(moment, tz, day_start_hour)
    place = settlement.placements
    last = settlement.last_days or {c.id: last_day_of(c.card, tz, day_start_hour) for c in cards}
    due = [c for c in cards if not place[c.id].rests and place[c.id].due_day <= today]
    ready = sorted((c for c in due if servable(place[c.id], c.card, last[c.id], today, moment)),
                   key=lambda c: (place[c.id].rank, place[c.id].due_day, place[c.id].due, c.id))
    left = max(0, daily_cap - settlement.done_today)
    repeats = [c.id for c in ready if last[c.id] == today]
    fresh = [c.id for c in ready if last[c.id] != today][:left]
    chosen = set(repeats) | set(fresh)
    later = sum(1 for c in due if last[c.id] == today) - len(repeats)
    room = max(0, answer_cap - answers_today)
    serve = tuple(c.id for c in ready if c.id in chosen)[:room]
    return DayQueue(tuple(c.id for c in due), serve, settlement.done_today, left, len(repeats), later,
                    answers_today, room)


# ---------------------------------------------------------------- the forecast

@dataclass(frozen=True)
class Forecast:
    interview_day: date
    cards: int                                   # story and principle cards
    cap: int
    recall: dict[int, float]                     # predicted recall on the interview day
    reviewed: frozenset[int]                     # reviewed in the final window by then
    short_share: frozenset[int]                  # short because the share is too small
    short_time: frozenset[int]                   # short because too few study days are left
    target: float = FINAL_RECALL

    @property
    def short(self) -> frozenset[int]:
        return self.short_share | self.short_time

    @property
    def message(self) -> str | None:
        n = len(self.short)
        if not n:
            return None
        share, time_ = len(self.short_share), len(self.short_time)
        their = "its" if n == 1 else "their"
        if share and time_:
            why = (f"for {share} the share of {self.cap} cards a day is too small, for {time_} too few study days "
                   f"are left")
        elif share:
            why = f"{their} reviews do not fit in the share of {self.cap} cards a day"
        else:
            why = "too few study days are left, even with no limit on reviews a day"
        return (f"{n} of {counted(self.cards, 'story and principle card', 'story and principle cards')} will not "
                f"get a review in the last two weeks that carries {'it' if n == 1 else 'them'} to "
                f"{round(self.target * 100)} % recall on the interview day ({self.interview_day.isoformat()}), "
                f"even with the full share on every study day and every answer good: {why}.")


def _simulate(cards, interview_day: date, moment: datetime, tz: str, day_start_hour: int,
              study_weekdays: frozenset[int], daily_cap: int) -> dict[int, object]:
    """Follow the rules from `moment` to the interview's eve, answering every served card "good" and
    serving the whole share on each study day; the FSRS state of every card at the end."""
    state = {c.id: c.card for c in cards}
    today = study_day(moment, tz, day_start_hour)
    eve = interview_eve(interview_day)
    day = today
    while day <= eve:
        if day.weekday() in study_weekdays:
            at = moment if day == today else day_start(day, tz, day_start_hour) + timedelta(hours=12)
            stored = [Stored(c.id, c.kind, state[c.id]) for c in cards]
            st = settle(stored, interview_day, at, tz, day_start_hour, study_weekdays, daily_cap)
            queue = day_queue(stored, st, at, tz, day_start_hour, daily_cap)
            load: dict[date, int] = {}
            for p in st.placements.values():
                if not p.rests and p.due_day > day:
                    load[p.due_day] = load.get(p.due_day, 0) + 1
            for cid in queue.serve:
                out = review(state[cid], "good", at, (interview_day - day).days, tz, day_start_hour,
                             study_weekdays, load, daily_cap, interview_day)
                state[cid] = out.card
                if out.due_day > day and not out.rests:
                    load[out.due_day] = load.get(out.due_day, 0) + 1
        day += timedelta(days=1)
    return state


def forecast(cards, interview_day: date, moment: datetime, tz: str, day_start_hour: int,
             study_weekdays: frozenset[int], daily_cap: int, target: float = FINAL_RECALL) -> Forecast:
    """Which story and principle cards the final weeks will not bring to `target` on the interview day (or
    will not review at all), if the candidate does the whole share on every study day and answers every
    card "good" — and why: a card that would get there on its own, with no daily limit, is short because
    of the share; one that would not is short of time."""
    start = interview_day - timedelta(days=FINAL_DAYS)

    def outcome(state, cid):
        last = last_day_of(state[cid], tz, day_start_hour)
        return recall_on(state[cid], last, interview_day), last is not None and last >= start

    final = [c for c in cards if c.kind in FINAL_KINDS]
    state = _simulate(cards, interview_day, moment, tz, day_start_hour, study_weekdays, daily_cap)
    recall, reviewed, share, time_ = {}, set(), set(), set()
    for c in final:
        r, seen = outcome(state, c.id)
        recall[c.id] = r
        if seen:
            reviewed.add(c.id)
        if seen and r >= target:
            continue
        alone = _simulate([c], interview_day, moment, tz, day_start_hour, study_weekdays, 10**6)
        r_alone, seen_alone = outcome(alone, c.id)
        (share if seen_alone and r_alone >= target else time_).add(c.id)
    return Forecast(interview_day, len(final), daily_cap, recall, frozenset(reviewed), frozenset(share),
                    frozenset(time_), target)


def daily_cap(minutes: int = DAILY_REVIEW_MINUTES, kind_mix: float = 1.5) -> int:
    """How many cards fit in a day's review minutes at the average minutes a card."""
    return max(1, int(minutes / kind_mix))
