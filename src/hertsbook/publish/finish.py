"""Finishing touches on the built site, made once jupyter-book is done, page by page.

- Every wide table's scroll box (`<div class="hb-table-scroll">`, whoever wrote the table) can be reached
  and scrolled with a keyboard: `tabindex="0"`, `role="region"` and the table's caption as its name
  (axe: scrollable-region-focusable, WCAG 2.1.1).
- jupyter-book's root `index.html`, a bare refresh tag, becomes a page with a language, a title and a link.
- A Content-Security-Policy: the browser loads nothing from anywhere but the site itself.
- The footer's "Last updated" is the date of the commit the site was built from (`built_from` in the
  staged manifest.json), so every build of a commit says the same; built from no git checkout, no date.
  Sphinx's own date is SOURCE_DATE_EPOCH's, one fixed day whatever the build; it is replaced here, on every
  page at every build, since Sphinx rewrites only the pages whose sources changed.
- A plain page's header link to the book (the council pages', `class="hb-site-title"`) shows the book's
  title from _config.yml, written here at every build like the date, not into pages cached by their run.
- Lighter pages: inline SVG icons instead of the icon script, and no unused assets (lighten.py).

The policy is a `<meta http-equiv>` tag, so it travels with the files to any host. The theme writes a few
small inline scripts and `onclick` handlers; rather than allow inline scripts in general ('unsafe-inline'),
each page's policy lists the sha256 of exactly the inline script that page carries. No `eval`: Sphinx's
`translations.js` needs it (`new Function`) and, for an English book, translates English into English, so
it is dropped. Inline styles are allowed (the theme's `<noscript>` style, `style` attributes in tables):
a style cannot fetch anything from elsewhere (img-src and font-src are the site's own).
"""

from __future__ import annotations

import base64
import datetime
import html
import json
import re
from pathlib import Path

from hertsbook.cache import Cache, key, link_out, sha256
from hertsbook.content.numbers import date_in_words
from hertsbook.publish import lighten

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"""\son[a-z]+=(?:"([^"]*)"|'([^']*)')""", re.I)
TRANSLATIONS = re.compile(r"""<script src="[^"]*_static/translations\.js[^"]*"></script>\s*""")
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
SCROLL_BOX = re.compile(r'<div class="hb-table-scroll">(\s*<table[^>]*>\s*<caption>(.*?)</caption>)', re.S)
LAST_UPDATED = re.compile(r'<p class="last-updated">.*?</p>', re.S)
LAST_UPDATED_ITEM = re.compile(
    r'\s*<div class="footer-item">\s*<p class="last-updated">.*?</p>\s*</div>', re.S
)
LAST_UPDATED_META = re.compile(r'\s*<meta name="docbuild:last-update" content="[^"]*"\s*/?>')
SITE_TITLE = re.compile(r'(<a class="hb-site-title"[^>]*>).*?(</a>)', re.S)
REDIRECT = re.compile(r"""^\s*<meta http-equiv="Refresh" content="0; url=([^"]+)"\s*/?>\s*$""", re.I)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(bytes.fromhex(sha256(text.encode("utf-8")))).decode() + "'"


def policy(page: str) -> str:
    """The policy for one page: its own origin only, plus the hashes of the inline code it carries."""
    scripts = sorted({_hash(s) for s in INLINE_SCRIPT.findall(page)})
    handlers = sorted({_hash(html.unescape(a or b)) for a, b in HANDLER.findall(page)})
    script_src = ["'self'", *scripts, *(["'unsafe-hashes'", *handlers] if handlers else [])]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(script_src),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",  # data: for the small SVG icons inside the theme's CSS
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def commit_date(site: Path) -> datetime.date | None:
    """The date of the commit the site was built from, from the staged manifest.json; None if unknown."""
    try:
        origin = json.loads((site / "manifest.json").read_text(encoding="utf-8")).get("built_from", {})
        return datetime.date.fromisoformat(origin["date"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def date_last_updated(page: str, date: datetime.date | None) -> str:
    """The footer's date (and its `<meta>`) become `date`, in British style; with no date, both go."""
    if date is None:
        return LAST_UPDATED_META.sub("", LAST_UPDATED_ITEM.sub("", page))
    shown = date_in_words(date.isoformat())
    paragraph = (
        f'<p class="last-updated">Last updated on <time datetime="{date.isoformat()}">{shown}</time>.</p>'
    )
    page = LAST_UPDATED.sub(lambda _: paragraph, page)
    return LAST_UPDATED_META.sub(lambda _: f'\n  <meta name="docbuild:last-update" content="{shown}"/>', page)


def redirect_page(target: str, title: str) -> str:
    """jupyter-book's root index.html is a bare refresh tag: give it a language, a title and a link."""
    target = html.escape(target, quote=True)
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n<main>\n<h1>{html.escape(title)}</h1>\n"
        f'<p><a href="{target}">Go to the book’s home page</a></p>\n</main>\n</body>\n</html>\n'
    )


def site_title(page: str, title: str) -> str:
    """A plain page's header link to the book shows the book's title (escaped); an empty title leaves it."""
    if not title.strip():
        return page
    return SITE_TITLE.sub(lambda m: m[1] + html.escape(title) + m[2], page)


def label_scroll_boxes(page: str) -> str:
    """Scroll boxes not already made focusable get tabindex, a region role and their table's caption."""

    def label(match: re.Match) -> str:
        name = html.escape(re.sub(r"<[^>]+>", "", html.unescape(match.group(2))).strip(), quote=True)
        return f'<div class="hb-table-scroll" role="region" aria-label="{name}" tabindex="0">{match.group(1)}'

    return SCROLL_BOX.sub(label, page)


def finish_page(
    page: str,
    icons: dict[str, tuple[int, int, str]],
    title: str,
    date: datetime.date | None,
    search_page: bool,
) -> str:
    """One page finished: redirect, scroll boxes, lighter icons, date, title and its own policy."""
    redirect = REDIRECT.match(page)
    if redirect:
        page = redirect_page(redirect.group(1), title)
    page = label_scroll_boxes(TRANSLATIONS.sub("", page))
    page = lighten.lighten_page(page, icons, search_page=search_page)
    page = site_title(date_last_updated(page, date), title)
    match = CHARSET.search(page)
    if match is None or 'http-equiv="Content-Security-Policy"' in page:
        return page
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
    return page[: match.end()] + meta + page[match.end() :]


def finish_site(site: Path, title: str, cache: Cache | None = None, code: str = "") -> None:
    """Finish every page of a built site.

    With a `cache`, each finished page is kept under the hash of everything it is made from: the page as
    Sphinx (or a council's run) wrote it, the title, the date, the theme's icon script and `code` (the
    package's source hash). A rebuild then finishes only the pages that changed: with every council that
    is 180 pages, most of them unchanged, and finishing them all took 0.87 of a text edit's 4.3 s.
    """
    date = commit_date(site)
    script = site / lighten.FONT_AWESOME
    script_sha = sha256(script.read_bytes()) if script.is_file() else ""
    icons: dict[str, tuple[int, int, str]] | None = None
    for path in sorted(site.rglob("*.html")):
        if path.relative_to(site).parts[0] == "_static":  # the theme's template fragments, not pages
            continue
        raw = path.read_bytes()
        search_page = path == site / "search.html"
        digest = key("finished page", sha256(raw), title, str(date), script_sha, search_page, code)
        entry = cache.get("finished", digest) if cache else None
        # The page is replaced, never written into: a council's page is a link to its cache entry (link_out).
        path.unlink()
        if entry is not None:
            link_out(entry / "page.html", path)
            continue
        if icons is None:  # parsed only when a page needs finishing
            icons = lighten.theme_icons(site)
        path.write_text(finish_page(raw.decode("utf-8"), icons, title, date, search_page), encoding="utf-8")
        if cache:
            cache.put("finished", digest, {"page.html": path})
    lighten.prune(site)
