"""The manifest: committed, fresh, and `verify` failing with the right names when anything differs."""

import copy
import json
import re
from pathlib import Path

import pytest

from hertsbook import manifest
from tests.helpers import hertsbook

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(built_book: Path) -> Path:
    return built_book


def test_the_committed_manifest_is_fresh(built: Path, project) -> None:
    committed = json.loads((project.root / "manifest.json").read_text())
    fresh = json.loads((built / "_build/manifest.json").read_text())
    rows, differ = manifest.compare(committed, fresh)
    stale = [r["entry"] for r in rows if not r["match"]]
    assert stale == [] and differ == [], f"manifest.json is stale, run `make manifest`: {stale or differ}"


def test_every_published_figure_and_csv_is_in_the_manifest(built: Path) -> None:
    made = json.loads((built / "_build/manifest.json").read_text())
    listed = {e["entry"] for e in made["entries"]}
    published = {f"figures/{p.name}" for p in (built / "_build/html/figures").iterdir()}
    assert published == {e for e in listed if e.startswith("figures/")}
    for entry in made["entries"]:
        if entry["entry"].startswith("figures/"):
            assert manifest.sha256((built / "_build/html" / entry["entry"]).read_bytes()) == entry["sha256"]
    assert any(e["kind"] == "table" for e in made["entries"])
    assert made["themes"]["adult_care_performance"]["parameters"] == {
        "council": "E10000015",
        "year": "2019-20",
    }
    assert "data/adult_care/key_measures.csv" in made["themes"]["adult_care_performance"]["data"]


def test_compare_names_a_changed_entry_and_a_changed_package(built: Path) -> None:
    made = json.loads((built / "_build/manifest.json").read_text())
    altered = copy.deepcopy(made)
    altered["entries"][0]["sha256"] = "0" * 64
    altered["versions"]["pandas"] = "0.0.1"
    rows, differ = manifest.compare(altered, made)
    assert [r["entry"] for r in rows if not r["match"]] == [made["entries"][0]["entry"]]
    assert differ == [f"package pandas: 0.0.1 → {made['versions']['pandas']}"]
    assert "  NO" in manifest.table(rows)


def test_the_site_says_how_to_audit_it(built: Path) -> None:
    page = (built / "_build/html/book/auditing.html").read_text()
    text = re.sub(r"<[^>]+>", "", page)  # code is split into highlighted spans
    assert "make verify" in text
    made = json.loads((built / "_build/manifest.json").read_text())
    assert made["entries"][0]["sha256"] in page
    assert "a percentage must lie between 0 and 100" in page  # a data check that ran


def test_verify_passes_and_a_second_build_elsewhere_is_byte_identical(built: Path, tmp_path: Path) -> None:
    committed = built / "manifest.json"
    original = committed.read_text()
    committed.write_text((built / "_build/manifest.json").read_text())  # this working tree's own manifest
    try:
        done = hertsbook(built, "verify", "--keep", str(tmp_path / "rebuilt"))
    finally:
        committed.write_text(original)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verified: every entry matches the committed manifest" in done.stdout

    def tree(folder: Path) -> dict[str, str]:
        return {
            str(p.relative_to(folder)): manifest.sha256(p.read_bytes())
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    # two builds from scratch, in folders with different names: the same bytes, file for file
    first, second = tree(built / "_build/html"), tree(tmp_path / "rebuilt" / "_build/html")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_verify_fails_naming_the_entries_and_the_changed_data_file(built: Path) -> None:
    committed = built / "manifest.json"
    original_manifest = committed.read_text()
    committed.write_text((built / "_build/manifest.json").read_text())
    path = built / "data/adult_care/key_measures.csv"
    original = path.read_text()
    changed = original.replace(
        "living in their own home or with their family,higher,",
        "living in their own home or with their family,lower,",
    )
    assert changed != original
    path.write_text(changed)  # "lower is better" turns a met target into a missed one
    try:
        done = hertsbook(built, "verify")
    finally:
        path.write_text(original)
        committed.write_text(original_manifest)
    assert done.returncode == 1
    assert "NOT verified" in done.stdout
    assert "adult_care_performance: data file data/adult_care/key_measures.csv" in done.stdout
    differing = done.stdout.split("entries differ: ")[1].splitlines()[0]
    assert "figures/key-measures-2019-20.csv" in differing
    assert "notebooks/adult_care_performance.html table" in differing
