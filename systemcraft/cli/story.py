"""The story bank: `systemcraft story add|edit|list|show|delete|export|import|check|coverage|match`, and `review`."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time

import click

from systemcraft.cli.main import cli
from systemcraft.cli.params import ID, INT, Whole
from systemcraft.domain.wording import counted, plural
from systemcraft.errors import ConflictError, InputError

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


@cli.group(short_help="Your STAR story bank and its coverage.")
def story() -> None:
    """Your STAR story bank, its analysis and its Leadership-Principle coverage."""


@story.command(short_help="Add a story (Markdown file, options, or prompts).")
@click.argument("file", required=False)
@click.option("--title", help="Title (interactive/flag entry).")
@click.option("--lp", "primary_lp", help="Primary principle id.")
@click.option("--also", multiple=True, help="Secondary principle id (at most two).")
@click.option("--level", type=click.Choice(["L6", "L7"]), default="L6")
@click.option("--situation")
@click.option("--task")
@click.option("--action")
@click.option("--result")
@click.pass_obj
def add(app, file, title, primary_lp, also, level, situation, task, action, result):
    """Add a story from a Markdown FILE, from options, or by answering questions on a terminal."""
    from pathlib import Path
    from systemcraft.domain.stories import Story
    if file:
        from systemcraft.services.storybank import read_markdown
        s = read_markdown(Path(file))
    else:
        values = {"title": title, "primary_lp": primary_lp, "situation": situation, "task": task,
                  "action": action, "result": result}
        for key, question in (("title", "Title"), ("primary_lp", "Primary principle id (e.g. ownership)"),
                              ("situation", "Situation"), ("task", "Task"), ("action", "Action (what *you* did)"),
                              ("result", "Result (with numbers)")):
            if not values[key]:
                if not sys.stdin.isatty():
                    raise InputError(f"missing --{key.replace('primary_lp', 'lp')} (or give a Markdown FILE)")
                from systemcraft.cli import prompts
                values[key] = click.prompt(question, type=prompts.principle_type() if key == "primary_lp" else None)
        s = Story(secondary_lps=tuple(also), level=level, **values)
    sid = app.coach.add_story(s)
    click.secho(f"Story #{sid} saved: {s.title}", fg="green")
    click.echo(f"Check it: systemcraft story check {sid}")


@story.command("list", short_help="List your stories.")
@json_option
@click.pass_obj
def list_(app, as_json):
    """List your stories with their principles and status."""
    from systemcraft.cli import render
    render.show(app.coach.stories(), as_json, "story_list")


@story.command(short_help="Show a story as Markdown.")
@click.argument("story_id", type=ID)
@click.pass_obj
def show(app, story_id):
    """Show a story in its Markdown form."""
    from systemcraft.services.story_markdown import render
    click.echo(render(app.coach.story(story_id)))


@story.command(short_help="Edit a story in $EDITOR (versions kept).")
@click.argument("story_id", type=ID)
@click.pass_obj
def edit(app, story_id):
    """Edit a story in $EDITOR; it is checked on save and the previous version is kept. A save made
    elsewhere (the web, another terminal) while the editor was open is not overwritten."""
    from systemcraft.services.story_markdown import render
    opened, version_opened = app.coach.story_for_edit(story_id)
    text = render(opened)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, path = tempfile.mkstemp(prefix=f"story-{story_id}-", suffix=".md")
    keep = False                     # once the editor has saved, the edit is never thrown away on an error
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            code = subprocess.call(shlex.split(editor) + [path])
        except OSError as exc:
            raise InputError(f"cannot start the editor '{editor}': {exc.strerror}") from None
        if code != 0:
            raise InputError(f"the editor exited with status {code}; nothing was saved")
        from pathlib import Path

        from systemcraft.exports.files import read_text
        from systemcraft.services.storybank import MAX_MD_BYTES
        keep = True
        try:
            new = read_text(Path(path), "the edited story", MAX_MD_BYTES)
            if new == text:
                keep = False
                click.echo("No changes.")
                return
            version = app.coach.edit_story_text(story_id, new, expected_version=version_opened)
        except ConflictError as exc:
            raise ConflictError(f"{exc.message} — your edit is kept in {path}") from None
        except InputError as exc:
            raise InputError(f"{exc.message} — nothing was saved; your edit is kept in {path}") from None
        keep = False
    finally:
        if not keep:
            os.unlink(path)
    click.secho(f"Story #{story_id} saved as version {version} (the previous version is kept).", fg="green")


@story.command(short_help="Delete a story.")
@click.argument("story_id", type=ID)
@click.pass_obj
def delete(app, story_id):
    """Delete a story (and its review card)."""
    s = app.coach.delete_story(story_id)
    click.secho(f"Deleted #{story_id}: {s.title}", fg="yellow")


@story.command("export", short_help="Write stories as Markdown or CSV.")
@click.argument("directory")
@click.option("--format", "fmt", type=click.Choice(["md", "csv"]), default="md",
              help="One Markdown file per story (default), or one stories.csv spreadsheet.")
@click.pass_obj
def export_(app, directory, fmt):
    """Write every story into DIRECTORY as Markdown files (or one CSV spreadsheet)."""
    from pathlib import Path
    files = app.coach.export_stories(Path(directory), fmt)
    click.echo(f"Wrote {len(files)} stories to {directory}")


@story.command("import", short_help="Import stories (.md files or a .csv).")
@click.argument("path")
@json_option
@click.pass_obj
def import_(app, path, as_json):
    """Import stories from a folder of .md files, one .md file, or a .csv spreadsheet."""
    from pathlib import Path
    from systemcraft.cli import render
    report = app.coach.import_stories(Path(path))
    if as_json:
        render.echo_json(report)
        return
    click.secho(f"Imported {report['imported']} stories.", fg="green")
    if report["mapped"]:
        click.echo("Columns used: " + ", ".join(f"{c} → {f}" for c, f in report["mapped"].items()))
    if report["unmapped"]:
        click.echo("Columns not used: " + ", ".join(report["unmapped"]))
    click.echo("See your coverage: systemcraft story coverage")


@story.command(short_help="Analyse stories: timing, metrics, I/we, scope.")
@click.argument("story_id", type=ID, required=False)
@click.option("--wpm", type=INT, default=150, show_default=True, help="Your speaking rate, words per minute.")
@json_option
@click.pass_obj
def check(app, story_id, wpm, as_json):
    """Analyse one story (or all): timing per STAR part, metrics, I/we, obstacles, lessons, scope."""
    from systemcraft.cli import render
    results = app.coach.check_stories(story_id, wpm)
    render.show(results, as_json, "story_check")


@story.command(short_help="Principles × stories: minimums and gaps.")
@click.option("--matrix", is_flag=True, help="Draw the full matrix even for a large bank (wide).")
@json_option
@click.pass_obj
def coverage(app, matrix, as_json):
    """The principles × stories matrix, minimums, gaps and warnings."""
    from systemcraft.cli import render
    view = app.coach.story_coverage()
    render.show(view, as_json, "coverage", force_matrix=matrix)


@story.command(short_help="Find the best story for a question.")
@click.argument("question")
@click.option("--limit", type=Whole(1, 100), default=5)
@json_option
@click.pass_obj
def match(app, question, limit, as_json):
    """Which of your stories best answers QUESTION (or a principle id), and why."""
    from systemcraft.cli import render
    view = app.coach.match_stories(question, limit)
    if as_json:
        render.echo_json(view)
        return
    lps = ", ".join(view["principles"]) or "none detected"
    click.echo(f"Principles the question points to: {lps}")
    if not view["matches"]:
        click.echo("No story fits yet: write one for it with `systemcraft story add`." if view["stories"]
                   else "You have no stories yet: write the first with `systemcraft story add`.")
    for m in view["matches"]:
        click.echo(f"  #{m['story_id']} {m['title']}  (score {m['score']:g}: {m['reason']})")


@cli.command(short_help="Spaced-repetition review (FSRS).")
@click.option("--limit", type=Whole(1, 100_000), help="At most this many cards now.")
@click.option("--list", "list_only", is_flag=True, help="Only list what is due.")
@click.option("--day-start", type=INT, help="Set the hour your study day starts (0–12, default 4).")
@click.option("--sync", is_flag=True, help="Create cards for new stories, concepts and problems first.")
@click.option("--undo", "undo", is_flag=True, help="Take back your last answer given today (run it again for the "
              "one before).")
@json_option
@click.pass_obj
def review(app, limit, list_only, day_start, sync, undo, as_json):
    """Spaced-repetition review (FSRS): prompt → reveal → again / hard / good / easy.

    Up to 10 cards a day and 20 answers in all, however many sessions you split them into."""
    from systemcraft.cli import render
    coach = app.coach
    if undo:
        if limit is not None or list_only or day_start is not None or sync:
            raise InputError("--undo takes no other option (except --json); run it on its own")
        result = coach.undo_answer()
        if as_json:
            render.echo_json(result)
            return
        click.secho(f"Undone: your answer '{result['rating']}' to card #{result['card']} ({result['prompt']}) "
                    f"is taken back; the card is due again as it was.", fg="cyan")
        if result["task_reopened"]:
            click.echo("Today's review task is planned again.")
        return
    if day_start is not None:
        coach.set_day_start(day_start)
        if not as_json:
            click.echo(f"Your study day now starts at {day_start}:00.")
    if sync:
        coach.sync_cards()
    queue = coach.due_cards(limit)
    if as_json:
        render.echo_json(queue)
        return
    from systemcraft.cli.hints import with_hint
    notes = [with_hint(n) for n in (queue["message"], (queue["final"] or {}).get("message")) if n]
    if list_only:
        click.echo(f"{counted(queue['due'], 'card')} due; {queue['status']}. {queue['limit']}")
        if queue["finished"]:
            click.echo(queue["finished"])
        for note in notes:
            click.echo(note)
        for c in queue["cards"]:
            click.echo(f"  #{c.id} [{c.kind}] {c.prompt}")
        return
    for note in notes:
        click.echo(note)
    if queue["paused"]:
        return
    if queue["rest_day"]:
        click.echo("Rest day: no reviews today.")
        return
    if not queue["cards"]:
        click.echo(queue["finished"])
        if queue["undo"]:
            click.echo("To take back your last answer: systemcraft review --undo")
        return
    click.secho(f"{len(queue['cards'])} of {queue['due']} due {plural(queue['due'], 'card')} now; "
                f"{queue['status']} (retention target {queue['retention']:.0%}). "
                "Enter reveals; a/h/g/e grades; q stops.", bold=True)
    done = 0
    keys = {"a": "again", "h": "hard", "g": "good", "e": "easy", "1": "again", "2": "hard", "3": "good", "4": "easy"}
    ended = False
    for card in queue["cards"]:
        shown = time.monotonic()
        click.secho(f"\n[{card.kind}] {card.prompt}", bold=True)
        try:                     # every answer is saved as it is given: the end of input only stops the session
            reply = click.prompt("  (Enter to reveal, q to stop)", default="", show_default=False)
            if reply.strip().lower() == "q":
                break
            click.echo(card.answer)
            while True:
                grade = click.prompt("  Again / Hard / Good / Easy [a/h/g/e, Enter = good]", default="g",
                                     show_default=False)
                grade = grade.strip().lower()
                if grade == "q" or grade in keys:
                    break
                click.echo("  Type a, h, g or e (or q to stop).")
        except click.exceptions.Abort:
            ended = True
            click.echo("")
            break
        if grade == "q":
            break
        try:
            result = coach.answer_card(card.id, keys[grade], int((time.monotonic() - shown) * 1000))
        except InputError as exc:            # the day's limit, reached meanwhile in another window
            click.echo(f"  Not recorded: {exc.message[:1].upper()}{exc.message[1:]}.")
            break
        if result["duplicate"]:
            click.echo(f"  {result['message']}")
            continue
        moved = f" (moved from {result['moved_from']} to spread the load)" if result["moved_from"] else ""
        planned = " (planned so it is fresh on the interview day)" if result["planned"] else ""
        when = ("not before the interview: it will be fresh enough" if result["rests"] else
                "later today" if result["due_day"] <= queue["day"] else str(result["due_day"]))
        click.echo(f"  next: {when}{moved}{planned}")
        done += 1
        if result["task_done"]:
            click.echo("Today's share is answered: the review task is marked done.")
    click.echo(f"Reviewed {counted(done, 'card')}" + (" (stopped; every answer given is saved)." if ended else ".")
               + (" To take back the last answer: systemcraft review --undo" if done else ""))
