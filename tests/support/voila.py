"""What the app tests and the time-to-interactive benchmark share: a real Voila server serving
the apps, a watch on what a page does (requests, dialogs, errors, messages to its kernel), and
an accessibility audit.

Not a test module: ``tests/apps/`` and ``benchmarks/voila_tti.py`` import it.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from widgets.cli.apps import APPS_DIR, prepare_serving, voila_command, voila_env

from . import ROOT
from .browser import SETTLE_TIMEOUT, InFlight

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


class VoilaFailed(RuntimeError):
    """The server stopped or never got ready; the message holds the end of its log."""


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VoilaServer:
    """``course apps``'s Voila on a free port.

    ``folder`` is the folder served (the course's ``apps/`` by default); it must hold the
    course's ``voila.json``. ``store_url`` is the team store every kernel uses; ``visitors``
    is ``course apps --visitors``. The serving's own files go in a folder beside ``log``.
    With ``debug``, Voila logs each cell as a kernel starts it (the tests wait for that) and
    every message; without, it logs as ``course apps`` does (warnings), and warm kernels are
    known by their marks (:meth:`marks`).
    """

    def __init__(self, store_url: str, log: Path, folder: Path | None = None,
                 visitors: int = 1, debug: bool = True) -> None:
        self.folder = folder or ROOT / APPS_DIR
        self.log = log
        self.runtime = log.parent / f"{log.stem}-serving"
        self.runtime.mkdir()
        prepare_serving(self.folder, self.runtime, visitors)
        env = voila_env(ROOT, self.runtime)
        env["COURSE_STORE_URL"] = store_url
        port = free_port()
        cmd = [*voila_command(self.folder, port), *(["--debug"] if debug else [])]
        with log.open("w", encoding="utf-8") as out:
            self.proc = subprocess.Popen(cmd, cwd=self.folder, env=env, stdout=out,
                                         stderr=subprocess.STDOUT)
        try:
            if debug:
                self.url = self.wait_for(r"http://127\.0\.0\.1:\d+/", timeout=60)
            else:
                self.url = f"http://127.0.0.1:{port}/"
                self.wait_until(lambda: _listening(port), "Voila listening", timeout=60)
        except VoilaFailed:
            self.stop()
            raise

    def marks(self, prefix: str = "") -> int:
        """How many marks warm kernels have left (``course apps``'s ready folder), of those
        whose names start with ``prefix``: every app kernel that has waited for a visitor."""
        return sum(1 for p in (self.runtime / "ready").iterdir() if p.name.startswith(prefix))

    def app_url(self, notebook: str, query: str = "") -> str:
        return f"{self.url}voila/render/{notebook}" + (f"?{query}" if query else "")

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def count(self, pattern: str) -> int:
        return len(re.findall(pattern, self.log_text()))

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        """Poll ``condition`` until it holds; fail, with the end of the log, if it does not
        within ``timeout`` seconds or the server stops."""
        deadline = time.monotonic() + timeout
        while not condition():
            if self.proc.poll() is not None:
                raise VoilaFailed(f"Voila stopped (exit code {self.proc.returncode}):\n"
                                  f"{self.log_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise VoilaFailed(f"{what} not within {timeout} s:\n{self.log_text()[-3000:]}")
            time.sleep(0.1)  # the poll's interval: the condition is looked at again

    def wait_for(self, pattern: str, timeout: float = 60, at_least: int = 1) -> str:
        """Wait until the log matches ``pattern`` ``at_least`` times; return the last match."""
        found: list[str] = []

        def matched() -> bool:
            found[:] = re.findall(pattern, self.log_text())
            return len(found) >= at_least

        self.wait_until(matched, f"Voila's log showing {pattern!r} {at_least} times", timeout)
        return found[-1]

    def wait_for_preheat(self, last_cell: str, at_least: int = 1, timeout: float = 90) -> None:
        """Wait until a preheated kernel has reached an app's last cell (``last_cell``, the
        cell's source): it has imported everything and starts the app, which is about to wait
        for its visitor (``wait_for_kernels_to_wait`` waits until it does)."""
        self.wait_for(rf"Executing cell:\s*{re.escape(last_cell)}", timeout, at_least)

    def kernels_waiting_for_visitors(self) -> int:
        """How many of this server's kernels wait for their visitor right now."""
        return len(self.waiting_kernels())

    def waiting_kernels(self) -> set[int]:
        """The process ids of this server's kernels that wait for their visitor right now
        (:func:`kernels_waiting`)."""
        return kernels_waiting(self.proc.pid, urlsplit(self.url).port)

    def wait_for_kernels_to_wait(self, last_cell: str, handed_out: int = 0,
                                 timeout: float = 90) -> None:
        """Wait until every preheated kernel that has started an app's last cell
        (``last_cell``, a regular expression for the cell's source), less the ``handed_out``
        ones given to visitors, waits for its visitor: whatever an app does before its
        visitor arrives, it has done. Call it after ``wait_for_preheat``, which sees the cell
        start but not get that far."""

        def all_waiting() -> bool:
            # Connections first: a kernel waits only after the log says its cell started.
            waiting = self.kernels_waiting_for_visitors()
            started = self.count(rf"Executing cell:\s*{last_cell}")
            return waiting >= started - handed_out

        self.wait_until(all_waiting, f"kernels that started {last_cell!r} waiting for visitors",
                        timeout)

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


def kernels_waiting(root: int, port: int) -> set[int]:
    """The process ids of the kernels, started by process ``root`` or its children, that wait
    for their visitor right now on the Voila server at ``port``.

    A preheated kernel waiting in the apps' ``wait_for_visitor`` (or Voila's own
    ``wait_for_request``) is connected to the server's port until a visitor arrives; a kernel
    has no other reason to connect to that port. Linux only: the connections are read from
    /proc.
    """
    connected: set[str] = set()  # "socket:[inode]" of every connection to the port
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            remote, state, inode = fields[2], fields[3], fields[9]
            if state == "01" and int(remote.rsplit(":", 1)[1], 16) == port:  # established
                connected.add(f"socket:[{inode}]")
    return {pid for pid in descendants(root) if connected & _sockets(pid)}


def descendants(root: int) -> list[int]:
    """The processes process ``root`` started (a server's kernels, say), and theirs."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The parent's pid is the second field after the ")" that ends the name.
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # a process that ended while we looked
        parents.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def _sockets(pid: int) -> set[str]:
    """What a process holds open, sockets as "socket:[inode]"."""
    held: set[str] = set()
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                held.add(os.readlink(fd))
            except OSError:  # closed while we looked
                continue
    except OSError:  # the process ended while we looked
        pass
    return held


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname in LOCAL_HOSTS


# Loaded into every page a PageWatch watches, before the page's own scripts: it notes each
# message the page sends its kernel on the shell channel (widget changes, button presses,
# requests for information) until the kernel reports it is idle again after that message,
# by which time it has sent back everything it had to say about it. Frames are JSON text, or
# binary: the kernel websocket protocol v1.kernel.websocket.jupyter.org (a count of offsets,
# the offsets, then channel, header, parent header, metadata, content and any buffers).
KERNEL_WATCH = r"""(() => {
  if (window.__kernelWatch) return;
  const unanswered = new Set();
  window.__kernelWatch = {unanswered, unreadable: 0};
  const text = new TextDecoder();
  function parse(data) {
    if (typeof data === "string") {
      const m = JSON.parse(data);
      return {channel: m.channel, header: m.header, parent: m.parent_header, content: m.content};
    }
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : null;
    if (bytes === null) throw new Error("a frame neither text nor bytes");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const at = i => Number(view.getBigUint64(8 * (i + 1), true));
    const part = i => JSON.parse(text.decode(bytes.subarray(at(i), at(i + 1))));
    return {channel: text.decode(bytes.subarray(at(0), at(1))), header: part(1),
            parent: part(2), content: part(4)};
  }
  function read(data) {
    try { return parse(data); } catch (e) { window.__kernelWatch.unreadable += 1; return null; }
  }
  const Native = window.WebSocket;
  class Watched extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.kernel = /\/api\/kernels\/[^/]+\/channels/.test(String(url));
      if (!this.kernel) return;
      this.addEventListener("message", event => {
        const m = read(event.data);
        if (m && m.channel === "iopub" && m.header.msg_type === "status"
            && m.content.execution_state === "idle") unanswered.delete(m.parent.msg_id);
      });
    }
    send(data) {
      if (this.kernel) {
        const m = read(data);
        if (m && m.channel === "shell") unanswered.add(m.header.msg_id);
      }
      return super.send(data);
    }
  }
  window.WebSocket = Watched;
})()"""


def wait_for_kernel(page, timeout_ms: float | None = None) -> None:
    """Wait until the kernel behind ``page`` has finished with every message the page has sent
    it (each choice, each text left, each button pressed), and so has sent back every change
    it made in answer. Needs ``PageWatch.attach(page)`` before the page was opened."""
    page.wait_for_function(
        """() => {
          const watch = window.__kernelWatch;
          if (watch === undefined) throw new Error("no kernel watch: PageWatch().attach(page) "
                                                   + "before page.goto");
          if (watch.unreadable) throw new Error(watch.unreadable + " kernel messages unread");
          return watch.unanswered.size === 0;
        }""", timeout=timeout_ms)


@dataclass
class PageWatch:
    """Everything a page asked for, every dialog it opened and every error it reported; and
    the requests and kernel messages still unanswered, to wait for."""

    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    in_flight: InFlight = field(default_factory=InFlight)

    def attach(self, page) -> PageWatch:
        page.add_init_script(KERNEL_WATCH)
        self.in_flight.attach(page)
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

    def wait_until_quiet(self, page, timeout: float = SETTLE_TIMEOUT) -> None:
        """Wait until the kernel has answered everything the page sent it, and then until
        every request the page started (an image its answer put on the page, say) has
        finished."""
        wait_for_kernel(page, timeout * 1000)
        self.in_flight.wait_for_none(page, timeout)


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

