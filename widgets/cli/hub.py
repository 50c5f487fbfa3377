"""``course hub ROSTER``: run a cohort's JupyterHub on this machine (see ``widgets.hub``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..hub.launch import HubError, run
from ..hub.roster import RosterError
from .common import AddParser, course_root

__all__ = ["register"]


def _hub(args: argparse.Namespace) -> int:
    try:
        return run(args.roster, args.data, course_root(), port=args.port,
                   database=args.database, extra_config=args.extra_config,
                   idle_minutes=args.idle_minutes, cohort=args.cohort)
    except (HubError, RosterError) as exc:
        print(f"course hub: {exc}", file=sys.stderr)
        return 1


def register(add_parser: AddParser) -> None:
    """Add ``course hub`` to the course command."""
    p = add_parser("hub", help="run a cohort's JupyterHub on this machine, from its roster",
                   description="Run a cohort's JupyterHub on this machine: a login and a "
                               "server for each person on the roster, teams as groups, and "
                               "a PostgreSQL that lets each person see only their own work.")
    p.add_argument("roster", type=Path, help="the roster: a CSV file (see README)")
    p.add_argument("--data", type=Path, default=Path("hub-data"),
                   help="the hub's own folder (its database, logins, logs); default hub-data")
    p.add_argument("--port", type=int, default=8000, help="where the hub listens on 127.0.0.1")
    p.add_argument("--database", default=None,
                   help="a course database's owner URL on a PostgreSQL of your own (default: "
                        "the course runs one in DATA/postgres)")
    p.add_argument("--extra-config", default="",
                   help="a jupyterhub_config.py of your own, loaded after the course's")
    p.add_argument("--idle-minutes", type=int, default=60,
                   help="stop a server after this many minutes without activity")
    p.add_argument("--cohort", default="",
                   help="the cohort the roster's teams join, made if new (default: the "
                        "newest cohort in the database)")
    p.set_defaults(func=_hub)
