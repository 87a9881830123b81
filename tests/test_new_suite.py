"""`python -m hertsbook new-suite data/x.csv`: a suite and catalogue entry drafted from a new file, for review;
with the entry added, the file passes the gate (and a later edit that breaks the draft is named)."""

from __future__ import annotations

import json

import pytest

from hertsbook.gate import draft, validate
from hertsbook.project import Project
from tests.helpers import hertsbook

CSV = "area,year,rate,note\nKent,2021,45.5,\nEssex,2021,12,high\nLuton,2021,-3,\n"


def test_the_draft_says_the_files_columns_types_ranges_and_required_columns(scratch: Project) -> None:
    (scratch.data / "x.csv").write_text(CSV, encoding="utf-8")
    written, entry = draft.new_suite(scratch, scratch.data / "x.csv")
    assert entry == {"files": "data/x.csv", "suite": "x"}
    suite = json.loads(written.read_text(encoding="utf-8"))
    rules = {(r["type"], r["kwargs"].get("column")): r["kwargs"] for r in suite["expectations"]}
    assert rules[("expect_table_columns_to_match_ordered_list", None)]["column_list"] == [
        "area",
        "year",
        "rate",
        "note",
    ]
    assert ("expect_column_values_to_not_be_null", "area") in rules
    assert ("expect_column_values_to_not_be_null", "note") not in rules  # it has empty cells
    assert rules[("expect_column_values_to_be_between", "rate")] == {
        "column": "rate",
        "min_value": -3,
        "max_value": 45.5,
    }
    assert rules[("expect_column_values_to_be_between", "year")]["min_value"] == 2021
    assert ("expect_column_values_to_be_between", "area") not in rules
    assert validate.rule_problems("x", suite) == []  # rules great-expectations takes as they are


def test_a_drafted_suite_never_overwrites_one(scratch: Project) -> None:
    (scratch.data / "ascof_trend.csv").write_text(CSV, encoding="utf-8")
    with pytest.raises(draft.DraftRefused, match="expectations/ascof_trend.json exists already"):
        draft.new_suite(scratch, scratch.data / "ascof_trend.csv")


@pytest.mark.parametrize(
    ("name", "message"),
    [("outside.csv", "is not under data/"), ("data/x.xlsx", "a suite checks a CSV file")],
)
def test_what_cannot_be_drafted_is_one_line(scratch: Project, name: str, message: str) -> None:
    path = scratch.root / name
    path.write_text(CSV, encoding="utf-8")
    done = hertsbook(scratch.root, "new-suite", str(path))
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and message in done.stderr and done.stderr.count("\n") == 1


def test_the_command_writes_the_draft_and_prints_the_entry(scratch: Project) -> None:
    (scratch.data / "x.csv").write_text(CSV, encoding="utf-8")
    done = hertsbook(scratch.root, "new-suite", "data/x.csv")
    assert done.returncode == 0, done.stderr
    assert "wrote expectations/x.json" in done.stdout and '"files": "data/x.csv"' in done.stdout
    assert (scratch.expectations / "x.json").is_file()
