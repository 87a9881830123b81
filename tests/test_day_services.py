"""The day services chapter's tables and sentences, from the real data."""

from datetime import date

import pandas as pd
import pytest

from hertsbook.content import data, numbers
from hertsbook.content.themes import day_services as ds


@pytest.fixture(scope="module")
def loaded(project):
    return {
        "evidence": data.evidence(project),
        "dates": data.dates(project),
        "phase1": data.table(project, "lists/day_services_phase1_themes.csv"),
        "principles": data.table(project, "lists/day_services_principles.csv"),
        "objectives": data.table(project, "lists/day_services_objectives.csv"),
    }


def test_the_consultation_end_is_worked_out_from_its_start_and_length(loaded) -> None:
    # "A 12-week public consultation on the strategy ran from 20 May 2024": no end date is printed
    assert ds.consultation_end(loaded["dates"], loaded["evidence"]) == date(2024, 8, 12)


def test_the_timeline_runs_in_order_and_labels_what_is_worked_out(loaded) -> None:
    steps = ds.timeline(loaded["dates"], loaded["evidence"])
    assert list(steps["sort"]) == sorted(steps["sort"])
    assert steps["date"].tolist()[:3] == ["2018", "April 2018", "March 2020"]
    worked = steps[steps["how_known"].str.startswith("worked out")]
    assert worked["date"].tolist() == ["12 August 2024"]
    assert "20 May 2024 plus 12 weeks" in worked["how_known"].iloc[0]
    assert "4 July 2025" in steps["date"].tolist()
    printed = steps[steps["how_known"].str.startswith("printed")]
    assert len(printed) == len(ds.TIMELINE)


@pytest.mark.parametrize(
    ("value", "written"), [("2024-05-20", "20 May 2024"), ("2018-04", "April 2018"), ("2030", "2030")]
)
def test_dates_are_written_as_finely_as_the_source_gives_them(value: str, written: str) -> None:
    assert numbers.date_in_words(value) == written


def test_the_lists_hold_as_many_items_as_the_report_says(loaded) -> None:
    e = loaded["evidence"]
    assert ds.list_agrees(loaded["principles"], e, "cp-day-services-principles")  # eight
    assert ds.list_agrees(loaded["objectives"], e, "cp-day-services-objectives")  # nine
    assert not ds.list_agrees(loaded["principles"].head(7), e, "cp-day-services-principles")
    assert ds.listed(loaded["principles"])[0] == "Embed diversity and inclusion in everything"
    assert ds.listed(loaded["objectives"])[-1].startswith("Improving how officers collect")
    html = ds.numbered_list_html(ds.listed(loaded["principles"]))
    assert html.count("<li>") == 8


def test_sentences_link_the_reported_figures(loaded) -> None:
    e = loaded["evidence"]
    coproduction = ds.coproduction_sentence(e, loaded["phase1"])
    assert '#cp-day-services-phase2-participants">276</a> people' in coproduction
    assert '#cp-day-services-engagement-phases">2</a> rounds' in coproduction
    assert "lists 8 themes from the first round (counted by this book)" in coproduction
    assert '#cp-day-services-consultation-objectives-important">73%</a>' in ds.consultation_sentence(e)
    strategy = ds.strategy_sentence(e, loaded["principles"], loaded["objectives"])
    assert ">8</a> principles" in strategy and ">9</a> objectives" in strategy
    assert "do not hold" not in strategy
    assert "12 August 2024" in ds.timeline_sentence(loaded["dates"], e)


def test_spend_on_provider_services_and_transport(loaded) -> None:
    chosen = ds.spend(loaded["evidence"])
    assert set(chosen["area_key"]) == {"provider-services", "transport"}
    drawn = ds.spend_drawn(chosen)
    assert drawn.columns.tolist() == [
        "service_area",
        "spend_2018_19_gbp_thousands",
        "spend_2019_20_gbp_thousands",
    ]
    assert drawn.set_index("service_area").loc["Provider Services"].tolist() == [29455, 29070]
    assert drawn.set_index("service_area").loc["Day-services transport"].tolist() == [4484, 4758]
    changes = ds.spend_changes(drawn).set_index("service_area")
    assert changes.loc["Provider Services", "change_gbp_thousands"] == -385
    assert changes.loc["Day-services transport", "change_percent"] == 6.1
    assert ds.spend_title(drawn) == (
        "Spend on provider services fell and spend on day-services transport rose from 2018/19 to 2019/20"
    )
    alt = ds.spend_alt(drawn)
    assert "Provider Services is the larger, £29.1m in 2019/20" in alt and len(alt) <= 200
    assert list(data.spend_series(drawn)) == ["2018/19", "2019/20"]


def test_the_spend_table_works_out_both_areas_against_the_printed_totals(loaded) -> None:
    table = ds.spend_display(loaded["evidence"], ds.spend(loaded["evidence"])).set_index("Year")
    # 29,455 + 4,484 = 33,939 of 327,583 (10.4%); 29,070 + 4,758 = 33,828 of 335,577 (10.1%)
    assert table.loc["2018/19", "Both (worked out)"] == "£33.9m (10.4% of all)"
    assert table.loc["2019/20", "Both (worked out)"] == "£33.8m (10.1% of all)"
    assert "#la-exp-total-2019-20" in table.loc["2019/20", "All adult care spend"]
    assert '#la-exp-transport-share-2019-20">1.4%</a>' in table.loc["2019/20", "Day-services transport"]


# --- key points and what the sources say (issue 17) ----------------------------------------------------


@pytest.fixture(scope="module")
def equality(project):
    return data.table(project, "lists/day_services_equality_impact.csv")


def test_the_panel_was_scheduled_to_meet_not_said_to_have_discussed(loaded) -> None:
    sentence = ds.timeline_sentence(loaded["dates"], loaded["evidence"])
    assert "“were scheduled to meet”</a> on 4 July 2025" in sentence
    assert "discussed" not in sentence  # the old sentence: "Councillors on the cabinet panel discussed …"
    steps = ds.timeline(loaded["dates"], loaded["evidence"])
    assert steps["event"].str.contains("scheduled to meet").sum() == 1


def test_words_quoted_from_a_date_must_be_in_its_quote(loaded) -> None:
    with pytest.raises(ValueError, match="not in the quote"):
        ds._words(loaded["dates"], ds.PANEL, "met and agreed")


def test_the_equality_impact_assessment_is_reported(equality) -> None:
    sentence = ds.equality_sentence(equality)
    assert "may have some negative impact on people with protected characteristics" in sentence
    assert '#day_services_equality_impact-1"' in sentence and '#day_services_equality_impact-2"' in sentence


def test_key_points_are_findings_from_the_data(loaded, equality) -> None:
    e = loaded["evidence"]
    points = ds.key_points(e, loaded["dates"], ds.spend(e), equality)
    assert 3 <= len(points) <= 6
    joined = " ".join(points)
    assert "2025 to 2030" in joined and ">8</a> principles" in joined and ">276</a> people" in joined
    assert ">73%</a>" in joined and "negative impact" in joined
    assert "fell from <a" in joined and '#la-exp-transport-2019-20">£4.8m</a>' in joined
    assert "do not record what the cabinet panel said" in points[-1]
    changed = e.copy()
    changed.loc["la-exp-transport-2019-20", ["value", "written"]] = [4000, "4000"]
    assert "transport fell from" in " ".join(
        ds.key_points(changed, loaded["dates"], ds.spend(changed), equality)
    )


def test_the_chapter_claims_no_step_the_sources_do_not_give(project) -> None:
    text = (project.root / "notebooks" / "day_services.py").read_text(encoding="utf-8")
    assert "came years later" not in text
    assert "ds.equality_sentence(equality)" in text and "ds.key_points(" in text


# --- national data: long term care by support setting (ASC-FR and SALT 2021-22) ---------------------------


@pytest.fixture(scope="module")
def ascfr(project):
    return {"long_term": data.ascfr_long_term(project), "adults": data.ascfr_adults(project)}


def test_a_councils_spend_per_100000_adults_adds_its_two_age_bands_over_their_adults(ascfr) -> None:
    table = ds.settings_table(ascfr["long_term"], ascfr["adults"], "spend", "E10000015").set_index("setting")
    # Hertfordshire's row of tables 43 and 44 (£ thousands) and table 36's adults, as printed.
    assert table.loc[ds.OTHER_CARE, "E10000015_printed"] == "9610 + 10253"
    assert table.loc[ds.OTHER_CARE, "E10000015"] == pytest.approx(
        (9610 + 10253) * 100_000 / (715145 + 205910)
    )
    clients = ds.settings_table(ascfr["long_term"], ascfr["adults"], "clients", "E10000015").set_index(
        "setting"
    )
    assert clients.loc["Total", "E10000015"] == pytest.approx((5255 + 8840) * 100_000 / (715145 + 205910))


def test_each_areas_spend_by_setting_adds_up_to_the_tables_total(ascfr) -> None:
    codes = ascfr["long_term"]["code"].unique()
    assert len(codes) > 150
    assert all(ds.total_agrees(ascfr["long_term"], code) for code in codes)


def test_every_council_offered_runs_and_is_named_beside_england(project, ascfr) -> None:
    from hertsbook.content import councils
    from hertsbook.execute import params

    council = params.theme_parameters(project, "day_services")["council"]
    assert council.default == "E10000015" and "E10000016" in council.choices
    names = councils.names(project)
    for code in council.choices:
        name = names[code]
        spend = ds.settings_table(ascfr["long_term"], ascfr["adults"], "spend", code)
        clients = ds.settings_table(ascfr["long_term"], ascfr["adults"], "clients", code)
        sentence = ds.settings_sentence(spend, clients, code, name)
        assert numbers_html_name(name) in sentence and "England" in sentence
        drawn = ds.spend_settings_drawn(spend, code, name)
        assert list(drawn["support_setting"]) == [s for s in spend["setting"] if s != "Total"]
        assert name in ds.spend_settings_title(drawn, name)
        assert len(ds.spend_settings_alt(drawn, name)) < 250
        for measure, table in (("spend", spend), ("clients", clients)):
            shown = ds.settings_display(table, code, name, measure)
            assert len(shown) == len(table)
            for setting in ds.missing_settings(table, code):  # a missing figure is said, never dropped
                assert setting in sentence or pd.isna(spend.set_index("setting").loc["Total", code])


def numbers_html_name(name: str) -> str:
    from hertsbook.content.text import html_text

    return html_text(name)


def test_a_missing_figure_is_listed_with_the_tables_reason(ascfr) -> None:
    spend = ds.settings_table(ascfr["long_term"], ascfr["adults"], "spend", "E09000012")
    clients = ds.settings_table(ascfr["long_term"], ascfr["adults"], "clients", "E09000012")
    sentence = ds.settings_sentence(spend, clients, "E09000012", "Hackney")
    assert (
        "Hackney submitted no spend on long term care by support setting for 2021-22; England spent"
        in sentence
    )
    assert "[x]: not submitted" in sentence
    kent = ds.settings_table(ascfr["long_term"], ascfr["adults"], "clients", "E10000016")
    said = ds.settings_sentence(
        ds.settings_table(ascfr["long_term"], ascfr["adults"], "spend", "E10000016"),
        kent,
        "E10000016",
        "Kent",
    )
    for setting in ds.missing_settings(kent, "E10000016"):
        assert (
            f"clients in {setting} ([c]: fewer than 5, suppressed" in said
            or f"clients in {setting} ([x]" in said
        )


def test_what_other_long_term_care_is_is_said_in_the_workbooks_own_words(project, ascfr) -> None:
    import openpyxl

    quotes = ds.ascfr_quotes(project)
    book = openpyxl.load_workbook(project.data / "national" / data.ASCFR, read_only=True)
    cells = {
        str(c).strip()
        for sheet in ("Notes and Definitions", "T46")
        for row in book[sheet].iter_rows(values_only=True)
        for c in row
        if c
    }
    book.close()
    assert set(quotes.values()) <= cells  # verbatim
    sentence = ds.other_care_sentence(quotes, ascfr["long_term"])
    assert "The workbook does not define them" in sentence
    assert (
        "does not include Nursing, Residential, Supported Accommodation, Community: Direct Payments"
        in sentence
    )
    assert "do not say whether day centres" in sentence
