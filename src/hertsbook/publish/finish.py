"""Finishing touches on the built site, made once jupyter-book is done, page by page.

- Every wide table's scroll box (`<div class="hb-table-scroll">`, whoever wrote the table) can be reached
  and scrolled with a keyboard: `tabindex="0"`, `role="region"` and the table's caption as its name
  (axe: scrollable-region-focusable, WCAG 2.1.1).
- jupyter-book's root `index.html`, a bare refresh tag, becomes a page with a language, a title and a link.
- A Content-Security-Policy: the browser loads nothing from anywhere but the site itself.

The policy is a `<meta http-equiv>` tag, so it travels with the files to any host. The theme writes a few
small inline scripts and `onclick` handlers; rather than allow inline scripts in general ('unsafe-inline'),
each page's policy lists the sha256 of exactly the inline script that page carries. No `eval`: Sphinx's
`translations.js` needs it (`new Function`) and, for an English book, translates English into English, so
it is dropped. Inline styles are allowed: the theme's icon script (Font Awesome) writes its CSS into a
`<style>` element at run time, and a style cannot fetch anything from elsewhere (img-src and font-src
are the site's own).
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from hertsbook.cache import sha256

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"""\son[a-z]+=(?:"([^"]*)"|'([^']*)')""", re.I)
TRANSLATIONS = re.compile(r"""<script src="[^"]*_static/translations\.js[^"]*"></script>\s*""")
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
SCROLL_BOX = re.compile(r'<div class="hb-table-scroll">(\s*<table[^>]*>\s*<caption>(.*?)</caption>)', re.S)
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


def label_scroll_boxes(page: str) -> str:
    """Scroll boxes not already made focusable get tabindex, a region role and their table's caption."""

    def label(match: re.Match) -> str:
        name = html.escape(re.sub(r"<[^>]+>", "", html.unescape(match.group(2))).strip(), quote=True)
        return f'<div class="hb-table-scroll" role="region" aria-label="{name}" tabindex="0">{match.group(1)}'

    return SCROLL_BOX.sub(label, page)


def finish_site(site: Path, title: str) -> int:
    """Finish every page of a built site; return how many pages carry the policy."""
    count = 0
    for path in sorted(site.rglob("*.html")):
        if path.relative_to(site).parts[0] == "_static":  # the theme's template fragments, not pages
            continue
        page = path.read_text(encoding="utf-8")
        redirect = REDIRECT.match(page)
        if redirect:
            page = redirect_page(redirect.group(1), title)
        page = label_scroll_boxes(TRANSLATIONS.sub("", page))
        match = CHARSET.search(page)
        if match is None or 'http-equiv="Content-Security-Policy"' in page:
            path.write_text(page, encoding="utf-8")
            continue
        meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
        page = page[: match.end()] + meta + page[match.end() :]
        path.write_text(page, encoding="utf-8")
        count += 1
    return count
