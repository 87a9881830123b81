from pathlib import Path

import pytest

from hertsbook.gate.readers import Unreadable, read_csv

GOOD = "id,value\na,1\nb,2\n"


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    return path


def problems(path: Path, required: list[str] | None = None) -> list[str]:
    with pytest.raises(Unreadable) as caught:
        read_csv(path, "data/f.csv", required)
    return [str(p) for p in caught.value.problems]


def test_rows_are_numbered_as_in_a_spreadsheet(tmp_path: Path) -> None:
    frame = read_csv(write(tmp_path, b'id,value\na,1\n"b\nc",2\n'), "data/f.csv")
    assert list(frame.index) == [2, 3]
    assert frame.loc[3, "id"] == "b\nc"


def test_empty_cells_are_missing(tmp_path: Path) -> None:
    frame = read_csv(write(tmp_path, b"id,value\na,\n"), "data/f.csv")
    assert frame.loc[2, "value"] is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "data/f.csv: is empty"),
        (b"\xef\xbb\xbf" + GOOD.encode(), "byte-order mark"),
        (GOOD.encode("utf-16"), "UTF-16"),
        ("id,value\ncafé,1\n".encode("latin-1"), "is not UTF-8 (byte 0xe9 on line 2"),
        (b"id,value\na,1\n\nb,2\n", "data/f.csv, row 3: is blank"),
        (
            b"id,value,unit\na,1,%\nb,2",
            "row 3: has 2 fields but the header has 3 (is the file cut off mid-row?)",
        ),
        (b'id,value\na,"1\n', "cannot be parsed as CSV"),
        (b"id,value,value\na,1,2\n", "column 'value': appears twice in the header"),
    ],
)
def test_unreadable_files_get_a_message_not_a_traceback(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    assert any(expected in p for p in problems(write(tmp_path, content)))


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    assert problems(write(tmp_path, GOOD.encode()), ["id", "value", "unit"]) == [
        "data/f.csv, row 1, column 'unit': is missing from the header"
    ]
