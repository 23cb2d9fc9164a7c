"""Writes never follow into other files (issue 14 §6): `plan export --ics P`, `mock kit --out P` and the
exports used to replace a symlink or a device node at P (as root, /dev/full). Only a regular file is
replaced; it keeps its mode, and a new file gets the umask's."""

from __future__ import annotations

import os
import stat

import pytest

from systemcraft.errors import InputError
from systemcraft.exports.files import write_atomic
from tests.cli.test_bad_input import one_line_error


def test_a_symlink_target_is_refused_and_what_it_points_to_is_untouched(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / "plan.ics"
    link.symlink_to(precious)
    with pytest.raises(InputError, match="symbolic link"):
        write_atomic(link, b"BEGIN:VCALENDAR")
    assert link.is_symlink() and precious.read_text() == "keep me"


def test_a_device_or_pipe_target_is_refused(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        write_atomic(fifo, b"x")
    with pytest.raises(InputError, match="not a regular file"):
        write_atomic(__import__("pathlib").Path("/dev/null"), b"x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path):
    old = tmp_path / "shared.csv"
    old.write_text("a")
    old.chmod(0o644)
    write_atomic(old, b"b")
    assert stat.S_IMODE(old.stat().st_mode) == 0o644 and old.read_bytes() == b"b"
    previous = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.json", b"{}")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640          # 0666 & ~027
    write_atomic(tmp_path / "secret", b"k", mode=0o600)
    assert stat.S_IMODE((tmp_path / "secret").stat().st_mode) == 0o600


@pytest.mark.parametrize("command,name", [(("plan", "export", "--ics"), "plan.ics"),
                                          (("mock", "kit", "behavioral", "--out"), "kit.html")])
def test_the_cli_refuses_to_write_through_a_symlink(ready_cli, tmp_path, command, name):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / name
    link.symlink_to(precious)
    r = ready_cli(*command, str(link))
    assert "symbolic link" in one_line_error(r)
    assert precious.read_text() == "keep me" and link.is_symlink()
