"""Time to interactive of the workspace app, beside a minimal one-widget Voila notebook.

    .venv/bin/python -m benchmarks.voila_tti [--rounds 5]

Both notebooks are served by one Voila server exactly as ``course apps`` serves the apps
(a preheated kernel per notebook, the course's offline template, the widget-only extension
list), from a store holding the example team and a few others. A real headless Chromium opens
them in turn, each visit in a fresh browser session, and only once both kernel pools are full
again, so neither visit competes with a kernel starting; one first visit of each, while the
browser warms up, is not counted. Time to interactive: from asking for
the page to the moment its first control can be used: for the workspace app, the team list
filled from the store; for the baseline, its one button. Prints the median of each (with the
fastest and slowest) and their ratio.
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
from pathlib import Path

from tests.support import ROOT
from tests.support.browser import CHROMIUM_ARGS, browser_path
from tests.support.voila import VoilaServer
from widgets.store import Store, example_snapshot, import_snapshot

APP = "workspace.ipynb"
APP_LAST_CELL = "widgets.apps.workspace_app()"
BASELINE = "minimal.ipynb"
BASELINE_CELL = 'ipw.Button(description="Ready")'
# What Voila's log shows when the baseline's last cell has run: the button, its result.
BASELINE_DONE = re.escape("'text/plain': \"Button(description='Ready', style=ButtonStyle())\"")


def _minimal_notebook() -> dict:
    cells = ["import ipywidgets as ipw", BASELINE_CELL]
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


def _visit(browser, url: str, ready) -> float:
    """Seconds from asking for the page until ``ready(page)`` returns."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        ready(page)
        return time.perf_counter() - start
    finally:
        context.close()


def _app_ready(page) -> None:
    from playwright.sync_api import expect

    team = page.get_by_label("Your team")
    expect(team).to_be_enabled(timeout=60_000)
    expect(team.locator("option")).not_to_have_count(1, timeout=60_000)  # the store was read


def _baseline_ready(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Ready")).to_be_enabled(timeout=60_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {APP: [], BASELINE: []}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                    "IPYTHONDIR", "MPLCONFIGDIR"):  # keep Jupyter's side files out of home
            os.environ[var] = str(tmp / var.lower())
        server = VoilaServer(_store(tmp), tmp / "voila.log", folder=_served_folder(tmp))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=browser_path(), headless=True,
                                            args=CHROMIUM_ARGS)
                visits = {APP: 0, BASELINE: 0}
                for round_ in range(args.rounds + 1):  # round 0 warms the browser up
                    for name, ready in ((APP, _app_ready), (BASELINE, _baseline_ready)):
                        # Both pools full: every earlier visit's replacement kernel has run
                        # its notebook as far as it goes before a visitor arrives. The app's
                        # kernel waits for its visitor; the baseline's has run its last cell.
                        server.wait_for_preheat(APP_LAST_CELL, at_least=visits[APP] + 1)
                        server.wait_for_kernels_to_wait(re.escape(APP_LAST_CELL),
                                                        handed_out=visits[APP])
                        server.wait_for_preheat(BASELINE_CELL, at_least=visits[BASELINE] + 1)
                        server.wait_for(BASELINE_DONE, timeout=90,
                                        at_least=visits[BASELINE] + 1)
                        seconds = _visit(browser, server.app_url(name), ready)
                        visits[name] += 1
                        if round_:
                            times[name].append(seconds)
                browser.close()
        finally:
            server.stop()

    print(f"Time to interactive in headless Chromium, {args.rounds} visits each after one "
          "warm-up visit (preheated kernels, one Voila server, a fresh browser session per "
          "visit)")
    for name, label in ((APP, "workspace app (team list read from the store)"),
                        (BASELINE, "baseline: minimal one-widget notebook")):
        t = times[name]
        print(f"  {label:48s} median {statistics.median(t):5.2f} s"
              f"   (fastest {min(t):.2f}, slowest {max(t):.2f})")
    ratio = statistics.median(times[APP]) / statistics.median(times[BASELINE])
    print(f"  ratio workspace / baseline: {ratio:.2f}x")


if __name__ == "__main__":
    main()
