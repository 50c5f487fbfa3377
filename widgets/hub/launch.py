"""``course hub ROSTER``: a cohort's JupyterHub on this machine, from its roster.

In order: check the roster; start the course's own PostgreSQL (or use the one given); bring
the store's tables up to date and put the database's rules in place; record the roster's
teams and people; make each person's account on this machine; then run JupyterHub with the
course's configuration until it is stopped (Ctrl+C), and stop the database after it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from ..store import Store
from .accounts import ensure_system_user, prepare_editions
from .database import record_roster, secure
from .postgres import LocalPostgres, free_port
from .roster import Roster, read_roster
from .settings import HUB_TOOLS, SETTINGS_ENV, HubSettings

__all__ = ["CONFIG_FILE", "COURSE_DATABASE", "HubError", "hub_tools", "prepare_database", "run"]

CONFIG_FILE = Path(__file__).resolve().parent / "jupyterhub_config.py"
COURSE_DATABASE = "course"


class HubError(RuntimeError):
    """The hub cannot start; the message says what to do."""


def hub_tools(course: Path) -> tuple[Path, Path]:
    """The participants' Python (a virtual environment any account may run) and the proxy,
    as ``make hub`` installs them in the checkout."""
    python = course / HUB_TOOLS / "venv"
    proxy = course / HUB_TOOLS / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
    missing = [p for p in (python / "bin" / "jupyterhub-singleuser", proxy) if not p.exists()]
    if missing:
        raise HubError(f"{missing[0]} is missing. Run `make hub` in {course} first (it installs "
                       "the participants' Python and the hub's proxy).")
    return python, proxy


def prepare_database(url: str, roster: Roster, cohort: str = "") -> None:
    """Bring the store's tables up to date, put the rules in place, and record the roster
    (its new teams in ``cohort``)."""
    Store(url).close()
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            secure(conn)
            record_roster(conn, roster, cohort)
    except RuntimeError as exc:  # the rules cannot be made safe with this login: say what to do
        raise HubError(str(exc)) from None
    finally:
        engine.dispose()


def _course_database(server: LocalPostgres) -> str:
    engine = sa.create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (COURSE_DATABASE,)).scalar():
            conn.exec_driver_sql(f"CREATE DATABASE {COURSE_DATABASE}")
        # The server's other databases are no one's business but its superuser's.
        conn.exec_driver_sql("REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 "
                             "FROM PUBLIC")
    engine.dispose()
    return server.url(database=COURSE_DATABASE)


def run(roster_path: Path, data: Path, course: Path, *, port: int = 8000,
        database: str | None = None, extra_config: str = "", idle_minutes: int = 60,
        cohort: str = "") -> int:
    """Start the cohort's hub and wait until it stops. ``database`` is the URL of an existing
    course database's owner; without it, the course runs a PostgreSQL of its own in
    ``data/postgres``."""
    roster = read_roster(roster_path)
    if os.geteuid() != 0:
        raise HubError("course hub must run as root: it makes an account on this machine for "
                       "each person, and starts each person's server as them.")
    python, proxy = hub_tools(course)
    data = data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    data.chmod(0o711)  # the hub's files are root's; the database's folder is its own
    os.umask(0o077)  # what the hub writes (its database, the password hashes) is root's alone
    for made in data.iterdir():
        if made.is_file():
            made.chmod(0o600)
    server = None if database else LocalPostgres(data / "postgres").start()
    try:
        url = database or _course_database(server)
        prepare_database(url, roster, cohort)
        for username in roster.people:
            ensure_system_user(username)
        settings = HubSettings(
            roster=str(roster_path.resolve()), data=str(data), course=str(course),
            python=str(python), proxy=str(proxy), database=url, port=port,
            hub_port=free_port(), proxy_api_port=free_port(), idle_minutes=idle_minutes,
            extra_config=str(Path(extra_config).resolve()) if extra_config else "",
            cohort=cohort,
        )
        prepare_editions(settings)
        saved = settings.save(data / "settings.json")
        hub = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG_FILE)],
            cwd=data, env={**os.environ, SETTINGS_ENV: str(saved)})
        signal.signal(signal.SIGTERM, lambda *_: hub.terminate())
        try:
            return hub.wait()
        except KeyboardInterrupt:
            hub.terminate()
            return hub.wait()
    finally:
        if server is not None:
            server.stop()
