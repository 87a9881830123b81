"""`python -m hertsbook new-suite data/x.csv`: a first suite and catalogue entry drafted from a new file.

The draft is what the file already is (its columns in order, which are never empty, which hold only plain
numbers and their range, which hold a few repeated values): the analyst reviews it, tightens what the data
should be (a percentage lies between 0 and 100, not between this file's lowest and highest), then adds it.
Nothing is written over an existing suite, and the catalogue is not changed: the entry is printed to paste.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from hertsbook.errors import HertsbookError
from hertsbook.gate import evidence
from hertsbook.gate.readers import Unreadable, read_csv
from hertsbook.project import Project

FEW = 12  # at most this many distinct values (in a file of more rows than that) make a closed set


class DraftRefused(HertsbookError):
    """A file that cannot be drafted from, or a suite that would be overwritten."""


def _number(text: str) -> float | None:
    return float(text) if evidence.PLAIN.fullmatch(text) else None


def draft(frame: pd.DataFrame, name: str) -> dict[str, Any]:
    """The suite a file's contents suggest (every rule marked "drafted: review" in its meta)."""
    review = {"drafted": "review: the file's own values, not yet what the data must be"}
    rules: list[dict[str, Any]] = [
        {"type": "expect_table_columns_to_match_ordered_list", "kwargs": {"column_list": list(frame.columns)}}
    ]
    for column in frame.columns:
        cells = [str(c) for c in frame[column] if not pd.isna(c) and c != ""]
        if len(cells) == len(frame):
            rules.append({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": column}})
        numbers = [_number(c) for c in cells]
        if cells and all(n is not None for n in numbers):
            low, high = min(n for n in numbers if n is not None), max(n for n in numbers if n is not None)
            rules.append(
                {
                    "type": "expect_column_values_to_be_between",
                    "kwargs": {"column": column, "min_value": _plain(low), "max_value": _plain(high)},
                    "meta": review,
                }
            )
        elif cells and len(set(cells)) <= FEW < len(frame):
            rules.append(
                {
                    "type": "expect_column_values_to_be_in_set",
                    "kwargs": {"column": column, "value_set": sorted(set(cells))},
                    "meta": review,
                }
            )
    return {
        "name": name,
        "meta": {"about": "drafted from the file by `python -m hertsbook new-suite`"},
        "expectations": rules,
    }


def _plain(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def suite_name(path: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_") or "suite"


def new_suite(project: Project, given: Path) -> tuple[Path, dict[str, Any]]:
    """Write the drafted suite to expectations/NAME.json; return it and the catalogue entry to add."""
    path = given.resolve()
    data = project.data.resolve()
    if data not in path.parents:
        raise DraftRefused(f"{given} is not under data/: put the file there first")
    if path.suffix.lower() != ".csv":
        raise DraftRefused(f"{given}: a suite checks a CSV file; a workbook is pinned by its sha256 instead")
    relative = path.relative_to(project.root.resolve()).as_posix()
    try:
        frame = read_csv(path, relative, required=[])
    except Unreadable as error:
        raise DraftRefused("; ".join(str(p) for p in error.problems)) from None
    except OSError as error:
        raise DraftRefused(f"cannot read {given}: {error.strerror or error}") from None
    name = suite_name(path)
    target = project.expectations / f"{name}.json"
    if target.exists():
        raise DraftRefused(f"expectations/{name}.json exists already: review that suite, or rename the file")
    suite = draft(frame, name)
    target.write_text(json.dumps(suite, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target, {"files": relative, "suite": name}
