"""Working together live (issue 18), in real browsers: members of one team, each in their own
browser session, some in JupyterLab with Module 2's notebook (``course start``), some in the
workspace app (Voila), on SQLite and on PostgreSQL with each member's own login as on a hub.

What must hold: a teammate's save shows on everyone's screen by itself, within moments, with
no button pressed; it never disturbs what someone is typing in a form; "who is here" says who
has the module open and forgets who closed it; members' own ratings stay hidden from those who
have not rated yet (rate alone, then look).
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import new_database
from tests.support import ROOT
from tests.support.live import (
    Lab,
    PatientVoila,
    cell_output,
    course_folder,
    open_notebook,
    run_all,
)
from tests.support.voila import VoilaServer
from widgets.apps.workspace import PAGE_CLASS
from widgets.cli.apps import APPS_DIR
from widgets.hub.database import admit, login_name, record_roster, secure
from widgets.hub.roster import read_roster
from widgets.reference import cfir_constructs
from widgets.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TEAM = "Live Team"
MODULE = "02_context"
# username: (name, where they work). A and C in JupyterLab, B and D in the app.
PEOPLE = {"lana": ("Ana Lúcia", "lab"), "lbo": ("Bo Okafor", "app"),
          "lcy": ("Cy Mensah", "lab"), "ldee": ("Dee Park", "app")}
ROSTER = "team,username,display name,perspective,no code,role\n" + "".join(
    f"{TEAM},{user},{name},implementer,no,participant\n" for user, (name, _) in PEOPLE.items())
HERE_SECONDS = "2"  # presence renewed every 2 s, so a member who left is gone within 7 s
# Seconds from a save (the saver's own screen saying so) to a teammate seeing it, at most:
# far more than the 2 s promised, which benchmarks/live.py measures (a timed test on a shared
# machine would fail now and then); this only tells "by itself, at once" from "on the next
# visit". The time from the press is noted too.
LIVE_LIMIT = 10.0
TIMEOUT_MS = 60_000
GONE_TIMEOUT_MS = 60_000  # "gone within a minute of leaving"
# The module page of the app, in order: its forms and its views.
APP_FORMS = ("InitiativeForm", "ContextFactorForm", "AgreedFactorForm", "PriorityForm")
APP_VIEWS = ("ContextMap", "DisagreementView", "AgreedMap", "PriorityView")
FACTORS = cfir_constructs()[:5]  # a different factor for each save below


# Notes, in the page, each text the "who is here" line takes (an update may be brief).
WATCH_HERE = """() => {
  const seen = window.__hereLines = [];
  const note = () => {
    for (const el of document.querySelectorAll('.it-here-line')) {
      const text = el.textContent.trim();
      if (seen[seen.length - 1] !== text) seen.push(text);
    }
  };
  new MutationObserver(note).observe(document.body,
                                     {subtree: true, childList: true, characterData: true});
  note();
}"""


@dataclass
class Member:
    """One member in their own browser session, with Module 2 open in JupyterLab or the app."""

    name: str
    where: str  # "lab" or "app"
    context: Any
    page: Any

    @property
    def here(self) -> Any:
        """The member's "who is here" line."""
        return self.page.locator(".it-here-line")

    def form(self, kind: str) -> Any:
        """The member's form of class ``kind`` (its notebook cell, or its place in the app)."""
        if self.where == "lab":
            return cell_output(self.page, f"widgets.{kind}(ws)").locator(".it-form")
        return self.page.locator(f".{PAGE_CLASS} .it-form").nth(APP_FORMS.index(kind))

    def view(self, kind: str) -> Any:
        """The member's view of class ``kind``."""
        if self.where == "lab":
            return cell_output(self.page, f"widgets.{kind}(ws)").locator(".it-view")
        return self.page.locator(f".{PAGE_CLASS} .it-view").nth(APP_VIEWS.index(kind))

    def give_name(self) -> None:
        """Say who is looking, in a notebook's "who is here" line (off a hub)."""
        box = cell_output(self.page, "widgets.WhoIsHere(ws").get_by_label("Your name")
        box.click()
        self.page.keyboard.type(self.name)  # key by key, as a person types
        self.page.keyboard.press("Tab")

    def watch_here(self) -> None:
        """Note every text the "who is here" line shows from now on (``lines_seen``)."""
        self.page.evaluate(WATCH_HERE)

    def lines_seen(self) -> set[str]:
        """Every text the "who is here" line has shown since ``watch_here``."""
        return set(self.page.evaluate("() => window.__hereLines"))

    def fill_name(self, form, label: str) -> None:
        """Off a hub, a notebook's form asks who answers; on a hub it knows."""
        box = form.get_by_label(label, exact=True)
        if box.is_editable():
            box.fill(self.name)

    def agree(self, factor, note: str) -> tuple[float, float]:
        """Record the team's view of ``factor``. Returns when Save was pressed and when the
        member's own screen said it was saved (the save is in the store by then)."""
        form = self.form("AgreedFactorForm")
        form.get_by_label("Context factor").select_option(f"{factor.domain} · {factor.label}")
        form.get_by_role("radio", name="Barrier: makes it harder").check()
        form.get_by_role("radio", name="2: somewhat").check()
        form.get_by_label("Why we agree").fill(note)
        self.fill_name(form, "Recorded by")
        return self.save(form, f"Saved the team's view: “{factor.name}”")

    def save(self, form: Any, saved: str) -> tuple[float, float]:
        """Press ``form``'s Save. Returns when it was pressed and when the form said
        ``saved``."""
        form.get_by_role("button", name=re.compile(r"^\W*Save$")).click()
        pressed = time.monotonic()
        _seconds_until_shown(self, form, saved, pressed)
        return pressed, time.monotonic()

    def rate(self, factor, note: str) -> None:
        """Rate ``factor`` alone, as a member."""
        form = self.form("ContextFactorForm")
        self.fill_name(form, "Your name")
        form.get_by_label("Context factor").select_option(f"{factor.domain} · {factor.label}")
        form.get_by_role("radio", name="Facilitator: makes it easier").check()
        form.get_by_role("radio", name="3: a lot").check()
        form.get_by_label("Note or evidence").fill(note)
        self.save(form, f"Saved: {self.name} rated “{factor.name}”")


def _here_text(others: list[str]) -> str:
    """What a member's "who is here" line says when ``others`` have the module open."""
    if not others:
        return "No teammate has this module open just now."
    names = sorted(others, key=str.casefold)
    said = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{said} {'is' if len(names) == 1 else 'are'} here, with this module open now."


def _time_to_see(timings: dict[str, tuple[float, float]], what: str, member: Member,
                 locator: Any, text: str, save: tuple[float, float]) -> None:
    """Wait until ``member`` sees ``text`` in ``locator``; note in ``timings`` how long after
    the saver pressed Save and after the saver's own screen said it was saved."""
    since_press = _seconds_until_shown(member, locator, text, save[0])
    timings[what] = (since_press, since_press - (save[1] - save[0]))


def _seconds_until_shown(member: Member, locator, text: str, since: float) -> float:
    """Wait, looking at every frame, until ``locator`` on ``member``'s page shows ``text``;
    return the seconds since ``since``."""
    member.page.wait_for_function("([el, text]) => el.textContent.includes(text)",
                                  arg=[locator.element_handle(), text], timeout=TIMEOUT_MS)
    return time.monotonic() - since



@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def logins(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """The team's store, its four members on the roster, and each member's store address: one
    SQLite file for all; on PostgreSQL, secured as a hub secures it, each member's own login."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'team-store.sqlite'}"
        store = Store(url)
        ws = store.team(TEAM)
        for name, _ in PEOPLE.values():
            ws.save("member", {"name": name, "role": "", "perspective": "implementer"})
        store.close()
        return dict.fromkeys(PEOPLE, url)
    server = request.getfixturevalue("postgres_server")
    database = f"live_{tmp_path.name[-20:].replace('-', '_').lower()}"
    new_database(server, database)
    (tmp_path / "roster.csv").write_text(ROSTER, "utf-8")
    roster = read_roster(tmp_path / "roster.csv")
    owner = Store(server.url(database=database))
    with owner.writing() as conn:
        secure(conn)
        record_roster(conn, roster)
        passwords = {p.username: admit(conn, p) for p in roster.people.values()}
    ws = owner.team(TEAM)
    for name, _ in PEOPLE.values():
        ws.save("member", {"name": name, "role": "", "perspective": "implementer"})
    owner.close()
    return {user: server.url(login_name(user), passwords[user], database) for user in PEOPLE}


def _apps_folder(dest: Path) -> Path:
    """The workspace app alone (with the course's Voila settings): one warm kernel, not one
    for every app."""
    dest.mkdir()
    for name in ("workspace.ipynb", "voila.json"):
        shutil.copy2(ROOT / APPS_DIR / name, dest / name)
    return dest


@pytest.fixture
def servers(logins: dict[str, str], tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Lab | VoilaServer]]:
    """Every member's own server, each with the member's own login, started at once and
    stopped at once: JupyterLab (``course start``) for those in notebooks, Voila for those in
    the app. Presence is renewed every ``HERE_SECONDS``."""
    monkeypatch.setenv("COURSE_HERE_SECONDS", HERE_SECONDS)
    started: dict[str, Lab | VoilaServer] = {}

    def voila(user: str) -> VoilaServer:
        return PatientVoila(logins[user], tmp_path / f"voila-{user}.log",
                            _apps_folder(tmp_path / f"apps-{user}"), debug=False)

    try:
        for user, (_, where) in PEOPLE.items():
            if where == "lab":
                started[user] = Lab(course_folder(tmp_path / f"course-{user}"), logins[user],
                                    TEAM, tmp_path / f"lab-{user}.log")
        apps = [user for user, (_, where) in PEOPLE.items() if where == "app"]
        with ThreadPoolExecutor(len(apps)) as pool:  # each waits until its server listens
            starting = {user: pool.submit(voila, user) for user in apps}
        started |= {user: f.result() for user, f in starting.items() if f.exception() is None}
        for future in starting.values():
            future.result()  # one that did not start fails here; the others are stopped below
        for server in started.values():
            if isinstance(server, Lab):
                server.wait()
        yield started
    finally:
        for server in started.values():
            server.proc.terminate()  # all at once; then each is waited for
        for server in started.values():
            server.stop()


def _load(chromium, user: str, server: Lab | VoilaServer, hub: bool) -> Member:
    """A member's own browser session starts loading Module 2 in JupyterLab, or the workspace
    app (by the team's link off a hub); ``_enter`` goes on once it has loaded."""
    name, where = PEOPLE[user]
    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    if isinstance(server, Lab):
        page = open_notebook(context, server, MODULE)
    else:
        page = context.new_page()
        page.goto(server.app_url("workspace.ipynb",
                                 "" if hub else f"team={TEAM.replace(' ', '+')}"),
                  wait_until="commit")
    return Member(name, where, context, page)


def _enter(member: Member, server: Lab | VoilaServer, hub: bool, named: bool = True) -> None:
    """In JupyterLab: run the notebook and (off a hub, if ``named``) give one's name in the
    "who is here" line. In the app: give one's name once (on a hub the app knows it) and open
    Module 2."""
    from playwright.sync_api import expect

    page = member.page
    if isinstance(server, Lab):
        run_all(page, server, MODULE)
        if named and not hub:
            member.give_name()
        return
    if not hub:
        page.get_by_label("Your name").fill(member.name)
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("status").filter(has_text="Welcome")).to_contain_text(
        f"Welcome, {member.name}.")
    page.get_by_role("button", name=re.compile(r"^2\. ")).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Module 2: "))).to_be_visible()


def test_a_team_works_together_live(logins: dict[str, str],
                                    servers: dict[str, Lab | VoilaServer], chromium) -> None:
    from playwright.sync_api import expect

    hub = logins["lana"].startswith("postgresql")
    timings: dict[str, tuple[float, float]] = {}
    # Everyone's browser starts loading the course at once (JupyterLab and the app take a
    # while); no one has Module 2 open until they enter it below.
    a, b, c, d = (_load(chromium, user, servers[user], hub) for user in PEOPLE)
    members = [a, b]
    try:
        # Two members: A in JupyterLab, B in the app. Each sees the other is here; B never
        # sees a name A had only half typed.
        _enter(a, servers["lana"], hub, named=False)
        _enter(b, servers["lbo"], hub)
        b.watch_here()
        if not hub:
            a.give_name()
        for member, other in ((b, a), (a, b)):
            expect(member.here).to_have_text(_here_text([other.name]))
        assert b.lines_seen() <= {_here_text([]), _here_text([a.name])}

        # A saves; B's view shows it by itself, within moments.
        first = f"{FACTORS[0].label}: the budget ends in June"
        save = a.agree(FACTORS[0], first)
        _time_to_see(timings, "B sees A's save", b, b.view("AgreedMap"), first, save)

        # B is typing in a form when A saves again: B's view follows, B's box keeps the focus
        # and every letter typed; what B then saves holds the whole text.
        form = b.form("AgreedFactorForm")
        form.get_by_label("Context factor").select_option(
            f"{FACTORS[1].domain} · {FACTORS[1].label}")
        form.get_by_role("radio", name="Facilitator: makes it easier").check()
        form.get_by_role("radio", name="1: a little").check()
        box = form.get_by_label("Why we agree")
        box.click()
        typed = "Staff asked for it <b>twice</b> & "
        b.page.keyboard.type(typed)
        second = f"{FACTORS[2].label}: no room for the sessions"
        save = a.agree(FACTORS[2], second)
        _time_to_see(timings, "B sees A's save while typing", b, b.view("AgreedMap"), second,
                     save)
        assert box.evaluate("el => el === document.activeElement"), "B's box lost the focus"
        assert box.input_value() == typed
        rest = "the managers agreed."
        b.page.keyboard.type(rest)
        b.fill_name(form, "Recorded by")
        save = b.save(form, f"Saved the team's view: “{FACTORS[1].name}”")
        _time_to_see(timings, "A sees B's save", a, a.view("AgreedMap"), typed + rest, save)
        expect(b.view("AgreedMap")).to_contain_text(typed + rest)

        # C (a second JupyterLab) and D (the app) join: everyone sees the three others.
        _enter(c, servers["lcy"], hub)
        _enter(d, servers["ldee"], hub)
        members += [c, d]
        everyone = [m.name for m in members]
        for member in members:
            expect(member.here).to_have_text(
                _here_text([n for n in everyone if n != member.name]))

        # C saves: A, B and D see it; A, typing in the notebook meanwhile, is not disturbed.
        initiative = a.form("InitiativeForm").get_by_label("Name of the initiative")
        initiative.click()
        a.page.keyboard.type("Diabetes group vis")
        third = f"{FACTORS[3].label}: leaders back it"
        save = c.agree(FACTORS[3], third)
        for member in (a, b, d):
            _time_to_see(timings, f"{member.name[0]} sees C's save", member,
                         member.view("AgreedMap"), third, save)
        assert initiative.evaluate("el => el === document.activeElement"), "A's box lost focus"
        a.page.keyboard.type("its")
        assert initiative.input_value() == "Diabetes group visits"

        # Rate alone: C rates a factor. Those who have not rated see how many have, never
        # what C said; once D has rated, D sees C's rating (and A and B still do not).
        c_note = "Cy's own view: the clinic is keen"
        c.rate(FACTORS[4], c_note)
        for member in (a, b, d):
            expect(member.view("ContextMap")).to_contain_text("1 of 4 members has rated")
            assert c_note not in member.view("ContextMap").inner_text()
            assert c_note not in member.form("AgreedFactorForm").inner_text()
        expect(c.view("ContextMap")).to_contain_text(c_note)
        d_note = "Dee's own view: the clinic is busy"
        d.rate(FACTORS[4], d_note)
        expect(d.view("ContextMap")).to_contain_text(c_note)
        expect(c.view("ContextMap")).to_contain_text(d_note)
        for member in (a, b):
            expect(member.view("ContextMap")).to_contain_text("2 of 4 members have rated")
            shown = member.view("ContextMap").inner_text()
            assert c_note not in shown and d_note not in shown

        # D closes the page: D is gone from everyone's line within a minute.
        members.remove(d)
        d.context.close()
        for member in members:
            expect(member.here).to_have_text(
                _here_text([n for n in everyone if n not in (member.name, d.name)]),
                timeout=GONE_TIMEOUT_MS)

        # A closes JupyterLab's browser tab; A's kernel runs on, but A is gone too.
        a.page.close()
        kernels = [s["kernel"]["id"] for s in servers["lana"].sessions()]
        assert kernels, "A's kernel stopped with the tab"
        for member in (b, c):
            expect(member.here).to_have_text(
                _here_text([n for n in (b.name, c.name) if n != member.name]),
                timeout=GONE_TIMEOUT_MS)
        assert [s["kernel"]["id"] for s in servers["lana"].sessions()] == kernels
    finally:
        for member in (a, b, c, d):
            member.context.close()

    # What B saved is in the store, whole.
    store = Store(logins["lbo"])
    try:
        notes = {e["construct"]: e["note"] for e in store.team(TEAM).list("agreed_factor")}
    finally:
        store.close()
    assert notes[FACTORS[1].code] == typed + rest
    for what, (since_press, since_saved) in timings.items():
        print(f"{what}: {since_press:.2f} s after Save was pressed, {since_saved:.2f} s after "
              "the saver's screen said so")
    slow = {what: round(s, 2) for what, (_, s) in timings.items() if s > LIVE_LIMIT}
    assert slow == {}, f"saves shown later than {LIVE_LIMIT} s after they were made: {slow}"
