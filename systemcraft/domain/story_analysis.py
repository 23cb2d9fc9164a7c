"""Story analysis: explainable findings, each with the rule, the part and the sentence it came from.

Estimates use a speaking rate (150 words a minute by default) against the level's timing scheme.
Nothing here judges the person; it points at text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from systemcraft.domain.stories import DEFAULT_WPM, TIMING, VERSIONS, Story

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
BUSINESS = re.compile(r"\b(revenue|sales|cost|costs|saving|savings|saved|profit|margin|customers?|churn|retention|"
                      r"conversion|adoption|nps|csat|market|\$|€|£|budget|spend|orders|bookings|growth)\b|[$€£]", re.I)
I_WORDS = re.compile(r"\b(i|i'm|i’d|i'd|i’ve|i've|my|me|myself)\b", re.I)
WE_WORDS = re.compile(r"\b(we|we're|we've|our|us|ourselves)\b", re.I)
OBSTACLE_WORDS = re.compile(r"\b(but|however|although|push(?:ed|ing)? ?back|resist\w*|blocked|obstacle|challenge\w*|conflict|"
                            r"risk\w*|constraint\w*|disagree\w*|concern\w*|problem)\b", re.I)
GENERIC_LESSONS = ("communication is key", "learned a lot", "teamwork", "team work", "hard work pays off",
                   "always communicate", "importance of communication", "never give up", "work harder")
L7_SCOPE = re.compile(r"\b(organi[sz]ation\w*|org-wide|across (the )?(org|company|division)|multiple teams|"
                      r"several teams|\d+\s+teams|cross-org\w*|division\w*|company-wide|vp|director\w*|"
                      r"multi-year|\d+\s+years|roadmap|strategy|strategic|platform)\b", re.I)


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
    level = target_level or story.level
    for t in timings(story, wpm):
        lo, hi = t.target
        if t.seconds < lo:
            out.append(Finding("timing", "warning", t.part, f"{t.part.capitalize()} runs about {t.seconds:.0f} s at "
                               f"{wpm} wpm; {story.level} aims for {lo}–{hi} s: say more.",
                               sentences(getattr(story, t.part))[0] if sentences(getattr(story, t.part)) else ""))
        elif t.seconds > hi:
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
    if not number:
        out.append(Finding("no_metric", "warning", "result", "The result has no number: add a measured outcome "
                           "(%, time, money, people).", sentences(story.result)[0] if sentences(story.result) else ""))
    else:
        business = _first(BUSINESS, result_text)
        if not business:
            out.append(Finding("no_business_metric", "info", "result", "The numbers are technical only; add what "
                               "they meant for customers or the business.", number))
        else:
            out.append(Finding("metric", "ok", "result", "The result is quantified in business terms.", business))
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
                           "how did you get past it?"))
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
                               f"prefer the last {STALE_YEARS} years."))
    if level == "L7":
        marker = _first(L7_SCOPE, story.star_text())
        if not marker:
            out.append(Finding("l7_scope", "warning", "story", "No L7 scope markers (organisation-level, several "
                               "teams, a long horizon): this reads as an L6 story."))
        else:
            out.append(Finding("l7_scope", "ok", "story", "L7 scope is visible.", marker))
    return out


def has_l7_scope(story: Story) -> bool:
    return bool(L7_SCOPE.search(story.star_text()))
