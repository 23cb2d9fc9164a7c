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


def _umask() -> int:
    """The process umask without changing it (Linux reports it in /proc); 022 where it cannot be read."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def write_atomic(target: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `target` through a temporary file in the same folder and a rename, then sync the
    folder. Only a regular file is ever replaced: a symlink, a device or a pipe at `target` is refused
    (it would otherwise be swapped for our file, or written through). A replaced file keeps its mode; a
    new one gets the umask's (or `mode`, for secrets)."""
    import stat
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(f"cannot write {target}: it is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
        raise InputError(f"cannot write {target}: it is {kind}; give the path of a regular file")
    if not directory.is_dir():
        raise InputError(f"cannot write {target}: the folder {directory} does not exist")
    if mode is None:
        mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:                                  # the rename itself survives a power cut once the folder is synced
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


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


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_text(data: bytes, what: str) -> str:
    """The one decoding rule for every text file a person hands us: UTF-8 with or without a byte-order
    mark, or UTF-16 (little- or big-endian) with its byte-order mark (Excel's "Unicode Text", Notepad's
    "Unicode"). The mark is dropped. Anything else (Latin-1, UTF-16 without a mark, UTF-32, broken
    bytes) is an InputError with one line naming `what` (e.g. "transcript talk.vtt") and the first bad
    byte, so an editor's wrong encoding is reported instead of silently mangled."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise InputError(f"{what} is UTF-32 text; save it as UTF-8 (or UTF-16) and try again")
    encoding, start = "utf-8", 0
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, start = name, len(bom)
            break
    try:
        return data[start:].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        if encoding == "utf-8":
            raise InputError(
                f"{what} is not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset}); "
                "save it as UTF-8 (or UTF-16 with a byte-order mark) and try again") from None
        raise InputError(f"{what} is not valid {encoding.upper()} text (at byte offset {offset})") from None


def read_text(path: Path, what: str, max_bytes: int) -> str:
    """Read a text file a person handed us: one-line errors for missing, too large, not regular or
    undecodable files (see decode_text for the one decoding rule; the BOM is dropped)."""
    return decode_text(read_bytes(path, what, max_bytes), f"{what} {path}")


def read_json(path: Path, what: str, max_bytes: int, hint: str = ""):
    """Read a JSON file a person handed us, with one-line errors naming the file and the problem."""
    import json
    text = read_text(path, what, max_bytes)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} {path} is not valid JSON (line {exc.lineno}: {exc.msg}){hint}") from None
