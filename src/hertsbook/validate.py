"""The gate: every file under data/ against its great-expectations suite and its sources.

`validate(project)` returns a Report; the build stops when it has any failure. Each failure names the
file, the column, the rows (header = row 1) and values that broke a rule, and the rule in plain words.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import threading
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hertsbook import evidence
from hertsbook.cache import Cache
from hertsbook.cache import key as cache_key
from hertsbook.gx_import import import_great_expectations
from hertsbook.project import Project

if TYPE_CHECKING:  # pandas is imported only when a file has to be checked
    import pandas as pd

SHOWN = 10  # rows and values listed per failure before "and N more"


@dataclass(frozen=True)
class Failure:
    file: str
    rule: str
    column: str | None = None
    rows: tuple[int, ...] = ()
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = self.file + (f", column '{self.column}'" if self.column else "")
        if self.rows:
            where += f", {'row' if len(self.rows) == 1 else 'rows'} {_listed(self.rows)}"
        found = f" (found {_listed(self.values, quote=True)})" if self.values else ""
        return f"{where}: {self.rule}{found}"


@dataclass
class Report:
    checked: list[dict[str, Any]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # files unchanged since they last passed
    fresh: list[str] = field(default_factory=list)  # files checked in this run

    @property
    def ok(self) -> bool:
        return not self.failures

    def text(self) -> str:
        lines = [f"✗ {failure}" for failure in self.failures]
        lines.append(
            f"{len(self.failures)} problem(s) in the data; nothing was built. Fix them and run again."
        )
        return "\n".join(lines)


class CheckAhead:
    """`validate` on a thread of its own, started first of all in a build.

    Importing great-expectations takes two seconds. Started first, that overlaps with importing the rest of
    the build, planning it and booting the kernels, instead of following them. The build waits for
    `report()` before any notebook runs, so a failed check still stops it first.
    """

    def __init__(self, project: Project) -> None:
        self._result: Report | BaseException | None = None
        self._thread = threading.Thread(target=self._check, args=(project,), daemon=True)
        self._thread.start()

    def _check(self, project: Project) -> None:
        try:
            self._result = validate(project, cache=Cache(project.build / "cache"))
        except BaseException as error:  # handed to the build, which raises it
            self._result = error

    def report(self) -> Report:
        self._thread.join()
        if isinstance(self._result, BaseException):
            raise self._result
        assert self._result is not None
        return self._result


@dataclass(frozen=True)
class Dataset:
    """One catalogue entry: which files a suite checks, and which further checks apply."""

    files: str
    suite: str | None = None
    provenance: bool = False
    evidence_refs: tuple[str, ...] = ()
    sha256: str | None = None
    about: str = ""


def load_catalogue(project: Project) -> list[Dataset]:
    raw = json.loads((project.expectations / "catalogue.json").read_text(encoding="utf-8"))
    return [
        Dataset(**{**entry, "evidence_refs": tuple(entry.get("evidence_refs", ()))})
        for entry in raw["datasets"]
    ]


def data_files(project: Project) -> list[Path]:
    return sorted(p for p in project.data.rglob("*") if p.is_file() and not p.name.startswith("."))


def match(catalogue: list[Dataset], relative: str) -> Dataset | None:
    """The first catalogue entry whose pattern matches the file (so specific entries go first)."""
    return next((d for d in catalogue if fnmatch.fnmatchcase(relative, d.files)), None)


def load_suite(project: Project, name: str) -> dict[str, Any]:
    return json.loads((project.expectations / f"{name}.json").read_text(encoding="utf-8"))


def validate(project: Project, cache: Cache | None = None) -> Report:
    """Check every file under data/ and return what was checked and what failed.

    With a cache, a file whose bytes, suite, catalogue entry, sources and checking code are all unchanged
    since it last passed is not checked again (and great-expectations is not even imported).
    """
    catalogue = load_catalogue(project)
    report = Report()
    evidence_ids: dict[str, str] = {}
    references: list[tuple[str, str, list[list[Any]]]] = []
    code = _code_hash()
    for path in data_files(project):
        name = project.relative(path)
        dataset = match(catalogue, name)
        if dataset is None:
            rule = "no suite checks this file: add it to expectations/catalogue.json"
            report.failures.append(Failure(name, rule))
            continue
        digest = _cache_key(project, path, dataset, code) if cache else ""
        done = cache.value("validate", digest) if cache else None
        if done is not None:
            report.reused.append(name)
        else:
            report.fresh.append(name)
            done = _check_file(project, path, name, dataset)
            if cache and not done["failures"]:
                cache.put("validate", digest, {}, done)
        report.checked += done["checked"]
        report.failures += [
            Failure(**{**f, "rows": tuple(f["rows"]), "values": tuple(f["values"])}) for f in done["failures"]
        ]
        for evidence_id in done["ids"]:
            if evidence_id in evidence_ids:
                rule = f"id {evidence_id!r} is also used in {evidence_ids[evidence_id]}: ids must be unique across files"
                report.failures.append(Failure(name, rule, "id", (), (evidence_id,)))
            evidence_ids[evidence_id] = name
        references += [(name, column, pairs) for column, pairs in done["refs"].items()]
    for name, column, pairs in references:
        bad = [(row, value) for row, value in pairs if value is not None and value not in evidence_ids]
        if bad:
            rule = "names no evidence row (ids are in data/evidence/*.csv)"
            rows, values = zip(*bad, strict=True)
            report.failures.append(Failure(name, rule, column, tuple(rows), tuple(values)))
    return report


def _check_file(project: Project, path: Path, name: str, dataset: Dataset) -> dict[str, Any]:
    """One file's checks, as plain data (so that a passing result can be cached)."""
    from hertsbook.readers import Unreadable, read_csv

    out: dict[str, Any] = {"checked": [], "failures": [], "ids": [], "refs": {}}
    failures: list[Failure] = []
    if dataset.sha256 is not None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        out["checked"].append({"file": name, "suite": "sha256", "rows": None, "results": []})
        if digest != dataset.sha256:
            rule = (
                f"has changed since it was catalogued (sha256 {digest[:12]}…, expected {dataset.sha256[:12]}…); "
                "sources and national files are never edited"
            )
            failures.append(Failure(name, rule))
    if dataset.suite is not None:  # otherwise a pinned document, or documentation beside the data
        suite = load_suite(project, dataset.suite)
        try:
            frame = read_csv(path, name, required=_columns(suite))
        except Unreadable as error:
            failures += [Failure(p.file, p.rule, p.column, (p.row,) if p.row else ()) for p in error.problems]
        else:
            results = _run_suite(frame, suite)
            out["checked"].append(
                {"file": name, "suite": dataset.suite, "rows": len(frame), "results": results}
            )
            failures += [_failure(name, r, frame) for r in results if not r["success"]]
            if dataset.provenance:
                records = frame.fillna("").astype(str).to_dict("records")
                rows = [(int(number), record) for number, record in zip(frame.index, records, strict=True)]
                for problem in evidence.check_rows(rows, name, project.sources):
                    failures.append(
                        Failure(problem.file, problem.rule, problem.column, (problem.row,), (problem.value,))
                    )
                if "value" in frame.columns and "id" in frame.columns:
                    out["ids"] = sorted(set(frame["id"].dropna()))
            for column in dataset.evidence_refs:
                out["refs"][column] = [[int(r), v] for r, v in zip(frame.index, frame[column], strict=True)]
    out["failures"] = [asdict(f) for f in failures]
    return out


def _code_hash() -> str:
    here = Path(__file__).parent
    return hashlib.sha256(
        b"".join((here / n).read_bytes() for n in ("validate.py", "readers.py", "evidence.py"))
    ).hexdigest()


def _cache_key(project: Project, path: Path, dataset: Dataset, code: str) -> str:
    parts: list[Any] = [
        code,
        project.relative(path),
        hashlib.sha256(path.read_bytes()).hexdigest(),
        asdict(dataset),
    ]
    if dataset.suite is not None:
        parts.append(load_suite(project, dataset.suite))
    if dataset.provenance:
        parts.append(
            {
                p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(project.sources.glob("*.txt"))
            }
        )
    return cache_key(*parts)


def _columns(suite: dict[str, Any]) -> list[str]:
    for expectation in suite["expectations"]:
        if expectation["type"] in (
            "expect_table_columns_to_match_ordered_list",
            "expect_table_columns_to_match_set",
        ):
            return list(expectation["kwargs"]["column_list"])
    return []


def _typed(frame: pd.DataFrame, suite: dict[str, Any]) -> pd.DataFrame:
    """Numeric columns as numbers; a cell that is not a plain number becomes missing (and is reported)."""
    import pandas as pd

    typed = frame.copy()
    for column in suite.get("meta", {}).get("numeric_columns", []):
        if column in typed.columns:
            text = typed[column].astype("string").str.fullmatch(r"-?\d+(\.\d+)?").fillna(False)
            typed[column] = pd.to_numeric(typed[column].where(text.astype(bool)), errors="coerce")
    return typed


@cache
def _batch_definition() -> Any:
    gx = import_great_expectations()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("data").add_dataframe_asset("file")
    return asset.add_batch_definition_whole_dataframe("whole file")


def _run_suite(frame: pd.DataFrame, suite: dict[str, Any]) -> list[dict[str, Any]]:
    gx = import_great_expectations()  # its way, before any great_expectations import of ours
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": _typed(frame, suite)})
    result = batch.validate(gx.ExpectationSuite(**suite), result_format="COMPLETE")
    out = []
    # Results do not come back in the suite's order: read each one's own configuration.
    for item in result.results:
        config = item.expectation_config
        kwargs = {k: _plain(v) for k, v in config.kwargs.items() if k != "batch_id"}
        declared = {"type": config.type, "kwargs": kwargs, "meta": dict(config.meta or {})}
        res = item.result or {}
        rows = [r["row"] if isinstance(r, dict) else int(r) for r in res.get("unexpected_index_list") or []]
        out.append(
            {
                "type": config.type,
                "kwargs": kwargs,
                "rule": describe(declared),
                "success": bool(item.success),
                "rows": [int(r) for r in rows],
                "observed": _plain(res.get("observed_value")),
                "error": (item.exception_info or {}).get("exception_message"),
            }
        )
    return sorted(out, key=lambda r: (r["type"], json.dumps(r["kwargs"], sort_keys=True)))  # a stable order


def _failure(name: str, result: dict[str, Any], frame: pd.DataFrame) -> Failure:
    column = result["kwargs"].get("column")
    rows = tuple(result["rows"])
    values: tuple[str, ...] = ()
    if column in frame.columns and rows:
        values = tuple("" if frame.at[r, column] is None else str(frame.at[r, column]) for r in rows)
    rule = result["rule"]
    if result["observed"] is not None and not rows:
        rule += f" (observed: {result['observed']})"
    if result["error"]:
        rule += f" (the check could not run: {result['error']})"
    return Failure(name, rule, column, rows, values)


def describe(expectation: dict[str, Any]) -> str:
    """The rule in plain words: the suite's own wording (meta.rule) or one made from its kind."""
    if expectation.get("meta", {}).get("rule"):
        return expectation["meta"]["rule"]
    kind, kw = expectation["type"], expectation["kwargs"]
    condition = kw.get("row_condition")
    if isinstance(condition, dict):  # great-expectations hands conditions back wrapped
        condition = condition.get("pass_through_filter")
    where = f" where {condition}" if condition else ""
    words = {
        "expect_column_values_to_not_be_null": "must not be empty",
        "expect_column_values_to_be_unique": "must be unique, but the same value is in more than one row",
        "expect_column_values_to_be_between": f"must lie between {kw.get('min_value')} and {kw.get('max_value')}",
        "expect_column_values_to_be_in_set": f"must be one of: {', '.join(map(str, kw.get('value_set', [])))}",
        "expect_column_values_to_match_regex": f"must match the pattern {kw.get('regex')}",
        "expect_table_columns_to_match_ordered_list": f"the columns must be, in order: {', '.join(kw.get('column_list', []))}",
        "expect_table_columns_to_match_set": f"the columns must be exactly: {', '.join(kw.get('column_list', []))}",
        "expect_table_row_count_to_be_between": f"must have between {kw.get('min_value')} and {kw.get('max_value')} rows",
        "expect_compound_columns_to_be_unique": f"each combination of {', '.join(kw.get('column_list', []))} must be unique",
    }
    return words.get(kind, kind.replace("_", " ")) + where


def _plain(value: Any) -> Any:
    """numpy scalars and nested values as plain JSON-able Python."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=lambda v: v.item() if hasattr(v, "item") else str(v)))


def _listed(items: tuple[Any, ...], quote: bool = False) -> str:
    shown = [repr(str(i)) if quote else str(i) for i in items[:SHOWN]]
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(shown) + more


def write_report(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"checked": report.checked, "failures": [asdict(f) for f in report.failures]}
    path.write_text(json.dumps(body, indent=1, sort_keys=True) + "\n", encoding="utf-8")
