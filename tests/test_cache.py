"""Cache decisions: what each kind of change makes the build run again, and what it does not."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from hertsbook.cache import Cache, key
from hertsbook.execute import councils
from hertsbook.execute import plan as execute
from hertsbook.project import THEMES, Project
from hertsbook.publish import assemble
from tests.helpers import build, hertsbook, ran

pytestmark = pytest.mark.slow


def cached(log: str) -> set[str]:
    return {t for t in THEMES if f"✓ notebooks/{t}.py unchanged: taken from the cache" in log}


@pytest.fixture(scope="module")
def root(tmp_path_factory, clone_built) -> Path:
    """A copy of the built book with its caches: the next build there starts warm."""
    return clone_built(tmp_path_factory.mktemp("cache") / "book")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def pages_made(root: Path) -> int:
    """How many versions of the evidence and audit pages the cache holds (one per state of the data)."""
    return len(list((root / "_build/cache/pages").glob("*/*/entry.json")))


def test_nothing_changed_runs_nothing_and_loads_no_heavy_library(root: Path) -> None:
    pages = pages_made(root)
    done = hertsbook(root, "build", python=("-X", "importtime"))
    assert done.returncode == 0, done.stderr
    log = done.stderr
    assert ran(log) == set() and cached(log) == set(THEMES)
    assert "0 checked now" in log
    assert "nothing to rebuild" in log
    assert "started" not in log  # no kernel
    assert pages_made(root) == pages
    loaded = {line.rsplit("|", 1)[1].strip() for line in log.splitlines() if line.startswith("import time:")}
    assert "hertsbook.pipeline" in loaded  # the import log is the build's own
    assert {"pandas", "great_expectations", "papermill", "matplotlib", "jupytext"} & loaded == set()


def test_edited_notebook_code_runs_only_that_notebook(root: Path) -> None:
    append(root / "notebooks/early_help.py", "\n# %%\ncache_test = 1\n")
    log = build(root)
    assert ran(log) == {"early_help"}
    assert cached(log) == set(THEMES) - {"early_help"}
    assert "0 checked now" in log


def test_edited_notebook_prose_runs_nothing_but_reaches_the_page(root: Path) -> None:
    append(root / "notebooks/day_services.py", "\n# %% [markdown]\n# A sentence added by the cache test.\n")
    log = build(root)
    assert ran(log) == set()  # outputs stand: only the code cells decide a run
    assert (
        "A sentence added by the cache test."
        in (root / "_build/html/notebooks/day_services.html").read_text()
    )


def test_an_edited_data_file_revalidates_it_and_reruns_its_readers(root: Path) -> None:
    path = root / "data/adult_care/comparable_measures.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("may count differently", "may count in other ways"),
        encoding="utf-8",
    )
    pages = pages_made(root)
    log = build(root)
    assert ran(log) == {"adult_care_performance"}
    assert "1 checked now" in log
    assert "started 1 Python kernel(s)" in log
    assert pages_made(root) == pages + 1  # the pages written from the data are made again


def test_an_edited_page_rebuilds_the_site_but_runs_no_notebook(root: Path) -> None:
    append(root / "book/about.md", "\nA sentence added by the cache test.\n")
    log = build(root)
    assert ran(log) == set()
    assert "1 page source file(s) changed since the last build" in log
    assert "A sentence added by the cache test." in (root / "_build/html/book/about.html").read_text()


def test_an_edited_stylesheet_reaches_the_site(root: Path) -> None:
    # A page edited first, so that Sphinx's kept output is this folder's own (a copy is rebuilt whole).
    append(root / "book/glossary.md", "\nA sentence added by the cache test.\n")
    build(root)
    # Sphinx alone would skip the change: no page is out of date, so it copies no static file.
    append(root / "_static/hertsbook.css", "\n/* a comment added by the cache test */\n")
    log = build(root)
    assert ran(log) == set() and "every page is built again" in log
    published = (root / "_build/html/_static/hertsbook.css").read_text(encoding="utf-8")
    assert published == (root / "_static/hertsbook.css").read_text(encoding="utf-8")


def test_a_figure_no_longer_made_leaves_the_site(root: Path) -> None:
    # As if a chart had been renamed: Sphinx's kept output still holds the old file, and never removes it.
    (kept,) = (root / "_build/stage").glob("out-*/_build/html")
    stray = kept / "figures/renamed-chart.svg"
    stray.write_text("<svg/>", encoding="utf-8")
    append(root / "book/about.md", "\nAnother sentence added by the cache test.\n")
    build(root)
    published = root / "_build/html/figures"
    assert not (published / stray.name).exists()
    # Exactly the themes' figures (staged from _build/figures) and the council pages' (published from their
    # runs in the cache, never staged).
    staged = {p.name for p in (root / "_build/stage/source/_extra/figures").iterdir()}
    assert staged == {p.name for p in (root / "_build/figures").iterdir()}
    councils = {p.name for p in (root / "_build/cache/council").glob("*/*/figures/*")}
    assert any(name.startswith("council-E10000015") for name in councils)
    assert sorted(p.name for p in published.iterdir()) == sorted(staged | councils)


def plan(root: Path) -> tuple[list[str], set[str]]:
    """What the next build would do, without building: the theme notebooks it would run, and the councils'
    run keys (a key not in the cache is a run)."""
    project = Project(root)
    cache = Cache(project.build / "cache")
    themes = execute.plan_execution(project, cache).missing
    return themes, {run.key for run in councils.plan(project, cache)[0]}


@pytest.mark.parametrize("changed", ["requirements.lock", "src/hertsbook/content/text.py"])
def test_other_package_versions_or_package_code_run_every_notebook_again(root: Path, changed: str) -> None:
    """The lock (other package versions: it cannot tell a comment from a new pin) and the package's code are
    part of every run's key, the theme notebooks' and every council's. Checked on the build's own plan, so
    the shared copy is left as it was (a build would run everything, and once more when it is put back)."""
    themes_before, councils_before = plan(root)
    assert themes_before == []  # the copy is built: everything is in the cache
    path = root / changed
    original = path.read_bytes()
    append(path, "\n# a comment added by the cache test\n")
    try:
        themes, councils_after = plan(root)
    finally:
        path.write_bytes(original)
    assert themes == list(THEMES)
    assert councils_before and not councils_before & councils_after
    assert plan(root) == ([], councils_before)  # put back, everything is found again


def test_other_package_versions_start_sphinx_afresh_and_drop_the_old_output(tmp_path: Path) -> None:
    """Sphinx's kept output belongs to one lock file: another one starts in a folder of its own (Sphinx would
    keep the old theme's files), and the old folder goes once a build with the new one is done."""
    root = tmp_path / "book"
    (root / "_build/stage/source").mkdir(parents=True)
    lock = root / "requirements.lock"
    lock.write_text("sphinx==7.4.7\n")
    first = assemble.JupyterBook.for_project(Project(root))
    append(lock, "# a comment\n")  # the same pins: it cannot tell
    second = assemble.JupyterBook.for_project(Project(root))
    assert first.output != second.output and first.output.parent == second.output.parent
    source = second.source
    (source / "_config.yml").write_text("title: A book\n")
    (source / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (source / "index.md").write_text("# A book\n\nA page.\n")
    (first.output / "_build/html").mkdir(parents=True)
    (first.output / "_build/html/old-theme.css").write_text("/* the old lock's */")
    # In a process of its own: jupyter-book run in this one leaves Sphinx's parsers registered for the next.
    run = f"from pathlib import Path; from hertsbook.publish.assemble import JupyterBook; JupyterBook(Path({str(source)!r}), Path({str(second.output)!r})).run()"
    done = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (second.output / "_build/html/index.html").is_file()
    assert sorted(p.name for p in second.output.parent.glob("out-*")) == [second.output.name]


def test_a_corrupt_cache_entry_is_rebuilt_not_trusted(root: Path) -> None:
    entries = sorted((root / "_build/cache/execute").glob("*/*/prevention.ipynb"))
    assert entries
    for entry in entries:
        entry.write_text("{ corrupt", encoding="utf-8")
    # A council's chart edited in place in the published site: it is a hard link to its cache entry, which
    # then fails its check, so the next build that publishes runs that council again, not the edit.
    chart = next((root / "_build/html/figures").glob("council-E06000001*.svg"))
    original = chart.read_bytes()
    with chart.open("r+b") as handle:
        handle.write(b"<!-- edited -->")
    append(root / "book/about.md", "\nA sentence added by the corrupt-entry test.\n")  # so the site is built
    log = build(root)
    assert ran(log) == {"prevention"}
    assert "1 council page(s) run now" in log
    assert chart.read_bytes() == original


def test_cache_entries_check_their_own_files(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    source = tmp_path / "a.txt"
    source.write_text("hello")
    digest = key("unit", 1)
    assert digest == key("unit", 1) and digest != key("unit", 2)
    entry = cache.put("kind", digest, {"a.txt": source}, value={"n": 1})
    assert cache.value("kind", digest) == {"n": 1}
    (entry / "a.txt").write_text("tampered")
    assert cache.get("kind", digest) is None and not entry.exists()


def test_an_entry_stored_by_two_writers_at_once_is_kept_whole(tmp_path: Path, monkeypatch) -> None:
    cache = Cache(tmp_path / "cache")
    source = tmp_path / "a.txt"
    source.write_text("same inputs, same bytes")
    digest = key("unit", "race")
    rename = Path.rename

    def other_writer_first(self: Path, target: Path) -> Path:
        monkeypatch.setattr(Path, "rename", rename)  # the other writer's own rename runs unpatched
        cache.put("kind", digest, {"a.txt": source})
        return rename(self, target)  # now fails: the entry is there

    monkeypatch.setattr(Path, "rename", other_writer_first)
    entry = cache.put("kind", digest, {"a.txt": source})
    assert cache.get("kind", digest) == entry
    assert [p.name for p in entry.parent.iterdir()] == [digest]  # no half-written leftovers


def test_an_entrys_hashes_are_those_its_check_found(tmp_path: Path) -> None:
    """The sha256 the build publishes beside a cached file are the ones `get` checked it against, not a
    second reading of the index (which may have changed since)."""
    cache = Cache(tmp_path / "cache")
    source = tmp_path / "a.txt"
    source.write_text("checked bytes")
    digest = key("unit", "hashes")
    made = cache.put("kind", digest, {"a.txt": source})
    stored = cache.hashes(made)
    assert stored == {"a.txt": hashlib.sha256(b"checked bytes").hexdigest()}
    found = Cache(tmp_path / "cache").get("kind", digest)
    assert found is not None
    index = found / "entry.json"
    index.write_text(index.read_text().replace(stored["a.txt"], "0" * 64))  # rewritten after the check
    assert Cache(tmp_path / "cache").get("kind", digest) is None  # a later check refuses it ...
    assert cache.hashes(found) == stored  # ... and what this build checked is what it publishes
