"""What the workspace app's pages say and load, in plain Python (no browser, no server): help
said once on every page, the roster notice following the roster, and the chart library loaded
with the first page that draws charts, never before."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from difflib import SequenceMatcher
from html import unescape
from pathlib import Path

import ipywidgets as ipw
import pytest

import widgets
from tests.support import ROOT
from widgets.apps.workspace import PAGES, WorkspaceApp, build_page, forms_in
from widgets.forms import RosterForm, widget_tree
from widgets.store import example_snapshot

TEAM = "Probe Team"
VISITOR = "Pat Probe"
NEAR_COPY = 0.5  # word-level similarity from which two paragraphs say the same thing


@pytest.fixture
def store(tmp_path: Path) -> widgets.Store:
    store = widgets.Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    widgets.import_snapshot(store, example_snapshot(), "Riverbend")
    store.team(TEAM)
    return store


def _paragraphs(page: ipw.Widget) -> list[str]:
    """The words of every paragraph of help on a page: the module's introduction, each
    exercise's help and each form's own introduction (one paragraph each; the views'
    tables and findings aside)."""
    found = []
    for w in widget_tree(page):
        if isinstance(w, ipw.HTML) and (p := re.fullmatch(r"<p>((?:(?!</p>).)*)</p>",
                                                           w.value, re.S)):
            found.append(unescape(re.sub(r"<[^>]+>", "", p.group(1))).strip())
    return found


def _similar(a: str, b: str) -> float:
    """How alike two paragraphs are, word by word (0: nothing alike, 1: the same words)."""
    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    return SequenceMatcher(None, words(a), words(b)).ratio()


def _said(html: ipw.HTML) -> str:
    """What a message says, as text."""
    return unescape(re.sub(r"<[^>]+>", "", html.value))


def _sentences(paragraph: str) -> list[str]:
    return [x for x in re.split(r"(?<=[.?!])\s+", paragraph) if len(x.split()) > 2]


def _said_twice(paragraphs: list[str]) -> list[tuple[str, str]]:
    """Pairs of sentences, from two paragraphs of one page, that say the same thing."""
    return [(a, b) for i, first in enumerate(paragraphs) for second in paragraphs[i + 1:]
            for a in _sentences(first) for b in _sentences(second)
            if _similar(a, b) >= NEAR_COPY]


@pytest.mark.slow  # every page of the app built: seconds, so in make test only
def test_help_is_said_once_on_every_page(store: widgets.Store) -> None:
    """An exercise's help in the app and the form's own introduction never say the same
    thing twice: no sentence of a page's help is a near-copy of another's."""
    ws = store.team("Riverbend")
    twice = {spec.module.number: found for spec in PAGES
             if (found := _said_twice(_paragraphs(build_page(spec, ws))))}
    assert twice == {}


def test_the_near_copy_check_sees_a_near_copy() -> None:
    assert _said_twice(["Teams that meet make progress. After you meet, record who came.",
                        "Teams that meet make progress. Log each meeting here."]) == [
        ("Teams that meet make progress.", "Teams that meet make progress.")]
    assert _similar("Add each member, with their role and the perspective they bring.",
                    "Add each member with their role and the perspective they bring. Pick a "
                    "name that is already there to change it.") >= NEAR_COPY
    assert _similar("Rate on your own; then look at the spread.",
                    "Rate on your own first. The team looks at the spread after.") >= NEAR_COPY
    assert _similar("The view below shows which perspectives the team still lacks.",
                    "Add each member with their role and the perspective they bring.") < \
        NEAR_COPY


def test_the_roster_notice_follows_the_roster(store: widgets.Store) -> None:
    """A visitor not on the roster is told so; once they add themself in Module 0 the notice
    says they are on it, and it comes back if they are taken off again."""
    app = WorkspaceApp(store, query={"team": TEAM})
    app.name.value = VISITOR
    assert app.name_chosen() == VISITOR
    assert f"You are not on {TEAM}'s roster yet" in _said(app.name_message)
    assert app.current == 0  # a new team starts at Module 0, where the roster is
    [roster] = [f for f in forms_in(app.page) if isinstance(f, RosterForm)]
    roster.name.value = VISITOR
    roster.role.value = "probe"
    roster.perspective.value = "researcher"
    assert roster.submit()
    assert _said(app.name_message) == (f"Welcome, {VISITOR}. Your name is filled in for you "
                                       "in every form.")
    assert VISITOR in app.name.options  # offered next time the name box is used
    assert roster.take_off()
    assert f"You are not on {TEAM}'s roster yet" in _said(app.name_message)


def test_charts_load_with_the_first_page_that_draws_them(tmp_path: Path) -> None:
    """In a fresh kernel, matplotlib loads as the first page with charts opens, so a first
    save there waits for a chart, not for the library; the first page and the pages without
    charts never load it, even for a team with every entry filled in (no page draws a chart
    unannounced)."""
    probe = f"""
import json, sys
import widgets
from widgets.apps.workspace import PAGES, WorkspaceApp, build_page
from widgets.store import example_snapshot
store = widgets.Store("sqlite:///{tmp_path / 'store.sqlite'}")
full = widgets.import_snapshot(store, example_snapshot(), "Full")
seen = []
for spec in PAGES:
    if not spec.charts:
        build_page(spec, full)
        seen.append(("Full", spec.module.number, "matplotlib" in sys.modules))
store.team("Empty")
app = WorkspaceApp(store, query={{"team": "Empty"}})
app.name.value = "Pat"
app.name_chosen()  # opens Module 0
for spec in sorted(PAGES, key=lambda p: (p.charts, p.module.number)):
    app.show_module(spec.module.number)
    seen.append(("Empty", spec.module.number, "matplotlib" in sys.modules))
print(json.dumps(seen))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    without = [p.module.number for p in PAGES if not p.charts]
    with_charts = [p.module.number for p in PAGES if p.charts]
    assert without[0] == 0 and with_charts  # the first page has no charts
    assert json.loads(out.splitlines()[-1]) == [
        *(["Full", n, False] for n in without), *(["Empty", n, False] for n in without),
        *(["Empty", n, True] for n in with_charts)]


@pytest.mark.slow  # every page of the app built, twice: in make test only
def test_no_page_hides_a_layout_its_forms_share(store: widgets.Store) -> None:
    """Forms share a few layouts (full width, a name's width, a text area's); a widget that
    hides itself through a shared one would hide every box using it, on every page. Built
    for a team with one measure, and with several, no page leaves one hidden."""
    users: dict[str, list[ipw.Widget]] = {}
    for team in ("Riverbend", TEAM):  # TEAM has nothing: lists empty, pickers hidden
        for spec in PAGES:
            for w in widget_tree(build_page(spec, store.team(team))):
                if isinstance(w, ipw.DOMWidget):
                    users.setdefault(w.layout.model_id, []).append(w)
    hidden = [(len(ws), ws[0].layout.width) for ws in users.values()
              if len(ws) > 1 and ws[0].layout.display == "none"]
    assert hidden == []
