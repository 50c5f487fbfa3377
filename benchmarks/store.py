"""Store benchmark: write throughput and the cohort view, each beside a baseline.

    .venv/bin/python -m benchmarks.store [--changes 2000] [--teams 200]

Prints changes per second on SQLite with 1 and with 8 concurrent writer processes (baseline:
bare sqlite3 inserts, one committed transaction each, with the same durability settings), and
the time to build the cohort view for many teams of 6 members with a full course of entries
(baseline: reading and decoding the same rows with no aggregation).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support import ROOT
from tests.support.full_course import full_course
from widgets.store import CohortView, Store, import_snapshot

_WRITER = """
import sys, time
from widgets import Store
url, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ws = Store(url).team("Bench")
print("ready", flush=True); sys.stdin.readline()
for i in range(n):
    ws.save("reflection", {"module": i % 8, "member": f"{who}-{i}", "text": "a reflection"})
"""

_BASELINE_WRITER = """
import sys, sqlite3
path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(path, timeout=60, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
print("ready", flush=True); sys.stdin.readline()
for i in range(n):
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t (who, i, data) VALUES (?, ?, ?)", (who, i, '{"text": "x"}'))
    db.execute("COMMIT")
"""


def _timed_writers(script: str, target: str, writers: int, per_writer: int) -> float:
    """Start the writers, let them all connect, then time from 'go' to the last commit."""
    procs = [subprocess.Popen([sys.executable, "-c", script, target, f"w{w}", str(per_writer)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=ROOT) for w in range(writers)]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        p.stdin.close()  # type: ignore[union-attr]
        if p.wait() != 0:
            raise SystemExit("a writer failed")
    return time.perf_counter() - start


def throughput(tmp: Path, total: int) -> None:
    print(f"Write throughput on SQLite ({total} changes in all, each its own transaction)")
    for writers in (1, 8):
        per = total // writers
        url = f"sqlite:///{tmp / f'store-{writers}.sqlite'}"
        Store(url).team("Bench")
        ours = _timed_writers(_WRITER, url, writers, per)
        base_path = tmp / f"baseline-{writers}.sqlite"
        with sqlite3.connect(base_path) as db:
            db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT, i INT, data TEXT)")
        base = _timed_writers(_BASELINE_WRITER, str(base_path), writers, per)
        n = per * writers
        print(f"  {writers} writer{'s' if writers > 1 else ' '}: store {n / ours:8.0f} changes/s"
              f"   bare sqlite3 {n / base:8.0f} inserts/s   store takes {ours / base:.1f}x as long")


def cohort(tmp: Path, teams: int) -> None:
    url = f"sqlite:///{tmp / 'cohort.sqlite'}"
    store = Store(url)
    start = time.perf_counter()
    for i in range(teams):
        import_snapshot(store, full_course(f"Team {i:03d}"))
    load = time.perf_counter() - start
    with sqlite3.connect(tmp / "cohort.sqlite") as db:
        entries = db.execute("SELECT count(*) FROM it_records").fetchone()[0]
    print(f"Cohort view: {teams} teams of 6, {entries} entries in all "
          f"({entries // teams} per team; loaded in {load:.1f} s)")
    view = CohortView(Store(url))
    best_ours = best_base = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        summary = (view.teams(), view.recurring_barriers(), view.chosen_strategies())
        best_ours = min(best_ours, time.perf_counter() - start)
        start = time.perf_counter()
        with sqlite3.connect(tmp / "cohort.sqlite") as db:
            rows = [json.loads(d) for (d,) in db.execute("SELECT data FROM it_records")]
        best_base = min(best_base, time.perf_counter() - start)
    assert len(summary[0]) == teams and len(rows) == entries
    print(f"  teams + recurring barriers + chosen strategies: {best_ours * 1000:7.0f} ms"
          f"   baseline (read and decode every entry once): {best_base * 1000:7.0f} ms"
          f"   ratio {best_ours / best_base:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=2000)
    parser.add_argument("--teams", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        throughput(Path(tmp), args.changes)
        cohort(Path(tmp), args.teams)


if __name__ == "__main__":
    main()
