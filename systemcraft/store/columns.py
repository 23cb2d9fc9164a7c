"""Every table's columns and what kind of value each holds, for the DB-API store (no SQLAlchemy import).

Written from store/tables.py, which stays the schema's definition (Alembic migrates to it);
tests/store/test_columns.py fails when the two disagree. Kinds: int float str bool date datetime json.
"""

COLUMNS: dict[str, dict[str, str]] = {
    "candidates": {"id": "int", "name": "str", "target_level": "str", "current_role": "str", "years_experience":
                  "int", "engineers_managed": "int", "multi_team": "bool", "org_transformation": "bool",
                  "risk_tolerance": "str", "timezone": "str", "created_at": "datetime", "day_start_hour": "int"},
    "assessments": {"id": "int", "candidate_id": "int", "taken_on": "date", "answers": "json", "technical": "int",
                   "leadership": "int", "cultural": "int", "total": "int", "band": "str"},
    "plans": {"id": "int", "candidate_id": "int", "plan_id": "str", "track": "str", "level": "str", "start_date":
             "date", "effective_start": "date", "interview_date": "date", "hours_per_week": "float", "weekdays":
             "str", "max_day_minutes": "int", "blackouts": "json", "busy_weeks": "json", "gaps": "json",
             "explanation": "json", "session_start": "str", "adjustments": "json", "travel_days": "json", "version":
             "int", "active": "bool", "created_at": "datetime", "updated_at": "datetime"},
    "plan_weeks": {"id": "int", "plan_id": "int", "number": "int", "start": "date", "end": "date", "theme": "str",
                  "phase": "str", "budget_minutes": "int", "notes": "json"},
    "tasks": {"id": "int", "plan_id": "int", "day": "date", "week": "int", "seq": "int", "category": "str", "kind":
             "str", "minutes": "int", "count": "int", "topic": "str", "text": "str", "gap": "bool", "lp": "str",
             "checkpoint": "int", "status": "str", "actual_minutes": "int", "note": "str", "reason": "str",
             "completed_at": "datetime"},
    "plan_changes": {"id": "int", "plan_id": "int", "at": "datetime", "reason": "str", "summary": "json"},
    "log_entries": {"id": "int", "candidate_id": "int", "day": "date", "kind": "str", "category": "str", "minutes":
                   "int", "count": "int", "title": "str", "link": "str", "pattern": "str", "difficulty": "str",
                   "level": "str", "score": "float", "solved_alone": "bool", "confidence": "int", "energy": "int",
                   "insight": "str", "lp": "str", "task_id": "int", "created_at": "datetime"},
    "ratings": {"id": "int", "candidate_id": "int", "week_start": "date", "dimension": "str", "score": "int"},
    "week_notes": {"id": "int", "candidate_id": "int", "week_start": "date", "biggest_win": "str", "challenge":
                  "str", "next_focus": "str"},
    "checkpoint_results": {"id": "int", "candidate_id": "int", "checkpoint": "int", "part": "str", "score": "float",
                          "attempt": "int", "taken_at": "datetime"},
    "adaptations": {"id": "int", "plan_id": "int", "at": "datetime", "week": "int", "verdict": "str", "firings":
                   "json", "adjustment": "json"},
    "stories": {"id": "int", "candidate_id": "int", "title": "str", "situation": "str", "task": "str", "action":
               "str", "result": "str", "primary_lp": "str", "secondary_lps": "json", "level": "str", "status":
               "str", "team_size": "int", "period": "str", "happened": "date", "metrics": "str", "obstacles": "str",
               "lessons": "str", "failure": "bool", "short_version": "str", "two_minute_version": "str",
               "followups": "json", "version": "int", "created_at": "datetime", "updated_at": "datetime",
               "form_token": "str"},
    "story_versions": {"id": "int", "story_id": "int", "version": "int", "saved_at": "datetime", "data": "json"},
    "cards": {"id": "int", "candidate_id": "int", "kind": "str", "ref": "str", "prompt": "str", "answer": "str",
             "fsrs": "json", "due": "datetime", "due_day": "date", "suspended": "bool", "created_at": "datetime"},
    "review_log": {"id": "int", "card_id": "int", "rating": "int", "reviewed_at": "datetime", "duration_ms": "int",
                  "due_before": "datetime", "due_after": "datetime", "previous": "json"},
    "mocks": {"id": "int", "candidate_id": "int", "format": "str", "level": "str", "persona": "str", "day": "date",
             "status": "str", "phases": "json", "actual_minutes": "json", "marks": "json", "rater": "str", "scores":
             "json", "recommendation": "int", "strengths": "json", "improvements": "json", "created_at":
             "datetime", "run": "str"},
    "deliveries": {"id": "int", "candidate_id": "int", "day": "date", "source": "str", "format": "str", "speaker":
                  "str", "story_id": "int", "mock_id": "int", "level": "str", "words": "int", "seconds": "float",
                  "wpm": "float", "fillers_per_minute": "float", "pauses": "int", "estimated": "bool", "method":
                  "str", "confidence": "float", "report": "json", "created_at": "datetime"},
    "calendar_events": {"id": "int", "plan_id": "int", "uid": "str", "fingerprint": "str", "sequence": "int",
                       "cancelled": "bool", "starts_at": "datetime", "ends_at": "datetime", "summary": "str"},
    "interview_outcomes": {"id": "int", "candidate_id": "int", "plan_id": "int", "interview_date": "date",
                          "outcome": "str", "notes": "str", "recorded_at": "datetime"},
    "practice_recordings": {"id": "int", "candidate_id": "int", "question": "str", "target": "str", "story_id": "int",
                            "keep": "bool", "mime": "str", "state": "str", "chunks": "int", "bytes": "int",
                            "audio_bytes": "int", "progress": "float", "taps": "json", "transcript": "json",
                            "delivery_id": "int", "error": "str", "created_at": "datetime",
                            "updated_at": "datetime", "start_token": "str"},
}
