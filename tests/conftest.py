"""Shared fixtures: an isolated Jupyter home, a fresh team store, and the real browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BROWSER_ENV = "COURSE_BROWSER"
DEFAULT_BROWSER = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(autouse=True, scope="session")
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep Jupyter, IPython and matplotlib side files out of the home folder."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                     ("MPLCONFIGDIR", "mpl")]:
        os.environ[var] = str(home / sub)
    os.environ["COURSE_STORE_URL"] = f"sqlite:///{home / 'default-store.sqlite'}"
    os.environ.pop("COURSE_TEAM", None)


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A URL for a brand-new SQLite store file."""
    return f"sqlite:///{tmp_path / 'team-store.sqlite'}"


@pytest.fixture(scope="session")
def browser_path() -> str:
    """Debian's chromium, or the browser named by $COURSE_BROWSER."""
    path = os.environ.get(BROWSER_ENV) or shutil.which("chromium") or DEFAULT_BROWSER
    if not Path(path).exists():
        pytest.fail(f"No browser at {path}. Install chromium or set {BROWSER_ENV}.")
    return path


@pytest.fixture
def browser(browser_path: str, tmp_path: Path):
    """A real headless Chromium (a fresh profile each test), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=browser_path, headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            yield context
        finally:
            context.close()
