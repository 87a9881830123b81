"""environment.yml from requirements.lock: the same pins for conda users (a test keeps them equal)."""

from __future__ import annotations

import re
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s\\;]+)", re.MULTILINE)


def pins(lock_text: str) -> dict[str, str]:
    """name -> version for every pinned package in a pip-style lock file."""
    return {name.lower(): version for name, version in PIN.findall(lock_text)}


def environment_yml(lock_text: str, python: str = "3.11") -> str:
    lines = [
        "# Generated from requirements.lock by `make lock`: the same pins for conda users.",
        "name: hertsbook",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={python}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {name}=={version}" for name, version in sorted(pins(lock_text).items())]
    return "\n".join(lines) + "\n"


def write_environment(root: Path) -> Path:
    target = root / "environment.yml"
    target.write_text(
        environment_yml((root / "requirements.lock").read_text(encoding="utf-8")), encoding="utf-8"
    )
    return target
