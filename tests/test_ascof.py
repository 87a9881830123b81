"""hertsbook.content.ascof on the real DHSC workbook: values, margins, breaks, ranks and peers.

Every expected figure is read from the workbook's own cells in the test (data.ascof_sheets), never typed.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from hertsbook.content import ascof, data
from hertsbook.content.places import ENGLAND_ONS, HERTFORDSHIRE_ONS, REGION_ONS

KENT = "E10000016"


@pytest.fixture(scope="module")
def loaded(project):
    contents = data.ascof_contents(project)
    return {
        "sheets": data.ascof_sheets(project),
        "series": data.ascof_series(project),
        "log": data.ascof_comparability_log(project),
        "breaks": ascof.breaks(data.ascof_comparability_log(project), list(contents["measure"])),
        "contents": contents,
        "areas": data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv"),
    }


def cell(sheets, sheet: str, ons: str, heading: str) -> str:
    """One cell of the workbook, found as a reader would: the area's row, the heading's column."""
    rows = sheets[sheet]
    header = next(r for r in rows if r and r[0] == "Local authority code")
    row = next(r for r in rows if len(r) > 2 and r[2] == ons)
    return row[header.index(heading)]


def test_values_and_margins_are_the_workbooks_cells(loaded) -> None:
    herts = ascof.values(loaded["series"], HERTFORDSHIRE_ONS, "4A").set_index("year")
    for year in ("2015-16", "2019-20", "2024-25"):
        heading = f"{year[:4]} to 20{year[5:]}"
        assert herts.loc[year, "value"] == float(
            cell(loaded["sheets"], "Table_4a", HERTFORDSHIRE_ONS, f"{heading} - outcome")
        )
        assert herts.loc[year, "margin"] == float(
            cell(loaded["sheets"], "Table_4a", HERTFORDSHIRE_ONS, f"{heading} - margin of error")
        )
    england = ascof.values(loaded["series"], ENGLAND_ONS, "4A").set_index("year")
    assert england.loc["2024-25", "value"] == float(
        cell(loaded["sheets"], "Table_4a", ENGLAND_ONS, "2024 to 2025 - outcome")
    )
    # The voluntary 2020-21 survey: Hertfordshire did not take part, and the marker is kept, not a number.
    assert math.isnan(herts.loc["2020-21", "value"])
    assert herts.loc["2020-21", "marker"] == cell(
        loaded["sheets"], "Table_4a", HERTFORDSHIRE_ONS, "2020 to 2021 - outcome"
    )


def test_every_measure_of_the_contents_has_its_table(loaded) -> None:
    assert sorted(loaded["contents"]["measure"]) == sorted(loaded["series"]["measure"].unique())


def test_a_difference_is_clear_only_where_the_intervals_do_not_overlap(loaded) -> None:
    """Checked on every council's 2024-25 figure of every survey measure, against England's."""
    s = loaded["series"]
    year = s[(s["year"] == "2024-25") & s["margin"].notna()]
    england = year[year["code"] == ENGLAND_ONS].set_index("measure")
    seen = set()
    for _, row in year[year["level"] == "Council"].dropna(subset=["value"]).iterrows():
        e = england.loc[row["measure"]]
        found = ascof.difference(row["value"], row["margin"], e["value"], e["margin"])
        apart = (
            row["value"] - row["margin"] > e["value"] + e["margin"]
            or row["value"] + row["margin"] < e["value"] - e["margin"]
        )
        assert (found in (ascof.ABOVE, ascof.BELOW)) == apart
        assert found != ascof.ABOVE or row["value"] > e["value"]
        seen.add(found)
    assert seen == {ascof.ABOVE, ascof.BELOW, ascof.UNCLEAR}


def test_a_higher_figure_within_the_margins_is_no_clear_difference(loaded) -> None:
    """Hertfordshire's control over daily life (3A) in 2024-25 is above England's point estimate, yet the
    intervals overlap: the book says there is no clear difference."""
    s = loaded["series"]
    herts = ascof.values(s, HERTFORDSHIRE_ONS, "3A").set_index("year").loc["2024-25"]
    england = ascof.values(s, ENGLAND_ONS, "3A").set_index("year").loc["2024-25"]
    assert herts["value"] > england["value"]
    assert (
        ascof.difference(herts["value"], herts["margin"], england["value"], england["margin"])
        == ascof.UNCLEAR
    )
    # and without the margins the same figures would be called "above"
    assert ascof.difference(herts["value"], None, england["value"], None) == ascof.ABOVE


def test_a_measure_without_margin_is_compared_as_it_is_and_direction_decides_better(loaded) -> None:
    s = loaded["series"]
    herts = ascof.values(s, HERTFORDSHIRE_ONS, "2C").set_index("year").loc["2024-25"]
    england = ascof.values(s, ENGLAND_ONS, "2C").set_index("year").loc["2024-25"]
    assert math.isnan(herts["margin"])
    standing = ascof.difference(herts["value"], herts["margin"], england["value"], england["margin"])
    assert standing == (ascof.BELOW if herts["value"] < england["value"] else ascof.ABOVE)
    # fewer admissions to care homes per 100,000 is the better result
    assert (
        ascof.verdict("2C", ascof.BELOW) == ascof.BETTER and ascof.verdict("4A", ascof.BELOW) == ascof.WORSE
    )


def test_the_breaks_are_read_from_the_comparability_log(loaded) -> None:
    log, b = loaded["log"], loaded["breaks"]
    # 2024-25: client-level data, in the log's words "cannot be compared"
    client_level = log[(log["measure"] == "2A") & (log["year"] == "2024-25")]["text"].iloc[0]
    assert "cannot be compared" in client_level
    assert set(b[(b["measure"] == "2A") & (b["year"] == "2024-25")]["kind"]) == {ascof.BREAK}
    # the log's family entry "2E" applies to 2E(1), 2E(2a) and 2E(2b)
    assert {m for m in b.loc[b["kind"] == ascof.BREAK, "measure"] if m.startswith("2E")} == {
        "2E(1)",
        "2E(2a)",
        "2E(2b)",
    }
    # 2020-21: the voluntary survey stands alone, for every survey measure of the ASCS
    alone = set(b.loc[b["kind"] == ascof.ALONE, "measure"])
    assert {"1A", "1B", "1D", "3A", "3C(1)", "4A", "5A(1)"} <= alone
    # 2023-24: renumbered, marked but not a break
    assert set(b[(b["measure"] == "3A") & (b["year"] == "2023-24")]["kind"]) == {ascof.RENAMED}
    # "not being treated as a break in time series" is a note, not a break
    note = log[log["text"].str.contains("not being treated as a break")].iloc[0]
    assert ascof.break_kind(note["text"]) == ascof.NOTE


def test_a_change_across_a_break_is_refused(loaded) -> None:
    s, b = loaded["series"], loaded["breaks"]
    safe = ascof.values(s, HERTFORDSHIRE_ONS, "4A").set_index("year")["value"]
    with pytest.raises(ascof.SeriesBreak, match="4A: 2019-20 and 2020-21 cannot be compared"):
        ascof.change(safe, b, "4A", "2019-20", "2020-21")
    with pytest.raises(ascof.SeriesBreak):
        ascof.change(safe, b, "4A", "2020-21", "2021-22")
    # the log: 2021-22 "can be compared to earlier years", so over the voluntary year is allowed
    assert ascof.change(safe, b, "4A", "2019-20", "2021-22") == safe["2021-22"] - safe["2019-20"]
    # renumbering in 2023-24 does not break the series DHSC carries on in one table
    assert ascof.change(safe, b, "4A", "2022-23", "2024-25") == safe["2024-25"] - safe["2022-23"]
    # 1B (formerly 1J): the 2020-21 formula correction means no comparison with earlier years
    adjusted = ascof.values(s, HERTFORDSHIRE_ONS, "1B").set_index("year")["value"]
    with pytest.raises(ascof.SeriesBreak, match="1B: 2019-20 and 2021-22"):
        ascof.change(adjusted, b, "1B", "2019-20", "2021-22")
    # client-level 2024-25 against any SALT year (an older file's 2A(2) for 2023-24, say)
    assert not ascof.comparable(b, "2C", "2023-24", "2024-25")


def test_no_line_is_joined_across_a_break(loaded) -> None:
    years = ascof.years(loaded["series"])
    runs = ascof.segments(years, loaded["breaks"], "4A")
    assert ["2020-21"] in runs
    for run in runs:
        for a, c in zip(run, run[1:], strict=False):
            assert ascof.comparable(loaded["breaks"], "4A", a, c)
    assert sum(len(r) for r in runs) == len(years)
    assert ("2020-21", ascof.ALONE) in ascof.marks(loaded["breaks"], "4A", years)
    assert ("2023-24", ascof.RENAMED) in ascof.marks(loaded["breaks"], "3A", years)  # 1B before
    assert ("2023-24", ascof.RENAMED) not in ascof.marks(loaded["breaks"], "4A", years)  # kept its code


def test_previous_comparable_year_skips_the_voluntary_year(loaded) -> None:
    one = ascof.values(loaded["series"], "E10000015", "4A")
    assert ascof.previous_comparable(one, loaded["breaks"], "4A", "2021-22") == "2019-20"
    assert (
        ascof.previous_comparable(
            ascof.values(loaded["series"], "E10000015", "2C"), loaded["breaks"], "2C", "2024-25"
        )
        is None
    )


def expected_rank(frame: pd.DataFrame, code: str, lower_better: bool) -> tuple[int, int, int]:
    values = frame.set_index("code")["value"]
    mine = values[code]
    better = (values < mine).sum() if lower_better else (values > mine).sum()
    rank = int(better) + 1
    return rank, len(values), math.ceil(4 * rank / len(values))


@pytest.mark.parametrize("measure", ["4A", "2C", "3D(2a)"])
def test_rank_and_quartile_among_all_councils_and_its_type(loaded, measure: str) -> None:
    s = loaded["series"]
    year = s[(s["measure"] == measure) & (s["year"] == "2024-25") & (s["level"] == "Council")].dropna(
        subset=["value"]
    )
    lower = measure in ascof.LOWER_IS_BETTER
    got = ascof.rank(s, measure, "2024-25", KENT)
    assert (got["rank"], got["of"], got["quartile"]) == expected_rank(year, KENT, lower)
    shire = year[year["code"].str.startswith("E10")]
    got = ascof.rank(s, measure, "2024-25", KENT, "E10")
    assert (got["rank"], got["of"], got["quartile"]) == expected_rank(shire, KENT, lower)


def test_a_council_without_a_figure_has_no_rank(loaded) -> None:
    s = loaded["series"]
    lacking = s[
        (s["measure"] == "2D(1)") & (s["year"] == "2024-25") & (s["level"] == "Council") & s["value"].isna()
    ]
    code = lacking["code"].iloc[0]
    assert ascof.rank(s, "2D(1)", "2024-25", code)["rank"] is None


def test_type_and_region_averages_are_the_workbooks_own_rows(loaded) -> None:
    s = loaded["series"]
    herts = ascof.place(s, loaded["areas"], HERTFORDSHIRE_ONS)
    assert (herts.name, herts.type_group, herts.region) == ("Hertfordshire", "S", REGION_ONS)
    row = ascof.compare(ascof.lookup(s), herts, "2024-25", ["4A"]).iloc[0]
    shire = float(next(r for r in loaded["sheets"]["Table_4a"] if r and r[0] == "S")[-1])
    assert row["type_average"] == shire
    assert row["region_average"] == float(
        cell(loaded["sheets"], "Table_4a", REGION_ONS, "2024 to 2025 - outcome")
    )
    # London boroughs take London's figure (DHSC splits them into Inner and Outer London by no code)
    camden = ascof.place(s, loaded["areas"], "E09000007")
    assert camden.type_group == "E12000007" and camden.type_name == "London boroughs"


def test_a_council_newer_than_the_ons_table_has_no_region_rather_than_a_wrong_one(loaded) -> None:
    newer = ascof.place(loaded["series"], loaded["areas"], "E06000060")
    assert newer.region is None and newer.type_group == "U"
    compared = ascof.compare(
        ascof.lookup(loaded["series"]), newer, "2024-25", list(loaded["contents"]["measure"])
    )
    assert compared["region_average"].isna().all() and compared["type_average"].notna().any()


def test_the_tally_counts_only_clear_differences_and_lists_the_missing(loaded) -> None:
    s = loaded["series"]
    kent = ascof.place(s, loaded["areas"], KENT)
    compared = ascof.compare(ascof.lookup(s), kent, "2024-25", list(loaded["contents"]["measure"]))
    t = ascof.tally(compared)
    assert t[ascof.BETTER] == int((compared["verdict"] == ascof.BETTER).sum())
    assert t[ascof.BETTER] + t[ascof.WORSE] + t[ascof.UNCLEAR] + t[ascof.UNKNOWN] == t["measures"]
    assert t[ascof.UNCLEAR] > 0  # survey measures whose intervals overlap England's
    gone = ascof.missing(compared)
    assert set(gone["measure"]) == set(
        compared.loc[compared["value"].isna() & compared["published"], "measure"]
    )
    # the carers' survey was not run in 2024-25: those measures are not published for anyone
    assert set(ascof.not_published(compared)) == {"1C", "1E", "3B", "3C(2)", "5A(2)"}


def test_every_council_offered_has_an_ons_code_not_a_marker(loaded) -> None:
    """Found in the merge: 2023-24's "Cornwall and Isles of Scilly" row is coded [z], and was offered as a council."""
    import re

    series = loaded["series"]
    offered = ascof.councils(series)
    combined = series[(series["level"] == "Council") & ~series["code"].str.fullmatch(r"E\d{8}")]
    assert len(combined), "the workbook has a council row without an ONS code"
    assert all(re.fullmatch(r"E\d{8}", c) for c in offered["code"]), list(offered["code"])
