"""The manifest: committed, fresh, and `verify` failing with the right names when anything differs."""

import copy
import json
import re
from pathlib import Path

import pytest

from hertsbook.cache import sha256
from hertsbook.execute import params
from hertsbook.project import Project
from hertsbook.publish import manifest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(built_book: Path) -> Path:
    return built_book


def test_the_committed_manifest_is_fresh(built: Path, project) -> None:
    committed = json.loads((project.root / "manifest.json").read_text())
    fresh = json.loads((built / "_build/manifest.json").read_text())
    # `make book` builds every council's page, the tests a handful (conftest): compare the councils built.
    made = {e["theme"] for e in fresh["entries"]}
    committed["entries"] = [
        e for e in committed["entries"] if not e["theme"].startswith("council ") or e["theme"] in made
    ]
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
            assert sha256((built / "_build/html" / entry["entry"]).read_bytes()) == entry["sha256"]
    assert any(e["kind"] == "table" for e in made["entries"])
    # The notebook's declared defaults, as recorded (read from the notebook, not typed here).
    assert made["themes"]["adult_care_performance"]["parameters"] == params.defaults(
        Project(built), "adult_care_performance"
    )
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
    assert "python3 check.py" in text  # the one command that checks a downloaded copy
    assert "<this repository>" not in text and "&lt;this repository&gt;" not in page
    made = json.loads((built / "_build/manifest.json").read_text())
    assert made["entries"][0]["sha256"] in page
    assert "a percentage must lie between 0 and 100" in page  # a data check that ran


# `make verify` itself (passing on a clean checkout, builds elsewhere byte-identical, a changed data file, a
# tampered cache entry or published file named) is tested in tests/test_verify.py and test_verify_tampered.py.


def test_installed_packages_are_what_importlib_metadata_reads() -> None:
    """The manifest's list of packages, read from folder names, is what reading each METADATA file gives."""
    from importlib import metadata

    expected: dict[str, str] = {}
    for dist in metadata.distributions():  # the first found of a name is the one imported
        if dist.metadata["Name"]:
            expected.setdefault(re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower(), dist.version)
    assert manifest.installed_packages() == expected
    assert "great-expectations" in expected and "jupyter-book" in expected


def test_installed_packages_reads_an_oddly_named_folder_its_slow_way(tmp_path: Path, monkeypatch) -> None:
    odd = tmp_path / "Odd.Name-1.0-py3.11.egg-info"  # an old installer's name: version and Python tag
    odd.mkdir()
    (odd / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: Odd.Name\nVersion: 1.0\n")
    (tmp_path / "plain_pkg-2.3.post1.dist-info").mkdir()
    monkeypatch.setattr("sys.path", [str(tmp_path), str(tmp_path / "missing")])
    assert manifest.installed_packages() == {"odd-name": "1.0", "plain-pkg": "2.3.post1"}
