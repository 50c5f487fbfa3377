"""The team and its cohort, driven from the Python side: what the team shares, and teams like
yours (the most alike first, their text escaped, following the store). On SQLite and on a
real PostgreSQL server."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest

from widgets.analysis.peers import teams_like
from widgets.forms import SharingForm, TeamsLikeYours
from widgets.store import COHORT_ENV, Store

HOSTILE = "<img src=x onerror=alert(1)>"


def _text(widget) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", widget.value))


def _strategy(ws, sid: int, barriers: list[str], reason: str) -> None:
    ws.save("strategy", {"strategy": sid, "barriers": barriers, "reason": reason}, by="Ana")


@pytest.fixture
def cohort(any_store_url: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Eastside (our team: barriers II.C and III.J, strategy 5), and three other teams of its
    cohort: one much alike, one a little, one not at all; and a team of another cohort."""
    monkeypatch.delenv(COHORT_ENV, raising=False)
    store = Store(any_store_url)
    store.add_cohort("Other year", date.today() - timedelta(days=730))
    store.add_cohort("This year", date.today() - timedelta(days=30))
    me = store.team("Eastside")
    for code in ("II.C", "III.J"):
        me.save("agreed_factor", {"construct": code, "effect": "barrier", "strength": 2,
                                  "note": ""}, by="Ana")
    _strategy(me, 5, ["II.C"], "ours")
    much = store.team("Much " + HOSTILE)
    _strategy(much, 5, ["II.C", "III.J"], "Audit " + HOSTILE)
    much.save("specification", {"strategy": 5, "actor": "Nurse lead", "action": "Audit",
                                "action_target": "Charts", "temporality": "Monthly",
                                "dose": "1 hour", "outcome": "Fidelity",
                                "justification": "x"}, by="Ana")
    much.save("action_step", {"step": "Pull charts", "strategy": 5, "owner": "Bo",
                              "due": "2027-03-01", "status": "done"}, by="Ana")
    much.save("agreed_factor", {"construct": "IV.Characteristics.C", "effect": "barrier",
                                "strength": 1, "note": "Secret note"}, by="Ana")  # not shared
    much.save("sharing", {"parts": ["strategies", "plan"]}, by="Ana")
    little = store.team("Little")
    _strategy(little, 9, ["III.J"], "theirs")
    little.save("sharing", {"parts": ["strategies"]}, by="Ana")
    unlike = store.team("Unlike")
    unlike.save("leader_plan", {"leaders": "The board", "asks": "Time", "decisions": "x"},
                by="Ana")
    unlike.save("sharing", {"parts": ["leader briefing"]}, by="Ana")
    store.team("Silent").save("strategy", {"strategy": 5, "barriers": ["II.C"],
                                           "reason": "never shared"}, by="Ana")
    elsewhere = store.team("Elsewhere", cohort="Other year")
    _strategy(elsewhere, 5, ["II.C"], "another cohort's")
    elsewhere.save("sharing", {"parts": ["strategies"]}, by="Ana")
    return store


def test_teams_like_yours_come_first_with_what_they_did(cohort: Store) -> None:
    ws = cohort.team("Eastside")
    matches = teams_like(ws, ws.shared_in_cohort())
    assert [(m.work.team, m.barriers, m.strategies) for m in matches] == [
        ("Much " + HOSTILE, ("II.C", "III.J"), (5,)), ("Little", ("III.J",), ()),
        ("Unlike", (), ())]
    view = TeamsLikeYours(ws)
    html = view.body.value
    text = _text(view.body)
    assert "2 of the 3 teams sharing their work" in text
    assert text.index("Much") < text.index("Little") < text.index("Unlike")
    assert "also chose 5." in text and "Nurse lead" in text and "Pull charts" in text
    assert "Secret note" not in text and "never shared" not in text
    assert "another cohort's" not in text and "Silent" not in text
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<details open>" in html and html.count("<details") == 3
    assert "not evidence that it will work for you" in text  # an idea, said as one


def test_a_team_shares_what_it_ticks_and_stops_when_it_unticks(cohort: Store) -> None:
    ws = cohort.team("Eastside")
    view_from_little = TeamsLikeYours(cohort.team("Little"))
    assert "Eastside" not in view_from_little.body.value  # nothing shared by default
    form = SharingForm(ws)
    assert form.fields["parts"].value == []
    assert all(t.description for t in form.fields["parts"].ticks.values())  # labelled
    form.fields["parts"].ticks["context map"].value = True
    form.fields["parts"].ticks["plan"].value = True
    form.author.value = "Ana"
    form.save.click()
    assert _text(form.message).strip() == (
        "Your team now shares its context map and its plan with the other teams of “This "
        "year”. They can read it, not change it.")
    view_from_little.refresh_button.click()
    assert "Eastside" in view_from_little.body.value
    assert SharingForm(ws).fields["parts"].value == ["context map", "plan"]  # as saved
    form.fields["parts"].value = []
    form.save.click()
    assert "shares nothing" in _text(form.message)
    view_from_little.refresh_button.click()
    assert "Eastside" not in view_from_little.body.value


def test_with_no_one_sharing_the_view_says_so(any_store_url: str) -> None:
    view = TeamsLikeYours(Store(any_store_url).team("Alone"))
    assert "No other team in your cohort shares its work yet." in _text(view.body)
