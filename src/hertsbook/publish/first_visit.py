"""What a browser transfers on a first visit to a page of the built site.

One measurement for the browser tests' limit (tests/test_browser.py) and the benchmark's page-weight rows
(benchmarks/build.py): Debian's chromium, driven by playwright (a test dependency, imported only here), opens
the page in a fresh profile with nothing cached, scrolls to the end so lazily loaded images load too, and
every response's body and headers are added up. Counting the files a page links instead counts what no
browser fetches (a full-size chart behind a link, a preloaded script counted twice) and misses what it does
(fonts and images named by a stylesheet, the favicon).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
SETTLE_SECONDS = 30  # a visit whose requests are still open by then fails (as playwright's own waits do)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def first_visit_bytes(browser: Any, url: str, viewport: dict[str, int]) -> tuple[int, list[str]]:
    """What one page transfers on a first visit (a fresh browser profile, nothing cached): bytes, URLs."""
    context = browser.new_context(viewport=viewport)
    try:
        return visit(context.new_page(), url)
    finally:
        context.close()


def visit(page: Any, url: str) -> tuple[int, list[str]]:
    """Open `url` in `page` and scroll to its end: the bytes every response took (body and headers) and
    the URLs. A first visit's weight when `page` belongs to a fresh context (the browser tests' visits).

    Done when every image is complete, the fonts are ready and no request the page made is still open:
    playwright's "networkidle" waited for half a second of quiet twice a visit: 14 visits (7 pages, two
    widths) took 17.2 and 19.4 s with it, 11.1 and 12.6 s without, and weighed the same bytes each.
    """
    sizes: dict[str, int] = {}
    pending: set[Any] = set()

    def finished(request: Any) -> None:
        measured = request.sizes()
        sizes[request.url] = measured["responseBodySize"] + measured["responseHeadersSize"]
        pending.discard(request)

    def started(request: Any) -> None:
        pending.add(request)

    def failed(request: Any) -> None:
        pending.discard(request)

    handlers = {"request": started, "requestfinished": finished, "requestfailed": failed}
    for event, handler in handlers.items():
        page.on(event, handler)
    try:
        page.goto(url, wait_until="load")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazily loaded images too
        page.wait_for_function("[...document.images].every(image => image.complete)")
        page.evaluate("document.fonts.ready.then(() => true)")
        deadline = time.monotonic() + SETTLE_SECONDS
        while pending:  # the responses' own events, which playwright delivers while it waits
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{url}: still loading after {SETTLE_SECONDS} s: {sorted(r.url for r in pending)}"
                )
            page.wait_for_timeout(10)
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)
    return sum(sizes.values()), sorted(sizes)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(
        self, request: Any, client_address: Any
    ) -> None:  # a browser leaving a page mid-download
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site served over HTTP on this machine, as a browser would fetch it: its base URL."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium, headless, driven by playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
