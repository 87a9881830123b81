"""A council's page (hertsbook.content.council_page): checked against the national files read separately."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from hertsbook.content import ascof, data
from hertsbook.content import council_page as page
from hertsbook.content.numbers import number
from hertsbook.content.text import html_text
from hertsbook.project import Project

HERTS = "E10000015"


@pytest.fixture(scope="module")
def loaded(project):
    series = data.ascof_series(project)
    contents = data.ascof_contents(project)
    snpp = data.table(project, f"national/{data.ONS_SNPP}")
    breaks = ascof.breaks(data.ascof_comparability_log(project), list(contents["measure"]))
    return series, contents, snpp, breaks


def _raw(project, name):
    with open(project.root / "data" / "national" / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_hostile_council_name_reaches_the_page_as_text():
    hostile = ascof.Place("E10000015", '<script>alert("x")</script>&amp;', "shire counties", "S", "E12000006")
    html = page.heading_html(hostile, "<b>East</b>")
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;" in html and "&lt;b&gt;East" in html


def test_a_former_councils_series_end_is_said_with_its_last_year(loaded):
    series = loaded[0]
    own = series[(series["level"] == "Council") & series["value"].notna()]
    latest = max(series["year"])
    last = {c: max(own.loc[own["code"] == c, "year"]) for c in set(own["code"])}
    ended = sorted(c for c, y in last.items() if y < latest)
    assert ended, "the national data has former councils"
    for code in ended:
        where = ascof.Place(code, "Somewhere", None, None, None)
        assert page.last_year(series, code) == last[code]
        assert f"series ends in {last[code]}" in page.series_end_sentence(series, where)
    assert page.series_end_sentence(series, ascof.Place(HERTS, "Hertfordshire", None, None, None)) == ""


def test_population_is_the_ons_projection_summed_from_the_file(project):
    rows = [r for r in _raw(project, data.ONS_SNPP) if r["CODE"] == HERTS]
    expected_all = {
        y: float(next(r for r in rows if r["AGE GROUP"] == "All ages")[y]) for y in ("2018", "2043")
    }
    older = {y: sum(float(r[y]) for r in rows if r["AGE GROUP"] in page.OLDER) for y in ("2018", "2043")}
    shown = page.population(data.ons_snpp(project), HERTS).set_index("Year")
    for year in ("2018", "2043"):
        assert shown.loc[year, "All ages"] == number(round(expected_all[year]))
        assert shown.loc[year, "Aged 65 and over"] == number(round(older[year]))
    assert page.population(data.ons_snpp(project), "E99999999").empty


def test_early_years_take_up_is_dfes_row_for_the_council_by_name(project):
    rows = [r for r in _raw(project, data.DFE_EARLY_EDUCATION) if r["Short Desc"] == "%_2yr_olds"]
    expected = {r["Years"]: r["Values"] for r in rows if r["LA and Regions"] == "Hertfordshire"}
    shown = page.early_years(data.dfe_early_education(project), "Hertfordshire")
    column = "Two-year-olds taking up funded early education, %"
    assert dict(zip(shown["Year"], shown[column], strict=True)) == {
        y: number(float(v)) for y, v in expected.items()
    }
    assert page.early_years(data.dfe_early_education(project), "Nowhere").empty


def test_over_the_years_has_every_percentage_measure_with_its_type_average(project, loaded):
    series, contents, snpp, breaks = loaded
    where = ascof.place(series, snpp, HERTS)
    drawn = page.over_the_years(series, where, breaks, contents)
    held = set(series.loc[(series["code"] == HERTS) & series["value"].notna(), "measure"])
    words = (f"{o} {d}".lower() for o, d in zip(contents["outcome"], contents["description"], strict=True))
    percent = {
        m
        for m, text in zip(contents["measure"], words, strict=True)
        if m in held
        and "100,000" not in text
        and ("(%)" in text or "proportion" in text or "percentage" in text)
    }
    assert set(drawn["ascof_code"]) <= percent and len(set(drawn["ascof_code"])) > 4
    shires = series[series["code"] == "S"]
    for _, row in drawn.sample(10, random_state=1).iterrows():
        want = shires[(shires["measure"] == row["ascof_code"]) & (shires["year"] == row["year"])]["value"]
        got = row["type_percent"]
        assert (pd.isna(got) and want.isna().all()) or got == float(want.iloc[0])
    alt = page.over_the_years_alt(drawn, where.name)
    assert f"{drawn['ascof_code'].nunique()} ASCOF measures" in alt and "Hertfordshire" in alt
    assert len(alt) < 180


def test_only_hertfordshires_page_links_to_the_chapters(project):
    links = page.chapter_links_html(HERTS)
    for theme in ("adult_care_performance", "prevention", "day_services", "early_help"):
        assert f'href="../notebooks/{theme}.html"' in links
        assert (project.root / "notebooks" / f"{theme}.py").is_file()
    assert page.chapter_links_html("E10000021") == ""


def test_the_councils_index_lists_each_council_as_text_with_a_link():
    from hertsbook.publish import council_pages

    table = [
        {"code": "E10000015", "name": "Hertfordshire", "type": "county council", "region": "East of England"},
        {
            "code": "E06000001",
            "name": '</ul><script>alert("x")</script>',
            "type": "unitary authority",
            "region": "```{raw} html",
        },
    ]
    text = council_pages.index_page(table)
    assert "<script" not in text and "</ul><" not in text.replace("</ul>\n", "")
    assert '<a href="E10000015.html">Hertfordshire</a> (county council, East of England)' in text
    assert "&lt;/ul&gt;&lt;script&gt;" in text and 'id="hb-council-filter"' in text
    assert "2 councils below" in text and "&#96;&#96;&#96;{raw} html" in text


def test_a_council_page_is_a_page_of_the_site_with_its_name_as_text(tmp_path):
    """The page's own frame (not the theme's): British English, a title from the name (escaped), the skip
    link first, header, navigation, main content and footer; the icon named (else a browser asks for
    /favicon.ico, a 404)."""
    import re

    import nbformat

    from hertsbook.publish import council_pages

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# A council in the national data")]
    path = tmp_path / "E06000001.ipynb"
    nbformat.write(notebook, path)
    hostile = '</title><script>alert("x")</script>&amp;'
    text = council_pages.page(path, hostile)
    assert "<script" not in text
    assert (
        "<title>&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;: national data</title>"
        in text
    )
    assert text.startswith('<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">')
    body = text[text.index("<body>") :]
    assert re.match(r'<body><div id="pst-skip-link"[^>]*><a href="#main-content">', body)
    assert '<header class="hb-site-header"><a class="hb-site-title" href="../book/index.html">' in body
    links = re.findall(r'href="([^"]+)"', body[body.index("<nav") : body.index("</nav>")])
    assert links == ["../book/index.html", "index.html", "../notebooks/adult_care_performance.html"]
    assert re.search(r'<nav [^>]*aria-label="[^"]+"', body)
    assert '<main id="main-content"><article><h1>A council in the national data</h1>' in body
    assert body.count("<main") == 1 and '<p class="last-updated">' in body.split("</main>")[1]
    assert '<link rel="icon" href="../_static/favicon.svg">' in text
    assert "@media print{#pst-skip-link,.hb-site-header,.hb-site-nav{display:none" in text


def test_the_built_book_has_each_asked_councils_page_linked_from_the_index(built_book):
    """The test build's councils (tests/conftest.py): a page each with its name, chart, alt text and CSV,
    all linked from the index; no other page's sidebar lists them."""
    import os
    import re

    site = built_book / "_build/html"
    codes = os.environ["HERTSBOOK_COUNCILS"].split(",")
    series = data.ascof_series(Project(built_book))
    names = ascof.councils(series).set_index("code")["area"]
    index = (site / "councils/index.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'href="(E\d{8})\.html"', index)) == sorted(codes)
    for code in codes:
        page_ = (site / f"councils/{code}.html").read_text(encoding="utf-8")
        assert names[code] in page_ and 'http-equiv="Content-Security-Policy"' in page_
        assert page_.count("<h1") == 1 and f"<h1>{html_text(names[code])} in the national data</h1>" in page_
        assert "parameters" not in page_  # a reader's page, not a run's: no note of the run's parameters
        alt = re.search(r'<img src="\.\./figures/council-' + code + r'\.svg" alt="([^"]+)"', page_)
        assert alt and "ASCOF" in alt.group(1)
        assert f'href="../figures/council-{code}.csv" download' in page_
        assert (site / f"figures/council-{code}.csv").is_file() and (
            site / f"figures/council-{code}.svg"
        ).is_file()
    assert "series ends in 2019-20" in (site / "councils/E10000021.html").read_text(encoding="utf-8")
    for theme in ("adult_care_performance", "prevention", "day_services", "early_help"):  # national sections
        chapter = (site / f"notebooks/{theme}.html").read_text(encoding="utf-8")
        assert 'href="../councils/E10000015.html">Hertfordshire’s own page of national data</a>' in chapter, (
            theme
        )


def test_a_chapter_links_to_its_councils_own_page_only_where_the_ascof_series_holds_it(project):
    series = data.ascof_series(project)
    kent = page.page_link_html(series, "E10000016", "Kent")
    assert '<a href="../councils/E10000016.html">Kent’s own page of national data</a>' in kent
    assert 'href="../councils/index.html"' in kent
    district = page.page_link_html(series, "E07000095", "Broxbourne")  # a district: no adult social care
    assert "E07000095" not in district and 'href="../councils/index.html"' in district
    hostile = page.page_link_html(series, "E10000016", "<b>Kent</b> {raw}`x`")
    assert "<b>" not in hostile and "&lt;b&gt;Kent&lt;/b&gt;" in hostile and "`" not in hostile
