"""What each week of each plan is about: themes, phases and the topics its tasks draw on.

The twelve base weeks follow the 12-week programme of the seeds (themes and topics); shorter
and longer plans reuse them in their own order with their own names. Wording is ours.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WeekContent:
    theme: str
    patterns: tuple[str, ...]            # coding patterns
    design_l6: tuple[str, ...]           # system-design problems for an L6 target
    design_l7: tuple[str, ...]           # ... and for an L7 target
    concepts: tuple[str, ...]            # design concepts to study
    story_themes: tuple[str, ...]        # kinds of story to draft
    lps: tuple[str, ...]                 # principles to focus on this week
    mock: str                            # the week's mock focus
    design_coding: tuple[str, ...] = ()  # system-design coding exercises
    final: bool = False                  # the interview week
    revisits: bool = False               # design work goes back to the plan's earlier problems first


ALL_LPS = ("customer-obsession", "ownership", "invent-and-simplify", "are-right-a-lot",
           "learn-and-be-curious", "hire-and-develop-the-best", "insist-on-the-highest-standards",
           "think-big", "bias-for-action", "frugality", "earn-trust", "dive-deep", "have-backbone",
           "deliver-results", "strive-to-be-earths-best-employer",
           "success-and-scale-bring-broad-responsibility")

BASE: dict[str, WeekContent] = {
    "know-thyself": WeekContent(
        "Know thyself",
        ("arrays and strings", "hash maps and sets"),
        ("a URL shortener",), ("a URL shortener",),
        ("the shape of a design interview: requirements, estimates, high-level design",),
        ("a decision you made for customers", "a project you owned end to end"),
        ("customer-obsession", "ownership", "deliver-results"),
        "a 45-minute behavioral baseline"),
    "build-the-basics": WeekContent(
        "Build the basics",
        ("arrays and strings", "two pointers and sliding window", "hash maps and sets"),
        ("a URL shortener", "a chat system"), ("a URL shortener", "a chat system"),
        ("load balancing, caching and replication", "cloud building blocks: compute, storage, queues"),
        ("a hard technical decision you led", "building a team through conflict",
         "an invention for customers", "a failure and what changed after it"),
        ("have-backbone", "hire-and-develop-the-best", "invent-and-simplify", "learn-and-be-curious"),
        "a combined coding and behavioral session"),
    "connect-the-dots": WeekContent(
        "Connect the dots",
        ("trees and graphs", "dynamic programming basics", "binary search variations"),
        ("a photo-sharing feed", "a booking system"), ("a global CDN", "an ML training pipeline"),
        ("how a video streaming platform is built", "how a ride-hailing dispatch system is built"),
        ("leading through a crisis or big change", "influence without authority",
         "a technical call with business impact"),
        ("think-big", "earn-trust", "are-right-a-lot"),
        "a behavioral plus technical session with a new interviewer style"),
    "solidify-the-base": WeekContent(
        "Solidify the base",
        ("mixed review across patterns, against the clock",),
        ("a system combining a cache, a database and a queue",),
        ("a platform combining caching, storage and asynchronous processing",),
        ("functional versus non-functional requirements", "presenting one design to three audiences"),
        ("a principle your bank does not cover yet",),
        ("insist-on-the-highest-standards", "frugality", "dive-deep", "bias-for-action"),
        "a first full loop: behavioral, design and a leadership discussion"),
    "level-up": WeekContent(
        "Level up",
        ("advanced dynamic programming", "graphs and shortest paths", "advanced tree problems"),
        ("a social news feed", "a video streaming service"),
        ("a global ad platform", "a multi-region database"),
        ("consistency models", "capacity planning and cost"),
        ("setting a technical vision", "technical debt against business value",
         "leading an incident"),
        ("ownership", "dive-deep", "deliver-results"),
        "a harder mixed mock under time pressure",
        design_coding=("an LRU cache", "a token-bucket rate limiter")),
    "leadership-depth": WeekContent(
        "Leadership depth",
        ("heaps and priority queues", "intervals"),
        ("a notification service",), ("a multi-tenant internal platform",),
        ("organisation design for engineering teams",),
        ("organisational change", "scaling an engineering culture", "managing up",
         "partnering across product and business", "a failure you recovered from"),
        ("strive-to-be-earths-best-employer", "earn-trust", "have-backbone",
         "hire-and-develop-the-best"),
        "a behavioral mock with a demanding interviewer"),
    "seamless-integration": WeekContent(
        "Seamless integration",
        ("backtracking", "union-find"),
        ("a ride-sharing dispatch service",), ("a developer platform used by many teams",),
        ("current industry trends and the company's direction", "team structures for the systems you design"),
        ("a technical leadership narrative that joins design and people",),
        ("think-big", "customer-obsession", "learn-and-be-curious"),
        "an integrated technical and behavioral mock",
        design_coding=("a consistent-hashing ring",)),
    "handle-complexity": WeekContent(
        "Handle complexity",
        ("mixed hard problems",),
        ("an e-commerce platform with compliance rules",),
        ("a company-wide ML platform with governance",),
        ("ambiguity and changing requirements",),
        ("a major failure with business impact", "a conflict between senior leaders",
         "a strategic call on incomplete data"),
        ("are-right-a-lot", "success-and-scale-bring-broad-responsibility", "bias-for-action"),
        "a full loop at phase-two difficulty"),
    "practice-under-fire": WeekContent(
        "Practice under fire",
        ("timed mixed mediums",),
        ("a rate-limiting service",), ("a serverless compute platform",),
        ("interviewer styles: deep diver, skeptic, collaborator, silent observer",),
        ("a judgement call a bar raiser would probe",),
        ALL_LPS[:8],
        "a bar-raiser mock"),
    "expect-the-unexpected": WeekContent(
        "Expect the unexpected",
        ("tries", "bit manipulation"),
        ("search autocomplete with vague requirements",),
        ("a global payments system with conflicting requirements",),
        ("recovering gracefully from a knowledge gap",),
        ("an ethical dilemma", "a politically sensitive technical decision"),
        ALL_LPS[8:],
        "a stress-test mock: several hard problems and a sceptical interviewer"),
    "peak-performance": WeekContent(
        "Peak performance",
        ("your strongest patterns at interview speed",),
        # Timed reruns of the plan's earlier problems come first (`revisits`); these are for a plan
        # that starts here.
        ("a URL shortener", "a chat system", "a social news feed"),
        ("a global CDN", "a multi-region database", "a serverless compute platform"),
        ("your one-page cheat sheets and weakest topic",),
        ("one of your signature stories, tightened",),
        ALL_LPS,
        "a final full loop", revisits=True),
    "execute": WeekContent(
        "Execute with excellence",
        ("two warm-up problems",),
        # The interview week walks through designs done earlier in the plan; these are the fallback.
        ("a URL shortener", "a chat system"), ("a global CDN", "a multi-region database"),
        ("your cheat sheets, one last time",),
        ("your top stories, told once each",),
        ALL_LPS,
        "no new mocks: rest and confidence",
        final=True, revisits=True),
    "emergency-sprint": WeekContent(
        "Foundation sprint",
        ("medium problems across core patterns",),
        ("a URL shortener", "a chat system", "a news feed", "a booking system"),
        ("a global CDN", "a multi-region database", "a serverless platform", "an ML platform"),
        ("cloud building blocks and patterns", "your two weakest technical areas"),
        ("one of your 8 core experiences, with metrics", "a high-stakes moment from your last two years"),
        ("customer-obsession", "ownership", "deliver-results", "earn-trust", "dive-deep",
         "have-backbone", "hire-and-develop-the-best", "think-big"),
        "a first mock with feedback"),
}

# Which principles each week's story theme is a prompt for. A story is drafted for one principle on
# a prompt that is about that principle: "a decision you made for customers" is a Customer Obsession
# story, never an Invent and Simplify one. A theme no principle is listed for is the week's aim, not
# a prompt (the principles the bank lacks are drafted with their own prompts, below).
THEME_PRINCIPLES: dict[str, tuple[str, ...]] = {
    "a decision you made for customers": ("customer-obsession",),
    "a project you owned end to end": ("ownership",),
    "a hard technical decision you led": ("have-backbone", "are-right-a-lot"),
    "building a team through conflict": ("hire-and-develop-the-best", "have-backbone"),
    "an invention for customers": ("invent-and-simplify", "customer-obsession"),
    "a failure and what changed after it": ("learn-and-be-curious", "earn-trust"),
    "leading through a crisis or big change": ("think-big", "bias-for-action", "deliver-results"),
    "influence without authority": ("earn-trust",),
    "a technical call with business impact": ("are-right-a-lot",),
    "a principle your bank does not cover yet": (),
    "setting a technical vision": ("think-big",),
    "technical debt against business value": ("are-right-a-lot", "deliver-results",
                                              "insist-on-the-highest-standards"),
    "leading an incident": ("ownership", "dive-deep", "bias-for-action", "deliver-results"),
    "organisational change": ("think-big", "strive-to-be-earths-best-employer"),
    "scaling an engineering culture": ("strive-to-be-earths-best-employer",),
    "managing up": ("have-backbone", "earn-trust"),
    "partnering across product and business": ("earn-trust", "customer-obsession"),
    "a failure you recovered from": ("learn-and-be-curious", "earn-trust", "deliver-results"),
    "a technical leadership narrative that joins design and people": ("think-big", "hire-and-develop-the-best"),
    "a major failure with business impact": ("ownership", "earn-trust", "learn-and-be-curious"),
    "a conflict between senior leaders": ("have-backbone",),
    "a strategic call on incomplete data": ("are-right-a-lot", "bias-for-action"),
    "a judgement call a bar raiser would probe": ("are-right-a-lot",),
    "an ethical dilemma": ("success-and-scale-bring-broad-responsibility",),
    "a politically sensitive technical decision": ("have-backbone", "earn-trust"),
    "one of your signature stories, tightened": ALL_LPS,
    "your top stories, told once each": (),
    "one of your 8 core experiences, with metrics": ALL_LPS,
    "a high-stakes moment from your last two years": ALL_LPS,
}

# Each principle's own story prompts, for a week whose themes are not about it.
PRINCIPLE_PROMPTS: dict[str, tuple[str, ...]] = {
    "customer-obsession": ("a time you worked backwards from a customer problem",
                           "a trade-off you made in the customer's favour"),
    "ownership": ("a problem you owned beyond your own team", "a long-term call you owned over a quick win"),
    "invent-and-simplify": ("something you made simpler", "an idea you invented or borrowed that simplified the work"),
    "are-right-a-lot": ("a judgement you made that others doubted", "a time you changed your mind on better evidence"),
    "learn-and-be-curious": ("something you learned that changed how your team works",
                             "a new field you taught yourself"),
    "hire-and-develop-the-best": ("someone you hired or grew into a bigger role", "a hiring bar you raised"),
    "insist-on-the-highest-standards": ("a time you raised the bar on quality",
                                        "a defect you stopped before it shipped"),
    "think-big": ("a bold direction you set for your team", "a vision that ended up bigger than its first plan"),
    "bias-for-action": ("a decision you took quickly without all the data", "a reversible call you made quickly"),
    "frugality": ("a goal you met with less than you asked for", "a constraint that made you more resourceful"),
    "earn-trust": ("a time you won back someone's trust", "a mistake of yours you were open about"),
    "dive-deep": ("a problem you found by digging into the detail", "a metric you doubted and checked"),
    "have-backbone": ("a decision you disagreed with, then committed to", "a time you pushed back on a senior leader"),
    "deliver-results": ("a result you delivered despite a setback", "a deadline you met by changing the plan"),
    "strive-to-be-earths-best-employer": ("making your team a better place to work",
                                          "a change that made your team safer or fairer"),
    "success-and-scale-bring-broad-responsibility": ("weighing the wider effects of your work",
                                                     "a decision where you weighed harm to others"),
}


def story_prompts(content: WeekContent, lp: str) -> tuple[str, ...]:
    """The prompts a story for `lp` may be drafted on this week: the week's themes about it, then its own."""
    return tuple(t for t in content.story_themes if lp in THEME_PRINCIPLES.get(t, ())) + PRINCIPLE_PROMPTS[lp]


# Each plan: (theme shown to the user, phase, base week key). Theme None uses the base theme.
PLAN_WEEKS: dict[str, tuple[tuple[str | None, str, str], ...]] = {
    "comprehensive": (
        (None, "Foundation", "know-thyself"), (None, "Foundation", "build-the-basics"),
        (None, "Foundation", "connect-the-dots"), (None, "Foundation", "solidify-the-base"),
        (None, "Skill development", "level-up"), (None, "Skill development", "leadership-depth"),
        (None, "Skill development", "seamless-integration"),
        (None, "Skill development", "handle-complexity"),
        (None, "Interview mastery", "practice-under-fire"),
        (None, "Interview mastery", "expect-the-unexpected"),
        (None, "Interview mastery", "peak-performance"), (None, "Interview mastery", "execute"),
    ),
    "intensive": (
        ("Assess and draft twelve stories", "Foundation", "build-the-basics"),
        ("Refine stories, build coding volume", "Foundation", "connect-the-dots"),
        ("Design patterns at your level", "Depth", "level-up"),
        ("Complete the story bank", "Depth", "leadership-depth"),
        ("Full mocks and remediation", "Integration", "practice-under-fire"),
        ("Interview-ready", "Integration", "execute"),
    ),
    "strategic": (
        ("Assessment and planning", "Assessment", "know-thyself"),
        ("Foundations: core patterns", "Foundation", "build-the-basics"),
        ("Foundations: stories and design", "Foundation", "connect-the-dots"),
        ("Foundations: consolidate", "Foundation", "solidify-the-base"),
        ("Daily mock segments", "Integration", "level-up"),
        ("Daily mock segments, weak spots", "Integration", "handle-complexity"),
        ("Full mock loops", "Final preparation", "peak-performance"),
        ("Polish and logistics", "Final preparation", "execute"),
    ),
    "emergency": (
        (None, "Sprint", "emergency-sprint"),
        ("Polish and readiness", "Sprint", "execute"),
    ),
    "final_prep": (
        ("Polish and full mocks", "Final preparation", "peak-performance"),
        (None, "Final preparation", "execute"),
    ),
    # Six months: the twelve base weeks, each held longer, in the outline's four phases.
    "career_transition": tuple(
        (None, phase, key)
        for phase, keys in (
            ("Months 1–2: foundation", ("know-thyself",) * 2 + ("build-the-basics",) * 3
             + ("connect-the-dots",) * 3 + ("solidify-the-base",)),
            ("Months 3–4: depth and first mocks", ("solidify-the-base",) + ("level-up",) * 2
             + ("leadership-depth",) * 2 + ("seamless-integration",) * 2 + ("handle-complexity",)),
            ("Month 5: full-length mocks", ("handle-complexity",) + ("practice-under-fire",) * 2
             + ("expect-the-unexpected",) * 2),
            ("Month 6: final preparation", ("peak-performance",) * 3 + ("execute",)),
        )
        for key in keys
    ),
}


@dataclass(frozen=True)
class CheckpointPart:
    id: str
    category: str
    minutes: int      # what the part asks for (see CHECKPOINTS)
    text: str
    day_before: bool = False   # taken on the study day before the checkpoint's day (a two-day checkpoint)


@dataclass(frozen=True)
class Checkpoint:
    number: int
    day_fraction: float  # of the plan's length: days 14/28/56/84 of 84, 7/14/28/42 of 42
    title: str
    parts: tuple[CheckpointPart, ...]

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.parts)


# A checkpoint takes the time it asks for, on every track and budget: the source's length for each
# (INVENTORY §2.15: 2 h, 3 h, 4 h over two days, 2 h), split so each part has what its content asks.
# 1A times itself (15 + 10 + a 3–4 min recording → 30); 1C is a coding round with follow-ups (the
# coding format's 45 min, domain/mocks.py); 2A is a behavioral mock round (60 min, the format's
# length); 3A times its rounds (45 + 60 + 30 + 15 = 150) and 3B, the stress test, has the 90 min
# the four hours leave; 4A records a 60-minute round and analyses it (90). The rest share what is left.
CHECKPOINTS: tuple[Checkpoint, ...] = (
    Checkpoint(1, 14 / 84, "Checkpoint 1: foundations (pass before moving on)", (
        CheckpointPart("1A", "behavioral", 30,
                       "Checkpoint 1A: write a STAR story in 15 min, add its impact in 10, record a 3–4 min "
                       "telling (pass 75/100)"),
        CheckpointPart("1B", "behavioral", 15,
                       "Checkpoint 1B: name the principle behind 5 scenarios and give 3 applied examples "
                       "(pass 20/25)"),
        CheckpointPart("1C", "coding", 45,
                       "Checkpoint 1C: a pair-sum problem with streaming and distributed follow-ups, then "
                       "a URL shortener for 100M URLs a month with a capacity estimate (pass 75)"),
        CheckpointPart("1D", "system_design", 30,
                       "Checkpoint 1D: explain SQL versus NoSQL to three audiences, a design-review scenario "
                       "and an 'I don't know' pressure test (pass 75)"),
    )),
    Checkpoint(2, 28 / 84, "Checkpoint 2: the critical one", (
        CheckpointPart("2A", "mock", 60,
                       "Checkpoint 2A: mock behavioral round, 3 principle questions and an edge case "
                       "(pass 75)"),
        CheckpointPart("2B", "system_design", 60,
                       "Checkpoint 2B: code a rate limiter with its deployment and team plan; design chat "
                       "for 10M users with 20 engineers (pass 80)"),
        CheckpointPart("2C", "system_design", 60,
                       "Checkpoint 2C: the datastore decision — tune (2 months, 70%), migrate (6 months, "
                       "90%) or shard (4 months, 80%) with launch in 3 months (pass 80)"),
    )),
    Checkpoint(3, 56 / 84, "Checkpoint 3: full loop and stress test (two days)", (
        CheckpointPart("3A", "mock", 150,
                       "Checkpoint 3A: full loop — 45 min behavioral at bar-raiser difficulty, 60 min design "
                       "({pool}), 30 min coding, 15 min debrief (pass 80% with no fatal flaw)", day_before=True),
        CheckpointPart("3B", "mock", 90,
                       "Checkpoint 3B: stress test — surprise questions, depth probing to your limit, an "
                       "interviewer who disagrees"),
    )),
    Checkpoint(4, 84 / 84, "Checkpoint 4: final readiness", (
        CheckpointPart("4A", "mock", 90,
                       "Checkpoint 4A: record a 60-minute mock round in your weakest format and analyse "
                       "the recording yourself"),
        CheckpointPart("4B", "behavioral", 30,
                       "Checkpoint 4B: confidence survey, 15 items rated 1–10 (pass: mean 8+ and none "
                       "below 7)"),
    )),
)

CHECKPOINT_DESIGN_POOL = {"L6": "a video streaming service, a distributed cache or a news feed",
                          "L7": "a serverless platform, a global CDN or an ML platform"}
# A plan needs this many study days to hold all four checkpoints, or the last two; with fewer,
# only the final readiness check is kept (checkpoints would crowd out the practice they measure).
MIN_STUDY_DAYS_FOR_ALL_CHECKPOINTS = 16
MIN_STUDY_DAYS_FOR_LAST_TWO = 6
