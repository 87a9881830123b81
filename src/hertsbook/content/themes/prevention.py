"""Prevention: the 2018 strategy, its Corporate Plan appendix, population change, Connect and Prevent, spend.

Pure functions over data frames: the notebook loads, calls these and shows the results. Every sentence that
carries a number takes it from the evidence and links it there with `text.cite`.
"""

from __future__ import annotations

from textwrap import shorten

import pandas as pd

from hertsbook.content.data import ASCOF_TREND, DFE_EARLY_EDUCATION, DFE_NEIGHBOURS, ONS_SNPP
from hertsbook.content.numbers import change as money_change
from hertsbook.content.numbers import month_in_words, number, ordinal, percent
from hertsbook.content.places import (
    ENGLAND,
    ENGLAND_DFE,
    ENGLAND_ONS,
    HERTFORDSHIRE,
    HERTFORDSHIRE_DFE,
    HERTFORDSHIRE_ONS,
)
from hertsbook.content.text import audited, bullets, cite, html_text, national
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.project import Project

BASE_YEAR = 2018  # the ONS 2018-based projection starts from the mid-2018 estimate
STRATEGY_YEAR = 2037  # the strategy's figures are "By 2037" (evidence rows ps-pop-*, period 2037)
LIFE_STAGES = (
    "Across Hertfordshire",
    "Children, young people and their families",
    "Those of a working age",
    "Older people",
)
OLDER = ("65-69", "70-74", "75-79", "80-84", "85-89", "90+")
ACTION_AND_BENEFIT = "More-preventive action and a benefit"
ACTION_ONLY = "More-preventive action, no benefit stated"
BENEFIT_ONLY = "Benefit stated, no more-preventive action"
NEITHER = "Neither stated"


def parameter_choices(project: Project) -> dict[str, list]:
    """The councils and years the national population projections hold."""
    from hertsbook.content import data

    population = data.ons_snpp(project)
    codes = population.loc[population["code"] != ENGLAND_ONS, "code"]
    years = sorted(int(y) for y in population["year"].unique() if int(y) > BASE_YEAR)
    census = data.dfe_early_education(project)
    census_years = sorted(int(y) for y in census.loc[census["measure"] == TAKE_UP_2, "year"].unique())
    return {"council": sorted(codes.unique()), "horizon_year": years, "census_year": census_years}


def items(listed: pd.DataFrame) -> list[str]:
    """A list's items in the document's order."""
    ordered = listed.assign(order=pd.to_numeric(listed["position"])).sort_values("order")
    return list(ordered["item"])


def bullet_list(entries: list[str]) -> str:
    """A list's items as an HTML list, each escaped as text and starting with a capital."""
    return bullets(f"{e[:1].upper()}{e[1:]}" for e in entries)


# --- the strategy ---------------------------------------------------------------------------------------


def strategy_sentence(evidence: pd.DataFrame, aims: pd.DataFrame, blocks: pd.DataFrame) -> str:
    return (
        f"The strategy has {len(aims)} aims. It rests on {audited(evidence, 'ps-building-blocks-count')} "
        f"“building blocks”, and it asks to be reviewed after {audited(evidence, 'ps-strategy-review-after')}. "
        f"It borrows {audited(evidence, 'ps-beckhard-prerequisites-count')} conditions for large-scale change "
        f"from the management writer Beckhard, and says how the council will meet each one."
    )


def programmes_sentence(evidence: pd.DataFrame, programmes: pd.DataFrame) -> str:
    return (
        f"The third building block is a set of large programmes that change how the council works. The "
        f"strategy names {len(programmes)} that it was “scoping”, that is, looking into. It gives no cost, "
        f"date or target for any of them."
    )


# --- population change ----------------------------------------------------------------------------------


ALL_AGES, AGED_65, AGED_90 = "All ages", "Aged 65 and over", "Aged 90 and over"
AGE_GROUPS = {ALL_AGES: None, AGED_65: OLDER, AGED_90: ("90+",)}


def population_counts(population: pd.DataFrame, council: str, horizon_year: int) -> pd.DataFrame:
    """People in 2018 and in the horizon year, and the change, for all ages, 65 and over and 90 and over.

    `population` is the ONS projection in long form: code, area, age_group, year, population. The values are
    as the ONS file holds them (projections have decimals); the audit page's population checks use them.
    """
    area = population[population["code"] == council]
    rows = []
    for name, ages in AGE_GROUPS.items():
        chosen = area[area["age_group"] == "All ages"] if ages is None else area[area["age_group"].isin(ages)]
        base = float(chosen.loc[chosen["year"] == BASE_YEAR, "population"].sum())
        later = float(chosen.loc[chosen["year"] == horizon_year, "population"].sum())
        rows.append(
            {
                "group": name,
                "people_base": base,
                "people_horizon": later,
                "change": later - base,
                "change_percent": 100 * (later - base) / base,
            }
        )
    return pd.DataFrame(rows)


def population_change(population: pd.DataFrame, council: str, horizon_year: int) -> pd.DataFrame:
    """`population_counts` as the chapter shows them: whole people, the change in per cent to one decimal."""
    counts = population_counts(population, council, horizon_year)
    for column in ("people_base", "people_horizon", "change"):
        counts[column] = counts[column].round().astype(int)
    counts["change_percent"] = counts["change_percent"].round(1)
    return counts


def area_name(population: pd.DataFrame, code: str) -> str:
    names = population.loc[population["code"] == code, "area"]
    return str(names.iloc[0]) if len(names) else code


def strategy_projection(evidence: pd.DataFrame) -> pd.DataFrame:
    """The strategy's own growth figures by 2037, and the starting population they imply (worked out).

    The audit page sets these same figures beside the ONS projection.
    """
    pairs = [
        (ALL_AGES, "ps-pop-increase-2037", "ps-pop-increase-pct-2037"),
        (AGED_65, "ps-pop-65-plus-increase-2037", "ps-pop-65-plus-increase-pct-2037"),
    ]
    rows = []
    for group, people_id, pct_id in pairs:
        people, pct = evidence.loc[people_id, "value"], evidence.loc[pct_id, "value"]
        rows.append(
            {
                "group": group,
                "change": people,
                "change_id": people_id,
                "change_percent": pct,
                "change_percent_id": pct_id,
                "implied_base": 100 * people / pct,
            }
        )
    return pd.DataFrame(rows)


def population_drawn(
    claims: pd.DataFrame, ons: pd.DataFrame, council_name: str, horizon_year: int
) -> pd.DataFrame:
    """The percentage growth the chart draws: the strategy's (Hertfordshire, by 2037) and the ONS projection's."""
    merged = claims.merge(ons, on="group", suffixes=("_strategy", "_ons"))
    return pd.DataFrame(
        {
            "group": merged["group"].to_numpy(),
            "strategy_hertfordshire_by_2037_percent": merged["change_percent_strategy"].to_numpy(),
            f"ons_{council_name.lower().replace(' ', '_')}_{BASE_YEAR}_to_{horizon_year}_percent": merged[
                "change_percent_ons"
            ].to_numpy(),
        }
    )


def population_ratio(drawn: pd.DataFrame, row: int = 0) -> float:
    """How many times the ONS growth the strategy's growth is for one age group (worked out; row 0: all ages)."""
    strategy, ons = drawn.iloc[row, 1], drawn.iloc[row, 2]
    return round(strategy / ons, 1) if ons > 0 else float("nan")


def population_title(drawn: pd.DataFrame, council_name: str, horizon_year: int, council: str) -> str:
    """The finding, true for every age group drawn: each group's ratio is worked out, none is carried over."""
    strategy, ons = drawn.iloc[0, 1], drawn.iloc[0, 2]
    larger = (drawn.iloc[:, 2] > 0).all() and (drawn.iloc[:, 2] < drawn.iloc[:, 1]).all()
    if council == HERTFORDSHIRE_ONS and horizon_year == STRATEGY_YEAR and larger:
        first, *rest = [
            f"{number(population_ratio(drawn, i))} times{' the ONS projection' if i == 0 else ''} ({_lower_first(g)})"
            for i, g in enumerate(drawn["group"])
        ]
        return (
            f"The strategy's population growth for {council_name} to {horizon_year} is about {first}"
            + "".join(f" and {r}" for r in rest)
        )
    return (
        f"ONS projects {percent(ons)} growth for {council_name}, {BASE_YEAR} to {horizon_year}; the strategy "
        f"gives {percent(strategy)} for {HERTFORDSHIRE} by {STRATEGY_YEAR}"
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def population_alt(drawn: pd.DataFrame, council_name: str, horizon_year: int) -> str:
    ons_column = drawn.columns[2]
    parts = [
        f"{g}: strategy {percent(s)}, ONS {percent(o)}"
        for g, s, o in zip(drawn["group"], drawn.iloc[:, 1], drawn[ons_column], strict=True)
    ]
    return (
        f"Dot chart of population growth, the strategy's Hertfordshire figures by 2037 against ONS for "
        f"{council_name}, {BASE_YEAR} to {horizon_year}. " + "; ".join(parts) + "."
    )


def population_display(
    evidence: pd.DataFrame, claims: pd.DataFrame, ons: pd.DataFrame, council_name: str, horizon_year: int
) -> pd.DataFrame:
    """The strategy's figures beside the ONS projection, in people and per cent."""
    by_group = ons.set_index("group")
    rows = []
    for _, claim in claims.iterrows():
        projected = by_group.loc[claim["group"]]
        rows.append(
            {
                "Group": claim["group"],
                "Strategy: rise by 2037": f"{audited(evidence, claim['change_id'])} "
                f"({audited(evidence, claim['change_percent_id'])})",
                "Starting population the strategy implies (worked out)": number(claim["implied_base"], 0),
                f"ONS: {council_name} {BASE_YEAR}": number(projected["people_base"]),
                f"ONS: rise {BASE_YEAR} to {horizon_year} (worked out)": f"{number(projected['change'], sign=True)} "
                f"({percent(projected['change_percent'], sign=True)})",
            }
        )
    ninety = by_group.loc[AGED_90]
    rows.append(
        {
            "Group": AGED_90,
            "Strategy: rise by 2037": f"{audited(evidence, 'ps-pop-90-plus-2037')} “of these residents” "
            "(a total or a rise: the strategy does not say)",
            "Starting population the strategy implies (worked out)": "",
            f"ONS: {council_name} {BASE_YEAR}": number(ninety["people_base"]),
            f"ONS: rise {BASE_YEAR} to {horizon_year} (worked out)": f"{number(ninety['change'], sign=True)} "
            f"({percent(ninety['change_percent'], sign=True)}), {number(ninety['people_horizon'])} in all",
        }
    )
    return pd.DataFrame(rows)


def population_sentence(
    evidence: pd.DataFrame, claims: pd.DataFrame, population: pd.DataFrame, council: str, horizon_year: int
) -> str:
    """The strategy's growth, the base it implies against the ONS mid-2018 estimate, and the chosen projection."""
    claim = claims.set_index("group").loc[ALL_AGES]
    herts = population_change(population, HERTFORDSHIRE_ONS, horizon_year).set_index("group").loc[ALL_AGES]
    gap = abs(claim["implied_base"] - herts["people_base"]) / herts["people_base"]
    nearness = "close to" if gap < 0.01 else "not close to"
    everyone = population_change(population, council, horizon_year).set_index("group").loc[ALL_AGES]
    estimate = national(number(herts["people_base"]), ONS_SNPP)
    rise = national(number(everyone["change"]), ONS_SNPP)
    # Run for another council, the estimate is still Hertfordshire's and the projection is not made from it.
    own = council == HERTFORDSHIRE_ONS
    whose = "" if own else f" for {HERTFORDSHIRE}"
    made = " made from that estimate" if own else ""
    return (
        f"The strategy says that by {STRATEGY_YEAR} there will be {audited(evidence, 'ps-pop-increase-2037')} more "
        f"people in Hertfordshire, a rise of {audited(evidence, 'ps-pop-increase-pct-2037')}. Those two figures "
        f"fit a starting population of about {number(claim['implied_base'], 0)} (worked out by this book). That is "
        f"{nearness} the official estimate of {estimate}{whose} for mid-{BASE_YEAR}. The Office for National "
        f"Statistics (ONS) projection{made} gives {html_text(area_name(population, council))} a rise of "
        f"{rise} people ({percent(everyone['change_percent'])}) between {BASE_YEAR} and {horizon_year}."
    )


# --- Corporate Plan ambitions (Appendix 1) ------------------------------------------------------------


def ambitions_by_life_stage(ambitions: pd.DataFrame) -> pd.DataFrame:
    """For each life stage: how many ambitions, and how many state a more-preventive action and a benefit.

    An empty cell means the document states none; whitespace alone counts as empty.
    """
    action = ambitions["more_preventive"].str.strip() != ""
    benefit = ambitions["benefits"].str.strip() != ""
    frame = pd.DataFrame(
        {
            "life_stage": ambitions["life_stage"],
            "action_and_benefit": action & benefit,
            "action_only": action & ~benefit,
            "benefit_only": ~action & benefit,
            "neither": ~action & ~benefit,
            "with_action": action,
            "with_benefit": benefit,
        }
    )
    stages = [s for s in LIFE_STAGES if s in set(frame["life_stage"])] + sorted(
        set(frame["life_stage"]) - set(LIFE_STAGES)
    )
    counts = frame.groupby("life_stage").sum().reindex(stages).astype(int)
    counts.insert(0, "ambitions", frame.groupby("life_stage").size().reindex(stages).astype(int))
    return counts.reset_index()


def ambitions_totals(counts: pd.DataFrame) -> dict[str, int]:
    return {c: int(counts[c].sum()) for c in counts.columns if c != "life_stage"}


def ambitions_drawn(counts: pd.DataFrame) -> pd.DataFrame:
    """Exactly the counts the stacked chart draws (a part that is empty everywhere is left out)."""
    columns = {
        "action_and_benefit": "with_action_and_benefit",
        "action_only": "with_action_no_benefit",
        "benefit_only": "with_benefit_no_action",
        "neither": "with_neither",
    }
    kept = {k: v for k, v in columns.items() if counts[k].sum() > 0}
    out = counts[["life_stage", "ambitions", *kept]].rename(columns=kept)
    return out.reset_index(drop=True)


def ambitions_parts(drawn: pd.DataFrame) -> dict[str, str]:
    names = {
        "with_action_and_benefit": ACTION_AND_BENEFIT,
        "with_action_no_benefit": ACTION_ONLY,
        "with_benefit_no_action": BENEFIT_ONLY,
        "with_neither": NEITHER,
    }
    return {names[c]: c for c in names if c in drawn.columns}


def ambitions_title(counts: pd.DataFrame) -> str:
    t = ambitions_totals(counts)
    return (
        f"{t['action_and_benefit']} of {t['ambitions']} Corporate Plan ambitions have both a more-preventive "
        f"action and a stated benefit"
    )


def ambitions_alt(drawn: pd.DataFrame) -> str:
    share = drawn["with_action_and_benefit"] / drawn["ambitions"]
    best, worst = drawn.loc[share.idxmax()], drawn.loc[share.idxmin()]
    return (
        f"Stacked bars of {int(drawn['ambitions'].sum())} ambitions in {len(drawn)} groups by what they state. "
        f"Most complete: {best['life_stage']}, {best['with_action_and_benefit']} of {best['ambitions']}; "
        f"least: {worst['life_stage']}, {worst['with_action_and_benefit']} of {worst['ambitions']}."
    )


def ambitions_sentence(counts: pd.DataFrame) -> str:
    t = ambitions_totals(counts)
    return (
        f"Appendix 1 lists {t['ambitions']} ambitions. For {t['with_action']} of them it says how the work "
        f"could be more preventive. For {t['with_benefit']} it names a benefit of doing so. "
        f"{t['neither']} ambitions have neither: the appendix lists them with no change proposed."
    )


def ambitions_display(counts: pd.DataFrame) -> pd.DataFrame:
    """The counts by life stage as the page's table shows them, with a total row."""
    t = ambitions_totals(counts)
    table = pd.DataFrame(
        {
            "Life stage": [*counts["life_stage"], "All life stages"],
            "Ambitions": [*counts["ambitions"], t["ambitions"]],
            "With a more-preventive action": [*counts["with_action"], t["with_action"]],
            "With a stated benefit": [*counts["with_benefit"], t["with_benefit"]],
            "With both": [*counts["action_and_benefit"], t["action_and_benefit"]],
            "With neither": [*counts["neither"], t["neither"]],
        }
    )
    return table


def ambitions_for_stage(ambitions: pd.DataFrame, life_stage: str) -> pd.DataFrame:
    """One life stage's ambitions with the more-preventive action and benefit, "none stated" when empty."""
    chosen = ambitions[ambitions["life_stage"] == life_stage]

    def said(column: str) -> list[str]:
        return [shorten(t, 220, placeholder=" …") if t.strip() else "none stated" for t in chosen[column]]

    return pd.DataFrame(
        {
            "Ambition": [shorten(t, 160, placeholder=" …") for t in chosen["ambition"]],
            "How it could be more preventive": said("more_preventive"),
            "Benefit of investing more in prevention": said("benefits"),
        }
    )


# --- early years ----------------------------------------------------------------------------------------

TAKE_UP_2 = "%_2yr_olds"
EARLY_YEARS = (
    # (what the strategy measures, its evidence row, the nearest DfE measure or "")
    (
        "Early education provision rated good or outstanding",
        "ps-early-education-good-outstanding",
        "2yr_Ofsted_rating",
    ),
    ("", "", "3&4yr_Ofsted_rating"),
    ("Take-up of the free early education place by 3 and 4 year olds", "ps-take-up-3-4-entitlement", ""),
    ("Take-up of free places by eligible 2 year olds", "ps-take-up-2yo-eligible", TAKE_UP_2),
)
DFE_NAMES = {
    "2yr_Ofsted_rating": "Funded 2 year olds in good or outstanding settings",
    "3&4yr_Ofsted_rating": "Funded 3 and 4 year olds in good or outstanding settings",
    TAKE_UP_2: "Eligible 2 year olds taking up a funded place",
}


def early_years(evidence: pd.DataFrame, census: pd.DataFrame, year: int) -> pd.DataFrame:
    """The strategy's early-years figures beside the DfE's nearest measures for one January census."""
    chosen = census[(census["year"] == year) & census["la_number"].isin([HERTFORDSHIRE_DFE, ENGLAND_DFE])]
    values = chosen.set_index(["measure", "la_number"])["value"]
    rows = []
    for measure, evidence_id, dfe in EARLY_YEARS:
        herts = values.get((dfe, HERTFORDSHIRE_DFE)) if dfe else None
        england = values.get((dfe, ENGLAND_DFE)) if dfe else None
        rows.append(
            {
                "strategy_measure": measure,
                "strategy": evidence.loc[evidence_id, "value"] if evidence_id else None,
                "evidence_id": evidence_id,
                "dfe_measure": DFE_NAMES.get(dfe, ""),
                "hertfordshire": None if herts is None or pd.isna(herts) else float(herts),
                "england": None if england is None or pd.isna(england) else float(england),
            }
        )
    return pd.DataFrame(rows)


def early_years_display(evidence: pd.DataFrame, table: pd.DataFrame, year: int) -> pd.DataFrame:
    def shown(value: float | None) -> str:
        return "no figure" if value is None or pd.isna(value) else percent(value)

    return pd.DataFrame(
        {
            "Strategy's measure": [m or "(the same figure)" for m in table["strategy_measure"]],
            "Strategy, November 2018": [audited(evidence, i) if i else "" for i in table["evidence_id"]],
            "Nearest national measure (DfE)": [m or "none published" for m in table["dfe_measure"]],
            f"Hertfordshire, January {year}": [shown(v) for v in table["hertfordshire"]],
            f"England, January {year}": [shown(v) for v in table["england"]],
        }
    )


def early_years_sentence(evidence: pd.DataFrame, table: pd.DataFrame, year: int, written: str) -> str:
    """`written` is the strategy's date (YYYY-MM-DD): a later census could not have been its source."""
    two = table[table["evidence_id"] == "ps-take-up-2yo-eligible"].iloc[0]
    strategy, herts, england = two["strategy"], two["hertfordshire"], two["england"]
    sentence = (
        f"The strategy says {audited(evidence, 'ps-take-up-2yo-eligible')} of eligible 2 year olds took up a "
        f"free early education place. Some 2 year olds get free hours if their family has a low income or the "
        f"child has extra needs."
    )
    if herts is None or pd.isna(herts):
        return sentence + f" The Department for Education (DfE) has no figure for January {year}."
    relation = "matches" if herts == strategy else "does not match"
    return (
        sentence
        + (
            f" The Department for Education (DfE) counts this each January. Its figure for Hertfordshire in "
            f"January {year} is {national(percent(herts), DFE_EARLY_EDUCATION)}, which {relation} the "
            f"strategy's; England's is {national(percent(england), DFE_EARLY_EDUCATION)}. "
            f"The strategy's figure for good or outstanding provision is not the DfE's measure either: the DfE "
            f"counts funded children in good or outstanding settings, not the settings themselves."
        )
        + (
            f" The strategy was written in {month_in_words(written)}, before the January {year} count."
            if year > pd.Timestamp(written).year
            else ""
        )
    )


def neighbours_take_up(
    census: pd.DataFrame, neighbours: pd.DataFrame, year: int, la_number: int = HERTFORDSHIRE_DFE
) -> pd.DataFrame:
    """Take-up by eligible 2 year olds in one January: the council, its DfE statistical neighbours and England.

    Highest first; an area the census has no figure for that year is left out, not shown as zero.
    """
    take_up = census[(census["measure"] == TAKE_UP_2) & (census["year"] == year)].set_index("la_number")
    listed = neighbours.loc[neighbours["la_number"] == la_number, "neighbour"]
    groups = {
        la_number: "the council",
        **dict.fromkeys(listed, "statistical neighbour"),
        ENGLAND_DFE: ENGLAND,
    }
    rows = [
        {"area": take_up.at[n, "area"], "group": g, "take_up_percent": float(take_up.at[n, "value"])}
        for n, g in groups.items()
        if n in take_up.index and pd.notna(take_up.at[n, "value"])
    ]
    frame = pd.DataFrame(rows, columns=["area", "group", "take_up_percent"])
    return frame.sort_values("take_up_percent", ascending=False, kind="stable").reset_index(drop=True)


def _place(compared: pd.DataFrame) -> tuple[str, int, int]:
    """The council's name, its place (1 = highest take-up) and how many councils are compared."""
    councils = compared[compared["group"] != ENGLAND].reset_index(drop=True)
    at = councils.index[councils["group"] == "the council"][0]
    return councils.at[at, "area"], int(at) + 1, len(councils)


def neighbours_title(compared: pd.DataFrame, year: int) -> str:
    name, place, count = _place(compared)
    return (
        f"In January {year}, {name} came {ordinal(place)} of {count} for take-up among itself and its "
        "statistical neighbours"
    )


def neighbours_alt(compared: pd.DataFrame, year: int) -> str:
    name, place, count = _place(compared)
    shown = compared.set_index("area")["take_up_percent"]
    others = compared.loc[compared["group"] == "statistical neighbour", "take_up_percent"]
    england = compared.loc[compared["group"] == ENGLAND, "take_up_percent"]
    return (
        f"Bar chart of 2 year olds' take-up, January {year}: {name} {percent(shown[name])}, {ordinal(place)} of "
        f"{count}; neighbours {percent(others.min())} to {percent(others.max())}"
        + (f"; England {percent(england.iloc[0])}." if len(england) else ".")
    )


def neighbours_labels(compared: pd.DataFrame) -> list[str]:
    return [percent(v) for v in compared["take_up_percent"]]


def neighbours_highlighted(compared: pd.DataFrame) -> list[bool]:
    """The chosen council's own bar, picked out among its neighbours."""
    return list(compared["group"] == "the council")


def neighbours_hatched(compared: pd.DataFrame) -> list[bool]:
    """England's bar is an average of every council, not a council: hatched, and the subtitle says so."""
    return list(compared["group"] == ENGLAND)


def neighbours_sentence(compared: pd.DataFrame, year: int) -> str:
    name, place, count = _place(compared)
    name = html_text(name)  # area names come from the national data
    others = compared[compared["group"] == "statistical neighbour"]
    low, high = others.iloc[-1], others.iloc[0]

    def share(row: pd.Series) -> str:
        return national(percent(row["take_up_percent"]), DFE_EARLY_EDUCATION)

    council = compared[compared["group"] == "the council"].iloc[0]
    return (
        f"The DfE also names, for each council, the councils most like it for children's services: its "
        f"{national('statistical neighbours', DFE_NEIGHBOURS)} (its list of April 2021, the earliest this book "
        f"holds). In January {year}, {name}'s take-up of "
        f"{share(council)} came {ordinal(place)} of the {count} councils: itself and the {len(others)} "
        f"neighbours the census has a figure for. Among the neighbours it ranged from {share(low)} in "
        f"{html_text(low['area'])} to {share(high)} in {html_text(high['area'])}."
        + "".join(
            f" {html_text(row['area'])}'s figure is above 100% as the DfE publishes it: it counted more children in "
            "funded places there than the eligible children it divides by."
            for _, row in compared[compared["take_up_percent"] > 100].iterrows()
        )
    )


# --- Connect and Prevent ------------------------------------------------------------------------------


def connect_and_prevent_sentence(evidence: pd.DataFrame, areas: pd.DataFrame) -> str:
    return (
        f"Connect and Prevent is a later adult care programme. A news report of March 2025 says it "
        f"aims to save {audited(evidence, 'cnp-savings-target')} in health and social care by helping people "
        f"stay independent. It has {audited(evidence, 'cnp-key-areas-count')} key areas. The council's "
        f"budget plan says its second phase needs a further {audited(evidence, 'cnp-phase-two-investment')}. "
        f"The report gives no end date for the savings and no years for the investment."
    )


def spike_sentence(dates: pd.DataFrame) -> str:
    row = dates.loc["cnp-expenditure-spike"]
    month = month_in_words(row["date"])
    return (
        f"Councillors asked about a “big spike” in spending in {month}. The director first linked “that big "
        f"spike” to more people being referred in 2024/25. She then said the spike in {month.split()[0]} came "
        f"from raising the fees paid to care providers to cover inflation. The report does not give the size "
        f"of the spike."
    )


# --- spending on preventative services ------------------------------------------------------------------

SPEND_YEARS = ("2018/19", "2019/20")


def preventative_spend(evidence: pd.DataFrame) -> pd.DataFrame:
    """Preventative services spend and total adult care spend (£ thousand), the share printed and worked out.

    The rows are those of the adult care chapter's spend table (`acp.expenditure`), which the audit checks.
    """
    every = acp.expenditure(evidence)
    chosen = every[(every["area_key"] == "preventative-services") & every["year"].isin(SPEND_YEARS)]
    return pd.DataFrame(
        {
            "year": chosen["year"].to_numpy(),
            "preventative_thousand_pounds": chosen["spend_000"].astype(int).to_numpy(),
            "total_thousand_pounds": chosen["total_000"].astype(int).to_numpy(),
            "share_printed_percent": chosen["share"].to_numpy(),
            "share_worked_out_percent": chosen["share_worked_out"].round(2).to_numpy(),
            "spend_id": chosen["spend_id"].to_numpy(),
            "total_id": chosen["total_id"].to_numpy(),
            "share_id": chosen["share_id"].to_numpy(),
        }
    ).sort_values("year", ignore_index=True)


def spend_share_sentence(spend: pd.DataFrame) -> str:
    """Two shares are a sentence, not a chart (issue 17)."""
    first, last = spend.iloc[0], spend.iloc[-1]
    went = "fell" if last["share_worked_out_percent"] < first["share_worked_out_percent"] else "rose"
    return (
        f"Worked out by this book from those amounts, preventative services' share of adult care spending "
        f"{went} from {percent(first['share_worked_out_percent'])} in {html_text(first['year'])} to "
        f"{percent(last['share_worked_out_percent'])} in {html_text(last['year'])}."
    )


def spend_sentence(evidence: pd.DataFrame, spend: pd.DataFrame) -> str:
    first, last = spend.iloc[0], spend.iloc[-1]
    change = last["preventative_thousand_pounds"] - first["preventative_thousand_pounds"]
    total_change = last["total_thousand_pounds"] - first["total_thousand_pounds"]
    return (
        f"The Local Account says adult care spent {audited(evidence, first['spend_id'])} on preventative "
        f"services in {first['year']}, out of {audited(evidence, first['total_id'])}. In {last['year']} it spent "
        f"{audited(evidence, last['spend_id'])} out of {audited(evidence, last['total_id'])}. So spending on "
        f"prevention was {money_change(1000 * change)} while total spending was {money_change(1000 * total_change)} (both "
        f"worked out by this book)."
    )


def spend_display(evidence: pd.DataFrame, spend: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Year": spend["year"].to_numpy(),
            "Preventative services": [audited(evidence, i) for i in spend["spend_id"]],
            "All adult care": [audited(evidence, i) for i in spend["total_id"]],
            "Share as printed": [audited(evidence, i) for i in spend["share_id"]],
            "Share worked out": [percent(v) for v in spend["share_worked_out_percent"]],
        }
    )


# --- Connected Lives ------------------------------------------------------------------------------------


def connected_lives_sentence(evidence: pd.DataFrame) -> str:
    assessments = evidence.loc["la-cl-assessments-2019-20", "value"]
    adults = evidence.loc["la-cl-adults-assessed-2019-20", "value"]
    return (
        f"Connected Lives is the way Hertfordshire's adult care staff assess what a person needs. It starts from "
        f"their strengths and the help around them. In 2019/20 staff completed "
        f"{audited(evidence, 'la-cl-assessments-2019-20')} of these assessments for "
        f"{audited(evidence, 'la-cl-adults-assessed-2019-20')} adults, about {number(assessments / adults, 2)} each "
        f"(worked out). {audited(evidence, 'la-cl-reviews-reassessments-2019-20')} adults had a review and a new "
        f"assessment. The model's stages run from “Connect and Prevent” and “Connect and Enable” to “Connect "
        f"and Support”, the long-term help. The Local Account says "
        f"{audited(evidence, 'la-cl-ceased-at-connect-prevent-enable-2019-20')} of adults “ceased involvement” "
        f"with adult care at “Connect and Prevent/Enable”, that is, before the long-term stage. It does not say "
        f"which adults that percentage is of, or how many people it is."
    )


# --- the strategy's claim on learning-disability employment, against national ASCOF --------------------

LD_EMPLOYMENT = "1E"  # ASCOF: adults with a learning disability in paid employment
# DHSC's time series does not hold it (its 1E since 2023-24 is carers' satisfaction, and it has no measure of
# employment), so the older compilation is the book's only national source for it.
LD_CLAIM = 1  # position in prevention_claims: "Hertfordshire's proportion of people with LD in work ..."
# ASCOF codes kept their meaning until 2022-23 (2023-24 reused them), as in the adult care chapter.
ASCOF_YEARS = ("2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23")


def ld_employment(trend: pd.DataFrame, council: str = HERTFORDSHIRE_ONS) -> pd.DataFrame:
    """ASCOF 1E for the council and England in each comparable year: year, council, england (per cent)."""
    chosen = trend[
        (trend["measure"] == LD_EMPLOYMENT)
        & trend["year"].isin(ASCOF_YEARS)
        & trend["code"].isin([council, ENGLAND_ONS])
    ]
    wide = chosen.pivot_table(index="year", columns="code", values="value", aggfunc="first")
    if council not in wide or ENGLAND_ONS not in wide:
        return pd.DataFrame(columns=["year", "council", "england"])
    wide = wide[[council, ENGLAND_ONS]].dropna()
    return pd.DataFrame(
        {
            "year": wide.index.to_numpy(),
            "council": wide[council].to_numpy(),
            "england": wide[ENGLAND_ONS].to_numpy(),
        }
    )


def _year_ended_before(rows: pd.DataFrame, written: str) -> pd.Series | None:
    """The last financial year (2017-18 ends in March 2018) that ended before a date (YYYY-MM-DD)."""
    ended = rows[[f"{int(y[:4]) + 1}-03-31" < written for y in rows["year"]]]
    return None if ended.empty else ended.iloc[-1]


def _ld_claim(claims: pd.DataFrame) -> str:
    row = claims[claims["position"].astype(int) == LD_CLAIM].iloc[0]
    return cite(f"“{row['item']}”", f"{row['list']}-{row['position']}")


def ld_employment_sentence(claims: pd.DataFrame, rows: pd.DataFrame, written: str, council_name: str) -> str:
    """The strategy's claim, and what the national measure shows for the last year before the strategy and after."""
    text = f"Appendix 1 of the strategy says that {_ld_claim(claims)}."
    before = _year_ended_before(rows, written)
    if before is None:
        return text + " The national data holds no year before the strategy to set it against."
    above = bool(before["council"] > before["england"])
    years_above = int((rows["council"] > rows["england"]).sum())
    name = html_text(council_name)
    return text + (
        f" The national measure of it, the share of adults with a learning disability in paid employment "
        f"(ASCOF {LD_EMPLOYMENT}), {'does not bear that out' if above else 'bears that out'}: in "
        f"{html_text(before['year'])}, the last year that ended before the strategy, {name}'s figure was "
        f"{national(f'{before.council:.1f}%', ASCOF_TREND)} against England's "
        f"{national(f'{before.england:.1f}%', ASCOF_TREND)}. {name} was above England in "
        f"{'all ' + str(len(rows)) if years_above == len(rows) else f'{years_above} of the {len(rows)}'} years from {html_text(rows['year'].iloc[0])} to {html_text(rows['year'].iloc[-1])}."
    )


# --- every claim in the list, against the ASCOF measure of it where one exists ------------------------

# The ASCOF measure of each claim in prevention_claims (by position); a claim left out has none.
CLAIM_MEASURES = {LD_CLAIM: LD_EMPLOYMENT}


def claims_against_ascof(
    claims: pd.DataFrame, trend: pd.DataFrame, council: str = HERTFORDSHIRE_ONS
) -> pd.DataFrame:
    """Each claim of the strategy's list: its ASCOF measure, if any, and how many years the national data
    holds it for the council (0 where the measure is missing from the data)."""
    rows = []
    for _, claim in claims.sort_values("position", key=lambda p: p.astype(int)).iterrows():
        code = CLAIM_MEASURES.get(int(claim["position"]), "")
        held = trend[
            (trend["measure"] == code) & (trend["code"] == council) & trend["year"].isin(ASCOF_YEARS)
        ]
        rows.append(
            {
                "position": int(claim["position"]),
                "claim": claim["item"],
                "anchor": f"{claim['list']}-{claim['position']}",
                "ascof_code": code,
                "years_held": int(held["value"].notna().sum()) if code else 0,
            }
        )
    return pd.DataFrame(rows)


def claims_sentence(compared: pd.DataFrame) -> str:
    """Which of the listed claims the national data can test, and which it cannot, in plain words."""
    tested = compared[compared["years_held"] > 0]
    untested = compared[compared["years_held"] == 0]

    def quoted(rows: pd.DataFrame) -> str:
        return "; ".join(cite(f"“{r['claim']}”", r["anchor"]) for _, r in rows.iterrows())

    text = (
        f"The book lists {len(compared)} claim{'s' if len(compared) != 1 else ''} of fact in the strategy about "
        f"where {HERTFORDSHIRE} stands. "
    )
    if len(tested):
        text += (
            f"{len(tested)} {'has' if len(tested) == 1 else 'have'} an ASCOF measure in the national data, set "
            f"against it above: {quoted(tested)} (ASCOF {', '.join(tested['ascof_code'])}). "
        )
    if len(untested):
        text += f"These have no ASCOF measure, so the national data cannot test them: {quoted(untested)}."
    else:
        text += "None of the listed claims lacks an ASCOF measure."
    return text


# --- the chapter's key points ---------------------------------------------------------------------------


def key_points(
    evidence: pd.DataFrame,
    aims: pd.DataFrame,
    programmes: pd.DataFrame,
    ons: pd.DataFrame,
    council_name: str,
    horizon_year: int,
    claims: pd.DataFrame,
    ld_rows: pd.DataFrame,
    written: str,
    spend: pd.DataFrame,
) -> list[str]:
    """The chapter's key points as HTML sentences: what the strategy set out, what the figures show, what the
    sources cannot tell us. `ons` is `population_change`, `ld_rows` is `ld_employment`, `spend` is
    `preventative_spend`, `written` the strategy's date (YYYY-MM-DD)."""
    e = evidence
    everyone = ons.set_index("group").loc["All ages"]
    first, last = spend.iloc[0], spend.iloc[-1]
    before = _year_ended_before(ld_rows, written)
    name = html_text(council_name)
    points = [
        f"The Prevention Strategy has {len(aims)} aims, rests on {audited(e, 'ps-building-blocks-count')} "
        f"“building blocks” and names {len(programmes)} programmes it was scoping, with no cost, date or "
        "target for any of them.",
        f"It argues from growth of {audited(e, 'ps-pop-increase-2037')} people ({audited(e, 'ps-pop-increase-pct-2037')}) "
        f"by {STRATEGY_YEAR}; the official ONS projection gives {name} a rise of "
        f"{national(percent(everyone.change_percent, 1), ONS_SNPP)} from {BASE_YEAR} to {horizon_year}.",
    ]
    if before is not None:
        above = bool(before["council"] > before["england"])
        points.append(
            f"It says that {_ld_claim(claims)}, {'but' if above else 'and'} in {html_text(before['year'])} {name}'s "
            f"share of adults with a learning disability in paid work was "
            f"{national(f'{before.council:.1f}%', ASCOF_TREND)}, {'above' if above else 'not above'} England's "
            f"{national(f'{before.england:.1f}%', ASCOF_TREND)}."
        )
    points += [
        f"Adult care spent {audited(e, first['spend_id'])} on preventative services in {html_text(first['year'])} "
        f"and {audited(e, last['spend_id'])} in {html_text(last['year'])}: "
        f"{percent(first['share_worked_out_percent'])} and then {percent(last['share_worked_out_percent'])} of its spending "
        "(worked out).",
        "The sources cannot tell us whether the programmes went ahead, what they cost, or what was spent on "
        f"prevention after {html_text(last['year'])}.",
    ]
    return points
