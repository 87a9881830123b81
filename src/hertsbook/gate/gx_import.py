"""Importing great-expectations in half the time, on the critical path of a data edit.

great-expectations 1.x imports altair, scipy.stats and sqlalchemy when it is imported: a second of its two,
on this machine. The data checks need none of them (pandas data, no distribution rules, no data docs):
- altair and scipy.stats are loaded lazily (the standard library's `importlib.util.LazyLoader`): their
  modules exist, and the first use of either runs it in full, so anything that does use them still works;
- sqlalchemy is hidden while great-expectations is imported, which then sets up without its SQL data
  sources (an optional extra of great-expectations). sqlalchemy can be imported as usual afterwards.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from types import ModuleType

LAZY = frozenset({"altair", "scipy.stats"})
HIDDEN = ("sqlalchemy",)


class _LazyFinder(importlib.abc.MetaPathFinder):
    """Finds the LAZY modules as the other finders would, but with a loader that defers running them."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in LAZY:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = importlib.util.LazyLoader(spec.loader)
                return spec
        return None


def import_great_expectations() -> ModuleType:
    """great_expectations, imported without running altair, scipy.stats or sqlalchemy."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"  # great-expectations would otherwise send usage events
    if "great_expectations" in sys.modules:
        return sys.modules["great_expectations"]
    finder = _LazyFinder()
    hidden = [name for name in HIDDEN if name not in sys.modules]  # one already in use stays in use
    sys.meta_path.insert(0, finder)
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # `import sqlalchemy` now raises ImportError
    try:
        import great_expectations
    finally:
        sys.meta_path.remove(finder)
        for name in hidden:
            del sys.modules[name]
    return great_expectations
