"""The cohort app and the apps' start page, served by a real Voila server, in a real browser.

Four teams at different points (one stalled, one finished, one that never logs a meeting, one
whose name is HTML, one whose name would be a spreadsheet formula) are in the store. What must
hold: every team's progress, the recurring context factors, the chosen strategies, the stalled
teams (for a threshold chosen with the keyboard) and meetings beside pace are shown; the CSV
downloads hold the same tables; nothing is changed; the page is accessible, offline and quiet.
"""

from __future__ import annotations

import base64
import csv
import io
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

import widgets
from tests.support.browser import CHROMIUM_ARGS, browser_path
from tests.support.voila import (
    PageWatch,
    VoilaServer,
    axe_problems,
    wait_for_kernel,
)
from widgets.store import KINDS, SCHEMA_VERSION, SNAPSHOT_FORMAT, CohortView, csv_text, validate
from widgets.store import schema as _schema
from widgets.store.cohort import COURSE_MODULES, RECENT_DAYS, SILENT_AFTER

pytestmark = pytest.mark.slow  # a real Voila server

NOW = datetime.now(timezone.utc)
ALDER = "Alder Street <b>Team</b>"
BAYVIEW = "=Bayview"  # a spreadsheet would run this as a formula
CEDAR = "Cedar Clinic"
DELTA = "Delta Network"
TIMEOUT_MS = 30_000


def _member(name: str, perspective: str = "implementer") -> dict:
    return {"name": name, "role": "", "perspective": perspective}


def _factor(member: str, code: str, effect: str = "barrier") -> dict:
    return {"construct": code, "member": member, "effect": effect, "strength": 2, "note": ""}


def _team_snapshot(name: str, started_days_ago: int,
                   entries: list[tuple[int, str, dict]]) -> dict:
    """A team whose entries were made on given days after it started: (day, kind, data)."""
    start = NOW - timedelta(days=started_days_ago)
    records, history = [], []
    for day, kind, data in entries:
        at = (start + timedelta(days=day)).isoformat(timespec="microseconds")
        key = KINDS[kind].key(validate(kind, data))
        records.append({"kind": kind, "key": key, "data": data, "version": 1,
                        "deleted": False, "updated_by": "seed", "updated_at": at})
        history.append({"kind": kind, "key": key, "version": 1, "action": "save",
                        "data": data, "deleted": False, "changed_by": "seed", "changed_at": at})
    return {"format": SNAPSHOT_FORMAT, "schema_version": SCHEMA_VERSION, "team": name,
            "records": records, "history": history}


def _done(*days_by_module: tuple[int, int]) -> list[tuple[int, str, dict]]:
    return [(day, "progress", {"module": m, "status": "done"}) for m, day in days_by_module]


def _meetings(*days: int) -> list[tuple[int, str, dict]]:
    return [(d, "meeting", {"date": f"2027-01-{10 + i:02d}", "attendees": ["Ana"]})
            for i, d in enumerate(days)]


def seed_cohort(store: widgets.Store) -> None:
    """Alder: 4 modules in 40 days, 4 meetings, quiet for 20 days. Bayview: 2 modules in 12
    days, active. Cedar: 1 module in 45 days, no meetings, quiet for 45 days. Delta: every
    module done, quiet for 20 days (finished, so not stalled)."""
    teams = {
        ALDER: (60, [(0, "member", _member("Ana")), (1, "member", _member("Bo", "leader")),
                     (2, "context_factor", _factor("Ana", "II.C")),
                     (2, "context_factor", _factor("Bo", "III.J")),
                     (3, "context_factor", _factor("Bo", "III.A", "facilitator")),
                     (25, "strategy", {"strategy": 5, "barriers": ["II.C"], "reason": "r"}),
                     (26, "strategy", {"strategy": 15, "barriers": ["III.J"], "reason": "r"}),
                     *_done((0, 10), (1, 20), (2, 30), (3, 40)),
                     (35, "progress", {"module": 4, "status": "in progress"}),
                     *_meetings(5, 15, 25, 35)]),
        BAYVIEW: (30, [(0, "member", _member("Cy")),
                       (1, "context_factor", _factor("Cy", "II.C")),
                       (1, "agreed_factor", {"construct": "III.A", "effect": "barrier",
                                             "strength": 3, "note": ""}),
                       (2, "strategy", {"strategy": 5, "barriers": ["II.C"], "reason": "r"}),
                       *_done((0, 5), (1, 12)), *_meetings(6, 28)]),
        CEDAR: (90, [(0, "member", _member("Di", "lived experience")),
                     (4, "context_factor", _factor("Di", "II.C")),
                     *_done((0, 45))]),
        DELTA: (100, [(0, "member", _member("Ed")),
                      *_done(*[(m, 10 * (m + 1)) for m in range(8)]), *_meetings(5, 6, 7)]),
    }
    for name, (started, entries) in teams.items():
        widgets.import_snapshot(store, _team_snapshot(name, started, entries))


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'team-store.sqlite'}"
    store = widgets.Store(url)
    seed_cohort(store)
    store.close()
    return url


def _changes(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(_schema.changes)).scalar()
    engine.dispose()
    return count


@pytest.mark.browser
def test_the_cohort_app_in_a_real_browser(server: VoilaServer, store_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    server.wait_for_preheat("widgets.apps.cohort_app()")
    changes_before = _changes(store_url)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path(), headless=True,
                                    args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        watch = PageWatch().attach(page)

        # The start page lists both apps in plain words; its link opens the cohort app.
        page.goto(server.url)
        assert page.title() == "Implementing Together: the apps"
        links = page.get_by_role("link")
        expect(links).to_have_text(["Your team's workspace", "Cohort overview"])
        problems = axe_problems(page, "start page")
        page.get_by_role("link", name="Cohort overview").click()

        expect(page.get_by_role("heading", name="Cohort overview")).to_be_visible()
        assert "Cohort overview" in page.title()
        expect(page.get_by_role("status").first).to_have_text(re.compile(r"^Read 4 teams at"))
        app = page.locator(".it-app")
        expect(app).to_contain_text("4 teams; 1 finished the course (Modules 0 to 7).")

        progress = page.locator("table", has_text="Each team's progress")
        assert _row(progress, ALDER)[:8] == [ALDER, "2", "done", "done", "done", "done",
                                            "started", "not yet"]
        assert _row(progress, DELTA)[2:12] == ["done"] * 8 + ["not yet", "8"]
        factors = page.locator("table", has_text="named by teams")
        # II.C is a barrier for three teams; III.A a facilitator for one, a barrier for one.
        local = widgets.cfir_construct("II.C").name
        assert _row(factors, local)[1:4] == ["3", "0", "; ".join(sorted([ALDER, BAYVIEW, CEDAR]))]
        assert _row(factors, widgets.cfir_construct("III.A").name)[1:3] == ["1", "1"]
        strategies = page.locator("table", has_text="ERIC strategies teams chose")
        assert _row(strategies, "5. Audit and provide feedback")[2:] == ["2", f"{BAYVIEW}; {ALDER}"]

        stalled = page.locator("table", has_text="Teams with no change")
        expect(stalled.locator("tbody tr")).to_have_count(2)  # 14 days: Alder and Cedar
        assert [r[0] for r in _rows(stalled)] == [ALDER, CEDAR]
        # With the keyboard alone: past the cohort (the store's only one), Tab to the
        # threshold, choose 21 days (Alder drops out).
        page.keyboard.press("Tab")
        expect(page.get_by_label("Cohort")).to_be_focused()
        page.keyboard.press("Tab")
        choose = page.get_by_label("Stalled after")
        expect(choose).to_be_focused()
        page.keyboard.press("ArrowDown")
        expect(choose).to_have_value("21 days without a change")
        expect(stalled.locator("tbody tr")).to_have_count(1)
        assert [r[0] for r in _rows(stalled)] == [CEDAR]
        for days in (28, 42, 56):  # at 56 days: no team
            page.keyboard.press("ArrowDown")
            # What the next key press needs: the list still has the focus, shows this choice,
            # and keeps showing it once the kernel has answered (no late echo moves it back).
            expect(choose).to_have_value(f"{days} days without a change")
            wait_for_kernel(page)
            expect(choose).to_be_focused()
            expect(choose).to_have_value(f"{days} days without a change")
        expect(app).to_contain_text("No team has gone 56 days without a change.")
        # A team starts while the page is open; Tab, Enter on "Read the latest" shows it.
        widgets.Store(store_url).team("Elm Late Team")
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Read the latest")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_role("status").first).to_have_text(re.compile(r"^Read 5 teams at"))

        meetings = page.locator("table", has_text="beside each team's pace")
        assert {r[0]: r[1:] for r in _rows(meetings)} == {
            ALDER: ["4", "2027-01-13", "4", "10 days"],
            DELTA: ["3", "2027-01-12", "8", "10 days"],
            BAYVIEW: ["2", "2027-01-11", "2", "6 days"],
            CEDAR: ["0", "none", "1", "45 days"],
            "Elm Late Team": ["0", "none", "0", "no module done yet"]}
        expect(app).to_contain_text("Log between-session meetings: 3 teams; median 10 days")
        expect(app).to_contain_text("Log no meetings: 2 teams; median 45 days per module done "
                                    "(1 team with a module done)")

        # The CSV downloads hold exactly the tables the read model gives.
        hrefs = {a.get_attribute("download"): a.get_attribute("href")
                 for a in page.locator("a[download]").all()}
        expected = CohortView(widgets.Store(store_url)).csv_files()
        assert set(hrefs) == set(expected)
        for name, href in hrefs.items():
            assert href.startswith("data:text/csv;base64,")
            assert base64.b64decode(href.split(",", 1)[1]).decode("utf-8") == expected[name]
        teams_csv = list(csv.DictReader(io.StringIO(expected["cohort-teams.csv"])))
        assert [r["Team"] for r in teams_csv] == [f"'{BAYVIEW}", ALDER, CEDAR, DELTA,
                                                  "Elm Late Team"]

        # Team names are shown as text; nothing typed by a team became an element.
        assert page.locator(".it-app td b, .it-app caption b").count() == 0
        problems += axe_problems(page, "cohort app")
        assert page.locator("input[type=text], textarea").count() == 0  # nothing to type in
        browser.close()
    assert problems == []
    assert watch.dialogs == [] and watch.errors == [], watch.errors
    assert watch.requests and watch.outside() == []
    assert _changes(store_url) == changes_before  # read-only: the visit changed nothing


def _rows(table) -> list[list[str]]:
    return table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent))")


def _row(table, first_cell: str) -> list[str]:
    rows = _rows(table)
    found = [r for r in rows if r[0] == first_cell]
    assert found, f"no row for {first_cell!r} in {rows}"
    return found[0]


def test_the_cohort_read_model(tmp_path: Path) -> None:
    """The figures behind the app, and the CSV guard, in plain Python."""
    store = widgets.Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    seed_cohort(store)
    view = CohortView(store)
    teams = {s["team"]: s for s in view.teams()}
    assert teams[ALDER]["progress"] == {0: "done", 1: "done", 2: "done", 3: "done",
                                        4: "in progress"}
    assert teams[ALDER]["days_per_module"] == pytest.approx(10)
    assert teams[BAYVIEW]["days_per_module"] == pytest.approx(6)
    assert teams[ALDER]["last_meeting"] == "2027-01-13" and teams[CEDAR]["meetings"] == 0
    assert teams[CEDAR]["started"] < teams[CEDAR]["last_activity"]  # imported: own times
    store.team("Empty")
    assert {s["team"]: s["days_per_module"] for s in view.teams()}["Empty"] is None

    code, name, barrier, facilitator = view.recurring_factors()[0]
    assert (code, barrier, facilitator) == ("II.C", [BAYVIEW, ALDER, CEDAR], [])
    assert view.recurring_barriers()[0] == ("II.C", name, 3)
    assert view.strategy_teams()[0][0::3] == (5, [BAYVIEW, ALDER])
    stalled = {s["team"] for s in view.stalled(NOW - timedelta(days=14))}
    assert stalled == {ALDER, CEDAR}  # Delta is as quiet, but finished
    assert view.meeting_pace() == [
        {"group": "Log between-session meetings", "teams": 3, "with_pace": 3,
         "median_days_per_module": pytest.approx(10)},
        {"group": "Log no meetings", "teams": 2, "with_pace": 1,
         "median_days_per_module": pytest.approx(45)}]
    assert csv_text(("a", "b"), [("=1+1", "-x"), ("@me", "plain")]) == (
        "a,b\r\n'=1+1,'-x\r\n'@me,plain\r\n")
    assert not any(hasattr(view, n) for n in ("save", "delete", "restore", "team"))


FIR = "Fir <i>Silent</i> Team"  # finished the course, then stopped recording anything
GUM = "Gum Street"  # keeps its plan up, with a late and a blocked step
HAZEL = "Hazel House"  # finished the course ten days ago, nothing since: not silent yet
IVY = "Ivy Lane"  # still in the course


def _ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()  # the day the views count from


def _step(step: str, due: int, status: str = "not started", since: int | None = None,
          why: str = "") -> tuple[int, str, dict]:
    """An action step due ``due`` days from today (negative: in the past)."""
    return (0, "action_step", {"step": step, "owner": "Ana", "due": _ago(-due), "status": status,
                               "status_date": "" if since is None else _ago(since),
                               "status_reason": why})


def _measure(name: str) -> tuple[int, str, dict]:
    return (0, "outcome_measure", {"strategy": 5, "dimension": "Adoption", "measure": name,
                                   "source": "log", "collector": "Ana", "timing": "monthly"})


def _value(name: str, days_ago: int, value: str = "10") -> tuple[int, str, dict]:
    return (0, "measure_value", {"strategy": 5, "dimension": "Adoption", "measure": name,
                                 "date": _ago(days_ago), "value": value, "collector": "Ana"})


def _review(days_ago: int) -> tuple[int, str, dict]:
    return (0, "review", {"date": _ago(days_ago), "attendees": ["Ana"],
                          "decisions": "Keep the huddles going"})


def seed_follow_through(store: widgets.Store) -> None:
    """Snapshots start 200 days ago; the course (Modules 0 to 7) was finished on the day given
    (Fir: 100 days ago, Gum: 70, Hazel: 10); Ivy is at Module 3."""
    teams = {
        FIR: [*_done(*[(m, 100) for m in COURSE_MODULES]), _step("Book the room", -120, "done", 95),
              _measure("Huddles held"), _value("Huddles held", 90), _review(80)],
        GUM: [*_done(*[(m, 130) for m in COURSE_MODULES]),
              _step("Print the checklist", -30, "done", 10),
              _step("Train the night shift", -5),  # late: not started, due 5 days ago
              _step("Audit the first month", -3, "under way", 20),  # late too
              _step("Set up the dashboard", 14, "under way", 12),  # due later: not late
              _step("Hire a peer worker", -40, "blocked", 6, "No budget until April"),
              _step("Old idea", -60, "dropped", 50, "Replaced by the huddles"),
              _measure("Huddles held"), _measure("Patients matched"),
              _value("Huddles held", 20), _value("Patients matched", 100),
              _value("A measure since removed", 3), _review(40), _review(7)],
        HAZEL: [*_done(*[(m, 190) for m in COURSE_MODULES]), _step("Call the board", -50)],
        IVY: [*_done((0, 10), (1, 20), (2, 30), (3, 40)), _step("Survey staff", -10)],
    }
    for name, entries in teams.items():
        widgets.import_snapshot(store, _team_snapshot(name, 200, entries))


def test_what_each_team_keeps_up_after_the_course(tmp_path: Path) -> None:
    """Steps done, late and blocked, the last review, measures with a recent value, the last
    follow-through and the teams fallen silent: as Module 8 reads one team (analysis.review,
    on the same store), and as the app and the CSV file show them."""
    from widgets.analysis.review import last_activity, reviews, step_counts
    from widgets.apps import CohortApp

    store = widgets.Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    seed_follow_through(store)
    # A review logged ahead of its day (or a mistyped year) is nothing the team has done yet.
    store.team(FIR).save("review", {"date": "2062-05-01", "attendees": ["A", "B"],
                                    "decisions": "To come"}, by="A")
    view = CohortView(store)
    on = date.today()
    teams = {s["team"]: s for s in view.teams(on)}
    gum = teams[GUM]
    assert (gum["steps"]["done"], gum["steps"]["late"], gum["steps"]["blocked"]) == (1, 2, 1)
    assert gum["last_review"] == _ago(7) and gum["last_follow_through"] == _ago(3)
    assert gum["recent_measures"] == {(5, "Adoption", "Huddles held")}  # of the two measures
    assert len(gum["measures"]) == 2
    assert teams[IVY]["course_done"] == "" and teams[HAZEL]["course_done"][:10] == _ago(10)
    assert teams[HAZEL]["last_review"] == "" and teams[HAZEL]["last_follow_through"] == ""
    for name, s in teams.items():  # the same figures as the team's own Module 8 pages
        ws = store.team(name)
        counts = step_counts(ws, on)
        assert [s["steps"][k] for k in ("done", "late", "blocked")] == [
            counts["done"], counts["late"], counts["blocked"]]
        latest = last_activity(ws, on)
        assert s["last_follow_through"] == (latest.isoformat() if latest else "")
        held = [r["date"] for r in reviews(ws) if r["date"] <= on.isoformat()]
        assert s["last_review"] == (held[-1] if held else "")

    silent = view.fallen_silent(SILENT_AFTER, on)
    assert [(s["team"], s["quiet_since"]) for s in silent] == [(FIR, _ago(80))]
    assert [s["team"] for s in view.fallen_silent(85, on)] == []  # Fir's review: 80 days ago
    # Hazel finished 10 days ago: silent only once the course's end is long enough ago.
    assert {s["team"] for s in view.fallen_silent(5, on)} == {FIR, HAZEL}  # Gum: 3 days ago
    assert IVY not in {s["team"] for s in view.fallen_silent(0, on)}  # still in the course
    assert {s["team"] for s in view.stalled(NOW)} == {IVY}  # a finished team is not stalled

    rows = list(csv.DictReader(io.StringIO(view.csv_files()["cohort-teams.csv"])))
    row = next(r for r in rows if r["Team"] == GUM)
    assert (row["Steps done"], row["Steps late"], row["Steps blocked"], row["Last review"],
            row["Outcome measures"], row[f"Measures with a value in the last {RECENT_DAYS} days"],
            row["Last follow-through"]) == ("1", "2", "1", _ago(7), "2", "1", _ago(3))

    app = CohortApp(store)
    html = app.sections["follow_through"].value
    assert "<i>" not in html and "Fir &lt;i&gt;Silent&lt;/i&gt; Team" in html
    assert ("Of the 3 teams that finished the course, 1 has fallen silent: "
            "Fir &lt;i&gt;Silent&lt;/i&gt; Team.") in html
    assert f"for more than {SILENT_AFTER} days" in html and f"last {RECENT_DAYS} days" in html
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row)
             for row in re.findall(r"<tr>(.*?)</tr>", html[html.index("<tbody>"):])]
    assert [row[0] for row in cells][:1] == ["Fir &lt;i&gt;Silent&lt;/i&gt; Team"]  # silent first
    shown = {row[0]: row[1:] for row in cells}
    assert shown["Fir &lt;i&gt;Silent&lt;/i&gt; Team"][-1] == ("Fallen silent: nothing recorded "
                                                             "for 80 days")
    assert shown[GUM] == ["1", "2", "1", _ago(7), "1 of 2", _ago(3), "Keeping it up"]
    assert shown[HAZEL][3:] == ["none", "0 of 0", "none", "Keeping it up"]
    assert shown[IVY][-1] == "Still in the course"
    assert "4 teams; 3 finished the course (Modules 0 to 7)." in app.sections["progress"].value


def test_the_cohort_app_shows_one_cohort_at_a_time(tmp_path: Path, monkeypatch) -> None:
    from widgets.apps import CohortApp

    monkeypatch.delenv(widgets.store.COHORT_ENV, raising=False)
    store = widgets.Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    last_year, this_year = date.today() - timedelta(days=365), date.today() - timedelta(days=7)
    store.add_cohort("Placer 2026", last_year)
    store.team("Alder").save("member", _member("Ana"))
    store.add_cohort("Placer 2027 <b>2</b>", this_year)
    store.team("Birch").save("member", _member("Bo"))
    app = CohortApp(store)
    assert [label for label, _ in app.cohort.options] == [
        f"Placer 2027 <b>2</b> (from {this_year})", f"Placer 2026 (from {last_year})",
        "Every cohort together"]
    assert app.cohort.value == "Placer 2027 <b>2</b>"  # the newest first
    assert "Birch" in app.sections["progress"].value
    assert "Alder" not in app.sections["progress"].value
    app.cohort.value = "Placer 2026"
    assert "Alder" in app.sections["progress"].value and "Birch" not in app.sections[
        "progress"].value
    assert "Read 1 team" in app.message.value
    app.cohort.value = None
    assert "Read 2 teams" in app.message.value
    monkeypatch.setenv(widgets.store.COHORT_ENV, "Placer 2026")  # as a hub sets it
    assert CohortApp(store).cohort.value == "Placer 2026"
    store.add_cohort("Placer 2099", date(2099, 1, 1))  # set up for later: not opened on
    monkeypatch.delenv(widgets.store.COHORT_ENV)
    assert CohortApp(store).cohort.value == "Placer 2027 <b>2</b>"
    app.reload.click()  # a cohort made since the page opened is offered, the choice kept
    assert app.cohort.options[0][1] == "Placer 2099" and app.cohort.value is None
