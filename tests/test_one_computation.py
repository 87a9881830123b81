"""One computation, two views: every figure the audit page checks comes from the function its chapter uses.

Each shared figure is tested twice over: the audit calls the chapter's function (a spy on it sees the
call, and a value the spy changes reaches the audit's finding), and a change to the input data moves the
chapter's figure and the audit's together. Then the code itself: no function is written twice between the
audit and the chapters, places are spelt in one module, dates and hashes are written by one helper each.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from hertsbook.content import audit, places
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.content.themes import early_help as eh
from hertsbook.content.themes import prevention as prev

SRC = Path(__file__).resolve().parents[1] / "src" / "hertsbook"


@pytest.fixture(scope="module")
def inputs(project):
    return audit.load(project)


def with_evidence(inputs: audit.Inputs, changes: dict[str, float]) -> audit.Inputs:
    """The inputs with some evidence values changed (value and written form together)."""
    evidence = inputs.evidence.copy()
    for evidence_id, value in changes.items():
        evidence.loc[evidence_id, ["value", "written"]] = [value, f"{value:g}"]
    return audit.Inputs(**{**vars(inputs), "evidence": evidence})


def finding(inputs: audit.Inputs, finding_id: str) -> audit.Finding:
    return {f.id: f for f in audit.findings(inputs)}[finding_id]


@dataclass(frozen=True)
class Shared:
    """A figure both views show: the chapter's function, how to change its input, how to read both views."""

    finding: str
    module: object
    function: str
    number: str  # the key of the finding's numbers
    chapter: Callable[[audit.Inputs], float]  # the same figure as the chapter computes it
    change: Callable[[audit.Inputs], audit.Inputs]


def _population(inputs: audit.Inputs, group: str, column: str) -> float:
    counts = prev.population_counts(inputs.snpp, places.HERTFORDSHIRE_ONS, prev.STRATEGY_YEAR)
    return float(counts.set_index("group").at[group, column])


def _more_people(inputs: audit.Inputs) -> audit.Inputs:
    """Hertfordshire's projection for 2037 with 1,000 more people aged 90 and over (and so in all ages)."""
    snpp = inputs.snpp.copy()
    herts = (snpp["code"] == places.HERTFORDSHIRE_ONS) & (snpp["year"] == prev.STRATEGY_YEAR)
    snpp.loc[herts & snpp["age_group"].isin(["90+", "All ages"]), "population"] += 1000
    return audit.Inputs(**{**vars(inputs), "snpp": snpp})


def _take_up_changed(inputs: audit.Inputs) -> audit.Inputs:
    census = inputs.early_education.copy()
    chosen = (census["measure"] == prev.TAKE_UP_2) & (census["la_number"] == places.HERTFORDSHIRE_DFE)
    census.loc[chosen, "value"] += 1.5
    return audit.Inputs(**{**vars(inputs), "early_education": census})


def _spend_row(inputs: audit.Inputs, area: str, year: str, column: str) -> float:
    spend = acp.expenditure(inputs.evidence).set_index(["area_key", "year"])
    return float(spend.at[(area, year), column])


def _totals(inputs: audit.Inputs, year: str) -> float:
    totals = acp.expenditure_totals(inputs.evidence, acp.expenditure(inputs.evidence)).set_index("year")
    return float(totals.at[year, "summed"])


SHARED = [
    Shared(
        "early-help-injection",
        eh,
        "injection",
        "unitemised",
        lambda i: eh.injection_gap(eh.injection(i.evidence)),
        lambda i: with_evidence(i, {"eh-injection-total": 21}),
    ),
    Shared(
        "early-help-injection",
        eh,
        "injection",
        "with_send",
        lambda i: eh.injection_named(eh.injection(i.evidence, count_send_annual=True)),
        lambda i: with_evidence(i, {eh.SEND_ANNUAL: 7}),
    ),
    Shared(
        "early-help-savings",
        eh,
        "savings",
        "share",
        lambda i: eh.savings(i.evidence)["redesign_share"],
        lambda i: with_evidence(i, {"eh-childrens-services-savings-asked": 8}),
    ),
    Shared(
        "new-requests-before-covid",
        acp,
        "new_requests_change",
        "worked",
        lambda i: acp.new_requests_change(i.evidence)["rise_percent"],
        lambda i: with_evidence(i, {"la-new-requests-2019-20": 30000}),
    ),
    Shared(
        "dols-increase",
        acp,
        "safeguarding_check",
        "before",
        lambda i: acp.safeguarding_check(i.evidence)["dols_previous_year_worked_out"],
        lambda i: with_evidence(i, {"cp-dols-applications-increase": 600}),
    ),
    Shared(
        "dols-increase",
        acp,
        "safeguarding_check",
        "worked",
        lambda i: acp.safeguarding_check(i.evidence)["dols_rise_pct_worked_out"],
        lambda i: with_evidence(i, {"cp-dols-applications-increase": 600}),
    ),
    Shared(
        "safeguarding-conversion",
        acp,
        "safeguarding_check",
        "worked",
        lambda i: acp.safeguarding_check(i.evidence)["enquiry_share_worked_out"],
        lambda i: with_evidence(i, {"cp-safeguarding-enquiries-2024-25-q4": 3000}),
    ),
    Shared(
        "spend-parts-2019-20",
        acp,
        "expenditure",
        "sum",
        lambda i: _totals(i, "2019/20"),
        lambda i: with_evidence(i, {"la-exp-older-people-2019-20": 91000}),
    ),
    Shared(
        "spend-shares-2019-20",
        acp,
        "expenditure",
        "la-exp-preventative-services-share-2019-20",
        lambda i: _spend_row(i, "preventative-services", "2019/20", "share_worked_out"),
        lambda i: with_evidence(i, {"la-exp-preventative-services-2019-20": 14000}),
    ),
    Shared(
        "population-growth",
        prev,
        "population_counts",
        "change",
        lambda i: _population(i, prev.ALL_AGES, "change"),
        _more_people,
    ),
    Shared(
        "older-population-growth",
        prev,
        "population_counts",
        "pct",
        lambda i: _population(i, prev.AGED_65, "change_percent"),
        _more_people,
    ),
    Shared(
        "oldest-population",
        prev,
        "population_counts",
        "end",
        lambda i: _population(i, prev.AGED_90, "people_horizon"),
        _more_people,
    ),
    Shared(
        "population-growth",
        prev,
        "strategy_projection",
        "implied_base",
        lambda i: float(
            prev.strategy_projection(i.evidence).set_index("group").at[prev.ALL_AGES, "implied_base"]
        ),
        lambda i: with_evidence(i, {"ps-pop-increase-pct-2037": 20}),
    ),
    Shared(
        "two-year-old-take-up",
        prev,
        "early_years",
        "herts",
        lambda i: float(
            prev.early_years(i.evidence, i.early_education, 2018)
            .set_index("evidence_id")
            .at["ps-take-up-2yo-eligible", "hertfordshire"]
        ),
        _take_up_changed,
    ),
]


@pytest.mark.parametrize("shared", SHARED, ids=lambda s: f"{s.finding}:{s.number}")
def test_a_change_to_the_data_moves_the_chapter_and_the_audit_together(inputs, shared: Shared) -> None:
    before = finding(inputs, shared.finding).numbers[shared.number]
    assert before == pytest.approx(shared.chapter(inputs))
    changed = shared.change(inputs)
    after = finding(changed, shared.finding).numbers[shared.number]
    assert after == pytest.approx(shared.chapter(changed))
    assert after != pytest.approx(before), "the change did not reach the figure"


@pytest.mark.parametrize("shared", SHARED, ids=lambda s: f"{s.finding}:{s.number}")
def test_the_audit_calls_the_chapters_function(inputs, shared: Shared, monkeypatch) -> None:
    """A spy on the chapter's function: the audit's finding calls it, and what it returns is what the audit shows."""
    real = getattr(shared.module, shared.function)
    calls = []

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(shared.module, shared.function, spy)
    got = finding(inputs, shared.finding).numbers[shared.number]
    assert calls, f"the audit's {shared.finding} does not call {shared.function}"
    assert got == pytest.approx(shared.chapter(inputs))


def test_the_audit_uses_the_chapters_ascof_comparisons(inputs, monkeypatch) -> None:
    for name in ("key_measures", "ascof_table", "national_check"):
        real, calls = getattr(acp, name), []
        monkeypatch.setattr(
            acp, name, lambda *a, _real=real, _calls=calls, **k: _calls.append(a) or _real(*a, **k)
        )
        audit.findings(inputs)
        assert calls, name


def test_the_ascof_row_order_reads_the_chapters_table(inputs, monkeypatch) -> None:
    """The swapped row's figures are the chapter's ASCOF table cells (acp.ascof_table), not read again."""
    real, calls = acp.ascof_table, []
    monkeypatch.setattr(acp, "ascof_table", lambda *a, **k: calls.append(a) or real(*a, **k))
    (finding,) = audit.ascof_row_order(inputs)
    assert calls
    table = real(inputs.evidence, inputs.ascof_layout).set_index("ascof_code")
    assert finding.numbers["read_as_england"] == table.at["1I1", "comparator_2018_19"]


# --- the code: written once ------------------------------------------------------------------------------


def functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def _body(function: ast.FunctionDef) -> str:
    """A function's statements without its docstring and names: two copies of one body dump alike."""
    body = function.body[1:] if ast.get_docstring(function) else function.body
    return "\n".join(ast.dump(statement, annotate_fields=False) for statement in body)


CONTENT = SRC / "content"
CHAPTERS = sorted((CONTENT / "themes").glob("*.py"))


def test_no_function_is_written_twice_between_the_audit_and_the_chapters() -> None:
    views = {p: functions(p) for p in [CONTENT / "audit.py", *CHAPTERS, CONTENT / "numbers.py"]}
    audit_names = set(views[CONTENT / "audit.py"])
    for chapter in CHAPTERS:
        both = audit_names & set(views[chapter])
        assert not both, f"audit.py and {chapter.name} both define {sorted(both)}"
    seen: dict[str, str] = {}
    for path, found in views.items():
        for name, function in found.items():
            body = _body(function)
            if len(function.body) < 2 and len(body) < 200:  # a one-liner (a lookup) is not a computation
                continue
            where = f"{path.name}:{name}"
            assert body not in seen, f"{where} is a copy of {seen.get(body)}"
            seen[body] = where


def python_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def constants(path: Path) -> list[ast.Constant]:
    return [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Constant)]


PLACE_NAMES = {places.HERTFORDSHIRE, places.ENGLAND, places.REGION}
PLACE_CODES = {places.HERTFORDSHIRE_ONS, places.ENGLAND_ONS, places.REGION_ONS}
PLACE_NUMBERS = {places.HERTFORDSHIRE_DFE, places.ENGLAND_DFE}


def test_places_are_spelt_only_in_places_py() -> None:
    """Hertfordshire's name and codes, England's and the region's are written once, in content/places.py."""
    for path in python_files():
        if path == CONTENT / "places.py":
            continue
        for node in constants(path):
            value = node.value
            if isinstance(value, str):
                assert value not in PLACE_NAMES, f"{path.name}:{node.lineno} writes {value!r}"
                assert not any(code in value for code in PLACE_CODES), (
                    f"{path.name}:{node.lineno} writes a code"
                )
            elif isinstance(value, int) and not isinstance(value, bool):
                assert value not in PLACE_NUMBERS, f"{path.name}:{node.lineno} writes DfE number {value}"


def _calls(path: Path, attribute: str, module: str | None = None) -> list[int]:
    """Lines where `attribute` is read (of `module`, if given: hashlib.sha256)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute)
        and n.attr == attribute
        and (module is None or (isinstance(n.value, ast.Name) and n.value.id == module))
    ]


def test_sha256_is_computed_by_one_helper() -> None:
    """Only cache.py calls hashlib.sha256 (check_site.py, published standalone as /check.py, keeps its own)."""
    allowed = {SRC / "cache.py", SRC / "publish" / "check_site.py"}
    for path in python_files():
        if path not in allowed:
            assert not _calls(path, "sha256", "hashlib"), f"{path.name} hashes with hashlib itself"


def test_dates_in_words_are_written_by_numbers_py() -> None:
    """No page-side module formats a date itself (the gate's matcher, gate/evidence.py, finds dates in text)."""
    for path in python_files():
        if path in (CONTENT / "numbers.py", SRC / "gate" / "evidence.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not _calls(path, "strftime"), f"{path.name} formats a date with strftime"
        assert "month_name" not in text and "%B" not in text, f"{path.name} names months itself"


def test_spend_columns_are_named_and_read_by_one_pair_of_functions() -> None:
    for path in python_files():
        if path == CONTENT / "data.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert 'removeprefix("spend_")' not in text and "spend_{" not in text, (
            f"{path.name} parses a spend column"
        )
