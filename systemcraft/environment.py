"""Everything a command needs from the outside world, resolved once at the edge and handed in."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Mapping

from systemcraft import paths
from systemcraft.errors import InputError


@dataclass(frozen=True)
class Environment:
    home: Path
    db_url: str
    today: date
    timezone: str
    clock_fixed: bool = False     # SYSTEMCRAFT_TODAY pins the clock (tests, demos)

    def now(self) -> datetime:
        """The current instant in UTC; with a pinned clock, noon UTC of the pinned day."""
        if self.clock_fixed:
            return datetime(self.today.year, self.today.month, self.today.day, 12, tzinfo=timezone.utc)
        return datetime.now(timezone.utc)

    @classmethod
    def from_sources(cls, home_flag: str | None, db_flag: str | None,
                     env: Mapping[str, str] | None = None) -> "Environment":
        env = os.environ if env is None else env
        home = paths.resolve_home(home_flag, env)
        tz = paths.local_timezone(env)
        fixed = env.get("SYSTEMCRAFT_TODAY")
        if fixed:
            try:
                today = date.fromisoformat(fixed)
            except ValueError:
                raise InputError(f"SYSTEMCRAFT_TODAY must be a date like 2026-11-23, got '{fixed}'") from None
        else:
            today = _today_in(tz)
        return cls(home=home, db_url=paths.resolve_db_url(db_flag, env, home), today=today, timezone=tz,
                   clock_fixed=bool(fixed))


def _today_in(tz: str) -> date:
    try:
        from zoneinfo import ZoneInfo
        return datetime.now(ZoneInfo(tz)).date()
    except Exception:  # an unknown zone name: the machine's local date is the honest fallback
        return date.today()
