"""Execute: one run of notebooks/council.py per council, on a pool of local workers, cached per council.

Each run is an entry like a theme's in the execution plan: a notebook, its parameters and a work folder,
found in the cache by a key. The key holds exactly the data the page shows (the council's own rows, its
type's, region's and England's, every council's figures in the page's year for the ranks, and its rows in
the other national files), so a change to one council's data re-runs only the pages that show it.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hertsbook import stops
from hertsbook.cache import Cache, file_sha256, sha256
from hertsbook.cache import key as cache_key
from hertsbook.errors import BuildError
from hertsbook.project import Project

if TYPE_CHECKING:
    import pandas as pd

NOTEBOOK = "council"
PAGES = "councils"  # in the site: councils/index.html (a page of the book) and councils/<ONS code>.html
ENV = "HERTSBOOK_COUNCILS"  # ONS codes, comma-separated, to build only those (tests); unset: every council
WORKERS_ENV = "HERTSBOOK_COUNCIL_WORKERS"  # local workers (default: the machine's cores)


class UnknownCouncil(BuildError):
    """A council asked for in HERTSBOOK_COUNCILS that the national ASCOF data does not hold."""


@dataclass(frozen=True)
class Run:
    """One council's page run: the notebook, its parameters and its work folder, and its cache key."""

    code: str
    key: str
    folder: Path

    @property
    def parameters(self) -> dict[str, str]:
        return {"council": self.code}


def every_code(project: Project, cache: Cache) -> list[str]:
    """Every council in the national ASCOF data (read again only when the workbook changed)."""
    found = cache_key("council-codes", file_sha256(project.data / READS[0]))
    every = cache.value("council-codes", found)
    if every is None:
        from hertsbook.content import ascof, data  # pandas: loaded only when the workbook changed

        every = list(ascof.councils(data.ascof_series(project))["code"])
        cache.put("council-codes", found, {}, value=every)
    return list(every)


def codes(project: Project, cache: Cache, asked: str | None = None) -> list[str]:
    """Every council in the national ASCOF data, or those listed in `asked` (by default $HERTSBOOK_COUNCILS)."""
    every = every_code(project, cache)
    asked = os.environ.get(ENV) if asked is None else asked
    if not asked or not asked.strip():
        return every
    wanted = [c.strip() for c in asked.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in every]
    if unknown:
        raise UnknownCouncil(
            f"{ENV} names councils the national ASCOF data does not hold: {', '.join(unknown)}"
        )
    return sorted(set(wanted))


def _frame_bytes(frame: pd.DataFrame) -> bytes:
    """The frame's columns and every cell, hashed row by row (pandas' own hash: fast, stable for one pandas)."""
    import pandas as pd

    rows = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    return ",".join(map(str, frame.columns)).encode() + b"\n" + rows


# What the pages read besides the package and notebook: a change to any of them works the slices out again.
READS = (
    "national/ascof_time_series_2015-16_to_2024-25.ods",
    "national/ons_snpp_2018based_table2_persons_ons_pop.csv",
    "national/dfe_lait_extract_funded_early_education_2yo.csv",
    "national/ascof_outcomes_2017-18_to_2023-24_trend_data.csv",
)


def cached_slices(project: Project, cache: Cache, wanted: list[str], package: str) -> dict[str, Any]:
    """`data_slices` and `listing`, worked out again only when a file the pages read (or the package) changed."""
    files = [file_sha256(project.data / f) for f in READS]
    found = cache_key("council-slices", package, files, wanted)
    known = cache.value("council-slices", found)
    if known is None:
        known = {"slices": data_slices(project, wanted), "listing": listing(project, wanted)}
        cache.put("council-slices", found, {}, value=known)
    return dict(known)


def listing(project: Project, wanted: list[str]) -> list[dict[str, str]]:
    """Each council built: code, its name as the ASCOF data gives it, its type and region (for the index)."""
    from hertsbook.content import ascof, data
    from hertsbook.content import councils as places

    names = ascof.councils(data.ascof_series(project)).set_index("code")["area"]
    known = places.areas(project).set_index("code")
    return [
        {
            "code": c,
            "name": str(names.get(c, c)),
            "type": str(known.loc[c, "type"]) if c in known.index else places.area_type(c),
            "region": str(known.loc[c, "region"]) if c in known.index else places.NO_REGION,
        }
        for c in wanted
    ]


def data_slices(project: Project, wanted: list[str]) -> dict[str, str]:
    """The sha256 of exactly the data each council's page shows, computed once in the build process."""
    from hertsbook.content import ascof, data
    from hertsbook.content.places import ENGLAND_ONS

    series = data.ascof_series(project)
    snpp = data.ons_snpp(project)
    early = data.dfe_early_education(project)
    areas = data.table(project, f"national/{data.ONS_SNPP}")
    contents = data.ascof_contents(project)
    log = data.ascof_comparability_log(project)
    common = sha256(
        _frame_bytes(contents) + _frame_bytes(log) + _frame_bytes(series[series["code"] == ENGLAND_ONS])
    )
    councils_only = series[series["level"] == "Council"][["year", "measure", "code", "value"]]
    ranks_by_year = {y: _frame_bytes(f) for y, f in councils_only.groupby("year")}
    by_code = {c: _frame_bytes(f) for c, f in series.groupby("code")}
    snpp_by_code = {c: _frame_bytes(f) for c, f in snpp.groupby("code")}
    early_by_name = {n: _frame_bytes(f) for n, f in early.groupby("area")}
    names = ascof.councils(series).set_index("code")["area"]
    finals = series.dropna(subset=["value"]).groupby("code")["year"].max()
    regions: dict[str, str | None] = {}
    region = None
    for area in areas["CODE"].drop_duplicates():  # ascof.region_of's rule, in one pass
        if area.startswith("E12"):
            region = area
        else:
            regions.setdefault(area, region)
    out = {}
    for code in wanted:
        type_name, group = ascof.council_type(code)
        where = ascof.Place(code, str(names.get(code, code)), type_name, group, regions.get(code))
        parts = [
            common.encode(),
            repr(where).encode(),
            by_code.get(code, b""),
            *(by_code.get(g, b"") for g in (where.type_group, where.region) if g),
            ranks_by_year.get(finals.get(code, ""), b""),  # every council's figures in the page's year: ranks
            snpp_by_code.get(code, b""),
            early_by_name.get(where.name, b""),
        ]
        out[code] = sha256(b"\0".join(parts))
    return out


def plan(
    project: Project, cache: Cache, wanted: list[str] | None = None
) -> tuple[list[Run], list[dict[str, str]]]:
    """A run per council, keyed by the notebook's code, the package, the lock and the council's data slice;
    and the councils' listing for the index."""
    from hertsbook.execute import runner
    from hertsbook.publish import manifest

    wanted = codes(project, cache) if wanted is None else wanted
    package = manifest.package_source_hash(project)
    code = runner.code_hash(project.notebook(NOTEBOOK))
    base = cache_key(NOTEBOOK, code, package, file_sha256(project.root / "requirements.lock"))
    known = cached_slices(project, cache, wanted, package)
    work = project.build / "work" / "councils"
    return [Run(c, cache_key(base, c, known["slices"][c]), work / c) for c in wanted], known["listing"]


class _Queue:
    """The runs still to do, handed out one at a time to whichever worker is free; emptied on a failure."""

    def __init__(self, runs: list[Run]) -> None:
        self.runs, self.total, self.done = list(reversed(runs)), len(runs), 0
        self.lock = threading.Lock()

    def take(self) -> Run | None:
        with self.lock:
            return self.runs.pop() if self.runs else None

    def finished(self) -> int:
        with self.lock:
            self.done += 1
            return self.done

    def stop(self) -> None:
        with self.lock:
            self.runs.clear()


def _worker(project: Project, number: int, queue: _Queue, names: dict[str, str]) -> list[str]:
    """One local worker: a kernel started once, running council after council from the queue (returns the
    councils it ran).

    Starting a kernel and loading pandas and matplotlib cost more than a council's own work, so the kernel
    is kept; each run starts a new session in it (runner.FRESH_SESSION), and test_council_runs checks that a
    page run after another is byte for byte the page run in a kernel of its own.
    """
    from hertsbook.execute import runner
    from hertsbook.progress import say

    ran: list[str] = []
    folder = project.build / "work" / "councils"
    kernel = runner.start_kernel(project, folder / f"kernel-{number}", folder / f"kernel-{number}.log")
    try:
        while (run := queue.take()) is not None:
            shutil.rmtree(run.folder, ignore_errors=True)
            began = time.perf_counter()
            try:
                runner.execute(
                    project,
                    NOTEBOOK,
                    run.parameters,
                    run.folder / f"{run.code}.ipynb",
                    run.folder / "figures",
                    kernel,
                    keep=True,
                )
            except BaseException:
                queue.stop()  # the first failure stops the build: no more runs start
                raise
            seconds = time.perf_counter() - began
            ran.append(run.code)
            say(
                f"  council {queue.finished()} of {queue.total}: {run.code} {names.get(run.code, '')} ({seconds:.1f}s)"
            )
    finally:
        kernel.stop()
    return ran


def _execute_remote(project: Project, client: Any, runs: list[Run], names: dict[str, str]) -> list[str]:
    """The runs as tasks on the Dask cluster (execute/cluster.py), each one's outputs written where a local
    run writes them. The first failure is raised once every result is in."""
    from hertsbook.execute import cluster, runner
    from hertsbook.progress import say

    requests = [cluster.RunRequest(run.code, NOTEBOOK, run.parameters) for run in runs]
    results = cluster.run_all(project, client, requests, runner.Limits.from_environment())
    failed = [r for r in results.values() if isinstance(r, BaseException)]
    if failed:
        raise failed[0]
    for run in runs:
        result = results[run.code]
        assert not isinstance(result, BaseException)
        shutil.rmtree(run.folder, ignore_errors=True)
        (run.folder / "figures").mkdir(parents=True)
        (run.folder / f"{run.code}.ipynb").write_bytes(result.notebook)
        for name, content in result.figures.items():
            (run.folder / "figures" / name).write_bytes(content)
        say(f"  council {run.code} {names.get(run.code, '')} ran on worker {result.worker}")
    return [run.code for run in runs]


def execute(
    project: Project,
    cache: Cache,
    runs: list[Run],
    workers: int | None = None,
    names: dict[str, str] | None = None,
    client: Any = None,
) -> tuple[dict[str, Path], list[str]]:
    """Each council's executed notebook and figures: from the cache, or run now on `workers` local workers,
    or with `client` (a Dask client: `make book SCHEDULER=...`) on that cluster's workers.

    A local worker is a thread relaying to a kernel of its own (a process), so runs spread across the cores.
    """
    entries: dict[str, Path] = {}
    missing = []
    for run in runs:
        found = cache.get("council", run.key)
        if found is None:
            missing.append(run)
        else:
            entries[run.code] = found
    ran: list[str] = []
    if missing and client is not None:
        ran = _execute_remote(project, client, missing, names or {})
    elif missing:
        wanted = workers or int(os.environ.get(WORKERS_ENV) or os.cpu_count() or 1)
        count = max(1, min(wanted, len(missing)))
        queue = _Queue(missing)
        with ThreadPoolExecutor(max_workers=count) as pool:
            futures = [pool.submit(_worker, project, n, queue, names or {}) for n in range(count)]
            stops.wait(futures)
        for future in futures:
            ran += future.result()  # a failure is raised here, naming its notebook's cell
    for run in missing:  # run here or on the cluster: each one's notebook and figures are in its folder
        files = {f"{run.code}.ipynb": run.folder / f"{run.code}.ipynb"}
        files |= {f"figures/{p.name}": p for p in sorted((run.folder / "figures").glob("*"))}
        entries[run.code] = cache.put("council", run.key, files)
    return entries, ran


def publish(
    project: Project, cache: Cache, client: Any = None
) -> tuple[dict[str, str], list[dict[str, str]], dict[str, tuple[Path, str]]]:
    """Run (or take from the cache) every council's page.

    Returns the index, the one page of the book among them (by its path in the book); the manifest's entries
    for the councils' figures, CSVs and tables; and the files published as they are, beside the book's pages
    (by their path in the site: each council's page and figures, about 40 MB for every council), each a file in
    the cache with its sha256 as the cache's index records it. These are never staged for jupyter-book, so a
    rebuild neither copies nor reads them again (docs/design.md). With `client` (a Dask client) the runs go
    to its cluster. With nothing changed, nothing is rendered again and neither pandas nor the notebook
    libraries are loaded (test_cache).
    """
    from hertsbook.progress import say, step

    runs, listed = plan(project, cache)
    names = {row["code"]: row["name"] for row in listed}
    with step(f"run the council pages (notebooks/{NOTEBOOK}.py, {len(runs)} councils)"):
        entries, ran = execute(project, cache, runs, names=names, client=client)
    say(f"  {len(ran)} council page(s) run now, {len(runs) - len(ran)} taken from the cache")
    keys = {run.code: run.key for run in runs}
    index_key = cache_key("council-index", sorted(keys.values()), listed)
    index = cache.value("council-index", index_key)
    if index is None:
        from hertsbook.publish import council_pages

        index = council_pages.index_page(listed)
        cache.put("council-index", index_key, {}, value=index)
    listed_entries: list[dict[str, str]] = []
    files: dict[str, tuple[Path, str]] = {}
    for code, entry in sorted(entries.items()):
        files |= {
            name: (entry / name, sha)
            for name, sha in cache.hashes(entry).items()
            if name.startswith("figures/")
        }
        # The page and its manifest entries as made from this run, kept beside it: a rebuild with nothing
        # changed makes neither again (reading 158 notebooks for the manifest took 1.3 s of it).
        page_key = cache_key("council-made", keys[code], names[code])
        made = cache.get("council-made", page_key)
        if made is None:
            from hertsbook.publish import council_pages, manifest

            notebook = entry / f"{code}.ipynb"
            page = project.build / "work" / PAGES / f"{code}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(council_pages.page(notebook, names[code]), encoding="utf-8")
            found = manifest.entries_for(
                project, f"council {code}", notebook, f"{PAGES}/{code}.html", entry / "figures"
            )
            made = cache.put("council-made", page_key, {"page.html": page}, value=found)
            page.unlink()
        files[f"{PAGES}/{code}.html"] = (made / "page.html", cache.hashes(made)["page.html"])
        listed_entries += json.loads((made / "value.json").read_text(encoding="utf-8"))
    return {f"{PAGES}/index.md": index}, listed_entries, files
