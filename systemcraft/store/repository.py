"""The SQLAlchemy repository: every write, and every read on PostgreSQL."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Callable, Iterator

from sqlalchemy import create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from systemcraft.domain.schedule import Schedule
from systemcraft.errors import DataError
from systemcraft.store import migrate, records
from systemcraft.store.schema import HEAD_REVISION, KNOWN_REVISIONS
from systemcraft.store.tables import (adaptations, assessments, candidates, cards, checkpoint_results, deliveries,
                                      interview_outcomes, log_entries, mocks, plan_changes, plan_weeks, plans,
                                      ratings, review_log, stories, story_versions, tasks, week_notes)
from systemcraft.store.tables import calendar_events


def make_engine(url: str) -> Engine:
    """An engine whose transactions are real on SQLite too, DDL included.

    pysqlite begins transactions by itself, only before INSERT/UPDATE/DELETE, so every CREATE/ALTER ran
    in autocommit and a kill mid-migration left half a schema. As SQLAlchemy's SQLite dialect documents
    (pysqlite: serializable isolation, savepoints, transactional DDL), the driver's own handling is turned
    off and the `begin` event emits BEGIN: a schema change and its alembic_version row commit together.

    A transaction begun on purpose (`engine.begin()`, `conn.begin()`: every write and every migration) is
    BEGIN IMMEDIATE: it takes the write lock at once, where busy_timeout waits for another writer. A
    deferred BEGIN that reads first and writes later fails at once with SQLITE_BUSY when another process
    committed in between (SQLite cannot wait there). A transaction SQLAlchemy starts by itself for a read
    (`engine.connect()` then execute) stays a deferred BEGIN: reads never take nor wait for the write lock.

    A new SQLite file comes into being whole: made and switched to WAL under a temporary name, then linked
    into place. Made in place, a kill while SQLite writes its first page (the switch to WAL goes through a
    rollback journal) leaves a hot journal, which the read-only fast reader cannot roll back: every
    command would then say 'attempt to write a readonly database'.
    """
    if url.startswith("sqlite"):
        import os
        import sqlite3
        from contextlib import closing
        from sqlalchemy.engine import make_url

        path = make_url(url).database
        if path and path != ":memory:" and not path.startswith("file:") and not os.path.exists(path):
            fresh = f"{path}.new-{os.getpid()}"
            try:
                with closing(sqlite3.connect(fresh)) as con:
                    con.execute("PRAGMA journal_mode=WAL")
                os.link(fresh, path)                # never replaces a file another process made meanwhile
            except (OSError, sqlite3.Error):
                pass                                # e.g. no hard links here: SQLite creates it in place, as before
            finally:
                for leftover in (fresh, f"{fresh}-wal", f"{fresh}-shm"):
                    if os.path.exists(leftover):
                        os.unlink(leftover)
        engine = create_engine(url, connect_args={"timeout": 10})
        implicit = "systemcraft.implicit_begin"

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):  # pragma: no branch - runs per connection
            dbapi_conn.isolation_level = None       # the driver never BEGINs or COMMITs on its own
            cur = dbapi_conn.cursor()               # pragmas outside any transaction (WAL cannot switch inside one)
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()

        @event.listens_for(engine, "before_execute")
        def _before(conn, *_args):
            if not conn.in_transaction():           # this statement is about to autobegin
                conn.info[implicit] = True

        @event.listens_for(engine, "after_execute")
        def _after(conn, *_args):
            conn.info.pop(implicit, None)

        @event.listens_for(engine, "checkout")
        def _checkout(_dbapi_conn, record, _proxy):  # a statement that failed before its BEGIN leaves no mark
            record.info.pop(implicit, None)

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN" if conn.info.pop(implicit, False) else "BEGIN IMMEDIATE")
        return engine
    return create_engine(url, pool_pre_ping=True)


class Repository:
    def __init__(self, url: str, clock: Callable[[], datetime]) -> None:
        """`clock` is the environment's `now` (UTC): every timestamp the store writes comes from it."""
        self.url = url
        self.clock = clock
        try:
            self.engine = make_engine(url)
        except SQLAlchemyError as exc:
            raise DataError(f"cannot use the database URL '{url}': {exc.__class__.__name__}") from None
        except ModuleNotFoundError as exc:
            raise DataError(f"the database URL '{url}' needs a driver that is not installed ({exc.name})") \
                from None

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ schema

    def ensure_schema(self) -> None:
        """Migrate to head on first use (one transaction: a kill leaves the old schema or the new one);
        refuse a database from a newer version. A database with no schema revision yet whose SystemCraft
        tables are all empty — what a kill during first-run creation left before issue 14 — is cleared
        first, so it opens instead of saying 'table … already exists' for ever."""
        try:
            rev = migrate.current(self.engine)
        except OperationalError as exc:
            raise DataError(f"cannot open the database: {_short(exc)}") from None
        if rev == HEAD_REVISION:
            return
        if rev is not None and rev not in KNOWN_REVISIONS:
            raise DataError(f"the database was written by a newer SystemCraft (schema '{rev}'); "
                            "upgrade SystemCraft to open it")
        try:
            if rev is None:
                _, holding = migrate.clear_half_created(self.engine)
                if holding:
                    raise DataError(f"the database has SystemCraft tables with data ({', '.join(holding[:3])}) "
                                    "but no schema revision; restore it from a backup or use another home")
            migrate.upgrade(self.engine)
        except OperationalError as exc:
            raise DataError(f"cannot write the database: {_short(exc)}") from None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise DataError(f"the database refused the write: {_short(exc)}") from None

    # ------------------------------------------------------------ reads (same interface as SqliteReader)

    def _one(self, stmt, conn: Connection | None = None):
        if conn is not None:
            return conn.execute(stmt).mappings().first()
        with self.engine.connect() as own:
            return own.execute(stmt).mappings().first()

    def candidate(self, conn: Connection | None = None) -> records.CandidateRecord | None:
        """The candidate; given `conn`, as seen inside that (write) transaction."""
        r = self._one(select(candidates).order_by(candidates.c.id).limit(1), conn)
        return records.candidate_from_row(r) if r else None

    def latest_assessment(self, candidate_id: int) -> records.AssessmentRecord | None:
        r = self._one(select(assessments).where(assessments.c.candidate_id == candidate_id)
                      .order_by(assessments.c.taken_on.desc(), assessments.c.id.desc()).limit(1))
        return records.assessment_from_row(r) if r else None

    def active_plan(self, candidate_id: int, conn: Connection | None = None) -> records.PlanRecord | None:
        r = self._one(select(plans).where(plans.c.candidate_id == candidate_id, plans.c.active.is_(True))
                      .order_by(plans.c.id.desc()).limit(1), conn)
        return records.plan_from_row(r) if r else None

    def weeks(self, plan_id: int) -> list[records.WeekRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(plan_weeks).where(plan_weeks.c.plan_id == plan_id)
                                .order_by(plan_weeks.c.number)).mappings().all()
        return [records.week_from_row(r) for r in rows]

    def tasks_between(self, plan_id: int, first: date, last: date) -> list[records.TaskRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(tasks).where(tasks.c.plan_id == plan_id, tasks.c.day >= first,
                                                    tasks.c.day <= last)
                                .order_by(tasks.c.day, tasks.c.seq)).mappings().all()
        return [records.task_from_row(r) for r in rows]

    def task_totals(self, plan_id: int, until: date) -> list[tuple[str, str, int, int]]:
        stmt = (select(tasks.c.category, tasks.c.status, func.sum(tasks.c.minutes),
                       func.sum(func.coalesce(tasks.c.actual_minutes, 0)))
                .where(tasks.c.plan_id == plan_id, tasks.c.day <= until)
                .group_by(tasks.c.category, tasks.c.status).order_by(tasks.c.category, tasks.c.status))
        with self.engine.connect() as conn:
            return [(r[0], r[1], int(r[2]), int(r[3])) for r in conn.execute(stmt)]

    def fetch(self, sql: str, **params) -> list[dict]:
        """Run one of store.queries' statements; rows come back as normalised dicts."""
        with self.engine.connect() as conn:
            return self.fetch_in(conn, sql, **params)

    @staticmethod
    def fetch_in(conn: Connection, sql: str, **params) -> list[dict]:
        """The same, inside a write transaction (so a use case reads what it has just written)."""
        return [records.normalise_row(r) for r in conn.execute(text(sql), params).mappings()]

    # ------------------------------------------------------------ writes

    def add_candidate(self, conn: Connection, *, name: str, target_level: str, current_role: str,
                      years_experience: int, engineers_managed: int, multi_team: bool,
                      org_transformation: bool, risk_tolerance: str, timezone_name: str) -> int:
        return conn.execute(insert(candidates).values(
            name=name, target_level=target_level, current_role=current_role,
            years_experience=years_experience, engineers_managed=engineers_managed,
            multi_team=multi_team, org_transformation=org_transformation,
            risk_tolerance=risk_tolerance, timezone=timezone_name, created_at=self.clock())
        ).inserted_primary_key[0]

    def update_candidate(self, conn: Connection, candidate_id: int, **values) -> None:
        conn.execute(update(candidates).where(candidates.c.id == candidate_id).values(**values))

    def add_assessment(self, conn: Connection, candidate_id: int, taken_on: date, answers: dict,
                       technical: int, leadership: int, cultural: int, total: int, band: str) -> int:
        return conn.execute(insert(assessments).values(
            candidate_id=candidate_id, taken_on=taken_on, answers=answers, technical=technical,
            leadership=leadership, cultural=cultural, total=total, band=band)).inserted_primary_key[0]

    def add_plan(self, conn: Connection, candidate_id: int, schedule: Schedule, explanation: dict,
                 session_start: str) -> int:
        conn.execute(update(plans).where(plans.c.candidate_id == candidate_id).values(active=False))
        now = self.clock()
        plan_pk = conn.execute(insert(plans).values(
            candidate_id=candidate_id, version=1, active=True, created_at=now, updated_at=now,
            session_start=session_start, explanation=explanation, **_plan_values(schedule))
        ).inserted_primary_key[0]
        self._write_schedule(conn, plan_pk, schedule, from_day=None)
        return plan_pk

    def replace_from(self, conn: Connection, plan_pk: int, schedule: Schedule, from_day: date,
                     explanation: dict, reason: str, summary: dict, session_start: str) -> None:
        """Regenerate: keep every task before `from_day` and every finished task; rewrite the rest."""
        conn.execute(delete(tasks).where(tasks.c.plan_id == plan_pk, tasks.c.day >= from_day,
                                         tasks.c.status == "planned"))
        conn.execute(delete(plan_weeks).where(plan_weeks.c.plan_id == plan_pk))
        version = conn.execute(select(plans.c.version).where(plans.c.id == plan_pk)).scalar_one()
        conn.execute(update(plans).where(plans.c.id == plan_pk).values(
            version=version + 1, updated_at=self.clock(), explanation=explanation, session_start=session_start,
            **_plan_values(schedule)))
        self._write_schedule(conn, plan_pk, schedule, from_day=from_day)
        conn.execute(insert(plan_changes).values(plan_id=plan_pk, at=self.clock(), reason=reason,
                                                 summary=summary))

    def _write_schedule(self, conn: Connection, plan_pk: int, schedule: Schedule,
                        from_day: date | None) -> None:
        conn.execute(insert(plan_weeks), [dict(
            plan_id=plan_pk, number=w.number, start=w.start, end=w.end, theme=w.theme, phase=w.phase,
            budget_minutes=w.budget_minutes, notes=list(w.notes)) for w in schedule.weeks])
        taken: dict[date, int] = {}
        if from_day is not None:
            # Finished tasks on regenerated days keep their numbers; new ones follow them.
            for day, seq in conn.execute(select(tasks.c.day, func.max(tasks.c.seq))
                                         .where(tasks.c.plan_id == plan_pk, tasks.c.day >= from_day)
                                         .group_by(tasks.c.day)):
                taken[records.as_date(day)] = seq
        rows = []
        for d in schedule.days:
            if from_day is not None and d.date < from_day:
                continue
            offset = taken.get(d.date, 0)
            for t in d.tasks:
                rows.append(dict(plan_id=plan_pk, day=d.date, week=d.week, seq=t.seq + offset,
                                 category=t.category, kind=t.kind, minutes=t.minutes, count=t.count,
                                 topic=t.topic, text=t.text, gap=t.gap, lp=t.lp,
                                 checkpoint=t.checkpoint, status="planned"))
        if rows:
            conn.execute(insert(tasks), rows)

    def set_task_status(self, conn: Connection, task_id: int, status: str, actual_minutes: int | None,
                        note: str | None, reason: str | None, only_from: tuple[str, ...] = ()) -> bool:
        """Set a task's status. With `only_from`, only a task still in one of those statuses changes (a
        conditional update): of two callers racing to complete one task, the second changes nothing and
        gets False."""
        stmt = update(tasks).where(tasks.c.id == task_id)
        if only_from:
            stmt = stmt.where(tasks.c.status.in_(only_from))
        changed = conn.execute(stmt.values(status=status, actual_minutes=actual_minutes, note=note, reason=reason,
                                           completed_at=self.clock())).rowcount
        return changed == 1

    # ------------------------------------------------------------ calendar export state (issue 13 §7)

    def lock_calendar(self, conn: Connection, plan_pk: int) -> None:
        """Serialise calendar exports of one plan: a no-op UPDATE locks the plan's row on PostgreSQL
        and takes SQLite's write lock before the export reads calendar_events."""
        conn.execute(update(plans).where(plans.c.id == plan_pk).values(version=plans.c.version))

    def calendar_events(self, conn: Connection, candidate_id: int) -> list[dict]:
        """What the last .ics export said about each session, for every plan of the candidate."""
        stmt = (select(calendar_events).join(plans, plans.c.id == calendar_events.c.plan_id)
                .where(plans.c.candidate_id == candidate_id)
                .order_by(calendar_events.c.plan_id, calendar_events.c.id).with_only_columns(*calendar_events.c))
        return [_calendar_row(r) for r in conn.execute(stmt).mappings()]

    def save_calendar_events(self, conn: Connection, inserts: list[dict], updates: list[dict]) -> None:
        """Record an export: new sessions, and changed or cancelled ones (matched by plan and UID)."""
        fields = ("fingerprint", "sequence", "cancelled", "starts_at", "ends_at", "summary")
        inserts, updates = [_calendar_row(r) for r in inserts], [_calendar_row(r) for r in updates]
        if inserts:
            conn.execute(insert(calendar_events), [
                {k: r[k] for k in ("plan_id", "uid") + fields} for r in inserts])
        for r in updates:
            conn.execute(update(calendar_events).where(calendar_events.c.plan_id == r["plan_id"],
                                                       calendar_events.c.uid == r["uid"])
                         .values(**{k: r[k] for k in fields}))

    # ------------------------------------------------------------ practice log

    def add_log(self, conn: Connection, candidate_id: int, **values) -> int:
        values.setdefault("count", 1)
        return conn.execute(insert(log_entries).values(candidate_id=candidate_id, created_at=self.clock(), **values)
                            ).inserted_primary_key[0]

    def add_logs(self, conn: Connection, candidate_id: int, rows: list[dict]) -> None:
        if rows:
            now = self.clock()
            blank = {c.name: None for c in log_entries.columns if c.name != "id"}
            conn.execute(insert(log_entries), [{**blank, "count": 1, **r, "candidate_id": candidate_id,
                                                "created_at": now} for r in rows])

    def update_log(self, conn: Connection, candidate_id: int, entry_id: int, **values) -> None:
        conn.execute(update(log_entries).where(log_entries.c.candidate_id == candidate_id,
                                               log_entries.c.id == entry_id).values(**values))

    def delete_log(self, conn: Connection, candidate_id: int, entry_id: int) -> int:
        return conn.execute(delete(log_entries).where(log_entries.c.candidate_id == candidate_id,
                                                      log_entries.c.id == entry_id)).rowcount

    def set_ratings(self, conn: Connection, candidate_id: int, week_start: date, scores: dict[str, int]) -> None:
        conn.execute(delete(ratings).where(ratings.c.candidate_id == candidate_id,
                                           ratings.c.week_start == week_start,
                                           ratings.c.dimension.in_(list(scores))))
        conn.execute(insert(ratings), [dict(candidate_id=candidate_id, week_start=week_start, dimension=d,
                                            score=v) for d, v in scores.items()])

    def set_week_notes(self, conn: Connection, candidate_id: int, week_start: date, **values) -> None:
        existing = conn.execute(select(week_notes.c.id).where(week_notes.c.candidate_id == candidate_id,
                                                              week_notes.c.week_start == week_start)).first()
        if existing:
            conn.execute(update(week_notes).where(week_notes.c.id == existing[0]).values(**values))
        else:
            conn.execute(insert(week_notes).values(candidate_id=candidate_id, week_start=week_start, **values))

    def add_checkpoint_result(self, conn: Connection, candidate_id: int, checkpoint: int, part: str,
                              score: float, attempt: int, taken_at: datetime | None = None) -> None:
        conn.execute(insert(checkpoint_results).values(candidate_id=candidate_id, checkpoint=checkpoint,
                                                       part=part, score=score, attempt=attempt,
                                                       taken_at=taken_at or self.clock()))

    def add_adaptation(self, conn: Connection, plan_pk: int, week: int | None, verdict: str | None,
                       firings: list, adjustment: dict) -> None:
        conn.execute(insert(adaptations).values(plan_id=plan_pk, at=self.clock(), week=week, verdict=verdict,
                                                firings=firings, adjustment=adjustment))

    # ------------------------------------------------------------ stories and cards

    def add_story(self, conn: Connection, candidate_id: int, story) -> int:
        now = self.clock()
        return conn.execute(insert(stories).values(candidate_id=candidate_id, version=1, created_at=now,
                                                   updated_at=now, **_story_values(story))).inserted_primary_key[0]

    def update_story(self, conn: Connection, candidate_id: int, story_id: int, story, previous: dict) -> int:
        """Save a new version; the previous one is kept in story_versions."""
        version = conn.execute(select(stories.c.version).where(stories.c.id == story_id,
                                                               stories.c.candidate_id == candidate_id)).scalar_one()
        conn.execute(insert(story_versions).values(story_id=story_id, version=version, saved_at=self.clock(),
                                                   data=previous))
        conn.execute(update(stories).where(stories.c.id == story_id).values(
            version=version + 1, updated_at=self.clock(), **_story_values(story)))
        return version + 1

    def delete_story(self, conn: Connection, candidate_id: int, story_id: int) -> int:
        conn.execute(delete(cards).where(cards.c.candidate_id == candidate_id, cards.c.kind == "story",
                                         cards.c.ref == str(story_id)))
        return conn.execute(delete(stories).where(stories.c.candidate_id == candidate_id,
                                                  stories.c.id == story_id)).rowcount

    def story_versions(self, story_id: int) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(story_versions).where(story_versions.c.story_id == story_id)
                                                  .order_by(story_versions.c.version)).mappings()]

    def add_cards(self, conn: Connection, candidate_id: int, rows: list[dict]) -> None:
        """Insert review cards; a card the candidate already has (same kind and ref, e.g. written by a
        concurrent command a moment ago) is left as it is (INSERT … ON CONFLICT DO NOTHING)."""
        if rows:
            now = self.clock()
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            stmt = dialect.insert(cards).on_conflict_do_nothing(index_elements=["candidate_id", "kind", "ref"])
            conn.execute(stmt, [{**r, "candidate_id": candidate_id, "created_at": now, "suspended": False}
                                for r in rows])

    def update_card_text(self, conn: Connection, card_id: int, prompt: str, answer: str) -> None:
        conn.execute(update(cards).where(cards.c.id == card_id).values(prompt=prompt, answer=answer))

    def delete_cards(self, conn: Connection, card_ids: list[int]) -> None:
        if card_ids:
            conn.execute(delete(cards).where(cards.c.id.in_(card_ids)))

    def record_review(self, conn: Connection, card_id: int, rating: int, reviewed_at: datetime,
                      duration_ms: int | None, due_before: datetime, fsrs_state: dict, due: datetime,
                      due_day: date) -> bool:
        """Log a review and move the card on, only if the card is still as it was read (its due instant is
        `due_before`): of two answers racing on one card, the second writes nothing and gets False."""
        moved = conn.execute(update(cards).where(cards.c.id == card_id, cards.c.due == due_before)
                             .values(fsrs=fsrs_state, due=due, due_day=due_day)).rowcount
        if moved != 1:
            return False
        conn.execute(insert(review_log).values(card_id=card_id, rating=rating, reviewed_at=reviewed_at,
                                               duration_ms=duration_ms, due_before=due_before, due_after=due))
        return True

    def set_card_dues(self, conn: Connection, rows: list[tuple[int, datetime, date]]) -> None:
        """(card id, due, due_day) for cards the review schedule moved; their FSRS state is unchanged."""
        for card_id, due, due_day in rows:
            conn.execute(update(cards).where(cards.c.id == card_id).values(due=due, due_day=due_day))

    def add_mock(self, conn: Connection, candidate_id: int, **values) -> int:
        return conn.execute(insert(mocks).values(candidate_id=candidate_id, created_at=self.clock(), **values)
                            ).inserted_primary_key[0]

    def set_mock_rubric(self, conn: Connection, candidate_id: int, mock_id: int, **values) -> None:
        conn.execute(update(mocks).where(mocks.c.id == mock_id, mocks.c.candidate_id == candidate_id).values(**values))

    def add_delivery(self, conn: Connection, candidate_id: int, **values) -> int:
        return conn.execute(insert(deliveries).values(candidate_id=candidate_id, created_at=self.clock(), **values)
                            ).inserted_primary_key[0]

    def set_plan_adjustments(self, conn: Connection, plan_pk: int, adjustments: dict | None) -> None:
        conn.execute(update(plans).where(plans.c.id == plan_pk).values(adjustments=adjustments))

    # ------------------------------------------------------------ after the interview

    def add_interview_outcome(self, conn: Connection, candidate_id: int, plan_pk: int | None, interview_date: date,
                              outcome: str, notes: str | None) -> int:
        return conn.execute(insert(interview_outcomes).values(
            candidate_id=candidate_id, plan_id=plan_pk, interview_date=interview_date, outcome=outcome, notes=notes,
            recorded_at=self.clock())).inserted_primary_key[0]


def dump(repo: "Repository", candidate_id: int) -> dict:
    def rows(stmt):
        with repo.engine.connect() as conn:
            return [dict(r) for r in conn.execute(stmt).mappings()]
    cand = rows(select(candidates).where(candidates.c.id == candidate_id))[0]
    plan_rows = rows(select(plans).where(plans.c.candidate_id == candidate_id).order_by(plans.c.id))
    pids = [p["id"] for p in plan_rows]
    by_plan = lambda table, *order: rows(select(table).where(table.c.plan_id.in_(pids)).order_by(*order))
    by_cand = lambda table, *order: rows(select(table).where(table.c.candidate_id == candidate_id).order_by(*order))
    return {
        "candidate": cand, "plans": plan_rows,
        "assessments": by_cand(assessments, assessments.c.id),
        "plan_weeks": by_plan(plan_weeks, plan_weeks.c.plan_id, plan_weeks.c.number),
        "tasks": by_plan(tasks, tasks.c.id),
        "plan_changes": by_plan(plan_changes, plan_changes.c.id),
        "adaptations": by_plan(adaptations, adaptations.c.id),
        "calendar_events": by_plan(calendar_events, calendar_events.c.plan_id, calendar_events.c.id),
        "log_entries": by_cand(log_entries, log_entries.c.id),
        "ratings": by_cand(ratings, ratings.c.week_start, ratings.c.dimension),
        "week_notes": by_cand(week_notes, week_notes.c.week_start),
        "checkpoint_results": by_cand(checkpoint_results, checkpoint_results.c.id),
        "stories": by_cand(stories, stories.c.id),
        "cards": by_cand(cards, cards.c.id),
        "review_log": rows(select(review_log).join(cards, cards.c.id == review_log.c.card_id)
                           .where(cards.c.candidate_id == candidate_id).order_by(review_log.c.id)
                           .with_only_columns(*review_log.c)),
        "mocks": by_cand(mocks, mocks.c.id),
        "deliveries": by_cand(deliveries, deliveries.c.id),
        "interview_outcomes": by_cand(interview_outcomes, interview_outcomes.c.id),
    }


def load(repo: "Repository", conn: Connection, data: dict) -> dict[str, int]:
    """Insert a validated export with fresh ids (old ids are mapped)."""
    cid = conn.execute(insert(candidates).values(**data["candidate"])).inserted_primary_key[0]
    plan_map, task_map = {}, {}
    for p in data["plans"]:
        values = {k: v for k, v in p.items() if k != "id"}
        plan_map[p["id"]] = conn.execute(insert(plans).values(candidate_id=cid, **values)).inserted_primary_key[0]
    for t in data["tasks"]:
        values = {k: v for k, v in t.items() if k not in ("id", "plan_id")}
        task_map[t["id"]] = conn.execute(insert(tasks).values(plan_id=plan_map[t["plan_id"]], **values)
                                         ).inserted_primary_key[0]
    for table, name in ((plan_weeks, "plan_weeks"), (plan_changes, "plan_changes"), (adaptations, "adaptations")):
        if data[name]:
            conn.execute(insert(table), [{**r, "plan_id": plan_map[r["plan_id"]]} for r in data[name]])
    if data.get("calendar_events"):
        conn.execute(insert(calendar_events), [{**_calendar_row(r), "plan_id": plan_map[r["plan_id"]]}
                                               for r in data["calendar_events"]])
    for table, name in ((assessments, "assessments"), (ratings, "ratings"), (week_notes, "week_notes"),
                        (checkpoint_results, "checkpoint_results")):
        if data[name]:
            conn.execute(insert(table), [{**r, "candidate_id": cid} for r in data[name]])
    if data["log_entries"]:
        conn.execute(insert(log_entries), [{**r, "candidate_id": cid,
                                            "task_id": task_map.get(r["task_id"]) if r["task_id"] else None}
                                           for r in data["log_entries"]])
    story_map, card_map = {}, {}
    for st in data["stories"]:
        story_map[st["id"]] = conn.execute(insert(stories).values(
            candidate_id=cid, **{k: v for k, v in st.items() if k != "id"})).inserted_primary_key[0]
    for c in data["cards"]:
        ref = str(story_map[int(c["ref"])]) if c["kind"] == "story" else c["ref"]
        card_map[c["id"]] = conn.execute(insert(cards).values(
            candidate_id=cid, **{**{k: v for k, v in c.items() if k != "id"}, "ref": ref})).inserted_primary_key[0]
    if data["review_log"]:
        conn.execute(insert(review_log), [{**r, "card_id": card_map[r["card_id"]]} for r in data["review_log"]])
    mock_map = {}
    for m in data["mocks"]:
        new_id = conn.execute(insert(mocks).values(
            candidate_id=cid, **{k: v for k, v in m.items() if k != "id"})).inserted_primary_key[0]
        if m.get("id") is not None:
            mock_map[m["id"]] = new_id
    if data["deliveries"]:
        conn.execute(insert(deliveries), [{**x, "candidate_id": cid, "story_id": story_map.get(x["story_id"]),
                                           "mock_id": mock_map.get(x["mock_id"])} for x in data["deliveries"]])
    outcomes = data.get("interview_outcomes") or []
    if outcomes:
        conn.execute(insert(interview_outcomes), [{**o, "candidate_id": cid, "plan_id": plan_map.get(o["plan_id"])}
                                                  for o in outcomes])
    return {name: len(data.get(name) or []) for name in (
        "plans", "tasks", "log_entries", "ratings", "assessments", "checkpoint_results", "stories", "cards",
        "review_log", "mocks", "deliveries", "interview_outcomes")}


def _calendar_row(r) -> dict:
    """A calendar_events row with aware UTC times and a real bool. SQLite hands times back naive (they are
    stored in UTC) and drops an offset on the way in, so every time is turned to UTC before it is stored."""
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


def _plan_values(schedule: Schedule) -> dict:
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


def _short(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0]
