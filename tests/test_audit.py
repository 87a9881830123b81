"""The audit of the sources: every check's real numbers and verdict, and the page that shows them."""

import pytest

from hertsbook.content import audit, data
from hertsbook.publish import pages


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
    assert len(found) == 24
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


def test_early_help_injection_does_not_add_up(found) -> None:
    finding = found["early-help-injection"]
    assert finding.numbers == {"itemised": 15, "unitemised": 4, "with_send": 20}
    assert finding.verdict == audit.DOES_NOT_ADD_UP


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


def test_a_wrong_ascof_cell_is_reported(inputs) -> None:
    evidence = inputs.evidence.copy()
    evidence.loc["la-ascof-feel-safe-england-2018-19", "value"] = 71.0
    finding = audit.ascof_table_national(audit.Inputs(**{**vars(inputs), "evidence": evidence}))
    assert finding.verdict == audit.DISAGREES
    assert finding.numbers["agree"] == 26
    assert "4A england_2018_19: printed 71, national 70" in finding.arithmetic


def test_feel_safe_up_from_is_beside_the_wrong_measure(found) -> None:
    finding = found["feel-safe-up-from"]
    assert finding.numbers["change"] == pytest.approx(-1.5)  # 82.7 against 84.2
    assert finding.verdict == audit.DOES_NOT_ADD_UP


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
