"""Loading the validated data for the notebooks (the files passed the gate before any notebook runs)."""

from __future__ import annotations

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


def table(project: Project, relative: str) -> pd.DataFrame:
    return pd.read_csv(project.data / relative, dtype=str, keep_default_na=False)


def ascof_trend(project: Project) -> pd.DataFrame:
    """National ASCOF outcomes (every council, 2017-18 to 2023-24) with tidy column names."""
    frame = pd.read_csv(
        project.data / "national" / "ascof_outcomes_2017-18_to_2023-24_trend_data.csv", dtype=str
    )
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
