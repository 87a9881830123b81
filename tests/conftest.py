"""Shared fixtures: the real project, and a throwaway copy of it for tests that break things."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hertsbook.project import Project, copy_tree

ROOT = Path(__file__).resolve().parents[1]
os.environ["GX_ANALYTICS_ENABLED"] = "false"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


def copy_project(target: Path) -> Project:
    """The repository's own files (as they are on disk) in a new folder."""
    return copy_tree(ROOT, target)


@pytest.fixture(scope="session")
def copier():
    """copy_project, for fixtures of a wider scope than `scratch`."""
    return copy_project


@pytest.fixture
def scratch(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "book")
