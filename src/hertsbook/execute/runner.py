"""Execute: a jupytext notebook run by papermill with checked parameters, its output made reproducible."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from hertsbook import stops
from hertsbook.cache import parts_sha256
from hertsbook.errors import HertsbookError
from hertsbook.execute import reads as hertsbook_reads
from hertsbook.execute import sources
from hertsbook.project import Project

# jupyter-client is loaded only when a kernel starts: a rebuild with nothing to run needs none.
if TYPE_CHECKING:
    from jupyter_client.connect import KernelConnectionInfo
    from jupyter_client.manager import AsyncKernelManager

KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
HIDDEN = {"parameters", "injected-parameters"}  # shown by the page's own parameter table instead
# What every theme notebook imports first, and what costs a kernel most of its first second: loaded while
# the build does its other work. Importing a module earlier changes no output; the notebook's own imports
# then find it loaded.
# seaborn comes with hertsbook.content.charts, which imports it without scipy.
PRELOAD = "import matplotlib.pyplot, pandas, hertsbook.content.charts, hertsbook.content.data"
# Run by the kernel as it starts, before it answers any request (so before PRELOAD and every cell): the
# record of what the run reads begins (hertsbook.execute.reads; the cache keys the run on it). It binds no name.
RECORD_READS = "__import__('hertsbook.execute.reads').execute.reads.install_from_environment()"
KERNEL_READY_SECONDS = 120
KERNEL_FOLDER = stops.KERNEL_FOLDER  # then the build's pid and a random part
FIGURES_URL_ENV = "HERTSBOOK_FIGURES_URL"  # hertsbook.content.charts reads it (not imported here: matplotlib)


# The limits of a run, set in the environment (`HERTSBOOK_CELL_TIMEOUT=300 make book`): a cell that runs longer,
# or a notebook whose outputs grow larger, is stopped and the build with it.
CELL_TIMEOUT = "HERTSBOOK_CELL_TIMEOUT"  # seconds one cell may run (a whole number)
OUTPUT_LIMIT = "HERTSBOOK_OUTPUT_LIMIT"  # megabytes (10^6 bytes) of output one notebook may send
DEFAULT_CELL_TIMEOUT = 120
DEFAULT_OUTPUT_LIMIT = 5


class NotebookFailed(HertsbookError, RuntimeError):
    """A notebook raised or passed a limit: the message names the notebook, the cell's line and the error."""


@dataclass(frozen=True)
class Limits:
    cell_seconds: int = DEFAULT_CELL_TIMEOUT
    output_bytes: int = DEFAULT_OUTPUT_LIMIT * 1_000_000

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The limits set in the environment, each checked (NotebookFailed names a bad one)."""
        environ = os.environ if environ is None else environ
        seconds = environ.get(CELL_TIMEOUT, "").strip() or str(DEFAULT_CELL_TIMEOUT)
        megabytes = environ.get(OUTPUT_LIMIT, "").strip() or str(DEFAULT_OUTPUT_LIMIT)
        if not (seconds.isascii() and seconds.isdigit() and int(seconds) > 0):
            raise NotebookFailed(f"{CELL_TIMEOUT} must be a whole number of seconds above 0, not {seconds!r}")
        try:
            size = float(megabytes)
        except ValueError:
            size = float("nan")
        if not size > 0 or size == float("inf"):
            raise NotebookFailed(f"{OUTPUT_LIMIT} must be a number of megabytes above 0, not {megabytes!r}")
        return cls(int(seconds), max(1, round(size * 1_000_000)))


@dataclass
class Watch:
    """What a run is allowed, and where it is: shared with the client that relays the kernel's messages."""

    limits: Limits
    cells: list[Any] = field(default_factory=list)  # the run's cells: the source's and papermill's parameters
    running: int | None = None  # the cell being run, an index into `cells`
    stopped: str | None = None  # why the run was stopped, if it passed a limit
    notebook: Any = None  # the notebook being run, its outputs as far as they came


class LimitReached(Exception):
    """A run stopped at a limit (see Watch.stopped)."""


def _size(value: Any) -> int:
    """Bytes of text in a message's content (base64 images and all)."""
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values())
    if isinstance(value, list):
        return sum(_size(v) for v in value)
    return 0


@cache
def _engine() -> str:
    """papermill's nbclient engine, its client watching the limits; registered once, by name."""
    from nbclient.exceptions import CellExecutionComplete
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from traitlets import Any as AnyTrait

    class LimitedClient(PapermillNotebookClient):
        watch = AnyTrait()

        def papermill_execute_cells(self) -> None:
            self.watch.notebook = self.nb
            self.watch.cells = list(self.nb.cells)  # as run: papermill puts its error notes among them later
            self.output_bytes = 0
            super().papermill_execute_cells()  # stops at the first cell that fails (or that was stopped)
            if self.watch.stopped is not None:
                raise LimitReached()

        def execute_cell(self, cell: Any, cell_index: int, *args: Any, **kwargs: Any) -> Any:
            self.watch.running = cell_index
            return super().execute_cell(cell, cell_index, *args, **kwargs)

        async def _async_handle_timeout(self, timeout: int, cell: Any = None) -> Any:
            if cell is not None and self.watch.stopped is None:
                self.watch.stopped = (
                    f"still running after {timeout} s, the time limit of one cell ({CELL_TIMEOUT} sets it)"
                )
            return await super()._async_handle_timeout(timeout, cell)  # interrupts the kernel

        def output(self, outs: list[Any], msg: dict[str, Any], display_id: Any, cell_index: int) -> Any:
            if self.watch.stopped is not None:
                return None  # the run is stopping: nothing more is kept
            self.output_bytes += _size(msg["content"])
            limit = self.watch.limits.output_bytes
            if self.output_bytes > limit:
                self.watch.stopped = (
                    f"its outputs passed {limit / 1_000_000:g} MB, the output limit of one notebook "
                    f"({OUTPUT_LIMIT} sets it, in MB)"
                )
                # Killed, not interrupted: a cell printing in a loop has queued more than can be read soon. The
                # messages still queued are not read (this cell is over), and nbclient finds the kernel dead.
                kernel = self.km.provisioner  # a process group of its own: the kernel and whatever it started
                with suppress(ProcessLookupError):
                    if getattr(kernel, "pgid", None):
                        os.killpg(kernel.pgid, signal.SIGKILL)
                    else:
                        os.kill(kernel.pid, signal.SIGKILL)
                raise CellExecutionComplete
            return super().output(outs, msg, display_id, cell_index)

    quiet = logging.getLogger("hertsbook.kernel-client")  # nbclient's own log lines: the build says it itself
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False

    class LimitedEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            kwargs.pop("input_path", None)
            timeout = kwargs.pop("execution_timeout")
            client = LimitedClient(
                nb_man,
                timeout=timeout,
                startup_timeout=kwargs.pop("start_timeout", 60),
                kernel_name=kernel_name,
                log=quiet,
                interrupt_on_timeout=True,  # a cell past its time is interrupted, then fails with this error
                error_on_timeout={
                    "ename": "CellTimeoutError",
                    "evalue": f"over {timeout} s",
                    "traceback": [],
                },
                **kwargs,
            )
            try:
                return client.execute()
            finally:  # a kernel given to the client outlives it (a reused one): its channels close here
                if client.kc is not None and not client.owns_km:
                    client.kc.stop_channels()

    papermill_engines.register("hertsbook", LimitedEngine)
    return "hertsbook"


def to_notebook(path: Path) -> nbformat.NotebookNode:
    """The jupytext source as a notebook with its kernel set (papermill cannot read .py itself)."""
    notebook = sources.read(path)
    notebook.metadata["kernelspec"] = dict(KERNEL)
    notebook.metadata.pop("jupytext", None)
    return notebook


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
            stops.join(self.stopping)
        else:
            self._stop()

    def _stop(self) -> None:
        from jupyter_core.utils import run_sync

        stops.join(self.preload)
        try:
            if self.manager.has_kernel:
                run_sync(self.manager.shutdown_kernel)(now=True)
        except Exception:  # it died under us (killed on a signal, say): make sure its process is gone
            provisioner = getattr(self.manager, "provisioner", None)
            if provisioner is not None:
                with suppress(Exception):
                    run_sync(provisioner.kill)()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_kernel(
    project: Project, figures: Path, log: Path, reads: Path | None = None, figures_url: str | None = None
) -> Kernel:
    """Start a kernel for a notebook that will run in this project, writing its figures to `figures`.

    The kernel inherits the environment: it tells the notebook where the project and its figures are.
    With `reads`, the kernel records there every project file and folder the run reads (hertsbook.execute.reads).
    With `figures_url`, the run's charts link their images there (a run's own folder, beside its page) rather
    than at the book's published figures.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    figures.mkdir(parents=True, exist_ok=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    # Under /tmp, short: a socket path has a length limit. The build's pid in the name lets a later build
    # remove the folders of one that was killed before it could (remove_stale_kernel_folders).
    folder = Path(tempfile.mkdtemp(prefix=f"{KERNEL_FOLDER}{os.getpid()}-"))
    manager = AsyncKernelManager(
        kernel_name=KERNEL["name"],
        transport="ipc",
        ip=str(folder / "k"),
    )
    env = {**os.environ, "HERTSBOOK_ROOT": str(project.root), "HERTSBOOK_FIGURES": str(figures)}
    env.pop(hertsbook_reads.ENV, None)
    env.pop(FIGURES_URL_ENV, None)
    # As in the build (__main__.py): the package is compiled once, not again in every kernel.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if figures_url is not None:
        env[FIGURES_URL_ENV] = figures_url
    if reads is not None:
        env[hertsbook_reads.ENV] = str(reads)
    with log.open("wb") as stderr:
        run_sync(manager.start_kernel)(
            cwd=str(project.root),
            env=env,
            stderr=stderr,
            extra_arguments=[f"--IPKernelApp.exec_lines={RECORD_READS}"],
        )
    # The notebook runs in this kernel or not at all. nbclient starts a kernel of its own when the manager has
    # none (this one stopped by a signal, say): that one would write to the build's stderr and outlive the
    # stop. Refused instead, so the run fails as the kernel's own failure.
    manager.start_kernel = _no_second_kernel
    preload = threading.Thread(target=_preload, args=(manager.get_connection_info(),), daemon=True)
    preload.start()
    return Kernel(manager, folder, log, preload)


async def _no_second_kernel(**_: Any) -> None:
    raise NotebookFailed("the notebook's kernel stopped before the notebook could run in it")


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


def _quietly(connection: KernelConnectionInfo, code: str) -> dict[str, Any]:
    """Run `code` in the kernel, silently: no output, no history, no execution count. Returns its reply."""
    from jupyter_client.blocking import BlockingKernelClient

    client = BlockingKernelClient()
    client.load_connection_info(connection)
    client.start_channels()
    try:
        client.wait_for_ready(timeout=KERNEL_READY_SECONDS)
        reply: dict[str, Any] = client.execute_interactive(
            code, silent=True, store_history=False, timeout=KERNEL_READY_SECONDS
        )
        return reply
    finally:
        with suppress(Exception):
            client.stop_channels()


def _preload(connection: KernelConnectionInfo) -> None:
    """Import PRELOAD in the kernel, silently."""
    # A warm-up only: a kernel that cannot start or import, or was stopped meanwhile (on a signal, say), is
    # reported by the notebook's own run.
    with suppress(Exception):
        _quietly(connection, PRELOAD)


# Run silently in a kernel kept for more runs, before each: a new session (no names, no history, execution
# counts from 1, as in a kernel just started) whose figures go to the run's own folder. Modules stay loaded.
FRESH_SESSION = (
    "get_ipython().reset(new_session=True, aggressive=False); "
    "__import__('os').environ['HERTSBOOK_FIGURES'] = {figures!r}"
)


def execute(
    project: Project,
    theme: str,
    parameters: dict[str, Any],
    output: Path,
    figures: Path,
    kernel: Kernel | None = None,
    limits: Limits | None = None,
    figures_url: str | None = None,
    keep: bool = False,
) -> Path:
    """Run one theme notebook with these (already checked) parameters into `output`, within `limits`.

    `kernel`, if given, was started for this run by `start_kernel` with the same `figures`; it is set stopping
    here, and whoever started it waits for that with `kernel.stop()`. With `keep`, the kernel is kept for more
    runs instead (whoever started it stops it): each run starts a new session in it and writes its figures
    to its own `figures`. Whatever stops the run (an error, a limit, the kernel dying) is a NotebookFailed
    naming the cell by its line in the notebook's `.py`.
    """
    source = project.notebook(theme)
    output.parent.mkdir(parents=True, exist_ok=True)
    limits = limits or Limits.from_environment()
    import papermill  # loaded when a notebook runs, not at every start
    from nbclient.exceptions import CellTimeoutError

    own = kernel is None
    kernel = kernel or start_kernel(
        project, figures, output.with_suffix(".kernel.log"), figures_url=figures_url
    )
    watch = Watch(limits)
    ran = False
    if keep:
        stops.join(kernel.preload)
        _fresh_session(project, source, kernel, figures)
    try:
        stops.join(kernel.preload)
        papermill.execute_notebook(
            to_notebook(source),
            str(output),
            parameters=parameters,
            engine_name=_engine(),
            kernel_name=KERNEL["name"],
            cwd=str(project.root),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,  # written once at the end (or on failure), not after every cell
            km=kernel.manager,
            execution_timeout=limits.cell_seconds,
            watch=watch,
        )
        ran = True
    except papermill.PapermillExecutionError as error:
        if watch.stopped is None:
            tidy(output)
            message = f"{error.ename}: {error.evalue}".replace("\r", " ").replace("\n", " ")
            message = stops.full_disk_in_text(message, project.root) or message
            raise NotebookFailed(
                f"{cell_where(project, source, watch)}: {message}; the executed notebook with the traceback "
                f"is kept at {project.relative(output)}"
            ) from None
    except (LimitReached, CellTimeoutError, RuntimeError) as error:
        if watch.stopped is None:  # no limit: the kernel died, and its own words are in its log
            raise NotebookFailed(
                f"{cell_where(project, source, watch)}: the Python kernel stopped ({error}); its log is "
                f"{project.relative(kernel.log)}"
            ) from None
    finally:
        if own:
            kernel.stop()
        elif not keep:
            kernel.stop_soon()
    if ran:
        tidy(output)
        return output
    # Stopped at a limit: the notebook as far as it ran is kept, for its outputs.
    if watch.notebook is not None:
        nbformat.write(watch.notebook, output)
        tidy(output)
    raise NotebookFailed(
        f"{cell_where(project, source, watch)}: {watch.stopped}; the executed notebook is kept at "
        f"{project.relative(output)}"
    )


def _fresh_session(project: Project, source: Path, kernel: Kernel, figures: Path) -> None:
    """Start a new session in a kept kernel (FRESH_SESSION), or say in one line why it could not."""
    figures.mkdir(parents=True, exist_ok=True)
    try:
        reply = _quietly(kernel.manager.get_connection_info(), FRESH_SESSION.format(figures=str(figures)))
        content = reply.get("content", {})
    except Exception as error:  # noqa: BLE001 - dead or stuck: the kernel's own words are in its log
        content = {"status": "error", "ename": type(error).__name__, "evalue": str(error)}
    if content.get("status") != "ok":
        raise NotebookFailed(
            f"{project.relative(source)}: the kernel kept for it could not start a new session "
            f"({content.get('ename')}: {content.get('evalue')}); its log is {project.relative(kernel.log)}"
        )


def cell_where(project: Project, source: Path, watch: Watch) -> str:
    """ "notebooks/x.py, cell at line N": the cell being run, by the line where it starts in the `.py`."""
    name = project.relative(source)
    if watch.running is None:
        return name
    injected = [i for i, c in enumerate(watch.cells) if "injected-parameters" in c.metadata.get("tags", [])]
    own = watch.running - sum(1 for i in injected if i < watch.running)  # the index among the source's cells
    lines = sources.cell_lines(source)
    if watch.running in injected:
        after = f" after the cell at line {lines[own - 1]}" if 0 < own <= len(lines) else ""
        return f"{name}, the parameters papermill set{after}"
    if own < len(lines) and lines[own] is not None:
        return f"{name}, cell at line {lines[own]}"
    return f"{name}, cell {own + 1}"


def code_hash(path: Path) -> str:
    """A hash of what running the notebook depends on: its code cells and their tags, not its prose."""
    code = [c for c in to_notebook(path).cells if c.cell_type == "code"]
    return parts_sha256(
        part for c in code for part in (c.source.encode(), ",".join(c.metadata.get("tags", [])).encode())
    )


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
    nbformat.write(tidied(run), output)
    return output


def tidy(path: Path) -> None:
    """Drop timings, make cell ids stable and hide the parameter cells, so a rerun writes the same bytes."""
    nbformat.write(tidied(nbformat.read(path, as_version=4)), path)


def tidied(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook `tidy` writes (changed in place)."""
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
    return notebook
