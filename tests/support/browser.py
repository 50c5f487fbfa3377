"""Where the real browser is, and how the tests start it (Debian's chromium, offline)."""

from __future__ import annotations

import os
import shutil

__all__ = ["BROWSER_ENV", "CHROMIUM_ARGS", "browser_path"]

BROWSER_ENV = "COURSE_BROWSER"
DEFAULT_BROWSER = "/usr/bin/chromium"
# Without the background-networking flags, Chromium tries hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def browser_path() -> str:
    """Debian's chromium, or the browser named by $COURSE_BROWSER."""
    return os.environ.get(BROWSER_ENV) or shutil.which("chromium") or DEFAULT_BROWSER
