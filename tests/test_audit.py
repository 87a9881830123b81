"""The audit of the sources: every check's real numbers and verdict, and the page that shows them."""

import re

import pytest

from hertsbook.content import audit, data, places
from hertsbook.publish import pages

LOCAL_ACCOUNT = "2020-adult-care-local-account-2018-2020.txt"


@pytest.fixture(scope="module")
def inputs(project):
    return audit.load(project)


@pytest.fixture(scope="module")
def found(inputs):
    return {f.id: f for f in audit.findings(inputs)}


def test_evidence_rows_per_source_are_exactly_these(project) -> None:
    """A later edit cannot silently drop (or add) a figure, a dated event or a list item."""
    counts = data.evidence(project).groupby("source").size().to_dict()
    assert counts == {
        "2018-11-prevention-strategy.txt": 29,
        "2020-adult-care-local-account-2018-2020.txt": 180,
        "2023-07-early-help-redesign-news.txt": 16,
        "2025-03-connect-and-prevent-news.txt": 3,
        "2025-07-adult-care-cabinet-panel-summary.txt": 24,
    }
    assert data.dates(project).groupby("source").size().to_dict() == {
        "2018-11-prevention-strategy.txt": 4,
        "2020-adult-care-local-account-2018-2020.txt": 11,
        "2025-03-connect-and-prevent-news.txt": 2,
        "2025-07-adult-care-cabinet-panel-summary.txt": 9,
    }
    assert len(data.lists(project)) == 118


def test_every_finding_is_complete_and_names_real_evidence(found, inputs) -> None:
    known = set(inputs.evidence.index) | set(inputs.dates.index)
    assert len(found) == 27
    for finding in found.values():
        assert finding.verdict in audit.VERDICTS
        assert finding.title and finding.arithmetic and finding.action
        assert finding.evidence and set(finding.evidence) <= known, finding.id


@pytest.mark.parametrize(("period", "parts", "total"), [("2018/19", 8, 327583), ("2019/20", 9, 335577)])
def test_spending_parts_add_up_to_the_total(found, period, parts, total) -> None:
    finding = found[f"spend-parts-{period.replace('/', '-')}"]
    assert finding.numbers == {"sum": total, "total": total, "parts": parts}
    assert finding.verdict == audit.ADDS_UP


@pytest.mark.parametrize(("period", "printed_sum"), [("2018/19", 100.11), ("2019/20", 100.01)])
def test_spending_shares_match_the_amounts(found, period, printed_sum) -> None:
    finding = found[f"spend-shares-{period.replace('/', '-')}"]
    assert finding.numbers["printed_sum"] == pytest.approx(printed_sum)
    assert finding.numbers["wrong"] == 0
    assert finding.verdict == audit.ADDS_UP


def test_a_share_that_does_not_match_is_caught(inputs) -> None:
    evidence = inputs.evidence.copy()
    evidence.loc["la-exp-older-people-share-2018-19", ["value", "written"]] = [29.5, "29.5"]
    finding = audit.spend_shares(audit.Inputs(**{**vars(inputs), "evidence": evidence}), "2018/19")
    assert finding.verdict == audit.DOES_NOT_ADD_UP
    assert finding.numbers["wrong"] == 1
    assert "29.5%" in finding.arithmetic


def test_totals_printed_as_millions_are_thousands(found) -> None:
    finding = found["spend-unit"]
    assert finding.verdict == audit.DOES_NOT_ADD_UP
    assert round(finding.numbers["per_resident_as_thousands"]) == 277  # 327,583,000 / 1,184,365
    assert round(finding.numbers["per_resident_as_millions"]) == 276590
    assert "£327.6 million" in finding.action


def test_the_increase_is_about_two_point_four_percent(found) -> None:
    assert found["spend-increase"].numbers["worked"] == pytest.approx(2.44, abs=0.005)
    assert found["spend-increase"].verdict == audit.ADDS_UP


def test_new_request_age_shares_sum_to_100(found) -> None:
    assert found["new-requests-ages"].numbers == {"sum": 100}
    assert found["new-requests-ages"].verdict == audit.ADDS_UP


def test_money_advice_parts_add_up(found) -> None:
    numbers = found["money-advice-unit"].numbers
    assert numbers["sum"] == pytest.approx(16.62) and numbers["total"] == 16.62
    assert found["money-advice-unit"].verdict == audit.ADDS_UP


def test_survey_response_rate(found) -> None:
    assert found["survey-response-rate"].numbers["worked"] == pytest.approx(37.99, abs=0.005)
    assert found["survey-response-rate"].verdict == audit.ADDS_UP


def test_safeguarding_share_does_not_add_up(found) -> None:
    finding = found["safeguarding-conversion"]
    assert finding.numbers["worked"] == pytest.approx(32.08, abs=0.005)  # 2,780 / 8,665
    assert finding.numbers["printed"] == 30
    assert finding.verdict == audit.DOES_NOT_ADD_UP
    assert "32.1%" in finding.arithmetic and "30%" in finding.arithmetic


def test_dols_increase_adds_up(found) -> None:
    numbers = found["dols-increase"].numbers
    assert numbers["before"] == 5895
    assert numbers["worked"] == pytest.approx(8.63, abs=0.005)
    assert found["dols-increase"].verdict == audit.ADDS_UP


@pytest.mark.parametrize(
    ("period", "months"),
    [
        ("2024/25 Q4", ("2025-01", "2025-03")),
        ("2024/25 Q1", ("2024-04", "2024-06")),
        ("2023/24 Q3", ("2023-10", "2023-12")),
    ],
)
def test_quarter_months(period, months) -> None:
    assert audit.quarter_months(period) == months


def test_cabinet_quarter_is_printed_a_year_early(found) -> None:
    finding = found["cabinet-quarter"]
    assert finding.numbers["months_apart"] == 12
    assert finding.verdict == audit.DOES_NOT_ADD_UP
    assert "January 2025 to March 2025" in finding.arithmetic
    assert "January 2024 to March 2024" in finding.arithmetic


def test_early_help_injection_says_what_is_and_is_not_itemised(found, inputs) -> None:
    """The article never claims its list is complete: the rest is not itemised, not money that fails to add up."""
    finding = found["early-help-injection"]
    ev = inputs.evidence
    total, named = (
        ev.at["eh-injection-total", "value"],
        ev.loc[["eh-injection-children-in-care", "eh-injection-send-school-transport"], "value"].sum(),
    )
    assert finding.numbers["itemised"] == named and finding.numbers["unitemised"] == total - named
    assert finding.verdict == audit.CANNOT_CHECK
    text = finding.title + finding.arithmetic + finding.action
    assert "does not add up" not in text and "not itemised" in text
    assert "It does not say that these are all the uses" in finding.arithmetic


def test_early_help_savings_share(found) -> None:
    finding = found["early-help-savings"]
    assert finding.numbers["share"] == pytest.approx(36.56, abs=0.005)  # 2 / 5.47
    assert finding.numbers["per_year"] == 1
    assert finding.verdict == audit.ADDS_UP


def test_population_growth_disagrees_with_ons(found) -> None:
    finding = found["population-growth"]
    assert round(finding.numbers["implied_base"]) == 1182796  # 220,000 / 18.6%
    assert finding.numbers["base"] == 1184365
    assert round(finding.numbers["change"]) == 44173
    assert finding.numbers["pct"] == pytest.approx(3.73, abs=0.005)
    assert finding.verdict == audit.DISAGREES
    assert finding.national == data.ONS_SNPP


def test_the_projection_finding_says_what_can_and_cannot_be_known(found, inputs, project) -> None:
    import json

    finding = found["population-growth"]
    text = finding.arithmetic + finding.action
    assert "probably" not in text and "2016" not in text  # the old guess at the strategy's source
    publisher = json.loads(
        (project.data / "national" / data.ONS_SNPP.replace(".csv", ".provenance.json")).read_text()
    )["publisher"]
    published = publisher.split("published ")[1].split(")")[0]
    assert f"ONS published that projection on {published}, after the strategy" in text
    assert "What can be known:" in text and "What cannot:" in text


def test_older_population_growth_disagrees_with_ons(found) -> None:
    finding = found["older-population-growth"]
    assert round(finding.numbers["implied_base"]) == 201818  # 111,000 / 55%
    assert finding.numbers["base"] == 201242
    assert round(finding.numbers["change"]) == 71980
    assert finding.numbers["pct"] == pytest.approx(35.77, abs=0.005)
    assert finding.verdict == audit.DISAGREES


def test_oldest_population_disagrees_with_ons(found) -> None:
    finding = found["oldest-population"]
    assert round(finding.numbers["end"]) == 19442
    assert round(finding.numbers["change"]) == 8205
    assert finding.verdict == audit.DISAGREES


def test_two_year_old_take_up_disagrees_with_dfe(found) -> None:
    finding = found["two-year-old-take-up"]
    assert finding.numbers == {"census": 2018, "herts": 68.7, "england": 71.8, "following": 73.3}
    assert finding.verdict == audit.DISAGREES
    assert finding.national == data.DFE_EARLY_EDUCATION


@pytest.mark.parametrize(
    ("key", "printed", "national"),
    [
        ("reablement-offered-on-discharge", 2.2, 2.0),
        ("admissions-18-64", 12.4, 12.3),
        ("admissions-65-plus", 536.7, 527.8),
    ],
)
def test_key_measures_that_disagree_with_ascof(found, key, printed, national) -> None:
    finding = found[f"key-measure-{key}"]
    assert finding.numbers == {"printed": printed, "national": national}
    assert finding.verdict == audit.DISAGREES


def test_reablement_printed_figure_is_the_year_before(found) -> None:
    assert (
        "the national value for the year before, 2.2%"
        in found["key-measure-reablement-offered-on-discharge"].arithmetic
    )


def test_the_other_key_measures_agree(found, inputs) -> None:
    finding = found["key-measures-agree"]
    assert finding.numbers == {"agree": 7, "compared": 10}
    assert finding.verdict == audit.AGREES
    table = audit.key_measures_national(inputs)
    assert sorted(table.loc[~table["agrees"], "measure_key"]) == [
        "admissions-18-64",
        "admissions-65-plus",
        "reablement-offered-on-discharge",
    ]


def test_ascof_table_agrees_with_national_data(found) -> None:
    finding = found["ascof-table"]
    assert finding.numbers == {"cells": 27, "agree": 27}
    assert finding.verdict == audit.AGREES
    assert len(finding.evidence) == 27


def test_the_ascof_findings_name_the_national_files_they_read(found) -> None:
    """The survey rows come from DHSC's series, the others from the older compilation: each finding names
    the file (or files) its national figures were read from."""
    both = tuple(sorted((data.ASCOF_SERIES, data.ASCOF_TREND)))
    assert found["ascof-table"].national_files == both
    assert found["ascof-row-order-1i1"].national == data.ASCOF_SERIES  # social contact: a survey measure
    assert found["survey-up-from"].national_files == both  # 4B (services made them feel safe) is older
    assert found["key-measure-admissions-65-plus"].national == data.ASCOF_TREND  # no DHSC figure for 2019-20


def test_a_wrong_ascof_cell_is_reported(inputs) -> None:
    evidence = inputs.evidence.copy()
    evidence.loc["la-ascof-feel-safe-england-2018-19", "value"] = 71.0
    finding = audit.ascof_table_national(audit.Inputs(**{**vars(inputs), "evidence": evidence}))
    assert finding.verdict == audit.DISAGREES
    assert finding.numbers["agree"] == 26
    assert "4A england_2018_19: printed 71, national 70" in finding.arithmetic


def _herts(inputs, code: str, year: str) -> float:
    trend = inputs.ascof
    hit = trend[
        (trend["code"] == places.HERTFORDSHIRE_ONS) & (trend["measure"] == code) & (trend["year"] == year)
    ]
    return float(hit["value"].iloc[0])


def test_every_up_from_pair_is_last_years_figure_of_the_same_measure(found, inputs, project) -> None:
    """The document prints each survey result “X% (up from Y%)”: every pair, read from the source text."""
    text = (project.sources / LOCAL_ACCOUNT).read_text(encoding="utf-8")
    pairs = audit.up_from_pairs(inputs)
    assert len(pairs) == text.count("(up from") and len(pairs) > 1
    for _, pair in pairs.iterrows():
        (code,) = [
            c for c, n in zip(pair["codes"], pair["national_before"], strict=True) if n == pair["before"]
        ]
        assert _herts(inputs, code, "2019-20") == inputs.evidence.at[pair["now_id"], "value"]
        assert _herts(inputs, code, "2018-19") == inputs.evidence.at[pair["before_id"], "value"]
    finding = found["survey-up-from"]
    assert finding.verdict == audit.AGREES
    assert finding.numbers == {"pairs": len(pairs), "agree": len(pairs)}
    # "up from 68.8%" is last year's figure for the 77.3% who felt safe, not for the 82.7% beside it
    safe = {
        i: inputs.evidence.at[i, "written"]
        for i in ("la-survey-felt-safe-2019-20", "la-survey-felt-safe-2018-19")
    }
    now, before = safe.values()
    assert f"{now}% (up from {before}%): ASCOF 4A" in finding.arithmetic
    helped = inputs.evidence.at["la-survey-services-helped-feel-safe-2019-20", "written"]
    assert (
        f"the {helped}% printed inside the result for {now}% is another measure, ASCOF 4B"
        in finding.arithmetic
    )


def test_the_old_feel_safe_finding_is_gone(found) -> None:
    assert "feel-safe-up-from" not in found
    for finding in found.values():
        assert "year-before figure of the other measure" not in finding.arithmetic
        assert "the measure it is printed beside" not in finding.title


def test_an_up_from_figure_that_is_not_last_years_is_caught(inputs) -> None:
    trend = inputs.ascof.copy()
    herts = (
        (trend["code"] == places.HERTFORDSHIRE_ONS)
        & (trend["measure"] == "4A")
        & (trend["year"] == "2018-19")
    )
    trend.loc[herts, "value"] += 1
    finding = audit.up_from(audit.Inputs(**{**vars(inputs), "ascof": trend}))
    assert finding.verdict == audit.DISAGREES
    assert finding.numbers["agree"] == finding.numbers["pairs"] - 1


def test_the_rise_from_pre_covid_levels_against_the_books_own(found, inputs) -> None:
    ev = inputs.evidence
    first, last = ev.at["la-new-requests-2019-20", "value"], ev.at["cp-new-requests-2024-25-q4", "value"]
    printed = ev.at["cp-new-requests-change-from-pre-covid", "value"]
    finding = found["new-requests-before-covid"]
    assert finding.numbers["worked"] == pytest.approx(100 * (last / first - 1))
    assert finding.numbers["printed"] == printed
    assert finding.numbers["implied_base"] == pytest.approx(last / (1 + printed / 100))
    assert finding.verdict == audit.DOES_NOT_ADD_UP  # the rise from 2019/20 does not round to the printed one
    assert "without naming the pre-COVID year" in finding.arithmetic
    assert f"count for {ev.at['la-new-requests-2019-20', 'period']}" in finding.arithmetic
    assert "do not agree" in finding.arithmetic


def test_one_count_printed_for_two_things_names_both_places(found, inputs) -> None:
    ids = ("la-carers-assessed-2019-20", "la-direct-payment-adults-2019-20")
    assert inputs.evidence.at[ids[0], "value"] == inputs.evidence.at[ids[1], "value"]
    (finding,) = [f for f in found.values() if f.id.startswith("same-count-")]
    assert set(finding.evidence) == set(ids)
    assert finding.verdict == audit.CANNOT_CHECK
    for i in ids:
        assert inputs.evidence.at[i, "locator"] in finding.arithmetic
        assert inputs.evidence.at[i, "measure"] in finding.arithmetic


def test_the_swapped_social_contact_row_is_its_own_finding(found, inputs) -> None:
    ev = inputs.evidence
    third, fourth = "la-ascof-social-contact-comparator-2018-19", "la-ascof-social-contact-england-2018-19"
    finding = found["ascof-row-order-1i1"]
    england = float(
        inputs.ascof.loc[
            (inputs.ascof["code"] == places.ENGLAND_ONS)
            & (inputs.ascof["measure"] == "1I1")
            & (inputs.ascof["year"] == "2018-19"),
            "value",
        ].iloc[0]
    )
    assert finding.numbers == {"read_as_england": ev.at[third, "value"], "national_england": england}
    assert england == ev.at[fourth, "value"]
    assert finding.verdict == audit.DISAGREES
    assert "1I1" in finding.title
    for i in (third, fourth):
        assert f"{ev.at[i, 'written']}%" in finding.arithmetic
    # no longer a clause of the table's finding that agrees with national data
    assert "swapped" not in found["ascof-table"].action and "swapped" not in found["ascof-table"].arithmetic
    assert audit.ascof_row_order(inputs) == [finding]


def test_findings_are_ranked_by_how_much_they_change_the_reading(found) -> None:
    ranked = list(found.values())
    keys = [(audit.IMPACTS.index(audit.impact(f)), -f.gap) for f in ranked]
    assert keys == sorted(keys)
    assert audit.impact(ranked[0]) == audit.CHANGES_CONCLUSION
    assert audit.impact(ranked[-1]) == audit.CHANGES_NOTHING
    assert {audit.impact(f) for f in ranked} == set(audit.IMPACTS)


def test_the_ranking_rule_orders_each_class() -> None:
    def made(id: str, verdict: str, gap: float = 0.0) -> audit.Finding:
        return audit.Finding(id, id, ("x",), "a", verdict, "b", gap=gap)

    given = [
        made("agrees", audit.AGREES),
        made("small", audit.DISAGREES, 0.05),
        made("open", audit.CANNOT_CHECK),
        made("tenth", audit.DOES_NOT_ADD_UP, 0.2 / 2.0),
        made("large", audit.DOES_NOT_ADD_UP, 0.5),
        made("larger", audit.DISAGREES, 2.0),
    ]
    assert [f.id for f in audit.rank(given)] == ["larger", "large", "open", "tenth", "small", "agrees"]


def test_the_audit_page_writes_the_ranking_rule_and_each_rank(inputs, found) -> None:
    page = pages.audit_page(list(found.values()), inputs.evidence, inputs.dates)
    assert "ranked by how much they change what a reader would conclude" in page
    first = list(found.values())[0]
    assert f"<strong>Rank:</strong> 1 of {len(found)}: {audit.impact(first)}." in page


def test_each_figure_a_finding_is_about_carries_a_note_in_the_chapters(found, inputs) -> None:
    """Every figure a finding concerns, wherever the chapter functions cite it, has a note linking to it."""
    from hertsbook.content.themes import adult_care_performance as acp
    from hertsbook.content.themes import early_help as eh
    from hertsbook.content.themes import prevention as prev

    noted = audit.annotate(inputs.evidence, list(found.values()))
    census = int(found["two-year-old-take-up"].numbers["census"])
    spend = acp.expenditure(noted)
    ascof = acp.ascof_table(noted, inputs.ascof_layout)
    measures = acp.key_measures(noted, inputs.key_measures)
    html = "".join(
        [
            acp.demand_sentence(noted),
            acp.supply_sentence(noted),
            acp.safeguarding_sentence(noted),
            acp.expenditure_sentence(noted, spend),
            acp.table_order_sentence(noted),
            *(
                acp.figures_display(noted, ids).to_string()
                for ids in (acp.DEMAND, acp.SUPPLY, acp.SAFEGUARDING)
            ),
            acp.expenditure_display(noted, spend).to_string(),
            acp.ascof_display(ascof, acp.national_check(ascof, inputs.ascof), noted).to_string(),
            acp.key_measures_display(measures, None, noted).to_string(),
            eh.injection_sentence(noted, eh.injection(noted)),
            eh.savings_sentence(noted),
            eh.strategy_measures(noted).to_string(),
            prev.population_sentence(
                noted,
                prev.strategy_projection(noted),
                inputs.snpp,
                places.HERTFORDSHIRE_ONS,
                prev.STRATEGY_YEAR,
            ),
            prev.early_years_sentence(
                noted,
                prev.early_years(noted, inputs.early_education, census),
                census,
                inputs.dates.at["ps-cabinet-panel-meeting", "date"],
            ),
        ]
    )
    cited = set(re.findall(r'class="hb-evidence" href="[^"]*#([^"]+)"', html))
    checked = 0
    for finding in found.values():
        for evidence_id in set(finding.figures) & cited:
            link = f'href="../book/audit.html#audit-{finding.id}"'
            # the note follows the figure's own link
            assert re.search(
                rf'#{re.escape(evidence_id)}">[^<]*</a>(?: \(national data: [^)]*\))? <span class="hb-audit-note">\(audit: [^)]*{re.escape(link)}',
                html,
            ), (finding.id, evidence_id)
            checked += 1
    assert checked >= 20
    # the new findings' figures are among them
    for evidence_id in (
        "cp-new-requests-2024-25-q4",
        "la-direct-payment-adults-2019-20",
        "la-carers-assessed-2019-20",
        "la-ascof-social-contact-comparator-2018-19",
        "eh-injection-total",
    ):
        assert evidence_id in cited and noted.at[evidence_id, "audit"], evidence_id
    assert "hb-audit" not in acp.demand_sentence(inputs.evidence)  # no notes without the audit's column


def test_no_number_is_typed_into_the_audit_module(project) -> None:
    """Source and national numbers come from data/: none of the checked figures appears in the code."""
    code = (project.root / "src" / "hertsbook" / "content" / "audit.py").read_text(encoding="utf-8")
    for typed in ("327583", "327,583", "8665", "2780", "1184365", "68.7", "536.7", "527.8", "14.37", "5.47"):
        assert typed not in code, typed


def test_the_audit_page_shows_both_quotes_of_a_finding(project, inputs, found) -> None:
    page = pages.audit_page(list(found.values()), inputs.evidence, inputs.dates)
    for evidence_id in (
        "cp-safeguarding-enquiries-2024-25-q4",
        "cp-safeguarding-enquiry-conversion-2024-25-q4",
    ):
        assert f'href="../book/evidence/2025-07-adult-care-cabinet-panel-summary.html#{evidence_id}"' in page
    # safeguarding: the counts and the printed share share one sentence
    assert "with 30% progressing to an enquiry (2,780 cases)." in page
    # the cabinet quarter: the dated event's quote and the figure's quote are both shown
    quarter = page[page.index("(audit-cabinet-quarter)=") : page.index("(audit-safeguarding-conversion)=")]
    assert "(January 2024 – March 2024)" in quarter
    assert "New requests for support rose to 33,641" in quarter
    assert "does not add up" in quarter
    assert "a year earlier" in quarter


def test_the_evidence_pages_anchor_every_figure_date_and_list_item(project) -> None:
    evidence, dates, lists = data.evidence(project), data.dates(project), data.lists(project)
    documents = pages.documents((project.sources / "SOURCES.md").read_text(encoding="utf-8"))
    made = {d["file"]: pages.source_evidence_page(d, evidence, dates, lists) for d in documents}
    panel = made["2025-07-adult-care-cabinet-panel-summary.txt"]
    assert '<div class="hb-evidence-row" id="cp-date-performance-period-start">' in panel
    assert "(January 2024 – March 2024)" in panel
    assert '<div class="hb-evidence-row" id="day_services_principles-1">' in panel
    assert sum(page.count('class="hb-evidence-row" id=') for page in made.values()) == 252 + 26 + 118
