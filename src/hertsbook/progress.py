"""One progress line per step: what runs now, then how long it took."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from hertsbook import stops


def say(message: str) -> None:
    if stops.interrupted():  # the command is stopping: its one line is "interrupted"
        return
    sys.stderr.write(message + "\n")  # one write: lines from notebooks running at once never run together
    sys.stderr.flush()


@contextmanager
def step(what: str) -> Iterator[None]:
    say(f"▶ {what} …")
    start = time.perf_counter()
    try:
        yield
    except BaseException:
        say(f"✗ {what} failed after {time.perf_counter() - start:.1f}s")
        raise
    say(f"✓ {what} ({time.perf_counter() - start:.1f}s)")
