"""The Dask option's fast parts: what a worker's checkout is compared on, and distributed loaded only when asked."""

from __future__ import annotations

import os
import subprocess
import sys
import types

import pytest

from hertsbook.errors import BuildError
from hertsbook.execute import cluster, runner


def test_the_checkout_names_each_part_and_a_change_is_named(scratch):
    before = cluster.checkout(scratch, ["adult_care_performance"])
    assert sorted(before) == [
        "data/",
        "notebooks/adult_care_performance.py",
        "package (src/hertsbook)",
        "requirements.lock",
    ]
    notebook = scratch.notebook("adult_care_performance")
    notebook.write_text(notebook.read_text() + "\n# another commit\n")
    data = sorted(p for p in scratch.data.rglob("*.csv"))[0]
    data.write_bytes(data.read_bytes() + b"\n")
    after = cluster.checkout(scratch, ["adult_care_performance"])
    assert cluster.differences(before, after) == ["data/", "notebooks/adult_care_performance.py"]
    assert cluster.differences(before, before) == []


def test_a_notebook_asked_for_on_one_side_only_is_a_difference(scratch):
    one = cluster.checkout(scratch, ["adult_care_performance"])
    assert cluster.differences(one, cluster.checkout(scratch, [])) == ["notebooks/adult_care_performance.py"]


class FakeClient:
    """What check_workers asks of a Dask client: `run` a function on every worker, by address."""

    def __init__(self, answers=None, error=None):
        self.answers, self.error = answers, error

    def run(self, function):
        if self.error:
            raise self.error
        return self.answers


def test_a_worker_with_another_checkout_is_named_on_connecting(project, scratch, monkeypatch):
    package = scratch.root / "src" / "hertsbook" / "errors.py"
    package.write_text(package.read_text() + "# another commit\n")
    monkeypatch.setenv("HERTSBOOK_ROOT", str(scratch.root))
    other = cluster.worker_checkout()  # what a worker with that checkout reports
    monkeypatch.setenv("HERTSBOOK_ROOT", str(project.root))
    same = cluster.worker_checkout()
    assert cluster.check_workers(project, FakeClient({"tcp://a:1": same, "tcp://b:2": same})) == 2
    with pytest.raises(cluster.CheckoutDiffers) as refused:
        cluster.check_workers(project, FakeClient({"tcp://a:1": same, "tcp://b:2": other}))
    assert str(refused.value) == (
        f"worker tcp://b:2: its checkout at {scratch.root} differs from the client's in package (src/hertsbook); "
        "give it a checkout of the same commit"
    )
    with pytest.raises(BuildError) as failed:
        cluster.check_workers(project, FakeClient(error=OSError("no such file:\n  hertsbook")))
    assert (
        str(failed.value)
        == "a worker of the Dask cluster could not report its checkout: no such file: hertsbook"
    )


def test_a_task_whose_notebook_differs_on_its_worker_is_refused(project, scratch, monkeypatch):
    """A worker that joined after the build connected, or a notebook edited since: each task checks again."""
    notebook = scratch.notebook("early_help")
    notebook.write_text(notebook.read_text() + "\n# another commit\n")
    monkeypatch.setenv("HERTSBOOK_ROOT", str(scratch.root))
    monkeypatch.setattr(cluster, "get_worker", lambda: types.SimpleNamespace(address="tcp://w:3"))
    request = cluster.RunRequest("early_help", "early_help", {})
    expected = cluster.checkout(project, ["early_help"])
    with pytest.raises(cluster.CheckoutDiffers) as refused:
        cluster.run_on_worker(request, expected, runner.Limits.from_environment())
    assert str(refused.value).startswith("worker tcp://w:3 refuses notebooks/early_help.py: its checkout at ")
    assert str(refused.value).endswith(
        "differs from the client's in notebooks/early_help.py; give it a checkout of the same commit"
    )
    assert not (scratch.root / "_build" / "remote").exists()  # refused before anything ran


def test_the_build_loads_distributed_only_with_a_scheduler():
    code = "import sys, hertsbook.pipeline, hertsbook.__main__; print('distributed' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_make_book_passes_the_scheduler_on():
    """The recipe as the shell runs it, with `echo` for the interpreter (nothing is built)."""
    from tests.conftest import ROOT

    def book(*extra: str) -> str:
        command = ["make", "-s", "-C", str(ROOT), "-o", ".venv/.synced", "book", "PY=echo", *extra]
        env = {k: v for k, v in os.environ.items() if k != "SCHEDULER"}
        return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout.strip()

    assert book("SCHEDULER=tcp://127.0.0.1:8786") == "-m hertsbook build --scheduler=tcp://127.0.0.1:8786"
    assert book() == "-m hertsbook build"
