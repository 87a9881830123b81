"""Provenance checks: every quote is in its source, and every value or date is in its quote.

The source texts were extracted from PDFs and web pages, so a quote is compared with its source after
folding runs of whitespace to one space. Where the source's layout splits a passage (a table cell of a PDF
interleaved with the next), the quote gives its parts joined by " … ": each part must be in the source, in
order, each within GAP characters of the one before. A value counts as "in its quote" when one of the
numbers written in the quote (26,362; £16.62 Million; 73%; eight) equals it exactly as a decimal; a list
item, or any text column the catalogue names, when its words are the quote's, whitespace folded.

A value must be written exactly once in its quote, and no two rows of a file may take their value from the
same printed number: a value that appears twice is ambiguous, and without the second rule a value changed to
another number of its quote (a share of 23% changed to the 77% printed beside it) would pass unnoticed. Where
a row of numbers repeats one ("97.0% 97.0% 97.0%"), a split quote's earlier parts place the figure (the
numbers printed before it) and the value is the one written once in its last part.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

GAP = 400  # characters of the source allowed between two parts of a quote joined by " … "
JOIN = " … "
PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # a value as the data writes it (ASCII digits only)
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}  # fmt: skip
WORD = re.compile(r"\b(" + "|".join(WORDS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One provenance failure, located as a person would find it in the CSV (header = row 1)."""

    file: str
    row: int
    column: str
    value: str
    rule: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column '{self.column}' ({self.value!r}): {self.rule}"


def fold(text: str) -> str:
    """Fold all whitespace (including no-break spaces) to single spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


def numbers_in(text: str) -> set[Decimal]:
    """Every number written in the text, in figures or (one to a hundred) in words."""
    found = {Decimal(m.group().replace(",", "")) for m in NUMBER.finditer(text)}
    found |= {Decimal(WORDS[m.group().lower()]) for m in WORD.finditer(text)}
    return found


def _plain(value: str) -> Decimal | None:
    text = str(value).strip()
    if not PLAIN.fullmatch(text):  # not NaN, sNaN, Infinity, 1e5, 1_000, 0x10, or digits of another script
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def value_in_quote(value: str, quote: str) -> bool:
    """True when the quote writes this value (as a number, whatever separators or units surround it)."""
    wanted = _plain(value)
    return wanted is not None and wanted in numbers_in(quote)


def value_places(value: str, quote: str) -> list[tuple[int, int]]:
    """Where the quote writes this value: (part, character offset in the folded part), one per time written."""
    wanted = _plain(value)
    if wanted is None:
        return []
    places = []
    for index, part in enumerate(parts(quote)):
        places += [
            (index, m.start()) for m in NUMBER.finditer(part) if Decimal(m.group().replace(",", "")) == wanted
        ]
        places += [(index, m.start()) for m in WORD.finditer(part) if WORDS[m.group().lower()] == wanted]
    return sorted(places)


def date_renderings(iso: str) -> list[str]:
    """The ways a document may write an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return [str(parts[0])]
    year, month = parts[0], parts[1]
    name, short = calendar.month_name[month], calendar.month_abbr[month]
    if len(parts) == 2:
        return [f"{name} {year}", f"{short} {year}"]
    day = parts[2]
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return [
        f"{day} {name} {year}",
        f"{day}{suffix} {name} {year}",
        f"{name} {day}, {year}",
        f"{day:02d}/{month:02d}/{year}",
    ]


def date_in_quote(iso: str, quote: str) -> bool:
    text = fold(quote).lower()
    try:
        return any(r.lower() in text for r in date_renderings(iso))
    except (ValueError, IndexError):
        return False


@cache
def _folded(path: Path, mtime_ns: int, size: int) -> str:
    return fold(path.read_text(encoding="utf-8"))


def parts(quote: str) -> list[str]:
    """The quote's parts: one, or those it joins with " … " (a passage the source's layout splits)."""
    return fold(quote).split(JOIN)


def quoted_words(quote: str) -> str:
    """What the quote says: its parts joined by a space."""
    return " ".join(parts(quote))


def locate(quote: str, source: Path) -> list[int] | None:
    """Where each part of the quote starts in the folded source (its first match), or None if it is not there."""
    info = source.stat()  # keyed by modification time and size too, so an edited source is read again
    text = _folded(source, info.st_mtime_ns, info.st_size)
    first, *rest = parts(quote)
    if not rest:
        at = text.find(first)
        return [at] if at >= 0 else None
    if not all(parts(quote)):
        return None
    start = text.find(first)
    while start >= 0:
        found, end = [start], start + len(first)
        for part in rest:
            at = text.find(part, end)
            if at < 0 or at - end > GAP:
                break
            found.append(at)
            end = at + len(part)
        else:
            return found
        start = text.find(first, start + 1)
    return None


def quote_in_source(quote: str, source: Path) -> bool:
    return locate(quote, source) is not None


def text_in_quote(text: str, quote: str) -> bool:
    """True when the text's words are the quote's (whitespace folded; a split quote read as one passage)."""
    return fold(text) in fold(quote) or fold(text) in quoted_words(quote)


def check_rows(
    rows: list[tuple[int, dict[str, str]]], file: str, sources_dir: Path, quoted: tuple[str, ...] = ()
) -> list[Problem]:
    """Provenance problems in (row number, row) pairs read from one evidence, dates or lists file.

    `quoted` are text columns (a list's item) whose words must be in the row's quote.
    """
    problems = []
    taken: dict[tuple[str, int], list[tuple[int, str]]] = {}  # (source, place of a number) -> rows taking it
    for number, row in rows:
        source, quote = row.get("source", ""), row.get("quote", "")
        path = sources_dir / source
        if not source or not path.is_file() or path.parent != sources_dir:
            problems.append(Problem(file, number, "source", source, "names no file in data/sources/"))
            continue
        starts = locate(quote, path)
        if starts is None:
            rule = f"this quote is not in {source} (whitespace folded)"
            if len(parts(quote)) > 1:
                rule += f"; its parts joined by '{JOIN.strip()}' must be in it in order, each within {GAP} characters of the last"
            problems.append(Problem(file, number, "quote", _short(quote), rule))
            continue
        for column in quoted:
            if row.get(column) and not text_in_quote(row[column], quote):
                rule = (
                    "this text is not in its quote (whitespace folded): a list item must be the quote's words"
                )
                problems.append(Problem(file, number, column, _short(row[column]), rule))
        if "value" in row:
            problem = _value_problem(row["value"], quote)
            if problem:
                problems.append(Problem(file, number, "value", row["value"], problem))
            else:
                taken.setdefault((source, _place(row["value"], quote, starts)), []).append(
                    (number, row["value"])
                )
        if "date" in row and not date_in_quote(row["date"], quote):
            rule = (
                f"the date is not in its quote (looked for {' / '.join(date_renderings_safe(row['date']))})"
            )
            problems.append(Problem(file, number, "date", row["date"], rule))
    return sorted(problems + _clashes(file, taken), key=lambda p: p.row)


def _value_problem(value: str, quote: str) -> str:
    """What is wrong with a row's value against its quote ("" if nothing): not written, or written twice."""
    if not value_in_quote(value, quote):
        return "the value is not written in its quote"
    last = len(parts(quote)) - 1
    places = [p for p in value_places(value, quote) if p[0] == last]
    if len(places) != 1:
        where = "its quote" if last == 0 else f"its quote's last part (after the last '{JOIN.strip()}')"
        return (
            f"the value is written {len(places)} times in {where}, so which one it is cannot be told: "
            "narrow the quote to words that hold it once"
        )
    return ""


def _place(value: str, quote: str, starts: list[int]) -> int:
    """Where in the folded source the quote writes its value (once, as `_value_problem` has checked)."""
    last = len(parts(quote)) - 1
    (part, offset), *_ = [p for p in value_places(value, quote) if p[0] == last]
    return starts[part] + offset


def _clashes(file: str, taken: dict[tuple[str, int], list[tuple[int, str]]]) -> list[Problem]:
    """A problem for each row whose value is the same printed number as another row's (both are named)."""
    problems = []
    for (source, _), rows in taken.items():
        for number, value in rows if len(rows) > 1 else []:
            others = " and ".join(f"row {n}" for n, _ in rows if n != number)
            rule = (
                f"{others} takes its value from the same printed number of {source}: two rows cannot give one "
                "number, so give each row the number it prints"
            )
            problems.append(Problem(file, number, "value", value, rule))
    return problems


def date_renderings_safe(iso: str) -> list[str]:
    try:
        return date_renderings(iso)
    except (ValueError, IndexError):
        return ["a valid ISO date"]


def _short(text: str, width: int = 60) -> str:
    text = fold(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def check_file(path: Path, sources_dir: Path) -> list[Problem]:
    """Provenance problems in one CSV file (read as text, so values keep the digits written)."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    quoted = ("item",) if rows and "item" in rows[0] else ()
    return check_rows(list(enumerate(rows, start=2)), str(path), sources_dir, quoted)


if __name__ == "__main__":  # a quick check while extracting: python -m hertsbook.gate.evidence FILE ...
    import sys

    found = [p for f in sys.argv[1:] for p in check_file(Path(f), Path("data/sources").resolve())]
    print("\n".join(map(str, found)) or "all quotes and values check out")
    sys.exit(1 if found else 0)
