"""The DHSC ASCOF workbook: read with pandas' calamine engine, cached by its hash, its cells checked by the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from hertsbook.cache import Cache, file_sha256, key
from hertsbook.content import data
from hertsbook.gate import readers, validate

ODS = Path("data/national") / data.ASCOF_SERIES


@pytest.fixture(scope="module")
def sheets(project):
    return data.ascof_sheets(project)


def test_a_second_read_of_the_workbook_comes_from_the_cache(project, sheets, monkeypatch):
    assert "Comparability_over_time_log" in sheets and "Table_4a" in sheets

    def refuse(*args, **kwargs):
        raise AssertionError("parsed again although the file is unchanged")

    monkeypatch.setattr(pd, "read_excel", refuse)
    assert readers.read_ods(project.root / ODS, str(ODS), Cache(project.build / "cache")) == sheets


def test_a_changed_workbook_is_read_again_not_taken_from_the_cache(project, sheets, tmp_path, monkeypatch):
    """The cache is keyed on the bytes: a file with other bytes is parsed, whatever the cache holds."""
    cache = Cache(tmp_path / "cache")
    cache.put("ods", key(readers.ODS_READER_VERSION, file_sha256(project.root / ODS)), {}, sheets)
    changed = tmp_path / "changed.ods"
    changed.write_bytes((project.root / ODS).read_bytes() + b"\0")
    parsed = []

    def read_excel(path, **kwargs):
        parsed.append(Path(path).name)
        return {"Cover": pd.DataFrame([["a changed workbook"]])}

    monkeypatch.setattr(pd, "read_excel", read_excel)
    assert readers.read_ods(project.root / ODS, str(ODS), cache) == sheets and parsed == []
    assert readers.read_ods(changed, "changed.ods", cache) == {"Cover": [["a changed workbook"]]}
    assert parsed == ["changed.ods"]


def test_a_file_that_is_not_a_workbook_is_refused_by_name(tmp_path):
    bad = tmp_path / "bad.ods"
    bad.write_bytes(b"not a zip")
    with pytest.raises(readers.Unreadable, match=r"bad\.ods: cannot be read as an OpenDocument workbook"):
        readers.read_ods(bad, "bad.ods")


def test_a_table_sheet_without_its_header_row_is_refused(sheets):
    broken = {
        **sheets,
        "Table_4a": [r for r in sheets["Table_4a"] if not r or r[0] != "Local authority code"],
    }
    with pytest.raises(
        readers.Unreadable, match="sheet Table_4a: has no row starting 'Local authority code'"
    ):
        readers.ods_tables(broken, "x.ods")


def test_cells_read_as_the_sheet_shows_them(sheets):
    """A number without ".0", text as written; the tidy series reads the official figure of "7.7 (7.6)"."""
    assert readers.ods_cell_text(71207.0) == "71207" and readers.ods_cell_text(0.404) == "0.404"
    cells = readers.ods_tables(sheets, "x")
    bracketed = cells[cells["cell"].str.contains("(", regex=False)].iloc[0]
    assert data.official(bracketed["cell"]) == bracketed["cell"].split(" (")[0].replace(",", "")


def test_the_gate_checks_every_cell_of_the_workbook_against_its_suite(project, tmp_path):
    suite = validate.load_suite(project, "ascof_series")
    frame = validate._ods_frame(data.ascof_sheets(project), str(ODS), validate._columns(suite))
    assert all(r["success"] for r in validate._run_suite(frame, suite))
    bad = frame.copy()
    bad.loc[bad.index[0], "cell"] = "70.1%"  # a cell the workbook would never hold
    failed = [r for r in validate._run_suite(bad, suite) if not r["success"]]
    assert [r["kwargs"]["column"] for r in failed] == ["cell"] and failed[0]["rows"] == [int(bad.index[0])]


def test_the_catalogue_pins_the_workbook_and_names_its_suite(project):
    entries = json.loads((project.expectations / "catalogue.json").read_text(encoding="utf-8"))["datasets"]
    mine = next(e for e in entries if e["files"] == str(ODS))
    assert mine["suite"] == "ascof_series"
    assert (
        mine["sha256"]
        == json.loads((project.root / ODS.with_suffix(".provenance.json")).read_text())["sha256"]
    )
