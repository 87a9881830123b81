"""The gate: every file under data/ against its great-expectations suite and its sources.

`validate(project)` returns a Report; the build stops when it has any failure. Each failure names the
file, the column, the rows (header = row 1) and values that broke a rule, and the rule in plain words.
"""

from __future__ import annotations

import copy
import difflib
import fnmatch
import json
import math
import os
import re
import stat
from collections.abc import Collection
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hertsbook.cache import Cache, file_sha256, sha256
from hertsbook.cache import key as cache_key
from hertsbook.errors import HertsbookError
from hertsbook.gate import evidence
from hertsbook.gate.gx_import import import_great_expectations
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


@dataclass(frozen=True)
class Dataset:
    """One catalogue entry: which files a suite checks, and which further checks apply."""

    files: str
    suite: str | None = None
    provenance: bool = False
    evidence_refs: tuple[str, ...] = ()
    in_quote: tuple[str, ...] = ()  # text columns whose words must be in the row's quote
    sha256: str | None = None
    about: str = ""


CATALOGUE = "expectations/catalogue.json"
ENTRY_KEYS = tuple(f.name for f in fields(Dataset))
SUITE_KEYS = ("name", "meta", "expectations", "notes")
RULE_KEYS = ("type", "kwargs", "meta", "notes")


class ConfigurationError(HertsbookError, ValueError):
    """The catalogue or a suite cannot be used (the failures say why)."""

    def __init__(self, failures: list[Failure]):
        super().__init__("; ".join(map(str, failures)))
        self.failures = failures


def read_catalogue(project: Project) -> tuple[list[Dataset] | None, list[Failure]]:
    """The catalogue's entries, or None and what is wrong with it (it is used only when all of it is right)."""
    raw, failures = _read_json(project.expectations / "catalogue.json", CATALOGUE)
    if failures:
        return None, failures
    if not isinstance(raw, dict) or not isinstance(raw.get("datasets"), list):
        return None, [Failure(CATALOGUE, 'must be a JSON object with a list "datasets" (and an "about")')]
    if set(raw) - {"about", "datasets"}:
        unknown = ", ".join(map(repr, sorted(set(raw) - {"about", "datasets"})))
        failures.append(Failure(CATALOGUE, f'has unknown key(s) {unknown}: it takes "about" and "datasets"'))
    datasets = []
    for number, entry in enumerate(raw["datasets"], start=1):
        label = f"entry {number}"
        if isinstance(entry, dict) and isinstance(entry.get("files"), str):
            label += f" ({entry['files']})"
        problems = _entry_problems(project, entry)
        failures += [Failure(CATALOGUE, f"{label}: {problem}") for problem in problems]
        if not problems:
            datasets.append(
                Dataset(
                    **{
                        **entry,
                        "evidence_refs": tuple(entry.get("evidence_refs", ())),
                        "in_quote": tuple(entry.get("in_quote", ())),
                    }
                )
            )
    return (None if failures else datasets), failures


def _entry_problems(project: Project, entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        return [f"must be a JSON object with the keys {', '.join(ENTRY_KEYS)}"]
    problems = []
    unknown = sorted(set(entry) - set(ENTRY_KEYS))
    if unknown:
        problems.append(
            f"has unknown key(s) {', '.join(map(repr, unknown))}: an entry takes {', '.join(ENTRY_KEYS)}"
        )
    files = entry.get("files")
    if not isinstance(files, str) or not files.startswith("data/"):
        problems.append(
            f'"files" must be a pattern under data/, such as "data/evidence/*.csv" (found {files!r})'
        )
    suite = entry.get("suite")
    if suite is not None:
        if not isinstance(suite, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", suite):
            problems.append(f'"suite" must be a suite\'s name, without folder or ".json" (found {suite!r})')
        elif not (project.expectations / f"{suite}.json").is_file():
            problems.append(f"names the suite {suite!r}, but expectations/{suite}.json does not exist")
    sha256 = entry.get("sha256")
    if sha256 is not None and not (isinstance(sha256, str) and re.fullmatch(r"[0-9a-f]{64}", sha256)):
        problems.append(f'"sha256" must be 64 lowercase hexadecimal digits (found {sha256!r})')
    if not isinstance(entry.get("provenance", False), bool):
        problems.append(f'"provenance" must be true or false (found {entry["provenance"]!r})')
    for key in ("evidence_refs", "in_quote"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            problems.append(f'"{key}" must be a list of column names (found {value!r})')
    if not isinstance(entry.get("about", ""), str):
        problems.append(f'"about" must be text (found {entry["about"]!r})')
    needs_suite = [k for k in ("provenance", "evidence_refs", "in_quote") if entry.get(k)]
    if suite is None and needs_suite:
        problems.append(f'{", ".join(map(repr, needs_suite))} need(s) a "suite" that reads the file')
    if entry.get("in_quote") and not entry.get("provenance"):
        problems.append('"in_quote" needs "provenance": true (the quote is checked against its source)')
    return problems


def load_catalogue(project: Project) -> list[Dataset]:
    datasets, failures = read_catalogue(project)
    if datasets is None:
        raise ConfigurationError(failures)
    return datasets


def survey(project: Project) -> tuple[list[Path], list[Failure]]:
    """Every regular file under data/, and a failure naming each path that is anything else.

    Nothing is followed or opened: a symbolic link (to a file or a folder, or dangling), a named pipe, a
    socket, a device, a hidden file or a hidden folder is refused by name, so no file escapes the checks.
    """
    files: list[Path] = []
    refused: list[Failure] = []

    def visit(folder: Path) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            refused.append(Failure(_name(project, folder) + "/", f"cannot be listed ({error.strerror})"))
            return
        for entry in entries:
            path = Path(entry.path)
            if not entry.name.isprintable():  # a line break or an undecodable byte in the name
                rule = "has a name with a control character or a byte that is not UTF-8: rename it"
                refused.append(Failure(ascii(_name(project, path)), rule))
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as error:
                refused.append(Failure(_name(project, path), f"cannot be read ({error.strerror})"))
                continue
            odd = _not_a_file(path, info)
            if odd:
                refused.append(Failure(_name(project, path), odd))
            elif stat.S_ISDIR(info.st_mode):
                if entry.name.startswith("."):
                    rule = "is a hidden folder: every file under data/ is checked, so none may be hidden (rename or remove it)"
                    refused.append(Failure(_name(project, path) + "/", rule))
                else:
                    visit(path)
            elif entry.name.startswith("."):
                rule = "is a hidden file: every file under data/ is checked, so none may be hidden (rename or remove it)"
                refused.append(Failure(_name(project, path), rule))
            else:
                files.append(path)

    try:
        info = project.data.lstat()
    except OSError as error:
        return [], [Failure("data/", f"cannot be read ({error.strerror})")]
    odd = _not_a_file(project.data, info)
    if odd or not stat.S_ISDIR(info.st_mode):
        return [], [Failure("data/", odd or "is not a folder")]
    visit(project.data)
    return files, refused


def _not_a_file(path: Path, info: os.stat_result) -> str | None:
    """What the path is, when it is neither a regular file nor a folder (None when it is one of those)."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
            points = (
                "a folder" if path.is_dir() else "a file" if path.exists() else "nothing (it is dangling)"
            )
        except OSError:
            target, points = "?", "nothing it can reach"
        return (
            f"is a symbolic link (to {target!r}, which is {points}): links are never followed, "
            "so put the file itself there"
        )
    kinds = {
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
    }
    for test, kind in kinds.items():
        if test(mode):
            return f"is {kind}, not a file: only regular files may be under data/"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "is not a regular file: only regular files may be under data/"
    return None


def _name(project: Project, path: Path) -> str:
    """The path as the repository names it (a link is named as itself, never as its target)."""
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


def data_files(project: Project) -> list[Path]:
    return survey(project)[0]


def match(catalogue: list[Dataset], relative: str) -> Dataset | None:
    """The first catalogue entry whose pattern matches the file (so specific entries go first)."""
    return next((d for d in catalogue if fnmatch.fnmatchcase(relative, d.files)), None)


def load_suite(project: Project, name: str) -> dict[str, Any]:
    suite, failures = read_suite(project, name)
    if suite is None:
        raise ConfigurationError(failures)
    return suite


def read_suite(project: Project, name: str) -> tuple[dict[str, Any] | None, list[Failure]]:
    """The suite, or None and what is wrong with its shape (its rules' types and arguments: `rule_problems`)."""
    where = f"expectations/{name}.json"
    suite, failures = _read_json(project.expectations / f"{name}.json", where)
    if failures:
        return None, failures
    if not isinstance(suite, dict):
        return None, [Failure(where, 'must be a JSON object with "name" and a list "expectations"')]
    unknown = sorted(set(suite) - set(SUITE_KEYS))
    if unknown:
        failures.append(
            Failure(
                where,
                f"has unknown key(s) {', '.join(map(repr, unknown))}: a suite takes {', '.join(SUITE_KEYS)}",
            )
        )
    if not isinstance(suite.get("name"), str):
        failures.append(Failure(where, f'"name" must be the suite\'s name (found {suite.get("name")!r})'))
    meta = suite.get("meta", {})
    numeric = meta.get("numeric_columns", []) if isinstance(meta, dict) else None
    if not isinstance(numeric, list) or not all(isinstance(c, str) for c in numeric):
        failures.append(
            Failure(where, '"meta" must be an object whose "numeric_columns" is a list of column names')
        )
    rules = suite.get("expectations")
    if not isinstance(rules, list):
        failures.append(Failure(where, f'"expectations" must be a list of rules (found {rules!r:.60})'))
        rules = []
    for number, rule in enumerate(rules, start=1):
        label = f"rule {number}"
        if isinstance(rule, dict) and isinstance(rule.get("type"), str):
            label += f" ({rule['type']})"
        failures += [Failure(where, f"{label}: {problem}") for problem in _rule_shape(rule)]
    return (None if failures else suite), failures


def _rule_shape(rule: Any) -> list[str]:
    if not isinstance(rule, dict):
        return ['must be a JSON object with "type" and "kwargs"']
    problems = []
    unknown = sorted(set(rule) - set(RULE_KEYS))
    if unknown:
        problems.append(
            f"has unknown key(s) {', '.join(map(repr, unknown))}: a rule takes {', '.join(RULE_KEYS)}"
        )
    if not isinstance(rule.get("type"), str):
        problems.append(
            f'"type" must name an expectation, such as "expect_column_values_to_not_be_null" (found {rule.get("type")!r})'
        )
    if not isinstance(rule.get("kwargs"), dict):
        problems.append(
            f'"kwargs" must be an object of the rule\'s arguments (found {rule.get("kwargs")!r:.60})'
        )
    elif rule.get("type") in TABLE_COLUMNS:
        listed = rule["kwargs"].get("column_list")
        if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
            problems.append(f'"column_list" must be a list of column names (found {listed!r:.60})')
    meta = rule.get("meta", {})
    if not isinstance(meta, dict) or not isinstance(meta.get("rule", ""), str):
        problems.append('"meta" must be an object (and its "rule" the rule in plain words)')
    return problems


def rule_problems(name: str, suite: dict[str, Any]) -> list[Failure]:
    """Each rule whose type great-expectations does not have, or whose arguments its model refuses."""
    gx = import_great_expectations()
    from great_expectations.expectations.registry import (
        get_expectation_impl,
        list_registered_expectation_implementations,
    )

    where = f"expectations/{name}.json"
    failures = []
    for number, rule in enumerate(suite["expectations"], start=1):
        label = f"rule {number} ({rule['type']})"
        try:
            model = get_expectation_impl(rule["type"])
        except Exception:  # ExpectationNotFoundError
            known = list_registered_expectation_implementations()
            near = difflib.get_close_matches(rule["type"], known, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            rule_text = f"great-expectations {gx.__version__} has no expectation of this type{hint}"
            failures.append(Failure(where, f"{label}: {rule_text}"))
            continue
        try:
            model(**copy.deepcopy(rule["kwargs"]))
        except Exception as error:  # pydantic's ValidationError, or whatever else the model raises
            failures.append(Failure(where, f"{label}: {_argument_problems(error)}"))
    return failures


def _argument_problems(error: Exception) -> str:
    if not hasattr(error, "errors"):
        return f"its arguments are refused ({type(error).__name__}: {error})"
    said: dict[str, str] = {}
    for problem in error.errors():
        place = ".".join(str(part) for part in problem.get("loc", ()))
        kind = problem.get("type", "")
        if kind == "value_error.extra":
            text = f"takes no argument {place!r}"
        elif kind == "value_error.missing":
            text = f"needs the argument {place!r}"
        elif place in ("", "__root__"):
            text = problem.get("msg", "")
        else:
            text = f"argument {place!r}: {problem.get('msg', '')}"
        said.setdefault(place, text)  # one message per argument (a union type lists each of its types)
    return "; ".join(said.values())


def _read_json(path: Path, where: str) -> tuple[Any, list[Failure]]:
    """A JSON file's value, or why it has none (missing, not a regular file, not UTF-8, not JSON)."""
    if path.is_symlink() or not path.is_file():
        return None, [Failure(where, "does not exist" if not path.exists() else "is not a regular file")]

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"the key {twice[0]!r} is given twice in one object")
        return dict(items)

    def constant(word: str) -> Any:
        raise ValueError(f"{word} is not a JSON number")

    try:
        return json.loads(
            path.read_text(encoding="utf-8"), object_pairs_hook=pairs, parse_constant=constant
        ), []
    except json.JSONDecodeError as error:
        return None, [
            Failure(where, f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})")
        ]
    except UnicodeDecodeError:
        return None, [Failure(where, "is not UTF-8 text")]
    except (OSError, ValueError, RecursionError) as error:
        return None, [Failure(where, f"cannot be read as JSON: {error}")]


def validate(project: Project, cache: Cache | None = None) -> Report:
    """Check every file under data/ and return what was checked and what failed.

    With a cache, a file whose bytes, suite, catalogue entry, sources and checking code are all unchanged
    since it last passed is not checked again (and great-expectations is not even imported). A path under
    data/ that is not a regular file, and a catalogue or suite that cannot be used, are failures too.
    """
    report = Report()
    files, report.failures = survey(project)
    catalogue, problems = read_catalogue(project)
    report.failures += problems
    if catalogue is None:
        return report
    suites: dict[str, dict[str, Any] | None] = {}
    dataset: Dataset | None
    for dataset in catalogue:
        if dataset.suite is not None and dataset.suite not in suites:
            suites[dataset.suite], problems = read_suite(project, dataset.suite)
            report.failures += problems
    for path in sorted(project.expectations.glob("*.json")):
        if path.name != "catalogue.json" and path.stem not in suites:
            rule = "no catalogue entry uses this suite, so its rules check nothing: name it in an entry or remove it"
            report.failures.append(Failure(f"expectations/{path.name}", rule))
    ruled: dict[str, list[Failure]] = {}  # suites whose rules great-expectations has looked at in this run
    used: set[int] = set()
    evidence_ids: dict[str, str] = {}
    references: list[tuple[str, str, list[list[Any]]]] = []
    unchecked = False  # a file not checked (its suite unusable): its ids are unknown, so references wait
    code = _code_hash(project)
    for path in files:
        name = _name(project, path)
        dataset = match(catalogue, name)
        if dataset is None:
            rule = "no suite checks this file: add it to expectations/catalogue.json"
            report.failures.append(Failure(name, rule))
            continue
        used.add(next(i for i, d in enumerate(catalogue) if d is dataset))
        suite = suites.get(dataset.suite) if dataset.suite else None
        if dataset.suite is not None and suite is None:
            unchecked = True  # the suite's own failures are reported
            continue
        try:
            digest = _cache_key(project, path, dataset, code, suite) if cache else ""
            done = cache.value("validate", digest) if cache else None
            if done is not None:
                report.reused.append(name)
            else:
                report.fresh.append(name)
                if suite is not None and dataset.suite is not None:  # (a suite is read only by its name)
                    if dataset.suite not in ruled:
                        ruled[dataset.suite] = rule_problems(dataset.suite, suite)
                        report.failures += ruled[dataset.suite]
                    if ruled[dataset.suite]:
                        unchecked = True
                        continue
                done = _check_file(project, path, name, dataset, suite, cache)
                if cache and not done["failures"]:
                    cache.put("validate", digest, {}, done)
        except OSError as error:
            report.failures.append(Failure(name, f"cannot be read ({error.strerror or error})"))
            unchecked = True
            continue
        except Exception as error:  # a check that cannot run on this file stops the build, with its reason
            rule = f"could not be checked ({type(error).__name__}: {error})"
            report.failures.append(Failure(name, rule))
            unchecked = True
            continue
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
    for name, column, pairs in [] if unchecked else references:
        bad = [(row, value) for row, value in pairs if value is not None and value not in evidence_ids]
        if bad:
            rule = "names no evidence row (ids are in data/evidence/*.csv)"
            rows, values = zip(*bad, strict=True)
            report.failures.append(Failure(name, rule, column, tuple(rows), tuple(values)))
    for number, dataset in enumerate(catalogue, start=1):
        if number - 1 not in used:
            rule = (
                f"entry {number} ({dataset.files}): matches no file under data/ that an earlier entry does not "
                "already cover: fix its pattern or remove it"
            )
            report.failures.append(Failure(CATALOGUE, rule))
    return report


def _check_file(
    project: Project,
    path: Path,
    name: str,
    dataset: Dataset,
    suite: dict[str, Any] | None,
    cache: Cache | None = None,
) -> dict[str, Any]:
    """One file's checks, as plain data (so that a passing result can be cached)."""
    from hertsbook.gate.readers import Unreadable, read_csv, read_ods

    out: dict[str, Any] = {"checked": [], "failures": [], "ids": [], "refs": {}}
    failures: list[Failure] = []
    if dataset.sha256 is not None:
        digest = file_sha256(path)
        out["checked"].append({"file": name, "suite": "sha256", "rows": None, "results": []})
        if digest != dataset.sha256:
            rule = (
                f"has changed since it was catalogued (sha256 {digest[:12]}…, expected {dataset.sha256[:12]}…); "
                "sources and national files are never edited"
            )
            failures.append(Failure(name, rule))
    if suite is not None:  # otherwise a pinned document, or documentation beside the data
        try:
            if path.suffix == ".ods":  # a workbook: its data tables, a row per cell (readers.ods_tables)
                frame = _ods_frame(read_ods(path, name, cache), name, _columns(suite))
            else:
                frame = read_csv(path, name, required=_columns(suite))
        except Unreadable as error:
            failures += [Failure(p.file, p.rule, p.column, (p.row,) if p.row else ()) for p in error.problems]
        else:
            results = _run_suite(frame, suite)
            out["checked"].append(
                {"file": name, "suite": dataset.suite, "rows": len(frame), "results": results}
            )
            ruled = [_failure(name, r, frame) for r in results if not r["success"]]
            failures += ruled + not_numbers(
                name, frame, suite, {(f.column, r) for f in ruled for r in f.rows}
            )
            if len(results) != len(suite["expectations"]):  # great-expectations drops a rule it cannot add
                rule = f"great-expectations ran {len(results)} of its {len(suite['expectations'])} rules on {name}"
                failures.append(Failure(f"expectations/{dataset.suite}.json", rule))
            for column in dataset.in_quote:
                if column not in frame.columns:
                    rule = "is named in the catalogue's in_quote but is not a column of this file"
                    failures.append(Failure(name, rule, column))
            if dataset.provenance:
                records = frame.fillna("").astype(str).to_dict("records")
                rows = [(int(number), record) for number, record in zip(frame.index, records, strict=True)]
                quoted = (*(("item",) if "item" in frame.columns else ()), *dataset.in_quote)
                for problem in evidence.check_rows(rows, name, project.sources, quoted):
                    failures.append(
                        Failure(problem.file, problem.rule, problem.column, (problem.row,), (problem.value,))
                    )
                if "value" in frame.columns and "id" in frame.columns:
                    out["ids"] = sorted(set(frame["id"].dropna()))
            for column in dataset.evidence_refs:
                if column not in frame.columns:
                    rule = "is named in the catalogue's evidence_refs but is not a column of this file"
                    failures.append(Failure(name, rule, column))
                    continue
                out["refs"][column] = [[int(r), v] for r, v in zip(frame.index, frame[column], strict=True)]
    out["failures"] = [asdict(f) for f in failures]
    return out


def _ods_frame(sheets: dict[str, Any], name: str, required: list[str]) -> pd.DataFrame:
    """A workbook's table cells as the frame a suite checks, indexed like a CSV (first cell = row 2)."""
    import pandas as pd

    from hertsbook.gate.readers import ReadProblem, Unreadable, ods_tables

    frame = ods_tables(sheets, name)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise Unreadable([ReadProblem(name, f"has no column {c!r}") for c in missing])
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
    return frame


def _code_hash(project: Project) -> str:
    """The checking code, and the lock file (whose great-expectations runs, and so judges, the suites)."""
    here = Path(__file__).parent
    code = b"".join((here / n).read_bytes() for n in ("validate.py", "readers.py", "evidence.py"))
    lock = project.root / "requirements.lock"
    return sha256(code + (lock.read_bytes() if lock.is_file() else b""))


def _cache_key(
    project: Project, path: Path, dataset: Dataset, code: str, suite: dict[str, Any] | None
) -> str:
    parts: list[Any] = [
        code,
        _name(project, path),
        file_sha256(path),
        asdict(dataset),
    ]
    if suite is not None:
        parts.append(suite)
    if dataset.provenance:
        parts.append({p.name: file_sha256(p) for p in sorted(project.sources.glob("*.txt"))})
    return cache_key(*parts)


TABLE_COLUMNS = ("expect_table_columns_to_match_ordered_list", "expect_table_columns_to_match_set")


def _columns(suite: dict[str, Any]) -> list[str]:
    for expectation in suite["expectations"]:
        if expectation["type"] in TABLE_COLUMNS:
            return list(expectation["kwargs"]["column_list"])
    return []


# Rules that compare a column's values with numbers: the column is read as numbers for them.
RANGE_RULES = (
    "expect_column_values_to_be_between",
    "expect_column_min_to_be_between",
    "expect_column_max_to_be_between",
    "expect_column_mean_to_be_between",
    "expect_column_median_to_be_between",
    "expect_column_sum_to_be_between",
)


def numeric_columns(suite: dict[str, Any]) -> list[str]:
    """The columns read as numbers: those a range rule checks, and any the suite lists in meta.numeric_columns
    (a column that must hold numbers but has no range)."""
    listed = list(suite.get("meta", {}).get("numeric_columns", []))
    ranged = [
        r["kwargs"].get("column") for r in suite.get("expectations", []) if r.get("type") in RANGE_RULES
    ]
    return list(dict.fromkeys([*listed, *(c for c in ranged if isinstance(c, str))]))


def not_numbers(
    name: str,
    frame: pd.DataFrame,
    suite: dict[str, Any],
    reported: Collection[tuple[str | None, int]] = (),
) -> list[Failure]:
    """Each numeric column's cells that are not plain numbers, named with the rule that needs a number (cells
    a rule of the suite has already reported, `reported` as (column, row), are not reported twice).

    Without this a range rule would pass over them in silence (great-expectations skips a missing value) or,
    on a column read as text, fail without saying which rows or why.
    """
    out = []
    for column in numeric_columns(suite):
        if column not in frame.columns:
            continue
        cells = frame[column]
        bad = [
            i
            for i, v in zip(frame.index, cells, strict=True)
            if v not in (None, "") and not _plain_number(v) and (column, int(i)) not in reported
        ]
        if not bad:
            continue
        ranges = [
            describe(r)
            for r in suite["expectations"]
            if r.get("type") in RANGE_RULES and r["kwargs"].get("column") == column
        ]
        why = (
            f"its range rule ({'; '.join(ranges)}) compares numbers"
            if ranges
            else "the suite lists it in meta.numeric_columns"
        )
        rule = f"must be a plain number, such as 45 or -3.5 (no commas, units or words): {why}"
        out.append(Failure(name, rule, column, tuple(int(i) for i in bad), tuple(str(cells[i]) for i in bad)))
    return out


def _bound(value: Any) -> str:
    """A rule's limit as written in a suite: 100, not 100.0."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _typed(frame: pd.DataFrame, suite: dict[str, Any]) -> pd.DataFrame:
    """Numeric columns as numbers; a cell that is not a plain number becomes missing (`not_numbers` reports it).

    A plain number is ASCII digits with an optional minus sign and decimal point (not NaN, Infinity, 1e5,
    1_000, 0x10 or digits of another script, which Python would read as numbers), that a floating-point
    number holds exactly as written: 0.999… with forty nines would be read, and checked, as 1.
    """
    import pandas as pd

    typed = frame.copy()
    for column in numeric_columns(suite):
        if column in typed.columns:
            plain = typed[column].map(_plain_number).astype(bool)
            typed[column] = pd.to_numeric(typed[column].where(plain), errors="coerce")
    return typed


def _plain_number(text: Any) -> bool:
    if not isinstance(text, str) or not evidence.PLAIN.fullmatch(text):
        return False
    number = float(text)  # a huge one is infinite
    return math.isfinite(number) and Decimal(repr(number)) == Decimal(text)


@cache
def _batch_definition() -> Any:
    gx = import_great_expectations()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("data").add_dataframe_asset("file")
    return asset.add_batch_definition_whole_dataframe("whole file")


PLACE = "hertsbook_place"  # each rule's place in its suite, in the copy handed to great-expectations


def _run_suite(frame: pd.DataFrame, suite: dict[str, Any]) -> list[dict[str, Any]]:
    gx = import_great_expectations()  # its way, before any great_expectations import of ours

    def numbered(places: set[int] | None = None) -> Any:
        rules = [
            {**rule, "meta": {**(rule.get("meta") or {}), PLACE: n}}
            for n, rule in enumerate(suite["expectations"])
            if places is None or n in places
        ]
        return gx.ExpectationSuite(**copy.deepcopy({**suite, "expectations": rules}))

    batch = _batch_definition().get_batch(batch_parameters={"dataframe": _typed(frame, suite)})
    # Most rules pass: a yes or no for each first, in half the time of a full answer; the rows and observed
    # values a message names come from a second, full run of the rules that failed.
    items = list(batch.validate(numbered(), result_format="BOOLEAN_ONLY").results)
    failed = [(item.expectation_config.meta or {}).get(PLACE) for item in items if not item.success]
    if failed:
        places = None if None in failed else {int(n) for n in failed if n is not None}  # None: all again
        again = list(batch.validate(numbered(places), result_format="COMPLETE").results)
        items = again if places is None else [item for item in items if item.success] + again
    out = []
    # Results do not come back in the suite's order: read each one's own configuration.
    for item in items:
        config = item.expectation_config
        kwargs = {k: _plain(v) for k, v in config.kwargs.items() if k != "batch_id"}
        meta = {k: v for k, v in (config.meta or {}).items() if k != PLACE}
        declared = {"type": config.type, "kwargs": kwargs, "meta": meta}
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
        "expect_column_values_to_be_between": _between(kw),
        "expect_column_values_to_be_in_set": f"must be one of: {', '.join(map(str, kw.get('value_set', [])))}",
        "expect_column_values_to_match_regex": f"must match the pattern {kw.get('regex')}",
        "expect_table_columns_to_match_ordered_list": f"the columns must be, in order: {', '.join(kw.get('column_list', []))}",
        "expect_table_columns_to_match_set": f"the columns must be exactly: {', '.join(kw.get('column_list', []))}",
        "expect_table_row_count_to_be_between": f"must have between {kw.get('min_value')} and {kw.get('max_value')} rows",
        "expect_compound_columns_to_be_unique": f"each combination of {', '.join(kw.get('column_list', []))} must be unique",
    }
    return words.get(kind, kind.replace("_", " ")) + where


def _between(kw: dict[str, Any]) -> str:
    low, high = kw.get("min_value"), kw.get("max_value")
    if low is None:
        return f"must be at most {_bound(high)}"
    if high is None:
        return f"must be at least {_bound(low)}"
    return f"must lie between {_bound(low)} and {_bound(high)}"


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
