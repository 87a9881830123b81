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
from hertsbook.content.places import HERTFORDSHIRE_ONS
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.content.themes import early_help as eh
from hertsbook.content.themes import prevention as prev
from hertsbook.project import Project

ADDS_UP = "adds up"
DOES_NOT_ADD_UP = "does not add up"
DISAGREES = "disagrees with national data"
AGREES = "agrees with national data"
VERDICTS = (ADDS_UP, DOES_NOT_ADD_UP, DISAGREES, AGREES)

ASCOF_TREND = data.ASCOF_TREND

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
    national: str = ""  # the national file compared with, if any


@dataclass(frozen=True)
class Inputs:
    evidence: pd.DataFrame
    dates: pd.DataFrame
    trend: pd.DataFrame
    snpp: pd.DataFrame
    early_education: pd.DataFrame
    key_measures: pd.DataFrame
    ascof_layout: pd.DataFrame


def load(project: Project) -> Inputs:
    return Inputs(
        evidence=data.evidence(project),
        dates=data.dates(project),
        trend=data.ascof_trend(project),
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
        numbers={"months_apart": float((pd.Period(first, "M") - pd.Period(printed[0], "M")).n)},
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
    ok = abs(unitemised) < 1e-9
    return Finding(
        id="early-help-injection",
        title=f"The {_printed(inputs, total_id)} injection into children's services against its itemised parts",
        evidence=(total_id, *named, eh.SEND_ANNUAL),
        arithmetic=(
            f"The article itemises “just over” {_printed(inputs, named[0])} for children in care and "
            f"{_printed(inputs, named[1])} for SEND school transport: about {millions(itemised)} of the "
            f"{_printed(inputs, total_id)}, leaving about {millions(unitemised)} not itemised. Counting the "
            f"additional {_printed(inputs, eh.SEND_ANNUAL)} a year for special needs as part of it would make "
            f"about {millions(with_extra)}, more than the total; the article does not say whether it is part."
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action="Shows the total and the itemised parts, and says that part of the total is not itemised.",
        numbers={"itemised": itemised, "unitemised": unitemised, "with_send": with_extra},
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
            "increase."
        ),
        verdict=AGREES if agrees else DISAGREES,
        action=(
            "Shows the strategy's figures as printed beside the ONS 2018-based projection, and says that the "
            "strategy probably used the earlier 2016-based projection, which the book could not check."
        ),
        numbers={"implied_base": implied_base} | ons,
        national=data.ONS_SNPP,
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
    )


# --- the local account against national ASCOF -------------------------------------------------------------


def key_measures_national(inputs: Inputs) -> pd.DataFrame:
    """Each key measure that is an ASCOF measure: the printed result beside the national value for its year."""
    table = acp.key_measures(inputs.evidence, inputs.key_measures).set_index("measure_key")
    trend = inputs.trend
    rows = []
    for key, code in KEY_MEASURE_ASCOF.items():
        row = table.loc[key]
        year = row["performance_period"].replace("/", "-")
        earlier = f"{int(year[:4]) - 1}-{year[2:4]}"

        def national(y: str, measure: str = code) -> float | None:
            hit = trend[
                (trend["code"] == HERTFORDSHIRE_ONS) & (trend["year"] == y) & (trend["measure"] == measure)
            ]
            return float(hit["value"].iloc[0]) if len(hit) == 1 else None

        value = national(year)
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
                national=ASCOF_TREND,
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
            national=ASCOF_TREND,
        )
    )
    return out


def ascof_table_national(inputs: Inputs) -> Finding:
    ascof = acp.ascof_table(inputs.evidence, inputs.ascof_layout)
    check = acp.national_check(ascof, inputs.trend)
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
            "another order, and one row has England and the similar councils swapped) and shows the check beside "
            "each row."
        ),
        numbers={"cells": float(len(check)), "agree": float(check["agrees"].sum())},
        national=ASCOF_TREND,
    )


def feel_safe_up_from(inputs: Inputs) -> Finding:
    secure_now, up_from = "la-survey-services-helped-feel-safe-2019-20", "la-survey-felt-safe-2018-19"
    secure_before = "la-ascof-services-feel-safe-secure-herts-2018-19"
    safe_before = "la-ascof-feel-safe-herts-2018-19"
    change = _v(inputs, secure_now) - _v(inputs, secure_before)
    belongs_elsewhere = abs(_v(inputs, up_from) - _v(inputs, safe_before)) < 1e-9
    return Finding(
        id="feel-safe-up-from",
        title=f"“Up from {_printed(inputs, up_from)}” and the measure it is printed beside",
        evidence=(secure_now, up_from, secure_before, safe_before),
        arithmetic=(
            f"The prose prints “{_printed(inputs, secure_now)} saying our services helped them to feel safe (up from "
            f"{_printed(inputs, up_from)})”. In the ASCOF table that measure was {_printed(inputs, secure_before)} "
            f"the year before, so it {'fell' if change < 0 else 'rose'} by {number(abs(change), 1)} points"
            + (
                f"; {_printed(inputs, up_from)} is the year-before figure of the other measure, people who feel "
                "safe."
                if belongs_elsewhere
                else "."
            )
        ),
        verdict=DOES_NOT_ADD_UP if belongs_elsewhere or change < 0 else ADDS_UP,
        action="Uses the ASCOF table's figures for both measures and flags the sentence.",
        numbers={"change": change},
    )


def findings(inputs: Inputs) -> list[Finding]:
    """Every check, in the order the page shows them."""
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
        feel_safe_up_from(inputs),
        *key_measure_findings(inputs),
        ascof_table_national(inputs),
        cabinet_quarter(inputs),
        safeguarding_conversion(inputs),
        dols_increase(inputs),
        early_help_injection(inputs),
        early_help_savings(inputs),
        population_growth(inputs),
        older_population_growth(inputs),
        oldest_population(inputs),
        two_year_old_take_up(inputs),
    ]
    return out


def run(project: Project) -> list[Finding]:
    return findings(load(project))
