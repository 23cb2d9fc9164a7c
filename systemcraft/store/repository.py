"""The store: every read and write the use cases need, over SQLite or PostgreSQL (store/db.py), with the
SQL of store/queries.py. Every method names the candidate it acts for; a row id never reaches past it.

Writes take the connection of the caller's transaction (`with repo.transaction() as conn:`), so one use
case commits once. Reads take one too when they must see what the transaction has just written.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Callable, Iterator

from systemcraft.errors import NotFoundError
from systemcraft.store import queries as q
from systemcraft.store import records
from systemcraft.store.columns import COLUMNS
from systemcraft.store.db import Connection, Database


class Repository:
    def __init__(self, url: str, clock: Callable[[], datetime], create: bool = False) -> None:
        """`clock` is the environment's `now` (UTC): every timestamp the store writes comes from it.
        The database is checked (and migrated) on first use; `create` makes a missing SQLite file."""
        self.url = url
        self.clock = clock
        self.db = Database(url)
        self._create = create
        self.writes = 0          # transactions begun or ended through this store: what derived caches key on

    def close(self) -> None:
        self.db.close()

    def ensure_schema(self) -> None:
        """Open the database now: create (when allowed) or migrate it, or refuse it with a clear error."""
        self.db.open(create=self._create)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        self.db.open(create=self._create)
        self.writes += 1
        try:
            with self.db.connection() as conn:
                with conn.transaction():
                    yield conn
        finally:
            self.writes += 1

    @contextmanager
    def _reading(self, conn: Connection | None) -> Iterator[Connection]:
        if conn is not None:
            yield conn
            return
        with self.db.connection() as own:
            yield own

    # ------------------------------------------------------------ reads

    def fetch(self, sql: str, **params) -> list[dict]:
        """Run one of store.queries' statements; rows come back as normalised dicts."""
        with self.db.connection() as conn:
            return self.fetch_in(conn, sql, **params)

    @staticmethod
    def fetch_in(conn: Connection, sql: str, **params) -> list[dict]:
        """The same, on a given connection (inside a transaction: a use case reads what it has just written).
        Day columns (records.DATE_COLUMNS) come back as dates, PostgreSQL's numeric sums as floats."""
        if conn.dialect == "postgresql":
            return [records.normalise_row(r) for r in conn.rows(sql, **params)]
        cur = conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
        dates = [i for i, n in enumerate(names) if n in records.DATE_COLUMNS]
        if not dates:                   # SQLite hands back int, float and str already
            return [dict(zip(names, r)) for r in rows]
        fromiso = date.fromisoformat
        out = []
        for r in rows:
            r = list(r)
            for i in dates:
                if r[i] is not None:
                    r[i] = fromiso(r[i][:10])
            out.append(dict(zip(names, r)))
        return out

    def candidate(self, conn: Connection | None = None, candidate_id: int | None = None
                  ) -> records.CandidateRecord | None:
        """The candidate `candidate_id`; without one, the database's only candidate (local mode). A database
        holding several candidates has no 'only' one: that is an error, never the first row."""
        with self._reading(conn) as c:
            if candidate_id is not None:
                r = c.first(q.CANDIDATE, cid=candidate_id)
                return records.candidate_from_row(r) if r else None
            rows = c.rows(q.CANDIDATES_FIRST_TWO)
        if len(rows) > 1:
            from systemcraft.errors import DataError
            raise DataError("this database holds several candidates; open it through the server, signed in, "
                            "or give a home of your own (--home)")
        return records.candidate_from_row(rows[0]) if rows else None

    def latest_assessment(self, candidate_id: int) -> records.AssessmentRecord | None:
        with self.db.connection() as c:
            r = c.first(q.LATEST_ASSESSMENT, cid=candidate_id)
        return records.assessment_from_row(r) if r else None

    def active_plan(self, candidate_id: int, conn: Connection | None = None) -> records.PlanRecord | None:
        with self._reading(conn) as c:
            r = c.first(q.ACTIVE_PLAN, cid=candidate_id)
        return records.plan_from_row(r) if r else None

    def weeks(self, plan: records.PlanRecord) -> list[records.WeekRecord]:
        with self.db.connection() as c:
            return [records.week_from_row(r) for r in c.rows(q.WEEKS, pid=plan.id, cid=plan.candidate_id)]

    def tasks_between(self, plan: records.PlanRecord, first: date, last: date) -> list[records.TaskRecord]:
        with self.db.connection() as c:
            return [records.task_from_row(r) for r in
                    c.rows(q.TASKS_BETWEEN, pid=plan.id, cid=plan.candidate_id, first=first, last=last)]

    def task_totals(self, plan: records.PlanRecord, until: date) -> list[tuple[str, str, int, int]]:
        """(category, status, planned minutes, actual minutes) summed over days up to `until`."""
        with self.db.connection() as c:
            rows = c.rows(q.TASK_TOTALS, pid=plan.id, cid=plan.candidate_id, until=until)
        return [(r["category"], r["status"], int(r["planned"]), int(r["actual"])) for r in rows]

    def story_versions(self, candidate_id: int, story_id: int) -> list[dict]:
        with self.db.connection() as c:
            return [typed("story_versions", r) for r in c.rows(q.STORY_VERSIONS, cid=candidate_id, id=story_id)]

    # ------------------------------------------------------------ the candidate, quizzes, plans

    def add_candidate(self, conn: Connection, *, name: str, target_level: str, current_role: str,
                      years_experience: int, engineers_managed: int, multi_team: bool,
                      org_transformation: bool, risk_tolerance: str, timezone_name: str) -> int:
        return conn.scalar(q.INSERT_CANDIDATE, name=name, target_level=target_level, current_role=current_role,
                           years_experience=years_experience, engineers_managed=engineers_managed,
                           multi_team=multi_team, org_transformation=org_transformation,
                           risk_tolerance=risk_tolerance, timezone=timezone_name, created_at=self.clock())

    def update_candidate(self, conn: Connection, candidate_id: int, **values) -> None:
        conn.execute(q.UPDATE_CANDIDATE, {**values, "cid": candidate_id})

    def set_day_start(self, conn: Connection, candidate_id: int, hour: int) -> None:
        conn.execute(q.SET_DAY_START, {"cid": candidate_id, "hour": hour})

    def delete_candidate(self, conn: Connection, candidate_id: int) -> None:
        """The candidate and everything they own (the schema cascades), for an import that replaces them."""
        conn.execute(q.DELETE_CANDIDATE, {"cid": candidate_id})

    def latest_two_assessments(self, candidate_id: int) -> list[records.AssessmentRecord]:
        with self.db.connection() as c:
            return [records.assessment_from_row(r) for r in c.rows(q.LATEST_TWO_ASSESSMENTS, cid=candidate_id)]

    def add_assessment(self, conn: Connection, candidate_id: int, taken_on: date, answers: dict,
                       technical: int, leadership: int, cultural: int, total: int, band: str) -> int:
        return conn.scalar(q.INSERT_ASSESSMENT, cid=candidate_id, taken_on=taken_on, answers=answers,
                           technical=technical, leadership=leadership, cultural=cultural, total=total, band=band)

    def add_plan(self, conn: Connection, candidate_id: int, schedule, explanation: dict, session_start: str) -> int:
        conn.execute(q.DEACTIVATE_PLANS, {"cid": candidate_id})
        plan_pk = conn.scalar(q.INSERT_PLAN, cid=candidate_id, now=self.clock(), explanation=explanation,
                              session_start=session_start, **_plan_values(schedule))
        self._write_schedule(conn, plan_pk, schedule, from_day=None)
        return plan_pk

    def replace_from(self, conn: Connection, candidate_id: int, plan_pk: int, schedule, from_day: date,
                     explanation: dict, reason: str, summary: dict, session_start: str) -> None:
        """Regenerate: keep every task before `from_day` and every finished task; rewrite the rest."""
        version = conn.scalar(q.PLAN_VERSION, pid=plan_pk, cid=candidate_id)
        if version is None:
            raise NotFoundError(f"no plan {plan_pk}")
        conn.execute(q.DELETE_PLANNED_FROM, {"pid": plan_pk, "first": from_day})
        conn.execute(q.DELETE_WEEKS, {"pid": plan_pk})
        now = self.clock()
        conn.execute(q.UPDATE_PLAN, {"pid": plan_pk, "cid": candidate_id, "version": version + 1, "now": now,
                                     "explanation": explanation, "session_start": session_start,
                                     **_plan_values(schedule)})
        self._write_schedule(conn, plan_pk, schedule, from_day=from_day)
        conn.execute(q.INSERT_PLAN_CHANGE, {"pid": plan_pk, "at": now, "reason": reason, "summary": summary})

    def _write_schedule(self, conn: Connection, plan_pk: int, schedule, from_day: date | None) -> None:
        conn.executemany(q.INSERT_WEEK, [dict(
            pid=plan_pk, number=w.number, start=w.start, end=w.end, theme=w.theme, phase=w.phase,
            budget_minutes=w.budget_minutes, notes=list(w.notes)) for w in schedule.weeks])
        taken: dict[date, int] = {}
        if from_day is not None:
            # Finished tasks on regenerated days keep their numbers; new ones follow them.
            for r in conn.rows(q.LAST_SEQ_FROM, pid=plan_pk, first=from_day):
                taken[records.as_date(r["day"])] = r["seq"]
        rows = []
        for d in schedule.days:
            if from_day is not None and d.date < from_day:
                continue
            offset = taken.get(d.date, 0)
            for t in d.tasks:
                rows.append(dict(pid=plan_pk, day=d.date, week=d.week, seq=t.seq + offset, category=t.category,
                                 kind=t.kind, minutes=t.minutes, count=t.count, topic=t.topic, text=t.text,
                                 gap=t.gap, lp=t.lp, checkpoint=t.checkpoint))
        if rows:
            conn.executemany(q.INSERT_TASK, rows)

    def set_task_status(self, conn: Connection, candidate_id: int, task_id: int, status: str,
                        actual_minutes: int | None, note: str | None, reason: str | None,
                        only_from: tuple[str, ...] = ()) -> bool:
        """Set a task's status. With `only_from`, only a task still in one of those statuses changes (a
        conditional update): of two callers racing to complete one task, the second changes nothing and
        gets False."""
        values = dict(id=task_id, cid=candidate_id, status=status, actual_minutes=actual_minutes, note=note,
                      reason=reason, now=self.clock())
        if only_from:
            if len(only_from) > 3:
                raise ValueError("at most three statuses to change from")
            padded = (tuple(only_from) * 3)[:3]
            return conn.rowcount(q.SET_TASK_STATUS_IF, **values, from1=padded[0], from2=padded[1],
                                 from3=padded[2]) == 1
        return conn.rowcount(q.SET_TASK_STATUS, **values) == 1

    def last_finished_task(self, plan: records.PlanRecord) -> records.TaskRecord | None:
        """The task most recently marked done or skipped (by when it was recorded)."""
        with self.db.connection() as c:
            r = c.first(q.LAST_FINISHED_TASK, pid=plan.id, cid=plan.candidate_id)
        return records.task_from_row(r) if r else None

    def reopen_task(self, conn: Connection, candidate_id: int, task: records.TaskRecord) -> bool:
        """Undo a Done or Skip: the task is planned again and the log entry its Done wrote is removed —
        only if it is still as it was read (same status, same instant), so a second undo changes nothing."""
        if conn.rowcount(q.REOPEN_TASK_IF, id=task.id, cid=candidate_id, status=task.status,
                         completed_at=task.completed_at) != 1:
            return False
        conn.execute(q.DELETE_TASK_LOG, {"cid": candidate_id, "task_id": task.id})
        return True

    def set_plan_adjustments(self, conn: Connection, candidate_id: int, plan_pk: int, adjustments: dict | None) -> None:
        conn.execute(q.SET_PLAN_ADJUSTMENTS, {"pid": plan_pk, "cid": candidate_id, "adjustments": adjustments})

    def add_adaptation(self, conn: Connection, candidate_id: int, plan_pk: int, week: int | None,
                       verdict: str | None, firings: list, adjustment: dict) -> None:
        if conn.scalar(q.PLAN_VERSION, pid=plan_pk, cid=candidate_id) is None:
            raise NotFoundError(f"no plan {plan_pk}")
        conn.execute(q.INSERT_ADAPTATION, {"pid": plan_pk, "at": self.clock(), "week": week, "verdict": verdict,
                                           "firings": firings, "adjustment": adjustment})

    # ------------------------------------------------------------ calendar export state (issue 13 §7)

    def lock_calendar(self, conn: Connection, candidate_id: int, plan_pk: int) -> None:
        """Serialise calendar exports of one plan: a no-op UPDATE locks the plan's row on PostgreSQL
        (SQLite's BEGIN IMMEDIATE already holds the write lock) before the export reads calendar_events."""
        conn.execute(q.LOCK_PLAN, {"pid": plan_pk, "cid": candidate_id})

    def lock_candidate(self, conn: Connection, candidate_id: int) -> None:
        """Hold the candidate's row until commit (PostgreSQL), so a count read next cannot be overtaken by
        another window's write of the same kind; on SQLite the transaction already holds the write lock."""
        conn.execute(q.LOCK_CANDIDATE, {"cid": candidate_id})

    def calendar_events(self, conn: Connection, candidate_id: int) -> list[dict]:
        """What the last .ics export said about each session, for every plan of the candidate."""
        return [_calendar_row(r) for r in conn.rows(q.CALENDAR_EVENTS, cid=candidate_id)]

    def save_calendar_events(self, conn: Connection, candidate_id: int, inserts: list[dict],
                             updates: list[dict]) -> None:
        """Record an export: new sessions, and changed or cancelled ones (matched by plan and UID)."""
        fields = ("plan_id", "uid", "fingerprint", "sequence", "cancelled", "starts_at", "ends_at", "summary")
        inserts, updates = [_calendar_row(r) for r in inserts], [_calendar_row(r) for r in updates]
        owned = {p for p in {r["plan_id"] for r in inserts}
                 if conn.scalar(q.PLAN_VERSION, pid=p, cid=candidate_id) is not None}
        if any(r["plan_id"] not in owned for r in inserts):
            raise NotFoundError("no such plan for this candidate")
        if inserts:
            conn.executemany(q.INSERT_CALENDAR_EVENT, [{k: r[k] for k in fields} for r in inserts])
        if updates:
            conn.executemany(q.UPDATE_CALENDAR_EVENT, [{**{k: r[k] for k in fields}, "cid": candidate_id}
                                                       for r in updates])

    # ------------------------------------------------------------ practice log

    def add_log(self, conn: Connection, candidate_id: int, **values) -> int:
        return conn.scalar(q.INSERT_LOG, **_log_row(candidate_id, values, self.clock()))

    def add_logs(self, conn: Connection, candidate_id: int, rows: list[dict]) -> None:
        if rows:
            now = self.clock()
            conn.executemany(q.INSERT_LOG.replace("RETURNING id", ""),
                             [_log_row(candidate_id, r, now) for r in rows])

    def update_log(self, conn: Connection, candidate_id: int, entry_id: int, **values) -> None:
        conn.execute(*_update("log_entries", values, id=entry_id, candidate_id=candidate_id))

    def delete_log(self, conn: Connection, candidate_id: int, entry_id: int) -> int:
        return conn.rowcount(q.DELETE_LOG, cid=candidate_id, id=entry_id)

    def set_ratings(self, conn: Connection, candidate_id: int, week_start: date, scores: dict[str, int]) -> None:
        rows = [dict(cid=candidate_id, week_start=week_start, dimension=d, score=v) for d, v in scores.items()]
        conn.executemany(q.DELETE_RATINGS, [{k: r[k] for k in ("cid", "week_start", "dimension")} for r in rows])
        conn.executemany(q.INSERT_RATING, rows)

    def set_week_notes(self, conn: Connection, candidate_id: int, week_start: date, **values) -> None:
        existing = conn.scalar(q.WEEK_NOTE_ID, cid=candidate_id, week_start=week_start)
        if existing is not None:
            conn.execute(*_update("week_notes", values, id=existing, candidate_id=candidate_id))
        else:
            conn.execute(q.INSERT_WEEK_NOTES, {"biggest_win": None, "challenge": None, "next_focus": None,
                                               **values, "cid": candidate_id, "week_start": week_start})

    def add_checkpoint_result(self, conn: Connection, candidate_id: int, checkpoint: int, part: str,
                              score: float, attempt: int, taken_at: datetime | None = None) -> None:
        conn.execute(q.INSERT_CHECKPOINT_RESULT, {"cid": candidate_id, "checkpoint": checkpoint, "part": part,
                                                  "score": score, "attempt": attempt,
                                                  "taken_at": taken_at or self.clock()})

    # ------------------------------------------------------------ stories and cards

    def add_story(self, conn: Connection, candidate_id: int, story, form_token: str | None = None) -> int:
        return conn.scalar(q.INSERT_STORY, cid=candidate_id, now=self.clock(), form_token=form_token,
                           **_story_values(story))

    def story_by_form_token(self, conn: Connection, candidate_id: int, form_token: str) -> int | None:
        """The story the new-story form with this one-time token created, if it was sent before."""
        return conn.scalar(q.STORY_BY_FORM_TOKEN, cid=candidate_id, form_token=form_token)

    def update_story(self, conn: Connection, candidate_id: int, story_id: int, story, previous: dict,
                     expected: int | None = None) -> int | None:
        """Save a new version; the previous one is kept in story_versions. None, and nothing written, when the
        stored version is not `expected` or another save changed the row meanwhile (the UPDATE applies only
        to the version read here)."""
        version = conn.scalar(q.STORY_VERSION, id=story_id, cid=candidate_id)
        if version is None:
            raise NotFoundError(f"no story {story_id}")
        if expected is not None and version != expected:
            return None
        now = self.clock()
        if conn.execute(q.UPDATE_STORY, {"id": story_id, "cid": candidate_id, "version": version + 1, "now": now,
                                         "old_version": version, **_story_values(story)}).rowcount != 1:
            return None
        conn.execute(q.INSERT_STORY_VERSION, {"id": story_id, "version": version, "now": now, "data": previous})
        return version + 1

    def delete_story(self, conn: Connection, candidate_id: int, story_id: int) -> int:
        conn.execute(q.DELETE_STORY_CARDS, {"cid": candidate_id, "ref": str(story_id)})
        return conn.rowcount(q.DELETE_STORY, cid=candidate_id, id=story_id)

    def add_cards(self, conn: Connection, candidate_id: int, rows: list[dict]) -> None:
        """Insert review cards; a card the candidate already has (same kind and ref, e.g. written by a
        concurrent command a moment ago) is left as it is (INSERT … ON CONFLICT DO NOTHING)."""
        if rows:
            now = self.clock()
            conn.executemany(q.INSERT_CARD, [{"cid": candidate_id, "now": now, "kind": r["kind"], "ref": r["ref"],
                                              "prompt": r["prompt"], "answer": r["answer"], "fsrs": r["fsrs"],
                                              "due": r["due"], "due_day": r["due_day"]} for r in rows])

    def update_card_text(self, conn: Connection, candidate_id: int, card_id: int, prompt: str, answer: str) -> None:
        conn.execute(q.UPDATE_CARD_TEXT, {"id": card_id, "cid": candidate_id, "prompt": prompt, "answer": answer})

    def delete_cards(self, conn: Connection, candidate_id: int, card_ids: list[int]) -> None:
        if card_ids:
            conn.executemany(q.DELETE_CARD, [{"id": i, "cid": candidate_id} for i in card_ids])

    def record_review(self, conn: Connection, candidate_id: int, card_id: int, rating: int, reviewed_at: datetime,
                      duration_ms: int | None, due_before: datetime, fsrs_state: dict, due: datetime,
                      due_day: date, previous: dict | None = None) -> int | None:
        """Log a review and move the card on, only if the card is still as it was read (its due instant is
        `due_before`): of two answers racing on one card, the second writes nothing and gets None. Returns
        the review's id. `previous` is the card before the answer, kept for undo."""
        moved = conn.rowcount(q.MOVE_CARD_IF, id=card_id, cid=candidate_id, due_before=due_before, fsrs=fsrs_state,
                              due=due, due_day=due_day)
        if moved != 1:
            return None
        return conn.scalar(q.INSERT_REVIEW, id=card_id, rating=rating, reviewed_at=reviewed_at,
                           duration_ms=duration_ms, due_before=due_before, due_after=due, previous=previous)

    # -- undo of a review answer (issue 16 §2)

    def set_review_previous(self, conn: Connection, candidate_id: int, review_id: int, previous: dict) -> None:
        conn.execute(q.SET_REVIEW_PREVIOUS, {"id": review_id, "cid": candidate_id, "previous": previous})

    def task_completed_at(self, conn: Connection, candidate_id: int, task_id: int) -> datetime | None:
        value = conn.scalar(q.TASK_COMPLETED_AT, id=task_id, cid=candidate_id)
        return records.as_datetime(value) if value is not None else None

    def undo_review(self, conn: Connection, candidate_id: int, review_id: int, card_id: int, reviewed_at: datetime,
                    fsrs_state: dict, due: datetime, due_day: date, task_id: int | None = None,
                    task_completed_at: datetime | None = None) -> tuple[bool, bool]:
        """Take back an answer: its review row goes (only while it is still there as read — same id, card and
        instant; SQLite may give a deleted row's id to the next answer — and still its card's last, so a
        second undo from a stale read changes nothing), the card gets back its FSRS state and due, and the
        review task the answer ticked, if still as the answer left it, is planned again without its log
        entry. Returns (undone, task reopened)."""
        if conn.rowcount(q.DELETE_LAST_REVIEW_IF, id=review_id, cid=candidate_id, card_id=card_id,
                         reviewed_at=reviewed_at) != 1:
            return False, False
        conn.execute(q.RESTORE_CARD, {"id": card_id, "cid": candidate_id, "fsrs": fsrs_state, "due": due,
                                      "due_day": due_day})
        if task_id is None or task_completed_at is None:
            return True, False
        if conn.rowcount(q.REOPEN_TASK_IF, id=task_id, cid=candidate_id, status="done",
                         completed_at=task_completed_at) != 1:
            return True, False          # recorded again by hand since: leave it as it is
        conn.execute(q.DELETE_TASK_LOG, {"cid": candidate_id, "task_id": task_id})
        return True, True

    def set_card_dues(self, conn: Connection, candidate_id: int, rows: list[tuple[int, datetime, date]]) -> None:
        """(card id, due, due_day) for cards the review schedule moved; their FSRS state is unchanged."""
        if rows:
            conn.executemany(q.SET_CARD_DUE, [{"id": i, "cid": candidate_id, "due": due, "due_day": day}
                                              for i, due, day in rows])

    # ------------------------------------------------------------ mocks, deliveries, outcomes

    def add_mock(self, conn: Connection, candidate_id: int, **values) -> int:
        blank = dict(rater=None, scores=None, recommendation=None, strengths=None, improvements=None, run=None)
        return conn.scalar(q.INSERT_MOCK, **{**blank, **values, "cid": candidate_id, "created_at": self.clock()})

    def mock_by_run(self, conn: Connection, candidate_id: int, run: str) -> int | None:
        """The mock stored from this timed run (its stop or its rubric), if one was."""
        return conn.scalar(q.MOCK_BY_RUN, cid=candidate_id, run=run)

    # a stored mock scored later (issue 16 §2)
    def score_mock(self, conn: Connection, candidate_id: int, mock_id: int, **rubric) -> bool:
        """Attach a rubric (rater, scores, recommendation, strengths, improvements) to the candidate's mock;
        False when no unscored mock of theirs has that id (unknown, another candidate's, already scored)."""
        return conn.rowcount(q.SCORE_MOCK, cid=candidate_id, id=mock_id, **rubric) == 1

    def mock_log_entry(self, conn: Connection, candidate_id: int, day: date, titles: tuple[str, str],
                       created_at, minutes: int) -> int | None:
        """The unscored practice-log entry a mock was saved with, by its day and one of its `titles`."""
        return conn.scalar(q.MOCK_LOG_ENTRY, cid=candidate_id, day=day, title=titles[0], unscored_title=titles[1],
                           created_at=created_at, minutes=minutes)

    def add_delivery(self, conn: Connection, candidate_id: int, **values) -> int:
        return conn.scalar(q.INSERT_DELIVERY, **{**values, "cid": candidate_id, "created_at": self.clock()})

    def add_interview_outcome(self, conn: Connection, candidate_id: int, plan_pk: int | None, interview_date: date,
                              outcome: str, notes: str | None) -> int:
        return conn.scalar(q.INSERT_INTERVIEW_OUTCOME, cid=candidate_id, pid=plan_pk, interview_date=interview_date,
                           outcome=outcome, notes=notes, recorded_at=self.clock())


# ---------------------------------------------------------------- export and import

OWNED_BY_PLAN = ("plan_weeks", "tasks", "plan_changes", "adaptations", "calendar_events")
OWNED_BY_CANDIDATE = ("assessments", "log_entries", "ratings", "week_notes", "checkpoint_results", "stories",
                      "cards", "mocks", "deliveries", "interview_outcomes")
ORDER = {"plan_weeks": "plan_id, number", "calendar_events": "plan_id, id", "ratings": "week_start, dimension",
         "week_notes": "week_start"}


def dump_sql(table: str) -> str:
    """The export's read of one table: the candidate's rows only."""
    cols = ", ".join(f't."{c}"' for c in COLUMNS[table])
    order = ", ".join(f't."{c.strip()}"' for c in ORDER.get(table, "id").split(","))
    if table == "candidates":
        return f"SELECT {cols} FROM candidates t WHERE t.id = :cid"
    if table in OWNED_BY_PLAN:
        return (f"SELECT {cols} FROM {table} t JOIN plans p ON p.id = t.plan_id WHERE p.candidate_id = :cid "
                f"ORDER BY {order}")
    if table == "review_log":
        return (f"SELECT {cols} FROM review_log t JOIN cards c ON c.id = t.card_id WHERE c.candidate_id = :cid "
                f"ORDER BY {order}")
    return f"SELECT {cols} FROM {table} t WHERE t.candidate_id = :cid ORDER BY {order}"


def insert_sql(table: str, columns: list[str], returning: bool) -> str:
    """The import's insert into one table, for the given columns (all from the schema)."""
    unknown = [c for c in columns if c not in COLUMNS[table]]
    if unknown:
        raise ValueError(f"{table} has no column {unknown[0]}")
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({values})" + (" RETURNING id" if returning else "")


def dump(repo: Repository, candidate_id: int) -> dict:
    with repo.db.connection() as conn:
        def rows(table: str) -> list[dict]:
            return [typed(table, r) for r in conn.rows(dump_sql(table), cid=candidate_id)]
        out = {"candidate": rows("candidates")[0], "plans": rows("plans")}
        for table in OWNED_BY_PLAN + OWNED_BY_CANDIDATE + ("review_log",):
            out[table] = rows(table)
    return out


def load(repo: Repository, conn: Connection, data: dict) -> dict[str, int]:
    """Insert a validated export with fresh ids (old ids are mapped)."""
    def add(table: str, row: dict, returning: bool = False):
        row = {k: v for k, v in row.items() if k != "id"}
        sql = insert_sql(table, list(row), returning)
        return conn.scalar(sql, **row) if returning else conn.execute(sql, row)

    def add_all(table: str, rows: list[dict]) -> None:
        if rows:
            rows = [{k: v for k, v in r.items() if k != "id"} for r in rows]
            conn.executemany(insert_sql(table, list(rows[0]), False), rows)

    cid = add("candidates", data["candidate"], returning=True)
    plan_map, task_map = {}, {}
    for p in data["plans"]:
        plan_map[p["id"]] = add("plans", {**p, "candidate_id": cid}, returning=True)
    for t in data["tasks"]:
        task_map[t["id"]] = add("tasks", {**t, "plan_id": plan_map[t["plan_id"]]}, returning=True)
    for name in ("plan_weeks", "plan_changes", "adaptations"):
        add_all(name, [{**r, "plan_id": plan_map[r["plan_id"]]} for r in data[name]])
    add_all("calendar_events", [{**_calendar_row(r), "plan_id": plan_map[r["plan_id"]]}
                                for r in data.get("calendar_events") or []])
    for name in ("assessments", "ratings", "week_notes", "checkpoint_results"):
        add_all(name, [{**r, "candidate_id": cid} for r in data[name]])
    blank_log = {c: None for c in COLUMNS["log_entries"] if c != "id"}
    add_all("log_entries", [{**blank_log, **r, "candidate_id": cid,
                             "task_id": task_map.get(r["task_id"]) if r.get("task_id") else None}
                            for r in data["log_entries"]])
    story_map, card_map = {}, {}
    for st in data["stories"]:
        story_map[st["id"]] = add("stories", {**st, "candidate_id": cid}, returning=True)
    for c in data["cards"]:
        ref = str(story_map[int(c["ref"])]) if c["kind"] == "story" else c["ref"]
        card_map[c["id"]] = add("cards", {**c, "candidate_id": cid, "ref": ref}, returning=True)
    add_all("review_log", [{**r, "card_id": card_map[r["card_id"]], "previous": _review_previous(r, task_map)}
                           for r in data["review_log"]])
    mock_map = {}
    blank_mock = {c: None for c in COLUMNS["mocks"] if c != "id"}
    for m in data["mocks"]:
        new_id = add("mocks", {**blank_mock, **m, "candidate_id": cid}, returning=True)
        if m.get("id") is not None:
            mock_map[m["id"]] = new_id
    add_all("deliveries", [{**x, "candidate_id": cid, "story_id": story_map.get(x["story_id"]),
                            "mock_id": mock_map.get(x["mock_id"])} for x in data["deliveries"]])
    add_all("interview_outcomes", [{**o, "candidate_id": cid, "plan_id": plan_map.get(o["plan_id"])}
                                   for o in data.get("interview_outcomes") or []])
    return {name: len(data.get(name) or []) for name in (
        "plans", "tasks", "log_entries", "ratings", "assessments", "checkpoint_results", "stories", "cards",
        "review_log", "mocks", "deliveries", "interview_outcomes")}


def _review_previous(row: dict, task_map: dict) -> dict | None:
    """A review's `previous` as imported: the review task it ticked gets that task's new id (none if the
    task is not in the file)."""
    previous = row.get("previous")
    task = previous.get("task") if isinstance(previous, dict) else None
    if not isinstance(task, dict):
        return previous
    return {**previous, "task": {**task, "id": task_map.get(task.get("id"))} if task.get("id") in task_map else None}


# ---------------------------------------------------------------- values

def typed(table: str, row: dict) -> dict:
    """A row with Python values by the schema's kinds, whichever driver read it (SQLite hands back text
    for dates, instants and JSON, and 0/1 for booleans)."""
    kinds = COLUMNS[table]
    out = {}
    for k, v in row.items():
        kind = kinds.get(k)
        if v is not None:
            if kind == "date":
                v = records.as_date(v)
            elif kind == "datetime":
                v = records.as_datetime(v)
            elif kind == "bool":
                v = bool(v)
            elif kind == "json":
                v = records.as_json(v)
            elif kind == "float":
                v = float(v)
        out[k] = v
    return out


def _update(table: str, values: dict, **where) -> tuple[str, dict]:
    """An UPDATE of the named columns (checked against the schema) of one owned row."""
    if not values:
        raise ValueError("nothing to update")
    for c in list(values) + list(where):
        if c not in COLUMNS[table]:
            raise ValueError(f"{table} has no column {c}")
    sets = ", ".join(f'"{c}" = :v_{c}' for c in values)
    cond = " AND ".join(f'"{c}" = :w_{c}' for c in where)
    params = {**{f"v_{c}": v for c, v in values.items()}, **{f"w_{c}": v for c, v in where.items()}}
    return f"UPDATE {table} SET {sets} WHERE {cond}", params


def _log_row(candidate_id: int, values: dict, now: datetime) -> dict:
    row = {c: None for c in COLUMNS["log_entries"] if c not in ("id", "candidate_id")}
    row.update(count=1)
    row.update({k: v for k, v in values.items() if not (k == "count" and v is None)})
    unknown = set(row) - set(COLUMNS["log_entries"])
    if unknown:
        raise ValueError(f"log_entries has no column {sorted(unknown)[0]}")
    row.update(cid=candidate_id, created_at=now)
    return row


def _calendar_row(r) -> dict:
    """A calendar_events row with aware UTC times and a real bool (SQLite hands times back as text)."""
    row = dict(r)
    utc = lambda v: records.as_datetime(v).astimezone(timezone.utc)
    row.update(cancelled=bool(row["cancelled"]), starts_at=utc(row["starts_at"]), ends_at=utc(row["ends_at"]))
    return row


def _story_values(story) -> dict:
    return dict(title=story.title, situation=story.situation, task=story.task, action=story.action,
                result=story.result, primary_lp=story.primary_lp, secondary_lps=list(story.secondary_lps),
                level=story.level, status=story.status, team_size=story.team_size, period=story.period,
                happened=story.happened, metrics=story.metrics or "", obstacles=story.obstacles or "",
                lessons=story.lessons or "", failure=bool(story.failure), short_version=story.short_version or "",
                two_minute_version=story.two_minute_version or "",
                followups=[{"question": f.question, "answer": f.answer} for f in story.followups])


def _plan_values(schedule) -> dict:
    req = schedule.request
    return dict(
        plan_id=req.plan_id, track=req.track, level=req.level, start_date=req.start,
        effective_start=schedule.start, interview_date=req.interview,
        hours_per_week=float(req.hours_per_week),
        weekdays=",".join(str(d) for d in sorted(req.weekdays)), max_day_minutes=req.max_day_minutes,
        blackouts=sorted(d.isoformat() for d in req.blackouts),
        busy_weeks=sorted(d.isoformat() for d in req.busy_weeks),
        travel_days=sorted(d.isoformat() for d in req.travel_days),
        gaps=[dict(category=g.category, topic=g.topic, weight=g.weight, lp=g.lp) for g in req.gaps])
