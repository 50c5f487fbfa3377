"""What ``course hub`` tells the hub it starts: where the roster, the course and the
participants' Python are, and how to reach the database. Kept in a file only root can read,
because it holds the database owner's password."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["SETTINGS_ENV", "HubSettings"]

SETTINGS_ENV = "COURSE_HUB_SETTINGS"  # the path of the settings file, for jupyterhub_config.py


HUB_TOOLS = ".hub"  # in the course checkout: what `make hub` installs, readable by everyone


@dataclass(frozen=True)
class HubSettings:
    """Everything the hub's configuration needs to know."""

    roster: str  # the roster CSV, read again at every server start
    data: str  # the hub's own folder: its database, cookie secret, logs, this file
    course: str  # the course checkout: modules/ and apps/ are copied for each person
    python: str  # the participants' Python: a virtual environment anyone may run
    proxy: str  # configurable-http-proxy
    database: str  # the course database's owner: a SQLAlchemy URL with its password
    port: int = 8000  # where people reach the hub (the proxy), on 127.0.0.1
    hub_port: int = 8081  # the hub's own API, behind the proxy
    proxy_api_port: int = 8001  # the proxy's API, for the hub only (it needs a token)
    idle_minutes: int = 60  # idle servers are stopped after this long
    extra_config: str = ""  # a deployer's own jupyterhub config, loaded last (e.g. OAuth)
    cohort: str = ""  # the cohort the roster's new teams join ("": the store's newest)

    def save(self, path: str | os.PathLike) -> Path:
        """Write the settings where only their owner can read them."""
        path = Path(path)
        path.touch(mode=0o600, exist_ok=True)
        path.chmod(0o600)
        path.write_text(json.dumps(asdict(self), indent=1), "utf-8")
        return path

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> HubSettings:
        """The settings ``course hub`` wrote (the file named by ``$COURSE_HUB_SETTINGS``)."""
        path = path or os.environ.get(SETTINGS_ENV)
        if not path:
            raise RuntimeError(f"{SETTINGS_ENV} is not set: start the hub with `course hub`.")
        return cls(**json.loads(Path(path).read_text("utf-8")))
