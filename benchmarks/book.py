"""Course site build benchmark: a cold build, then two rebuilds, in one run.

    .venv/bin/python -m benchmarks.book

Copies the site's sources (config, book pages, module notebooks) to a temporary folder and
builds them with the strict command ``course book`` runs (``jupyter-book build --all -W``),
three times into one output folder:

1. cold: an empty output folder, so every notebook is executed. This is the baseline: it is
   also what every build cost before notebook outputs were cached (``execute_notebooks:
   force``);
2. no change: a rebuild with nothing changed;
3. one module: a rebuild after one module's code changed (a comment added to a code cell).

For each build it prints the wall time, the time as a share of the cold build, and how many
notebooks were executed and how many came from the cache. Targets: a no-change rebuild takes
at most half the cold build, and a one-module rebuild at most 60% of it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support import ROOT
from widgets.cli.book import book_command, copy_book_sources

TARGETS = {"no change": 0.5, "one module": 0.6}
EXECUTED = re.compile(r"\.ipynb: Executed notebook")
CACHED = re.compile(r"\.ipynb: Using cached notebook")


def timed_build(src: Path, out: Path) -> tuple[float, int, int]:
    env = {k: v for k, v in os.environ.items() if k != "COURSE_TEAM"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    proc = subprocess.run(book_command(src, out), cwd=src, env=env, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    if proc.returncode != 0 or "build succeeded." not in log:
        sys.exit(f"the build failed:\n{log[-4000:]}")
    return seconds, len(EXECUTED.findall(log)), len(CACHED.findall(log))


def change_one_module(src: Path, module: str) -> None:
    path = src / "modules" / f"{module}.ipynb"
    nb = json.loads(path.read_text("utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    cell["source"] = "".join(cell["source"]) + "  # changed by benchmarks/book.py"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--module", default="03_strategies", help="the module to change")
    args = parser.parse_args()
    if not (ROOT / "book" / "_widgets_js" / "html-manager" / "embed.js").exists():
        sys.exit("book/_widgets_js is missing: run `make site-assets` first.")
    modules = len(list((ROOT / "modules").glob("*.ipynb")))
    with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        src.mkdir()
        out.mkdir()
        copy_book_sources(ROOT, src)
        runs = {"cold (baseline)": timed_build(src, out), "no change": timed_build(src, out)}
        change_one_module(src, args.module)
        runs["one module"] = timed_build(src, out)

    cold = runs["cold (baseline)"][0]
    print(f"Course site build: {modules} module notebooks, jupyter-book build --all -W, "
          f"{os.cpu_count()} CPU(s)")
    print(f"{'build':<18}{'seconds':>9}{'x cold':>9}{'executed':>10}{'cached':>8}  target")
    ok = True
    for name, (seconds, executed, cached) in runs.items():
        share = seconds / cold
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            met = share <= target
            ok &= met
            verdict = f"<= {target:.2f}x cold: {'met' if met else 'MISSED'}"
        print(f"{name:<18}{seconds:>9.1f}{share:>9.2f}{executed:>10}{cached:>8}  {verdict}")
    expected = {"cold (baseline)": (modules, 0), "no change": (0, modules),
                "one module": (1, modules - 1)}
    for name, (executed, cached) in expected.items():
        if runs[name][1:] != (executed, cached):
            print(f"unexpected: the {name} build executed {runs[name][1]} and reused "
                  f"{runs[name][2]} notebooks (expected {executed} and {cached})")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
