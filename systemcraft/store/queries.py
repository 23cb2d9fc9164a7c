"""SQL shared by both readers (stdlib sqlite3 and SQLAlchemy): one text, `:name` parameters.

Aggregations group in the database (by day and kind) so Python never walks every log row.
Dates are passed as `date` objects; the sqlite3 reader turns them into ISO strings.
"""

DAILY_LOG = """
SELECT day, kind, COUNT(*) AS entries, SUM(count) AS items, SUM(COALESCE(minutes, 0)) AS minutes,
       SUM(COALESCE(confidence, 0)) AS confidence_sum, SUM(CASE WHEN confidence IS NULL THEN 0 ELSE 1 END) AS confidence_n,
       SUM(COALESCE(score, 0)) AS score_sum, SUM(CASE WHEN score IS NULL THEN 0 ELSE 1 END) AS score_n
FROM log_entries
WHERE candidate_id = :cid AND day >= :first AND day <= :last
GROUP BY day, kind
ORDER BY day, kind
"""

DAILY_TASKS = """
SELECT day, kind, category, status, COUNT(*) AS tasks, SUM(count) AS items, SUM(minutes) AS minutes,
       SUM(COALESCE(actual_minutes, 0)) AS actual
FROM tasks
WHERE plan_id = :pid AND day >= :first AND day <= :last
GROUP BY day, kind, category, status
ORDER BY day, kind, category, status
"""

RATINGS_UNTIL = """
SELECT week_start, dimension, score FROM ratings
WHERE candidate_id = :cid AND week_start <= :until
ORDER BY week_start, dimension
"""

LP_FIRST_SEEN = """
SELECT lp, MIN(day) AS first_day FROM log_entries
WHERE candidate_id = :cid AND lp IS NOT NULL
GROUP BY lp ORDER BY lp
"""

MOCK_SCORES = """
SELECT day, id, score FROM log_entries
WHERE candidate_id = :cid AND kind = 'mock' AND score IS NOT NULL AND day <= :until
ORDER BY day, id
"""

RECENT_MOCK_SCORES = """
SELECT day, id, score FROM log_entries
WHERE candidate_id = :cid AND kind = 'mock' AND score IS NOT NULL AND day <= :until
ORDER BY day DESC, id DESC LIMIT :n
"""

CHECKINS = """
SELECT day, id, confidence, energy FROM log_entries
WHERE candidate_id = :cid AND kind = 'checkin' AND day >= :first AND day <= :last
ORDER BY day, id
"""

CODING_PACE = """
SELECT day, SUM(minutes) AS minutes, SUM(count) AS items FROM log_entries
WHERE candidate_id = :cid AND kind = 'coding' AND minutes IS NOT NULL AND day >= :first AND day <= :last
GROUP BY day ORDER BY day
"""

LOG_ENTRIES = """
SELECT * FROM log_entries
WHERE candidate_id = :cid AND day >= :first AND day <= :last
ORDER BY day, id
"""

LOG_ENTRY = "SELECT * FROM log_entries WHERE candidate_id = :cid AND id = :id"

WEEK_NOTES = "SELECT * FROM week_notes WHERE candidate_id = :cid AND week_start = :ws"

CHECKPOINT_RESULTS = """
SELECT * FROM checkpoint_results WHERE candidate_id = :cid ORDER BY checkpoint, attempt, part, id
"""

ADAPTATIONS = "SELECT * FROM adaptations WHERE plan_id = :pid ORDER BY at, id"

STORIES = "SELECT * FROM stories WHERE candidate_id = :cid ORDER BY id"

STORY = "SELECT * FROM stories WHERE candidate_id = :cid AND id = :id"

STORY_LP_DATES = "SELECT primary_lp, secondary_lps, created_at FROM stories WHERE candidate_id = :cid"

DUE_CARDS = """
SELECT * FROM cards
WHERE candidate_id = :cid AND due_day <= :day AND suspended = :no
ORDER BY due_day, due, id
LIMIT :limit
"""

DUE_COUNT = "SELECT COUNT(*) AS n FROM cards WHERE candidate_id = :cid AND due_day <= :day AND suspended = :no"

CARD_LOAD = """
SELECT due_day, COUNT(*) AS n FROM cards
WHERE candidate_id = :cid AND due_day > :first AND due_day <= :last AND suspended = :no
GROUP BY due_day ORDER BY due_day
"""

CARD_REFS = "SELECT id, kind, ref FROM cards WHERE candidate_id = :cid"

CARDS = "SELECT * FROM cards WHERE candidate_id = :cid AND suspended = :no ORDER BY id"

CARD = "SELECT * FROM cards WHERE candidate_id = :cid AND id = :id"

REVIEW_STATS = """
SELECT COUNT(*) AS reviews, SUM(CASE WHEN rating = 1 THEN 1 ELSE 0 END) AS lapses,
       SUM(COALESCE(duration_ms, 0)) AS duration_ms
FROM review_log r JOIN cards c ON c.id = r.card_id
WHERE c.candidate_id = :cid AND r.reviewed_at >= :since
"""

MOCKS = "SELECT * FROM mocks WHERE candidate_id = :cid ORDER BY day, id"

MOCK = "SELECT * FROM mocks WHERE candidate_id = :cid AND id = :id"

DAILY_MINUTES = """
SELECT day, SUM(COALESCE(minutes, 0)) AS minutes FROM log_entries
WHERE candidate_id = :cid AND day >= :first AND day <= :last AND kind <> 'checkin'
GROUP BY day ORDER BY day
"""

NEXT_CHECKPOINT = """
SELECT day, checkpoint, topic FROM tasks
WHERE plan_id = :pid AND day >= :today AND checkpoint IS NOT NULL
ORDER BY day, seq LIMIT 1
"""

INTERVIEW_OUTCOMES = """
SELECT id, plan_id, interview_date, outcome, notes, recorded_at FROM interview_outcomes
WHERE candidate_id = :cid
ORDER BY recorded_at, id
"""

DONE_DAYS = """
SELECT DISTINCT day FROM tasks
WHERE plan_id = :pid AND status = 'done' AND day >= :first AND day <= :last
ORDER BY day
"""

DELIVERIES = """
SELECT id, day, source, format, speaker, story_id, mock_id, level, words, seconds, wpm, fillers_per_minute,
       pauses, estimated, method, confidence
FROM deliveries WHERE candidate_id = :cid ORDER BY day, id
"""

DELIVERY = "SELECT * FROM deliveries WHERE candidate_id = :cid AND id = :id"

PLANNED_LPS = """
SELECT lp, MIN(day) AS first_day FROM tasks
WHERE plan_id = :pid AND lp IS NOT NULL
GROUP BY lp ORDER BY lp
"""
