"""The council pages: each executed notebooks/council.py as its own page, and the index of them all.

A council page is a plain page published as it is (html_extra_path), rendered from the executed notebook
the way `python -m hertsbook run` renders a run (hertsbook.execute.run_page). Being outside Sphinx's table
of contents, the 160 pages add nothing to every page's sidebar; the index is a page of the book.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import nbformat

from hertsbook.content.text import raw_block
from hertsbook.execute import run_page

FOLDER = "councils"  # in the site: councils/index.html and councils/<ONS code>.html
INDEX = f"{FOLDER}/index"  # its entry in _toc.yml


def page(notebook_path: Path, name: str) -> str:
    """One council's page: its figures are at ../figures/, the book's stylesheet at ../_static/."""
    notebook = nbformat.read(notebook_path, as_version=4)
    text = run_page.render(notebook, f"{name}: national data", "../_static", "..")
    # The footer's date, as the book's pages have it: the finishing step writes the commit's date (or drops it).
    footer = '<footer><div class="footer-item"><p class="last-updated">Last updated</p></div></footer>'
    return text.replace("</main></body>", f"</main>{footer}</body>", 1)


def index_page(listed: list[dict[str, str]]) -> str:
    """The index: every council built, by name, with its type and region (`listed`: each council's code,
    name, type and region). The filter box is made by the book's script; without it the page is the plain
    list."""
    items = "".join(
        '<li data-council="{}"><a href="{}.html">{}</a> ({}, {})</li>'.format(
            escape(f"{c['name']} {c['type']} {c['region']}".lower(), quote=True),
            escape(c["code"], quote=True),
            escape(c["name"]),
            escape(c["type"]),
            escape(c["region"]),
        )
        for c in listed
    )
    return f"""# Every council in the national data

The Department of Health and Social Care publishes the Adult Social Care Outcomes Framework (ASCOF) for
every council in England. Each of the {len(listed)} councils below has a page built from that data by the
same rules as the chapters' national sections: each measure over the years beside England, the council's
type and its region, with margins of error, breaks in the series and ranks.

{raw_block('<div id="hb-council-filter"></div><ul class="hb-councils">' + items + "</ul>")}
"""
