"""The adult care chapter's tables, from the real data."""

import pandas as pd
import pytest

from hertsbook import data
from hertsbook.themes import adult_care_performance as acp


@pytest.fixture(scope="module")
def loaded(project):
    evidence = data.evidence(project)
    return {
        "evidence": evidence,
        "trend": data.ascof_trend(project),
        "measures": acp.key_measures(evidence, data.table(project, "adult_care/key_measures.csv")),
        "ascof": acp.ascof_table(evidence, data.table(project, "adult_care/ascof_comparison.csv")),
        "layout": data.table(project, "adult_care/comparable_measures.csv"),
    }


def status(measures: pd.DataFrame, key: str) -> str:
    return measures.set_index("measure_key").loc[key, "status"]


def test_key_measures_take_their_values_from_the_evidence(loaded) -> None:
    row = loaded["measures"].set_index("measure_key").loc["first-contact-resolution"]
    assert (row["target"], row["performance"], row["next_target"]) == (67.0, 59.7, 65.0)
    assert row["performance_text"] == "59.7%"
    assert row["strand"] == "Information and advice"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("first-contact-resolution", "missed"),  # 59.7% against 67.0%, higher is better
        ("repeat-contact-after-info-advice", "met"),  # 18.9% against 22.0%, lower is better
        ("ld-own-home", "met"),  # 78.7% against 77.0%
        ("safeguarding-outcomes-achieved", "met"),  # 97.0% against 97.0%: meeting the target counts
        ("delayed-discharge-social-care", "met"),  # 1.7 against 2.6 per 100,000, lower is better
        ("admissions-65-plus", "missed"),  # 536.7 against 515.0 per 100,000, lower is better
        ("carer-quality-of-life", "no 2019/20 figure"),  # the cell holds a "(2018/19 figure)"
    ],
)
def test_each_measure_is_judged_by_its_own_direction(loaded, key: str, expected: str) -> None:
    assert status(loaded["measures"], key) == expected


def test_target_counts_add_up(loaded) -> None:
    counts = acp.target_counts(loaded["measures"])
    assert counts["all"] == 16
    assert counts["met"] + counts["missed"] + counts["no 2019/20 figure"] == 16
    assert counts["no 2019/20 figure"] == 1
    sentence = acp.targets_sentence(loaded["measures"])
    assert sentence.startswith(
        f"The council set 16 key measures for 2019/20. It met its target on {counts['met']} "
    )


def test_the_chart_draws_the_percentage_measures_only(loaded, tmp_path) -> None:
    drawn = acp.key_measures_drawn(loaded["measures"])
    assert set(drawn["status"]) <= {"met", "missed"}
    assert len(drawn) == int(
        ((loaded["measures"]["unit"] == "%") & (loaded["measures"]["status"] != "no 2019/20 figure")).sum()
    )
    alt = acp.key_measures_alt(drawn)
    assert alt.startswith(f"Dot chart of {len(drawn)} percentage key measures")
    # first-contact resolution, 59.7% against 67.0%, is further from its target than any other
    assert alt.endswith(
        "Widest gap: Proportion of people whose enquiries are successfully…, 59.7% against 67%."
    )
    assert len(alt) <= 200


def test_ascof_table_is_placed_by_evidence_and_agrees_with_national_data(loaded) -> None:
    ascof = loaded["ascof"].set_index("ascof_code")
    # "84.1% … (up from 80%)": the second printed number is Hertfordshire's own 2018/19 result
    assert ascof.loc[
        "1B", ["herts_2019_20", "herts_2018_19", "england_2018_19", "comparator_2018_19"]
    ].tolist() == [84.1, 80.0, 77.6, 79.8]
    check = acp.national_check(loaded["ascof"], loaded["trend"])
    assert len(check) == 27 and check["agrees"].all()


def test_a_misplaced_column_would_be_caught_by_the_national_check(loaded) -> None:
    swapped = loaded["ascof"].copy()
    swapped[["herts_2018_19", "england_2018_19"]] = swapped[["england_2018_19", "herts_2018_19"]].to_numpy()
    check = acp.national_check(swapped, loaded["trend"])
    assert not check.loc[check["cell"] == "england_2018_19", "agrees"].any()


def test_council_against_england_for_any_council(loaded) -> None:
    codes = list(loaded["ascof"]["ascof_code"])
    herts = acp.council_vs_england(loaded["trend"], "E10000015", "2019-20", codes).set_index("measure")
    assert herts.loc["1B", "council"] == 84.1
    kent = acp.council_vs_england(loaded["trend"], "E10000016", "2018-19", codes).set_index("measure")
    assert acp.council_name(loaded["trend"], "E10000016") == "Kent"
    assert kent.loc["1B", "england"] == 77.6  # England's 2018-19 figure, as printed in the local account
    assert (kent["difference"] == (kent["council"] - kent["england"]).round(1)).all()


def test_survey_measures_are_missing_in_2020_21_not_invented(loaded) -> None:
    codes = list(loaded["ascof"]["ascof_code"])
    covid_year = acp.council_vs_england(loaded["trend"], "E10000015", "2020-21", codes)
    assert "1B" not in set(covid_year["measure"])  # the survey was voluntary that year


def test_then_and_now_works_out_the_change(loaded) -> None:
    both = acp.comparable(loaded["evidence"], loaded["layout"]).set_index("measure")
    requests = both.loc["New requests for support received in the year"]
    assert (requests["y2019_20"], requests["y2024_25"], requests["change"]) == (26362, 33641, 7279)
    assert requests["change_pct"] == 27.6


def test_short_labels_drop_the_pledge() -> None:
    assert (
        acp.short_label("We will reduce the number of people whose discharge")
        == "Number of people whose discharge"
    )
