"""Assemble: jupyter-book builds the pages into a staging folder; only a whole build replaces the site."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import traceback
import warnings
from pathlib import Path

import yaml

from hertsbook import stops
from hertsbook.cache import Cache, file_sha256, link_out, parts_sha256
from hertsbook.errors import HertsbookError
from hertsbook.project import Project
from hertsbook.publish import check_site, finish, lighten, manifest

# Reproducible output: Sphinx and matplotlib take their dates from here (2025-07-04, the latest source).
SOURCE_DATE_EPOCH = "1751587200"


class AssemblyFailed(HertsbookError, RuntimeError):
    """jupyter-book could not build the site (its own words are in the message)."""


def stage_sources(
    project: Project,
    executed: dict[str, Path],
    written: dict[str, str],
    stage: Path,
) -> Path:
    """A clean copy of the book's sources with the executed notebooks where the toc expects them.

    `written` are pages made by the build (path in the book → text).
    """
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
    for name, text in written.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    (source / "notebooks").mkdir()
    for theme, path in sorted(executed.items()):
        shutil.copy2(path, source / "notebooks" / f"{theme}.ipynb")
    extra = source / "_extra" / "figures"  # published as /figures/ (html_extra_path)
    if project.figures.exists():
        shutil.copytree(project.figures, extra)
    else:
        extra.mkdir(parents=True)
    return source


class JupyterBook:
    """One jupyter-book build of `source` into `output`, run by its command line in this process."""

    @classmethod
    def for_project(cls, project: Project) -> JupyterBook:
        """Sphinx's kept output is the lock file's: other package versions (another theme, say) start afresh.

        Sphinx itself would keep the old theme's files and every page it does not see as out of date.
        """
        lock = file_sha256(project.root / "requirements.lock")
        return cls(project.stage / "source", project.stage / f"out-{lock[:16]}")

    def __init__(self, source: Path, output: Path) -> None:
        self.source = source
        self.output = output

    def start_afresh(self) -> None:
        """Build every page this time, as after `make clean`.

        For a changed stylesheet or script: Sphinx copies static files only when some page is out of date,
        and every page names each stylesheet with a checksum of its contents.
        """
        shutil.rmtree(self.output, ignore_errors=True)

    def run(self) -> Path:
        """Build; fail on any Sphinx warning so a broken link or image never ships.

        `output` is kept between builds so Sphinx re-reads only the pages whose sources changed; after a
        failed run it is removed, so the next build starts clean.
        """
        for other in self.output.parent.glob("out-*"):  # kept for another lock file: no longer of use
            if other.is_dir() and other != self.output:
                shutil.rmtree(other)
            elif other.is_file():  # an older build's list of modules to load ahead
                other.unlink()
        marker = self.output / ".incomplete"  # a build killed half way may leave half-written pages
        if marker.exists():
            shutil.rmtree(self.output)
        self.output.mkdir(parents=True, exist_ok=True)
        marker.touch()
        arguments = ["build", str(self.source), "--path-output", str(self.output), "--builder", "html"]
        arguments += ["--warningiserror", "--nitpick", "--keep-going", "--quiet"]
        log, ok = run_in_this_process(arguments)
        html = self.output / "_build" / "html"
        if not ok or not (html / "index.html").is_file():
            shutil.rmtree(self.output, ignore_errors=True)
            full = stops.full_disk_in_text(log)
            if full:
                raise AssemblyFailed(f"jupyter-book stopped: {full}")
            # Sphinx prints an error's cause, then jupyter-book its own traceback: the cause is what to show.
            lines = (log.split("Traceback (most recent call last)")[0].strip() or log.strip()).splitlines()
            raise AssemblyFailed("jupyter-book could not build the site:\n  " + "\n  ".join(lines[-25:]))
        marker.unlink()
        return html


# What Python ignores by default (outside __main__ and its development mode).
PYTHON_IGNORES = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


def run_in_this_process(arguments: list[str]) -> tuple[str, bool]:
    """jupyter-book's command line, called here rather than in a process of its own: its words, and whether
    it succeeded.

    The build has loaded much of what jupyter-book needs (nbformat, jupyter-client, yaml, jsonschema), and a
    second interpreter would load it all again. As in a process of its own, what it prints is kept for the
    message, and Python's default warning filters apply (the tests make every warning an error).
    """
    words = io.StringIO()
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        with contextlib.redirect_stdout(words), contextlib.redirect_stderr(words), warnings.catch_warnings():
            warnings.resetwarnings()
            for category in PYTHON_IGNORES:
                warnings.simplefilter("ignore", category)
            from jupyter_book.cli.main import main

            try:
                main(arguments, standalone_mode=False)
                ok = True
            except SystemExit as stopped:  # its way of saying Sphinx failed
                ok = stopped.code in (0, None)
            except Exception:  # printed as it would end a process of its own, after Sphinx's words
                traceback.print_exc()
                ok = False
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return words.getvalue(), ok


def sync(incoming: Path, target: Path) -> list[Path]:
    """Make target hold exactly incoming's files, touching only those whose bytes differ.

    Unchanged files keep their modification time, which is how Sphinx knows not to rebuild their pages.
    Returns the files (relative paths) that were added, changed or removed.
    """
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(incoming) for p in incoming.rglob("*") if p.is_file()}
    present = {p.relative_to(target) for p in target.rglob("*") if p.is_file()}
    changed = []
    for name in sorted(present - wanted):
        (target / name).unlink()
        changed.append(name)
    for name in sorted(wanted):
        new, old = incoming / name, target / name
        if not old.is_file() or old.read_bytes() != new.read_bytes():
            old.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new, old)
            changed.append(name)
    shutil.rmtree(incoming)
    return sorted(changed)


def tree_hash(folder: Path) -> str:
    """One sha256 for a folder's file names and contents."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return parts_sha256(part for p in files for part in (str(p.relative_to(folder)).encode(), p.read_bytes()))


def snapshot(
    html: Path,
    target: Path,
    source: Path,
    extras: dict[str, Path] | None = None,
    cache: Cache | None = None,
    code: str = "",
) -> Path:
    """A finished copy of the built site to swap into place (Sphinx's own output stays for the next build).

    The staged extras (`source/_extra`) and `extras` (site path → file: the council pages and their figures,
    taken from the cache as they are, never staged) are published exactly, whatever Sphinx kept from earlier
    builds. The finishing touches (keyboard-usable scroll boxes, a Content-Security-Policy on every page) are
    made on the copy, so Sphinx's incremental output is never altered; with a `cache`, a page finished by an
    earlier build from the same bytes and `code` (the package's source hash) is taken from it.
    """
    if target.exists():
        shutil.rmtree(target)

    def unasked_for(folder: str, names: list[str]) -> set[str]:  # not copied only to be removed (prune)
        return {name for name in names if lighten.unasked_for(Path(folder, name).relative_to(html))}

    shutil.copytree(html, target, ignore=unasked_for)
    staged = source / "_extra"
    extras = extras or {}
    # Sphinx copies html_extra_path only when some page is out of date, and never removes a file: each folder
    # of extras is emptied of all but the book's own pages, then given exactly the extras.
    tops = {p.name for p in staged.iterdir()} if staged.is_dir() else set()
    for top in sorted(tops | {Path(name).parts[0] for name in extras}):
        published = target / top
        # A folder of extras may share its name with a folder of pages (councils/: the index is a page of the
        # book, each council's page an extra): those pages stay.
        pages = {p.with_suffix(".html").name for p in (source / top).glob("*.md")}
        if published.is_dir():
            for old in published.iterdir():
                if old.name not in pages:
                    shutil.rmtree(old) if old.is_dir() else old.unlink()
        elif published.exists():
            published.unlink()
        if (staged / top).is_dir():
            shutil.copytree(staged / top, published, dirs_exist_ok=True)
        elif (staged / top).is_file():
            shutil.copyfile(staged / top, published)
    for name, path in sorted(extras.items()):
        if (target / name).exists():
            raise AssemblyFailed(f"two parts of the build publish {name}")
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        link_out(path, target / name)  # a file of the cache: linked, not copied
    title = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8")).get("title", "")
    finish.finish_site(target, title, cache, code)
    seal(target)
    return target


def seal(site: Path) -> None:
    """The finished site's last touches: world-readable modes, the checker, and the manifest of every file.

    Modes are set, not left to the umask: folders 0755, files 0644. /check.py (standard library only) checks
    a downloaded copy against /manifest.json, which gains the sha256 of every other published file.
    """
    shutil.copyfile(Path(check_site.__file__), site / "check.py")
    for path in [site, *site.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    # The build's manifest, staged as an extra; without one, the list of files is all it holds.
    listed = site / check_site.MANIFEST
    made = json.loads(listed.read_text(encoding="utf-8")) if listed.is_file() else {}
    made["files"] = check_site.published_files(site)
    (site / check_site.MANIFEST).write_text(manifest.dumps(made), encoding="utf-8")
    (site / check_site.MANIFEST).chmod(0o644)


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
