"""The team workspace app, served by a real Voila server and used in a real browser.

One participant goes through every module with the keyboard alone: picks the team, says who
they are, and fills in and saves every form of every module, typing script and HTML into
every text field. What must hold: every save is confirmed, the store holds exactly what was
typed, nothing typed ever runs or becomes an element, every page passes an automated WCAG 2.1
AA audit, and the page asks nothing of any server but the local Voila. Two members of one
team then see each other's entries, each in their own browser session.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as ipw
import pytest

import widgets
from tests.support.voila import (
    PageWatch,
    VoilaServer,
    axe_problems,
    wait_for_kernel,
)
from widgets.analysis.progress import module_statuses
from widgets.apps.common import TeamChooser, visitor_query
from widgets.apps.workspace import (
    PAGE_CLASS,
    PlanDownloads,
    WorkspaceApp,
    forms_in,
)
from widgets.forms import RecordForm, widget_tree
from widgets.outline import MODULES
from widgets.store import example_snapshot

pytestmark = pytest.mark.slow  # a real Voila server

TEAM = "Riverbend Clinic — Équipe 1"
LATE_TEAM = "Harbourside Team"  # started after Voila preheated the kernel
PAIR_TEAM = "Northside Pair"
MEMBER = "Zoë Ångström-Nguyễn"
TEAMMATE = "Kofi Mensah"
WORKSPACE = "workspace.ipynb"
LAST_CELL = "widgets.apps.workspace_app()"
APPS_LAST_CELLS = r"widgets\.apps\.\w+_app\(\)"  # the last cell of every app notebook
TIMEOUT_MS = 30_000
PLAN_TIMEOUT_MS = 120_000  # the plan files: every chart and the logic model drawn, then Word
SAVED = re.compile(r"^(Saved|Logged|Module \d is marked)")
COHORT_PAGE = -1  # the walk's key for the page of the team and its cohort
# Boxes that take a value of the kind the measure counts (Module 6's goal, Module 8's value):
# the walk types a number there, as the first kind of value in the list is a plain number.
NUMBERS_ONLY = ("Goal (optional)", "Value")


def _payload(n: int) -> str:
    """Script and HTML that would run or show as elements if anything rendered it as HTML.
    No commas: "Others who came" splits names at commas."""
    return (f'<b id="inj{n}">Zoë #{n}</b><img src=x onerror="alert({n})">'
            f"<script>alert({n})</script> & \"quoted\" 'single' 日本 #{n}")


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'team-store.sqlite'}"
    store = widgets.Store(url)
    store.team(TEAM)
    pair = store.team(PAIR_TEAM)
    for name in (MEMBER, TEAMMATE):
        pair.save("member", {"name": name, "role": "", "perspective": "community partner"})
    store.close()
    return url



def _session(chromium):
    """A fresh browser session (its own cookies and storage), in US English so that a date
    is typed month, day, year."""
    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return context, page


# What the focused element is, as the walk below needs to know it.
_FOCUSED = """(pageClass) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {kind: "none", inPage: false};
  const tag = el.tagName.toLowerCase();
  let kind = tag === "input" ? (el.hasAttribute("list") ? "combobox" : el.type) : tag;
  const label = el.labels && el.labels.length ? el.labels[0].textContent.trim()
    : (el.closest("label") ? el.closest("label").textContent.trim() : "");
  const info = {kind, label, inPage: !!el.closest("." + pageClass), value: el.value ?? "",
                text: el.textContent.trim()};
  if (kind === "radio") {
    const radios = [...el.closest(".widget-radio-box").querySelectorAll("input")];
    info.groupChecked = radios.some(r => r.checked);
    info.groupLabels = radios.map(r => r.closest("label").textContent.trim());
  }
  if (kind === "checkbox") info.checked = el.checked;
  if (kind === "select") info.selectedIndex = el.selectedIndex;
  return info;
}"""
_INJECTED = "[id^=inj], img[onerror], .it-app script"


@dataclass
class Walk:
    """What happened on the keyboard pass through every module."""

    watch: PageWatch = field(default_factory=PageWatch)
    team_options: list[str] = field(default_factory=list)
    saves: dict[int, list[str]] = field(default_factory=dict)  # module: confirmations
    save_buttons: dict[int, int] = field(default_factory=dict)  # module: Save buttons seen
    typed: list[str] = field(default_factory=list)
    injected: dict[int, int] = field(default_factory=dict)  # module: injected elements
    accessibility: list[str] = field(default_factory=list)
    plan_links: list[str] = field(default_factory=list)
    progress: str = ""


def _wait_for_new_text(page, handle, old: str, timeout: float = TIMEOUT_MS) -> str:
    page.wait_for_function("([el, old]) => el.textContent.trim() !== '' && "
                           "el.textContent.trim() !== old", arg=[handle, old], timeout=timeout)
    return handle.evaluate("el => el.textContent.trim()")


def _fill_by_keyboard(page, module: int, walk: Walk) -> None:
    """Tab through one module's page from its button to its end, filling in every field and
    pressing every Save button, with the keyboard alone."""
    kb = page.keyboard
    entered = False
    for _ in range(400):
        kb.press("Tab")
        f = page.evaluate(_FOCUSED, PAGE_CLASS)
        if not f["inPage"]:
            if entered:
                return  # Tab has left the page: every field and button was reached
            continue
        entered = True
        kind = f["kind"]
        if kind in ("text", "textarea", "combobox") and not f["value"]:
            if f["label"] in NUMBERS_ONLY:
                kb.type("7")  # a plain number: the measure's kind of value, chosen first
                continue
            walk.typed.append(_payload(len(walk.typed)))
            kb.type(walk.typed[-1])
        elif kind == "select" and f["selectedIndex"] < 0:
            kb.press("ArrowDown")
            wait_for_kernel(page)  # the kernel has heard the choice and updated the form
        elif kind == "date" and not f["value"]:
            # A different day per module (one meeting each), typed at a person's pace: typed
            # with no pause between keys, the year's first digit can reach the kernel last.
            kb.type(f"03{10 + module}2027", delay=120)
        elif kind == "checkbox" and not f["checked"]:
            kb.press("Space")
        elif kind == "radio" and not f["groupChecked"]:
            wanted = "Done" if "Done" in f["groupLabels"] else f["groupLabels"][0]
            if f["label"] == wanted:
                kb.press("Space")
        elif kind == "button" and re.fullmatch(r"\W*Save", f["text"]):
            message = page.evaluate_handle(
                "document.activeElement.parentElement.nextElementSibling")
            old = message.evaluate("el => el.textContent.trim()")
            kb.press("Enter")
            walk.saves.setdefault(module, []).append(_wait_for_new_text(page, message, old))
            assert not walk.watch.dialogs, f"module {module}: script ran: {walk.watch.dialogs}"
        elif kind == "button" and f["text"] == "Prepare the plan files":
            links = page.evaluate_handle("document.activeElement.nextElementSibling")
            kb.press("Enter")
            _wait_for_new_text(page, links, "", PLAN_TIMEOUT_MS)
            walk.plan_links = links.evaluate(
                "el => [...el.querySelectorAll('a')].map(a => a.download)")
    raise AssertionError(f"Module {module}: Tab never left the page")


def _tab_to(page, name: str) -> None:
    """Press Tab until the button called ``name`` (or starting so) has the focus."""
    for _ in range(60):
        page.keyboard.press("Tab")
        f = page.evaluate(_FOCUSED, PAGE_CLASS)
        if f["kind"] == "button" and f["text"].startswith(name):
            return
    raise AssertionError(f"Tab never reached the {name!r} button")


@pytest.fixture(scope="module")
def walk(server: VoilaServer, chromium, store_url: str) -> Walk:
    """One participant, keyboard only, through every form of every module."""
    from playwright.sync_api import expect

    # The preheated kernel has run the notebook up to the app cell and waits for a visitor.
    # A team started now must still be in the list: the app reads it when someone arrives.
    server.wait_for_preheat(LAST_CELL)
    # Not only started: the app cell has got as far as waiting for its visitor, so an app that
    # reads the store too early has done so.
    server.wait_for_kernels_to_wait(APPS_LAST_CELLS)
    widgets.Store(store_url).team(LATE_TEAM)

    result = Walk()
    context, page = _session(chromium)
    result.watch.attach(page)
    try:
        page.goto(server.app_url(WORKSPACE))
        assert "workspace" in page.title()
        team = page.get_by_label("Your team")
        expect(team).to_be_visible()
        result.team_options = team.locator("option").evaluate_all("os => os.map(o => o.value)")
        result.accessibility += axe_problems(page, "team chooser")

        # Keyboard only: Tab to the list, arrow down to the team, Tab to the button, Enter.
        page.keyboard.press("Tab")
        expect(team).to_be_focused()
        for _ in range(result.team_options.index(TEAM)):
            page.keyboard.press("ArrowDown")
        expect(team).to_have_value(TEAM)
        # Each key press is sent to the kernel and echoed back: once the kernel has answered
        # them all, it holds the team chosen, and no late echo can move the list any more.
        wait_for_kernel(page)
        expect(team).to_have_value(TEAM)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        name = page.get_by_label("Your name")
        expect(name).to_be_focused()  # the app moves the keyboard on to the next step
        page.keyboard.type(MEMBER)
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Continue")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_role("status").filter(has_text="Welcome")).to_contain_text(
            "You are not on")  # a new team: nobody is on its roster yet

        for module in MODULES:
            if module.number:  # module 0 opens by itself: the first one not done
                _tab_to(page, f"{module.number}. ")
                page.keyboard.press("Enter")
            heading = page.get_by_role("heading", name=f"Module {module.number}: ")
            expect(heading).to_be_visible()
            expect(page.get_by_role("button", name=re.compile(r"\(open now\)"))).to_contain_text(
                f"{module.number}. ")
            result.save_buttons[module.number] = page.locator(
                f".{PAGE_CLASS} button", has_text=re.compile(r"^\W*Save$")).count()
            _fill_by_keyboard(page, module.number, result)
            # Everything typed has reached the kernel and come back as saved entries and
            # redrawn views, and anything those put on the page has loaded (a payload's image
            # fails to load, and its onerror would open a dialog), so what typed text did
            # to the page, it has done.
            result.watch.wait_until_quiet(page)
            result.injected[module.number] = page.locator(_INJECTED).count()
            assert not result.watch.dialogs, f"module {module.number}: script ran: " \
                                             f"{result.watch.dialogs}"
            result.accessibility += axe_problems(page, f"module {module.number}")
        result.progress = page.locator(".it-app").inner_text()

        _tab_to(page, "Your cohort")  # the team's page beside the modules
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Your team and its cohort")).to_be_visible()
        _fill_by_keyboard(page, COHORT_PAGE, result)
        result.watch.wait_until_quiet(page)
        result.injected[COHORT_PAGE] = page.locator(_INJECTED).count()
        result.accessibility += axe_problems(page, "cohort page")
    finally:
        context.close()
    return result


def test_a_team_started_after_preheat_is_listed(walk: Walk) -> None:
    assert walk.team_options == ["Choose your team", LATE_TEAM, PAIR_TEAM, TEAM]


def test_every_form_of_every_module_is_completed_with_the_keyboard(walk: Walk) -> None:
    assert set(walk.saves) == {m.number for m in MODULES} | {COHORT_PAGE}
    assert walk.saves[COHORT_PAGE] == [  # every part ticked, with the keyboard
        "Your team now shares its context map, its strategies, its plan and its leader "
        "briefing with the other teams of “First cohort”. They can read it, not change it."]
    for module in MODULES:
        confirmations = walk.saves[module.number]
        assert walk.save_buttons[module.number] >= 2  # an exercise, the log, the progress
        assert len(confirmations) == walk.save_buttons[module.number], confirmations
        refused = [c for c in confirmations if not SAVED.match(c)]
        assert refused == [], f"module {module.number}: {refused}"
        assert confirmations[-1] == f"Module {module.number} is marked “done”."
    assert walk.plan_links == ["implementation-plan.html", "implementation-plan.docx",
                               "leader-briefing.html", "logic-model.svg"]
    assert f"{len(MODULES)} of {len(MODULES)} modules done" in walk.progress


def test_a_full_pass_of_module_2_lands_in_the_workspace(walk: Walk, store_url: str) -> None:
    """Every form of module 2, as the notebook would read it back."""
    ws = widgets.Store(store_url).team(TEAM)
    first = widgets.cfir_constructs()[0].code  # the first factor in the list
    initiative = ws.get("initiative", "")
    assert initiative is not None and set(initiative) == {"name", "setting", "innovation",
                                                         "serves", "aims"}
    assert all(v in walk.typed for v in initiative.values())
    [rating] = ws.context_factors()
    assert rating["member"] == MEMBER and rating["construct"] == first
    assert (rating["effect"], rating["strength"]) == ("barrier", 1)
    [agreed] = ws.list("agreed_factor")
    assert (agreed["construct"], agreed["effect"], agreed["strength"]) == (first, "barrier", 1)
    [priority] = ws.list("priority")
    assert (priority["construct"], priority["importance"], priority["changeability"]) == (
        first, 1, 1)
    meeting = ws.get("meeting", "2027-03-12")
    assert meeting["module"] == 2 and len(meeting["attendees"]) == 2  # roster + "others"
    assert ws.get("progress", "2")["status"] == "done"
    history = ws.history("initiative", "")
    assert [h["by"] for h in history] == [MEMBER]  # the name given once fills "Recorded by"


def test_text_is_stored_exactly_as_typed_and_never_runs(walk: Walk, store_url: str) -> None:
    assert unicodedata.is_normalized("NFC", "".join(walk.typed))
    assert len(walk.typed) >= 40  # every text field of every module
    assert walk.watch.dialogs == []
    assert walk.injected == {**{m.number: 0 for m in MODULES}, COHORT_PAGE: 0}
    ws = widgets.Store(store_url).team(TEAM)
    stored: set[str] = set()
    for kind in widgets.KINDS:
        for entry in ws.list(kind):
            for value in entry.values():
                stored.update(value if isinstance(value, list) else [value])
    missing = [t for t in walk.typed if t not in stored]
    assert missing == [], "typed but not stored exactly"


def test_every_page_passes_an_accessibility_audit(walk: Walk) -> None:
    assert walk.accessibility == []


def test_the_app_is_offline_and_quiet(walk: Walk) -> None:
    assert walk.watch.requests, "the browser made no requests at all?"
    assert walk.watch.outside() == []
    assert walk.watch.errors == [], "errors in the page or its console"


def test_two_members_of_a_team_see_each_others_entries(server: VoilaServer, chromium,
                                                       store_url: str) -> None:
    """Two browser sessions, two members, one team; the second arrives by the team's link."""
    from playwright.sync_api import expect

    sessions = []
    try:
        for who in (MEMBER, TEAMMATE):
            context, page = _session(chromium)
            watch = PageWatch().attach(page)
            sessions.append((context, page, watch))
            query = f"team={PAIR_TEAM.replace(' ', '+')}" if who == TEAMMATE else ""
            page.goto(server.app_url(WORKSPACE, query))
            if not query:
                page.get_by_label("Your team").select_option(PAIR_TEAM)
                wait_for_kernel(page)  # the kernel has heard the choice
                page.get_by_role("button", name="Open this team").click()
            expect(page.get_by_role("status").first).to_have_text(f"Opened: “{PAIR_TEAM}”.")
            page.get_by_label("Your name").fill(who)
            page.get_by_role("button", name="Continue").click()
            expect(page.get_by_role("status").filter(has_text="Welcome")).to_have_text(
                f"Welcome, {who}. Your name is filled in for you in every form.")
            page.get_by_role("button", name=re.compile(r"^1\. ")).click()
            expect(page.get_by_role("heading", name="Module 1: Shared language")).to_be_visible()

        (_, first, w1), (_, second, w2) = sessions
        # Saving too early says, in plain words, what is missing; nothing is saved.
        first.get_by_role("button", name=re.compile(r"^\W*Save$")).first.click()
        expect(first.get_by_role("status").filter(has_text="Not saved")).to_have_text(
            "Not saved yet. Please fill in “Term”. Please fill in “Your understanding”.")
        # Each writes their own understanding of "fidelity" (the name is filled in for them).
        for page, words in ((first, "Doing it as designed."), (second, "Keeping faith.")):
            own_name = page.get_by_label("Your name").nth(1)  # the form's; the first is the app's
            expect(own_name).to_have_value(MEMBER if page is first else TEAMMATE)
            page.get_by_label("Term", exact=True).first.fill("fidelity")
            page.get_by_label("What it means to you").fill(words)
            page.get_by_role("button", name=re.compile(r"^\W*Save$")).first.click()
            expect(page.get_by_role("status").filter(has_text="understanding")).to_have_text(
                f"Saved {MEMBER if page is first else TEAMMATE}'s understanding of “fidelity”.")
        # The first member looks again: the teammate's words are there.
        first.get_by_role("button", name="Show teammates' latest entries").first.click()
        differences = first.locator("table.it-table", has_text="Members who wrote")
        expect(differences).to_contain_text("fidelity")
        first.get_by_role("button", name=re.compile(r"^0\. ")).click()
        first.get_by_role("button", name=re.compile(r"^1\. ")).click()  # open the module again
        compare = first.get_by_label("Term", exact=True).last
        compare.select_option("fidelity")
        side_by_side = first.locator("table.it-table", has_text="Their understanding")
        expect(side_by_side).to_contain_text("Keeping faith.")
        expect(side_by_side).to_contain_text("Doing it as designed.")
        for _, _, watch in sessions:
            assert watch.dialogs == [] and watch.errors == [] and watch.outside() == []
    finally:
        for context, _, _ in sessions:
            context.close()
    ws = widgets.Store(store_url).team(PAIR_TEAM)
    assert {(e["member"], e["definition"]) for e in ws.list("glossary_entry")} == {
        (MEMBER, "Doing it as designed."), (TEAMMATE, "Keeping faith.")}


def test_the_app_without_a_browser(store_url: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The same app in plain Python: the chooser's choices, the name step's messages, the name
    filled in everywhere, the address that opens a team, and a page for every module."""
    store = widgets.Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    widgets.import_snapshot(store, example_snapshot(), "Riverbend")
    monkeypatch.setenv("QUERY_STRING", "team=riverbend&x=1")
    assert visitor_query() == {"team": "riverbend", "x": "1"}
    app = WorkspaceApp(store, query=visitor_query())  # the address names the team
    assert app.ws is not None and app.ws.name == "Riverbend"
    assert app.name.options[:2] == ("Amara Okafor", "Dr. Priya Nair")

    app.name.value = "   "
    assert app.name_chosen() is None and "fill in your name" in app.name_message.value
    app.name.value = "x" * 300
    assert app.name_chosen() is None
    assert "Your name is 300 characters long" in app.name_message.value
    app.name.value = " Tom Becker "
    assert app.name_chosen() == "Tom Becker"
    assert app.current == 7  # the first module the team has not finished
    for module in MODULES:
        page = app.show_module(module.number)
        assert page is not None, app.page_message.value
        forms = [w for w in widget_tree(page) if isinstance(w, RecordForm)]
        assert forms and all(p.value == "Tom Becker" for f in forms for p in f.visitor_pickers())
        typed = [w for w in widget_tree(page) if isinstance(w, (ipw.Text, ipw.Textarea))]
        assert not any(w.continuous_update for w in typed)  # sent whole, before a Save
    assert module_statuses(app.ws)[7] == "in progress"
    app.show_module(7)
    plan = next(w for w in widget_tree(app.page) if isinstance(w, PlanDownloads))
    assert plan.prepare() and plan.links.value.count("download=") == 4
    assert 'download="logic-model.svg" href="data:image/svg+xml;base64,' in plan.links.value

    page = app.show_cohort()  # the team's page beside the modules
    assert page is not None and app.current is None
    assert "Showing your team and its cohort." in app.page_message.value
    [sharing] = forms_in(page)
    assert sharing.author.value == "Tom Becker" and "(open now)" not in "".join(
        b.description for b in app.buttons)

    app.name.value = "Sam Lee"  # a change of name reaches the open page's forms
    app.name_chosen()
    assert {p.value for f in forms_in(app.page)
            for p in f.visitor_pickers()} == {"Sam Lee"}

    chooser = TeamChooser(store, lambda ws: None)
    assert chooser.open_existing("Nobody <b>here</b>") is None
    assert "There is no team called “Nobody &lt;b&gt;here&lt;/b&gt;”" in chooser.message.value
    assert store.team_names() == ["Riverbend"]  # an address never starts a team
    chooser.new_name.value = "riverbend "  # same team, other capitals: never a second team
    assert chooser.open_new().name == "Riverbend" and "already exists" in chooser.message.value
