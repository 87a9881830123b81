"""Shared fixtures: the real project, and a throwaway copy of it for tests that break things."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hertsbook.project import Project

ROOT = Path(__file__).resolve().parents[1]
os.environ["GX_ANALYTICS_ENABLED"] = "false"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


def copy_project(target: Path) -> Project:
    """The tracked files of the repository (as they are on disk) in a new folder."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return Project(target)


@pytest.fixture(scope="session")
def copier():
    """copy_project, for fixtures of a wider scope than `scratch`."""
    return copy_project


@pytest.fixture
def scratch(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "book")
