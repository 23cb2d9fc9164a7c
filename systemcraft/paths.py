"""Where SystemCraft keeps its data: flag > environment > platform default."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

APP = "systemcraft"


def resolve_home(flag: str | None, env: Mapping[str, str]) -> Path:
    if flag:
        return Path(flag).expanduser()
    if env.get("SYSTEMCRAFT_HOME"):
        return Path(env["SYSTEMCRAFT_HOME"]).expanduser()
    from platformdirs import user_data_dir  # 17 ms; only when no home is given
    return Path(user_data_dir(APP, appauthor=False))


def resolve_db_url(flag: str | None, env: Mapping[str, str], home: Path) -> str:
    if flag:
        return flag
    if env.get("SYSTEMCRAFT_DB"):
        return env["SYSTEMCRAFT_DB"]
    return f"sqlite:///{home / 'systemcraft.db'}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL, or None for other back ends."""
    for prefix in ("sqlite+pysqlite:///", "sqlite:///"):
        if url.startswith(prefix):
            rest = url[len(prefix):].split("?", 1)[0]
            return Path(rest) if rest and rest != ":memory:" else None
    return None


def _zone_key(path: str) -> str | None:
    """The zone name in a path under a zoneinfo folder (…/zoneinfo/Europe/Paris, …/zoneinfo/posix/Japan)."""
    marker = "zoneinfo/"
    if marker not in path:
        return None
    key = path.rsplit(marker, 1)[1]
    for prefix in ("posix/", "right/"):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return key or None


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):      # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def local_timezone(env: Mapping[str, str]) -> str:
    """The IANA name of the machine's zone, found the way the C library finds it: TZ (an optional ':',
    then a zone name such as Europe/Paris or a legacy one such as Japan, or a path to a zone file under a
    zoneinfo folder), else /etc/localtime, else UTC. A TZ that names no zone this machine has is refused
    with a one-line error rather than silently stored (the dates of every plan depend on it)."""
    raw = env.get("TZ")
    name = (raw or "").strip()
    name = name[1:] if name.startswith(":") else name
    if not name:
        try:
            return _zone_key(os.path.realpath("/etc/localtime")) or "UTC"
        except OSError:
            return "UTC"
    if name.startswith("/"):
        key = _zone_key(name) or _zone_key(os.path.realpath(name))
        if key and _known_zone(key):
            return key
    elif name == "UTC" or (".." not in name.split("/") and _known_zone(name)):
        return name
    from systemcraft.errors import InputError
    raise InputError(f"TZ={raw[:80]!r} is not a time zone this machine knows: set TZ to a zone name such as "
                     "Europe/Paris (or unset it to use the system's zone)")
