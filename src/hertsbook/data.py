"""Loading the validated data for the notebooks (the files passed the gate before any notebook runs)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from hertsbook.project import Project


def _read_all(folder: Path) -> pd.DataFrame:
    frames = [pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(folder.glob("*.csv"))]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def evidence(project: Project) -> pd.DataFrame:
    """Every value taken from the sources, indexed by id; `value` as a number and `written` as in the CSV."""
    frame = _read_all(project.data / "evidence")
    frame["written"] = frame["value"]
    frame["value"] = pd.to_numeric(frame["value"])
    return frame.set_index("id", verify_integrity=True)


def dates(project: Project) -> pd.DataFrame:
    return _read_all(project.data / "dates").set_index("id", verify_integrity=True)


def lists(project: Project) -> pd.DataFrame:
    """Every list item, all lists together (a column one list lacks is empty text for it)."""
    return _read_all(project.data / "lists").fillna("")


def table(project: Project, relative: str) -> pd.DataFrame:
    return pd.read_csv(project.data / relative, dtype=str, keep_default_na=False)


ASCOF_TREND = "ascof_outcomes_2017-18_to_2023-24_trend_data.csv"
ONS_SNPP = "ons_snpp_2018based_table2_persons_ons_pop.csv"
DFE_EARLY_EDUCATION = "dfe_lait_extract_funded_early_education_2yo.csv"


def ascof_trend(project: Project) -> pd.DataFrame:
    """National ASCOF outcomes (every council, 2017-18 to 2023-24) with tidy column names."""
    frame = pd.read_csv(project.data / "national" / ASCOF_TREND, dtype=str)
    frame = frame.rename(
        columns={
            "Year": "year",
            "Geographical Description": "area",
            "ONS Code": "code",
            "Measure Group": "measure",
            "Measure Group Description": "description",
            "Measure_Value": "value",
            "Geographical Level": "level",
        }
    )
    frame["value"] = pd.to_numeric(frame["value"])
    return frame[["year", "area", "code", "level", "measure", "description", "value"]]


def ons_snpp(project: Project) -> pd.DataFrame:
    """ONS 2018-based population projections, one row per area, age group and year (2018 is the estimate).

    The copy stores the counts as padded text (" 1188457.7"): the padding is stripped and the text parsed.
    """
    wide = pd.read_csv(project.data / "national" / ONS_SNPP, dtype=str, keep_default_na=False)
    wide = wide.drop(columns=wide.columns[0]).rename(
        columns={"CODE": "code", "AREA": "area", "AGE GROUP": "age_group"}
    )
    long = wide.melt(id_vars=["code", "area", "age_group"], var_name="year", value_name="population")
    long["year"] = long["year"].astype(int)
    long["population"] = pd.to_numeric(long["population"].str.strip())
    return long


def dfe_early_education(project: Project) -> pd.DataFrame:
    """DfE LAIT early-education rows with tidy names; `value` is a number (missing where LAIT has '-')."""
    frame = pd.read_csv(project.data / "national" / DFE_EARLY_EDUCATION, dtype=str, keep_default_na=False)
    frame = frame.rename(
        columns={
            "Short Desc": "measure",
            "Data item": "description",
            "Years": "year",
            "LA and Regions": "area",
            "Values": "value",
            "LA Number": "la_number",
            "Region": "region",
        }
    )
    frame["year"] = frame["year"].astype(int)
    frame["la_number"] = pd.to_numeric(frame["la_number"]).astype(int)
    frame["value"] = pd.to_numeric(frame["value"].replace("-", None))
    return frame[["measure", "year", "area", "la_number", "region", "value", "description"]]


def national_provenance(project: Project) -> list[dict]:
    """Each national file's provenance record, with the file's columns as its header names them."""
    records = []
    for path in sorted((project.data / "national").glob("*.provenance.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        with (path.parent / record["file"]).open(newline="", encoding="utf-8") as handle:
            record["columns"] = next(csv.reader(handle))
        records.append(record)
    return records
