# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Prevention
#
# Prevention means helping people stay well and independent, so that fewer of them need costly help
# later. In November 2018 Hertfordshire County Council wrote a Prevention Strategy for all its services.
# This chapter sets out what the strategy aims to do and the population change it argues from. It checks
# that change against the official projections. It counts how many of the council's plans the strategy
# says could be made more preventive. It then follows prevention in adult care: the Connect and Prevent
# programme of 2025, and how much adult care spent on preventative services in 2018/19 and 2019/20.
#
# The [glossary](../book/glossary.md) explains the terms used.

# %% tags=["parameters"]
council: str = "E10000015"  # ONS code of the area set beside the strategy (Hertfordshire: E10000015)
horizon_year: int = 2037  # last year of the population comparison; the strategy's figures are "by 2037"
census_year: int = (
    2018  # January early-years census set beside the strategy (2018 was the latest in November 2018)
)

# %% tags=["remove-cell"]
from functools import partial

from IPython.display import HTML

from hertsbook.content import audit, charts, data
from hertsbook.content import council_page as page
from hertsbook.content.text import key_points_html, paragraph
from hertsbook.content.themes import prevention as prev
from hertsbook.project import Project

project = Project.find()
evidence = data.evidence(project)
evidence = audit.annotate(evidence, audit.run(project))  # notes beside the figures the audit checks
dates = data.dates(project)
aims = data.table(project, "lists/prevention_aims.csv")
blocks = data.table(project, "lists/prevention_building_blocks.csv")
programmes = data.table(project, "lists/prevention_transformational_programmes.csv")
ambitions = data.table(project, "lists/corporate_plan_ambitions.csv")
key_areas = data.table(project, "lists/connect_and_prevent_key_areas.csv")
population = data.ons_snpp(project)
census = data.dfe_early_education(project)
neighbours = data.dfe_statistical_neighbours(project)
claims = data.table(project, "lists/prevention_claims.csv")
ld_rows = prev.ld_employment(data.ascof_trend(project), council)
written = dates.loc["ps-cabinet-panel-meeting", "date"]
name = prev.area_name(population, council)
ons = prev.population_change(population, council, horizon_year)
spend = prev.preventative_spend(evidence)

# %% [markdown]
# ## Key points

# %% tags=["remove-input"]
HTML(
    key_points_html(
        prev.key_points(evidence, aims, programmes, ons, name, horizon_year, claims, ld_rows, written, spend)
    )
)

# %% [markdown]
# ## What the strategy sets out to do

# %% tags=["remove-input"]
HTML(paragraph(prev.strategy_sentence(evidence, aims, blocks)))

# %% [markdown]
# Its aims are that:

# %% tags=["remove-input"]
HTML(prev.bullet_list(prev.items(aims)))

# %% [markdown]
# Its building blocks are:

# %% tags=["remove-input"]
HTML(prev.bullet_list(prev.items(blocks)))

# %% tags=["remove-input"]
HTML(paragraph(prev.programmes_sentence(evidence, programmes)))

# %% tags=["remove-input"]
HTML(prev.bullet_list(prev.items(programmes)))

# %% [markdown]
# ## The population change the strategy argues from
#
# The strategy says the council must act now because the county will grow and age. The Office for
# National Statistics (ONS) publishes official projections of the population of every area. The chart sets
# the strategy's figures for Hertfordshire beside the ONS projection. The strategy does not say which
# projection it used.

# %% tags=["remove-input"]
projection = prev.strategy_projection(evidence)
HTML(paragraph(prev.population_sentence(evidence, projection, population, council, horizon_year)))

# %% tags=["remove-input"]
drawn = prev.population_drawn(projection, ons, name, horizon_year)
chart = charts.Chart(
    name=f"population-growth-{council}-{horizon_year}",
    title=prev.population_title(drawn, name, horizon_year, council),
    subtitle="Rise in population, per cent: the strategy's figures by 2037 and the ONS projection "
    "(worked out from its counts).",
    source="Hertfordshire County Council, Prevention Strategy (November 2018); Office for National "
    "Statistics, 2018-based subnational population projections",
    alt=prev.population_alt(drawn, name, horizon_year),
    national_files=(data.ONS_SNPP,),
)
draw = partial(
    charts.dot_comparison,
    drawn,
    "group",
    {"Strategy (Hertfordshire, by 2037)": drawn.columns[1], f"ONS ({name})": drawn.columns[2]},
)
HTML(charts.publish(draw, chart, drawn))

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        prev.population_display(evidence, projection, ons, name, horizon_year),
        f"Population change: the strategy's figures and the ONS projection for {name}",
        html_columns=("Strategy: rise by 2037",),
    )
)

# %% [markdown]
# The strategy's figures agree with each other: each rise fits a starting point close to the real
# population in 2018. But they are far larger than the official projection. They may come from an older
# projection that this book does not hold, so the book cannot check them. The strategy's rise in people
# aged 90 and over is also unclear: it may be a total or a rise.

# %% tags=["remove-input"]
HTML(page.page_link_html(data.ascof_series(project), council, name))

# %% [markdown]
# ## The council's plans, and which could be more preventive
#
# Appendix 1 of the strategy takes each ambition of the council's Corporate Plan, its main plan. For each
# one it says what the council does today, how the work could be more preventive, and the benefit of
# investing more in prevention. The ambitions are grouped by stage of life, plus a group for the whole
# county. Where a cell of the table is empty, this book counts it as "none stated".

# %% tags=["remove-input"]
counts = prev.ambitions_by_life_stage(ambitions)
HTML(paragraph(prev.ambitions_sentence(counts)))

# %% tags=["remove-input"]
drawn = prev.ambitions_drawn(counts)
chart = charts.Chart(
    name="corporate-plan-ambitions-by-life-stage",
    title=prev.ambitions_title(counts),
    subtitle="Corporate Plan ambitions in Appendix 1, by what the strategy states for each; counted by "
    "this book.",
    source="Hertfordshire County Council, Prevention Strategy (November 2018), Appendix 1",
    alt=prev.ambitions_alt(drawn),
)
draw = partial(charts.stacked_bars, drawn, "life_stage", prev.ambitions_parts(drawn), "number of ambitions")
HTML(charts.publish(draw, chart, drawn))

# %% tags=["remove-input"]
HTML(charts.table_html(prev.ambitions_display(counts), "Corporate Plan ambitions by life stage (counted)"))

# %% [markdown]
# Some rows of Appendix 1 are hard to read. One row seems to repeat text from other rows, one cell holds
# two ambitions, and several rows share the same words. This book counts each row as printed.

# %% [markdown]
# ### Work for adults with a learning disability
#
# One row of Appendix 1, for people of working age, makes a claim that national data can test. Every council
# reports the share of its adults with a learning disability who are in paid work, as part of the Adult
# Social Care Outcomes Framework (ASCOF).

# %% tags=["remove-input"]
HTML(paragraph(prev.ld_employment_sentence(claims, ld_rows, written, name)))

# %% tags=["remove-input"]
HTML(paragraph(prev.claims_sentence(prev.claims_against_ascof(claims, data.ascof_trend(project), council))))

# %% [markdown]
# ## Early education
#
# Under "a good start in life", Appendix 1 gives figures for early education: the free places
# offered to young children before school. The table sets them beside the Department for Education's
# nearest measures.

# %% tags=["remove-input"]
years = prev.early_years(evidence, census, census_year)
HTML(
    paragraph(
        prev.early_years_sentence(evidence, years, census_year, dates.loc["ps-cabinet-panel-meeting", "date"])
    )
)

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        prev.early_years_display(evidence, years, census_year),
        f"Early education: the strategy's figures and the DfE's for January {census_year}",
        html_columns=("Strategy, November 2018",),
    )
)

# %% tags=["remove-input"]
compared = prev.neighbours_take_up(census, neighbours, census_year)
HTML(paragraph(prev.neighbours_sentence(compared, census_year)))

# %% tags=["remove-input"]
chart = charts.Chart(
    name=f"early-education-neighbours-{census_year}",
    title=prev.neighbours_title(compared, census_year),
    subtitle=f"Eligible 2 year olds taking up a funded early education place, per cent, January {census_year}; "
    "England's bar is hatched.",
    source="Department for Education, Local Authority Interactive Tool: funded early education and "
    "children's services statistical neighbours (April 2021 list)",
    alt=prev.neighbours_alt(compared, census_year),
    national_files=(data.DFE_EARLY_EDUCATION, data.DFE_NEIGHBOURS),
)
draw = partial(
    charts.bars,
    compared,
    "area",
    "take_up_percent",
    prev.neighbours_labels(compared),
    "Per cent of eligible 2 year olds",
    hatched=prev.neighbours_hatched(compared),
    highlighted=prev.neighbours_highlighted(compared),
)
HTML(charts.publish(draw, chart, compared))

# %% [markdown]
# ## Connect and Prevent
#
# Adult care is the council's help for adults who are older, disabled or ill.

# %% tags=["remove-input"]
HTML(paragraph(prev.connect_and_prevent_sentence(evidence, key_areas)))

# %% tags=["remove-input"]
HTML(prev.bullet_list(prev.items(key_areas)))

# %% tags=["remove-input"]
HTML(paragraph(prev.spike_sentence(dates)))

# %% [markdown]
# ## Spending on preventative services in adult care

# %% tags=["remove-input"]
HTML(paragraph(prev.spend_sentence(evidence, spend)))

# %% tags=["remove-input"]
HTML(paragraph(prev.spend_share_sentence(spend)))

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        prev.spend_display(evidence, spend),
        "Preventative services and all adult care spending",
        html_columns=("Preventative services", "All adult care", "Share as printed"),
    )
)

# %% [markdown]
# The Local Account prints these amounts as "millions", but they are thousands of pounds: the parts add up
# to the total only that way. Its "preventative services" is one line of the adult care budget. Much other
# work that the strategy calls preventive sits in other lines.

# %% [markdown]
# ## Connected Lives

# %% tags=["remove-input"]
HTML(paragraph(prev.connected_lives_sentence(evidence)))

# %% [markdown]
# ## What the sources do not show
#
# - Whether any of the programmes the strategy scoped went ahead, or what they cost.
# - Whether the Corporate Plan ambitions became more preventive after 2018.
# - What the Connect and Prevent savings are measured against, or by when.
# - Preventative spending after 2019/20.
#
# Every figure in this chapter links to the words it was taken from on the
# [Sources and evidence](../book/evidence.md) page.
# The [audit](../book/audit.md) page lists where the sources disagree with each other or with
# national data.
