"""Import a story spreadsheet (CSV) with the usual columns; report what was mapped and what was not.

Read: UTF-8 (with or without a byte-order mark) or UTF-16 with its mark — Excel's "CSV UTF-8" and its
"Unicode Text" (tab-separated) alike; the delimiter (comma, semicolon or tab) is taken from the header.
Written: text cells that a spreadsheet would run as a formula carry a leading quote, which the reader
strips back (exports/csv_cells.py), so export → import is exact."""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass

from systemcraft.domain import principles
from systemcraft.domain.stories import Story, StoryError
from systemcraft.schemas import validate_story
from systemcraft.errors import InputError
from systemcraft.exports.csv_cells import neutralise, restore
from systemcraft.exports.files import decode_text
from systemcraft.yamlsafe import shown

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


def _key(text: str) -> str:
    """A principle name or id as compared: lower case, one space, no punctuation ("Are Right, A Lot" and
    "are-right-a-lot" both → "are right a lot")."""
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", re.sub(r"['\u2019]", "", text.lower())).split())


def _known() -> dict[str, str]:
    """Every way a cell may name a principle → its id: the full name, the id, and for the one principle
    whose name holds two phrases ("Have Backbone; Disagree and Commit"), each phrase alone."""
    out: dict[str, str] = {}
    for p in principles.PRINCIPLES:
        out[_key(p.name)] = p.id
        out[_key(p.id)] = p.id
        for part in p.name.split(";"):
            out.setdefault(_key(part), p.id)
    out.setdefault("earths best employer", "strive-to-be-earths-best-employer")
    return out


KNOWN = _known()


def _unknown(name: str, line: int, field: str) -> InputError:
    """One line: the name that is not a principle and the closest real one."""
    names = {_key(p.name): p.name for p in principles.PRINCIPLES}
    close = difflib.get_close_matches(_key(name), list(names) + [p.id for p in principles.PRINCIPLES], n=1,
                                      cutoff=0.5)
    hint = ""
    if close:
        hint = f" (did you mean '{names.get(close[0]) or principles.BY_ID[close[0]].name}'?)"
    return InputError(f"line {line}: {field}: unknown Leadership Principle '{shown(name.strip(), 60)}'{hint}")


def lp_list(cell: str, line: int, field: str) -> tuple[str, ...]:
    """The principles a cell names, by name or id, in order. A name is never split at its own punctuation
    ("Are Right, A Lot"; "Have Backbone; Disagree and Commit"): at each point the longest known name is
    taken first, and only then is a separator (, ; / | + & or "and") skipped. A part that is no principle
    is refused with the closest name."""
    words = re.findall(r"[^\s;,/|+&]+|[;,/|+&]", cell.replace("\u2019", "'"))
    out: list[str] = []
    i = 0
    while i < len(words):
        if re.fullmatch(r"[;,/|+&]", words[i]) or words[i].lower() == "and":
            i += 1
            continue
        found = None
        for j in range(min(len(words), i + 12), i, -1):      # the longest run of words that is a name
            key = _key(" ".join(words[i:j]))
            if key in KNOWN:
                found = (KNOWN[key], j)
                break
        if found is None:
            j = i
            while j < len(words) and not re.fullmatch(r"[;,/|+&]", words[j]):
                j += 1
            raise _unknown(" ".join(words[i:j]), line, field)
        out.append(found[0])
        i = found[1]
    return tuple(out)


def _lp_id(value: str, line: int, field: str) -> str:
    """One principle, by name or id."""
    ids = lp_list(value, line, field)
    if len(ids) != 1:
        if not ids:
            raise InputError(f"line {line}: {field}: name one Leadership Principle")
        raise InputError(f"line {line}: {field}: name one Leadership Principle, not {len(ids)} "
                         f"({', '.join(principles.BY_ID[i].name for i in ids)}); put the others in secondary_lps")
    return ids[0]


@dataclass(frozen=True)
class CsvReport:
    stories: list[Story]
    mapped: dict[str, str]        # column → field
    unmapped: list[str]


MAX_PROBLEMS = 50      # rows named one by one in a refusal; the rest are counted


class RowProblems(InputError):
    """Rows a spreadsheet (or the files of an import) could not take, every one of them found in one pass:
    `problems` names each (its file and line), `more` counts those past MAX_PROBLEMS; `mapped` and `unmapped`
    are the columns read. The message is the first problem and how many more there are."""

    def __init__(self, problems: list[str], more: int = 0, mapped: dict | None = None,
                 unmapped: list | None = None) -> None:
        others = len(problems) - 1 + more
        super().__init__(problems[0] + (f" (and {others} more problem{'s' if others != 1 else ''}; "
                                        "nothing was imported)" if others else ""))
        self.problems, self.more = list(problems), more
        self.mapped, self.unmapped = dict(mapped or {}), list(unmapped or [])


def _decode(data: bytes, source: str) -> str:
    """The one decoding rule (exports.files.decode_text); a UTF-8 error names the line of the bad byte."""
    try:
        return decode_text(data, source)
    except InputError:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(f"{source}: line {line}: not UTF-8 text; save the spreadsheet as 'CSV UTF-8' "
                             "(or as Excel's 'Unicode Text')") from None
        raise


def _rows(reader, source: str):
    """The reader's rows; a cell over the csv module's limit (or any row it cannot read) is a one-line
    error, not a crash."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            if "field larger than field limit" in str(exc):
                raise InputError(f"{source}: line {line}: a cell is longer than {csv.field_size_limit():,} "
                                 "characters; a story spreadsheet's cells are far shorter (is it the right "
                                 "file, and are its quotes balanced?)") from None
            raise InputError(f"{source}: line {line}: not a readable CSV row ({exc})") from None


TEAM_SIZE = re.compile(r"\d{1,3}(?:(?:,|\u00a0|\u202f| )\d{3})+(?!\d)|\d+")


def team_size(value: str, line: int) -> int | None:
    """The first number in a team-size cell: "12", "about 40 engineers", "1,200" and "1 200" (thousands
    separators) → 12, 40, 1200, 1200. A fraction or a decimal comma ("1.5", "1,5", "1.200") is refused
    rather than guessed; a cell without a number (a team's name) gives no size."""
    m = TEAM_SIZE.search(value)
    if m is None:
        return None
    rest = value[m.end():]
    if re.match(r"[.,]\d", rest):
        raise InputError(f"line {line}: team_size: '{shown(value, 40)}' is not a whole number of people "
                         "(write it as digits, e.g. 1200)")
    digits = re.sub(r"\D", "", m.group())
    if len(digits) > 9:
        raise InputError(f"line {line}: team_size: '{shown(value, 40)}' is too large")
    return int(digits)


def read(data: bytes, source: str) -> CsvReport:
    if len(data) > MAX_BYTES:
        raise InputError(f"{source} is too large for a story spreadsheet ({len(data)} bytes)")
    text = _decode(data, source)
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise InputError(f"{source}: line {line}: holds a NUL character; is it a spreadsheet saved as CSV?")
    try:   # sniff only the delimiter: quoting stays standard (the sniffer misreads escaped quotes)
        first = text.split("\n", 1)[0][:10_000]
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = _rows(reader, source)
    try:
        header = [restore(c) for c in next(rows)]
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
                         f"(found: {shown(', '.join(header), 200) or 'nothing'})")
    index = {field: header.index(col) for col, field in mapped.items()}
    stories, problems, more = [], [], 0
    for n, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        get = {f: restore(row[i]).strip() for f, i in index.items()}
        try:
            secondary = lp_list(get.get("secondary_lps", ""), n, "secondary_lps")
            team = team_size(get["team_size"], n) if get.get("team_size") else None
            story = Story(title=get["title"], situation=get["situation"], task=get["task"], action=get["action"],
                          result=get["result"], primary_lp=_lp_id(get["primary_lp"], n, "primary_lp"),
                          secondary_lps=secondary, level=(get.get("level") or "L6").upper(),
                          status=(get.get("status") or "draft").lower(), team_size=team,
                          period=get.get("period") or None, metrics=get.get("metrics", ""),
                          obstacles=get.get("obstacles", ""), lessons=get.get("lessons", ""))
            stories.append(validate_story(story))
        except (StoryError, InputError) as exc:       # every row is read: the reply names each bad one
            message = exc.message if isinstance(exc, InputError) else f"line {n}: {exc}"
            if len(problems) < MAX_PROBLEMS:
                problems.append(f"{source}: {message}")
            else:
                more += 1
    if problems:
        raise RowProblems(problems, more, mapped, unmapped)
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
            v = "; ".join(v) if field == "secondary_lps" else ("" if v is None else v)
            row.append(neutralise(v) if isinstance(v, str) else v)     # team size stays a number
        w.writerow(row)
    return buf.getvalue().encode("utf-8")
