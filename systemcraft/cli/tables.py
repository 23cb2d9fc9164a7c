"""Rich renderings for the commands that are not on the hot path."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from systemcraft.cli.render import CATEGORY_LABEL, minutes

console = Console(highlight=False, width=None if Console().is_terminal else 110)


def hours(m: int) -> str:
    """Compact hours for table cells: 4h, 1.5h, 0.25h."""
    return f"{m / 60:.2f}".rstrip("0").rstrip(".") + "h" if m else "–"


def quiz_table(q) -> None:
    console.print(f"[bold]Readiness: {q.total}/100 — {q.band_label}[/] ({q.advice})"
                  + (f"  previous: {q.previous_total}" if q.previous_total is not None else ""))
    t = Table("Section", "Score", "Band", box=None, pad_edge=False)
    for s in q.sections.values():
        t.add_row(s["name"], f"{s['score']}/{s['max']}", s["band"])
    console.print(t)
    if q.gaps:
        console.print("Gaps (items below 3): " + ", ".join(f"{g['topic']} ({g['points']})" for g in q.gaps))
        console.print("Top development areas: " + ", ".join(q.top_development_areas))
    else:
        console.print("No item below 3: no gaps to target.")
    if q.level_advice.get("level"):
        console.print(f"Level advice: {q.level_advice['level']} — {q.level_advice['reason']}")


def recommendation(r) -> None:
    console.print(f"[bold]{r.plan_name}[/] ({r.plan_weeks} weeks), {r.track.replace('_', ' ')} track, "
                  f"{r.hours_per_week:g} h/week; {r.weeks_available:g} weeks available")
    for line in r.reasons:
        console.print(f"  • {line}")
    for line in r.warnings:
        console.print(f"  [yellow]! {line}[/]")


def onboard_summary(v) -> None:
    quiz_table(v.quiz)
    console.print("")
    recommendation(v.recommendation)
    p = v.plan
    console.print(f"\nYour plan: {p['weeks']} weeks from {p['start']}, {minutes(p['minutes'])} in all — "
                  + ", ".join(f"{CATEGORY_LABEL[c]} {minutes(m)}" for c, m in p["by_category"].items()))
    for n in p["notes"]:
        console.print(f"  [yellow]! {n}[/]")
    console.print(f"Data saved in {v.home}")


def plan_table(v, week: int | None) -> None:
    console.print(f"[bold]{v.plan_name}[/] · {v.track.replace('_', ' ')} track · {v.level} · "
                  f"{v.hours_per_week:g} h/week · study days {','.join(v.weekdays)} · "
                  f"interview {v.interview} · version {v.version}")
    for line in v.explanation.get("reasons", []):
        console.print(f"  • {line}")
    for line in v.explanation.get("warnings", []) + v.explanation.get("notes", []):
        console.print(f"  [yellow]! {line}[/]")
    if week is None:
        t = Table("Wk", "Dates", "Theme", "Phase", "Budget", "Design", "Behav.", "Coding", "Mock", "Done",
                  box=None, pad_edge=False)
        for col in t.columns[4:]:
            col.justify = "right"
        for w in v.weeks:
            mark = "▶" if w.number == v.current_week else ""
            t.add_row(f"{mark}{w.number}", f"{w.start:%d %b}–{w.end:%d %b}", w.theme, w.phase,
                      hours(w.budget_minutes), *(hours(w.planned_minutes[c]) for c in
                                                 ("system_design", "behavioral", "coding", "mock")),
                      hours(w.done_minutes))
        console.print(t)
        console.print("One week day by day: systemcraft plan show --week N")
        return
    w = v.weeks[0]
    console.print(f"\n[bold]Week {w.number}: {w.theme}[/] ({w.phase}), {w.start} to {w.end}, "
                  f"budget {minutes(w.budget_minutes)}")
    for n in w.notes:
        console.print(f"  [yellow]! {n}[/]")
    for d in w.days:
        label = f"{d['date']:%a %d %b}"
        if not d["tasks"]:
            console.print(f"{label}  [dim]{ {'rest': 'rest day', 'blackout': 'blocked out'}.get(d['kind'], 'nothing scheduled')}[/]")
            continue
        console.print(f"[bold]{label}[/]  {minutes(sum(t.minutes for t in d['tasks']))}")
        for t in d["tasks"]:
            mark = {"done": "[green][x][/]", "skipped": "[yellow][-][/]"}.get(t.status, "[ ]")
            tag = " [cyan](gap)[/]" if t.gap else ""
            tag += f" [magenta](checkpoint {t.checkpoint})[/]" if t.checkpoint else ""
            console.print(f"  {t.seq:>2} {mark} {CATEGORY_LABEL[t.category]:<10} {t.minutes:>3} min  "
                          f"{t.text}{tag}", soft_wrap=False)


def status_table(s) -> None:
    wk = f"week {s.week} of {s.weeks_total}" if s.week else f"{s.weeks_total} weeks"
    console.print(f"[bold]{s.name}[/] · target {s.target_level} · {s.plan_name} ({s.track.replace('_', ' ')}) · "
                  f"{wk} · {s.days_to_interview} days to the interview ({s.interview_date})")
    if s.quiz_total is not None:
        console.print(f"Latest quiz: {s.quiz_total}/100 ({s.quiz_band.replace('_', ' ')})")
    tw = s.this_week
    if tw["tasks"]:
        console.print(f"This week: {tw['tasks_done']}/{tw['tasks']} tasks, {minutes(tw['done'])} of "
                      f"{minutes(tw['planned'])} planned")
    t = Table("Category", "Planned to date", "Done", "Skipped", "Done %", box=None, pad_edge=False)
    for c, row in s.by_category.items():
        pct = f"{100 * row['done'] / row['planned']:.0f}%" if row["planned"] else "–"
        t.add_row(CATEGORY_LABEL.get(c, c), minutes(row["planned"]), minutes(row["done"]),
                  minutes(row["skipped"]), pct)
    console.print(t)
    console.print(f"Streak: {s.streak_days} study {'day' if s.streak_days == 1 else 'days'} in a row")
    if s.next_checkpoint:
        cp = s.next_checkpoint
        console.print(f"Next checkpoint: {cp['title']} on {cp['date']}")
