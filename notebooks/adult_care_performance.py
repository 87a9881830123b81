# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Adult care performance
#
# Every year Hertfordshire County Council's adult care services set themselves targets and report how they
# did. This chapter looks at the targets in Hertfordshire's Local Account for 2018 to 2020 and at the national
# measures that let the public compare councils: the Adult Social Care Outcomes Framework (ASCOF), a set of
# measures that every council in England reports each year to the NHS. It then sets the 2019/20 figures
# beside the latest ones, reported to councillors in July 2025.

# %% tags=["parameters"]
council: str = "E10000015"  # ONS code of the council compared with England (Hertfordshire: E10000015)
year: str = "2024-25"  # year of the national comparison, 2015-16 to 2024-25 (DHSC's ASCOF time series)

# %% tags=["remove-cell"]
from functools import partial

from IPython.display import HTML

# The DHSC series' rules as dhsc: below, `ascof` is the Local Account's ASCOF table.
from hertsbook.content import ascof as dhsc
from hertsbook.content import audit, charts, data, numbers
from hertsbook.content import council_page as page
from hertsbook.content.text import key_points_html, paragraph
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.project import Project

project = Project.find()
evidence = data.evidence(project)
trend = data.ascof_trend(project)
series = data.ascof_series(project)
contents = data.ascof_contents(project)
measures = acp.key_measures(evidence, data.table(project, "adult_care/key_measures.csv"))
ascof = acp.ascof_table(evidence, data.table(project, "adult_care/ascof_comparison.csv"))
# Each figure from DHSC's time series where it holds the measure and year, else from the older compilation.
check = acp.national_check(ascof, acp.national_ascof(trend, series, contents))
# The audit's check of the key measures against national ASCOF: one comparison, shown here and on the audit page.
checked = audit.load(project)
compared = audit.key_measures_national(checked)
# Each figure the audit page checks carries a note linking to its finding.
evidence = audit.annotate(evidence, audit.findings(checked))
snpp = data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv")
breaks = dhsc.breaks(data.ascof_comparability_log(project), list(contents["measure"]))
where = dhsc.place(series, snpp, council)
name = where.name
region_label = acp.region_name(trend, where.region)
# Hertfordshire's direct payments over 2017-18 to 2022-23 (the key points): SALT-based, before the 2024-25 break.
lines = acp.trend_lines(trend, council, where.region)

# %% tags=["remove-input"]
from hertsbook.content import councils  # noqa: E402

HTML(councils.own_documents_note(council, name))

# %% [markdown]
# ## Key points

# %% tags=["remove-input"]
HTML(key_points_html(acp.key_points(evidence, measures, compared, lines, name, region_label)))

# %% [markdown]
# ## Did Hertfordshire meet its own targets?
#
# Hertfordshire's Local Account lists key measures for each part of its three-year plan, with a target for
# 2019/20, the result for 2019/20 and a new target for 2020/21.

# %% tags=["remove-input"]
HTML(paragraph(acp.targets_sentence(measures) + " " + acp.national_differences_sentence(compared)))

# %% tags=["remove-input"]
drawn = acp.key_measures_drawn(measures)
chart = charts.Chart(
    name="key-measures-2019-20",
    title=f"{(drawn['status'] == 'missed').sum()} of {len(drawn)} percentage key measures missed their 2019/20 target",
    subtitle="Target and result for 2019/20, per cent.",
    source="Hertfordshire County Council, Adult Care Services Local Account 2018 - 2020",
    alt=acp.key_measures_alt(drawn),
)
draw = partial(
    charts.dot_comparison,
    drawn,
    "measure",
    {"Target 2019/20": "target_2019_20_percent", "Result 2019/20": "result_2019_20_percent"},
    verdicts=list(drawn["status"]),
    row_labels=acp.key_measures_labels(drawn),
)
HTML(charts.publish(draw, chart, drawn))

# %% [markdown]
# The table shows every key measure, including those counted in numbers or scores. Each figure links to the
# words it was taken from on the [Sources and evidence](../book/evidence.md) page.

# %% tags=["remove-input"]
display_table = acp.key_measures_display(measures, compared, evidence)
HTML(
    charts.table_html(
        display_table,
        "Key measures of success: targets and results, 2019/20, and targets for 2020/21",
        html_columns=("Target 2019/20", "Result 2019/20", "Target 2020/21"),
    )
)

# %% [markdown]
# ## How many people asked Hertfordshire for help
#
# Demand is the number of people who ask the council for care and support. These figures are Hertfordshire's. Each request may lead to an
# assessment of the person's needs. The figures below come from the Local Account and from the report to
# councillors in July 2025.

# %% tags=["remove-input"]
HTML(paragraph(acp.demand_sentence(evidence)))

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        acp.figures_display(evidence, acp.DEMAND),
        "Requests, referrals, assessments and waits",
        html_columns=("Figure",),
    )
)

# %% [markdown]
# ## What support people got in Hertfordshire
#
# Some people get short-term help, called reablement, to regain skills after an illness or a stay in
# hospital. Others need support for a long time, at home or in a care home. A direct payment is money the
# council gives a person so that they can arrange their own support. These figures are Hertfordshire's.

# %% tags=["remove-input"]
HTML(paragraph(acp.supply_sentence(evidence)))

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        acp.figures_display(evidence, acp.SUPPLY),
        "Short-term and long-term support, care homes, carers and direct payments",
        html_columns=("Figure",),
    )
)

# %% [markdown]
# ## Keeping people safe in Hertfordshire
#
# Anyone can tell the council that they fear an adult is being abused or neglected. This is a safeguarding
# concern. If the council needs to look into it, it becomes a safeguarding enquiry. The Deprivation of
# Liberty Safeguards (DoLS) protect people who lack the capacity to agree to their care, when that care
# limits their freedom. These figures are Hertfordshire's.

# %% tags=["remove-input"]
HTML(paragraph(acp.safeguarding_sentence(evidence)))

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        acp.figures_display(evidence, acp.SAFEGUARDING),
        "Safeguarding and Deprivation of Liberty Safeguards",
        html_columns=("Figure",),
    )
)

# %% [markdown]
# ## Where Hertfordshire's money went
#
# Hertfordshire's Local Account splits the council's net spend on adult care into service areas, for each of its years.
# Net spend is what the council paid after income such as people's own contributions.

# %% tags=["remove-input"]
spend = acp.expenditure(evidence)
HTML(paragraph(acp.expenditure_sentence(evidence, spend)))

# %% tags=["remove-input"]
drawn = acp.expenditure_drawn(spend)
chart = charts.Chart(
    name="adult-care-spend-by-area",
    title=acp.expenditure_title(drawn),
    subtitle="Net spend by service area, from the Local Account's amounts in thousands of pounds.",
    source="Hertfordshire County Council, Adult Care Services Local Account 2018 - 2020",
    alt=acp.expenditure_alt(drawn),
)
draw = partial(
    charts.grouped_bars,
    drawn,
    "service_area",
    data.spend_series(drawn),
    "Net spend",
    value_format=numbers.thousands_short,
)
HTML(charts.publish(draw, chart, drawn))

# %% tags=["remove-input"]
spend_table = acp.expenditure_display(evidence, spend)
HTML(
    charts.table_html(
        spend_table,
        "Net spend on adult care by service area, with each area's share of the total",
        html_columns=acp.linked_columns(spend_table),
    )
)

# %% [markdown]
# ## How did Hertfordshire compare with other councils?
#
# The Local Account compares Hertfordshire's 2019/20 results with the 2018/19 averages for England and for
# similar councils, because the 2019/20 averages were delayed by COVID-19. Its table is printed with the
# headings in one order and the numbers in another: the second number in each row is Hertfordshire's own
# 2018/19 result, not the England average.

# %% tags=["remove-input"]
HTML(paragraph(acp.table_order_sentence(evidence)))

# %% [markdown]
# The national data shows the same. The book places each number by that evidence, and checks every
# Hertfordshire and England figure against the national data.

# %% tags=["remove-input"]
agreeing = int(check["agrees"].sum())
HTML(
    paragraph(
        f"Of the {len(check)} figures in the table that the national data also holds, {agreeing} match it "
        "exactly"
        + (
            "."
            if agreeing == len(check)
            else f" and {len(check) - agreeing} do not; the audit page lists them."
        )
    )
)

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        acp.ascof_display(ascof, check, evidence),
        "Adult Social Care Outcomes Framework: Hertfordshire against England and similar councils",
        html_columns=(
            "Hertfordshire 2019/20",
            "Hertfordshire 2018/19",
            "England average 2018/19",
            "Similar councils' average 2018/19",
        ),
    )
)

# %% [markdown]
# ## The chosen council in the national data
#
# The Department of Health and Social Care publishes every council's ASCOF measures in one time series,
# from 2015-16 to 2024-25. The table sets the chosen council beside England for the chosen year, with its
# rank among all councils and among councils of its type, and the averages for its type and its region.
#
# Survey measures rest on a few hundred replies, so each comes with a margin of error. The book says that a
# council is better or worse than England only where the two ranges (the figure plus or minus its margin) do
# not overlap; otherwise there is no clear difference. Measures from the new client-level data (2A to 2E and
# 3D) start in 2024-25 and, in DHSC's words, cannot be compared with earlier years. The usual comparator
# group for adult care, CIPFA's nearest neighbours, is licensed and not published openly, so the book
# compares with the council's type and region instead. A London borough takes London's figure as its type
# average, because DHSC splits London into Inner and Outer London and the book's data does not say which a
# borough is. A council newer than the ONS population tables has no region there, and no region average.
#
# Every council in the national data has a page of its own, with each measure over the years: see
# [Every council in the national data](../councils/index.md).

# %% tags=["remove-input"]
compared, shown = acp.national_section(series, where, year, contents, breaks, region_label)
HTML(shown)

# %% tags=["remove-input"]
national = acp.national_drawn(compared, contents, breaks)
chart = charts.Chart(
    name=f"ascof-{council}-{year}",
    title=acp.national_title(national, name, year),
    subtitle="ASCOF measures in per cent, each with its margin of error where it has one.",
    source="Department of Health and Social Care, ASCOF time series 2015-16 to 2024-25",
    alt=acp.national_alt(national, name, year),
    national_files=(data.ASCOF_SERIES,),
)
draw = partial(
    charts.interval_dots,
    national,
    "measure",
    {
        name: ("council_percent", "council_low_percent", "council_high_percent"),
        "England": ("england_percent", "england_low_percent", "england_high_percent"),
    },
    row_labels=acp.national_labels(national),
    empty=f"No percentage measures for {name} in {year}.",
    decimals=1,  # ASCOF's one decimal place (the workbook's Cover)
)
HTML(charts.publish(draw, chart, national))

# %% tags=["remove-input"]
HTML(page.page_link_html(data.ascof_series(project), council, name))

# %% [markdown]
# ## Over the years: the council, its region and England
#
# Four survey measures have been asked in the same way since 2015-16. A line joins only years that DHSC
# says may be compared: 2020-21 stands alone, because the survey was voluntary that year, and a dashed line
# marks each break or renumbering. The shaded band is the council's margin of error.

# %% tags=["remove-input"]
names = acp.measure_names(contents)
HTML(paragraph(acp.over_the_years_sentence(series, where, breaks, names)))

# %% tags=["remove-input"]
drawn = acp.over_the_years(series, where, breaks, names)
chart = charts.Chart(
    name=f"ascof-trend-{council}",
    title=f"{name}, {region_label} and England on four survey measures, 2015-16 to 2024-25",
    subtitle="Per cent; higher is better on each measure. No line crosses a break in the series.",
    source="Department of Health and Social Care, ASCOF time series 2015-16 to 2024-25; ONS regions",
    alt=acp.over_the_years_alt(drawn, name),
    national_files=(data.ASCOF_SERIES,),
)
HTML(
    charts.publish(
        acp.over_the_years_draw(drawn, name, region_label, f"No survey figures for {name}."), chart, drawn
    )
)

# %% [markdown]
# ## Hertfordshire's July 2025 report beside the official 2024-25 figures
#
# The report to councillors in July 2025 gives Hertfordshire's own counts for 2024/25. None of them is an
# ASCOF measure, so none can be checked exactly against the national data. The table sets each beside the
# nearest official 2024-25 figure for Hertfordshire, whichever council the chapter was run for, and says
# whether the two count the same thing.

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        acp.panel_display(evidence, acp.panel_beside_ascof(evidence, series)),
        "Hertfordshire's 2024/25 figures in the July 2025 report beside ASCOF 2024-25",
        html_columns=("Report's figure", "Nearest ASCOF 2024-25 figure"),
    )
)

# %% [markdown]
# ## Then and now in Hertfordshire: 2019/20 beside 2024/25
#
# Only a few measures are reported in the same way in Hertfordshire's Local Account and in the July 2025 report
# to its councillors. The change is worked out by this book from the two printed figures.

# %% tags=["remove-input"]
both = acp.comparable(evidence, data.table(project, "adult_care/comparable_measures.csv"))
HTML(
    charts.table_html(
        acp.comparable_display(both),
        "Measures Hertfordshire reported for both 2019/20 and 2024/25",
        html_columns=("2019/20", "2024/25"),
    )
)
