"""The manifest: every published figure, table and CSV with its sha256, and what made it.

It is computed from the executed notebooks and the figures they wrote, before jupyter-book runs, so the
"Auditing this book" page can show it. `manifest.json` at the project root is the committed copy;
`make manifest` refreshes it and `make verify` rebuilds from scratch and compares.
"""

from __future__ import annotations

import hashlib
import json
import re
from html import unescape
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat

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
FIGURE = re.compile(r'(?:src|href)="\.\./figures/([^"]+)"')
TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
CAPTION = re.compile(r"<caption>(.*?)</caption>", re.DOTALL)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_source_hash(project: Project) -> str:
    """One hash for the code the notebooks call: every .py file of the package, by path and content."""
    digest = hashlib.sha256()
    for path in sorted((project.root / "src" / "hertsbook").rglob("*.py")):
        digest.update(project.relative(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in PACKAGES}


def inputs(project: Project, theme: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """What a theme's run is made from, known before it runs. What it read (`data`, `listings`) is added from
    its kernel's record of the run (hertsbook.reads)."""
    return {
        "notebook": {project.relative(project.notebook(theme)): sha256(project.notebook(theme).read_bytes())},
        "parameters": parameters,
        "package": package_source_hash(project),
    }


def _outputs_html(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html:
                parts.append(html if isinstance(html, str) else "".join(html))
    return "\n".join(parts)


def entries_for(project: Project, theme: str, executed: Path) -> list[dict[str, str]]:
    """The figures, CSV downloads and tables one executed notebook put on its page."""
    html = _outputs_html(nbformat.read(executed, as_version=4))
    found = []
    for name in sorted(set(FIGURE.findall(html))):
        path = project.figures / name
        kind = "csv" if name.endswith(".csv") else "figure"
        found.append(
            {"entry": f"figures/{name}", "kind": kind, "theme": theme, "sha256": sha256(path.read_bytes())}
        )
    for number, table in enumerate(TABLE.findall(html), start=1):
        caption = CAPTION.search(table)
        label = unescape(caption.group(1)) if caption else f"table {number}"
        found.append(
            {
                "entry": f"notebooks/{theme}.html table {number}: {label}",
                "kind": "table",
                "theme": theme,
                "sha256": sha256(table.encode()),
            }
        )
    return found


def build(project: Project, executed: dict[str, Path], planned: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The manifest of one build: `planned` holds each theme's `inputs()`, as they were when its run was planned."""
    return {
        "about": "sha256 of every figure, CSV download and table on the site, and what made them. "
        "Refresh with `make manifest`; check with `make verify`.",
        "versions": versions(),
        "themes": {theme: planned[theme] for theme in THEMES if theme in executed},
        "entries": [
            e for theme in THEMES if theme in executed for e in entries_for(project, theme, executed[theme])
        ],
    }


def dumps(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def compare(expected: dict[str, Any], got: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """A row per entry (expected, got, match) and the inputs that differ, each named."""
    want = {e["entry"]: e for e in expected["entries"]}
    have = {e["entry"]: e for e in got["entries"]}
    rows = []
    for name in sorted(want.keys() | have.keys()):
        a, b = want.get(name, {}).get("sha256"), have.get(name, {}).get("sha256")
        rows.append({"entry": name, "expected": a, "got": b, "match": a == b})
    differ = []
    for package in sorted(expected["versions"].keys() | got["versions"].keys()):
        a, b = expected["versions"].get(package), got["versions"].get(package)
        if a != b:
            differ.append(f"package {package}: {a} → {b}")
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
    return rows, sorted(set(differ))


def table(rows: list[dict[str, Any]]) -> str:
    """The comparison as text: entry, expected, got, match."""
    width = max([len(r["entry"]) for r in rows] + [5])
    lines = [f"{'entry':<{width}}  {'expected':<12}  {'got':<12}  match"]
    for r in rows:
        lines.append(
            f"{r['entry']:<{width}}  {(r['expected'] or 'missing')[:12]:<12}  {(r['got'] or 'missing')[:12]:<12}  {'yes' if r['match'] else 'NO'}"
        )
    return "\n".join(lines)
