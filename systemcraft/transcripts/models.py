"""The user's speech-to-text model: one CTranslate2 Whisper folder in `<home>/models/whisper/`.

Installed from a folder (offline machines) or, only after the user agreed, downloaded by name with
huggingface_hub. Either way the files land in a temporary folder beside the model and are checked
before that folder is renamed into place, so an interrupted copy or download is never used: the next
install keeps the files already downloaded and fetches the rest (a copy starts again), and a half model
is never loaded.
Nothing here downloads unless `install_by_name` is called.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from systemcraft.domain.transcript import TranscriptError

SUBDIR = Path("models") / "whisper"
META = "systemcraft-model.json"
REQUIRED = ("model.bin", "config.json", "tokenizer.json")      # and one vocabulary.* file
OPTIONAL = ("preprocessor_config.json",)
DOWNLOAD_PATTERNS = ["model.bin", "config.json", "tokenizer.json", "vocabulary.*", "preprocessor_config.json"]
# faster-whisper's names (faster_whisper.utils._MODELS), so that "base" means what it means there
NAMES = {
    "tiny.en": "Systran/faster-whisper-tiny.en", "tiny": "Systran/faster-whisper-tiny",
    "base.en": "Systran/faster-whisper-base.en", "base": "Systran/faster-whisper-base",
    "small.en": "Systran/faster-whisper-small.en", "small": "Systran/faster-whisper-small",
    "medium.en": "Systran/faster-whisper-medium.en", "medium": "Systran/faster-whisper-medium",
    "large-v3": "Systran/faster-whisper-large-v3", "turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}
APPROX_MB = {"tiny.en": 75, "tiny": 75, "base.en": 145, "base": 145, "small.en": 485, "small": 485,
             "medium.en": 1530, "medium": 1530, "large-v3": 3090, "turbo": 1620}
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}$")


@dataclass(frozen=True)
class ModelInfo:
    name: str            # "base", or the folder's name it was installed from
    path: Path
    size_bytes: int
    source: str          # "folder" | "download"


def root(home: Path) -> Path:
    return Path(home) / SUBDIR


def model_dir(home: Path) -> Path | None:
    """The installed model's folder, or None when there is none (or it is incomplete)."""
    d = root(home)
    return d if d.is_dir() and not missing_files(d) else None


def missing_files(folder: Path) -> list[str]:
    missing = [f for f in REQUIRED if not (folder / f).is_file()]
    if not any(p.is_file() for p in folder.glob("vocabulary.*")):
        missing.append("vocabulary.txt or vocabulary.json")
    return missing


def check_folder(folder: Path, label: str | None = None) -> Path:
    """A readable, complete CTranslate2 Whisper folder, or a one-line TranscriptError."""
    label = label or folder.name or str(folder)
    if not folder.is_dir():
        raise TranscriptError(f"{label}: no such folder (a Whisper model is a folder with model.bin in it)")
    missing = missing_files(folder)
    if missing:
        raise TranscriptError(f"{label} is not a complete Whisper model folder (missing {', '.join(missing)}); "
                              "copy the whole folder again")
    if (folder / "model.bin").stat().st_size < 1024:
        raise TranscriptError(f"{label}: model.bin is only a few bytes, so the copy is incomplete; copy the folder again")
    try:
        json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise TranscriptError(f"{label}: config.json cannot be read, so this is not a Whisper model folder") from None
    return folder


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def installed(home: Path) -> ModelInfo | None:
    d = model_dir(home)
    if d is None:
        return None
    meta = _read_meta(d)
    return ModelInfo(str(meta.get("name") or "whisper"), d, folder_size(d), str(meta.get("source") or "folder"))


def model_name(folder: Path) -> str:
    """The name to show for a model folder (its recorded name when SystemCraft installed it)."""
    return str(_read_meta(folder).get("name") or folder.name)


def install_from_folder(home: Path, src: Path) -> ModelInfo:
    """Copy a model folder into the data directory: checked first, copied beside the model, then renamed."""
    src = Path(src).expanduser()
    check_folder(src, str(src))
    target = root(home)
    if target.exists() and src.resolve() == target.resolve():
        return installed(home) or _fail("the installed model is incomplete; install it again from its original folder")
    with _locked(home):
        tmp = _fresh(target.parent / ".whisper-copy")
        try:
            names = [f for f in (*REQUIRED, *OPTIONAL) if (src / f).is_file()] + \
                    sorted(p.name for p in src.glob("vocabulary.*") if p.is_file())
            for name in names:
                shutil.copyfile(src / name, tmp / name)
                if (tmp / name).stat().st_size != (src / name).stat().st_size:
                    raise TranscriptError(f"{name} changed while it was copied; try again")
            _write_meta(tmp, src.name[:60] or "whisper", "folder")
            check_folder(tmp, src.name)
            _swap_in(tmp, target)
        except OSError as exc:
            raise TranscriptError(f"the model could not be copied ({exc.strerror or exc}); nothing was changed") from None
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return installed(home)


def repo_for(name: str) -> str:
    """A faster-whisper model name ("base") or a Hub repository ("Systran/faster-whisper-base")."""
    name = name.strip()
    if name in NAMES:
        return NAMES[name]
    if _REPO_ID.match(name) and ".." not in name:
        return name
    raise TranscriptError(f"'{name[:60]}' is not a model name; use one of {', '.join(NAMES)}, or a model folder")


def install_by_name(home: Path, name: str, progress: Callable[[int, int], None] | None = None) -> ModelInfo:
    """Download a model (the caller has the user's agreement) into a partial folder, then rename it into place.

    The partial folder is kept when the transfer fails, so calling this again resumes where it stopped:
    files already complete are kept, a file cut off is fetched again whole (within one run,
    huggingface_hub itself resumes a dropped connection with a Range request). Nothing is installed
    until every file is there and checked. `progress(done, total)` gets bytes; total grows as files start.
    """
    repo = repo_for(name)
    target = root(home)
    partial = target.parent / (".whisper-download-" + re.sub(r"[^\w.-]", "_", repo))
    with _locked(home):
        partial.mkdir(parents=True, exist_ok=True)
        for orphan in partial.glob(".cache/huggingface/download/**/*.incomplete"):
            orphan.unlink(missing_ok=True)         # a file cut off in a killed process is fetched again whole
        try:
            from huggingface_hub import constants, snapshot_download
        except ImportError:
            raise TranscriptError("downloading a model needs faster-whisper installed; install SystemCraft again") from None
        offline = constants.HF_HUB_OFFLINE
        constants.HF_HUB_OFFLINE = False   # a loaded model sets offline mode for this process; this download was agreed
        try:
            snapshot_download(repo, local_dir=partial, allow_patterns=DOWNLOAD_PATTERNS,
                              endpoint=os.environ.get("HF_ENDPOINT") or None, max_workers=4,
                              tqdm_class=_progress_bar(progress) if progress else _progress_bar(lambda d, t: None))
        except Exception as exc:
            raise TranscriptError(_download_failure(exc, name)) from None
        finally:
            constants.HF_HUB_OFFLINE = offline
        shutil.rmtree(partial / ".cache", ignore_errors=True)
        try:
            check_folder(partial, name)
        except TranscriptError:
            shutil.rmtree(partial, ignore_errors=True)      # a repository that is no Whisper model: start clean
            raise
        _write_meta(partial, name.strip()[:60], "download")
        _swap_in(partial, target)
    return installed(home)


def remove(home: Path) -> int:
    """Delete the installed model (and any partial copy or download); the bytes freed."""
    base = root(home).parent
    if not base.is_dir():
        return 0
    freed = 0
    with _locked(home):
        for d in [root(home), *base.glob(".whisper-*")]:
            if d.is_dir():
                freed += folder_size(d)
                shutil.rmtree(d, ignore_errors=True)
    return freed


# ---------------------------------------------------------------- helpers

def _download_failure(exc: Exception, name: str) -> str:
    """One line on why a download failed. huggingface_hub reports an unreachable hub as LocalEntryNotFoundError
    (nothing on the hub could be looked at, nothing cached): that is a connection problem, not a missing model."""
    kind = type(exc).__name__
    chain, seen = [], exc
    while seen is not None and len(chain) < 8:
        chain.append(type(seen).__name__ + " " + str(seen)[:300])
        seen = seen.__cause__ or seen.__context__
    text = " ".join(chain)
    if any(k in text for k in ("RepositoryNotFoundError", "RevisionNotFoundError", "GatedRepoError",
                               "401 Unauthorized", "404 Not Found")):
        return f"no model '{name.strip()[:60]}' was found to download; nothing was installed"
    if kind == "LocalEntryNotFoundError" or any(w in text for w in ("ConnectError", "ConnectionError",
                                                                    "Name or service not known", "timed out")):
        return ("the model server could not be reached (is this machine offline?); nothing was installed — "
                "try again when online, or install from a model folder")
    return f"the download stopped ({kind}); nothing was installed — try again to resume"


def _fail(message: str):
    raise TranscriptError(message)


def _read_meta(folder: Path) -> dict:
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        return meta if isinstance(meta, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_meta(folder: Path, name: str, source: str) -> None:
    (folder / META).write_text(json.dumps({"name": name, "source": source}), encoding="utf-8")


def _fresh(prefix: Path) -> Path:
    import tempfile
    prefix.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix.name + "-", dir=prefix.parent))


def _swap_in(new: Path, target: Path) -> None:
    """Rename a complete folder into place; the old model (if any) is moved aside first, then deleted.
    At every instant the target is either the old complete model, absent, or the new complete one."""
    old = None
    if target.exists():
        old = _fresh(target.parent / ".whisper-old")
        os.rmdir(old)
        os.rename(target, old)
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _locked(home: Path):
    """One install or removal at a time per data directory (another process or page gets a clear message)."""
    base = root(home).parent
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".lock", "a+") as fh:
        try:
            import fcntl
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise TranscriptError("a model is being installed or removed already; wait for it to finish") from None
        except ImportError:             # Windows: no advisory locks; installs are rare enough
            pass
        for stale in base.glob(".whisper-copy-*"):      # copies cut short by a crash are never resumed
            shutil.rmtree(stale, ignore_errors=True)
        for stale in base.glob(".whisper-old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        yield


def _progress_bar(callback: Callable[[int, int], None]):
    """A tqdm class for snapshot_download that passes its byte counts to `callback(done, total)`."""
    import io

    from tqdm.auto import tqdm

    class Bar(tqdm):
        def __init__(self, *args, **kwargs):
            kwargs.pop("name", None)
            kwargs["file"] = io.StringIO()
            kwargs["disable"] = False
            super().__init__(*args, **kwargs)

        def update(self, n=1):
            out = super().update(n)
            if self.unit == "B" and str(self.desc).startswith("Reconstruct"):
                callback(int(self.n), int(self.total or 0))
            return out

    return Bar
