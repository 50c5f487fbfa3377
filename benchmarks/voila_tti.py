"""Time to interactive of the workspace app: one visitor at a time beside a minimal one-widget
Voila notebook, a room of visitors arriving at the same moment, and a save's confirmation.

    .venv/bin/python -m benchmarks.voila_tti [--rounds 5] [--room 1 4 8]

Both notebooks are served by one Voila server exactly as ``course apps --visitors N`` serves
the apps (N warm kernels for the workspace app, one for the other notebook, the course's
offline template, the widget-only extension list; N is the largest room), from a store holding
the example team and a few others. A real headless Chromium opens them, each visit in a fresh
browser session, and only once every pool is full again, so no visit competes with kernels
still warming from the last; one first visit of each, while the browser warms up, is not
counted. Time to interactive: from asking for the page to the moment its first control can be
used: for the workspace app, the team list filled from the store; for the baseline, its one
button.

Sequential: the median of each (with the fastest and slowest) and their ratio. The room: for
each size, that many visitors ask for the page at the same moment; the time until the last of
them is interactive, against one visitor measured the same way in the same run (the ratio is
what matters: the machine and its load change the seconds). Measured three ways:

- in one headless Chromium on this machine, with the memory of the kernels those visitors got
  (resident and proportional set size, PSS sharing pages between kernels fairly), per
  visitor. Each page costs its browser seconds of CPU (Voila's front end), so on a machine
  with few cores the browsers, not the server, set the pace of a room;
- the server's part alone: each visitor as its browser's requests (the page, every file it
  loads, the widgets' states from its kernel), as if on a device of its own;
- estimated on the visitors' own devices: the server's part for the room, plus what one
  visitor's browser adds by itself (its time in Chromium beyond the server's part).

A save: a rating of a context factor in Module 2, for a team with no ratings yet, from the
press of Save to its confirmation (the first chart that kernel draws), then a second.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from tests.support import ROOT
from tests.support.browser import CHROMIUM_ARGS, browser_path
from tests.support.voila import KERNEL_WATCH, VoilaServer, wait_for_kernel
from widgets.cli.apps import READY_ENV
from widgets.store import Store, example_snapshot, import_snapshot

APP = "workspace.ipynb"
BASELINE = "minimal.ipynb"
BASELINE_CELL = 'ipw.Button(description="Ready")'
BASELINE_MARK = "baseline-"  # how the baseline's kernels name their marks
TEAM = "Team 00"  # a team with nothing saved yet: no chart drawn before the first save
TIMEOUT_MS = 120_000


def _minimal_notebook() -> dict:
    """One button; then, as the app's kernels do when they wait, a mark in ``course apps``'s
    ready folder (an empty cell on the page)."""
    mark = ("import os, pathlib\n"
            f"pathlib.Path(os.environ[{READY_ENV!r}], {BASELINE_MARK!r} + "
            "os.environ['VOILA_KERNEL_ID']).touch()")
    cells = ["import ipywidgets as ipw", BASELINE_CELL, mark]
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}",
                       "metadata": {}, "outputs": [], "source": [src]}
                      for i, src in enumerate(cells)],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                        "name": "python3"}, "title": "Minimal"},
            "nbformat": 4, "nbformat_minor": 5}


def _served_folder(tmp: Path) -> Path:
    """The workspace app as shipped, the baseline notebook and the course's voila.json."""
    folder = tmp / "served"
    folder.mkdir()
    shutil.copy(ROOT / "apps" / APP, folder / APP)
    shutil.copy(ROOT / "apps" / "voila.json", folder / "voila.json")
    (folder / BASELINE).write_text(json.dumps(_minimal_notebook()), "utf-8")
    return folder


def _store(tmp: Path) -> str:
    url = f"sqlite:///{tmp / 'team-store.sqlite'}"
    store = Store(url)
    import_snapshot(store, example_snapshot())
    for i in range(11):
        store.team(f"Team {i:02d}")
    store.close()
    return url


def _app_ready(page) -> None:
    from playwright.sync_api import expect

    team = page.get_by_label("Your team")
    expect(team).to_be_enabled(timeout=TIMEOUT_MS)
    expect(team.locator("option")).not_to_have_count(1, timeout=TIMEOUT_MS)  # store read


def _baseline_ready(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Ready")).to_be_enabled(timeout=TIMEOUT_MS)


def _close(context) -> None:
    """Close a visitor's pages as a person closes a tab: the page tells Voila to shut its
    kernel down, so kernels do not pile up over the rounds."""
    for page in context.pages:
        page.close(run_before_unload=True)
    context.close()


def _visit(browser, url: str, ready) -> float:
    """Seconds from asking for the page until ``ready(page)`` returns."""
    context = browser.new_context()
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        ready(page)
        return time.perf_counter() - start
    finally:
        _close(context)


def _fetch(url: str) -> bytes:
    with urlopen(url, timeout=TIMEOUT_MS / 1000) as response:
        return response.read()


def _send(ws, msg_type: str, content: dict) -> dict:
    """Send a message on the shell channel of a kernel's websocket (JSON frames) and wait
    until the kernel is idle after it; returns the data of the last comm message it sent."""
    msg_id = str(uuid.uuid4())
    ws.send(json.dumps({
        "channel": "shell", "content": content, "parent_header": {},
        "metadata": {"version": "1.0.0"},  # the widgets' control protocol
        "header": {"msg_id": msg_id, "msg_type": msg_type, "session": "bench",
                   "username": "", "version": "5.3"}}))
    data: dict = {}
    while True:
        msg = json.loads(ws.recv(timeout=TIMEOUT_MS / 1000))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "comm_msg":
            data = msg["content"]["data"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return data


def _visit_by_requests(server: VoilaServer, files: list[str]) -> float:
    """One visitor's load on the server, without a browser: what a browser asks for, on a
    device of its own. The page (its kernel builds the app as the page streams), every
    file the page loads, then the widgets' states from the kernel, as Voila's widget manager
    asks for them (a ``jupyter.widget.control`` comm, ``request_states``): from then on a
    browser only draws. Checks the team list came from the store; then closes the page as a
    browser does (``voila/api/shutdown``). Returns the moment the states arrived
    (``time.perf_counter``)."""
    from websockets.sync.client import connect

    with urlopen(server.app_url(APP), timeout=TIMEOUT_MS / 1000) as response:
        html = response.read().decode("utf-8")
    kernel = re.search(r'"kernelId": "([^"]+)"', html).group(1)
    with ThreadPoolExecutor(6) as pool:  # a browser's connections to one server
        list(pool.map(_fetch, files))
    base = server.url.replace("http", "ws", 1)
    with connect(f"{base}api/kernels/{kernel}/channels?session_id={uuid.uuid4()}",
                 max_size=None, open_timeout=TIMEOUT_MS / 1000) as ws:
        comm = str(uuid.uuid4())
        _send(ws, "comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                "data": {}})
        data = _send(ws, "comm_msg", {"comm_id": comm, "data": {"method": "request_states"}})
        arrived = time.perf_counter()  # a browser goes on, with the socket open
    lists = [s["state"].get("_options_labels", []) for s in data["states"].values()
             if s["model_name"] == "DropdownModel"]
    assert any(len(options) > 1 for options in lists), "the team list was not read"
    request = Request(f"{server.url}voila/api/shutdown/{kernel}", method="POST",
                      data=b"_xsrf=bench", headers={"Cookie": "_xsrf=bench"})  # the same
    urlopen(request, timeout=TIMEOUT_MS / 1000).close()
    return arrived


class Bench:
    """One Voila server and one browser, and how many visits each notebook has had."""

    def __init__(self, server: VoilaServer, browser, pool: int) -> None:
        self.server, self.browser, self.pool = server, browser, pool
        self.visits = {APP: 0, BASELINE: 0}
        self.files: list[str] = []  # what the app's page loads from the server

    def wait_for_full_pools(self) -> None:
        """Every visit's replacement kernel has run its notebook as far as it goes before a
        visitor arrives: the app's kernels wait for their visitors, the baseline's has run
        its last cell (each leaves its mark)."""
        def full() -> bool:
            baseline = self.server.marks(BASELINE_MARK)
            return (self.server.marks() - baseline >= self.visits[APP] + self.pool
                    and baseline >= self.visits[BASELINE] + 1)

        self.server.wait_until(full, "every pool full again", timeout=300)

    def one(self, name: str) -> float:
        """One visitor: seconds to interactive."""
        self.wait_for_full_pools()
        ready = _app_ready if name == APP else _baseline_ready
        seconds = _visit(self.browser, self.server.app_url(name), ready)
        self.visits[name] += 1
        return seconds

    def room(self, size: int) -> tuple[float, list[tuple[int, int]]]:
        """``size`` visitors in one browser asking for the app at the same moment: seconds
        until the last is interactive, and the memory (RSS, PSS in kB) of each kernel they
        got, measured then."""
        self.wait_for_full_pools()
        waiting = self.server.waiting_kernels()
        contexts = [self.browser.new_context() for _ in range(size)]
        pages = [c.new_page() for c in contexts]
        url = self.server.app_url(APP)
        try:
            start = time.perf_counter()
            for page in pages:  # each navigation starts at once; none waits for another
                page.evaluate("url => { window.location.href = url; }", url)
            for page in pages:
                page.wait_for_url(url, wait_until="commit", timeout=TIMEOUT_MS)
                _app_ready(page)
            seconds = time.perf_counter() - start
            memory = [_memory(pid) for pid in sorted(waiting - self.server.waiting_kernels())]
            if not self.files:
                self.files = [url for url in pages[0].evaluate(
                    "() => performance.getEntriesByType('resource').map(r => r.name)")
                    if url.startswith(self.server.url) and "/api/" not in url]
        finally:
            for context in contexts:
                _close(context)
        self.visits[APP] += size
        assert len(memory) == size, f"{size} visitors got {len(memory)} warm kernels"
        return seconds, memory

    def room_by_requests(self, size: int) -> float:
        """``size`` visitors asking for the app at the same moment, each as if on a device of
        its own (:func:`_visit_by_requests`): seconds until the last has its widgets."""
        self.wait_for_full_pools()
        with ThreadPoolExecutor(size) as pool:
            start = time.perf_counter()
            arrived = pool.map(lambda _: _visit_by_requests(self.server, self.files),
                               range(size))
            seconds = max(arrived) - start
        self.visits[APP] += size
        return seconds

    def save(self) -> list[float]:
        """Seconds from pressing Save on a context-factor rating to its confirmation, for a
        team with no ratings yet: the first save draws the first chart in that kernel."""
        from playwright.sync_api import expect

        self.wait_for_full_pools()
        context = self.browser.new_context()
        page = context.new_page()
        page.add_init_script(KERNEL_WATCH)
        seconds = []
        try:
            page.goto(self.server.app_url(APP, urlencode({"team": TEAM})),
                      timeout=TIMEOUT_MS)
            self.visits[APP] += 1
            page.get_by_label("Your name").fill("Bench Visitor")
            page.get_by_role("button", name="Continue").click()
            page.get_by_role("button", name=re.compile(r"^2\. ")).click()
            expect(page.get_by_role("heading", name=re.compile("^Module 2"))).to_be_visible(
                timeout=TIMEOUT_MS)
            for construct in (1, 2):
                page.get_by_label("Context factor").first.select_option(index=construct)
                page.get_by_role("radio", name="Barrier: makes it harder").first.check()
                page.get_by_role("radio", name="2: somewhat").first.check()
                wait_for_kernel(page, TIMEOUT_MS)
                save = page.get_by_role("button", name=re.compile(r"^\W*Save$")).nth(1)
                message = save.locator("xpath=../following-sibling::*[1]").element_handle()
                before = message.text_content()
                start = time.perf_counter()
                save.click()
                page.wait_for_function(
                    "([el, before]) => el.textContent !== before "
                    "&& el.textContent.includes('Saved: Bench Visitor rated')",
                    arg=[message, before], timeout=TIMEOUT_MS)
                seconds.append(time.perf_counter() - start)
                wait_for_kernel(page, TIMEOUT_MS)
        finally:
            _close(context)
        return seconds


def _memory(pid: int) -> tuple[int, int]:
    """A process's resident and proportional set sizes, in kB (Linux)."""
    def kb(path: str, key: str) -> int:
        line = next(x for x in Path(path).read_text().splitlines() if x.startswith(key))
        return int(line.split()[1])

    return kb(f"/proc/{pid}/status", "VmRSS:"), kb(f"/proc/{pid}/smaps_rollup", "Pss:")


def _visitors(size: int) -> str:
    return f"  {size} visitor{'s' if size > 1 else ''} at once"


def _ratio(times: dict[int, list[float]], size: int, sizes: list[int]) -> str:
    return f"{statistics.median(times[size]) / statistics.median(times[sizes[0]]):5.2f}x"


def _line(label: str, times: list[float]) -> str:
    return (f"  {label:52s} median {statistics.median(times):5.2f} s"
            f"   (fastest {min(times):.2f}, slowest {max(times):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--room", type=int, nargs="+", default=[1, 4, 8],
                        help="room sizes; the first is the baseline of the ratios")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    pool = max(args.room)
    times: dict[str, list[float]] = {APP: [], BASELINE: []}
    rooms: dict[int, list[float]] = {size: [] for size in args.room}
    served: dict[int, list[float]] = {size: [] for size in args.room}
    memory: dict[int, list[tuple[int, int]]] = {size: [] for size in args.room}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                    "IPYTHONDIR", "MPLCONFIGDIR"):  # keep Jupyter's side files out of home
            os.environ[var] = str(tmp / var.lower())
        server = VoilaServer(_store(tmp), tmp / "voila.log", folder=_served_folder(tmp),
                             visitors=pool, debug=False)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=browser_path(), headless=True,
                                            args=CHROMIUM_ARGS)
                bench = Bench(server, browser, pool)
                for round_ in range(args.rounds + 1):  # round 0 warms the browser up
                    for name in (APP, BASELINE):
                        seconds = bench.one(name)
                        if round_:
                            times[name].append(seconds)
                for _ in range(args.rounds):
                    for size in args.room:
                        seconds, used = bench.room(size)
                        rooms[size].append(seconds)
                        memory[size] += used
                    for size in args.room:
                        served[size].append(bench.room_by_requests(size))
                saves = bench.save()
                browser.close()
        finally:
            server.stop()

    print(f"Time to interactive in headless Chromium, {args.rounds} visits each after one "
          f"warm-up visit (one Voila server as `course apps --visitors {pool}` runs it, a "
          "fresh browser session per visit)")
    print(_line("workspace app (team list read from the store)", times[APP]))
    print(_line("baseline: minimal one-widget notebook", times[BASELINE]))
    ratio = statistics.median(times[APP]) / statistics.median(times[BASELINE])
    print(f"  ratio workspace / baseline: {ratio:.2f}x")
    print(f"\nVisitors opening the workspace app at the same moment ({args.rounds} rounds; "
          f"time until all are interactive, against {args.room[0]} in this run; memory of "
          f"the kernels they got, per visitor), with {os.cpu_count()} CPU cores")
    print("  in one headless Chromium on this machine (the browsers take the server's cores)")
    for size in args.room:
        rss = statistics.median(m[0] for m in memory[size]) / 1024
        pss = statistics.median(m[1] for m in memory[size]) / 1024
        print(f"{_line(_visitors(size), rooms[size])}   {_ratio(rooms, size, args.room)}"
              f"   RSS {rss:4.0f} MB, PSS {pss:4.0f} MB")
    print("  the server's part: each as if on a device of its own (the page, its files and "
          "the widgets' states, by requests)")
    for size in args.room:
        print(f"{_line(_visitors(size), served[size])}   {_ratio(served, size, args.room)}")
    # What a visitor's own browser adds (drawing the page, running its scripts) is what one
    # visitor's time in Chromium has beyond the server's part; in a room each visitor's own
    # device does that, at once, beside the server's work for the whole room.
    first = args.room[0]
    drawing = statistics.median(rooms[first]) - statistics.median(served[first])
    print(f"  estimated on the visitors' own devices (the server's part, plus {drawing:.2f} s "
          "of drawing the page in each visitor's browser)")
    alone = drawing + statistics.median(served[first])
    for size in args.room:
        together = drawing + statistics.median(served[size])
        print(f"  {_visitors(size):50s} {together:5.2f} s   {together / alone:5.2f}x")
    print("\nA save (module 2, rating a context factor), from pressing Save to its "
          f"confirmation: first {saves[0]:.2f} s (no chart drawn yet in that kernel), "
          f"then {saves[1]:.2f} s")


if __name__ == "__main__":
    main()
