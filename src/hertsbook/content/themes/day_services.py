"""Day services: from the local account's day opportunities work to the Day Services Strategy 2025-2030.

Pure functions over data frames: the notebook loads, calls these and shows the results.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from hertsbook.content.data import spend_column, spend_column_year
from hertsbook.content.numbers import change, date_in_words, figure, money_thousands, percent
from hertsbook.content.text import bullets, cite, cited, html_text
from hertsbook.content.themes import adult_care_performance as acp

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
