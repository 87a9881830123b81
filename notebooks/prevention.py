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
# This chapter is being written. It will cover the Prevention Strategy of November 2018: its aims, building blocks and the programmes it scoped, the population change to 2037 it argues from, the Corporate Plan ambitions by life stage, early-years take-up, the Connect and Prevent programme and spending on preventative services.
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
counts = coming.evidence_by_source(data.evidence(project), "prevention")
HTML(
    charts.table_html(
        counts.rename(columns={"source": "Source document", "values": "Figures"}),
        "Figures held for this theme, by source document",
    )
)
