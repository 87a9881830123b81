"""The one base class of the errors the book's commands report to a person.

Each says, in its message, what is wrong and what to fix; the command line prints it after `error: ` (no
traceback) and exits with its `exit_code`. Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class HertsbookError(Exception):
    """A problem in the book's inputs or surroundings, not in hertsbook's code."""

    exit_code = 1


class BuildError(HertsbookError):
    """A build that stopped: the message says what to fix; the last good site is untouched."""
