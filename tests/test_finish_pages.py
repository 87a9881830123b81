"""The finishing of built pages, without a build: icons inline, what no page loads dropped, the footer's date,
and the search index's reading of figures and tables. The browser tests check the same on the built site."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
from pathlib import Path

import pydata_sphinx_theme
import pytest
from docutils import nodes
from docutils.utils import new_document

from hertsbook.publish import finish, lighten, manifest, sphinx_search

THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static"
# The icons the theme's templates write (sphinx-book-theme 1.3, pydata-sphinx-theme 0.17).
THEME_ICONS = [
    "magnifying-glass", "bars", "sun", "moon", "circle-half-stroke", "expand", "arrow-up", "outdent", "list",
    "angle-left", "angle-right",
]  # fmt: skip


@pytest.fixture(scope="module")
def icons() -> dict[str, tuple[int, int, str]]:
    return lighten.solid_icons((THEME_STATIC / "scripts/fontawesome.js").read_text(encoding="utf-8"))


def test_every_icon_the_theme_writes_is_in_its_solid_set(icons) -> None:
    assert len(icons) > 1000
    for name in THEME_ICONS:
        width, height, path = icons[name]
        assert height == 512 and 256 <= width <= 640 and path.startswith("M"), name
    assert icons["list"][0] == 512 and icons["moon"][0] == 384  # the solid ones, not the regular ones


def test_icon_elements_become_inline_svg_keeping_their_classes_and_attributes(icons) -> None:
    page = (
        '<button><i class="theme-switch fa-solid fa-sun   fa-lg" data-mode="light" aria-hidden="true"></i></button>'
        '<span class="fa-solid fa-bars"></span><i class="fas fa-expand"></i><i class="fa-solid fa-not-an-icon"></i>'
    )
    out = lighten.inline_icons(page, icons)
    assert '<svg class="svg-inline--fa theme-switch fa-sun fa-lg" data-mode="light" aria-hidden="true"' in out
    assert (
        f'viewBox="0 0 {icons["sun"][0]} 512"><path fill="currentColor" d="{icons["sun"][2]}"></path></svg>'
        in out
    )
    assert '<svg class="svg-inline--fa fa-bars" aria-hidden="true" focusable="false"' in out
    assert '<svg class="svg-inline--fa fa-expand"' in out
    assert '<i class="fa-solid fa-not-an-icon"></i>' in out  # unknown: left for the browser test to find
    assert out.count("<svg") == 3 and '<i class="theme-switch' not in out


def test_the_icon_script_goes_everywhere_and_the_search_scripts_stay_on_the_search_page_only(icons) -> None:
    head = (
        '  <!-- So that users can add custom icons -->\n'
        '  <script defer src="../_static/scripts/fontawesome.js?digest=55c26ed414f5f8a31ebb"></script>\n'
        '    <script src="../_static/searchtools.js"></script>\n'
        '    <script src="../_static/language_data.js"></script>\n'
        '    <script src="../searchindex.js"></script>\n'
        '    <script src="../_static/doctools.js?v=9a2dae69"></script>\n'
    )  # fmt: skip
    chapter = lighten.lighten_page(head, icons, search_page=False)
    assert chapter.strip() == '<script src="../_static/doctools.js?v=9a2dae69"></script>'
    search = lighten.lighten_page(head, icons, search_page=True)
    assert "fontawesome" not in search and "custom icons" not in search
    assert all(name in search for name in ("searchtools.js", "language_data.js", "searchindex.js"))


def test_the_stylesheet_loses_only_the_glyph_rules() -> None:
    css = (THEME_STATIC / "styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    trimmed = lighten.trim_stylesheet(css)
    assert len(css) - len(trimmed) > 60_000
    assert '.fa-sun:before{content:"' in css and ".fa-sun:before" not in trimmed
    assert "@font-face" in trimmed and "--fa-font-solid" in trimmed  # CSS-drawn icons keep their font
    assert "Font Awesome Free" in trimmed  # and the licence comment stays
    assert trimmed.count("{") == trimmed.count("}")
    with pytest.raises(lighten.ThemeChanged):
        lighten.trim_stylesheet(trimmed)  # nothing left to trim: the theme changed, say so


def test_prune_drops_what_no_browser_asks_for(tmp_path: Path) -> None:
    files = {
        "_static/scripts/fontawesome.js": "x",
        "_static/scripts/fontawesome.js.map": "x",
        "_static/scripts/bootstrap.js": "code();\n//# sourceMappingURL=bootstrap.js.map",
        "_static/scripts/bootstrap.js.map": "x",
        "_static/styles/pydata-sphinx-theme.css": (
            THEME_STATIC / "styles/pydata-sphinx-theme.css"
        ).read_text(),
        "_static/vendor/fontawesome/webfonts/fa-solid-900.woff2": "x",
        "_static/vendor/fontawesome/webfonts/fa-solid-900.ttf": "x",
        "_static/locales/de/LC_MESSAGES/booktheme.po": "x",
        "_static/webpack-macros.html": "x",
        "_static/hertsbook.css": "a{}",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    lighten.prune(tmp_path)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == [
        "_static/hertsbook.css",
        "_static/scripts/bootstrap.js",
        "_static/styles/pydata-sphinx-theme.css",
        "_static/vendor/fontawesome/webfonts/fa-solid-900.woff2",
    ]
    assert (tmp_path / "_static/scripts/bootstrap.js").read_text() == "code();\n"
    assert "sourceMappingURL" not in (tmp_path / "_static/styles/pydata-sphinx-theme.css").read_text()


FOOTER = """<head>
  <meta name="docbuild:last-update" content="Jul 04, 2025"/>
</head><footer>
  <div class="footer-item">
    <p class="copyright">© Copyright 2025.</p>
  </div>
  <div class="footer-item">
    <p class="last-updated">
  Last updated on Jul 04, 2025.
  <br/>
</p>
  </div>
</footer>"""


def test_the_footer_shows_the_commits_date_or_no_date() -> None:
    dated = finish.date_last_updated(FOOTER, datetime.date(2024, 3, 5))
    assert 'Last updated on <time datetime="2024-03-05">5 March 2024</time>.' in dated
    assert '<meta name="docbuild:last-update" content="5 March 2024"/>' in dated
    assert "Jul 04, 2025" not in dated and dated.count("last-updated") == 1
    undated = finish.date_last_updated(FOOTER, None)
    assert "last-update" not in undated and "Jul 04" not in undated
    assert undated.count('<div class="footer-item">') == 1 and "Copyright 2025" in undated


def test_a_plain_pages_header_shows_the_books_title_as_text() -> None:
    from hertsbook.publish import council_pages

    page = f"<header>{council_pages.SITE_TITLE}</header>"
    shown = finish.site_title(page, "Herts <b>book</b> & co")
    assert shown == (
        '<header><a class="hb-site-title" href="../book/index.html">Herts &lt;b&gt;book&lt;/b&gt; &amp; co</a>'
        "</header>"
    )
    assert finish.site_title(shown, "Again") == shown.replace(
        "Herts &lt;b&gt;book&lt;/b&gt; &amp; co", "Again"
    )
    assert finish.site_title(page, " ") == page


def test_the_date_comes_from_the_staged_manifest(tmp_path: Path) -> None:
    assert finish.commit_date(tmp_path) is None  # no manifest
    for origin, date in [
        ({"commit": "abc", "date": "2024-03-05"}, datetime.date(2024, 3, 5)),
        ({"commit": None, "note": "not built from a git checkout"}, None),
        ({"commit": "abc", "date": "soon"}, None),
    ]:
        (tmp_path / "manifest.json").write_text(json.dumps({"built_from": origin}))
        assert finish.commit_date(tmp_path) == date


def test_built_from_records_the_commit_date_in_the_committers_time_zone(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_COMMITTER_DATE": "2024-03-05T23:30:00-05:00",  # already 6 March in UTC
        "TZ": "Pacific/Chatham",  # and 7 March where this runs
    }
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=env)
    (tmp_path / "a.txt").write_text("a")
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=tmp_path, check=True, env=env)
    assert manifest.built_from(tmp_path)["date"] == "2024-03-05"


def test_the_index_splits_figures_both_ways() -> None:
    words = sphinx_search.SearchBritishEnglish({}).split(
        "In 2019/20, 26,362 requests; £169,908k; 1,234,567.8 and 12.4, 536.7"
    )
    assert {"26", "362", "26362", "169908", "1234567"} <= set(words)
    assert "124" not in words and "4536" not in words  # a decimal and a list are not one figure


def test_the_index_reads_raw_html_with_its_cells_apart() -> None:
    doctree = new_document("page")
    raw = nodes.raw(
        "", "<table><tr><td>27,000</td><td>missed</td></tr></table><style>td{}</style>", format="html"
    )
    doctree += raw
    copy = sphinx_search.searchable(doctree)
    assert copy is not doctree and doctree.children[0] is raw  # the page itself is not changed
    text = copy.children[0].astext()
    assert text.split() == ["27,000", "missed"]


def _tiny_site(folder: Path, pages: dict[str, str]) -> Path:
    """A built site as finish_site finds it: the theme's icon script and stylesheet, and some pages."""
    for name in ("scripts/fontawesome.js", "styles/pydata-sphinx-theme.css"):
        (folder / "_static" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "_static" / name).write_bytes((THEME_STATIC / name).read_bytes())
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


PAGE = (
    '<html><head><meta charset="utf-8"><script>var a = 1;</script></head><body>'
    '<i class="fa-solid fa-sun"></i>{body}</body></html>'
)


def test_a_rebuild_finishes_only_the_pages_that_changed_and_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hertsbook.cache import Cache

    pages = {f"councils/E0{i}.html": PAGE.format(body=f"council {i}") for i in range(3)}
    fresh = _tiny_site(tmp_path / "fresh", pages)
    finish.finish_site(fresh, "A book")  # no cache: every page finished now
    cache = Cache(tmp_path / "cache")
    finish.finish_site(_tiny_site(tmp_path / "first", pages), "A book", cache, "code 1")

    finished: list[str] = []
    real = finish.finish_page
    monkeypatch.setattr(finish, "finish_page", lambda page, *rest: finished.append(page) or real(page, *rest))
    edited = {**pages, "councils/E01.html": PAGE.format(body="council 1, edited")}
    second = _tiny_site(tmp_path / "second", edited)
    finish.finish_site(second, "A book", cache, "code 1")
    assert finished == [edited["councils/E01.html"]]  # the two unchanged pages came from the cache
    for name in ("councils/E00.html", "councils/E02.html"):
        assert (second / name).read_bytes() == (fresh / name).read_bytes()
    assert "Content-Security-Policy" in (second / "councils/E00.html").read_text(encoding="utf-8")
    assert "<svg" in (second / "councils/E00.html").read_text(encoding="utf-8")

    finished.clear()  # another title, or other code, finishes every page again
    finish.finish_site(_tiny_site(tmp_path / "titled", pages), "Another book", cache, "code 1")
    finish.finish_site(_tiny_site(tmp_path / "recoded", pages), "A book", cache, "code 2")
    assert len(finished) == 6


def test_a_tampered_finished_page_in_the_cache_is_finished_again(tmp_path: Path) -> None:
    from hertsbook.cache import Cache

    pages = {"index.html": PAGE.format(body="home")}
    cache = Cache(tmp_path / "cache")
    first = _tiny_site(tmp_path / "first", pages)
    finish.finish_site(first, "A book", cache, "code")
    (stored,) = (tmp_path / "cache/finished").rglob("page.html")
    stored.write_text("<html>tampered</html>", encoding="utf-8")
    again = _tiny_site(tmp_path / "again", pages)
    finish.finish_site(again, "A book", Cache(tmp_path / "cache"), "code")
    assert (again / "index.html").read_bytes() == (first / "index.html").read_bytes()


def test_finishing_pages_linked_from_the_cache_leaves_every_entry_whole(tmp_path: Path) -> None:
    """A council's page reaches the site as a hard link to its cache entry; finishing replaces it, whether the
    finished page is made now or taken from the cache, and never writes into the entry."""
    from hertsbook.cache import Cache, key, link_out

    cache = Cache(tmp_path / "cache")
    raw = tmp_path / "raw.html"
    raw.write_text(PAGE.format(body="Hartlepool"), encoding="utf-8")
    entry = cache.put("council-made", key("a council"), {"page.html": raw})
    for name in ("first", "again"):  # finished now, then taken from the cache
        site = _tiny_site(tmp_path / name, {})
        (site / "councils").mkdir()
        link_out(entry / "page.html", site / "councils/E06000001.html")
        finish.finish_site(site, "A book", cache, "code")
        assert "Content-Security-Policy" in (site / "councils/E06000001.html").read_text(encoding="utf-8")
        assert cache.get("council-made", key("a council")) == entry  # whole: its hashes still hold
        assert (entry / "page.html").read_text(encoding="utf-8") == PAGE.format(body="Hartlepool")
