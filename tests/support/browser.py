"""Where the real browser is, and how the tests start it (Debian's chromium, offline); and the
waits a test needs before it can say what a page did: every request it started has finished.
"""

from __future__ import annotations

import os
import shutil
import time

__all__ = ["BROWSER_ENV", "CHROMIUM_ARGS", "InFlight", "browser_path", "wait_for_page_settled"]

BROWSER_ENV = "COURSE_BROWSER"
DEFAULT_BROWSER = "/usr/bin/chromium"
# Without the background-networking flags, Chromium tries hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SETTLE_TIMEOUT = 30  # seconds for a page's last requests to finish


def browser_path() -> str:
    """Debian's chromium, or the browser named by $COURSE_BROWSER."""
    return os.environ.get(BROWSER_ENV) or shutil.which("chromium") or DEFAULT_BROWSER


class InFlight:
    """The requests a page (or every page of a browser context) has started and that have not
    finished or failed yet: each ``request`` event is matched by a ``requestfinished`` or a
    ``requestfailed`` one. Attach it before the page asks for anything."""

    def __init__(self) -> None:
        self.open: dict[int, str] = {}  # id of the Request: its URL

    def attach(self, target) -> InFlight:
        """Count the requests of ``target``, a Playwright page or browser context."""
        target.on("request", lambda r: self.open.__setitem__(id(r), r.url))
        target.on("requestfinished", lambda r: self.open.pop(id(r), None))
        target.on("requestfailed", lambda r: self.open.pop(id(r), None))
        return self

    def wait_for_none(self, page, timeout: float = SETTLE_TIMEOUT) -> None:
        """Wait until every request started so far has finished or failed.

        Playwright delivers request events to this process only while it talks to the browser,
        so each look at the count is preceded by one round trip to ``page`` that ends at the
        page's next animation frame (or within 100 ms, should the page draw no frames).
        """
        deadline = time.monotonic() + timeout
        while self.open:
            if time.monotonic() > deadline:
                raise AssertionError(f"requests still running after {timeout} s:\n"
                                     + "\n".join(sorted(self.open.values())))
            page.evaluate("() => new Promise(done => { requestAnimationFrame(done); "
                          "setTimeout(done, 100); })")


def wait_for_page_settled(page, in_flight: InFlight, timeout: float = SETTLE_TIMEOUT) -> None:
    """Wait until ``page`` has everything it fetches by itself: every image loaded (or failed),
    every font it uses loaded (widget code loads icon fonts after the page's load event), and
    no request still running, those included."""
    page.wait_for_function("() => [...document.images].every(img => img.complete)",
                           timeout=timeout * 1000)
    page.evaluate("() => document.fonts.ready.then(() => document.fonts.status)")
    in_flight.wait_for_none(page, timeout)
