"""The 16 Leadership Principles: stable ids, display names and a one-line meaning."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Principle:
    id: str
    number: int
    name: str
    meaning: str


PRINCIPLES: tuple[Principle, ...] = (
    Principle("customer-obsession", 1, "Customer Obsession",
              "Start from what the customer needs and work backwards; keep their trust above competitors' moves."),
    Principle("ownership", 2, "Ownership",
              "Act for the long term and for the whole company, never saying a problem belongs to someone else."),
    Principle("invent-and-simplify", 3, "Invent and Simplify",
              "Look for new ideas anywhere, make things simpler, and accept being misunderstood for a while."),
    Principle("are-right-a-lot", 4, "Are Right, A Lot",
              "Show sound judgment and good instincts, seek views that differ, and try to disprove your own beliefs."),
    Principle("learn-and-be-curious", 5, "Learn and Be Curious",
              "Keep learning and getting better, and explore new possibilities on your own initiative."),
    Principle("hire-and-develop-the-best", 6, "Hire and Develop the Best",
              "Raise the bar with every hire and promotion, recognise talent and grow people through coaching."),
    Principle("insist-on-the-highest-standards", 7, "Insist on the Highest Standards",
              "Keep raising the bar, stop defects from travelling downstream and fix problems so they stay fixed."),
    Principle("think-big", 8, "Think Big",
              "Set a bold direction that inspires results and look around corners for new ways to serve customers."),
    Principle("bias-for-action", 9, "Bias for Action",
              "Move quickly when a decision can be reversed; calculated risk-taking beats waiting for certainty."),
    Principle("frugality", 10, "Frugality",
              "Achieve more with less; constraints breed resourcefulness and invention."),
    Principle("earn-trust", 11, "Earn Trust",
              "Listen closely, speak candidly, treat others with respect and be open about your own mistakes."),
    Principle("dive-deep", 12, "Dive Deep",
              "Stay close to the details, audit often, and be sceptical when metrics and anecdotes disagree."),
    Principle("have-backbone", 13, "Have Backbone; Disagree and Commit",
              "Challenge decisions you disagree with, respectfully and with conviction, then commit fully once decided."),
    Principle("deliver-results", 14, "Deliver Results",
              "Focus on the inputs that matter and deliver them with quality and on time, despite setbacks."),
    Principle("strive-to-be-earths-best-employer", 15, "Strive to be Earth's Best Employer",
              "Build a safe, fair, growing workplace where people are empowered and enjoy their work."),
    Principle("success-and-scale-bring-broad-responsibility", 16, "Success and Scale Bring Broad Responsibility",
              "Weigh the second-order effects of your work on communities and the world, and act humbly."),
)

BY_ID: dict[str, Principle] = {p.id: p for p in PRINCIPLES}


class UnknownPrinciple(ValueError):
    """Raised with a suggestion when an LP id is not one of the 16."""


def get(lp_id: str) -> Principle:
    """Return the principle with this id, or raise UnknownPrinciple naming the closest id."""
    key = lp_id.strip().lower()
    if key in BY_ID:
        return BY_ID[key]
    close = difflib.get_close_matches(key, list(BY_ID), n=1, cutoff=0.4)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise UnknownPrinciple(f"unknown Leadership Principle '{lp_id}'{hint}")
