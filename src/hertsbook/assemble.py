"""Assemble: jupyter-book builds the pages into a staging folder; only a whole build replaces the site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from hertsbook import data, pages
from hertsbook.project import Project

# Reproducible output: Sphinx and matplotlib take their dates from here (2025-07-04, the latest source).
SOURCE_DATE_EPOCH = "1751587200"


class AssemblyFailed(RuntimeError):
    pass


def stage_sources(project: Project, executed: dict[str, Path], stage: Path) -> Path:
    """A clean copy of the book's sources with the executed notebooks where the toc expects them."""
    source = stage / "source"
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(project.root / name, source / name)
    shutil.copytree(project.root / "book", source / "book")
    evidence = data.evidence(project)
    (source / "book" / "evidence.md").write_text(pages.evidence_page(evidence), encoding="utf-8")
    (source / "notebooks").mkdir()
    for theme, path in sorted(executed.items()):
        shutil.copy2(path, source / "notebooks" / f"{theme}.ipynb")
    extra = source / "_extra" / "figures"  # published as /figures/ (html_extra_path)
    if project.figures.exists():
        shutil.copytree(project.figures, extra)
    else:
        extra.mkdir(parents=True)
    return source


def build_html(source: Path, output: Path) -> Path:
    """Run jupyter-book; fail on any Sphinx warning so a broken link or image never ships."""
    if output.exists():
        shutil.rmtree(output)
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "GX_ANALYTICS_ENABLED": "false"}
    jupyter_book = "import sys; from jupyter_book.cli.main import main; sys.exit(main())"
    command = [sys.executable, "-c", jupyter_book, "build", str(source), "--path-output", str(output)]
    command += ["--builder", "html", "--warningiserror", "--nitpick", "--keep-going", "--quiet"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    html = output / "_build" / "html"
    if done.returncode != 0 or not (html / "index.html").is_file():
        log = (done.stdout + done.stderr).strip().splitlines()
        raise AssemblyFailed("jupyter-book could not build the site:\n  " + "\n  ".join(log[-25:]))
    return html


def publish(new: Path, site: Path) -> None:
    """Swap a finished build into place; the old site is removed only once the new one is there."""
    old = site.with_name(site.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    new.rename(site)
    if old.exists():
        shutil.rmtree(old)


def recover(site: Path) -> None:
    """Undo a swap cut off between its two renames (a build killed at that instant)."""
    old = site.with_name(site.name + ".old")
    if old.exists() and not site.exists():
        old.rename(site)
