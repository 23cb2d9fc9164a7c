"""The long kill loops of issue 14 (`make soak`): SIGKILL `systemcraft` hundreds of times.

    .venv/bin/python scripts/soak.py                    # 100 kills each: creation, upgrade, writes
    .venv/bin/python scripts/soak.py --runs 300 --seed 7
    .venv/bin/python scripts/soak.py --src /tmp/old     # measure another checkout (a folder holding systemcraft/)

Prints one row per loop: runs, processes killed, runs that ended before their kill time, homes usable
afterwards, acknowledged writes, acknowledged writes lost, and orphans (a story, problem or done task
without its card or log entry). Exits 1 when a home was left unusable, an acknowledged write was lost
or a row was half-written. The short versions run in CI (tests/hostile/test_kill_schema.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import kill_loops  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=100, help="kills per loop (default 100)")
    p.add_argument("--creation", type=int, help="kills for first-run creation (default --runs)")
    p.add_argument("--upgrade", type=int, help="kills for the upgrade (default --runs)")
    p.add_argument("--writes", type=int, help="kills for ordinary writes (default --runs)")
    p.add_argument("--from-revision", default=kill_loops.UPGRADE_FROM, help="the old schema the upgrade starts at")
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--src", type=Path, default=ROOT, help="the folder holding the systemcraft package to run")
    p.add_argument("--keep", action="store_true", help="keep the scratch folder (its path is printed)")
    args = p.parse_args(argv)

    scratch = Path(tempfile.mkdtemp(prefix="systemcraft-soak-"))
    runner = kill_loops.Runner(args.src, scratch)
    results = []
    try:
        loops = [("creation", lambda n: kill_loops.creation_loop(runner, n, args.seed)),
                 ("upgrade", lambda n: kill_loops.upgrade_loop(runner, n, args.seed + 1, args.from_revision)),
                 ("writes", lambda n: kill_loops.writes_loop(runner, n, args.seed + 2))]
        for name, loop in loops:
            n = getattr(args, name)
            n = args.runs if n is None else n
            if n > 0:
                print(f"{name}: {n} kills …", file=sys.stderr, flush=True)
                results.append(loop(n))
    finally:
        if args.keep:
            print(f"scratch kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    if not results:
        return 0
    print(kill_loops.table(results))
    bad = False
    for r in results:
        for f in r.failures:
            print(f"  {r.name}: {f}")
        bad |= r.usable < r.runs or r.lost > 0 or r.orphans > 0
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
