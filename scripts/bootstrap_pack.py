"""One-off: write the built-in content pack from scripts/pack_data into systemcraft/content/pack.

The Markdown pages are the source of truth once written; this script never overwrites a page
(pass --force to regenerate everything). Run it from the repository root.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pack_data.behavioral import LP  # noqa: E402
from pack_data.coding import PROBLEMS  # noqa: E402
from pack_data.deepdives import DEEP  # noqa: E402
from pack_data.design import L6, L7  # noqa: E402

from systemcraft.domain.principles import BY_ID  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent / "systemcraft" / "content" / "pack"
DATE = "2026-11-23"
ABBR = {lp: "".join(w[0] for w in lp.split("-") if w not in ("and", "the", "a", "to", "be"))[:4] for lp in LP}


def q(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def front(**f) -> str:
    lines = ["---"]
    for k, v in f.items():
        if isinstance(v, (list, tuple)):
            lines.append(f"{k}: [{', '.join(v)}]")
        elif k in ("title", "summary", "estimated_time", "id", "level"):
            lines.append(f"{k}: {q(v)}")
        else:
            lines.append(f"{k}: {v}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def title_from(question: str) -> str:
    t = re.sub(r"^(Tell me about|Describe|Give an example of)\s+", "", question).rstrip(".?")
    t = t[0].upper() + t[1:]
    return t if len(t) <= 78 else t[:75].rsplit(" ", 1)[0] + "…"


def behavioral_page(lp: str, n: int, item: tuple, data: dict) -> tuple[str, str]:
    question, probe1, probe2 = item
    name = BY_ID[lp].name
    e = data["evaluated"]
    l6, l7 = data["l6"], data["l7"]
    body = f"""
# {title_from(question)}

## The question

> {question}

## What is evaluated

- Primary: {name} — {e[0]}.
- Secondary: {e[1]}.
- Also: {e[2]}.

## L6 and L7 expectations

| | L6 | L7 |
|---|---|---|
| Scope | {l6[0]} | {l7[0]} |
| Impact | {l6[1]} | {l7[1]} |
| Complexity | {l6[2]} | {l7[2]} |

## A strong answer

- Situation (30–45 s at L6, 45–60 s at L7): the context in which {e[0]} mattered — who was affected, what was at stake, one number that shows the size.
- Task (15–30 s at L6, 30–45 s at L7): what you personally had to achieve, and why it fell to you.
- Action (90–120 s at L6, 120–180 s at L7): three to five things you did yourself, in order, including the obstacle you hit and how you got past it.
- Result (30–45 s at L6, 45–60 s at L7): the measured outcome, what it meant for customers or the business, and what you do differently since.

## Follow-up probes

- {probe1}
- {probe2}

## Red flags

- The answer {data['flags'][0]}.
- It {data['flags'][1]}.
- "We" throughout, with no clear account of your own part.

## Practice

- Tell it in 30 seconds, then in 2 minutes, then in full with both probes.
- Time each STAR part; the action should be the longest.
- Find your best story for it with `systemcraft story match`.
"""
    slug = f"{ABBR[lp]}-{n}"
    fm = front(title=title_from(question), summary=f"A behavioral question on {name} for L6 and L7 candidates.",
               type="behavioral", audience="both", difficulty="intermediate", estimated_time="5 min",
               tags=["behavioral", lp], lps=[lp], last_updated=DATE, status="published", id=slug)
    return f"behavioral/{lp}-{n}.md", fm + body


def design_page(item: tuple, level: str) -> tuple[str, str]:
    (pid, title, context, functional, scale, latency, availability, consistency, dives, trades, extra) = item
    other = "L7" if level == "L6" else "L6"
    if level == "L6":
        nfr = {"Scale": (scale, "10x the L6 scale, across several regions"),
               "Performance": (latency, "the same targets, held in every region"),
               "Availability": (availability, "one more nine, with regional failover"),
               "Consistency": (consistency, "chosen per data type, with the cost of each made explicit")}
    else:
        nfr = {"Scale": ("one region at a tenth of the scale", scale),
               "Performance": ("the same targets in one region", latency),
               "Availability": ("99.9 %", availability),
               "Consistency": ("one model for the whole system", consistency)}
    rows = "\n".join(f"| {k} | {v[0]} | {v[1]} |" for k, v in nfr.items())
    body = f"""
# Design {title[0].lower() + title[1:]}

## Business context

{context}

## Functional requirements

""" + "\n".join(f"- {x[0].upper() + x[1:]}." for x in functional) + f"""

## Non-functional requirements

| | L6 | L7 |
|---|---|---|
{rows}

## Constraints

- Technology: the company's cloud provider and its managed services are available.
- Integration: existing identity and billing services must be reused.
- Compliance: personal data stays encrypted at rest and in transit.
- Budget: justify any component that costs more than the team's current infrastructure.

## Time plan

- 5 min: clarify requirements and agree on scale.
- 10 min: estimates and a high-level diagram.
- 25 min: deep dives on the parts below.
- 10 min: scale, failure and operations.
- 10 min: trade-offs, follow-ups and your questions.

## High-level architecture

Start with clients, an entry point (load balancer or gateway), stateless services, and the data stores
the requirements call for; name each component's job in one line before adding caches or queues.

## Deep dives

""" + "\n".join(f"- {d[0].upper() + d[1:]}." for d in dives) + f"""

## Scale and performance

- Estimate traffic from the numbers above: requests a second at average and peak, and storage a year.
- Name the first bottleneck and the change that removes it.
- State a service-level objective, for example 99.9 % of requests succeed over 30 days, and a latency
  objective such as p99 measured over 7 days.

## Trade-offs

""" + "\n".join(f"- {t[0].upper() + t[1:]}: say what each option costs and which you choose." for t in trades) + f"""

## Follow-up questions

- What changes at 10x scale?
- What monitoring would tell you the system is unhealthy before users notice?
- How does deployment of a change work without downtime?
- Which failure modes worry you most, and how does the design survive them?
- {extra}

## L6 and L7 expectations

| | L6 | L7 |
|---|---|---|
| Scope | a sound design for the stated system and its operations | the design plus how several teams build and run it |
| Impact | meets the targets with clear trade-offs | sets direction others reuse, with cost and risk made explicit |
| Complexity | one region, a handful of services | several regions, organisations and migration paths |
"""
    fm = front(title=f"Design {title[0].lower() + title[1:]}"[:80],
               summary=f"A system-design problem aimed at {level}: {title[0].lower() + title[1:]}.",
               type="system_design", audience=level, difficulty="intermediate" if level == "L6" else "advanced",
               estimated_time="5 min", tags=["system-design", level.lower()], last_updated=DATE,
               status="published", id=pid, level=level)
    return f"system_design/{level.lower()}-{pid}.md", fm + body


def coding_page() -> tuple[str, str]:
    rows = "\n".join(f"| {t} | {p} | {d} | {prompt} |" for p, t, d, prompt in sorted(PROBLEMS, key=lambda x: x[0]))
    body = f"""
# Coding problems by pattern

Forty problems, grouped by the patterns the 12-week plan works through. Solve each against the
clock, say the pattern out loud first, then explain the complexity.

## Problems

| Title | Pattern | Difficulty | Prompt |
|---|---|---|---|
{rows}
"""
    fm = front(title="Coding problems by pattern", summary="Forty practice problems grouped by coding pattern.",
               type="problem_set", audience="both", difficulty="intermediate", estimated_time="5 min",
               tags=["coding", "patterns"], last_updated=DATE, status="published", id="coding-problems")
    return "coding/problems.md", fm + body


def deep_page(item: tuple) -> tuple[str, str]:
    pid, title, summary, foundations, leadership, scenarios, cheat = item
    body = f"""
# {title}

## Summary

{summary}

## Foundations

""" + "\n".join(f"- {x[0].upper() + x[1:]}." for x in foundations) + f"""

## Leadership application

{leadership}

## L6 and L7 expectations

| | L6 | L7 |
|---|---|---|
| Scope | the choice for one system your team owns | the default for many teams, and when to break it |
| Impact | a design that meets its targets | a standard that lowers cost and risk across an organisation |
| Complexity | a few services and one data store | many teams, legacy systems and migrations |

## Interview scenarios

""" + "\n".join(f"- {s}" for s in scenarios) + """

Answer in four steps: clarify (30–60 seconds), a high-level view (2–3 minutes), one deep dive
(4–6 minutes), then the leadership angle (1–2 minutes).

## Cheat sheet

""" + "\n".join(f"- {c}." for c in cheat) + """

## Self-assessment

- Can you explain the core idea to a product manager in two minutes?
- Can you name the main trade-off and when you would choose each side?
- Have you applied it in a real system, and can you describe what went wrong?
"""
    fm = front(title=title, summary=summary if summary.count(".") == 1 else summary.split(".")[0] + ".",
               type="deep_dive", audience="both", difficulty="advanced", estimated_time="5 min",
               tags=["deep-dive", pid], last_updated=DATE, status="published", id=pid)
    return f"deep_dives/{pid}.md", fm + body


def main(force: bool) -> None:
    pages = []
    for lp, data in LP.items():
        for n, item in enumerate(data["qs"], start=1):
            pages.append(behavioral_page(lp, n, item, data))
    pages += [design_page(x, "L6") for x in L6] + [design_page(x, "L7") for x in L7]
    pages.append(coding_page())
    pages += [deep_page(x) for x in DEEP]
    written = 0
    for rel, text in pages:
        path = ROOT / rel
        if path.exists() and not force:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1
    print(f"{written} of {len(pages)} pages written to {ROOT}")


if __name__ == "__main__":
    main("--force" in sys.argv)
