"""Early help: the 2023 redesign, the savings and the £19m, the SEND commitment and the 2018 strategy's measures.

Pure functions over data frames: the notebook loads, calls these and shows the results. Every sentence that
carries a number takes it from the evidence and links it there with `text.cite`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from hertsbook.content.data import DFE_EARLY_EDUCATION
from hertsbook.content.numbers import date_in_words, millions, percent
from hertsbook.content.places import ENGLAND, ENGLAND_DFE, HERTFORDSHIRE, HERTFORDSHIRE_DFE
from hertsbook.content.text import audited, cite, html_text, national
from hertsbook.content.themes.prevention import LIFE_STAGES, TAKE_UP_2
from hertsbook.project import Project

NOT_ITEMISED = "Not itemised in the article (worked out)"
ARTICLE = "2023-07-early-help-redesign-news.txt"
INJECTION_TOTAL = "eh-injection-total"
SEND_ANNUAL = "eh-send-statutory-duties-annual"  # the £5m a year for SEND that may or may not be part of it


def parameter_choices(project: Project) -> dict[str, list[str]]:
    """The life stages of the prevention strategy's Appendix 1, in the document's order."""
    from hertsbook.content import data

    stages = set(data.table(project, "lists/corporate_plan_ambitions.csv")["life_stage"])
    return {"life_stage": [s for s in LIFE_STAGES if s in stages]}


# --- savings --------------------------------------------------------------------------------------------


def savings(evidence: pd.DataFrame) -> dict[str, float]:
    """What children's services were asked to save and the part the redesign could carry (worked out).

    The audit page's check of the savings uses these same values.
    """
    asked = float(evidence.loc["eh-childrens-services-savings-asked", "value"])
    redesign = float(evidence.loc["eh-redesign-savings-two-years", "value"])
    return {"asked": asked, "redesign": redesign, "redesign_share": 100 * redesign / asked}


def savings_sentence(evidence: pd.DataFrame) -> str:
    s = savings(evidence)
    return (
        f"Children's services were told to save {audited(evidence, 'eh-childrens-services-savings-asked')} "
        f"from their existing budgets. The early help redesign could save "
        f"{audited(evidence, 'eh-redesign-savings-two-years')} over "
        f"{audited(evidence, 'eh-redesign-savings-period')}. That is {percent(s['redesign_share'], 1)} of the savings "
        f"asked (worked out by this book). The comparison is rough: the article gives no period for the "
        f"savings asked, and its headline's cut of {audited(evidence, 'eh-redesign-savings-headline')} does "
        f"not mention the period."
    )


# --- the £19m injection ---------------------------------------------------------------------------------


def injection(evidence: pd.DataFrame, count_send_annual: bool = False) -> pd.DataFrame:
    """The £19m, split into the parts the article names and the rest (worked out).

    With `count_send_annual` the additional £5m a year for SEND is treated as part of the £19m; the article
    does not say whether it is. The rest can then be below zero: more is named than the total. The audit
    page's check of the £19m reads its figures from here.
    """
    total = float(evidence.loc[INJECTION_TOTAL, "value"])
    parts = [
        ("Children in care (“just over”)", "eh-injection-children-in-care"),
        ("School transport for children with SEND", "eh-injection-send-school-transport"),
    ]
    if count_send_annual:
        parts.append(("SEND statutory duties (a year)", SEND_ANNUAL))
    rows: list[dict[str, Any]] = [
        {
            "part": name,
            "million_pounds": float(evidence.loc[i, "value"]),
            "kind": "named in the article",
            "evidence_id": i,
        }
        for name, i in parts
    ]
    named = sum(r["million_pounds"] for r in rows)
    rows.append(
        {
            "part": NOT_ITEMISED,
            "million_pounds": round(total - named, 2),
            "kind": "worked out",
            "evidence_id": "",
        }
    )
    frame = pd.DataFrame(rows)
    frame.attrs["total"] = total
    return frame


def injection_named(parts: pd.DataFrame) -> float:
    return float(parts.loc[parts["kind"] == "named in the article", "million_pounds"].sum())


def injection_gap(parts: pd.DataFrame) -> float:
    return float(parts.loc[parts["part"] == NOT_ITEMISED, "million_pounds"].iloc[0])


def injection_drawn(parts: pd.DataFrame) -> pd.DataFrame:
    """Exactly the numbers the chart draws: each named part and the rest, in £ million."""
    drawn = parts[["part", "million_pounds", "kind"]].copy()
    drawn["million_pounds"] = drawn["million_pounds"].abs()
    drawn.loc[(parts["part"] == NOT_ITEMISED) & (parts["million_pounds"] < 0), "part"] = (
        "Named beyond the total (worked out)"
    )
    return drawn.reset_index(drop=True)


def injection_labels(parts: pd.DataFrame) -> list[str]:
    return [
        millions(abs(v)) + (" (worked out)" if k == "worked out" else "")
        for v, k in zip(parts["million_pounds"], parts["kind"], strict=True)
    ]


def injection_hatched(drawn: pd.DataFrame) -> list[bool]:
    return list(drawn["kind"] == "worked out")


def injection_subtitle(evidence: pd.DataFrame) -> str:
    return (
        f"Extra money for children's services in {evidence.loc['eh-injection-total', 'period']}, £ million: "
        f"the parts the article names, and the rest worked out by this book."
    )


def injection_title(parts: pd.DataFrame) -> str:
    total, named, gap = parts.attrs["total"], injection_named(parts), injection_gap(parts)
    if gap >= 0:
        return (
            f"The article names where {millions(named)} of the {millions(total)} goes; {millions(gap)} is not "
            "itemised"
        )
    return f"Counted this way, the parts named add up to {millions(named)}, more than the {millions(total)}"


def injection_alt(parts: pd.DataFrame) -> str:
    drawn = injection_drawn(parts)
    big = drawn.loc[drawn["million_pounds"].idxmax()]
    small = drawn.loc[drawn["million_pounds"].idxmin()]
    return (
        f"Bar chart of the {millions(parts.attrs['total'])} for children's services in {len(drawn)} parts. "
        f"Largest: {big['part']}, {millions(big['million_pounds'])}; smallest: {small['part']}, "
        f"{millions(small['million_pounds'])}."
    )


def injection_sentence(evidence: pd.DataFrame, parts: pd.DataFrame) -> str:
    named, gap = injection_named(parts), injection_gap(parts)
    sentence = (
        f"The council planned to put an extra {audited(evidence, 'eh-injection-total')} into some children's "
        f"services in {html_text(evidence.loc['eh-injection-total', 'period'])}. The article names two uses: “just over” "
        f"{audited(evidence, 'eh-injection-children-in-care')} for children in care and "
        f"{audited(evidence, 'eh-injection-send-school-transport')} for school transport for children with "
        f"special educational needs and disabilities (SEND)."
    )
    if gap >= 0:
        return sentence + (
            f" Together that is about {millions(named)}, so about {millions(gap)} is not itemised (worked out by "
            "this book)."
        )
    return sentence + (
        f" This page also counts the extra {audited(evidence, SEND_ANNUAL)} a year for "
        f"SEND as part of the total. The parts named then come to about {millions(named)}, {millions(-gap)} more than the "
        f"total (worked out by this book), so that money cannot all be part of it."
    )


# --- early education take-up, every January census the DfE extract holds -------------------------------

TAKE_UP_COLUMNS = {HERTFORDSHIRE: "hertfordshire_percent", ENGLAND: "england_percent"}
BREAK_WORDS = ("break", "not comparable", "discontinu")  # how a description would mark a break in the series


def take_up(census: pd.DataFrame) -> pd.DataFrame:
    """Take-up of funded places by eligible 2 year olds, Hertfordshire and England, in every census year."""
    chosen = census[
        (census["measure"] == TAKE_UP_2) & census["la_number"].isin([HERTFORDSHIRE_DFE, ENGLAND_DFE])
    ]
    wide = chosen.pivot_table(index="year", columns="la_number", values="value", aggfunc="first").sort_index()
    return pd.DataFrame(
        {
            "january_census": wide.index.astype(int),
            TAKE_UP_COLUMNS[HERTFORDSHIRE]: wide[HERTFORDSHIRE_DFE].to_numpy(),
            TAKE_UP_COLUMNS[ENGLAND]: wide[ENGLAND_DFE].to_numpy(),
        }
    )


def take_up_breaks(census: pd.DataFrame) -> list[int]:
    """The census years at which the extract marks a break in the take-up series (its description says so)."""
    rows = census[census["measure"] == TAKE_UP_2]
    marked = rows[rows["description"].str.lower().str.contains("|".join(BREAK_WORDS), na=False)]
    return sorted(int(y) for y in marked["year"].unique())


def take_up_drawn(table: pd.DataFrame, breaks: list[int]) -> pd.DataFrame:
    """Exactly the numbers the chart draws: one column per place and stretch between breaks, so that no line
    joins two years across a break (a stretch after a break is named by its first year)."""
    out = pd.DataFrame(
        {
            "panel": "Eligible 2 year olds taking up a funded place",
            "january_census": table["january_census"].astype(str),
        }
    )
    starts = [b for b in breaks if table["january_census"].min() < b <= table["january_census"].max()]
    for column in TAKE_UP_COLUMNS.values():
        edges = [table["january_census"].min(), *starts, table["january_census"].max() + 1]
        for first, end in zip(edges[:-1], edges[1:], strict=True):
            inside = (table["january_census"] >= first) & (table["january_census"] < end)
            name = column if first == edges[0] else column.replace("_percent", f"_from_{first}_percent")
            out[name] = table[column].where(inside)
    return out


def take_up_series(drawn: pd.DataFrame) -> dict[str, str]:
    """The chart's lines: each column of `take_up_drawn`, named for the reader (a later stretch by its year)."""
    names = {}
    for place, column in TAKE_UP_COLUMNS.items():
        for name in drawn.columns:
            if name == column:
                names[place] = name
            elif name.startswith(column.replace("_percent", "_from_")):
                names[f"{place} from {name.split('_')[-2]}"] = name
    return names


def take_up_highlighted(series: dict[str, str]) -> tuple[str, ...]:
    """The lines drawn thicker: Hertfordshire's."""
    return tuple(name for name in series if name.startswith(HERTFORDSHIRE))


def _take_up_facts(table: pd.DataFrame) -> dict[str, Any]:
    herts, england = (table[TAKE_UP_COLUMNS[p]] for p in (HERTFORDSHIRE, ENGLAND))
    both = table[herts.notna() & england.notna()]
    return {
        "first": table.iloc[0],
        "last": table.iloc[-1],
        "peak": table.loc[herts.idxmax()],
        "above": int((both[TAKE_UP_COLUMNS[HERTFORDSHIRE]] > both[TAKE_UP_COLUMNS[ENGLAND]]).sum()),
        **{
            f"{k}_year": int(table.loc[i, "january_census"])
            for k, i in (("first", table.index[0]), ("last", table.index[-1]), ("peak", herts.idxmax()))
        },
        "years": len(both),
    }


def take_up_title(table: pd.DataFrame) -> str:
    f = _take_up_facts(table)
    h = TAKE_UP_COLUMNS[HERTFORDSHIRE]
    return (
        f"{HERTFORDSHIRE}'s take-up rose from {percent(f['first'][h])} in {f['first_year']} to "
        f"{percent(f['peak'][h])} in {f['peak_year']}, and was {percent(f['last'][h])} in "
        f"{f['last_year']}; it was above {ENGLAND}'s in {f['above']} of {f['years']} years"
    )


def take_up_alt(table: pd.DataFrame) -> str:
    f = _take_up_facts(table)
    h, e = TAKE_UP_COLUMNS[HERTFORDSHIRE], TAKE_UP_COLUMNS[ENGLAND]
    return (
        f"Line chart of take-up by eligible 2 year olds, {f['first_year']} to "
        f"{f['last_year']}: {HERTFORDSHIRE} {percent(f['first'][h])} to {percent(f['last'][h])}, "
        f"{ENGLAND} {percent(f['first'][e])} to {percent(f['last'][e])}."
    )


def last_year_falls(census: pd.DataFrame) -> dict[str, int]:
    """How many local authorities' take-up fell in the latest census year, of those with both years' figures."""
    rows = census[(census["measure"] == TAKE_UP_2) & ~census["la_number"].isin([ENGLAND_DFE])]
    rows = rows[rows["region"] != "NA"]  # local authorities (regions and England have no region)
    last = int(rows["year"].max())
    wide = rows.pivot_table(index="la_number", columns="year", values="value", aggfunc="first")[
        [last - 1, last]
    ].dropna()
    return {"year": last, "fell": int((wide[last] < wide[last - 1]).sum()), "councils": len(wide)}


def take_up_sentence(table: pd.DataFrame, breaks: list[int], falls: dict[str, int]) -> str:
    """What the whole series shows, its breaks (or that the extract marks none), and the latest year's fall."""
    f = _take_up_facts(table)
    h, e = TAKE_UP_COLUMNS[HERTFORDSHIRE], TAKE_UP_COLUMNS[ENGLAND]

    def shown(value: float) -> str:
        return national(percent(value), DFE_EARLY_EDUCATION)

    text = (
        f"The DfE's extract holds {len(table)} January counts, {f['first_year']} to "
        f"{f['last_year']}. {HERTFORDSHIRE}'s take-up by eligible 2 year olds went from "
        f"{shown(f['first'][h])} to {shown(f['peak'][h])} in {f['peak_year']}, and was "
        f"{shown(f['last'][h])} in {f['last_year']}; {ENGLAND}'s went from {shown(f['first'][e])} "
        f"to {shown(f['last'][e])}. {HERTFORDSHIRE} was above {ENGLAND} in {f['above']} of the {f['years']} years."
    )
    if breaks:
        text += (
            " The extract marks a break in the series in "
            + ", ".join(str(b) for b in breaks)
            + ": the chart draws no line across it and the book compares no years either side of it."
        )
    else:
        text += " The extract marks no break in the series."
    if falls["councils"] and falls["fell"] > falls["councils"] / 2:
        text += (
            f" In {falls['year']} take-up fell in {falls['fell']} of the {falls['councils']} councils with figures "
            f"for both {falls['year'] - 1} and {falls['year']}: a fall nearly everywhere at once may come from a "
            "change in who counts as eligible rather than in the councils' work, which the extract cannot show."
        )
    return text


# --- the SEND commitment --------------------------------------------------------------------------------


def send_sentence(evidence: pd.DataFrame) -> str:
    return (
        f"At the same meeting the cabinet (the councillors who lead the council) agreed an extra "
        f"{audited(evidence, 'eh-send-statutory-duties-annual')} a year for the council's legal duties to "
        f"children with SEND. The article says it will pay for {audited(evidence, 'eh-send-additional-staff')} "
        f"more front-line staff and cut their caseloads, the number of children each worker looks after, by "
        f"{audited(evidence, 'eh-send-caseload-reduction')}. It will also improve Education, Health and Care "
        f"Plans, the plans that set out a child's support. The article describes the "
        f"{audited(evidence, 'eh-send-ehcp-annual')} a year twice, once to clear a backlog of these plans and "
        f"once for the legal duties. It is probably one commitment. The article does not say when it starts."
    )


# --- the prevention strategy's measures for children ----------------------------------------------------


STRATEGY_MEASURES = (
    # (evidence id, the measure in plain words, where Appendix 1 or the strategy gives it)
    ("ps-early-education-good-outstanding", "Early education provision rated good or outstanding", "today"),
    ("ps-take-up-3-4-entitlement", "Take-up of free early education by 3 and 4 year olds", "today"),
    ("ps-take-up-2yo-eligible", "Take-up of free early education by eligible 2 year olds", "today"),
    (
        "ps-attainment-gap-bottom-pct",
        "Children with the lowest early development scores, whose gap with others the council would narrow",
        "more preventive",
    ),
    (
        "ps-asq3-baseline-age",
        "Age of the development check by health services (the Ages and Stages Questionnaire), to give a "
        "starting point",
        "more preventive",
    ),
    (
        "ps-eyfsp-assessment-age",
        "Age of the end-of-reception assessment (the Early Years Foundation Stage Profile), to measure progress",
        "more preventive",
    ),
    (
        "ps-cla-significant-relationships",
        "Significant people each child in the council's care should have a good relationship with, at least",
        "today",
    ),
    (
        "ps-programme-edge-of-care-age",
        "Youngest age in the “Edge of care 11+” programme being scoped",
        "programme",
    ),
)
WHERE = {
    "today": "what the council does today",
    "more preventive": "how it could be more preventive",
    "programme": "programmes being scoped",
}


def strategy_measures(evidence: pd.DataFrame) -> pd.DataFrame:
    """The 2018 prevention strategy's figures that bear on early help and early years, in plain words, linked.

    Every such evidence row must be listed here: a test checks that none is left out.
    """
    return pd.DataFrame(
        {
            "What the strategy gives": [label for _, label, _ in STRATEGY_MEASURES],
            "Figure": [audited(evidence, i) for i, _, _ in STRATEGY_MEASURES],
            "Where in the strategy": [WHERE[w] for _, _, w in STRATEGY_MEASURES],
        }
    )


def strategy_measure_ids(evidence: pd.DataFrame) -> set[str]:
    """The evidence rows of the 2018 strategy tagged early help."""
    tagged = evidence[
        (evidence["source"] == "2018-11-prevention-strategy.txt")
        & evidence["themes"].str.split(";").map(lambda t: "early_help" in t)
    ]
    return set(tagged.index)


# --- the decision timeline ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    event: str
    printed: str  # when, in the article's own words ("" when it gives no time)
    evidence_id: str = ""
    date_id: str = ""  # a row of data/dates, used instead of `printed` once the data holds it


EVENTS = {"ps-cabinet-panel-meeting": "A panel of councillors considers the Prevention Strategy"}
STEPS = (
    Step(
        "Cabinet hears that the redesign could save money",
        "Monday (July 10)",
        "eh-redesign-savings-two-years",
        "eh-cabinet-meeting",
    ),
    Step(
        "Cabinet agrees a public consultation on the services",
        "Monday (July 10)",
        "eh-consultation-length",
        "eh-cabinet-meeting",
    ),
    Step("The consultation runs", "over the summer holiday and beyond", "eh-consultation-length-full"),
    Step("Results reported to cabinet panels", "in November"),
    Step("Cabinet takes its decisions, after the consultation", ""),
)


def timeline(evidence: pd.DataFrame, dates: pd.DataFrame, theme: str = "early_help") -> pd.DataFrame:
    """The dated events the data holds for the theme and the 2018 strategy, then the article's steps in order.

    A step is dated only from a row of `data/dates`; otherwise it keeps the article's own words, which give
    no year.
    """
    tagged = dates[dates["themes"].str.split(";").map(lambda t: theme in t)]
    chosen = dates.loc[[i for i in ("ps-cabinet-panel-meeting",) if i in dates.index]]
    dated = pd.concat([chosen, tagged[~tagged.index.isin(chosen.index)]])
    skip = {s.date_id for s in STEPS}
    rows = [
        {
            "when": date_in_words(dated.loc[i, "date"]),
            "event": EVENTS.get(i, dated.loc[i, "event"]),
            "dated": True,
            "figure": "",
        }
        for i in dated.index
        if i not in skip
    ]
    rows.append(
        {
            "when": evidence.loc["eh-injection-total", "period"],
            "event": "The extra money for children's services is planned for this budget year",
            "dated": True,
            "figure": audited(evidence, "eh-injection-total"),
        }
    )
    for step in STEPS:
        known = step.date_id and step.date_id in dates.index
        rows.append(
            {
                "when": date_in_words(dates.loc[step.date_id, "date"])
                if known
                else (f"“{step.printed}” (no year given)" if step.printed else "no date given"),
                "event": step.event,
                "dated": bool(known),
                "figure": audited(evidence, step.evidence_id) if step.evidence_id else "",
            }
        )
    return pd.DataFrame(rows)


def timeline_display(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "When": frame["when"].to_numpy(),
            "What happened or was planned": frame["event"].to_numpy(),
            "Figure": frame["figure"].to_numpy(),
        }
    )


# --- the leader's aim and the chapter's key points --------------------------------------------------------


def _quoted(items: pd.DataFrame, position: int) -> str:
    """One list item in quotation marks, linked to its row on the evidence page."""
    row = items[items["position"].astype(int) == position].iloc[0]
    return cite(f"“{row['item']}”", f"{row['list']}-{row['position']}")


LEADER_AIM = 1  # position in early_help_stated_aims: the leader's words
CUTS = 4  # position in early_help_redesign_changes: the cuts to youth work and the centres that may close


def aim_sentence(aims: pd.DataFrame) -> str:
    """The council leader's stated aim for the redesign, in the article's words."""
    return (
        "The leader of the council acknowledged that savings had to be made, but said this was about "
        f"{_quoted(aims, LEADER_AIM)}."
    )


def key_points(evidence: pd.DataFrame, aims: pd.DataFrame, changes: pd.DataFrame) -> list[str]:
    """The chapter's key points as HTML sentences: what the council set out to do, what the figures show,
    what the sources cannot tell us."""
    s = savings(evidence)
    return [
        f"The cabinet agreed a public consultation of {audited(evidence, 'eh-consultation-length')} on redesigning "
        f"early help for families; the leader of the council said it was about {_quoted(aims, LEADER_AIM)}.",
        f"The redesign could save {audited(evidence, 'eh-redesign-savings-two-years')} over "
        f"{audited(evidence, 'eh-redesign-savings-period')}, about {percent(s['redesign_share'], 1)} of the "
        f"{audited(evidence, 'eh-childrens-services-savings-asked')} children's services were told to save (worked "
        "out by this book).",
        f"The article reports that {_quoted(changes, CUTS)}",
        f"At the same time the council planned an extra {audited(evidence, 'eh-injection-total')} for other "
        f"children's services in {html_text(evidence.loc['eh-injection-total', 'period'])}; the article names "
        f"where about {millions(injection_named(injection(evidence)))} of it goes.",
        "The sources cannot tell us what the public said in the consultation, what the cabinet then decided, or "
        "which centres would close.",
    ]
