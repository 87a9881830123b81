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
# This chapter is being written. It will cover the road from the day opportunities work in the 2018–2020 local account to the Day Services Strategy 2025–2030: a timeline, the two co-production phases, the eight principles and nine objectives, the consultation result and spending on provider services and transport.
#
# Every figure it uses is already in the book's evidence, taken word for word from the source documents
# and checked against them each time the book is built. The table below counts those figures by document.

# %% tags=["parameters"]
# This chapter has no parameters yet.

# %% tags=["remove-input"]
from IPython.display import HTML

from hertsbook import charts, data
from hertsbook.project import Project
from hertsbook.themes import coming

project = Project.find()
counts = coming.evidence_by_source(data.evidence(project), "day_services")
HTML(
    charts.table_html(
        counts.rename(columns={"source": "Source document", "values": "Figures"}),
        "Figures held for this theme, by source document",
    )
)
