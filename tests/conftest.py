"""Shared fixtures: an isolated Jupyter home, a fresh team store, the real browser and a real
PostgreSQL server; and the markers that let ``make check`` leave out what needs them.

Markers are given by what a test uses, so none can be forgotten: ``browser`` (a real
Chromium), ``postgres`` (the PostgreSQL server), ``office`` (LibreOffice). ``slow`` (module
notebooks under nbval, the site build, the nbgrader pipeline, Voila servers) is set by each
slow test module, and here for the notebooks.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time as _time
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.support.browser import BROWSER_ENV, CHROMIUM_ARGS
from tests.support.browser import browser_path as find_browser
from widgets.hub.postgres import LocalPostgres, PostgresError

# Fixtures that start a real browser; a test using one is marked ``browser``.
BROWSER_FIXTURES = {"browser", "chromium"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        if "postgres_server" in used or (
                callspec is not None and callspec.params.get("any_store_url") == "postgresql"):
            item.add_marker(pytest.mark.postgres)
        if "soffice" in used:
            item.add_marker(pytest.mark.office)
        if item.nodeid.startswith("modules/"):  # a module notebook, run under nbval
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep Jupyter, IPython and matplotlib side files out of the home folder."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                     ("MPLCONFIGDIR", "mpl")]:
        os.environ[var] = str(home / sub)
    os.environ["COURSE_STORE_URL"] = f"sqlite:///{home / 'default-store.sqlite'}"
    for name in ("COURSE_TEAM", "COURSE_EXAMPLE", "COURSE_COHORT"):  # a facilitator's own
        os.environ.pop(name, None)


@pytest.fixture(autouse=True)
def _one_day() -> None:
    """Start no test in the last minute of a day: the course's views count days from today,
    and a test that saw the date change halfway would compare two different todays."""
    tomorrow = date.today() + timedelta(days=1)
    if datetime.combine(tomorrow, time()) - datetime.now() < timedelta(minutes=1):
        while date.today() < tomorrow:  # wait for the new day itself
            _time.sleep(0.2)


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A URL for a brand-new SQLite store file."""
    return f"sqlite:///{tmp_path / 'team-store.sqlite'}"


@pytest.fixture(scope="session")
def browser_path() -> str:
    """Debian's chromium, or the browser named by $COURSE_BROWSER."""
    path = find_browser()
    if not Path(path).exists():
        pytest.fail(f"No browser at {path}. Install chromium or set {BROWSER_ENV}.")
    return path


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's ``soffice``, or the one named by $COURSE_SOFFICE."""
    found = os.environ.get("COURSE_SOFFICE") or shutil.which("soffice")
    if not found:
        pytest.fail("LibreOffice is not installed: run `make test` (it installs Debian's "
                    "libreoffice-writer-nogui) or set COURSE_SOFFICE to soffice's path.")
    return found


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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[LocalPostgres]:
    """A real PostgreSQL server of our own on loopback, for the whole test session, set up as
    a cohort's hub sets up its own: every login over TCP needs its password."""
    # Not under pytest's temp folder: that one is private to root, and the server runs as
    # the postgres user.
    base = Path(tempfile.mkdtemp(prefix="it-pg-"))
    base.chmod(0o711)  # the server's own folder inside stays private to it
    try:
        server = LocalPostgres(base / "server")
    except PostgresError as exc:
        pytest.fail(f"{exc} (`make test` installs it.)")
    with server:
        yield server
    shutil.rmtree(base, ignore_errors=True)


_db_counter = iter(range(1_000_000))


def new_database(server: LocalPostgres, name: str) -> str:
    """A new, empty database on ``server``; returns its superuser's address."""
    import sqlalchemy as sa

    admin = sa.create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return server.url(database=name)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store on each backend: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'team-store.sqlite'}"
    server = request.getfixturevalue("postgres_server")
    return new_database(server, f"store_{os.getpid()}_{next(_db_counter)}")


@pytest.fixture(scope="module")
def chromium(browser_path: str) -> Iterator:
    """One real headless Chromium for a test module; each test opens its own sessions (browser
    contexts, sharing nothing) in it."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)  # a module page with charts can take a while
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
