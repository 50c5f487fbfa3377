"""``course app``: serve the no-code apps with Voila, offline and quiet."""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

from .cli import course_root, program

APPS_DIR = "apps"


def voila_command(root: Path, app: str, port: int) -> list[str]:
    """Serve one app with the course's offline template and quiet extension list."""
    path = root / APPS_DIR / f"{app}.ipynb"
    if not path.exists():
        names = sorted(p.stem for p in (root / APPS_DIR).glob("*.ipynb"))
        raise SystemExit(f"There is no app called {app!r}. Apps: {', '.join(names)}")
    return [program("voila"), str(path), "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--preheat_kernel=True", "--pool_size=1"]


def voila_env(root: Path) -> dict[str, str]:
    """Put the course's offline Voila template on the Jupyter data path."""
    env = dict(os.environ)
    share = str(root / APPS_DIR / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [share, env.get("JUPYTER_PATH", "")]))
    return env


def _app(args: argparse.Namespace) -> int:
    root = course_root()
    return subprocess.call(voila_command(root, args.name, args.port), cwd=root / APPS_DIR,
                           env=voila_env(root))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="serve a no-code app with Voila")
    p.add_argument("name", nargs="?", default="context_factors")
    p.add_argument("--port", type=int, default=8866)
    p.set_defaults(func=_app)
