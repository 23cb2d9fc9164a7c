"""The application facade: one method per use case, for one candidate. The CLI and the web call these
and nothing below; each method hands the Context (services/context.py) to the service that does it.

    request (cli/, web/) → Coach → services/<capability> → store/ → domain/

Services are imported on first use, so a command loads only what it needs (`today` loads no story
analysis, no review scheduler, no SQLAlchemy).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Mapping

from systemcraft.environment import Environment
from systemcraft.services import daily, planning
from systemcraft.services.context import Context
from systemcraft.services.planning import PlanChanges, PlanOptions, Profile

__all__ = ["Coach", "PlanChanges", "PlanOptions", "Profile"]     # what callers build requests with
from systemcraft.views import OnboardView, PlanView, QuizView, RecommendationView, StatusView, TaskView, TodayView


class Coach:
    def __init__(self, env: Environment, repo=None, candidate_id: int | None = None) -> None:
        """A coach for one candidate: `candidate_id`, or (local mode) the home's only candidate.
        `repo` lets a long-running server share one store (and its connections) across requests."""
        self.ctx = Context(env, repo, candidate_id)
        self.env = env

    # ------------------------------------------------------------ plumbing (the Context's)

    @property
    def candidate_id(self) -> int | None:
        return self.ctx.candidate_id

    @property
    def sqlite_file(self) -> Path | None:
        return self.ctx.sqlite_file

    def has_database(self) -> bool:
        return self.ctx.has_database()

    def repo(self, create: bool = False):
        return self.ctx.repo(create)

    def reader(self):
        return self.ctx.reader()

    def close(self) -> None:
        self.ctx.close()

    def _candidate(self):
        return self.ctx.candidate()

    def _plan(self, cand=None):
        return self.ctx.plan(cand)

    # ------------------------------------------------------------ planning (services/planning.py)

    def score(self, answers: Mapping[str, object], profile: Profile | None = None) -> QuizView:
        return planning.score(self.ctx, answers, profile)

    def onboard(self, profile: Profile, answers: Mapping[str, object], options: PlanOptions,
                force: bool = False, another: bool = False) -> OnboardView:
        return planning.onboard(self.ctx, profile, answers, options, force, another)

    def check_can_set_up(self, force: bool = False) -> None:
        planning.check_can_set_up(self.ctx, force)

    def assess(self, answers: Mapping[str, object]) -> QuizView:
        return planning.assess(self.ctx, answers)

    def latest_quiz(self) -> QuizView | None:
        return planning.latest_quiz(self.ctx)

    def recommend(self, interview: date | None = None, hours: float | None = None) -> RecommendationView:
        return planning.recommend(self.ctx, interview, hours)

    def plan_view(self, week: int | None = None) -> PlanView:
        return planning.plan_view(self.ctx, week)

    def request_for(self, plan):
        return planning.request_for(self.ctx, plan)

    def regenerate(self, changes: PlanChanges, reason: str = "plan regenerate", adjustments=None,
                   dry_run: bool = False, adaptation: dict | None = None) -> dict:
        return planning.regenerate(self.ctx, changes, reason, adjustments, dry_run, adaptation)

    def export_ics(self, target: Path) -> int:
        from systemcraft.services import calendar_sync
        return calendar_sync.export_ics(self.ctx, target)

    def public_holidays(self, country: str | None, region: str | None = None, start: date | None = None,
                        interview: date | None = None):
        """Public holidays in the plan's window, to offer as blackout days (services/public_holidays.py)."""
        from systemcraft.services import public_holidays
        return public_holidays.public_holidays(self.ctx, country, region, start, interview)

    # ------------------------------------------------------------ day to day (services/daily.py)

    def today(self, on: date | None = None) -> TodayView:
        return daily.today(self.ctx, on)

    def complete(self, ref: str, minutes: int | None = None, note: str | None = None) -> TaskView:
        return daily.complete(self.ctx, ref, minutes, note)

    def skip(self, ref: str, reason: str) -> TaskView:
        return daily.skip(self.ctx, ref, reason)

    def undo(self, ref: str | None = None) -> dict:
        return daily.undo(self.ctx, ref)

    def status(self) -> StatusView:
        return daily.status(self.ctx)

    def practice_calendar(self, days: int = 182) -> dict:
        return daily.practice_calendar(self.ctx, days)

    def day_window(self):
        return daily.day_window(self.ctx)

    # ------------------------------------------------------------ tracking (services/tracking.py)

    def log(self, entry: dict) -> dict:
        return _tracking().add_entry(self.ctx, entry)

    def day_checkin(self, day: date | None = None) -> dict | None:
        return _tracking().day_checkin(self.ctx, day)

    def log_list(self, week: int | None = None, kind: str | None = None) -> list[dict]:
        return _tracking().list_entries(self.ctx, week, kind)

    def log_page(self, week: int | None = None, kind: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[list[dict], int]:
        return _tracking().list_page(self.ctx, week, kind, limit, offset)

    def log_entry(self, entry_id: int) -> dict:
        return _tracking().get_entry(self.ctx, entry_id)

    def log_edit(self, entry_id: int, changes: dict[str, str]) -> dict:
        return _tracking().edit_entry(self.ctx, entry_id, changes)

    def log_delete(self, entry_id: int) -> dict:
        return _tracking().delete_entry(self.ctx, entry_id)

    def rate_week(self, scores: dict[str, object], week: int | None = None) -> dict:
        return _tracking().rate_week(self.ctx, scores, week)

    def week_notes(self, week: int | None, win=None, challenge=None, focus=None) -> dict:
        return _tracking().week_notes(self.ctx, week, win, challenge, focus)

    def weekly_scorecard(self, week: int | None = None) -> dict:
        return _tracking().scorecard(self.ctx, week)

    def all_scorecards(self) -> list[dict]:
        return _tracking().all_scorecards(self.ctx)

    def adapt(self, dry_run: bool = True, week: int | None = None, accept_extra_hours: bool = False) -> dict:
        return _tracking().adapt(self.ctx, dry_run, week, accept_extra_hours)

    def record_checkpoint(self, number: int, scores: dict[str, float], fatal_flaw: bool = False,
                          survey: tuple[int, ...] = ()) -> dict:
        return _tracking().record_checkpoint(self.ctx, number, scores, fatal_flaw, survey)

    def checkpoints(self) -> list[dict]:
        """The plan's checkpoints: parts, pass marks, days, every attempt judged, when a retake opens."""
        return _tracking().checkpoints(self.ctx)

    def month(self, number: int | None = None) -> dict:
        return _tracking().month(self.ctx, number)

    def progress(self) -> dict:
        return _tracking().progress(self.ctx)

    def record_interview_outcome(self, outcome: str, note: str | None = None) -> dict:
        from systemcraft.services import interview
        return interview.record(self.ctx, outcome, note)

    def interview_outcomes(self) -> list[dict]:
        from systemcraft.services import interview
        return interview.history(self.ctx)

    # ------------------------------------------------------------ everything at once (services/transfer.py)

    def export_all(self, directory: Path, fmt: str, recordings: bool = False) -> list[Path]:
        """Everything, as files; the kept recordings' audio too only when `recordings` is asked for."""
        from systemcraft.services import transfer
        return transfer.export_all(self.ctx, directory, fmt, recordings)

    def import_all(self, path: Path) -> dict[str, int]:
        from systemcraft.services import transfer
        return transfer.import_all(self.ctx, path)

    # ------------------------------------------------------------ changed later on the web (issue 16 §4)

    def profile_settings(self) -> dict:
        return planning.profile_settings(self.ctx)

    def update_profile(self, profile: Profile, day_start_hour: int | None = None) -> dict:
        return planning.update_profile(self.ctx, profile, day_start_hour)

    def retake_quiz(self, answers: Mapping[str, object]) -> dict:
        return planning.retake_quiz(self.ctx, answers)

    def quiz_comparison(self) -> dict | None:
        return planning.quiz_comparison(self.ctx)

    def quiz_answers(self) -> dict[str, str]:
        return planning.quiz_answers(self.ctx)

    def stage_import(self, path: Path, name: str) -> dict:
        from systemcraft.services import transfer
        return transfer.stage_import(self.ctx, path, name)

    def pending_import(self) -> dict | None:
        from systemcraft.services import transfer
        return transfer.pending_import(self.ctx)

    def cancel_import(self) -> bool:
        from systemcraft.services import transfer
        return transfer.cancel_import(self.ctx)

    def replace_all(self, digest: str) -> dict:
        from systemcraft.services import transfer
        return transfer.replace_all(self.ctx, digest)

    def backup_file(self, name: str) -> Path:
        from systemcraft.services import transfer
        return transfer.backup_file(self.ctx, name)

    # ------------------------------------------------------------ story bank (services/storybank.py)

    def stories(self):
        return _storybank().all_stories(self.ctx)

    def story(self, story_id: int):
        return _storybank().get(self.ctx, story_id)

    def add_story(self, story, form_token: str | None = None) -> int:
        return _storybank().add(self.ctx, story, form_token)

    def edit_story_text(self, story_id: int, text: str, expected_version: int | None = None) -> int:
        return _storybank().edit_text(self.ctx, story_id, text, expected_version)

    def update_story(self, story_id: int, story, expected_version: int | None = None) -> int:
        return _storybank().update(self.ctx, story_id, story, expected_version)

    def story_for_edit(self, story_id: int):
        """The story and its version (an editor saves with `expected_version`: two tabs never overwrite)."""
        return _storybank().for_edit(self.ctx, story_id)

    def analyse_draft(self, story, wpm: int = 150) -> dict:
        return _storybank().analyse_draft(self.ctx, story, wpm)

    def delete_story(self, story_id: int):
        return _storybank().delete(self.ctx, story_id)

    def export_stories(self, directory: Path, fmt: str = "md") -> list[Path]:
        return _storybank().export(self.ctx, directory, fmt)

    def import_stories(self, path: Path) -> dict:
        return _storybank().import_path(self.ctx, path)

    def import_story_files(self, files: list[tuple[str, bytes]]) -> dict:
        """Stories from files already read (an upload): one .csv, or .md files; all or nothing."""
        return _storybank().import_files(self.ctx, files)

    def check_stories(self, story_id: int | None = None, wpm: int = 150) -> list[dict]:
        return _storybank().check(self.ctx, story_id, wpm)

    def story_coverage(self) -> dict:
        return _storybank().coverage(self.ctx)

    def match_stories(self, question: str, limit: int = 5) -> dict:
        return _storybank().match(self.ctx, question, limit)

    def sync_cards(self) -> dict:
        return _storybank().sync_cards(self.ctx)

    # ------------------------------------------------------------ reviews (services/reviews.py)

    def due_cards(self, limit: int | None = None) -> dict:
        return _reviews().due(self.ctx, limit)

    def answer_card(self, card_id: int, rating: str, duration_ms: int | None = None) -> dict:
        return _reviews().answer(self.ctx, card_id, rating, duration_ms)

    def set_day_start(self, hour: int) -> None:
        _reviews().set_day_start(self.ctx, hour)

    def undo_answer(self, card_id: int | None = None) -> dict:
        return _reviews().undo_answer(self.ctx, card_id)

    # ------------------------------------------------------------ mocks (services/mockrun.py)

    def plan_mock(self, fmt: str, level: str | None = None, persona: str = "collaborator") -> dict:
        from systemcraft.services import mockrun
        return mockrun.plan(self.ctx, fmt, level, persona)

    def save_mock(self, planned: dict, session, rubric, status: str, run: str | None = None) -> int:
        from systemcraft.services import mockrun
        return mockrun.save(self.ctx, planned, session, rubric, status, run)

    def mock_of_run(self, run: str) -> int | None:
        from systemcraft.services import mockrun
        return mockrun.stored_run(self.ctx, run)

    def mock_kit(self, planned: dict) -> str:
        """The interviewer's kit for a planned mock, as Markdown."""
        from systemcraft.services import mockrun
        return mockrun.kit_markdown(self.ctx, planned)

    def import_mock_feedback(self, path: Path, data: bytes | None = None) -> dict:
        """A partner's filled-in kit: the file at `path`, or `data` (an upload) that `path` names."""
        from systemcraft.services import mockrun
        return mockrun.import_feedback(self.ctx, path, data)

    def mock_history(self) -> list[dict]:
        from systemcraft.services import mockrun
        return mockrun.history(self.ctx)

    def mock(self, mock_id: int) -> dict:
        """One stored mock, with the rubric dimensions of its format and level."""
        from systemcraft.services import mockrun
        return mockrun.get(self.ctx, mock_id)

    def score_mock(self, mock_id: int, rubric) -> dict:
        """Score a mock stored without a rubric (stopped early, or "score later")."""
        from systemcraft.services import mockrun
        return mockrun.score(self.ctx, mock_id, rubric)

    # ------------------------------------------------------------ delivery (services/delivery.py)

    def analyse_transcript(self, path: Path, *, fmt: str | None = None, duration: float | None = None,
                           model_dir: Path | None = None, speaker: str | None = None, story_id: int | None = None,
                           mock_id: int | None = None, mock_offset: float = 0.0, level: str | None = None,
                           version: str | None = None, save: bool = True) -> dict:
        """Read (or transcribe) an answer, measure its delivery, time its STAR parts, store the report."""
        from systemcraft.services import delivery
        transcript = delivery.read_file(path, fmt, duration, model_dir)
        return delivery.analyse(self.ctx, transcript, path.name, speaker=speaker, story_id=story_id,
                                mock_id=mock_id, mock_offset=mock_offset, level=level, version=version, save=save)

    def analyse_upload(self, data: bytes, name: str, *, fmt: str | None = None, duration: float | None = None,
                       speaker: str | None = None, story_id: int | None = None, mock_id: int | None = None,
                       mock_offset: float = 0.0, level: str | None = None, version: str | None = None) -> dict:
        from systemcraft.services import delivery
        transcript = delivery.read_upload(data, name, fmt, duration)
        return delivery.analyse(self.ctx, transcript, name, speaker=speaker, story_id=story_id, mock_id=mock_id,
                                mock_offset=mock_offset, level=level, version=version)

    def analyse_read(self, transcript, source: str, **options) -> dict:
        """Analyse a transcript already read or transcribed (the web transcribes recordings itself)."""
        from systemcraft.services import delivery
        return delivery.analyse(self.ctx, transcript, source, **options)

    def delivery_history(self) -> list[dict]:
        from systemcraft.services import delivery
        return delivery.history(self.ctx)

    def delivery_report(self, delivery_id: int) -> dict:
        from systemcraft.services import delivery
        return delivery.get(self.ctx, delivery_id)


    # ------------------------------------------------------------ practise out loud (services/practice.py, issue 18)

    def practice_choices(self) -> dict:
        """The questions, stories and weak principles the Practice page offers."""
        from systemcraft.services import practice
        return practice.choices(self.ctx)

    def start_practice(self, question: str, target: str | None, story_id: int | None, keep: bool, mime: str,
                       attempt: str | None = None) -> dict:
        from systemcraft.services import practice
        return practice.start(self.ctx, question, target, story_id, keep, mime, attempt)

    def add_practice_chunk(self, recording_id: int, seq: int, data: bytes) -> dict:
        from systemcraft.services import practice
        return practice.add_chunk(self.ctx, recording_id, seq, data)

    def finish_practice(self, recording_id: int, taps, seconds: float | None) -> dict:
        from systemcraft.services import practice
        return practice.finish(self.ctx, recording_id, taps, seconds)

    def cancel_practice(self, recording_id: int) -> dict:
        from systemcraft.services import practice
        return practice.cancel(self.ctx, recording_id)

    def practice_recording(self, recording_id: int) -> dict:
        from systemcraft.services import practice
        return practice.get(self.ctx, recording_id)

    def practice_status(self, recording_id: int, worker=None) -> dict:
        from systemcraft.services import practice
        return practice.status(self.ctx, recording_id, worker)

    def tidy_practice(self, live: frozenset[int] = frozenset()) -> None:
        """Cancel uploads abandoned for hours and fail jobs lost when the coach stopped."""
        from systemcraft.services import practice
        practice.tidy(self.ctx, live)

    def kept_recordings(self) -> list[dict]:
        from systemcraft.services import practice
        return practice.kept(self.ctx)

    def kept_audio(self, recording_id: int):
        from systemcraft.services import practice
        return practice.kept_audio(self.ctx, recording_id)

    def delete_recording_audio(self, recording_id: int) -> dict:
        from systemcraft.services import practice
        return practice.delete_audio(self.ctx, recording_id)

    def recording_download(self, recording_id: int):
        """A kept recording to download: (its file, media type, the name to save it as)."""
        from systemcraft.services import practice
        return practice.download(self.ctx, recording_id)

    def sweep_recordings(self) -> int:
        """Delete recording files no row refers to any more (after a crash); bytes freed."""
        from systemcraft.services import practice
        return practice.remove_orphans(self.ctx)

    # ------------------------------------------------------------ speech model and recordings (services/speech.py, issue 18)

    def speech_model(self) -> dict:
        """The installed speech-to-text model: its name, size and where it came from."""
        from systemcraft.services import speech
        return speech.model_status(self.ctx)

    def install_speech_model(self, name_or_folder: str, agreed: bool = False, progress=None) -> dict:
        """Install from a folder, or download by name once the user agreed (progress gets bytes done, total)."""
        from systemcraft.services import speech
        return speech.install_model(self.ctx, name_or_folder, agreed, progress)

    def remove_speech_model(self) -> dict:
        from systemcraft.services import speech
        return speech.remove_model(self.ctx)

    def analyse_recording(self, path: Path, *, model_dir: Path | None = None, progress=None, **options) -> dict:
        """Transcribe a recording on this machine, measure its voice, and analyse its delivery."""
        from systemcraft.services import speech
        return speech.analyse_recording(self.ctx, path, model_dir=model_dir, progress=progress, **options)


def _tracking():
    from systemcraft.services import tracking   # imported on first use: keeps `today` lean
    return tracking


def _storybank():
    from systemcraft.services import storybank
    return storybank


def _reviews():
    from systemcraft.services import reviews    # the review queue: no story analysis on `systemcraft review`
    return reviews
