"""Day services: from the local account's day opportunities work to the Day Services Strategy 2025-2030.

Pure functions over data frames: the notebook loads, calls these and shows the results.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import pandas as pd

from hertsbook.content.data import ASCFR as ASCFR_FILE
from hertsbook.content.data import spend_column, spend_column_year
from hertsbook.content.numbers import (
    change,
    date_in_words,
    figure,
    in_words,
    money_thousands,
    number,
    percent,
    thousands_short,
)
from hertsbook.content.places import ENGLAND, ENGLAND_ONS
from hertsbook.content.text import bullets, cite, cited, html_text, national
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.project import Project

# Dated events on the road to the strategy, in the order they happened (ids, not dates).
TIMELINE = (
    "la-date-three-year-plan-start",
    "la-date-reporting-period-start",
    "la-date-reporting-period-end",
    "la-date-three-year-plan-end",
    "cp-date-consultation-start",
    "cp-date-panel-scheduled",
    "cp-date-day-services-strategy-start",
    "cp-date-day-services-strategy-end",
)
CONSULTATION_START = "cp-date-consultation-start"
CONSULTATION_WEEKS = "cp-day-services-consultation-weeks"
PANEL = "cp-date-panel-scheduled"  # the summary says the panel "were scheduled to meet", not that it met
SPEND_AREAS = ("provider-services", "transport")


def consultation_end(dates: pd.DataFrame, evidence: pd.DataFrame) -> date:
    """The consultation's end, worked out: its start date plus its length in weeks (no end is printed)."""
    start = date.fromisoformat(dates.loc[CONSULTATION_START, "date"])
    weeks = float(evidence.loc[CONSULTATION_WEEKS, "value"])
    return start + timedelta(weeks=weeks)


def timeline(dates: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """The dated steps, with the consultation's worked-out end added and labelled as worked out."""
    rows = [
        {
            "sort": dates.loc[i, "date"],
            "date": date_in_words(dates.loc[i, "date"]),
            "event": dates.loc[i, "event"][0].upper() + dates.loc[i, "event"][1:],
            "how_known": f"printed: “{dates.loc[i, 'quote']}”",
            "source": dates.loc[i, "source"],
        }
        for i in TIMELINE
    ]
    end = consultation_end(dates, evidence)
    weeks = evidence.loc[CONSULTATION_WEEKS]
    rows.append(
        {
            "sort": end.isoformat(),
            "date": date_in_words(end.isoformat()),
            "event": "Public consultation on the Day Services Strategy ends",
            "how_known": (
                f"worked out: {date_in_words(dates.loc[CONSULTATION_START, 'date'])} plus "
                f"{figure(weeks['written'], weeks['unit'])}; the document prints no end date"
            ),
            "source": weeks["source"],
        }
    )
    out = pd.DataFrame(rows)
    # A year alone ("2025") sorts before any date in that year; keep the document's order otherwise.
    return out.sort_values("sort", kind="stable", ignore_index=True)


def timeline_display(steps: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "When": steps["date"].to_numpy(),
            "What happened": steps["event"].to_numpy(),
            "How we know": steps["how_known"].to_numpy(),
            "Source document": steps["source"].to_numpy(),
        }
    )


def _words(dates: pd.DataFrame, date_id: str, text: str) -> str:
    """Words of a dated event's quote, linked to that event on the evidence page (checked to be in the quote)."""
    if text not in dates.loc[date_id, "quote"]:
        raise ValueError(f"{text!r} is not in the quote of {date_id}")
    return cite(f"“{text}”", date_id)


def timeline_sentence(dates: pd.DataFrame, evidence: pd.DataFrame) -> str:
    end = consultation_end(dates, evidence)
    return (
        f"The public consultation began on {date_in_words(dates.loc[CONSULTATION_START, 'date'])} and ran for "
        f"{cited(evidence, CONSULTATION_WEEKS)}. So it ended around {date_in_words(end.isoformat())}. The book "
        f"worked out that end date; the report does not print it. The councillors of the cabinet panel "
        f"{_words(dates, PANEL, 'were scheduled to meet')} on {date_in_words(dates.loc[PANEL, 'date'])} to "
        f"discuss the strategy; the summary of that meeting does not record what they said or decided."
    )


def _quoted_items(items: pd.DataFrame) -> list[str]:
    """A list's items in the document's order, each in quotation marks and linked to its row on the evidence page."""
    ordered = items.assign(position=items["position"].astype(int)).sort_values("position")
    return [cite(f"“{r['item']}”", f"{r['list']}-{r['position']}") for _, r in ordered.iterrows()]


def equality_sentence(equality: pd.DataFrame) -> str:
    """The Equality Impact Assessment's finding, and the summary's answer to it, in the document's words."""
    finding, answer = _quoted_items(equality)[:2]
    return (
        f"An Equality Impact Assessment found that {finding}. The summary answers that {answer}. It does not "
        "say which groups would be affected, or how."
    )


def listed(items: pd.DataFrame) -> list[str]:
    """A list's items in the document's order."""
    ordered = items.assign(position=items["position"].astype(int)).sort_values("position")
    return list(ordered["item"])


def list_agrees(items: pd.DataFrame, evidence: pd.DataFrame, count_id: str) -> bool:
    """Whether the list holds as many items as the document says it has ("eight underlying principles")."""
    return len(items) == int(evidence.loc[count_id, "value"])


def numbered_list_html(items: list[str]) -> str:
    return bullets((i.rstrip(".") for i in items), ordered=True)


def coproduction_sentence(evidence: pd.DataFrame, phase1_themes: pd.DataFrame) -> str:
    return (
        f"The council built the strategy with the people who use day services. It did this in "
        f"{cited(evidence, 'cp-day-services-engagement-phases')} rounds of co-production. The report lists "
        f"{len(phase1_themes)} themes from the first round (counted by this book). The second round reached "
        f"{cited(evidence, 'cp-day-services-phase2-participants')} people."
    )


def strategy_sentence(evidence: pd.DataFrame, principles: pd.DataFrame, objectives: pd.DataFrame) -> str:
    text = (
        f"The strategy rests on {cited(evidence, 'cp-day-services-principles')} principles and sets "
        f"{cited(evidence, 'cp-day-services-objectives')} objectives."
    )
    if not (
        list_agrees(principles, evidence, "cp-day-services-principles")
        and list_agrees(objectives, evidence, "cp-day-services-objectives")
    ):
        text += " The lists below do not hold that many items: the report may list only some of them."
    return text


def consultation_sentence(evidence: pd.DataFrame) -> str:
    return (
        f"Most people who answered the consultation backed the strategy. On average, "
        f"{cited(evidence, 'cp-day-services-consultation-objectives-important')} said its objectives mattered "
        f"to them."
    )


# --- spending on provider services and day-services transport -------------------------------------------


def spend(evidence: pd.DataFrame) -> pd.DataFrame:
    """Provider services and transport spend for each year given, from the local account's spend table."""
    every = acp.expenditure(evidence)
    return every[every["area_key"].isin(SPEND_AREAS)].reset_index(drop=True)


def spend_display(evidence: pd.DataFrame, chosen: pd.DataFrame) -> pd.DataFrame:
    """One row per year: each area's spend and printed share, the two added up and the year's total."""
    rows = []
    for year, one in chosen.groupby("year", sort=True):
        one = one.set_index("area_key")
        total_id = f"la-exp-total-{year.replace('/', '-')}"
        together = one["spend_000"].sum()
        rows.append(
            {
                "Year": year,
                "Provider services": f"{_link(one.loc['provider-services'], 'spend')} "
                f"({_link(one.loc['provider-services'], 'share')} of all)",
                "Day-services transport": f"{_link(one.loc['transport'], 'spend')} "
                f"({_link(one.loc['transport'], 'share')} of all)",
                "Both (worked out)": f"{money_thousands(together, short=True)} "
                f"({percent(100 * together / float(evidence.loc[total_id, 'value']), 1)} of all)",
                "All adult care spend": cited(evidence, total_id),
            }
        )
    return pd.DataFrame(rows)


def _link(row: pd.Series, column: str) -> str:
    return cite(row[f"{column}_text"], row[f"{column}_id"])


def spend_drawn(chosen: pd.DataFrame) -> pd.DataFrame:
    """The numbers the chart draws: £ thousands as printed, one row per area, one column per year."""
    wide = chosen.pivot_table(index="area", columns="year", values="spend_000", aggfunc="first")
    out = pd.DataFrame(
        {"service_area": ["Day-services transport" if a == "Transport" else a for a in wide.index]}
    )
    for year in wide.columns:
        out[spend_column(year)] = wide[year].to_numpy()
    return out.sort_values(out.columns[-1], ascending=False, ignore_index=True)


def spend_changes(drawn: pd.DataFrame) -> pd.DataFrame:
    """Each area's change from the first year to the last (worked out)."""
    first, last = drawn.columns[1], drawn.columns[-1]
    return pd.DataFrame(
        {
            "service_area": drawn["service_area"],
            "change_gbp_thousands": drawn[last] - drawn[first],
            "change_percent": (100 * (drawn[last] - drawn[first]) / drawn[first]).round(1),
        }
    )


def _years(drawn: pd.DataFrame) -> tuple[str, str]:
    return spend_column_year(drawn.columns[1]), spend_column_year(drawn.columns[-1])


def spend_title(drawn: pd.DataFrame) -> str:
    changes = spend_changes(drawn).set_index("service_area")["change_gbp_thousands"]
    first, last = _years(drawn)
    words = {
        area: "rose" if amount > 0 else "fell" if amount < 0 else "held level"
        for area, amount in changes.items()
    }
    return (
        f"Spend on provider services {words['Provider Services']} and spend on day-services transport "
        f"{words['Day-services transport']} from {first} to {last}"
    )


def spend_alt(drawn: pd.DataFrame) -> str:
    first, last = _years(drawn)
    changes = spend_changes(drawn)
    top = drawn.iloc[0]
    parts = [
        f"{r['service_area']} {change(1000 * r['change_gbp_thousands'], short=True)}"
        for _, r in changes.iterrows()
    ]
    return (
        f"Bar chart of net spend, {first} and {last}: {top['service_area']} is the larger, "
        f"{money_thousands(top[drawn.columns[-1]], short=True)} in {last}; {'; '.join(parts)}."
    )


def spend_sentence(evidence: pd.DataFrame, chosen: pd.DataFrame) -> str:
    by = chosen.set_index(["area_key", "year"])
    years = sorted(chosen["year"].unique())
    first, last = years[0], years[-1]
    p0, p1 = by.loc[("provider-services", first)], by.loc[("provider-services", last)]
    t0, t1 = by.loc[("transport", first)], by.loc[("transport", last)]
    first, last = html_text(first), html_text(last)  # periods from data/evidence
    return (
        f"Provider services, which include the council's own day centres, cost {_link(p0, 'spend')} in "
        f"{first} and {_link(p1, 'spend')} in {last}. That is {_link(p1, 'share')} of all adult care spend in "
        f"{last}. Transport to day services cost {_link(t0, 'spend')} and then {_link(t1, 'spend')}. Staff "
        f"run it from more than {cited(evidence, 'la-day-services-transport-locations')} places across the "
        f"county."
    )


# --- the chapter's key points ---------------------------------------------------------------------------


def key_points(
    evidence: pd.DataFrame, dates: pd.DataFrame, chosen: pd.DataFrame, equality: pd.DataFrame
) -> list[str]:
    """The chapter's key points as HTML sentences: what the strategy sets out, what the figures show, what is
    not known. `chosen` is `spend(evidence)`; `equality` the Equality Impact Assessment's list."""
    e = evidence
    by = chosen.set_index(["area_key", "year"])
    years = sorted(chosen["year"].unique())
    first, last = years[0], years[-1]

    def moved(area: str) -> str:
        before, after = by.loc[(area, first)], by.loc[(area, last)]
        word = (
            "rose"
            if after["spend_000"] > before["spend_000"]
            else "fell"
            if after["spend_000"] < before["spend_000"]
            else "held at"
        )
        return f"{word} from {_link(before, 'spend')} in {html_text(first)} to {_link(after, 'spend')} in {html_text(last)}"

    finding = _quoted_items(equality)[0]
    return [
        f"The Day Services Strategy for {date_in_words(dates.loc['cp-date-day-services-strategy-start', 'date'])} "
        f"to {date_in_words(dates.loc['cp-date-day-services-strategy-end', 'date'])} rests on "
        f"{cited(e, 'cp-day-services-principles')} principles and sets {cited(e, 'cp-day-services-objectives')} "
        f"objectives; it was shaped in {cited(e, 'cp-day-services-engagement-phases')} rounds of co-production, "
        f"the second reaching {cited(e, 'cp-day-services-phase2-participants')} people.",
        f"In a public consultation of {cited(e, CONSULTATION_WEEKS)} from "
        f"{date_in_words(dates.loc[CONSULTATION_START, 'date'])}, an average of "
        f"{cited(e, 'cp-day-services-consultation-objectives-important')} of those who answered said the "
        "objectives mattered to them.",
        f"An Equality Impact Assessment found that {finding}.",
        f"Spend on the council's own provider services, day centres among them, {moved('provider-services')}, "
        f"while day-services "
        f"transport {moved('transport')}.",
        f"The sources give no spend after {html_text(last)}, and do not record what the cabinet panel said or "
        f"recommended: the summary says only that its members {_words(dates, PANEL, 'were scheduled to meet')} "
        f"on {date_in_words(dates.loc[PANEL, 'date'])} to discuss the strategy.",
    ]


# --- national data: long term care by support setting (ASC-FR and SALT, 2021-22) -----------------------

ASCFR_YEAR = "2021-22"
OTHER_CARE = "Community: Other Long Term Care"  # the setting the chapter explains
PER = 100_000  # the tables' own rate: per 100,000 adults


def parameter_choices(project: Project) -> dict[str, list[str]]:
    """The councils the ASC-FR/SALT tables hold (every council with adult social care duties)."""
    from hertsbook.content import data

    long_term = data.ascfr_long_term(project)
    return {"council": sorted(long_term.loc[long_term["level"] == "council", "code"].unique())}


def per_adults(long_term: pd.DataFrame, adults: pd.DataFrame, measure: str, codes: list[str]) -> pd.DataFrame:
    """`measure` ("spend" or "clients") per 100,000 adults (18 and over), by support setting, for each code.

    Worked out: the two age bands' figures added (18 to 64 and 65 and over), over the two bands' adults as
    table 36 gives them. A setting missing in either band ([c] or [x]) is missing, never taken as nought.
    One row per setting (the table's order, its Total last); a column per code, and `<code>_printed` with the
    figures as the tables print them ("5787 + 20034", "[c] + 5").
    """
    chosen = long_term[(long_term["measure"] == measure) & long_term["code"].isin(codes)]
    settings = list(dict.fromkeys(chosen["setting"]))
    out = pd.DataFrame({"setting": settings})
    for code in codes:
        one = chosen[chosen["code"] == code]
        population = adults.loc[adults["code"] == code, "population"].sum(min_count=2)
        values, printed = [], []
        for setting in settings:
            rows = one[one["setting"] == setting]
            total = rows["value"].sum(min_count=2) if len(rows) == 2 else float("nan")
            values.append(total * PER / population)
            printed.append(" + ".join(rows["printed"]))
        out[code] = values
        out[f"{code}_printed"] = printed
    return out


def settings_table(long_term: pd.DataFrame, adults: pd.DataFrame, measure: str, council: str) -> pd.DataFrame:
    """The council beside England, per 100,000 adults, by setting (`per_adults` for the two)."""
    return per_adults(long_term, adults, measure, [council, ENGLAND_ONS])


MARKERS = {"[c]": "fewer than 5, suppressed", "[x]": "not submitted"}  # the workbook's notes' words


def _gaps(table: pd.DataFrame, council: str, what: str) -> list[str]:
    """Each missing setting with why, from the markers the tables print ("clients in Prison: … ([c]: …)")."""
    printed = dict(zip(table["setting"], table[f"{council}_printed"], strict=True))
    out = []
    for setting in missing_settings(table, council):
        marks = [m for m in MARKERS if m in printed[setting]]
        why = "; ".join(f"{m}: {MARKERS[m]}" for m in marks) or "no figure"
        out.append(f"{what} {setting} ({why})")
    return out


def missing_settings(table: pd.DataFrame, council: str) -> list[str]:
    """The settings with no figure for the council (suppressed or not submitted), as the table names them."""
    return [s for s, v in zip(table["setting"], table[council], strict=True) if pd.isna(v) and s != "Total"]


def total_agrees(long_term: pd.DataFrame, code: str) -> bool:
    """Whether an area's spend by setting adds up to the table's own Total in each age band (to £1,000)."""
    spend = long_term[(long_term["measure"] == "spend") & (long_term["code"] == code)]
    for _, band in spend.groupby("age_band"):
        parts = band.loc[band["setting"] != "Total", "value"]
        total = band.loc[band["setting"] == "Total", "value"]
        if parts.isna().any() or total.isna().any():
            continue  # not submitted: nothing to add up
        if abs(parts.sum() - float(total.iloc[0])) >= 1:
            return False
    return True


def spend_settings_drawn(table: pd.DataFrame, council: str, name: str) -> pd.DataFrame:
    """The chart's numbers: each setting (no Total), the council and England, £ thousands per 100,000 adults."""
    shown = table[table["setting"] != "Total"]
    return pd.DataFrame(
        {
            "support_setting": shown["setting"].to_numpy(),
            f"{_column(name)}_gbp_thousands_per_100000_adults": shown[council].round(1).to_numpy(),
            "england_gbp_thousands_per_100000_adults": shown[ENGLAND_ONS].round(1).to_numpy(),
        }
    )


def _column(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name.lower()).strip("_")


def spend_settings_series(drawn: pd.DataFrame, name: str) -> dict[str, str]:
    return {name: drawn.columns[1], ENGLAND: drawn.columns[2]}


def _higher(drawn: pd.DataFrame) -> tuple[int, int]:
    """How many settings the council spent more on than England (per 100,000 adults), of those with both."""
    both = drawn.dropna()
    return int((both.iloc[:, 1] > both.iloc[:, 2]).sum()), len(both)


def spend_settings_title(drawn: pd.DataFrame, name: str) -> str:
    higher, of = _higher(drawn)
    if of == 0:
        return f"{name} submitted no spend by support setting for {ASCFR_YEAR}"
    return (
        f"{name} spent more than England per 100,000 adults on {higher} of {of} support settings of long "
        f"term care in {ASCFR_YEAR}"
    )


def spend_settings_alt(drawn: pd.DataFrame, name: str) -> str:
    row = drawn[drawn["support_setting"] == OTHER_CARE].iloc[0]
    council, england = row.iloc[1], row.iloc[2]
    other = (
        f"{OTHER_CARE}: {thousands_short(council)} against {thousands_short(england)}"
        if not pd.isna(council)
        else f"no figure for {OTHER_CARE}"
    )
    return (
        f"Bar chart of spend on long term care per 100,000 adults by support setting, {name} against England, "
        f"{ASCFR_YEAR}; {other}."
    )


def settings_display(table: pd.DataFrame, council: str, name: str, unit: str) -> pd.DataFrame:
    """The table shown: each setting, the council and England per 100,000 adults, and the figures printed."""
    money = unit == "spend"

    def shown(value: float) -> str:
        if pd.isna(value):
            return "no figure"
        return thousands_short(value) if money else number(round(value))

    return pd.DataFrame(
        {
            "Support setting": table["setting"].to_numpy(),
            f"{name}, per 100,000 adults": [shown(v) for v in table[council]],
            f"{ENGLAND}, per 100,000 adults": [shown(v) for v in table[ENGLAND_ONS]],
            f"{name}, as printed (18 to 64 + 65 and over{', £ thousands' if money else ''})": table[
                f"{council}_printed"
            ].to_numpy(),
        }
    )


def ascfr_quotes(project: Project) -> dict[str, str]:
    """The workbook's own words the chapter quotes: its notes' definitions by term, and table 46's footnote."""
    import openpyxl

    from hertsbook.content import data

    book = openpyxl.load_workbook(project.data / "national" / data.ASCFR, read_only=True)
    try:
        notes = {
            str(row[0]).strip(): str(row[1]).strip()
            for row in book["Notes and Definitions"].iter_rows(values_only=True)
            if len(row) > 1 and row[0] and row[1]
        }
        footnote = next(
            str(c).strip()
            for row in book["T46"].iter_rows(values_only=True)
            for c in row
            if isinstance(c, str) and c.startswith("Other Social Care relates")
        )
    finally:
        book.close()
    return {"adults": notes["Adults"], "thousands": notes["£ Thousands"], "other social care": footnote}


def other_care_sentence(quotes: dict[str, str], long_term: pd.DataFrame) -> str:
    """What "Community: Other Long Term Care" holds and does not, as far as the workbook itself says."""
    settings = [
        s for s in dict.fromkeys(long_term.loc[long_term["measure"] == "spend", "setting"]) if s != "Total"
    ]
    others = [s for s in settings if s != OTHER_CARE]
    return (
        f"The spend tables split long term care into {len(settings)} support settings. The workbook does not "
        f"define them, so the book does not guess what each holds. What the tables do show: "
        f"“{html_text(OTHER_CARE)}” is long term care, not short term care, and it does not include "
        f"{html_text(in_words(others))}, which each have a column of their own; with them it adds up to each "
        f"council’s total (checked by this book). The tables do not say whether day centres or day "
        f"opportunities are counted there. Nor is it the workbook’s “other social care”, of which table 46 "
        f"says: “{html_text(quotes['other social care'])}” Adults are, in its notes’ words, "
        f"“{html_text(quotes['adults'])}”."
    )


def settings_sentence(spend: pd.DataFrame, clients: pd.DataFrame, council: str, name: str) -> str:
    """The chosen council named beside England, with any setting missing for it listed (never dropped)."""
    other = spend.set_index("setting").loc[OTHER_CARE]
    total = spend.set_index("setting").loc["Total"]
    people = clients.set_index("setting").loc["Total"]
    link = partial(national, file=ASCFR_FILE)
    if pd.isna(total[council]):
        said = (
            f"{html_text(name)} submitted no spend on long term care by support setting for {ASCFR_YEAR}; "
            f"{ENGLAND} spent {link(thousands_short(total[ENGLAND_ONS]))} per 100,000 adults."
        )
    else:
        said = (
            f"In {ASCFR_YEAR} {html_text(name)} spent {link(thousands_short(total[council]))} on long term care "
            f"per 100,000 adults, against {link(thousands_short(total[ENGLAND_ONS]))} in {ENGLAND}. On "
            f"“{html_text(OTHER_CARE)}” it spent "
            + (
                f"{link(thousands_short(other[council]))} per 100,000 adults"
                if not pd.isna(other[council])
                else "nothing it reported"
            )
            + f", against {link(thousands_short(other[ENGLAND_ONS]))} in {ENGLAND}."
        )
    if not pd.isna(people[council]):
        said += (
            f" {link(number(round(people[council])))} adults in every 100,000 had long term support from "
            f"{html_text(name)} during the year, against {link(number(round(people[ENGLAND_ONS])))} in "
            f"{ENGLAND}."
        )
    gaps = [] if pd.isna(total[council]) else _gaps(spend, council, "spend on")
    gaps += _gaps(clients, council, "clients in")
    if gaps:
        said += (
            f" The tables give no figure for {html_text(name)} for {html_text(in_words(gaps))}; these are left "
            "out of the comparison, never counted as nought."
        )
    return (
        said
        + " All figures per 100,000 adults are worked out by this book: both age bands added, over table "
        "36's adults."
    )
