"""``course book`` builds the course site; ``course site`` serves the built site.

The site is static: the built folder (``_build/html``) can be copied to any web server or
static host as it is. ``course site`` serves it on this machine only (127.0.0.1), with Python's
own web server, to read it or to check it before publishing.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..editions import EDITION_ENV, SITE
from ..store import EXAMPLE_ENV, TEAM_ENV
from .common import AddParser, course_root, program

__all__ = ["book_command", "build", "build_dir", "copy_book_sources", "make_server",
           "register", "serve", "site_dir"]

HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def copy_book_sources(root: Path, dest: Path) -> Path:
    """Copy what the site is built from (config, pages, modules and a snapshot of the widgets
    package) so it can be built elsewhere, for example to time or test rebuilds without
    touching the checkout. Build the copy with ``PYTHONPATH=dest`` to use that snapshot."""
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(root / name, dest / name)
    shutil.copytree(root / "book", dest / "book")
    shutil.copytree(root / "modules", dest / "modules",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(root / "widgets", dest / "widgets",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def book_command(root: Path, output: Path | None = None) -> list[str]:
    """The strict, full build of the course site (warnings are errors)."""
    cmd = [program("jupyter-book"), "build", "--all", "-W", "-n", "--keep-going", str(root)]
    if output is not None:
        cmd += ["--path-output", str(output)]
    return cmd


def build_dir(root: Path, output: Path | None = None) -> Path:
    """Jupyter Book's ``_build`` folder for a build of ``root`` into ``output``."""
    return (output or root) / "_build"


def site_dir(root: Path, output: Path | None = None) -> Path:
    """Where the built site is: the folder to publish."""
    return build_dir(root, output) / "html"


def build(root: Path, output: Path | None = None, fresh: bool = False) -> int:
    """Build the site. Notebooks run again only when their code or the widgets package
    changed; ``fresh`` empties the notebook cache first, so every notebook runs."""
    if fresh:
        shutil.rmtree(build_dir(root, output) / ".jupyter_cache", ignore_errors=True)
    # The site shows the fictional example team only, never a real team's entries (nor a
    # past team's plan kept as its organisation's local example), and its
    # forms say that nothing is saved there (the course_site extension sets this too).
    env = {k: v for k, v in os.environ.items() if k not in (TEAM_ENV, EXAMPLE_ENV)}
    env[EDITION_ENV] = SITE
    return subprocess.call(book_command(root, output), cwd=root, env=env)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def make_server(site: Path, port: int = DEFAULT_PORT, host: str = HOST) -> ThreadingHTTPServer:
    """A web server for the built site (port 0 picks a free port)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    return ThreadingHTTPServer((host, port), handler)


def serve(site: Path, port: int = DEFAULT_PORT) -> int:
    """Serve the built site until Ctrl+C."""
    if not (site / "index.html").is_file():
        print(f"There is no built site in {site}. Build it first with: course book")
        return 1
    try:
        server = make_server(site, port)
    except OSError as exc:
        print(f"Could not serve on port {port}: {exc.strerror or exc}. Try --port with "
              "another number.")
        return 1
    host, port = server.server_address[:2]
    print(f"Serving the course site at http://{host}:{port}/  (press Ctrl+C to stop)",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.")
    finally:
        server.server_close()
    return 0


def _book(args: argparse.Namespace) -> int:
    root = course_root()
    code = build(root, args.output, fresh=args.fresh)
    if code != 0 or not args.serve:
        if code == 0:
            print(f"The site is in {site_dir(root, args.output)}. "
                  "See it with: course site")
        return code
    return serve(site_dir(root, args.output), args.port)


def _site(args: argparse.Namespace) -> int:
    return serve(site_dir(course_root(), args.output), args.port)


def register(add_parser: AddParser) -> None:
    """Add ``course book`` and ``course site`` to the course command."""
    p = add_parser("book", help="build the course site (strict: warnings fail)")
    p.add_argument("--output", type=Path, default=None, help="where _build goes")
    p.add_argument("--fresh", action="store_true",
                   help="run every notebook again, even those whose outputs are cached")
    p.add_argument("--serve", action="store_true", help="then serve it, as course site does")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port for --serve")
    p.set_defaults(func=_book)

    p = add_parser("site", help="serve the built course site on this machine")
    p.add_argument("--output", type=Path, default=None,
                   help="the --output the site was built with")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 picks a free port")
    p.set_defaults(func=_site)
