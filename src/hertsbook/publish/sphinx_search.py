"""Sphinx extension: the search index holds figures however a reader types them, and the words of tables.

- A figure printed with thousands separators ("26,362") is split by Sphinx into "26" and "362"; the index
  gets its unformatted form ("26362") too. The search page (_static/hertsbook.js) reads "26,362" typed in
  the box as "26362", and searches for numbers at all (Sphinx's search skips any word made only of digits).
- Tables and other HTML written by the notebooks reach Sphinx as raw HTML, whose tags it deletes before
  splitting the text into words: cells ran together ("27,000" then "missed" became "000missed"). The index
  is fed a copy of the page in which each tag is a space instead; the page itself is written unchanged.

The index is the same for the same pages, so builds stay byte-identical.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.search.en import SearchEnglish

GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?!\d)")
TAG = re.compile(r"<[^<]+?>")


class SearchBritishEnglish(SearchEnglish):
    """Sphinx's English search (stemmer, stop words, the same language_data.js), plus unformatted figures."""

    def split(self, input: str) -> list[str]:
        return super().split(input) + [match.replace(",", "") for match in GROUPED.findall(input)]


def searchable(doctree: nodes.document) -> nodes.document:
    """The page as the index should read it: each raw HTML tag a space, so no two cells run together."""
    if not any(True for _ in doctree.findall(nodes.raw)):
        return doctree
    copy = doctree.deepcopy()
    for raw in list(copy.findall(nodes.raw)):
        if "html" in raw.get("format", "").split():
            text = re.sub(r"<(style|script)\b.*?</\1\s*>", " ", raw.astext(), flags=re.I | re.S)
            raw.replace_self(nodes.raw("", TAG.sub(" ", text), format="html"))
    return copy


def index_what_readers_read(app: Any) -> None:
    builder = app.builder
    if getattr(builder, "format", None) != "html" or not hasattr(builder, "index_page"):
        return
    index_page = builder.index_page

    def index(pagename: str, doctree: nodes.document, title: str) -> None:
        index_page(pagename, searchable(doctree), title)

    builder.index_page = index


def setup(app: Any) -> dict[str, Any]:
    app.add_search_language(SearchBritishEnglish)  # Sphinx takes "en" for en_GB
    app.connect("builder-inited", index_what_readers_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
