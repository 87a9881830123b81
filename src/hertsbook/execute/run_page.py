"""A run's own web page: the executed notebook as one HTML file, its figures in the folder beside it.

`python -m hertsbook run` writes it next to the run's `.ipynb`, so a run can be looked at in any browser
without Jupyter or jupyter-book. It is rendered here rather than by nbconvert (which the book does not
install): the chapters' outputs are already HTML made by the package (charts, tables, sentences), so a page
needs only the markdown cells rendered (markdown-it, which jupyter-book's MyST parser already brings) and the
book's stylesheet. Cells the book hides (tagged remove-cell, remove-input) are hidden here too.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any

import nbformat

STYLESHEET = "hertsbook.css"  # the book's own, copied into the run's figures folder
# A plain page: readable width, the book's table and chart styles on top.
BASE_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;"
    "color:#0b0c0c}table{border-collapse:collapse}th,td{border:1px solid #b1b4b6;padding:.25rem .5rem}"
    ".hb-num{text-align:right}pre{background:#f3f2f1;padding:.5rem;overflow-x:auto}"
    ".hb-run-note{background:#f3f2f1;padding:.5rem 1rem;border-left:4px solid #12436d}"
)


def _markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def _output_html(output: Any) -> str:
    """One cell output: the package's HTML as it is; text escaped; anything else (an image) left out."""
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(output.get('text', ''))}</pre>"
    if output.get("output_type") == "error":
        return f"<pre>{html.escape(output.get('ename', ''))}: {html.escape(output.get('evalue', ''))}</pre>"
    bundle = output.get("data", {})
    if "text/html" in bundle:
        text = bundle["text/html"]
        return "".join(text) if isinstance(text, list) else str(text)
    if "text/plain" in bundle:
        return f"<pre>{html.escape(str(bundle['text/plain']))}</pre>"
    return ""


def parameters_note(notebook: Any) -> str:
    """A line naming the values this run used (papermill records them in the notebook)."""
    values = notebook.metadata.get("papermill", {}).get("parameters", {})
    if not values:
        return ""
    shown = ", ".join(f"{html.escape(str(k))} = {html.escape(str(v))}" for k, v in values.items())
    return f'<p class="hb-run-note">This run’s parameters: {shown}.</p>'


BOOK_LINK = re.compile(r'(href|src)="\.\./([^"#]*?)(\.md)?([#"])')  # a chapter's link into the book's pages


def book_links(page: str, site_url: str) -> str:
    """Links a chapter makes to the book's other pages (`../book/evidence.html#x`, a markdown cell's
    `../book/evidence.md`) pointed at the published site, `site_url` from the run's page."""
    return BOOK_LINK.sub(lambda m: f'{m[1]}="{site_url}/{m[2]}{".html" if m[3] else ""}{m[4]}', page)


def content(notebook: Any, site_url: str = "../html", note: bool = True) -> str:
    """The executed notebook's cells as HTML (with `note`, the parameters note first), its links into the
    book pointed at the published book `site_url`; a page (a run's, a council's) puts it in its own frame."""
    parts = [parameters_note(notebook)] if note else []
    for cell in notebook.cells:
        tags = set(cell.metadata.get("tags", []))
        if "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            parts.append(_markdown(cell.source))
        elif cell.cell_type == "code":
            if "remove-input" not in tags and cell.source.strip():
                parts.append(f"<pre><code>{html.escape(cell.source)}</code></pre>")
            if "remove-output" not in tags:
                parts.extend(_output_html(o) for o in cell.get("outputs", []))
    return book_links("".join(parts), html.escape(site_url))


def head(title: str, stylesheet_url: str) -> str:
    """The inside of a plain page's <head>: charset (first, so the CSP can follow it), viewport, the title
    (escaped), the plain style and the book's stylesheet."""
    return (
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{BASE_STYLE}</style>"
        f'<link rel="stylesheet" href="{html.escape(stylesheet_url, quote=True)}">'
    )


def render(notebook: Any, title: str, folder_url: str, site_url: str = "../html") -> str:
    """The page's HTML for an executed notebook; `folder_url` is the figures folder as the page links it and
    `site_url` the published book (where its evidence and national data pages are)."""
    return (
        f'<!DOCTYPE html>\n<html lang="en-GB"><head>{head(title, f"{folder_url}/{STYLESHEET}")}</head>'
        f"<body><main>{content(notebook, site_url)}</main></body></html>\n"
    )


def write(
    notebook_path: Path, page: Path, figures: Path, folder_url: str, stylesheet: Path, site: Path
) -> Path:
    """Write the run's page beside its notebook, with the book's stylesheet in its figures folder; its links
    to the book's pages lead to the published site `site` (there once `make book` has run)."""
    notebook = nbformat.read(notebook_path, as_version=4)
    figures.mkdir(parents=True, exist_ok=True)
    (figures / STYLESHEET).write_bytes(stylesheet.read_bytes())
    site_url = Path(os.path.relpath(site, page.parent)).as_posix()
    page.write_text(render(notebook, notebook_path.stem, folder_url, site_url), encoding="utf-8")
    return page
