"""What a use case receives: the environment, the candidate it acts for, their active plan and the store.

The CLI and the web build a `Coach` (ctx.py), which holds one Context and hands it to the service
modules; no service imports the Coach. Local mode acts for the home's only candidate; the server passes
the signed-in candidate's id.
"""

from __future__ import annotations

import os
from pathlib import Path

from systemcraft import paths
from systemcraft.environment import Environment
from systemcraft.errors import DataError, NotFoundError


class Context:
    def __init__(self, env: Environment, repo=None, candidate_id: int | None = None) -> None:
        """`repo` lets a long-running server share one store (and its connections) across requests."""
        self.env = env
        self.candidate_id = candidate_id
        self._repo = repo
        self._owns_repo = repo is None
        self.cache: dict[str, object] = {}      # derived facts, kept until the next write (see changed())

    # ------------------------------------------------------------ the store

    @property
    def sqlite_file(self) -> Path | None:
        return paths.sqlite_path(self.env.db_url)

    def has_database(self) -> bool:
        return self.sqlite_file is None or self.sqlite_file.exists()

    def _store(self, create: bool = False):
        if self._repo is None:
            path = self.sqlite_file
            if path is not None and create:
                prepare_dir(path.parent)
            from systemcraft.store.repository import Repository
            repo = Repository(self.env.db_url, self.env.now, create=create)
            repo.ensure_schema()
            self._repo = repo
        return self._repo

    def repo(self, create: bool = False):
        """The store, for a use case that writes: refused up front in a read-only home."""
        repo = self._store(create)
        path = self.sqlite_file
        if path is not None and (not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK)):
            raise DataError(f"the data directory {path.parent} is read-only: SystemCraft can show "
                            "your plan but cannot record changes there")
        return repo

    def reader(self):
        """The store, for a use case that only reads."""
        return self._store()

    def derived(self, key: str, compute):
        """A fact derived from the rows, computed once until the store next writes (any transaction through
        this Context's store, whether or not its use case called changed())."""
        stamp = self.reader().writes
        hit = self.cache.get(key)
        if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == ("derived", stamp):
            return hit[1]
        value = compute()
        self.cache[key] = (("derived", stamp), value)
        return value

    def changed(self) -> None:
        """After a write: forget what was derived from the rows before it."""
        self.cache.clear()

    def close(self) -> None:
        if self._repo is not None and self._owns_repo:
            self._repo.close()

    # ------------------------------------------------------------ who and which plan

    def candidate(self):
        cand = self.reader().candidate(candidate_id=self.candidate_id)
        if cand is None:
            if self.candidate_id is not None:
                raise NotFoundError(f"no candidate {self.candidate_id}")
            raise NotFoundError("no candidate set up yet: run `systemcraft init`")
        self.candidate_id = cand.id
        return cand

    def plan(self, cand=None):
        cand = cand or self.candidate()
        plan = self.reader().active_plan(cand.id)
        if plan is None:
            raise NotFoundError("no active plan: run `systemcraft init`")
        return plan


def prepare_dir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create the data directory {directory}: {exc.strerror or exc}") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise DataError(f"cannot write to the data directory {directory}: permission denied")
