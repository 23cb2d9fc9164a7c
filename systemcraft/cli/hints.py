"""What the terminal adds to a message the services word for every surface (issue 16 §4: no page shows a
command): the command that does what the message asks. The web says the same with a link or a button."""

from __future__ import annotations

import re

# (what the message says, what the CLI adds): the first that matches wins.
HINTS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^no story \d+$"), " (see `systemcraft story list`)"),
    (re.compile(r"^no mock \d+$"), " (see `systemcraft mock list`)"),
    (re.compile(r"^no delivery analysis \d+$"), " (see `systemcraft delivery`)"),
    (re.compile(r"^no log entry \d+$"), " (see `systemcraft log list`)"),
    (re.compile(r"^not stored: no candidate is set up yet"), " (run `systemcraft init` to keep a trend)"),
    (re.compile(r"^no candidate set up yet: set one up before"), " (run `systemcraft init`)"),
    (re.compile(r"already holds a candidate; import into an empty one$"), " (a new data folder: --home NEWDIR)"),
    (re.compile(r"^SystemCraft is already set up with a candidate and a plan$"),
     "; use `systemcraft plan regenerate` to change the plan, or `init --force` to start over"),
    (re.compile(r"reviews are paused until you set a new interview date\.$"),
     " Set one with `systemcraft plan regenerate --interview DATE`."),
    (re.compile(r"^Re-plan from the evidence to repeat that week's content"), " Run `systemcraft adapt` to re-plan."),
    (re.compile(r"needs a local Whisper model; install one first$"),
     " (`systemcraft model install base`, or a model folder: --model DIR)"),
    (re.compile(r"^the installed speech model is incomplete: remove it and install it again$"),
     " (`systemcraft model remove`, then `systemcraft model install`)"),
    (re.compile(r"downloads it from the internet(?: \(about \d+ MB\))?: agree first$"),
     " (`systemcraft model install NAME --yes`)"),
)


def with_hint(message: str) -> str:
    for pattern, hint in HINTS:
        if pattern.search(message):
            return message + hint
    return message
