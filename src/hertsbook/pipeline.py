"""The whole build: validate → execute → assemble, with a progress line per step and notebook."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hertsbook import stops
from hertsbook.cache import Cache
from hertsbook.cache import key as cache_key
from hertsbook.execute import params, reads, runner, sources
from hertsbook.gate import book_config, validate
from hertsbook.progress import say, step
from hertsbook.project import THEMES, Project, copy_tree
from hertsbook.publish import assemble, manifest, pages


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
    """Every data file checked; a failure stops the build."""
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


def execute_theme(
    project: Project,
    theme: str,
    values: dict[str, Any],
    output: Path,
    figures: Path,
    kernel: runner.Kernel | None = None,
) -> Path:
    with step(f"execute notebooks/{theme}.py"):
        return runner.execute(project, theme, values, output, figures, kernel)


@dataclass
class Plan:
    """What the notebooks need: their parameters, cache keys, cached runs and the ones to run now.

    A run is found in two steps. `keys` (the notebook's code, parameters, package and lock) name the reads
    recorded by earlier runs; a cached run is stored under that key with the state of what it read (each
    file's sha256, each listed folder's names), so it is taken only while all of that is as it was.
    """

    inputs: dict[str, dict[str, Any]]  # what each run reads, as the manifest records it
    keys: dict[str, str]
    entries: dict[str, Path | None]

    @property
    def parameters(self) -> dict[str, dict[str, Any]]:
        return {t: self.inputs[t]["parameters"] for t in THEMES}

    @property
    def missing(self) -> list[str]:
        return [t for t in THEMES if self.entries[t] is None]


READ_SETS_KEPT = 8  # the read sets remembered per notebook code: an edit undone finds its run again


def plan_execution(project: Project, cache: Cache) -> Plan:
    """Look up every theme notebook's run in the cache (the build runs each with its defaults)."""
    inputs = {t: manifest.inputs(project, t, params.defaults(project, t)) for t in THEMES}
    keys = {t: _execution_key(project, t, inputs[t]) for t in THEMES}
    entries: dict[str, Path | None] = {}
    for theme in THEMES:
        entries[theme] = None
        # Each set of reads an earlier run of this code made: a deterministic notebook that finds the same
        # bytes in the files it read, and the same names in the folders it listed, reads and makes the same.
        for seen in cache.value("reads", keys[theme]) or []:
            prints = reads.fingerprint(project.root, seen)
            entries[theme] = cache.get("execute", cache_key("execute", keys[theme], prints))
            if entries[theme] is not None:
                inputs[theme] |= reads.manifest_inputs(prints)
                break
    return Plan(inputs, keys, entries)


def _store_run(project: Project, cache: Cache, plan: Plan, theme: str, files: dict[str, Path]) -> Path:
    """Cache a run under what it read, as recorded by its kernel; remember that read set for its code."""
    record = project.build / "work" / theme / "reads.jsonl"
    try:
        seen, prints = reads.recorded(record)
    except (OSError, ValueError) as error:
        raise runner.NotebookFailed(
            f"notebooks/{theme}.py ran but its kernel recorded no reads ({error}): it cannot be cached; "
            f"its log is {project.relative(record.with_name('kernel.log'))}"
        ) from None
    edited = reads.changed_since_read(project.root, prints)
    if edited:
        raise BuildError(
            f"{', '.join(edited)} changed while notebooks/{theme}.py ran: its run is not kept; build again"
        )
    entry = cache.put("execute", cache_key("execute", plan.keys[theme], prints), files, value=prints)
    known = [s for s in cache.value("reads", plan.keys[theme]) or [] if s != seen]
    cache.put("reads", plan.keys[theme], {}, value=[seen, *known][:READ_SETS_KEPT])
    plan.inputs[theme] |= reads.manifest_inputs(prints)
    return entry


def start_kernels(project: Project, plan: Plan) -> dict[str, runner.Kernel]:
    """A kernel for each notebook to run, started now so they boot while the data is checked.

    Starting a kernel runs none of a notebook: if a check fails, they are stopped unused.
    """
    work = project.build / "work"
    kernels = {}
    if plan.missing:
        runner.remove_stale_kernel_folders()
    for theme in plan.missing:
        shutil.rmtree(work / theme, ignore_errors=True)  # nothing from an earlier run may slip into this one
        folder = work / theme
        kernels[theme] = runner.start_kernel(
            project, folder / "figures", folder / "kernel.log", folder / "reads.jsonl"
        )
    if kernels:
        say(f"  started {len(kernels)} Python kernel(s) for the notebooks to run")
    return kernels


def execute_all(
    project: Project, cache: Cache, plan: Plan, kernels: dict[str, runner.Kernel]
) -> dict[str, Path]:
    """Every theme notebook: from the cache where nothing it depends on changed, otherwise run now.

    The notebooks to run do so at the same time, each in its own kernel (a process of its own, already
    booted), so they spread across the machine's cores; a thread here only relays each one's messages.
    A notebook that fails does not stop the others: their runs are cached, and the first failure is raised.
    """
    entries = dict(plan.entries)
    for theme in THEMES:
        if entries[theme] is not None:
            say(f"✓ notebooks/{theme}.py unchanged: taken from the cache")
    work = project.build / "work"
    if plan.missing:
        with ThreadPoolExecutor(max_workers=len(plan.missing)) as relays:
            runs = {
                theme: relays.submit(
                    execute_theme,
                    project,
                    theme,
                    plan.parameters[theme],
                    work / theme / f"{theme}.ipynb",
                    work / theme / "figures",
                    kernels[theme],
                )
                for theme in plan.missing
            }
        for theme, run in runs.items():
            if run.exception() is None:
                folder = work / theme
                files = {f"{theme}.ipynb": folder / f"{theme}.ipynb"}
                files |= {f"figures/{p.name}": p for p in sorted((folder / "figures").glob("*"))}
                entries[theme] = _store_run(project, cache, plan, theme, files)
        failed = [run.exception() for run in runs.values() if run.exception() is not None]
        if failed:
            raise failed[0]
    if project.figures.exists():
        shutil.rmtree(project.figures)
    project.figures.mkdir(parents=True)
    project.executed.mkdir(parents=True, exist_ok=True)
    executed = {}
    for theme in THEMES:
        entry = entries[theme]
        assert entry is not None
        # The run's outputs under the notebook's current prose (a text edit needs no new run).
        runner.refresh_text(
            entry / f"{theme}.ipynb", project.notebook(theme), project.executed / f"{theme}.ipynb"
        )
        for figure in sorted((entry / "figures").glob("*")):
            shutil.copyfile(figure, project.figures / figure.name)
        executed[theme] = project.executed / f"{theme}.ipynb"
    return executed


def _execution_key(project: Project, theme: str, inputs: dict[str, Any]) -> str:
    """What a run depends on besides what it reads: the notebook's code (not its prose), parameters, package
    and lock. The files it read are added to this key when the run is stored (see Plan)."""
    depends = {**inputs, "notebook": runner.code_hash(project.notebook(theme))}
    return cache_key("execute", depends, manifest.sha256((project.root / "requirements.lock").read_bytes()))


def generated_pages(project: Project, cache: Cache) -> dict[str, str]:
    """The evidence and audit pages, made again only when the data, the package or the lock changed."""
    data = {
        project.relative(p): manifest.sha256(p.read_bytes()) for p in project.data.rglob("*") if p.is_file()
    }
    lock = manifest.sha256((project.root / "requirements.lock").read_bytes())
    key = cache_key("pages", sorted(data.items()), manifest.package_source_hash(project), lock)
    written = cache.value("pages", key)
    if written is None:
        written = assemble.generated_pages(project)
        cache.put("pages", key, {}, value=written)
    return written


def repository_url(project: Project) -> str:
    """`hertsbook: repository_url:` in _config.yml: where the book's repository is, shown on the auditing page."""
    import yaml

    try:
        config = yaml.safe_load((project.root / "_config.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return ""  # the build's own check of _config.yml names the problem
    url = (config.get("hertsbook") or {}).get("repository_url") or "" if isinstance(config, dict) else ""
    if not isinstance(url, str) or (url and not REPOSITORY_URL.fullmatch(url)):
        raise BuildError(
            f"_config.yml: hertsbook.repository_url must be an http(s) address (no spaces or quotes), not {url!r}"
        )
    return url


REPOSITORY_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+")


def build(project: Project, origin: dict[str, Any] | None = None) -> Path:
    """Validate, execute, assemble and publish.

    The kernels boot while the data is checked. `origin` is what the site says it was built from
    (`manifest.built_from`; by default this folder's git checkout).
    """
    stage = project.stage
    with ExitStack() as running:
        book = assemble.JupyterBook.for_project(project)
        running.enter_context(build_lock(project))
        runner.Limits.from_environment()  # a bad limit stops the build before anything runs
        assemble.recover(project.site)
        cache = Cache(project.build / "cache")
        wrong = book_config.problems(project, cache)  # _toc.yml and _config.yml, before any kernel starts
        if wrong:
            raise BuildError("\n".join(wrong))
        sources.keep_in(cache)
        running.callback(sources.keep_in, None)  # this project's cache, for this build only
        plan = plan_execution(project, cache)
        kernels = start_kernels(project, plan)
        for kernel in kernels.values():  # each run sets its kernel stopping; the build waits for that here
            running.callback(kernel.stop)
        report = check_data(project)
        # The pages written from the data are made while the kernels run the notebooks (this process only
        # waits on them then).
        with ThreadPoolExecutor(max_workers=1) as helper:
            pages_made = helper.submit(generated_pages, project, cache)
            executed = execute_all(project, cache, plan, kernels)
            written = pages_made.result()
        origin = origin or manifest.built_from(project.root, repository_url(project))
        made = manifest.build(
            project, executed, plan.inputs, origin
        )  # the inputs the runs' keys were made of
        made_text = manifest.dumps(made)
        (project.build / "manifest.json").write_text(made_text, encoding="utf-8")
        with step("assemble the site with jupyter-book"):
            written["book/auditing.md"] = pages.auditing_page(report.checked, made)
            written["_extra/manifest.json"] = made_text  # published at /manifest.json
            incoming = assemble.stage_sources(project, executed, written, stage / "incoming")
            changed = assemble.sync(incoming, stage / "source")
            digest = assemble.tree_hash(stage / "source")
            published = stage / "published.sha256"
            if project.site.is_dir() and published.is_file() and published.read_text() == digest:
                say("  no page source changed and the site is up to date: nothing to rebuild")
                return project.site
            say(f"  {len(changed)} page source file(s) changed since the last build")
            if any(path.parts[0] == "_static" for path in changed):
                say("  the stylesheet or scripts changed: every page is built again")
                book.start_afresh()
            html = book.run()
        with step("publish to _build/html/"):
            new = assemble.snapshot(html, project.build / "html.new", stage / "source")
            with stops.held():  # Ctrl-C waits for the swap: the site is the old one or the new one, whole
                assemble.publish(new, project.site)
                published.write_text(digest)
    return project.site


def refresh_manifest(project: Project) -> Path:
    """Build, then make the build's manifest the committed one (for an intended change to the book).

    The committed copy leaves out what names the commit or the machine (see `manifest.committed`).
    """
    build(project)
    target = project.root / "manifest.json"
    made = json.loads((project.build / "manifest.json").read_text(encoding="utf-8"))
    target.write_text(manifest.dumps(manifest.committed(made)), encoding="utf-8")
    return target


def check_published(site: Path) -> list[str]:
    """The published site against its own manifest.json, without rebuilding: one line per differing file."""
    from hertsbook.publish import check_site

    if not (site / check_site.MANIFEST).is_file():
        raise BuildError(f"there is no published site with a manifest.json in {site}: run `make book` first")
    return check_site.problems(site)


def _theme_of(name: str, entries: list[dict[str, Any]]) -> str | None:
    """The chapter a published file belongs to, if it is one's page or one of its figures or downloads."""
    for theme in THEMES:
        if name == f"notebooks/{theme}.html":
            return theme
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
        build(copy, origin=manifest.built_from(project.root, repository_url(project)))
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
