"""The gate sees every file and every rule: odd paths, broken suites and catalogues, broken book files, odd
numbers and list items, each refused with one line naming where the problem is.

Most run the gate in-process on a `scratch` copy, with a cache shared by the module (its keys are the files'
contents, so only what a test changed is checked again); one build shows the command line's one-line error.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from hertsbook.cache import Cache
from hertsbook.gate import book_config, evidence, validate
from hertsbook.project import Project
from tests.helpers import hertsbook

EVIDENCE = "data/evidence/2025-03-connect-and-prevent-news.csv"
LIST = "data/lists/prevention_aims.csv"


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory, copier) -> Cache:
    """A cache of every real file's passing check, so each test's gate checks only what it changed."""
    project = copier(tmp_path_factory.mktemp("gate") / "book")
    cache = Cache(tmp_path_factory.mktemp("gate-cache"))
    assert validate.validate(project, cache=cache).ok
    again = validate.validate(project, cache=cache)  # nothing changed: nothing checked (nor a suite altered)
    assert again.ok and again.fresh == [] and len(again.reused) == len(validate.data_files(project))
    return cache


def messages(project: Project, cache: Cache) -> list[str]:
    return [str(f) for f in validate.validate(project, cache=cache).failures]


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def edit_suite(project: Project, name: str, change) -> None:
    path = project.expectations / f"{name}.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    change(suite)
    path.write_text(json.dumps(suite, indent=1), encoding="utf-8")


# --- every path under data/ -----------------------------------------------------------------------------


def make_hidden_file(project: Project) -> str:
    shutil_copy(project, EVIDENCE, "data/evidence/.extra.csv")
    return "data/evidence/.extra.csv: is a hidden file"


def make_hidden_folder(project: Project) -> str:
    (project.data / "evidence" / ".more").mkdir()
    shutil_copy(project, EVIDENCE, "data/evidence/.more/extra.csv")
    return "data/evidence/.more/: is a hidden folder"


def make_file_link(project: Project) -> str:
    (project.data / "evidence" / "x.csv").symlink_to(project.root / EVIDENCE)
    return "data/evidence/x.csv: is a symbolic link (to "


def make_folder_link(project: Project) -> str:
    (project.data / "more").symlink_to(project.data / "evidence", target_is_directory=True)
    return "data/more: is a symbolic link (to "


def make_dangling_link(project: Project) -> str:
    (project.data / "evidence" / "gone.csv").symlink_to(project.root / "nowhere.csv")
    return "data/evidence/gone.csv: is a symbolic link (to "


def make_outside_link(project: Project) -> str:
    (project.data / "lists" / "passwd.csv").symlink_to("/etc/passwd")
    return "data/lists/passwd.csv: is a symbolic link (to '/etc/passwd'"


def make_fifo(project: Project) -> str:
    os.mkfifo(project.data / "evidence" / "pipe.csv")
    return "data/evidence/pipe.csv: is a named pipe (FIFO), not a file"


def make_socket(project: Project) -> str:
    # A socket's path is limited to about a hundred bytes: bind it from inside its folder.
    here = os.getcwd()
    os.chdir(project.data / "evidence")
    try:
        server = socket.socket(socket.AF_UNIX)
        server.bind("sock.csv")
    finally:
        os.chdir(here)
    server.close()
    return "data/evidence/sock.csv: is a socket, not a file"


def shutil_copy(project: Project, source: str, target: str) -> None:
    (project.root / target).write_bytes((project.root / source).read_bytes())


@pytest.mark.parametrize(
    "make",
    [
        make_hidden_file,
        make_hidden_folder,
        make_file_link,
        make_folder_link,
        make_dangling_link,
        make_outside_link,
        make_fifo,
        make_socket,
    ],
)
def test_every_path_that_is_not_a_plain_file_is_refused_by_name(scratch, shared_cache, make) -> None:
    expected = make(scratch)
    found = messages(scratch, shared_cache)  # a FIFO would block this if it were opened
    assert [m for m in found if m.startswith(expected)], found
    files = [scratch.relative(p) for p in validate.data_files(scratch)]
    assert not any(
        ("." + os.sep) in f or "/." in f or f.endswith(("x.csv", "gone.csv", "pipe.csv")) for f in files
    )


def test_a_name_that_would_break_the_one_line_message_is_refused(scratch, shared_cache) -> None:
    shutil_copy(scratch, EVIDENCE, "data/evidence/two\nlines.csv")
    found = messages(scratch, shared_cache)
    assert "'data/evidence/two\\nlines.csv': has a name with a control character" in "\n".join(found), found
    assert all("\n" not in m for m in found)


def test_a_fifo_is_never_opened(scratch, shared_cache) -> None:
    """The gate in a child process with a deadline: opening the pipe for reading would block it forever."""
    os.mkfifo(scratch.data / "evidence" / "pipe.csv")
    code = (
        "import sys; from pathlib import Path; from hertsbook.gate import validate; "
        "from hertsbook.project import Project; "
        "print([str(f) for f in validate.survey(Project(Path(sys.argv[1])))[1]])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(scratch.root)], capture_output=True, text=True, timeout=60
    )
    assert "data/evidence/pipe.csv: is a named pipe (FIFO)" in done.stdout, done.stderr


def test_the_real_data_has_only_plain_files(project) -> None:
    files, refused = validate.survey(project)
    assert refused == []
    assert len(files) == sum(1 for p in project.data.rglob("*") if p.is_file() and not p.is_symlink())


# --- the catalogue and the suites -----------------------------------------------------------------------


def broken_json(project: Project) -> tuple[str, str]:
    (project.expectations / "lists.json").write_text('{"name": "lists", "expectations": [', encoding="utf-8")
    return (
        "expectations/lists.json",
        "expectations/lists.json: is not valid JSON: Expecting value (line 1, column 36)",
    )


def broken_catalogue(project: Project) -> tuple[str, str]:
    (project.expectations / "catalogue.json").write_text("{ not json", encoding="utf-8")
    return (
        "expectations/catalogue.json",
        "expectations/catalogue.json: is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 3)",
    )


def unknown_type(project: Project) -> tuple[str, str]:
    edit_suite(
        project, "lists", lambda s: s["expectations"][4].update(type="expect_column_values_to_be_betwixt")
    )
    return (
        "expectations/lists.json",
        "expectations/lists.json: rule 5 (expect_column_values_to_be_betwixt): great-expectations",
    )


def unknown_argument(project: Project) -> tuple[str, str]:
    edit_suite(project, "lists", lambda s: s["expectations"][4]["kwargs"].update(minimum=1))
    return (
        "expectations/lists.json",
        "expectations/lists.json: rule 5 (expect_column_values_to_be_between): takes no argument 'minimum'",
    )


def missing_argument(project: Project) -> tuple[str, str]:
    edit_suite(project, "lists", lambda s: s["expectations"][1]["kwargs"].pop("column"))
    return (
        "expectations/lists.json",
        "expectations/lists.json: rule 2 (expect_column_values_to_not_be_null): needs the argument 'column'",
    )


def wrong_argument_type(project: Project) -> tuple[str, str]:
    edit_suite(project, "lists", lambda s: s["expectations"][4]["kwargs"].update(mostly="most"))
    return (
        "expectations/lists.json",
        "expectations/lists.json: rule 5 (expect_column_values_to_be_between): argument 'mostly': value is not a valid float",
    )


def suite_without_rules(project: Project) -> tuple[str, str]:
    edit_suite(project, "lists", lambda s: s.pop("expectations"))
    return "expectations/lists.json", 'expectations/lists.json: "expectations" must be a list of rules'


def unknown_rule_key(project: Project) -> tuple[str, str]:
    edit_suite(project, "lists", lambda s: s["expectations"][0].update(kwarg={"column": "x"}))
    return (
        "expectations/lists.json",
        "expectations/lists.json: rule 1 (expect_table_columns_to_match_ordered_list): has unknown key(s) 'kwarg'",
    )


def edit_catalogue(project: Project, change) -> None:
    path = project.expectations / "catalogue.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    change(raw["datasets"])
    path.write_text(json.dumps(raw, indent=1), encoding="utf-8")


def entry(datasets: list[dict], files: str) -> dict:
    return next(d for d in datasets if d["files"] == files)


def entry_number(project: Project, files: str) -> int:
    """The catalogue entry's number as messages give it (1 is the first), so new entries move nothing."""
    raw = json.loads((project.expectations / "catalogue.json").read_text(encoding="utf-8"))
    return 1 + [d["files"] for d in raw["datasets"]].index(files)


def unknown_entry_key(project: Project) -> tuple[str, str]:
    edit_catalogue(project, lambda d: entry(d, "data/lists/*.csv").update(provenence=True))
    return (
        "expectations/catalogue.json",
        f"expectations/catalogue.json: entry {entry_number(project, 'data/lists/*.csv')} (data/lists/*.csv): has unknown key(s) 'provenence'",
    )


def missing_suite_file(project: Project) -> tuple[str, str]:
    edit_catalogue(project, lambda d: entry(d, "data/lists/*.csv").update(suite="listz"))
    return (
        "expectations/catalogue.json",
        f"expectations/catalogue.json: entry {entry_number(project, 'data/lists/*.csv')} (data/lists/*.csv): names the suite 'listz', but expectations/listz.json does not exist",
    )


def bad_sha256(project: Project) -> tuple[str, str]:
    edit_catalogue(project, lambda d: d[0].update(sha256="A1537D6B"))
    return (
        "expectations/catalogue.json",
        "expectations/catalogue.json: entry 1 (data/sources/2018-11-prevention-strategy.txt): \"sha256\" must be 64 lowercase hexadecimal digits (found 'A1537D6B')",
    )


def pattern_matching_nothing(project: Project) -> tuple[str, str]:
    edit_catalogue(project, lambda d: d.insert(0, {"files": "data/evidnce/*.csv", "suite": "evidence"}))
    return (
        "expectations/catalogue.json",
        "expectations/catalogue.json: entry 1 (data/evidnce/*.csv): matches no file under data/",
    )


def unused_suite(project: Project) -> tuple[str, str]:
    shutil_copy(project, "expectations/lists.json", "expectations/lists_old.json")
    return "expectations/lists_old.json", "expectations/lists_old.json: no catalogue entry uses this suite"


@pytest.mark.parametrize(
    "breaks",
    [
        broken_json,
        broken_catalogue,
        unknown_type,
        unknown_argument,
        missing_argument,
        wrong_argument_type,
        suite_without_rules,
        unknown_rule_key,
        unknown_entry_key,
        missing_suite_file,
        bad_sha256,
        pattern_matching_nothing,
        unused_suite,
    ],
)
def test_a_broken_suite_or_catalogue_is_refused_naming_file_rule_and_problem(
    scratch, shared_cache, breaks
) -> None:
    file, expected = breaks(scratch)
    for _ in range(2):  # an unchanged bad suite never passes: failures are not cached
        report = validate.validate(scratch, cache=shared_cache)
        assert not report.ok
        assert [str(f) for f in report.failures if str(f).startswith(expected)], report.failures
        assert all("Traceback" not in str(f) for f in report.failures)
    shutil.copytree(shared_cache.folder, scratch.build / "cache")  # the build's own cache, as warm
    report = validate.validate(scratch, cache=Cache(scratch.build / "cache"))  # the build's way, as warm
    assert any(str(f).startswith(expected) for f in report.failures)


def test_a_rule_great_expectations_drops_is_still_caught(scratch, shared_cache, monkeypatch) -> None:
    """Behind the check of each rule's type: great-expectations only logs a rule it cannot add, and runs the rest."""
    monkeypatch.setattr(validate, "rule_problems", lambda name, suite: [])
    unknown_type(scratch)
    found = messages(scratch, shared_cache)
    assert f"expectations/lists.json: great-expectations ran 8 of its 9 rules on {LIST}" in found, found


def test_a_catalogue_column_the_file_lacks_is_refused(scratch, shared_cache) -> None:
    edit_catalogue(
        scratch, lambda d: entry(d, "data/lists/corporate_plan_ambitions.csv").update(in_quote=["ambitions"])
    )
    found = messages(scratch, shared_cache)
    assert (
        "data/lists/corporate_plan_ambitions.csv, column 'ambitions': is named in the catalogue's in_quote but is not a column of this file"
        in found
    ), found


def test_an_unknown_type_suggests_the_nearest(scratch, shared_cache) -> None:
    unknown_type(scratch)
    (found,) = [m for m in messages(scratch, shared_cache) if "betwixt" in m]
    assert found.endswith(
        "has no expectation of this type (did you mean expect_column_values_to_be_between?)"
    )


def test_every_real_suite_names_only_real_rules_with_real_arguments(project) -> None:
    catalogue = validate.load_catalogue(project)
    for name in sorted({d.suite for d in catalogue if d.suite}):
        suite, failures = validate.read_suite(project, name)
        assert failures == [] and suite is not None
        assert validate.rule_problems(name, suite) == []


# --- _toc.yml and _config.yml ---------------------------------------------------------------------------


def replace_line(path: Path, old: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if old in line)
    lines[number] = lines[number].replace(old, new)
    path.write_text("".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        ("_toc.yml", "- file: notebooks/prevention", "- file: notebooks/prevention: [", "is not valid YAML"),
        (
            "_toc.yml",
            "file: book/glossary",
            "file: book/glossery",
            "book/glossery names no page: there is no book/glossery.md",
        ),
        (
            "_toc.yml",
            "file: notebooks/early_help",
            "file: notebooks/early_hlep",
            "notebooks/early_hlep names no page: there is no theme notebook",
        ),
        ("_toc.yml", "file: book/about", "file: ../../etc/passwd", "../../etc/passwd names no page"),
        (
            "_toc.yml",
            "file: book/about",
            "file: book/methodology",
            "book/methodology is already listed on line",
        ),
        (
            "_toc.yml",
            "- file: book/about",
            "- fiel: book/about",
            "jupyter-book cannot use this table of contents: entry does not contain one of",
        ),
        (
            "_toc.yml",
            "root: book/index",
            "root: book/index\nroot: book/about",
            "the key 'root' is given twice",
        ),
        ("_config.yml", 'copyright: "2025"', 'copyright: "2025', "is not valid YAML"),
        (
            "_config.yml",
            '  execute_notebooks: "off"',
            "  execute_notebooks: sometimes",
            "'sometimes' is not one of",
        ),
        ("_config.yml", "only_build_toc_files: true", "only_build_toc_files: [true", "is not valid YAML"),
    ],
)
def test_a_broken_book_file_is_named_with_its_line(scratch, file, old, new, words) -> None:
    line = replace_line(scratch.root / file, old, new)
    if "given twice" in words:
        line += 1
    found = book_config.problems(scratch, Cache(scratch.build / "cache"))
    assert len(found) == 1, found
    (problem,) = found
    assert problem.startswith(f"{file}, line "), problem
    assert words in problem, problem
    if "not valid YAML" not in words:  # a parse error may be seen a line or two after the slip
        assert problem.startswith(f"{file}, line {line}: "), problem
    else:
        assert abs(int(problem.split("line ")[1].split(":")[0]) - line) <= 2, problem
    assert "_build" not in problem and "\n" not in problem


def test_a_theme_left_out_of_the_toc_is_named_before_anything_runs(scratch) -> None:
    """A registered theme missing from _toc.yml would run, then stop Sphinx late; the gate names it first."""
    replace_line(scratch.root / "_toc.yml", "      - file: notebooks/day_services", "")
    cache = Cache(scratch.build / "cache")
    for _ in range(2):  # the second time the file checks are cached: the theme is still named
        assert book_config.problems(scratch, cache) == [
            "_toc.yml: the theme day_services (notebooks/day_services.py) is not listed: "
            "add `- file: notebooks/day_services`"
        ]


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        ("_toc.yml", "- file: book/index\n", "_toc.yml, line 1: is a list, not a mapping of keys"),
        ("_toc.yml", "3\n", "_toc.yml, line 1: is a whole number, not a mapping of keys"),  # never "a int"
        (
            "_toc.yml",
            "format: jb-book\nparts: []\n",
            "_toc.yml, line 1: jupyter-book cannot use this table of contents: 'root' key not found",
        ),
        ("_toc.yml", "", "_toc.yml, line 1: is empty"),
        ("_config.yml", "title: [1, 2]\n", "_config.yml, line 1: [1, 2] is not of type 'string' (at title)"),
        (
            "_toc.yml",
            "format: jb-book\nroot: book/index\nparts: 5\n",
            "_toc.yml, line 3: jupyter-book cannot use this table of contents: 'parts' not a non-empty list",
        ),
        (
            "_config.yml",
            "title: x\ncopyright: 2025-13-01\n",
            "_config.yml, line 2: is not valid YAML (month must be in 1..12)",
        ),
        (
            "_toc.yml",
            "format: jb-article\nroot: book/index\nsections:\n  - file: book/nope\n",
            "_toc.yml, line 4: book/nope names no page: there is no book/nope.md or book/nope.ipynb",
        ),
    ],
)
def test_a_book_file_of_the_wrong_shape_is_refused(scratch, file, text, expected) -> None:
    (scratch.root / file).write_text(text, encoding="utf-8")
    assert book_config.problems(scratch) == [expected]


def test_the_real_book_files_pass_and_a_second_check_is_cached(project, tmp_path) -> None:
    cache = Cache(tmp_path)
    assert book_config.problems(project, cache) == []
    assert list(tmp_path.glob("book-config/*/*"))
    assert book_config.problems(project, cache) == []


# --- odd numbers ----------------------------------------------------------------------------------------

ODD = [
    "sNaN", "-sNaN", "NaN", "nan", "Infinity", "-Infinity", "inf", "1e999", "1E5", "1_000", "0x10", "0b1",
    "١٢٣", "１２３", "²", "½", "Ⅻ", "-0", "+5", " 5", "5 ", "00", "1.", ".5", "9" * 5000, "0." + "9" * 5000,
    "1e-999999999", "--1", "", "٣.٥",
]  # fmt: skip


@pytest.mark.parametrize("odd", ODD)
def test_value_in_quote_never_raises_and_takes_only_plain_digits(odd: str) -> None:
    result = evidence.value_in_quote(odd, "about 123 people, 0 waiting, 5 days, 1,000 calls, 16 and 10")
    plain = odd.strip() and all(c in "0123456789.-" for c in odd.strip())
    assert result in (True, False)
    if not plain:
        assert result is False


def test_a_numeric_column_reads_only_plain_exact_numbers() -> None:
    import pandas as pd

    cells = [*ODD, "12", "-0", "007", "2.50", "0.1", "1" + "0" * 30]
    frame = pd.DataFrame({"value": cells}, dtype=object)
    typed = validate._typed(frame, {"meta": {"numeric_columns": ["value"]}})["value"]
    read = dict(zip(cells, typed, strict=True))
    assert {c for c, v in read.items() if not pd.isna(v)} == {
        "00",
        "12",
        "-0",
        "007",
        "2.50",
        "0.1",
        "1" + "0" * 30,
    }
    assert read["007"] == 7 and read["2.50"] == 2.5 and read["-0"] == 0


# Each kind of odd number, through the whole gate (the unit tests above take every one).
ODD_IN_FILES = [
    "sNaN",
    "NaN",
    "-Infinity",
    "1e999",
    "1_000",
    "0x10",
    "١٢٣",
    "１２３",
    "9" * 5000,
    "0." + "9" * 5000,
]


def number_columns(project: Project) -> dict[str, str]:
    """A file of each suite that reads a column as numbers, and that column.

    Files pinned by sha256 are left out: any edit of them is refused by the pin (and the national file is
    long to check again at each value).
    """
    catalogue = validate.load_catalogue(project)
    found: dict[str, tuple[str, str]] = {}
    for path in validate.data_files(project):
        name = project.relative(path)
        dataset = validate.match(catalogue, name)
        if dataset and dataset.suite and not dataset.sha256 and dataset.suite not in found:
            suite = validate.load_suite(project, dataset.suite)
            header = rows_of(path)[0]
            numeric = [c for c in ["value", *suite.get("meta", {}).get("numeric_columns", [])] if c in header]
            if numeric:
                found[dataset.suite] = (name, numeric[0])
    return dict(found.values())


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_odd_numbers_are_refused_with_file_row_and_column_never_a_traceback(
    project, scratch, shared_cache
) -> None:
    targets = number_columns(project)
    suites = {validate.match(validate.load_catalogue(project), name).suite for name in targets}
    assert suites == {"evidence", "lists", "corporate_plan_ambitions"}, targets
    originals = {name: (scratch.root / name).read_bytes() for name in targets}
    for odd in ODD_IN_FILES:
        for name, column in targets.items():
            rows = rows_of(scratch.root / name)
            rows[1][rows[0].index(column)] = odd
            write_rows(scratch.root / name, rows)
        found = messages(scratch, shared_cache)
        for name, column in targets.items():
            where = f"{name}, column '{column}', row 2: "
            assert any(m.startswith(where) for m in found), (odd, name, found)
        assert not any("could not be checked" in m for m in found), (odd, found)
    for name, raw in originals.items():
        (scratch.root / name).write_bytes(raw)
    assert messages(scratch, shared_cache) == []


def test_plain_odd_looking_numbers_are_read_as_the_numbers_they_are(scratch, shared_cache) -> None:
    """007 is 7: accepted where the number is right (here a list position); 5,000 digits are refused."""
    path = scratch.root / LIST
    rows = rows_of(path)
    rows[1][rows[0].index("position")] = "00" + rows[1][rows[0].index("position")]
    write_rows(path, rows)
    assert messages(scratch, shared_cache) == []
    for digits in ("9" * 5000, "0." + "9" * 40):  # not held exactly (the second would be read as 1): refused
        rows[1][rows[0].index("position")] = digits
        write_rows(path, rows)
        found = messages(scratch, shared_cache)
        assert found and all(m.startswith(f"{LIST}, column 'position', row 2: ") for m in found), found


# --- list items against their quotes --------------------------------------------------------------------


def test_every_real_list_item_is_in_its_quote(project) -> None:
    for path in sorted((project.data / "lists").glob("*.csv")):
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
            item = row.get("item") or row["ambition"]
            assert evidence.text_in_quote(item, row["quote"]), (path.name, row["position"])


@pytest.mark.parametrize(
    ("file", "column"), [(LIST, "item"), ("data/lists/corporate_plan_ambitions.csv", "ambition")]
)
def test_a_list_item_not_in_its_quote_is_refused(scratch, shared_cache, file, column) -> None:
    path = scratch.root / file
    rows = rows_of(path)
    rows[2][rows[0].index(column)] = rows[2][rows[0].index(column)].replace(" ", " not ", 1)
    write_rows(path, rows)
    found = messages(scratch, shared_cache)
    assert [
        m for m in found if m.startswith(f"{file}, column '{column}', row 3: this text is not in its quote")
    ], found


def test_a_split_quote_must_have_its_parts_in_order_and_near(tmp_path) -> None:
    source = tmp_path / "s.txt"
    source.write_text("Dignified and happy lives, safe <p>cell</p>\n  from neglect. " + "x" * 500 + " Later.")
    assert evidence.quote_in_source("Dignified and happy lives, safe … from neglect.", source)
    assert not evidence.quote_in_source("from neglect. … Dignified and happy lives", source)  # out of order
    assert not evidence.quote_in_source("Dignified … Later.", source)  # too far apart
    assert not evidence.quote_in_source("Dignified … ", source)  # an empty part
    assert evidence.text_in_quote(
        "Dignified and happy lives, safe from neglect.", "Dignified and happy lives, safe … from neglect."
    )
    assert not evidence.text_in_quote("Dignified and unhappy lives", "Dignified and … happy lives, safe")


# --- the build ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_build_with_a_bad_suite_or_link_stops_in_one_line_before_any_notebook(
    tmp_path, clone_built
) -> None:
    root = clone_built(tmp_path / "book")
    project = Project(root)
    site = {p: p.read_bytes() for p in sorted(project.site.rglob("*")) if p.is_file()}
    executed = {p: p.stat().st_mtime_ns for p in sorted(project.executed.glob("*.ipynb"))}
    shutil.rmtree(project.build / "cache" / "execute")  # so a build that went on would have to run them all
    edit_suite(
        project,
        "evidence",
        lambda s: s["expectations"].append(
            {"type": "expect_column_to_be_wonderful", "kwargs": {"column": "value"}}
        ),
    )
    (project.data / "evidence" / ".extra.csv").symlink_to(project.root / EVIDENCE)
    done = hertsbook(root, "build")
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    lines = [line.removeprefix("error: ") for line in done.stderr.splitlines()]
    assert lines[-1] == "2 problem(s) in the data; nothing was built. Fix them and run again.", done.stderr
    assert any(line.startswith("✗ data/evidence/.extra.csv: is a symbolic link (to ") for line in lines), (
        done.stderr
    )
    assert any(
        line.startswith("✗ expectations/evidence.json: rule ")
        and "(expect_column_to_be_wonderful): great-expectations" in line
        for line in lines
    ), done.stderr
    assert "execute notebooks/" not in done.stderr
    assert {p: p.read_bytes() for p in sorted(project.site.rglob("*")) if p.is_file()} == site
    assert {p: p.stat().st_mtime_ns for p in sorted(project.executed.glob("*.ipynb"))} == executed
    # A broken _toc.yml (the data now good again) stops it too, naming the repository's file and line.
    (project.data / "evidence" / ".extra.csv").unlink()
    edit_suite(project, "evidence", lambda s: s["expectations"].pop())
    line = replace_line(root / "_toc.yml", "file: book/glossary", "file: book/glossery")
    done = hertsbook(root, "build")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (
        f"error: _toc.yml, line {line}: book/glossery names no page: there is no book/glossery.md or book/glossery.ipynb\n"
        in done.stderr
    )
    assert "started" not in done.stderr and "execute notebooks/" not in done.stderr
    assert {p: p.read_bytes() for p in sorted(project.site.rglob("*")) if p.is_file()} == site


# --- a value is one printed number of its quote -----------------------------------------------------------

LOCAL_ACCOUNT = "data/evidence/2020-adult-care-local-account-2018-2020.csv"


def _row_number(path: Path, evidence_id: str) -> int:
    """An evidence row's number as a message gives it (header = row 1)."""
    rows = rows_of(path)
    return 1 + next(n for n, row in enumerate(rows) if row[rows[0].index("id")] == evidence_id)


def _set_value(path: Path, evidence_id: str, value: str) -> int:
    """Give one evidence row another value; its row number."""
    rows = rows_of(path)
    number = _row_number(path, evidence_id)
    rows[number - 1][rows[0].index("value")] = value
    write_rows(path, rows)
    return number


def _other_numbers(row: dict[str, str]) -> list[str]:
    """The numbers of the row's quote other than its value, as the quote writes them (26,362 read as 26362)."""
    return [
        n.replace(",", "")
        for n in evidence.NUMBER.findall(row["quote"])
        if evidence.Decimal(n.replace(",", "")) != evidence.Decimal(row["value"])
    ]


def test_a_value_changed_to_another_number_of_its_quote_is_refused(scratch, shared_cache) -> None:
    """The share of new requests from 18-64s changed to the 65-and-over share printed beside it: refused."""
    path = scratch.root / LOCAL_ACCOUNT
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))}
    young, old = rows["la-new-requests-share-18-64-2019-20"], rows["la-new-requests-share-65-plus-2019-20"]
    assert young["quote"] == old["quote"] and old["value"] in _other_numbers(young)  # 77 is in 23's quote
    number = _set_value(path, "la-new-requests-share-18-64-2019-20", old["value"])
    found = messages(scratch, shared_cache)
    other = _row_number(path, "la-new-requests-share-65-plus-2019-20")  # whose 77 it now claims too
    rule = "takes its value from the same printed number of 2020-adult-care-local-account-2018-2020.txt"
    for row, named in ((number, other), (other, number)):
        where = f"{LOCAL_ACCOUNT}, column 'value', row {row}: row {named} {rule}"
        assert [m for m in found if m.startswith(where)], found
    assert len(found) == 2 and all("\n" not in m for m in found)


def test_every_value_changed_to_another_number_of_its_quote_is_refused(project) -> None:
    """The class: in every evidence file, a row given another of its quote's numbers that another row takes."""
    tried = 0
    for path in sorted((project.data / "evidence").glob("*.csv")):
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        values = {(r["quote"], evidence.Decimal(r["value"])) for r in rows}
        for index, row in enumerate(rows):
            for other in _other_numbers(row):
                if (row["quote"], evidence.Decimal(other)) not in values:
                    continue  # a number no row of this quote gives (an age band, a year): nothing to clash with
                changed = [(n + 2, {**r, "value": other} if n == index else r) for n, r in enumerate(rows)]
                problems = evidence.check_rows(changed, path.name, project.sources)
                assert [p for p in problems if p.row == index + 2 and p.column == "value"], (row["id"], other)
                tried += 1
    assert tried > 50


def test_a_value_written_twice_in_its_quote_is_refused(project, tmp_path) -> None:
    """A quote holding its value twice cannot say which is the row's: the row is refused until it is narrowed."""
    source = project.sources / "2020-adult-care-local-account-2018-2020.txt"
    wide = "We will increase the proportion of older people offered reablement services on discharge from hospital 3.2% 2.2% 3.2%"
    assert evidence.quote_in_source(wide, source)
    row = {"source": source.name, "quote": wide, "value": "3.2"}
    problems = evidence.check_rows([(2, row)], "data/evidence/x.csv", project.sources)
    assert [str(p) for p in problems] == [
        "data/evidence/x.csv, row 2, column 'value' ('3.2'): the value is written 2 times in its quote, so "
        "which one it is cannot be told: narrow the quote to words that hold it once"
    ]
    for value, quote in (("5", "Five people … 5 senior"), ("2", "save £2m over two years")):
        assert len(evidence.value_places(value, quote)) == 2
    # narrowed: the first 3.2, and the last one placed by the numbers before it
    narrow = [
        (2, {**row, "quote": wide.removesuffix(" 2.2% 3.2%")}),
        (3, {**row, "quote": wide.removesuffix(" 3.2% 2.2% 3.2%") + " … 2.2% 3.2%"}),
    ]
    assert evidence.check_rows(narrow, "data/evidence/x.csv", project.sources) == []


def test_every_real_value_is_written_once_in_its_quote(project) -> None:
    for path in sorted((project.data / "evidence").glob("*.csv")):
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
            last = len(evidence.parts(row["quote"])) - 1
            places = [p for p in evidence.value_places(row["value"], row["quote"]) if p[0] == last]
            assert len(places) == 1, (path.name, row["id"])
