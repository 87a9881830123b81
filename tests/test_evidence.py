from decimal import Decimal
from pathlib import Path

import pytest

from hertsbook.gate import evidence

LOCAL_ACCOUNT = "2020-adult-care-local-account-2018-2020.txt"


@pytest.mark.parametrize(
    ("value", "quote"),
    [
        ("26362", "26,362  New requests for support received"),
        ("16.62", "£16.62\nMillion Raised by the Money Advice Unit"),
        ("73", "an average of 73% saying the objectives were important"),
        ("67.0", "67.0% 59.7% 65.0%"),
        ("67", "67.0% 59.7% 65.0%"),
        ("8", "The strategy includes eight underlying principles"),
        ("809", "£0,809  (0.2%)"),
    ],
)
def test_value_found_in_each_rendering(value: str, quote: str) -> None:
    assert evidence.value_in_quote(value, quote)


@pytest.mark.parametrize(
    ("value", "quote"),
    [("26363", "26,362 New requests"), ("6.7", "67.0%"), ("nine", "nine objectives"), ("", "12 days")],
)
def test_value_missing_from_quote_is_caught(value: str, quote: str) -> None:
    assert not evidence.value_in_quote(value, quote)


def test_numbers_in_reads_separators_decimals_and_words() -> None:
    assert evidence.numbers_in("£14.37m and 1,184,365 people, twelve weeks") == {
        Decimal("14.37"),
        Decimal("1184365"),
        Decimal("12"),
    }


@pytest.mark.parametrize(
    ("iso", "quote", "found"),
    [
        ("2025-07-04", "Cabinet Panel - Friday, 4 July 2025 10.00 am", True),
        ("2024-05-20", "consultation on the strategy ran from 20 May 2024", True),
        ("2024-04", "a big spike in April 2024", True),
        ("2025-07-05", "Friday, 4 July 2025", False),
        ("2025-13-01", "4 July 2025", False),
    ],
)
def test_dates_in_quotes(iso: str, quote: str, found: bool) -> None:
    assert evidence.date_in_quote(iso, quote) is found


def test_quote_check_folds_whitespace_but_nothing_else(project) -> None:
    source = project.sources / LOCAL_ACCOUNT
    assert evidence.quote_in_source("Age 18+ 2.6 per 100,000", source)  # printed over five lines
    assert not evidence.quote_in_source("Age 18+ 2.7 per 100,000", source)


def test_check_rows_names_file_row_and_column(project) -> None:
    good = {"source": LOCAL_ACCOUNT, "quote": "26,362  New requests for support received", "value": "26362"}
    rows = [
        (2, good),
        (3, {**good, "value": "26326"}),
        (4, {**good, "quote": "26,362 new requests for help"}),
        (5, {**good, "source": "../../etc/passwd"}),
    ]
    problems = evidence.check_rows(rows, "data/evidence/x.csv", project.sources)
    assert [(p.row, p.column) for p in problems] == [(3, "value"), (4, "quote"), (5, "source")]
    assert "data/evidence/x.csv, row 3, column 'value'" in str(problems[0])


def test_every_evidence_file_passes_its_quote_checks(project) -> None:
    files = sorted(Path(project.data).glob("*/*.csv"))
    checked = [f for f in files if f.parent.name in ("evidence", "dates", "lists")]
    assert len(checked) >= 15
    for path in checked:
        assert evidence.check_file(path, project.sources) == [], path


@pytest.mark.parametrize("folder", ["evidence", "dates"])
def test_the_loaders_refuse_two_rows_with_one_id(scratch, folder: str) -> None:
    from hertsbook.content import data

    path = sorted((scratch.data / folder).glob("*.csv"))[0]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")  # the first row again
    load = data.evidence if folder == "evidence" else data.dates
    with pytest.raises(ValueError, match="Index has duplicate keys"):
        load(scratch)
