"""The manifest: committed, fresh, and `verify` failing with the right names when anything differs."""

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hertsbook import manifest

pytestmark = pytest.mark.slow


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HERTSBOOK_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "hertsbook", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory, copier) -> Path:
    project = copier(tmp_path_factory.mktemp("manifest") / "book")
    done = run(project.root, "build")
    assert done.returncode == 0, done.stderr
    return project.root


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
    assert "make verify" in page
    made = json.loads((built / "_build/manifest.json").read_text())
    assert made["entries"][0]["sha256"] in page
    assert "a percentage must lie between 0 and 100" in page  # a data check that ran


def test_verify_passes_on_a_clean_copy_and_fails_naming_a_changed_data_value(built: Path) -> None:
    (built / "manifest.json").write_text((built / "_build/manifest.json").read_text())
    done = run(built, "verify")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verified: every entry matches the committed manifest" in done.stdout
    path = built / "data/adult_care/key_measures.csv"
    original = path.read_text()
    changed = original.replace(
        "living in their own home or with their family,higher,",
        "living in their own home or with their family,lower,",
    )
    assert changed != original
    path.write_text(changed)  # "lower is better" turns a met target into a missed one
    try:
        done = run(built, "verify")
    finally:
        path.write_text(original)
    assert done.returncode == 1
    assert "NOT verified" in done.stdout
    assert "adult_care_performance: data file data/adult_care/key_measures.csv" in done.stdout
    assert "entries differ: notebooks/adult_care_performance.html table" in done.stdout
