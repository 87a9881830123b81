"""The evidence pages: an index of the five documents, one page per document, the downloads, and the links.

Also the rule that marks a year as the book's reading of a document (content.text.period_is_read).
"""

from __future__ import annotations

import csv
import io
import posixpath
import re

import pandas as pd
import pytest

from hertsbook.content import data
from hertsbook.content.text import anchor_source, cite, evidence_link, period_is_read, period_text
from hertsbook.publish import generated, pages

ACCOUNT = "2020-adult-care-local-account-2018-2020"


@pytest.fixture(scope="module")
def written(project) -> dict[str, str]:
    return generated.from_data(project)


def test_each_source_document_has_its_page_and_its_download(project, written) -> None:
    assert sorted(p.stem for p in project.sources.glob("*.txt")) == sorted(generated.SOURCES)
    documents = pages.documents((project.sources / "SOURCES.md").read_text(encoding="utf-8"))
    assert sorted(d["file"] for d in documents) == sorted(f"{s}.txt" for s in generated.SOURCES)
    for stem in generated.SOURCES:
        assert f"{generated.EVIDENCE}/{stem}.md" in written
        copy = written[f"_extra/downloads/sources/{stem}.txt"]
        assert copy.encode("utf-8") == (project.sources / f"{stem}.txt").read_bytes()  # the very bytes


def test_the_index_says_what_each_document_is_how_many_rows_and_links_it(project, written) -> None:
    index = written[f"{generated.EVIDENCE}.md"]
    evidence, dates, lists = data.evidence(project), data.dates(project), data.lists(project)
    for stem in generated.SOURCES:
        assert f'href="evidence/{stem}.html"' in index
        assert f'href="../downloads/sources/{stem}.txt" download' in index
        figures = int((evidence["source"] == f"{stem}.txt").sum())
        assert f"{figures} figures" in index
    assert "180 figures, 11 dated events, 4 list items" in index  # the local account, counted from data
    assert len(dates) == 26 and len(lists) == 118
    assert 'href="../downloads/evidence.csv" download' in index and f"{len(evidence)} rows" in index
    assert "<table" not in index


def test_every_link_a_chapter_can_make_reaches_a_row_on_its_documents_page(project, written) -> None:
    """Every evidence id, date id and list item resolves to the page whose document it came from."""
    evidence, dates, lists = data.evidence(project), data.dates(project), data.lists(project)
    anchors = {
        **dict(evidence["source"]),
        **dict(dates["source"]),
        **{f"{r['list']}-{r['position']}": r["source"] for _, r in lists.iterrows()},
    }
    ids = {
        name: set(re.findall(r'class="hb-evidence-row" id="([^"]+)"', text))
        for name, text in written.items()
        if name.startswith(f"{generated.EVIDENCE}/")
    }
    for anchor, source in anchors.items():
        assert anchor_source(anchor) == source, anchor
        href = re.search(r'href="([^"]+)"', cite("x", anchor)).group(1)
        page, fragment = href.split("#")
        # From a chapter (notebooks/THEME.html) to book/evidence/STEM.html: the page written for that document.
        target = posixpath.normpath(posixpath.join("notebooks", page)).removesuffix(".html") + ".md"
        assert fragment == anchor and anchor in ids[target], (anchor, target)
    assert sum(len(v) for v in ids.values()) == len(anchors)  # each row on exactly one page


def test_an_unknown_anchor_links_to_the_index_not_to_a_path_from_data(project) -> None:
    assert anchor_source("no-such-id") == "" and anchor_source("no_such_list-1") == ""
    assert 'href="../book/evidence.html#no-such-id"' in cite("x", "no-such-id")
    link = evidence_link("x", "a", "../../etc/passwd")
    assert 'href="../book/evidence.html#a"' in link
    with pytest.raises(ValueError, match="not a plain file name"):
        pages.source_download("../x.txt")


def test_each_row_is_a_definition_list_that_reflows_not_a_wide_table(written) -> None:
    for stem in generated.SOURCES:
        page = written[f"{generated.EVIDENCE}/{stem}.md"]
        assert "<table" not in page and "hb-table-scroll" not in page
        assert page.count('<div class="hb-evidence-row"') == page.count("<dl>") > 0


def test_the_csv_holds_every_evidence_row_as_printed_and_no_formula(project, written) -> None:
    evidence = data.evidence(project)
    rows = list(csv.DictReader(io.StringIO(written[f"_extra/{pages.EVIDENCE_CSV}"])))
    assert len(rows) == len(evidence)
    assert list(rows[0]) == [
        "id",
        "themes",
        "measure",
        "period",
        "value",
        "unit",
        "source",
        "locator",
        "quote",
        "note",
    ]
    by_id = {r["id"]: r for r in rows}
    assert by_id["la-new-requests-2019-20"]["value"] == "26362"
    assert any(r["value"].endswith(".0") for r in rows)  # "67.0" as the document prints it, never rounded
    frame = evidence.loc[["la-new-requests-2019-20"]].copy()
    frame["quote"] = ['=HYPERLINK("https://evil.example","x")']
    frame["note"] = ["-3.5"]
    made = list(csv.DictReader(io.StringIO(pages.evidence_csv(frame))))[0]
    assert made["quote"].startswith("'=HYPERLINK") and made["note"] == "-3.5"  # text as text, numbers kept


# --- the book's reading of a year ------------------------------------------------------------------------


def _row(
    quote: str, written: str, unit: str = "count", period: str = "2019/20", locator: str = "x"
) -> pd.Series:
    return pd.Series({"quote": quote, "written": written, "unit": unit, "period": period, "locator": locator})


def test_a_year_printed_beside_another_figure_is_not_this_figures(project) -> None:
    evidence = data.evidence(project)
    carers = evidence.loc["cp-wait-assessment-carers-earlier"]  # "… 19 days, down from 27 days."
    assert period_is_read(carers) and period_text(carers).startswith("2024 (the book's reading")
    assert not period_is_read(evidence.loc["cp-wait-first-needs-assessment-adults-2024"])  # "23 days in 2024"
    assert not period_is_read(
        evidence.loc["ps-pop-increase-pct-2037"]
    )  # "By 2037, … 220,000 …, an 18.6% rise"
    quote = "In 2019/20 we made 120 visits, up from 80 visits."
    assert not period_is_read(_row(quote, "120")) and period_is_read(_row(quote, "80"))
    assert not period_is_read(_row("80 visits", "80", locator="Table > 2019/20"))  # the year is a heading
    assert not period_is_read(_row("eight visits in 2019/20", "8"))  # a figure in words: the quote's year


def test_every_row_whose_quote_gives_no_year_for_its_figure_is_marked(project) -> None:
    """The class: a one-year period printed in neither the quote nor the locator is always the book's reading."""
    evidence = data.evidence(project)
    for evidence_id, row in evidence.iterrows():
        if (
            re.fullmatch(r"\d{4}(/\d{2})?", row["period"])
            and row["period"][:4] not in row["quote"] + row["locator"]
        ):
            assert period_is_read(row), evidence_id
