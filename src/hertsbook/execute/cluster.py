"""Execute on a Dask distributed cluster: the runs the plan says must run, each one a task on a worker.

Imported only when a build is given a scheduler (`make book SCHEDULER=tcp://HOST:PORT`). Each worker has the
project's environment and a checkout of the same commit (its working directory, or $HERTSBOOK_ROOT); a task
checks that checkout against the client's, runs the notebook there with the same runner (same limits, same
tidying) and sends back the executed notebook, its figures and its record of reads as bytes. The client
caches them and assembles the site as a local build does, so the site is the same, byte for byte.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import Client, get_worker

from hertsbook import stops
from hertsbook.cache import file_sha256, parts_sha256
from hertsbook.errors import BuildError, HertsbookError
from hertsbook.execute import runner
from hertsbook.project import Project
from hertsbook.publish import manifest

CONNECT_SECONDS = 10  # an address that answers nothing fails within this, before any notebook runs
log = logging.getLogger("distributed.worker")  # a worker logs at INFO to its stderr: the record that it ran


@dataclass(frozen=True)
class RunRequest:
    """One notebook run: `name` names its outputs (NAME.ipynb), `notebook` is what `runner.execute` takes
    (a theme's name), `parameters` its checked values (plain JSON-like data)."""

    name: str
    notebook: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class RunResult:
    """What a worker sends back: the executed notebook, its figures by file name, its reads.jsonl."""

    name: str
    notebook: bytes
    figures: dict[str, bytes]
    reads: bytes
    worker: str


class CheckoutDiffers(HertsbookError):
    """A worker's checkout is not the client's: it refuses to run rather than publish another commit's pages."""


def checkout(project: Project, notebooks: Iterable[str]) -> dict[str, str]:
    """What must be the same on both sides: the package, each notebook, the data and the lock, by hash."""
    data = sorted(p for p in project.data.rglob("*") if p.is_file())
    return {
        "package (src/hertsbook)": manifest.package_source_hash(project),
        "data/": parts_sha256(part for p in data for part in (project.relative(p).encode(), p.read_bytes())),
        "requirements.lock": file_sha256(project.root / "requirements.lock"),
    } | notebook_hashes(project, notebooks)


def notebook_hashes(project: Project, notebooks: Iterable[str]) -> dict[str, str]:
    return {
        project.relative(project.notebook(n)): file_sha256(project.notebook(n))
        for n in sorted(set(notebooks))
    }


def differences(mine: dict[str, str], theirs: dict[str, str]) -> list[str]:
    return [name for name in sorted(mine.keys() | theirs.keys()) if mine.get(name) != theirs.get(name)]


def connect(address: str) -> Client:
    """A client of the scheduler at `address`; one line (BuildError) if it cannot be reached."""
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except Exception as error:  # noqa: BLE001 - any failure to connect is the one line below
        reason = " ".join(str(error).split()) or type(error).__name__
        raise BuildError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


def worker_checkout() -> dict[str, Any]:
    """On a worker: where its checkout is, and the hashes of what all runs share (package, data, lock)."""
    project = Project.find()
    return {"root": str(project.root), "hashes": checkout(project, [])}


def check_workers(project: Project, client: Client) -> int:
    """Every worker the scheduler has now holds the client's package, data and lock, or the build stops here,
    before the data check and any notebook; the number of workers. (Each task checks again, with its
    notebook: a worker may join later.)"""
    mine = checkout(project, [])
    try:
        theirs = client.run(worker_checkout)
    except Exception as error:  # noqa: BLE001 - a worker that cannot answer is the one line below
        reason = " ".join(str(error).split()) or type(error).__name__
        raise BuildError(f"a worker of the Dask cluster could not report its checkout: {reason}") from None
    for address, seen in sorted(theirs.items()):
        differ = differences(mine, seen["hashes"])
        if differ:
            raise CheckoutDiffers(
                f"worker {address}: its checkout at {seen['root']} differs from the client's in "
                f"{', '.join(differ)}; give it a checkout of the same commit"
            )
    return len(theirs)


def run_all(
    project: Project, client: Client, requests: list[RunRequest], limits: runner.Limits
) -> dict[str, RunResult | BaseException]:
    """Every request as a task on the cluster, all at once; each one's result, or the error it raised."""
    shared = checkout(project, [])  # hashed once; each task is compared on its own notebook besides
    futures = {
        r.name: client.submit(
            run_on_worker,
            r,
            shared | notebook_hashes(project, [r.notebook]),
            limits,
            key=f"hertsbook-{r.name}",
            pure=False,
        )
        for r in requests
    }
    stops.until(lambda: all(future.done() for future in futures.values()))  # Ctrl-C stops the wait
    done: dict[str, RunResult | BaseException] = {}
    for name, future in futures.items():
        try:
            done[name] = future.result()
        except Exception as error:  # noqa: BLE001 - returned for the caller to keep the others' runs
            done[name] = error
    return done


def run_on_worker(request: RunRequest, expected: dict[str, str], limits: runner.Limits) -> RunResult:
    """On a worker: check its checkout, run the notebook there, return what it made as bytes."""
    address = get_worker().address
    project = Project.find()
    differ = differences(expected, checkout(project, [request.notebook]))
    if differ:
        raise CheckoutDiffers(
            f"worker {address} refuses {project.relative(project.notebook(request.notebook))}: its checkout at {project.root} differs from "
            f"the client's in {', '.join(differ)}; give it a checkout of the same commit"
        )
    log.info("hertsbook: running %s in %s", request.name, project.root)
    (project.build / "remote").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{request.name}-", dir=project.build / "remote") as scratch:
        folder = Path(scratch)
        figures, output = folder / "figures", folder / f"{request.name}.ipynb"
        kernel = runner.start_kernel(project, figures, folder / "kernel.log", folder / "reads.jsonl")
        try:
            runner.execute(
                project, request.notebook, request.parameters, output, figures, kernel, limits=limits
            )
        finally:
            kernel.stop()
        result = RunResult(
            request.name,
            output.read_bytes(),
            {p.name: p.read_bytes() for p in sorted(figures.glob("*"))},
            (folder / "reads.jsonl").read_bytes(),
            address,
        )
    log.info("hertsbook: ran %s", request.name)
    return result
