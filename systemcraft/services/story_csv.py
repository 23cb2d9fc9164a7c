"""Import a story spreadsheet (CSV) with the usual columns; report what was mapped and what was not."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from systemcraft.domain import principles
from systemcraft.domain.stories import Story, StoryError, validate
from systemcraft.errors import InputError

MAX_BYTES = 20 * 1024 * 1024
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("title", "story", "story title", "name", "story name", "id"),
    "situation": ("situation", "s", "context", "background"),
    "task": ("task", "t", "goal", "objective"),
    "action": ("action", "actions", "a", "what i did"),
    "result": ("result", "results", "r", "outcome"),
    "primary_lp": ("primary lp", "primary_lp", "lp", "principle", "leadership principle", "primary principle",
                   "primary"),
    "secondary_lps": ("secondary lps", "secondary_lps", "secondary", "other lps", "secondary principles",
                      "additional lps"),
    "level": ("level", "target level"),
    "status": ("status",),
    "team_size": ("team size", "team_size", "team"),
    "period": ("period", "timeframe", "time period", "when", "dates"),
    "metrics": ("metrics", "impact", "impact metrics", "numbers", "business impact"),
    "obstacles": ("obstacles", "challenges", "obstacle"),
    "lessons": ("lessons", "lessons learned", "learnings", "reflection"),
}
REQUIRED = ("title", "situation", "task", "action", "result", "primary_lp")


def _norm(h: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 _]", " ", h.lower())).strip()


def _lp_id(value: str, line: int, field: str) -> str:
    v = value.strip()
    by_name = {p.name.lower(): p.id for p in principles.PRINCIPLES}
    by_name.update({p.name.lower().split(";")[0]: p.id for p in principles.PRINCIPLES})
    if v.lower() in by_name:
        return by_name[v.lower()]
    try:
        return principles.get(v.lower().replace(" ", "-").replace(",", "")).id
    except principles.UnknownPrinciple as exc:
        raise InputError(f"line {line}: {field}: {exc}") from None


@dataclass(frozen=True)
class CsvReport:
    stories: list[Story]
    mapped: dict[str, str]        # column → field
    unmapped: list[str]


def read(data: bytes, source: str) -> CsvReport:
    if len(data) > MAX_BYTES:
        raise InputError(f"{source} is too large for a story spreadsheet ({len(data)} bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{source}: line {line}: not UTF-8 text; save the spreadsheet as 'CSV UTF-8'") from None
    try:   # sniff only the delimiter: quoting stays standard (the sniffer misreads escaped quotes)
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{source} is empty") from None
    mapped: dict[str, str] = {}
    unmapped = []
    for col in header:
        field = next((f for f, names in SYNONYMS.items() if _norm(col) in names), None)
        if field and field not in mapped.values():
            mapped[col] = field
        else:
            unmapped.append(col)
    missing = [f for f in REQUIRED if f not in mapped.values()]
    if missing:
        raise InputError(f"{source}: line 1: missing column(s) for {', '.join(missing)} "
                         f"(found: {', '.join(header) or 'nothing'})")
    index = {field: header.index(col) for col, field in mapped.items()}
    stories = []
    for n, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        get = {f: row[i].strip() for f, i in index.items()}
        try:
            secondary = tuple(_lp_id(x, n, "secondary_lps") for x in re.split(r"[;,/]", get.get("secondary_lps", ""))
                              if x.strip())
            team = get.get("team_size") or None
            if team is not None:
                digits = re.search(r"\d+", team)
                team = int(digits.group()) if digits else None
            story = Story(title=get["title"], situation=get["situation"], task=get["task"], action=get["action"],
                          result=get["result"], primary_lp=_lp_id(get["primary_lp"], n, "primary_lp"),
                          secondary_lps=secondary, level=(get.get("level") or "L6").upper(),
                          status=(get.get("status") or "draft").lower(), team_size=team,
                          period=get.get("period") or None, metrics=get.get("metrics", ""),
                          obstacles=get.get("obstacles", ""), lessons=get.get("lessons", ""))
            stories.append(validate(story))
        except StoryError as exc:
            raise InputError(f"{source}: line {n}: {exc}") from None
    if not stories:
        raise InputError(f"{source} has a header but no stories")
    return CsvReport(stories, mapped, unmapped)


EXPORT_COLUMNS = (("Title", "title"), ("Primary LP", "primary_lp"), ("Secondary LPs", "secondary_lps"),
                  ("Level", "level"), ("Status", "status"), ("Team size", "team_size"), ("Period", "period"),
                  ("Situation", "situation"), ("Task", "task"), ("Action", "action"), ("Result", "result"),
                  ("Metrics", "metrics"), ("Obstacles", "obstacles"), ("Lessons", "lessons"))


def write(stories: list[Story]) -> bytes:
    """The spreadsheet form (what `read` takes back). Follow-ups and short versions stay in Markdown."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c for c, _ in EXPORT_COLUMNS])
    for s in stories:
        row = []
        for _, field in EXPORT_COLUMNS:
            v = getattr(s, field)
            row.append("; ".join(v) if field == "secondary_lps" else ("" if v is None else v))
        w.writerow(row)
    return buf.getvalue().encode("utf-8")
