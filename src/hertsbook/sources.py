"""The notebooks' jupytext sources, each parsed once per process however often a build reads it.

A build reads each source three times (its parameters, its code hash, its prose); parsing is most of that.
The parse is keyed by the file's text, so an edited file is parsed again.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import jupytext
import nbformat


@lru_cache(maxsize=16)
def _parsed(text: str) -> nbformat.NotebookNode:
    return jupytext.reads(text, fmt="py")


def read(path: Path) -> nbformat.NotebookNode:
    """The notebook in the jupytext file at `path` (a copy of its own: callers may change it)."""
    return copy.deepcopy(_parsed(path.read_text(encoding="utf-8")))
