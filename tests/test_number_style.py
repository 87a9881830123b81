"""The house number style holds on every built page: no "£169,908k", no "£+5,938k", no "163,970.0".

Built once (the `built_book` fixture). Figures quoted from a document keep the document's wording: a cell's
figure linked to its evidence, and the evidence page's own figures, may print "67.0%" as the document does.
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

THOUSANDS_K = re.compile(r"£\d{1,3}(,\d{3})+k\b|£\d+k\b")  # £169,908k, £30k
SIGN_AFTER_POUND = re.compile(r"£[+\-−]")  # £+5,938k: the sign goes before the pound sign
HYPHEN_MINUS = re.compile(r"(?<![\w/-])-£")  # a change's minus is a true minus sign, "−£0.4m"
POINT_NOUGHT = re.compile(r"\d\.0\b(?!\d)")
SNAKE_CASE = re.compile(r"\b[a-z0-9]+(_[a-z0-9]+)+\b")


class Cells(HTMLParser):
    """Each page's prose text, its table cells' text (leaving out quoted figures) and its column headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.cells: list[str] = []
        self.headings: list[str] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self._quoted = 0  # inside a figure linked to its evidence, or the evidence page's table
        self._skip = 0  # inside <script> or <style>
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        quoted = "hb-evidence" in classes or "hb-evidence-table" in classes
        self._stack.append(("q" if quoted else "") + tag)
        self._quoted += quoted
        self._skip += tag in ("script", "style")
        if tag in ("td", "th"):
            self._cell = []
            if attrs.get("scope") == "col":
                self._heading = []

    def handle_endtag(self, tag):
        while self._stack:
            top = self._stack.pop()
            self._quoted -= top.startswith("q")
            self._skip -= top.removeprefix("q") in ("script", "style")
            if top.removeprefix("q") == tag:
                break
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell))
            if self._heading is not None:
                self.headings.append("".join(self._heading))
            self._cell = self._heading = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._cell is not None and not self._quoted:
            self._cell.append(data)


def read(page: Path) -> Cells:
    cells = Cells()
    cells.feed(page.read_text(encoding="utf-8"))
    return cells


def pages(built: Path) -> list[Path]:
    html = built / "_build" / "html"
    found = sorted(p for p in html.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)
    assert len(found) >= 8
    return found


def test_every_page_writes_numbers_in_the_house_style(built_book: Path) -> None:
    problems = []
    for page in pages(built_book):
        cells = read(page)
        text = " ".join(cells.text)
        name = page.relative_to(built_book / "_build" / "html")
        for pattern in (THOUSANDS_K, SIGN_AFTER_POUND, HYPHEN_MINUS):
            problems += [f"{name}: {m.group()!r}" for m in pattern.finditer(text)]
        # A data check's rule on the auditing page says how a file writes its values ("such as 919.0").
        rules = {c for c in cells.cells if name.as_posix() == "book/auditing.html" and "(column " in c}
        # A national figure beside a printed one keeps its source's precision: ASCOF prints one decimal ("2.0%").
        rules |= {c for c in cells.cells if c.strip().startswith("(national data: ")}
        problems += [
            f"{name}: table cell {c!r}" for c in cells.cells if POINT_NOUGHT.search(c) and c not in rules
        ]
        problems += [f"{name}: heading {h!r}" for h in cells.headings if SNAKE_CASE.search(h)]
    assert not problems, "\n".join(problems[:40])


def test_the_chart_downloads_keep_machine_names_and_full_precision(built_book: Path) -> None:
    figures = built_book / "_build" / "html" / "figures"
    with (figures / "adult-care-spend-by-area.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["service_area", "spend_2018_19_gbp_thousands", "spend_2019_20_gbp_thousands"]
    assert ["Disability Services", "163970.0", "169908.0"] in rows
    chapter = read(built_book / "_build" / "html" / "notebooks" / "adult_care_performance.html")
    assert "Spend 2018/19, £ thousand" in chapter.headings
    assert "163,970" in chapter.cells
