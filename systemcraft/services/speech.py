"""Speech-to-text use cases (issue 18): the installed model (status, install, remove) and a recording
transcribed on this machine, its voice measured, then analysed like any answer (services/delivery.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from systemcraft.domain.transcript import TranscriptError
from systemcraft.errors import InputError


class ConsentNeeded(InputError):
    """Installing this model downloads it: the user has to agree first (a page asks, the CLI asks or takes --yes)."""

    def __init__(self, name: str, size_mb: int | None) -> None:
        about = f" (about {size_mb} MB)" if size_mb else ""
        super().__init__(f"installing the model '{name[:60]}' downloads it from the internet{about}: agree first")
        self.name, self.size_mb = name, size_mb


def model_status(ctx) -> dict:
    from systemcraft.transcripts import models
    info = models.installed(ctx.env.home)
    if info is None:
        return {"installed": False, "name": None, "size_bytes": 0, "source": None}
    return {"installed": True, "name": info.name, "size_bytes": info.size_bytes, "source": info.source}


def install_model(ctx, name_or_folder: str, agreed: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> dict:
    """From a folder (checked, copied atomically), or by name: downloaded only when the user agreed."""
    from systemcraft.transcripts import models
    raw = (name_or_folder or "").strip()
    if not raw or len(raw) > 1000 or any(ord(c) < 32 for c in raw):
        raise InputError("name a model (such as base) or a model folder")
    folder = Path(raw).expanduser()
    try:
        if folder.is_dir():
            info = models.install_from_folder(ctx.env.home, folder)
        elif "/" in raw and not models._REPO_ID.match(raw) or raw.startswith((".", "~", "/")):
            raise InputError(f"{raw[:80]}: no such folder (a Whisper model is a folder with model.bin in it)")
        else:
            models.repo_for(raw)                       # a bad name is refused before anything is asked
            if not agreed:
                raise ConsentNeeded(raw, models.APPROX_MB.get(raw))
            info = models.install_by_name(ctx.env.home, raw, progress)
    except TranscriptError as exc:
        raise InputError(str(exc)) from None
    return {"installed": True, "name": info.name, "size_bytes": info.size_bytes, "source": info.source}


def remove_model(ctx) -> dict:
    from systemcraft.transcripts import models
    try:
        return {"freed_bytes": models.remove(ctx.env.home)}
    except TranscriptError as exc:
        raise InputError(str(exc)) from None


def transcribe(ctx, path: Path, model_dir: Path | None = None,
               progress: Callable[[float], None] | None = None):
    """(transcript, voice signals as a dict) of a recording, with the installed model unless a folder is given."""
    from systemcraft.transcripts import models, stt
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a recording")
    try:
        if model_dir is None:
            model_dir = models.model_dir(ctx.env.home)
            if model_dir is None:
                if models.root(ctx.env.home).exists():
                    raise TranscriptError("the installed speech model is incomplete: remove it and install it again")
                stt.check_model_dir(None)
        return stt.FasterWhisperTranscriber(model_dir).transcribe_with_voice(path, progress)
    except TranscriptError as exc:
        raise InputError(str(exc)) from None


def analyse_recording(ctx, path: Path, *, model_dir: Path | None = None,
                      progress: Callable[[float], None] | None = None, **options) -> dict:
    """Transcribe, measure the voice, analyse: the delivery report with its voice signals."""
    from systemcraft.services import delivery
    transcript, voice = transcribe(ctx, path, model_dir, progress)
    return delivery.analyse(ctx, transcript, path.name, voice=voice, **options)
