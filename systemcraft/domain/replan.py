"""What a re-plan does to the content still ahead: every item it moves, drops or adds, listed; and
what it keeps, so that the new tasks go on from it (issue 16 §7).

A content item is a task's (category, kind, topic): "Design a URL shortener", "Draft 2 STAR stories
for Ownership: a missed deadline", a mock of a given format. The daily review slot is a time box,
not content, and is left out. Items are matched in date order within each key, so the first
occurrence before pairs with the first after; unmatched ones before were dropped, after were added.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

NOT_CONTENT = frozenset({"review"})


@dataclass(frozen=True)
class Item:
    day: date
    category: str
    kind: str
    topic: str
    text: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.category, self.kind, self.topic)


@dataclass(frozen=True)
class Changes:
    moved: tuple[tuple[Item, Item], ...]     # (before, after), different days
    dropped: tuple[Item, ...]
    added: tuple[Item, ...]
    kept: int                                # items on the same day as before


def content_changes(before: list[Item], after: list[Item]) -> Changes:
    b: dict[tuple, list[Item]] = defaultdict(list)
    a: dict[tuple, list[Item]] = defaultdict(list)
    for i in before:
        if i.kind not in NOT_CONTENT:
            b[i.key].append(i)
    for i in after:
        if i.kind not in NOT_CONTENT:
            a[i.key].append(i)
    moved, dropped, added, kept = [], [], [], 0
    for key in sorted(set(b) | set(a)):
        xs = sorted(b.get(key, []), key=lambda i: i.day)
        ys = sorted(a.get(key, []), key=lambda i: i.day)
        for x, y in zip(xs, ys):
            if x.day == y.day:
                kept += 1
            else:
                moved.append((x, y))
        dropped.extend(xs[len(ys):])
        added.extend(ys[len(xs):])
    order = lambda i: (i.day, i.category, i.kind, i.topic)   # noqa: E731
    return Changes(tuple(sorted(moved, key=lambda p: order(p[0]))), tuple(sorted(dropped, key=order)),
                   tuple(sorted(added, key=order)), kept)


# ------------------------------------------------------------------ what a re-plan keeps

# A re-plan keeps every task before the day it starts and every finished one; the new tasks of the same
# calendar week must read on from them: nothing the week already holds given again, a problem's sketch
# only before its full design, follow-ups only after it. The generator (domain/schedule.py) asks these
# two questions of each kept task.

_NUMBER = re.compile(r"\d+")
_SUFFIXES = re.compile(r" \((?:from the bank: [^)]*|\w+ time this week|`systemcraft review`)\)")
_PLURALS = (("stories", "story"), ("problems", "problem"))


def task_identity(text: str) -> str:
    """What makes two tasks the same task: their words, whatever their counts and lengths ("Draft 2 STAR
    stories for Ownership: …" and "Draft 1 STAR story for Ownership: …" are one task given twice), the
    bank problem a coding task suggests and a repeat's "(second time this week)" left aside."""
    out = _NUMBER.sub("#", _SUFFIXES.sub("", text))
    for many, one in _PLURALS:
        out = out.replace(many, one)
    return out


# Design work on a problem, by how its text starts (domain/schedule._TaskMaker._design_options).
DESIGN_STAGES = (("Stretch: Design ", "design"), ("Design ", "design"), ("Timed rerun: ", "rerun"),
                 ("Sketch ", "sketch"), ("Put numbers on ", "numbers"),
                 ("Draw the high-level design of ", "outline"), ("Deep dive on ", "deep"), ("Scale ", "scale"),
                 ("Break ", "break"), ("Walk through ", "walk"))


def design_stage(text: str) -> str | None:
    """The stage a design task's text stands for ("design", "sketch", "deep", …; None: not design work).
    A second sketch against the timer ("resketch") leaves the problem where it was."""
    if text.startswith("Sketch ") and " again against " in text:
        return "resketch"
    return next((stage for prefix, stage in DESIGN_STAGES if text.startswith(prefix)), None)


def checkpoint_part(text: str) -> str | None:
    """The part a checkpoint task is ("Checkpoint 2A: mock behavioral round…" → "2A")."""
    m = re.match(r"Checkpoint (\d[A-Z]):", text)
    return m.group(1) if m else None
