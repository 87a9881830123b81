"""The councils in the national data, by code, name, type and region: what `python -m hertsbook councils` lists.

One table, read from the national files under data/national/, so a code offered as a parameter's choice
always has its name beside it. A council's type is what its ONS code says (the code's first three
characters name the kind of area); its region is the ONS region that lists it in the population projections.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from hertsbook.content.places import ENGLAND_ONS
from hertsbook.project import Project

# What the first three characters of an ONS (GSS) code say an area is.
CODE_TYPES = {
    "E06": "unitary authority",
    "E07": "district",
    "E08": "metropolitan district",
    "E09": "London borough",
    "E10": "county council",
    "E11": "metropolitan county",
    "E12": "region",
    "E13": "Inner or Outer London",
    "E92": "country",
}
COUNCIL_TYPES = ("unitary authority", "district", "metropolitan district", "London borough", "county council")
NO_REGION = "(not in the 2018-based ONS projections)"  # councils made since, such as after a merger


def area_type(code: str) -> str:
    return CODE_TYPES.get(code[:3], "other area")


def areas(project: Project) -> pd.DataFrame:
    """Every area the national files name: code, name, type and region (the region's name), sorted by code.

    Names come from the ASCOF file's latest year (where a council has been renamed, its current name), then
    from the ONS projections for the areas ASCOF lacks (districts, for example).
    """
    return _areas(project.root).copy()


@cache
def _areas(root: Path) -> pd.DataFrame:
    from hertsbook.content import data

    project = Project(root)
    trend = data.ascof_trend(project)
    named = (
        trend.dropna(subset=["code"]).sort_values("year", kind="stable").drop_duplicates("code", keep="last")
    )
    names = dict(zip(named["code"], named["area"], strict=True))
    snpp = data.table(project, f"national/{data.ONS_SNPP}")[["CODE", "AREA"]].drop_duplicates("CODE")
    regions: dict[str, str] = {}
    region = None
    for code, name in zip(snpp["CODE"], snpp["AREA"], strict=True):  # ONS lists each region, then its areas
        names.setdefault(code, name)
        if code.startswith("E12"):
            region = names[code]
        elif region is not None and not code.startswith("E92"):
            regions[code] = region
    codes = sorted(c for c in names if c.startswith("E") and c != ENGLAND_ONS)
    return pd.DataFrame(
        {
            "code": codes,
            "name": [names[c] for c in codes],
            "type": [area_type(c) for c in codes],
            "region": [names[c] if c.startswith("E12") else regions.get(c, NO_REGION) for c in codes],
        }
    )


def councils(project: Project) -> pd.DataFrame:
    """The councils among `areas` (no regions, counties of districts or England): code, name, type, region."""
    table = areas(project)
    return table[table["type"].isin(COUNCIL_TYPES)].reset_index(drop=True)


def names(project: Project) -> dict[str, str]:
    """Each area's name by its code."""
    table = areas(project)
    return dict(zip(table["code"], table["name"], strict=True))


def listing(table: pd.DataFrame) -> str:
    """The table as aligned text columns with a header line (what the `councils` command prints)."""
    columns = ["code", "name", "type", "region"]
    widths = {c: max(len(c), *(len(str(v)) for v in table[c])) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip()]
    lines += [
        "  ".join(str(v).ljust(widths[c]) for c, v in zip(columns, row, strict=True)).rstrip()
        for row in table[columns].itertuples(index=False)
    ]
    return "\n".join(lines)


def own_documents_note(council: str, name: str) -> str:
    """One sentence for a chapter run for another council: its sections from Hertfordshire's own documents are
    Hertfordshire's, not the chosen council's. Nothing when the chosen council is Hertfordshire."""
    from hertsbook.content.places import HERTFORDSHIRE, HERTFORDSHIRE_ONS
    from hertsbook.content.text import html_text

    if council == HERTFORDSHIRE_ONS:
        return ""
    return (
        f'<p class="hb-run-note">This page is run for {html_text(name)}, but the sections marked as '
        f"{HERTFORDSHIRE}’s come from {HERTFORDSHIRE} County Council’s own documents and describe "
        f"{HERTFORDSHIRE}, not {html_text(name)}.</p>"
    )
