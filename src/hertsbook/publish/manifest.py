"""The manifest: every published figure, table and CSV with its sha256, and what made it.

Its entries and inputs are computed from the executed notebooks and the figures they wrote, before
jupyter-book runs, so the "Auditing this book" page can show them. The published copy (/manifest.json)
adds, once the site is finished, the sha256 of every published file (`files`): it cannot be on the
auditing page, which is one of those files. It also records what the site was built from (`built_from`:
the git commit and whether the tree had uncommitted changes) and with what (`environment`: Python, the
lock file's sha256 and every installed package).

`manifest.json` at the project root is the committed copy: the entries, each chapter's inputs and the
environment but Python's version (`committed()`): what a commit's tree gives, not which commit it is, nor
the site's files, whose auditing page and search index name the commit. `make manifest` refreshes it;
`make verify` checks the published site against its own manifest, rebuilds from scratch and compares.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape
from importlib import metadata
from pathlib import Path
from typing import Any

from hertsbook.cache import parts_sha256, sha256
from hertsbook.project import THEMES, Project

PACKAGES = (
    "great-expectations",
    "jupyter-book",
    "matplotlib",
    "myst-nb",
    "numpy",
    "pandas",
    "papermill",
    "seaborn",
    "sphinx",
)
FIGURE = re.compile(r'(?:src|srcset|href)="\.\./figures/([^"]+)"')  # srcset: a chart's narrow version
TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
CAPTION = re.compile(r"<caption>(.*?)</caption>", re.DOTALL)


def package_source_hash(project: Project) -> str:
    """One hash for the code the notebooks call: every .py file of the package, by path and content."""
    files = sorted((project.root / "src" / "hertsbook").rglob("*.py"))
    return parts_sha256(part for p in files for part in (project.relative(p).encode(), p.read_bytes()))


def versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in PACKAGES}


def installed_packages() -> dict[str, str]:
    """Every installed package (normalised name → version), as importlib.metadata finds them on sys.path.

    Read from the names of the `NAME-VERSION.dist-info` folders (the format the packaging specifications
    give them): reading every package's METADATA file took a second of each rebuild. A folder named
    otherwise (an old installer's `.egg-info`, say) is read the slow way.
    """
    packages: dict[str, str] = {}
    for folder in sys.path:
        try:
            entries = sorted(os.scandir(folder or "."), key=lambda e: e.name)
        except OSError:  # not a folder (a zip, say): none of the packages here
            continue
        for entry in entries:
            stem, _, kind = entry.name.rpartition(".")
            name, _, version = stem.partition("-")
            if kind == "dist-info" and name and version and "-" not in version:
                packages.setdefault(re.sub(r"[-_.]+", "-", name).lower(), version)
            elif kind in ("dist-info", "egg-info"):
                dist = metadata.Distribution.at(entry.path)
                if dist.metadata["Name"]:
                    packages.setdefault(re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower(), dist.version)
    return packages


def environment(project: Project) -> dict[str, Any]:
    """Python's version, the lock file's sha256 and every installed package (name → version), sorted."""
    packages = installed_packages()
    return {
        "python": sys.version.split()[0],
        "lock": {"requirements.lock": sha256((project.root / "requirements.lock").read_bytes())},
        "packages": dict(sorted(packages.items())),
    }


def built_from(root: Path, repository: str = "") -> dict[str, Any]:
    """The git commit of the checkout at `root`, its date, and whether its tree differs from it (manifest.json
    aside).

    The committed manifest.json is the build's record, not one of its sources, so refreshing it does not
    count as a change. The date (the committer's, YYYY-MM-DD in the committer's time zone, as the commit
    records it) is the site's "last updated": the same for every build of the commit, wherever it is built.
    A folder that is not the top of a git checkout says so.
    """
    found: dict[str, Any] = {"repository": repository}

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
        return done.stdout

    try:
        top = Path(git("rev-parse", "--show-toplevel").strip()).resolve()
        if top != root.resolve():
            raise ValueError(top)
        commit = git("rev-parse", "--verify", "HEAD").strip()
        date = git("show", "-s", "--format=%cs", commit).strip()
        changes = git(
            "status", "--porcelain", "--untracked-files=normal", "--", ".", ":(exclude)manifest.json"
        )
    except (OSError, ValueError, subprocess.CalledProcessError):
        return {**found, "commit": None, "uncommitted_changes": None, "note": "not built from a git checkout"}
    return {**found, "commit": commit, "date": date, "uncommitted_changes": bool(changes.strip())}


def inputs(project: Project, theme: str, parameters: dict[str, Any], package: str) -> dict[str, Any]:
    """What a theme's run is made from, known before it runs (`package`: `package_source_hash`, the same for
    every theme). What it read (`data`, `listings`) is added from its kernel's record of the run
    (hertsbook.execute.reads)."""
    return {
        "notebook": {project.relative(project.notebook(theme)): sha256(project.notebook(theme).read_bytes())},
        "parameters": parameters,
        "package": package,
    }


def _outputs_html(notebook: dict[str, Any]) -> str:
    parts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html:
                parts.append(html if isinstance(html, str) else "".join(html))
    return "\n".join(parts)


def entries_for(
    project: Project, theme: str, executed: Path, page: str | None = None, figures: Path | None = None
) -> list[dict[str, str]]:
    """The figures, CSV downloads and tables one executed notebook put on its page (`page`, by default the
    theme's chapter); its figures are in `figures` (by default the book's figures folder)."""
    page = page or f"notebooks/{theme}.html"
    figures = figures or project.figures
    # Read as the JSON it is: the build wrote it, and nbformat's schema check would take longer than the rest.
    html = _outputs_html(json.loads(executed.read_text(encoding="utf-8")))
    found = []
    for name in sorted(set(FIGURE.findall(html))):
        path = figures / name
        kind = "csv" if name.endswith(".csv") else "figure"
        found.append(
            {"entry": f"figures/{name}", "kind": kind, "theme": theme, "sha256": sha256(path.read_bytes())}
        )
    for number, table in enumerate(TABLE.findall(html), start=1):
        caption = CAPTION.search(table)
        label = unescape(caption.group(1)) if caption else f"table {number}"
        found.append(
            {
                "entry": f"{page} table {number}: {label}",
                "kind": "table",
                "theme": theme,
                "sha256": sha256(table.encode()),
            }
        )
    return found


def build(
    project: Project,
    executed: dict[str, Path],
    planned: dict[str, dict[str, Any]],
    origin: dict[str, Any] | None = None,
    councils: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The manifest of one build: `planned` holds each theme's `inputs()`, as they were when its run was planned.

    `origin` is what the site is built from (`built_from()`); `files` is added once the site is finished.
    `councils` are the council pages' entries (`entries_for` each one's notebook, made with its run).
    """
    return {
        "about": "sha256 of every figure, CSV download and table on the site, and what made them; in the "
        "published copy, of every file of the site too. Refresh with `make manifest`; check with "
        "`make verify`, or a downloaded copy of the site with `python3 check.py` in its folder.",
        "built_from": origin if origin is not None else built_from(project.root),
        "environment": environment(project),
        "versions": versions(),
        "themes": {theme: planned[theme] for theme in THEMES if theme in executed},
        "entries": [
            e for theme in THEMES if theme in executed for e in entries_for(project, theme, executed[theme])
        ]
        + list(councils or []),  # each council's page's (execute.councils), its "theme" naming the council
    }


def dumps(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def committed(manifest: dict[str, Any]) -> dict[str, Any]:
    """What the repository's manifest.json holds: the same for every commit whose tree gives this site."""
    kept = {k: v for k, v in manifest.items() if k not in ("built_from", "files", "environment")}
    if "environment" in manifest:
        kept["environment"] = {k: v for k, v in manifest["environment"].items() if k != "python"}
    return kept


def compare(expected: dict[str, Any], got: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """A row per entry (expected, got, match) and the inputs that differ, each named."""
    want = {e["entry"]: e for e in expected["entries"]}
    have = {e["entry"]: e for e in got["entries"]}
    rows = []
    for name in sorted(want.keys() | have.keys()):
        a, b = want.get(name, {}).get("sha256"), have.get(name, {}).get("sha256")
        rows.append({"entry": name, "expected": a, "got": b, "match": a == b})
    return rows, inputs_differ(expected, got)


def inputs_differ(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """What made the two differently, each named: packages, lock, Python, commit, each chapter's inputs."""
    differ = []
    ours, theirs = expected.get("environment", {}), got.get("environment", {})
    listed = [(expected.get("versions", {}), got.get("versions", {}))]  # the nine that draw the book
    if "packages" in ours and "packages" in theirs:
        listed.append((ours["packages"], theirs["packages"]))  # and every installed package
    for a_packages, b_packages in listed:
        for package in sorted(a_packages.keys() | b_packages.keys()):
            a, b = a_packages.get(package, "not installed"), b_packages.get(package, "not installed")
            if a != b:
                differ.append(f"package {package}: {a} → {b}")
    for name in sorted(ours.get("lock", {}).keys() & theirs.get("lock", {}).keys()):
        if ours["lock"][name] != theirs["lock"][name]:
            differ.append(
                f"lock file {name}: sha256 {ours['lock'][name][:12]}… → {theirs['lock'][name][:12]}…"
            )
    if "python" in ours and "python" in theirs and ours["python"] != theirs["python"]:
        differ.append(f"Python {ours['python']} → {theirs['python']}")
    if "built_from" in expected and "built_from" in got:
        a, b = describe_origin(expected["built_from"]), describe_origin(got["built_from"])
        if a != b:
            differ.append(f"built from: {a} → {b}")
    for theme in sorted(expected["themes"].keys() | got["themes"].keys()):
        a, b = expected["themes"].get(theme, {}), got["themes"].get(theme, {})
        for kind in ("notebook", "data"):
            for path in sorted(a.get(kind, {}).keys() | b.get(kind, {}).keys()):
                if a.get(kind, {}).get(path) != b.get(kind, {}).get(path):
                    differ.append(f"{theme}: {kind} file {path}")
        for folder in sorted(a.get("listings", {}).keys() | b.get("listings", {}).keys()):
            if a.get("listings", {}).get(folder) != b.get("listings", {}).get(folder):
                differ.append(f"{theme}: files listed in folder {folder}")
        if a.get("parameters") != b.get("parameters"):
            differ.append(f"{theme}: parameters {a.get('parameters')} → {b.get('parameters')}")
        if a.get("package") != b.get("package"):
            differ.append(f"{theme}: hertsbook package source")
    return sorted(set(differ))


def describe_origin(origin: dict[str, Any]) -> str:
    """ "commit abc… (with uncommitted changes)", or that it was not a git checkout."""
    if not origin.get("commit"):
        return origin.get("note") or "not a git checkout"
    return f"commit {origin['commit']}" + (
        " with uncommitted changes" if origin.get("uncommitted_changes") else ""
    )


def table(rows: list[dict[str, Any]]) -> str:
    """The comparison as text: entry, expected, got, match."""
    width = max([len(r["entry"]) for r in rows] + [5])
    lines = [f"{'entry':<{width}}  {'expected':<12}  {'got':<12}  match"]
    for r in rows:
        lines.append(
            f"{r['entry']:<{width}}  {(r['expected'] or 'missing')[:12]:<12}  {(r['got'] or 'missing')[:12]:<12}  {'yes' if r['match'] else 'NO'}"
        )
    return "\n".join(lines)
