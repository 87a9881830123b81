"""The DHSC ASCOF time series read as its publisher means: margins, breaks in series, ranks and peers.

Pure functions over the frames of hertsbook.content.data (ascof_series, ascof_contents,
ascof_comparability_log), for any council and year; no chapter's wording lives here, so every council's
page can use them.

- A survey measure's value has a margin of error. The workbook gives no rule for comparing two areas (its
  Notes say only that the number of responses "should be taken into account"), so two values differ
  clearly only where their intervals (value ± margin) do not overlap. A measure without a margin counts
  every client (client-level data, returns), so its values are compared as they are.
- Where the Comparability_over_time_log says figures "cannot be compared" (or the survey was voluntary),
  the series breaks: `change` refuses to work out a change across a break and `segments` never joins one.
  A measure that was only renamed in 2023-24 keeps its series (DHSC's own table carries it on).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from hertsbook.content.places import ENGLAND_ONS
from hertsbook.errors import HertsbookError

# Which way is better. ASCOF measures are written so that more is better, except these rates and shares.
LOWER_IS_BETTER = frozenset({"2B", "2C", "6A"})  # admissions to care homes per 100,000; staff turnover

ABOVE, BELOW, LEVEL, UNCLEAR, UNKNOWN = "above", "below", "level", "no clear difference", "not known"
BETTER, WORSE = "better", "worse"

# Kinds of entry in the Comparability_over_time_log.
BREAK = "break"  # figures from this year on cannot be compared with earlier years
ALONE = "alone"  # this year's figures are compared with no other year (the voluntary 2020-21 survey)
RENAMED = "renamed"  # the measure's code changed; its series goes on
NOTE = "note"  # a change the publisher says to bear in mind, not a break

VOLUNTARY_YEAR = "2020-21"

# DHSC's council types by the ONS code's first three characters (the GSS code scheme); London boroughs
# are split by DHSC into Inner and Outer London, which the code does not say, so they take London's figure.
TYPE_BY_PREFIX = {"E10": "S", "E06": "U", "E08": "M", "E09": "E12000007"}
TYPE_NAMES = {"E10": "shire counties", "E06": "unitary authorities", "E08": "metropolitan districts"}
TYPE_NAMES |= {"E09": "London boroughs"}


class SeriesBreak(HertsbookError):
    """A change asked for across a break in an ASCOF series (the publisher says not to compare)."""


def direction(measure: str) -> str:
    return "lower" if measure in LOWER_IS_BETTER else "higher"


# --- breaks in series -----------------------------------------------------------------------------------


def break_kind(text: str) -> str:
    """What a Comparability_over_time_log entry means for the series, from the publisher's own words."""
    lowered = " ".join(text.lower().split())
    if "voluntary" in lowered and "survey" in lowered:
        return ALONE
    if "not being treated as a break" in lowered or "not felt that this change will impact" in lowered:
        return NOTE
    if "cannot be compared" in lowered or "should not be compared to previous years" in lowered:
        return BREAK
    if "renamed" in lowered:
        return RENAMED
    return NOTE


def breaks(log: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """For each measure of the tables: every log entry that concerns it, with its kind.

    The log names a family once ("2E" for 2E(1), 2E(2a) and 2E(2b)). Every voluntary-survey entry (under
    2020-21 or 2021-22) means the same: 2020-21 stands alone.
    """
    rows = []
    for _, entry in log[log["measure"] != "[z]"].iterrows():
        kind = break_kind(entry["text"])
        year = VOLUNTARY_YEAR if kind == ALONE else entry["year"]
        for measure in measures:
            if measure == entry["measure"] or measure.startswith(entry["measure"] + "("):
                rows.append({"measure": measure, "year": year, "kind": kind, "text": entry["text"]})
    frame = pd.DataFrame(rows, columns=["measure", "year", "kind", "text"])
    return frame.drop_duplicates(["measure", "year", "kind"]).reset_index(drop=True)


def _entries(breaks_: pd.DataFrame, measure: str) -> list[tuple[str, str, str]]:
    """A measure's log entries as (year, kind, text), read once per call without pandas row loops."""
    own = breaks_["measure"].to_numpy() == measure
    return list(
        zip(
            breaks_["year"].to_numpy()[own],
            breaks_["kind"].to_numpy()[own],
            breaks_["text"].to_numpy()[own],
            strict=True,
        )
    )


def _breaking(entries: list[tuple[str, str, str]], first: str, second: str) -> list[str]:
    """The texts of the entries that forbid comparing the two years."""
    early, late = sorted((first, second))
    if early == late:
        return []
    return [
        text
        for year, kind, text in entries
        if (kind == ALONE and year in (early, late)) or (kind == BREAK and early < year <= late)
    ]


def comparable(breaks_: pd.DataFrame, measure: str, first: str, second: str) -> bool:
    """Whether the publisher lets one year's figure for a measure be compared with another year's."""
    return not _breaking(_entries(breaks_, measure), first, second)


def break_between(breaks_: pd.DataFrame, measure: str, first: str, second: str) -> str | None:
    """The publisher's words for why two years cannot be compared, or None when they can."""
    found = _breaking(_entries(breaks_, measure), first, second)
    return str(found[0]) if found else None


def change(values: pd.Series, breaks_: pd.DataFrame, measure: str, first: str, second: str) -> float:
    """A measure's change from one year to another (`values` indexed by year): refused across a break."""
    why = break_between(breaks_, measure, first, second)
    if why is not None:
        raise SeriesBreak(f"{measure}: {first} and {second} cannot be compared ({why.strip()})")
    return float(values[second]) - float(values[first])


def segments(years: list[str], breaks_: pd.DataFrame, measure: str) -> list[list[str]]:
    """The years split into runs that may be joined by a line: a break always starts a new run."""
    entries = _entries(breaks_, measure)
    runs: list[list[str]] = []
    for year in years:
        if runs and not _breaking(entries, runs[-1][-1], year):
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def marks(breaks_: pd.DataFrame, measure: str, years: list[str]) -> list[tuple[str, str]]:
    """The breaks and renamings to mark on a chart or table of these years: (year, kind)."""
    shown = [
        (year, kind)
        for year, kind, _ in _entries(breaks_, measure)
        if kind in (BREAK, ALONE, RENAMED) and year in years and (year != years[0] or kind == ALONE)
    ]
    return list(dict.fromkeys(shown))


# --- margins of error -------------------------------------------------------------------------------------


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or bool(pd.isna(value))


def interval(value: float, margin: float | None) -> tuple[float, float]:
    """The range the publisher's margin of error gives (the value itself where there is no margin)."""
    m = 0.0 if _missing(margin) else float(margin)  # type: ignore[arg-type]
    return float(value) - m, float(value) + m


def difference(value: float, margin: float | None, other: float, other_margin: float | None) -> str:
    """Where a value stands against another: above or below only where the intervals do not overlap."""
    if _missing(value) or _missing(other):
        return UNKNOWN
    low, high = interval(value, margin)
    other_low, other_high = interval(other, other_margin)
    if _missing(margin) and _missing(other_margin):
        return ABOVE if value > other else BELOW if value < other else LEVEL
    if low > other_high:
        return ABOVE
    if high < other_low:
        return BELOW
    return UNCLEAR


def verdict(measure: str, standing: str) -> str:
    """Better or worse than the other value, by the measure's direction; otherwise the standing itself."""
    if standing not in (ABOVE, BELOW):
        return standing
    return BETTER if (standing == ABOVE) == (direction(measure) == "higher") else WORSE


# --- one council: values, England, peers ------------------------------------------------------------------


def years(series: pd.DataFrame) -> list[str]:
    return sorted(series["year"].unique())


def councils(series: pd.DataFrame) -> pd.DataFrame:
    """Every council in the series: ONS code and name (the latest name the workbook gives it).

    A row whose code is a marker is not a council one can choose: 2023-24 has "Cornwall and Isles of Scilly"
    together, coded [z] (not applicable), beside Cornwall and the Isles of Scilly each with its own code.
    """
    own = series[(series["level"] == "Council") & series["code"].str.fullmatch(r"E\d{8}")].sort_values("year")
    return (
        own.drop_duplicates("code", keep="last")[["code", "area"]].sort_values("code").reset_index(drop=True)
    )


def values(series: pd.DataFrame, code: str, measure: str) -> pd.DataFrame:
    """One area's figures for one measure, a row per year the table has (missing left as a marker)."""
    own = series[(series["code"] == code) & (series["measure"] == measure)]
    columns = ["year", "value", "margin", "respondents", "numerator", "denominator", "marker", "bracketed"]
    return own[columns].sort_values("year").reset_index(drop=True)


def council_type(code: str) -> tuple[str | None, str | None]:
    """The council's type by its ONS code (in words) and the code of the group whose average the book shows."""
    prefix = code[:3]
    return TYPE_NAMES.get(prefix), TYPE_BY_PREFIX.get(prefix)


def region_of(areas: pd.DataFrame, code: str) -> str | None:
    """The ONS region a council sits in, from a table that lists each region (E12…) before its councils.

    The ONS population projections do so. A council newer than that table has no region, and None comes back.
    """
    region = None
    for area in areas["CODE"].drop_duplicates():
        if area.startswith("E12"):
            region = area
        elif area == code:
            return region
    return None


@dataclass(frozen=True)
class Place:
    """A council and the groups it is compared with."""

    code: str
    name: str
    type_name: str | None  # "shire counties" …
    type_group: str | None  # DHSC's council-type code (S, U, M) or London's region code
    region: str | None  # ONS region code, or None when the book cannot tell


def place(series: pd.DataFrame, areas: pd.DataFrame, code: str) -> Place:
    names = councils(series).set_index("code")["area"]
    type_name, group = council_type(code)
    return Place(code, str(names.get(code, code)), type_name, group, region_of(areas, code))


def _rank(values: pd.Series, code: str, measure: str) -> dict:
    """Rank, count and quartile of `code` among `values` (indexed by council code, missing dropped)."""
    if code not in values.index:
        return {"rank": None, "of": len(values), "quartile": None}
    ranks = values.rank(ascending=direction(measure) == "lower", method="min")
    place_ = int(ranks[code])
    return {"rank": place_, "of": len(values), "quartile": math.ceil(4 * place_ / len(values))}


def rank(series: pd.DataFrame, measure: str, year: str, code: str, prefix: str | None = None) -> dict:
    """The council's rank among councils with a figure (1 is the best, by the measure's direction), their
    number and its quartile (1 is the best quarter); with `prefix`, among councils whose ONS code starts so.

    Ties share the better rank. A council without a figure has no rank (None).
    """
    own = series[(series["measure"] == measure) & (series["year"] == year) & (series["level"] == "Council")]
    own = own.dropna(subset=["value"])
    if prefix is not None:
        own = own[own["code"].str.startswith(prefix)]
    return _rank(own.set_index("code")["value"], code, measure)


@dataclass(frozen=True)
class Lookup:
    """The series arranged once for fast questions about any council and year (what `compare` asks)."""

    cells: dict[
        tuple[str, str, str], tuple[float, float, object]
    ]  # (year, code, measure) -> value, margin, marker
    ranks: dict[
        tuple[str, str, str], tuple[int, int, int, int]
    ]  # (year, code, measure) -> rank, of, type rank, of
    counts: dict[
        tuple[str, str, str], tuple[int, int]
    ]  # (year, measure, ONS prefix) -> councils ranked, of type
    held: dict[str, list[str]]  # year -> measures with a table column that year
    published: dict[str, set[str]]  # year -> measures some area has a figure for


def lookup(series: pd.DataFrame) -> Lookup:
    """Every figure by year, area and measure, and every council's rank (by `rank`'s rule) worked out once."""
    cells = {
        (y, c, m): (v, g, k)
        for y, c, m, v, g, k in zip(
            *(series[n].to_numpy() for n in ("year", "code", "measure", "value", "margin", "marker")),
            strict=True,
        )
    }
    ranked = series[(series["level"] == "Council") & series["value"].notna()]
    lower = ranked["measure"].isin(LOWER_IS_BETTER)
    frame = ranked[["year", "measure", "code"]].assign(
        kind=ranked["code"].str[:3], key=ranked["value"].where(lower, -ranked["value"])
    )
    for groups, name in ((["year", "measure"], "all"), (["year", "measure", "kind"], "type")):
        grouped = frame.groupby(groups)["key"]
        frame[f"{name}_rank"], frame[f"{name}_of"] = grouped.rank(method="min"), grouped.transform("size")
    ranks = {
        (y, c, m): (int(a), int(ao), int(t), int(to))
        for y, c, m, a, ao, t, to in zip(
            *(
                frame[n].to_numpy()
                for n in ("year", "code", "measure", "all_rank", "all_of", "type_rank", "type_of")
            ),
            strict=True,
        )
    }
    counts = {
        (y, m, k): (int(ao), int(to))
        for y, m, k, ao, to in zip(
            *(frame[n].to_numpy() for n in ("year", "measure", "kind", "all_of", "type_of")), strict=True
        )
    }
    held = {str(y): list(dict.fromkeys(one["measure"])) for y, one in series.groupby("year")}
    published = {str(y): set(one["measure"]) for y, one in series[series["value"].notna()].groupby("year")}
    return Lookup(cells, ranks, counts, held, published)


def _ranked(place_: int | None, of: int) -> dict:
    return {"rank": place_, "of": of, "quartile": None if place_ is None else math.ceil(4 * place_ / of)}


def compare(table: Lookup, where: Place, year: str, measures: list[str]) -> pd.DataFrame:
    """Every measure for the council in one year: its value and margin, England's, the clear difference,
    rank and quartile among all councils and its type, and the averages of its type and region.

    `table` is `lookup(series)`. A measure the series holds for no area in that year is left out; one the
    council lacks stays, with its marker ([x] not available, [c] suppressed, [z] not applicable) or
    "no row" when the council is absent from that table.
    """
    rows = []
    held, published = set(table.held.get(year, [])), table.published.get(year, set())
    for measure in [m for m in measures if m in held]:

        def cell(code: str | None, measure: str = measure) -> tuple[object, object, object] | None:
            return table.cells.get((year, code, measure)) if code else None

        mine, england = cell(where.code), cell(ENGLAND_ONS)
        group, region = cell(where.type_group), cell(where.region)
        value, margin = (None, None) if mine is None else mine[:2]
        e_value, e_margin = (None, None) if england is None else england[:2]
        standing = difference(value, margin, e_value, e_margin)  # type: ignore[arg-type]
        found = table.ranks.get((year, where.code, measure))
        of, type_of = table.counts.get((year, measure, where.code[:3]), (0, 0))
        if found is None:  # no figure: how many councils were ranked, all and of its type
            of = max((v[0] for k, v in table.counts.items() if k[:2] == (year, measure)), default=0)
        everyone = _ranked(None if found is None else found[0], found[1] if found else of)
        same_type = _ranked(None if found is None else found[2], found[3] if found else type_of)
        rows.append(
            {
                "measure": measure,
                "year": year,
                "value": value,
                "margin": margin,
                "marker": "no row" if mine is None else mine[2],
                "published": measure
                in published,  # False: no area has a figure this year (a biennial survey)
                "england": e_value,
                "england_margin": e_margin,
                "against_england": standing,
                "verdict": verdict(measure, standing),
                "rank": everyone["rank"],
                "of": everyone["of"],
                "quartile": everyone["quartile"],
                "type_rank": same_type["rank"],
                "type_of": same_type["of"],
                "type_quartile": same_type["quartile"],
                "type_average": None if group is None else group[0],
                "region_average": None if region is None else region[0],
            }
        )
    return pd.DataFrame(rows)


def history(table: Lookup, code: str) -> dict[tuple[str, str], tuple[float, float]]:
    """An area's (value, margin) by (measure, year), for every year it has a figure."""
    return {(m, y): (v, g) for (y, c, m), (v, g, _) in table.cells.items() if c == code and not _missing(v)}


def tally(compared: pd.DataFrame) -> dict[str, int]:
    """How many measures are clearly better or worse than England, how many show no clear difference
    (or are level), and how many the council has no figure for."""
    verdicts = compared["verdict"]
    return {
        "measures": len(compared),
        "published": int(compared["published"].sum()),
        "with_figure": int(compared["value"].notna().sum()),
        BETTER: int((verdicts == BETTER).sum()),
        WORSE: int((verdicts == WORSE).sum()),
        UNCLEAR: int(verdicts.isin([UNCLEAR, LEVEL]).sum()),
        UNKNOWN: int((verdicts == UNKNOWN).sum()),
    }


def missing(compared: pd.DataFrame) -> pd.DataFrame:
    """The measures the council has no figure for although other areas have, with the workbook's marker."""
    gone = compared["value"].isna() & compared["published"]
    return compared.loc[gone, ["measure", "marker"]].reset_index(drop=True)


def not_published(compared: pd.DataFrame) -> list[str]:
    """The measures no area has a figure for in the year (the carers' survey runs every other year)."""
    return list(compared.loc[~compared["published"], "measure"])


def previous_year(known: list[str], breaks_: pd.DataFrame, measure: str, year: str) -> str | None:
    """Of the years with a figure (`known`), the latest before `year` that the publisher lets be compared
    with it, or None. A year standing alone (2020-21) is passed over."""
    entries = _entries(breaks_, measure)
    for earlier in sorted((y for y in known if y < year), reverse=True):
        if not _breaking(entries, earlier, year):
            return str(earlier)
    return None


def previous_comparable(
    series_one: pd.DataFrame, breaks_: pd.DataFrame, measure: str, year: str
) -> str | None:
    """`previous_year` for one area's `values(...)` of one measure."""
    return previous_year(list(series_one.dropna(subset=["value"])["year"]), breaks_, measure, year)
