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


KINDS = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "a mapping",
}


def kind(value: object) -> str:
    """What a value read from a file is, in a person's words ("a list", "a whole number"), never "a int"."""
    return next(
        (words for cls, words in KINDS.items() if isinstance(value, cls)), f"a {type(value).__name__}"
    )
