"""Bad input, interrupted and concurrent builds: clear errors, nothing lost.

Each way of corrupting a file below is tried on one file of every catalogue entry (the files an entry covers
are read and checked by the same reader, suite and checks), the entry's files taking turns so that every
dataset under data/ is corrupted at least once; the data gate must refuse each copy with a message that names
the file (and the column and row where there is one). The gate runs in-process with its cache, so only the
corrupted file is checked again; a few full builds prove that a refused build runs no notebook and leaves the
site byte-identical.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hertsbook.cache import Cache
from hertsbook.gate import validate
from hertsbook.project import Project
from tests.helpers import hertsbook

pytestmark = pytest.mark.slow


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def as_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def numeric_column(project: Project, relative: str) -> str | None:
    """The column a number is expected in: the suite's declared numeric column, or else (for national files
    whose numbers are checked as text patterns) the first column whose first value is a number."""
    dataset = validate.match(validate.load_catalogue(project), relative)
    if dataset is None or dataset.suite is None:
        return None
    columns = validate.load_suite(project, dataset.suite).get("meta", {}).get("numeric_columns", [])
    if columns:
        return columns[0]
    header, first = rows_of((project.root / relative).read_text(encoding="utf-8"))[:2]
    for column, value in zip(header, first, strict=True):
        try:
            float(value.strip())
        except ValueError:
            continue
        if column.strip():
            return column
    return None


def set_cell(text: str, column: str, value: str, row: int = 1) -> str:
    rows = rows_of(text)
    rows[row][rows[0].index(column)] = value
    return as_csv(rows)


Corruption = Callable[[Project, str, bytes], bytes | None]


def text_in_number(project: Project, name: str, raw: bytes) -> bytes | None:
    column = numeric_column(project, name)
    return set_cell(raw.decode(), column, "about twelve").encode() if column else None


def thousands_separator(project: Project, name: str, raw: bytes) -> bytes | None:
    column = numeric_column(project, name)
    return set_cell(raw.decode(), column, "1,234").encode() if column else None


def percent_sign(project: Project, name: str, raw: bytes) -> bytes | None:
    column = numeric_column(project, name)
    return set_cell(raw.decode(), column, "12%").encode() if column else None


def far_out_of_range(project: Project, name: str, raw: bytes) -> bytes | None:
    column = numeric_column(project, name)
    return set_cell(raw.decode(), column, "-999999999").encode() if column else None


def missing_column(project: Project, name: str, raw: bytes) -> bytes:
    return as_csv([row[:-1] for row in rows_of(raw.decode())]).encode()


def extra_column(project: Project, name: str, raw: bytes) -> bytes:
    rows = rows_of(raw.decode())
    return as_csv([rows[0] + ["surprise"]] + [row + ["x"] for row in rows[1:]]).encode()


def empty(project: Project, name: str, raw: bytes) -> bytes:
    return b""


def cut_mid_row(project: Project, name: str, raw: bytes) -> bytes:
    lines = raw.decode().splitlines(keepends=True)
    last = lines[-1]
    return "".join(lines[:-1]).encode() + last[: max(1, last.find(",") + 1)].encode()


def duplicated_row(project: Project, name: str, raw: bytes) -> bytes:
    rows = rows_of(raw.decode())
    return as_csv(rows[:2] + [rows[1]] + rows[2:]).encode()


def latin_1(project: Project, name: str, raw: bytes) -> bytes:
    rows = rows_of(raw.decode())
    column = next(i for i, value in enumerate(rows[1]) if value and not value.replace(".", "").isdigit())
    rows[1][column] += " café"
    return as_csv(rows).encode("latin-1", errors="replace")


def utf_16(project: Project, name: str, raw: bytes) -> bytes:
    return raw.decode().encode("utf-16")


def byte_order_mark(project: Project, name: str, raw: bytes) -> bytes:
    return b"\xef\xbb\xbf" + raw


def blank_line(project: Project, name: str, raw: bytes) -> bytes:
    lines = raw.decode().splitlines(keepends=True)
    middle = max(2, len(lines) // 2)
    return "".join(lines[:middle] + ["\n"] + lines[middle:]).encode()


def quote_not_in_source(project: Project, name: str, raw: bytes) -> bytes | None:
    if "quote" not in rows_of(raw.decode())[0]:
        return None
    return set_cell(raw.decode(), "quote", "words the document never printed").encode()


CORRUPTIONS = [
    text_in_number, thousands_separator, percent_sign, far_out_of_range, missing_column, extra_column, empty,
    cut_mid_row, duplicated_row, latin_1, utf_16, byte_order_mark, blank_line, quote_not_in_source,
]  # fmt: skip


FILE_LEVEL = (missing_column, extra_column, empty, utf_16, byte_order_mark)
NUMBER_LEVEL = (text_in_number, thousands_separator, percent_sign, far_out_of_range)


@pytest.fixture(scope="module")
def book(tmp_path_factory, clone_built) -> tuple[Project, Cache]:
    project = Project(clone_built(tmp_path_factory.mktemp("robust") / "book"))
    cache = Cache(project.build / "cache")
    assert validate.validate(project, cache=cache).ok  # warm: later runs check only the corrupted file
    return project, cache


def datasets(project: Project) -> list[str]:
    catalogue = validate.load_catalogue(project)
    names = [project.relative(p) for p in validate.data_files(project)]
    return [n for n in names if n.endswith(".csv") and (d := validate.match(catalogue, n)) and d.suite]


def families(project: Project) -> dict[str, list[str]]:
    """The datasets by the catalogue entry that covers them: one reader, suite and set of checks each."""
    catalogue = validate.load_catalogue(project)
    found: dict[str, list[str]] = {}
    for name in datasets(project):
        entry = validate.match(catalogue, name)
        assert entry is not None
        found.setdefault(entry.files, []).append(name)
    return found


def corrupted(project: Project, name: str, corrupt: Corruption) -> bytes | None:
    """The file broken this way, or None where it has nothing to break so (no such column, no row)."""
    original = (project.root / name).read_bytes()
    if len(rows_of(original.decode())) <= 1 and corrupt not in FILE_LEVEL:  # a header-only file has no row
        return None
    return corrupt(project, name, original)


def corruption_plan(project: Project) -> tuple[list[tuple[str, Corruption]], list[tuple[str, str]]]:
    """Each corruption on one file of every entry, the files taking turns (the k-th corruption starts at the
    k-th file and moves on while a file has nothing to break that way), then a first corruption for any file
    the turns missed; and the (entry, corruption) pairs that no file of the entry can take."""
    plan: list[tuple[str, Corruption]] = []
    skipped: list[tuple[str, str]] = []
    for entry, names in families(project).items():
        for k, corrupt in enumerate(CORRUPTIONS):
            turn = names[k % len(names) :] + names[: k % len(names)]
            name = next((n for n in turn if corrupted(project, n, corrupt) is not None), None)
            if name is None:
                skipped.append((entry, corrupt.__name__))
            else:
                plan.append((name, corrupt))
        for name in names:
            if not any(planned == name for planned, _ in plan):
                plan.append((name, next(c for c in CORRUPTIONS if corrupted(project, name, c) is not None)))
    return plan, skipped


def test_every_entry_refuses_every_corruption_and_every_dataset_is_refused(book) -> None:
    project, cache = book
    plan, skipped = corruption_plan(project)
    for name, corrupt in plan:
        path = project.root / name
        original = path.read_bytes()
        path.write_bytes(corrupted(project, name, corrupt))
        try:
            report = validate.validate(project, cache=cache)
        finally:
            path.write_bytes(original)
        assert not report.ok, f"{name} accepted after {corrupt.__name__}"
        assert any(f.file == name for f in report.failures), (name, corrupt.__name__, report.text())
    entries = families(project)
    assert {name for name, _ in plan} == set(datasets(project))  # every dataset, at least once
    assert len(entries) >= 10
    # An entry passes over only a number's corruptions where its files hold no number, and the quote's where
    # they carry none; these three every entry takes, and the national files (one entry each) all but the quote.
    assert {s[1] for s in skipped} <= {c.__name__ for c in (*NUMBER_LEVEL, quote_not_in_source)}
    assert not [s for s in skipped if s[1] in ("missing_column", "empty", "utf_16")]
    national = [e for e in entries if e.startswith("data/national/")]
    assert len(national) >= 3
    assert not [s for s in skipped if s[0] in national and s[1] != "quote_not_in_source"]


def test_messages_name_column_and_row_where_there_is_one(book) -> None:
    project, cache = book
    name = "data/evidence/2025-07-adult-care-cabinet-panel-summary.csv"
    path = project.root / name
    original = path.read_bytes()
    path.write_bytes(text_in_number(project, name, original))
    try:
        report = validate.validate(project, cache=cache)
    finally:
        path.write_bytes(original)
    assert f"✗ {name}, column 'value', row 2: must be a plain number" in report.text()
    assert "(found 'about twelve')" in report.text()


def test_an_edited_source_document_is_refused(book) -> None:
    project, cache = book
    path = project.sources / "2023-07-early-help-redesign-news.txt"
    original = path.read_bytes()
    path.write_bytes(original.replace(b"19m", b"91m"))
    try:
        report = validate.validate(project, cache=cache)
    finally:
        path.write_bytes(original)
    text = report.text()
    assert "data/sources/2023-07-early-help-redesign-news.txt: has changed since it was catalogued" in text
    assert "data/evidence/2023-07-early-help-redesign-news.csv" in text and "column 'quote'" in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_mutation_is_accepted_or_refused_with_the_file_named(book, data) -> None:
    project, cache = book
    name = "data/evidence/2025-03-connect-and-prevent-news.csv"
    path = project.root / name
    original = path.read_bytes()
    position = data.draw(st.integers(0, len(original)), label="position")
    kind = data.draw(st.sampled_from(["insert", "delete", "replace"]), label="kind")
    payload = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
    if kind == "insert":
        mutated = original[:position] + payload + original[position:]
    elif kind == "delete":
        mutated = original[:position] + original[position + len(payload) :]
    else:
        mutated = original[:position] + payload + original[position + len(payload) :]
    path.write_bytes(mutated)
    try:
        report = validate.validate(project, cache=cache)  # must not raise, whatever the bytes
    finally:
        path.write_bytes(original)
    if not report.ok:
        assert all(f.file.startswith("data/") for f in report.failures)
        assert any(f.file == name for f in report.failures) or mutated == original


# --- whole builds: refused before any notebook, interrupted, concurrent ----------------------------------


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory, clone_built) -> Path:
    return clone_built(tmp_path_factory.mktemp("robust-build") / "book")


REFUSED_IN_ONE_BUILD = {  # one evidence file broken each way: a single build must refuse them all
    "data/evidence/2023-07-early-help-redesign-news.csv": empty,
    "data/evidence/2025-03-connect-and-prevent-news.csv": utf_16,
    "data/evidence/2020-adult-care-local-account-2018-2020.csv": duplicated_row,
    "data/evidence/2025-07-adult-care-cabinet-panel-summary.csv": quote_not_in_source,
}


def test_a_refused_build_runs_no_notebook_and_keeps_the_site(built: Path) -> None:
    before = digest(built / "_build/html")
    originals = {name: (built / name).read_bytes() for name in REFUSED_IN_ONE_BUILD}
    try:
        for name, corrupt in REFUSED_IN_ONE_BUILD.items():
            (built / name).write_bytes(corrupt(Project(built), name, originals[name]))
        done = hertsbook(built, "build")
    finally:
        for name, original in originals.items():
            (built / name).write_bytes(original)
    assert done.returncode == 1
    for name, corrupt in REFUSED_IN_ONE_BUILD.items():
        assert name in done.stderr, (name, corrupt.__name__, done.stderr)
    assert "Traceback" not in done.stderr
    assert "execute notebooks" not in done.stderr
    assert digest(built / "_build/html") == before


def test_a_failing_notebook_names_notebook_cell_and_error_and_keeps_it(built: Path) -> None:
    before = digest(built / "_build/html")
    path = built / "notebooks/day_services.py"
    original = path.read_text()
    path.write_text(original + '\n# %%\nraise ValueError("a deliberate failure")\n')
    try:
        done = hertsbook(built, "build")
    finally:
        path.write_text(original)
    assert done.returncode == 1
    line = len((original + "\n").split("\n"))  # where the added cell's `# %%` is
    assert (
        f"error: notebooks/day_services.py, cell at line {line}: ValueError: a deliberate failure; the executed "
        "notebook with the traceback is kept at _build/work/day_services/day_services.ipynb\n"
    ) in done.stderr
    kept = built / "_build/work/day_services/day_services.ipynb"
    assert kept.is_file() and "a deliberate failure" in kept.read_text()
    assert digest(built / "_build/html") == before


KILL_STAGES = ["validate data/", "execute notebooks/", "assemble the site", "publish to"]
PRINCIPLES = "data/lists/day_services_principles.csv"


def quote_an_item(built: Path, row: int) -> None:
    """The day services principles with one more item written in quotes: new bytes, the same table, so the
    gate checks the file again and the one notebook that reads it runs again. Each row is quoted once."""
    path = built / PRINCIPLES
    text = path.read_text(encoding="utf-8")
    rows = rows_of(text)
    item = rows[row][rows[0].index("item")]
    quoted = text.replace(f",{item},", f',"{item}",', 1)
    assert quoted != text, f"row {row} of {PRINCIPLES} is already quoted"
    path.write_text(quoted, encoding="utf-8")
    assert rows_of(quoted) == rows


@pytest.mark.parametrize("stage", KILL_STAGES)
def test_a_build_killed_in_any_stage_leaves_the_old_site_or_the_whole_new_one(
    built: Path, stage: str
) -> None:
    """SIGKILL as soon as the build says the stage has begun: no timing, so the kill may land a little later,
    even after the build has finished. Whenever it lands, readers see the old site or the whole new one."""
    site = built / "_build/html"
    before = digest(site)
    (built / "book/about.md").write_text((built / "book/about.md").read_text() + f"\nKilled in {stage}.\n")
    # New bytes in a list only the day services chapter reads: validation, that notebook and the site have
    # work (one notebook, not four: the kills and rebuilds stay a few seconds each).
    quote_an_item(built, KILL_STAGES.index(stage) + 1)
    env = {**os.environ, "HERTSBOOK_ROOT": str(built)}
    process = subprocess.Popen(
        [sys.executable, "-m", "hertsbook", "build"],
        cwd=built,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stderr is not None
    seen = []
    while not seen or not seen[-1].startswith(f"▶ {stage}"):
        line = process.stderr.readline()
        assert line, f"the build ended before {stage!r} began:\n" + "".join(seen)
        seen.append(line)
    with contextlib.suppress(ProcessLookupError):  # it finished between the line and the kill
        os.killpg(process.pid, signal.SIGKILL)
    seen += process.stderr.readlines()  # all it wrote before it died
    process.wait()
    process.stderr.close()
    # Between the swap's two renames the old site waits at html.old; the next build first puts it back.
    shown = site if site.exists() else site.with_name("html.old")
    killed = digest(shown)
    swapping = any(line.startswith("▶ publish to") for line in seen)
    done = hertsbook(built, "build")
    assert done.returncode == 0, done.stderr
    assert f"Killed in {stage}." in (site / "book/about.html").read_text()
    if not swapping:  # killed before the swap began: nothing of the new site can be there
        assert killed == before
    assert killed in (before, digest(site)), "a mixture of the old site and the new"


def test_a_second_build_at_once_refuses_and_corrupts_nothing(built: Path) -> None:
    env = {**os.environ, "HERTSBOOK_ROOT": str(built)}
    (built / "book/about.md").write_text((built / "book/about.md").read_text() + "\nTwo at once.\n")
    quote_an_item(built, 6)  # the first build validates a file and runs a notebook: seconds of work
    first = subprocess.Popen(
        [sys.executable, "-m", "hertsbook", "build"], cwd=built, env=env, stderr=subprocess.PIPE, text=True
    )
    lock = built / "_build/.lock"
    deadline = time.monotonic() + 30
    while not (lock.is_file() and lock.read_text().strip() == str(first.pid)):  # it holds the lock now
        assert time.monotonic() < deadline and first.poll() is None, "the first build never took the lock"
        time.sleep(0.05)
    second = hertsbook(built, "build")
    assert second.returncode == 1
    assert "another build of this book is running" in second.stderr
    first.communicate()
    assert first.returncode == 0
    made = json.loads((built / "_build/manifest.json").read_text())
    assert made["entries"]
