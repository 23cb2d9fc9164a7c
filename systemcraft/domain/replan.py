"""What a re-plan does to the content still ahead: every item it moves, drops or adds, listed.

A content item is a task's (category, kind, topic): "Design a URL shortener", "Draft 2 STAR stories
for Ownership: a missed deadline", a mock of a given format. The daily review slot is a time box,
not content, and is left out. Items are matched in date order within each key, so the first
occurrence before pairs with the first after; unmatched ones before were dropped, after were added.
"""

from __future__ import annotations

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
