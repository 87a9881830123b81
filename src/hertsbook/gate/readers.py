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

import pandas as pd

from hertsbook.errors import HertsbookError


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
