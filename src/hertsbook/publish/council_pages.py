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


# The book's title in the header: the finishing step writes _config.yml's title into this link on every
# build (hertsbook.publish.finish.site_title), so a rendered page, cached by its run, never holds a stale one.
SITE_TITLE = '<a class="hb-site-title" href="../book/index.html">The book’s home page</a>'
NAV = (  # plain links to where a reader goes next: the book, the other councils, the adult care chapter
    '<nav class="hb-site-nav" aria-label="The book"><ul>'
    '<li><a href="../book/index.html">Home</a></li>'
    '<li><a href="index.html">Every council</a></li>'
    '<li><a href="../notebooks/adult_care_performance.html">Adult care performance</a></li>'
    "</ul></nav>"
)
# The theme's skip link and landmarks without the theme's stylesheet: the link is off screen until focused
# (the book's stylesheet then shows it); header and navigation are no use on paper.
STYLE = (
    "#pst-skip-link a:not(:focus){position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip-path:inset(50%);white-space:nowrap}"
    ".hb-site-header{padding:.5rem 0;border-bottom:1px solid #b1b4b6;font-weight:700}"
    ".hb-site-nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;list-style:none;padding:0;margin:.5rem 0 1.5rem}"
    "footer{margin-top:2rem;border-top:1px solid #b1b4b6}"
    "@media print{#pst-skip-link,.hb-site-header,.hb-site-nav{display:none!important}}"
)
# The footer's date, as the book's pages have it: the finishing step writes the commit's date (or drops it).
FOOTER = '<footer><div class="footer-item"><p class="last-updated">Last updated</p></div></footer>'


def page(notebook_path: Path, name: str) -> str:
    """One council's page: its figures are at ../figures/, the book's stylesheet and icon at ../_static/.

    A page of its own (not the theme's): the run's content (hertsbook.execute.run_page) in a frame with the
    book's language, skip link, header, navigation and footer."""
    notebook = nbformat.read(notebook_path, as_version=4)
    head = run_page.head(f"{name}: national data", f"../_static/{run_page.STYLESHEET}")
    # The icon named, as the book's pages name theirs: without it a browser asks for /favicon.ico (a 404).
    icon = '<link rel="icon" href="../_static/favicon.svg">'
    return (
        f'<!DOCTYPE html>\n<html lang="en-GB"><head>{head}{icon}<style>{STYLE}</style></head><body>'
        '<div id="pst-skip-link" class="skip-link"><a href="#main-content">Skip to main content</a></div>'
        f'<header class="hb-site-header">{SITE_TITLE}</header>{NAV}'
        f'<main id="main-content"><article>{run_page.content(notebook, "..", note=False)}</article></main>'
        f"{FOOTER}</body></html>\n"
    )


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
