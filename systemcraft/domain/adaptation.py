"""Adaptive re-planning: each rule is a pure function of the evidence; thresholds live in RULES.

A rule returns a Firing (what it saw, what it concludes, what it changes) or None. `decide`
runs them all and merges their effects into one Adjustment the schedule generator applies.
Sources: INVENTORY.md §2.13, §2.14, §2.16; PRODUCT.md decisions 6 and 7.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from systemcraft.domain.practice import AREAS, DIMENSION_BY_ID
from systemcraft.domain.scorecard import VERDICT_BANDS, verdict_for

RULES: dict[str, dict] = {
    # The verdict bands themselves (90 / 70) are the scorecard's: scorecard.VERDICT_BANDS.
    "verdict": {"recovery_load": 0.75, "recovery_weeks": 1},
    "rating_trigger": {"below": 3, "bias": 1.25},
    "missed_goals": {"day_done_ratio": 0.7, "days_running": 3, "cut": 0.25},
    "skill_imbalance": {"points_behind": 20, "bias": 1.3, "window_days": 14, "min_planned": 60},
    "confidence_drop": {"points": 2, "window_days": 7},
    "mock_regression": {"falling_sessions": 2},
    "plateau": {"days": 7, "min_entries": 3},
    "support_tier": {"tier1_pct": 75, "tier2_pct": 60, "tier3_pct": 45, "tier1_weeks": 1,
                     "tier2_weeks": 3, "tier3_weeks": 4, "tier1_daily_minutes": 30},
    "study_hours": {"share_of_budget": 0.8},
}
AREA_CATEGORY = {"behavioral": ("behavioral",), "technical": ("system_design", "coding"),
                 "interview": ("mock",)}


@dataclass(frozen=True)
class Evidence:
    """Everything the rules look at, gathered by the application from the log and the plan."""
    today: date
    week_percent: float | None                       # last scored week's overall %
    ratings: dict[str, float]                        # latest self-rating per dimension
    days: tuple[tuple[date, int, int], ...]          # recent study days: (date, planned, done minutes)
    category_minutes: dict[str, tuple[int, int]]     # last 14 days: category → (planned, done)
    confidences: tuple[tuple[date, int], ...]        # check-ins, oldest first
    mock_scores: tuple[float, ...]                   # oldest first
    coding_pace: tuple[tuple[date, float], ...]      # minutes per problem, oldest first
    planned_to_date: int
    done_to_date: int
    weekly_budget: int                               # minutes
    last_week_done: int                              # minutes studied in the last full week
    last_week_planned: int | None = None             # minutes the plan asked of that week (None: unknown)


@dataclass(frozen=True)
class Adjustment:
    load_factor: float = 1.0                          # applies to the next `load_weeks` weeks
    load_weeks: int = 0
    daily_cut: float = 0.0                            # permanent cut of daily targets
    extra_daily_minutes: int = 0
    category_bias: tuple[tuple[str, float], ...] = ()
    stretch: bool = False
    pause_mocks_weeks: int = 0
    resume_behind: bool = False                       # re-date: resume the content where you are
    extend_weeks_advice: int = 0

    def bias_dict(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for cat, mult in self.category_bias:
            out[cat] = out.get(cat, 1.0) * mult
        return out

    def is_change(self) -> bool:
        return self != Adjustment()


@dataclass(frozen=True)
class Firing:
    rule: str
    inputs: dict
    message: str
    effect: Adjustment = field(default_factory=Adjustment)
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    firings: tuple[Firing, ...]
    adjustment: Adjustment
    verdict: str | None


# ------------------------------------------------------------------ the rules

def rule_verdict(ev: Evidence) -> Firing | None:
    t = RULES["verdict"]
    if ev.week_percent is None:
        return None
    p = ev.week_percent
    bands = {name: lower for lower, name in VERDICT_BANDS}
    verdict = verdict_for(p)
    if verdict == "high":
        return Firing("verdict", {"verdict": verdict, "week_percent": p, "threshold": bands["high"]},
                      f"High-performance week ({p:.0f}% ≥ {bands['high']}%): next week has stretch goals and "
                      "one extra mock.", Adjustment(stretch=True))
    if verdict == "standard":
        return Firing("verdict", {"verdict": verdict, "week_percent": p,
                                  "thresholds": [bands["standard"], bands["high"]]},
                      f"Standard week ({p:.0f}%): keep the pace, aim flexible time at weak areas.")
    return Firing("verdict", {"verdict": verdict, "week_percent": p, "threshold": bands["standard"]},
                  f"Recovery week ({p:.0f}% < {bands['standard']}%): next week is "
                  f"{100 - t['recovery_load'] * 100:.0f}% lighter, the fundamentals come first and the plan "
                  "resumes where you are.",
                  Adjustment(load_factor=t["recovery_load"], load_weeks=t["recovery_weeks"], resume_behind=True,
                             category_bias=(("behavioral", 1.1), ("system_design", 1.1))),
                  ("Remove what blocked you this week before adding anything new.",))


def rule_rating_triggers(ev: Evidence) -> list[Firing]:
    t = RULES["rating_trigger"]
    out = []
    responses = {"behavioral": "more story practice, and ask someone for feedback on your stories",
                 "technical": "more foundational study",
                 "interview": "more frequent mocks and work on presentation"}
    for area in AREAS:
        low = {d: v for d, v in ev.ratings.items()
               if d in DIMENSION_BY_ID and DIMENSION_BY_ID[d].area == area and v < t["below"]}
        if low:
            bias = tuple((c, t["bias"]) for c in AREA_CATEGORY[area])
            out.append(Firing("rating_trigger", {"area": area, "below": t["below"], "ratings": low},
                              f"{area.capitalize()} rating below {t['below']} ({', '.join(low)}): "
                              f"{responses[area]}.", Adjustment(category_bias=bias)))
    return out


def rule_missed_goals(ev: Evidence) -> Firing | None:
    t = RULES["missed_goals"]
    run: list[date] = []
    for day, planned, done in ev.days:
        if planned <= 0 or day >= ev.today:
            continue
        if done < planned * t["day_done_ratio"]:
            run.append(day)
        else:
            run = []
    if len(run) >= t["days_running"]:
        return Firing("missed_goals", {"days": [d.isoformat() for d in run], "running": len(run),
                                       "threshold": t["days_running"], "done_ratio_below": t["day_done_ratio"]},
                      f"Daily goals missed {len(run)} days running: daily targets cut by "
                      f"{t['cut'] * 100:.0f}%.", Adjustment(daily_cut=t["cut"]))
    return None


def rule_skill_imbalance(ev: Evidence) -> Firing | None:
    t = RULES["skill_imbalance"]
    rates = {c: 100 * done / planned for c, (planned, done) in ev.category_minutes.items()
             if planned >= t["min_planned"]}
    if len(rates) < 2:
        return None
    worst = min(rates, key=lambda c: (rates[c], c))
    others = [v for c, v in rates.items() if c != worst]
    gap = sum(others) / len(others) - rates[worst]
    if gap > t["points_behind"]:
        return Firing("skill_imbalance", {"category": worst, "completion": {c: round(v) for c, v in rates.items()},
                                          "points_behind": round(gap, 1), "threshold": t["points_behind"]},
                      f"{worst.replace('_', ' ').capitalize()} is {gap:.0f} points behind the other areas: "
                      "more time shifts toward it.", Adjustment(category_bias=((worst, t["bias"]),)))
    return None


def rule_confidence_drop(ev: Evidence) -> Firing | None:
    t = RULES["confidence_drop"]
    recent = [(d, c) for d, c in ev.confidences if (ev.today - d).days <= t["window_days"]]
    if len(recent) < 2:
        return None
    latest_day, latest = recent[-1]
    peak = max(c for _, c in recent[:-1])
    if peak - latest >= t["points"]:
        return Firing("confidence_drop", {"from": peak, "to": latest, "threshold": t["points"],
                                          "window_days": t["window_days"]},
                      f"Confidence fell from {peak} to {latest}: easier practice for a few days.",
                      Adjustment(load_factor=0.9, load_weeks=1),
                      ("Talk to a mentor or a peer within 24 hours.", "Review your early wins."))
    return None


def rule_mock_regression(ev: Evidence) -> Firing | None:
    n = RULES["mock_regression"]["falling_sessions"]
    scores = ev.mock_scores[-(n + 1):]
    if len(scores) == n + 1 and all(b < a for a, b in zip(scores, scores[1:])):
        return Firing("mock_regression", {"scores": list(scores), "falling_sessions": n},
                      f"Mock scores fell {n} sessions in a row: mocks pause for a week while you work "
                      "on the skills.", Adjustment(pause_mocks_weeks=1),
                      ("Take a 24–48 hour break, then go back to fundamentals.",))
    return None


def rule_plateau(ev: Evidence) -> Firing | None:
    t = RULES["plateau"]
    window = [(d, v) for d, v in ev.coding_pace if (ev.today - d).days <= t["days"]]
    before = [(d, v) for d, v in ev.coding_pace if t["days"] < (ev.today - d).days <= 2 * t["days"]]
    if len(window) < t["min_entries"] or len(before) < t["min_entries"]:
        return None
    now = sorted(v for _, v in window)[len(window) // 2]
    then = sorted(v for _, v in before)[len(before) // 2]
    if now >= then:
        return Firing("plateau", {"median_minutes_now": now, "median_minutes_before": then, "days": t["days"]},
                      f"No gain in coding pace for {t['days']} days ({then:g} → {now:g} min per problem): "
                      "change the method, e.g. study solutions by pattern before timing yourself.",
                      actions=("Book a session with a mentor within 3 days.",))
    return None


def rule_support_tier(ev: Evidence) -> Firing | None:
    t = RULES["support_tier"]
    if ev.planned_to_date <= 0 or ev.weekly_budget <= 0:
        return None
    pct = 100 * ev.done_to_date / ev.planned_to_date
    weeks_behind = (ev.planned_to_date - ev.done_to_date) / ev.weekly_budget
    inputs = {"completion_pct": round(pct, 1), "weeks_behind": round(weeks_behind, 1)}
    if pct < t["tier3_pct"] or weeks_behind > t["tier3_weeks"]:
        return Firing("support_tier", {**inputs, "tier": 3},
                      "Tier 3 support: more than 4 weeks behind or under 45% done. Pause for a 2-week reset, "
                      "then consider moving the interview by 8–12 weeks.",
                      Adjustment(load_factor=0.5, load_weeks=2, resume_behind=True, extend_weeks_advice=8),
                      ("Decide whether to postpone; gaining more experience first is a valid choice.",))
    if pct < t["tier2_pct"] or weeks_behind >= t["tier2_weeks"]:
        return Firing("support_tier", {**inputs, "tier": 2},
                      "Tier 2 support: 3–4 weeks behind or 45–60% done. Focus on your top 3 weak areas; "
                      "consider moving the interview by 2–4 weeks.",
                      Adjustment(resume_behind=True, extend_weeks_advice=2))
    if pct < t["tier1_pct"] or weeks_behind >= t["tier1_weeks"]:
        return Firing("support_tier", {**inputs, "tier": 1},
                      "Tier 1 support: 1–2 weeks behind or 60–75% done. Add 30 minutes a day, cut new "
                      "content by 25%, and consider one extra week.",
                      Adjustment(extra_daily_minutes=t["tier1_daily_minutes"], resume_behind=True,
                                 extend_weeks_advice=1))
    return None


def study_hours_warning(last_week_done: int, weekly_budget: int, last_week_planned: int | None = None) -> Firing | None:
    """PRODUCT decision 7: fires below 80 % of the candidate's own budget, not a fixed 12 h; a week the
    plan itself made lighter (a recovery, travel or holiday week) is measured against what it asked."""
    share = RULES["study_hours"]["share_of_budget"]
    budget = weekly_budget if last_week_planned is None else min(weekly_budget, last_week_planned)
    if budget > 0 and last_week_done < share * budget:
        return Firing("study_hours", {"done_minutes": last_week_done, "budget_minutes": budget,
                                      "threshold_share": share},
                      f"Study hours low: {last_week_done / 60:.1f} h against {share * 100:.0f}% of the "
                      f"{budget / 60:g} h planned. Reassess the commitment or the timeline.")
    return None


def merge(effects: list[Adjustment]) -> Adjustment:
    """Combine effects: strongest load cut, all biases multiplied, any flag set."""
    out = Adjustment()
    for e in effects:
        load, weeks = out.load_factor, out.load_weeks
        if e.load_weeks and e.load_factor < load or (e.load_factor == load and e.load_weeks > weeks):
            load, weeks = e.load_factor, e.load_weeks
        out = replace(out, load_factor=load, load_weeks=weeks,
                      daily_cut=max(out.daily_cut, e.daily_cut),
                      extra_daily_minutes=max(out.extra_daily_minutes, e.extra_daily_minutes),
                      category_bias=out.category_bias + e.category_bias,
                      stretch=out.stretch or e.stretch,
                      pause_mocks_weeks=max(out.pause_mocks_weeks, e.pause_mocks_weeks),
                      resume_behind=out.resume_behind or e.resume_behind,
                      extend_weeks_advice=max(out.extend_weeks_advice, e.extend_weeks_advice))
    if out.stretch and (out.resume_behind or out.load_factor < 1):
        out = replace(out, stretch=False)   # never stretch a candidate who is also behind
    if out.pause_mocks_weeks:
        out = replace(out, category_bias=tuple(b for b in out.category_bias if b[0] != "mock"))
    return out


def decide(ev: Evidence) -> Decision:
    firings: list[Firing] = []
    for rule in (rule_verdict, rule_missed_goals, rule_skill_imbalance, rule_confidence_drop,
                 rule_mock_regression, rule_plateau, rule_support_tier):
        f = rule(ev)
        if f:
            firings.append(f)
    firings.extend(rule_rating_triggers(ev))
    warning = study_hours_warning(ev.last_week_done, ev.weekly_budget, ev.last_week_planned)
    if warning:
        firings.append(warning)
    verdict = verdict_for(ev.week_percent) if ev.week_percent is not None else None
    return Decision(tuple(firings), merge([f.effect for f in firings]), verdict)
