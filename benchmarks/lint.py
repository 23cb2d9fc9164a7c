"""Lint 200 real pages (issue 17: ≤ 2 s): the twenty labelled pages of tests/data/pages, each copied ten
times into a temporary folder, linted by `systemcraft content lint` in a fresh process. Medians of five
runs, side by side with `python -c pass` (the floor any command pays). Never asserted in tests.

Run: .venv/bin/python benchmarks/lint.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = Path(__file__).resolve().parent.parent / "tests" / "data" / "pages"
RUNS = 5


def median_ms(cmd: list[str]) -> float:
    out = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def main() -> None:
    sources = sorted(p for p in PAGES.glob("*.md") if p.name != "README.md")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for copy in range(10):
            for page in sources:
                shutil.copy(page, folder / f"{copy:02d}-{page.name}")
        count = len(list(folder.glob("*.md")))
        floor = median_ms([sys.executable, "-c", "pass"])
        lint = median_ms([sys.executable, "-m", "systemcraft", "content", "lint", str(folder)])
        from systemcraft.content.lint import lint_paths
        t = time.perf_counter()
        lint_paths([folder])
        in_process = (time.perf_counter() - t) * 1000
    print(f"{'python -c pass':<42} {floor:8.0f} ms")
    print(f"{f'content lint, {count} real pages (process)':<42} {lint:8.0f} ms   target ≤ 2000 ms")
    print(f"{f'lint_paths, {count} real pages (in process)':<42} {in_process:8.0f} ms")


if __name__ == "__main__":
    main()
