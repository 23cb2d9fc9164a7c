"""Chart data and their text equivalents, built from the same views the CLI prints.

Each chart is a dict: an id, a title, a Chart.js config (`config`, drawn by static/app.js), and
`table` — headers and rows of the same numbers, rendered as a real table for screen readers.
"""

from __future__ import annotations

from datetime import date, timedelta

from systemcraft.views import CATEGORY_LABEL

PASS_BAND, GOOD_BAND = 70, 90
READY_TARGET = 0.8          # most skills' target is 4 of 5 (INVENTORY §2.3)
COLOURS = {"system_design": "#2563eb", "behavioral": "#d97706", "coding": "#059669", "mock": "#7c3aed"}


def scorecard_trend(weeks: list[dict]) -> dict:
    labels = [f"W{w['week']}" for w in weeks]
    values = [w["percent"] for w in weeks]
    n = len(labels)
    config = {"type": "line", "data": {"labels": labels, "datasets": [
        {"label": "Scorecard %", "data": values, "borderColor": "#1d4ed8", "backgroundColor": "#1d4ed8",
         "tension": 0.2, "pointRadius": 3},
        {"label": f"Good ({GOOD_BAND} %)", "data": [GOOD_BAND] * n, "borderColor": "#16a34a",
         "borderDash": [6, 4], "pointRadius": 0, "fill": False},
        {"label": f"On track ({PASS_BAND} %)", "data": [PASS_BAND] * n, "borderColor": "#dc2626",
         "borderDash": [6, 4], "pointRadius": 0, "fill": False}]},
        "options": {"scales": {"y": {"min": 0, "max": 100, "title": {"display": True, "text": "% of 400"}}}}}
    rows = [[f"Week {w['week']}", f"{w['percent']:.1f} %" + ("" if w["verdict"] else " so far"),
             w["verdict"] or "in progress (no verdict yet)"] for w in weeks]
    return {"id": "scorecard", "title": "Weekly scorecard (% of 400) against the 70 % and 90 % bands",
            "config": config, "table": {"head": ["Week", "Score", "Verdict"], "rows": rows},
            "summary": _latest(weeks, lambda w: f"latest week {w['week']}: {w['percent']:.1f} %")}


def hours_by_category(weeks: list[dict]) -> dict:
    cats = [c for c in CATEGORY_LABEL]
    planned = {c: sum(w["minutes"].get(c, {}).get("planned", 0) for w in weeks) / 60 for c in cats}
    done = {c: sum(w["minutes"].get(c, {}).get("done", 0) for w in weeks) / 60 for c in cats}
    labels = [CATEGORY_LABEL[c] for c in cats]
    config = {"type": "bar", "data": {"labels": labels, "datasets": [
        {"label": "Planned hours", "data": [round(planned[c], 1) for c in cats], "backgroundColor": "#cbd5e1"},
        {"label": "Done hours", "data": [round(done[c], 1) for c in cats],
         "backgroundColor": [COLOURS[c] for c in cats]}]},
        "options": {"scales": {"y": {"beginAtZero": True, "title": {"display": True, "text": "hours"}}}}}
    rows = [[CATEGORY_LABEL[c], f"{planned[c]:.1f}", f"{done[c]:.1f}"] for c in cats]
    return {"id": "hours", "title": "Hours planned and done, by category (weeks so far)", "config": config,
            "table": {"head": ["Category", "Planned h", "Done h"], "rows": rows},
            "summary": f"{sum(done.values()):.1f} of {sum(planned.values()):.1f} planned hours done"}


def rating_trends(ratings: dict[str, list[int]]) -> dict:
    palette = ["#1d4ed8", "#d97706", "#059669", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#ea580c",
               "#4f46e5", "#0d9488", "#9333ea", "#b91c1c", "#475569", "#a16207"]
    longest = max((len(v) for v in ratings.values()), default=0)
    datasets = [{"label": d.replace("_", " "), "data": v, "borderColor": palette[i % len(palette)],
                 "backgroundColor": palette[i % len(palette)], "tension": 0.2, "hidden": i >= 4}
                for i, (d, v) in enumerate(ratings.items())]
    config = {"type": "line", "data": {"labels": [f"#{i + 1}" for i in range(longest)], "datasets": datasets},
              "options": {"scales": {"y": {"min": 1, "max": 5, "ticks": {"stepSize": 1}}},
                          "plugins": {"legend": {"position": "bottom", "labels": {"boxWidth": 10, "font": {"size": 10}}}}}}
    rows = [[d.replace("_", " "), " → ".join(str(x) for x in v) or "not rated"] for d, v in ratings.items()]
    return {"id": "ratings", "title": "Self-ratings per dimension (1–5), oldest first", "config": config,
            "table": {"head": ["Dimension", "Ratings"], "rows": rows},
            "summary": f"{sum(1 for v in ratings.values() if v)} of {len(ratings)} dimensions rated"}


def readiness_radar(readiness: dict) -> dict:
    comps = readiness["components"]
    labels = [c["id"].replace("_", " ") for c in comps]
    config = {"type": "radar", "data": {"labels": labels, "datasets": [
        {"label": "Now", "data": [_pct(c["value"]) for c in comps], "borderColor": "#1d4ed8",
         "backgroundColor": "rgba(29,78,216,0.2)"},
        {"label": "Target", "data": [round(READY_TARGET * 100)] * len(comps), "borderColor": "#16a34a",
         "borderDash": [6, 4], "backgroundColor": "rgba(22,163,74,0.05)"}]},
        "options": {"scales": {"r": {"min": 0, "max": 100, "ticks": {"stepSize": 20}}}}}
    rows = [[c["id"].replace("_", " "), "no data yet" if c["value"] is None else f"{_pct(c['value'])} %",
             f"{round(READY_TARGET * 100)} %",
             f"{c['weight']}", c["source"]] for c in comps]
    score = readiness['score'] or 0
    return {"id": "readiness", "title": f"Readiness {score:.0f}/100: each input now and its target",
            "config": config, "table": {"head": ["Input", "Now", "Target", "Weight", "From"], "rows": rows},
            "summary": f"readiness {score:.0f} of 100"}


def practice_calendar(minutes_by_day: dict[date, int], first: date, last: date) -> dict:
    """A GitHub-style grid: weeks as columns, Monday→Sunday as rows; level 0–4 plus the minutes as text."""
    start = first - timedelta(days=first.weekday())
    columns = []
    d = start
    while d <= last:
        col = []
        for i in range(7):
            day = d + timedelta(days=i)
            m = minutes_by_day.get(day, 0)
            inside = first <= day <= last
            level = 0 if not m else 1 if m < 30 else 2 if m < 60 else 3 if m < 120 else 4
            col.append({"date": day, "minutes": m, "level": level, "inside": inside})
        columns.append(col)
        d += timedelta(days=7)
    active = sum(1 for day, m in minutes_by_day.items() if m and first <= day <= last)
    return {"columns": columns, "active_days": active, "days": (last - first).days + 1,
            "total": sum(m for day, m in minutes_by_day.items() if first <= day <= last)}


def _pct(value) -> int | None:
    return None if value is None else round(value * 100)


def _latest(items, fmt) -> str:
    return fmt(items[-1]) if items else "no finished week yet"


def delivery_trend(rows: list[dict]) -> dict:
    """Pace (words a minute, against the 140–160 target band) and fillers a minute per analysis."""
    labels = [f"#{r['id']} {r['day']}" for r in rows]
    n = len(labels)
    config = {"type": "line", "data": {"labels": labels, "datasets": [
        {"label": "Words a minute", "data": [r["wpm"] for r in rows], "borderColor": "#1d4ed8",
         "backgroundColor": "#1d4ed8", "yAxisID": "y", "tension": 0.2},
        {"label": "Target from 140", "data": [140] * n, "borderColor": "#16a34a", "borderDash": [6, 4],
         "pointRadius": 0, "yAxisID": "y"},
        {"label": "Target to 160", "data": [160] * n, "borderColor": "#16a34a", "borderDash": [6, 4],
         "pointRadius": 0, "yAxisID": "y"},
        {"label": "Fillers a minute", "data": [r["fillers_per_minute"] for r in rows], "borderColor": "#d97706",
         "backgroundColor": "#d97706", "yAxisID": "y2", "tension": 0.2}]},
        "options": {"scales": {"y": {"min": 60, "max": 240, "title": {"display": True, "text": "words/min"}},
                               "y2": {"position": "right", "min": 0, "grid": {"drawOnChartArea": False},
                                      "title": {"display": True, "text": "fillers/min"}}}}}
    table = [[f"#{r['id']} {r['day']}", r["source"], f"{r['wpm']:.0f}" + (" (estimated)" if r["estimated"] else ""),
              f"{r['fillers_per_minute']:.1f}", str(r["pauses"])] for r in rows]
    return {"id": "delivery", "title": "Delivery per analysed answer: pace against 140–160 words a minute, and fillers",
            "config": config, "table": {"head": ["Analysis", "File", "Words/min", "Fillers/min", "Long pauses"],
                                        "rows": table},
            "summary": _latest(rows, lambda r: f"latest {r['wpm']:.0f} words a minute, "
                                               f"{r['fillers_per_minute']:.1f} fillers a minute")}
