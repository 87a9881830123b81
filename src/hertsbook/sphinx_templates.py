"""Sphinx extension: keep the theme's compiled page templates between builds.

Jinja compiles each template the first time a build renders it, a fifth of a second in every rebuild. Its
own bytecode cache, checked against each template's source, keeps the compiled form beside the build's
doctrees, so a rebuild loads it instead. What is written is unchanged.

It also keeps `.buildinfo` the same wherever Python is installed: sphinx-book-theme and pydata-sphinx-theme
add their own folders to `templates_path` as absolute paths (inside the venv), and Sphinx hashes that list
into `.buildinfo`. The hash is made again with each such path written relative to the folder of installed
packages it is in (the templates themselves are still found by their absolute paths).
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache


def keep_compiled_templates(app: Any) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:  # a builder without Jinja templates
        return
    folder = Path(app.doctreedir).parent / "jinja-bytecode"
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


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


def stable_build_info(app: Any) -> None:
    info = getattr(app.builder, "build_info", None)
    if app.builder.name not in ("html", "dirhtml") or not getattr(info, "config_hash", ""):
        return  # builders hashing other categories of settings
    from sphinx.builders.html import _stable_hash

    roots = _installed_roots()
    values = {c.name: relocatable(c.value, roots) for c in app.config.filter(frozenset({"html"}))}
    info.config_hash = _stable_hash(values)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", keep_compiled_templates)
    app.connect("builder-inited", stable_build_info)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
