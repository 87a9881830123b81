"""What the book already holds for a theme whose chapter is still to be written."""

from __future__ import annotations

import pandas as pd


def evidence_by_source(evidence: pd.DataFrame, theme: str) -> pd.DataFrame:
    """How many values each source document gives for the theme, most first."""
    tagged = evidence[evidence["themes"].str.split(";").apply(lambda themes: theme in themes)]
    counts = tagged.groupby("source").size().rename("values").reset_index()
    return counts.sort_values(["values", "source"], ascending=[False, True], ignore_index=True)
