"""How a command stops when it must: on Ctrl-C or SIGTERM, and when the disk is full.

A signal ends the command with one line ("interrupted") and the shell's exit code (130, 143): the kernels and
jupyter-book, processes of the command's own, are killed at once, so nothing keeps running or writing, and the
published site is never half-swapped (`held` defers a signal until a swap is done). The rest of the build's
files are as safe as after a SIGKILL, which the robustness tests prove recoverable.
"""

from __future__ import annotations

import concurrent.futures
import errno
import io
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Any, TypeGuard

SIGNALS = (signal.SIGINT, signal.SIGTERM)
# How often the main thread, waiting for other threads, looks up. The kernel may hand a process's signal to any
# thread that does not block it (the main one blocks all for a moment while it starts a thread, say); Python
# then runs the handler in the main thread once it next runs Python code, which a wait with no end never does.
WAKE_SECONDS = 0.2
GRACE_SECONDS = 5.0  # after a signal, how long the command may take to unwind before it simply exits
FULL = (errno.ENOSPC, errno.EDQUOT)
# A kernel's socket folder under /tmp: this prefix, then the command's pid and a random part.
KERNEL_FOLDER = "hertsbook-kernel-"

_caught: int | None = None
_holding = 0
_pending: int | None = None
_finishing = threading.Lock()


class Interrupted(BaseException):
    """A signal asked the command to stop (a BaseException, like KeyboardInterrupt: no handler swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def interrupted() -> bool:
    """Whether a signal has asked the command to stop (progress lines are then no longer written)."""
    return _caught is not None


def _thread_failed(args: threading.ExceptHookArgs) -> None:
    """A thread's uncaught error, reported as Python does, unless a signal is stopping the command: a thread
    talking to a kernel the signal stopped then fails for that reason alone, and the one line says it."""
    if _caught is None:
        _report_thread_error(args)


_report_thread_error = threading.excepthook


def install() -> dict[int, Any]:
    """Handle SIGINT and SIGTERM from now on (in the main thread, where Python runs signal handlers).

    Returns the handlers they had, for `restore`.
    """
    if threading.current_thread() is not threading.main_thread():  # called as a library: leave signals alone
        return {}
    threading.excepthook = _thread_failed
    return {signum: signal.signal(signum, _handle) for signum in SIGNALS}


def restore(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)
    if previous:
        threading.excepthook = _report_thread_error


def _handle(signum: int, _frame: object) -> None:
    global _caught, _pending
    if _holding:  # acted on when the block is done
        _pending = _pending or signum
        return
    first = _caught is None
    _caught = _caught or signum
    stop_children()
    if not first:  # a second signal while unwinding: stop now
        finish()
    timer = threading.Timer(GRACE_SECONDS, finish)
    timer.daemon = True
    timer.start()
    raise Interrupted(signum)


def wait(futures: Iterable[concurrent.futures.Future[Any]]) -> None:
    """Until every future is done, waking every WAKE_SECONDS, so a signal another thread took stops the
    command then rather than when the threads are done (a notebook sleeping ten minutes, say)."""
    pending = set(futures)
    while pending:
        _, pending = concurrent.futures.wait(pending, timeout=WAKE_SECONDS)


def until(done: Callable[[], bool]) -> None:
    """Until `done()` is true, asking every WAKE_SECONDS (see `wait`): for waits on other kinds of future
    (Dask's, whose own `result()` looks up only every 10 s)."""
    while not done():
        time.sleep(WAKE_SECONDS)


def join(thread: threading.Thread) -> None:
    """`thread.join()`, waking every WAKE_SECONDS (see `wait`)."""
    while thread.is_alive():
        thread.join(WAKE_SECONDS)


@contextmanager
def held() -> Iterator[None]:
    """Defer a signal until the block is done (swapping the new site into place, say)."""
    global _holding
    _holding += 1
    try:
        yield
    finally:
        _holding -= 1
    if not _holding and _pending is not None:
        _handle(_pending, None)


def finish() -> None:
    """Say "interrupted" and exit with the shell's code for the signal caught, whatever is still running."""
    if not _finishing.acquire(blocking=False):  # the grace timer and the main thread at once: one goes on
        threading.Event().wait()
    stop_children()
    sys.stderr.write("interrupted\n")
    sys.stderr.flush()
    os._exit(128 + (_caught or signal.SIGINT))


def descendants(pid: int | None = None) -> list[int]:
    """Every process below `pid` (this one by default), read from /proc (empty where there is none)."""
    parent_of: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) ": state, ppid, …
        parent_of[int(entry.name)] = int(fields[1])
    found: list[int] = []
    wanted = {pid or os.getpid()}
    while True:
        more = [p for p, parent in parent_of.items() if parent in wanted and p not in found]
        if not more:
            return found
        found += more
        wanted = set(more)


def stop_children(wait: float = 5.0) -> None:
    """Kill every process this command started (kernels, jupyter-book), wait (a while) until they are gone,
    and remove the kernels' sockets."""
    pids = descendants()
    for pid in pids:
        with suppress(ProcessLookupError, PermissionError):  # gone already; not ours
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + wait
    while pids and time.monotonic() < deadline:
        for pid in list(pids):
            with suppress(ChildProcessError, OSError):
                os.waitpid(pid, os.WNOHANG)  # a child of this process: reaped here (a no-op for the others)
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                state = "gone"
            if state in ("gone", "Z", "X"):
                pids.remove(pid)
        if pids:
            time.sleep(0.01)
    for folder in Path(tempfile.gettempdir()).glob(f"{KERNEL_FOLDER}{os.getpid()}-*"):
        shutil.rmtree(folder, ignore_errors=True)


def is_full_disk(error: BaseException) -> TypeGuard[OSError]:
    return isinstance(error, OSError) and error.errno in FULL


def _shown(path: str, root: Path | None) -> str:
    """The path as the message names it: relative to the project's folder when inside it."""
    absolute = Path(os.path.abspath(path))
    if root is not None and absolute.is_relative_to(root):
        return str(absolute.relative_to(root))
    return path


def full_disk_message(error: OSError, root: Path | None = None) -> str:
    """ "no space left on device while writing PATH": the file named by the error, else the file being written
    where it was raised (a write's own error names no file)."""
    path = error.filename or _file_written(error.__traceback__)
    where = _shown(os.fsdecode(path), root) if path else "a file under _build/ (not known which)"
    what = "disk quota exceeded" if error.errno == errno.EDQUOT else "no space left on device"
    return f"{what} while writing {where}"


# How another process (a kernel, jupyter-book) reports a full disk: "[Errno 28] No space left on device: 'path'"
_FULL_TEXT = re.compile(r"\[Errno (" + "|".join(map(str, FULL)) + r")\] [^:\n]*(?:: '([^'\n]*)')?")


def full_disk_in_text(text: str, root: Path | None = None) -> str | None:
    """The full-disk message for another process's words, if they report a full disk."""
    found = _FULL_TEXT.search(text)
    if found is None:
        return None
    what = "disk quota exceeded" if int(found[1]) == errno.EDQUOT else "no space left on device"
    where = _shown(found[2], root) if found[2] else "a file it does not name"
    return f"{what} while writing {where}"


def _file_written(trace: TracebackType | None) -> str | None:
    """The name of the innermost file open for writing in the frames the error passed through."""
    frames = []
    while trace is not None:
        frames.append(trace.tb_frame)
        trace = trace.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            name = getattr(value, "name", None)
            mode = getattr(value, "mode", "")
            if (
                isinstance(value, io.IOBase)
                and isinstance(name, (str, bytes))
                and not os.fsdecode(name).startswith("<")  # <stdout>, <stderr>: not files
                and isinstance(mode, str)
                and any(m in mode for m in "wax+")
            ):
                return os.fsdecode(name)
    return None
