"""Sphinx extension: publish nothing from outside the book.

Every download and image a page references must be a file inside the staged sources (or one myst-nb wrote
from a notebook's outputs): one outside (`{download}` of `../../../etc/passwd`, say) stops the build, naming
the page and the path, before anything is written.
"""

from __future__ import annotations

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


def setup(app: Any) -> dict[str, Any]:
    app.connect("env-check-consistency", refuse_files_outside)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
