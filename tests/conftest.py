"""Shared fixtures: the real project, and a throwaway copy of it for tests that break things."""

from __future__ import annotations

import fcntl
import os
import random
import shutil
from pathlib import Path

import pytest

from hertsbook.project import Project, copy_tree

ROOT = Path(__file__).resolve().parents[1]
os.environ["GX_ANALYTICS_ENABLED"] = "false"
# The test builds make a handful of council pages (a unitary, London, Hertfordshire, a former county); make
# book makes every one.
os.environ.setdefault("HERTSBOOK_COUNCILS", "E06000001,E09000001,E10000015,E10000021")


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


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """One cold build of a copy of the working tree, shared by every test that reads a built site.

    Tests only read it (they may run in two processes at once, see `make test`); a test that changes anything
    in it, even for a moment, takes a `clone_built` copy. With pytest-xdist the workers share one build: the
    first to need it builds it while holding a lock, the others wait for it.
    """
    from tests.helpers import hertsbook

    if "PYTEST_XDIST_WORKER" not in os.environ:  # one process: a folder of its own
        return _cold_build(tmp_path_factory.mktemp("built"), hertsbook)
    shared = tmp_path_factory.getbasetemp().parent / "built"  # the folder all workers of this run share
    shared.mkdir(exist_ok=True)
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (shared / "returncode").is_file():  # the first worker here builds it
            return _cold_build(shared, hertsbook)
    log = (shared / "cold-build.log").read_text(encoding="utf-8")
    assert (shared / "returncode").read_text() == "0", log[-3000:]
    return shared / "book"


def _cold_build(folder: Path, hertsbook) -> Path:
    """A build from scratch of a copy of the working tree in folder/book; its progress lines kept beside it."""
    project = copy_project(folder / "book")
    done = hertsbook(project.root, "build")
    (folder / "cold-build.log").write_text(done.stderr, encoding="utf-8")
    (folder / "returncode").write_text(str(done.returncode))
    assert done.returncode == 0, done.stderr[-3000:]
    (project.build / "cold-build.log").write_text(done.stderr, encoding="utf-8")  # in the build, for tests
    return project.root


@pytest.fixture(scope="session")
def clone_built(built_book):
    """A copy of the built book, caches included, so the next build there starts warm."""

    def clone(target: Path) -> Path:
        shutil.copytree(built_book, target, symlinks=True)
        return target

    return clone


BUILDS = {"built_book", "clone_built"}  # fixtures that build the whole book

# The modules with the most work (CPU seconds with -n0, the costliest first), run before the rest: `make test`
# hands each of its two processes a whole module at a time, in this order, so the long ones start early and
# the many short ones fill in at the end, and both processes finish together. Only the speed depends on it.
FIRST = (
    "test_cluster.py",  # a cold build on a Dask cluster, its workers' CPU too
    "test_browser.py",
    "test_cache.py",
    "test_verify.py",  # a cold rebuild (verify)
    "test_verify_tampered.py",  # another
    "test_robustness.py",
    "test_incremental.py",
    "test_limits.py",
    "test_reads.py",
    "test_end_to_end.py",
    "test_data_is_text.py",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--order",
        default="file",
        help="run the tests in file order (the default; the costliest modules first), `reverse`, or `shuffle:SEED` "
        "(modules, and tests within each)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that needs a built book is `slow`, whether or not its module says so (`make test-fast` skips it);
    `--order` reverses or shuffles the tests, to show that none depends on another having run first."""
    for item in items:
        if BUILDS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    order = config.getoption("order")
    if (
        order == "file"
    ):  # the costliest modules first (FIRST); within a module, and among the rest, file order
        rank = {name: i for i, name in enumerate(FIRST)}
        items.sort(key=lambda item: rank.get(item.path.name, len(FIRST)))
    elif order == "reverse":
        items.reverse()
    elif order.startswith(
        "shuffle:"
    ):  # the modules, and the tests in each: a module's fixtures are made once
        chance = random.Random(order.removeprefix("shuffle:"))
        modules: dict[str, list[pytest.Item]] = {}
        for item in items:
            modules.setdefault(item.nodeid.split("::")[0], []).append(item)
        groups = list(modules.values())
        chance.shuffle(groups)
        for group in groups:
            chance.shuffle(group)
        items[:] = [item for group in groups for item in group]
    elif order != "file":
        raise pytest.UsageError(f"--order must be file, reverse or shuffle:SEED, not {order!r}")
