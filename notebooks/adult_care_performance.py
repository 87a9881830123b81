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
# Every year the council's adult care services set themselves targets and report how they did. This
# chapter looks at the targets in the council's Local Account for 2018 to 2020 and at the national
# measures that let the public compare councils: the Adult Social Care Outcomes Framework (ASCOF), a set of
# measures that every council in England reports each year to the NHS. It then sets the 2019/20 figures
# beside the latest ones, reported to councillors in July 2025.

# %% tags=["parameters"]
council: str = "E10000015"  # ONS code of the council compared with England (Hertfordshire: E10000015)
year: str = "2019-20"  # year of the national comparison, 2017-18 to 2022-23 (codes changed in 2023-24)

# %% tags=["remove-cell"]
from IPython.display import HTML, Markdown

from hertsbook import charts, data
from hertsbook.project import Project
from hertsbook.themes import adult_care_performance as acp

project = Project.find()
evidence = data.evidence(project)
trend = data.ascof_trend(project)
measures = acp.key_measures(evidence, data.table(project, "adult_care/key_measures.csv"))
ascof = acp.ascof_table(evidence, data.table(project, "adult_care/ascof_comparison.csv"))
check = acp.national_check(ascof, trend)
names = dict(zip(ascof["ascof_code"], ascof["measure"], strict=True))

# %% [markdown]
# ## Did the council meet its own targets?
#
# The Local Account lists key measures for each part of the council's three-year plan, with a target for
# 2019/20, the result for 2019/20 and a new target for 2020/21.

# %% tags=["remove-input"]
Markdown(acp.targets_sentence(measures))

# %% tags=["remove-input"]
drawn = acp.key_measures_drawn(measures)
chart = charts.Chart(
    name="key-measures-2019-20",
    title=f"{(drawn['status'] == 'missed').sum()} of {len(drawn)} percentage key measures missed their 2019/20 target",
    subtitle="Target and result for 2019/20, per cent.",
    source="Hertfordshire County Council, Adult Care Services Local Account 2018 - 2020",
    alt=acp.key_measures_alt(drawn),
)
fig = charts.dot_comparison(
    drawn, "measure", {"Target 2019/20": "target_2019_20_percent", "Result 2019/20": "result_2019_20_percent"}
)
HTML(charts.publish(fig, chart, drawn))

# %% [markdown]
# The table shows every key measure, including those counted in numbers or scores. Each figure links to the
# words it was taken from on the [Sources and evidence](../book/evidence.md) page.

# %% tags=["remove-input"]
display_table = acp.key_measures_display(measures)
HTML(
    charts.table_html(
        display_table,
        "Key measures of success: targets and results, 2019/20, and targets for 2020/21",
        html_columns=("Target 2019/20", "Result 2019/20", "Target 2020/21"),
    )
)

# %% [markdown]
# ## How did Hertfordshire compare with other councils?
#
# The Local Account compares Hertfordshire's 2019/20 results with the 2018/19 averages for England and for
# similar councils, because the 2019/20 averages were delayed by COVID-19. Its table is printed with the
# headings in one order and the numbers in another: the second number in each row is Hertfordshire's own
# 2018/19 result, not the England average. The document's own words show this ("84.1% … (up from 80%)"),
# and so does the national data. The book places each number by that evidence, and checks every
# Hertfordshire and England figure against the national data.

# %% tags=["remove-input"]
agreeing = int(check["agrees"].sum())
Markdown(
    f"Of the {len(check)} figures in the table that the national data also holds, {agreeing} match it exactly"
    + ("." if agreeing == len(check) else f" and {len(check) - agreeing} do not; the audit page lists them.")
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
name = acp.council_name(trend, council)
comparison = acp.council_vs_england(trend, council, year, list(ascof["ascof_code"]))
national = acp.council_drawn(comparison, names)
Markdown(acp.council_sentence(national, name, year))

# %% tags=["remove-input"]
chart = charts.Chart(
    name=f"ascof-{council}-{year}",
    title=f"{name} against the England average, {year}",
    subtitle="Adult Social Care Outcomes Framework measures, per cent; higher is better on every measure.",
    source="NHS Digital, Measures from the Adult Social Care Outcomes Framework (national data)",
    alt=acp.council_alt(national, name, year),
)
fig = charts.dot_comparison(national, "measure", {name: "council_percent", "England": "england_percent"})
HTML(charts.publish(fig, chart, national))

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
