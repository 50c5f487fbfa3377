"""``course apps`` and ``course app NAME``: serve the no-code apps with Voila, offline and quiet.

``course apps`` serves every app in ``apps/`` from one server, with a start page listing them;
``course app NAME`` serves one app on its own. Both preheat a kernel for each app so pages
open quickly (the apps read the store only when a visitor arrives), use the course's offline
template, and load only the widget extensions (``apps/voila.json``).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .common import AddParser, course_root, program

__all__ = ["APPS_DIR", "app_names", "app_path", "register", "voila_command", "voila_env"]

APPS_DIR = "apps"
DEFAULT_PORT = 8866


def app_names(root: Path) -> list[str]:
    """The apps there are: the notebooks in ``apps/``."""
    return sorted(p.stem for p in (root / APPS_DIR).glob("*.ipynb"))


def app_path(root: Path, app: str | None) -> Path:
    """One app's notebook, or with ``app=None`` the apps folder (every app, and a start page)."""
    folder = root / APPS_DIR
    if app is None:
        return folder
    path = folder / f"{app}.ipynb"
    if not path.exists():
        raise SystemExit(f"There is no app called {app!r}. Apps: {', '.join(app_names(root))}")
    return path


def voila_command(target: Path, port: int) -> list[str]:
    """Voila serving a notebook or a folder of them on this machine only, with one preheated
    kernel waiting for each notebook's next visitor. Run it from a folder holding the
    course's ``voila.json`` (template and extension allowlist)."""
    return [program("voila"), str(target), "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--preheat_kernel=True", "--pool_size=1"]


def voila_env(root: Path) -> dict[str, str]:
    """Put the course's offline Voila template on the Jupyter data path."""
    env = dict(os.environ)
    share = str(root / APPS_DIR / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [share, env.get("JUPYTER_PATH", "")]))
    return env


def _serve(app: str | None, port: int) -> int:
    root = course_root()
    cmd = voila_command(app_path(root, app), port)
    where = f"http://127.0.0.1:{port}/"
    print(f"Serving {'the apps' if app is None else f'the {app} app'} at {where} "
          "(Ctrl+C stops it). Pages open once the apps are ready, a few seconds from now.")
    return subprocess.call(cmd, cwd=root / APPS_DIR, env=voila_env(root))


def register(add_parser: AddParser) -> None:
    """Add ``course apps`` and ``course app`` to the course command."""
    p = add_parser("apps", help="serve every no-code app with Voila, with a start page")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.set_defaults(func=lambda args: _serve(None, args.port))

    p = add_parser("app", help="serve one no-code app with Voila")
    p.add_argument("name", nargs="?", default="workspace",
                   help="workspace (a team's workspace) or cohort (every team); "
                        "default: workspace")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.set_defaults(func=lambda args: _serve(args.name, args.port))
