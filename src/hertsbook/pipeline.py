"""The whole build: validate → execute → assemble, with a progress line per step and notebook."""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hertsbook import assemble, execute, manifest, pages, params, validate
from hertsbook.cache import Cache
from hertsbook.cache import key as cache_key
from hertsbook.progress import say, step
from hertsbook.project import THEMES, Project, copy_tree


class BuildError(RuntimeError):
    """A build that stopped: the message says what to fix; the last good site is untouched."""


@contextmanager
def build_lock(project: Project) -> Iterator[None]:
    """One build at a time per project: a second one refuses at once instead of racing the first."""
    project.build.mkdir(exist_ok=True)
    with (project.build / ".lock").open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise BuildError(
                f"another build of this book is running (pid {handle.read().strip() or '?'}); wait for it to finish"
            ) from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        yield


def check_data(project: Project) -> validate.Report:
    with step("validate data/ against expectations/"):
        report = validate.validate(project, cache=Cache(project.build / "cache"))
        validate.write_report(report, project.build / "validation.json")
        if not report.ok:
            raise BuildError(report.text())
    say(
        f"  all files pass: {len(report.fresh)} checked now, {len(report.reused)} unchanged since they last passed"
    )
    return report


def run_theme(
    project: Project, theme: str, given: dict[str, str] | list[tuple[str, str]], output: Path, figures: Path
) -> Path:
    values = params.resolve(params.theme_parameters(project, theme), given)
    return execute_theme(project, theme, values, output, figures)


def _execute_job(root: str, theme: str, values: dict[str, Any], work: str) -> str:
    """One notebook in a worker process (top level, so it can be sent to one)."""
    folder = Path(work)
    shutil.rmtree(folder, ignore_errors=True)  # nothing from an earlier run may slip into this one's entry
    return str(
        execute_theme(Project(Path(root)), theme, values, folder / f"{theme}.ipynb", folder / "figures")
    )


def execute_theme(project: Project, theme: str, values: dict[str, Any], output: Path, figures: Path) -> Path:
    with step(f"execute notebooks/{theme}.py"):
        return execute.execute(project, theme, values, output, figures)


def execute_all(project: Project, cache: Cache) -> tuple[dict[str, Path], dict[str, dict[str, Any]]]:
    """Every theme notebook: from the cache where nothing it depends on changed, otherwise run in parallel."""
    parameters = {t: params.resolve(params.theme_parameters(project, t), {}) for t in THEMES}
    keys = {t: _execution_key(project, t, parameters[t]) for t in THEMES}
    entries = {t: cache.get("execute", keys[t]) for t in THEMES}
    for theme in THEMES:
        if entries[theme] is not None:
            say(f"✓ notebooks/{theme}.py unchanged: taken from the cache")
    missing = [t for t in THEMES if entries[t] is None]
    if missing:
        work = project.build / "work"
        if len(missing) == 1:  # one notebook: run it here, without paying for a worker process
            _execute_job(str(project.root), missing[0], parameters[missing[0]], str(work / missing[0]))
        else:
            workers = max(1, min(len(missing), os.cpu_count() or 1))
            context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited state or locks
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                jobs = {
                    t: pool.submit(_execute_job, str(project.root), t, parameters[t], str(work / t))
                    for t in missing
                }
                failed = [t for t, job in jobs.items() if job.exception() is not None]
                if failed:
                    raise jobs[failed[0]].exception()  # type: ignore[misc]
        for theme in missing:
            folder = work / theme
            files = {f"{theme}.ipynb": folder / f"{theme}.ipynb"}
            files |= {f"figures/{p.name}": p for p in sorted((folder / "figures").glob("*"))}
            entries[theme] = cache.put("execute", keys[theme], files)
    if project.figures.exists():
        shutil.rmtree(project.figures)
    project.figures.mkdir(parents=True)
    project.executed.mkdir(parents=True, exist_ok=True)
    executed = {}
    for theme in THEMES:
        entry = entries[theme]
        # The run's outputs under the notebook's current prose (a text edit needs no new run).
        execute.refresh_text(
            entry / f"{theme}.ipynb", project.notebook(theme), project.executed / f"{theme}.ipynb"
        )
        for figure in sorted((entry / "figures").glob("*")):
            shutil.copyfile(figure, project.figures / figure.name)
        executed[theme] = project.executed / f"{theme}.ipynb"
    return executed, parameters


def _execution_key(project: Project, theme: str, values: dict[str, Any]) -> str:
    """What a run depends on: the notebook's code (not its prose), parameters, data, package and lock."""
    inputs = manifest.inputs(project, theme, values)
    inputs["notebook"] = execute.code_hash(project.notebook(theme))
    return cache_key("execute", inputs, manifest.sha256((project.root / "requirements.lock").read_bytes()))


def build(project: Project) -> Path:
    with build_lock(project):
        assemble.recover(project.site)
        report = check_data(project)
        cache = Cache(project.build / "cache")
        executed, parameters = execute_all(project, cache)
        made = manifest.build(project, executed, parameters)
        (project.build / "manifest.json").write_text(manifest.dumps(made), encoding="utf-8")
        with step("assemble the site with jupyter-book"):
            stage = project.build / "stage"
            incoming = assemble.stage_sources(project, executed, stage / "incoming")
            (incoming / "book" / "auditing.md").write_text(
                pages.auditing_page(report.checked, made), encoding="utf-8"
            )
            changed = assemble.sync(incoming, stage / "source")
            digest = assemble.tree_hash(stage / "source")
            published = stage / "published.sha256"
            if project.site.is_dir() and published.is_file() and published.read_text() == digest:
                say("  no page source changed and the site is up to date: nothing to rebuild")
                return project.site
            say(f"  {changed} page source file(s) changed since the last build")
            html = assemble.build_html(stage / "source", stage / "out")
        with step("publish to _build/html/"):
            assemble.publish(
                assemble.snapshot(html, project.build / "html.new", stage / "source"), project.site
            )
            published.write_text(digest)
    return project.site


def refresh_manifest(project: Project) -> Path:
    """Build, then make the build's manifest the committed one (for an intended change to the book)."""
    build(project)
    target = project.root / "manifest.json"
    shutil.copyfile(project.build / "manifest.json", target)
    return target


def verify(project: Project, keep: Path | None = None) -> tuple[str, bool]:
    """Rebuild from scratch in a temporary folder and compare every entry with the committed manifest.

    With `keep`, the rebuilt copy is left there (for comparing whole trees), otherwise it is removed.
    """
    expected_path = project.root / "manifest.json"
    if not expected_path.is_file():
        raise BuildError("there is no committed manifest.json to verify against: run `make manifest` first")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="hertsbook-verify-") as folder:
        copy = copy_tree(project.root, Path(folder) / "book")
        say(f"rebuilding from scratch in {copy.root} (no cache)")
        build(copy)
        got = json.loads((copy.build / "manifest.json").read_text(encoding="utf-8"))
        if keep is not None:
            shutil.copytree(copy.root, keep, symlinks=True)
    rows, differ = manifest.compare(expected, got)
    lines = [manifest.table(rows)]
    bad = [r["entry"] for r in rows if not r["match"]]
    ok = not bad and not differ
    if bad:
        lines.append(f"\n{len(bad)} entries differ: " + "; ".join(bad))
    if differ:
        lines.append("inputs that differ from the committed manifest: " + "; ".join(differ))
    lines.append("verified: every entry matches the committed manifest" if ok else "NOT verified")
    return "\n".join(lines), ok
