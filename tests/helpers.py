"""Running the command line on a copy of the project, shared by the tests that build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def hertsbook(
    root: Path, *args: str, timeout: int = 1200, python: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    """`python -m hertsbook ARGS` in the project at root, as an analyst would run it there.

    `python` are options for the interpreter itself (`-X importtime`, say).
    """
    env = {**os.environ, "HERTSBOOK_ROOT": str(root)}
    command = [sys.executable, *python, "-m", "hertsbook", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


def processes_in(root: Path) -> list[int]:
    """Processes whose working folder is `root` or inside it (kernels and jupyter-book run there)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = (entry / "cwd").resolve(strict=True)
        except OSError:  # gone, or not ours to look at
            continue
        if cwd == root.resolve() or root.resolve() in cwd.parents:
            found.append(int(entry.name))
    return found
