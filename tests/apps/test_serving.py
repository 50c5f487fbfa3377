"""Serving the apps: what ``course apps`` starts and when it says it is ready, what a warm
kernel loads while it waits for its visitor, and a terminal that stays quiet visit after visit.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat.sign import NotebookNotary

import widgets
from tests.support import ROOT
from tests.support.voila import descendants, free_port, kernels_waiting
from widgets.apps import common
from widgets.cli import apps as cli
from widgets.cli import main as course

# What a kernel waiting for its visitor must not have loaded: Voila and the Jupyter server
# (what ``voila.utils`` brings: seconds and tens of MB per kernel), and what the first page
# does not draw (charts, data frames, documents).
NOT_BEFORE_THE_VISITOR = ("voila", "jupyter_server", "jupyterlab_server", "matplotlib",
                          "pandas", "docx")
# jupyter_server's kernel websocket says this once per server, at the first page that
# connects (its ping settings in milliseconds meet tornado's in seconds); never per visit.
ONCE_PER_SERVER = ("The websocket_ping_timeout (90000) cannot be longer than the "
                   "websocket_ping_interval (30000).", "Setting websocket_ping_timeout=30000")


class FakeVoila:
    """Stands in for the Voila process ``course apps`` starts: notes how it was started and
    what the serving's folder held, then warms its kernels one by one, one each time the
    command looks (``poll``), saying so on stdout."""

    started: list[FakeVoila] = []
    exit_code: int | None = None  # set: the process stops at once with this code

    def __init__(self, cmd: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.cmd, self.cwd, self.env = cmd, cwd, env
        self.runtime = Path(env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0])
        self.settings = json.loads((self.runtime / "voila.json").read_text("utf-8"))
        notary = self.settings["NotebookNotary"]
        with NotebookNotary(**notary) as check:
            self.trusted = {p.name: check.check_signature(nbformat.read(p, as_version=4))
                            for p in (ROOT / cli.APPS_DIR).glob("*.ipynb")}
        self.ready = Path(env[cli.READY_ENV])
        self.warm = 0
        FakeVoila.started.append(self)

    def poll(self) -> int | None:
        if self.exit_code is not None:
            return self.exit_code
        self.warm += 1
        (self.ready / f"kernel-{self.warm}").touch()
        print(f"kernel {self.warm} waits for its visitor")
        return None

    def wait(self, timeout: float | None = None) -> int:
        self.exit_code = self.exit_code or 0  # until Ctrl+C, say
        return self.exit_code

    def terminate(self) -> None:
        self.exit_code = self.exit_code or 0


@pytest.fixture
def fake_voila(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeVoila]]:
    monkeypatch.chdir(ROOT)
    FakeVoila.started, FakeVoila.exit_code = [], None
    monkeypatch.setattr(subprocess, "Popen", FakeVoila)
    yield FakeVoila


def test_course_apps_runs_voila_with_warm_kernels_for_the_room(
        fake_voila: type[FakeVoila], capsys: pytest.CaptureFixture[str]) -> None:
    assert course(["apps", "--port", "9999", "--visitors", "3"]) == 0
    [voila] = fake_voila.started
    assert voila.cmd[1:] == [str(ROOT / cli.APPS_DIR), "--no-browser", "--port=9999",
                             "--Voila.ip=127.0.0.1", "--preheat_kernel=True"]
    assert voila.cwd == ROOT / cli.APPS_DIR  # where voila.json is: template, extensions
    assert str(ROOT / cli.APPS_DIR / "share" / "jupyter") in voila.env["JUPYTER_PATH"]
    pools = voila.settings["VoilaKernelManager"]["kernel_pools_config"]
    assert {k: v["pool_size"] for k, v in pools.items()} == {
        "default": 1, "cohort.ipynb": 1, "workspace.ipynb": 3}
    assert voila.settings["VoilaKernelManager"]["fill_delay"] == cli.REFILL_DELAY["room"]
    assert voila.settings["Voila"] == {"log_level": "WARN", "port_retries": 0, "logging_config": {
        "filters": {"closed_tab": {"()": "widgets.apps.common.ClosedTabNoise"}},
        "loggers": {"asyncio": {"filters": ["closed_tab"]}}}}  # a closed tab's one error
    assert voila.settings["VoilaExecutor"] == {"iopub_timeout": cli.IOPUB_TIMEOUT}
    assert voila.settings["KernelManager"] in ({"transport_encryption": "auto"},
                                               {"transport": "ipc"})
    assert voila.trusted == {"cohort.ipynb": True, "workspace.ipynb": True}
    out = capsys.readouterr().out.splitlines()
    # "Ready" only once all four kernels wait for their visitors, and with the address.
    ready = next(i for i, line in enumerate(out) if line.startswith("Ready in"))
    assert out[ready - 1] == "kernel 4 waits for its visitor"
    assert "http://127.0.0.1:9999/" in out[ready]
    assert not voila.runtime.exists()  # the serving's folder goes with the server


def test_course_app_serves_one_app(fake_voila: type[FakeVoila]) -> None:
    assert course(["app", "cohort", "--visitors", "2"]) == 0
    [voila] = fake_voila.started
    assert voila.cmd[1] == str(ROOT / cli.APPS_DIR / "cohort.ipynb")
    pools = voila.settings["VoilaKernelManager"]["kernel_pools_config"]
    assert pools["cohort.ipynb"] == {"pool_size": 2}
    with pytest.raises(SystemExit, match="There is no app called 'nope'. Apps: cohort, "
                                         "workspace"):
        cli.app_path(ROOT, "nope")
    with pytest.raises(SystemExit):
        course(["apps", "--visitors", "0"])


def test_course_apps_says_when_voila_stops_before_it_is_ready(
        fake_voila: type[FakeVoila], capsys: pytest.CaptureFixture[str]) -> None:
    fake_voila.exit_code = 1
    assert course(["apps"]) == 1
    captured = capsys.readouterr()
    assert "Ready" not in captured.out.replace("Wait for “Ready”", "")
    assert "Voila stopped (exit code 1)" in captured.err


def test_the_apps_read_voilas_own_names() -> None:
    """The apps wait for their visitor as ``voila.utils.wait_for_request`` does, without
    importing voila: the names they read are Voila's (read from its source, as importing it
    is what the apps avoid), and ``course apps`` and the apps agree where marks go."""
    source = Path(importlib.util.find_spec("voila").origin).with_name("utils.py").read_text()
    voila_names = set(re.findall(r'^\s+(VOILA_\w+) = "\1"$', source, re.M))
    ours = set(re.findall(r'"(VOILA_\w+)"', Path(common.__file__).read_text("utf-8")))
    assert ours and ours <= voila_names
    assert 'voila/query"' in source and "voila/query/" in Path(common.__file__).read_text()
    assert common.READY_ENV == cli.READY_ENV


def test_a_warm_kernel_waits_for_its_visitor_with_little_loaded(tmp_path: Path) -> None:
    """The workspace app's notebook, run as a preheated kernel runs it, against a stand-in
    for Voila's query websocket: it says it is warm once it waits, takes the visitor's
    address when they arrive (and opens the team it names), and had not loaded Voila, the
    Jupyter server or the charts meanwhile."""
    from websockets.sync.server import serve

    store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    widgets.Store(store).team("Probe Team")
    ready = tmp_path / "ready"
    ready.mkdir()
    asked: list[str] = []

    def visitor_arrives(ws) -> None:
        asked.append(ws.request.path)
        deadline = time.monotonic() + 30
        while not (ready / "k-1").exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # how often to look for the kernel's mark
        asked.append("warm" if (ready / "k-1").exists() else "never said it was warm")
        ws.send(json.dumps({"QUERY_STRING": "team=Probe+Team", "SERVER_NAME": "127.0.0.1"}))

    probe = ("import json, sys\nimport widgets.apps\napp = widgets.apps.workspace_app()\n"
             "print(json.dumps({'team': app.ws.name, 'loaded': sorted({m.split('.')[0] for m "
             f"in sys.modules}} & {set(NOT_BEFORE_THE_VISITOR)!r})}}))")
    with serve(visitor_arrives, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        env = {**os.environ, "VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k-1",
               "VOILA_APP_PORT": str(server.socket.getsockname()[1]), "VOILA_SERVER_URL": "/",
               cli.READY_ENV: str(ready), "COURSE_STORE_URL": store}
        env.pop("QUERY_STRING", None)
        result = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert asked == ["/voila/query/k-1", "warm"]
    assert json.loads(result.stdout.splitlines()[-1]) == {"team": "Probe Team", "loaded": []}


def _wait_until(condition, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    """Wait until ``condition()`` holds, while the command runs; fail with its output."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)  # how often to look again


def _lines(path: Path, start: int = 0) -> list[str]:
    return path.read_text("utf-8", errors="replace")[start:].splitlines()


@pytest.mark.slow
def test_course_apps_is_ready_when_warm_and_quiet_at_every_visit(
        browser, store_url: str, tmp_path: Path) -> None:
    """The real ``course apps``: "Ready" once both apps' kernels wait for their visitors;
    then two visits to the workspace app print nothing at all, but for one notice of
    jupyter_server's at the first page of a server; closing a page shuts its kernel down; a
    stop signal stops Voila and every kernel with it."""
    from playwright.sync_api import expect

    widgets.Store(store_url).team("Probe Team")
    port, log = free_port(), tmp_path / "course-apps.log"
    env = {**os.environ, "COURSE_STORE_URL": store_url}
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "widgets.cli", "apps", "--port",
                                 str(port)], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        _wait_until(lambda: any(x.startswith("Ready in") for x in _lines(log)), proc, log)
        assert len(kernels_waiting(proc.pid, port)) == 2  # the workspace's, the cohort's
        started = descendants(proc.pid)  # Voila and its kernels
        visits = []
        for _ in range(2):
            # The pool is full again: the last visitor's kernel has been replaced.
            _wait_until(lambda: len(kernels_waiting(proc.pid, port)) == 2, proc, log)
            start = len(log.read_text("utf-8", errors="replace"))
            waiting = kernels_waiting(proc.pid, port)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/voila/render/workspace.ipynb")
            expect(page.get_by_label("Your team")).to_contain_text("Probe Team")
            [taken] = waiting - kernels_waiting(proc.pid, port)  # the visitor's kernel
            page.close(run_before_unload=True)
            # Closing the page shuts its kernel down.
            _wait_until(lambda gone=Path(f"/proc/{taken}"): not gone.exists(), proc, log)
            visits.append(_lines(log, start))
        assert visits[0] in ([], list(ONCE_PER_SERVER)), visits[0]
        assert visits[1] == [], visits[1]
        before = _lines(log)
        assert [x for x in before if "WARN" in x or "not trusted" in x
                or "encrypt" in x] == [], before
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    assert code == 0
    assert [pid for pid in started if Path(f"/proc/{pid}").exists()] == []


def test_a_tab_closed_mid_message_leaves_nothing_in_the_servers_log(tmp_path: Path) -> None:
    """Seen once in a full run: a page closed while the server still wrote to it left an
    asyncio "Task exception was never retrieved" (tornado's StreamClosedError) in the
    terminal. The logging settings course apps gives Voila leave out exactly that error."""
    import logging.config

    from tornado.iostream import StreamClosedError
    from traitlets.config.application import Application

    from widgets.cli.apps import prepare_serving

    runtime = tmp_path / "runtime"
    runtime.mkdir()
    prepare_serving(ROOT / "apps", runtime)
    settings = json.loads((runtime / "voila.json").read_text("utf-8"))["Voila"]
    config = Application().get_default_logging_config()
    config["loggers"] = {**config.get("loggers", {}), **settings["logging_config"]["loggers"]}
    config["filters"] = settings["logging_config"]["filters"]
    logging.config.dictConfig(config)
    seen: list[logging.LogRecord] = []
    catcher = logging.Handler()
    catcher.emit = seen.append
    logging.getLogger().addHandler(catcher)
    try:
        noisy = logging.getLogger("asyncio")
        for error in (StreamClosedError(), RuntimeError("a real problem")):
            noisy.error("Task exception was never retrieved",
                        exc_info=(type(error), error, None))
    finally:
        logging.getLogger().removeHandler(catcher)
        noisy.filters.clear()
    assert [r.exc_info[0] for r in seen] == [RuntimeError]  # the real one still shows
