"""great-expectations imported without running altair, scipy.stats or sqlalchemy, and still checking data.

The scripts go through the checks' own code (`validate._run_suite`), the way a build imports it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

CHECK = """
import sys
from types import ModuleType

import pandas as pd

from hertsbook.gate import validate
{before}
suite = {{
    "name": "unit",
    "expectations": [
        {{"type": "expect_column_values_to_not_be_null", "kwargs": {{"column": "a"}}}},
        {{"type": "expect_column_values_to_be_between", "kwargs": {{"column": "b", "min_value": 0, "max_value": 9}}}},
    ],
}}
# Cells are text, as the readers give them: a range rule reads its column as numbers itself.
results = validate._run_suite(pd.DataFrame({{"a": ["x", None, "z"], "b": ["1", "2", "30"]}}, index=[2, 3, 4]), suite)
print("failed", sorted((r["type"], tuple(r["rows"])) for r in results if not r["success"]))
print("unrun", sorted(n for n in ("altair", "scipy.stats") if type(sys.modules.get(n)) not in (ModuleType, type(None))))
print("sqlalchemy", "sqlalchemy" in sys.modules)
{after}
"""


def run(before: str = "", after: str = "") -> list[str]:
    script = textwrap.dedent(CHECK).format(before=before, after=after)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.slow  # imports great-expectations in a fresh interpreter
def test_the_checks_run_and_fail_as_before_without_loading_what_they_do_not_use() -> None:
    after = """
import altair, scipy.stats, sqlalchemy
print("usable", type(altair) is ModuleType and hasattr(altair, "Chart"), scipy.stats.norm.cdf(0), sqlalchemy.__name__)
"""
    failed, unrun, hidden, usable = run(after=after)
    # Rows are numbered as in the file (header = 1): the frame's index carries them.
    assert failed == (
        "failed [('expect_column_values_to_be_between', (4,)), ('expect_column_values_to_not_be_null', (3,))]"
    )
    assert unrun == "unrun ['altair', 'scipy.stats']"  # loaded lazily, and the checks never needed them
    assert hidden == "sqlalchemy False"
    assert usable == "usable True 0.5 sqlalchemy"  # all three work as usual when something does use them


@pytest.mark.slow  # imports great-expectations in a fresh interpreter
def test_sqlalchemy_already_in_use_is_left_alone() -> None:
    after = """
from great_expectations.compatibility import sqlalchemy as compat
print("shared", compat.sqlalchemy is sys.modules["sqlalchemy"])
"""
    lines = run(before="import sqlalchemy", after=after)
    assert lines[2:] == ["sqlalchemy True", "shared True"]
