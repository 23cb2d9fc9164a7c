"""Every SQL text in systemcraft/store/queries.py fits the schema the migrations really build.

The store's SQL lives as upper-case module-level strings in `systemcraft.store.queries`, with `:name`
parameters. Each one that starts with SELECT/INSERT/UPDATE/DELETE/WITH is picked up here by itself, and
checked against a database migrated to head with the project's own Alembic revisions (one per back end
per module):

- SQLite: `EXPLAIN <sql>` through the stdlib sqlite3 module, every parameter bound to None. Compiling
  the statement finds a missing table or column, or an ON CONFLICT target that is no unique key; nothing
  runs. SQLite must bind exactly the `:name`s found here. (SQLite checks no types, accepts some words
  PostgreSQL reserves, and reads a double-quoted name it cannot resolve as a string literal: PostgreSQL
  below catches all three.)
- PostgreSQL: `:name` becomes `$1..$n` (one name, one number; `::` casts and quoted text untouched) and the
  statement is PREPAREd through psycopg in autocommit, then DEALLOCATEd: a missing table or column, a
  reserved word as a bare column name, or an operator between mismatched types fails here. The types
  PostgreSQL infers for the parameters, read from pg_prepared_statements, are what the schema says each one
  is compared with or assigned to (`day >= :first` gives :first the type of the `day` column). Each inferred
  type must be the kind EXPECTED_KINDS declares for that parameter NAME, and one name must mean one kind in
  every statement (the few listed exceptions, SAME_NAME_OTHER_KIND, name their statement).

A new parameter name fails `test_every_parameter_name_has_a_declared_kind` until it is added to
EXPECTED_KINDS: say what the name holds, and the schema check then keeps it true.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import psycopg
import pytest
from sqlalchemy import create_engine

from systemcraft.store import migrate, queries

# ----------------------------------------------------------------------------- what each name holds

KINDS = {"integer", "float", "text", "date", "timestamp", "boolean", "json"}

# The kind of value each `:name` holds, in every statement of queries.py. Read off the SQL: the column each
# parameter is compared with or (INSERT, UPDATE … SET) assigned to, and that column's type in store/tables.py.
EXPECTED_KINDS = {
    # ids: <table>.id, and the foreign keys holding one
    "cid": "integer",               # candidates.id, <table>.candidate_id
    "pid": "integer",               # plans.id, <table>.plan_id (plan_weeks, tasks, plan_changes, adaptations, …)
    "id": "integer",                # <table>.id; story_versions.story_id, review_log.card_id in their INSERTs
    "story_id": "integer", "mock_id": "integer",                                # deliveries
    "task_id": "integer",                                                       # log_entries
    "card_id": "integer",                                                       # review_log (undo)
    # LIMIT: PostgreSQL infers bigint
    "n": "integer", "limit": "integer",
    "offset": "integer",                                                        # OFFSET (LOG_PAGE)
    # other whole numbers
    "hour": "integer",                                                          # candidates.day_start_hour
    "years_experience": "integer", "engineers_managed": "integer",              # candidates
    "technical": "integer", "leadership": "integer", "cultural": "integer", "total": "integer",   # assessments
    "max_day_minutes": "integer", "version": "integer",                         # plans, stories, story_versions
    "old_version": "integer",                                                   # stories.version (UPDATE_STORY)
    "number": "integer", "budget_minutes": "integer",                           # plan_weeks
    "week": "integer", "seq": "integer", "minutes": "integer", "count": "integer",  # tasks, log_entries, adaptations
    "checkpoint": "integer", "actual_minutes": "integer",                       # tasks (checkpoint_results.checkpoint)
    "confidence": "integer", "energy": "integer",                               # log_entries
    "attempt": "integer",                                                       # checkpoint_results
    "team_size": "integer",                                                     # stories
    "rating": "integer", "duration_ms": "integer",                              # review_log
    "recommendation": "integer",                                                # mocks
    "words": "integer", "pauses": "integer",                                    # deliveries
    "sequence": "integer",                                                      # calendar_events
    # fractional numbers
    "score": "float",                                                           # log_entries, checkpoint_results
    "hours_per_week": "float",                                                  # plans
    "seconds": "float", "wpm": "float", "fillers_per_minute": "float",          # deliveries
    # text (String or Text columns)
    "name": "text", "target_level": "text", "current_role": "text", "risk_tolerance": "text",
    "timezone": "text",                                                         # candidates
    "band": "text",                                                             # assessments
    "plan_id": "text",              # plans.plan_id: the curriculum's name for the plan, not plans.id (that is :pid)
    "track": "text", "level": "text", "weekdays": "text", "session_start": "text",   # plans (level: many tables)
    "theme": "text", "phase": "text",                                           # plan_weeks
    "category": "text", "kind": "text", "topic": "text", "text": "text", "lp": "text", "status": "text",
    "note": "text", "reason": "text",                                           # tasks (reason: plan_changes too)
    "from1": "text", "from2": "text", "from3": "text",                          # tasks.status IN (…)
    "unscored_title": "text",                                                   # log_entries.title (MOCK_LOG_ENTRY)
    "title": "text", "link": "text", "pattern": "text", "difficulty": "text", "insight": "text",  # log_entries
    "dimension": "text",                                                        # ratings
    "biggest_win": "text", "challenge": "text", "next_focus": "text",           # week_notes
    "part": "text",                                                             # checkpoint_results
    "verdict": "text",                                                          # adaptations
    "situation": "text", "task": "text", "action": "text", "result": "text", "primary_lp": "text",
    "period": "text", "metrics": "text", "obstacles": "text", "lessons": "text", "short_version": "text",
    "two_minute_version": "text",                                               # stories
    "ref": "text", "prompt": "text", "answer": "text",                          # cards
    "format": "text", "persona": "text", "rater": "text",                       # mocks (format: deliveries too)
    "run": "text", "form_token": "text",                                        # mocks.run, stories.form_token
    "start_token": "text",                                                      # practice_recordings.start_token
    "source": "text", "speaker": "text", "method": "text",                      # deliveries
    "uid": "text", "fingerprint": "text", "summary": "text",                    # calendar_events
    "outcome": "text", "notes": "text",                                         # interview_outcomes
    # days (Date columns)
    "first": "date", "last": "date",    # first and last day of a span: log_entries.day, tasks.day, cards.due_day
    "until": "date",                    # log_entries.day, ratings.week_start, tasks.day
    "today": "date",                    # tasks.day
    "day": "date",                      # cards.due_day in DUE_*, <table>.day in INSERTs
    "ws": "date", "week_start": "date",                                         # ratings, week_notes
    "taken_on": "date",                                                         # assessments
    "start_date": "date", "effective_start": "date", "interview_date": "date",   # plans, interview_outcomes
    "start": "date", "end": "date",                                             # plan_weeks
    "happened": "date",                                                         # stories
    "due_day": "date",                                                          # cards
    # instants (DateTime(timezone=True) columns)
    "since": "timestamp",                                                       # review_log.reviewed_at
    "horizon": "date",                                                          # cards.due_day
    "eve": "date",                                                              # cards.due_day
    "now": "timestamp", "created_at": "timestamp",                              # created_at, updated_at, saved_at, …
    "completed_at": "timestamp",                                                # tasks.completed_at (undo)
    "at": "timestamp",                                                          # plan_changes, adaptations
    "due": "timestamp", "due_before": "timestamp", "due_after": "timestamp",    # cards, review_log
    "reviewed_at": "timestamp",                                                 # review_log
    "taken_at": "timestamp",                                                    # checkpoint_results
    "starts_at": "timestamp", "ends_at": "timestamp",                           # calendar_events
    "recorded_at": "timestamp",                                                 # interview_outcomes
    # booleans
    "no": "boolean",                                                            # cards.suspended = :no
    "multi_team": "boolean", "org_transformation": "boolean",                   # candidates
    "gap": "boolean",                                                           # tasks
    "solved_alone": "boolean",                                                  # log_entries
    "failure": "boolean",                                                       # stories
    "estimated": "boolean",                                                     # deliveries
    "cancelled": "boolean",                                                     # calendar_events
    # JSON
    "answers": "json",                                                          # assessments
    "blackouts": "json", "busy_weeks": "json", "travel_days": "json", "gaps": "json", "explanation": "json",
    "adjustments": "json",                                                      # plans
    "adjustment": "json", "firings": "json",                                    # adaptations
    "secondary_lps": "json", "followups": "json",                               # stories
    "data": "json",                                                             # story_versions
    "fsrs": "json",                                                             # cards
    "previous": "json",                                                         # review_log (undo)
    "phases": "json", "marks": "json", "scores": "json", "strengths": "json", "improvements": "json",  # mocks
    "report": "json",                                                           # deliveries
    # practice_recordings (issue 18)
    "question": "text", "target": "text", "mime": "text", "state": "text", "error": "text",
    "keep": "boolean", "size": "integer", "most": "integer", "delivery_id": "integer",
    "audio_bytes": "integer", "progress": "float", "taps": "json", "transcript": "json",
}

# The only places where a name means another kind than EXPECTED_KINDS says: the parameter is named after the
# column it fills, and a column of that name has another type in that table. Each is an exception to "one name,
# one kind"; renaming the parameter in queries.py is better (then this test asks for the entry to go).
SAME_NAME_OTHER_KIND = {
    ("INSERT_RATING", "score"): "integer",              # ratings.score is a whole mark
    ("INSERT_DELIVERY", "confidence"): "float",         # deliveries.confidence is 0..1, log_entries' an integer
    ("INSERT_MOCK", "actual_minutes"): "json",          # mocks.actual_minutes holds minutes per phase
    ("INSERT_WEEK", "notes"): "json",                   # plan_weeks.notes is a JSON list
    ("INSERT_PLAN_CHANGE", "summary"): "json",          # plan_changes.summary is JSON
    ("INSERT_CALENDAR_EVENT", "plan_id"): "integer",    # calendar_events.plan_id is plans.id, :pid everywhere else
    ("UPDATE_CALENDAR_EVENT", "plan_id"): "integer",
}

# Names whose type PostgreSQL cannot infer from where they first stand, each with why: `:x IS NULL` before any
# `col = :x` fails ("could not determine data type"), `col = :x OR :x IS NULL` does not; a bare `SELECT :x` is
# text, `LIMIT :n` bigint. For the names listed, the PREPARE declares the type of their kind above instead, so
# the rest of the statement is still checked. Better: `CAST(:x AS <type>)` in the SQL, which both back ends
# accept. Empty: PostgreSQL infers every parameter in queries.py.
UNINFERABLE: dict[str, str] = {}

# How PostgreSQL spells the types it infers, as kinds.
PG_KINDS = {
    "smallint": "integer", "integer": "integer", "bigint": "integer",
    "real": "float", "double precision": "float", "numeric": "float",
    "text": "text", "character varying": "text", "character": "text",
    "date": "date",
    "timestamp without time zone": "timestamp", "timestamp with time zone": "timestamp",
    "boolean": "boolean",
    "json": "json", "jsonb": "json",
}
KIND_PG_TYPE = {"integer": "bigint", "float": "double precision", "text": "text", "date": "date",
                "timestamp": "timestamptz", "boolean": "boolean", "json": "json"}

# ----------------------------------------------------------------------------- the statements

VERBS = {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}
_LEADING = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)
_SQLISH = re.compile(r"\bselect\b.+\bfrom\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b|\bdelete\s+from\b",
                     re.I | re.S)


def first_word(sql: str) -> str:
    rest = sql[_LEADING.match(sql).end():]
    m = re.match(r"[A-Za-z]+", rest)
    return m.group(0).upper() if m else ""


def sql_constants(module=queries) -> dict[str, str]:
    """The module's upper-case string attributes that are SQL statements, by name."""
    return {name: value for name, value in sorted(vars(module).items())
            if re.fullmatch(r"[A-Z][A-Z0-9_]*", name) and isinstance(value, str) and first_word(value) in VERBS}


STATEMENTS = sql_constants()

# ----------------------------------------------------------------------------- parameters

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def param_spans(sql: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every `:name` outside quotes and comments; `::type` casts are not parameters."""
    spans, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":                                  # 'text' or "identifier"; a doubled quote escapes
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif sql.startswith("::", i):
            i += 2
        elif c == ":" and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] in "_\\")):
            m = _NAME.match(sql, i + 1)
            if m:
                spans.append((i, m.end(), m.group(0)))
                i = m.end()
            else:
                i += 1
        else:
            i += 1
    return spans


def param_names(sql: str) -> list[str]:
    """Parameter names in order of first appearance."""
    return list(dict.fromkeys(name for _, _, name in param_spans(sql)))


def numbered(sql: str) -> tuple[str, list[str]]:
    """The statement with `$1..$n` for `:name` (one name, one number) and the names, $1 first."""
    names = param_names(sql)
    number = {name: k for k, name in enumerate(names, 1)}
    out, at = [], 0
    for start, end, name in param_spans(sql):
        out += [sql[at:start], f"${number[name]}"]
        at = end
    out.append(sql[at:])
    return "".join(out), names


# ----------------------------------------------------------------------------- the two checks

def sqlite_compile(con: sqlite3.Connection, sql: str) -> None:
    """Raise sqlite3.Error unless SQLite compiles the statement (EXPLAIN: nothing is run)."""
    con.execute("EXPLAIN " + sql, dict.fromkeys(param_names(sql))).fetchall()


def _named(message: str, names: list[str]) -> str:
    """A PostgreSQL message with `$k` written back as the statement's `:name`."""
    return re.sub(r"\$(\d+)", lambda m: f":{names[int(m.group(1)) - 1]}" if 0 < int(m.group(1)) <= len(names)
                  else m.group(0), message)


class PrepareError(Exception):
    pass


def pg_param_types(conn: psycopg.Connection, sql: str) -> dict[str, str]:
    """PREPARE the statement (then DEALLOCATE it); {name: the type PostgreSQL infers}. PrepareError if refused."""
    body, names = numbered(sql)
    declared = ""
    if any(name in UNINFERABLE for name in names):
        declared = "(" + ", ".join(KIND_PG_TYPE[EXPECTED_KINDS[name]] if name in UNINFERABLE else "unknown"
                                   for name in names) + ")"
    try:
        conn.execute(f"PREPARE sql_matches_schema {declared} AS {body}")
    except psycopg.Error as exc:
        hint = ""
        if isinstance(exc, psycopg.errors.IndeterminateDatatype):
            hint = (" — write CAST(:name AS <type>) in the SQL, or list the name in UNINFERABLE with the reason")
        raise PrepareError(_named(str(exc).strip(), names) + hint) from None
    try:
        row = conn.execute("SELECT parameter_types::text[] FROM pg_prepared_statements "
                           "WHERE name = 'sql_matches_schema'").fetchone()
    finally:
        conn.execute("DEALLOCATE sql_matches_schema")
    return dict(zip(names, row[0]))


def kind_of(pg_type: str) -> str:
    return PG_KINDS.get(pg_type, f"unmapped PostgreSQL type {pg_type!r}")


def expected_kind(statement: str, name: str) -> str | None:
    return SAME_NAME_OTHER_KIND.get((statement, name), EXPECTED_KINDS.get(name))


def kind_problems(statement: str, types: dict[str, str]) -> list[str]:
    """What is wrong with the inferred parameter types of one statement, by EXPECTED_KINDS."""
    problems = []
    for name, pg_type in types.items():
        expected = expected_kind(statement, name)
        if expected is None:
            problems.append(f":{name} is not in EXPECTED_KINDS (PostgreSQL infers {pg_type}, kind "
                            f"{kind_of(pg_type)}): declare what it holds")
        elif kind_of(pg_type) != expected:
            problems.append(f":{name} is declared {expected} but the schema makes it {pg_type} "
                            f"(kind {kind_of(pg_type)})")
    return problems


def conflicting_kinds(inferred: dict[str, dict[str, str]]) -> list[str]:
    """Names that get different kinds in different statements; `inferred` is {statement: {name: pg type}}.
    The pairs in SAME_NAME_OTHER_KIND are left out."""
    seen: dict[str, dict[str, list[str]]] = {}
    for statement, types in inferred.items():
        for name, pg_type in types.items():
            if (statement, name) in SAME_NAME_OTHER_KIND:
                continue
            seen.setdefault(name, {}).setdefault(kind_of(pg_type), []).append(statement)
    return [f":{name} is " + "; ".join(f"{kind} in {', '.join(sorted(where))}" for kind, where in sorted(kinds.items()))
            for name, kinds in sorted(seen.items()) if len(kinds) > 1]


# ----------------------------------------------------------------------------- migrated databases

@pytest.fixture(scope="module")
def sqlite_con(tmp_path_factory):
    path = tmp_path_factory.mktemp("sql-matches-schema") / "systemcraft.db"
    engine = create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        yield con


@pytest.fixture(scope="module")
def pg_conn(pg_server):
    name = "sc_sql_matches_schema"
    host, port = "127.0.0.1", str(pg_server["port"])
    pg_server["run"](f"{pg_server['bindir']}/createdb", "-h", host, "-p", port, "-U", "postgres", name)
    engine = create_engine(f"postgresql+psycopg://postgres@{host}:{port}/{name}")
    migrate.upgrade(engine)
    engine.dispose()
    with psycopg.connect(host=host, port=port, user="postgres", dbname=name, autocommit=True) as conn:
        yield conn


# ----------------------------------------------------------------------------- the statements, checked

def test_queries_module_holds_the_statements():
    assert len(STATEMENTS) >= 30, f"only {sorted(STATEMENTS)} found in systemcraft.store.queries"
    missed = [name for name, value in vars(queries).items()
              if isinstance(value, str) and name not in STATEMENTS and not name.startswith("__")
              and _SQLISH.search(value)]
    assert not missed, (f"{missed} look like SQL but are not checked here: name them in UPPER_CASE and start "
                        f"them with one of {sorted(VERBS)}")


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_sqlite_sees_exactly_the_parameters_found_here(sqlite_con, name):
    """The `:name`s found here (and numbered for PostgreSQL) are the ones SQLite binds: every one is needed,
    and none other is (no `?`, `@x`, `$x`, nor a `:name` this scanner misses)."""
    sql = STATEMENTS[name]
    names = param_names(sql)
    try:
        sqlite_compile(sqlite_con, sql)
    except sqlite3.ProgrammingError as exc:
        pytest.fail(f"{name}: SQLite wants a parameter not found here as `:name`: {exc}")
    except sqlite3.Error:
        pass                            # reported by test_statement_compiles_on_sqlite
    for left_out in names:
        with pytest.raises(sqlite3.ProgrammingError):
            sqlite_con.execute("EXPLAIN " + sql, {n: None for n in names if n != left_out})


def test_every_parameter_name_has_a_declared_kind():
    used: dict[str, list[str]] = {}
    for name, sql in STATEMENTS.items():
        for param in param_names(sql):
            used.setdefault(param, []).append(name)
    undeclared = {p: where for p, where in sorted(used.items()) if p not in EXPECTED_KINDS}
    assert not undeclared, (
        "parameters with no declared kind; add each to EXPECTED_KINDS in this file, with the column it is "
        "compared with or assigned to:\n" + "\n".join(f"  :{p} in {', '.join(w)}" for p, w in undeclared.items()))
    assert set(EXPECTED_KINDS.values()) | set(SAME_NAME_OTHER_KIND.values()) <= KINDS
    assert set(UNINFERABLE) <= set(EXPECTED_KINDS)


def test_every_exception_to_one_name_one_kind_is_still_needed():
    stale = [f"{statement} :{name}" for (statement, name), kind in SAME_NAME_OTHER_KIND.items()
             if statement in STATEMENTS and (name not in param_names(STATEMENTS[statement])
                                             or kind == EXPECTED_KINDS.get(name))]
    assert not stale, f"remove {stale} from SAME_NAME_OTHER_KIND: the statement no longer needs it"


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_compiles_on_sqlite(sqlite_con, name):
    try:
        sqlite_compile(sqlite_con, STATEMENTS[name])
    except sqlite3.Error as exc:
        pytest.fail(f"{name} does not compile against the migrated SQLite schema: {exc}\n{STATEMENTS[name]}")


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_prepares_on_postgresql_with_the_declared_types(pg_conn, name):
    try:
        types = pg_param_types(pg_conn, STATEMENTS[name])
    except PrepareError as exc:
        pytest.fail(f"{name} does not prepare against the migrated PostgreSQL schema: {exc}\n{STATEMENTS[name]}")
    problems = kind_problems(name, types)
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def test_one_name_means_one_kind_in_every_statement(pg_conn):
    inferred = {}
    for name, sql in STATEMENTS.items():
        try:
            inferred[name] = pg_param_types(pg_conn, sql)
        except PrepareError:
            pass                        # reported by test_statement_prepares_on_postgresql_with_the_declared_types
    conflicts = conflicting_kinds(inferred)
    assert not conflicts, "one parameter name, several kinds:\n  " + "\n  ".join(conflicts)


# ----------------------------------------------------------------------------- the checker can fail

def test_parameters_are_found_outside_quotes_casts_and_comments():
    sql = ("SELECT ':nope', \"a:b\", x::date, CAST(:b AS text) -- :c\n"
           "FROM t WHERE a = :a AND b = :b /* :d */ AND c = 'it''s :e' AND d=:a")
    assert param_names(sql) == ["b", "a"]
    body, names = numbered(sql)
    assert names == ["b", "a"]
    assert body == ("SELECT ':nope', \"a:b\", x::date, CAST($1 AS text) -- :c\n"
                    "FROM t WHERE a = $2 AND b = $1 /* :d */ AND c = 'it''s :e' AND d=$2")


@pytest.mark.parametrize("sql", ["SELECT * FROM tasks WHERE plan_id = :pid AND day = ?",
                                 "SELECT * FROM tasks WHERE plan_id = :pid AND day = @day"])
def test_a_parameter_not_written_as_name_is_noticed(sqlite_con, sql):
    with pytest.raises(sqlite3.ProgrammingError):
        sqlite_compile(sqlite_con, sql)


@pytest.mark.parametrize("sql", ["SELECT nosuchcolumn FROM tasks", "SELECT * FROM nosuchtable",
                                 "INSERT INTO tasks (plan_id, nosuchcolumn) VALUES (:pid, :cid)",
                                 "UPDATE tasks SET status = :status WHERE nosuch = :id"])
def test_a_missing_table_or_column_is_refused_on_both(sqlite_con, pg_conn, sql):
    with pytest.raises(sqlite3.OperationalError, match="no such|has no column"):
        sqlite_compile(sqlite_con, sql)
    with pytest.raises(PrepareError, match="does not exist"):
        pg_param_types(pg_conn, sql)


def test_a_parameter_of_the_wrong_kind_is_refused(pg_conn):
    types = pg_param_types(pg_conn, "SELECT * FROM tasks WHERE day = :cid")
    assert types == {"cid": "date"}
    assert kind_problems("WRONG", types) == [":cid is declared integer but the schema makes it date (kind date)"]
    # One name is one parameter: used as a date and as an integer, PostgreSQL refuses the statement.
    with pytest.raises(PrepareError, match=r"operator does not exist: integer = date"):
        pg_param_types(pg_conn, "SELECT * FROM tasks WHERE day = :cid AND plan_id = :cid")
    good = pg_param_types(pg_conn, "SELECT * FROM tasks WHERE plan_id = :pid AND day >= :first")
    assert good == {"pid": "integer", "first": "date"} and kind_problems("GOOD", good) == []


def test_an_undeclared_name_and_two_kinds_for_one_name_are_reported(pg_conn):
    types = pg_param_types(pg_conn, "SELECT * FROM tasks WHERE topic = :nosuchname")
    assert kind_problems("NEW", types) == [":nosuchname is not in EXPECTED_KINDS (PostgreSQL infers text, kind text): "
                                           "declare what it holds"]
    inferred = {"A": pg_param_types(pg_conn, "SELECT * FROM tasks WHERE day = :x"),
                "B": pg_param_types(pg_conn, "SELECT * FROM tasks WHERE week = :x"),
                "C": pg_param_types(pg_conn, "SELECT * FROM log_entries WHERE day = :x")}
    assert conflicting_kinds(inferred) == [":x is date in A, C; integer in B"]
    # An exception covers its own statement and name only.
    assert conflicting_kinds({"INSERT_RATING": {"score": "integer"}, "INSERT_LOG": {"score": "double precision"}}) == []
    assert conflicting_kinds({"OTHER": {"score": "integer"}, "INSERT_LOG": {"score": "double precision"}}) == [
        ":score is float in INSERT_LOG; integer in OTHER"]


def test_statements_are_recognised_by_their_first_word():
    class Module:
        A = "\n  -- why\n  /* how */ select 1"
        B = "WITH x AS (SELECT 1) SELECT * FROM x"
        C = "Some words"
        lower = "SELECT 1"
        D = 3
    assert sql_constants(Module) == {"A": Module.A, "B": Module.B}


def test_an_uninferable_parameter_is_named_and_can_be_declared(pg_conn, monkeypatch):
    sql = "SELECT * FROM tasks WHERE :x IS NULL AND plan_id = :pid"
    with pytest.raises(PrepareError, match=r"could not determine data type of parameter :x .*UNINFERABLE"):
        pg_param_types(pg_conn, sql)
    monkeypatch.setitem(EXPECTED_KINDS, "x", "date")
    monkeypatch.setitem(UNINFERABLE, "x", "only ever tested for NULL")
    assert pg_param_types(pg_conn, sql) == {"x": "date", "pid": "integer"}
