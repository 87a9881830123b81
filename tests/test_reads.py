"""The cache keys a notebook's run on what it really read: the files it opened and the folders it listed."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hertsbook.execute import reads
from hertsbook.project import THEMES
from tests.helpers import build, ran

SOURCES = (
    "2018-11-prevention-strategy",
    "2020-adult-care-local-account-2018-2020",
    "2023-07-early-help-redesign-news",
    "2025-03-connect-and-prevent-news",
    "2025-07-adult-care-cabinet-panel-summary",
)
EVIDENCE = {f"data/evidence/{s}.csv" for s in SOURCES}
DATES = {f"data/dates/{s}.csv" for s in SOURCES}


def record_in_subprocess(root: Path, code: str) -> dict[str, list[str]]:
    """Run `code` in a fresh interpreter (an audit hook cannot be removed) recording reads in `root`."""
    record = root / "_build" / "reads.jsonl"
    record.parent.mkdir(parents=True, exist_ok=True)
    script = (
        f"from hertsbook.execute import reads\nreads.install({str(root)!r}, {str(record)!r})\n"
        + textwrap.dedent(code)
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return reads.recorded(record)[0]


def test_the_hook_records_reads_and_listings_of_the_project_only(tmp_path: Path) -> None:
    root = tmp_path / "book"
    for name in (
        "data/a/x.csv",
        "data/a/y.csv",
        "data/b/z.json",
        "data/c/w.txt",
        "notes.md",
        "helper_mod.py",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("1\n")
    for name in (
        ".venv/lib/site.py",
        "_build/figures/old.svg",
        "src/hertsbook/x.py",
        "src/hertsbook/content/data.txt",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("1\n")
    (tmp_path / "outside.csv").write_text("1\n")
    (root / "data/link.csv").symlink_to(root / "data/c/w.txt")
    got = record_in_subprocess(
        root,
        f"""
        import glob, json, os, pathlib
        open("data/a/x.csv").read()                      # open, relative
        pathlib.Path({str(root)!r}, "data/b/z.json").read_text()  # pathlib, absolute
        json.load(open("data/b/../b/z.json"))            # the same file by another spelling: one entry
        open("data/link.csv").read()                     # a symlink: the file it points at
        open("data/written.csv", "w").write("out")       # written only: an output, not a read
        open("data/a/x.csv", "r+").close()               # read and write: a read
        glob.glob("data/a/*.csv")                        # glob lists with os.scandir
        list(pathlib.Path("data/b").iterdir())           # os.listdir
        for _ in os.walk("data/c"): pass                 # os.scandir
        try:
            open("data/missing.csv")
        except FileNotFoundError:
            pass
        open({str(tmp_path / "outside.csv")!r}).read()   # outside the project
        open(".venv/lib/site.py").read()                 # the environment
        open("_build/figures/old.svg").read()            # the build's own output
        open("src/hertsbook/x.py").read()                # the package source (in the key as a whole)
        open("src/hertsbook/content/data.txt").read()            # a file in the package that is not its source
        import helper_mod                                # a module of the project's own: a file read
        """,
    )
    assert got == {
        "files": [
            "data/a/x.csv",
            "data/b/z.json",
            "data/c/w.txt",
            "data/missing.csv",
            "helper_mod.py",
            "src/hertsbook/content/data.txt",
        ],
        # the import system's own searches of sys.path (the project's root among them) are not listed
        "folders": ["data/a", "data/b", "data/c"],
    }


def test_a_file_edited_while_the_run_goes_on_is_named_and_the_run_not_kept(tmp_path: Path) -> None:
    root = tmp_path / "book"
    (root / "data/a").mkdir(parents=True)
    (root / "data/a/x.csv").write_text("1\n")
    (root / "data/a/y.csv").write_text("1\n")
    record_in_subprocess(root, "import glob\nopen('data/a/x.csv').read()\nglob.glob('data/a/*.csv')\n")
    seen, at_read = reads.recorded(root / "_build/reads.jsonl")
    assert at_read == reads.fingerprint(root, seen)  # each taken as it was first read
    assert reads.changed_since_read(root, at_read) == []
    (root / "data/a/x.csv").write_text("2\n")  # an edit after the notebook read it
    (root / "data/a/z.csv").write_text("1\n")
    assert reads.changed_since_read(root, at_read) == ["data/a/x.csv", "data/a"]

    from hertsbook.cache import Cache
    from hertsbook.errors import BuildError
    from hertsbook.execute import plan as execute
    from hertsbook.project import Project

    (root / "_build/work/day_services").mkdir(parents=True)
    (root / "_build/reads.jsonl").rename(root / "_build/work/day_services/reads.jsonl")
    plan = execute.Plan({"day_services": {}}, {"day_services": "key1"}, {"day_services": None})
    cache = Cache(root / "_build/cache")
    with pytest.raises(
        BuildError, match=r"^data/a/x.csv, data/a changed while notebooks/day_services.py ran"
    ):
        execute._store_run(Project(root), cache, plan, "day_services", {})
    assert not (root / "_build/cache").exists()  # nothing kept


def test_the_fingerprint_changes_with_what_was_read_and_only_that(tmp_path: Path) -> None:
    root = tmp_path
    for name in ("data/a/x.csv", "data/a/y.csv", "data/b/z.csv", "data/c/w.csv"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("1\n")
    seen = {"files": ["data/a/x.csv", "data/b/z.csv", "data/b/new.csv"], "folders": ["data/a"]}
    first = reads.fingerprint(root, seen)
    assert first["files"]["data/b/new.csv"] is None and first["folders"]["data/a"] == ["x.csv", "y.csv"]

    def after(change) -> bool:
        """Whether the change alters the fingerprint; it is undone after."""
        saved = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
        change()
        changed = reads.fingerprint(root, seen) != first
        for p in [p for p in root.rglob("*") if p.is_file() and p not in saved]:
            p.unlink()
        for p, data in saved.items():
            p.write_bytes(data)
        assert reads.fingerprint(root, seen) == first
        return changed

    assert after(lambda: (root / "data/a/x.csv").write_text("2\n"))  # a file read, changed
    assert after(lambda: (root / "data/a/new.csv").write_text("1\n"))  # a new file in a folder listed
    assert after(lambda: (root / "data/b/new.csv").write_text("1\n"))  # a file it looked for appears
    assert after(lambda: (root / "data/a/y.csv").unlink())  # a file gone from a folder listed
    assert not after(lambda: (root / "data/a/y.csv").write_text("2\n"))  # listed, never opened
    assert not after(lambda: (root / "data/b/other.csv").write_text("1\n"))  # a folder never listed
    assert not after(lambda: (root / "data/c/w.csv").write_text("2\n"))  # a file never read
    os.mkfifo(
        root / "data/c/pipe"
    )  # read as it is first opened: a FIFO is named, never read (it would block)
    assert reads.fingerprint(root, {"files": ["data/c/pipe"], "folders": []})["files"][
        "data/c/pipe"
    ].startswith("not a regular file")
    (root / "data/c/pipe").unlink()
    assert reads.manifest_inputs(first) == {
        "data": {
            "data/a/x.csv": first["files"]["data/a/x.csv"],
            "data/b/z.csv": first["files"]["data/b/z.csv"],
        },
        "listings": {"data/a": ["x.csv", "y.csv"]},
    }


# What each notebook opens (its `data.table` calls, and the evidence and dates every chapter loads).
SOURCE_TEXTS = {f"data/sources/{s}.txt" for s in SOURCES}
# What audit.load reads (audit.run in prevention and early help, audit.load in adult care): every source's
# text, the ONS projection's provenance (its publisher line), and the tables the audit compares (the DHSC
# series among them, through the chapter's national_ascof).
AUDIT = (
    EVIDENCE
    | DATES
    | SOURCE_TEXTS
    | {
        "data/national/ons_snpp_2018based_table2_persons_ons_pop.provenance.json",
        "data/national/ascof_outcomes_2017-18_to_2023-24_trend_data.csv",
        "data/national/ons_snpp_2018based_table2_persons_ons_pop.csv",
        "data/national/dfe_lait_extract_funded_early_education_2yo.csv",
        "data/adult_care/key_measures.csv",
        "data/adult_care/ascof_comparison.csv",
        "data/national/ascof_time_series_2015-16_to_2024-25.ods",
    }
)
EXPECTED_READS = {
    "day_services": EVIDENCE
    | DATES
    | {
        "data/national/ASCFR and SALT Data Tables 2021-22.xlsx",  # spend by council (data.ascfr_*)
        # councils.names: every council's name and region
        "data/national/ascof_outcomes_2017-18_to_2023-24_trend_data.csv",
        "data/national/ons_snpp_2018based_table2_persons_ons_pop.csv",
        # council_page.page_link_html: whether the council has a page of its own
        "data/national/ascof_time_series_2015-16_to_2024-25.ods",
        "data/lists/day_services_phase1_themes.csv",
        "data/lists/day_services_principles.csv",
        "data/lists/day_services_objectives.csv",
        "data/lists/day_services_equality_impact.csv",
    },
    "early_help": AUDIT  # audit.run: notes beside the figures the audit checks
    | {
        "data/lists/early_help_redesign_changes.csv",
        "data/lists/corporate_plan_ambitions.csv",
        "data/lists/early_help_stated_aims.csv",
    },
    "prevention": AUDIT  # audit.run, as in early help
    | {
        "data/lists/prevention_aims.csv",
        "data/lists/prevention_building_blocks.csv",
        "data/lists/prevention_transformational_programmes.csv",
        "data/lists/corporate_plan_ambitions.csv",
        "data/lists/connect_and_prevent_key_areas.csv",
        "data/lists/prevention_claims.csv",
        "data/national/ascof_outcomes_2017-18_to_2023-24_trend_data.csv",
        "data/national/ons_snpp_2018based_table2_persons_ons_pop.csv",
        "data/national/dfe_lait_extract_funded_early_education_2yo.csv",
        "data/national/dfe_lait_sn_april_2021.xlsx",
    },
    "adult_care_performance": AUDIT  # audit.load: its check of the key measures against national ASCOF
    | {
        "data/adult_care/comparable_measures.csv",
    },
}


@pytest.mark.slow
def test_the_manifest_records_what_each_notebook_really_read(built_book: Path) -> None:
    made = json.loads((built_book / "_build/manifest.json").read_text())
    for theme in THEMES:
        data = made["themes"][theme]["data"]
        assert set(data) == EXPECTED_READS[theme], theme
        for path, digest in data.items():
            assert reads.fingerprint(built_book, {"files": [path], "folders": []})["files"][path] == digest
        # Every chapter loads the evidence and the dated events; those that run the audit list its sources.
        audited = {"data/sources"} if EXPECTED_READS[theme] >= SOURCE_TEXTS else set()
        assert set(made["themes"][theme]["listings"]) == {"data/evidence", "data/dates"} | audited, theme
        assert made["themes"][theme]["listings"]["data/evidence"] == sorted(
            p.name for p in (built_book / "data/evidence").iterdir()
        )


# Builds in a warm copy: each test's edits stay (the next one starts from them), as in test_cache.py.


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def root(tmp_path_factory, clone_built) -> Path:
    return clone_built(tmp_path_factory.mktemp("reads") / "book")


@pytest.mark.slow
def test_a_data_file_no_notebook_reads_runs_none(root: Path) -> None:
    # READS named every list for every chapter: this edit ran all four notebooks again.
    edit(
        root / "data/lists/three_year_plan_strands.csv",
        "There are four main sections",
        "There are four main parts",
    )
    log = build(root)
    assert ran(log) == set()
    assert "1 checked now" in log


@pytest.mark.slow
def test_a_data_file_one_notebook_reads_runs_only_that_one(root: Path) -> None:
    edit(
        root / "data/lists/day_services_principles.csv",
        "The strategy includes eight underlying principles:",
        "The strategy includes eight underlying principles :",
    )
    log = build(root)
    assert ran(log) == {"day_services"}


@pytest.mark.slow
def test_a_notebook_that_starts_to_read_a_file_is_run_again_when_it_changes(
    clone_built, tmp_path: Path
) -> None:
    """The hole in a hand-kept list: a notebook starts to read files the list does not name.

    Day services starts to show a note from data/adult_care/, the names of the notes in data/lists/ (neither
    was among its declared reads) and of every list. Its code changed, so it runs; then only data changes.
    In a copy of its own: once day services reads every list, the other tests' list edits would run it.
    """
    root = clone_built(tmp_path / "book")
    notebook = root / "notebooks/day_services.py"
    notebook.write_text(
        notebook.read_text(encoding="utf-8")
        + '\n# %% tags=["remove-input"]\n'
        + "import html\n"
        + "comparable = data.table(project, 'adult_care/comparable_measures.csv')\n"
        + "notes = sorted(p.stem for p in (project.data / 'lists').glob('*.md'))\n"
        + "caveat = next(c for c in comparable['caveat'] if 'may count' in c)\n"
        + "named = sorted(set(data.lists(project)['list']))\n"
        + "HTML('<p>Cache test: ' + html.escape(caveat + ' | ' + ', '.join(notes)) + '</p>'\n"
        + "     + '<p>Lists: ' + html.escape(', '.join(named)) + '</p>')\n",
        encoding="utf-8",
    )
    assert ran(build(root)) == {"day_services"}
    page = root / "_build/html/notebooks/day_services.html"
    assert "may count differently" in page.read_text() and "corporate_plan_ambitions" in page.read_text()

    # A new file in a folder it lists (documentation: the gate lets it in unchecked).
    (root / "data/lists/zz_cache_test_notes.md").write_text("# Notes added by the cache test\n")
    assert ran(build(root)) == {"day_services"}
    assert "corporate_plan_ambitions, zz_cache_test_notes" in page.read_text()

    # A new list, valid for the gate, in the folder it now reads whole: it alone runs again (READS named
    # data/lists/*.csv for every chapter, so all four did), and its page names the list.
    strands = (root / "data/lists/three_year_plan_strands.csv").read_text(encoding="utf-8").splitlines()
    row = strands[1].replace("three_year_plan_strands,", "zz_cache_test_list,", 1)
    (root / "data/lists/zz_cache_test_list.csv").write_text(f"{strands[0]}\n{row}\n", encoding="utf-8")
    log = build(root)
    assert "1 checked now" in log and ran(log) == {"day_services"}
    assert "three_year_plan_strands, zz_cache_test_list</p>" in page.read_text()

    # A change to a file it opens: both notebooks that read it run again, and the page shows it.
    comparable = root / "data/adult_care/comparable_measures.csv"
    edit(comparable, "may count differently", "may count in other ways")
    assert ran(build(root)) == {"day_services", "adult_care_performance"}
    assert "may count in other ways" in page.read_text()

    # Both undone: the runs made before them are found in the cache again.
    edit(comparable, "may count in other ways", "may count differently")
    (root / "data/lists/zz_cache_test_notes.md").unlink()
    (root / "data/lists/zz_cache_test_list.csv").unlink()
    log = build(root)
    assert ran(log) == set()
    assert "may count differently" in page.read_text() and "zz_cache_test_notes" not in page.read_text()
