"""Docs tested against code: the CLI reference is generated and complete."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_is_up_to_date():
    generated = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py")], capture_output=True,
                               text=True, check=True).stdout
    assert (ROOT / "docs" / "cli.md").read_text() == generated, "run `make docs` to regenerate docs/cli.md"


def test_every_command_is_documented_in_the_guide():
    from systemcraft.cli.main import cli
    from systemcraft.cli import analyze, content, daily, log, mock, plan, review, setup, story, web  # noqa: F401
    guide = (ROOT / "docs" / "user-guide.md").read_text()
    names = []
    for name, cmd in cli.commands.items():
        if hasattr(cmd, "commands"):
            names += [f"{name} {sub}" for sub in cmd.commands]
        else:
            names.append(name)
    missing = [n for n in names if f"systemcraft {n}" not in guide]
    assert missing == []


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[:1500]
    assert "make run" in head and "make test" in head


def test_changelog_follows_keep_a_changelog():
    text = (ROOT / "CHANGELOG.md").read_text()
    assert text.startswith("# Changelog") and "## [Unreleased]" in text and "### Added" in text
