"""Question → story: rank the candidate's stories for a behavioral question, with the reason.

Principle tags decide first (the question's likely principles, from cue words); text similarity
(overlap of content words) breaks ties and ranks within a principle.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from systemcraft.domain import principles
from systemcraft.domain.stories import Story

CUES: dict[str, tuple[str, ...]] = {
    "customer-obsession": ("customer", "client", "user", "feedback", "experience"),
    "ownership": ("ownership", "owned", "beyond", "not your", "responsib", "long-term", "long term"),
    "invent-and-simplify": ("simplif", "innovat", "invent", "new idea", "creative", "automate"),
    "are-right-a-lot": ("judgment", "judgement", "decision", "wrong", "right call", "instinct"),
    "learn-and-be-curious": ("learn", "curious", "new skill", "unfamiliar", "outside your"),
    "hire-and-develop-the-best": ("hire", "hiring", "develop", "mentor", "coach", "grow", "promot", "underperform"),
    "insist-on-the-highest-standards": ("standard", "quality", "bar", "defect", "not good enough"),
    "think-big": ("vision", "big", "bold", "long-term plan", "strategy", "transform"),
    "bias-for-action": ("quick", "fast", "urgent", "without all", "incomplete", "deadline", "speed"),
    "frugality": ("budget", "cost", "frugal", "limited resources", "less", "constraint"),
    "earn-trust": ("trust", "relationship", "stakeholder", "credib", "mistake you made", "honest"),
    "dive-deep": ("detail", "root cause", "data", "metric", "investigat", "dig"),
    "have-backbone": ("disagree", "conflict", "push back", "pushback", "challenge", "commit"),
    "deliver-results": ("deliver", "result", "deadline", "goal", "setback", "obstacle"),
    "strive-to-be-earths-best-employer": ("wellbeing", "well-being", "burnout", "inclusive", "morale", "culture"),
    "success-and-scale-bring-broad-responsibility": ("impact on", "community", "ethic", "responsib", "society",
                                                     "privacy", "sustainab"),
}
STOP = set("a an and are as at be but by did do for from had has have how i in is it me my of on or our so that "
           "the their them there they this time to tell was we were what when where which who why with you your "
           "about describe give example".split())


def tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if w not in STOP and len(w) > 2]


def question_lps(question: str) -> list[str]:
    q = question.lower()
    try:
        return [principles.get(question.strip()).id]     # an LP id given directly
    except principles.UnknownPrinciple:
        pass
    hits = [(sum(1 for c in cues if c in q), lp) for lp, cues in CUES.items()]
    return [lp for n, lp in sorted(hits, key=lambda x: -x[0]) if n > 0][:2]


def similarity(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / math.sqrt(len(sa) * len(sb))


@dataclass(frozen=True)
class Match:
    story_id: int | None
    title: str
    score: float
    reason: str


def rank(question: str, stories: list[Story], limit: int = 5) -> tuple[list[str], list[Match]]:
    lps = question_lps(question)
    q_tokens = tokens(question)
    out = []
    for s in stories:
        lp_score, why = 0.0, []
        for i, lp in enumerate(lps):
            weight = 1.0 if i == 0 else 0.6
            if s.primary_lp == lp:
                lp_score += 2.0 * weight
                why.append(f"primary {principles.BY_ID[lp].name}")
            elif lp in s.secondary_lps:
                lp_score += 1.0 * weight
                why.append(f"secondary {principles.BY_ID[lp].name}")
        sim = similarity(q_tokens, tokens(f"{s.title} {s.star_text()}"))
        shared = sorted(set(q_tokens) & set(tokens(f"{s.title} {s.star_text()}")))[:4]
        if shared:
            why.append("shares: " + ", ".join(shared))
        if s.status == "ready":
            lp_score += 0.1
        score = round(lp_score + sim, 3)
        if score > 0:
            out.append(Match(s.id, s.title, score, "; ".join(why) or "text overlap"))
    out.sort(key=lambda m: (-m.score, m.title))
    return lps, out[:limit]
