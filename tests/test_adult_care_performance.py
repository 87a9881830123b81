"""The adult care chapter's tables, from the real data."""

import pandas as pd
import pytest

from hertsbook.content import data
from hertsbook.content.places import ENGLAND_ONS, HERTFORDSHIRE_ONS
from hertsbook.content.text import national
from hertsbook.content.themes import adult_care_performance as acp


@pytest.fixture(scope="module")
def loaded(project):
    evidence = data.evidence(project)
    return {
        "evidence": evidence,
        "trend": (trend := data.ascof_trend(project)),
        "national": acp.national_ascof(trend, data.ascof_series(project), data.ascof_contents(project)),
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
    check = acp.national_check(loaded["ascof"], loaded["national"])
    assert len(check) == 27 and check["agrees"].all()


def test_the_ascof_check_reads_dhsc_where_its_series_holds_the_measure(project, loaded) -> None:
    """Issue 18: DHSC's time series is the primary source; the older compilation only where the series has no
    such measure that year (measures from returns start there in 2024-25)."""
    series, trend = data.ascof_series(project), loaded["trend"]
    codes = acp.dhsc_codes(data.ascof_contents(project))
    check = acp.national_check(loaded["ascof"], loaded["national"])
    areas = {"herts_2019_20": HERTFORDSHIRE_ONS, "herts_2018_19": HERTFORDSHIRE_ONS}
    years = {"herts_2019_20": "2019-20", "herts_2018_19": "2018-19", "england_2018_19": "2018-19"}
    for _, row in check.iterrows():
        area, year = areas.get(row["cell"], ENGLAND_ONS), years[row["cell"]]
        official = series[
            (series["measure"] == codes.get(row["ascof_code"], ""))
            & (series["year"] == year)
            & (series["code"] == area)
        ]["value"].dropna()
        if len(official):
            assert row["file"] == data.ASCOF_SERIES and row["national"] == official.iloc[0], row.to_dict()
        else:
            older = trend[
                (trend["measure"] == row["ascof_code"]) & (trend["year"] == year) & (trend["code"] == area)
            ]["value"]
            assert row["file"] == data.ASCOF_TREND and row["national"] == older.iloc[0], row.to_dict()
    assert set(check["file"]) == {data.ASCOF_SERIES, data.ASCOF_TREND}  # survey rows, and direct payments


def test_a_misplaced_column_would_be_caught_by_the_national_check(loaded) -> None:
    swapped = loaded["ascof"].copy()
    swapped[["herts_2018_19", "england_2018_19"]] = swapped[["england_2018_19", "herts_2018_19"]].to_numpy()
    check = acp.national_check(swapped, loaded["national"])
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


# --- demand, supply, safeguarding, spending and the trend ------------------------------------------------


def test_section_tables_show_every_listed_figure_with_its_link(loaded) -> None:
    for ids in (acp.DEMAND, acp.SUPPLY, acp.SAFEGUARDING):
        table = acp.figures_display(loaded["evidence"], ids)
        assert len(table) == len(ids)
        assert all(f'#{i}"' in cell for i, cell in zip(ids, table["Figure"], strict=True))
    demand = acp.figures_display(loaded["evidence"], acp.DEMAND).set_index("When")
    assert ">33,641</a>" in demand.loc["2024/25 (year to March)", "Figure"].iloc[0]


def test_demand_and_supply_sentences_use_the_printed_figures(loaded) -> None:
    demand = acp.demand_sentence(loaded["evidence"])
    assert ">26,362</a> new requests" in demand and ">33,641</a>" in demand
    assert ">12 days</a> on average" in demand and ">23 days</a>" in demand
    supply = acp.supply_sentence(loaded["evidence"])
    assert ">2,845</a> people" in supply and ">82%</a> of them" in supply
    assert ">15,210</a> of them had long-term care" in supply and ">£872</a>" in supply


def test_safeguarding_figures_are_checked_against_each_other(loaded) -> None:
    check = acp.safeguarding_check(loaded["evidence"])
    # 2,780 enquiries of 8,665 concerns is 32.1%, not the 30% printed beside them
    assert round(check["enquiry_share_worked_out"], 1) == 32.1 and check["enquiry_share_printed"] == 30
    # 6,404 applications, 509 more than the year before: 5,895, and 509 / 5,895 = 8.6% as printed
    assert check["dols_previous_year_worked_out"] == 5895
    assert round(check["dols_rise_pct_worked_out"], 1) == check["dols_rise_pct_printed"] == 8.6
    sentence = acp.safeguarding_sentence(loaded["evidence"])
    assert "the share is 32.1%" in sentence and "5,895 the year before (worked out)" in sentence


def test_spending_by_area_adds_up_to_the_printed_totals(loaded) -> None:
    spend = acp.expenditure(loaded["evidence"])
    assert spend.groupby("year").size().to_dict() == {"2018/19": 8, "2019/20": 9}  # Covid 19 is new
    totals = acp.expenditure_totals(loaded["evidence"], spend).set_index("year")
    assert totals["printed"].to_dict() == {"2018/19": 327583, "2019/20": 335577}
    assert totals["agrees"].all()
    one = spend.set_index(["area_key", "year"]).loc[("disability-services", "2019/20")]
    assert (one["spend_000"], one["share"], one["spend_text"]) == (169908, 50.6, "£169.9m")
    drawn = acp.expenditure_drawn(spend)
    assert drawn["service_area"].iloc[0] == "Disability Services"
    assert drawn.set_index("service_area").loc["Covid 19"].isna().tolist() == [True, False]
    assert acp.expenditure_title(drawn).startswith("Disability Services took about 51% of net adult care")
    alt = acp.expenditure_alt(drawn)
    assert alt.endswith("Disability Services, £169.9m; smallest: Grant Funded Projects, £30,000.")
    table = acp.expenditure_display(loaded["evidence"], spend).set_index("Service area")
    assert table.loc["Covid 19", "Spend 2018/19"] == "none listed"
    assert table.loc["Total", "Change (worked out)"] == "+£8m"  # 335,577 - 327,583 thousand


def test_each_council_finds_its_region_in_the_ons_table(project, loaded) -> None:
    snpp = data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv")
    assert acp.council_region(snpp, "E10000015") == "E12000006"
    assert acp.region_name(loaded["trend"], "E12000006") == "East of England"
    assert acp.council_region(snpp, "E10000016") == "E12000008"  # Kent, South East
    assert acp.council_region(snpp, "E09000002") == "E12000007"  # Barking and Dagenham, London
    assert acp.council_region(snpp, "E06000058") is None  # Bournemouth, Christchurch and Poole: formed 2019


def test_the_trend_follows_council_region_and_england(loaded) -> None:
    lines = acp.trend_lines(loaded["trend"], "E10000015", "E12000006")
    assert len(lines) == len(acp.TREND_MEASURES) * len(acp.COMPARABLE_YEARS)
    direct = lines[lines["measure"] == "1C2A"].set_index("year")
    assert direct.loc["2019-20", ["council", "region", "england"]].tolist() == [28.6, 25.7, 27.9]
    assert (
        lines[(lines["measure"] == "4A") & (lines["year"] == "2020-21")][["council", "england"]]
        .isna()
        .all(axis=None)
    )  # the survey was voluntary in 2020-21: a gap, not a guess
    summary = acp.trend_summary(lines).set_index("measure")
    assert summary.loc["1C2A", ["from", "to", "above_england_years", "years_compared"]].tolist() == [
        27.9,
        30.1,
        3,
        6,
    ]
    assert summary.loc["4A", "years_compared"] == 5
    names = acp.trend_names(loaded["trend"])
    assert names["4A"] == "People who use services who feel safe"
    first, last = (national(f, data.ASCOF_TREND) for f in ("27.9%", "30.1%"))
    assert f"rose from {first} in 2017-18 to {last} in 2022-23" in acp.trend_sentence(
        lines, names, "Hertfordshire"
    )
    assert acp.trend_title(lines, "Hertfordshire") == (
        "Hertfordshire was above the England average on 3 of 3 measures in the last year compared"
    )


def test_a_council_without_a_region_is_drawn_against_england_only(loaded) -> None:
    lines = acp.trend_lines(loaded["trend"], "E06000058", None)
    assert lines["region"].isna().all() and lines["england"].notna().any()
    drawn = acp.trend_drawn(lines, acp.trend_names(loaded["trend"]), "BCP", "its region")
    assert list(acp.trend_series(drawn, "BCP", "its region")) == ["BCP", "England"]


def test_the_table_order_is_shown_by_the_documents_figures_each_linked_to_its_quote(loaded) -> None:
    sentence = acp.table_order_sentence(loaded["evidence"])
    assert (
        ">84.1%</a> of the people" in sentence
        and "up from <a" in sentence
        and ">80%</a> the year" in sentence
    )
    assert sentence.endswith(">80.0%</a>.")
    assert sentence.count("<a ") == 3  # every figure links to its evidence row


# --- key points and what the sources say (issue 17) ----------------------------------------------------


@pytest.fixture(scope="module")
def compared(project):
    from hertsbook.content import audit

    return audit.key_measures_national(audit.load(project))


@pytest.fixture(scope="module")
def lines(project, loaded):
    snpp = data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv")
    return acp.trend_lines(loaded["trend"], HERTFORDSHIRE_ONS, acp.council_region(snpp, HERTFORDSHIRE_ONS))


def _points(loaded, compared, lines, evidence=None) -> list[str]:
    e = loaded["evidence"] if evidence is None else evidence
    return acp.key_points(e, loaded["measures"], compared, lines, "Hertfordshire", "East of England")


def test_key_points_are_three_to_six_findings_with_linked_numbers(loaded, compared, lines) -> None:
    points = _points(loaded, compared, lines)
    assert 3 <= len(points) <= 6
    joined = " ".join(points)
    assert "16 key measures for 2019/20 and met 5 of them; it missed 10" in joined
    assert (
        '#la-new-requests-2019-20">26,362</a>' in joined
        and '#cp-new-requests-2024-25-q4">33,641</a>' in joined
    )
    assert "in all 6 years" in joined
    assert "3 of the 10 printed results" in joined
    assert joined.count('class="hb-evidence"') >= 8 and 'class="hb-national"' in joined
    assert "cannot tell us" in points[-1]


def test_key_points_follow_the_data(loaded, compared, lines) -> None:
    changed = loaded["evidence"].copy()
    changed.loc["cp-new-requests-2024-25-q4", ["value", "written"]] = [40000, "40000"]
    assert ">40,000</a> in 2024/25" in " ".join(_points(loaded, compared, lines, changed))
    below = lines.copy()
    below.loc[(below["measure"] == "1C2A") & (below["year"] == "2019-20"), "region"] = 99.0
    assert "in 5 of 6 years" in acp.standing_sentence(below, "Hertfordshire", "East of England")


def test_the_direct_payments_finding_is_above_the_region_in_every_year(lines) -> None:
    # The landing page used to say "in the latest years it was above its region too".
    sentence = acp.standing_sentence(lines, "Hertfordshire", "East of England")
    assert sentence == (
        "Hertfordshire was below England on the share of people using social care who get direct payments in "
        "2017-18 (27.9% against 28.5%) and above it in 2022-23 (30.1% against 26.2%), and it was above the average "
        "for its region, East of England, in all 6 years."
    )


def test_over_27000_keeps_the_sources_over(loaded) -> None:
    e = loaded["evidence"]
    table = acp.figures_display(e, acp.SUPPLY).set_index("What is counted")
    assert table.loc["Adults supported with services", "Figure"].startswith("over <a ")
    assert "over <a" in acp.supply_sentence(e) and "cp-adults-supported-2024-25-q4" in acp.supply_sentence(e)
    assert table.loc["Adults receiving long-term care", "Figure"].startswith("<a ")  # no hedge in the source


def test_the_package_cost_says_it_has_no_period(loaded) -> None:
    e = loaded["evidence"]
    assert "does not say whether that is for a week, a month or a year" in acp.supply_sentence(e)
    table = acp.figures_display(e, acp.SUPPLY)
    assert table["What is counted"].str.contains("gives no period").sum() == 1


def test_years_not_printed_beside_a_figure_are_marked_as_the_books_reading(loaded) -> None:
    e = loaded["evidence"]
    when = acp.figures_display(e, acp.DEMAND + acp.SUPPLY).set_index("Figure")["When"]
    read = {i: v for i, v in zip(acp.DEMAND + acp.SUPPLY, when, strict=True)}
    for figure_id in (
        "la-new-requests-2019-20",
        "la-hospital-referrals-2019-20",
        "la-residential-nursing-adults-2019-20",
    ):
        assert read[figure_id].startswith("2019/20 (the book's reading"), figure_id
    assert read["la-cl-assessments-2019-20"] == "2019/20"  # "… for 14,545 adults in 2019/20"
    demand = acp.demand_sentence(e)
    assert "prints no year beside" in demand and "2019/20 is the book's reading" in demand
    assert (
        'la-residential-nursing-adults-2019-20">4,587</a>'
        in acp.supply_sentence(e).split("prints no year")[1]
    )


def test_printed_results_that_differ_from_national_data_say_so_where_used(loaded, compared) -> None:
    sentence = acp.national_differences_sentence(compared)
    for printed, national_value in (
        ("2.2%", "2.0%"),
        ("12.4 per 100,000", "12.3 per 100,000"),
        ("536.7 per 100,000", "527.8 per 100,000"),
    ):
        assert f'>{printed}</a> against <a class="hb-national"' in sentence
        assert f">{national_value}</a>" in sentence
    assert "the national one for the year before" in sentence  # 2.2% is the national 2018-19 figure
    table = acp.key_measures_display(loaded["measures"], compared)
    assert table["Result 2019/20"].str.contains("national data: ").sum() == 3
    assert (
        not acp.key_measures_display(loaded["measures"])["Result 2019/20"].str.contains("national data").any()
    )


@pytest.mark.parametrize(
    ("quote", "written", "unit", "word"),
    [
        ("Over 27,000 adults are supported", "27000", "count", "over"),
        ("Just over £5m of that will be used", "5", "£m", "just over"),
        ("from more than 20 locations", "20", "count", "more than"),
        ("15,210 of those adults", "15210", "count", ""),
        ("over 65 year olds … 27,000", "27000", "count", ""),  # a hedge must sit right before the figure
    ],
)
def test_a_hedge_is_read_from_the_quote(quote, written, unit, word) -> None:
    from hertsbook.content.text import hedge

    assert hedge({"quote": quote, "written": written, "unit": unit}) == word


# --- the DHSC time series: any council, any year (issues 18 and 19) -------------------------------------


@pytest.fixture(scope="module")
def dhsc(project):
    from hertsbook.content import ascof

    series = data.ascof_series(project)
    contents = data.ascof_contents(project)
    return {
        "series": series,
        "lookup": ascof.lookup(series),
        "contents": contents,
        "breaks": ascof.breaks(data.ascof_comparability_log(project), list(contents["measure"])),
        "areas": data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv"),
        "names": acp.measure_names(contents),
    }


def run_national_sections(loaded, dhsc, councils: list[str], years: list[str]) -> None:
    """The chapter's national functions for each council and year, as the notebook calls them."""
    from hertsbook.content import ascof
    from hertsbook.content.text import html_text

    d = dhsc
    for council in councils:
        where = ascof.place(d["series"], d["areas"], council)
        region = acp.region_name(loaded["trend"], where.region)
        for year in years:
            compared = acp.national_compare(d["lookup"], where, year, d["contents"])
            sentence = acp.national_sentence(compared, where, year, d["contents"])
            assert html_text(where.name) in sentence
            for measure in ascof.missing(compared)["measure"]:  # listed, never dropped silently
                assert html_text(d["names"][measure]) in sentence
            drawn = acp.national_drawn(compared, d["contents"], d["breaks"])
            acp.national_title(drawn, where.name, year), acp.national_alt(drawn, where.name, year)
            acp.national_labels(drawn)
        table = acp.national_table(compared, d["lookup"], d["breaks"], where, d["contents"], region)
        assert len(table) == len(compared)
        lines = acp.over_the_years(d["series"], where, d["breaks"], d["names"])
        acp.over_the_years_sentence(d["series"], where, d["breaks"], d["names"])
        acp.over_the_years_alt(lines, where.name), acp.over_the_years_series(lines, where.name, region)


def test_the_councils_that_crashed_run_for_every_year(project, loaded, dhsc) -> None:
    """E06000060 and E06000061, offered as choices, crashed with "attempt to get argmax of an empty
    sequence"; with a council that no longer exists (Cumbria, E10000006) they now run for every year."""
    choices = acp.parameter_choices(project)
    assert {"E06000060", "E06000061", "E10000006", HERTFORDSHIRE_ONS} <= set(choices["council"])
    assert choices["year"][0] == "2015-16" and choices["year"][-1] == "2024-25"
    run_national_sections(loaded, dhsc, ["E06000060", "E06000061", "E10000006"], choices["year"])


@pytest.mark.slow
def test_every_council_and_year_the_parameters_offer_runs_and_names_the_council(
    project, loaded, dhsc
) -> None:
    """Every choice `params` lists (158 councils, 10 years): about a minute of CPU, so `make test` only."""
    choices = acp.parameter_choices(project)
    run_national_sections(loaded, dhsc, choices["council"], choices["year"])


def test_the_chapter_for_kent_names_kent(dhsc) -> None:
    from hertsbook.content import ascof

    kent = ascof.place(dhsc["series"], dhsc["areas"], "E10000016")
    compared = acp.national_compare(dhsc["lookup"], kent, "2024-25", dhsc["contents"])
    assert acp.national_sentence(compared, kent, "2024-25", dhsc["contents"]).startswith(
        "In 2024-25, Kent was"
    )
    table = acp.national_table(compared, dhsc["lookup"], dhsc["breaks"], kent, dhsc["contents"], "South East")
    assert "Kent 2024-25" in table.columns and "Average of shire counties" in table.columns
    assert acp.national_title(
        acp.national_drawn(compared, dhsc["contents"], dhsc["breaks"]), "Kent", "2024-25"
    ).startswith("Kent, 2024-25: clearly better than England on ")


@pytest.mark.parametrize("code", [HERTFORDSHIRE_ONS, "E10000016"])  # Hertfordshire, Kent
def test_each_key_point_says_whose_figures_it_gives(project, loaded, compared, dhsc, code) -> None:
    """Issue 19: run for Kent, the key points mixed Hertfordshire's Local Account ("The council set itself
    16 key measures") with Kent's national figures. A point carrying a figure from a Hertfordshire document
    (an evidence link) names Hertfordshire; one carrying a national figure names the chosen council."""
    from hertsbook.content import ascof
    from hertsbook.content.places import HERTFORDSHIRE
    from hertsbook.content.text import html_text

    where = ascof.place(dhsc["series"], dhsc["areas"], code)
    region = acp.region_name(loaded["trend"], where.region)
    lines = acp.trend_lines(loaded["trend"], code, where.region)
    args = (loaded["evidence"], loaded["measures"], compared, lines, where.name, region)
    parts = acp.key_point_parts(*args)
    assert list(parts.values()) == acp.key_points(*args)
    assert set(parts) <= {*acp.OWN_POINTS, acp.NATIONAL_POINT} and acp.NATIONAL_POINT in parts
    name = html_text(where.name)
    for kind, point in parts.items():
        # The targets point counts the Local Account's table (no single figure to link): it is one of its own.
        own = 'class="hb-evidence"' in point or kind in acp.OWN_POINTS
        national_ = 'class="hb-national"' in point
        assert own == (kind in acp.OWN_POINTS) and national_ == (kind == acp.NATIONAL_POINT), kind
        if own:
            assert HERTFORDSHIRE in point, kind
            if code != HERTFORDSHIRE_ONS:
                assert name not in point, kind  # Hertfordshire's figures are never the chosen council's
        if national_:
            assert name in point, kind


def test_better_than_england_counts_only_clear_differences(dhsc) -> None:
    """Hertfordshire 2024-25: on point estimates more measures are above England than the margins allow."""
    from hertsbook.content import ascof

    herts = ascof.place(dhsc["series"], dhsc["areas"], HERTFORDSHIRE_ONS)
    compared = acp.national_compare(dhsc["lookup"], herts, "2024-25", dhsc["contents"])
    tally = ascof.tally(compared)
    both = compared.dropna(subset=["value", "england"])
    naive = sum(
        ascof.verdict(m, ascof.ABOVE if v > e else ascof.BELOW) == ascof.BETTER
        for m, v, e in zip(both["measure"], both["value"], both["england"], strict=True)
    )
    assert tally[ascof.BETTER] < naive
    sentence = acp.national_sentence(compared, herts, "2024-25", dhsc["contents"])
    assert (
        f"clearly better than England on {tally[ascof.BETTER]} of the {tally['with_figure']} measures"
        in sentence
    )
    assert f"On {tally[ascof.UNCLEAR]} there is no clear difference" in sentence


def test_survey_measures_show_their_margin_in_the_table_and_the_chart(dhsc) -> None:
    from hertsbook.content import ascof
    from hertsbook.content.numbers import number

    herts = ascof.place(dhsc["series"], dhsc["areas"], HERTFORDSHIRE_ONS)
    compared = acp.national_compare(dhsc["lookup"], herts, "2024-25", dhsc["contents"])
    safe = compared.set_index("measure").loc["4A"]
    table = acp.national_table(
        compared, dhsc["lookup"], dhsc["breaks"], herts, dhsc["contents"], "East of England"
    )
    row = table[table["Measure"].str.contains("(4A, %)", regex=False)].iloc[0]
    assert (
        row["Hertfordshire 2024-25"]
        == f"{number(round(safe['value'], 1))} ±{number(round(safe['margin'], 1))}"
    )
    drawn = acp.national_drawn(compared, dhsc["contents"], dhsc["breaks"]).set_index("ascof_code")
    assert drawn.loc["4A", "council_low_percent"] == safe["value"] - safe["margin"]
    assert drawn.loc["4A", "council_high_percent"] == safe["value"] + safe["margin"]
    # a client-level measure has no margin, and its chart row says its series starts in 2024-25
    assert drawn.loc["2A", "council_low_percent"] == drawn.loc["2A", "council_percent"]
    assert "new series in 2024-25" in drawn.loc["2A", "series_note"]


def test_the_national_table_writes_whole_numbers_without_point_nought(dhsc) -> None:
    """The build's house-style check failed on this table's cells ("74.0", "80.0 ±4.0", "75.7 ±4.0 in
    2023-24"): the same check, run on Hertfordshire's table for every year, without a build."""
    import re

    from hertsbook.content import ascof

    herts = ascof.place(dhsc["series"], dhsc["areas"], HERTFORDSHIRE_ONS)
    point_nought = re.compile(r"\d\.0\b(?!\d)")  # tests/test_number_style.py's POINT_NOUGHT
    cells = []
    for year in sorted(dhsc["lookup"].held):
        compared = acp.national_compare(dhsc["lookup"], herts, year, dhsc["contents"])
        table = acp.national_table(
            compared, dhsc["lookup"], dhsc["breaks"], herts, dhsc["contents"], "East of England"
        )
        cells += [str(c) for c in table.to_numpy().ravel()]
    assert not [c for c in cells if point_nought.search(c)]
    assert any(re.fullmatch(r"\d+ ±\d+(\.\d)?", c) for c in cells)  # a whole number is written as one
    assert any(re.fullmatch(r"\d+\.\d ±\d+(\.\d)?", c) for c in cells)  # one decimal kept where held


def test_over_the_years_marks_every_break_and_joins_no_line_across_one(dhsc) -> None:
    from hertsbook.content import ascof

    herts = ascof.place(dhsc["series"], dhsc["areas"], HERTFORDSHIRE_ONS)
    lines = acp.over_the_years(dhsc["series"], herts, dhsc["breaks"], dhsc["names"])
    for measure, one in lines.groupby("ascof_code"):
        for _, run in one.groupby("run"):
            years = list(run["year"])
            assert all(
                ascof.comparable(dhsc["breaks"], measure, a, b)
                for a, b in zip(years, years[1:], strict=False)
            )
        voluntary = one.set_index("year").loc["2020-21"]
        assert voluntary["span"] and voluntary["mark"] == "voluntary survey"
        assert (one["run"] == voluntary["run"]).sum() == 1  # the voluntary year stands alone
    assert set(lines.loc[lines["mark"] == "renumbered", "ascof_code"]) == {
        "3A",
        "1D",
        "5A(1)",
    }  # 4A kept its code


def test_the_july_2025_figures_sit_beside_the_official_2024_25_values(loaded, dhsc) -> None:
    beside = acp.panel_beside_ascof(loaded["evidence"], dhsc["series"]).set_index("evidence_id")
    herts = dhsc["series"][
        (dhsc["series"]["code"] == HERTFORDSHIRE_ONS) & (dhsc["series"]["year"] == "2024-25")
    ]
    herts = herts.set_index("measure")
    assert (
        beside.loc["cp-adults-long-term-care-2024-25-q4", "ascof"]
        == herts.loc["2E(2a)", "denominator"] + herts.loc["2E(2b)", "denominator"]
    )
    assert beside.loc["cp-safeguarding-enquiries-2024-25-q4", "ascof"] == herts.loc["4B", "denominator"]
    assert beside.loc["cp-new-requests-2024-25-q4", "same"] == "ASCOF has no such measure"
    shown = acp.panel_display(loaded["evidence"], beside.reset_index())
    assert shown["Report's figure"].str.contains('class="hb-evidence"').all()
