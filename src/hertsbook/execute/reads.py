"""What a notebook really read: recorded in its kernel while it runs, and fingerprinted for the cache key.

An audit hook (`sys.addaudithook`), installed in the kernel before anything else runs there, writes a line
for every project file opened for reading and every project folder listed (`os.listdir`, `os.scandir`:
`glob`, `Path.glob`, `Path.iterdir` and `os.walk` all list through them). A notebook's cached run is then
keyed on the bytes of exactly those files and the names in exactly those folders, so a new file in a folder
it globs, or a changed file it opens, runs it again; a file it never touched does not.

What counts as a read: any path inside the project (symlinks resolved), opened for reading (a file opened
only for writing is an output) or listed, except
- `.venv/`, `.git/`, `node_modules/`: the environment and the history, never the book's inputs (the lock
  file is in the key);
- `_build/`: the build's own outputs, including the run's figures;
- `src/hertsbook/**/*.py` and any `__pycache__/`: the package, whose source is in the key as a whole.
The import system's own listings of the folders on `sys.path` (the project's root is one, in a kernel), to
find modules and package metadata, are not reads of the notebook; a module imported from the project outside the package is, as a file opened.
Each is fingerprinted as it is first read, so a file edited while the build runs is caught, not cached.
An attempt to open a project file that does not exist counts too (it is keyed as absent, so the file
appearing runs the notebook again). What is not seen: a file only tested for (`Path.exists`, `os.stat`,
which raise no audit event) and files read by compiled code that bypasses Python's `open` (every reader the
book uses, pandas, csv, json and openpyxl, opens through Python).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from hertsbook.cache import file_sha256

ENV = "HERTSBOOK_READS"  # the file the kernel's hook writes to
NOT_INPUTS = (".venv", ".git", "node_modules", "_build")
# The import system's modules that list each folder on sys.path to find modules (frozen, or not) and their
# installed distributions' metadata in.
IMPORT_SYSTEM = ("_frozen_importlib_external", "importlib._bootstrap_external", "importlib.metadata")


def counts(relative: str) -> bool:
    """Whether a read of this project path (relative, with `/`) is an input of the run."""
    parts = relative.split("/")
    if parts[0] in NOT_INPUTS or "__pycache__" in parts:
        return False
    return not (parts[:2] == ["src", "hertsbook"] and relative.endswith(".py"))


def install(root: str, record: str) -> None:
    """Record, into `record` (one JSON line each), every read of a file or folder inside `root`."""
    top = os.path.realpath(root)
    prefix = top + os.sep
    handle = open(record, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 (open for the kernel's life)
    seen: set[tuple[str, str]] = set()
    realpath, fsdecode, write_only = os.path.realpath, os.fsdecode, os.O_WRONLY

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path, kind = args[0], "file"
            if args[2] & os.O_ACCMODE == write_only:
                return
        elif event == "os.listdir" or event == "os.scandir":
            try:
                caller = sys._getframe(1).f_globals.get("__name__")
            except ValueError:  # called with no Python frame above (from C code)
                caller = None
            if caller in IMPORT_SYSTEM:  # a module search, not a read
                return
            path, kind = (args[0] if args[0] is not None else "."), "folder"
        else:
            return
        if isinstance(path, int):  # an open file descriptor: its path was recorded when it was opened
            return
        try:
            full = realpath(fsdecode(path))
        except (TypeError, ValueError, OSError):
            return
        if full == top:
            relative = "."
        elif full.startswith(prefix):
            relative = full[len(prefix) :].replace(os.sep, "/")
        else:
            return
        if (kind, relative) not in seen and counts(relative):
            seen.add((kind, relative))  # before its state is taken, which reads it again (and so comes here)
            state = _file(Path(full)) if kind == "file" else _folder(Path(full))
            handle.write(json.dumps([kind, relative, state]) + "\n")

    sys.addaudithook(hook)


def install_from_environment() -> None:
    """In a kernel started for a recorded run (`ENV` set): start recording. Otherwise nothing."""
    record = os.environ.get(ENV)
    if record:
        install(os.environ["HERTSBOOK_ROOT"], record)


def recorded(record: Path) -> tuple[dict[str, list[str]], dict[str, dict[str, Any]]]:
    """The files and folders a run read (each list sorted), and their fingerprint as they were when first read.

    A missing record is an error (OSError).
    """
    found: dict[str, dict[str, Any]] = {"files": {}, "folders": {}}
    for line in record.read_text(encoding="utf-8").splitlines():
        kind, relative, state = json.loads(line)
        found["files" if kind == "file" else "folders"][relative] = state
    reads = {kind: sorted(states) for kind, states in found.items()}
    return reads, {kind: dict(sorted(states.items())) for kind, states in found.items()}


def changed_since_read(root: Path, at_read: dict[str, dict[str, Any]]) -> list[str]:
    """The files and folders whose state now differs from when the run read them (edited during the run)."""
    now = fingerprint(root, {kind: list(states) for kind, states in at_read.items()})
    return [
        name
        for kind in ("files", "folders")
        for name in at_read[kind]
        if at_read[kind][name] != now[kind][name]
    ]


def _file(path: Path) -> str | list[str] | None:
    """A file's sha256; None if it is not there. Never blocks or raises (it runs inside the audit hook)."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):  # a folder opened as a file (os.open on it): its names stand for it
            return _folder(path)
        if not stat.S_ISREG(mode):  # a FIFO or device: reading it here could block or consume it
            return f"not a regular file (mode {mode:o})"
        return file_sha256(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        return f"unreadable ({error.strerror})"


def _folder(path: Path) -> list[str] | str | None:
    try:
        return sorted(os.listdir(path))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        return f"unreadable ({error.strerror})"


def fingerprint(root: Path, reads: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """The state of what was read, as it is now: each file's sha256 and each folder's sorted names.

    A file or folder that is not there is None, so its appearing changes the fingerprint too.
    """
    return {
        "files": {name: _file(root / name) for name in reads["files"]},
        "folders": {name: _folder(root / name) for name in reads["folders"]},
    }


def manifest_inputs(prints: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The fingerprint as the manifest records it: `data` {path: sha256} of the files read, `listings`."""
    return {
        "data": {name: digest for name, digest in prints["files"].items() if isinstance(digest, str)},
        "listings": {name: names for name, names in prints["folders"].items() if isinstance(names, list)},
    }
