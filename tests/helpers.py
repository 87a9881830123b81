"""Running the command line on a copy of the project, shared by the tests that build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def hertsbook(
    root: Path,
    *args: str,
    timeout: int = 1200,
    python: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    umask: int | None = None,
    executable: str | None = None,
) -> subprocess.CompletedProcess:
    """`python -m hertsbook ARGS` in the project at root, as an analyst would run it there.

    `python` are options for the interpreter itself (`-X importtime`, say); `env` adds to the environment;
    `umask` is the process's; `executable` is another path to the interpreter (a venv reached otherwise).
    """
    env = {**os.environ, **(env or {}), "HERTSBOOK_ROOT": str(root)}
    command = [executable or sys.executable, *python, "-m", "hertsbook", *args]
    return subprocess.run(
        command,
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )


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


def build(root: Path) -> str:
    """Build the project at root, which must succeed; its progress lines."""
    done = hertsbook(root, "build")
    assert done.returncode == 0, done.stderr
    return done.stderr


def ran(log: str) -> set[str]:
    """The theme notebooks a build's progress lines say were run (not taken from the cache)."""
    from hertsbook.project import THEMES

    return {t for t in THEMES if f"✓ execute notebooks/{t}.py" in log}
