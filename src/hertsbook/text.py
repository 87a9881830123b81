"""Numbers and words for readers: figures written as the source writes them, links to their evidence."""

from __future__ import annotations

import re
from html import escape

EVIDENCE_PAGE = "../book/evidence.html"
NATIONAL_PAGE = "../book/national.html"


def figure(written: str, unit: str) -> str:
    """A value as a reader expects to see it, keeping the decimals the source printed."""
    number = float(written)
    whole = f"{int(number):,}" if number.is_integer() and "." not in written else None
    plain = whole or (f"{number:,.{len(written.split('.')[1])}f}" if "." in written else f"{number:,}")
    return {
        "%": f"{plain}%",
        "£": f"£{plain}",
        "£000": f"£{plain}k",
        "£m": f"£{plain}m",
        "per 100,000": f"{plain} per 100,000",
        "count": plain,
    }.get(unit, f"{plain} {unit}")


def cite(text: str, evidence_id: str) -> str:
    """HTML for a figure that links to its row on the Sources and evidence page."""
    return f'<a class="hb-evidence" href="{EVIDENCE_PAGE}#{escape(evidence_id)}">{escape(text)}</a>'


def cited(evidence, evidence_id: str) -> str:
    """One evidence row's figure, as the source prints it, linked to its quote."""
    row = evidence.loc[evidence_id]
    return cite(figure(row["written"], row["unit"]), evidence_id)


def national_anchor(file: str) -> str:
    """A national file's anchor on the National data page (as Sphinx writes a label: lower case, hyphens)."""
    return "national-" + re.sub(r"[^a-z0-9]+", "-", file.rsplit(".", 1)[0].lower()).strip("-")


def national(text: str, file: str) -> str:
    """HTML for a figure taken or worked out from a national data file, linked to that file's provenance."""
    return f'<a class="hb-national" href="{NATIONAL_PAGE}#{national_anchor(file)}">{escape(text)}</a>'
