"""The notebooks' jupytext sources as notebooks, each parsed once for its content.

A build reads each source three times (its parameters, its code hash, its prose), and parsing needs jupytext,
a sixth of a second to import. So a parse is kept in memory and, once a build has named its cache
(`keep_in`), in that cache too, keyed by the file's text: a build in which no notebook changed does not load
jupytext at all.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

import nbformat

from hertsbook.cache import Cache, key

_kept_in: Cache | None = None


def keep_in(cache: Cache | None) -> None:
    """Keep parsed sources in this cache (the build's) as well as in memory."""
    global _kept_in
    _kept_in = cache


@lru_cache(maxsize=16)
def _parsed(text: str) -> nbformat.NotebookNode:
    digest = key("jupytext source", text)
    kept = _kept_in.value("sources", digest) if _kept_in else None
    if kept is not None:
        return nbformat.from_dict(kept)
    import jupytext  # only when a source is new to the cache

    notebook = jupytext.reads(text, fmt="py")
    if _kept_in:
        _kept_in.put("sources", digest, {}, value=notebook)
    return notebook


def read(path: Path) -> nbformat.NotebookNode:
    """The notebook in the jupytext file at `path` (a copy of its own: callers may change it)."""
    return copy.deepcopy(_parsed(path.read_text(encoding="utf-8")))


# A cell of jupytext's percent format starts at a line like `# %%`, `# %% [markdown]` or `# %% tags=[...]`.
MARKER = re.compile(r"^\s*#\s*%%+(\s|$)")


def cell_lines(path: Path) -> list[int | None]:
    """The line (1-based) in the jupytext file at `path` where each of its notebook's cells starts.

    Messages name a cell by this line, which an analyst can go to, never by a run's counter. A cell before the
    first marker starts at its first line after the header; None where the file cannot be matched to its cells.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = read(path).cells
    markers: list[int | None] = [n for n, line in enumerate(lines, 1) if MARKER.match(line)]
    if len(markers) == len(cells):
        return markers
    if len(markers) + 1 == len(cells):  # text before the first marker is a cell of its own
        start = 0
        if lines and lines[0].rstrip() == "# ---":  # the header, which is metadata, not a cell
            start = next((n for n in range(1, len(lines)) if lines[n].rstrip() == "# ---"), 0) + 1
        first = next((n for n in range(start, len(lines)) if lines[n].strip()), None)
        return [None if first is None else first + 1, *markers]
    return [None] * len(cells)
