"""Execute: a jupytext notebook run by papermill with checked parameters, its output made reproducible."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from hertsbook import reads as hertsbook_reads
from hertsbook import sources
from hertsbook.project import Project

KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
HIDDEN = {"parameters", "injected-parameters"}  # shown by the page's own parameter table instead
# What every theme notebook imports first, and what costs a kernel most of its first second: loaded while
# the build does its other work. Importing a module earlier changes no output; the notebook's own imports
# then find it loaded.
PRELOAD = "import matplotlib.pyplot, pandas, seaborn, hertsbook.charts, hertsbook.data"
# Run by the kernel as it starts, before it answers any request (so before PRELOAD and every cell): the
# record of what the run reads begins (hertsbook.reads; the cache keys the run on it). It binds no name.
RECORD_READS = "__import__('hertsbook.reads').reads.install_from_environment()"
KERNEL_READY_SECONDS = 120
KERNEL_FOLDER = "hertsbook-kernel-"  # then the build's pid and a random part


class NotebookFailed(RuntimeError):
    """A notebook raised: the message names the notebook, the cell and the error."""


def to_notebook(path: Path) -> nbformat.NotebookNode:
    """The jupytext source as a notebook with its kernel set (papermill cannot read .py itself)."""
    notebook = sources.read(path)
    notebook.metadata["kernelspec"] = dict(KERNEL)
    notebook.metadata.pop("jupytext", None)
    return notebook


class BootedKernelClient(AsyncKernelClient):
    """The client papermill runs a notebook through, for a kernel booted ahead of it.

    jupyter-client's `wait_for_ready` ends by reading IOPub until 0.2 s pass without a message: a fixed
    0.2 s on every run. This one is ready as soon as IOPub carries the kernel's "idle" after our own
    kernel_info request, which also proves IOPub connected (a message sent before it was would be lost).
    Nothing older can be queued for a new client, and nbclient ignores messages that answer other requests.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        budget = KERNEL_READY_SECONDS if timeout is None else timeout
        deadline = time.monotonic() + budget
        while time.monotonic() < deadline:
            request = self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
                while reply["parent_header"].get("msg_id") != request:
                    reply = await self.shell_channel.get_msg(timeout=1)
                while True:
                    message = await self.iopub_channel.get_msg(timeout=0.2)
                    if (
                        message["parent_header"].get("msg_id") == request
                        and message["content"].get("execution_state") == "idle"
                    ):
                        self._handle_kernel_info_reply(reply)
                        return
            except Empty:  # no reply yet, or IOPub not connected in time for this request's status: ask again
                if not await self.is_alive():
                    raise RuntimeError("the kernel died before it was ready") from None
        raise RuntimeError(f"the kernel was not ready in {budget} seconds")


@dataclass
class Kernel:
    """A kernel started ahead of its notebook, loading the heavy libraries while the build goes on."""

    manager: AsyncKernelManager
    folder: Path  # its sockets (Unix sockets: no TCP port to race for, nothing on the network)
    log: Path  # its own stderr, for when it dies
    preload: threading.Thread
    stopping: threading.Thread | None = None

    def stop_soon(self) -> None:
        """Stop it in the background: its notebook's output is complete before the process has exited."""
        self.stopping = threading.Thread(target=self._stop)
        self.stopping.start()

    def stop(self) -> None:
        if self.stopping is not None:
            self.stopping.join()
        else:
            self._stop()

    def _stop(self) -> None:
        self.preload.join()
        if self.manager.has_kernel:
            run_sync(self.manager.shutdown_kernel)(now=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_kernel(project: Project, figures: Path, log: Path, reads: Path | None = None) -> Kernel:
    """Start a kernel for a notebook that will run in this project, writing its figures to `figures`.

    The kernel inherits the environment: it tells the notebook where the project and its figures are.
    With `reads`, the kernel records there every project file and folder the run reads (hertsbook.reads).
    """
    figures.mkdir(parents=True, exist_ok=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    # Under /tmp, short: a socket path has a length limit. The build's pid in the name lets a later build
    # remove the folders of one that was killed before it could (remove_stale_kernel_folders).
    folder = Path(tempfile.mkdtemp(prefix=f"{KERNEL_FOLDER}{os.getpid()}-"))
    manager = AsyncKernelManager(
        kernel_name=KERNEL["name"],
        transport="ipc",
        ip=str(folder / "k"),
        client_class="hertsbook.execute.BootedKernelClient",
    )
    env = {**os.environ, "HERTSBOOK_ROOT": str(project.root), "HERTSBOOK_FIGURES": str(figures)}
    env.pop(hertsbook_reads.ENV, None)
    if reads is not None:
        env[hertsbook_reads.ENV] = str(reads)
    with log.open("wb") as stderr:
        run_sync(manager.start_kernel)(
            cwd=str(project.root),
            env=env,
            stderr=stderr,
            extra_arguments=[f"--IPKernelApp.exec_lines={RECORD_READS}"],
        )
    preload = threading.Thread(target=_preload, args=(manager.get_connection_info(),), daemon=True)
    preload.start()
    return Kernel(manager, folder, log, preload)


def remove_stale_kernel_folders() -> list[Path]:
    """Remove the socket folders of builds no longer running (killed before they could); return them."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{KERNEL_FOLDER}*-*"):
        pid = folder.name.removeprefix(KERNEL_FOLDER).split("-")[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except PermissionError:  # running, as another user
            pass
    return removed


def _preload(connection: dict[str, Any]) -> None:
    """Import PRELOAD in the kernel, silently: no output, no history, no execution count."""
    client = BlockingKernelClient()
    client.load_connection_info(connection)
    client.start_channels()
    try:
        client.wait_for_ready(timeout=KERNEL_READY_SECONDS)
        client.execute_interactive(PRELOAD, silent=True, store_history=False, timeout=KERNEL_READY_SECONDS)
    except (RuntimeError, TimeoutError):
        pass  # a kernel that cannot start or import is reported by the notebook's own run
    finally:
        client.stop_channels()


def execute(
    project: Project,
    theme: str,
    parameters: dict[str, Any],
    output: Path,
    figures: Path,
    kernel: Kernel | None = None,
) -> Path:
    """Run one theme notebook with these (already checked) parameters into `output`.

    `kernel`, if given, was started for this run by `start_kernel` with the same `figures`; it is set stopping
    here, and whoever started it waits for that with `kernel.stop()`.
    """
    source = project.notebook(theme)
    output.parent.mkdir(parents=True, exist_ok=True)
    import papermill  # loaded when a notebook runs, not at every start

    own = kernel is None
    kernel = kernel or start_kernel(project, figures, output.with_suffix(".kernel.log"))
    try:
        kernel.preload.join()
        papermill.execute_notebook(
            to_notebook(source),
            str(output),
            parameters=parameters,
            kernel_name=KERNEL["name"],
            cwd=str(project.root),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,  # written once at the end (or on failure), not after every cell
            km=kernel.manager,
        )
    except papermill.PapermillExecutionError as error:
        tidy(output)
        raise NotebookFailed(
            f"{project.relative(source)} failed in cell {error.exec_count or error.cell_index}: "
            f"{error.ename}: {error.evalue}\n  the executed notebook with the traceback is kept at "
            f"{project.relative(output)}"
        ) from None
    except RuntimeError as error:  # the kernel died: its own words are in its log
        raise NotebookFailed(
            f"{project.relative(source)}: the Python kernel stopped ({error}); its log is "
            f"{project.relative(kernel.log)}"
        ) from None
    finally:
        if own:
            kernel.stop()
        else:
            kernel.stop_soon()
    tidy(output)
    return output


def code_hash(path: Path) -> str:
    """A hash of what running the notebook depends on: its code cells and their tags, not its prose."""
    digest = hashlib.sha256()
    for cell in to_notebook(path).cells:
        if cell.cell_type == "code":
            tags = ",".join(cell.metadata.get("tags", []))
            digest.update(cell.source.encode() + b"\0" + tags.encode() + b"\0")
    return digest.hexdigest()


def refresh_text(executed: Path, source: Path, output: Path) -> Path:
    """A run's outputs under the source's current text cells.

    Used when only prose changed: the code cells are the same (the cache key says so), so their outputs
    stand, and the markdown cells are taken from the source as it is now.
    """
    run = nbformat.read(executed, as_version=4)
    injected = [c for c in run.cells if "injected-parameters" in c.metadata.get("tags", [])]
    outputs = iter(c for c in run.cells if c.cell_type == "code" and c not in injected)
    cells = []
    for cell in to_notebook(source).cells:
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cells.append(next(outputs))
        if "parameters" in cell.metadata.get("tags", []):
            cells += injected
    run.cells = cells
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(run, output)
    tidy(output)
    return output


def tidy(path: Path) -> None:
    """Drop timings, make cell ids stable and hide the parameter cells, so a rerun writes the same bytes."""
    notebook = nbformat.read(path, as_version=4)
    for key in ("start_time", "end_time", "duration", "input_path", "output_path"):
        notebook.metadata.get("papermill", {}).pop(key, None)
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"
        cell.metadata.pop("execution", None)
        for key in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(key, None)
        tags = cell.metadata.get("tags", [])
        if HIDDEN & set(tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    nbformat.write(notebook, path)
