"""What the live tests need beside Voila (``voila``): the course's ``course start`` JupyterLab
for one member, with the member's own store login and team, and a module notebook opened and
run in it as a participant does (Run All).

Not a test module: ``tests/test_live.py`` imports it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from widgets.editions import EDITIONS, REFERENCES_BIB
from widgets.store import STORE_URL_ENV, TEAM_ENV

from . import ROOT
from .voila import VoilaServer, free_port

TOKEN = "course-live-test"
READY_TIMEOUT = 120  # seconds: JupyterLab and its kernels start slowly on 2 busy cores
FOLDER = EDITIONS["participant"].folder


class PatientVoila(VoilaServer):
    """A Voila server given as long to start as JupyterLab: the live tests start both at once,
    for several members, on 2 cores that may be busy with other work."""

    def wait_until(self, condition: Callable[[], bool], what: str,
                   timeout: float = 60) -> None:
        super().wait_until(condition, what, max(timeout, READY_TIMEOUT))


def course_folder(dest: Path) -> Path:
    """A course folder for ``course start`` at ``dest``: the course's table of contents,
    modules, references and Jupyter settings linked in, and room for the participant's own
    copy of the modules (which ``course start`` makes). Cheaper than a copy of the checkout."""
    dest.mkdir(parents=True)
    for name in ("_toc.yml", "modules", "jupyter-config", str(REFERENCES_BIB.parent)):
        (dest / name).symlink_to(ROOT / name)
    return dest


class Lab:
    """``course start --no-browser`` in ``folder`` for one member: their store (on PostgreSQL
    their own login), their team, and ``env`` besides; every cell drawn, not only those in
    view, so a test sees each widget. Call ``wait`` before use, ``stop`` after."""

    def __init__(self, folder: Path, store_url: str, team: str, log: Path,
                 env: dict[str, str] | None = None) -> None:
        self.log = log
        settings = log.parent / f"{log.stem}-settings"
        tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
        tracker.parent.mkdir(parents=True)
        tracker.write_text(json.dumps({"windowingMode": "none"}))
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        full_env = {**os.environ, **(env or {}), "JUPYTER_TOKEN": TOKEN, TEAM_ENV: team,
                    STORE_URL_ENV: store_url, "JUPYTERLAB_SETTINGS_DIR": str(settings),
                    "JUPYTERLAB_WORKSPACES_DIR": str(log.parent / f"{log.stem}-workspaces")}
        with log.open("w", encoding="utf-8") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "widgets.cli", "start", "--no-browser", f"--port={port}"],
                cwd=folder, env=full_env, stdout=out, stderr=subprocess.STDOUT)

    def wait(self) -> Lab:
        """Wait until JupyterLab answers."""
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={TOKEN}", timeout=5)
                return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n"
                                       + self.log.read_text()[-3000:]) from None
                time.sleep(0.2)  # polling a server that is starting: nothing to wait on

    def sessions(self) -> list[dict]:
        """JupyterLab's notebook sessions, each with its kernel."""
        with urllib.request.urlopen(f"{self.url}/api/sessions?token={TOKEN}",
                                    timeout=10) as response:
            return json.load(response)

    def stop(self) -> None:
        """Stop ``course start``, which stops JupyterLab and the kernels it started."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def open_notebook(context, lab: Lab, module: str):
    """A new page of ``context`` asking ``lab`` for the participant's copy of ``module``; it
    goes on loading (JupyterLab, then the notebook's kernel) while the test does other things:
    ``run_all`` waits for it."""
    page = context.new_page()
    page.goto(f"{lab.url}/lab/tree/{FOLDER}/{module}.ipynb?token={TOKEN}", wait_until="commit")
    return page


def run_all(page, lab: Lab, module: str, timeout_ms: float = READY_TIMEOUT * 1000) -> None:
    """Once ``module``'s notebook is open in ``page`` (``open_notebook``) and its kernel ready,
    run every cell (Run All, as the module asks), and check that none failed."""
    from playwright.sync_api import expect

    path = f"{FOLDER}/{module}.ipynb"
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    while not any(s["path"] == path and s["kernel"]["execution_state"] == "idle"
                  and s["kernel"]["connections"] for s in lab.sessions()):
        assert time.monotonic() < deadline, "the notebook's kernel did not start"
        page.wait_for_timeout(200)  # the server's view of the kernel, asked again
    expect(page.locator(".jp-Notebook-ExecutionIndicator").first).to_have_attribute(
        "data-status", "idle", timeout=timeout_ms)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                 .every(p => /\\[\\d+\\]/.test(p.textContent))
                 || document.querySelector('.jp-OutputArea-output[data-mime-type='
                                           + '"application/vnd.jupyter.stderr"]')""",
        timeout=timeout_ms)
    expect(page.locator(".jp-OutputArea-output[data-mime-type="
                        "'application/vnd.jupyter.stderr']")).to_have_count(0)


def cell_output(page, source: str):
    """The output area of the code cell whose source holds ``source``."""
    cell = page.locator(".jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=source))
    return cell.locator(".jp-OutputArea")
