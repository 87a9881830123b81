"""Lighter pages: what a first visit downloads is what the page uses.

The theme loads Font Awesome's icon script (`fontawesome.js`, 1.5 MB) on every page to draw about a dozen
icons. Here each icon element the theme writes (`<i class="fa-solid fa-sun">`) becomes the SVG that script
would have drawn, inline, with the path taken from the theme's own copy of the script (Font Awesome Free,
icons under CC BY 4.0; its licence comment stays in the theme's stylesheet); the script is then dropped.
Also dropped:
- the stylesheet's 1,900 rules that map Font Awesome class names to font glyphs (about 70 KB), which no
  page needs once the icons are SVG; the font itself stays declared for the few CSS-drawn icons (an
  admonition's), so a page that has one still shows it;
- Sphinx's search scripts and index on every page but the search page: the theme loads them for
  "search as you type", which is off (`search_as_you_type`), so the search box sends readers to search.html;
- files no reader's browser asks for: source maps, the TrueType copies of the web fonts (every browser
  takes the WOFF2 first), the theme's translation catalogues and its template fragments.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

FONT_AWESOME = "_static/scripts/fontawesome.js"
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"
# The icon elements the theme's templates write: an empty <i> or <span> whose classes name an icon.
ICON_ELEMENT = re.compile(r'<(i|span) class="([^"]*\bfa-[^"]*)"([^>]*)>\s*</\1>')
STYLE_CLASSES = {"fa", "fas", "fa-solid"}  # the icon set, not the icon: the script drops them too
ICON_SCRIPT_TAG = re.compile(
    r"\s*(?:<!-- So that users can add custom icons -->\s*)?<script[^>]*fontawesome\.js[^>]*></script>"
)
SEARCH_SCRIPT_TAG = re.compile(
    r'\s*<script src="[^"]*(?:searchtools|language_data|searchindex)\.js[^"]*"></script>'
)
# `.fa-sun:before,.fa-sunny:before{content:"\f185"}`: a class name's glyph in the font.
GLYPH_RULE = re.compile(r'(?<=\})(?:\.fa-[\w-]+:before,)*\.fa-[\w-]+:before\{content:"[^"]*"\}')
SOURCE_MAP_COMMENT = re.compile(r"\n?/[*/]# sourceMappingURL=[^\s*]+(?:\s*\*/)?\s*$")
UNUSED = ["_static/locales", "_static/webpack-macros.html", "_static/sbt-webpack-macros.html"]


class ThemeChanged(RuntimeError):
    """The theme no longer ships what this module rewrites: look again at what it loads."""


def solid_icons(script: str) -> dict[str, tuple[int, int, str]]:
    """Font Awesome's solid icons in its script: name → (width, height, SVG path)."""
    end = script.find('d("fas",')
    start = script.rfind("var p={", 0, end)
    if end < 0 or start < 0:
        raise ThemeChanged(f"no solid icon set found in {FONT_AWESOME}")
    entry = re.compile(r'[{,]"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]*","([^"]+)"\]')
    return {m[1]: (int(m[2]), int(m[3]), m[4]) for m in entry.finditer(script, start, end)}


def inline_icons(page: str, icons: dict[str, tuple[int, int, str]]) -> str:
    """Each icon element becomes the SVG Font Awesome's script would draw; unknown icons are left as they are."""

    def svg(match: re.Match) -> str:
        classes = match.group(2).split()
        names = [c[3:] for c in classes if c.startswith("fa-") and c[3:] in icons]
        if len(names) != 1:
            return match.group(0)
        width, height, path = icons[names[0]]
        kept = " ".join(c for c in classes if c not in STYLE_CLASSES)
        attributes = re.sub(r'\saria-hidden="[^"]*"', "", match.group(3))
        return (
            f'<svg class="svg-inline--fa {kept}"{attributes} aria-hidden="true" focusable="false" '
            f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
            f'<path fill="currentColor" d="{html.escape(path)}"></path></svg>'
        )

    return ICON_ELEMENT.sub(svg, page)


def lighten_page(page: str, icons: dict[str, tuple[int, int, str]], search_page: bool) -> str:
    page = ICON_SCRIPT_TAG.sub("", inline_icons(page, icons))
    return page if search_page else SEARCH_SCRIPT_TAG.sub("", page)


def trim_stylesheet(css: str) -> str:
    trimmed = GLYPH_RULE.sub("", css)
    if len(css) - len(trimmed) < 10_000:
        raise ThemeChanged(f"{THEME_CSS} no longer holds Font Awesome's glyph rules")
    return trimmed


def theme_icons(site: Path) -> dict[str, tuple[int, int, str]]:
    script = site / FONT_AWESOME
    if not script.is_file():
        raise ThemeChanged(f"{FONT_AWESOME} is not in the built site")
    return solid_icons(script.read_text(encoding="utf-8"))


def prune(site: Path) -> None:
    """Once every page is rewritten: the icon script, the glyph rules and the files no browser asks for."""
    stylesheet = site / THEME_CSS
    stylesheet.write_text(trim_stylesheet(stylesheet.read_text(encoding="utf-8")), encoding="utf-8")
    for path in sorted((site / "_static/scripts").glob("fontawesome.js*")):
        path.unlink()
    for name in UNUSED:
        target = site / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.is_file():
            target.unlink()
    for path in sorted((site / "_static").rglob("*")):
        if unasked_for(path.relative_to(site)):
            path.unlink()
        elif path.suffix in (".js", ".css") and path.is_file():
            text = path.read_text(encoding="utf-8")
            kept = SOURCE_MAP_COMMENT.sub("", text)
            if kept != text:
                path.write_text(kept + "\n", encoding="utf-8")


def unasked_for(relative: Path) -> bool:
    """Whether a file or folder of a built site (its path inside the site) is one no reader's browser asks
    for: `prune` removes these, and a copy of the site to finish need not take them at all."""
    if relative.parts[:1] != ("_static",):
        return False
    fontawesome_ttf = relative.suffix == ".ttf" and "fontawesome" in relative.parts
    return relative.suffix == ".map" or fontawesome_ttf or relative.as_posix() in UNUSED
