"""The data gate on the real data and on broken copies of it."""

from pathlib import Path

import pytest

from hertsbook.cache import Cache
from hertsbook.gate import validate
from hertsbook.project import Project

EVIDENCE = "data/evidence/2020-adult-care-local-account-2018-2020.csv"


def replace_in(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def row_of(project: Project, relative: str, needle: str) -> int:
    """The spreadsheet row (header = 1) of the first record containing needle (records here are one line)."""
    lines = (project.root / relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def messages(project: Project, cache: Cache | None = None) -> list[str]:
    return [str(f) for f in validate.validate(project, cache=cache).failures]


@pytest.fixture(scope="module")
def checked(project: Project, tmp_path_factory) -> tuple[validate.Report, Cache]:
    """The real data checked once, from cold, with its passing checks cached: a test that breaks a copy then
    checks again only the files it changed, as a warm build does, instead of the whole tree."""
    cache = Cache(tmp_path_factory.mktemp("validate-cache"))
    return validate.validate(project, cache=cache), cache


@pytest.fixture
def cache(checked: tuple[validate.Report, Cache]) -> Cache:
    return checked[1]


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_the_real_data_passes_every_suite_and_check(checked: tuple[validate.Report, Cache]) -> None:
    report = checked[0]
    assert report.reused == []  # every file checked, none taken from a cache
    assert report.failures == []
    checked = {c["file"] for c in report.checked}
    assert EVIDENCE in checked
    assert "data/national/ascof_outcomes_2017-18_to_2023-24_trend_data.csv" in checked
    assert all(r["success"] for c in report.checked for r in c["results"])


def test_every_data_file_has_a_catalogue_entry(project: Project) -> None:
    catalogue = validate.load_catalogue(project)
    for path in validate.data_files(project):
        assert validate.match(catalogue, project.relative(path)) is not None, path


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_a_percentage_out_of_range_names_file_column_row_value_and_rule(
    scratch: Project, cache: Cache
) -> None:
    row = row_of(scratch, EVIDENCE, "la-new-requests-share-18-64-2019-20,")
    replace_in(
        scratch,
        EVIDENCE,
        "share of new requests for support from people aged 18-64,2019/20,23,%",
        "share of new requests for support from people aged 18-64,2019/20,230,%",
    )
    found = messages(scratch, cache)
    assert (
        f"{EVIDENCE}, column 'value', row {row}: a percentage must lie between 0 and 100 (found '230')"
        in found
    )
    # the quote check catches it too: 230 is not what the document wrote
    assert (
        f"{EVIDENCE}, column 'value', row {row}: the value is not written in its quote (found '230')" in found
    )


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_text_in_a_number_is_reported_with_the_text(scratch: Project, cache: Cache) -> None:
    row = row_of(scratch, EVIDENCE, "la-new-requests-2019-20,")
    replace_in(
        scratch,
        EVIDENCE,
        "new requests for support received,2019/20,26362,",
        'new requests for support received,2019/20,"26,362",',
    )
    found = messages(scratch, cache)
    assert any(
        m.startswith(f"{EVIDENCE}, column 'value', row {row}: must be a plain number") and "'26,362'" in m
        for m in found
    )


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_duplicate_ids_name_both_rows(scratch: Project, cache: Cache) -> None:
    first = row_of(scratch, EVIDENCE, "la-new-requests-2019-20,")
    second = row_of(scratch, EVIDENCE, "la-info-advice-signposting-2019-20,")
    replace_in(scratch, EVIDENCE, "la-info-advice-signposting-2019-20,", "la-new-requests-2019-20,")
    found = messages(scratch, cache)
    assert (
        f"{EVIDENCE}, column 'id', rows {first}, {second}: must be unique, but the same value is in more than one row (found 'la-new-requests-2019-20', 'la-new-requests-2019-20')"
        in found
    )


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_a_missing_column_is_named_without_a_traceback(scratch: Project, cache: Cache) -> None:
    path = scratch.root / "data/adult_care/key_measures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(",".join(line.split(",")[:-1]) for line in lines) + "\n", encoding="utf-8")
    assert (
        "data/adult_care/key_measures.csv, column 'target_2020_21', row 1: is missing from the header"
        in messages(scratch, cache)
    )


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_an_unknown_evidence_reference_is_caught(scratch: Project, cache: Cache) -> None:
    replace_in(
        scratch,
        "data/adult_care/key_measures.csv",
        "la-km-ld-own-home-target-2019-20",
        "la-km-ld-own-home-target-2019-21",
    )
    row = row_of(scratch, "data/adult_care/key_measures.csv", "ld-own-home,")
    assert (
        f"data/adult_care/key_measures.csv, column 'target_2019_20', row {row}: names no evidence row (ids are in data/evidence/*.csv) (found 'la-km-ld-own-home-target-2019-21')"
        in messages(scratch, cache)
    )


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_an_edited_source_breaks_its_pin_and_its_quotes(scratch: Project, cache: Cache) -> None:
    source = "data/sources/2025-07-adult-care-cabinet-panel-summary.txt"
    replace_in(scratch, source, "rose to 33,641", "rose to 33,614")
    found = messages(scratch, cache)
    assert any(m.startswith(f"{source}: has changed since it was catalogued") for m in found)
    assert any(
        "2025-07-adult-care-cabinet-panel-summary.csv" in m and "column 'quote'" in m and "is not in" in m
        for m in found
    )


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_a_file_no_suite_checks_is_refused(scratch: Project, cache: Cache) -> None:
    (scratch.data / "evidence" / "notes.txt").write_text("stray\n", encoding="utf-8")
    assert (
        "data/evidence/notes.txt: no suite checks this file: add it to expectations/catalogue.json"
        in messages(scratch, cache)
    )


@pytest.mark.parametrize(
    ("kind", "kwargs", "words"),
    [
        (
            "expect_column_values_to_be_between",
            {"column": "v", "min_value": 0, "max_value": 100},
            "must lie between 0 and 100",
        ),
        (
            "expect_column_values_to_be_in_set",
            {"column": "v", "value_set": ["a", "b"]},
            "must be one of: a, b",
        ),
        ("expect_column_values_to_not_be_null", {"column": "v"}, "must not be empty"),
    ],
)
def test_rules_are_described_in_plain_words(kind: str, kwargs: dict, words: str) -> None:
    assert validate.describe({"type": kind, "kwargs": kwargs}) == words
    assert validate.describe({"type": kind, "kwargs": kwargs, "meta": {"rule": "own words"}}) == "own words"


def test_report_is_written_as_json(tmp_path: Path) -> None:
    report = validate.Report(
        failures=[validate.Failure("data/x.csv", "must not be empty", "id", (3,), ("",))]
    )
    validate.write_report(report, tmp_path / "v.json")
    assert '"rows": [\n    3\n   ]' in (tmp_path / "v.json").read_text()
    assert report.text().startswith("✗ data/x.csv, column 'id', row 3: must not be empty (found '')")


RATE_SUITE = {
    "name": "x",
    "expectations": [
        {"type": "expect_table_columns_to_match_ordered_list", "kwargs": {"column_list": ["area", "rate"]}},
        {
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": "rate", "min_value": 0, "max_value": 100},
        },
    ],
}


def test_a_column_with_a_range_rule_is_read_as_numbers_without_meta() -> None:
    assert validate.numeric_columns(RATE_SUITE) == ["rate"]
    listed = {**RATE_SUITE, "meta": {"numeric_columns": ["count"]}}
    assert validate.numeric_columns(listed) == ["count", "rate"]


def test_text_in_a_ranged_column_says_which_rule_needs_a_number() -> None:
    import pandas as pd

    frame = pd.DataFrame({"area": ["Kent", "Luton", "Essex"], "rate": ["45", "abc", ""]}, index=[2, 3, 4])
    [failure] = validate.not_numbers("data/x.csv", frame, RATE_SUITE)
    assert str(failure) == (
        "data/x.csv, column 'rate', row 3: must be a plain number, such as 45 or -3.5 (no commas, units or "
        "words): its range rule (must lie between 0 and 100) compares numbers (found 'abc')"
    )
    assert validate.not_numbers("data/x.csv", frame, RATE_SUITE, {("rate", 3)}) == []  # not said twice


def test_a_ranges_limits_are_written_as_the_suite_writes_them() -> None:
    rule = {
        "type": "expect_column_values_to_be_between",
        "kwargs": {"column": "r", "min_value": 0.0, "max_value": 100.0},
    }
    assert validate.describe(rule) == "must lie between 0 and 100"
    rule["kwargs"]["max_value"] = None
    assert validate.describe(rule) == "must be at least 0"


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_a_new_dataset_without_meta_is_checked_by_its_range_with_rows_named(
    scratch: Project, cache: Cache
) -> None:
    import json

    (scratch.data / "x.csv").write_text("area,rate\nKent,45\nEssex,120\nLuton,abc\n", encoding="utf-8")
    (scratch.expectations / "x.json").write_text(json.dumps(RATE_SUITE), encoding="utf-8")
    catalogue = json.loads((scratch.expectations / "catalogue.json").read_text(encoding="utf-8"))
    catalogue["datasets"].insert(0, {"files": "data/x.csv", "suite": "x"})
    (scratch.expectations / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")
    found = [m for m in messages(scratch, cache) if m.startswith("data/x.csv")]
    assert found == [
        "data/x.csv, column 'rate', row 3: must lie between 0 and 100 (found '120')",
        "data/x.csv, column 'rate', row 4: must be a plain number, such as 45 or -3.5 (no commas, units or "
        "words): its range rule (must lie between 0 and 100) compares numbers (found 'abc')",
    ]


def test_every_rule_of_a_suite_is_answered_and_only_failing_ones_name_rows_and_what_was_observed() -> None:
    """A file is checked with a yes or no per rule, then the failing rules alone in full (validate._run_suite):
    every rule still has its answer, each failing one its rows or observed value, in the suite's own words."""
    import pandas as pd

    frame = pd.DataFrame({"id": ["a", "b", "b"], "share": ["5", "250", "7"]}, index=[2, 3, 4], dtype=object)
    rule = {"rule": "a percentage must lie between 0 and 100"}
    suite = {
        "name": "small",
        "expectations": [
            {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}},
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}},
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "share", "min_value": 0, "max_value": 100},
                "meta": rule,
            },
            {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 5, "max_value": 9}},
        ],
    }
    results = {(r["type"], r["kwargs"].get("column")): r for r in validate._run_suite(frame, suite)}
    assert len(results) == 4
    unique = results[("expect_column_values_to_be_unique", "id")]
    assert (unique["success"], unique["rows"]) == (False, [3, 4])
    between = results[("expect_column_values_to_be_between", "share")]
    assert (between["success"], between["rows"], between["rule"]) == (False, [3], rule["rule"])
    count = results[("expect_table_row_count_to_be_between", None)]
    assert (count["success"], count["rows"], count["observed"]) == (False, [], 3)
    present = results[("expect_column_values_to_not_be_null", "id")]
    assert (present["success"], present["rows"], present["error"]) == (True, [], None)
    assert "hertsbook_place" not in repr(results)
