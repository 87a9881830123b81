"""Text for readers: data escaped for where it lands, and figures linked to their evidence.

Numbers are written by hertsbook.content.numbers (the house style); this module links them.

Text from data/ is never markup. It reaches a page in one of three ways, each with its one escape here:
`html_text` for HTML (a chapter's output, a raw block's content), `myst_text` for the few places a page written
from data must be MyST (a heading, a list item), and `raw_block` around any HTML pasted into a MyST page.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache
from html import escape as _escape
from pathlib import Path

from hertsbook.content.numbers import figure

EVIDENCE_PAGE = "../book/evidence.html"  # the index of the sources; each has its own page beside it
NATIONAL_PAGE = "../book/national.html"
AUDIT_PAGE = "../book/audit.html"


_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def html_text(value: object) -> str:
    """Any value as HTML text: <, >, &, quotes escaped, and backticks too, so it can close no MyST fence."""
    return _escape(str(value), quote=True).replace("`", "&#96;")


def myst_text(value: object) -> str:
    """Any value as plain MyST text on one line: every ASCII punctuation character backslash-escaped.

    CommonMark lets any ASCII punctuation be escaped, so no emphasis, link, role, directive, fence, target,
    substitution, HTML, entity or list marker can start; any run of whitespace (newlines included) is one space.
    """
    return _ASCII_PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))


def raw_block(html: str) -> str:
    """HTML for a MyST page, as a raw block. Every backtick becomes `&#96;`, so nothing inside closes the fence."""
    return "```{raw} html\n" + html.replace("`", "&#96;") + "\n```"


def paragraph(html: str) -> str:
    """A sentence made by the package (data in it already escaped, figures linked) as an HTML paragraph."""
    return f"<p>{html}</p>"


def bullets(items: Iterable[object], ordered: bool = False) -> str:
    """Items from data as an HTML list, each escaped as text."""
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{html_text(i)}</li>" for i in items) + f"</{tag}>"


def source_page(source: str) -> str:
    """The page (from a chapter or a page of book/) listing a source document's rows, named by its file's stem.

    A name that is not a plain file name (the gate admits none) gives the index page, never a path from data.
    """
    plain = re.fullmatch(r"[A-Za-z0-9_.-]+", source) and not source.startswith(".")
    return f"../book/evidence/{Path(source).stem}.html" if plain else EVIDENCE_PAGE


def evidence_link(text: str, anchor: str, source: str) -> str:
    """HTML for a figure (or date, or list item) linked to its row on its source document's page."""
    href = f"{source_page(source)}#{anchor}"
    return f'<a class="hb-evidence" href="{html_text(href)}">{html_text(text)}</a>'


def cite(text: str, evidence_id: str) -> str:
    """HTML for a figure that links to its row on its source document's page (`anchor_source` finds which)."""
    return evidence_link(text, evidence_id, anchor_source(evidence_id))


def anchor_source(anchor: str, data: Path | None = None) -> str:
    """The source document of an evidence or date id, or of a list item's anchor (LIST-POSITION), or "".

    Read from the project's data (`data/evidence/`, `data/dates/`, and that one list's file): files every
    chapter that cites them has read already. An anchor that no data file has links to the index page,
    where the built site's link check names it (a unit test's own ids need no data file).
    """
    from hertsbook.project import Project  # found when a figure is cited, as the notebooks find it

    folder = (data or Project.find().data).resolve()
    files = sorted([*(folder / "evidence").glob("*.csv"), *(folder / "dates").glob("*.csv")])
    found = _sources(tuple(files), tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in files)).get(anchor)
    name = anchor.rsplit("-", 1)[0]
    listed = folder / "lists" / f"{name}.csv"
    if found is None and re.fullmatch(r"[a-z0-9_]+", name) and listed.is_file():
        found = _sources((listed,), ((listed.stat().st_mtime_ns, listed.stat().st_size),)).get(anchor)
    return found or ""


@cache
def _sources(files: tuple[Path, ...], _changed: tuple[tuple[int, int], ...]) -> dict[str, str]:
    """Each row's anchor (its id, or LIST-POSITION) and source, from these files as they were last changed."""
    out = {}
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                anchor = row["id"] if "id" in row else f"{row['list']}-{row['position']}"
                out[anchor] = row["source"]
    return out


def cited(evidence, evidence_id: str) -> str:
    """One evidence row's figure, as the source prints it, linked to its quote."""
    row = evidence.loc[evidence_id]
    return cite(figure(row["written"], row["unit"]), evidence_id)


def audited(evidence, evidence_id: str) -> str:
    """`cited`, with the audit page's note after it where the audit checks that figure (`audit_note`)."""
    return cited(evidence, evidence_id) + audit_note(evidence, evidence_id)


def national_anchor(file: str) -> str:
    """A national file's anchor on the National data page (as Sphinx writes a label: lower case, hyphens)."""
    return "national-" + re.sub(r"[^a-z0-9]+", "-", file.rsplit(".", 1)[0].lower()).strip("-")


def national(text: str, file: str) -> str:
    """HTML for a figure taken or worked out from a national data file, linked to that file's provenance."""
    return f'<a class="hb-national" href="{NATIONAL_PAGE}#{national_anchor(file)}">{html_text(text)}</a>'


# Words a source puts before a figure to say it is not exact; the longer phrase first ("just over", not "over").
_HEDGES = (
    "just over",
    "more than",
    "in the region of",
    "approximately",
    "around",
    "about",
    "nearly",
    "almost",
    "over",
)


def hedge(row) -> str:
    """The source's own word before an evidence row's figure ("Over 27,000" gives "over"), or "" if none."""
    printed = re.escape(figure(row["written"], row["unit"]))
    found = re.search(rf"\b({'|'.join(_HEDGES)})\s+{printed}", " ".join(row["quote"].split()), re.IGNORECASE)
    return found.group(1).lower() if found else ""


def cited_as_printed(evidence, evidence_id: str) -> str:
    """`cited`, with the source's hedge in front: “over 27,000” where the document says “Over 27,000”."""
    word = hedge(evidence.loc[evidence_id])
    return (f"{word} " if word else "") + audited(evidence, evidence_id)


def _year_forms(period: str) -> list[str] | None:
    """How a one-year period may be printed (2019/20, 2019-20, 2019/2020, 2019-2020; 2018), or None."""
    if re.fullmatch(r"\d{4}", period):
        return [period]
    found = re.fullmatch(r"(\d{4})/(\d{2})", period)
    if not found:
        return None  # a quarter, month, day or span: its words say how it was read
    start, end = found.groups()
    return [f"{start}{sep}{end}" for sep in "/-"] + [f"{start}{sep}{start[:2]}{end}" for sep in "/-"]


_NUMBER = r"\d[\d,]*(?:\.\d+)?"


def _same_kind(unit: str) -> str:
    """A pattern for any figure in the quote printed in `unit` (26,362; 84.1%; £16.62m; 27 days)."""
    if unit == "%":
        return _NUMBER + r"\s?%"
    if unit.startswith("£"):
        return "£" + _NUMBER
    if unit == "count":
        return _NUMBER
    return _NUMBER + r"\s+" + re.escape(unit)


def period_is_read(row) -> bool:
    """Whether an evidence row's year is the book's reading: printed neither beside its figure nor in its locator.

    Beside means in the quote with no other figure of the same kind between the year and the figure: in "down
    from 23 days in 2024, and carers waited 19 days, down from 27 days" 2024 is the 23 days', not the 27
    days'; in "By 2037, there will be around 220,000 more people, an 18.6% rise" it is the 18.6%'s too. Where
    the figure is not printed as the book writes it (a word, say), any year in the quote counts.
    """
    forms = _year_forms(row["period"])
    if forms is None or any(f in row["locator"] for f in forms):
        return False
    quote = " ".join(row["quote"].split())
    printed = [m.span() for m in re.finditer(re.escape(figure(row["written"], row["unit"])), quote)]
    years = [m.span() for f in forms for m in re.finditer(re.escape(f), quote)]
    if not printed:
        return not years
    other = re.compile(_same_kind(row["unit"]))
    return not any(not other.search(quote[min(y[1], f[1]) : max(y[0], f[0])]) for y in years for f in printed)


def period_text(row) -> str:
    """An evidence row's period for a page, marked where the year is the book's reading of the document."""
    if period_is_read(row):
        return f"{row['period']} (the book's reading: no year is printed beside the figure)"
    return row["period"]


def key_points_html(points: list[str]) -> str:
    """A chapter's key points (sentences the package made, data already escaped and figures linked) as a list."""
    return '<ul class="hb-key-points">' + "".join(f"<li>{p}</li>" for p in points) + "</ul>"


def audit_note(evidence, evidence_id: str) -> str:
    """A short note after a figure the audit page checks: each finding's verdict, linked to it ("" if none).

    The findings travel in the evidence frame's `audit` column (hertsbook.content.audit.annotate): a frame
    without it gives no note.
    """
    if "audit" not in evidence.columns or evidence_id not in evidence.index:
        return ""
    links = [
        f'<a class="hb-audit" href="{AUDIT_PAGE}#audit-{html_text(finding)}">{html_text(verdict)}</a>'
        for finding, verdict in evidence.at[evidence_id, "audit"]
    ]
    return f' <span class="hb-audit-note">(audit: {"; ".join(links)})</span>' if links else ""
