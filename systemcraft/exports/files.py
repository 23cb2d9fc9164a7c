"""Atomic file writes: a temporary file in the same folder, then os.replace."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from systemcraft.errors import InputError


def output_dir(directory: Path) -> Path:
    """A directory to write exports into: created when missing, refused when it is a file."""
    if not directory.exists():
        try:
            directory.mkdir(parents=True)
        except OSError as exc:
            raise InputError(f"cannot create {directory}: {exc.strerror or exc}") from None
    if not directory.is_dir():
        raise InputError(f"{directory} is not a directory")
    return directory


def write_atomic(target: Path, data: bytes) -> None:
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError(f"cannot write {target}: it is a directory")
    if not directory.is_dir():
        raise InputError(f"cannot write {target}: the folder {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None


def read_text(path: Path, what: str, max_bytes: int) -> str:
    """Read a text file a person handed us: one-line errors for missing, too large or non-UTF-8 files."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(f"{what} {path} is a directory")
        if size > max_bytes:
            raise InputError(f"{what} {path} is too large ({size} bytes, at most {max_bytes})")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{what} {path} is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror}") from None


def read_json(path: Path, what: str, max_bytes: int, hint: str = ""):
    """Read a JSON file a person handed us, with one-line errors naming the file and the problem."""
    import json
    text = read_text(path, what, max_bytes)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} {path} is not valid JSON (line {exc.lineno}: {exc.msg}){hint}") from None
