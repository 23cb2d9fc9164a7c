"""Rich renderings for the commands that are not on the hot path."""

from __future__ import annotations

import click

from systemcraft.cli.markup import echo, esc
from systemcraft.cli.render import CATEGORY_LABEL, minutes
from systemcraft.domain.wording import counted


class _LazyConsole:
    """Rich is loaded only by the views that draw real tables. Strings are markup in our dialect
    (cli/markup.py), turned into Rich Text here: Rich's own markup and emoji codes never see them."""
    _console = None

    def print(self, *args, **kwargs):
        if _LazyConsole._console is None:
            from rich.console import Console
            _LazyConsole._console = Console(highlight=False, markup=False, emoji=False,
                                            width=None if Console().is_terminal else 110)
        from systemcraft.cli.markup import rich_text
        _LazyConsole._console.print(*(rich_text(a) if isinstance(a, str) else a for a in args), **kwargs)


console = _LazyConsole()
_table_class = None


def Table(*headers, **kwargs):
    """A Rich table whose headers and string cells are markup in our dialect (user text through esc())."""
    global _table_class
    from systemcraft.cli.markup import rich_text
    if _table_class is None:
        from rich.table import Table as RichTable

        class MarkupTable(RichTable):
            def add_row(self, *cells, **kw):
                super().add_row(*(rich_text(c) if isinstance(c, str) else c for c in cells), **kw)
        _table_class = MarkupTable
    from rich.table import Column
    return _table_class(*(Column(header=rich_text(h)) if isinstance(h, str) else h for h in headers), **kwargs)


def hours(m: int) -> str:
    """Compact hours for table cells: 4h, 1.5h, 0.25h."""
    return f"{m / 60:.2f}".rstrip("0").rstrip(".") + "h" if m else "–"


def quiz_table(q) -> None:
    console.print(f"[bold]Readiness: {q.total}/100 — {esc(q.band_label)}[/] ({esc(q.advice)})"
                  + (f"  previous: {q.previous_total}" if q.previous_total is not None else ""))
    t = Table("Section", "Score", "Band", box=None, pad_edge=False)
    for s in q.sections.values():
        t.add_row(esc(s["name"]), f"{s['score']}/{s['max']}", esc(s["band"]))
    console.print(t)
    if q.gaps:
        console.print("Gaps (items below 3): " + ", ".join(f"{esc(g['topic'])} ({g['points']})" for g in q.gaps))
        console.print("Top development areas: " + esc(", ".join(q.top_development_areas)))
    else:
        console.print("No item below 3: no gaps to target.")
    if q.level_advice.get("level"):
        console.print(f"Level advice: {esc(q.level_advice['level'])} — {esc(q.level_advice['reason'])}")


def recommendation(r) -> None:
    console.print(f"[bold]{esc(r.plan_name)}[/] ({r.plan_weeks} weeks), {esc(r.track.replace('_', ' '))} track, "
                  f"{r.hours_per_week:g} h/week; {r.weeks_available:g} weeks available")
    for line in r.reasons:
        console.print(f"  • {esc(line)}")
    for line in r.warnings:
        console.print(f"  [yellow]! {esc(line)}[/]")


def onboard_summary(v) -> None:
    quiz_table(v.quiz)
    console.print("")
    recommendation(v.recommendation)
    p = v.plan
    console.print(f"\nYour plan: {p['weeks']} weeks from {esc(p['start'])}, {minutes(p['minutes'])} in all — "
                  + ", ".join(f"{CATEGORY_LABEL[c]} {minutes(m)}" for c, m in p["by_category"].items()))
    for n in p["notes"]:
        console.print(f"  [yellow]! {esc(n)}[/]")
    console.print(f"Data saved in {esc(v.home)}")


def plan_table(v, week: int | None) -> None:
    console.print(f"[bold]{esc(v.plan_name)}[/] · {esc(v.track.replace('_', ' '))} track · {esc(v.level)} · "
                  f"{v.hours_per_week:g} h/week · study days {esc(','.join(v.weekdays))} · "
                  f"interview {esc(v.interview)} · version {esc(v.version)}")
    for line in v.explanation.get("reasons", []):
        console.print(f"  • {esc(line)}")
    for line in v.explanation.get("warnings", []) + v.explanation.get("notes", []):
        console.print(f"  [yellow]! {esc(line)}[/]")
    if week is None:
        t = Table("Wk", "Dates", "Theme", "Phase", "Budget", "Design", "Behav.", "Coding", "Mock", "Done",
                  box=None, pad_edge=False)
        for col in t.columns[4:]:
            col.justify = "right"
        for w in v.weeks:
            mark = "▶" if w.number == v.current_week else ""
            t.add_row(f"{mark}{w.number}", f"{w.start:%d %b}–{w.end:%d %b}", esc(w.theme), esc(w.phase),
                      hours(w.budget_minutes), *(hours(w.planned_minutes[c]) for c in
                                                 ("system_design", "behavioral", "coding", "mock")),
                      hours(w.done_minutes))
        console.print(t)
        console.print("One week day by day: systemcraft plan show --week N")
        return
    w = v.weeks[0]
    console.print(f"\n[bold]Week {w.number}: {esc(w.theme)}[/] ({esc(w.phase)}), {w.start} to {w.end}, "
                  f"budget {minutes(w.budget_minutes)}")
    for n in w.notes:
        console.print(f"  [yellow]! {esc(n)}[/]")
    for d in w.days:
        label = f"{d['date']:%a %d %b}"
        if not d["tasks"]:
            console.print(f"{label}  [dim]{ {'rest': 'rest day', 'blackout': 'blocked out'}.get(d['kind'], 'nothing scheduled')}[/]")
            continue
        console.print(f"[bold]{label}[/]  {minutes(sum(t.minutes for t in d['tasks']))}")
        for t in d["tasks"]:
            mark = {"done": "[green]\\[x][/]", "skipped": "[yellow]\\[-][/]"}.get(t.status, "\\[ ]")
            tag = " [cyan](gap)[/]" if t.gap else ""
            tag += f" [magenta](checkpoint {t.checkpoint})[/]" if t.checkpoint else ""
            console.print(f"  {t.seq:>2} {mark} {CATEGORY_LABEL[t.category]:<10} {t.minutes:>3} min  "
                          f"{esc(t.text)}{tag}", soft_wrap=False)


def status_table(s) -> None:
    wk = f"week {s.week} of {s.weeks_total}" if s.week else f"{s.weeks_total} weeks"
    console.print(f"[bold]{esc(s.name)}[/] · target {esc(s.target_level)} · {esc(s.plan_name)} "
                  f"({esc(s.track.replace('_', ' '))}) · {wk} · {esc(s.interview_when)} ({s.interview_date})")
    if s.days_since_interview:
        from systemcraft.cli.render import after_interview
        if s.outcome:
            echo(f"Outcome recorded on {esc(s.outcome['recorded_on'])}: [bold]{esc(s.outcome['label'])}[/]")
        after_interview(s.outcome)
    if s.quiz_total is not None:
        console.print(f"Latest quiz: {s.quiz_total}/100 ({esc(s.quiz_band.replace('_', ' '))})")
    tw = s.this_week
    if tw["tasks"]:
        console.print(f"This week: {tw['tasks_done']}/{tw['tasks']} tasks, {minutes(tw['done'])} of "
                      f"{minutes(tw['planned'])} planned")
    t = Table("Category", "Planned to date", "Done", "Skipped", "Done %", box=None, pad_edge=False)
    for c, row in s.by_category.items():
        pct = f"{100 * row['done'] / row['planned']:.0f}%" if row["planned"] else "–"
        t.add_row(esc(CATEGORY_LABEL.get(c, c)), minutes(row["planned"]), minutes(row["done"]),
                  minutes(row["skipped"]), pct)
    console.print(t)
    console.print(f"Streak: {s.streak_days} study {'day' if s.streak_days == 1 else 'days'} in a row")
    if s.next_checkpoint:
        cp = s.next_checkpoint
        console.print(f"Next checkpoint: {esc(cp['title'])} on {esc(cp['date'])}")
    if s.readiness:
        readiness_summary(s.readiness)


SPARK = "▁▂▃▄▅▆▇█"


def spark(values, lo=None, hi=None) -> str:
    vals = [v for v in values if v is not None]
    if not vals:
        return ""
    lo = min(vals) if lo is None else lo
    hi = max(vals) if hi is None else hi
    span = (hi - lo) or 1
    return "".join(" " if v is None else SPARK[min(7, int((v - lo) / span * 7.999))] for v in values)


def bar(fraction: float, width: int = 12) -> str:
    fraction = max(0.0, min(1.0, fraction))
    full = int(fraction * width)
    return "█" * full + "░" * (width - full)


def scorecard(v) -> None:
    echo(f"[bold]Week {v['week']} scorecard[/] ({esc(v['first'])} – {esc(v['last'])})")
    for cat, c in v["categories"].items():
        met = "[green]target met[/]" if c["met"] else "[red]below target[/]"
        echo(f"\n[bold]{esc(c['name'])}[/] (target {c['target']}%+): {c['percent']:.0f}%  {met}")
        for i in v["items"]:
            if i["category"] != cat:
                continue
            if i["ratio"] is None:
                logged = f"{i['value']:g} logged, " if i["kind"] == "count" and i["value"] else ""
                echo(f"  {esc(i['label'].ljust(34))} [dim]{logged}{esc(i['note'])}[/]")
                continue
            shown = (f"{i['value']:g}/{i['target']:g}" if i["kind"] == "count" else
                     ("–" if i["value"] is None else f"{i['value']:g}/5"))
            note = f"  [dim]{esc(i['note'])}[/]" if i["note"] else ""
            echo(f"  {esc(i['label'].ljust(34))} {shown:>9}  {bar(i['ratio'])} {i['ratio'] * 100:>4.0f}%{note}")
    if v.get("in_progress"):
        echo(f"\n[bold]Overall so far: {v['total']:.0f}/400 ({v['percent']:.0f}%)[/] — the verdict comes when "
             "the week is over")
    else:
        colour = {"high": "green", "standard": "cyan", "recovery": "red"}[v["verdict"]]
        echo(f"\n[bold]Overall: {v['total']:.0f}/400 ({v['percent']:.0f}%) — [{colour}]{esc(v['verdict'])}[/][/]: "
             f"{esc(v['action'])}")
    echo(f"Hours this week: {v['hours']:g} of {v['budget_hours']:g} budgeted")
    for n in v["notes"]:
        echo(f"[yellow]! {esc(n)}[/]")
    ft = v["free_text"]
    if any(ft.values()):
        echo(f"Biggest win: {esc(ft['biggest_win'] or '–')} · Challenge: {esc(ft['challenge'] or '–')} · "
             f"Next focus: {esc(ft['next_focus'] or '–')}")
    if v.get("milestone"):
        m = v["milestone"]
        state = {True: "[green]met[/]", False: "[red]not met[/]", None: "[dim]not enough data[/]"}[m["met"]]
        echo(f"Milestone (week {m['week']}): {esc(m['label'])} — {state} ({esc(m['detail'])})")
    if v["rules"]:
        echo("\n[bold]Rules that fired[/]")
        _rules(v["rules"])


def _rules(rules, changes: bool = False) -> None:
    for r in rules:
        echo(f"  • [bold]{esc(r['rule'])}[/]: {esc(r['message'])}")
        echo(f"    [dim]inputs: {esc(r['inputs'])}[/]")
        if changes and r["changes"]:
            echo(f"    [dim]changes: {esc(r['changes'])}[/]")
        for a in r.get("actions", ()) if changes else ():
            echo(f"    → {esc(a)}")


def adaptation(v) -> None:
    state = "proposed (dry run, nothing changed)" if v["dry_run"] else "applied"
    echo(f"[bold]Adaptation after week {v['week']}[/] ({v['percent']:.0f}%, {esc(v['verdict'])}): {state}")
    _rules(v["rules"], changes=True)
    for f in v["checkpoint_failures"]:
        echo(f"  • checkpoint {f['checkpoint']} not passed (attempt {f['attempt']}): {esc(f['detail'])}")
    pc = v["plan_change"]
    echo(f"\nFrom {esc(pc['from'])}: remaining planned time {minutes(pc['planned_minutes_before'])} → "
         f"{minutes(pc['planned_minutes_after'])}")
    for n in pc["notes"]:
        echo(f"  [yellow]! {esc(n)}[/]")
    for w in pc["weeks"][:3]:
        echo(f"  week {w['week']}: {esc(w['theme'])}, {minutes(w['planned_minutes'])}"
             + (f" — {esc(' '.join(w['notes']))}" if w["notes"] else ""))
    content_changes(pc["content"])
    if v["extend_weeks_advice"]:
        echo(f"[yellow]Consider moving the interview by {counted(v['extend_weeks_advice'], 'week')}: "
             "systemcraft plan regenerate --interview DATE[/]")
    if v["dry_run"]:
        echo("Apply it with: systemcraft adapt")


def content_changes(c) -> None:
    """Every content item a re-plan moves, drops or adds (nothing disappears without a line here)."""
    echo(f"Content ahead: {counted(c['kept'], 'item')} unchanged, {len(c['moved'])} moved, "
         f"{len(c['dropped'])} dropped, {len(c['added'])} added")
    for x in c["dropped"]:
        echo(f"  [red]dropped[/] {esc(x['from'])}  {esc(x['item'])}")
    for x in c["moved"]:
        echo(f"  moved   {esc(x['from'])} → {esc(x['to'])}  {esc(x['item'])}")
    for x in c["added"]:
        echo(f"  [green]added[/]   {esc(x['on'])}  {esc(x['item'])}")


def month(v) -> None:
    echo(f"[bold]Month {v['month']}[/] (weeks {v['weeks'][0]}–{v['weeks'][-1]}, {esc(v['first'])} – "
         f"{esc(v['last'])})")
    names = {"hours": "Study hours", "problems": "Problems solved", "stories": "Stories developed",
             "mocks": "Mock interviews"}
    for line in v["lines"]:
        echo(f"  {names[line['id']]:<18} {line['actual']:>6g} / {line['target']:<6g} "
             f"{bar(line['percent'] / 100)} {line['percent']:.0f}%")
    echo("Ratings (start → end of month):")
    for area, r in v["ratings"].items():
        s = "–" if r["start"] is None else f"{r['start']:.1f}"
        e = "–" if r["end"] is None else f"{r['end']:.1f}"
        echo(f"  {esc(area.ljust(11))} {s} → {e}")
    readiness(v["readiness"])


def readiness_summary(r) -> None:
    """The score, whether it is provisional and why, and what the daily cap holds back."""
    flag = " [yellow]PROVISIONAL[/]" if r.get("provisional") else ""
    echo(f"[bold]Readiness: {r['score']:.0f}/100[/]{flag} (a measure of preparation, not a prediction)")
    if r.get("reason"):
        echo(f"  [yellow]Provisional: {esc(r['reason'])}.[/]")
    if r.get("cap_note"):
        echo(f"  {esc(r['cap_note'][0].upper() + r['cap_note'][1:])}.")
    else:
        echo(f"  [dim]One day's self-ratings move it by at most {r['daily_cap']:g} points.[/]")


def readiness(r) -> None:
    readiness_summary(r)
    for c in r["components"]:
        val = "no data" if c["value"] is None else f"{c['value'] * 100:.0f}%"
        echo(f"  {esc(c['id'].ljust(17))} {c['points']:>5.1f} of {c['weight']:<3} {val:>8}  [dim]{esc(c['source'])}[/]")


def progress(v) -> None:
    weeks = v["weeks"]
    t = Table("Wk", "Design", "Behav.", "Coding", "Mock", "Hours", "Score", box=None, pad_edge=False)
    for w in weeks:
        cells = []
        for c in ("system_design", "behavioral", "coding", "mock"):
            m = w["minutes"].get(c, {"planned": 0, "done": 0})
            cells.append(f"{m['done'] / 60:.1f}/{m['planned'] / 60:.1f}h" if m["planned"] else "–")
        t.add_row(str(w["week"]), *cells, f"{w['hours']:g}",
                  f"{w['percent']:.0f}% {esc(w['verdict'][:3])}" if w["verdict"] else f"{w['percent']:.0f}% so far")
    console.print("[bold]Hours done/planned per category, and the weekly scorecard[/]")
    console.print(t)
    console.print(f"Scorecard trend: {spark([w['percent'] for w in weeks], 0, 100)}  "
                  f"(bands: 70% standard, 90% high)")
    console.print("\n[bold]Rating trends[/] (1–5)")
    for dim, vals in v["ratings"].items():
        if vals:
            console.print(f"  {esc(dim.ljust(24))} {spark(vals, 1, 5)}  latest {esc(vals[-1])}")
    console.print(f"\nStreak: {counted(v['streak_days'], 'study day')} in a row")
    readiness(v["readiness"])
    d = v.get("delivery") or []
    if d:
        last = d[-1]
        echo(f"\n[bold]Delivery[/] ({counted(len(d), 'analysed answer')}; target 140–160 words/min)")
        echo(f"  words/min    {spark([x['wpm'] for x in d], 80, 220)}  latest {last['wpm']:.0f}")
        echo(f"  fillers/min  {spark([x['fillers_per_minute'] for x in d], 0, None)}  "
             f"latest {last['fillers_per_minute']:.1f}")


def story_check(results) -> None:
    marks = {"warning": "[yellow]![/]", "info": "[cyan]i[/]", "ok": "[green]✓[/]"}
    for r in results:
        echo(f"\n[bold]#{r['id']} {esc(r['title'])}[/]")
        timing = "  ".join(f"{esc(t['part'][0].upper())} {t['seconds']:.0f}s ({t['target'][0]}–{t['target'][1]})"
                           for t in r["timing"])
        echo(f"  timing at {r['wpm']} wpm: {timing}")
        for f in r["findings"]:
            echo(f"  {marks[f['severity']]} \\[{esc(f['rule'])}] {esc(f['message'])}")
            if f["evidence"]:
                ev = f["evidence"] if len(f["evidence"]) <= 240 else f["evidence"][:240].rsplit(" ", 1)[0] + " …"
                echo(f"      [dim]“{esc(ev)}”[/]")                    # a long quote cut between words, marked


def coverage(v, force_matrix: bool = False) -> None:
    echo(f"[bold]Coverage[/]: {v['covered']}/16 principles, {v['slots_filled']}/{v['slots_total']} minimum "
                  f"slots, {counted(v['stories'], 'story', 'stories')} (your plan aims for {v['portfolio_target']})")
    ids = list(v["matrix"])
    if len(ids) > MATRIX_MAX_STORIES and not force_matrix:
        # A matrix wider than a terminal helps no one: list each principle's stories instead.
        for r in v["rows"]:
            style = "green" if r["missing"] == 0 else ("yellow" if r["count"] else "red")
            prim = [f"#{i}" for i in ids if v["matrix"][i].get(r["lp"]) == "P"]
            sec = [f"#{i}" for i in ids if v["matrix"][i].get(r["lp"]) == "S"]
            shown = ", ".join(prim[:6]) + (f" +{len(prim) - 6}" if len(prim) > 6 else "")
            shown_s = ", ".join(sec[:4]) + (f" +{len(sec) - 4}" if len(sec) > 4 else "")
            echo(f"  {esc(r['name'][:34].ljust(34))} [{style}]{r['count']:>3}[/]/{r['minimum']}  "
                 f"P: {shown or '–'}  S: {shown_s or '–'}")
        echo(f"[dim]{len(ids)} stories: draw the full matrix with --matrix (wide), or see --json[/]")
        _coverage_notes(v)
        return
    t = Table("Principle", "Min", "Have", *[f"#{i}" for i in ids], box=None, pad_edge=False)
    for r in v["rows"]:
        have = f"{r['count']}" + ("" if r["missing"] == 0 else f" (−{r['missing']})")
        style = "green" if r["missing"] == 0 else ("yellow" if r["count"] else "red")
        cells = [v["matrix"][i].get(r["lp"], "·") for i in ids]
        t.add_row(esc(r["name"][:34]), str(r["minimum"]), f"[{style}]{have}[/]", *cells)
    console.print(t)
    console.print("[dim]P = primary, S = secondary · stories: " +
                  "; ".join(f"#{i} {esc(v['titles'].get(i, '')[:30])}" for i in ids[:12]) + "[/]")
    _coverage_notes(v)


MATRIX_MAX_STORIES = 20


def _coverage_notes(v) -> None:
    for g in v["gaps"]:
        echo(f"  • {esc(g)}")
    for w in v["warnings"]:
        echo(f"  [yellow]! {esc(w)}[/]")


def _clock(seconds) -> str:
    from systemcraft.domain.transcript import fmt_time
    return fmt_time(seconds)


def delivery_report(r) -> None:
    head = f"[bold]Delivery — {esc(r['source'])}[/]"
    if r.get("id"):
        head += f"  (analysis #{r['id']}, {esc(r.get('day', ''))})"
    echo(head)
    who = ", ".join(f"{esc(s['speaker'] or '(unnamed)')} {s['share'] * 100:.0f}%" for s in r["speakers"])
    echo(f"  Speaker: [bold]{esc(r['speaker'] or '(unnamed)')}[/] — {esc(r['speaker_why'])}.  Talk time: {who}")
    from systemcraft.cli.hints import with_hint
    for note in r["notes"]:
        echo(f"  [yellow]note:[/] {esc(with_hint(note))}")
    lo, hi = r["pace_target"]
    echo(f"\n[bold]Pace[/]  {r['wpm']:.0f} words/min over {_clock(r['seconds'])} ({r['words']} words) — "
         f"{esc(r['pace_band'])}; target {lo}–{hi}. Without long pauses: {r['wpm_without_pauses']:.0f}.")
    if len(r["pace"]) > 1:
        echo(f"  per 30 s: {spark([p['wpm'] for p in r['pace']], 80, 220)}  "
             + " ".join(f"{p['wpm']:.0f}" for p in r["pace"][:16]) + (" …" if len(r["pace"]) > 16 else ""))
    pauses = r["pauses"]
    echo(f"[bold]Pauses over {r['long_pause']:g} s[/]  {len(pauses)}")
    for p in pauses[:6]:
        echo(f"  {_clock(p['at'])}  {p['seconds']:.1f} s after “{esc(p['after'])}”")
    english = r.get("language", "en") == "en"
    f = r["fillers"]
    by = ", ".join(f"{esc(k)} {v}" for k, v in sorted(f["by_word"].items(), key=lambda kv: -kv[1]))
    if not english:
        echo("[bold]Fillers, hedges, I / we[/]  not analysed: they are read in English only")
    else:
        echo(f"[bold]Fillers[/]  {f['count']} — {f['per_minute']:.1f}/min, {f['per_100_words']:.1f} per 100 words"
             + (f"  ({by})" if by else ""))
        for h in f["hits"][:4]:
            echo(f"  {_clock(h['at'])}  “{esc(h['quote'])}”")
        hd = r["hedges"]
        echo(f"[bold]Hedges[/]  {hd['count']}" + (f" ({esc(', '.join(hd['distinct']))})" if hd["distinct"] else ""))
        for h in hd["hits"][:3]:
            echo(f"  {_clock(h['at'])}  “{esc(h['quote'])}”")
        echo(f"[bold]I / we[/]  {r['i_we']['i']} / {r['i_we']['we']}")
    nums = r["numbers"]
    echo(f"[bold]Numbers spoken[/]  {len(nums)}" + (": " + ", ".join(esc(n["what"]) for n in nums[:8]) if nums else ""))
    s = r["star"]
    method = ("from your marks" if s["method"] == "markers" else "not estimated: STAR parts are read in English only"
              if s["method"] == "skipped" else f"estimated from cue phrases, confidence {esc(s['confidence_label'])} ({s['confidence'] * 100:.0f}%)")
    echo(f"\n[bold]STAR timing ({esc(r['level'])})[/] — {method}")
    if s["method"] == "markers":
        offset = f" (the recording began {_clock(r['mock_offset'])} into mock #{r['mock_id']})" if r.get("mock_offset") else ""
        echo("  Marks: " + "; ".join(f"{esc(part)} {esc(', '.join(c))}" for part, c in s["cues"].items() if c) + offset)
    colour = {"within": "green", "short": "yellow", "long": "yellow", "missing": "red"}
    for p in s["parts"] if s["method"] != "skipped" else ():
        lo, hi = p["target"]
        when = f"{_clock(p['start'])}–{_clock(p['end'])}" if p["start"] is not None else "—"
        echo(f"  {esc(p['part'].title().ljust(10))} {p['seconds']:>5.0f} s  target {lo}–{hi}  "
             f"[{colour[p['status']]}]{esc(p['status'].ljust(7))}[/] {when}" + (f"  “{esc(p['opening'])}”" if p["opening"] else ""))
    L = r["length"]
    echo(f"  Length {_clock(L['seconds'])} against the {esc(L['version'])} version ({L['range'][0]}–{L['range'][1]} s"
         f"{'' if L['given'] else ', the nearest'}): {esc(L['status'])}")
    if r.get("story"):
        st = r["story"]
        echo(f"\n[bold]Against story #{st['story_id']} {esc(st['title'])}[/]")
        for p in st["parts"]:
            echo(f"  {esc(p['part'].title().ljust(10))} {p['coverage'] * 100:.0f}% of its key words spoken"
                 + (f"; not heard: {esc(', '.join(p['missed'][:5]))}" if p["missed"] and p["coverage"] < 0.8 else ""))
        if st["skipped"]:
            echo(f"  [yellow]Skipped:[/] {esc(', '.join(st['skipped']))}")
        if st["numbers_missing"]:
            echo(f"  [yellow]Numbers in the story not spoken:[/] {esc(', '.join(st['numbers_missing']))}")
        if st["result_dropped"]:
            echo("  [red]The result was dropped[/]: the story's result and its numbers were not heard.")
    if r.get("voice"):
        _voice(r["voice"])               # issue 18: from the audio of a recording
    if r["observations"]:
        echo("\n[bold]What to listen for[/]")
        for o in r["observations"]:
            echo(f"  • {esc(o)}")
    if not r.get("saved"):
        echo("\n[dim]Not stored.[/]")


def _voice(v) -> None:
    """The voice signals of a recording (systemcraft/domain/voice.py): all approximate, said so."""
    echo("\n[bold]Voice[/] (approximate, from the audio)")
    for line in v.get("summary") or ():
        echo(f"  {esc(line)}")
    for m in (v.get("moments") or ())[:6]:
        echo(f"  {_clock(m['start'])}–{_clock(m['end'])}  {esc(m['kind'])}: {esc(m['detail'])}"
             + (f" — “{esc(m['words'][:80])}”" if m["words"] else ""))


def delivery_history(rows) -> None:
    if not rows:
        echo("No delivery analyses yet: `systemcraft analyze FILE` reads a recorded answer's transcript.")
        return
    t = Table("#", "Day", "File", "Words", "Length", "wpm", "Fillers/min", "Pauses", "STAR", box=None, pad_edge=False)
    for r in rows:
        t.add_row(str(r["id"]), esc(r["day"]), esc(r["source"][:28]), str(r["words"]), _clock(r["seconds"]),
                  f"{r['wpm']:.0f}" + ("~" if r["estimated"] else ""), f"{r['fillers_per_minute']:.1f}",
                  str(r["pauses"]), esc(r["method"]) if r["method"] == "markers" else f"est. {r['confidence'] * 100:.0f}%")
    console.print(t)
    echo(f"Pace trend: {spark([r['wpm'] for r in rows], 80, 220)}   fillers/min: "
         f"{spark([r['fillers_per_minute'] for r in rows], 0, None)}   (~ = timing estimated)")


def mock_list(rows) -> None:
    if not rows:
        echo("No mocks yet: systemcraft mock start behavioral")
    for m in rows:
        rec = (f"recommendation {m['recommendation']}" if m["recommendation"]
               else f"not scored: systemcraft mock score {m['id']}")
        click.echo(f"#{m['id']:<4} {m['day']}  {m['format']:<13} {m['level']}  {m['status']:<8} "
                   f"{sum(m['actual_minutes']):>4.0f} min  {rec}")


def story_list(items) -> None:
    """Plain click.echo: titles are the user's words and are printed as they are."""
    if not items:
        echo("No stories yet: systemcraft story add, or story import FILE.csv")
    for s in items:
        also = f" + {', '.join(s.secondary_lps)}" if s.secondary_lps else ""
        click.echo(f"#{s.id:<4} [{s.status:<5}] {s.level}  {s.title}  ({s.primary_lp}{also})")
