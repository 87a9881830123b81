"""Audit of the sources: their own arithmetic and consistency, and their figures beside the national data.

Each check is a small function over the loaded data that returns a Finding. Every number in a Finding's
sentence is read from `data/` (evidence rows, dated events, national files) or worked out here from those:
none is typed. The "Audit of the sources" page (pages.audit_page) shows each finding with its quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from hertsbook.content import data
from hertsbook.content.text import figure
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.project import Project

ADDS_UP = "adds up"
DOES_NOT_ADD_UP = "does not add up"
DISAGREES = "disagrees with national data"
AGREES = "agrees with national data"
VERDICTS = (ADDS_UP, DOES_NOT_ADD_UP, DISAGREES, AGREES)

HERTFORDSHIRE = "Hertfordshire"  # the area's name in the ONS and DfE files
ENGLAND = "England"
ASCOF_TREND = "ascof_outcomes_2017-18_to_2023-24_trend_data.csv"

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


def _decimals(written: str) -> int:
    return len(written.split(".")[1]) if "." in written else 0


def rounds_to(computed: float, written: str) -> bool:
    """Whether a worked-out value, rounded as the document rounds the printed one, gives the printed one."""
    return abs(computed - float(written)) <= 0.5 * 10 ** -_decimals(written) + 1e-9


def _n(number: float, decimals: int = 0) -> str:
    return f"{number:,.{decimals}f}"


def _pct(number: float, decimals: int = 1) -> str:
    return f"{number:,.{decimals}f}%"


def _money(thousands: float) -> str:
    return f"£{thousands / 1000:,.1f} million"


def _title_case(text: str) -> str:
    return text[0].upper() + text[1:]


# --- the local account ---------------------------------------------------------------------------------


def _spend(inputs: Inputs, period: str) -> tuple[str, list[str]]:
    """The total's id and the service areas' amount ids for one year (shares and totals left out)."""
    ev = inputs.evidence
    rows = ev[ev.index.str.startswith("la-exp-") & (ev["unit"] == "£000") & (ev["period"] == period)]
    totals = [i for i in rows.index if i.startswith("la-exp-total-")]
    if len(totals) != 1:
        raise ValueError(f"expected one spending total for {period}, found {totals}")
    return totals[0], [i for i in rows.index if i != totals[0]]


def spend_periods(inputs: Inputs) -> list[str]:
    ev = inputs.evidence
    return sorted(ev.loc[ev.index.str.startswith("la-exp-total-"), "period"])


def spend_parts(inputs: Inputs, period: str) -> Finding:
    total_id, parts = _spend(inputs, period)
    summed = sum(_v(inputs, i) for i in parts)
    total = _v(inputs, total_id)
    ok = abs(summed - total) < 1e-9
    return Finding(
        id=f"spend-parts-{period.replace('/', '-')}",
        title=f"Spending by service area against the total ({period})",
        evidence=(total_id, *parts),
        arithmetic=(
            f"The {len(parts)} service-area amounts printed for {period} sum to {_n(summed)}; the printed total "
            f"is {_n(total)}. The difference is {_n(summed - total)}."
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action="Uses the printed amounts and total as they are (in thousands of pounds: see the unit finding).",
        numbers={"sum": summed, "total": total, "parts": float(len(parts))},
    )


def spend_shares(inputs: Inputs, period: str) -> Finding:
    total_id, parts = _spend(inputs, period)
    total = _v(inputs, total_id)
    ev = inputs.evidence
    shares = [i.replace(f"-{period.replace('/', '-')}", f"-share-{period.replace('/', '-')}") for i in parts]
    missing = [s for s in shares if s not in ev.index]
    if missing:
        raise ValueError(f"no printed share for {missing}")
    worked = {s: 100 * _v(inputs, p) / total for s, p in zip(shares, parts, strict=True)}
    wrong = [s for s in shares if not rounds_to(worked[s], ev.at[s, "written"])]
    printed_sum = sum(_v(inputs, s) for s in shares)
    biggest = max(parts, key=lambda p: _v(inputs, p))
    big_share = shares[parts.index(biggest)]
    sentence = (
        f"Each amount divided by the {period} total gives its share: for example "
        f"{_n(_v(inputs, biggest))} / {_n(total)} = {_pct(worked[big_share], 2)}, printed "
        f"{_printed(inputs, big_share)}. "
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
        evidence=(total_id, *shares),
        arithmetic=sentence,
        verdict=DOES_NOT_ADD_UP if wrong else ADDS_UP,
        action="Shows the printed shares; any share the book draws is worked out from the amounts and labelled so.",
        numbers={"printed_sum": printed_sum, "wrong": float(len(wrong))} | {s: worked[s] for s in shares},
    )


def spend_unit(inputs: Inputs) -> Finding:
    totals = [_spend(inputs, p)[0] for p in spend_periods(inputs)]
    first = totals[0]
    total = _v(inputs, first)
    herts = inputs.snpp[(inputs.snpp["area"] == HERTFORDSHIRE) & (inputs.snpp["age_group"] == "All ages")]
    base_year = int(herts["year"].min())
    people = float(herts.loc[herts["year"] == base_year, "population"].iloc[0])
    as_millions = total * 1_000_000 / people
    as_thousands = total * 1_000 / people
    says_million = all("million" in inputs.evidence.at[t, "quote"] for t in totals)
    return Finding(
        id="spend-unit",
        title="The unit of the spending totals",
        evidence=tuple(totals),
        arithmetic=(
            f"Read as printed, {_printed(inputs, first).removesuffix('k')} million would be "
            f"£{_n(as_millions)} for every one of Hertfordshire's {_n(people)} residents (ONS mid-{base_year}) "
            f"in a single year. Read as thousands of pounds it is {_money(total)}, or £{_n(as_thousands)} per "
            "resident, and the service-area amounts, which add up to the totals, are in the same unit."
        ),
        verdict=DOES_NOT_ADD_UP if says_million else ADDS_UP,
        action=(
            "Reads every amount as thousands of pounds (so the totals are about "
            f"{_money(total)} and {_money(_v(inputs, totals[-1]))}) and flags the printed word “million”."
        ),
        numbers={"per_resident_as_millions": as_millions, "per_resident_as_thousands": as_thousands},
        national=data.ONS_SNPP,
    )


def spend_increase(inputs: Inputs) -> Finding:
    increase_id = "la-exp-increase-2018-19-to-2019-20"
    start, end = inputs.evidence.at[increase_id, "period"].split(" to ")
    first, last = _spend(inputs, start)[0], _spend(inputs, end)[0]
    worked = 100 * (_v(inputs, last) / _v(inputs, first) - 1)
    ok = rounds_to(worked, inputs.evidence.at[increase_id, "written"])
    return Finding(
        id="spend-increase",
        title=f"The increase in spending from {start} to {end}",
        evidence=(first, last, increase_id),
        arithmetic=(
            f"{_n(_v(inputs, last))} / {_n(_v(inputs, first))} = {_v(inputs, last) / _v(inputs, first):.4f}, an "
            f"increase of {_pct(worked, 2)}; the document prints “around {_printed(inputs, increase_id)}”."
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
            f"{' + '.join(_printed(inputs, p) for p in parts)} = £{summed:,.2f}m; the printed total is "
            f"{_printed(inputs, total_id)}."
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action="Uses the printed total and its two parts.",
        numbers={"sum": summed, "total": total},
    )


def _ratio(
    inputs: Inputs, finding_id: str, title: str, part: str, whole: str, rate: str, action: str, describe: str
) -> Finding:
    worked = 100 * _v(inputs, part) / _v(inputs, whole)
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
    )


def dols_increase(inputs: Inputs) -> Finding:
    now, rise, pct = (
        "cp-dols-applications-2024-25-q4",
        "cp-dols-applications-increase",
        "cp-dols-applications-increase-pct",
    )
    before = _v(inputs, now) - _v(inputs, rise)
    worked = 100 * _v(inputs, rise) / before
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


def _month_name(month: str) -> str:
    return pd.Timestamp(month + "-01").strftime("%B %Y")


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
            f"{_month_name(first)} to {_month_name(last)}. The document prints {_month_name(printed[0])} to "
            f"{_month_name(printed[1])}, which is "
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
    total_id = "eh-injection-total"
    parts = ["eh-injection-children-in-care", "eh-injection-send-school-transport"]
    extra = "eh-send-ehcp-annual"
    total = _v(inputs, total_id)
    itemised = sum(_v(inputs, p) for p in parts)
    with_extra = itemised + _v(inputs, extra)
    ok = abs(itemised - total) < 1e-9
    return Finding(
        id="early-help-injection",
        title=f"The {_printed(inputs, total_id)} injection into children's services against its itemised parts",
        evidence=(total_id, *parts, extra),
        arithmetic=(
            f"The article itemises “just over” {_printed(inputs, parts[0])} for children in care and "
            f"{_printed(inputs, parts[1])} for SEND school transport: about £{itemised:g}m of the "
            f"{_printed(inputs, total_id)}, leaving about £{total - itemised:g}m not itemised. Counting the "
            f"additional {_printed(inputs, extra)} a year for special needs as part of it would make about "
            f"£{with_extra:g}m, more than the total; the article does not say whether it is part."
        ),
        verdict=ADDS_UP if ok else DOES_NOT_ADD_UP,
        action="Shows the total and the itemised parts, and says that part of the total is not itemised.",
        numbers={"itemised": itemised, "unitemised": total - itemised, "with_send": with_extra},
    )


def early_help_savings(inputs: Inputs) -> Finding:
    saving, years, asked, headline = (
        "eh-redesign-savings-two-years",
        "eh-redesign-savings-period",
        "eh-childrens-services-savings-asked",
        "eh-redesign-savings-headline",
    )
    share = 100 * _v(inputs, saving) / _v(inputs, asked)
    per_year = _v(inputs, saving) / _v(inputs, years)
    return Finding(
        id="early-help-savings",
        title=(
            f"The early help redesign's {_printed(inputs, saving)} against the {_printed(inputs, asked)} "
            "children's services must save"
        ),
        evidence=(headline, saving, years, asked),
        arithmetic=(
            f"The redesign could save {_printed(inputs, saving)} over {_v(inputs, years):g} years, about "
            f"£{per_year:g}m a year. {_printed(inputs, saving)} is {_pct(share)} of the "
            f"{_printed(inputs, asked)} the department must save. "
            f"The headline gives {_printed(inputs, headline)} without its period, and the article gives no period "
            f"for the {_printed(inputs, asked)}."
        ),
        verdict=ADDS_UP,
        action=(
            f"Writes the {_printed(inputs, saving)} with its period (over {_v(inputs, years):g} years) and shows its "
            f"share of the {_printed(inputs, asked)} as worked out."
        ),
        numbers={"share": share, "per_year": per_year},
    )


# --- the prevention strategy against national data -------------------------------------------------------


def _ages_from(age_group: str) -> int | None:
    found = re.match(r"(\d+)", age_group)
    return int(found.group(1)) if found else None


def ons_change(snpp: pd.DataFrame, end: int, youngest: int | None = None) -> dict[str, float]:
    """Hertfordshire's population (all ages, or the groups from `youngest` up) at the first year and at `end`."""
    herts = snpp[snpp["area"] == HERTFORDSHIRE]
    if youngest is None:
        chosen = herts[herts["age_group"] == "All ages"]
    else:
        lower = herts["age_group"].map(_ages_from)
        chosen = herts[lower.notna() & (lower >= youngest)]
    by_year = chosen.groupby("year")["population"].sum()
    start = int(by_year.index.min())
    base, later = float(by_year.loc[start]), float(by_year.loc[end])
    return {
        "start_year": float(start),
        "base": base,
        "end": later,
        "change": later - base,
        "pct": 100 * (later - base) / base,
    }


def _end_year(inputs: Inputs, evidence_id: str) -> int:
    return int(inputs.evidence.at[evidence_id, "period"])


def population_growth(inputs: Inputs) -> Finding:
    count_id, pct_id = "ps-pop-increase-2037", "ps-pop-increase-pct-2037"
    end = _end_year(inputs, count_id)
    ons = ons_change(inputs.snpp, end)
    implied_base = _v(inputs, count_id) / (_v(inputs, pct_id) / 100)
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
            f"{_pct(ons['pct'])}, about {ons['change'] / _v(inputs, count_id):.0%} of the strategy's increase."
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
    count_id, pct_id = "ps-pop-65-plus-increase-2037", "ps-pop-65-plus-increase-pct-2037"
    end = _end_year(inputs, count_id)
    youngest = 65  # "over 65 year olds": the ONS age groups from 65-69 up
    ons = ons_change(inputs.snpp, end, youngest)
    implied_base = _v(inputs, count_id) / (_v(inputs, pct_id) / 100)
    agrees = rounds_to(ons["pct"], inputs.evidence.at[pct_id, "written"])
    start = int(ons["start_year"])
    return Finding(
        id="older-population-growth",
        title=f"Growth in the number of people aged 65 and over to {end} against the ONS projections",
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
    youngest = 90
    ons = ons_change(inputs.snpp, end, youngest)
    printed = _v(inputs, count_id)
    agrees = printed <= ons["end"]
    return Finding(
        id="oldest-population",
        title=f"Residents aged 90 and over in {end} against the ONS projections",
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
    written_on = pd.Timestamp(inputs.dates.at["ps-cabinet-panel-meeting", "date"])
    dfe = inputs.early_education[inputs.early_education["measure"] == "%_2yr_olds"]
    census = int(dfe.loc[dfe["year"] <= written_on.year, "year"].max())  # the January census before it

    def value(area: str, year: int) -> float:
        return float(dfe.loc[(dfe["area"] == area) & (dfe["year"] == year), "value"].iloc[0])

    herts, england, following = (
        value(HERTFORDSHIRE, census),
        value(ENGLAND, census),
        value(HERTFORDSHIRE, census + 1),
    )
    agrees = rounds_to(herts, inputs.evidence.at[take_up, "written"])
    return Finding(
        id="two-year-old-take-up",
        title="Take-up of free early education by eligible 2-year-olds against DfE figures",
        evidence=(take_up, "ps-cabinet-panel-meeting"),
        arithmetic=(
            f"The strategy ({written_on.strftime('%B %Y')}) prints {_printed(inputs, take_up)}. The DfE's figure for "
            f"Hertfordshire in January {census}, the latest then published, is {_pct(herts)} (England "
            f"{_pct(england)}); January {census + 1} is {_pct(following)}. Neither rounds to "
            f"{_printed(inputs, take_up)}."
        ),
        verdict=AGREES if agrees else DISAGREES,
        action="Shows the strategy's figure as printed beside the DfE series, and uses the DfE series for trends.",
        numbers={"census": float(census), "herts": herts, "england": england, "following": following},
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
                (trend["area"] == HERTFORDSHIRE) & (trend["year"] == y) & (trend["measure"] == measure)
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
    return figure(f"{number:.{_decimals(row['written'])}f}", row["unit"])


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
                    + f" (measure {row['ascof_code']}). The printed figure is {abs(row['printed'] - row['national']):.1f} {'higher' if row['printed'] > row['national'] else 'lower'}."
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
            f"{r['ascof_code']} {r['cell']}: printed {r['document']:g}, national "
            + ("missing" if r["national"] is None or pd.isna(r["national"]) else f"{r['national']:g}")
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
            f"the year before, so it {'fell' if change < 0 else 'rose'} by {abs(change):.1f} points"
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
