"""Audit of the sources: their own arithmetic and consistency, and their figures beside the national data.

Each check is a small function over the loaded data that returns a Finding. Every number in a Finding's
sentence is read from `data/` (evidence rows, dated events, national files) or worked out from those: none
is typed. A figure that a chapter also shows is worked out by the chapter's own function (the spend table,
the safeguarding checks, the £19m, the savings, the ONS population change, the DfE take-up, the ASCOF
comparisons), so the audit page and the chapter cannot disagree. The "Audit of the sources" page
(pages.audit_page) shows each finding with its quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from hertsbook.content import data
from hertsbook.content.numbers import (
    decimals,
    figure,
    millions,
    money_thousands,
    month_in_words,
    number,
    percent,
    rounds_to,
)
from hertsbook.content.places import ENGLAND_ONS, HERTFORDSHIRE_ONS
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.content.themes import early_help as eh
from hertsbook.content.themes import prevention as prev
from hertsbook.project import Project

ADDS_UP = "adds up"
DOES_NOT_ADD_UP = "does not add up"
DISAGREES = "disagrees with national data"
AGREES = "agrees with national data"
CANNOT_CHECK = "cannot be checked"  # the sources do not give what the check needs
VERDICTS = (ADDS_UP, DOES_NOT_ADD_UP, DISAGREES, AGREES, CANNOT_CHECK)

# How much a finding changes what a reader would conclude, most first (`rank`).
CHANGES_CONCLUSION = "changes what a reader would conclude"
UNSETTLED = "may change it, but the sources cannot settle it"
CHANGES_FIGURE = "changes a figure, not the conclusion"
CHANGES_NOTHING = "changes nothing: the figures stand as printed"
IMPACTS = (CHANGES_CONCLUSION, UNSETTLED, CHANGES_FIGURE, CHANGES_NOTHING)
TENTH = 0.1  # a printed figure more than a tenth away from the checked one changes the reading, not only the digits
RANKING_RULE = (
    "The findings are ranked by how much they change what a reader would conclude. Each finding's gap is the "
    "difference between the figure as printed and the figure as the book works it out or finds it in the "
    "national data, as a share of the latter (for a period: the months apart as a share of a year). A "
    "finding whose verdict is “does not add up” or “disagrees with national data” changes what a reader would "
    "conclude when its gap is more than a tenth, and otherwise changes a figure but not the conclusion. A "
    "finding the sources cannot settle (“cannot be checked”) comes after the first group and before the "
    "second: it may change the conclusion, but the book cannot say. Findings that add up or agree come last. "
    "Within each group the larger gap comes first, then the order of the sources."
)


def _files(files: Iterable[object]) -> str | tuple[str, ...]:
    """The national files a finding's figures come from: one name, or several in order."""
    found = tuple(sorted({str(f) for f in files if f}))
    return found[0] if len(found) == 1 else found


# Which national ASCOF measure each key measure of the local account reports (codes, not numbers: the
# measures without a code are the council's own).
KEY_MEASURE_ASCOF = {
    "ld-paid-employment": "1E",
    "reablement-offered-on-discharge": "2B2",
    "at-home-91-days-after-discharge": "2B1",
    "delayed-discharge-social-care": "2C2",
    "scrqol-score": "1A",
    "social-contact": "1I1",
    "carer-quality-of-life": "1D",
    "ld-own-home": "1G",
    "admissions-18-64": "2A1",
    "admissions-65-plus": "2A2",
}


@dataclass(frozen=True)
class Finding:
    id: str
    title: str
    evidence: tuple[str, ...]  # evidence (or dated-event) ids whose quotes the page shows
    arithmetic: str  # the working, in a plain-English sentence, numbers computed from the data
    verdict: str  # one of VERDICTS
    action: str  # what the book does about it
    numbers: dict[str, float] = field(default_factory=dict, compare=False)  # the computed values
    national: str | tuple[str, ...] = ""  # the national file (or files) compared with, if any
    gap: float = 0.0  # |printed - checked| / |checked| where the verdict faults the source (see RANKING_RULE)
    concerns: tuple[
        str, ...
    ] = ()  # the figures it questions or confirms (evidence ids), if not all of `evidence`

    @property
    def national_files(self) -> tuple[str, ...]:
        return (self.national,) if isinstance(self.national, str) and self.national else tuple(self.national)

    @property
    def figures(self) -> tuple[str, ...]:
        """The evidence ids whose figures this finding is about: each carries a note in the chapters."""
        return self.concerns or self.evidence


def impact(finding: Finding) -> str:
    """How much the finding changes what a reader would conclude (one of IMPACTS; see RANKING_RULE)."""
    if finding.verdict in (ADDS_UP, AGREES):
        return CHANGES_NOTHING
    if finding.verdict == CANNOT_CHECK:
        return UNSETTLED
    return CHANGES_CONCLUSION if round(finding.gap, 9) > TENTH else CHANGES_FIGURE  # 0.2 / 2.0 is a tenth


def rank(found: list[Finding]) -> list[Finding]:
    """The findings in RANKING_RULE's order: by impact, then the larger gap, then the order given."""
    order = {f.id: n for n, f in enumerate(found)}
    return sorted(found, key=lambda f: (IMPACTS.index(impact(f)), -f.gap, order[f.id]))


def _gap(printed: float, checked: float) -> float:
    return abs(printed - checked) / abs(checked) if checked else float("inf")


@dataclass(frozen=True)
class Inputs:
    evidence: pd.DataFrame
    dates: pd.DataFrame
    ascof: pd.DataFrame  # acp.national_ascof: the DHSC series where it holds a measure, else the trend file
    snpp: pd.DataFrame
    early_education: pd.DataFrame
    key_measures: pd.DataFrame
    ascof_layout: pd.DataFrame
    sources: dict[str, str] = field(default_factory=dict)  # each source document's text, whitespace folded
    ons_publisher: str = ""  # the ONS projection's publisher line, with its date (its provenance file)


def load(project: Project) -> Inputs:
    import json

    provenance = project.data / "national" / data.ONS_SNPP.replace(".csv", ".provenance.json")
    return Inputs(
        sources={
            p.name: " ".join(p.read_text(encoding="utf-8").split()) for p in project.sources.glob("*.txt")
        },
        ons_publisher=json.loads(provenance.read_text(encoding="utf-8"))["publisher"],
        evidence=data.evidence(project),
        dates=data.dates(project),
        ascof=acp.national_ascof(
            data.ascof_trend(project), data.ascof_series(project), data.ascof_contents(project)
        ),
        snpp=data.ons_snpp(project),
        early_education=data.dfe_early_education(project),
        key_measures=data.table(project, "adult_care/key_measures.csv"),
        ascof_layout=data.table(project, "adult_care/ascof_comparison.csv"),
    )


# --- helpers --------------------------------------------------------------------------------------------


def _v(inputs: Inputs, evidence_id: str) -> float:
    return float(inputs.evidence.at[evidence_id, "value"])


def _printed(inputs: Inputs, evidence_id: str) -> str:
    row = inputs.evidence.loc[evidence_id]
    return figure(row["written"], row["unit"])


def _n(value: float, places: int = 0) -> str:
    return number(value, places)


def _pct(value: float, places: int = 1) -> str:
    return percent(value, places)


# --- the local account ---------------------------------------------------------------------------------


def _spend(inputs: Inputs, period: str) -> pd.DataFrame:
    """One year's rows of the adult care chapter's spend table (service areas; shares and totals apart)."""
    spend = acp.expenditure(inputs.evidence)
    return spend[spend["year"] == period]


def _total(inputs: Inputs, period: str) -> pd.Series:
    totals = acp.expenditure_totals(inputs.evidence, acp.expenditure(inputs.evidence)).set_index("year")
    return totals.loc[period]


def spend_periods(inputs: Inputs) -> list[str]:
    return sorted(acp.expenditure(inputs.evidence)["year"].unique())


def spend_parts(inputs: Inputs, period: str) -> Finding:
    total = _total(inputs, period)
    parts = list(_spend(inputs, period)["spend_id"])
    ok = abs(total["summed"] - total["printed"]) < 1e-9
    return Finding(
        id=f"spend-parts-{period.replace('/', '-')}",
        title=f"Spending by service area against the total ({period})",
        evidence=(total["total_id"], *parts),
        arithmetic=(
            f"The {total['areas']} service-area amounts printed for {period} sum to {_n(total['summed'])}; the "
            f"printed total is {_n(total['printed'])}. The difference is {_n(total['summed'] - total['printed'])}."
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action="Uses the printed amounts and total as they are (in thousands of pounds: see the unit finding).",
        numbers={"sum": total["summed"], "total": total["printed"], "parts": float(total["areas"])},
    )


def spend_shares(inputs: Inputs, period: str) -> Finding:
    rows = _spend(inputs, period)
    total = _total(inputs, period)
    ev = inputs.evidence
    missing = list(rows.loc[rows["share_id"].isna(), "spend_id"])
    if missing:
        raise ValueError(f"no printed share for {missing}")
    worked = dict(zip(rows["share_id"], rows["share_worked_out"], strict=True))
    shares = list(worked)
    wrong = [s for s in shares if not rounds_to(worked[s], ev.at[s, "written"])]
    printed_sum = sum(_v(inputs, s) for s in shares)
    biggest = rows.loc[rows["spend_000"].idxmax()]
    sentence = (
        f"Each amount divided by the {period} total gives its share: for example "
        f"{_n(biggest['spend_000'])} / {_n(total['printed'])} = {_pct(biggest['share_worked_out'], 2)}, printed "
        f"{_printed(inputs, biggest['share_id'])}. "
    )
    if wrong:
        sentence += "These shares do not round to the printed figure: " + "; ".join(
            f"{ev.at[s, 'measure']} worked out {_pct(worked[s], 2)}, printed {_printed(inputs, s)}"
            for s in wrong
        )
        sentence += ". "
    else:
        sentence += f"All {len(shares)} worked-out shares round to the printed ones. "
    sentence += (
        f"The printed shares sum to {_pct(printed_sum, 2)} rather than 100% only because each is rounded."
    )
    return Finding(
        id=f"spend-shares-{period.replace('/', '-')}",
        title=f"Each service area's printed share against its amount ({period})",
        evidence=(total["total_id"], *shares),
        arithmetic=sentence,
        verdict=DOES_NOT_ADD_UP if wrong else ADDS_UP,
        action="Shows the printed shares; any share the book draws is worked out from the amounts and labelled so.",
        gap=max((_gap(_v(inputs, s), worked[s]) for s in wrong), default=0.0),
        numbers={"printed_sum": printed_sum, "wrong": float(len(wrong))} | worked,
    )


def spend_unit(inputs: Inputs) -> Finding:
    totals = [_total(inputs, p) for p in spend_periods(inputs)]
    first = totals[0]
    total = first["printed"]
    herts = prev.population_counts(inputs.snpp, HERTFORDSHIRE_ONS, prev.BASE_YEAR).set_index("group")
    people = herts.at[prev.ALL_AGES, "people_base"]
    as_millions = total * 1_000_000 / people
    as_thousands = total * 1_000 / people
    says_million = all("million" in inputs.evidence.at[t["total_id"], "quote"] for t in totals)
    return Finding(
        id="spend-unit",
        title="The unit of the spending totals",
        evidence=tuple(t["total_id"] for t in totals),
        arithmetic=(
            f"Read as printed, £{_n(total)} million would be £{_n(as_millions)} for every one of "
            f"Hertfordshire's {_n(people)} residents (ONS mid-{prev.BASE_YEAR}) in a single year. Read as "
            f"thousands of pounds it is {money_thousands(total)}, or £{_n(as_thousands)} per resident, and the "
            "service-area amounts, which add up to the totals, are in the same unit."
        ),
        verdict=DOES_NOT_ADD_UP if says_million else ADDS_UP,
        action=(
            "Reads every amount as thousands of pounds (so the totals are about "
            f"{money_thousands(total)} and {money_thousands(totals[-1]['printed'])}) and flags the printed word "
            "“million”."
        ),
        numbers={"per_resident_as_millions": as_millions, "per_resident_as_thousands": as_thousands},
        national=data.ONS_SNPP,
        gap=_gap(as_millions, as_thousands) if says_million else 0.0,
    )


def spend_increase(inputs: Inputs) -> Finding:
    increase_id = "la-exp-increase-2018-19-to-2019-20"
    start, end = inputs.evidence.at[increase_id, "period"].split(" to ")
    first, last = _total(inputs, start), _total(inputs, end)
    ratio = last["printed"] / first["printed"]
    worked = 100 * (ratio - 1)
    ok = rounds_to(worked, inputs.evidence.at[increase_id, "written"])
    return Finding(
        id="spend-increase",
        title=f"The increase in spending from {start} to {end}",
        evidence=(first["total_id"], last["total_id"], increase_id),
        arithmetic=(
            f"{_n(last['printed'])} / {_n(first['printed'])} = {number(ratio, 4)}, an increase of "
            f"{_pct(worked, 2)}; the document prints “around {_printed(inputs, increase_id)}”."
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action="Uses the printed increase.",
        numbers={"worked": worked},
        gap=0.0 if ok else _gap(_v(inputs, increase_id), worked),
    )


def new_request_shares(inputs: Inputs) -> Finding:
    parts = ["la-new-requests-share-18-64-2019-20", "la-new-requests-share-65-plus-2019-20"]
    summed = sum(_v(inputs, p) for p in parts)
    ok = abs(summed - 100) < 1e-9
    return Finding(
        id="new-requests-ages",
        title="New requests for support by age group",
        evidence=tuple(parts),
        arithmetic=(
            f"{' + '.join(_printed(inputs, p) for p in parts)} = {_pct(summed, 0)}: the two age groups cover "
            f"{'every request' if ok else 'a different total from 100%'}."
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action="Uses the printed shares.",
        numbers={"sum": summed},
        gap=0.0 if ok else _gap(summed, 100),
    )


def money_advice(inputs: Inputs) -> Finding:
    parts = ["la-mau-extra-weekly-money-2019-20", "la-mau-lump-sum-payments-2019-20"]
    total_id = "la-mau-additional-benefits-2019-20"
    summed = sum(_v(inputs, p) for p in parts)
    total = _v(inputs, total_id)
    ok = abs(summed - total) < 0.005
    return Finding(
        id="money-advice-unit",
        title="Money Advice Unit: weekly money and lump sums against the total raised",
        evidence=(total_id, *parts),
        arithmetic=(
            f"{' + '.join(_printed(inputs, p) for p in parts)} = {millions(round(summed, 2))}; the printed total is "
            f"{_printed(inputs, total_id)}."
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action="Uses the printed total and its two parts.",
        numbers={"sum": summed, "total": total},
        gap=0.0 if ok else _gap(total, summed),
    )


def _ratio(
    inputs: Inputs,
    finding_id: str,
    title: str,
    part: str,
    whole: str,
    rate: str,
    action: str,
    describe: str,
    worked: float | None = None,
) -> Finding:
    """A printed rate against the part over the whole (`worked`, when a chapter already works it out)."""
    worked = 100 * _v(inputs, part) / _v(inputs, whole) if worked is None else worked
    ok = rounds_to(worked, inputs.evidence.at[rate, "written"])
    return Finding(
        id=finding_id,
        title=title,
        evidence=(whole, part, rate),
        arithmetic=(
            f"{_printed(inputs, part)} {describe} out of {_printed(inputs, whole)} is {_pct(worked)}; the document "
            f"prints {_printed(inputs, rate)}, which {'is' if ok else 'is not'} that figure rounded."
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action=action,
        numbers={"worked": worked, "printed": _v(inputs, rate)},
        gap=0.0 if ok else _gap(_v(inputs, rate), worked),
    )


def survey_response(inputs: Inputs) -> Finding:
    return _ratio(
        inputs,
        "survey-response-rate",
        "The user survey's response rate",
        "la-survey-responses-2019-20",
        "la-survey-sent-2019-20",
        "la-survey-response-rate-2019-20",
        "Uses the printed rate.",
        "responses",
    )


def safeguarding_conversion(inputs: Inputs) -> Finding:
    return _ratio(
        inputs,
        "safeguarding-conversion",
        "Safeguarding concerns that progressed to an enquiry",
        "cp-safeguarding-enquiries-2024-25-q4",
        "cp-safeguarding-concerns-2024-25-q4",
        "cp-safeguarding-enquiry-conversion-2024-25-q4",
        "Shows both: the counts as printed, and the share worked out from them (labelled as worked out) beside "
        "the printed percentage, which the book flags.",
        "enquiries",
        worked=acp.safeguarding_check(inputs.evidence)["enquiry_share_worked_out"],
    )


def dols_increase(inputs: Inputs) -> Finding:
    now, rise, pct = (
        "cp-dols-applications-2024-25-q4",
        "cp-dols-applications-increase",
        "cp-dols-applications-increase-pct",
    )
    check = acp.safeguarding_check(inputs.evidence)  # the chapter's own working
    before, worked = check["dols_previous_year_worked_out"], check["dols_rise_pct_worked_out"]
    ok = rounds_to(worked, inputs.evidence.at[pct, "written"])
    return Finding(
        id="dols-increase",
        title="Deprivation of Liberty Safeguards applications: the increase and its percentage",
        evidence=(now, rise, pct),
        arithmetic=(
            f"{_printed(inputs, now)} − {_printed(inputs, rise)} = {_n(before)} applications the year before; "
            f"{_printed(inputs, rise)} / {_n(before)} = {_pct(worked, 2)}, printed {_printed(inputs, pct)}."
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action="Uses the printed figures.",
        numbers={"before": before, "worked": worked},
        gap=0.0 if ok else _gap(_v(inputs, pct), worked),
    )


# --- the cabinet panel's quarter -------------------------------------------------------------------------


def quarter_months(period: str) -> tuple[str, str]:
    """First and last month (YYYY-MM) of a financial-year quarter written like '2024/25 Q4' (years start in April)."""
    found = re.fullmatch(r"(\d{4})/\d{2} Q([1-4])", period)
    if not found:
        raise ValueError(f"not a financial-year quarter: {period}")
    year, quarter = int(found.group(1)), int(found.group(2))
    first = 4 + 3 * (quarter - 1)  # April is month 4
    first_year = year + (first - 1) // 12
    first = (first - 1) % 12 + 1
    return f"{first_year}-{first:02d}", f"{first_year}-{first + 2:02d}"


def cabinet_quarter(inputs: Inputs) -> Finding:
    start_id, end_id = "cp-date-performance-period-start", "cp-date-performance-period-end"
    figure_id = "cp-new-requests-2024-25-q4"
    period = inputs.evidence.at[figure_id, "period"]
    first, last = quarter_months(period)
    printed = (inputs.dates.at[start_id, "date"], inputs.dates.at[end_id, "date"])
    ok = printed == (first, last)
    apart = (pd.Period(first, "M") - pd.Period(printed[0], "M")).n
    return Finding(
        id="cabinet-quarter",
        title="The cabinet panel's quarter and the months printed beside it",
        evidence=(start_id, end_id, figure_id),
        arithmetic=(
            f"A financial year runs from April to March, so quarter {period[-1]} of {period.split()[0]} is "
            f"{month_in_words(first)} to {month_in_words(last)}. The document prints {month_in_words(printed[0])} to "
            f"{month_in_words(printed[1])}, which is "
            + ("the same period." if ok else "a year earlier (the last quarter of the year before).")
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action=(
            f"Dates the panel's figures as {period} (the period named in words, which fits a July 2025 meeting) and "
            "flags the printed months."
        ),
        numbers={"months_apart": float(apart)},
        gap=abs(apart) / 12,  # a period's gap: the months apart as a share of a year
        concerns=(figure_id,),
    )


# --- early help ----------------------------------------------------------------------------------------


def early_help_injection(inputs: Inputs) -> Finding:
    """The early help chapter's split of the £19m (`eh.injection`), with and without the SEND money."""
    parts = eh.injection(inputs.evidence)
    with_send = eh.injection(inputs.evidence, count_send_annual=True)
    total_id, named = eh.INJECTION_TOTAL, [i for i in parts["evidence_id"] if i]
    itemised, unitemised, with_extra = (
        eh.injection_named(parts),
        eh.injection_gap(parts),
        eh.injection_named(with_send),
    )
    total = _v(inputs, total_id)
    verdict = ADDS_UP if abs(unitemised) < 1e-9 else CANNOT_CHECK if unitemised > 0 else DOES_NOT_ADD_UP
    return Finding(
        id="early-help-injection",
        title=f"The {_printed(inputs, total_id)} injection into children's services: what the article itemises",
        evidence=(total_id, *named, eh.SEND_ANNUAL),
        arithmetic=(
            f"The article itemises two uses of the {_printed(inputs, total_id)}: “just over” "
            f"{_printed(inputs, named[0])} for children in care and {_printed(inputs, named[1])} for SEND school "
            f"transport, about {millions(itemised)} together. It does not say that these are all the uses, so the "
            f"other {millions(unitemised)} or so is not itemised: the article does not say where it goes, and "
            "nothing in it is shown to be missing or wrong. It also names an additional "
            f"{_printed(inputs, eh.SEND_ANNUAL)} a year for special needs without saying whether that is part of "
            f"the {_printed(inputs, total_id)}; counted in, the named uses would come to about "
            f"{millions(with_extra)}, more than the total."
        ),
        verdict=verdict,
        action=(
            "Shows the total and the two itemised uses, and the rest as not itemised (worked out), with no "
            "guess at where it goes."
        ),
        numbers={"itemised": itemised, "unitemised": unitemised, "with_send": with_extra},
        gap=_gap(itemised, total) if verdict == DOES_NOT_ADD_UP else 0.0,
        concerns=(total_id,),
    )


def early_help_savings(inputs: Inputs) -> Finding:
    saving, years, asked, headline = (
        "eh-redesign-savings-two-years",
        "eh-redesign-savings-period",
        "eh-childrens-services-savings-asked",
        "eh-redesign-savings-headline",
    )
    share = eh.savings(inputs.evidence)["redesign_share"]  # the chapter's own working
    per_year = _v(inputs, saving) / _v(inputs, years)
    return Finding(
        id="early-help-savings",
        title=(
            f"The early help redesign's {_printed(inputs, saving)} against the {_printed(inputs, asked)} "
            "children's services must save"
        ),
        evidence=(headline, saving, years, asked),
        arithmetic=(
            f"The redesign could save {_printed(inputs, saving)} over {number(_v(inputs, years))} years, about "
            f"{millions(per_year)} a year. {_printed(inputs, saving)} is {_pct(share)} of the "
            f"{_printed(inputs, asked)} the department must save. "
            f"The headline gives {_printed(inputs, headline)} without its period, and the article gives no period "
            f"for the {_printed(inputs, asked)}."
        ),
        verdict=ADDS_UP,
        action=(
            f"Writes the {_printed(inputs, saving)} with its period (over {number(_v(inputs, years))} years) and shows its "
            f"share of the {_printed(inputs, asked)} as worked out."
        ),
        numbers={"share": share, "per_year": per_year},
    )


# --- the prevention strategy against national data -------------------------------------------------------


def ons_change(snpp: pd.DataFrame, end: int, group: str) -> dict[str, float]:
    """Hertfordshire's population in one age group of the prevention chapter's, at 2018 and at `end`.

    The values are the chapter's own (`prev.population_counts`), as the ONS file holds them.
    """
    row = prev.population_counts(snpp, HERTFORDSHIRE_ONS, end).set_index("group").loc[group]
    return {
        "start_year": float(prev.BASE_YEAR),
        "base": row["people_base"],
        "end": row["people_horizon"],
        "change": row["change"],
        "pct": row["change_percent"],
    }


def _end_year(inputs: Inputs, evidence_id: str) -> int:
    return int(inputs.evidence.at[evidence_id, "period"])


def _claim(inputs: Inputs, group: str) -> pd.Series:
    """The strategy's rise for an age group and the starting population it implies (the chapter's working)."""
    return prev.strategy_projection(inputs.evidence).set_index("group").loc[group]


def population_growth(inputs: Inputs) -> Finding:
    claim = _claim(inputs, prev.ALL_AGES)
    count_id, pct_id = claim["change_id"], claim["change_percent_id"]
    end = _end_year(inputs, count_id)
    ons = ons_change(inputs.snpp, end, prev.ALL_AGES)
    implied_base = claim["implied_base"]
    agrees = rounds_to(ons["pct"], inputs.evidence.at[pct_id, "written"])
    start = int(ons["start_year"])
    written = inputs.dates.at["ps-cabinet-panel-meeting", "date"]
    published = re.search(r"published (\d{1,2} [A-Z][a-z]+ \d{4})", inputs.ons_publisher)
    after = (
        f" ONS published that projection on {published.group(1)}, after the strategy ({month_in_words(written)}), "
        "so the strategy cannot have used it."
        if published and pd.Timestamp(published.group(1)) > pd.Timestamp(written)
        else ""
    )
    return Finding(
        id="population-growth",
        title=f"Population growth to {end} against the ONS projections",
        evidence=(count_id, pct_id),
        arithmetic=(
            f"The strategy's two figures agree with each other: {_n(_v(inputs, count_id))} is "
            f"{_printed(inputs, pct_id)} of {_n(implied_base)}, close to the ONS mid-{start} estimate of "
            f"{_n(ons['base'])}. But the ONS 2018-based projection has Hertfordshire growing from {_n(ons['base'])} "
            f"in {start} to {_n(ons['end'])} in {end}: {_n(ons['change'])} more people, a rise of "
            f"{_pct(ons['pct'])}, about {_pct(100 * ons['change'] / _v(inputs, count_id), 0)} of the strategy's "
            f"increase.{after} What can be known: the strategy's count and percentage fit each other, and they "
            "are far above the official projection the book holds. What cannot: which projection and base year "
            "the strategy used, since it names neither and the book holds no earlier projection to check."
        ),
        verdict=AGREES if agrees else DISAGREES,
        action=(
            "Shows the strategy's figures as printed beside the ONS 2018-based projection, and names no source "
            "for the strategy's figures, since the strategy gives none."
        ),
        numbers={"implied_base": implied_base} | ons,
        national=data.ONS_SNPP,
        gap=0.0 if agrees else _gap(_v(inputs, pct_id), ons["pct"]),
    )


def older_population_growth(inputs: Inputs) -> Finding:
    claim = _claim(inputs, prev.AGED_65)
    count_id, pct_id = claim["change_id"], claim["change_percent_id"]
    end = _end_year(inputs, count_id)
    youngest = prev.OLDER[0].split("-")[0]  # "over 65 year olds": the ONS age groups from 65-69 up
    ons = ons_change(inputs.snpp, end, prev.AGED_65)
    implied_base = claim["implied_base"]
    agrees = rounds_to(ons["pct"], inputs.evidence.at[pct_id, "written"])
    start = int(ons["start_year"])
    return Finding(
        id="older-population-growth",
        title=f"Growth in the number of people aged {youngest} and over to {end} against the ONS projections",
        evidence=(pct_id, count_id),
        arithmetic=(
            f"The strategy's {_n(_v(inputs, count_id))} is {_printed(inputs, pct_id)} of {_n(implied_base)}, close "
            f"to the ONS mid-{start} estimate of {_n(ons['base'])} people aged {youngest} and over. The ONS "
            f"2018-based projection has that group growing to {_n(ons['end'])} in {end}: {_n(ons['change'])} more "
            f"people, a rise of {_pct(ons['pct'])} rather than {_printed(inputs, pct_id)}."
        ),
        verdict=AGREES if agrees else DISAGREES,
        action="Shows the strategy's figures as printed beside the ONS 2018-based projection.",
        numbers={"implied_base": implied_base} | ons,
        national=data.ONS_SNPP,
        gap=0.0 if agrees else _gap(_v(inputs, pct_id), ons["pct"]),
    )


def oldest_population(inputs: Inputs) -> Finding:
    count_id = "ps-pop-90-plus-2037"
    end = _end_year(inputs, count_id)
    ages = prev.AGE_GROUPS[prev.AGED_90]
    assert ages is not None  # an age band, not "All ages"
    youngest = ages[0].removesuffix("+")
    ons = ons_change(inputs.snpp, end, prev.AGED_90)
    printed = _v(inputs, count_id)
    agrees = printed <= ons["end"]
    return Finding(
        id="oldest-population",
        title=f"Residents aged {youngest} and over in {end} against the ONS projections",
        evidence=(count_id, "ps-pop-increase-2037"),
        arithmetic=(
            f"The strategy says around {_n(printed)} residents will be aged {youngest} and over. The ONS 2018-based "
            f"projection has {_n(ons['end'])} people of that age in {end} in all (an increase of "
            f"{_n(ons['change'])} on {int(ons['start_year'])}), so the strategy's figure is higher whether it means "
            "all of them or only the newcomers."
        ),
        verdict=AGREES if agrees else DISAGREES,
        action="Shows the strategy's figure as printed beside the ONS projection.",
        numbers=ons,
        national=data.ONS_SNPP,
        gap=0.0 if agrees else _gap(printed, ons["end"]),
        concerns=(count_id,),
    )


def two_year_old_take_up(inputs: Inputs) -> Finding:
    take_up = "ps-take-up-2yo-eligible"
    written = inputs.dates.at["ps-cabinet-panel-meeting", "date"]
    years = inputs.early_education.loc[inputs.early_education["measure"] == prev.TAKE_UP_2, "year"]
    census = int(years[years <= int(written[:4])].max())  # the January census before it

    def dfe(year: int) -> pd.Series:  # the prevention chapter's own table of the DfE figures
        table = prev.early_years(inputs.evidence, inputs.early_education, year)
        return table.set_index("evidence_id").loc[take_up]

    then, following = dfe(census), dfe(census + 1)
    herts, england = then["hertfordshire"], then["england"]
    agrees = rounds_to(herts, inputs.evidence.at[take_up, "written"])
    return Finding(
        id="two-year-old-take-up",
        title="Take-up of free early education by eligible 2-year-olds against DfE figures",
        evidence=(take_up, "ps-cabinet-panel-meeting"),
        arithmetic=(
            f"The strategy ({month_in_words(written)}) prints {_printed(inputs, take_up)}. The DfE's figure for "
            f"Hertfordshire in January {census}, the latest then published, is {_pct(herts)} (England "
            f"{_pct(england)}); January {census + 1} is {_pct(following['hertfordshire'])}. Neither rounds to "
            f"{_printed(inputs, take_up)}."
        ),
        verdict=AGREES if agrees else DISAGREES,
        action="Shows the strategy's figure as printed beside the DfE series, and uses the DfE series for trends.",
        numbers={
            "census": float(census),
            "herts": herts,
            "england": england,
            "following": following["hertfordshire"],
        },
        national=data.DFE_EARLY_EDUCATION,
        gap=0.0 if agrees else _gap(_v(inputs, take_up), herts),
        concerns=(take_up,),
    )


# --- the local account against national ASCOF -------------------------------------------------------------


def key_measures_national(inputs: Inputs) -> pd.DataFrame:
    """Each key measure that is an ASCOF measure: the printed result beside the national value for its year."""
    table = acp.key_measures(inputs.evidence, inputs.key_measures).set_index("measure_key")
    trend = inputs.ascof
    rows = []
    for key, code in KEY_MEASURE_ASCOF.items():
        row = table.loc[key]
        year = row["performance_period"].replace("/", "-")
        earlier = f"{int(year[:4]) - 1}-{year[2:4]}"

        def found(y: str, measure: str = code) -> pd.DataFrame:
            return trend[
                (trend["code"] == HERTFORDSHIRE_ONS) & (trend["year"] == y) & (trend["measure"] == measure)
            ]

        def national(y: str) -> float | None:
            hit = found(y)
            return float(hit["value"].iloc[0]) if len(hit) == 1 else None

        value, hit = national(year), found(year)
        rows.append(
            {
                "measure_key": key,
                "ascof_code": code,
                "measure": row["measure"],
                "evidence_id": row["performance_id"],
                "year": year,
                "printed": row["performance"],
                "printed_text": row["performance_text"],
                "written": inputs.evidence.at[row["performance_id"], "written"],
                "unit": row["unit"],
                "national": value,
                "file": str(hit["file"].iloc[0]) if len(hit) == 1 else "",
                "national_year_before": national(earlier),
                "agrees": value is not None and abs(value - row["performance"]) < 1e-9,
            }
        )
    return pd.DataFrame(rows)


def _as_printed(number: float, row: pd.Series) -> str:
    """A national value written with the decimals and unit of the printed figure it is compared with."""
    return figure(f"{number:.{decimals(row['written'])}f}", row["unit"])


def _key_measure_text(row: pd.Series) -> str:
    text = (
        f"{acp.short_label(row['measure']).rstrip('.')}: printed {row['printed_text']} for {row['year']}, "
        f"national ASCOF {_as_printed(row['national'], row)}"
    )
    if (
        not row["agrees"]
        and row["national_year_before"] is not None
        and (abs(row["national_year_before"] - row["printed"]) < 1e-9)
    ):
        text += (
            " (the printed figure is the national value for the year before, "
            f"{_as_printed(row['national_year_before'], row)})"
        )
    return text


def key_measure_findings(inputs: Inputs) -> list[Finding]:
    """One finding per key measure whose printed result differs from the national value, one for the rest."""
    table = key_measures_national(inputs)
    out = []
    for _, row in table[~table["agrees"]].iterrows():
        out.append(
            Finding(
                id=f"key-measure-{row['measure_key']}",
                title=f"Key measure against national ASCOF: {acp.short_label(row['measure']).rstrip('.')}",
                evidence=(row["evidence_id"],),
                arithmetic=(
                    _key_measure_text(row)
                    + f" (measure {row['ascof_code']}). The printed figure is {number(abs(row['printed'] - row['national']), 1)} {'higher' if row['printed'] > row['national'] else 'lower'}."
                ),
                verdict=DISAGREES,
                action=(
                    "Uses the printed figure in the key-measures table (it is what the council reported against "
                    "its target) and flags that the national figure, published later, differs."
                ),
                numbers={"printed": row["printed"], "national": row["national"]},
                national=row["file"],
                gap=_gap(row["printed"], row["national"]),
            )
        )
    agreeing = table[table["agrees"]]
    out.append(
        Finding(
            id="key-measures-agree",
            title="The other key measures that are ASCOF measures",
            evidence=tuple(agreeing["evidence_id"]),
            arithmetic=(
                f"{len(agreeing)} of the {len(table)} key measures that are national ASCOF measures print the same "
                "figure as the national data: "
                + "; ".join(_key_measure_text(r) for _, r in agreeing.iterrows())
                + "."
            ),
            verdict=AGREES,
            action="Uses the printed figures.",
            numbers={"agree": float(len(agreeing)), "compared": float(len(table))},
            national=_files(agreeing["file"]),
        )
    )
    return out


def ascof_table_national(inputs: Inputs) -> Finding:
    ascof = acp.ascof_table(inputs.evidence, inputs.ascof_layout)
    check = acp.national_check(ascof, inputs.ascof)
    wrong = check[~check["agrees"]]
    sentence = (
        f"Of the {len(check)} Hertfordshire and England figures in the local account's ASCOF table, "
        f"{int(check['agrees'].sum())} equal the national data for the same measure, area and year."
    )
    if len(wrong):
        sentence += " These differ: " + "; ".join(
            f"{r['ascof_code']} {r['cell']}: printed {number(r['document'])}, national "
            + ("missing" if r["national"] is None or pd.isna(r["national"]) else number(r["national"]))
            for _, r in wrong.iterrows()
        )
        sentence += "."
    sentence += " The similar councils' averages cannot be checked: the document does not name the councils."
    return Finding(
        id="ascof-table",
        title="The local account's ASCOF table against the national data",
        evidence=tuple(check["evidence_id"]),
        arithmetic=sentence,
        verdict=AGREES if wrong.empty else DISAGREES,
        action=(
            "Reads the table's columns in the order the national data confirms (the printed headings are in "
            "another order; a row printed in an order of its own has its own finding) and shows the check beside "
            "each row."
        ),
        numbers={"cells": float(len(check)), "agree": float(check["agrees"].sum())},
        national=_files(check["file"]),
        gap=max(
            (_gap(r["document"], r["national"]) for _, r in wrong.iterrows() if pd.notna(r["national"])),
            default=0.0,
        ),
    )


ASCOF_CELLS = ("herts_2019_20", "herts_2018_19", "england_2018_19", "comparator_2018_19")


def ascof_printed_order(inputs: Inputs) -> pd.DataFrame:
    """Each row of the local account's ASCOF table: the order its four figures print in (cells, left to right).

    A row's figures share one quote (the printed number row); a row whose cells have different quotes (a
    figure printed away from the others) gets no order.
    """
    ascof = acp.ascof_table(inputs.evidence, inputs.ascof_layout)
    rows = []
    for _, row in ascof.iterrows():
        quotes = {inputs.evidence.at[row[f"{c}_id"], "quote"] for c in ASCOF_CELLS}
        order: tuple[str, ...] = ()
        if len(quotes) == 1:
            quote = " ".join(quotes.pop().split())
            where = {c: quote.rfind(row[f"{c}_text"]) for c in ASCOF_CELLS}
            order = tuple(sorted(ASCOF_CELLS, key=where.__getitem__))
        rows.append({"ascof_code": row["ascof_code"], "measure": row["measure"], "order": order} | dict(row))
    return pd.DataFrame(rows)


def ascof_row_order(inputs: Inputs) -> list[Finding]:
    """A finding for each row of the ASCOF table printed in an order of its own (against the other rows)."""
    table = ascof_printed_order(inputs)
    ordered = table[table["order"].map(bool)]
    usual = ordered["order"].value_counts().idxmax()
    trend = inputs.ascof
    out = []
    for _, row in ordered[ordered["order"] != usual].iterrows():
        moved = [c for c, u in zip(row["order"], usual, strict=True) if c != u]
        positions = {c: row["order"].index(c) + 1 for c in moved}
        england = trend[
            (trend["code"] == ENGLAND_ONS)
            & (trend["year"] == "2018-19")
            & (trend["measure"] == row["ascof_code"])
        ]
        national = float(england["value"].iloc[0]) if len(england) == 1 else None
        file = str(england["file"].iloc[0]) if len(england) == 1 else ""
        where_england = usual.index("england_2018_19") + 1
        in_that_place = row["order"][where_england - 1]
        read_usually = row[in_that_place]
        out.append(
            Finding(
                id=f"ascof-row-order-{row['ascof_code'].lower()}",
                title=f"The ASCOF table's row {row['ascof_code']} prints its figures in another order",
                evidence=tuple(row[f"{c}_id"] for c in moved),
                arithmetic=(
                    f"In every other row of the table the figure in place {where_england} is England's 2018/19 "
                    f"average. In row {row['ascof_code']} ({row['measure']}) place {where_england} holds "
                    f"{row[f'{in_that_place}_text']} and place {positions['england_2018_19']} holds "
                    f"{row['england_2018_19_text']}. The national data gives England "
                    + ("no value" if national is None else _as_printed_text(national, row))
                    + f" for 2018-19, so England is the figure in place {positions['england_2018_19']}, and "
                    f"{row[f'{in_that_place}_text']} is the similar councils' average. Read in the table's own "
                    f"order, England would be {row[f'{in_that_place}_text']}, "
                    + (
                        f"{number(abs(read_usually - national), 1)} points "
                        f"{'above' if read_usually > national else 'below'} its national value."
                        if national is not None
                        else "which the national data cannot confirm."
                    )
                ),
                verdict=DISAGREES,
                action=(
                    f"Reads {row['england_2018_19_text']} as England and {row[f'{in_that_place}_text']} as the "
                    "similar councils in this row, as the national data shows, and flags the row."
                ),
                numbers={"read_as_england": read_usually, "national_england": national or float("nan")},
                national=file,
                gap=0.0 if national is None else _gap(read_usually, national),
            )
        )
    return out


def _as_printed_text(value: float, row: pd.Series) -> str:
    """A national value in the unit and decimals of the ASCOF table row it is compared with."""
    written = row["england_2018_19_text"].rstrip("%")
    return figure(f"{value:.{decimals(written)}f}", row["unit"])


UP_FROM = re.compile(r"(\d+(?:\.\d+)?)% Said\b([^()]*?)\(up from (\d+(?:\.\d+)?)%\)")


def up_from_pairs(inputs: Inputs) -> pd.DataFrame:
    """Every survey result the local account prints as “X% Said … (up from Y%)”, read from its text.

    Each pair: the result (X), the earlier figure (Y), their evidence rows, and the council's national ASCOF
    measure whose 2019-20 value is X, with its 2018-19 value. `words` may hold another figure (“with 82.7%
    saying …”).
    """
    ev = inputs.evidence
    source = ev.at["la-survey-felt-safe-2019-20", "source"]  # the local account
    text = inputs.sources[source]
    trend = inputs.ascof
    own = trend[trend["code"] == HERTFORDSHIRE_ONS]
    herts = own.pivot_table(index="measure", columns="year", values="value", aggfunc="first")
    rows = []
    for match in UP_FROM.finditer(text):
        now, words, before = float(match.group(1)), match.group(2), float(match.group(3))
        quoted = ev[
            (ev["source"] == source) & ev["quote"].map(lambda q, m=match: m.group(0) in " ".join(q.split()))
        ]
        now_id = quoted.index[quoted["value"] == now][0]
        before_id = quoted.index[quoted["value"] == before][0]
        year = ev.at[now_id, "period"].replace("/", "-")
        earlier = f"{int(year[:4]) - 1}-{year[2:4]}"
        codes = [c for c in herts.index if abs(herts.at[c, year] - now) < 1e-9]
        national = [herts.at[c, earlier] for c in codes]
        rows.append(
            {
                "now": now,
                "before": before,
                "now_id": now_id,
                "before_id": before_id,
                "words": words.strip(),
                "codes": codes,
                "national_before": national,
                "agrees": any(abs(n - before) < 1e-9 for n in national),
                "year": year,
                "earlier": earlier,
            }
        )
    found = pd.DataFrame(rows)
    if len(found) != text.count("(up from"):
        raise ValueError(f"{text.count('(up from')} “(up from …)” in {source}, {len(found)} read as pairs")
    return found


def up_from(inputs: Inputs) -> Finding:
    """Each “X% (up from Y%)” of the local account: is Y the same measure's figure the year before?"""
    pairs = up_from_pairs(inputs)
    herts = inputs.ascof[inputs.ascof["code"] == HERTFORDSHIRE_ONS]

    used: list[str] = []  # the national file of each figure the finding gives

    def national(code: str, year: str) -> float:
        hit = herts.loc[(herts["measure"] == code) & (herts["year"] == year)]
        used.append(str(hit["file"].iloc[0]))
        return float(hit["value"].iloc[0])

    sentences = []
    for _, p in pairs.iterrows():
        code = next(
            (c for c, n in zip(p["codes"], p["national_before"], strict=True) if abs(n - p["before"]) < 1e-9),
            p["codes"][0] if p["codes"] else "",
        )
        said = (
            f"{_printed(inputs, p['now_id'])} (up from {_printed(inputs, p['before_id'])}): ASCOF {code} for "
            f"Hertfordshire is {number(national(code, p['year']), 1)} in {p['year']} and "
            f"{number(national(code, p['earlier']), 1)} in {p['earlier']}"
            if code
            else f"{_printed(inputs, p['now_id'])} (up from {_printed(inputs, p['before_id'])}): no ASCOF measure "
            f"has {p['year']} value {number(p['now'], 1)}"
        )
        sentences.append(said)
    agree = int(pairs["agrees"].sum())
    inner = []  # another figure inside a pair's words ("with 82.7% saying ..."), which the "up" is not about
    for _, p in pairs.iterrows():
        for written in re.findall(r"(\d+(?:\.\d+)?)%", p["words"]):
            value = float(written)
            codes = herts.loc[
                (herts["year"] == p["year"]) & ((herts["value"] - value).abs() < 1e-9), "measure"
            ]
            for code in codes:
                earlier = national(code, p["earlier"])
                inner.append(
                    f"the {written}% printed inside the result for {_printed(inputs, p['now_id'])} is another "
                    f"measure, ASCOF {code}, which was {number(earlier, 1)} in {p['earlier']} and so "
                    f"{'rose' if value > earlier else 'fell'}; the document does not say it rose"
                )
    arithmetic = (
        f"The document prints each survey result as “X% … (up from Y%)”, Y being last year's figure for X. "
        f"It does so {len(pairs)} times: "
        + "; ".join(sentences)
        + f". In {agree} of the {len(pairs)} the earlier figure is the national figure of the same measure the "
        "year before." + (" Also, " + "; ".join(inner) + "." if inner else "")
    )
    wrong = pairs[~pairs["agrees"]]
    return Finding(
        id="survey-up-from",
        title="The survey results printed “up from” last year's figure",
        evidence=tuple(i for _, p in pairs.iterrows() for i in (p["now_id"], p["before_id"])),
        arithmetic=arithmetic,
        verdict=AGREES if wrong.empty else DISAGREES,
        action="Uses each pair as printed: each “up from” figure is the same measure's result the year before.",
        numbers={"pairs": float(len(pairs)), "agree": float(agree)},
        national=_files(used),
        gap=max(
            (
                min((_gap(p["before"], n) for n in p["national_before"]), default=1.0)
                for _, p in wrong.iterrows()
            ),
            default=0.0,
        ),
        concerns=tuple(pairs["before_id"]),
    )


def new_requests_before_covid(inputs: Inputs) -> Finding:
    """The July 2025 report's “20% rise from pre-COVID levels” against the book's own 2019/20 to 2024/25 rise."""
    first_id, last_id = acp.NEW_REQUESTS
    rise_id, year_id = "cp-new-requests-change-from-pre-covid", "cp-new-requests-change-from-2023-24"
    change = acp.new_requests_change(inputs.evidence)  # the adult care chapter's own working
    printed = _v(inputs, rise_id)
    implied = change["last"] / (1 + printed / 100)
    previous = change["last"] / (1 + _v(inputs, year_id) / 100)
    ok = rounds_to(change["rise_percent"], inputs.evidence.at[rise_id, "written"])
    first_period = inputs.evidence.at[first_id, "period"]
    return Finding(
        id="new-requests-before-covid",
        title="New requests for support: the “rise from pre-COVID levels” against 2019/20",
        evidence=(last_id, rise_id, year_id, first_id),
        arithmetic=(
            f"The July 2025 report says new requests rose to {_printed(inputs, last_id)}, “a "
            f"{_printed(inputs, rise_id)} rise from pre-COVID levels”, without naming the pre-COVID year or its "
            f"count. The book's own comparison starts from the Local Account's count for {first_period}, "
            f"before COVID: {_printed(inputs, first_id)} to {_printed(inputs, last_id)} is "
            f"{number(change['last'], 0)} / {number(change['first'], 0)} = {number(change['last'] / change['first'], 4)}"
            f", a rise of {_pct(change['rise_percent'])}. A {_printed(inputs, rise_id)} rise to "
            f"{_printed(inputs, last_id)} would need a pre-COVID level of about {_n(implied)}, a figure neither "
            f"document prints (the report's “{_printed(inputs, year_id)} increase from 2023-24” puts 2023/24 at "
            f"about {_n(previous)}). So the two "
            + (
                "agree."
                if ok
                else "do not agree: the report uses another base year or another count, and does not say which."
            )
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action=(
            f"Shows both counts as printed and the rise from {first_period} as worked out, and flags the report's "
            f"{_printed(inputs, rise_id)} as resting on a base it does not name."
        ),
        numbers={"worked": change["rise_percent"], "printed": printed, "implied_base": implied},
        gap=0.0 if ok else _gap(printed, change["rise_percent"]),
        concerns=(last_id, rise_id),
    )


LARGE_COUNT = (
    1000  # two different counts this large are rarely equal by chance (small ones, 2 or 5, often are)
)


def same_count_twice(inputs: Inputs) -> list[Finding]:
    """A finding for each large count one document prints for two different things (2,482 twice, say)."""
    ev = inputs.evidence
    counts = ev[(ev["unit"] == "count") & (ev["value"] >= LARGE_COUNT)]
    out = []
    for (source, _), rows in counts.groupby(["source", "value"]):
        if rows["measure"].nunique() < 2:
            continue
        first = rows.index[0]
        places = "; ".join(f"as {r['measure']} ({r['period']}; {r['locator']})" for _, r in rows.iterrows())
        out.append(
            Finding(
                id=f"same-count-{rows.index[0]}",
                title=f"The same count, {_printed(inputs, first)}, printed for different things",
                evidence=tuple(rows.index),
                arithmetic=(
                    f"{source} prints {_printed(inputs, first)} for different counts: {places}. "
                    f"Two different counts of this size being exactly equal is unlikely, so one may have been copied "
                    f"from the other. Neither document gives a second figure for either count, so the book cannot "
                    "say which, if either, is right."
                ),
                verdict=CANNOT_CHECK,
                action="Shows each as printed, each with a note linking here.",
                numbers={"value": float(rows["value"].iloc[0]), "places": float(len(rows))},
            )
        )
    return out


def findings(inputs: Inputs) -> list[Finding]:
    """Every check, ranked as the page shows them (RANKING_RULE)."""
    out: list[Finding] = []
    for period in spend_periods(inputs):
        out.append(spend_parts(inputs, period))
        out.append(spend_shares(inputs, period))
    out += [
        spend_unit(inputs),
        spend_increase(inputs),
        new_request_shares(inputs),
        money_advice(inputs),
        survey_response(inputs),
        up_from(inputs),
        *same_count_twice(inputs),
        *key_measure_findings(inputs),
        ascof_table_national(inputs),
        *ascof_row_order(inputs),
        cabinet_quarter(inputs),
        new_requests_before_covid(inputs),
        safeguarding_conversion(inputs),
        dols_increase(inputs),
        early_help_injection(inputs),
        early_help_savings(inputs),
        population_growth(inputs),
        older_population_growth(inputs),
        oldest_population(inputs),
        two_year_old_take_up(inputs),
    ]
    return rank(out)


def annotate(evidence: pd.DataFrame, found: list[Finding]) -> pd.DataFrame:
    """The evidence with an `audit` column: for each figure, the (id, verdict) of every finding about it, the
    highest ranked first (empty for a figure no finding is about). `text.audit_note` writes them beside it."""
    notes: dict[str, list[tuple[str, str]]] = {}
    for finding in rank(found):
        for evidence_id in finding.figures:
            notes.setdefault(evidence_id, []).append((finding.id, finding.verdict))
    out = evidence.copy()
    out["audit"] = [tuple(notes.get(i, ())) for i in out.index]
    return out


def run(project: Project) -> list[Finding]:
    return findings(load(project))
