"""Reading a data file as a person would, or saying plainly why it cannot be read.

CSV files are parsed with the standard csv module rather than pandas so that each record keeps the row
number a person sees in a spreadsheet (header = row 1) and so that blank lines, short rows and stray
fields are reported instead of silently skipped or padded.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from hertsbook.errors import HertsbookError

if TYPE_CHECKING:
    from hertsbook.cache import Cache


@dataclass(frozen=True)
class ReadProblem:
    file: str
    rule: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.rule}"


class Unreadable(HertsbookError):
    """A data file that cannot be read as the table it should be (the problems say where and why)."""

    def __init__(self, problems: list[ReadProblem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def read_text(path: Path, name: str) -> str:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise Unreadable([ReadProblem(name, f"is not a complete gzip file ({error})")]) from None
    if not raw.strip():
        raise Unreadable([ReadProblem(name, "is empty")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise Unreadable([ReadProblem(name, "starts with a byte-order mark: save it as UTF-8 without BOM")])
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:4096]:
        raise Unreadable([ReadProblem(name, "is UTF-16 (or has NUL bytes): save it as UTF-8")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        rule = f"is not UTF-8 (byte {raw[error.start]:#04x} on line {line}; Latin-1 or Windows text?): save it as UTF-8"
        raise Unreadable([ReadProblem(name, rule)]) from None


def read_csv(path: Path, name: str, required: list[str] | None = None) -> pd.DataFrame:
    """All cells as text (empty cells as missing), indexed by the spreadsheet row number."""
    text = read_text(path, name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as error:
        rule = f"cannot be parsed as CSV near line {reader.line_num} ({error}); is the file cut off?"
        raise Unreadable([ReadProblem(name, rule)]) from None
    header = records[0][1]
    problems = _header_problems(name, header, required)
    rows, index = [], []
    for number, (_, record) in enumerate(records[1:], start=2):
        if not record or all(not cell.strip() for cell in record):
            problems.append(ReadProblem(name, "is blank: remove blank lines", row=number))
        elif len(record) != len(header):
            rule = f"has {len(record)} fields but the header has {len(header)}"
            if number == len(records) and len(record) < len(header):
                rule += " (is the file cut off mid-row?)"
            problems.append(ReadProblem(name, rule, row=number))
        else:
            rows.append(record)
            index.append(number)
    if problems:
        raise Unreadable(problems)
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(index, name="row"), dtype=object)
    return frame.where(frame.map(lambda cell: cell.strip() != ""), None)


def _header_problems(name: str, header: list[str], required: list[str] | None) -> list[ReadProblem]:
    problems = []
    seen = set()
    for column in header:
        # A national file copied unchanged may have an unnamed row-index column; its suite then lists "".
        if not column.strip() and column not in (required or []):
            problems.append(ReadProblem(name, "the header has an unnamed column", row=1))
        elif column in seen:
            problems.append(ReadProblem(name, "appears twice in the header", row=1, column=column))
        seen.add(column)
    for column in required or []:
        if column not in header:
            problems.append(ReadProblem(name, "is missing from the header", row=1, column=column))
    return problems


# --- OpenDocument workbooks (the DHSC ASCOF time series) -------------------------------------------------

ODS_TABLE_HEADER = "Local authority code"  # the first heading of every data table in the DHSC workbook
ODS_READER_VERSION = "ods-2"  # part of the cache key: change it when read_ods changes what it returns


def ods_cell_text(value: object) -> str | None:
    """A cell as the sheet shows it: text as written, a number without a trailing ".0", empty as None.

    pandas' reader returns a cell's stored value: 71207.0 for "71,207", 0.404 for "0.404".
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    text = str(value)
    return text if text.strip() else None


def read_ods(path: Path, name: str, cache: Cache | None = None) -> dict[str, list[list[str | None]]]:
    """Every sheet of an OpenDocument workbook as rows of cell texts (row 1 first), read with pandas' calamine
    engine (docs/design.md: pandas' odf engine takes 30 to 50 s on the DHSC workbook, calamine under 2 s).

    With a cache the result is kept under the file's own sha256 (and this reader's version): any change to the
    bytes reads it again.
    """
    from hertsbook.cache import file_sha256
    from hertsbook.cache import key as cache_key

    digest = cache_key(ODS_READER_VERSION, file_sha256(path)) if cache is not None else ""
    if cache is not None:
        kept = cache.value("ods", digest)
        if kept is not None:
            return kept
    try:
        frames = pd.read_excel(path, engine="calamine", sheet_name=None, header=None, dtype=object)
    except Exception as error:  # a zip, XML or ODF problem: the file is not a workbook pandas can read
        raise Unreadable(
            [ReadProblem(name, f"cannot be read as an OpenDocument workbook ({error})")]
        ) from None
    sheets = {
        sheet: [[ods_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
        for sheet, frame in frames.items()
    }
    if cache is not None:
        cache.put("ods", digest, {}, sheets)
    return sheets


def ods_tables(sheets: dict[str, list[list[str | None]]], name: str) -> pd.DataFrame:
    """The data tables of a DHSC-style workbook, one row per cell: sheet, spreadsheet row, the area's three
    identifying cells, the column's heading and the cell's text.

    A data table is a sheet with a row whose first cell is "Local authority code"; the rows below it, down
    to the first empty one, are the table. A sheet named Table_… without that row is a problem.
    """
    parts, problems = [], []
    for sheet, rows in sheets.items():
        at = next((i for i, r in enumerate(rows) if r and r[0] == ODS_TABLE_HEADER), None)
        if at is None:
            if sheet.startswith("Table_"):
                problems.append(
                    ReadProblem(f"{name}, sheet {sheet}", f"has no row starting '{ODS_TABLE_HEADER}'")
                )
            continue
        header = [h or "" for h in rows[at]]
        while header and not header[-1]:
            header.pop()
        for number, row in enumerate(rows[at + 1 :], start=at + 2):
            if not row or row[0] is None:
                break
            cells = list(row) + [None] * (len(header) - len(row))
            for heading, cell in zip(header[3:], cells[3 : len(header)], strict=True):
                parts.append((sheet, number, cells[0], cells[1], cells[2], heading, cell))
    if problems:
        raise Unreadable(problems)
    columns = ["sheet", "row", "la_code", "area", "ons_code", "column", "cell"]
    return pd.DataFrame(parts, columns=columns, dtype=object)
