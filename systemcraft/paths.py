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


def local_timezone(env: Mapping[str, str]) -> str:
    """The IANA name of the machine's zone (TZ, then /etc/localtime), falling back to UTC."""
    tz = env.get("TZ", "").lstrip(":")
    if tz and "/" in tz or tz == "UTC":
        return tz
    try:
        target = os.path.realpath("/etc/localtime")
        marker = "zoneinfo/"
        if marker in target:
            return target.split(marker, 1)[1]
    except OSError:
        pass
    return "UTC"
