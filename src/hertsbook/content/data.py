"""Loading the validated data for the notebooks (the files passed the gate before any notebook runs)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from hertsbook.content.places import ENGLAND, ENGLAND_ONS
from hertsbook.errors import HertsbookError
from hertsbook.project import Project


def _read_all(folder: Path) -> pd.DataFrame:
    frames = [pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(folder.glob("*.csv"))]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _by_id(frame: pd.DataFrame) -> pd.DataFrame:
    """Indexed by id, refusing two rows with one id (what pandas 3 deprecates `verify_integrity` for)."""
    indexed = frame.set_index("id")
    if not indexed.index.is_unique:
        raise ValueError(f"Index has duplicate keys: {indexed.index[indexed.index.duplicated()].unique()}")
    return indexed


def evidence(project: Project) -> pd.DataFrame:
    """Every value taken from the sources, indexed by id; `value` as a number and `written` as in the CSV."""
    frame = _read_all(project.data / "evidence")
    frame["written"] = frame["value"]
    frame["value"] = pd.to_numeric(frame["value"])
    return _by_id(frame)


def dates(project: Project) -> pd.DataFrame:
    return _by_id(_read_all(project.data / "dates"))


def lists(project: Project) -> pd.DataFrame:
    """Every list item, all lists together (a column one list lacks is empty text for it)."""
    return _read_all(project.data / "lists").fillna("")


def table(project: Project, relative: str) -> pd.DataFrame:
    return pd.read_csv(project.data / relative, dtype=str, keep_default_na=False)


ASCOF_TREND = "ascof_outcomes_2017-18_to_2023-24_trend_data.csv"
ONS_SNPP = "ons_snpp_2018based_table2_persons_ons_pop.csv"
DFE_EARLY_EDUCATION = "dfe_lait_extract_funded_early_education_2yo.csv"
DFE_NEIGHBOURS = "dfe_lait_sn_april_2021.xlsx"
ASCFR = "ASCFR and SALT Data Tables 2021-22.xlsx"
# Each workbook's sheet the book reads (the one whose header the National data page shows), and its header row
# as the sheet numbers it (rows 1-2 number columns).
SHEETS = {DFE_NEIGHBOURS: ("LA SN Groups", 3), ASCFR: ("T43", 7)}
# The ASC-FR/SALT tables the book reads: long term support clients (T34) and the adults beside them (T36),
# spend on long term care for those aged 18 to 64 (T43) and 65 and over (T44), by support setting.
ASCFR_HEADER_ROW = 7  # the first header row of each table (T34 and T36 have a second under it)
ASCFR_KEYS = ["Geography code", "LA code", "LA name", "Region code", "Region name"]


class WorkbookChanged(HertsbookError):
    """A national workbook whose tables are not laid out as its loader reads them."""


def spend_column(year: str) -> str:
    """The machine name of a year's spend column in a chart's data (CSV): 2018/19 is spend_2018_19_gbp_thousands."""
    return f"spend_{year.replace('/', '_')}_gbp_thousands"


def spend_column_year(column: str) -> str:
    """The year a spend column holds: spend_2018_19_gbp_thousands is 2018/19 (the inverse of spend_column)."""
    return column.removeprefix("spend_").removesuffix("_gbp_thousands").replace("_", "/")


def spend_series(drawn: pd.DataFrame) -> dict[str, str]:
    """A spend chart's series: each year's name and its column (every spend column of the frame)."""
    return {spend_column_year(c): c for c in drawn.columns if c.startswith("spend_")}


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


def dfe_statistical_neighbours(project: Project) -> pd.DataFrame:
    """The DfE's statistical neighbours: a row per local authority and neighbour, `rank` 1 the closest.

    The workbook heads each neighbour's column SN1 to SN10 and the closeness beside it, always SNP. Below
    the current list, under "Old SNs:", are authorities that no longer exist; new ones have "-" throughout.
    Only the current list is read, and an authority without neighbours has no rows.
    """
    sheet, header_row = SHEETS[DFE_NEIGHBOURS]
    wide = pd.read_excel(project.data / "national" / DFE_NEIGHBOURS, sheet_name=sheet, header=header_row - 1)
    old = wide.index[wide["LA Name"] == "Old SNs:"]
    wide = wide.loc[: old[0] - 1] if len(old) else wide
    columns = list(wide.columns)
    parts = []
    for rank in range(1, 11):
        at = columns.index(f"SN{rank}")
        part = wide[["LA num", "LA Name", columns[at], columns[at + 1]]].copy()
        part.columns = ["la_number", "area", "neighbour", "closeness"]
        parts.append(part.assign(rank=rank))
    frame = pd.concat(parts).replace("-", None).dropna(subset=["la_number", "neighbour"])
    frame = frame.astype({"la_number": int, "neighbour": int})
    return frame.sort_values(["la_number", "rank"]).reset_index(drop=True)


def national_provenance(project: Project) -> list[dict]:
    """Each national file's provenance record, with the file's columns as its header names them."""
    records = []
    for path in sorted((project.data / "national").glob("*.provenance.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        file = path.parent / record["file"]
        if file.name in SHEETS:  # a workbook: the header row of the sheet the book reads, as printed
            sheet, header_row = SHEETS[file.name]
            header = pd.read_excel(file, sheet_name=sheet, header=None, nrows=header_row)
            record["columns"] = ["" if pd.isna(c) else str(c) for c in header.iloc[-1]]
        else:
            with file.open(newline="", encoding="utf-8") as handle:
                record["columns"] = next(csv.reader(handle))
        records.append(record)
    return records


def _ascfr_sheets(project: Project) -> dict[str, pd.DataFrame]:
    path = project.data / "national" / ASCFR
    sheets = pd.read_excel(path, sheet_name=["T34", "T36", "T43", "T44"], header=None, dtype=object)
    for name, sheet in sheets.items():
        found = [str(v).strip() for v in sheet.iloc[ASCFR_HEADER_ROW - 1, :5]]
        if found != ASCFR_KEYS:
            raise WorkbookChanged(
                f"data/national/{ASCFR}, sheet {name}, row {ASCFR_HEADER_ROW}: expected the headers "
                f"{', '.join(ASCFR_KEYS)}, found {', '.join(found)}"
            )
    return sheets


def _ascfr_rows(sheet: pd.DataFrame, first_data_row: int) -> pd.DataFrame:
    """The table's data rows with `code`, `area` and `level` (council, region or England) in front."""
    body = sheet.iloc[first_data_row - 1 :].reset_index(drop=True)
    keys = body.iloc[:, :5].map(lambda v: "" if pd.isna(v) else str(v).strip())
    council = keys[0].str.startswith("E")
    code = keys[0].where(council, keys[3])
    area = keys[2].where(council, keys[4])
    level = (
        pd.Series("region", index=body.index).where(~council, "council").where(code != ENGLAND_ONS, ENGLAND)
    )
    rows = pd.concat([pd.DataFrame({"code": code, "area": area, "level": level}), body.iloc[:, 5:]], axis=1)
    return rows[(code != "") & (area != "")].reset_index(drop=True)


def _value(cell: object) -> float:
    """A table's cell as a number: [c] (fewer than 5, suppressed) and [x] (not submitted) are missing."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    return float("nan")


def _printed(cell: object) -> str:
    return "" if pd.isna(cell) else str(cell).strip()


def ascfr_long_term(project: Project) -> pd.DataFrame:
    """ASC-FR/SALT 2021-22: long term support by support setting, per council, region and England.

    One row per area, measure, age band and setting: measure `spend` (gross current expenditure, thousands of
    pounds, T43 and T44) or `clients` (clients accessing long term support during the year, T34); `value` a
    number (missing where the table prints [c] or [x], kept as printed in `printed`). A setting's name is as the
    table heads it, its two header lines joined by ": " (T34's "Community" over "Direct Payment Only").
    """
    sheets = _ascfr_sheets(project)
    parts = []
    for name, band in (("T43", "18 to 64"), ("T44", "65 and over")):
        sheet = sheets[name]
        settings = [str(v).strip() for v in sheet.iloc[ASCFR_HEADER_ROW - 1, 5:]]
        rows = _ascfr_rows(sheet, ASCFR_HEADER_ROW + 2)
        for i, setting in enumerate(settings):
            cells = rows.iloc[:, 3 + i]
            parts.append(
                rows[["code", "area", "level"]].assign(
                    measure="spend",
                    age_band=band,
                    setting=setting,
                    value=cells.map(_value),
                    printed=cells.map(_printed),
                )
            )
    sheet = sheets["T34"]
    bands = sheet.iloc[ASCFR_HEADER_ROW - 1, 5:].ffill()
    lines = sheet.iloc[ASCFR_HEADER_ROW, 5:]
    rows = _ascfr_rows(sheet, ASCFR_HEADER_ROW + 3)
    for i, (band, line) in enumerate(zip(bands, lines, strict=True)):
        if str(band).strip() == "Total":
            continue  # the two bands together: the book adds them itself where it needs both
        setting = ": ".join(part.strip() for part in str(line).strip().split("\n") if part.strip())
        cells = rows.iloc[:, 3 + i]
        parts.append(
            rows[["code", "area", "level"]].assign(
                measure="clients",
                age_band=str(band).strip(),
                setting=setting,
                value=cells.map(_value),
                printed=cells.map(_printed),
            )
        )
    return pd.concat(parts, ignore_index=True)


def ascfr_adults(project: Project) -> pd.DataFrame:
    """The adults (18 and over) T36 sets beside the clients of long term support: one row per area and age
    band, `population` as the table prints it."""
    sheet = _ascfr_sheets(project)["T36"]
    bands = sheet.iloc[ASCFR_HEADER_ROW - 1, 5:].ffill()
    lines = sheet.iloc[ASCFR_HEADER_ROW, 5:]
    rows = _ascfr_rows(sheet, ASCFR_HEADER_ROW + 3)
    parts = []
    for i, (band, line) in enumerate(zip(bands, lines, strict=True)):
        if str(line).strip() == "Population":
            cells = rows.iloc[:, 3 + i]
            parts.append(
                rows[["code", "area", "level"]].assign(
                    age_band=str(band).strip(), population=cells.map(_value)
                )
            )
    return pd.concat(parts, ignore_index=True)
