"""What the app tests and the time-to-interactive benchmark share: a real Voila server serving
the apps, a watch on what a page does (requests, dialogs, errors), and an accessibility audit.

Not a test module: ``tests/apps/`` and ``benchmarks/voila_tti.py`` import it.
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from widgets.cli.apps import APPS_DIR, voila_command, voila_env

from . import ROOT

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


class VoilaFailed(RuntimeError):
    """The server stopped or never got ready; the message holds the end of its log."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VoilaServer:
    """``course apps``'s Voila command on a free port, logging each cell a kernel starts.

    ``folder`` is the folder served (the course's ``apps/`` by default); it must hold the
    course's ``voila.json``. ``store_url`` is the team store every kernel uses.
    """

    def __init__(self, store_url: str, log: Path, folder: Path | None = None) -> None:
        self.folder = folder or ROOT / APPS_DIR
        self.log = log
        env = voila_env(ROOT)
        env["COURSE_STORE_URL"] = store_url
        # --debug makes Voila log each cell as a kernel starts it: the tests wait for that.
        cmd = [*voila_command(self.folder, free_port()), "--debug"]
        with log.open("w", encoding="utf-8") as out:
            self.proc = subprocess.Popen(cmd, cwd=self.folder, env=env, stdout=out,
                                         stderr=subprocess.STDOUT)
        try:
            self.url = self.wait_for(r"http://127\.0\.0\.1:\d+/", timeout=60)
        except VoilaFailed:
            self.stop()
            raise

    def app_url(self, notebook: str, query: str = "") -> str:
        return f"{self.url}voila/render/{notebook}" + (f"?{query}" if query else "")

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def count(self, pattern: str) -> int:
        return len(re.findall(pattern, self.log_text()))

    def wait_for(self, pattern: str, timeout: float = 60, at_least: int = 1) -> str:
        """Wait until the log matches ``pattern`` ``at_least`` times; return the last match."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.findall(pattern, self.log_text())
            if len(found) >= at_least:
                return found[-1]
            if self.proc.poll() is not None:
                raise VoilaFailed(f"Voila stopped (exit code {self.proc.returncode}):\n"
                                  f"{self.log_text()[-3000:]}")
            time.sleep(0.1)
        raise VoilaFailed(f"Voila's log never showed {pattern!r} {at_least} times within "
                          f"{timeout} s:\n{self.log_text()[-3000:]}")

    def wait_for_preheat(self, last_cell: str, at_least: int = 1, timeout: float = 90) -> None:
        """Wait until a preheated kernel has reached an app's last cell (``last_cell``, the
        cell's source): it has imported everything and waits for its visitor."""
        self.wait_for(rf"Executing cell:\s*{re.escape(last_cell)}", timeout, at_least)

    def __enter__(self) -> VoilaServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname in LOCAL_HOSTS


@dataclass
class PageWatch:
    """Everything a page asked for, every dialog it opened and every error it reported."""

    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> PageWatch:
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))
        page.on("dialog", lambda d: (self.dialogs.append(f"{d.type}: {d.message}"),
                                     d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        return self

    def outside(self) -> list[str]:
        """Requests to anything but this machine."""
        return sorted({u for u in self.requests if not is_local(u)})


def axe_problems(page, where: str) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds in the page, one line
    each (empty when there are none). axe-core runs inside the page, from the copy bundled
    with axe-playwright-python: nothing is fetched."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.response["passes"], f"{where}: axe checked nothing?"
    return [f"{where}: {v['id']} ({v['impact']}): {v['help']}: "
            + " | ".join(n["html"][:160] for n in v["nodes"][:3])
            for v in results.response["violations"] if v["impact"] in BLOCKING]

