"""Loading the validated data for the notebooks (the files passed the gate before any notebook runs)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import pandas as pd

from hertsbook.cache import file_sha256
from hertsbook.content.places import ENGLAND, ENGLAND_ONS
from hertsbook.errors import HertsbookError
from hertsbook.project import Project


def _shaped_once(
    relative: str,
) -> Callable[[Callable[[Project], pd.DataFrame]], Callable[[Project], pd.DataFrame]]:
    """Within one process, a national file's frame is shaped once per version of its bytes (by sha256).

    A kernel kept for the council pages runs the council notebook 80 times: the ASCOF series took 0.6 s and
    the ONS projections 0.2 s of each run to shape again (docs/design.md). Each caller gets its own copy.
    """

    def wrap(shape: Callable[[Project], pd.DataFrame]) -> Callable[[Project], pd.DataFrame]:
        known: dict[tuple[str, str], pd.DataFrame] = {}

        @wraps(shape)
        def shaped(project: Project) -> pd.DataFrame:
            path = project.data / relative
            key = (str(path.resolve()), file_sha256(path))
            if key not in known:
                known.clear()  # only the file as it is now
                known[key] = shape(project)
            return known[key].copy(deep=True)

        return shaped

    return wrap


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
ASCOF_SERIES = "ascof_time_series_2015-16_to_2024-25.ods"  # DHSC's official ASCOF time series
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


@_shaped_once(f"national/{ONS_SNPP}")
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
    wide = pd.read_excel(
        project.data / "national" / DFE_NEIGHBOURS, sheet_name=sheet, header=header_row - 1, engine="openpyxl"
    )
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
        if file.name == ASCOF_SERIES:  # every data table has the same first columns, then a year's columns
            rows = ascof_sheets(project)["Table_1a"]
            record["columns"] = [
                c for c in next(r for r in rows if r and r[0] == "Local authority code") if c
            ]
        elif file.name in SHEETS:  # a workbook: the header row of the sheet the book reads, as printed
            sheet, header_row = SHEETS[file.name]
            header = pd.read_excel(file, sheet_name=sheet, header=None, nrows=header_row, engine="openpyxl")
            record["columns"] = ["" if pd.isna(c) else str(c) for c in header.iloc[-1]]
        else:
            with file.open(newline="", encoding="utf-8") as handle:
                record["columns"] = next(csv.reader(handle))
        records.append(record)
    return records


# --- the DHSC ASCOF time series (an OpenDocument workbook) ------------------------------------------------

ASCOF_GROUPS = {ENGLAND: ENGLAND, "S": "Council type", "U": "Council type", "M": "Council type"}  # by code
ASCOF_GROUPS |= {"I": "Council type", "O": "Council type", "D": "Council type"}
MARKERS = ("[x]", "[c]", "[z]")  # not available, suppressed, not applicable (the workbook's Cover)


def ascof_sheets(project: Project) -> dict[str, list[list[str | None]]]:
    """Every sheet of the DHSC workbook as cell texts, parsed once per version of the file (cached)."""
    from hertsbook.cache import Cache
    from hertsbook.gate.readers import read_ods

    path = project.data / "national" / ASCOF_SERIES
    return read_ods(path, f"data/national/{ASCOF_SERIES}", Cache(project.build / "cache"))


def ascof_measure(sheet: str) -> str:
    """A table's ASCOF code as the Contents sheet writes it: Table_2e(2a) is 2E(2a), Table_4a is 4A."""
    code = sheet.removeprefix("Table_")
    return code[0] + code[1].upper() + code[2:]


def ascof_year(heading: str) -> str:
    """A column heading's year in the book's form: "2024 to 2025 - outcome" is 2024-25."""
    first, last = heading.split(" - ")[0].split(" to ")
    return f"{first}-{last[2:]}"


def _table_column(sheet: str, heading: str) -> tuple[str, str, str]:
    """A table's column as measure, year and what it holds ("outcome", "margin of error"…): Table_1c's
    "2024 to 2025 - outcome" is 1C, 2024-25, outcome. Table 6b heads its overall figures "6b outcome"
    (beside "good outcome" and others, not read here)."""
    measure = ascof_measure(sheet)
    part = heading.split(" - ")[1]
    if part.startswith(measure.lower() + " "):
        part = part.split(" ", 1)[1]
    return measure, ascof_year(heading), part


def official(cell: str) -> str:
    """A cell's official figure: "7.7 (7.6)" is 7.7 and "51,230 (35,415)" is 51230.

    In 2016-17 the carers' survey measures print, in brackets, the score on the survey's old eligible
    population; the Comparability_over_time_log says "The official scores are the ones not in brackets".
    """
    return cell.split(" (")[0].replace(",", "")


@_shaped_once(f"national/{ASCOF_SERIES}")
def ascof_series(project: Project) -> pd.DataFrame:
    """Every ASCOF value of the DHSC time series: a row per measure, area and year.

    `value` is the outcome, `margin` its margin of error (survey measures), `respondents`, `numerator` and
    `denominator` what it rests on, all numbers or missing; `marker` keeps [x], [c] or [z] where the outcome
    is one. `code` is the ONS code (England, regions, councils) or DHSC's letter for a council type.
    """
    from hertsbook.gate.readers import ods_tables

    cells = ods_tables(ascof_sheets(project), ASCOF_SERIES)
    cells = cells[cells["sheet"].str.startswith("Table_")]
    # Each sheet and heading is read once, not once per cell (74,000 cells under a few hundred headings).
    tables = list(zip(cells["sheet"], cells["column"], strict=True))
    read = {table: _table_column(*table) for table in set(tables)}
    shaped = [read[table] for table in tables]
    cells = cells.assign(
        measure=[m for m, _, _ in shaped], year=[y for _, y, _ in shaped], part=[p for _, _, p in shaped]
    )
    wide = cells.pivot_table(
        index=["measure", "la_code", "area", "ons_code", "year"],
        columns="part",
        values="cell",
        aggfunc="first",
    ).reset_index()
    wide.columns.name = None
    out = wide[["measure", "la_code", "area", "ons_code", "year"]].copy()
    out["level"] = [
        ASCOF_GROUPS.get(la, "Region" if str(ons).startswith("E12") else "Council")
        for la, ons in zip(out["la_code"], out["ons_code"], strict=True)
    ]
    out["code"] = out["ons_code"].where(out["level"] != "Council type", out["la_code"])
    names = {
        "outcome": "value",
        "margin of error": "margin",
        "number of respondents": "respondents",
        "numerator": "numerator",
        "denominator": "denominator",
    }
    for part, column in names.items():
        raw = wide[part] if part in wide.columns else pd.Series(None, index=wide.index, dtype=object)
        out[column] = pd.to_numeric(raw.where(~raw.isin(MARKERS)).map(official, na_action="ignore"))
    outcome = wide["outcome"]
    out["marker"] = outcome.where(outcome.isin(MARKERS))
    # 2016-17 carers' measures print a second figure in brackets, on the old eligible population.
    out["bracketed"] = outcome.str.contains("(", regex=False).fillna(False).astype(bool)
    return out.sort_values(["measure", "level", "code", "year"]).reset_index(drop=True)


def _sheet_rows(rows: list[list[str | None]], first: str) -> pd.DataFrame:
    """The table of a sheet whose header row starts with `first`, down to the first empty row."""
    at = next(i for i, r in enumerate(rows) if r and r[0] == first)
    header = [h for h in rows[at] if h]
    body = []
    for row in rows[at + 1 :]:
        if not row or row[0] is None:
            break
        body.append((list(row) + [None] * len(header))[: len(header)])
    return pd.DataFrame(body, columns=header, dtype=object)


def ascof_contents(project: Project) -> pd.DataFrame:
    """The workbook's Contents: each measure's code, description, source, start year and 2022-23 code, and
    (`outcome`) the line of the measure's own table that says what its outcome is ("… (%)")."""
    sheets = ascof_sheets(project)
    frame = _sheet_rows(sheets["Contents"], "Metric")
    frame["Metric"] = frame["Metric"].str.strip()  # the sheet writes "6A " with a space
    told = {}
    for sheet, rows in sheets.items():
        if sheet.startswith("Table_"):
            lines = [r[0] for r in rows if r and r[0] and r[0].startswith("Outcome refers to")]
            told[ascof_measure(sheet)] = lines[0] if lines else ""
    frame["outcome"] = frame["Metric"].map(told)
    return frame.rename(
        columns={
            "Metric": "measure",
            "Description": "description",
            "Source": "source",
            "Start year": "start_year",
            "2022 to 2023 Code": "code_2022_23",
        }
    )


def ascof_comparability_log(project: Project) -> pd.DataFrame:
    """The workbook's Comparability_over_time_log: measure, its 2022-23 code, year of change and the text."""
    frame = _sheet_rows(ascof_sheets(project)["Comparability_over_time_log"], "2024 to 2025 metric code")
    frame.columns = ["measure", "code_2022_23", "year", "text"]
    frame["year"] = [ascof_year(y) for y in frame["year"]]
    return frame


def _ascfr_sheets(project: Project) -> dict[str, pd.DataFrame]:
    path = project.data / "national" / ASCFR
    sheets = pd.read_excel(
        path, sheet_name=["T34", "T36", "T43", "T44"], header=None, dtype=object, engine="openpyxl"
    )
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
