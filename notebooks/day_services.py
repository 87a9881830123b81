# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Day services
#
# Day services are places and activities for adults with care needs during the day. They serve older people
# and people with a learning or physical disability. They also give family carers a break. This chapter
# follows the road from the council's first plans for new day services to its new Day Services
# Strategy. It shows who helped to shape the strategy, what it promises and what the council spent.

# %% tags=["parameters"]
council: str = "E10000015"  # ONS code of the council whose long term care is set beside England (Hertfordshire: E10000015)

# %% tags=["remove-cell"]
from functools import partial

from IPython.display import HTML

from hertsbook.content import charts, councils, data, numbers
from hertsbook.content import council_page as page
from hertsbook.content.text import key_points_html, paragraph
from hertsbook.content.themes import day_services as ds
from hertsbook.project import Project

project = Project.find()
evidence = data.evidence(project)
dates = data.dates(project)
phase1 = data.table(project, "lists/day_services_phase1_themes.csv")
principles = data.table(project, "lists/day_services_principles.csv")
objectives = data.table(project, "lists/day_services_objectives.csv")
equality = data.table(project, "lists/day_services_equality_impact.csv")
chosen = ds.spend(evidence)
long_term = data.ascfr_long_term(project)
adults = data.ascfr_adults(project)
name = councils.names(project).get(council, council)
spend_settings = ds.settings_table(long_term, adults, "spend", council)
client_settings = ds.settings_table(long_term, adults, "clients", council)

# %% tags=["remove-input"]
HTML(councils.own_documents_note(council, name))

# %% [markdown]
# ## Key points

# %% tags=["remove-input"]
HTML(key_points_html(ds.key_points(evidence, dates, chosen, equality)))

# %% [markdown]
# ## Hertfordshire's road from plan to strategy
#
# The council's plan for adult care services promised a new and attractive model of day opportunities. It
# was meant for disabled people, older people and their carers. The Local Account says the council
# "developed a new strategy for Day Opportunities" in those years. It says it was still working on a new
# model. Of the book's sources, the next to mention day services is the summary of the cabinet panel of
# July 2025. It describes the consultation on a full strategy and the strategy itself.

# %% tags=["remove-input"]
HTML(paragraph(ds.timeline_sentence(dates, evidence)))

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        ds.timeline_display(ds.timeline(dates, evidence)),
        "Steps on the road to the Day Services Strategy, with the words each date comes from",
    )
)

# %% [markdown]
# ## Who shaped Hertfordshire's strategy
#
# Co-production means that the people who use a service help to design it, as equal partners with staff.

# %% tags=["remove-input"]
HTML(paragraph(ds.coproduction_sentence(evidence, phase1)))

# %% [markdown]
# In the first round, people said these things matter to them:

# %% tags=["remove-input"]
HTML(ds.numbered_list_html(ds.listed(phase1)))

# %% [markdown]
# The second round looked at buildings and transport. It also asked about the needs of some groups: people
# with the most complex learning disabilities, people whose behaviour can be hard to manage, young people,
# and older people, including those living with dementia.
#
# ## What Hertfordshire's strategy promises

# %% tags=["remove-input"]
HTML(paragraph(ds.strategy_sentence(evidence, principles, objectives)))

# %% [markdown]
# ### The principles

# %% tags=["remove-input"]
HTML(ds.numbered_list_html(ds.listed(principles)))

# %% [markdown]
# ### The objectives

# %% tags=["remove-input"]
HTML(ds.numbered_list_html(ds.listed(objectives)))

# %% [markdown]
# ## What people said in Hertfordshire's consultation

# %% tags=["remove-input"]
HTML(paragraph(ds.consultation_sentence(evidence)))

# %% [markdown]
# People also said how much day services mean to them and their families. Many said they would worry about
# any cuts. Some praised the staff. If the Cabinet agrees the strategy, officers will review the services
# across the county and write a plan to deliver it. They will consult people on any big change.

# %% tags=["remove-input"]
HTML(paragraph(ds.equality_sentence(equality)))

# %% [markdown]
# ## What Hertfordshire spent
#
# The Local Account splits the council's adult care spend into service areas. Two of them matter most for
# day services. *Provider services* are the services the council runs itself. They include day centres, but
# also supported living, equipment and advice services, so not all of this money goes on day services.
# *Transport* is the council's own transport to and from day services. The figures are net spend, in
# thousands of pounds, for the years the Local Account covers. No later figures are public in the
# sources.

# %% tags=["remove-input"]
HTML(paragraph(ds.spend_sentence(evidence, chosen)))

# %% tags=["remove-input"]
drawn = ds.spend_drawn(chosen)
chart = charts.Chart(
    name="day-services-spend",
    title=ds.spend_title(drawn),
    subtitle="Net spend, from the Local Account's amounts in thousands of pounds.",
    source="Hertfordshire County Council, Adult Care Services Local Account 2018 - 2020",
    alt=ds.spend_alt(drawn),
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

# %% [markdown]
# The table gives each figure with its share of all adult care spend. The column for both areas together is
# worked out by this book.

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        ds.spend_display(evidence, chosen),
        "Net spend on provider services and day-services transport, with each year's total",
        html_columns=("Provider services", "Day-services transport", "All adult care spend"),
    )
)

# %% [markdown]
# ## Long term care by support setting, beside England
#
# NHS Digital's Adult Social Care Activity and Finance Report gives every council's spend on long term care,
# and the number of people it supports, by *support setting*: where and how the care is given. The figures
# below are for the council chosen for this page, beside England, for 2021-22.

# %% tags=["remove-input"]
HTML(paragraph(ds.settings_sentence(spend_settings, client_settings, council, name)))

# %% tags=["remove-input"]
settings_drawn = ds.spend_settings_drawn(spend_settings, council, name)
chart = charts.Chart(
    name=f"long-term-care-settings-{council}",
    title=ds.spend_settings_title(settings_drawn, name),
    subtitle="Gross current spend on long term care per 100,000 adults, by support setting, 2021-22.",
    source="NHS Digital, Adult Social Care Activity and Finance Report, England 2021-22, tables 36, 43 and 44",
    alt=ds.spend_settings_alt(settings_drawn, name),
    national_files=(data.ASCFR,),
)
draw = partial(
    charts.grouped_bars,
    settings_drawn,
    "support_setting",
    ds.spend_settings_series(settings_drawn, name),
    "Spend per 100,000 adults",
    value_format=numbers.thousands_short,
)
HTML(charts.publish(draw, chart, settings_drawn))

# %% [markdown]
# ### What a setting includes

# %% tags=["remove-input"]
HTML(paragraph(ds.other_care_sentence(ds.ascfr_quotes(project), long_term)))

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        ds.settings_display(client_settings, council, name, "clients"),
        "Adults with long term support during 2021-22 per 100,000 adults, by support setting",
    )
)

# %% tags=["remove-input"]
HTML(page.page_link_html(data.ascof_series(project), council, name))
