"""Facts about the schema that the fast path needs without importing Alembic."""

HEAD_REVISION = "0013_once_tokens"
# Every revision this version of SystemCraft knows, oldest first (tested against Alembic's own list).
KNOWN_REVISIONS = ("0001_initial", "0002_practice_log", "0003_stories_reviews", "0004_mocks",
                   "0005_log_lp_index", "0006_deliveries", "0007_calendar_outcomes",
                   "0008_repair_edited_0002", "0009_review_previous",
                   "0010_review_log_time_index", "0011_log_task_index",
                   "0012_practice_recordings", "0013_once_tokens")
