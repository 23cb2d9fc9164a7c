"""Content authoring: `systemcraft content new TYPE NAME`, `systemcraft content lint PATH…`, `content list`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from systemcraft.cli.main import cli
from systemcraft.domain.wording import counted
from systemcraft.errors import InputError


@cli.group(short_help="Write and check question-bank pages.")
def content() -> None:
    """The question bank: scaffold pages from the templates, lint them, add missing front matter, browse the
    built-in pack."""


@content.command(short_help="Scaffold a page from its template.")
@click.argument("content_type", metavar="TYPE", type=click.Choice(["behavioral", "system_design", "deep_dive",
                                                                   "practice_plan", "problem_set"]))
@click.argument("name")
@click.option("--dir", "directory", default=".", show_default=True, help="Where to write the page.")
@click.pass_obj
def new(app, content_type, name, directory):
    """Write a new TYPE page called NAME with every required section to fill in."""
    from systemcraft.content.scaffold import page, slug
    from systemcraft.exports.files import write_atomic
    target = Path(directory) / f"{slug(name)}.md"
    if target.exists():
        raise InputError(f"{target} already exists; pick another name")
    write_atomic(target, page(content_type, name, app.env.today.isoformat()).encode())
    click.echo(f"Wrote {target}. Fill in the bracketed parts, then: systemcraft content lint {target}")


@content.command(short_help="Check pages against their templates.")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def lint(paths, fmt):
    """Check PATHS (pages or folders) against their template spec; exit 1 when there are errors. A page
    without front matter is checked against the template its headings match, and every finding names the
    template it was checked against."""
    from systemcraft.content.lint import lint_paths
    targets = [Path(p) for p in paths]
    for t in targets:
        if not t.exists():
            raise InputError(f"cannot read {t}: No such file or directory")
    files, findings = lint_paths(targets)
    if not files:
        raise InputError(f"no Markdown pages found in {', '.join(paths)}")
    errors = sum(1 for f in findings if f.severity == "error")
    if fmt == "json":
        click.echo(json.dumps({"files": len(files), "errors": errors,
                               "findings": [f.__dict__ for f in findings]}, indent=2))
    else:
        for f in findings:
            click.echo(str(f))
        click.echo(f"{counted(len(files), 'page')}, {counted(errors, 'error')}, {counted(len(findings) - errors, 'warning')}")
    if errors:
        sys.exit(1)


@content.command(short_help="Add the front matter a page is missing.")
@click.argument("pages", nargs=-1, required=True, metavar="PAGE...")
@click.option("--front-matter", "front_matter", is_flag=True,
              help="Infer the front matter from the template the page's headings match and add it.")
@click.option("--yes", is_flag=True, help="Write without asking (the change is still shown first).")
@click.pass_obj
def fix(app, pages, front_matter, yes):
    """Fix PAGE... in place. With --front-matter, each page without front matter gets the front matter its
    headings and text imply (type from the template they match, title from its first heading, status
    draft); the change is shown as a diff and written only after you confirm (or with --yes). Every page
    is checked first: if any cannot be fixed, nothing is written."""
    from systemcraft.content.fix import plan, write
    if not front_matter:
        raise InputError("say what to fix: --front-matter is the fix there is")
    changes, problems = [], []
    for page in pages:
        try:
            changes.append(plan(Path(page), app.env.today.isoformat()))
        except InputError as exc:
            problems.append(exc.message)
    if problems:
        for message in problems[:-1]:
            click.echo(f"Error: {message}", err=True)
        raise InputError(problems[-1] + ("; nothing was written" if len(pages) > 1 else ""))
    for change in changes:
        click.echo(change.diff(), nl=False)
    if not yes and not click.confirm(f"Write the front matter to {counted(len(changes), 'page')}?", default=False):
        click.echo("Nothing was written.")
        return
    for change in changes:
        write(change)
        click.echo(f"Added front matter to {change.path} ({change.template} template); check the title and "
                   "summary, then set the status when it is ready.")


@content.command("list", short_help="List the built-in pack.")
@click.option("--type", "content_type", help="Only this type.")
@click.pass_obj
def list_(app, content_type):
    """List the pages of the built-in pack."""
    from systemcraft.content.loader import load
    pages = load(app.env.home / "cache")
    shown = [p for p in pages if content_type is None or p.type == content_type]
    for p in shown:
        click.echo(f"{p.type:<14} {p.id:<24} {p.title}")
    click.echo(counted(len(shown), "page"))
