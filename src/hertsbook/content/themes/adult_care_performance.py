"""Adult care performance: the local account's key measures and ASCOF table, national data beside them.

Pure functions over data frames: the notebook loads, calls these and shows the results.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from textwrap import shorten
from typing import Any

import pandas as pd

from hertsbook.content import ascof
from hertsbook.content.data import ASCOF_SERIES, ASCOF_TREND, spend_column, spend_column_year
from hertsbook.content.numbers import figure, money_thousands, number, percent, rounds_to
from hertsbook.content.places import ENGLAND, ENGLAND_ONS, HERTFORDSHIRE, HERTFORDSHIRE_ONS
from hertsbook.content.text import (
    audit_note,
    audited,
    cite,
    cited_as_printed,
    html_text,
    national,
    paragraph,
    period_is_read,
    period_text,
)
from hertsbook.project import Project

# ASCOF codes kept their meaning until 2022-23; 2023-24 reused them for other measures.
COMPARABLE_YEARS = ("2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23")
STATUS_MET, STATUS_MISSED, STATUS_NO_FIGURE = "met", "missed", "no 2019/20 figure"


def parameter_choices(project: Project) -> dict[str, list[str]]:
    """The closed sets for this chapter's parameters, from the DHSC time series itself: every council it
    holds (with an ONS code) and every year, 2015-16 to 2024-25."""
    from hertsbook.content import data

    series = data.ascof_series(project)
    return {"council": list(ascof.councils(series)["code"]), "year": ascof.years(series)}


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


def dhsc_codes(contents: pd.DataFrame) -> dict[str, str]:
    """Each DHSC series measure by its 2022-23 code as the older compilation writes it ("1I(1)" is 1I1).

    The workbook's Contents gives each 2024-25 measure's 2022-23 code; a measure new in 2023-24 or later
    has none ("Not applicable").
    """
    return {
        old.replace("(", "").replace(")", ""): measure
        for measure, old in zip(contents["measure"], contents["code_2022_23"], strict=True)
        if old and old != "Not applicable"
    }


def national_ascof(trend: pd.DataFrame, series: pd.DataFrame, contents: pd.DataFrame) -> pd.DataFrame:
    """ASCOF for the comparable years (2017-18 to 2022-23) by the 2022-23 codes, each figure taken from DHSC's
    official time series where it holds the measure that year, otherwise from the older compilation.

    The DHSC series holds the survey measures from 2015-16 but the measures from returns (direct payments,
    1E, 1G, 2A to 2C) only from 2024-25, on client-level data: for those years they stay the compilation's.
    Rows: year, code, measure (2022-23 code), value, and `file`, the national file the figure comes from.
    """
    back = {new: old for old, new in dhsc_codes(contents).items()}
    own = series[series["measure"].isin(back) & series["year"].isin(COMPARABLE_YEARS)]
    official = pd.DataFrame(
        {
            "year": own["year"].to_numpy(),
            "code": own["code"].to_numpy(),
            "measure": own["measure"].map(back).to_numpy(),
            "value": own["value"].to_numpy(),
            "file": ASCOF_SERIES,
        }
    )
    held = set(zip(official["measure"], official["year"], strict=True))
    older = trend[trend["year"].isin(COMPARABLE_YEARS)]
    kept = [(m, y) not in held for m, y in zip(older["measure"], older["year"], strict=True)]
    rest = older.loc[kept, ["year", "code", "measure", "value"]].assign(file=ASCOF_TREND)
    return pd.concat([official.dropna(subset=["value"]), rest], ignore_index=True)


def national_check(
    ascof: pd.DataFrame, national: pd.DataFrame, council: str = HERTFORDSHIRE_ONS
) -> pd.DataFrame:
    """Each figure of the local account's ASCOF table beside the national data for the same measure and year.

    `national` is `national_ascof(...)`: each figure from the DHSC series where it holds it; `file` says which.
    """
    trend = national
    checks = [
        ("herts_2019_20", council, "2019-20"),
        ("herts_2018_19", council, "2018-19"),
        ("england_2018_19", ENGLAND_ONS, "2018-19"),
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
                    "file": str(found["file"].iloc[0]) if len(found) == 1 else "",
                    "agrees": national is not None and abs(national - row[column]) < 1e-9,
                    "evidence_id": row[f"{column}_id"],
                }
            )
    return pd.DataFrame(rows)


def council_vs_england(trend: pd.DataFrame, council: str, year: str, codes: list[str]) -> pd.DataFrame:
    """One council's ASCOF outcomes beside England's for a year, for the given measures (missing left out)."""
    chosen = trend[
        (trend["year"] == year) & trend["measure"].isin(codes) & trend["code"].isin([council, ENGLAND_ONS])
    ]
    wide = chosen.pivot_table(index="measure", columns="code", values="value", aggfunc="first")
    if council not in wide.columns or ENGLAND_ONS not in wide.columns:
        return pd.DataFrame(columns=["measure", "council", "england", "difference"])
    wide = wide[[council, ENGLAND_ONS]].dropna().reindex([c for c in codes if c in wide.index]).dropna()
    out = pd.DataFrame(
        {"measure": wide.index, "council": wide[council].to_numpy(), "england": wide[ENGLAND_ONS].to_numpy()}
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


def key_measures_display(
    table: pd.DataFrame, compared: pd.DataFrame | None = None, evidence: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The key-measures table; with `compared` (the audit's check against national ASCOF), each printed result
    that differs from the national figure has that figure beside it; with `evidence` (annotated), the audit's
    notes."""
    differs = {} if compared is None else _national_differences(compared)

    def note(evidence_id: str) -> str:
        return "" if evidence is None else audit_note(evidence, evidence_id)

    return pd.DataFrame(
        {
            "Measure": [short_label(m) for m in table["measure"]],
            "Better if": table["better"].to_numpy(),
            "Target 2019/20": [
                cite(t, i) for t, i in zip(table["target_text"], table["target_id"], strict=True)
            ],
            "Result 2019/20": [
                cite(t + ("" if p == "2019/20" else f" ({p} figure)"), i)
                + (f" (national data: {differs[k]})" if k in differs else "")
                + note(i)
                for t, i, p, k in zip(
                    table["performance_text"],
                    table["performance_id"],
                    table["performance_period"],
                    table["measure_key"],
                    strict=True,
                )
            ],
            "Target met?": table["status"].to_numpy(),
            "Target 2020/21": [
                cite(t, i) for t, i in zip(table["next_target_text"], table["next_target_id"], strict=True)
            ],
        }
    )


def _national_text(row: pd.Series, value: float) -> str:
    """A national ASCOF value written with the decimals and unit of the printed figure beside it, linked to
    the national file it comes from (`file`)."""
    decimals = len(row["written"].split(".")[1]) if "." in row["written"] else 0
    return national(figure(f"{value:.{decimals}f}", row["unit"]), row["file"])


def _national_differences(compared: pd.DataFrame) -> dict[str, str]:
    """For each key measure whose printed result differs from national ASCOF: the national figure, linked."""
    return {
        row["measure_key"]: _national_text(row, row["national"])
        for _, row in compared[~compared["agrees"] & compared["national"].notna()].iterrows()
    }


def national_differences_sentence(compared: pd.DataFrame) -> str:
    """Where the key-measures table's printed results differ from national ASCOF, said where they are used.

    `compared` is the audit's comparison (hertsbook.content.audit.key_measures_national), not a second one.
    """
    differ = compared[~compared["agrees"] & compared["national"].notna()]
    if differ.empty:
        return (
            f"All {len(compared)} results that are also national ASCOF measures print the figure in the national "
            "data."
        )
    parts = []
    for _, row in differ.iterrows():
        part = (
            f"{html_text(short_label(row['measure']).rstrip('.').lower())}, printed "
            f"{cite(row['printed_text'], row['evidence_id'])} against {_national_text(row, row['national'])}"
        )
        before = row["national_year_before"]
        if before is not None and not pd.isna(before) and abs(before - row["printed"]) < 1e-9:
            part += " (the printed figure is the national one for the year before)"
        parts.append(part)
    return (
        f"{len(differ)} of the {len(compared)} results that are also national ASCOF measures differ from the "
        f"national data for the same year: {'; '.join(parts)}. The table keeps the printed figures, which are "
        "what the council reported against its targets, and notes the national figure beside each."
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


def key_measures_labels(drawn: pd.DataFrame) -> list[str]:
    """Each row's name on the chart, saying so where a lower figure is the better one."""
    return [
        f"{m} (lower is better)" if better == "lower" else m
        for m, better in zip(drawn["measure"], drawn["better_if"], strict=True)
    ]


def key_measures_alt(drawn: pd.DataFrame) -> str:
    gaps = drawn["result_2019_20_percent"] - drawn["target_2019_20_percent"]
    worst = drawn.loc[gaps.abs().idxmax()]
    missed = int((drawn["status"] == STATUS_MISSED).sum())
    return (
        f"Dot chart of {len(drawn)} percentage key measures, 2019/20 target against result: {missed} missed. "
        f"Widest gap: {shorten(worst['measure'], 60, placeholder='…')}, {percent(worst['result_2019_20_percent'])} "
        f"against {percent(worst['target_2019_20_percent'])}."
    )


def ascof_display(
    ascof: pd.DataFrame, check: pd.DataFrame, evidence: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The ASCOF table with each figure linked; with `evidence` (annotated), the audit's notes beside them."""
    agrees = check.groupby("ascof_code")["agrees"].all()

    def linked(column: str) -> list[str]:
        return [
            cite(t, i) + ("" if evidence is None else audit_note(evidence, i))
            for t, i in zip(ascof[f"{column}_text"], ascof[f"{column}_id"], strict=True)
        ]

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
    year, council = html_text(year), html_text(council)
    return (
        f"In {year}, {council} did better than the England average on {above} of these {len(drawn)} measures "
        f"and worse on {below}. For every measure here a higher figure is better."
    )


def comparable_display(table: pd.DataFrame) -> pd.DataFrame:
    from hertsbook.content.text import cite

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
                f"{number(c, sign=True)} ({percent(p, sign=True)})"
                for c, p in zip(table["change"], table["change_pct"], strict=True)
            ],
            "Same measure?": table["comparable"].to_numpy(),
            "Caveat": table["caveat"].to_numpy(),
        }
    )


# --- demand, supply, safeguarding: the local account's and the July 2025 report's own figures -----------

# Which evidence rows each section shows, in the order the page reads them (ids, not numbers).
DEMAND = (
    "la-new-requests-2019-20",
    "cp-new-requests-2024-25-q4",
    "la-hospital-referrals-2019-20",
    "la-cl-assessments-2019-20",
    "la-cl-adults-assessed-2019-20",
    "la-cl-reviews-reassessments-2019-20",
    "cp-wait-first-needs-assessment-adults-2024",
    "cp-wait-first-needs-assessment-adults-2024-25-q4",
    "cp-wait-assessment-carers-earlier",
    "cp-wait-assessment-carers-2024-25-q4",
)
SUPPLY = (
    "la-short-term-service-supported-2019-20",
    "la-short-term-less-or-no-support-2019-20",
    "la-long-term-service-adults-2019-20",
    "cp-adults-supported-2024-25-q4",
    "cp-adults-long-term-care-2024-25-q4",
    "cp-average-long-term-package-cost-2024-25-q4",
    "la-residential-nursing-adults-2019-20",
    "la-carers-supported-directly-2019-20",
    "la-carers-assessed-2019-20",
    "la-inhouse-respite-supported-2019-20",
    "la-direct-payment-adults-2019-20",
)
SAFEGUARDING = (
    "la-km-safeguarding-outcomes-achieved-performance-2019-20",
    "cp-safeguarding-concerns-2024-25-q4",
    "cp-safeguarding-concerns-change",
    "cp-safeguarding-enquiries-2024-25-q4",
    "cp-safeguarding-enquiry-conversion-2024-25-q4",
    "cp-dols-applications-2024-25-q4",
    "cp-dols-applications-increase",
    "cp-dols-applications-increase-pct",
)


def _period(period: str) -> str:
    return period.replace(" Q4", " (year to March)")


def figures_display(evidence: pd.DataFrame, ids: tuple[str, ...]) -> pd.DataFrame:
    """A table of source figures: what is measured, when, and the figure linked to its quote.

    A year that the document prints neither beside the figure nor in its heading is marked as the book's reading,
    and a figure the document hedges (“Over 27,000”) keeps its hedge.
    """
    rows = evidence.loc[list(ids)]
    return pd.DataFrame(
        {
            "What is counted": [m[0].upper() + m[1:] for m in rows["measure"]],
            "When": [_period(period_text(row)) for _, row in rows.iterrows()],
            "Figure": [cited_as_printed(evidence, i) for i in ids],
        }
    )


def read_years_sentence(evidence: pd.DataFrame, ids: tuple[str, ...]) -> str:
    """Which of these figures have a year that is the book's reading of the document (none printed beside them)."""
    read = [i for i in ids if period_is_read(evidence.loc[i])]
    if not read:
        return ""
    figures = [audited(evidence, i) for i in read]
    listed = figures[0] if len(figures) == 1 else ", ".join(figures[:-1]) + " and " + figures[-1]
    years = sorted({html_text(evidence.loc[i, "period"]) for i in read})
    return (
        f" The Local Account prints no year beside {listed}: {' and '.join(years)} is the book's reading of the "
        "document, from the results printed around them."
    )


NEW_REQUESTS = (
    "la-new-requests-2019-20",
    "cp-new-requests-2024-25-q4",
)  # the Local Account's, the July 2025 report's


def new_requests_change(evidence: pd.DataFrame) -> dict[str, float]:
    """New requests for support in 2019/20 and in 2024/25, and the rise between them (worked out).

    The audit page sets this rise beside the July 2025 report's own "rise from pre-COVID levels".
    """
    first, last = (float(evidence.loc[i, "value"]) for i in NEW_REQUESTS)
    return {"first": first, "last": last, "rise_percent": 100 * (last / first - 1)}


def demand_sentence(evidence: pd.DataFrame) -> str:
    e = evidence
    change = new_requests_change(e)
    return (
        f"In 2019/20 the council had {audited(e, 'la-new-requests-2019-20')} new requests for support. By 2024/25 "
        f"this had grown to {audited(e, 'cp-new-requests-2024-25-q4')}, "
        f"a rise of {percent(change['rise_percent'], 1)} (worked out by this book). Hospitals sent "
        f"{audited(e, 'la-hospital-referrals-2019-20')} referrals in 2019/20. Staff completed "
        f"{audited(e, 'la-cl-assessments-2019-20')} Connected Lives assessments that year. In 2024/25 adults "
        f"waited {audited(e, 'cp-wait-first-needs-assessment-adults-2024-25-q4')} on average for a first "
        f"assessment, down from {audited(e, 'cp-wait-first-needs-assessment-adults-2024')}. Carers waited "
        f"{audited(e, 'cp-wait-assessment-carers-2024-25-q4')}, down from "
        f"{audited(e, 'cp-wait-assessment-carers-earlier')}."
        + read_years_sentence(e, ("la-new-requests-2019-20", "la-hospital-referrals-2019-20"))
    )


def supply_sentence(evidence: pd.DataFrame) -> str:
    e = evidence
    return (
        f"In 2019/20, {audited(e, 'la-short-term-service-supported-2019-20')} people had short-term help to "
        f"regain their independence, and {audited(e, 'la-short-term-less-or-no-support-2019-20')} of them "
        f"needed less help or none afterwards. {audited(e, 'la-long-term-service-adults-2019-20')} adults had "
        f"long-term support, and {audited(e, 'la-residential-nursing-adults-2019-20')} lived in a care home. "
        f"{audited(e, 'la-direct-payment-adults-2019-20')} adults chose a direct payment. By 2024/25, "
        f"{cited_as_printed(e, 'cp-adults-supported-2024-25-q4')} adults were supported with services and "
        f"{audited(e, 'cp-adults-long-term-care-2024-25-q4')} of them had long-term care. A long-term care package "
        f"cost {audited(e, 'cp-average-long-term-package-cost-2024-25-q4')} on average; the report to councillors "
        "does not say whether that is for a week, a month or a year."
        + read_years_sentence(
            e,
            (
                "la-short-term-service-supported-2019-20",
                "la-short-term-less-or-no-support-2019-20",
                "la-residential-nursing-adults-2019-20",
                "la-direct-payment-adults-2019-20",
            ),
        )
    )


def table_order_sentence(evidence: pd.DataFrame) -> str:
    """Why the second number in each row of the comparison table is Hertfordshire's own 2018/19 result."""
    e = evidence
    return (
        f"The document's own words show this. It says {audited(e, 'la-survey-control-daily-life-2019-20')} of "
        "the people who use services said the services help them to have control over their daily life, up "
        f"from {audited(e, 'la-survey-control-daily-life-2018-19')} the year before. In the table's row for the "
        f"same measure, that earlier result is the second number: "
        f"{audited(e, 'la-ascof-control-daily-life-herts-2018-19')}."
    )


def safeguarding_check(evidence: pd.DataFrame) -> dict[str, float]:
    """The July 2025 figures worked out from each other, to see whether they agree (labelled worked out).

    The audit page's checks of the enquiry share and the DoLS increase use these same values.
    """
    concerns = float(evidence.loc["cp-safeguarding-concerns-2024-25-q4", "value"])
    enquiries = float(evidence.loc["cp-safeguarding-enquiries-2024-25-q4", "value"])
    dols = float(evidence.loc["cp-dols-applications-2024-25-q4", "value"])
    dols_rise = float(evidence.loc["cp-dols-applications-increase", "value"])
    return {
        "enquiry_share_printed": float(
            evidence.loc["cp-safeguarding-enquiry-conversion-2024-25-q4", "value"]
        ),
        "enquiry_share_worked_out": 100 * enquiries / concerns,
        "dols_previous_year_worked_out": dols - dols_rise,
        "dols_rise_pct_printed": float(evidence.loc["cp-dols-applications-increase-pct", "value"]),
        "dols_rise_pct_worked_out": 100 * dols_rise / (dols - dols_rise),
    }


def safeguarding_sentence(evidence: pd.DataFrame) -> str:
    e = evidence
    c = safeguarding_check(evidence)
    text = (
        f"In 2024/25 people raised {audited(e, 'cp-safeguarding-concerns-2024-25-q4')} safeguarding concerns, "
        f"{audited(e, 'cp-safeguarding-concerns-change')} fewer than the year before. "
        f"{audited(e, 'cp-safeguarding-enquiries-2024-25-q4')} of them led to an enquiry. The report calls this "
        f"{audited(e, 'cp-safeguarding-enquiry-conversion-2024-25-q4')}."
    )
    printed = evidence.loc["cp-safeguarding-enquiry-conversion-2024-25-q4", "written"]
    if not rounds_to(c["enquiry_share_worked_out"], printed):
        text += (
            f" Worked out from the two counts, the share is {percent(c['enquiry_share_worked_out'], 1)}. The two do not "
            "match, so the report may have used another count."
        )
    text += (
        f" The council also had {audited(e, 'cp-dols-applications-2024-25-q4')} applications to deprive someone "
        f"of their liberty for their own safety (DoLS). That is {audited(e, 'cp-dols-applications-increase')} more "
        f"than the year before, so {number(c['dols_previous_year_worked_out'], 0)} the year before (worked out)."
    )
    return text


# --- spending by service area, 2018/19 and 2019/20 ------------------------------------------------------

_NOT_AREAS = ("total", "increase", "share")


def expenditure(evidence: pd.DataFrame) -> pd.DataFrame:
    """Net spend by service area for each year the local account gives (la-exp-AREA-YEAR rows), tidy.

    Each row keeps the amount and its printed share of the year's total, with their evidence ids, and the
    share worked out from the amount and the printed total. The audit page's spending checks, the prevention
    chapter's preventative share and the day services chapter's spend all read this one table.
    """
    ids = [
        i
        for i in evidence.index
        if i.startswith("la-exp-") and not any(w in i.removeprefix("la-exp-") for w in _NOT_AREAS)
    ]
    rows = []
    for i in ids:
        row = evidence.loc[i]
        area_key, year = i.removeprefix("la-exp-")[:-8], row["period"]
        share_id = f"la-exp-{area_key}-share-{i[-7:]}"
        share = evidence.loc[share_id] if share_id in evidence.index else None
        total_id = f"la-exp-total-{i[-7:]}"
        rows.append(
            {
                "area_key": area_key,
                "area": row["measure"].removeprefix("net spend on ").replace("Center", "Centre"),
                "year": year,
                "spend_000": float(row["value"]),
                "spend_text": figure(row["written"], row["unit"]),
                "spend_id": i,
                "share": None if share is None else float(share["value"]),
                "share_text": None if share is None else figure(share["written"], share["unit"]),
                "share_id": None if share is None else share_id,
                "total_000": float(evidence.loc[total_id, "value"]),
                "total_id": total_id,
                "share_worked_out": 100 * float(row["value"]) / float(evidence.loc[total_id, "value"]),
            }
        )
    return pd.DataFrame(rows)


def expenditure_totals(evidence: pd.DataFrame, spend: pd.DataFrame) -> pd.DataFrame:
    """Each year's printed total beside the sum of its service areas (worked out)."""
    rows = []
    for year, one in spend.groupby("year"):
        total_id = one["total_id"].iloc[0]
        printed, summed = float(evidence.loc[total_id, "value"]), float(one["spend_000"].sum())
        rows.append(
            {
                "year": year,
                "printed": printed,
                "summed": summed,
                "agrees": summed == printed,
                "areas": len(one),
                "total_id": total_id,
            }
        )
    return pd.DataFrame(rows)


def expenditure_display(evidence: pd.DataFrame, spend: pd.DataFrame) -> pd.DataFrame:
    """One row per service area: spend and share in each year, linked, and the change worked out."""
    from hertsbook.content.text import cite

    years = sorted(spend["year"].unique())
    order = spend[spend["year"] == years[-1]].sort_values("spend_000", ascending=False)["area_key"]
    out = pd.DataFrame({"Service area": [spend.loc[spend["area_key"] == k, "area"].iloc[0] for k in order]})
    for year in years:
        this = spend[spend["year"] == year].set_index("area_key")
        out[f"Spend {year}"] = [
            cite(this.loc[k, "spend_text"], this.loc[k, "spend_id"])
            + audit_note(evidence, this.loc[k, "spend_id"])
            if k in this.index
            else "none listed"
            for k in order
        ]
        out[f"Share {year}"] = [
            cite(this.loc[k, "share_text"], this.loc[k, "share_id"])
            + audit_note(evidence, this.loc[k, "share_id"])
            if k in this.index
            else ""
            for k in order
        ]
    first, last = (
        spend[spend["year"] == y].set_index("area_key")["spend_000"] for y in (years[0], years[-1])
    )
    out["Change (worked out)"] = [
        money_thousands(last[k] - first[k], sign=True, short=True)
        if k in first.index and k in last.index
        else "new"
        for k in order
    ]
    totals = expenditure_totals(evidence, spend).set_index("year")
    total_row = {"Service area": "Total"}
    for year in years:
        total_row[f"Spend {year}"] = audited(evidence, f"la-exp-total-{year.replace('/', '-')}")
        total_row[f"Share {year}"] = ""
    total_row["Change (worked out)"] = money_thousands(
        totals.loc[years[-1], "printed"] - totals.loc[years[0], "printed"], sign=True, short=True
    )
    return pd.concat([out, pd.DataFrame([total_row])], ignore_index=True)


def expenditure_drawn(spend: pd.DataFrame) -> pd.DataFrame:
    """Spend by area, one column per year in £ thousands as printed: the numbers the chart draws."""
    wide = spend.pivot_table(index="area", columns="year", values="spend_000", aggfunc="first")
    wide = wide.sort_values(wide.columns[-1], ascending=False)
    out = pd.DataFrame({"service_area": wide.index})
    for year in wide.columns:
        out[spend_column(year)] = wide[year].to_numpy()
    return out


def linked_columns(display: pd.DataFrame) -> tuple[str, ...]:
    """The columns of the spend table whose cells are figures linked to their evidence."""
    return tuple(c for c in display.columns if c.startswith(("Spend", "Share")))


def expenditure_title(drawn: pd.DataFrame) -> str:
    last = drawn.columns[-1]
    top = drawn.iloc[0]
    share = 100 * top[last] / drawn[last].sum()
    return (
        f"{top['service_area']} took about {percent(share, 0)} of net adult care spend in {spend_column_year(last)}, "
        "more than any other area (worked out)"
    )


def expenditure_alt(drawn: pd.DataFrame) -> str:
    last = drawn.columns[-1]
    year = spend_column_year(last)
    top, bottom = drawn.iloc[0], drawn.dropna(subset=[last]).iloc[-1]
    return (
        f"Bar chart of net adult care spend in {len(drawn)} service areas, two years. Largest in {year}: "
        f"{top['service_area']}, {money_thousands(top[last], short=True)}; smallest: {bottom['service_area']}, "
        f"{money_thousands(bottom[last], short=True)}."
    )


def expenditure_sentence(evidence: pd.DataFrame, spend: pd.DataFrame) -> str:
    years = sorted(spend["year"].unique())
    last = spend[spend["year"] == years[-1]].sort_values("spend_000", ascending=False)
    top = last.iloc[0]
    totals = expenditure_totals(evidence, spend)
    first, latest, area = html_text(years[0]), html_text(years[-1]), html_text(top["area"].lower())
    text = (
        f"Net spend on adult care was {audited(evidence, 'la-exp-total-2018-19')} in {first} and "
        f"{audited(evidence, 'la-exp-total-2019-20')} in {latest}, a rise of "
        f"{audited(evidence, 'la-exp-increase-2018-19-to-2019-20')}. The largest part went on "
        f"{area}: {_link(top, 'spend')}, or {_link(top, 'share')} of the total in {latest}."
    )
    if totals["agrees"].all():
        text += " For both years the service areas add up exactly to the printed total (worked out)."
    else:
        text += " The service areas do not add up to the printed total in every year (worked out)."
    return text


def _link(row: pd.Series, column: str) -> str:
    from hertsbook.content.text import cite

    return cite(row[f"{column}_text"], row[f"{column}_id"])


# --- the national data over the years: council, its region and England -----------------------------------

TREND_MEASURES = ("1C2A", "2B1", "4A")  # direct payments, at home after reablement, feeling safe


def trend_names(trend: pd.DataFrame, codes: tuple[str, ...] = TREND_MEASURES) -> dict[str, str]:
    """Each measure's name as the national data writes it in the last comparable year, in plain case."""
    latest = trend[trend["measure"].isin(codes) & trend["year"].isin(COMPARABLE_YEARS)].sort_values("year")
    out = {}
    for code, text in latest.drop_duplicates("measure", keep="last")[["measure", "description"]].itertuples(
        index=False
    ):
        for prefix in ("The proportion of ", "Proportion of "):
            text = text.removeprefix(prefix)
        out[code] = text[0].upper() + text[1:]
    return out


def council_region(snpp: pd.DataFrame, council: str) -> str | None:
    """The ONS region code a council sits in, read from the ONS projections table's own order.

    ONS lists each region (code E12…) followed by the counties and councils within it. A council whose
    code is newer than that table (for example after a merger) has no region here, and None is returned.
    """
    areas = snpp[["CODE", "AREA"]].drop_duplicates(subset="CODE", keep="first")
    region = None
    for code in areas["CODE"]:
        if code.startswith("E12"):
            region = code
        elif code == council:
            return region
    return None


def trend_lines(
    trend: pd.DataFrame, council: str, region: str | None, measures: tuple[str, ...] = TREND_MEASURES
) -> pd.DataFrame:
    """One row per measure and comparable year: the council, its region and England (missing left empty)."""
    codes = {"council": council, "england": ENGLAND_ONS} | ({"region": region} if region else {})
    chosen = trend[
        trend["year"].isin(COMPARABLE_YEARS)
        & trend["measure"].isin(measures)
        & trend["code"].isin(codes.values())
    ]
    grid = pd.MultiIndex.from_product([list(measures), list(COMPARABLE_YEARS)], names=["measure", "year"])
    out = pd.DataFrame(index=grid)
    for column, code in codes.items():
        one = (
            chosen[chosen["code"] == code].drop_duplicates(["measure", "year"]).set_index(["measure", "year"])
        )
        out[column] = one["value"].reindex(grid)
    if "region" not in out:
        out["region"] = float("nan")
    return out.reset_index()[["measure", "year", "council", "region", "england"]]


def region_name(trend: pd.DataFrame, region: str | None) -> str:
    """The region's name as the latest year of the national data writes it."""
    if region is None:
        return "its region"
    names = trend[trend["code"] == region].sort_values("year")["area"]
    return str(names.iloc[-1]) if len(names) else region


def trend_drawn(lines: pd.DataFrame, names: dict[str, str], council: str, region: str) -> pd.DataFrame:
    """The trend as drawn: measure name, year and a column per area, in per cent."""
    return pd.DataFrame(
        {
            "measure": [names.get(m, m) for m in lines["measure"]],
            "ascof_code": lines["measure"].to_numpy(),
            "year": lines["year"].to_numpy(),
            f"{council}_percent": lines["council"].to_numpy(),
            f"{region}_percent": lines["region"].to_numpy(),
            f"{ENGLAND}_percent": lines["england"].to_numpy(),
        }
    )


def _first_last(lines: pd.DataFrame, column: str) -> tuple[str, float, str, float] | None:
    known = lines.dropna(subset=[column])
    if known.empty:
        return None
    return known["year"].iloc[0], known[column].iloc[0], known["year"].iloc[-1], known[column].iloc[-1]


def trend_summary(lines: pd.DataFrame) -> pd.DataFrame:
    """For each measure: the council's first and last year, and whether it ended above England."""
    rows = []
    for measure, one in lines.groupby("measure", sort=False):
        span = _first_last(one, "council")
        both = one.dropna(subset=["council", "england"])
        if span is None or both.empty:
            continue
        end = both.iloc[-1]
        rows.append(
            {
                "measure": measure,
                "from_year": span[0],
                "from": span[1],
                "to_year": span[2],
                "to": span[3],
                "above_england_years": int((both["council"] > both["england"]).sum()),
                "years_compared": len(both),
                "last_gap": round(float(end["council"] - end["england"]), 1),
            }
        )
    return pd.DataFrame(rows)


def trend_sentence(lines: pd.DataFrame, names: dict[str, str], council: str) -> str:
    summary = trend_summary(lines)
    council = html_text(council)  # a name from the national data
    if summary.empty:
        return f"The national data holds none of these measures for {council}."
    parts = []
    for _, s in summary.iterrows():
        direction = "rose" if s["to"] > s["from"] else "fell" if s["to"] < s["from"] else "stayed"
        first, last = national(percent(s["from"]), ASCOF_TREND), national(percent(s["to"]), ASCOF_TREND)
        parts.append(
            f"{html_text(names.get(s['measure'], s['measure']))}: {council}'s figure {direction} from {first} "
            f"in {html_text(s['from_year'])} to {last} in {html_text(s['to_year'])}. It was above England in "
            f"{s['above_england_years']} of {s['years_compared']} years."
        )
    return " ".join(parts)


def trend_series(drawn: pd.DataFrame, council: str, region: str) -> dict[str, str]:
    """The lines to draw, named for the reader, leaving out an area with no figures at all."""
    series = {council: f"{council}_percent", region: f"{region}_percent", ENGLAND: f"{ENGLAND}_percent"}
    return {k: v for k, v in series.items() if drawn[v].notna().any()}


def trend_title(lines: pd.DataFrame, council: str) -> str:
    summary = trend_summary(lines)
    above = int((summary["last_gap"] > 0).sum())
    return (
        f"{council} was above the England average on {above} of {len(summary)} measures in the last year "
        "compared"
    )


def trend_alt(lines: pd.DataFrame, names: dict[str, str], council: str) -> str:
    summary = trend_summary(lines)
    above = int((summary["last_gap"] > 0).sum()) if len(summary) else 0
    return (
        f"Line charts of {len(summary)} ASCOF measures, {COMPARABLE_YEARS[0]} to {COMPARABLE_YEARS[-1]}: "
        f"{council} against its region and England; above England on {above} in the last year."
    )


# --- one measure over the years, and the chapter's key points --------------------------------------------

DIRECT_PAYMENTS = "1C2A"  # the share of people who use services who receive direct payments


def _against(council: float, other: float) -> str:
    return "above" if council > other else "below" if council < other else "level with"


def standing(lines: pd.DataFrame, measure: str = DIRECT_PAYMENTS) -> dict | None:
    """The council against England in the first and last year compared, and against its region in every year."""
    one = lines[lines["measure"] == measure]
    england = one.dropna(subset=["council", "england"])
    if england.empty:
        return None
    region = one.dropna(subset=["council", "region"])
    first, last = england.iloc[0], england.iloc[-1]
    return {
        "first_year": first["year"],
        "first": float(first["council"]),
        "first_england": float(first["england"]),
        "first_against_england": _against(first["council"], first["england"]),
        "last_year": last["year"],
        "last": float(last["council"]),
        "last_england": float(last["england"]),
        "last_against_england": _against(last["council"], last["england"]),
        "years_above_region": int((region["council"] > region["region"]).sum()),
        "years_with_region": len(region),
    }


def _region_clause(s: dict, region: str) -> str:
    if not s["years_with_region"]:
        return ""
    above, years = s["years_above_region"], s["years_with_region"]
    when = f"in all {years} years" if above == years else f"in {above} of {years} years"
    return f", and it was above the average for its region, {region}, {when}"


def standing_sentence(lines: pd.DataFrame, council: str, region: str) -> str:
    """Plain text (no links) for the landing page: direct payments, the council against England and its region."""
    s = standing(lines)
    if s is None:
        return f"The national data holds no figures on direct payments for {council}."
    return (
        f"{council} was {s['first_against_england']} England on the share of people using social care who get "
        f"direct payments in {s['first_year']} ({s['first']:.1f}% against "
        f"{s['first_england']:.1f}%) and {s['last_against_england']} it in {s['last_year']} ({s['last']:.1f}% "
        f"against {s['last_england']:.1f}%){_region_clause(s, region)}."
    )


def _standing_html(lines: pd.DataFrame, council: str, region: str) -> str:
    s = standing(lines)
    if s is None:
        return f"The national data holds no figures on direct payments for {html_text(council)}."

    def pct(v: float) -> str:
        return national(f"{v:.1f}%", ASCOF_TREND)  # ASCOF prints one decimal place

    return (
        f"In the national data, {html_text(council)} was {s['first_against_england']} England on the share of "
        f"people using social care who get direct payments in {html_text(s['first_year'])} ({pct(s['first'])} "
        f"against {pct(s['first_england'])}) and {s['last_against_england']} it in "
        f"{html_text(s['last_year'])} ({pct(s['last'])} against {pct(s['last_england'])})"
        f"{html_text(_region_clause(s, region))}."
    )


# The key points that come from Hertfordshire's own documents (the Local Account, the July 2025 report), by
# position, and the one from the national data for the chosen council (`key_points` builds them in this order).
OWN_POINTS = ("targets", "demand", "differ", "unknown")
NATIONAL_POINT = "direct_payments"


def key_point_parts(
    evidence: pd.DataFrame,
    measures: pd.DataFrame,
    compared: pd.DataFrame,
    lines: pd.DataFrame,
    council: str,
    region: str,
) -> dict[str, str]:
    """The key points by kind (OWN_POINTS, NATIONAL_POINT), as HTML sentences, in the order the page reads.

    Whatever council the chapter is run for, a point from Hertfordshire's documents names Hertfordshire as
    whose figures they are, and the national point names the chosen council (`council`, its name): on a page
    run for Kent, a reader cannot take Hertfordshire's Local Account for Kent's.
    """
    e = evidence
    c = target_counts(measures)
    differ = compared[~compared["agrees"] & compared["national"].notna()]
    printed = [cite(r["printed_text"], r["evidence_id"]) for _, r in differ.iterrows()]
    herts = HERTFORDSHIRE
    parts = {
        "targets": (
            f"In its Local Account, {herts} set itself {c['all']} key measures for 2019/20 and met "
            f"{c[STATUS_MET]} of them; it missed {c[STATUS_MISSED]}"
            + (
                f", and for {c[STATUS_NO_FIGURE]} it printed only an earlier year's result."
                if c[STATUS_NO_FIGURE]
                else "."
            )
        ),
        "demand": (
            f"In {herts}, new requests for support rose from {audited(e, 'la-new-requests-2019-20')} in 2019/20 "
            f"to {audited(e, 'cp-new-requests-2024-25-q4')} in 2024/25, while adults' average wait for a first "
            f"assessment fell to {audited(e, 'cp-wait-first-needs-assessment-adults-2024-25-q4')} from "
            f"{audited(e, 'cp-wait-first-needs-assessment-adults-2024')}."
        ),
        NATIONAL_POINT: _standing_html(lines, council, region),
    }
    if len(differ):
        parts["differ"] = (
            f"{len(differ)} of the {len(compared)} printed results in {herts}'s Local Account that are national "
            f"measures ({', '.join(printed)}) differ from {herts}'s national figures for the same year."
        )
    parts["unknown"] = (
        f"{herts}'s documents cannot tell us which councils make up its “similar councils” average, or whether "
        f"the {audited(e, 'cp-average-long-term-package-cost-2024-25-q4')} average cost of a long-term care "
        "package is for a week, a month or a year."
    )
    return parts


def key_points(
    evidence: pd.DataFrame,
    measures: pd.DataFrame,
    compared: pd.DataFrame,
    lines: pd.DataFrame,
    council: str,
    region: str,
) -> list[str]:
    """The chapter's key points as HTML sentences: what was set, what the figures show, what is not known.

    `compared` is the audit's check of the key measures against national ASCOF (audit.key_measures_national);
    `council` is the chosen council's name. See `key_point_parts` for whose figures each point gives.
    """
    return list(key_point_parts(evidence, measures, compared, lines, council, region).values())


# --- the DHSC time series: the chosen council against England, its type and its region -------------------

# Survey measures followed over the years (all per cent, all with a margin of error).
OVER_THE_YEARS = ("3A", "4A", "1D", "5A(1)")
QUARTERS = {1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}
MARKER_WORDS = {
    "[x]": "not available",
    "[c]": "suppressed (too few people)",
    "[z]": "not applicable",
    "no row": "not in the table for that year",
}
KIND_WORDS = {
    ascof.BREAK: "new series: not comparable with earlier years",
    ascof.ALONE: "voluntary survey: compared with no other year",
    ascof.RENAMED: "code renumbered",
}
KIND_SHORT = {ascof.BREAK: "new series", ascof.ALONE: "voluntary survey", ascof.RENAMED: "renumbered"}


def measure_names(contents: pd.DataFrame) -> dict[str, str]:
    """Each measure's name in plain case, from the workbook's Contents ("The proportion of …" dropped)."""
    out = {}
    for code, text in zip(contents["measure"], contents["description"], strict=True):
        for prefix in ("The proportion of ", "The percentage of ", "The number of "):
            text = text.removeprefix(prefix)
        out[code] = text[0].upper() + text[1:]
    return out


def measure_units(contents: pd.DataFrame) -> dict[str, str]:
    """Each measure's unit, "%", "per 100,000" or "score", from what its table says its outcome is."""
    out = {}
    for code, outcome, description in zip(
        contents["measure"], contents["outcome"], contents["description"], strict=True
    ):
        text = f"{outcome} {description}".lower()
        if "100,000" in text:
            out[code] = "per 100,000"
        else:
            out[code] = "%" if ("(%)" in text or "proportion" in text or "percentage" in text) else "score"
    return out


def measure_unit(contents: pd.DataFrame, measure: str) -> str:
    return measure_units(contents)[measure]


def ascof_decimals(measure: str) -> int:
    """The workbook's Cover: "Non-integers are rounded to one decimal place, with the exception of 1b which
    is rounded to 3 decimal places"; the book rounds every figure so (76.5; 0.478), and a whole number, as
    the house style writes it, without ".0" (74, ±4)."""
    return 3 if measure == "1B" else 1


def with_margin(value: object, margin: object, measure: str, unit: str = "") -> str:
    """A value as the table shows it, with its margin of error: "76.5 ±4.2", "80 ±4" (a measure without one:
    "73.5"); with `unit` "%", as a sentence writes it: "76.5% ±4.2"."""
    if value is None or pd.isna(value):
        return ""
    places = ascof_decimals(measure)
    text = number(round(float(value), places)) + unit  # type: ignore[arg-type]
    if margin is None or pd.isna(margin):
        return text
    return f"{text} ±{number(round(float(margin), places))}"  # type: ignore[arg-type]


def national_compare(
    table: ascof.Lookup, where: ascof.Place, year: str, contents: pd.DataFrame
) -> pd.DataFrame:
    """Every ASCOF measure of the DHSC series for the council in the year, in the workbook's order."""
    return ascof.compare(table, where, year, list(contents["measure"]))


def _rank_text(rank: object, of: object, quartile: object) -> str:
    if rank is None or pd.isna(rank):
        return ""
    return f"{number(int(rank))} of {number(int(of))}, {QUARTERS[int(quartile)]}"  # type: ignore[call-overload]


def _standing_text(verdict: str, value: object) -> str:
    if verdict in (ascof.BETTER, ascof.WORSE):
        return f"clearly {verdict}"
    if verdict == ascof.UNKNOWN:
        return "no figure" if pd.isna(value) else "no England figure"
    return str(verdict)  # "no clear difference" or "level"


def series_notes(breaks: pd.DataFrame, measure: str, year: str, years: list[str]) -> str:
    """What a reader must know about the measure's series up to the year: breaks and renumbering."""
    shown = [y for y in years if y <= year]
    notes = [f"{KIND_WORDS[k]} ({y})" for y, k in ascof.marks(breaks, measure, shown)]
    return "; ".join(notes)


def earlier_text(
    history: dict[tuple[str, str], tuple[float, float]], breaks: pd.DataFrame, measure: str, year: str
) -> str:
    """The council's latest earlier figure that may be compared with the year's, or why there is none.

    `history` is the council's (value, margin) by (measure, year), for the years it has a figure.
    """
    known = [y for m, y in history if m == measure]
    earlier = ascof.previous_year(known, breaks, measure, year)
    if earlier is None:
        return "none comparable" if any(y < year for y in known) else "none earlier"
    value, margin = history[(measure, earlier)]
    return f"{with_margin(value, margin, measure)} in {earlier}"


def national_table(
    compared: pd.DataFrame,
    table: ascof.Lookup,
    breaks: pd.DataFrame,
    where: ascof.Place,
    contents: pd.DataFrame,
    region_label: str,
) -> pd.DataFrame:
    """The council's figure with its margin beside England's, its rank and peers, an earlier comparable
    year and the series' breaks: one row per measure, missing figures kept with the workbook's reason."""
    names, years, units = measure_names(contents), sorted(table.held), measure_units(contents)
    history = ascof.history(table, where.code)
    kind = where.type_name or "councils of its type"
    year = compared["year"].iloc[0] if len(compared) else ""
    return pd.DataFrame(
        {
            "Measure": [f"{names[m]} ({m}, {units[m]})" for m in compared["measure"]],
            f"{where.name} {year}": [
                with_margin(v, g, m) or MARKER_WORDS.get(str(k), "no figure")
                for v, g, m, k in zip(
                    compared["value"],
                    compared["margin"],
                    compared["measure"],
                    compared["marker"],
                    strict=True,
                )
            ],
            ENGLAND: [
                with_margin(v, g, m)
                for v, g, m in zip(
                    compared["england"], compared["england_margin"], compared["measure"], strict=True
                )
            ],
            "Against England": [
                _standing_text(v, x) for v, x in zip(compared["verdict"], compared["value"], strict=True)
            ],
            "Rank among all councils (1 is best)": [
                _rank_text(r, o, q)
                for r, o, q in zip(compared["rank"], compared["of"], compared["quartile"], strict=True)
            ],
            f"Rank among {kind}": [
                _rank_text(r, o, q)
                for r, o, q in zip(
                    compared["type_rank"], compared["type_of"], compared["type_quartile"], strict=True
                )
            ],
            f"Average of {kind}": [
                with_margin(v, None, m)
                for v, m in zip(compared["type_average"], compared["measure"], strict=True)
            ],
            f"Average of {region_label}": [
                with_margin(v, None, m)
                for v, m in zip(compared["region_average"], compared["measure"], strict=True)
            ],
            "Earlier comparable year": [earlier_text(history, breaks, m, year) for m in compared["measure"]],
            "Breaks in the series": [series_notes(breaks, m, year, years) for m in compared["measure"]],
        }
    )


def national_section(
    series: pd.DataFrame,
    where: ascof.Place,
    year: str,
    contents: pd.DataFrame,
    breaks: pd.DataFrame,
    region_label: str,
) -> tuple[pd.DataFrame, str]:
    """The council against England, its type and its region in the year: every measure compared, and the
    sentence and table that show it (HTML), the same in the chapter and on every council's page."""
    from hertsbook.content import charts  # matplotlib: loaded where a table or chart is shown

    lookup = ascof.lookup(series)
    compared = national_compare(lookup, where, year, contents)
    table = charts.table_html(
        national_table(compared, lookup, breaks, where, contents, region_label),
        f"{where.name} against England, its type and its region, {year} (DHSC ASCOF time series)",
    )
    return compared, paragraph(national_sentence(compared, where, year, contents)) + table


def national_sentence(compared: pd.DataFrame, where: ascof.Place, year: str, contents: pd.DataFrame) -> str:
    """How the council stands against England, counting only clear differences, and what is missing."""
    names = measure_names(contents)
    t = ascof.tally(compared)
    council, year = html_text(where.name), html_text(year)
    if not t["with_figure"]:
        text = f"The national data holds no {year} figures for {council}."
    else:
        text = (
            f"In {year}, {council} was clearly better than England on {t[ascof.BETTER]} of the "
            f"{t['with_figure']} measures it has a figure for, and clearly worse on {t[ascof.WORSE]}. On "
            f"{t[ascof.UNCLEAR]} there is no clear difference: the gap is within the margins of error, or "
            "there is none."
        )
        if t[ascof.UNKNOWN] - (t["measures"] - t["with_figure"]):
            text += f" On {t[ascof.UNKNOWN] - (t['measures'] - t['with_figure'])} England has no figure."
    gone = ascof.missing(compared)
    if len(gone):
        listed = [
            f"{html_text(names[m])} ({html_text(m)}: {html_text(MARKER_WORDS.get(str(k), 'no figure'))})"
            for m, k in zip(gone["measure"], gone["marker"], strict=True)
        ]
        text += f" The national data has no {year} figure for {council} on {len(gone)} measures: {'; '.join(listed)}."
    absent = ascof.not_published(compared)
    if absent:
        text += (
            f" {len(absent)} measures have no {year} figure for any council "
            f"({html_text(', '.join(absent))}): the carers' survey is held every other year."
        )
    return text


def national_drawn(compared: pd.DataFrame, contents: pd.DataFrame, breaks: pd.DataFrame) -> pd.DataFrame:
    """The percentage measures with a figure for both the council and England: exactly what the chart draws,
    each value with the ends of its margin of error (the value itself where there is no margin)."""
    names, units = measure_names(contents), measure_units(contents)
    shown = compared[
        compared["measure"].map(lambda m: units[m] == "%")
        & compared["value"].notna()
        & compared["england"].notna()
    ]
    out = pd.DataFrame(
        {"measure": [names[m] for m in shown["measure"]], "ascof_code": shown["measure"].to_numpy()}
    )
    for column, value, margin in (("council", "value", "margin"), ("england", "england", "england_margin")):
        v, m = shown[value].astype(float).to_numpy(), shown[margin].astype(float).fillna(0).to_numpy()
        out[f"{column}_percent"], out[f"{column}_low_percent"], out[f"{column}_high_percent"] = (
            v,
            v - m,
            v + m,
        )
    year = compared["year"].iloc[0] if len(compared) else ""
    starts = breaks[(breaks["year"] == year) & breaks["kind"].isin([ascof.BREAK, ascof.ALONE])]
    out["series_note"] = [
        "; ".join(
            f"{KIND_SHORT[k]} in {year}" for k in dict.fromkeys(starts.loc[starts["measure"] == m, "kind"])
        )
        for m in shown["measure"]
    ]
    out["against_england"] = shown["verdict"].to_numpy()
    return out


def national_labels(drawn: pd.DataFrame) -> list[str]:
    """Each row's name on the chart, with its series note where the series breaks in that year."""
    return [f"{m} ({n})" if n else m for m, n in zip(drawn["measure"], drawn["series_note"], strict=True)]


def national_title(drawn: pd.DataFrame, name: str, year: str) -> str:
    better = int((drawn["against_england"] == ascof.BETTER).sum())
    worse = int((drawn["against_england"] == ascof.WORSE).sum())
    return (
        f"{name}, {year}: clearly better than England on {better} of these {len(drawn)} measures, clearly worse "
        f"on {worse}"
    )


def national_alt(drawn: pd.DataFrame, name: str, year: str) -> str:
    if drawn.empty:
        return f"No chart: the national data has no percentage measures for {name} in {year}."
    unclear = int(drawn["against_england"].isin([ascof.UNCLEAR, ascof.LEVEL]).sum())
    return (
        f"Dot chart of {len(drawn)} ASCOF measures, {name} against England in {year}, with margins of error: "
        f"{unclear} show no clear difference."
    )


def _at(frames: dict[str, pd.DataFrame], code: str | None, year: str, column: str) -> float:
    """One area's figure in a year, or NaN where the area (or the year) has none."""
    frame = frames.get(code) if code else None
    return float(frame.loc[year, column]) if frame is not None and year in frame.index else float("nan")


def over_the_years(
    series: pd.DataFrame,
    where: ascof.Place,
    breaks: pd.DataFrame,
    names: dict[str, str],
    measures: tuple[str, ...] = OVER_THE_YEARS,
) -> pd.DataFrame:
    """The council, its region and England on each measure in every year of the series, with the ends of the
    council's margin of error, the run of comparable years each year belongs to and the marks to draw."""
    years = ascof.years(series)
    # Each measure's years, and the three areas' rows, found in one pass each: comparing the whole series'
    # text columns once per measure and area was 0.3 of a council page's 0.4 s here (cProfile).
    present_in = series.groupby("measure", sort=False)["year"].agg(set).to_dict()
    areas = [c for c in (where.code, where.region, ENGLAND_ONS) if c]
    nearby = series[series["code"].isin(areas)]
    rows = []
    for measure in measures:
        present = present_in.get(measure, set())
        held = [y for y in years if y in present]
        run_of = {y: i for i, run in enumerate(ascof.segments(held, breaks, measure)) for y in run}
        marked = dict(ascof.marks(breaks, measure, held))
        own = {c: ascof.values(nearby, c, measure).set_index("year") for c in areas}
        for year in held:
            value, margin = _at(own, where.code, year, "value"), _at(own, where.code, year, "margin")
            margin = 0.0 if pd.isna(margin) else margin
            rows.append(
                {
                    "measure": names[measure],
                    "ascof_code": measure,
                    "year": year,
                    "council_percent": value,
                    "council_low_percent": value - margin,
                    "council_high_percent": value + margin,
                    "region_percent": _at(own, where.region, year, "value"),
                    "england_percent": _at(own, ENGLAND_ONS, year, "value"),
                    "run": run_of[year],
                    "mark": KIND_SHORT[marked[year]] if year in marked else "",
                    "span": marked.get(year) == ascof.ALONE,
                }
            )
    return pd.DataFrame(rows)


def over_the_years_series(drawn: pd.DataFrame, name: str, region_label: str) -> dict[str, str]:
    """The lines to draw, named for the reader, leaving out an area with no figures at all."""
    series = {name: "council_percent", region_label: "region_percent", ENGLAND: "england_percent"}
    return {k: v for k, v in series.items() if len(drawn) and drawn[v].notna().any()}


def over_the_years_draw(drawn: pd.DataFrame, name: str, region_label: str, empty: str) -> Callable[..., Any]:
    """The over-the-years chart as `charts.publish` draws it (wide and narrow): the council with its margin of
    error, its region and England, one small chart per measure; `empty` is said where there is nothing to draw.
    The chapter and every council's page draw it so."""
    from hertsbook.content import charts  # matplotlib: loaded where a chart is drawn

    return partial(
        charts.lines_with_breaks,
        drawn,
        "measure",
        "year",
        over_the_years_series(drawn, name, region_label),
        band=("council_low_percent", "council_high_percent"),
        empty=empty,
    )


def over_the_years_sentence(
    series: pd.DataFrame, where: ascof.Place, breaks: pd.DataFrame, names: dict[str, str]
) -> str:
    """Each measure's latest figure against the last year it may be compared with, by the margin rule."""
    parts = []
    for measure in OVER_THE_YEARS:
        one = ascof.values(series, where.code, measure).dropna(subset=["value"])
        if one.empty:
            continue
        last = one.iloc[-1]
        earlier = ascof.previous_comparable(one, breaks, measure, last["year"])
        text = (
            f"{html_text(names[measure])}: {national(with_margin(last['value'], last['margin'], measure, '%'), ASCOF_SERIES)} "
            f"in {html_text(last['year'])}"
        )
        if earlier is None:
            parts.append(text + ", with no earlier year it may be compared with.")
            continue
        before = one.set_index("year").loc[earlier]
        moved = ascof.change(one.set_index("year")["value"], breaks, measure, earlier, last["year"])
        standing = ascof.difference(last["value"], last["margin"], before["value"], before["margin"])
        how = {ascof.ABOVE: "clearly higher", ascof.BELOW: "clearly lower"}.get(standing, "no clear change")
        parts.append(
            f"{text}, against {national(with_margin(before['value'], before['margin'], measure, '%'), ASCOF_SERIES)} "
            f"in {html_text(earlier)}: {number(moved, 1, sign=True)} points (worked out), {how}."
        )
    if not parts:
        return f"The national data holds none of these survey measures for {html_text(where.name)}."
    return " ".join(parts)


def over_the_years_alt(drawn: pd.DataFrame, name: str) -> str:
    panels = drawn["ascof_code"].nunique() if len(drawn) else 0
    breaks_drawn = int((drawn["mark"] != "").sum()) if len(drawn) else 0
    return (
        f"Line charts of {panels} ASCOF survey measures, 2015-16 to 2024-25: {name} with its margin of error, "
        f"its region and England; {breaks_drawn} breaks or renumberings marked, no line across a break."
    )


# --- the July 2025 report's 2024/25 figures beside the official 2024-25 ASCOF values ---------------------

# For each of the report's 2024/25 counts, the nearest ASCOF 2024-25 figure: the measures whose counts
# (`part`, numerator or denominator) are added up, what they count, and whether it is the same thing.
PANEL_NEAREST = {
    "cp-adults-long-term-care-2024-25-q4": (
        ("2E(2a)", "2E(2b)"),
        "denominator",
        "people who received long-term support during the year, aged 18 to 64 and 65 and over (the tables' "
        "denominators, client-level data)",
        "close, not the same: ASCOF counts everyone who received long-term support during the year; the "
        "report does not say how it counts",
    ),
    "cp-safeguarding-enquiries-2024-25-q4": (
        ("4B",),
        "denominator",
        "people whose section 42 enquiry identified a risk (the table's denominator, Safeguarding Adults "
        "Collection)",
        "no: 4B counts people whose enquiry identified a risk, not every enquiry",
    ),
}
PANEL_FIGURES = (
    "cp-new-requests-2024-25-q4",
    "cp-adults-long-term-care-2024-25-q4",
    "cp-safeguarding-concerns-2024-25-q4",
    "cp-safeguarding-enquiries-2024-25-q4",
    "cp-dols-applications-2024-25-q4",
)
ASCOF_LATEST = "2024-25"


def panel_beside_ascof(
    evidence: pd.DataFrame, series: pd.DataFrame, code: str = HERTFORDSHIRE_ONS
) -> pd.DataFrame:
    """The July 2025 report's 2024/25 counts, each beside the nearest official 2024-25 ASCOF figure for the
    same council (added up where two measures share it, and so worked out), or none where ASCOF has no such
    measure."""
    rows = []
    for figure_id in PANEL_FIGURES:
        nearest = PANEL_NEAREST.get(figure_id)
        row = {"evidence_id": figure_id, "printed": float(evidence.loc[figure_id, "value"])}
        if nearest is None:
            rows.append(
                row
                | {
                    "ascof_codes": "",
                    "ascof": None,
                    "what_ascof_counts": "",
                    "same": "ASCOF has no such measure",
                }
            )
            continue
        measures, part, counts, same = nearest
        found = series[
            (series["code"] == code) & (series["year"] == ASCOF_LATEST) & series["measure"].isin(measures)
        ]
        total = (
            float(found[part].sum()) if len(found) == len(measures) and found[part].notna().all() else None
        )
        rows.append(
            row
            | {"ascof_codes": ", ".join(measures), "ascof": total, "what_ascof_counts": counts, "same": same}
        )
    return pd.DataFrame(rows)


def panel_display(evidence: pd.DataFrame, beside: pd.DataFrame) -> pd.DataFrame:
    """The report's figure (linked to its quote) beside the ASCOF figure (linked to the DHSC file)."""
    return pd.DataFrame(
        {
            "What the July 2025 report counts, 2024/25": [
                evidence.loc[i, "measure"][0].upper() + evidence.loc[i, "measure"][1:]
                for i in beside["evidence_id"]
            ],
            "Report's figure": [cited_as_printed(evidence, i) for i in beside["evidence_id"]],
            "Nearest ASCOF 2024-25 figure": [
                ""
                if a is None or pd.isna(a)
                else national(number(a), ASCOF_SERIES)
                + html_text(f" ({c}: {w}{', added up (worked out)' if ',' in c else ''})")
                for a, c, w in zip(
                    beside["ascof"], beside["ascof_codes"], beside["what_ascof_counts"], strict=True
                )
            ],
            "Same thing?": beside["same"].to_numpy(),
        }
    )
