"""The `systemcraft` command: global options, one exit path for errors, command registration."""

from __future__ import annotations

import os
import sys

import click

from systemcraft import __version__
from systemcraft.errors import EXIT_INTERNAL, EXIT_USAGE, SystemCraftError


class AppContext:
    """Resolved lazily: `--help` never touches the environment or the database."""

    def __init__(self, home: str | None, db: str | None) -> None:
        self.home_flag = home
        self.db_flag = db
        self._env = None
        self._coach = None

    @property
    def env(self):
        if self._env is None:
            from systemcraft.environment import Environment
            self._env = Environment.from_sources(self.home_flag, self.db_flag)
        return self._env

    @property
    def coach(self):
        if self._coach is None:
            from systemcraft.coach import Coach
            self._coach = Coach(self.env)
        return self._coach

    def close(self) -> None:
        if self._coach is not None:
            self._coach.close()


# Which module defines each command: a command's module is imported only when that command runs, so
# `today` loads neither the story bank's CLI nor the web server's. (tests/cli/test_lazy_commands.py checks
# this table against what the modules register.)
COMMAND_MODULES = {
    "analyze": "analyze", "delivery": "analyze", "content": "content",
    "today": "daily", "done": "daily", "skip": "daily", "undo": "daily", "status": "daily", "interview": "daily",
    "log": "log", "mock": "mock", "model": "model", "plan": "plan",
    "week": "review", "adapt": "review", "checkpoint": "review", "month": "review", "progress": "review",
    "export": "review", "import": "review",
    "init": "setup", "assess": "setup", "demo": "setup", "start": "setup",
    "story": "story", "review": "story", "serve": "web",
}


def load_all_commands() -> None:
    import importlib
    for module in sorted(set(COMMAND_MODULES.values())):
        importlib.import_module(f"systemcraft.cli.{module}")


class LazyGroup(click.Group):
    """Imports a command's module when the command is looked up; all of them only to list them."""

    def get_command(self, ctx, name):
        if name not in self.commands and name in COMMAND_MODULES:
            import importlib
            importlib.import_module(f"systemcraft.cli.{COMMAND_MODULES[name]}")
        return super().get_command(ctx, name)

    def list_commands(self, ctx):
        load_all_commands()
        return super().list_commands(ctx)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--home", metavar="DIR", help="Data directory (default: $SYSTEMCRAFT_HOME, then the "
              "platform's user data directory).")
@click.option("--db", metavar="URL", help="Database URL (default: $SYSTEMCRAFT_DB, then "
              "sqlite:///<home>/systemcraft.db). PostgreSQL: postgresql+psycopg://user@host/db")
@click.version_option(__version__, prog_name="systemcraft")
@click.pass_context
def cli(ctx: click.Context, home: str | None, db: str | None) -> None:
    """SystemCraft coaches you through an L6/L7 engineering-manager interview loop.

    Start with `systemcraft init` (readiness quiz → plan → schedule), then each day run
    `systemcraft today` and record what you did with `done` or `skip`.
    """
    app = AppContext(home, db)
    ctx.obj = app
    ctx.call_on_close(app.close)


def _undecodable(args: list[str]) -> int | None:
    """The position of the first argument that was not valid text in the locale's encoding (Python keeps
    such bytes as lone surrogates, which no database, file or terminal accepts later) or holds a NUL."""
    for i, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return i
        if "\x00" in arg:
            return i
    return None


MAX_MESSAGE = 400


def one_line(message: str) -> str:
    """An error message as one terminal line (typed control characters escaped, long echoes cut)."""
    from systemcraft.domain.wording import one_line as fit
    return fit(message, MAX_MESSAGE)


def main(argv: list[str] | None = None) -> None:
    bad = _undecodable(sys.argv[1:] if argv is None else argv)
    if bad is not None:
        click.echo(f"error: argument {bad} is not valid UTF-8 text (or holds a NUL byte); retype it (a file name "
                   "in another encoding needs renaming first)", err=True)
        sys.exit(EXIT_USAGE)
    try:
        cli.main(args=argv, prog_name="systemcraft", standalone_mode=False)
    except SystemCraftError as exc:
        from systemcraft.cli.hints import with_hint      # the command a service's neutral words leave out
        click.echo(f"error: {one_line(with_hint(exc.message))}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:      # Ctrl-C or the end of input at a prompt, before the command saved
        click.echo("aborted: nothing was saved", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        click.echo(f"error: {one_line(exc.format_message())}{hint}", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        click.echo(f"error: {one_line(exc.format_message())}", err=True)
        sys.exit(exc.exit_code if exc.exit_code else EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:   # the file system refused a path the user gave (too long, a loop, no permission…)
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {one_line(where + (exc.strerror or type(exc).__name__))}", err=True)
        sys.exit(1)
    except Exception as exc:   # a bug, not a user mistake: one line here, the details in a file
        if os.environ.get("SYSTEMCRAFT_DEBUG"):
            raise
        where = _save_traceback()
        click.echo(f"error: unexpected {type(exc).__name__}: {str(exc)[:200]} — this is a SystemCraft bug; "
                   f"details in {where} (SYSTEMCRAFT_DEBUG=1 shows them here)", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(0)


def _save_traceback() -> str:
    import tempfile
    import traceback
    fd, path = tempfile.mkstemp(prefix="systemcraft-error-", suffix=".log")
    with os.fdopen(fd, "w") as fh:
        fh.write(traceback.format_exc())
    return path
