# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Early help
#
# Early help is support for children and families when problems first appear, before they need social
# workers or other services the law requires. In July 2023 Hertfordshire County Council's cabinet, the
# councillors who lead the council, agreed to consult the public on a new design for its early help
# services. The aim was to save money. This chapter sets out what would change and what the council was
# asked to save. It looks at the extra money for other children's services, and how much of it the news
# report accounts for. It then sets out the council's promise on special educational needs, the early
# help measures in the 2018 Prevention Strategy, and the order in which decisions were to be made.
#
# The [glossary](../book/glossary.md) explains the terms used.

# %% tags=["parameters"]
life_stage: str = (
    "Children, young people and their families"  # Appendix 1 life stage whose ambitions are listed
)
count_send_in_injection: bool = False  # count the extra SEND money a year as part of the injection (not said)

# %% tags=["remove-cell"]
from functools import partial

from IPython.display import HTML

from hertsbook.content import audit, charts, data
from hertsbook.content import council_page as page
from hertsbook.content.places import HERTFORDSHIRE, HERTFORDSHIRE_ONS
from hertsbook.content.text import key_points_html, paragraph
from hertsbook.content.themes import early_help as eh
from hertsbook.content.themes import prevention as prev
from hertsbook.project import Project

project = Project.find()
evidence = data.evidence(project)
evidence = audit.annotate(evidence, audit.run(project))  # notes beside the figures the audit checks
dates = data.dates(project)
changes = data.table(project, "lists/early_help_redesign_changes.csv")
ambitions = data.table(project, "lists/corporate_plan_ambitions.csv")
aims = data.table(project, "lists/early_help_stated_aims.csv")
census = data.dfe_early_education(project)

# %% [markdown]
# ## Key points

# %% tags=["remove-input"]
HTML(key_points_html(eh.key_points(evidence, aims, changes)))

# %% [markdown]
# ## What the redesign would change
#
# The book's only source for the redesign is a local news report of the cabinet meeting. The report draws
# on the cabinet's own reports, which the book does not hold.

# %% tags=["remove-input"]
HTML(paragraph(eh.aim_sentence(aims)))

# %% [markdown]
# According to the news report, the plans were that:

# %% tags=["remove-input"]
HTML(prev.bullet_list(prev.items(changes)))

# %% [markdown]
# A family hub brings services for families into one place: social care, health, education, youth
# services, district councils and charities.

# %% [markdown]
# ## The savings asked of children's services

# %% tags=["remove-input"]
HTML(paragraph(eh.savings_sentence(evidence)))

# %% [markdown]
# ## The extra money for children's services

# %% tags=["remove-input"]
parts = eh.injection(evidence, count_send_in_injection)
HTML(paragraph(eh.injection_sentence(evidence, parts)))

# %% tags=["remove-input"]
drawn = eh.injection_drawn(parts)
chart = charts.Chart(
    name="childrens-services-injection" + ("-with-send" if count_send_in_injection else ""),
    title=eh.injection_title(parts),
    subtitle=eh.injection_subtitle(evidence),
    source="Local news report of the cabinet meeting on early help, July 2023",
    alt=eh.injection_alt(parts),
)
draw = partial(
    charts.bars,
    drawn,
    "part",
    "million_pounds",
    eh.injection_labels(parts),
    "£ million",
    hatched=eh.injection_hatched(drawn),
)
HTML(charts.publish(draw, chart, drawn))

# %% [markdown]
# "Just over" means the named parts are slightly larger, and the part not itemised slightly smaller, than
# shown. The article does not say where the rest goes.

# %% [markdown]
# ## Special educational needs and disabilities

# %% tags=["remove-input"]
HTML(paragraph(eh.send_sentence(evidence)))

# %% [markdown]
# ## Early help in the 2018 Prevention Strategy
#
# The Prevention Strategy of November 2018 (see the {doc}`Prevention <prevention>` chapter) gives some
# figures on early years and early help. They show where the council stood, or what it planned to
# measure, well before the redesign.

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        eh.strategy_measures(evidence),
        "The Prevention Strategy's figures on early help and early years",
        html_columns=("Figure",),
    )
)

# %% [markdown]
# ### Take-up of free early education by 2 year olds, every year
#
# The Department for Education (DfE) counts each January how many of the 2 year olds who can have a free
# early education place take one up. The chart shows every year of its count that the book holds.

# %% tags=["remove-input"]
take_up = eh.take_up(census)
breaks = eh.take_up_breaks(census)
HTML(paragraph(eh.take_up_sentence(take_up, breaks, eh.last_year_falls(census))))

# %% tags=["remove-input"]
drawn = eh.take_up_drawn(take_up, breaks)
series = eh.take_up_series(drawn)
chart = charts.Chart(
    name="early-education-take-up-every-year",
    title=eh.take_up_title(take_up),
    subtitle="Eligible 2 year olds taking up a funded early education place, per cent, each January; "
    "Hertfordshire's line is the thicker one.",
    source="Department for Education, Local Authority Interactive Tool: funded early education",
    alt=eh.take_up_alt(take_up),
    national_files=(data.DFE_EARLY_EDUCATION,),
)
draw = partial(
    charts.small_multiple_lines,
    drawn,
    "panel",
    "january_census",
    series,
    highlighted=eh.take_up_highlighted(series),
)
HTML(charts.publish(draw, chart, drawn))

# %% [markdown]
# The strategy's Appendix 1 also lists the council's ambitions for each stage of life. The table shows
# those for the chosen group, with what the strategy says could be more preventive.

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        prev.ambitions_for_stage(ambitions, life_stage),
        f"Corporate Plan ambitions: {life_stage}",
    )
)

# %% tags=["remove-input"]
HTML(page.page_link_html(data.ascof_series(project), HERTFORDSHIRE_ONS, HERTFORDSHIRE))

# %% [markdown]
# ## The decision timeline
#
# The news report gives the day of the cabinet meeting and the month of the report back, but no year.
# The book records a date only when the source prints it in full. So the steps of the redesign are shown
# in the report's order and in its words.

# %% tags=["remove-input"]
HTML(
    charts.table_html(
        eh.timeline_display(eh.timeline(evidence, dates)),
        "Early help: dated events and the steps the news report describes",
        html_columns=("Figure",),
    )
)

# %% [markdown]
# ## What the sources do not show
#
# - What the public said in the consultation, or what the cabinet then decided.
# - Which young people's centres would close, or how much youth work would be cut.
# - Where the part of the extra money that is not itemised goes.
# - Whether the council made the savings it was asked to make.
#
# Every figure in this chapter links to the words it was taken from on the
# [Sources and evidence](../book/evidence.md) page.
# The [audit](../book/audit.md) page lists where the sources disagree with each other or with
# national data.
