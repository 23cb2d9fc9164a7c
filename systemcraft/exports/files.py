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


def read_bytes(path: Path, what: str, max_bytes: int) -> bytes:
    """Read a file a person handed us, at most `max_bytes`: only a regular file (a FIFO, a device such
    as /dev/zero behind a symlink, or a directory is refused at once, never read), never more than
    the limit whatever the file claims its size is."""
    import stat
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))   # a FIFO must not block the open
    except IsADirectoryError:
        raise InputError(f"{what} {path} is a directory") from None
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("a directory" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
                    else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket"
                    if stat.S_ISSOCK(mode) else "not a regular file")
            raise InputError(f"{what} {path} is {kind}, not a regular file")
        size = os.fstat(fd).st_size
        if size > max_bytes:
            raise InputError(f"{what} {path} is too large ({size} bytes, at most {max_bytes})")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise InputError(f"{what} {path} is too large (more than {max_bytes} bytes, at most {max_bytes})")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror}") from None
    finally:
        os.close(fd)


def read_text(path: Path, what: str, max_bytes: int) -> str:
    """Read a text file a person handed us: one-line errors for missing, too large, not regular or
    non-UTF-8 files."""
    try:
        return read_bytes(path, what, max_bytes).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{what} {path} is not UTF-8 text") from None


def read_json(path: Path, what: str, max_bytes: int, hint: str = ""):
    """Read a JSON file a person handed us, with one-line errors naming the file and the problem."""
    import json
    text = read_text(path, what, max_bytes)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} {path} is not valid JSON (line {exc.lineno}: {exc.msg}){hint}") from None
