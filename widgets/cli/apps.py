"""``course apps`` and ``course app NAME``: serve the no-code apps with Voila, offline and quiet.

``course apps`` serves every app in ``apps/`` from one server, with a start page listing them;
``course app NAME`` serves one app on its own. Both keep kernels warm for the visitors to come
(``--visitors N``: a kernel per visitor arriving at the same moment), and say the apps are
ready only once those kernels wait for their visitors, so nobody meets a blank page. They use
the course's offline template and load only the widget extensions (``apps/voila.json``).

What a serving needs beyond ``voila.json`` is written to a folder of its own, removed when
the server stops: Voila's settings for this serving (pools, a quiet log, encrypted kernel
connections), a signature store in which the apps' notebooks are trusted (Voila warns at every
visit about a notebook it does not trust), and the folder where warm kernels leave their mark.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType

import nbformat
import zmq
from nbformat.sign import NotebookNotary

from .common import AddParser, course_root, program

__all__ = ["APPS_DIR", "READY_ENV", "app_names", "app_path", "pool_sizes", "prepare_serving",
           "register", "voila_command", "voila_env", "warm_kernels"]

APPS_DIR = "apps"
DEFAULT_PORT = 8866
WORKSPACE = "workspace.ipynb"  # the app a whole room opens at once; the others get one kernel
READY_ENV = "COURSE_APPS_READY"  # read by widgets.apps.common.wait_for_visitor, same name
IOPUB_TIMEOUT = 60  # seconds Voila waits for an app cell's output once the cell has run
READY_TIMEOUT = 180  # seconds: after this, say the apps are slow to start, and keep serving
# Seconds Voila waits, after handing out a warm kernel, before warming its replacement. For a
# room, the replacements (all starting together) would take the CPU the room's own kernels
# need while its pages load; one visitor at a time gets Voila's own second.
REFILL_DELAY = {"one": 1.0, "room": 5.0}


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


def pool_sizes(target: Path, visitors: int) -> dict[str, int]:
    """How many warm kernels each served notebook keeps: one per visitor arriving at once for
    the workspace app (or the one app served), one for each other app."""
    if target.is_file():
        return {target.name: visitors}
    return {p.name: visitors if p.name == WORKSPACE else 1
            for p in sorted(target.glob("*.ipynb"))}


def _kernel_connections() -> dict[str, str]:
    """Kernel connections without the warning each kernel prints over plain TCP: encrypted
    (CurveZMQ keys made by the kernel manager, for kernels that support them), or where this
    machine's ZeroMQ cannot encrypt, over local sockets that only this user can reach."""
    if zmq.has("curve"):
        return {"transport_encryption": "auto"}
    return {"transport": "ipc"}


def prepare_serving(target: Path, runtime: Path, visitors: int = 1) -> None:
    """Write into ``runtime`` (an empty folder, kept while the server runs) what serving
    ``target`` needs: Voila's settings, the trusted notebooks' signatures, the ready folder."""
    sizes = pool_sizes(target, visitors)
    secret, signatures = runtime / "notebook_secret", runtime / "nbsignatures.db"
    secret.write_bytes(os.urandom(64).hex().encode("ascii"))
    secret.chmod(0o600)
    settings = {
        "Voila": {"log_level": "WARN", "port_retries": 0, "logging_config": {
            "filters": {"closed_tab": {"()": "widgets.apps.common.ClosedTabNoise"}},
            "loggers": {"asyncio": {"filters": ["closed_tab"]}}}},
        "VoilaKernelManager": {
            "kernel_pools_config": {"default": {"pool_size": 1},
                                    **{name: {"pool_size": n} for name, n in sizes.items()}},
            "fill_delay": REFILL_DELAY["one" if visitors == 1 else "room"]},
        # A room's pages arrive together: the server may take more than nbclient's 4 s to
        # read an app's output after its cell has run, and would then leave it off the page.
        "VoilaExecutor": {"iopub_timeout": IOPUB_TIMEOUT},
        "NotebookNotary": {"db_file": str(signatures), "secret_file": str(secret)},
        "KernelManager": _kernel_connections(),
    }
    (runtime / "voila.json").write_text(json.dumps(settings, indent=1), "utf-8")
    folder = target if target.is_dir() else target.parent
    with NotebookNotary(db_file=str(signatures), secret_file=str(secret)) as notary:
        for name in sizes:  # the apps are the course's own notebooks: trust them
            notary.sign(nbformat.read(folder / name, as_version=nbformat.NO_CONVERT))
    (runtime / "ready").mkdir()


def voila_command(target: Path, port: int) -> list[str]:
    """Voila serving a notebook or a folder of them on this machine only, with warm kernels
    waiting for visitors. Run it from a folder holding the course's ``voila.json`` (template
    and extension allowlist), with :func:`voila_env`."""
    return [program("voila"), str(target), "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--preheat_kernel=True"]


def voila_env(root: Path, runtime: Path) -> dict[str, str]:
    """The course's offline Voila template on the Jupyter data path, this serving's settings
    (:func:`prepare_serving`) on the configuration path, and where warm kernels say so."""
    env = dict(os.environ)
    share = str(root / APPS_DIR / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [share, env.get("JUPYTER_PATH", "")]))
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        filter(None, [str(runtime), env.get("JUPYTER_CONFIG_PATH", "")]))
    env[READY_ENV] = str(runtime / "ready")
    return env


def warm_kernels(runtime: Path) -> int:
    """How many kernels of this serving have waited for a visitor so far."""
    return sum(1 for _ in (runtime / "ready").iterdir())


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)  # the ``finally`` below stops Voila and its kernels


def _serve(app: str | None, port: int, visitors: int) -> int:
    root = course_root()
    target = app_path(root, app)
    what = "the apps" if app is None else f"the {app} app"
    warm = sum(pool_sizes(target, visitors).values())
    with tempfile.TemporaryDirectory(prefix="course-apps-") as runtime_name:
        runtime = Path(runtime_name)
        prepare_serving(target, runtime, visitors)
        people = f"{visitors} visitor{'s' if visitors > 1 else ''}"
        print(f"Starting {what}: warming {warm} kernels, enough for {people} arriving at "
              "the same moment. Wait for “Ready”.", flush=True)
        proc = subprocess.Popen(voila_command(target, port), cwd=root / APPS_DIR,
                                env=voila_env(root, runtime))
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            started = time.monotonic()
            while warm_kernels(runtime) < warm:
                if proc.poll() is not None:
                    break
                if time.monotonic() > started + READY_TIMEOUT:
                    print(f"{what.capitalize()} {'are' if app is None else 'is'} slow to "
                          "start: the first visitors may wait. Still serving.", flush=True)
                    break
                time.sleep(0.2)  # how often to look at the ready folder
            else:
                print(f"Ready in {time.monotonic() - started:.0f} s: "
                      f"http://127.0.0.1:{port}/ (Ctrl+C stops it).", flush=True)
            code = proc.wait()
            if code:
                print(f"Voila stopped (exit code {code}); see the messages above.",
                      file=sys.stderr)
            return code
        except KeyboardInterrupt:
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _visitors(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def register(add_parser: AddParser) -> None:
    """Add ``course apps`` and ``course app`` to the course command."""
    visitors = {"type": _visitors, "default": 1, "metavar": "N",
                "help": "how many visitors may open the workspace app at the same moment "
                        "without waiting: a warm kernel (about 100 MB of memory) for each; "
                        "default: 1"}
    p = add_parser("apps", help="serve every no-code app with Voila, with a start page")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--visitors", **visitors)
    p.set_defaults(func=lambda args: _serve(None, args.port, args.visitors))

    p = add_parser("app", help="serve one no-code app with Voila")
    p.add_argument("name", nargs="?", default="workspace",
                   help="workspace (a team's workspace) or cohort (every team); "
                        "default: workspace")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--visitors", **visitors)
    p.set_defaults(func=lambda args: _serve(args.name, args.port, args.visitors))
