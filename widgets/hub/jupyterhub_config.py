"""The course's JupyterHub configuration, for a cohort on one machine (``course hub``).

Each person on the roster logs in with a password they choose the first time (only the
roster's usernames are let in), and gets a server of their own, running as their own account
on this machine. A no-code participant lands in the workspace app; everyone else in
JupyterLab on the modules. Teams are the hub's groups. Idle servers are stopped. What each
person may see in the database is kept by the database itself (``widgets.hub.database``).

``course hub`` starts JupyterHub with this file; the settings it needs come from the file
named by ``$COURSE_HUB_SETTINGS``. A deployer adds their own settings (an OAuth login, say)
in a file of their own: ``course hub ROSTER --extra-config my_config.py``.
"""

# ruff: noqa: F821  (``c`` and ``load_subconfig`` are given by JupyterHub)
import asyncio
import sys
from pathlib import Path

from widgets.hub.roster import read_roster
from widgets.hub.settings import HubSettings
from widgets.hub.spawn import SpawnPreparer

settings = HubSettings.load()
roster = read_roster(settings.roster)
data = Path(settings.data)

# The hub: on this machine only, its state in its own folder.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.JupyterHub.db_url = f"sqlite:///{data / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(data / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.command = [settings.proxy]
c.ConfigurableHTTPProxy.pid_file = str(data / "proxy.pid")

# Who may log in: the roster's usernames only, each with the password they choose the first
# time they log in (they change it at /hub/auth/change-password). No identity provider is
# needed; an organisation that has one adds its OAuth login with --extra-config (README).
c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
c.Authenticator.allowed_users = set(roster.people)
c.FirstUseAuthenticator.create_users = False  # a name not on the roster never gets a password
c.FirstUseAuthenticator.min_password_length = 10
c.FirstUseAuthenticator.dbm_path = str(data / "passwords.dbm")
# No hub admins: an admin could open anyone's server and read their team's work.
c.Authenticator.admin_users = set()

# The teams are the hub's groups (participants and their team facilitators).
c.JupyterHub.load_groups = {
    team: {"users": [p.username for p in roster.people.values() if team in p.teams]}
    for team in roster.teams
}

# A server per person, as their own account on this machine.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(Path(settings.python) / "bin" / "jupyterhub-singleuser")]
_prepare = SpawnPreparer(settings)


async def prepare(spawner):  # a function: JupyterHub copies settings, and functions stay whole
    # In a thread: copying a course or waiting on the database must not hold up the hub.
    await asyncio.to_thread(_prepare, spawner)


c.Spawner.pre_spawn_hook = prepare
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

# Idle servers are stopped (their work is saved as it is entered).
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={settings.idle_minutes * 60}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]

if settings.extra_config:
    load_subconfig(settings.extra_config)
