"""Sphinx extension: the same `.buildinfo` wherever Python and the packages are installed.

sphinx-book-theme and pydata-sphinx-theme add their own folders to `templates_path` as absolute paths (inside
the venv), and Sphinx hashes that list into `.buildinfo`. The hash is made again with each such path written
relative to the folder of installed packages it is in (the templates themselves are still found by their
absolute paths), by `stable_hash`: our own copy of the scheme Sphinx uses for that line, so no private Sphinx
function is called.
"""

from __future__ import annotations

import hashlib
import os
import site
import sys
import sysconfig
import types
from typing import Any


def _installed_roots() -> list[str]:
    """The folders packages are installed in, longest first (site-packages before the venv's prefix)."""
    roots = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], sys.prefix, sys.base_prefix}
    roots |= set(site.getsitepackages())
    return sorted({os.path.realpath(r) for r in roots} | roots, key=len, reverse=True)


def relocatable(value: Any, roots: list[str]) -> Any:
    """`value` with every absolute path inside an installed-packages folder made relative to that folder."""
    if isinstance(value, (list, tuple)):
        return type(value)(relocatable(v, roots) for v in value)
    if isinstance(value, str) and os.path.isabs(value):
        for root in roots:
            if value == root or value.startswith(root.rstrip(os.sep) + os.sep):
                return "<installed>/" + os.path.relpath(value, root).replace(os.sep, "/")
    return value


def stable_hash(value: Any) -> str:
    """md5 of a settings structure, the same whatever the order of its dicts and sets (as Sphinx 7.4 hashes
    `.buildinfo`'s config line: each part hashed, the hashes sorted; a function or class by its name)."""
    if isinstance(value, dict):
        value = sorted(map(stable_hash, value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        value = sorted(map(stable_hash, value))
    elif isinstance(value, (type, types.FunctionType)):
        value = f"{value.__module__}.{value.__qualname__}"  # its repr holds a memory address
    return hashlib.md5(str(value).encode(), usedforsecurity=False).hexdigest()


def stable_build_info(app: Any) -> None:
    info: Any = getattr(app.builder, "build_info", None)
    if app.builder.name not in ("html", "dirhtml") or not getattr(info, "config_hash", ""):
        return  # builders hashing other categories of settings
    roots = _installed_roots()
    values = {c.name: relocatable(c.value, roots) for c in app.config.filter(frozenset({"html"}))}
    info.config_hash = stable_hash(values)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", stable_build_info)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
