"""Sphinx extension: publish nothing from outside the book; the same `.buildinfo` wherever the templates are.

Every download and image a page references must be a file inside the staged sources (or one myst-nb wrote
from a notebook's outputs): one outside (`{download}` of `../../../etc/passwd`, say) stops the build, naming
the page and the path, before anything is written.

It also keeps `.buildinfo` the same wherever Python is installed: sphinx-book-theme and pydata-sphinx-theme
add their own folders to `templates_path` as absolute paths (inside the venv), and Sphinx hashes that list
into `.buildinfo`. The hash is made again with each such path written relative to the folder of installed
packages it is in (the templates themselves are still found by their absolute paths), by `stable_hash`: our
own copy of the scheme Sphinx uses for that line, so no private Sphinx function is called.
"""

from __future__ import annotations

import hashlib
import os
import site
import sys
import sysconfig
import types
from pathlib import Path
from typing import Any

from sphinx.errors import SphinxError


class OutsideTheBook(SphinxError):
    category = "A page references a file outside the book"


def _repository_path(staged: str | Path) -> str:
    """A staged page's path as the repository holds it: an executed notebook is its jupytext `.py`."""
    path = Path(staged).as_posix()
    return path.removesuffix(".ipynb") + ".py" if path.startswith("notebooks/") else path


def refuse_files_outside(app: Any, env: Any) -> None:
    """Stop the build if any download or image resolves (links followed) outside the staged sources."""
    source = Path(app.srcdir).resolve()
    allowed = (source, (Path(app.outdir).parent / "jupyter_execute").resolve())  # myst-nb's output images
    found = []
    for kind, files in (("download", env.dlfiles), ("image", env.images)):
        for name, (docnames, _) in sorted(files.items()):
            real = (source / name).resolve()
            if not any(real == root or root in real.parents for root in allowed):
                pages = ", ".join(sorted(_repository_path(env.doc2path(d, base=False)) for d in docnames))
                found.append(f"{pages}: {kind} {name!r} is {real}, outside the book's sources")
    if found:
        raise OutsideTheBook("; ".join(found))


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
    app.connect("env-check-consistency", refuse_files_outside)
    app.connect("builder-inited", stable_build_info)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
