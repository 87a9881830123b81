# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
council: str = "E10000015"  # ONS code of the council (Hertfordshire: E10000015)

# %% tags=["remove-cell"]
from IPython.display import HTML

from hertsbook.content import ascof as dhsc
from hertsbook.content import charts, data
from hertsbook.content import council_page as page
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.project import Project

project = Project.find()
trend = data.ascof_trend(project)
series = data.ascof_series(project)
contents = data.ascof_contents(project)
snpp = data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv")
breaks = dhsc.breaks(data.ascof_comparability_log(project), list(contents["measure"]))
where = dhsc.place(series, snpp, council)
region_label = acp.region_name(trend, where.region)
year = page.last_year(series, council) or dhsc.years(series)[-1]

# %% tags=["remove-input"]
HTML(
    page.heading_html(where, region_label)
    + page.series_end_sentence(series, where)
    + page.chapter_links_html(council)
)

# %% [markdown]
# This page shows what the national files hold for one English council: the Adult Social Care Outcomes
# Framework (ASCOF) measures that the Department of Health and Social Care publishes for every council, and,
# where the other national files hold the council, its projected population and the take-up of funded early
# education. It is built from the same data, by the same rules, as the national sections of the chapters.

# %% [markdown]
# ## The council against England, its type and its region
#
# Survey measures rest on a few hundred replies, so each comes with a margin of error. A council is better or
# worse than England only where the two ranges (the figure plus or minus its margin) do not overlap;
# otherwise there is no clear difference. Rank 1 is the best. The table is for the latest year the council
# has figures.

# %% tags=["remove-input"]
compared, shown = acp.national_section(series, where, year, contents, breaks, region_label)
HTML(shown)

# %% [markdown]
# ## Every percentage measure over the years
#
# A line joins only years that DHSC says may be compared: 2020-21 stands alone, because the survey was
# voluntary that year, and a dashed line marks each break or renumbering. The shaded band is the council's
# margin of error. The data behind the chart, and its CSV, also give the average of the council's type.

# %% tags=["remove-input"]
drawn = page.over_the_years(series, where, breaks, contents)
chart = charts.Chart(
    name=f"council-{council}",
    title=f"{where.name}, {region_label} and England on ASCOF's percentage measures",
    subtitle="Per cent, each year DHSC's time series holds. No line crosses a break in the series.",
    source="Department of Health and Social Care, ASCOF time series 2015-16 to 2024-25; ONS regions",
    alt=page.over_the_years_alt(drawn, where.name),
    national_files=(data.ASCOF_SERIES,),
)
HTML(
    charts.publish(
        acp.over_the_years_draw(drawn, where.name, region_label, f"No percentage figures for {where.name}."),
        chart,
        drawn,
    )
)

# %% [markdown]
# ## Other national files
#
# The Office for National Statistics' 2018-based population projections, and the Department for Education's
# figures on funded early education for two-year-olds, where these files hold the council.

# %% tags=["remove-input"]
people = page.population(data.ons_snpp(project), council)
HTML(
    charts.table_html(people, f"{where.name}: projected population, 2018-based ONS projections")
    if len(people)
    else "<p>The 2018-based ONS population projections do not hold this council.</p>"
)

# %% tags=["remove-input"]
early = page.early_years(data.dfe_early_education(project), where.name)
HTML(
    charts.table_html(early, f"{where.name}: funded early education for two-year-olds (DfE)")
    if len(early)
    else "<p>The Department for Education's early education file does not hold this council.</p>"
)
