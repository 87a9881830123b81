"""Pages written from the data at build time (they are never edited by hand, so they cannot go stale)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from hertsbook.content.numbers import figure
from hertsbook.content.text import (
    html_text as escape,  # every string from data/ is text: see hertsbook.content.text
)
from hertsbook.content.text import myst_text, national_anchor, period_text, raw_block

if TYPE_CHECKING:  # pandas is loaded by the pages that need it: a rebuild with nothing to do needs none
    import pandas as pd


# A line of book/index.md that the build replaces by findings worked out from the data (MyST comment: a
# plain jupyter-book build of the file shows nothing there rather than a placeholder).
LANDING_MARK = "% computed: "

# Which of each chapter's key points the landing page repeats (the chapter's own sentences, by position),
# under the chapter's name and with a link to it. The early help chapter's first words are the page's own.
LANDING_POINTS = {
    "adult_care_performance": ("Adult care", (0, 1, 2)),
    "prevention": ("Prevention", (0, 1)),
    "day_services": ("Day services", (0, 1, 3)),
    "early_help": ("Early help", (0, 4)),
}
EARLY_HELP_SOURCE = (
    "The book's only source for the redesign is a local news report, which draws on cabinet reports the "
    "book does not hold."
)


def landing_findings(project) -> dict[str, str]:
    """The landing page's findings as HTML, by the name its mark uses: each chapter's chosen key points.

    They are the chapters' own key points, made by the same functions from the same data and parameters
    (each notebook's defaults), so the figures link to their evidence and cannot differ from the chapter's.
    """
    points = chapter_key_points(project)
    items = []
    for theme, (label, chosen) in LANDING_POINTS.items():
        said = [points[theme][i] for i in chosen]
        if theme == "early_help":
            said.insert(0, escape(EARLY_HELP_SOURCE))
        if theme == "adult_care_performance":
            said.append(safeguarding_point(_evidence(project)))
        items.append(
            f"<li><strong>{escape(label)}</strong>: {' '.join(said)} "
            f'<a href="../notebooks/{theme}.html">More in the {escape(label.lower())} chapter</a>.</li>'
        )
    return {"what-the-figures-show": '<ul class="hb-landing-findings">' + "".join(items) + "</ul>"}


def safeguarding_point(evidence) -> str:
    """The July 2025 report's enquiry share beside the share its own counts give (the chapter's check)."""
    from hertsbook.content.numbers import percent, rounds_to
    from hertsbook.content.text import cited
    from hertsbook.content.themes import adult_care_performance as acp

    share = acp.safeguarding_check(evidence)["enquiry_share_worked_out"]
    printed = "cp-safeguarding-enquiry-conversion-2024-25-q4"
    counts = (
        f"{cited(evidence, 'cp-safeguarding-enquiries-2024-25-q4')} of "
        f"{cited(evidence, 'cp-safeguarding-concerns-2024-25-q4')}"
    )
    verdict = "agree" if rounds_to(share, evidence.loc[printed, "written"]) else "do not match"
    return (
        f"The July 2025 report says {cited(evidence, printed)} of safeguarding concerns led to an enquiry; "
        f"its own counts, {counts}, give {percent(share, 1)} (worked out): the two {verdict}."
    )


def _evidence(project):
    from hertsbook.content import data

    return data.evidence(project)


def chapter_key_points(project) -> dict[str, list[str]]:
    """Every chapter's key points (HTML sentences) as its notebook makes them with its default parameters."""
    from hertsbook.content import audit, data
    from hertsbook.content.themes import adult_care_performance as acp
    from hertsbook.content.themes import day_services as ds
    from hertsbook.content.themes import early_help as eh
    from hertsbook.content.themes import prevention as prev
    from hertsbook.execute import params

    evidence, dates = data.evidence(project), data.dates(project)
    trend = data.ascof_trend(project)
    lists = {n: data.table(project, f"lists/{n}.csv") for n in LIST_FILES}

    care = params.defaults(project, "adult_care_performance")
    snpp = data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv")
    region = acp.council_region(snpp, care["council"])
    care_points = acp.key_points(
        evidence,
        acp.key_measures(evidence, data.table(project, "adult_care/key_measures.csv")),
        audit.key_measures_national(audit.load(project)),
        acp.trend_lines(trend, care["council"], region),
        acp.council_name(trend, care["council"]),
        acp.region_name(trend, region),
    )

    wide = params.defaults(project, "prevention")
    population = data.ons_snpp(project)
    prevention_points = prev.key_points(
        evidence,
        lists["prevention_aims"],
        lists["prevention_transformational_programmes"],
        prev.population_change(population, wide["council"], wide["horizon_year"]),
        prev.area_name(population, wide["council"]),
        wide["horizon_year"],
        lists["prevention_claims"],
        prev.ld_employment(trend, wide["council"]),
        dates.loc["ps-cabinet-panel-meeting", "date"],
        prev.preventative_spend(evidence),
    )
    return {
        "adult_care_performance": care_points,
        "prevention": prevention_points,
        "day_services": ds.key_points(
            evidence, dates, ds.spend(evidence), lists["day_services_equality_impact"]
        ),
        "early_help": eh.key_points(
            evidence, lists["early_help_stated_aims"], lists["early_help_redesign_changes"]
        ),
    }


LIST_FILES = (  # the lists the chapters' key points read, as their notebooks load them
    "prevention_aims",
    "prevention_transformational_programmes",
    "prevention_claims",
    "day_services_equality_impact",
    "early_help_stated_aims",
    "early_help_redesign_changes",
)


def landing_page(text: str, findings: dict[str, str]) -> str:
    """book/index.md with each marked line (`% computed: NAME`) replaced by its findings, as a raw HTML block.

    The findings are HTML the package made (data in them escaped, figures linked); the rest is the page's
    own MyST. A mark whose name has no finding is an error: the page would otherwise lose its findings silently.
    """
    out = []
    for line in text.splitlines():
        if line.startswith(LANDING_MARK):
            name = line.removeprefix(LANDING_MARK).strip()
            if name not in findings:
                raise KeyError(f"book/index.md asks for finding {name!r}, which pages.landing_findings lacks")
            line = raw_block(findings[name])
        out.append(line)
    return "\n".join(out) + "\n"


# Where the downloads of the evidence pages are published (files under _extra/ are published at the root).
DOWNLOADS = "downloads"
EVIDENCE_CSV = f"{DOWNLOADS}/evidence.csv"  # every evidence row, in one file


def source_download(file: str) -> str:
    """Where the book's copy of a source document is published, from the site's root.

    Only a plain file name (as every file in data/sources/ is) makes a path: nothing from data steers a link.
    """
    if not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*", file):
        raise ValueError(f"data/sources/SOURCES.md names {file!r}, which is not a plain file name")
    return f"{DOWNLOADS}/sources/{file}"


def documents(catalogue: str) -> list[dict[str, str]]:
    r"""The source documents listed in data/sources/SOURCES.md: file, what it is, who published it and when.

    Read from its table's rows (`| \`FILE\` | what it is | publisher, date | themes |`), in its order.
    """
    out = []
    for line in catalogue.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 3:
            out.append({"file": cells[0].strip("`"), "what": cells[1], "published": cells[2]})
    return out


def document_title(document: dict[str, str]) -> str:
    """A document's name: its description up to the first ": " or " (" (the rest says what is in it)."""
    what = document["what"]
    cut = min((i for i in (what.find(": "), what.find(" (")) if i > 0), default=len(what))
    return what[:cut]


def _quoted(row) -> str:
    return f"“{escape(row['quote'])}”"


def _card(anchor: str, fields: list[tuple[str, str]]) -> str:
    """One row as a definition list, which reflows to any width: each field's name above or beside its value."""
    items = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in fields)
    return f'<div class="hb-evidence-row" id="{escape(anchor)}"><dl>{items}</dl></div>'


def _rows(label: str, cards: list[str]) -> str:
    return raw_block(
        f'<div class="hb-evidence-rows" role="list" aria-label="{escape(label)}">\n'
        + "\n".join(f'<div role="listitem">{c}</div>' for c in cards)
        + "\n</div>"
    )


def evidence_index(
    catalogue: list[dict[str, str]],
    evidence: pd.DataFrame,
    dates: pd.DataFrame | None = None,
    lists: pd.DataFrame | None = None,
) -> str:
    """The Sources and evidence page: what each document is, how many rows the book takes from it, and links."""
    items = []
    for document in catalogue:
        counts = _counts(document["file"], evidence, dates, lists)
        stem = Path(source_download(document["file"])).stem
        items.append(
            f'<li><p><a href="evidence/{escape(stem)}.html">{escape(document_title(document))}</a> '
            f"({escape(document['published'])})</p><p>{escape(document['what'])}</p>"
            f'<p>{counts}. <a href="../{escape(source_download(document["file"]))}" download>'
            f"The document as the book holds it (text, {escape(document['file'])})</a></p></li>"
        )
    return f"""# Sources and evidence

The book takes its figures from {len(catalogue)} public documents: {
        len(evidence)
    } figures in all. Each document has a
page listing every figure taken from it, with the exact words it was copied from (the *quote*) and where
those words are in the document (the *locator*). Every time the book is built, a check confirms that each
quote is still in its document and that the figure is written in its quote. Figures in the chapters link to
their row on these pages.

{raw_block('<ul class="hb-sources">' + "".join(items) + "</ul>")}

{
        raw_block(
            f'<p><a href="../{EVIDENCE_CSV}" download>Every figure from the {len(catalogue)} documents, with its quote and '
            f"locator, in one file (CSV, {len(evidence)} rows)</a></p>"
        )
    }
"""


def _counts(file: str, evidence: pd.DataFrame, dates: pd.DataFrame | None, lists: pd.DataFrame | None) -> str:
    """How many figures, dated events and list items the book takes from a document, in words."""
    found = [(int((evidence["source"] == file).sum()), "figure", "figures")]
    if dates is not None and len(dates):
        found.append((int((dates["source"] == file).sum()), "dated event", "dated events"))
    if lists is not None and len(lists):
        found.append((int((lists["source"] == file).sum()), "list item", "list items"))
    return (
        ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in found if n).capitalize() or "No rows"
    )


def source_evidence_page(
    document: dict[str, str],
    evidence: pd.DataFrame,
    dates: pd.DataFrame | None = None,
    lists: pd.DataFrame | None = None,
) -> str:
    """One document's page: every figure, dated event and list item taken from it, each anchored by its id.

    Each row is a definition list (no wide table), so it reads on a phone; chapters link to ROW ids here.
    """
    file = document["file"]
    mine = evidence[evidence["source"] == file].sort_index()
    cards = [
        _card(
            evidence_id,
            [
                ("Figure", f'<span class="hb-num">{escape(figure(row["written"], row["unit"]))}</span>'),
                ("What is measured", escape(row["measure"])),
                ("Period", escape(period_text(row) or "none recorded")),
                ("Quote", _quoted(row)),
                ("Where in the document", escape(row["locator"])),
                ("Id", escape(evidence_id)),
            ],
        )
        for evidence_id, row in mine.iterrows()
    ]
    download = raw_block(
        f'<p>{escape(document["what"])}</p>\n<p><a href="../../{escape(source_download(file))}" download>'
        f"Download the document as the book holds it (text, {escape(file)})</a>. "
        f'<a href="../../{EVIDENCE_CSV}" download>Every figure from every document (CSV)</a>.</p>'
    )
    return f"""# {myst_text(document_title(document))}

Publisher and date: {myst_text(document["published"])}. This page lists every figure the book takes from this
document ({len(mine)} in all), then its dated events and list items: for each, the exact words it was copied
from (the *quote*) and where they are in the document. Every build checks each quote against the document.
[All the source documents](../evidence.md).

{download}

## Figures

{_rows("Every figure taken from this document, with its quote", cards)}
{_dates_and_lists(_of(dates, file), _of(lists, file))}"""


def _of(frame: pd.DataFrame | None, file: str) -> pd.DataFrame | None:
    return None if frame is None or not len(frame) else frame[frame["source"] == file]


def evidence_csv(evidence: pd.DataFrame) -> str:
    """Every evidence row as one CSV: the data's own columns, the value as the document prints it.

    Text that a spreadsheet would read as a formula is written as text (the charts' CSV writer).
    """
    from hertsbook.content.charts import spreadsheet_safe

    frame = evidence.sort_index().reset_index()
    frame["value"] = frame["written"]
    columns = [
        c
        for c in ("id", "themes", "measure", "period", "value", "unit", "source", "locator", "quote", "note")
        if c in frame
    ]
    return spreadsheet_safe(frame[columns]).to_csv(index=False, lineterminator="\n")


def auditing_page(checked: list[dict], manifest: dict) -> str:
    """How to reproduce the book, the data checks that ran in this build, and the manifest."""
    checks = []
    for item in checked:
        if item["suite"] == "sha256":
            checks.append(
                f'<tr><th scope="row">{escape(item["file"])}</th><td>sha256 pin</td><td>file unchanged</td><td>passed</td></tr>'
            )
            continue
        for result in item["results"]:
            verdict = (
                "passed" if result["success"] else f"failed (rows {', '.join(map(str, result['rows'][:10]))})"
            )
            checks.append(
                f'<tr><th scope="row">{escape(item["file"])}</th><td>{escape(item["suite"])}</td>'
                f"<td>{escape(result['rule'])}{' (column ' + escape(str(result['kwargs'].get('column'))) + ')' if result['kwargs'].get('column') else ''}</td>"
                f"<td>{verdict}</td></tr>"
            )
    entries = [
        f'<tr><th scope="row">{escape(e["entry"])}</th><td>{escape(e["kind"])}</td><td>{escape(e["theme"])}</td>'
        f"<td><code>{e['sha256']}</code></td></tr>"
        for e in manifest["entries"]
    ]
    # Each chapter's data files, parameters and package; the notebooks' own fingerprints (which change with
    # every edit to their text) are in the published manifest.json, so a text edit rebuilds only its chapter.
    inputs = []
    for theme, made in manifest["themes"].items():
        files = "".join(
            f"<li><code>{escape(p)}</code> <code>{h[:16]}…</code></li>" for p, h in made["data"].items()
        )
        params = escape(", ".join(f"{k} = {v!r}" for k, v in made["parameters"].items()) or "none")
        notebook = escape(", ".join(made["notebook"]))
        inputs.append(
            f"<h3>{escape(theme.replace('_', ' ').capitalize())}</h3><p>Notebook <code>{notebook}</code>. "
            f"Parameters: {params}. Package source <code>{made['package'][:16]}…</code>. Data files:</p>"
            f"<ul>{files}</ul>"
        )
    versions = ", ".join(f"{name} {version}" for name, version in manifest["versions"].items())
    return f"""# Auditing this book

Anyone can rebuild this book from its sources and check that every figure and table is the same as the
published one.

## Which version this is

{_origin_text(manifest.get("built_from", {}))}

## How to reproduce it

On a computer with Python 3.11, `make` and access to the Python Package Index, {
        _clone_text(manifest.get("built_from", {}))
    }

```
{_reproduce_commands(manifest.get("built_from", {}))}make book     # builds the site into _build/html/
make verify   # checks _build/html/ against its manifest.json, rebuilds from scratch, compares every file
```

`make verify` first checks every published file against the site's `manifest.json`, then rebuilds the
site from scratch in a temporary folder and compares it with the published one file by file; it prints a
table of every figure, table and download with the expected and the rebuilt hash, and names each file and
input (data files, notebooks, parameters, packages, the lock file, the commit) that differ if any do.

## Checking a downloaded copy

The site's <a href="../manifest.json">manifest.json</a> lists the SHA-256 of every file published with it. In the
folder of a downloaded copy of the site, with Python 3 (nothing else needed):

```
python3 check.py
```

<a href="../check.py">check.py</a> is published with the site and uses only Python's standard library: it names every
file that is missing, extra or altered, and says "verified" only if there is none. The manifest cannot
fingerprint itself: compare it with a copy you trust.

## What the checks cover

- Every data file is checked against its rules before any chapter runs (the table below lists each rule and
  its result in this build).
- Every figure taken from a document is checked against the document's words (see
  [Sources and evidence](evidence.md)).
- Every figure, table and download on the site has a fingerprint (a SHA-256 hash) in the manifest, with the
  data files, notebook, parameters and package versions that made it. Two builds of the same version give
  the same bytes: dates, random ids and timings are fixed or removed.

Packages that drew the charts and tables: {escape(versions)}.

## The data checks that ran in this build

{
        _raw_table(
            "Every data check in this build: file, rule set, rule and result",
            "Every data check in this build",
            ["File", "Rule set", "Rule", "Result"],
            checks,
        )
    }

## The manifest

{
        _raw_table(
            "Every figure, download and table on the site with its SHA-256 fingerprint",
            "The manifest",
            ["Entry", "Kind", "Chapter", "SHA-256"],
            entries,
        )
    }

## What made each chapter

The whole manifest, with the full fingerprints and each notebook's own, is published as
<a href="../manifest.json">manifest.json</a>; `make verify` compares a rebuild with it.

```{{raw}} html
{"".join(inputs)}
```
"""


def _origin_text(origin: dict) -> str:
    """Which commit the site was built from, and of which repository when _config.yml names it."""
    url = origin.get("repository") or ""
    where = f' of the repository at <a href="{escape(url)}">{escape(url)}</a>' if url else ""
    if not origin.get("commit"):
        return (
            "This site was not built from a git checkout, so no commit can be named; its "
            '<a href="../manifest.json">manifest.json</a> still fingerprints every file.'
        )
    changes = (
        " The working tree had uncommitted changes when it was built, so that commit alone may not reproduce it."
        if origin.get("uncommitted_changes")
        else ""
    )
    return f"This site was built from commit `{escape(origin['commit'])}`{where}.{changes}"


def _clone_text(origin: dict) -> str:
    if origin.get("repository") and origin.get("commit"):
        return "clone the repository at that commit and build it:"
    if origin.get("commit"):
        return "clone the repository this site was built from, then, in its folder:"
    return "in a checkout of the repository this site was built from:"


def _reproduce_commands(origin: dict) -> str:
    lines = []
    if origin.get("repository") and origin.get("commit"):
        lines.append(f"git clone {origin['repository']} hertsbook && cd hertsbook")
    if origin.get("commit"):
        lines.append(f"git checkout {origin['commit']}")
    return "".join(f"{line}\n" for line in lines)


def _dates_and_lists(dates: pd.DataFrame | None, lists: pd.DataFrame | None) -> str:
    """A source page's sections for dated events and list items, each row anchored and quoted."""
    parts = []
    if dates is not None and len(dates):
        cards = [
            _card(
                date_id,
                [
                    ("Date", escape(row["date"])),
                    ("Event", escape(row["event"])),
                    ("Quote", _quoted(row)),
                    ("Where in the document", escape(row["locator"])),
                    ("Id", escape(date_id)),
                ],
            )
            for date_id, row in dates.sort_index().iterrows()
        ]
        parts.append(f"""
## Dated events

Every dated event or period the book takes from this document: {len(dates)} in all. The date is written
`YYYY-MM-DD`, or `YYYY-MM` and `YYYY` when the document gives no finer date; the quote shows the date as the
document writes it.

{_rows("Every dated event taken from this document, with its quote", cards)}
""")
    if lists is not None and len(lists):
        cards = []
        for _, row in lists.sort_values(["list", "position"], key=_natural).iterrows():
            item = row.get("item") or row.get("ambition") or ""
            cards.append(
                _card(
                    f"{row['list']}-{row['position']}",
                    [
                        ("Item", escape(str(item))),
                        ("List and position", f"{escape(row['list'])}, item {escape(str(row['position']))}"),
                        ("Quote", _quoted(row)),
                        ("Where in the document", escape(row["locator"])),
                    ],
                )
            )
        parts.append(f"""
## Lists

Lists in this document that the book uses as data (principles, objectives and so on): {
            lists["list"].nunique()
        } lists, {len(lists)} items, in the document's order. Each item's words are checked against its quote.
Where the document's layout splits an item (a table whose cells the text of the PDF interleaves with the
next), the quote gives its parts in order joined by " … ", and each part is checked to be in the document.

{_rows("Every list item taken from this document, with its quote", cards)}
""")
    return "".join(parts)


def national_page(records: list[dict]) -> str:
    """The national data files: what each is, who published it, its licence, origin and caveats.

    Figures the chapters take or work out from a national file link to its section (national.html#ANCHOR).
    """
    sections = []
    for record in records:
        retrieved = record.get("retrieved_from")
        got = (
            f"<li><strong>Retrieved from:</strong> <code>{escape(retrieved['path'])}</code> in the repository "
            f"<code>{escape(retrieved['repository'])}</code> at commit <code>{escape(retrieved['commit'])}</code></li>"
            if retrieved
            else ""
        )
        caveats = "".join(f"<li>{escape(c)}</li>" for c in record.get("caveats", []))
        columns = ", ".join(f"<code>{escape(c)}</code>" if c else "(unnamed)" for c in record["columns"])
        origin = str(record["origin"])
        where = (
            f'<a href="{escape(origin)}">{escape(origin)}</a>'
            if origin.startswith(("https://", "http://"))
            else escape(origin)
        )
        details = (
            f"<p>{escape(record['title'])}.</p>\n<ul>\n"
            f"<li><strong>File:</strong> <code>data/national/{escape(record['file'])}</code>, copied unchanged; its "
            f"SHA-256 fingerprint, checked by every build, is <code>{escape(record['sha256'])}</code></li>\n"
            f"<li><strong>Publisher:</strong> {escape(record['publisher'])}</li>\n"
            f"<li><strong>Licence:</strong> {escape(record['licence'])}</li>\n"
            f"<li><strong>Origin:</strong> {where}</li>\n{got}\n"
            f"<li><strong>Columns:</strong> {columns}</li>\n"
            f"<li><strong>Caveats:</strong><ul>{caveats}</ul></li>\n</ul>"
        )
        sections.append(
            f"""({national_anchor(record["file"])})=
## {myst_text(record["title"].split(":")[0])}

{raw_block(details)}

"""
        )
    return f"""# National data

Besides its source documents, the book uses {len(records)} files of national statistics. Each is a
copy of the published file, never edited, and the build stops if one changes. Figures in the chapters that
are taken or worked out from one of them link to its section here. Each chart built on them has the figures
in a table beside it and a CSV file to download.

{"".join(sections)}"""


def _natural(column: pd.Series) -> pd.Series:
    """Positions sort as numbers (2 before 10), list names as text."""
    import pandas as pd

    return pd.to_numeric(column, errors="coerce") if column.name == "position" else column


def _quotes(ids: tuple[str, ...], evidence: pd.DataFrame, dates: pd.DataFrame) -> list[dict]:
    """The quotes behind a finding, one per distinct (source, quote), with every id that shares it."""
    grouped: dict[tuple[str, str], dict] = {}
    for item in ids:
        row = evidence.loc[item] if item in evidence.index else dates.loc[item]
        key = (row["source"], row["quote"])
        entry = grouped.setdefault(
            key, {"source": row["source"], "quote": row["quote"], "locator": row["locator"], "ids": []}
        )
        entry["ids"].append(item)
    return list(grouped.values())


def audit_page(findings: list, evidence: pd.DataFrame, dates: pd.DataFrame) -> str:
    """Every audit finding (hertsbook.content.audit): verdict, the document's words, the working and what the book does."""
    from hertsbook.content.audit import RANKING_RULE, VERDICTS, impact
    from hertsbook.content.text import evidence_link

    counts = {v: sum(f.verdict == v for f in findings) for v in VERDICTS}
    summary = "\n".join(f"- {verdict}: {count}" for verdict, count in counts.items() if count)
    contents = "\n".join(
        f"{n}. {{ref}}`audit-{f.id}` ({myst_text(f.verdict)}; {myst_text(impact(f))})"
        for n, f in enumerate(findings, start=1)
    )
    sections = []
    for n, f in enumerate(findings, start=1):
        quotes = "\n".join(
            f"<li>“{escape(q['quote'])}”<br><small>{escape(q['source'])}: {escape(q['locator'])}. Evidence: "
            + ", ".join(evidence_link(i, i, q["source"]) for i in q["ids"])
            + "</small></li>"
            for q in _quotes(f.evidence, evidence, dates)
        )
        files = " and ".join(f"<code>data/national/{escape(file)}</code>" for file in f.national_files)
        national = (
            f"<p><strong>National data:</strong> {files} (copied unchanged; "
            + (
                "their provenance files are beside them"
                if len(f.national_files) > 1
                else "its provenance file is beside it"
            )
            + ").</p>\n"
            if f.national_files
            else ""
        )
        finding = f"""<div class="hb-finding" id="finding-{escape(f.id)}">
<p><strong>Verdict:</strong> {escape(f.verdict)}. <strong>Rank:</strong> {n} of {len(findings)}: {escape(impact(f))}.</p>
<p><strong>What the documents say:</strong></p>
<ul>
{quotes}
</ul>
<p><strong>The arithmetic (worked out by the book):</strong> {escape(f.arithmetic)}</p>
{national}<p><strong>What the book does:</strong> {escape(f.action)}</p>
</div>"""
        sections.append(f"""
(audit-{f.id})=
## {myst_text(f.title)}

{raw_block(finding)}
""")
    return f"""# Audit of the sources

The book checks the sources' own arithmetic and sets their figures beside national data. Each check below
quotes the documents' words (each quote links to its row on the [evidence page](evidence.md)), shows the
working, gives a verdict and says what the book does with the figure. The working is done by the book's code
from the figures as printed, every time the book is built; nothing here is typed by hand.

The verdicts: *adds up* (the document's figures agree with each other), *does not add up* (they do not),
*agrees with national data* and *disagrees with national data* (the figure against the published national
dataset for the same place and period), and *cannot be checked* (the sources do not give what the check
needs).

{myst_text(RANKING_RULE)}

{summary}

{contents}
{"".join(sections)}"""


def _raw_table(caption: str, label: str, headers: list[str], rows: list[str], css: str = "hb-table") -> str:
    """A wide table on a page written from data: a labelled box a keyboard can scroll, as a MyST raw block."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "\n".join(rows)
    return raw_block(
        f'<div class="hb-table-scroll" role="region" aria-label="{escape(label)}" tabindex="0">\n'
        f'<table class="{css}">\n<caption>{escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        f"{body}\n</tbody></table></div>"
    )
