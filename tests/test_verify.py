"""`make verify` checks the site that was published: every file fingerprinted, checked without rebuilding,
then against a build from scratch; a tampered published file is named; builds elsewhere (another folder, venv
path, time zone and umask) give the same bytes and world-readable modes. A tampered cache entry: in
test_verify_tampered.py (a module of its own, so its cold rebuild can run in the other test process)."""

from __future__ import annotations

import copy
import datetime
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from hertsbook.cache import sha256
from hertsbook.errors import BuildError
from hertsbook.gate import book_config
from hertsbook.project import Project
from hertsbook.publish import manifest, pages, verify
from tests.conftest import ROOT
from tests.helpers import hertsbook

pytestmark = pytest.mark.slow

GIT = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


def tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under `folder`: its sha256 (folders: "") and its permission bits."""
    return {
        p.relative_to(folder).as_posix(): (
            "" if p.is_dir() else sha256(p.read_bytes()),
            stat.S_IMODE(p.stat().st_mode),
        )
        for p in sorted(folder.rglob("*"))
    }


def published(root: Path) -> dict:
    return json.loads((root / "_build/html/manifest.json").read_text(encoding="utf-8"))


# --- the published manifest, on the shared build -------------------------------------------------------


def test_the_published_manifest_fingerprints_every_published_file(built_book: Path) -> None:
    site = built_book / "_build/html"
    made = published(built_book)
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert set(made["files"]) == on_disk - {"manifest.json"}
    for name, digest in made["files"].items():
        assert sha256((site / name).read_bytes()) == digest, name
    for kind in ("searchindex.js", ".buildinfo", "check.py", "book/auditing.html", "index.html"):
        assert kind in made["files"]
    for prefix in ("_static/", "figures/", "notebooks/"):
        assert any(name.startswith(prefix) for name in made["files"]), prefix
    assert any(name.endswith(".csv") for name in made["files"])
    # the chapters' entries and inputs are still there, in their shape
    assert made["entries"] and made["themes"]["adult_care_performance"]["data"]
    assert all(len(h) == 64 for t in made["themes"].values() for h in t["data"].values())


def test_the_published_manifest_records_the_environment_and_the_checkout(built_book: Path) -> None:
    made = published(built_book)
    env = made["environment"]
    assert env["python"] == sys.version.split()[0]
    assert env["lock"] == {"requirements.lock": sha256((ROOT / "requirements.lock").read_bytes())}
    installed = {
        re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower(): d.version for d in metadata.distributions()
    }
    assert env["packages"] == installed and list(env["packages"]) == sorted(installed)
    assert len(env["packages"]) > 100  # every package, not only the nine that draw the book
    # the shared build is a copy without .git: it says so rather than naming a commit
    assert made["built_from"]["commit"] is None
    assert made["built_from"]["note"] == "not built from a git checkout"
    page = (built_book / "_build/html/book/auditing.html").read_text(encoding="utf-8")
    assert "not built from a git checkout" in page
    assert "&lt;this repository&gt;" not in page and "<this repository>" not in page


def test_no_absolute_path_of_the_build_folder_or_the_venv_is_published(built_book: Path) -> None:
    places = {str(built_book), str(built_book.resolve()), str(ROOT), sys.prefix, os.path.realpath(sys.prefix)}
    for path in (built_book / "_build/html").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for place in places:
                assert place.encode() not in data, f"{path}: {place}"


# --- checking the published site without rebuilding ------------------------------------------------------


@pytest.fixture
def site_copy(built_book: Path, tmp_path: Path) -> Path:
    """A downloaded copy of the site: its files only, outside any checkout."""
    return Path(shutil.copytree(built_book / "_build/html", tmp_path / "downloaded"))


def run_check(site: Path, *args: str) -> subprocess.CompletedProcess:
    """The published /check.py, run as an auditor would: the system's Python, isolated, in the site's folder."""
    command = ["python3", "-I", "-S", str(site / "check.py"), *args]
    return subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120)


def test_check_py_passes_a_whole_downloaded_copy_with_the_standard_library_only(site_copy: Path) -> None:
    done = run_check(site_copy)
    count = len(json.loads((site_copy / "manifest.json").read_text())["files"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"verified: all {count} files" in done.stdout
    source = (site_copy / "check.py").read_text()
    imported = set(re.findall(r"^(?:from|import) (\w+)", source, re.M))
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


def test_check_py_names_every_altered_missing_and_extra_file(site_copy: Path) -> None:
    made = json.loads((site_copy / "manifest.json").read_text())
    csv = next(name for name in made["files"] if name.endswith(".csv"))
    for name in (csv, "book/evidence.html"):
        data = bytearray((site_copy / name).read_bytes())
        data[len(data) // 2] ^= 1  # one bit of one byte
        (site_copy / name).write_bytes(bytes(data))
    (site_copy / "searchindex.js").unlink()
    (site_copy / "_static" / "added.js").write_text("alert(1)")
    done = run_check(site_copy)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "extra (not in the manifest): _static/added.js"
    assert lines[1].startswith("altered: book/evidence.html (sha256 ")
    assert lines[2].startswith(f"altered: {csv} (sha256 ")
    assert lines[3] == "missing: searchindex.js"
    assert lines[4].startswith("NOT verified: 4 file(s)") and len(lines) == 5
    # the same from a checkout, given the folder
    via = hertsbook(ROOT, "check-site", str(site_copy))
    assert via.returncode == 1 and via.stdout.splitlines()[:4] == lines[:4]


def test_check_py_refuses_a_folder_without_a_manifest(tmp_path: Path, site_copy: Path) -> None:
    done = run_check(site_copy, str(tmp_path / "nowhere"))
    assert done.returncode == 2 and "no manifest.json" in done.stderr and "Traceback" not in done.stderr


def test_verify_without_a_published_site_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(BuildError, match=r"^there is no published site with a manifest.json in .*make book"):
        verify.verify(Project(tmp_path))


def test_verify_names_a_tampered_published_file_without_rebuilding(clone_built, tmp_path: Path) -> None:
    built_book = clone_built(tmp_path / "book")  # a copy: the shared build is only ever read
    site = built_book / "_build/html"
    page = site / "book/audit.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</main>", b"<p>edited</p></main>", 1))
    try:
        done = hertsbook(built_book, "verify")
    finally:
        page.write_bytes(original)
    assert done.returncode == 1
    assert "  altered: book/audit.html" in done.stdout
    assert "NOT verified: 1 published file(s) differ from the site's manifest.json" in done.stdout
    assert "rebuilding from scratch" not in done.stderr  # found without a build
    assert run_check(site).returncode == 0  # put back


# --- comparing two sites' manifests (no build) -----------------------------------------------------------


def test_compare_sites_names_each_file_with_the_input_that_made_it_differ(built_book: Path) -> None:
    made = published(built_book)
    other = copy.deepcopy(made)
    figure = next(e for e in made["entries"] if e["theme"] == "adult_care_performance" and e["kind"] == "csv")
    other["files"][figure["entry"]] = "0" * 64
    other["files"]["notebooks/prevention.html"] = "1" * 64
    other["themes"]["adult_care_performance"]["data"]["data/adult_care/key_measures.csv"] = "2" * 64
    package = next(p for p in made["environment"]["packages"] if p not in manifest.PACKAGES)
    other["environment"]["packages"][package] = "1999.1"  # not one of the nine the charts draw on
    pin = f"package {package}: {made['environment']['packages'][package]} → 1999.1"
    lines = verify.compare_sites(made, other)
    assert lines == [
        f"{figure['entry']}: differs (adult_care_performance: data file data/adult_care/key_measures.csv; {pin})",
        f"notebooks/prevention.html: differs ({pin})",
    ]
    other["files"] = made["files"]  # the same bytes: the changed pin is still named
    assert verify.compare_sites(made, other) == [
        "adult_care_performance: data file data/adult_care/key_measures.csv (no published file differs)",
        f"{pin} (no published file differs)",
    ]
    other = copy.deepcopy(made)
    other["built_from"] = {"commit": "a" * 40, "uncommitted_changes": True, "repository": ""}
    del other["files"]["notebooks/prevention.html"]
    lines = verify.compare_sites(made, other)
    assert lines == [
        "notebooks/prevention.html: only in the published site (built from: not built from a git checkout → "
        f"commit {'a' * 40} with uncommitted changes)"
    ]


def test_compare_names_a_changed_pin_of_any_installed_package_and_the_lock(built_book: Path) -> None:
    made = published(built_book)
    other = copy.deepcopy(made)
    name = next(p for p in made["environment"]["packages"] if p not in manifest.PACKAGES)
    other["environment"]["packages"][name] = "0.0.0"
    other["environment"]["packages"]["newly-added"] = "1.0"
    other["environment"]["lock"]["requirements.lock"] = "f" * 64
    _, differ = manifest.compare(manifest.committed(made), manifest.committed(other))
    assert f"package {name}: {made['environment']['packages'][name]} → 0.0.0" in differ
    assert "package newly-added: not installed → 1.0" in differ
    assert any(d.startswith("lock file requirements.lock: sha256 ") for d in differ)
    assert len(differ) == 3


def test_the_committed_manifest_leaves_out_what_changes_with_each_commit(built_book: Path) -> None:
    kept = manifest.committed(published(built_book))
    assert "files" not in kept and "built_from" not in kept and "python" not in kept["environment"]
    assert kept["entries"] and kept["themes"] and kept["environment"]["packages"] and kept["versions"]


# --- the auditing page (no build) ------------------------------------------------------------------------


def test_the_auditing_page_names_the_commit_the_repository_and_the_check() -> None:
    made = {"entries": [], "themes": {}, "versions": {}}
    commit = "0123456789abcdef0123456789abcdef01234567"
    bare = pages.auditing_page([], {**made, "built_from": {"commit": commit, "repository": ""}})
    assert f"built from commit `{commit}`." in bare and f"git checkout {commit}" in bare
    assert "clone the repository this site was built from" in bare and "git clone" not in bare
    assert "python3 check.py" in bare and "<this repository>" not in bare
    url = "https://example.org/herts/book.git"
    named = pages.auditing_page(
        [], {**made, "built_from": {"commit": commit, "repository": url, "uncommitted_changes": True}}
    )
    assert f'of the repository at <a href="{url}">{url}</a>' in named
    assert f"git clone {url} hertsbook && cd hertsbook" in named
    assert "uncommitted changes" in named


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "https://x.org/a b", "https://x.org/```", 'https://x.org/"><b>', 3]
)
def test_a_repository_url_that_is_not_a_plain_web_address_is_refused(tmp_path: Path, value) -> None:
    (tmp_path / "_config.yml").write_text(json.dumps({"title": "t", "hertsbook": {"repository_url": value}}))
    with pytest.raises(book_config.BookConfigError, match=r"_config.yml: hertsbook.repository_url must be"):
        book_config.repository_url(Project(tmp_path))
    (tmp_path / "_config.yml").write_text(
        json.dumps({"hertsbook": {"repository_url": "https://example.org/a/b-c_d.git"}})
    )
    assert book_config.repository_url(Project(tmp_path)) == "https://example.org/a/b-c_d.git"


def test_built_from_names_the_commit_and_uncommitted_changes_but_not_the_manifest(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", *args], cwd=tmp_path, check=True, capture_output=True, env={**os.environ, **GIT}
        )

    assert manifest.built_from(tmp_path)["commit"] is None
    git("init", "-q")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "manifest.json").write_text("{}")
    git("add", "-A")
    git("commit", "-qm", "x")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True, text=True).stdout
    date = subprocess.run(["git", "show", "-s", "--format=%cs"], cwd=tmp_path, capture_output=True, text=True)
    assert manifest.built_from(tmp_path) == {
        "repository": "",
        "commit": head.strip(),
        "date": date.stdout.strip(),
        "uncommitted_changes": False,
    }
    (tmp_path / "manifest.json").write_text('{"refreshed": 1}')  # the build's record, not a source
    assert manifest.built_from(tmp_path)["uncommitted_changes"] is False
    (tmp_path / "new.txt").write_text("b")
    assert manifest.built_from(tmp_path)["uncommitted_changes"] is True
    (tmp_path / "sub").mkdir()
    assert manifest.built_from(tmp_path / "sub")["commit"] is None  # inside a checkout, not its top


# --- a clean git checkout: manifest, then verify from elsewhere (one cold rebuild) ------------------------


@pytest.fixture(scope="module")
def git_checkout(clone_built, tmp_path_factory) -> dict:
    """A git checkout of the book: `manifest` (the site's pages made afresh, notebooks from the cache), then
    `verify` run from the venv at another path, in another time zone, with umask 077."""
    root = clone_built(tmp_path_factory.mktemp("checkout") / "git book")
    for stale in ("stage", "html"):  # Sphinx from scratch: this compares two cold builds, not incremental
        shutil.rmtree(root / "_build" / stale, ignore_errors=True)
    env = {**os.environ, **GIT}
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "the book"], cwd=root, check=True, env=env)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True
    ).stdout.strip()
    made = hertsbook(root, "manifest", env={"TZ": "UTC"}, umask=0o022)
    assert made.returncode == 0, made.stderr[-3000:]
    venv = tmp_path_factory.mktemp("elsewhere") / "another venv"
    try:  # the same venv at another path: hard links (a symlink would resolve to the first path)
        subprocess.run(["cp", "-al", sys.prefix, str(venv)], check=True, capture_output=True)
    except subprocess.CalledProcessError:  # another file system
        shutil.copytree(sys.prefix, venv, symlinks=True)
    kept = tmp_path_factory.mktemp("kept") / "rebuilt"
    done = hertsbook(
        root,
        "verify",
        "--keep",
        str(kept),
        env={"TZ": "Pacific/Chatham"},
        umask=0o077,
        executable=str(venv / "bin" / "python"),
    )
    return {"root": root, "head": head, "verify": done, "kept": kept}


def test_verify_passes_on_a_clean_checkout_after_make_manifest(git_checkout: dict) -> None:
    done = git_checkout["verify"]
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-3000:]
    assert "verified: the published site matches its manifest.json and a build from scratch" in done.stdout
    assert "  all " in done.stdout and " files are the same" in done.stdout
    status = subprocess.run(["git", "status", "--porcelain"], cwd=git_checkout["root"], capture_output=True)
    assert status.stdout.decode().split() in ([], ["M", "manifest.json"])  # only the refreshed record


def test_the_site_names_the_commit_it_was_built_from(git_checkout: dict) -> None:
    root, head = git_checkout["root"], git_checkout["head"]
    made = published(root)
    date = subprocess.run(["git", "show", "-s", "--format=%cs"], cwd=root, capture_output=True, text=True)
    date = date.stdout.strip()
    assert made["built_from"] == {
        "repository": "",
        "commit": head,
        "date": date,
        "uncommitted_changes": False,
    }
    text = re.sub(r"<[^>]+>", "", (root / "_build/html/book/auditing.html").read_text(encoding="utf-8"))
    assert f"This site was built from commit {head}." in text
    assert f"git checkout {head}" in text and "python3 check.py" in text
    committed = json.loads((root / "manifest.json").read_text())
    assert committed == manifest.committed(json.loads((root / "_build/manifest.json").read_text()))
    assert head not in (root / "manifest.json").read_text()


def test_every_page_says_it_was_last_updated_on_the_commits_date(
    git_checkout: dict, built_book: Path
) -> None:
    """The commit's date, the same in the rebuild made elsewhere (another time zone); no date without git."""
    done = subprocess.run(
        ["git", "show", "-s", "--format=%cs"], cwd=git_checkout["root"], capture_output=True
    )
    day = datetime.date.fromisoformat(done.stdout.decode().strip())
    shown = f'Last updated on <time datetime="{day.isoformat()}">{day.day} {day:%B} {day.year}</time>.'
    for site in (git_checkout["root"] / "_build/html", git_checkout["kept"] / "_build/html"):
        pages = [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "_static"]
        dated = [p for p in pages if shown in p.read_text(encoding="utf-8")]
        assert len(dated) == len(pages) - 1, site  # all but the root redirect
    for page in (built_book / "_build/html").rglob("*.html"):  # the shared build is no git checkout
        assert (
            "Last updated" not in page.read_text(encoding="utf-8") and "last-update" not in page.read_text()
        )


def test_builds_elsewhere_are_byte_identical_with_world_readable_modes(git_checkout: dict) -> None:
    """Another folder, venv path, time zone and umask (077): every file's bytes and mode, .buildinfo too."""
    assert git_checkout["verify"].returncode == 0
    first = tree(git_checkout["root"] / "_build/html")
    second = tree(git_checkout["kept"] / "_build/html")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert ".buildinfo" in first
    assert {mode for _, mode in first.values()} == {0o644, 0o755}
    assert all(mode == (0o755 if digest == "" else 0o644) for digest, mode in second.values())
