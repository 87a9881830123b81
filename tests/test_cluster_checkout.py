"""The Dask option's fast parts: what a worker's checkout is compared on, and distributed loaded only when asked."""

from __future__ import annotations

import os
import subprocess
import sys

from hertsbook.execute import cluster


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
