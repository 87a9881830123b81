"""Sphinx extension: an incremental build writes the same files, byte for byte, as a build from scratch.

The build keeps Sphinx's output between runs so that it re-reads only the pages that changed. Left to
itself, Sphinx's kept output then drifts from what a fresh build of the same sources writes:
- myst-nb copies its stylesheet only once the pages are written, and Sphinx adds `?v=<checksum>` to a
  stylesheet's link only when the file is already there: so only a rebuild links it with `?v=`. It is
  copied here before any page is written, so every build links it the same way.
- The search index is loaded from the last build and the pages written now are taken out of it, but a word
  left with no page at all stays in it (as `[]`): words of removed text stayed searchable. They are dropped
  from the written `searchindex.js` (which the next build loads), in Sphinx's own format.
- Files offered with `{download}` (`_downloads/`) and images (`_images/`) are copied for the pages that use
  them and never removed, nor is the page of a document that is gone: what the sources no longer offer is
  removed once the build is done.
- Every page's navigation lists every page's title under the table of contents' captions: when a title
  changes, a page comes or goes, or `_toc.yml` changes (order, captions, nesting), every page is written
  again (Sphinx would write only the changed ones, leaving the others' menus stale).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

# What this build found changed, kept on the app: {"titles": {docname: old title}, "removed": set()}.
STATE = "_hertsbook_incremental"


def _state(app: Any) -> dict[str, Any]:
    if not hasattr(app, STATE):
        setattr(app, STATE, {"titles": {}, "removed": set(), "added": set(), "toc_changed": False})
    return getattr(app, STATE)


def copy_notebook_stylesheet(app: Any) -> None:
    """myst-nb's own copying of its stylesheet, done before the pages are written instead of after."""
    if getattr(app.builder, "format", None) != "html":
        return
    from myst_nb.sphinx_ext import add_global_html_resources

    Path(app.builder.outdir, "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def note_changes(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    state = _state(app)
    state["added"] |= set(added)
    state["removed"] |= set(removed)
    # sphinx-external-toc re-reads only the pages whose own toctree changed, and then replaces the env's
    # site map with the new one: compare the two before it does (this handler runs first).
    previous = getattr(env, "external_site_map", None)
    current = getattr(app.config, "external_site_map", None)
    if previous is not None and current is not None and previous.as_json() != current.as_json():
        state["toc_changed"] = True
    return []


def remember_title(app: Any, env: Any, docname: str) -> None:
    """Before a page is read again (its old data purged): its title as the last build had it."""
    title = env.titles.get(docname)
    _state(app)["titles"][docname] = title.astext() if title is not None else None


def rewrite_all_if_navigation_changed(app: Any, env: Any) -> list[str]:
    state = _state(app)
    retitled = any(
        (env.titles[d].astext() if d in env.titles else None) != old for d, old in state["titles"].items()
    )
    if retitled or state["added"] or state["removed"] or state["toc_changed"]:
        return sorted(env.found_docs)
    return []


# searchindex.js is this call around the index as JSON (keys sorted), as Sphinx 7.4 writes and reads it.
SEARCH_INDEX = ("Search.setIndex(", ")")


def forget_emptied_words(app: Any, exception: BaseException | None) -> None:
    """Drop the words of the written search index that no page has any more."""
    if exception is not None or getattr(app.builder, "format", None) != "html":
        return
    path = Path(app.builder.outdir, getattr(app.builder, "searchindex_filename", "") or "searchindex.js")
    if path.suffix != ".js" or not path.is_file():
        return
    prefix, suffix = SEARCH_INDEX
    text = path.read_text(encoding="utf-8")
    if not (text.startswith(prefix) and text.endswith(suffix)):
        return  # not the format this knows: left as Sphinx wrote it
    index = json.loads(text[len(prefix) : -len(suffix)])
    kept = {
        kind: {w: p for w, p in index.get(kind, {}).items() if p != []} for kind in ("terms", "titleterms")
    }
    if all(len(kept[kind]) == len(index.get(kind, {})) for kind in kept):
        return
    index.update(kept)
    path.write_text(prefix + json.dumps(index, sort_keys=True) + suffix, encoding="utf-8")


def _prune(folder: Path, wanted: set[str]) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), reverse=True):  # files before the folders holding them
        relative = path.relative_to(folder).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif relative not in wanted:
            path.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()


def remove_what_is_no_longer_offered(app: Any, exception: BaseException | None) -> None:
    if exception is not None or getattr(app.builder, "format", None) != "html":
        return
    outdir, env = Path(app.builder.outdir), app.env
    _prune(outdir / "_downloads", {destination for _, destination in env.dlfiles.values()})
    _prune(outdir / "_images", {name for _, name in env.images.values()})
    for docname in _state(app)["removed"]:
        if docname not in env.found_docs:
            page = outdir / app.builder.get_target_uri(docname)
            if page.is_file():
                os.unlink(page)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", copy_notebook_stylesheet)
    app.connect("env-get-outdated", note_changes, priority=400)  # before sphinx-external-toc's (500)
    # Before Sphinx's own title collector, also on env-purge-doc, forgets the title (it runs at priority 500):
    # read after it, every edited page looked retitled and every page was written again.
    app.connect("env-purge-doc", remember_title, priority=100)
    app.connect("env-get-updated", rewrite_all_if_navigation_changed)
    app.connect("build-finished", forget_emptied_words)
    app.connect("build-finished", remove_what_is_no_longer_offered)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
