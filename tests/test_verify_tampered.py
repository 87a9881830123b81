"""`make verify` against a lying cache: a cache entry tampered (and re-hashed so the cache accepts it), a
published edit re-hashed in the site's manifest and a data file changed are each named by verify.

A module of its own (split from test_verify.py) so that its cold rebuild runs in one test process while the
clean checkout's runs in the other (`make test` runs a module's tests in one process).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hertsbook.cache import sha256
from hertsbook.project import THEMES
from hertsbook.publish import manifest
from tests.helpers import hertsbook
from tests.test_verify import published, run_check

pytestmark = pytest.mark.slow


# --- a tampered cache entry, a re-hashed published edit and a data change (one cold rebuild) ------------


def tamper_cache(root: Path, theme: str) -> str:
    """Alter a number in a cached run's table and re-hash the entry's index, so the cache accepts it: in the
    run itself and in its copy under the notebook's prose (the one the site is made from)."""
    cache = root / "_build/cache"
    entries = sorted([*cache.glob(f"execute/*/*/{theme}.ipynb"), *cache.glob(f"refreshed/*/*/{theme}.ipynb")])
    assert {p.parts[-4] for p in entries} == {"execute", "refreshed"}
    assert entries
    for path in entries:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for output in (o for c in notebook["cells"] for o in c.get("outputs", [])):
            html = output.get("data", {}).get("text/html")
            text = "".join(html) if isinstance(html, list) else html
            found = re.search(r'(<td class="hb-num">)(\d)', text or "")
            if found:
                digit = str((int(found.group(2)) + 1) % 10)
                output["data"]["text/html"] = text[: found.start(2)] + digit + text[found.end(2) :]
                altered = found.group(1) + digit + text[found.end(2) : found.end(2) + 8]
                break
        path.write_text(json.dumps(notebook), encoding="utf-8")
        index = json.loads((path.parent / "entry.json").read_text())
        index["files"][path.name] = sha256(path.read_bytes())
        (path.parent / "entry.json").write_text(json.dumps(index, sort_keys=True))
    return altered


CHANGED = "data/adult_care/key_measures.csv"  # its target direction turned round: adult care's figures change


@pytest.fixture(scope="module")
def tampered(clone_built, built_book, tmp_path_factory) -> dict:
    root = clone_built(tmp_path_factory.mktemp("tampered") / "book")
    (root / "manifest.json").write_text(manifest.dumps(manifest.committed(published(built_book))))
    # The data file changed below, and the chapters that read it (from the manifest's recorded reads); the
    # cache entry is tampered in a chapter that does not read it, so its inputs are the same.
    readers = [t for t, v in published(built_book)["themes"].items() if CHANGED in v["data"]]
    theme = next(t for t in THEMES if t not in readers)
    altered = tamper_cache(root, theme)
    rebuilt = hertsbook(root, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    page = (root / f"_build/html/notebooks/{theme}.html").read_text(encoding="utf-8")
    # an edit to a published page, with the site's manifest re-hashed to hide it from check.py
    site = root / "_build/html"
    evidence = site / "book/evidence.html"
    evidence.write_bytes(evidence.read_bytes().replace(b"</main>", b"<p>edited</p></main>", 1))
    made = published(root)
    made["files"]["book/evidence.html"] = sha256(evidence.read_bytes())
    (site / "manifest.json").write_text(manifest.dumps(made))
    checked = run_check(site)
    data = root / CHANGED
    text = data.read_text()
    changed = text.replace(
        "living in their own home or with their family,higher,",
        "living in their own home or with their family,lower,",
    )
    assert changed != text
    data.write_text(changed)  # "lower is better" turns a met target into a missed one
    done = hertsbook(root, "verify")
    return {
        "page": page,
        "altered": altered,
        "checked": checked,
        "verify": done,
        "theme": theme,
        "readers": readers,
    }


def test_the_tampered_cache_entry_is_published_by_a_build(tampered: dict) -> None:
    assert tampered["altered"] in tampered["page"]  # the cache took it: only verify can catch it now
    assert tampered["checked"].returncode == 0  # the re-hashed edit passes the site's own manifest


def test_verify_names_a_tampered_cache_entry_a_rehashed_edit_and_a_changed_data_file(tampered: dict) -> None:
    out = tampered["verify"].stdout
    assert tampered["verify"].returncode == 1
    assert "NOT verified" in out.splitlines()[-1]
    assert "  all " in out.split("2. ")[0]  # step 1 passed: the manifest was re-hashed
    step2 = out.split("2. ")[1].split("3. ")[0]
    theme = tampered["theme"]
    assert (
        f"  notebooks/{theme}.html: differs (chapter {theme}: its inputs are the same, so the published "
        "output is not what a fresh run makes" in step2
    )
    assert "adult_care_performance" in tampered["readers"]
    changed = "; ".join(f"{t}: data file {CHANGED}" for t in sorted(tampered["readers"]))
    assert f"  book/evidence.html: differs (not tied to one input; these differ: {changed})" in step2
    assert (
        "  figures/key-measures-2019-20.csv: differs (adult_care_performance: data file "
        "data/adult_care/key_measures.csv)" in step2
    )
    assert "adult_care_performance: data file data/adult_care/key_measures.csv" in out.split("3. ")[1]
    differing = out.split("entries differ: ")[1].splitlines()[0]
    assert "figures/key-measures-2019-20.csv" in differing
    assert "notebooks/adult_care_performance.html table" in differing
    assert theme not in differing  # a fresh run matches the committed manifest: the cache lied
