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


class TextDecodeError(InputError):
    """A file that is not text in the one decoding rule; `offset` is the first bad byte."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def decode_text(data: bytes, what: str) -> str:
    """The one decoding rule for every text file a person hands us: UTF-8 with or without a byte-order
    mark, or UTF-16 (little- or big-endian) with its byte-order mark (Excel's "Unicode Text", Notepad's
    "Unicode"). The mark is dropped. Anything else (Latin-1, UTF-16 without a mark, UTF-32, broken
    bytes) is an InputError (a TextDecodeError, carrying the offset of the first bad byte) with one line
    naming `what` (e.g. "transcript talk.vtt"), so an editor's wrong encoding is reported instead of
    silently mangled. Line endings are left as they are: each reader takes CRLF, LF and CR alike."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise TextDecodeError(f"{what} is UTF-32 text; save it as UTF-8 (or UTF-16) and try again", 0)
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
            raise TextDecodeError(
                f"{what} is not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset}); "
                "save it as UTF-8 (or UTF-16 with a byte-order mark) and try again", offset) from None
        label = encoding.upper()
        raise TextDecodeError(f"{what} is not UTF-8 text, nor valid {label} text (it starts with a {label} "
                              f"byte-order mark but breaks at byte offset {offset})", offset) from None


def _utf16_without_mark(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when `data` reads as UTF-16 text saved without its byte-order mark: an even
    length, and in the first 4 KB a zero byte in most of one byte position (the high byte of Latin text)
    and in almost none of the other."""
    head = data[:4096]
    if len(data) % 2 or len(head) < 4:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    pairs = len(head) // 2
    if odd >= 0.6 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def decode_text_guessing(data: bytes, what: str) -> tuple[str, str | None]:
    """decode_text, and UTF-16 saved without its byte-order mark (older meeting and caption tools), which
    decode_text would call broken UTF-8 or pass with its zero bytes. Returns (text, the encoding guessed, or
    None when the one decoding rule read it). Latin-1 stays refused in one line, as everywhere: its bytes
    cannot be told from other single-byte encodings, and a misread name would be stored."""
    guess = None if data.startswith(tuple(bom for bom, _ in _BOMS)) else _utf16_without_mark(data)
    if guess:
        try:
            return data.decode(guess), guess.upper()
        except UnicodeDecodeError:
            pass
    return decode_text(data, what), None


def read_text(path: Path, what: str, max_bytes: int) -> str:
    """Read a text file a person handed us: one-line errors for missing, too large, not regular or
    undecodable files (see decode_text for the one decoding rule; the BOM is dropped)."""
    return decode_text(read_bytes(path, what, max_bytes), f"{what} {path}")


MAX_JSON_DEPTH = 64          # an export nests 3 levels; a transcript 4
MAX_JSON_DIGITS = 40         # digits in one JSON number (Python refuses more than 4,300 on its own)


def _json_number(kind: str):
    def parse(text: str):
        if len(text) > MAX_JSON_DIGITS:
            raise _JsonRefused(f"a number of {len(text)} characters (at most {MAX_JSON_DIGITS})")
        value = int(text) if kind == "int" else float(text)
        if value in (float("inf"), float("-inf")):
            raise _JsonRefused(f"the number {text[:20]} is too large")
        return value
    return parse


class _JsonRefused(ValueError):
    pass


def _refuse_constant(name: str):
    raise _JsonRefused(f"{name} is not a JSON number")


def _depth(value) -> int:
    """How deep lists and objects nest (iteratively: the value may be deep)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            v = v.values()
        elif not isinstance(v, list):
            continue
        deepest = max(deepest, d)
        if d > MAX_JSON_DEPTH:
            return d
        stack.extend((x, d + 1) for x in v if isinstance(x, (dict, list)))
    return deepest


def loads_json(text: str, what: str, hint: str = ""):
    """Parse JSON a person handed us, bounded: at most MAX_JSON_DEPTH levels of nesting, numbers of at
    most MAX_JSON_DIGITS characters, no NaN or Infinity; every problem one InputError line naming `what`
    (and the line, for a syntax error)."""
    import json
    try:
        value = json.loads(text, parse_int=_json_number("int"), parse_float=_json_number("float"),
                           parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} is not valid JSON (line {exc.lineno}: {exc.msg}){hint}") from None
    except _JsonRefused as exc:
        raise InputError(f"{what} is not JSON we accept: {exc}") from None
    except RecursionError:
        raise InputError(f"{what} nests JSON more than {MAX_JSON_DEPTH} levels deep") from None
    except ValueError as exc:           # e.g. Python's own limit on digits; one line whatever it says
        raise InputError(f"{what} is not JSON we accept: {str(exc).splitlines()[0][:120]}") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise InputError(f"{what} nests JSON more than {MAX_JSON_DEPTH} levels deep")
    return value


def read_json(path: Path, what: str, max_bytes: int, hint: str = ""):
    """Read a JSON file a person handed us, with one-line errors naming the file and the problem
    (decoded by decode_text, parsed by loads_json: depth and numbers bounded)."""
    return loads_json(read_text(path, what, max_bytes), f"{what} {path}", hint)
