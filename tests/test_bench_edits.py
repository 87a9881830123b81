"""The benchmark's edits (benchmarks/build.py) make trees the gate accepts: a row whose edit the gate refused
would time an error, not a rebuild."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT, copy_project
from tests.helpers import hertsbook

pytestmark = pytest.mark.slow


def bench():
    spec = importlib.util.spec_from_file_location("bench_build", ROOT / "benchmarks/build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_one_council_data_edit_passes_the_gate(tmp_path):
    project = copy_project(tmp_path / "book")
    path = project.data / "national/ons_snpp_2018based_table2_persons_ons_pop.csv"
    before = path.read_bytes()
    bench().edit_council_data(project.root)
    assert path.read_bytes() != before
    done = hertsbook(project.root, "validate")
    assert done.returncode == 0, done.stderr[-2000:]
