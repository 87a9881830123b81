"""Data is text, never markup: every string from data/ reaches a page escaped for where it lands.

Each payload below would, pasted as it is, open something live: an HTML element, a Markdown link, a MyST role
or directive, a fence closer (after which the rest of a page is parsed as MyST), dollar maths, a substitution,
a heading or list made of a newline. Chapters' HTML is parsed as a browser would; the pages written from data
are tokenised as MyST would read them (myst-parser's own parser), so "escaped" means what the site builder
sees, not what a string looks like.
"""

from __future__ import annotations

import json
import re
import shutil
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest
import yaml
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from hertsbook.content import charts, data
from hertsbook.content.audit import Finding
from hertsbook.content.text import bullets, html_text, myst_text, paragraph, raw_block
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.content.themes import day_services as ds
from hertsbook.content.themes import early_help as eh
from hertsbook.content.themes import prevention as prev
from hertsbook.publish import pages

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = "../" * 12 + "etc/hostname"  # from any page of any staging folder: a file outside the repository

PAYLOADS = {
    "html": '<b id="inj">bold</b><script>alert(1)</script><img src=x onerror=alert(1)>',
    "anchor": '<a href="https://evil.example/a">click</a>',
    "markdown link": "[click](https://evil.example/m) ![img](https://evil.example/i.png) <https://evil.example/auto>",
    "download role": f"{{download}}`{OUTSIDE}`",
    "raw role": "{raw}`html <i>raw</i>`",
    "fence closer": f"x\n```\n\n{{download}}`{OUTSIDE}`\n\n```{{raw}} html\n<i>after the fence</i>\n```\n",
    "tilde fence": "~~~\n<i>tilde</i>\n~~~",
    "colon fence": ":::\n\n:::{note}\ninside a directive\n:::\n",
    "dollar maths": "$x^2$ and $$y = 1$$",
    "substitution": "{{ author }} {{title}}",
    "newlines": "one\n\n# A heading\n\n- a list item\n1. numbered\n(a-label)=\n> quoted\n---",
    "emphasis and code": "**strong** _em_ `code` \\escaped &amp; &#96;",
    "target and comment": "(inj-target)=\n% a comment\n+++ a block break",
}


def payload_ids() -> list[str]:
    return list(PAYLOADS)


# --- reading what a page holds ----------------------------------------------------------------------------


class Elements(HTMLParser):
    """Every element, attribute and the visible text of an HTML fragment, as a browser would parse it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.feed(html)
        self.close()
        self.text = "".join(self.chunks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


# What the package itself writes: anything else in a page's HTML came from data.
PACKAGE_TAGS = {"p", "ul", "ol", "li", "a", "code", "br", "small", "strong", "div", "table", "caption"}
PACKAGE_TAGS |= {"thead", "tbody", "tr", "th", "td", "figure", "img", "figcaption", "details", "summary"}
PACKAGE_TAGS |= {"picture", "source", "dl", "dt", "dd", "span"}


LINKING = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href"}


def assert_inert_html(html: str, *texts: str) -> None:
    """No element or link a payload could make; each text is in the visible text, character for character."""
    found = Elements(html)
    for tag, attrs in found.tags:
        assert tag in PACKAGE_TAGS, f"a <{tag}> element came from data"
        assert attrs.get("id") != "inj", "an element from data"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"an event handler {name} from data"
            if name in LINKING:
                assert "evil.example" not in (value or ""), f"a link from data: {name}={value}"
        if tag == "img":
            assert attrs.get("src", "").startswith("../figures/"), attrs
    for text in texts:
        assert text in found.text, f"{text!r} is not shown as text"


def myst_tokens(source: str) -> list:
    """The MyST tokens of a page as the book's parser reads them (the extensions _config.yml enables)."""
    book = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config = MdParserConfig(enable_extensions=set(book["parse"]["myst_enable_extensions"]))
    from markdown_it.renderer import RendererHTML

    parser = create_md_parser(config, RendererHTML)
    out = []

    def walk(tokens: list) -> None:
        for token in tokens:
            out.append(token)
            walk(token.children or [])

    walk(parser.parse(source))
    return out


def assert_inert_page(
    source: str, allowed_links: set[str], allowed_roles: set[str], *texts: str, code: frozenset = frozenset()
) -> str:
    """A generated page: MyST markup only where the code put it; data inside raw HTML, inert and shown whole.

    `code` are the page's own code spans (in its prose, not from data).

    Returns the HTML of the page's raw blocks.
    """
    tokens = myst_tokens(source)
    kinds = {t.type for t in tokens}
    for kind in ("html_block", "html_inline", "colon_fence", "math_inline", "math_block", "image"):
        assert kind not in kinds, f"{kind} from data"
    assert not any(k.startswith("substitution") for k in kinds), "a substitution from data"
    for token in tokens:
        if token.type == "link_open":
            assert token.attrs.get("href") in allowed_links, token.attrs
        if token.type == "code_inline":
            assert token.content in code, f"a code span from data: {token.content!r}"
        if token.type == "myst_role":
            assert token.meta["name"] in allowed_roles, token.meta
        if token.type == "fence":
            assert token.info.strip() in {"{raw} html", ""}, f"a {token.info!r} block from data"
            assert token.info.strip() == "{raw} html", "a code block from data"
    raw = "\n".join(t.content for t in tokens if t.type == "fence")
    assert "`" not in raw, "a backtick in a raw block could close it"
    plain = "".join(t.content for t in tokens if t.type == "text")
    for text in texts:
        folded = " ".join(text.split())
        assert text in Elements(raw).text or folded in plain, f"{text!r} is not on the page as text"
    assert_inert_html(raw)
    return raw


# --- the escapes themselves -------------------------------------------------------------------------------


def test_myst_text_escapes_every_ascii_punctuation_and_folds_whitespace() -> None:
    every = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum())
    escaped = myst_text(every + " a\n\n b\t\r\u2028c")
    assert escaped == "".join("\\" + c for c in every) + " a b c"
    tokens = myst_tokens("## " + myst_text(every))
    assert "".join(t.content for t in tokens if t.type == "text") == every


def test_html_text_escapes_markup_and_backticks() -> None:
    assert html_text("<a href='x'>&`</a>") == "&lt;a href=&#x27;x&#x27;&gt;&amp;&#96;&lt;/a&gt;"
    assert html_text(3.5) == "3.5"


def test_a_raw_block_cannot_be_closed_from_inside() -> None:
    block = raw_block("<p>```\n{download}`x`\n```</p>\n````")
    tokens = myst_tokens(block + "\n\nafter")
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 1 and fences[0].info == "{raw} html"
    assert "myst_role" not in {t.type for t in tokens}


@pytest.mark.parametrize("name", payload_ids())
def test_bullets_and_paragraphs_show_data_as_text(name: str) -> None:
    payload = PAYLOADS[name]
    made = {
        bullets([payload, "second"]): ("ul", 2, payload),
        bullets([payload], ordered=True): ("ol", 1, payload),
        prev.bullet_list([payload, "b"]): ("ul", 2, payload[:1].upper() + payload[1:]),
        ds.numbered_list_html([payload + "x"]): ("ol", 1, payload + "x"),
    }
    for html, (kind, items, text) in made.items():
        assert_inert_html(html, text)
        tags = [tag for tag, _ in Elements(html).tags]
        assert tags == [kind] + ["li"] * items, "a list is HTML, one element per item"  # never Markdown
    assert_inert_html(paragraph(html_text(payload)), payload)


# --- the chapters' HTML -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(project):
    evidence = data.evidence(project)
    return {
        "evidence": evidence,
        "dates": data.dates(project),
        "lists": data.lists(project),
        "population": data.ons_snpp(project),
        "census": data.dfe_early_education(project),
        "neighbours": data.dfe_statistical_neighbours(project),
        "trend": data.ascof_trend(project),
    }


@pytest.mark.parametrize("name", payload_ids())
def test_every_sentence_built_from_data_shows_it_as_text(real, name: str) -> None:
    payload = PAYLOADS[name]
    evidence = real["evidence"].copy()
    evidence.loc["eh-injection-total", "period"] = payload
    parts = eh.injection(evidence)
    assert_inert_html(eh.injection_sentence(evidence, parts), payload)

    population = real["population"].copy()
    population.loc[population["code"] == "E10000015", "area"] = payload
    claims = prev.strategy_projection(real["evidence"])
    assert_inert_html(
        prev.population_sentence(real["evidence"], claims, population, "E10000015", 2037), payload
    )

    compared = prev.neighbours_take_up(real["census"], real["neighbours"], 2018)
    compared["area"] = [f"{payload} {i}" for i in range(len(compared))]
    compared.loc[1, "take_up_percent"] = 101.0  # the sentence names an area above 100%
    assert_inert_html(prev.neighbours_sentence(compared, 2018), f"{payload} 0", f"{payload} 1")

    drawn = pd.DataFrame({"council_percent": [1.0, 2.0], "england_percent": [2.0, 1.0]})
    assert_inert_html(acp.council_sentence(drawn, payload, payload), payload)

    trend = real["trend"]
    lines = acp.trend_lines(trend, "E10000015", None)
    lines["year"] = payload + lines["year"]
    names = {code: payload for code in acp.TREND_MEASURES}
    assert_inert_html(acp.trend_sentence(lines, names, payload), payload)
    assert_inert_html(acp.trend_sentence(lines.iloc[0:0], names, payload), payload)

    spend_evidence = real["evidence"].copy()
    spend_evidence["measure"] = spend_evidence["measure"].where(
        ~spend_evidence.index.str.startswith("la-exp-"), "net spend on " + payload
    )
    spend = acp.expenditure(spend_evidence)
    assert_inert_html(acp.expenditure_sentence(spend_evidence, spend), payload.lower())

    chosen = ds.spend(real["evidence"])
    chosen["year"] = payload + chosen["year"]
    assert_inert_html(ds.spend_sentence(real["evidence"], chosen), payload)


# The payloads are far longer than any real label, so matplotlib cannot fit the narrow chart around them and
# says so; this test is about escaping, not layout (the chart tests check real charts' layout and text size).
@pytest.mark.filterwarnings("ignore:constrained_layout not applied:UserWarning")
@pytest.mark.parametrize("name", payload_ids())
def test_a_chart_and_its_table_show_data_as_text(tmp_path, monkeypatch, name: str) -> None:
    import matplotlib.pyplot as plt

    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    payload = PAYLOADS[name]
    drawn = pd.DataFrame({payload: [payload, "b"], "value": [1.5, -2]})
    draw = partial(charts.bars, drawn, payload, "value", [payload, "-2"], payload)
    chart = charts.Chart("inj-chart", payload, payload, payload, payload, (data.ONS_SNPP,))
    html = charts.publish(draw, chart, drawn)
    assert_inert_html(html, payload)
    alts = [attrs["alt"] for tag, attrs in Elements(html).tags if tag == "img"]
    assert alts == [payload]
    assert_inert_html(charts.table_html(drawn, payload), payload)
    svg = ElementTree.parse(tmp_path / "inj-chart.svg").getroot()
    assert not [e for e in svg.iter() if e.tag.endswith("script") or e.get("id") == "inj"]
    words = " ".join(" ".join(e.itertext()) for e in svg.iter() if e.tag.endswith("text"))
    assert payload.split("\n")[0][:20] in words.replace("\n", " ")  # text, and "$x^2$" not typeset as maths
    plt.close("all")


def test_the_notebooks_display_no_markdown() -> None:
    """myst-nb parses a text/markdown output as MyST: a chapter shows HTML built in the package instead."""
    for notebook in sorted((ROOT / "notebooks").glob("*.py")):
        code = notebook.read_text(encoding="utf-8")
        assert not re.search(r"\bMarkdown\b", code), notebook.name


# --- the pages written from data --------------------------------------------------------------------------


def evidence_frames(payload: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    evidence = pd.DataFrame(
        {
            "measure": [payload],
            "period": [payload],
            "written": ["-3.5"],
            "unit": [payload],
            "quote": [payload],
            "source": [payload],
            "locator": [payload],
        },
        index=pd.Index(["inj-figure"], name="id"),
    )
    dates = pd.DataFrame(
        {
            "event": [payload],
            "date": [payload],
            "quote": [payload],
            "source": [payload],
            "locator": [payload],
        },
        index=pd.Index(["inj-date"], name="id"),
    )
    lists = pd.DataFrame(
        {
            "list": ["inj_list", "inj_list"],
            "position": ["1", "2"],
            "item": [payload, payload + "2"],
            "source": [payload] * 2,
            "locator": [payload] * 2,
            "quote": [payload] * 2,
        }
    )
    return evidence, dates, lists


@pytest.mark.parametrize("name", payload_ids())
def test_the_evidence_pages_show_data_as_text(name: str) -> None:
    """The index and a document's page: every field of every row, and the document's description, as text."""
    payload = PAYLOADS[name]
    frames = evidence_frames(payload)
    for frame in frames:
        frame["source"] = "inj.txt"  # a real document's file name (a name that is not plain is refused)
    document = {"file": "inj.txt", "what": payload, "published": payload}
    page = pages.source_evidence_page(document, *frames)
    prose = frozenset({"YYYY-MM-DD", "YYYY-MM", "YYYY"})
    raw = assert_inert_page(
        page, {"../evidence.md"}, set(), payload, payload + "2", f"−3.5 {payload}", code=prose
    )
    ids = {attrs.get("id") for _, attrs in Elements(raw).tags}
    assert {"inj-figure", "inj-date", "inj_list-1", "inj_list-2"} <= ids  # the anchors chapters link to
    headings = [t for t in myst_tokens(page) if t.type == "heading_open"]
    assert len(headings) == 4  # the title, Figures, Dated events, Lists: none from data
    index = pages.evidence_index([document], *frames)
    raw = assert_inert_page(index, set(), set(), payload)
    hrefs = {attrs.get("href") for tag, attrs in Elements(raw).tags if tag == "a"}
    assert hrefs == {"evidence/inj.html", "../downloads/sources/inj.txt", "../downloads/evidence.csv"}
    with pytest.raises(ValueError, match="not a plain file name"):
        pages.evidence_index([dict(document, file=payload)], *frames)


@pytest.mark.parametrize("name", payload_ids())
def test_the_national_page_shows_provenance_as_text(name: str) -> None:
    payload = PAYLOADS[name]
    record = {
        "file": "inj_file.csv",
        "title": f"Title {payload}: more {payload}",
        "publisher": payload,
        "licence": payload,
        "origin": payload,
        "retrieved_from": {"repository": payload, "path": payload, "commit": payload},
        "sha256": payload,
        "caveats": [payload, payload + "2"],
        "columns": [payload, ""],
    }
    linked = dict(record, file="linked.csv", origin="https://example.org/x?a=1&b=2", title="Linked")
    page = pages.national_page([record, linked])
    raw = assert_inert_page(page, set(), set(), payload, payload + "2", f"Title {payload}")
    assert page.count("(national-inj-file)=\n## ") == 1 and "(national-linked)=\n## " in page
    heading = [t for t in myst_tokens(page) if t.type == "heading_open"]
    assert len(heading) == 3  # the page's title and one per file: no heading from data
    hrefs = [attrs.get("href") for tag, attrs in Elements(raw).tags if tag == "a"]
    assert hrefs == ["https://example.org/x?a=1&b=2"]  # an origin that is not a web address is not a link


@pytest.mark.parametrize("name", payload_ids())
def test_the_audit_page_shows_quotes_as_text(name: str) -> None:
    payload = PAYLOADS[name]
    evidence, dates, _ = evidence_frames(payload)
    finding = Finding(
        "inj", payload, ("inj-figure", "inj-date"), payload, "adds up", payload, national=payload
    )
    page = pages.audit_page([finding], evidence, dates)
    raw = assert_inert_page(page, {"evidence.md"}, {"ref"}, payload)
    assert "(audit-inj)=\n## " in page
    assert [t.content for t in myst_tokens(page) if t.type == "myst_role"] == ["audit-inj"]
    hrefs = {attrs.get("href") for tag, attrs in Elements(raw).tags if tag == "a"}
    # The quotes' source is the payload, not a plain file name: the links go to the index, never to a path
    # from data (a real document's rows link to its page: tests/test_evidence_pages.py).
    assert hrefs == {"../book/evidence.html#inj-figure", "../book/evidence.html#inj-date"}


# --- CSV downloads: no formula reaches a spreadsheet ------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_that_would_be_a_formula_is_written_as_text(start: str) -> None:
    cell = f'{start}HYPERLINK("https://evil.example","x")'
    assert charts.spreadsheet_cell(cell) == "'" + cell
    assert charts.spreadsheet_cell("  " + cell) == "'  " + cell  # leading spaces are skipped by spreadsheets
    assert charts.spreadsheet_cell("a" + cell) == "a" + cell


def test_numbers_and_plain_text_stay_as_they_are() -> None:
    for value in (-1, -2.5, 0, 3, float("nan"), None, True, "-3", "-3.25", "+4", "1e-3", "-.5", "text", ""):
        kept = charts.spreadsheet_cell(value)
        assert kept is value or kept == value


def test_spreadsheet_safe_covers_cells_and_headers_and_keeps_numbers(tmp_path) -> None:
    frame = pd.DataFrame(
        {
            "=SUM(A1)": ["=cmd|' /C calc'!A0", "-x", "-3", None, "plain"],
            "ints": [-1, 2, -3, 4, 5],
            "floats": [-1.5, float("nan"), 2.0, -0.25, 1e6],
            "mixed": pd.Series([-1, "+1", "@me", 2.5, float("nan")], dtype=object),
        }
    )
    safe = charts.spreadsheet_safe(frame)
    assert list(safe.columns) == ["'=SUM(A1)", "ints", "floats", "mixed"]
    assert list(safe["'=SUM(A1)"][:3]) == ["'=cmd|' /C calc'!A0", "'-x", "-3"]
    assert pd.isna(safe["'=SUM(A1)"][3]) and safe["'=SUM(A1)"][4] == "plain"
    assert safe["ints"].dtype == frame["ints"].dtype and list(safe["ints"]) == [-1, 2, -3, 4, 5]
    assert safe["floats"].equals(frame["floats"])
    assert list(safe["mixed"][:4]) == [-1, "+1", "'@me", 2.5] and pd.isna(safe["mixed"][4])
    assert list(frame.columns)[0] == "=SUM(A1)"  # the frame drawn is not changed
    written = tmp_path / "x.csv"
    safe.to_csv(written, index=False, lineterminator="\n")
    lines = written.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "'=SUM(A1),ints,floats,mixed"
    assert lines[1] == "'=cmd|' /C calc'!A0,-1,-1.5,-1"
    assert lines[3] == "-3,-3,2.0,'@me"


def test_a_published_csv_holds_no_formula(tmp_path, monkeypatch) -> None:
    import matplotlib.pyplot as plt

    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    drawn = pd.DataFrame({"area": ['=HYPERLINK("https://evil.example")', "@x"], "value": [-1.5, 2.0]})
    charts.publish(lambda layout: plt.figure(), charts.Chart("csv", "t", "s", "src", "alt"), drawn)
    assert (tmp_path / "csv.csv").read_text(encoding="utf-8") == (
        'area,value\n"\'=HYPERLINK(""https://evil.example"")",-1.5\n\'@x,2.0\n'
    )


# --- the built site -------------------------------------------------------------------------------------


# No substitution here ({{ x }}, tested above): live, an undefined one only stops the build with a warning,
# and this payload is meant to show what reaches a built page.
BUILD_PAYLOAD = (
    'inj-payload <b id="inj">bold</b> [inj-link](https://evil.example/m) {download}`' + OUTSIDE + "`\n"
    "```\n\n{download}`" + OUTSIDE + '`\n\n```{raw} html\n<img id="inj" src="https://evil.example/i">\n'
    '```\n:::{note}\ninj-note\n:::\n$inj^2$ <a href="https://evil.example/a">inj-a</a> end'
)


def _pin(project_root: Path, name: str) -> None:
    """After a scratch edit of a source document, pin its new fingerprint in the catalogue."""
    import hashlib

    catalogue = project_root / "expectations" / "catalogue.json"
    entries = json.loads(catalogue.read_text(encoding="utf-8"))
    for entry in entries["datasets"]:
        if entry["files"] == f"data/sources/{name}":
            entry["sha256"] = hashlib.sha256(
                (project_root / "data" / "sources" / name).read_bytes()
            ).hexdigest()
    catalogue.write_text(json.dumps(entries, indent=1), encoding="utf-8")


def test_payloads_in_real_data_files_reach_the_site_as_text(clone_built, tmp_path) -> None:
    """A list item (with its quote in its source), a dated event, a figure's measure and a national file's
    title and caveat, each holding the payload: the build passes and the site shows them as text only."""
    from tests.helpers import hertsbook

    root = clone_built(tmp_path / "book")
    source = "2018-11-prevention-strategy.txt"
    with (root / "data" / "sources" / source).open("a", encoding="utf-8") as text:
        text.write("\n" + BUILD_PAYLOAD + "\n")
    _pin(root, source)
    aims = root / "data" / "lists" / "prevention_aims.csv"
    frame = pd.read_csv(aims, dtype=str, keep_default_na=False)
    frame.loc[0, ["item", "quote"]] = BUILD_PAYLOAD
    frame.to_csv(aims, index=False, lineterminator="\n")
    for path, column, row in (
        (root / "data" / "dates" / "2025-07-adult-care-cabinet-panel-summary.csv", "event", 0),
        (root / "data" / "evidence" / "2020-adult-care-local-account-2018-2020.csv", "measure", None),
    ):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        at = frame.index[frame["id"] == "la-new-requests-2019-20"][0] if row is None else row
        assert at in frame.index
        frame.loc[at, column] = BUILD_PAYLOAD
        frame.to_csv(path, index=False, lineterminator="\n")
    provenance = root / "data" / "national" / "ons_snpp_2018based_table2_persons_ons_pop.provenance.json"
    record = json.loads(provenance.read_text(encoding="utf-8"))
    record["title"] = record["title"] + " " + BUILD_PAYLOAD
    record["caveats"].append(BUILD_PAYLOAD)
    provenance.write_text(json.dumps(record, indent=1), encoding="utf-8")

    done = hertsbook(root, "build")
    assert done.returncode == 0, done.stderr[-3000:]
    site = root / "_build" / "html"
    shown = {}
    for page in sorted(site.rglob("*.html")):
        found = Elements(page.read_text(encoding="utf-8"))
        for tag, attrs in found.tags:
            assert attrs.get("id") != "inj", f"{page.name}: an element from data"
            for name in LINKING & set(attrs):
                assert "evil.example" not in (attrs[name] or ""), f"{page.name}: a link or image from data"
            assert "download" not in (attrs.get("class") or "").split() or tag != "a", (
                f"{page.name}: a download"
            )
            assert "math" not in (attrs.get("class") or "").split(), f"{page.name}: maths from data"
        assert "inj-note" not in found.text or 'class="admonition' not in page.read_text(encoding="utf-8")
        shown[page.relative_to(site).as_posix()] = found.text
    visible = " ".join(BUILD_PAYLOAD.split())
    for page in (
        "notebooks/prevention.html",  # the list item
        "notebooks/adult_care_performance.html",  # the figure's measure, in a table
        "book/evidence/2018-11-prevention-strategy.html",  # the list item
        "book/evidence/2025-07-adult-care-cabinet-panel-summary.html",  # the dated event
        "book/evidence/2020-adult-care-local-account-2018-2020.html",  # the figure's measure
        "book/national.html",  # the title (a heading) and the caveat
    ):
        assert visible.lower() in " ".join(shown[page].split()).lower(), f"{page} does not show the payload"
    assert not (site / "_downloads").exists() or not any((site / "_downloads").rglob("*"))
    hostname = Path("/etc/hostname").read_bytes() if Path("/etc/hostname").is_file() else None
    for published in site.rglob("*"):
        if published.is_file() and hostname and published.stat().st_size == len(hostname):
            assert published.read_bytes() != hostname, f"{published}: a file from outside the repository"


def test_a_page_that_offers_a_file_from_outside_the_book_stops_the_build(clone_built, tmp_path) -> None:
    """The guard in the book's Sphinx extension: a download outside the staged sources names page and path."""
    from tests.helpers import hertsbook

    root = clone_built(tmp_path / "book")
    site = root / "_build" / "html"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    page = root / "book" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{{download}}`{OUTSIDE}`\n", encoding="utf-8")
    done = hertsbook(root, "build")
    assert done.returncode != 0
    message = done.stderr
    assert "A page references a file outside the book" in message, message[-3000:]
    assert re.search(
        r"book/glossary\.md: download '(\.\./)+etc/hostname' is /etc/hostname, outside", message
    ), message[-3000:]
    assert "Traceback" not in message
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before  # the site is untouched
    shutil.rmtree(root)


def _sphinx_build(tmp_path: Path, page: str) -> None:
    """A one-page Sphinx build with the book's extension (seconds, not a book build)."""
    from sphinx.application import Sphinx

    source = tmp_path / "source"
    source.mkdir(exist_ok=True)
    (source / "conf.py").write_text(
        'extensions = ["myst_parser", "hertsbook.publish.sphinx_refuse_outside"]\n'
    )
    (source / "index.md").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    app = Sphinx(str(source), str(source), str(out / "html"), str(out / "doctrees"), "html", status=None)
    app.build()


@pytest.mark.parametrize(
    "reference",
    ["{download}`../secret.txt`", "![a picture](../secret.png)", "{download}`inside/link.txt`"],
    ids=["download", "image", "symlink"],
)
def test_the_sphinx_guard_refuses_every_file_outside_the_sources(tmp_path, reference: str) -> None:
    from sphinx.errors import SphinxError  # the guard's error is one: without the guard, nothing is raised

    for name in ("secret.txt", "secret.png"):
        (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n" if name.endswith(".png") else b"secret")
    (tmp_path / "source" / "inside").mkdir(parents=True)
    (tmp_path / "source" / "inside" / "link.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(
        SphinxError, match=r"^index\.md: (download|image) '.*' is .*secret\.(txt|png), outside"
    ):
        _sphinx_build(tmp_path, f"# Page\n\n{reference}\n")
    assert not (tmp_path / "out" / "html" / "_downloads").exists()
    assert not (tmp_path / "out" / "html" / "_images").exists()


def test_the_sphinx_guard_lets_the_books_own_files_through(tmp_path) -> None:
    (tmp_path / "source" / "files").mkdir(parents=True)
    (tmp_path / "source" / "files" / "table.csv").write_text("a,b\n1,2\n")
    _sphinx_build(tmp_path, "# Page\n\n{download}`files/table.csv`\n")
    assert [p.name for p in (tmp_path / "out" / "html" / "_downloads").rglob("*.csv")] == ["table.csv"]


@pytest.fixture(scope="module")
def dhsc_series(project):
    from hertsbook.content import ascof

    series = data.ascof_series(project)
    contents = data.ascof_contents(project)
    return (
        series,
        ascof.lookup(series),
        contents,
        ascof.breaks(data.ascof_comparability_log(project), list(contents["measure"])),
    )


@pytest.mark.parametrize("name", payload_ids())
def test_the_dhsc_series_sentences_and_tables_show_names_as_text(real, dhsc_series, name: str) -> None:
    """A council's or a measure's name from the DHSC workbook is text in every sentence and table cell."""
    from hertsbook.content import ascof
    from hertsbook.content.charts import table_html

    payload = PAYLOADS[name]
    series, lookup, contents, breaks = dhsc_series
    contents = contents.assign(description=payload)
    where = ascof.Place("E06000060", payload, payload, "U", None)  # a council with missing figures
    compared = acp.national_compare(lookup, where, "2024-25", contents)
    assert_inert_html(acp.national_sentence(compared, where, "2024-25", contents), payload)
    table = acp.national_table(compared, lookup, breaks, where, contents, payload)
    assert_inert_html(table_html(table, payload), payload)
    names = dict.fromkeys(contents["measure"], payload)  # (measure_names would capitalise its first letter)
    assert_inert_html(acp.over_the_years_sentence(series, where, breaks, names), payload)
    beside = acp.panel_beside_ascof(real["evidence"], series)
    assert_inert_html(
        table_html(
            acp.panel_display(real["evidence"], beside),
            payload,
            ("Report's figure", "Nearest ASCOF 2024-25 figure"),
        ),
        payload,
    )
