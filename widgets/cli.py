"""The ``course`` command: start the course, build the site, serve the apps, see the store."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .store import STORE_URL_ENV, Store

APPS_DIR = "apps"


def course_root(start: Path | None = None) -> Path:
    """The course folder: the nearest folder upwards holding ``_toc.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").exists():
            return folder
    raise SystemExit(
        "Could not find the course folder (the one with _toc.yml). "
        "Run this command inside the course checkout."
    )


def _bin(name: str) -> str:
    """A program installed beside this Python (the project's virtual environment)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def _start(args: argparse.Namespace) -> int:
    root = course_root()
    store = Store()
    print(f"Team store: {store.describe()}  (set {STORE_URL_ENV} to use another)")
    store.close()
    cmd = [_bin("jupyter"), "lab", f"--ServerApp.root_dir={root}",
           "--ServerApp.default_url=/lab/tree/modules", f"--port={args.port}"]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return subprocess.call(cmd, cwd=root)


def book_command(root: Path, output: Path | None = None) -> list[str]:
    """The strict, full build of the course site (warnings are errors)."""
    cmd = [_bin("jupyter-book"), "build", "--all", "-W", "-n", "--keep-going", str(root)]
    if output is not None:
        cmd += ["--path-output", str(output)]
    return cmd


def _book(args: argparse.Namespace) -> int:
    root = course_root()
    return subprocess.call(book_command(root, args.output), cwd=root)


def voila_command(root: Path, app: str, port: int) -> list[str]:
    """Serve one app with the course's offline template and quiet extension list."""
    path = root / APPS_DIR / f"{app}.ipynb"
    if not path.exists():
        names = sorted(p.stem for p in (root / APPS_DIR).glob("*.ipynb"))
        raise SystemExit(f"There is no app called {app!r}. Apps: {', '.join(names)}")
    return [_bin("voila"), str(path), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
            "--preheat_kernel=True", "--pool_size=1"]


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


def _store(_args: argparse.Namespace) -> int:
    store = Store()
    print(f"Team store: {store.describe()}")
    for name in store.team_names():
        print(f"  {name}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("start", help="open the course in JupyterLab")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(func=_start)

    p = sub.add_parser("book", help="build the course site (strict)")
    p.add_argument("--output", type=Path, default=None, help="where _build goes")
    p.set_defaults(func=_book)

    p = sub.add_parser("app", help="serve a no-code app with Voila")
    p.add_argument("name", nargs="?", default="context_factors")
    p.add_argument("--port", type=int, default=8866)
    p.set_defaults(func=_app)

    p = sub.add_parser("store", help="show where team data is kept, and the teams")
    p.set_defaults(func=_store)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
