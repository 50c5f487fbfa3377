"""Store benchmark: write throughput and the cohort view, each beside a baseline.

    .venv/bin/python benchmarks/store.py [--changes 2000] [--teams 200]

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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widgets import Store, import_snapshot  # noqa: E402
from widgets.reference import cfir_constructs, eric_strategies, framework_items  # noqa: E402
from widgets.snapshot import SNAPSHOT_FORMAT  # noqa: E402
from widgets.store import SCHEMA_VERSION  # noqa: E402

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


def _full_course(team: str) -> dict:
    """A snapshot of one team of 6 with an entry for every exercise of the course."""
    members = [f"{team} member {i}" for i in range(6)]
    perspectives = ["implementer", "researcher", "community partner", "lived experience",
                    "leader", "evaluator"]
    codes = [c.code for c in cfir_constructs()]
    strategies = [s.id for s in eric_strategies()]
    recs: list[tuple[str, dict]] = []
    recs += [("member", {"name": m, "role": "role", "perspective": p})
             for m, p in zip(members, perspectives, strict=True)]
    recs.append(("agreements", {"agreements": "Start on time", "facilitator": members[5],
                                "rhythm": "Tuesdays"}))
    recs.append(("initiative", {"name": "Peer support", "setting": "clinic",
                                "innovation": "peer support", "serves": "adults",
                                "aims": "better care"}))
    n = sum(map(ord, team))
    mine = [codes[(n + k * 7) % len(codes)] for k in range(8)]
    recs += [("context_factor", {"construct": c, "member": m, "effect": ("barrier", "facilitator")
              [(k + j) % 2], "strength": 1 + k % 3, "note": "seen it"})
             for k, c in enumerate(mine) for j, m in enumerate(members)]
    recs += [("agreed_factor", {"construct": c, "effect": "barrier", "strength": 2, "note": "x"})
             for c in mine]
    recs += [("priority", {"construct": c, "importance": 3, "changeability": 2, "reason": "x"})
             for c in mine[:3]]
    chosen = [strategies[(n + k * 11) % len(strategies)] for k in range(5)]
    for s in chosen:
        recs += [("strategy_decision", {"construct": c, "strategy": s, "decision": "accepted",
                                        "source": "course suggestion", "reason": "mechanism"})
                 for c in mine[:2]]
        recs.append(("strategy", {"strategy": s, "barriers": mine[:2], "reason": "mechanism"}))
        recs.append(("specification", {"strategy": s, "actor": members[0], "action": "train",
                                       "action_target": "nurses", "temporality": "month 1",
                                       "dose": "weekly", "outcome": "Adoption",
                                       "justification": "theory"}))
        recs += [("role_assignment", {"task": str(s), "member": m,
                                      "role": ("responsible", "accountable", "consulted",
                                               "informed", "informed", "informed")[j]})
                 for j, m in enumerate(members)]
        recs.append(("outcome_measure", {"strategy": s, "dimension": "Adoption",
                                         "measure": "% of clinics", "source": "records",
                                         "collector": members[1], "timing": "quarterly"}))
    recs += [("action_step", {"step": f"step {k}", "owner": members[k % 6],
                              "due": f"2027-0{1 + k % 9}-15"}) for k in range(8)]
    recs += [("readiness", {"member": m, "component": c, "rating": 3, "note": ""})
             for m in members for c in framework_items("R=MC2_component")]
    recs.append(("leader_plan", {"leaders": "board", "asks": "time", "decisions": "approve",
                                 "involvement": "monthly"}))
    recs += [("sustainability", {"domain": d, "rating": 4, "action": "plan"})
             for d in framework_items("PSAT_domain")]
    terms = ["innovation", "implementation", "determinant", "barrier", "facilitator", "strategy",
             "mechanism", "outcome", "fidelity", "adaptation", "readiness", "sustainability"]
    recs += [("glossary_entry", {"term": t, "member": m, "definition": "my words"})
             for t in terms for m in members]
    recs += [("glossary_agreed", {"term": t, "definition": "our words"}) for t in terms]
    recs += [("meeting", {"date": f"2027-0{1 + k}-01", "attendees": members[:4], "notes": "x",
                          "decisions": "y", "module": k}) for k in range(7)]
    recs += [("reflection", {"module": k, "member": m, "text": "what we learned"})
             for k in range(8) for m in members]
    recs += [("progress", {"module": k, "status": "done"}) for k in range(8)]
    now = "2026-11-01T09:00:00+00:00"
    return {"format": SNAPSHOT_FORMAT, "schema_version": SCHEMA_VERSION, "team": team,
            "records": [{"kind": k, "key": "", "data": d, "version": 1, "updated_by": "bench",
                         "updated_at": now} for k, d in recs]}


def cohort(tmp: Path, teams: int) -> None:
    url = f"sqlite:///{tmp / 'cohort.sqlite'}"
    store = Store(url)
    start = time.perf_counter()
    for i in range(teams):
        import_snapshot(store, _full_course(f"Team {i:03d}"))
    load = time.perf_counter() - start
    with sqlite3.connect(tmp / "cohort.sqlite") as db:
        entries = db.execute("SELECT count(*) FROM it_records").fetchone()[0]
    print(f"Cohort view: {teams} teams of 6, {entries} entries in all "
          f"({entries // teams} per team; loaded in {load:.1f} s)")
    view = Store(url).cohort()
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
