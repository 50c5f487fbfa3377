"""Review benchmark: opening Module 8 for a team two years into its plan, against opening the
Module 4 plan of the same team, and building the plan files.

    .venv/bin/python -m benchmarks.review [--rounds 5] [--reviews 52] [--steps 40] [--measures 12]

The team (in a SQLite store file) has reviewed its plan every fortnight for two years: 52
reviews, 40 action steps with statuses, 12 measures with 52 values each, adaptations and a
re-rating. Opening a module is what the workspace app does when a member opens it: every form
and view of the module's page built from the store (``widgets.apps.workspace.PAGES``). The
baseline, measured in the same run, is the Module 4 page of the same team (its specifications,
pathways and first steps). Prints the median of each, their ratio (target: no more than 2x), and
the time to build the plan files (HTML and Word) for that team.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from tests.support.full_course import full_course
from widgets.apps.workspace import PAGES
from widgets.report import plan_html, write_plan_docx
from widgets.store import Store, TeamWorkspace, import_snapshot

TEAM = "Two years in"
START = date(2027, 1, 4)


def _two_years(ws: TeamWorkspace, reviews: int, steps: int, measures: int) -> None:
    """Fortnightly reviews, steps with statuses, measures with a value at every review."""
    members = [m["name"] for m in ws.members()]
    strategies = [s["strategy"] for s in ws.list("strategy")]
    days = [START + timedelta(days=14 * k) for k in range(reviews)]
    statuses = ("done", "done", "under way", "not started", "blocked", "dropped")
    for k in range(steps):
        status = statuses[k % len(statuses)]
        ws.save("action_step", {
            "step": f"Step {k}: a concrete thing to do", "strategy": strategies[k % 5],
            "owner": members[k % 6], "due": (START + timedelta(days=18 * k)).isoformat(),
            "status": status, "status_date": days[k % reviews].isoformat(),
            "status_reason": "waiting for the new rota" if status in ("blocked", "dropped")
            else ""}, by=members[0])
    for m in range(measures):
        name = f"Measure {m}"
        ws.save("outcome_measure", {
            "strategy": strategies[m % 5], "dimension": "Adoption", "measure": name,
            "source": "records", "collector": members[1], "timing": "fortnightly",
            "value_type": ("percentage", "count out of a total", "yes or no", "number")[m % 4],
            "goal": ("80", "30/40", "yes", "12")[m % 4]}, by=members[1])
        for k, day in enumerate(days):
            value = (str(min(100, 20 + k)), f"{min(40, 10 + k // 2)}/40", "yes" if k % 3 else "no",
                     str(5 + k % 9))[m % 4]
            ws.save("measure_value", {"strategy": strategies[m % 5], "dimension": "Adoption",
                                      "measure": name, "date": day.isoformat(), "value": value,
                                      "collector": members[1], "note": ""}, by=members[1])
    for k, day in enumerate(days):
        ws.save("review", {"date": day.isoformat(), "attendees": members[: 2 + k % 4],
                           "decisions": f"Review {k}: keep the audits going; Tom chases data",
                           "notes": "looked at the agenda", "next_review": ""}, by=members[0])
    for k in range(4):
        ws.save("adaptation", {
            "strategy": strategies[k], "date": days[6 * k + 3].isoformat(), "part": "dose",
            "change": "less often", "new_value": "monthly", "nature": "content",
            "fidelity": "keeps the core", "goal": "fit the rota", "reason": "fewer staff",
            "planned": "planned ahead", "decided_by": members[:2],
            "spread": "the whole initiative"}, by=members[0])


def _open(ws: TeamWorkspace, word: str) -> float:
    """Seconds to build every form and view of a module's page in the workspace app."""
    page = next(p for p in PAGES if p.module.word == word)
    start = time.perf_counter()
    for exercise in page.exercises:
        exercise.parts(ws)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reviews", type=int, default=52)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--measures", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'store.sqlite'}")
        snap = full_course(TEAM)
        snap["records"] = [r for r in snap["records"] if r["kind"] not in (
            "action_step", "outcome_measure", "measure_value", "review", "adaptation")]
        import_snapshot(store, snap)
        ws = store.team(TEAM)
        _two_years(ws, args.reviews, args.steps, args.measures)
        _open(ws, "review")  # the first opening imports and warms what both use
        _open(ws, "action")
        review, plan = [], []
        for _ in range(args.rounds):
            plan.append(_open(ws, "action"))
            review.append(_open(ws, "review"))
        files = []
        for _ in range(max(1, args.rounds // 2)):
            start = time.perf_counter()
            plan_html(ws)
            write_plan_docx(ws, Path(tmp) / "plan.docx")
            files.append(time.perf_counter() - start)
    values = args.measures * args.reviews
    print(f"A team with {args.reviews} reviews, {args.steps} steps and {args.measures} measures "
          f"({values} values), {args.rounds} openings each after one warm-up")
    print(f"  Module 4 plan (baseline)  median {statistics.median(plan):6.2f} s   "
          f"(fastest {min(plan):.2f}, slowest {max(plan):.2f})")
    print(f"  Module 8 review           median {statistics.median(review):6.2f} s   "
          f"(fastest {min(review):.2f}, slowest {max(review):.2f})")
    print(f"  ratio review / plan: {statistics.median(review) / statistics.median(plan):.2f}x "
          "(target: 2x or less)")
    print(f"  plan files (HTML and Word) for that team: median {statistics.median(files):.2f} s")


if __name__ == "__main__":
    main()
