"""Delivery analysis: `analyze FILE` and `delivery` (past analyses, or one report again)."""

from __future__ import annotations

from pathlib import Path

import click

from systemcraft.cli.main import cli
from systemcraft.errors import InputError

FORMATS = ("vtt", "srt", "json", "text")


def _duration(raw: str | None, option: str = "--duration", minimum: float = 1) -> float | None:
    if raw is None:
        return None
    from systemcraft.domain.transcript import TranscriptError
    from systemcraft.transcripts.readers import parse_duration
    try:
        return parse_duration(raw, minimum)
    except TranscriptError as exc:
        raise InputError(str(exc).replace("--duration", option)) from None


@cli.command(short_help="Analyse how a recorded answer was delivered.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--speaker", help="Whose lines to analyse (default: your profile name, else who talked longest).")
@click.option("--story", "story_id", type=click.IntRange(1, 2_147_483_647),
              help="The story this answer was meant to tell: compare against it and store the result with it.")
@click.option("--mock", "mock_id", type=click.IntRange(1, 2_147_483_647),
              help="The mock this recording is from: its STAR marks time the parts.")
@click.option("--mock-offset", help="How far into the mock the recording began (e.g. 12:30; default 0).")
@click.option("--level", type=click.Choice(["L6", "L7"]), help="Timing scheme (default: the story's, else your target).")
@click.option("--version", "version", type=click.Choice(["30s", "2min", "full"]),
              help="The story version you meant to tell (default: the nearest by length).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Read the file as this format (default: from its content).")
@click.option("--duration", help="Length of a plain-text answer (150, 2:30, 1:02:30): timing is then estimated.")
@click.option("--model", "model_dir", type=click.Path(path_type=Path),
              help="A Whisper model folder to transcribe a recording with (default: the installed model; offline).")
@click.option("--no-save", is_flag=True, help="Print the report without storing it.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def analyze(app, file, speaker, story_id, mock_id, mock_offset, level, version, fmt, duration, model_dir, no_save, as_json):
    """Analyse a spoken answer from FILE: a caption file from Zoom, Teams, Meet or any recorder
    (WebVTT, SRT, `Name: text` cues), a speech-to-text JSON with word times, plain text with
    --duration, or a recording (WebM, WAV, MP3, M4A…), transcribed on this machine with the model
    installed by `systemcraft model install` (or the folder given with --model); its voice is
    measured too: loudness variation, pitch range, monotone stretches and sentences that trail off.

    Reports pace (target 140–160 words a minute), pauses over 2.5 s, fillers, hedges, I vs we,
    numbers spoken, and how long each STAR part took against your level's timing, with the time and
    the words behind every number. Typed [S] [T] [A] [R] labels or a mock's marks fix the parts;
    otherwise they are estimated and the confidence is shown. Results are stored (with the story or
    mock when given) and trended in `systemcraft progress`.
    """
    from systemcraft.cli import render
    from systemcraft.transcripts.stt import is_audio
    if is_audio(file):
        offset = _duration(mock_offset, "--mock-offset", minimum=0) or 0.0
        with _Progress(file.name) as progress:
            report = app.coach.analyse_recording(file, model_dir=model_dir, progress=progress, speaker=speaker,
                                                 story_id=story_id, mock_id=mock_id, mock_offset=offset,
                                                 level=level, version=version, save=not no_save)
        render.show(report, as_json, "delivery_report")
        return
    report = app.coach.analyse_transcript(file, fmt=fmt, duration=_duration(duration), model_dir=model_dir,
                                          speaker=speaker, story_id=story_id, mock_id=mock_id,
                                          mock_offset=_duration(mock_offset, "--mock-offset", minimum=0) or 0.0,
                                          level=level, version=version, save=not no_save)
    render.show(report, as_json, "delivery_report")


class _Progress:
    """A one-line progress display on a terminal (nothing when the output is a file or a pipe)."""

    def __init__(self, name: str) -> None:
        import sys
        self.out = sys.stderr if sys.stderr.isatty() else None
        self.name, self.shown = name[:40], -1

    def __call__(self, done: float) -> None:
        pct = int(done * 100)
        if self.out is not None and pct != self.shown:
            self.shown = pct
            self.out.write(f"\rTranscribing {self.name} on this machine  [{'#' * (pct // 5):<20}] {pct:3d}%")
            self.out.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.out is not None and self.shown >= 0:
            self.out.write("\n")          # the report (or the error) starts on a line of its own
            self.out.flush()


@cli.command(short_help="Past delivery analyses, or one report again.")
@click.argument("analysis_id", required=False, type=click.IntRange(1, 2_147_483_647))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def delivery(app, analysis_id, as_json):
    """List your delivery analyses with their pace and fillers, or show report ANALYSIS_ID again."""
    from systemcraft.cli import render
    if analysis_id is None:
        render.show(app.coach.delivery_history(), as_json, "delivery_history")
    else:
        render.show(app.coach.delivery_report(analysis_id), as_json, "delivery_report")
