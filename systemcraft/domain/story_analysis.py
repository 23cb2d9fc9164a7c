"""Story analysis: explainable findings, each with the rule, the part and the sentence it came from.

Estimates use a speaking rate (150 words a minute by default) against the level's timing scheme.
Nothing here judges the person; it points at text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from systemcraft.domain.stories import DEFAULT_WPM, TIMING, VERSIONS, Story

_TEXT_FIELDS = ("title", "situation", "task", "action", "result", "metrics", "obstacles", "lessons", "short_version",
                "two_minute_version")
SITUATION_MAX_SECONDS = 90
STALE_YEARS = 3
_SENT = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[A-Za-z0-9'’$%€£.,-]+")
# A number never starts right after a digit, comma or point (the (?<![\d,.]) guards): without them a long
# run such as "1.1.1.1…" was tried again from every digit in it, quadratic time (100 kB of it: 585 s).
NUMBER = re.compile(r"(?:[$€£]\s?\d[\d,.]*\s?(?:k|m|bn|million|billion)?|(?<![\d,.])\d[\d,.]*\s?(?:%|percent|x\b|×)|"
                    r"\b(?<![\d,.])\d[\d,.]*\s?(?:ms|seconds?|minutes?|hours?|days?|weeks?|months?|years?|k|m|"
                    r"million|billion|users|customers|engineers|people|teams|requests|qps|rps)\b|"
                    r"\b(?<![\d,.])\d{2,}[\d,.]*\b)", re.I)
I_WORDS = re.compile(r"\b(i|i'm|i’d|i'd|i’ve|i've|my|me|myself)\b", re.I)
WE_WORDS = re.compile(r"\b(we|we're|we've|our|us|ourselves)\b", re.I)
OBSTACLE_WORDS = re.compile(r"\b(but|however|although|push(?:ed|ing)? ?back|resist\w*|blocked|obstacle|challenge\w*|conflict|"
                            r"risk\w*|constraint\w*|disagree\w*|concern\w*|problem)\b", re.I)
GENERIC_LESSONS = ("communication is key", "learned a lot", "teamwork", "team work", "hard work pays off",
                   "always communicate", "importance of communication", "never give up", "work harder")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str      # warning | info | ok
    part: str
    message: str
    evidence: str = ""


@dataclass(frozen=True)
class PartTiming:
    part: str
    words: int
    seconds: float
    target: tuple[int, int]


def words(text: str) -> int:
    return len(_WORD.findall(text or ""))


def seconds(text: str, wpm: int = DEFAULT_WPM) -> float:
    return round(words(text) / wpm * 60, 1)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text or "") if s.strip()]


def _first(pattern: re.Pattern, text: str) -> str:
    for s in sentences(text):
        if pattern.search(s):
            return s
    return ""


def timings(story: Story, wpm: int = DEFAULT_WPM) -> list[PartTiming]:
    scheme = TIMING[story.level]
    return [PartTiming(p, words(getattr(story, p)), seconds(getattr(story, p), wpm), scheme[p]) for p in scheme]


def analyse(story: Story, today: date, wpm: int = DEFAULT_WPM, target_level: str | None = None) -> list[Finding]:
    out: list[Finding] = []
    # A draft being checked may have parts not filled in yet: read them as empty text.
    story = replace(story, **{f: "" for f in _TEXT_FIELDS if not isinstance(getattr(story, f), str)})
    level = target_level or story.level
    for t in timings(story, wpm):
        lo, hi = t.target
        shown = round(t.seconds)         # judged on the whole seconds the message shows: "about 15 s" is within 15–30
        if shown < lo:
            out.append(Finding("timing", "warning", t.part, f"{t.part.capitalize()} runs about {t.seconds:.0f} s at "
                               f"{wpm} wpm; {story.level} aims for {lo}–{hi} s: say more.",
                               sentences(getattr(story, t.part))[0] if sentences(getattr(story, t.part)) else ""))
        elif shown > hi:
            out.append(Finding("timing", "warning", t.part, f"{t.part.capitalize()} runs about {t.seconds:.0f} s; "
                               f"{story.level} aims for {lo}–{hi} s: trim it.",
                               max(sentences(getattr(story, t.part)), key=len, default="")))
    sit = seconds(story.situation, wpm)
    if sit > SITUATION_MAX_SECONDS:
        out.append(Finding("situation_long", "warning", "situation",
                           f"The situation takes about {sit:.0f} s; over {SITUATION_MAX_SECONDS} s is too much context.",
                           max(sentences(story.situation), key=len, default="")))
    # The part ranges add up to the core telling (L6 2¾–4 min, L7 4–5¾ min); the 4–6 minutes of a
    # full telling include the follow-up answers.
    parts = timings(story, wpm)
    total = sum(t.seconds for t in parts)
    lo, hi = sum(t.target[0] for t in parts), sum(t.target[1] for t in parts)
    if not lo <= total <= hi:
        out.append(Finding("length", "info", "story", f"The STAR telling is about {total / 60:.1f} min; the "
                           f"{story.level} scheme adds up to {lo / 60:.1f}–{hi / 60:.1f} min (4–6 min with "
                           "follow-ups)."))
    for name, text, (vlo, vhi) in (("30s", story.short_version, VERSIONS["30s"]),
                                   ("2min", story.two_minute_version, VERSIONS["2min"])):
        if text.strip():
            s = seconds(text, wpm)
            if not vlo <= s <= vhi:
                out.append(Finding("version_length", "info", name, f"The {name} version runs about {s:.0f} s "
                                   f"(aim for {vlo}–{vhi} s)."))
        else:
            out.append(Finding("version_missing", "info", name, f"No {name} version yet."))
    result_text = f"{story.result} {story.metrics}"
    number = _first(NUMBER, result_text)
    found = measures(result_text)
    if not number and found:                       # a rating such as "2/5 -> 4.5/5" is a figure too
        number = found[0].quote
    elif number and not found:                     # only a bare year ("in 2023") measures nothing
        number = ""
    if not number:
        out.append(Finding("no_metric", "warning", "result", "The result has no number: add a measured outcome "
                           "(%, time, money, people).", sentences(story.result)[0] if sentences(story.result) else ""))
    else:
        # a business clause whose figure is a share, money or a rating first ("conversion +12 %"), then any
        business = next((m for m in found if m.kind == "business" and re.search(r"[%$€£/]", m.quote)),
                        next((m for m in found if m.kind == "business"), None))
        if business is None:
            shown = next((m for m in found if m.kind == "technical"), found[0] if found else None)
            what = "technical only" if shown is not None and shown.kind == "technical" else \
                "about the system or the effort, not the business"
            out.append(Finding("no_business_metric", "info", "result", f"The figures are {what}; add what they "
                               "meant in revenue, cost, customers, delivery time or the team.",
                               shown.quote if shown else number))
        else:
            out.append(Finding("metric", "ok", "result", "The result is quantified in business terms.",
                               business.quote))
    i_count = len(I_WORDS.findall(story.action))
    we_count = len(WE_WORDS.findall(story.action))
    if i_count == 0:
        out.append(Finding("no_i", "warning", "action", f"The action never says what you did (\"I\": 0, \"we\": "
                           f"{we_count}).", _first(WE_WORDS, story.action)))
    elif we_count > i_count:
        out.append(Finding("we_over_i", "warning", "action", f"\"We\" outnumbers \"I\" ({we_count} to {i_count}): "
                           "make your own part clear.", _first(WE_WORDS, story.action)))
    if not story.obstacles.strip() and not OBSTACLE_WORDS.search(story.action):
        out.append(Finding("no_obstacles", "warning", "action", "No obstacle is named: what stood in the way, and "
                           "how did you get past it?", next(iter(sentences(story.action)), "")[:200]))
    lessons = story.lessons.strip().lower()
    if not lessons:
        out.append(Finding("no_lessons", "info", "lessons", "No lesson yet: what would you do differently?"))
    else:
        generic = next((g for g in GENERIC_LESSONS if g in lessons), None)
        if generic or words(lessons) < 8:
            out.append(Finding("generic_lessons", "warning", "lessons", "The lesson is generic: name the specific "
                               "change in how you work.", story.lessons.strip()[:200]))
    if story.happened is not None:
        age = (today - story.happened).days / 365.25
        if age > STALE_YEARS:
            out.append(Finding("stale", "warning", "story", f"The story ended about {age:.1f} years ago; interviewers "
                               f"prefer the last {STALE_YEARS} years.", f"ended {story.happened.isoformat()}"))
    if level == "L7":
        visible, signals = l7_scope(story)
        quotes = " … ".join(list(dict.fromkeys(sig.quote for sig in signals))[:3])
        if visible:
            kinds = ", ".join(dict.fromkeys(_KIND_NAMES[sig.kind] for sig in signals))
            out.append(Finding("l7_scope", "ok", "story", f"L7 scope is visible: the story states {kinds}.", quotes))
        else:
            team = _TEAM_OF.search(story.star_text())
            said = quotes or (_quote(story.star_text(), team) if team else "") or \
                next(iter(sentences(story.situation or story.star_text())), "")[:200]
            kinds = ", ".join(dict.fromkeys(_KIND_NAMES[sig.kind] for sig in signals))
            stated = f"it states {kinds}, not organisation-level scale" if signals else \
                "it names no scale beyond one team"
            out.append(Finding("l7_scope", "warning", "story", f"L7 scope is not visible: {stated}. Say how many "
                               "teams or organisations it reached, how many people, how much money and over how "
                               "long.", said))
    return out


# ---------------------------------------------------------------- verdicts from what the story says
# The three judgements below read what the words say, not whether a keyword is present: L7 scope from the
# scale a story states (teams, organisations, people, money, duration, reach), business vs technical from
# what each figure in the result measures, and a failure story from a result or lesson that is a failure.
# Each returns the short quotes it rests on. All patterns are linear (no nested repetition): a part of
# 8,000 characters, or a run of digits or emoji, is read in one pass.

_CLAUSE = re.compile(r"(?<=[.;!?])\s+|,\s+(?=(?:and\s+|while\s+|but\s+)?[a-z])|\n\s*")
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20, "dozens": 24}
_N = (r"((?<![\d,.])\d[\d,]*(?:\.\d+)?\s?(?:k|K)?\+?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
      r"twenty|a dozen|dozens)")
# (kind, pattern, how the number it captures becomes strong): the group "n" is the count.
_TEAMS = re.compile(r"\b" + _N + r"\s+(?:(?!engineer|person|people|member)\w+[- ]){0,2}?(?:teams|squads|pods|groups)\b",
                    re.I)
_ORGS = re.compile(r"\b" + _N + r"\s+(?:\w+[- ]){0,2}?(?:organi[sz]ations|orgs|business units|BUs|divisions|"
                   r"departments|companies|countries|regions)\b", re.I)
_PEOPLE = re.compile(r"\b" + _N + r"\s+(?:\w+[- ]){0,1}?(?:engineers|developers|people|employees|staff|reports|"
                     r"managers|headcount)\b", re.I)
_AUDIENCE = re.compile(r"\b(?:((?<![\d,.])\d[\d,.]*\s?(?:million|m|bn|billion)\b|millions|billions)\s+(?:of\s+)?"
                       r"(?:\w+\s){0,1}?(?:customers|users|sellers|packages|orders|members|devices))|"
                       r"\b(\d{1,3}(?:,\d{3}){2,})\s+(?:customers|users)\b", re.I)
_MONEY = re.compile(r"(?:[$€£]\s?(\d[\d,]*(?:\.\d+)?)\s?(k|m|mm|bn|b|million|billion|thousand)?\b|"
                    r"\b(?<![\d,.])(\d[\d,]*(?:\.\d+)?)\s?(k|m|million|billion|thousand)?\s+"
                    r"(?:dollars|euros|pounds|usd)\b)",
                    re.I)
_DURATION = re.compile(r"\b(?:multi-year|(\d+|two|three|four|five)[- ](?:year|years)\b|(\d+)[- ]months?\b)", re.I)
_REACH = re.compile(r"\b(?:company[- ]wide|org(?:anization|anisation)?[- ]wide|enterprise[- ]wide|cross[- ]org\w*|"
                    r"cross[- ](?:bu|business[- ]unit)s?|across (?:all |the |our |multiple |several |many )?"
                    r"(?:company|business units|bus|organi[sz]ations|orgs|divisions|engineering organi[sz]ations|"
                    r"engineering teams)|(?:vp|svp|cto|ceo|c)[- ]level|(?:four|three|five|six|\d+) vps?\b|"
                    r"(?:our|the) (?:cto|ceo|svp)\b)", re.I)
_MULTI_TEAMS = re.compile(r"\b(?:multiple|several|many|other) (?:\w+ )?(?:teams|squads)\b", re.I)


@dataclass(frozen=True)
class Signal:
    kind: str          # teams | organisations | people | audience | money | duration | reach
    strong: bool
    quote: str


def _count(raw: str) -> float:
    raw = raw.strip().lower().rstrip("+").strip()
    if raw in _COUNT_WORDS or raw == "a dozen":
        return _COUNT_WORDS.get(raw, 12)
    mult = 1000 if raw.endswith("k") else 1
    try:
        return float(raw.rstrip("k").strip().replace(",", "")) * mult
    except ValueError:
        return 0.0


def _money(m: re.Match) -> float:
    value, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    scale = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
             "billion": 1e9}.get((unit or "").lower(), 1)
    return _count(value) * scale


def _quote(text: str, m: re.Match, width: int = 70) -> str:
    """The sentence piece around a match, at most `width` characters either side, cut at word ends."""
    start = max(text.rfind(".", 0, m.start()) + 1, text.rfind("\n", 0, m.start()) + 1, m.start() - width)
    end_dot = [i for i in (text.find(". ", m.end()), text.find("\n", m.end())) if i != -1]
    end = min([m.end() + width, len(text)] + end_dot)
    piece = text[start:end]
    if start > 0 and start == m.start() - width and " " in piece[: m.start() - start]:
        piece = piece[piece.index(" ") + 1:]
    if end == m.end() + width and " " in piece[m.end() - start:]:
        piece = piece[: piece.rindex(" ")]
    return piece.strip(" ,;:-")


def scale_signals(text: str) -> list[Signal]:
    """What a story says about its scale, each with the words that say it."""
    text = text or ""
    out: list[Signal] = []
    # counted scale: (pattern, kind, the least count that is a sign, the least that is a strong one)
    for pattern, kind, least, strong in ((_ORGS, "organisations", 2, 2), (_TEAMS, "teams", 2, 5),
                                         (_PEOPLE, "people", 50, 100)):
        for m in pattern.finditer(text):
            n = _count(m.group(1))
            if n >= least:
                out.append(Signal(kind, n >= strong, _quote(text, m)))
    for m in _MULTI_TEAMS.finditer(text):
        out.append(Signal("teams", False, _quote(text, m)))
    for m in _AUDIENCE.finditer(text):
        out.append(Signal("audience", False, _quote(text, m)))
    for m in _MONEY.finditer(text):
        amount = _money(m)
        if amount >= 1e6:
            out.append(Signal("money", amount >= 1e7, _quote(text, m)))
    for m in _DURATION.finditer(text):
        months = _count(m.group(2)) if m.group(2) else 12 * (_count(m.group(1)) if m.group(1) else 2)
        if months >= 12:
            out.append(Signal("duration", False, _quote(text, m)))
    for m in _REACH.finditer(text):
        out.append(Signal("reach", False, _quote(text, m)))
    return out


def l7_scope(story: Story) -> tuple[bool, list[Signal]]:
    """L7 scope is visible when the story states organisation-level scale: two strong signs (such as 4
    organisations and $50M), one strong and one other, or three different kinds of weaker ones (several
    teams, a year or more, company-wide reach). A word such as 'organization' or 'Platform' alone is none."""
    signals = scale_signals(" ".join(p or "" for p in (story.situation, story.task, story.action, story.result)))
    strong = {s.kind for s in signals if s.strong}
    kinds = {s.kind for s in signals}
    visible = len(strong) >= 2 or (len(strong) == 1 and len(kinds) >= 2) or len(kinds) >= 3
    # strong first, one quote per kind
    seen: set[str] = set()
    shown = []
    for s in sorted(signals, key=lambda s: not s.strong):
        if s.kind not in seen:
            seen.add(s.kind)
            shown.append(s)
    return visible, shown


_TEAM_OF = re.compile(r"\b(?:team|squad|group) of\s+" + _N + r"|\b" + _N + r"[- ](?:person|engineer|people)\s+team\b|"
                      r"\bmy team\b|\bour team\b|\bthe team\b", re.I)

# What a figure measures: the words of its clause. Business and people measures first; a clause that only
# names customers or users next to a technical measure ("p99 latency for customers") stays technical.
_BUSINESS_MEASURE = re.compile(
    r"[$€£]|\b(?:revenue|sales|cost|costs|saving|savings|saved|spend|spending|budget|profit|margin|roi|arr|mrr|"
    r"gmv|dollars|euros|pounds|conversion|churn|retention|attrition|turnover|regretted|adoption|adopted|nps|csat|"
    r"satisfaction|rating|ratings|survey|surveys|engagement|morale|promoted|promotions?|hired|hiring|headcount|"
    r"positions|engineering hours|engineer[- ]hours|person[- ]hours|hours/week|hours a week|time[- ]to[- ]market|"
    r"delivery time|lead time|feature delivery|project delivery|onboarding|orders|bookings|market share|"
    r"subscribers|sign-?ups|launches|deals|renewals|fraud losses|lost revenue)\b", re.I)
_PEOPLE_COUNT = re.compile(r"\b(?:(?<![\d,.])\d[\d,.]*\s?(?:k|m|million|billion)?|two|three|four|five|six|seven|"
                           r"eight|nine|ten)"
                           r"\s+(?:new\s+|more\s+|paying\s+|active\s+)?(?:customers|users|clients|sellers|engineers|"
                           r"people|employees|members)\b(?:\s+(?:stayed|joined|signed|were promoted|onboarded))?", re.I)
_TECH_MEASURE = re.compile(
    r"\b(?:latency|p\d\d|ms|milliseconds|uptime|availability|downtime|error|errors|error rate|cpu|memory|"
    r"throughput|rps|qps|tps|requests|traffic|bandwidth|mttr|mttd|incidents?|bugs?|defects?|test coverage|"
    r"coverage|build time|deploy\w*|timeouts?|lock\w*|load|page load|code quality|failures|outages?|"
    r"sprint commitment|velocity|story points|lines of code|rows|tables?|queries|cache|hit rate)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b(?![\d,.%/])(?!\s*(?:ms|k|m|bn|users|customers|engineers|people|requests|"
                   r"orders|dollars|teams)\b)")


@dataclass(frozen=True)
class Measure:
    kind: str          # business | technical | other
    quote: str


def _has_figure(clause: str) -> bool:
    """A figure is any digit once bare years are removed ("in 2023" dates the story, it measures nothing)."""
    return any(c.isdigit() for c in _YEAR.sub(" ", clause))


def measures(text: str) -> list[Measure]:
    """Each clause of the result that holds a figure, classified by what it measures."""
    out = []
    for clause in _CLAUSE.split(text or ""):
        clause = clause.strip()
        if not clause or not _has_figure(clause):
            continue
        business = _BUSINESS_MEASURE.search(clause)
        technical = _TECH_MEASURE.search(clause)
        audience = _PEOPLE_COUNT.search(clause)
        if business:
            kind = "business"
        elif audience and not technical:
            kind = "business"
        elif technical:
            kind = "technical"
        else:
            kind = "other"
        out.append(Measure(kind, clause[:200].strip(" ,;")))
    return out


# A failure story: the result says it did not work, or the lesson comes from the candidate's own mistake.
# Words that only sound like failure ('failover', 'zero failures', 'prevented 3 failures', a forecast
# that 'we'd fail at 200 %') do not make one.
_NOT = r"(?!(?:never|not|no|nearly|almost|previously|once)\b)"
_FAILED_RESULT = re.compile(
    r"\b(?:it|we|i|they|the (?:project|launch|initiative|migration|feature|plan|release|product|team|rollout|"
    r"effort|programme|program|pilot))\s+(?:" + _NOT + r"\w+\s+){0,2}?(?:failed(?!\s+over)|missed|fell short|"
    r"slipped|overran)\b|"
    r"\b(?:it|we|i|they|this|that|the \w+)\s+(?:did not|didn't|never|could not|couldn't|wasn't able to|"
    r"were not able to)\s+(?:work|ship|launch|deliver|meet|hit|reach|land|succeed|recover|get adopted|take off|"
    r"pay off|materiali[sz]e)\b|"
    r"\b(?:was|were|got|had to be)\s+" + _NOT + r"(?:\w+\s+)?(?:cancel+ed|shelved|scrapped|abandoned|killed|"
    r"rolled back|reverted|shut down|descoped)\b|"
    r"\bmissed (?:the|our|its|my|a|every) (?:\w+\s+)?(?:deadline|date|target|goal|launch|window|commitment|"
    r"quarter)\b|"
    r"\b(?:shipped|launched|delivered|landed|went live) (?:\w+\s+){0,2}?(?:late|behind schedule|over budget)\b|"
    r"\b(?:weeks|months|days) late\b|\bover budget\b|"
    r"\bonly (?:one|two|a few|a handful|\d+)\s+(?:\w+\s+){0,3}?(?:of|had|were|was|migrated|adopted|signed|used)\b|"
    r"\b(?:causing|caused|led to|resulted in)\s+(?!(?:fewer|less|lower|zero|no|reduced)\b)(?:\w+\s+){0,4}?"
    r"(?:downtime|outages?|timeouts|data loss|an incident|a sev\w*)\b|"
    r"\b(?:lost|losing) (?:the (?:customer|deal|client|contract)|\d+ (?:customers|clients|engineers))\b|"
    r"\b(?:it|this|that) was a failure\b|\ba failed (?:launch|project|migration|rollout|initiative)\b", re.I)
_OWN_MISTAKE = re.compile(
    r"\b(?:i|i'd|we|we'd)\s+(?:had\s+)?(?:failed to|underestimated|overestimated|misjudged|overlooked|"
    r"assumed(?! (?:ownership|responsibility|the role|leadership|command))|neglected|waited too long|"
    r"should have|shouldn't have|made (?:a|the) (?:\w+\s+)?(?:mistake|wrong call|bad call|wrong decision))|"
    r"\bmy (?:\w+\s+)?(?:mistake|fault|error|misjudg\w+)\b|\bi was wrong\b|"
    r"\b(?:i|my \w+)\s+(?:took|brought|knocked)\s+(?:down|out)\b|\bwe had missed the (?:\w+\s+)?(?:target|deadline|date)\b|"
    r"\b(?:i|we) (?:didn't|did not) (?:test|check|coordinate|involve|plan|spike|escalate|flag|ask|consult)\b",
    re.I)
_NEGATED = re.compile(r"\b(?:never|not|no|without|zero)\b|n't\b", re.I)
_LEARNED = re.compile(r"\b(?:i (?:now|learned|learnt|realised|realized|changed|started|always)|lesson|"
                      r"what i'd do differently|in hindsight|since then|next (?:project|time)|"
                      r"(?:would|will|could) not happen again|has happened since|never happened again)\b", re.I)
# A title that names the failure in the candidate's own words ("The outage I caused", "Falling short of my bar",
# "Missing the holiday launch"): the story is about it, whatever its happy ending.
_FAILURE_TITLE = re.compile(r"\b(?:falling|fell) short\b|^missing (?:the|a|an|our|my)\b|\bmissed (?:the|a|an|our|my)\b|"
                            r"\b(?:outage|incident|mistake|failure|error|bug) I (?:caused|made|shipped)\b|"
                            r"\bI was wrong\b|\bmy (?:\w+\s+)?(?:mistake|failure)\b|\bthat failed\b", re.I)


def failure_evidence(story: Story) -> str:
    """The words that make this a failure story, or "" when it is not one."""
    title = _FAILURE_TITLE.search(story.title or "")
    if title:
        return _quote(story.title, title)
    for part in (story.result or "", story.metrics or ""):
        for m in _FAILED_RESULT.finditer(part):
            before = re.split(r"[,.;:!?]", part[max(0, m.start() - 25):m.start()])[-1]
            if not _NEGATED.search(before):              # "we never missed a deadline" is no failure
                return _quote(part, m)
    lessons = story.lessons or ""
    own = [(t, _OWN_MISTAKE.search(t)) for t in (story.situation or "", story.action or "", story.result or "",
                                                 lessons)]
    own = [(t, m) for t, m in own if m]
    if own and (_LEARNED.search(lessons) or _LEARNED.search(story.result or "")):
        text, m = own[0]
        return _quote(text, m)
    return ""


_KIND_NAMES = {"organisations": "organisations", "teams": "teams", "people": "people", "audience": "customers",
               "money": "money", "duration": "duration", "reach": "cross-organisation reach"}


def has_l7_scope(story: Story) -> bool:
    """The same judgement the story check shows as "L7 scope is visible" (and `story coverage` counts)."""
    return l7_scope(story)[0]
