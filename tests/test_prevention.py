"""The prevention chapter's tables and sentences, from the real data."""

from functools import partial

import pandas as pd
import pytest

from hertsbook.content import charts, data
from hertsbook.content.places import HERTFORDSHIRE_ONS
from hertsbook.content.text import national
from hertsbook.content.themes import prevention as prev
from hertsbook.execute import params
from hertsbook.execute.params import ParameterError


@pytest.fixture(scope="module")
def loaded(project):
    return {
        "evidence": data.evidence(project),
        "dates": data.dates(project),
        "ambitions": data.table(project, "lists/corporate_plan_ambitions.csv"),
        "population": data.ons_snpp(project),
        "census": data.dfe_early_education(project),
        "neighbours": data.dfe_statistical_neighbours(project),
    }


# --- Appendix 1: Corporate Plan ambitions by life stage --------------------------------------------------


def test_ambitions_are_counted_by_life_stage(loaded) -> None:
    counts = prev.ambitions_by_life_stage(loaded["ambitions"]).set_index("life_stage")
    assert list(counts.index) == list(prev.LIFE_STAGES)
    expected = {
        # life stage: (ambitions, with action, with benefit, both, action only, neither)
        "Across Hertfordshire": (24, 19, 13, 13, 6, 5),
        "Children, young people and their families": (12, 10, 7, 7, 3, 2),
        "Those of a working age": (6, 5, 5, 5, 0, 1),
        "Older people": (7, 3, 2, 2, 1, 4),
    }
    columns = ["ambitions", "with_action", "with_benefit", "action_and_benefit", "action_only", "neither"]
    for stage, values in expected.items():
        assert tuple(counts.loc[stage, columns]) == values, stage


def test_ambition_totals_match_the_notes_on_appendix_1(loaded) -> None:
    # corporate_plan_ambitions.md: 49 rows, more_preventive empty in 12, benefits empty in 22
    totals = prev.ambitions_totals(prev.ambitions_by_life_stage(loaded["ambitions"]))
    assert totals["ambitions"] == 49
    assert totals["with_action"] == 49 - 12
    assert totals["with_benefit"] == 49 - 22
    assert totals["neither"] == 12 and totals["benefit_only"] == 0
    sentence = prev.ambitions_sentence(prev.ambitions_by_life_stage(loaded["ambitions"]))
    assert sentence.startswith("Appendix 1 lists 49 ambitions. For 37 of them")
    assert prev.ambitions_title(prev.ambitions_by_life_stage(loaded["ambitions"])).startswith("27 of 49 ")


def test_a_filled_or_blank_cell_changes_the_count(loaded) -> None:
    changed = loaded["ambitions"].copy()
    row = changed.index[changed["position"] == "12"][0]  # Older people: no action, no benefit
    changed.loc[row, "more_preventive"] = "Something more preventive"
    changed.loc[changed.index[changed["position"] == "1"][0], "benefits"] = "   "  # whitespace is empty
    counts = prev.ambitions_by_life_stage(changed).set_index("life_stage")
    assert counts.loc["Older people", "with_action"] == 4
    assert counts.loc["Across Hertfordshire", "with_benefit"] == 12


def test_the_stacked_chart_draws_every_ambition_once(loaded, tmp_path, monkeypatch) -> None:
    counts = prev.ambitions_by_life_stage(loaded["ambitions"])
    drawn = prev.ambitions_drawn(counts)
    assert "with_benefit_no_action" not in drawn.columns  # no ambition has a benefit without an action
    parts = prev.ambitions_parts(drawn)
    assert (drawn[list(parts.values())].sum(axis=1) == drawn["ambitions"]).all()
    alt = prev.ambitions_alt(drawn)
    assert "Most complete: Those of a working age, 5 of 6" in alt
    assert "least: Older people, 2 of 7" in alt
    assert len(alt) <= 200
    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    html = charts.publish(
        partial(charts.stacked_bars, drawn, "life_stage", parts, "ambitions"),
        charts.Chart("ambitions", prev.ambitions_title(counts), "sub", "src", alt),
        drawn,
    )
    assert 'alt="Stacked bars of 49 ambitions' in html
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "ambitions.csv"), drawn, check_dtype=False)


def test_one_life_stage_listed_with_none_stated(loaded) -> None:
    older = prev.ambitions_for_stage(loaded["ambitions"], "Older people")
    assert len(older) == 7
    assert (older["How it could be more preventive"] == "none stated").sum() == 4


# --- population change -------------------------------------------------------------------------------


def test_ons_projection_for_hertfordshire_to_2037(loaded) -> None:
    ons = prev.population_change(loaded["population"], "E10000015", 2037).set_index("group")
    assert tuple(ons.loc["All ages", ["people_base", "change", "change_percent"]]) == (1184365, 44173, 3.7)
    assert tuple(ons.loc["Aged 65 and over", ["people_base", "change", "change_percent"]]) == (
        201242,
        71980,
        35.8,
    )
    assert tuple(ons.loc["Aged 90 and over", ["people_base", "people_horizon"]]) == (11237, 19442)


def test_the_strategy_figures_imply_a_2018_base_but_five_times_the_growth(loaded) -> None:
    claims = prev.strategy_projection(loaded["evidence"]).set_index("group")
    assert round(claims.loc["All ages", "implied_base"]) == 1182796  # 220,000 / 18.6%
    assert round(claims.loc["Aged 65 and over", "implied_base"]) == 201818  # 111,000 / 55%
    ons = prev.population_change(loaded["population"], "E10000015", 2037)
    drawn = prev.population_drawn(prev.strategy_projection(loaded["evidence"]), ons, "Hertfordshire", 2037)
    assert drawn.columns[2] == "ons_hertfordshire_2018_to_2037_percent"
    assert drawn.iloc[:, 1].tolist() == [18.6, 55.0] and drawn.iloc[:, 2].tolist() == [3.7, 35.8]
    assert prev.population_ratio(drawn) == 5.0
    # the title is true for every age group drawn: over-65s are 1.5 times, not "about 5 times" (issue 17)
    assert prev.population_ratio(drawn, 1) == 1.5
    assert prev.population_title(drawn, "Hertfordshire", 2037, "E10000015") == (
        "The strategy's population growth for Hertfordshire to 2037 is about 5 times the ONS projection "
        "(all ages) and 1.5 times (aged 65 and over)"
    )
    sentence = prev.population_sentence(
        loaded["evidence"],
        prev.strategy_projection(loaded["evidence"]),
        loaded["population"],
        "E10000015",
        2037,
    )
    ons_link = '<a class="hb-national" href="../book/national.html#national-ons-snpp-2018based-table2-persons-ons-pop">'
    assert (
        "about 1,182,796 (worked out by this book). That is close to the official estimate of "
        f"{ons_link}1,184,365</a> for mid-2018" in sentence
    )
    assert (
        f"gives Hertfordshire a rise of {ons_link}44,173</a> people (3.7%) between 2018 and 2037" in sentence
    )
    assert "All ages: strategy 18.6%, ONS 3.7%" in prev.population_alt(drawn, "Hertfordshire", 2037)


def test_population_for_another_council_and_year(loaded) -> None:
    ons = prev.population_change(loaded["population"], "E07000103", 2030).set_index("group")
    assert prev.area_name(loaded["population"], "E07000103") == "Watford"
    assert ons.loc["All ages", "people_base"] == 96767
    assert ons.loc["All ages", "people_horizon"] != ons.loc["All ages", "people_base"]
    drawn = prev.population_drawn(
        prev.strategy_projection(loaded["evidence"]), ons.reset_index(), "Watford", 2030
    )
    # another area or year is not the strategy's claim: no ratio in the title
    assert prev.population_title(drawn, "Watford", 2030, "E07000103") == (
        "ONS projects 0.3% growth for Watford, 2018 to 2030; the strategy gives 18.6% for Hertfordshire by 2037"
    )


def test_prevention_parameters_and_their_choices(project) -> None:
    found = params.theme_parameters(project, "prevention")
    assert (found["council"].default, found["horizon_year"].default, found["census_year"].default) == (
        "E10000015",
        2037,
        2018,
    )
    assert "E10000015" in found["council"].choices and "E92000001" not in found["council"].choices
    assert found["horizon_year"].choices[0] == 2019 and 2037 in found["horizon_year"].choices
    assert found["census_year"].choices[0] == 2018
    assert params.resolve(found, [("horizon_year", "2030")])["horizon_year"] == 2030
    with pytest.raises(ParameterError, match="parameter horizon_year cannot be 2018"):
        params.resolve(found, [("horizon_year", "2018")])


# --- early years ---------------------------------------------------------------------------------------


def test_early_years_against_the_dfe_census(loaded) -> None:
    table = prev.early_years(loaded["evidence"], loaded["census"], 2018).set_index("evidence_id")
    two = table.loc["ps-take-up-2yo-eligible"]
    assert (two["strategy"], two["hertfordshire"], two["england"]) == (70, 68.7, 71.8)
    assert pd.isna(table.loc["ps-take-up-3-4-entitlement", "hertfordshire"])  # no national take-up figure
    sentence = prev.early_years_sentence(
        loaded["evidence"], prev.early_years(loaded["evidence"], loaded["census"], 2018), 2018, "2018-11-14"
    )
    assert "before the January" not in sentence
    herts, england = (national(f, data.DFE_EARLY_EDUCATION) for f in ("68.7%", "71.8%"))
    assert (
        f"January 2018 is {herts}, which does not match the strategy's; England's is {england}." in sentence
    )
    later = prev.early_years(loaded["evidence"], loaded["census"], 2019).set_index("evidence_id")
    assert later.loc["ps-take-up-2yo-eligible", "hertfordshire"] == 73.3
    assert "written in November 2018, before the January 2019 count" in prev.early_years_sentence(
        loaded["evidence"], prev.early_years(loaded["evidence"], loaded["census"], 2019), 2019, "2018-11-14"
    )


def test_take_up_against_the_statistical_neighbours(loaded) -> None:
    compared = prev.neighbours_take_up(loaded["census"], loaded["neighbours"], 2018)
    assert len(compared) == 12 and compared["group"].value_counts().to_dict() == {
        "statistical neighbour": 10,
        "the council": 1,
        "England": 1,
    }
    assert compared["take_up_percent"].is_monotonic_decreasing
    shown = compared.set_index("area")["take_up_percent"]
    assert (shown["Hertfordshire"], shown["England"], shown["Trafford"]) == (68.7, 71.8, 108.6)
    assert prev.neighbours_title(compared, 2018) == (
        "In January 2018, Hertfordshire came 9th of 11 for take-up among itself and its statistical neighbours"
    )
    alt = prev.neighbours_alt(compared, 2018)
    assert alt == (
        "Bar chart of 2 year olds' take-up, January 2018: Hertfordshire 68.7%, 9th of 11; neighbours 58.6% to "
        "108.6%; England 71.8%."
    )
    sentence = prev.neighbours_sentence(compared, 2018)
    assert "came 9th of the 11 councils: itself and the 10 neighbours the census has a figure for" in sentence
    assert f"ranged from {national('58.6%', data.DFE_EARLY_EDUCATION)} in Windsor and Maidenhead" in sentence
    assert "Trafford's figure is above 100% as the DfE publishes it" in sentence  # shown, not smoothed over
    assert prev.neighbours_hatched(compared) == [a == "England" for a in compared["area"]]
    assert prev.neighbours_labels(compared)[0] == "108.6%"


def test_a_neighbour_without_a_figure_is_left_out_not_counted_as_zero(loaded) -> None:
    census = loaded["census"]
    gap = (census["la_number"] == 358) & (census["year"] == 2018) & (census["measure"] == prev.TAKE_UP_2)
    compared = prev.neighbours_take_up(
        census.assign(value=census["value"].mask(gap)), loaded["neighbours"], 2018
    )
    assert "Trafford" not in set(compared["area"]) and len(compared) == 11
    assert prev.neighbours_title(compared, 2018).startswith("In January 2018, Hertfordshire came 8th of 10")
    assert "above 100%" not in prev.neighbours_sentence(compared, 2018)


# --- spending and Connect and Prevent -------------------------------------------------------------------


def test_preventative_share_is_worked_out_from_the_printed_amounts(loaded) -> None:
    spend = prev.preventative_spend(loaded["evidence"]).set_index("year")
    assert spend.loc["2018/19", ["preventative_thousand_pounds", "total_thousand_pounds"]].tolist() == [
        13595,
        327583,
    ]
    assert spend["share_worked_out_percent"].tolist() == [4.15, 4.01]
    # the printed shares (4.2%, 4.0%) agree with the worked-out ones after rounding
    assert (spend["share_worked_out_percent"].round(1) == spend["share_printed_percent"]).all()
    assert prev.spend_share_sentence(spend.reset_index()) == (
        "Worked out by this book from those amounts, preventative services' share of adult care spending "
        "fell from 4.15% in 2018/19 to 4.01% in 2019/20."
    )
    assert "was down £133,000 while total spending was up £8 million" in prev.spend_sentence(
        loaded["evidence"], spend.reset_index()
    )


def test_connect_and_prevent_and_the_spike(loaded) -> None:
    sentence = prev.connect_and_prevent_sentence(loaded["evidence"], None)
    assert "£24.8m</a>" in sentence and "£4.15m</a>" in sentence and "#cnp-key-areas-count" in sentence
    assert "spending in April 2024" in prev.spike_sentence(loaded["dates"])


def test_connected_lives_sentence_links_its_figures(loaded) -> None:
    sentence = prev.connected_lives_sentence(loaded["evidence"])
    assert "about 1.26 each (worked out)" in sentence  # 18,337 assessments for 14,545 adults
    assert "#la-cl-ceased-at-connect-prevent-enable-2019-20" in sentence and "85.3%</a>" in sentence


# --- the learning-disability employment claim and the key points (issue 17) ------------------------------


@pytest.fixture(scope="module")
def ld(project, loaded):
    return {
        "claims": data.table(project, "lists/prevention_claims.csv"),
        "aims": data.table(project, "lists/prevention_aims.csv"),
        "programmes": data.table(project, "lists/prevention_transformational_programmes.csv"),
        "rows": prev.ld_employment(data.ascof_trend(project)),
        "written": loaded["dates"].loc["ps-cabinet-panel-meeting", "date"],
    }


def test_the_learning_disability_employment_claim_is_set_against_ascof_1e(ld) -> None:
    rows = ld["rows"].set_index("year")
    assert (rows.loc["2017-18", "council"], rows.loc["2017-18", "england"]) == (6.6, 6.0)
    sentence = prev.ld_employment_sentence(ld["claims"], ld["rows"], ld["written"], "Hertfordshire")
    assert "is very low compared to national average" in sentence and '#prevention_claims-1"' in sentence
    assert "does not bear that out: in 2017-18, the last year that ended before the strategy" in sentence
    assert "Hertfordshire's figure was <a" in sentence and ">6.0%</a>" in sentence
    assert "above England in all 6 years from 2017-18 to 2022-23" in sentence


def test_the_claim_is_borne_out_when_the_data_says_so(ld) -> None:
    low = ld["rows"].copy()
    low["england"] = low["council"] + 1
    sentence = prev.ld_employment_sentence(ld["claims"], low, ld["written"], "Hertfordshire")
    assert "bears that out" in sentence and "does not" not in sentence
    assert "above England in 0 of the 6 years" in sentence
    early = prev.ld_employment_sentence(ld["claims"], ld["rows"], "2018-01-01", "Hertfordshire")
    assert "no year before the strategy" in early


def test_key_points_are_findings_from_the_data(loaded, ld) -> None:
    e = loaded["evidence"]
    ons = prev.population_change(loaded["population"], HERTFORDSHIRE_ONS, prev.STRATEGY_YEAR)
    points = prev.key_points(
        e,
        ld["aims"],
        ld["programmes"],
        ons,
        "Hertfordshire",
        prev.STRATEGY_YEAR,
        ld["claims"],
        ld["rows"],
        ld["written"],
        prev.preventative_spend(e),
    )
    assert 3 <= len(points) <= 6
    joined = " ".join(points)
    assert ">220,000</a> people" in joined and ">3.7%</a> from 2018 to 2037" in joined
    assert "very low compared to national average" in joined and ", but in 2017-18" in joined
    assert "4.15% and then 4.01%" in joined
    assert points[-1].startswith("The sources cannot tell us")


# --- every listed claim against ASCOF, or said to have no measure ----------------------------------------


@pytest.fixture(scope="module")
def claims_and_trend(project):
    return data.table(project, "lists/prevention_claims.csv"), data.ascof_trend(project)


def test_every_listed_claim_is_set_against_ascof_or_said_to_have_none(claims_and_trend) -> None:
    claims, trend = claims_and_trend
    compared = prev.claims_against_ascof(claims, trend)
    assert len(compared) == len(claims)  # every claim of the list, none left out
    held = trend[(trend["code"] == HERTFORDSHIRE_ONS) & trend["year"].isin(prev.ASCOF_YEARS)]
    for _, row in compared.iterrows():
        if row["ascof_code"]:
            assert row["years_held"] == held["measure"].eq(row["ascof_code"]).sum() > 0
    sentence = prev.claims_sentence(compared)
    for item in claims["item"]:
        assert f"“{item}”".replace("'", "&#x27;") in sentence
    assert "ASCOF 1E" in sentence and "None of the listed claims lacks an ASCOF measure." in sentence


def test_a_claim_without_an_ascof_measure_is_named_as_such(claims_and_trend) -> None:
    claims, trend = claims_and_trend
    extra = claims.iloc[[0]].assign(position=str(len(claims) + 1), item="Hertfordshire is greener than most")
    compared = prev.claims_against_ascof(pd.concat([claims, extra]), trend)
    assert compared["ascof_code"].tolist()[-1] == ""
    sentence = prev.claims_sentence(compared)
    assert "These have no ASCOF measure, so the national data cannot test them: " in sentence
    assert "“Hertfordshire is greener than most”" in sentence
