"""One error family: each carries a one-line message for the user and an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_USER = 1      # bad input or a state the user can fix (no plan yet, unknown task…)
EXIT_USAGE = 2     # the command line itself was wrong (Click's own code)
EXIT_DATA = 3      # the data directory or database cannot be used
EXIT_INTERNAL = 70  # a bug in SystemCraft (EX_SOFTWARE); the traceback is saved to a file


class SystemCraftError(Exception):
    exit_code = EXIT_USER

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(SystemCraftError):
    """Malformed or impossible input."""


class ConflictError(InputError):
    """What the user worked on was changed elsewhere meanwhile (another tab, window or process); nothing
    was saved and their change can be made again on top of the other."""


class NotFoundError(SystemCraftError):
    """Something the user named does not exist (yet)."""


class DataError(SystemCraftError):
    """The data directory or the database cannot be used as it is."""
    exit_code = EXIT_DATA
