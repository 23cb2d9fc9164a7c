"""SQLAlchemy Core tables. Migrations in migrations/versions must produce exactly these."""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer,
                        MetaData, String, Table, Text, UniqueConstraint)

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

candidates = Table(
    "candidates", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("target_level", String(2), nullable=False),
    Column("current_role", String(30), nullable=False),
    Column("years_experience", Integer, nullable=False),
    Column("engineers_managed", Integer, nullable=False),
    Column("multi_team", Boolean, nullable=False),
    Column("org_transformation", Boolean, nullable=False),
    Column("risk_tolerance", String(10), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("day_start_hour", Integer),
)

assessments = Table(
    "assessments", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("taken_on", Date, nullable=False),
    Column("answers", JSON, nullable=False),
    Column("technical", Integer, nullable=False),
    Column("leadership", Integer, nullable=False),
    Column("cultural", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("band", String(30), nullable=False),
)

plans = Table(
    "plans", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("plan_id", String(40), nullable=False),
    Column("track", String(20), nullable=False),
    Column("level", String(2), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("effective_start", Date, nullable=False),
    Column("interview_date", Date, nullable=False),
    Column("hours_per_week", Float, nullable=False),
    Column("weekdays", String(20), nullable=False),
    Column("max_day_minutes", Integer, nullable=False),
    Column("blackouts", JSON, nullable=False),
    Column("busy_weeks", JSON, nullable=False),
    Column("gaps", JSON, nullable=False),
    Column("explanation", JSON, nullable=False),
    Column("session_start", String(5), nullable=False),
    Column("adjustments", JSON),
    Column("travel_days", JSON),
    Column("version", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

plan_weeks = Table(
    "plan_weeks", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("start", Date, nullable=False),
    Column("end", Date, nullable=False),
    Column("theme", String(200), nullable=False),
    Column("phase", String(100), nullable=False),
    Column("budget_minutes", Integer, nullable=False),
    Column("notes", JSON, nullable=False),
    UniqueConstraint("plan_id", "number", name="uq_plan_weeks_plan_number"),
)

tasks = Table(
    "tasks", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("week", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("category", String(20), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("count", Integer, nullable=False),
    Column("topic", String(300), nullable=False),
    Column("text", Text, nullable=False),
    Column("gap", Boolean, nullable=False),
    Column("lp", String(60)),
    Column("checkpoint", Integer),
    Column("status", String(10), nullable=False),
    Column("actual_minutes", Integer),
    Column("note", Text),
    Column("reason", Text),
    Column("completed_at", DateTime(timezone=True)),
    UniqueConstraint("plan_id", "day", "seq", name="uq_tasks_plan_day_seq"),
    Index("ix_tasks_plan_day", "plan_id", "day"),
)

plan_changes = Table(
    "plan_changes", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("summary", JSON, nullable=False),
)

log_entries = Table(
    "log_entries", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("category", String(20)),
    Column("minutes", Integer),
    Column("count", Integer, nullable=False),
    Column("title", String(300)),
    Column("link", String(500)),
    Column("pattern", String(40)),
    Column("difficulty", String(10)),
    Column("level", String(2)),
    Column("score", Float),
    Column("solved_alone", Boolean),
    Column("confidence", Integer),
    Column("energy", Integer),
    Column("insight", Text),
    Column("lp", String(60)),
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="SET NULL")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_log_entries_candidate_day", "candidate_id", "day"),
    Index("ix_log_entries_candidate_kind_day", "candidate_id", "kind", "day"),
    Index("ix_log_entries_candidate_lp_day", "candidate_id", "lp", "day"),
    Index("ix_log_entries_task", "task_id"),
)

ratings = Table(
    "ratings", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("week_start", Date, nullable=False),
    Column("dimension", String(40), nullable=False),
    Column("score", Integer, nullable=False),
    UniqueConstraint("candidate_id", "week_start", "dimension", name="uq_ratings_week_dimension"),
)

week_notes = Table(
    "week_notes", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("week_start", Date, nullable=False),
    Column("biggest_win", Text),
    Column("challenge", Text),
    Column("next_focus", Text),
    UniqueConstraint("candidate_id", "week_start", name="uq_week_notes_week"),
)

checkpoint_results = Table(
    "checkpoint_results", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("checkpoint", Integer, nullable=False),
    Column("part", String(4), nullable=False),
    Column("score", Float, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("taken_at", DateTime(timezone=True), nullable=False),
)

adaptations = Table(
    "adaptations", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("week", Integer),
    Column("verdict", String(20)),
    Column("firings", JSON, nullable=False),
    Column("adjustment", JSON, nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("situation", Text, nullable=False),
    Column("task", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("result", Text, nullable=False),
    Column("primary_lp", String(60), nullable=False),
    Column("secondary_lps", JSON, nullable=False),
    Column("level", String(2), nullable=False),
    Column("status", String(10), nullable=False),
    Column("team_size", Integer),
    Column("period", String(100)),
    Column("happened", Date),
    Column("metrics", Text, nullable=False),
    Column("obstacles", Text, nullable=False),
    Column("lessons", Text, nullable=False),
    Column("failure", Boolean, nullable=False),
    Column("short_version", Text, nullable=False),
    Column("two_minute_version", Text, nullable=False),
    Column("followups", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("form_token", String(24)),                   # the new-story form that created it (sent twice: one story)
    Index("ix_stories_candidate", "candidate_id"),
    Index("ux_stories_candidate_form_token", "candidate_id", "form_token", unique=True),
)

story_versions = Table(
    "story_versions", metadata,
    Column("id", Integer, primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("data", JSON, nullable=False),
)

cards = Table(
    "cards", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("ref", String(80), nullable=False),
    Column("prompt", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("fsrs", JSON, nullable=False),
    Column("due", DateTime(timezone=True), nullable=False),
    Column("due_day", Date, nullable=False),
    Column("suspended", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("candidate_id", "kind", "ref", name="uq_cards_candidate_kind_ref"),
    Index("ix_cards_candidate_due", "candidate_id", "due_day"),
)

review_log = Table(
    "review_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("card_id", Integer, ForeignKey("cards.id", ondelete="CASCADE"), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Column("duration_ms", Integer),
    Column("due_before", DateTime(timezone=True)),
    Column("due_after", DateTime(timezone=True), nullable=False),
    Column("previous", JSON),       # the card before this answer (fsrs, due, due_day; the task it ticked): undo
    Index("ix_review_log_card", "card_id"),
    Index("ix_review_log_reviewed_at", "reviewed_at"),
)

mocks = Table(
    "mocks", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("format", String(20), nullable=False),
    Column("level", String(2), nullable=False),
    Column("persona", String(20), nullable=False),
    Column("day", Date, nullable=False),
    Column("status", String(10), nullable=False),        # complete | partial | partner
    Column("phases", JSON, nullable=False),
    Column("actual_minutes", JSON, nullable=False),
    Column("marks", JSON, nullable=False),
    Column("rater", String(20)),
    Column("scores", JSON),
    Column("recommendation", Integer),
    Column("strengths", JSON),
    Column("improvements", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("run", String(24)),                          # the timed run it was stored from (a stop sent twice: one mock)
    Index("ix_mocks_candidate_day", "candidate_id", "day"),
    Index("ux_mocks_candidate_run", "candidate_id", "run", unique=True),
)

deliveries = Table(
    "deliveries", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("source", String(255), nullable=False),       # the file's name
    Column("format", String(10), nullable=False),
    Column("speaker", String(100), nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="SET NULL")),
    Column("mock_id", Integer, ForeignKey("mocks.id", ondelete="SET NULL")),
    Column("level", String(2), nullable=False),
    Column("words", Integer, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("wpm", Float, nullable=False),
    Column("fillers_per_minute", Float, nullable=False),
    Column("pauses", Integer, nullable=False),
    Column("estimated", Boolean, nullable=False),
    Column("method", String(10), nullable=False),         # markers | heuristic
    Column("confidence", Float, nullable=False),
    Column("report", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_deliveries_candidate_day", "candidate_id", "day"),
)

# What the last calendar export said about each study session (issue 13): a session keeps its UID while
# it exists, its SEQUENCE grows when it changes, and a session that is gone is exported as cancelled.
calendar_events = Table(
    "calendar_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    Column("uid", String(200), nullable=False),
    Column("fingerprint", String(64), nullable=False),     # hash of what the event shows
    Column("sequence", Integer, nullable=False),
    Column("cancelled", Boolean, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("summary", String(300), nullable=False),
    UniqueConstraint("plan_id", "uid"),
)

# How an interview went, recorded after its date (issue 13 §6): the candidate may then set a new date.
interview_outcomes = Table(
    "interview_outcomes", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="SET NULL")),
    Column("interview_date", Date, nullable=False),
    Column("outcome", String(20), nullable=False),       # offer | no_offer | waiting | postponed | withdrew
    Column("notes", Text),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# An answer recorded on the Practice page (issue 18): uploaded in chunks, transcribed in a worker, reported.
# The audio is a file in the home (kept only when the candidate ticked "keep"); `audio_bytes` is its size, 0
# once it is gone. `transcript` holds the words with their times, for a replay that follows along.
practice_recordings = Table(
    "practice_recordings", metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False),
    Column("question", String(500), nullable=False),
    Column("target", String(4)),                          # 30s | 2min | full (the version aimed at)
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="SET NULL")),
    Column("keep", Boolean, nullable=False),
    Column("mime", String(100), nullable=False),
    Column("state", String(12), nullable=False),          # recording | queued | transcribing | done | failed | cancelled
    Column("chunks", Integer, nullable=False),
    Column("bytes", Integer, nullable=False),
    Column("audio_bytes", Integer, nullable=False),
    Column("progress", Float, nullable=False),
    Column("taps", JSON, nullable=False),
    Column("transcript", JSON),
    Column("delivery_id", Integer, ForeignKey("deliveries.id", ondelete="SET NULL")),
    Column("error", String(300)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("start_token", String(24)),                      # the press of Record that made it (sent twice: one row)
    Index("ix_practice_recordings_candidate_state", "candidate_id", "state"),
    Index("ux_practice_recordings_candidate_start_token", "candidate_id", "start_token", unique=True),
)
