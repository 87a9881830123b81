"""Assemble: jupyter-book builds the pages into a staging folder; only a whole build replaces the site."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from hertsbook import audit, data, finish, pages
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
    for folder in ("_static", "_templates"):  # the book's CSS and favicon; theme overrides (accessibility)
        if (project.root / folder).is_dir():
            shutil.copytree(project.root / folder, source / folder)
    evidence, dates = data.evidence(project), data.dates(project)
    evidence_md = pages.evidence_page(evidence, dates, data.lists(project))
    (source / "book" / "evidence.md").write_text(evidence_md, encoding="utf-8")
    findings = audit.findings(audit.load(project))
    (source / "book" / "audit.md").write_text(pages.audit_page(findings, evidence, dates), encoding="utf-8")
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
    """Run jupyter-book; fail on any Sphinx warning so a broken link or image never ships.

    `output` is kept between builds so Sphinx re-reads only the pages whose sources changed; after a failed
    run it is removed, so the next build starts clean.
    """
    marker = output / ".incomplete"  # a build killed half way may leave half-written pages: start afresh
    if marker.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True, exist_ok=True)
    marker.touch()
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "GX_ANALYTICS_ENABLED": "false"}
    jupyter_book = "import sys; from jupyter_book.cli.main import main; sys.exit(main())"
    command = [sys.executable, "-c", jupyter_book, "build", str(source), "--path-output", str(output)]
    command += ["--builder", "html", "--warningiserror", "--nitpick", "--keep-going", "--quiet"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    html = output / "_build" / "html"
    if done.returncode != 0 or not (html / "index.html").is_file():
        shutil.rmtree(output, ignore_errors=True)
        log = (done.stdout + done.stderr).strip().splitlines()
        raise AssemblyFailed("jupyter-book could not build the site:\n  " + "\n  ".join(log[-25:]))
    marker.unlink()
    return html


def sync(incoming: Path, target: Path) -> int:
    """Make target hold exactly incoming's files, touching only those whose bytes differ.

    Unchanged files keep their modification time, which is how Sphinx knows not to rebuild their pages.
    Returns how many files were added, changed or removed.
    """
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(incoming) for p in incoming.rglob("*") if p.is_file()}
    present = {p.relative_to(target) for p in target.rglob("*") if p.is_file()}
    changed = 0
    for name in sorted(present - wanted):
        (target / name).unlink()
        changed += 1
    for name in sorted(wanted):
        new, old = incoming / name, target / name
        if not old.is_file() or old.read_bytes() != new.read_bytes():
            old.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new, old)
            changed += 1
    shutil.rmtree(incoming)
    return changed


def tree_hash(folder: Path) -> str:
    """One sha256 for a folder's file names and contents."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def snapshot(html: Path, target: Path, source: Path) -> Path:
    """A finished copy of the built site to swap into place (Sphinx's own output stays for the next build).

    The finishing touches (keyboard-usable scroll boxes, a Content-Security-Policy on every page) are made on
    the copy, so Sphinx's incremental output is never altered.
    """
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(html, target)
    title = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8")).get("title", "")
    finish.finish_site(target, title)
    return target


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
