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
year: str = "2019-20"  # year of the national comparison, 2017-18 to 2022-23 (codes changed in 2023-24)

# %% tags=["remove-cell"]
from functools import partial

from IPython.display import HTML

from hertsbook.content import audit, charts, data, numbers
from hertsbook.content.text import key_points_html, paragraph
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.project import Project

project = Project.find()
evidence = data.evidence(project)
trend = data.ascof_trend(project)
measures = acp.key_measures(evidence, data.table(project, "adult_care/key_measures.csv"))
ascof = acp.ascof_table(evidence, data.table(project, "adult_care/ascof_comparison.csv"))
check = acp.national_check(ascof, trend)
names = dict(zip(ascof["ascof_code"], ascof["measure"], strict=True))
# The audit's check of the key measures against national ASCOF: one comparison, shown here and on the audit page.
compared = audit.key_measures_national(audit.load(project))
snpp = data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv")
name = acp.council_name(trend, council)
region = acp.council_region(snpp, council)
region_label = acp.region_name(trend, region)
lines = acp.trend_lines(trend, council, region)

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
display_table = acp.key_measures_display(measures, compared)
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
        acp.ascof_display(ascof, check),
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
# ## The same measures in the national data
#
# The national data holds these measures for every council in England. The chart compares the chosen
# council with the England average for the chosen year.

# %% tags=["remove-input"]
comparison = acp.council_vs_england(trend, council, year, list(ascof["ascof_code"]))
national = acp.council_drawn(comparison, names)
HTML(paragraph(acp.council_sentence(national, name, year)))

# %% tags=["remove-input"]
chart = charts.Chart(
    name=f"ascof-{council}-{year}",
    title=f"{name} against the England average, {year}",
    subtitle="Adult Social Care Outcomes Framework measures, per cent; higher is better on every measure.",
    source="NHS Digital, Measures from the Adult Social Care Outcomes Framework (national data)",
    alt=acp.council_alt(national, name, year),
    national_files=(data.ASCOF_TREND,),
)
draw = partial(
    charts.dot_comparison, national, "measure", {name: "council_percent", "England": "england_percent"}
)
HTML(charts.publish(draw, chart, national))

# %% [markdown]
# ## Over the years: the council, its region and England
#
# The national data lets us follow a council over the years in which the measures kept the same meaning. The
# charts set the chosen council beside the average for its region and for England. The book does not use a
# group of "similar councils" here. The usual group for adult care is licensed and not public. The only
# open groups are the Department for Education's statistical neighbours, which are chosen for children's
# services and would mislead for adult care. Each council's region is read from the Office for National
# Statistics population tables. A council formed after those tables has no region there, and the charts then
# show England only.

# %% tags=["remove-input"]
trend_names = acp.trend_names(trend)
HTML(paragraph(acp.trend_sentence(lines, trend_names, name)))

# %% tags=["remove-input"]
drawn = acp.trend_drawn(lines, trend_names, name, region_label)
chart = charts.Chart(
    name=f"ascof-trend-{council}",
    title=acp.trend_title(lines, name),
    subtitle=f"{name}, {region_label} and England, per cent; higher is better on each measure.",
    source="NHS Digital, Measures from the Adult Social Care Outcomes Framework (national data); ONS regions",
    alt=acp.trend_alt(lines, trend_names, name),
    national_files=(data.ASCOF_TREND,),
)
draw = partial(
    charts.small_multiple_lines, drawn, "measure", "year", acp.trend_series(drawn, name, region_label)
)
HTML(charts.publish(draw, chart, drawn))

# %% [markdown]
# ## Then and now: 2019/20 beside 2024/25
#
# Only a few measures are reported in the same way in the Local Account and in the July 2025 report to
# councillors. The change is worked out by this book from the two printed figures.

# %% tags=["remove-input"]
both = acp.comparable(evidence, data.table(project, "adult_care/comparable_measures.csv"))
HTML(
    charts.table_html(
        acp.comparable_display(both),
        "Measures reported for both 2019/20 and 2024/25",
        html_columns=("2019/20", "2024/25"),
    )
)
