"""Adult care performance: the local account's key measures and ASCOF table, national data beside them.

Pure functions over data frames: the notebook loads, calls these and shows the results.
"""

from __future__ import annotations

from textwrap import shorten

import pandas as pd

from hertsbook.project import Project
from hertsbook.text import figure

ENGLAND = "E92000001"
# ASCOF codes kept their meaning until 2022-23; 2023-24 reused them for other measures.
COMPARABLE_YEARS = ("2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23")
STATUS_MET, STATUS_MISSED, STATUS_NO_FIGURE = "met", "missed", "no 2019/20 figure"


def parameter_choices(project: Project) -> dict[str, list[str]]:
    """The closed sets for this chapter's parameters, from the national data itself."""
    from hertsbook import data

    trend = data.ascof_trend(project)
    councils = trend.loc[trend["level"] == "Council", "code"].dropna()
    return {
        "council": sorted(councils.unique()),
        "year": [y for y in COMPARABLE_YEARS if y in set(trend["year"])],
    }


def _cells(evidence: pd.DataFrame, layout: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Replace each evidence id in the layout by its value, keeping the id and the figure as written."""
    out = layout.drop(columns=list(columns))
    for column, name in columns.items():
        rows = evidence.loc[layout[column]]
        out[name] = rows["value"].to_numpy()
        out[f"{name}_id"] = layout[column].to_numpy()
        out[f"{name}_text"] = [figure(w, u) for w, u in zip(rows["written"], rows["unit"], strict=True)]
        out[f"{name}_period"] = rows["period"].to_numpy()
    out["unit"] = evidence.loc[layout[next(iter(columns))], "unit"].to_numpy()
    return out


def key_measures(evidence: pd.DataFrame, layout: pd.DataFrame) -> pd.DataFrame:
    """The key-measures table with each measure's status against its 2019/20 target.

    A measure whose "performance for 2019/20" cell holds a figure for another year (the document marks the
    carers' quality of life "(2018/19 figure)") gets no status rather than a guess.
    """
    table = _cells(
        evidence,
        layout,
        {"target_2019_20": "target", "performance_2019_20": "performance", "target_2020_21": "next_target"},
    )
    higher = table["better"] == "higher"
    met = (higher & (table["performance"] >= table["target"])) | (
        ~higher & (table["performance"] <= table["target"])
    )
    status = met.map({True: STATUS_MET, False: STATUS_MISSED})
    table["status"] = status.where(table["performance_period"] == "2019/20", STATUS_NO_FIGURE)
    return table


def target_counts(table: pd.DataFrame) -> dict[str, int]:
    counts = table["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in (STATUS_MET, STATUS_MISSED, STATUS_NO_FIGURE)} | {
        "all": len(table)
    }


def targets_sentence(table: pd.DataFrame) -> str:
    c = target_counts(table)
    sentence = (
        f"The council set {c['all']} key measures for 2019/20. It met its target on {c[STATUS_MET]} of them "
        f"and missed it on {c[STATUS_MISSED]}."
    )
    if c[STATUS_NO_FIGURE]:
        sentence += (
            f" For {c[STATUS_NO_FIGURE]} the document gives only an earlier year's figure, so the book does not "
            "say whether the target was met."
        )
    return sentence


def ascof_table(evidence: pd.DataFrame, layout: pd.DataFrame) -> pd.DataFrame:
    """The local account's ASCOF comparison, cells in the order the evidence established."""
    return _cells(
        evidence,
        layout,
        {
            "herts_2019_20": "herts_2019_20",
            "herts_2018_19": "herts_2018_19",
            "england_2018_19": "england_2018_19",
            "comparator_2018_19": "comparator_2018_19",
        },
    )


def national_check(ascof: pd.DataFrame, trend: pd.DataFrame, council: str = "E10000015") -> pd.DataFrame:
    """Each figure of the local account's ASCOF table beside the national data for the same measure and year."""
    checks = [
        ("herts_2019_20", council, "2019-20"),
        ("herts_2018_19", council, "2018-19"),
        ("england_2018_19", ENGLAND, "2018-19"),
    ]
    rows = []
    for _, row in ascof.iterrows():
        for column, code, year in checks:
            found = trend[
                (trend["code"] == code) & (trend["year"] == year) & (trend["measure"] == row["ascof_code"])
            ]
            national = float(found["value"].iloc[0]) if len(found) == 1 else None
            rows.append(
                {
                    "ascof_code": row["ascof_code"],
                    "cell": column,
                    "document": row[column],
                    "national": national,
                    "agrees": national is not None and abs(national - row[column]) < 1e-9,
                    "evidence_id": row[f"{column}_id"],
                }
            )
    return pd.DataFrame(rows)


def council_vs_england(trend: pd.DataFrame, council: str, year: str, codes: list[str]) -> pd.DataFrame:
    """One council's ASCOF outcomes beside England's for a year, for the given measures (missing left out)."""
    chosen = trend[
        (trend["year"] == year) & trend["measure"].isin(codes) & trend["code"].isin([council, ENGLAND])
    ]
    wide = chosen.pivot_table(index="measure", columns="code", values="value", aggfunc="first")
    if council not in wide.columns or ENGLAND not in wide.columns:
        return pd.DataFrame(columns=["measure", "council", "england", "difference"])
    wide = wide[[council, ENGLAND]].dropna().reindex([c for c in codes if c in wide.index]).dropna()
    out = pd.DataFrame(
        {"measure": wide.index, "council": wide[council].to_numpy(), "england": wide[ENGLAND].to_numpy()}
    )
    out["difference"] = (out["council"] - out["england"]).round(1)
    return out


def council_name(trend: pd.DataFrame, council: str) -> str:
    names = trend.loc[trend["code"] == council, "area"]
    return str(names.iloc[0]) if len(names) else council


def comparable(evidence: pd.DataFrame, layout: pd.DataFrame) -> pd.DataFrame:
    """Measures given for 2019/20 and 2024/25, with the change worked out (and labelled as worked out)."""
    table = _cells(evidence, layout, {"value_2019_20": "y2019_20", "value_2024_25": "y2024_25"})
    table["change"] = table["y2024_25"] - table["y2019_20"]
    table["change_pct"] = (100 * table["change"] / table["y2019_20"]).round(1)
    return table


# --- what the page shows -------------------------------------------------------------------------------


def short_label(measure: str) -> str:
    """A key measure's own words without the pledge in front ("We will increase the …")."""
    text = measure
    for prefix in ("We will increase ", "We will reduce ", "We will meet our target for "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    for article in ("the ", "people’s "):
        if text.startswith(article) and article == "the ":
            text = text[len(article) :]
    return text[0].upper() + text[1:]


def key_measures_display(table: pd.DataFrame) -> pd.DataFrame:
    from hertsbook.text import cite

    return pd.DataFrame(
        {
            "Measure": [short_label(m) for m in table["measure"]],
            "Better if": table["better"].to_numpy(),
            "Target 2019/20": [
                cite(t, i) for t, i in zip(table["target_text"], table["target_id"], strict=True)
            ],
            "Result 2019/20": [
                cite(t + ("" if p == "2019/20" else f" ({p} figure)"), i)
                for t, i, p in zip(
                    table["performance_text"],
                    table["performance_id"],
                    table["performance_period"],
                    strict=True,
                )
            ],
            "Target met?": table["status"].to_numpy(),
            "Target 2020/21": [
                cite(t, i) for t, i in zip(table["next_target_text"], table["next_target_id"], strict=True)
            ],
        }
    )


def key_measures_drawn(table: pd.DataFrame) -> pd.DataFrame:
    """The percentage measures with a 2019/20 result: exactly the numbers the chart draws."""
    chosen = table[(table["unit"] == "%") & (table["status"] != STATUS_NO_FIGURE)]
    return pd.DataFrame(
        {
            "measure": [short_label(m) for m in chosen["measure"]],
            "better_if": chosen["better"].to_numpy(),
            "target_2019_20_percent": chosen["target"].to_numpy(),
            "result_2019_20_percent": chosen["performance"].to_numpy(),
            "status": chosen["status"].to_numpy(),
        }
    )


def key_measures_alt(drawn: pd.DataFrame) -> str:
    gaps = drawn["result_2019_20_percent"] - drawn["target_2019_20_percent"]
    worst = drawn.loc[gaps.abs().idxmax()]
    missed = int((drawn["status"] == STATUS_MISSED).sum())
    return (
        f"Dot chart of {len(drawn)} percentage key measures, 2019/20 target against result: {missed} missed. "
        f"Widest gap: {shorten(worst['measure'], 60, placeholder='…')}, {worst['result_2019_20_percent']:g}% against "
        f"{worst['target_2019_20_percent']:g}%."
    )


def ascof_display(ascof: pd.DataFrame, check: pd.DataFrame) -> pd.DataFrame:
    from hertsbook.text import cite

    agrees = check.groupby("ascof_code")["agrees"].all()

    def linked(column: str) -> list[str]:
        return [cite(t, i) for t, i in zip(ascof[f"{column}_text"], ascof[f"{column}_id"], strict=True)]

    return pd.DataFrame(
        {
            "Measure": ascof["measure"].to_numpy(),
            "Hertfordshire 2019/20": linked("herts_2019_20"),
            "Hertfordshire 2018/19": linked("herts_2018_19"),
            "England average 2018/19": linked("england_2018_19"),
            "Similar councils' average 2018/19": linked("comparator_2018_19"),
            "Matches national data?": ["yes" if agrees[c] else "no" for c in ascof["ascof_code"]],
        }
    )


def council_drawn(comparison: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The percentage measures of the national comparison, as drawn (scores and rates have other scales)."""
    percent = comparison[~comparison["measure"].isin(["1A", "1D", "1J", "2A1", "2A2"])]
    return pd.DataFrame(
        {
            "measure": [names.get(m, m) for m in percent["measure"]],
            "ascof_code": percent["measure"].to_numpy(),
            "council_percent": percent["council"].to_numpy(),
            "england_percent": percent["england"].to_numpy(),
        }
    )


def council_alt(drawn: pd.DataFrame, council: str, year: str) -> str:
    above = int((drawn["council_percent"] > drawn["england_percent"]).sum())
    gaps = drawn["council_percent"] - drawn["england_percent"]
    widest = drawn.loc[gaps.abs().idxmax()]
    return (
        f"Dot chart of {len(drawn)} ASCOF measures, {council} against England in {year}: above England on {above}. "
        f"Widest gap: {shorten(widest['measure'], 50, placeholder='…')}."
    )


def council_sentence(drawn: pd.DataFrame, council: str, year: str) -> str:
    above = int((drawn["council_percent"] > drawn["england_percent"]).sum())
    below = int((drawn["council_percent"] < drawn["england_percent"]).sum())
    return (
        f"In {year}, {council} did better than the England average on {above} of these {len(drawn)} measures "
        f"and worse on {below}. For every measure here a higher figure is better."
    )


def comparable_display(table: pd.DataFrame) -> pd.DataFrame:
    from hertsbook.text import cite

    return pd.DataFrame(
        {
            "Measure": table["measure"].to_numpy(),
            "2019/20": [
                cite(t, i) for t, i in zip(table["y2019_20_text"], table["y2019_20_id"], strict=True)
            ],
            "2024/25": [
                cite(t, i) for t, i in zip(table["y2024_25_text"], table["y2024_25_id"], strict=True)
            ],
            "Change (worked out)": [
                f"{c:+,g} ({p:+g}%)" for c, p in zip(table["change"], table["change_pct"], strict=True)
            ],
            "Same measure?": table["comparable"].to_numpy(),
            "Caveat": table["caveat"].to_numpy(),
        }
    )
