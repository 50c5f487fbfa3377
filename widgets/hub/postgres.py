"""A PostgreSQL server of the course's own on this machine, for a cohort's hub (and the tests).

Its folder belongs to the ``postgres`` system user when run as root (PostgreSQL refuses to run
as root). It listens on loopback only; every login over TCP needs its password
(scram-sha-256), and its socket lets in only the system user of the same name (peer), so no
participant's process can log in as anyone else.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import quote

__all__ = ["PG_BIN_ENV", "LocalPostgres", "PostgresError", "find_pg_bin", "free_port"]

PG_BIN_ENV = "COURSE_PG_BIN"
SUPERUSER = "postgres"


class PostgresError(RuntimeError):
    """The server could not be set up or started; the message says why."""


def find_pg_bin() -> Path:
    """The folder of PostgreSQL's programs: ``$COURSE_PG_BIN``, else Debian's newest."""
    if os.environ.get(PG_BIN_ENV):
        return Path(os.environ[PG_BIN_ENV])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise PostgresError(f"PostgreSQL is not installed. Install Debian's postgresql, or set "
                            f"{PG_BIN_ENV} to the folder holding initdb.")
    return found[-1].parent


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalPostgres:
    """A server in ``folder`` (made on first start), on ``port`` on 127.0.0.1."""

    def __init__(self, folder: str | os.PathLike, port: int | None = None) -> None:
        self.folder = Path(folder)
        self.port = port or free_port()
        self.bin = find_pg_bin()
        self._as = ["runuser", "-u", SUPERUSER, "--"] if os.geteuid() == 0 else []

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def password_file(self) -> Path:
        """The superuser's password: readable by the user who started the server only."""
        return self.folder / "superuser-password"

    def url(self, user: str = SUPERUSER, password: str | None = None,
            database: str = "postgres") -> str:
        """A SQLAlchemy URL; the superuser's password is filled in when none is given."""
        if password is None and user == SUPERUSER:
            password = self.password_file.read_text().strip()
        login = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
        return f"postgresql+psycopg://{login}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([*self._as, *args], capture_output=True, text=True)
        if result.returncode != 0:
            raise PostgresError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-800:]}")
        return result

    def _own(self, path: Path) -> None:
        if self._as:
            shutil.chown(path, SUPERUSER)

    def initialise(self) -> None:
        """Make the folder, the server's files and the superuser's password (once)."""
        if (self.data / "PG_VERSION").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o700)
        self._own(self.folder)
        password = secrets.token_urlsafe(24)
        self.password_file.write_text(password + "\n")
        self.password_file.chmod(0o600)
        given = self.folder / "initdb-password"
        given.write_text(password + "\n")
        self._own(given)
        try:
            self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                      "--auth-host=scram-sha-256", "--auth-local=peer", f"--pwfile={given}",
                      "-E", "UTF8", "--locale=C.UTF-8")
        finally:
            given.unlink()

    def start(self) -> LocalPostgres:
        """Start the server (making it first if needed) and wait until it takes logins."""
        self.initialise()
        socket_dir = self.folder / "socket"
        socket_dir.mkdir(exist_ok=True)
        self._own(socket_dir)
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.folder / "server.log"), "-w", "-o",
                  f"-c listen_addresses=127.0.0.1 -p {self.port} -k {socket_dir} "
                  "-c max_connections=400 -c fsync=on -c password_encryption=scram-sha-256",
                  "start")
        return self

    def stop(self) -> None:
        """Stop the server (its files stay)."""
        subprocess.run([*self._as, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                        "stop"], capture_output=True)

    def __enter__(self) -> LocalPostgres:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
