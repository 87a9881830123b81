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
# This chapter is being written. It will cover the 2023 redesign of early help (family centres, family help and services for young people), the savings asked of children's services, the £19m injection and how much of it the sources allocate, and the decision timeline.
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
counts = coming.evidence_by_source(data.evidence(project), "early_help")
HTML(
    charts.table_html(
        counts.rename(columns={"source": "Source document", "values": "Figures"}),
        "Figures held for this theme, by source document",
    )
)
