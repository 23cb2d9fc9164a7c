"""Every statement the store runs, once, for SQLite and PostgreSQL alike: `:name` parameters, and only
SQL both speak (store/db.py adapts the values). tests/store/test_sql_matches_schema.py compiles each one
against both real schemas.

Owned data: every read and every change of an existing row names its candidate. Tables without a
candidate_id (plans' weeks, tasks, adaptations, calendar events; cards' review log; stories' versions) are
reached through their owner, so an id of another candidate's row finds nothing. The few statements that
add or replace rows under a plan, card or story by its id (INSERT_TASK, INSERT_WEEK, INSERT_REVIEW, …) run
only after the repository has found that plan, card or story for the candidate in the same transaction.

Aggregations group in the database (by day and kind) so Python never walks every log row.
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
  AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
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

# One page of the log, newest first, and how many entries there are in all (:kind '' = every kind): the web's list
LOG_PAGE = """
SELECT * FROM log_entries
WHERE candidate_id = :cid AND day >= :first AND day <= :last AND (:kind = '' OR kind = :kind)
ORDER BY day DESC, id DESC
LIMIT :n OFFSET :offset
"""

LOG_COUNT = """
SELECT COUNT(*) AS entries FROM log_entries
WHERE candidate_id = :cid AND day >= :first AND day <= :last AND (:kind = '' OR kind = :kind)
"""

# The hand-logged entries of one day and kind written since an instant: a double submit's twin (tracking.add_entry)
LOG_TWINS = """
SELECT * FROM log_entries
WHERE candidate_id = :cid AND day = :day AND kind = :kind AND task_id IS NULL AND created_at >= :since
ORDER BY id DESC
"""

WEEK_NOTES = "SELECT * FROM week_notes WHERE candidate_id = :cid AND week_start = :ws"

CHECKPOINT_RESULTS = """
SELECT * FROM checkpoint_results WHERE candidate_id = :cid ORDER BY checkpoint, attempt, part, id
"""

ADAPTATIONS = """
SELECT * FROM adaptations WHERE plan_id = :pid AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
ORDER BY at, id
"""

STORIES = "SELECT * FROM stories WHERE candidate_id = :cid ORDER BY id"

STORY = "SELECT * FROM stories WHERE candidate_id = :cid AND id = :id"

STORY_LP_DATES = "SELECT primary_lp, secondary_lps, created_at FROM stories WHERE candidate_id = :cid"

CARD_LOAD = """
SELECT due_day, COUNT(*) AS n FROM cards
WHERE candidate_id = :cid AND due_day > :first AND due_day <= :last AND suspended = :no
GROUP BY due_day ORDER BY due_day
"""

CARD_REFS = "SELECT id, kind, ref FROM cards WHERE candidate_id = :cid"

CARDS = "SELECT * FROM cards WHERE candidate_id = :cid AND suspended = :no ORDER BY id"

# The cards today's queue can touch outside the final two weeks (services/reviews.due): stored as due by
# `horizon` (a day past today: a changed time zone or day start shifts a stored day by one at most), stored
# after the interview's eve (to be rested), or answered since the study day began.
CARDS_FOR_TODAY = """
SELECT * FROM cards WHERE candidate_id = :cid AND suspended = :no
AND (due_day <= :horizon OR due_day > :eve OR id IN (
    SELECT r.card_id FROM review_log r CROSS JOIN cards c
    WHERE c.id = r.card_id AND c.candidate_id = :cid AND r.reviewed_at >= :since))
ORDER BY id
"""

REVIEW_TIME_SINCE = """
SELECT SUM(r.duration_ms) AS ms FROM review_log r CROSS JOIN cards c
WHERE c.id = r.card_id AND c.candidate_id = :cid AND r.reviewed_at >= :since
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
  AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
ORDER BY day, seq LIMIT 1
"""

# Every checkpoint task of a plan, in order: the Checkpoints page (tracking.checkpoints)
CHECKPOINT_TASKS = """
SELECT day, week, seq, checkpoint, text FROM tasks
WHERE plan_id = :pid AND checkpoint IS NOT NULL
  AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
ORDER BY day, seq
"""

INTERVIEW_OUTCOMES = """
SELECT id, plan_id, interview_date, outcome, notes, recorded_at FROM interview_outcomes
WHERE candidate_id = :cid
ORDER BY recorded_at, id
"""

DONE_DAYS = """
SELECT DISTINCT day FROM tasks
WHERE plan_id = :pid AND status = 'done' AND day >= :first AND day <= :last
  AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
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
WHERE plan_id = :pid AND lp IS NOT NULL AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
GROUP BY lp ORDER BY lp
"""


# ---------------------------------------------------------------- the candidate, quizzes, plans

CANDIDATE = "SELECT * FROM candidates WHERE id = :cid"

CANDIDATES_FIRST_TWO = "SELECT * FROM candidates ORDER BY id LIMIT 2"

INSERT_CANDIDATE = """
INSERT INTO candidates (name, target_level, "current_role", years_experience, engineers_managed, multi_team,
                        org_transformation, risk_tolerance, timezone, created_at)
VALUES (:name, :target_level, :current_role, :years_experience, :engineers_managed, :multi_team,
        :org_transformation, :risk_tolerance, :timezone, :created_at)
RETURNING id
"""

UPDATE_CANDIDATE = """
UPDATE candidates SET name = :name, target_level = :target_level, "current_role" = :current_role,
       years_experience = :years_experience, engineers_managed = :engineers_managed, multi_team = :multi_team,
       org_transformation = :org_transformation, risk_tolerance = :risk_tolerance, timezone = :timezone
WHERE id = :cid
"""

SET_DAY_START = "UPDATE candidates SET day_start_hour = :hour WHERE id = :cid"

LATEST_ASSESSMENT = """
SELECT * FROM assessments WHERE candidate_id = :cid ORDER BY taken_on DESC, id DESC LIMIT 1
"""

# The quiz retaken on the web shows the latest result beside the one before it.
LATEST_TWO_ASSESSMENTS = """
SELECT * FROM assessments WHERE candidate_id = :cid ORDER BY taken_on DESC, id DESC LIMIT 2
"""

# Import's "replace everything": the candidate row goes, and every row they own with it (ON DELETE CASCADE).
DELETE_CANDIDATE = "DELETE FROM candidates WHERE id = :cid"

INSERT_ASSESSMENT = """
INSERT INTO assessments (candidate_id, taken_on, answers, technical, leadership, cultural, total, band)
VALUES (:cid, :taken_on, :answers, :technical, :leadership, :cultural, :total, :band)
RETURNING id
"""

ACTIVE_PLAN = "SELECT * FROM plans WHERE candidate_id = :cid AND active = TRUE ORDER BY id DESC LIMIT 1"

DEACTIVATE_PLANS = "UPDATE plans SET active = FALSE WHERE candidate_id = :cid"

INSERT_PLAN = """
INSERT INTO plans (candidate_id, plan_id, track, level, start_date, effective_start, interview_date, hours_per_week,
                   weekdays, max_day_minutes, blackouts, busy_weeks, travel_days, gaps, explanation, session_start,
                   version, active, created_at, updated_at)
VALUES (:cid, :plan_id, :track, :level, :start_date, :effective_start, :interview_date, :hours_per_week,
        :weekdays, :max_day_minutes, :blackouts, :busy_weeks, :travel_days, :gaps, :explanation, :session_start,
        1, TRUE, :now, :now)
RETURNING id
"""

PLAN_VERSION = "SELECT version FROM plans WHERE id = :pid AND candidate_id = :cid"

UPDATE_PLAN = """
UPDATE plans SET plan_id = :plan_id, track = :track, level = :level, start_date = :start_date,
       effective_start = :effective_start, interview_date = :interview_date, hours_per_week = :hours_per_week,
       weekdays = :weekdays, max_day_minutes = :max_day_minutes, blackouts = :blackouts, busy_weeks = :busy_weeks,
       travel_days = :travel_days, gaps = :gaps, explanation = :explanation, session_start = :session_start,
       version = :version, updated_at = :now
WHERE id = :pid AND candidate_id = :cid
"""

SET_PLAN_ADJUSTMENTS = "UPDATE plans SET adjustments = :adjustments WHERE id = :pid AND candidate_id = :cid"

LOCK_PLAN = "UPDATE plans SET version = version WHERE id = :pid AND candidate_id = :cid"

# Serialise one candidate's writes that count before they insert (the day's review answers): a no-op UPDATE
# locks the candidate's row on PostgreSQL until commit; SQLite's BEGIN IMMEDIATE already holds the write lock.
LOCK_CANDIDATE = "UPDATE candidates SET timezone = timezone WHERE id = :cid"

INSERT_PLAN_CHANGE = """
INSERT INTO plan_changes (plan_id, at, reason, summary) VALUES (:pid, :at, :reason, :summary)
"""

INSERT_ADAPTATION = """
INSERT INTO adaptations (plan_id, at, week, verdict, firings, adjustment)
VALUES (:pid, :at, :week, :verdict, :firings, :adjustment)
"""

# ---------------------------------------------------------------- weeks and tasks

WEEKS = """
SELECT * FROM plan_weeks WHERE plan_id = :pid AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
ORDER BY number
"""

DELETE_WEEKS = "DELETE FROM plan_weeks WHERE plan_id = :pid"

INSERT_WEEK = """
INSERT INTO plan_weeks (plan_id, number, start, "end", theme, phase, budget_minutes, notes)
VALUES (:pid, :number, :start, :end, :theme, :phase, :budget_minutes, :notes)
"""

TASKS_BETWEEN = """
SELECT * FROM tasks
WHERE plan_id = :pid AND day >= :first AND day <= :last
  AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
ORDER BY day, seq
"""

TASK_TOTALS = """
SELECT category, status, SUM(minutes) AS planned, SUM(COALESCE(actual_minutes, 0)) AS actual FROM tasks
WHERE plan_id = :pid AND day <= :until AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
GROUP BY category, status ORDER BY category, status
"""

DELETE_PLANNED_FROM = "DELETE FROM tasks WHERE plan_id = :pid AND day >= :first AND status = 'planned'"

LAST_SEQ_FROM = "SELECT day, MAX(seq) AS seq FROM tasks WHERE plan_id = :pid AND day >= :first GROUP BY day"

INSERT_TASK = """
INSERT INTO tasks (plan_id, day, week, seq, category, kind, minutes, count, topic, text, gap, lp, checkpoint, status)
VALUES (:pid, :day, :week, :seq, :category, :kind, :minutes, :count, :topic, :text, :gap, :lp, :checkpoint,
        'planned')
"""

SET_TASK_STATUS = """
UPDATE tasks SET status = :status, actual_minutes = :actual_minutes, note = :note, reason = :reason,
       completed_at = :now
WHERE id = :id AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
"""

SET_TASK_STATUS_IF = """
UPDATE tasks SET status = :status, actual_minutes = :actual_minutes, note = :note, reason = :reason,
       completed_at = :now
WHERE id = :id AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
  AND status IN (:from1, :from2, :from3)
"""

LAST_FINISHED_TASK = """
SELECT * FROM tasks
WHERE plan_id = :pid AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
  AND status <> 'planned' AND completed_at IS NOT NULL
ORDER BY completed_at DESC, id DESC LIMIT 1
"""

REOPEN_TASK_IF = """
UPDATE tasks SET status = 'planned', actual_minutes = NULL, note = NULL, reason = NULL, completed_at = NULL
WHERE id = :id AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
  AND status = :status AND completed_at = :completed_at
"""

DELETE_TASK_LOG = "DELETE FROM log_entries WHERE candidate_id = :cid AND task_id = :task_id"

# ---------------------------------------------------------------- calendar export state

CALENDAR_EVENTS = """
SELECT e.* FROM calendar_events e JOIN plans p ON p.id = e.plan_id
WHERE p.candidate_id = :cid
ORDER BY e.plan_id, e.id
"""

INSERT_CALENDAR_EVENT = """
INSERT INTO calendar_events (plan_id, uid, fingerprint, sequence, cancelled, starts_at, ends_at, summary)
VALUES (:plan_id, :uid, :fingerprint, :sequence, :cancelled, :starts_at, :ends_at, :summary)
"""

UPDATE_CALENDAR_EVENT = """
UPDATE calendar_events SET fingerprint = :fingerprint, sequence = :sequence, cancelled = :cancelled,
       starts_at = :starts_at, ends_at = :ends_at, summary = :summary
WHERE plan_id = :plan_id AND uid = :uid AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
"""

# ---------------------------------------------------------------- practice log, ratings, notes, checkpoints

INSERT_LOG = """
INSERT INTO log_entries (candidate_id, day, kind, category, minutes, count, title, link, pattern, difficulty, level,
                         score, solved_alone, confidence, energy, insight, lp, task_id, created_at)
VALUES (:cid, :day, :kind, :category, :minutes, :count, :title, :link, :pattern, :difficulty, :level,
        :score, :solved_alone, :confidence, :energy, :insight, :lp, :task_id, :created_at)
RETURNING id
"""

DELETE_LOG = "DELETE FROM log_entries WHERE candidate_id = :cid AND id = :id"

DELETE_RATINGS = """
DELETE FROM ratings WHERE candidate_id = :cid AND week_start = :week_start AND dimension = :dimension
"""

INSERT_RATING = """
INSERT INTO ratings (candidate_id, week_start, dimension, score) VALUES (:cid, :week_start, :dimension, :score)
"""

WEEK_NOTE_ID = "SELECT id FROM week_notes WHERE candidate_id = :cid AND week_start = :week_start"

INSERT_WEEK_NOTES = """
INSERT INTO week_notes (candidate_id, week_start, biggest_win, challenge, next_focus)
VALUES (:cid, :week_start, :biggest_win, :challenge, :next_focus)
"""

INSERT_CHECKPOINT_RESULT = """
INSERT INTO checkpoint_results (candidate_id, checkpoint, part, score, attempt, taken_at)
VALUES (:cid, :checkpoint, :part, :score, :attempt, :taken_at)
"""

# ---------------------------------------------------------------- stories, versions, cards, reviews

INSERT_STORY = """
INSERT INTO stories (candidate_id, title, situation, task, action, result, primary_lp, secondary_lps, level, status,
                     team_size, period, happened, metrics, obstacles, lessons, failure, short_version,
                     two_minute_version, followups, version, created_at, updated_at, form_token)
VALUES (:cid, :title, :situation, :task, :action, :result, :primary_lp, :secondary_lps, :level, :status,
        :team_size, :period, :happened, :metrics, :obstacles, :lessons, :failure, :short_version,
        :two_minute_version, :followups, 1, :now, :now, :form_token)
RETURNING id
"""

STORY_BY_FORM_TOKEN = "SELECT id FROM stories WHERE candidate_id = :cid AND form_token = :form_token"

STORY_VERSION = "SELECT version FROM stories WHERE id = :id AND candidate_id = :cid"

INSERT_STORY_VERSION = """
INSERT INTO story_versions (story_id, version, saved_at, data) VALUES (:id, :version, :now, :data)
"""

UPDATE_STORY = """
UPDATE stories SET title = :title, situation = :situation, task = :task, action = :action, result = :result,
       primary_lp = :primary_lp, secondary_lps = :secondary_lps, level = :level, status = :status,
       team_size = :team_size, period = :period, happened = :happened, metrics = :metrics, obstacles = :obstacles,
       lessons = :lessons, failure = :failure, short_version = :short_version,
       two_minute_version = :two_minute_version, followups = :followups, version = :version, updated_at = :now
WHERE id = :id AND candidate_id = :cid AND version = :old_version
"""
# ^ `version = :old_version`: a save applies only to the version it read. Of two saves racing from the same
# version, PostgreSQL makes the second UPDATE wait for the first and then finds no row (issue 16 §8, two tabs).

DELETE_STORY_CARDS = "DELETE FROM cards WHERE candidate_id = :cid AND kind = 'story' AND ref = :ref"

DELETE_STORY = "DELETE FROM stories WHERE candidate_id = :cid AND id = :id"

STORY_VERSIONS = """
SELECT v.* FROM story_versions v JOIN stories s ON s.id = v.story_id
WHERE v.story_id = :id AND s.candidate_id = :cid
ORDER BY v.version
"""

INSERT_CARD = """
INSERT INTO cards (candidate_id, kind, ref, prompt, answer, fsrs, due, due_day, suspended, created_at)
VALUES (:cid, :kind, :ref, :prompt, :answer, :fsrs, :due, :due_day, FALSE, :now)
ON CONFLICT (candidate_id, kind, ref) DO NOTHING
"""

UPDATE_CARD_TEXT = "UPDATE cards SET prompt = :prompt, answer = :answer WHERE id = :id AND candidate_id = :cid"

DELETE_CARD = "DELETE FROM cards WHERE id = :id AND candidate_id = :cid"

MOVE_CARD_IF = """
UPDATE cards SET fsrs = :fsrs, due = :due, due_day = :due_day
WHERE id = :id AND candidate_id = :cid AND due = :due_before
"""

INSERT_REVIEW = """
INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, due_before, due_after, previous)
VALUES (:id, :rating, :reviewed_at, :duration_ms, :due_before, :due_after, :previous)
RETURNING id
"""

SET_CARD_DUE = "UPDATE cards SET due = :due, due_day = :due_day WHERE id = :id AND candidate_id = :cid"

# -- undo of a review answer (issue 16 §2): the answer's row keeps the card as it was before (`previous`)

REVIEWS_SINCE = """
SELECT COUNT(*) AS n FROM review_log r CROSS JOIN cards c
WHERE c.id = r.card_id AND c.candidate_id = :cid AND r.reviewed_at >= :since
"""

LAST_REVIEW = """
SELECT r.*, c.prompt FROM review_log r CROSS JOIN cards c
WHERE c.id = r.card_id AND c.candidate_id = :cid
ORDER BY r.reviewed_at DESC, r.id DESC LIMIT 1
"""

SET_REVIEW_PREVIOUS = """
UPDATE review_log SET previous = :previous
WHERE id = :id AND card_id IN (SELECT id FROM cards WHERE candidate_id = :cid)
"""

DELETE_LAST_REVIEW_IF = """
DELETE FROM review_log
WHERE id = :id AND card_id = :card_id AND reviewed_at = :reviewed_at
  AND card_id IN (SELECT id FROM cards WHERE candidate_id = :cid)
  AND NOT EXISTS (SELECT 1 FROM review_log later WHERE later.card_id = review_log.card_id AND later.id > :id)
"""

RESTORE_CARD = "UPDATE cards SET fsrs = :fsrs, due = :due, due_day = :due_day WHERE id = :id AND candidate_id = :cid"

TASK_COMPLETED_AT = """
SELECT completed_at FROM tasks WHERE id = :id AND plan_id IN (SELECT id FROM plans WHERE candidate_id = :cid)
"""

# ---------------------------------------------------------------- mocks, deliveries, outcomes

INSERT_MOCK = """
INSERT INTO mocks (candidate_id, format, level, persona, day, status, phases, actual_minutes, marks, rater, scores,
                   recommendation, strengths, improvements, created_at, run)
VALUES (:cid, :format, :level, :persona, :day, :status, :phases, :actual_minutes, :marks, :rater, :scores,
        :recommendation, :strengths, :improvements, :created_at, :run)
RETURNING id
"""

MOCK_BY_RUN = "SELECT id FROM mocks WHERE candidate_id = :cid AND run = :run"

# ---------------------------------------------------------------- a stored mock scored later (issue 16 §2)

# Only an unscored mock of the candidate takes a rubric: of two submissions racing, the second changes nothing.
SCORE_MOCK = """
UPDATE mocks SET rater = :rater, scores = :scores, recommendation = :recommendation, strengths = :strengths,
                 improvements = :improvements
WHERE candidate_id = :cid AND id = :id AND recommendation IS NULL
"""

# The practice-log entry a mock was saved with (same day, the title it was given, no score yet): the first one
# written at or after the mock itself, which is its own (both are written in one transaction), and of entries
# written at the same instant the one with the mock's minutes.
MOCK_LOG_ENTRY = """
SELECT id FROM log_entries
WHERE candidate_id = :cid AND kind = 'mock' AND day = :day AND score IS NULL AND title IN (:title, :unscored_title)
ORDER BY CASE WHEN created_at >= :created_at THEN 0 ELSE 1 END, created_at,
         CASE WHEN minutes = :minutes THEN 0 ELSE 1 END, id
LIMIT 1
"""

INSERT_DELIVERY = """
INSERT INTO deliveries (candidate_id, day, source, format, speaker, story_id, mock_id, level, words, seconds, wpm,
                        fillers_per_minute, pauses, estimated, method, confidence, report, created_at)
VALUES (:cid, :day, :source, :format, :speaker, :story_id, :mock_id, :level, :words, :seconds, :wpm,
        :fillers_per_minute, :pauses, :estimated, :method, :confidence, :report, :created_at)
RETURNING id
"""

INSERT_INTERVIEW_OUTCOME = """
INSERT INTO interview_outcomes (candidate_id, plan_id, interview_date, outcome, notes, recorded_at)
VALUES (:cid, :pid, :interview_date, :outcome, :notes, :recorded_at)
RETURNING id
"""

# ---------------------------------------------------------------- practice recordings (issue 18)
# A recording's row moves recording → queued → transcribing → done | failed (or recording → cancelled); each
# move is conditional on the state it leaves, so a double submit or a second process changes nothing.

INSERT_PRACTICE_RECORDING = """
INSERT INTO practice_recordings (candidate_id, question, target, story_id, keep, mime, state, chunks, bytes,
                                 audio_bytes, progress, taps, created_at, updated_at, start_token)
VALUES (:cid, :question, :target, :story_id, :keep, :mime, :state, 0, 0, 0, 0, :taps, :now, :now, :start_token)
RETURNING id
"""

PRACTICE_RECORDING_OF_START = "SELECT id, state FROM practice_recordings WHERE candidate_id = :cid AND start_token = :start_token"

PRACTICE_RECORDING = "SELECT * FROM practice_recordings WHERE candidate_id = :cid AND id = :id"

PRACTICE_RECORDINGS_KEPT = """
SELECT id, question, audio_bytes, mime, delivery_id, created_at FROM practice_recordings
WHERE candidate_id = :cid AND audio_bytes > 0 ORDER BY id DESC
"""

PRACTICE_RECORDINGS_IN = """
SELECT id, state, keep, audio_bytes, updated_at FROM practice_recordings
WHERE candidate_id = :cid AND state IN (:from1, :from2, :from3) ORDER BY id
"""

PRACTICE_ADD_CHUNK = """
UPDATE practice_recordings SET chunks = chunks + 1, bytes = bytes + :size, updated_at = :now
WHERE candidate_id = :cid AND id = :id AND state = :status AND chunks = :seq AND bytes + :size <= :most
"""

PRACTICE_FINISH = """
UPDATE practice_recordings SET state = :state, taps = :taps, updated_at = :now
WHERE candidate_id = :cid AND id = :id AND state = :status AND chunks > 0
"""

PRACTICE_SET_STATE = """
UPDATE practice_recordings SET state = :state, updated_at = :now
WHERE candidate_id = :cid AND id = :id AND state = :status
"""

PRACTICE_PROGRESS = """
UPDATE practice_recordings SET progress = :progress, updated_at = :now
WHERE candidate_id = :cid AND id = :id AND state = :status
"""

PRACTICE_DONE = """
UPDATE practice_recordings SET state = :state, progress = :progress, delivery_id = :delivery_id,
       transcript = :transcript, audio_bytes = :audio_bytes, error = :error, updated_at = :now
WHERE candidate_id = :cid AND id = :id
"""

PRACTICE_AUDIO_GONE = """
UPDATE practice_recordings SET audio_bytes = 0, updated_at = :now WHERE candidate_id = :cid AND id = :id
"""

# Recording files (issue 18, follow-up): a replacing import deletes the folders of the candidate's recordings;
# the orphan sweep keeps the folders some row still refers to. That one is every candidate's on purpose: one
# home's recordings folder holds the recordings of everyone the home's database serves.
PRACTICE_RECORDING_IDS = "SELECT id FROM practice_recordings WHERE candidate_id = :cid ORDER BY id"

PRACTICE_RECORDINGS_WITH_FILES = """
SELECT id FROM practice_recordings WHERE audio_bytes > 0 OR state IN (:from1, :from2, :from3)
"""
