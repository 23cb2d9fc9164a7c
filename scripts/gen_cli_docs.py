"""Print docs/cli.md: the CLI reference, generated from each command's --help."""

from __future__ import annotations

import click

from systemcraft.cli import analyze, content, daily, log, mock, plan, review, setup, story, web  # noqa: F401  (registers the commands)
from systemcraft.cli.main import cli


def help_text(cmd: click.Command, path: list[str]) -> str:
    ctx = click.Context(cmd, info_name=" ".join(path), max_content_width=100, terminal_width=100,
                        help_option_names=["-h", "--help"])
    return cmd.get_help(ctx)


def walk(cmd: click.Command, path: list[str], out: list[str]) -> None:
    out.append(f"{'#' * min(len(path) + 1, 4)} `{' '.join(path)}`\n")
    out.append("```text\n" + help_text(cmd, path) + "\n```\n")
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            walk(cmd.commands[name], path + [name], out)


def main() -> None:
    out = ["# CLI reference\n",
           "Generated from `--help` by `make docs` (scripts/gen_cli_docs.py); a test fails when it is stale.\n",
           "Exit codes: 0 success · 1 bad input or a state you can fix · 2 wrong command line · "
           "3 the data directory or database cannot be used · 70 a bug in SystemCraft (details saved to a file).\n"]
    walk(cli, ["systemcraft"], out)
    print("\n".join(out), end="")


if __name__ == "__main__":
    main()
