"""Execute: which theme notebooks must run (the rest come from the cache), running them, keeping their runs."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hertsbook import stops
from hertsbook.cache import Cache, file_sha256
from hertsbook.cache import key as cache_key
from hertsbook.errors import BuildError
from hertsbook.execute import params, reads, run_page, runner, sources
from hertsbook.progress import say, step
from hertsbook.project import THEMES, Project
from hertsbook.publish import manifest


def run_theme(
    project: Project, theme: str, given: dict[str, Any] | list[tuple[str, Any]], output: Path, figures: Path
) -> Path:
    """One run of a theme alone (`python -m hertsbook run`): its notebook, and its page beside it.

    The run's charts are written to `figures` and linked from there (never the book's figures), so the page
    `output.html` shows this run's own charts.
    """
    from urllib.parse import quote

    values = params.resolve(params.theme_parameters(project, theme), given)
    url = quote(figures.name)  # the folder beside the notebook and page, as both link it
    with step(f"execute notebooks/{theme}.py"):
        done = runner.execute(project, theme, values, output, figures, figures_url=url)
    stylesheet = project.root / "_static" / run_page.STYLESHEET
    run_page.write(done, done.with_suffix(".html"), figures, url, stylesheet, project.site)
    return done


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
    package = manifest.package_source_hash(project)
    inputs = {t: manifest.inputs(project, t, params.defaults(project, t), package) for t in THEMES}
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


def prepare(
    project: Project, cache: Cache, running: ExitStack, scheduler: str | None = None
) -> tuple[Plan, dict[str, runner.Kernel] | Any]:
    """The plan, and a kernel started for each notebook to run (each stopped when `running` closes).

    With `scheduler` (a Dask scheduler's address), no kernels: a client of that cluster, connected now so an
    unreachable scheduler, or a worker whose checkout is not this one, stops the build before the data check
    (closed when `running` closes).
    """
    runner.Limits.from_environment()  # a bad limit stops the build before anything runs
    sources.keep_in(cache)
    running.callback(sources.keep_in, None)  # this project's cache, for this build only
    plan = plan_execution(project, cache)
    if scheduler is not None:
        from hertsbook.execute import cluster  # distributed is loaded only for a cluster build

        client = cluster.connect(scheduler)
        running.callback(client.close)
        workers = cluster.check_workers(project, client)
        say(f"  connected to the Dask scheduler at {scheduler}: {workers} worker(s) with this checkout")
        return plan, client
    kernels = start_kernels(project, plan)
    for kernel in kernels.values():  # each run sets its kernel stopping; the build waits for that here
        running.callback(kernel.stop)
    return plan, kernels


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


def run_requests(plan: Plan) -> list[Any]:
    """The runs the plan says must run, as the cluster takes them (cluster.RunRequest: name, notebook,
    parameters)."""
    from hertsbook.execute import cluster

    return [cluster.RunRequest(theme, theme, plan.parameters[theme]) for theme in plan.missing]


def _run_files(folder: Path, theme: str) -> dict[str, Path]:
    """A run's files as the cache stores them: its notebook and its figures, by their names in the entry."""
    files = {f"{theme}.ipynb": folder / f"{theme}.ipynb"}
    return files | {f"figures/{p.name}": p for p in sorted((folder / "figures").glob("*"))}


def execute_remote(project: Project, cache: Cache, plan: Plan, client: Any) -> dict[str, Path | None]:
    """The runs to make, on the cluster: each one's outputs written where a local run writes them, then
    cached the same way. The first failure is raised once the others' runs are cached."""
    from hertsbook.execute import cluster

    entries: dict[str, Path | None] = {}
    work = project.build / "work"
    with step(f"execute {len(plan.missing)} notebook(s) on the Dask cluster"):
        results = cluster.run_all(project, client, run_requests(plan), runner.Limits.from_environment())
    failed = []
    for theme, result in results.items():
        if isinstance(result, BaseException):
            failed.append(result)
            continue
        folder = work / theme
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "figures").mkdir(parents=True)
        (folder / f"{theme}.ipynb").write_bytes(result.notebook)
        (folder / "reads.jsonl").write_bytes(result.reads)
        for name, content in result.figures.items():
            (folder / "figures" / name).write_bytes(content)
        say(f"✓ notebooks/{theme}.py ran on worker {result.worker}")
        entries[theme] = _store_run(project, cache, plan, theme, _run_files(folder, theme))
    if failed:
        raise failed[0]
    return entries


def execute_all(
    project: Project, cache: Cache, plan: Plan, kernels: dict[str, runner.Kernel] | Any
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
    if plan.missing and not isinstance(kernels, dict):  # a Dask client (prepare with a scheduler)
        entries |= execute_remote(project, cache, plan, kernels)
    elif plan.missing:
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
            stops.wait(runs.values())
        for theme, run in runs.items():
            if run.exception() is None:
                entries[theme] = _store_run(project, cache, plan, theme, _run_files(work / theme, theme))
        failed = [error for run in runs.values() if (error := run.exception()) is not None]
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
        # The run's outputs under the notebook's current prose (a text edit needs no new run), made once
        # for each run and text: with nothing changed, no notebook is read or written (nbformat's checks of
        # the four took a fifth of such a rebuild).
        prose = cache_key("refreshed", entry.name, file_sha256(project.notebook(theme)))
        refreshed = cache.get("refreshed", prose)
        if refreshed is None:
            made = runner.refresh_text(
                entry / f"{theme}.ipynb", project.notebook(theme), work / f"{theme}.ipynb"
            )
            refreshed = cache.put("refreshed", prose, {f"{theme}.ipynb": made})
            made.unlink()
        shutil.copyfile(refreshed / f"{theme}.ipynb", project.executed / f"{theme}.ipynb")
        for figure in sorted((entry / "figures").glob("*")):
            shutil.copyfile(figure, project.figures / figure.name)
        executed[theme] = project.executed / f"{theme}.ipynb"
    return executed


def _execution_key(project: Project, theme: str, inputs: dict[str, Any]) -> str:
    """What a run depends on besides what it reads: the notebook's code (not its prose), parameters, package
    and lock. The files it read are added to this key when the run is stored (see Plan)."""
    depends = {**inputs, "notebook": runner.code_hash(project.notebook(theme))}
    return cache_key("execute", depends, file_sha256(project.root / "requirements.lock"))
