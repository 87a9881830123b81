"""One council's page (notebooks/council.py): what the national files hold for any English council.

The ASCOF parts reuse the adult care chapter's national functions (the same rules for margins, breaks and
ranks); this module adds what only a council's own page shows: its heading, the end of a former council's
series, every percentage measure over the years beside its type, and the other national files' figures.
"""

from __future__ import annotations

import pandas as pd

from hertsbook.content import ascof
from hertsbook.content.numbers import number
from hertsbook.content.text import html_text
from hertsbook.content.themes import adult_care_performance as acp

POPULATION_YEARS = (2018, 2028, 2043)  # the 2018-based projections' first year, ten years on, and last year
OLDER = ("65-69", "70-74", "75-79", "80-84", "85-89", "90+")  # the age groups of people aged 65 and over


def heading_html(where: ascof.Place, region_label: str) -> str:
    """The page's title (the council's name) and its type and region in one paragraph, all escaped."""
    kind = where.type_name or "councils of another type"
    region = region_label if where.region else "no region in the 2018-based ONS projections"
    return (
        f"<h1>{html_text(where.name)} in the national data</h1>"
        f'<p class="hb-council">{html_text(where.name)} (ONS code {html_text(where.code)}) is one of the '
        f"{html_text(kind)} in DHSC's ASCOF data; region: {html_text(region)}.</p>"
    )


def last_year(series: pd.DataFrame, code: str) -> str | None:
    """The latest year the council has any ASCOF figure, or None when it has none."""
    own = series[(series["code"] == code) & series["value"].notna()]
    return str(own["year"].max()) if len(own) else None


def series_end_sentence(series: pd.DataFrame, where: ascof.Place) -> str:
    """Where a former council's series ends before the data's latest year, say so; else nothing."""
    final, latest = last_year(series, where.code), ascof.years(series)[-1]
    name = html_text(where.name)
    if final is None:
        return f"<p>The national ASCOF data holds no figures for {name}.</p>"
    if final >= latest:
        return ""
    return (
        f"<p>{name}'s series ends in {html_text(final)}: the national data has no figures for it after that "
        f"year (the latest year is {html_text(latest)}), as happens when a council is abolished or merged. "
        f"The table below is for {html_text(final)}.</p>"
    )


def percent_measures(series: pd.DataFrame, code: str, contents: pd.DataFrame) -> tuple[str, ...]:
    """The percentage measures the council has at least one figure for, in the workbook's order."""
    units = acp.measure_units(contents)
    held = set(series.loc[(series["code"] == code) & series["value"].notna(), "measure"])
    return tuple(m for m in contents["measure"] if units[m] == "%" and m in held)


def over_the_years(
    series: pd.DataFrame, where: ascof.Place, breaks: pd.DataFrame, contents: pd.DataFrame
) -> pd.DataFrame:
    """The chapter's over-the-years table for every percentage measure the council has, with its type's
    average beside its region and England (a column of the CSV; the chart draws council, region, England)."""
    measures = percent_measures(series, where.code, contents)
    drawn = acp.over_the_years(series, where, breaks, acp.measure_names(contents), measures)
    if drawn.empty:
        return drawn
    group = series[series["code"] == where.type_group].set_index(["measure", "year"])["value"]
    keys = zip(drawn["ascof_code"], drawn["year"], strict=True)
    drawn.insert(
        drawn.columns.get_loc("region_percent"), "type_percent", [group.get(k, float("nan")) for k in keys]
    )
    return drawn


def over_the_years_alt(drawn: pd.DataFrame, name: str) -> str:
    """About 125 characters from the data: how many measures, which years, what is beside the council."""
    if drawn.empty:
        return f"No ASCOF percentage measures for {name}."
    first, last = drawn["year"].min(), drawn["year"].max()
    return (
        f"Line charts of {drawn['ascof_code'].nunique()} ASCOF measures, {first} to {last}: {name} with its "
        f"margin of error, its region and England; no line across a break."
    )


def population(snpp: pd.DataFrame, code: str) -> pd.DataFrame:
    """The council's projected population (2018-based ONS), all ages and aged 65 and over, in some years."""
    own = snpp[(snpp["code"] == code) & snpp["year"].isin(POPULATION_YEARS)]
    if own.empty:
        return pd.DataFrame(columns=["Year", "All ages", "Aged 65 and over"])
    total = own[own["age_group"] == "All ages"].groupby("year")["population"].sum()
    older = own[own["age_group"].isin(OLDER)].groupby("year")["population"].sum()
    return pd.DataFrame(
        {
            "Year": [str(y) for y in total.index],
            "All ages": [number(round(float(v))) for v in total],
            "Aged 65 and over": [number(round(float(older.get(y, 0)))) for y in total.index],
        }
    )


def early_years(early: pd.DataFrame, name: str) -> pd.DataFrame:
    """The share of two-year-olds taking up funded early education, by year (DfE LAIT), where DfE holds it.

    DfE numbers councils its own way (Hertfordshire 919, DHSC's 606), so the council is found by its name.
    """
    own = early[(early["measure"] == "%_2yr_olds") & (early["area"] == name)]
    own = own.dropna(subset=["value"]).sort_values("year")
    return pd.DataFrame(
        {
            "Year": [str(y) for y in own["year"]],
            "Two-year-olds taking up funded early education, %": [number(float(v)) for v in own["value"]],
        }
    )


def chapter_links_html(code: str) -> str:
    """Links to the chapters from Hertfordshire's page (the book is about Hertfordshire); else nothing."""
    from hertsbook.content.places import HERTFORDSHIRE_ONS

    if code != HERTFORDSHIRE_ONS:
        return ""
    chapters = (
        ("adult_care_performance", "Adult care performance"),
        ("prevention", "Prevention"),
        ("day_services", "Day services"),
        ("early_help", "Early help"),
    )
    items = "".join(f'<li><a href="../notebooks/{t}.html">{html_text(n)}</a></li>' for t, n in chapters)
    return f"<p>This book's chapters are about Hertfordshire:</p><ul>{items}</ul>"


def page_link_html(series: pd.DataFrame, code: str, name: str) -> str:
    """A chapter's national section to the council pages: the chosen council's own page where DHSC's ASCOF
    series holds it (a district council has none), and the list of every council's page."""
    every = '<a href="../councils/index.html">the pages of every council in the national data</a>'
    if code not in set(ascof.councils(series)["code"]):
        return f"<p>See also {every}.</p>"
    return (
        f'<p>See also <a href="../councils/{html_text(code)}.html">{html_text(name)}’s own page of national '
        f"data</a>, with each ASCOF measure over the years, and {every}.</p>"
    )
