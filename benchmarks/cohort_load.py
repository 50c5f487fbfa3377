"""A cohort's load on the hub's database, with its rules of who sees what and without them;
and the memory of one participant's server, to size a hub.

    .venv/bin/python -m benchmarks.cohort_load [--people 40] [--teams 8] [--saves 100]

Every simulated participant is its own process with its own database login (as on the hub),
and all start together: each makes ``--saves`` saves to its team's workspace and, after every
tenth, reads its team's views (the context map, the roster, the priorities). The same run is
made twice on one PostgreSQL server: with row-level security and a login per person, and as
the baseline with one shared login and no rules. Prints saves per second and the 95th
percentile save time of each, and their ratio (the target: security costs no more than 1.3x).

Then, as root with ``make hub`` done, it starts ``course hub`` for one no-code participant,
opens their workspace app in a real browser, and prints the memory of their server and kernel.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from tests.support import ROOT
from tests.support.browser import CHROMIUM_ARGS, browser_path
from widgets.hub.database import admit, login_name, record_roster, secure
from widgets.hub.postgres import LocalPostgres, free_port
from widgets.hub.roster import read_roster
from widgets.store import Store

_WORKER = """
import json, sys, time
from widgets.analysis.context import priorities
from widgets.store import Store
url, team, who, saves = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ws = Store(url).team(team)
print("ready", flush=True); sys.stdin.readline()
took = []
for i in range(saves):
    start = time.perf_counter()
    ws.save("context_factor", {"construct": "III.J", "member": f"{who}", "effect": "barrier",
            "strength": 1 + i % 3, "note": f"what {who} saw, take {i}"}, by=who)
    took.append(time.perf_counter() - start)
    if i % 10 == 9:
        ws.context_factors(), ws.members(), priorities(ws)
print(json.dumps(took), flush=True)
"""


def _roster(folder: Path, people: int, teams: int) -> Path:
    rows = ["team,username,display name,perspective,no code,role"]
    rows += [f"Team {i % teams},p{i:03d},Person {i},implementer,no,participant"
             for i in range(people)]
    path = folder / "roster.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


def _database(server: LocalPostgres, name: str) -> str:
    admin = sa.create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    url = server.url(database=name)
    Store(url).close()
    return url


def _run(urls: list[tuple[str, str, str]], saves: int) -> tuple[float, list[float]]:
    """Start every worker, let them connect, then time from 'go' to the last save."""
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, url, team, who, str(saves)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
             for url, team, who in urls]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    took: list[float] = []
    for p in procs:
        took += json.loads(p.stdout.readline())
        p.stdin.close()
        if p.wait() != 0:
            raise SystemExit("a simulated participant failed")
    return time.perf_counter() - start, took


def _report(label: str, seconds: float, took: list[float]) -> tuple[float, float]:
    rate = len(took) / seconds
    p95 = statistics.quantiles(took, n=20)[-1]
    print(f"  {label:<44} {rate:8.0f} saves/s   p95 {p95 * 1000:7.1f} ms")
    return rate, p95


def load(people: int, teams: int, saves: int) -> None:
    print(f"{people} participants in {teams} teams, {saves} saves each, all at once")
    base = Path(tempfile.mkdtemp(prefix="it-load-"))
    base.chmod(0o711)
    roster = read_roster(_roster(base, people, teams))
    with LocalPostgres(base / "pg") as server:
        secured = _database(server, "with_rules")
        owner = sa.create_engine(secured)
        with owner.begin() as conn:
            secure(conn)
            record_roster(conn, roster)
            logins = {p.username: admit(conn, p) for p in roster.people.values()}
        owner.dispose()
        plain = _database(server, "baseline")
        for team in roster.teams:
            Store(plain).team(team)
        people_list = list(roster.people.values())
        with_rules = [(server.url(login_name(p.username), logins[p.username], "with_rules"),
                       p.teams[0], p.display_name) for p in people_list]
        baseline = [(plain, p.teams[0], p.display_name) for p in people_list]
        ours = _report("each their own login, row-level security", *_run(with_rules, saves))
        bare = _report("baseline: one shared login, no rules", *_run(baseline, saves))
    shutil.rmtree(base, ignore_errors=True)
    print(f"  ratio (baseline / with rules): saves per second {bare[0] / ours[0]:.2f}x, "
          f"p95 save time {ours[1] / bare[1]:.2f}x with the rules  (target: no more than 1.3x)")


def _memory_of(user: str) -> tuple[int, int, int]:
    """Resident and proportional set size (kB) of a user's processes, and how many."""
    import pwd

    uid, rss, pss, count = pwd.getpwnam(user).pw_uid, 0, 0, 0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and proc.stat().st_uid == uid:
            try:
                rollup = (proc / "smaps_rollup").read_text()
            except OSError:
                continue
            count += 1
            rss += int(re.search(r"^Rss:\s+(\d+)", rollup, re.M).group(1))
            pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
    return rss, pss, count


def server_memory() -> None:
    if os.geteuid() != 0 or not (ROOT / ".hub" / "venv" / "bin" / "jupyterhub-singleuser").exists():
        print("Server memory: not measured (run as root, after make hub).")
        return
    from playwright.sync_api import expect, sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="it-mem-"))
    folder.chmod(0o711)
    roster = folder / "roster.csv"
    roster.write_text("team,username,display name,perspective,no code,role\n"
                      "Team A,itt-mem,Mem Ory,implementer,yes,participant\n", "utf-8")
    port = free_port()
    log = (folder / "hub.log").open("w")
    hub = subprocess.Popen([str(ROOT / ".venv" / "bin" / "course"), "hub", str(roster),
                            "--data", str(folder / "data"), "--port", str(port)],
                           cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        while "JupyterHub is now running" not in (folder / "hub.log").read_text():
            if hub.poll() is not None:
                raise SystemExit((folder / "hub.log").read_text()[-3000:])
            time.sleep(0.2)  # polling the hub's log for the line that says it is up
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path(), headless=True,
                                        args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/hub/login")
            page.get_by_label("Username").fill("itt-mem")
            page.get_by_label("Password").fill("a long pass phrase, 42")
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("heading", name=re.compile("^Module 0"))).to_be_visible(
                timeout=120_000)
            rss, pss, count = _memory_of("itt-mem")
            browser.close()
        print(f"One participant's server with the workspace app open: {rss / 1024:.0f} MB "
              f"resident, {pss / 1024:.0f} MB proportional (shared pages split), in {count} "
              "processes (the server and its kernel).")
    finally:
        hub.terminate()
        hub.wait(timeout=60)
        subprocess.run(["pkill", "-KILL", "-u", "itt-mem"], capture_output=True)
        subprocess.run(["userdel", "--remove", "itt-mem"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--teams", type=int, default=8)
    parser.add_argument("--saves", type=int, default=100)
    args = parser.parse_args()
    load(args.people, args.teams, args.saves)
    server_memory()


if __name__ == "__main__":
    main()
