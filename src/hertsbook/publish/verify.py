"""`make verify`: the published site against its own manifest, then against a build from scratch.

The site's files are listed and hashed by `check_site` (the checker published as /check.py), the same way
as when the site was sealed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hertsbook import pipeline
from hertsbook.errors import BuildError
from hertsbook.gate import book_config
from hertsbook.progress import say
from hertsbook.project import REGISTRY, THEMES, Project, copy_tree
from hertsbook.publish import check_site, manifest


def check_published(site: Path) -> list[str]:
    """The published site against its own manifest.json, without rebuilding: one line per differing file."""
    if not (site / check_site.MANIFEST).is_file():
        raise BuildError(f"there is no published site with a manifest.json in {site}: run `make book` first")
    return check_site.problems(site)


def _theme_of(name: str, entries: list[dict[str, Any]]) -> str | None:
    """The chapter a published file belongs to, if it is one's page or one of its figures or downloads."""
    for theme in REGISTRY:
        if name == theme.page:
            return theme.name
    return next((e["theme"] for e in entries if e["entry"] == name), None)


def compare_sites(published: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    """A line per file that differs between two sites' manifests, with the inputs known to have made it so.

    An input that differs with no file to show for it (a package that changes no byte, say) has a line too.
    """
    differ = manifest.inputs_differ(published, fresh)
    shared = [d for d in differ if d.split(":")[0] not in THEMES]  # packages, lock, Python, commit
    lines = []
    entries = published.get("entries", []) + fresh.get("entries", [])
    a, b = published.get("files", {}), fresh.get("files", {})
    for name in sorted(a.keys() | b.keys()):
        if a.get(name) == b.get(name):
            continue
        state = (
            "only in the published site"
            if name not in b
            else "not in the published site"
            if name not in a
            else "differs"
        )
        theme = _theme_of(name, entries)
        known = [d for d in differ if theme and d.startswith(f"{theme}:")] + shared
        if known:
            why = "; ".join(known)
        elif theme:
            why = f"chapter {theme}: its inputs are the same, so the published output is not what a fresh run makes (an altered cache entry or a hand edit)"
        elif differ:  # a page drawn from many inputs (evidence, audit, search index)
            why = "not tied to one input; these differ: " + "; ".join(differ)
        else:
            why = "no input known to differ"
        lines.append(f"{name}: {state} ({why})")
    explained = " ".join(lines)
    lines += [f"{d} (no published file differs)" for d in differ if d not in explained]
    return lines


def verify(project: Project, keep: Path | None = None) -> tuple[str, bool]:
    """Check the published site, then rebuild from scratch and compare it and the committed manifest.

    1. Every file of _build/html/ against the site's own manifest.json (present, no extra, same sha256).
    2. A build from scratch in a temporary folder, from this checkout's files and commit: every file of it
       against the published site, and what made it (packages, lock, Python, commit, data, notebooks).
    3. That build's entries and inputs against the committed manifest.json.

    With `keep`, the rebuilt copy is left there (for comparing whole trees), otherwise it is removed.
    """
    expected_path = project.root / "manifest.json"
    if not expected_path.is_file():
        raise BuildError("there is no committed manifest.json to verify against: run `make manifest` first")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    site = project.site
    altered = check_published(site)
    published = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    lines = [f"1. the published {project.relative(site)}/ against its own manifest.json (no rebuild):"]
    if altered:
        lines += [f"  {line}" for line in altered]
        lines.append(f"NOT verified: {len(altered)} published file(s) differ from the site's manifest.json")
        return "\n".join(lines), False
    lines.append(f"  all {len(published['files'])} files match")
    with tempfile.TemporaryDirectory(prefix="hertsbook-verify-") as folder:
        copy = copy_tree(project.root, Path(folder) / "book")
        say(f"rebuilding from scratch in {copy.root} (no cache)")
        pipeline.build(copy, origin=manifest.built_from(project.root, book_config.repository_url(project)))
        got = json.loads((copy.build / "manifest.json").read_text(encoding="utf-8"))
        fresh = json.loads((copy.site / "manifest.json").read_text(encoding="utf-8"))
        if keep is not None:
            shutil.copytree(copy.root, keep, symlinks=True)
    site_differ = compare_sites(published, fresh)
    lines.append("2. a build from scratch against the published site, file by file:")
    lines += [f"  {line}" for line in site_differ] or [f"  all {len(fresh['files'])} files are the same"]
    rows, differ = manifest.compare(expected, got)
    lines.append("3. the build from scratch against the committed manifest.json:")
    lines.append(manifest.table(rows))
    bad = [r["entry"] for r in rows if not r["match"]]
    ok = not bad and not differ and not site_differ
    if bad:
        lines.append(f"\n{len(bad)} entries differ: " + "; ".join(bad))
    if differ:
        lines.append("inputs that differ from the committed manifest: " + "; ".join(differ))
    if site_differ:
        lines.append(f"{len(site_differ)} published file(s) differ from a build from scratch")
    lines.append(
        "verified: the published site matches its manifest.json and a build from scratch, "
        "and every entry matches the committed manifest"
        if ok
        else "NOT verified"
    )
    return "\n".join(lines), ok
