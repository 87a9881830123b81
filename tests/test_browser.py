"""The built site in a real browser: accessible (axe-core, WCAG 2.2 A and AA), private and offline (no request
leaves the site, a Content-Security-Policy that the pages keep to), usable on a phone (360 px) and with a
keyboard (skip link, visible focus), charts with real alt text and their data beside them; light on a first
visit (at most 800 KiB a page) with every control of the theme still working; printable; searchable for a
figure however it is typed.

One build of a copy of the repository serves every test; Debian's chromium (/usr/bin/chromium) is driven
by playwright; axe-core comes from the npm registry, pinned in package-lock.json (`npm ci`, run by
`make setup`). Each page is opened once per viewport and everything seen is recorded, then each test
checks one kind of finding across every page, so a failure lists every page at once.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import urlopen

import pytest

from hertsbook.publish import first_visit, generated

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
VAGUE_LINKS = {"here", "click here", "more", "read more", "link", "this", "this page", "download"}

# Records securitypolicyviolation events (console messages alone can arrive after the page is left).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber}`);
});
"""

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.html.slice(0, 160)),
  }));
}"""

STRUCTURE = """() => {
  const visible = (e) => e.checkVisibility();
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(visible);
  const links = [...document.querySelectorAll("a[href]")].filter(visible)
    .filter((a) => !a.classList.contains("headerlink"))
    .map((a) => (a.getAttribute("aria-label") || a.innerText || "").trim().toLowerCase());
  return {
    lang: document.documentElement.lang,
    title: document.title,
    headings: headings.map((h) => [Number(h.tagName[1]), h.innerText.trim().slice(0, 60)]),
    main: document.querySelectorAll("main, [role=main]").length,
    nav: document.querySelectorAll("nav").length,
    banner: document.querySelectorAll("header").length,
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || "",
    links,
  };
}"""

CHARTS = """() => [...document.querySelectorAll(".hb-chart")].map((figure) => {
  const img = figure.querySelector("img");
  const csv = [];
  for (let next = figure.nextElementSibling; next && !next.matches(".hb-chart"); next = next.nextElementSibling) {
    next.querySelectorAll('a[href$=".csv"]').forEach((a) => csv.push({href: a.href, text: a.innerText.trim()}));
    if (next.matches('a[href$=".csv"]')) csv.push({href: next.href, text: next.innerText.trim()});
  }
  return {
    id: figure.id,
    src: img ? img.currentSrc : "",
    alt: img ? img.getAttribute("alt") || "" : "",
    loaded: img ? img.complete && img.naturalWidth > 0 : false,
    csv,
  };
})"""

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(),
    text: (e.getAttribute("aria-label") || e.innerText || "").trim().slice(0, 50),
    href: e.getAttribute("href"),
    inMain: !!e.closest("#main-content"),
    inArticle: !!e.closest("article"),
    skip: !!e.closest("#pst-skip-link"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}"""


ARTICLE_HAS_STOPS = """() => [...document.querySelectorAll(
  'article a[href], article button, article summary, article [tabindex]:not([tabindex="-1"])'
)].some((e) => e.checkVisibility({checkVisibilityCSS: true}))"""


PRINTED = """() => {
  const shown = (e) => e.checkVisibility({checkVisibilityCSS: true});
  return {
    h1: [...document.querySelectorAll("h1")].filter(shown).map((h) => ({
      text: h.innerText.replace(/#$/, "").trim(), height: h.getBoundingClientRect().height,
    })),
    chrome: [".bd-header", ".bd-header-article", ".bd-sidebar-primary", ".bd-sidebar-secondary",
             ".prev-next-area", ".bd-footer-content", "#pst-back-to-top", "#pst-skip-link", "nav"]
      .flatMap((s) => [...document.querySelectorAll(s)]).filter(shown)
      .map((e) => e.tagName.toLowerCase() + "." + [...e.classList].join(".")),
    breaks: [...document.querySelectorAll(".hb-chart")].map((f) => getComputedStyle(f).breakInside),
    article: shown(document.querySelector("article") || document.querySelector("main")),
  };
}"""


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def site(built_book: Path) -> Path:
    """The shared build of a copy of the working tree (see conftest), served to every browser test."""
    return built_book / "_build/html"


def page_paths(site: Path) -> list[str]:
    """Every page of the site (genindex and search included); _static holds only theme fragments."""
    return [
        path.relative_to(site).as_posix()
        for path in sorted(site.rglob("*.html"))
        if path.relative_to(site).parts[0] != "_static"
    ]


@pytest.fixture(scope="session")
def base_url(site: Path):
    with first_visit.served(site) as url:
        yield url


# Module-wide, not session-wide: while playwright's sync API is open its event loop counts as running in this
# process, so a later module's own browser (test_lab's) would be refused "inside the asyncio loop".
@pytest.fixture(scope="module")
def browser():
    if not Path(first_visit.CHROMIUM).is_file():
        pytest.fail(
            f"{first_visit.CHROMIUM} is missing: `make setup` installs it (apt-get install -y chromium)"
        )
    with first_visit.chromium() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (`make setup` does)")
    return AXE.read_text(encoding="utf-8")


def visit_every_page(
    browser, base_url: str, site: Path, axe_source: str, viewport: dict, printing: bool = False
) -> dict[str, dict]:
    """Open each page once at this viewport size, in a fresh profile (a first visit: nothing cached); record
    what it requested and weighed, what it logged, what axe found and, `printing`, what it shows in print."""
    seen: dict[str, dict] = {}
    for path in page_paths(site):
        if 'http-equiv="refresh"' in (site / path).read_text(encoding="utf-8").lower():
            continue  # the root redirect: test_the_root_page_sends_readers_to_the_book
        seen[path] = visit_once(browser, base_url + path, axe_source, viewport, printing)
    return seen


def visit_once(browser, url: str, axe_source: str, viewport: dict, printing: bool = False) -> dict:
    context = browser.new_context(viewport=viewport, locale="en-GB")
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    current: dict = {"requests": [], "failed": [], "errors": []}
    page.on("request", lambda request: current["requests"].append(request.url))
    page.on("response", lambda r: r.status >= 400 and current["failed"].append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and current["errors"].append(m.text))
    page.on("pageerror", lambda error: current["errors"].append(str(error)))
    try:
        current["bytes"], current["responses"] = first_visit.visit(page, url)
        current["csp"] = page.evaluate("window.__cspViolations")
        current["structure"] = page.evaluate(STRUCTURE)
        current["charts"] = page.evaluate(CHARTS)
        current["scroll_width"] = page.evaluate("document.scrollingElement.scrollWidth")
        # Injected through the debugging protocol, which the page's CSP does not govern.
        page.evaluate(axe_source + "\n;true")
        current["axe"] = page.evaluate(RUN_AXE, WCAG_TAGS)
        if printing:  # the same page as printed (test_every_page_prints_...), without loading it again
            current["on_screen"] = page.evaluate(PRINTED)
            page.emulate_media(media="print")
            current["printed"] = page.evaluate(PRINTED)
        current["errors"] = [e for e in current["errors"] if e]
    finally:
        context.close()
    return current


@pytest.fixture(scope="module")
def desktop(browser, base_url, site, axe_source) -> dict[str, dict]:
    return visit_every_page(browser, base_url, site, axe_source, DESKTOP, printing=True)


@pytest.fixture(scope="module")
def phone(browser, base_url, site, axe_source) -> dict[str, dict]:
    return visit_every_page(browser, base_url, site, axe_source, PHONE)


def report(problems: dict[str, object]) -> str:
    return "\n" + json.dumps({k: v for k, v in problems.items() if v}, indent=1, ensure_ascii=False)


# ------------------------------------------------------------------------------------------------- tests


def test_every_page_was_visited(site: Path, desktop: dict, phone: dict) -> None:
    pages = set(desktop)
    assert {"book/index.html", "book/accessibility.html", "genindex.html", "search.html"} <= pages
    assert {f"notebooks/{t}.html" for t in ("prevention", "day_services", "early_help")} <= pages
    assert {
        f"{page}.html" for page in generated.PAGES
    } <= pages  # the evidence index and each document's page
    assert {"councils/index.html", "councils/E10000015.html", "councils/E10000021.html"} <= pages
    assert set(phone) == pages
    assert len(pages) == len(page_paths(site)) - 1  # all but the root redirect


def test_axe_finds_no_wcag_2_2_a_or_aa_violation(desktop: dict, phone: dict) -> None:
    problems = {
        f"{size} {path}": seen["axe"]
        for size, visits in (("1280px", desktop), ("360px", phone))
        for path, seen in visits.items()
    }
    assert not any(problems.values()), report(problems)


def test_no_request_leaves_the_site(desktop: dict, phone: dict) -> None:
    def foreign(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1"

    problems = {
        f"{size} {path}": [u for u in seen["requests"] if foreign(u)]
        for size, visits in (("1280px", desktop), ("360px", phone))
        for path, seen in visits.items()
    }
    assert not any(problems.values()), report(problems)
    assert all(seen["requests"] for seen in desktop.values())  # the recording works


def test_every_page_keeps_to_its_content_security_policy(desktop: dict, phone: dict) -> None:
    for path, seen in desktop.items():
        policy = seen["structure"]["csp"]
        assert "default-src 'self'" in policy, path
        assert "unsafe-eval" not in policy and "http" not in policy and "*" not in policy, path
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0], path
    problems = {
        f"{size} {path}": seen["csp"] + seen["errors"] + seen["failed"]
        for size, visits in (("1280px", desktop), ("360px", phone))
        for path, seen in visits.items()
    }
    assert not any(problems.values()), report(problems)


def test_nothing_is_wider_than_a_360px_phone(phone: dict) -> None:
    problems = {path: seen["scroll_width"] for path, seen in phone.items() if seen["scroll_width"] > 360}
    assert not problems, report(problems)


def test_pages_are_british_english_with_one_h1_headings_in_order_and_landmarks(desktop: dict) -> None:
    problems = {}
    for path, seen in desktop.items():
        s = seen["structure"]
        found = []
        if s["lang"] != "en-GB":
            found.append(f"lang is {s['lang']!r}")
        if not s["title"].strip():
            found.append("no <title>")
        levels = [level for level, _ in s["headings"]]
        if levels.count(1) != 1 or levels[0] != 1:
            found.append(f"want one visible h1 first, got {s['headings'][:3]}")
        found += [f"h{a} then h{b}: {t}" for (a, _), (b, t) in pairwise(s["headings"]) if b > a + 1]
        if s["main"] != 1 or not s["nav"] or not s["banner"]:
            found.append(f"landmarks main={s['main']} nav={s['nav']} header={s['banner']}")
        found += [f"vague link text {text!r}" for text in s["links"] if text in VAGUE_LINKS]
        problems[path] = found
    assert not any(problems.values()), report(problems)


def test_every_chart_has_real_alt_text_and_its_csv_beside_it(desktop: dict) -> None:
    charts = [(path, chart) for path, seen in desktop.items() for chart in seen["charts"]]
    assert len({path for path, _ in charts}) >= 3, "charts are expected in the theme chapters"
    problems = {}
    for path, chart in charts:
        found = []
        name = chart["src"].rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0]
        alt = chart["alt"].strip()
        if len(alt) < 40 or name in alt or alt.lower() in (stem.lower(), stem.replace("-", " ").lower()):
            found.append(f"alt text is not a description: {alt!r}")
        if not chart["loaded"]:
            found.append(f"image did not load: {chart['src']}")
        if len(chart["csv"]) != 1:
            found.append(f"want one CSV link after the chart, got {chart['csv']}")
        for link in chart["csv"]:
            if urlsplit(link["href"]).path.rsplit("/", 1)[-1] != f"{stem}.csv":
                found.append(f"CSV {link['href']} is not the chart's own ({stem}.csv)")
            with urlopen(link["href"], timeout=10) as response:
                if response.status != 200 or not response.read().strip():
                    found.append(f"{link['href']} answered {response.status}")
            if "csv" not in link["text"].lower() or len(link["text"]) < 20:
                found.append(f"link text does not say what it downloads: {link['text']!r}")
        problems[f"{path} {chart['id']}"] = found
    assert not any(problems.values()), report(problems)


CHART_IMAGES = """() => [...document.querySelectorAll(".hb-chart img")].map((img) => ({
  src: img.currentSrc, width: img.getBoundingClientRect().width,
  title: img.closest("figure").querySelector("figcaption .hb-chart-title")?.innerText || "",
  source: img.closest("figure").querySelector(".hb-chart-source")?.innerText || "",
  full: img.closest("a")?.href || "",
}))"""

# Every <text> of the SVG as displayed: its font size times the scale from the SVG's own units to screen
# pixels (the viewBox over the width the page gave the image), read from the browser's own layout.
TEXT_SIZES = """() => [...document.querySelectorAll("svg text")].map((t) => {
  const m = t.getScreenCTM();
  return [parseFloat(getComputedStyle(t).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)), t.textContent];
})"""

SMALLEST_CHART_TEXT = {1280: 12, 360: 10}  # px as displayed (issue 17)


@pytest.mark.parametrize("width", sorted(SMALLEST_CHART_TEXT))
def test_chart_text_is_legible_as_displayed_at_1280_and_360_px(browser, base_url, site, width: int) -> None:
    """Each chart's SVG, the one the page picked at this width, drawn at the width the page gives it."""
    chapters = [p for p in page_paths(site) if 'class="hb-chart"' in (site / p).read_text(encoding="utf-8")]
    assert len(chapters) >= 4, chapters
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
    page, drawing = context.new_page(), context.new_page()
    problems, measured = {}, 0
    try:
        for path in chapters:
            page.goto(base_url + path, wait_until="load")
            for chart in page.evaluate(CHART_IMAGES):
                name = chart["src"].rsplit("/", 1)[-1]
                found = []
                if not chart["title"].strip():
                    found.append("no HTML title above the image")
                if not chart["source"].startswith("Source:"):
                    found.append(f"no source line below the image: {chart['source'][:60]!r}")
                if not chart["full"].endswith(".svg") or "-narrow" in chart["full"]:
                    found.append(f"the image does not link to its full-size SVG: {chart['full']!r}")
                if (width <= 600) != name.endswith("-narrow.svg"):
                    found.append("the page picked the wrong version for this width")
                with urlopen(chart["src"], timeout=10) as response:
                    svg = response.read().decode("utf-8")
                drawing.set_content(
                    f'<div style="width:{chart["width"]}px">{svg[svg.index("<svg") :]}</div>'
                    "<style>body{margin:0} svg{display:block;width:100%;height:auto}</style>"
                )
                sizes = drawing.evaluate(TEXT_SIZES)
                measured += len(sizes)
                small = [
                    f"{size:.1f}px {text!r}" for size, text in sizes if size < SMALLEST_CHART_TEXT[width]
                ]
                found += small[:5]
                problems[f"{width}px {path} {name}"] = found
    finally:
        context.close()
    assert measured > 100  # the measuring works: every chart has its labels as text
    assert not any(problems.values()), report(problems)


def test_a_keyboard_reaches_the_main_content_with_focus_always_visible(browser, base_url, site) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems = {}
    try:
        for path in page_paths(site):
            if path == "index.html":
                continue
            found = []
            page.goto(base_url + path, wait_until="load")
            # First Tab: the skip link, on screen and outlined.
            page.keyboard.press("Tab")
            first = page.evaluate(FOCUSED)
            if not first or not first["skip"]:
                found.append(f"first Tab reached {first}, not the skip link")
            elif not (first["onScreen"] and (first["outline"] or first["shadow"])):
                found.append(f"the focused skip link is not visible: {first}")
            # Enter follows it; the next Tab lands inside the main content.
            page.keyboard.press("Enter")
            try:  # the browser reports an in-page jump a moment after the key press returns
                page.wait_for_url(re.compile(r"#main-content$"), timeout=5000)
            except PlaywrightTimeout:
                found.append(f"the skip link went to {page.url}")
            page.keyboard.press("Tab")
            after = page.evaluate(FOCUSED)
            if not after or not after["inMain"]:
                found.append(f"after the skip link, Tab reached {after}, outside the main content")
            # From the top again, once round the page: every stop shows its focus, up to the article's links.
            page.goto(base_url + path, wait_until="load")
            for presses in range(1, 120):
                page.keyboard.press("Tab")
                focused = page.evaluate(FOCUSED)
                if focused is None:
                    continue
                if focused["skip"] and presses > 1:  # back to the start: the article has nothing to focus
                    if page.evaluate(ARTICLE_HAS_STOPS):
                        found.append("Tab went round the page without reaching the article")
                    break
                if not (focused["outline"] or focused["shadow"]):
                    found.append(f"focus not visible on {focused}")
                if focused["inArticle"]:
                    break
            else:
                found.append("120 presses of Tab neither reached the article nor came round again")
            problems[path] = found
    finally:
        context.close()
    assert not any(problems.values()), report(problems)


def test_the_root_page_sends_readers_to_the_book(browser, base_url, site) -> None:
    stub = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in stub and "<title>" in stub and 'href="book/index.html"' in stub
    assert 'http-equiv="Content-Security-Policy"' in stub
    page = browser.new_page()
    try:
        page.goto(base_url + "index.html")
        page.wait_for_url("**/book/index.html")
        assert page.locator("article h1").count() == 1
    finally:
        page.close()


def test_every_page_prints_its_title_without_navigation_and_keeps_charts_whole(desktop: dict) -> None:
    problems, charts = {}, 0
    for path, seen in desktop.items():
        on_screen = [h["text"] for h in seen["on_screen"]["h1"]]  # the page's one visible h1
        printed = seen["printed"]
        found = []
        if [h["text"] for h in printed["h1"]] != on_screen or len(on_screen) != 1:
            found.append(f"want the title {on_screen} as the one printed h1, got {printed['h1']}")
        elif printed["h1"][0]["height"] <= 0:
            found.append("the printed h1 takes no space")
        if printed["chrome"] or not printed["article"]:
            found.append(f"printed navigation: {printed['chrome']}; article printed: {printed['article']}")
        if set(printed["breaks"]) - {"avoid"}:
            found.append(f"charts that may split across pages: {printed['breaks']}")
        charts += len(printed["breaks"])
        problems[path] = found
    assert not any(problems.values()), report(problems)
    assert charts, "the chapters' charts were expected among the printed pages"


FIRST_VISIT_LIMIT = 800 * 1024  # bytes a page may transfer on a first visit (issue 17); aim: 400 KiB


def test_a_first_visit_to_any_page_transfers_at_most_800_kib_and_no_icon_script_or_font(
    site: Path, desktop: dict, phone: dict
) -> None:
    weights, problems, short = {}, {}, []
    for size, visits in (("1280px", desktop), ("360px", phone)):
        for path, seen in visits.items():
            total = seen["bytes"]
            weights[f"{size} {path}"] = round(total / 1024, 1)
            if total <= (site / path).stat().st_size:  # its stylesheet, scripts and charts were not counted
                short.append(f"{size} {path}")
            found = [u for u in seen["responses"] if re.search(r"fontawesome|\.woff2?\b|\.ttf\b", u)]
            if total > FIRST_VISIT_LIMIT:
                found.append(f"{total / 1024:.0f} KiB")
            problems[f"{size} {path}"] = found
    print("first-visit KiB:", json.dumps(weights, indent=1))  # shown with -s or -rP
    assert not any(problems.values()), report(problems)
    # The measurement counts what each page loads besides its own HTML (a council page, with no Sphinx
    # search index, weighs about 94 to 145 KiB; the book's pages 560 to 770 KiB).
    assert not short, f"the measurement counted no more than the page itself: {short}"


THEME_CONTROLS = """() => {
  const box = (e) => e && e.getBoundingClientRect();
  const shown = (e) => !!e && e.checkVisibility({checkVisibilityCSS: true}) && box(e).width > 0;
  return {
    leftovers: document.querySelectorAll("i[class*='fa-'], span[class*='fa-']").length,
    icons: [...document.querySelectorAll("svg.svg-inline--fa")].filter(shown)
      .map((s) => ({cls: s.getAttribute("class"), w: box(s).width, h: box(s).height, hidden: s.getAttribute("aria-hidden")})),
  };
}"""


def test_the_theme_controls_work_with_inline_svg_icons(browser, base_url) -> None:
    """Menu, search (button and Ctrl+K), colour mode, contents, back to top: each still works, with its icon."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base_url + "notebooks/adult_care_performance.html", wait_until="load")
        seen = page.evaluate(THEME_CONTROLS)
        assert seen["leftovers"] == 0, "an icon element was left for the dropped icon script"
        assert len(seen["icons"]) >= 4
        assert all(i["w"] >= 8 and i["h"] >= 8 and i["hidden"] == "true" for i in seen["icons"]), seen[
            "icons"
        ]
        # the menu
        page.locator(".primary-toggle:visible").first.click()
        page.wait_for_function("document.querySelector('.bd-sidebar-primary').checkVisibility()")
        page.keyboard.press("Escape")
        page.goto(base_url + "notebooks/adult_care_performance.html", wait_until="load")
        # colour mode: light, dark, auto, each with its own icon shown
        modes = []
        for _ in range(3):
            page.locator(".theme-switch-button:visible").first.click()
            mode = page.evaluate("document.documentElement.dataset.mode")
            icon = page.locator(f".theme-switch-button svg[data-mode='{mode}']").first
            modes.append((mode, icon.is_visible()))
        assert {m for m, _ in modes} == {"light", "dark", "auto"} and all(v for _, v in modes), modes
        # search: the button opens the dialog, Ctrl+K too, and a query goes to the search page
        page.locator(".search-button__button:visible").first.click()
        assert page.locator("#pst-search-dialog").evaluate("d => d.open")
        page.keyboard.press("Escape")
        page.keyboard.press("Control+k")
        assert page.locator("#pst-search-dialog").evaluate("d => d.open")
        page.keyboard.type("reablement")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search.html?q=reablement*")
        page.wait_for_selector("#search-results ul.search li")
    finally:
        context.close()


def search_results(page, base_url: str, query: str) -> list[dict]:
    page.goto(base_url + "search.html?q=" + quote(query), wait_until="load")
    page.wait_for_selector("#search-results .search-summary:not(:empty)")
    page.wait_for_load_state("networkidle")  # each result's snippet is fetched from its page
    page.wait_for_function(
        "[...document.querySelectorAll('#search-results ul.search li')]"
        ".every((li) => li.querySelector('p.context') || li.dataset.nosnippet !== undefined)"
    )
    return page.evaluate(
        """() => [...document.querySelectorAll('#search-results ul.search li')].map((li) => ({
          href: li.querySelector('a').getAttribute('href'),
          snippet: li.querySelector('p.context')?.textContent || '',
        }))"""
    )


def test_search_finds_a_figure_however_it_is_typed_with_a_readable_snippet(browser, base_url) -> None:
    page = browser.new_page()
    try:
        for query in ("26,362", "26362"):
            results = search_results(page, base_url, query)
            chapter = [r for r in results if r["href"].startswith("notebooks/adult_care_performance.html")]
            assert chapter, f"{query!r} did not find the adult care chapter: {results}"
            for result in results:
                snippet = result["snippet"]
                assert "26,362" in snippet, f"{query!r}: the snippet does not show the figure: {result}"
                assert not re.search(r"<[a-z/!]|&[a-z]+;|\s{2}", snippet), f"markup in the snippet: {result}"
        # the cells of a table are apart in the index and in the snippet ("7.5 6.8 missed", not "7.56.8missed")
        results = search_results(page, base_url, "reablement")
        chapter = [r for r in results if r["href"].startswith("notebooks/adult_care_performance.html")]
        assert chapter and not re.search(r"\d[a-z]{3,}|[a-z]{3,}\d", chapter[0]["snippet"]), results
        assert not search_results(page, base_url, "26361")  # and a figure that is nowhere is not found
    finally:
        page.close()


def test_the_accessibility_statement_names_the_axe_core_version_tested() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    version = lock["packages"]["node_modules/axe-core"]["version"]
    declared = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    assert declared == version and re.fullmatch(r"\d+\.\d+\.\d+", version), "pin axe-core exactly"
    statement = (ROOT / "book/accessibility.md").read_text(encoding="utf-8")
    assert f"axe-core]({'https://github.com/dequelabs/axe-core'}) {version}" in statement
    assert "book/accessibility" in (ROOT / "_toc.yml").read_text(encoding="utf-8")
