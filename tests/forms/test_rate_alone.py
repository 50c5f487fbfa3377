"""Rate alone stays alone (issue 18): where members rate on their own first, the team's views
show how many have rated, not what they said, until the person looking has saved their own
rating or the facilitator shows everyone's (a switch kept in the workspace). Driven from
Python on real stores."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import unescape

import ipywidgets as ipw
import pytest

import widgets
from widgets import (
    AgreedFactorForm,
    ContextFactorForm,
    ContextMap,
    ContextRecheckForm,
    DisagreementView,
    GlossaryCompare,
    ReadinessRecheckForm,
    ReadinessView,
    Store,
    SustainabilityDisagreements,
    SustainabilityForm,
)
from widgets.editions import EDITION_ENV, SITE
from widgets.forms import widget_tree
from widgets.forms._alone import HIDE, HIDE_HELP, SHOW, SHOW_HELP, RatingsSwitch
from widgets.forms._base import SITE_NOTE
from widgets.store import TeamWorkspace, ValidationError, validate
from widgets.store.model import RATED_ALONE

REVIEW = "2027-03-10"
FACTOR = "III.J.1"  # Funding
# The team: two who rate before the person looking, a critical friend among them.
ROSTER = (("Ana", "works on the initiative"), ("Bodhi", "works on the initiative"),
          ("Chen", "critical friend"), ("Dee", "works on the initiative"))
SECRET = "secret note of"  # in every teammate's note: must never show before it may
NO_NAME = "Type your name in the line at the top that says who is here."


def _entry(kind: str, member: str, high: bool) -> dict:
    """One member's own entry of ``kind``; ``high`` and not ``high`` are far apart."""
    note = f"{SECRET} {member}"
    return {
        "glossary_entry": {"term": "fidelity", "member": member, "definition": note},
        "context_factor": {"construct": FACTOR, "member": member, "note": note,
                           "effect": "barrier" if high else "facilitator", "strength": 3},
        "readiness": {"member": member, "component": "Motivation", "rating": 5 if high else 1,
                      "note": note},
        "sustainability_rating": {"domain": "Funding stability", "member": member,
                                  "rating": 7 if high else 1, "note": note},
        "factor_rerating": {"review": REVIEW, "construct": FACTOR, "member": member,
                            "effect": "barrier" if high else "facilitator", "strength": 3,
                            "note": note},
        "readiness_rerating": {"review": REVIEW, "member": member, "component": "Motivation",
                               "rating": 5 if high else 1, "note": note},
    }[kind]


@dataclass(frozen=True)
class Gated:
    """A view or form that shows members' answers of a kind rated alone."""

    name: str
    kind: str
    make: Callable[[TeamWorkspace], ipw.Widget]
    html: Callable[[ipw.Widget], str]  # where it shows members' answers
    said: str  # what shows only once it opens: a teammate's name, or the spread's flag


def _team_form(cls: type, field: str, value: object) -> Callable[[TeamWorkspace], ipw.Widget]:
    def make(ws: TeamWorkspace) -> ipw.Widget:
        form = cls(ws, team=True)
        form.review.value = date.fromisoformat(REVIEW)
        getattr(form, field).value = value
        return form
    return make


def _picked(cls: type, field: str, value: object) -> Callable[[TeamWorkspace], ipw.Widget]:
    def make(ws: TeamWorkspace) -> ipw.Widget:
        form = cls(ws)
        getattr(form, field).value = value
        return form
    return make


GATED = [
    Gated("ContextMap", "context_factor", ContextMap, lambda v: v.body.value, "Bodhi"),
    Gated("DisagreementView", "context_factor", DisagreementView, lambda v: v.body.value,
          "Bodhi"),
    Gated("AgreedFactorForm", "context_factor", _picked(AgreedFactorForm, "construct", FACTOR),
          lambda f: f.members_say.value, "Bodhi"),
    Gated("GlossaryCompare", "glossary_entry", _picked(GlossaryCompare, "term", "fidelity"),
          lambda f: f.side_by_side.value, "Bodhi"),
    Gated("ReadinessView", "readiness", ReadinessView, lambda v: v.body.value, "Bodhi"),
    Gated("SustainabilityDisagreements", "sustainability_rating", SustainabilityDisagreements,
          lambda v: v.body.value, "Talk about these first"),  # no names: the spread is hidden
    Gated("SustainabilityForm", "sustainability_rating",
          _picked(SustainabilityForm, "domain", "Funding stability"),
          lambda f: f.members_say.value, "Bodhi"),
    Gated("ContextRecheckForm(team)", "factor_rerating",
          _team_form(ContextRecheckForm, "construct", FACTOR), lambda f: f.before.value,
          "Bodhi"),
    Gated("ReadinessRecheckForm(team)", "readiness_rerating",
          _team_form(ReadinessRecheckForm, "component", "Motivation"),
          lambda f: f.members_say.value, "Bodhi"),
]


def _team(url: str, name: str = "Eastside") -> TeamWorkspace:
    """A team of four whose Bodhi and Chen (a critical friend) rated every kind rated alone,
    far apart, before anyone else."""
    ws = Store(url).team(name)
    for member, involvement in ROSTER:
        ws.save("member", {"name": member, "role": "", "perspective": "implementer",
                           "involvement": involvement})
    ws.save("agreed_factor", {"construct": FACTOR, "effect": "barrier", "strength": 2,
                              "note": ""}, by="Ana")
    for kind in RATED_ALONE:
        ws.save(kind, _entry(kind, "Bodhi", high=True))
        ws.save(kind, _entry(kind, "Chen", high=False))
    return ws


def _shows(html: str, case: Gated) -> bool:
    text = unescape(html)
    return case.said in text or SECRET in text


def _switch(widget: ipw.Widget) -> RatingsSwitch:
    [switch] = [w for w in widget_tree(widget) if isinstance(w, RatingsSwitch)]
    return switch


@pytest.mark.parametrize("case", GATED, ids=lambda c: c.name)
def test_a_member_sees_the_count_until_they_have_rated_then_what_others_said(store_url, case):
    ws = _team(store_url)
    ws.viewer = "Ana"
    widget = case.make(ws)
    before = unescape(case.html(widget))
    assert "2 of 4 members have" in before and "so far" in before, before
    assert not _shows(before, case), before
    assert "Chen" not in before and "Bodhi" not in before
    assert NO_NAME not in before  # she gave her name: she is told to rate, not to name herself
    ws.save(case.kind, _entry(case.kind, "Ana", high=True))  # her own rating opens it, at once
    after = case.html(widget)
    assert _shows(after, case), after
    assert "so far" not in unescape(after)


def test_every_kind_rated_alone_has_a_gated_view_here() -> None:
    assert {c.kind for c in GATED} == set(RATED_ALONE)


async def _until(condition: Callable[[], bool], timeout: float = 10) -> None:
    """Let the event loop run (the live layer hands it what it hears from the store, as in a
    kernel) until ``condition`` holds."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "it never happened"
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("case", GATED[:1] + GATED[3:4] + GATED[-1:], ids=lambda c: c.name)
def test_the_facilitator_shows_everyones_ratings_and_hides_them_again(any_store_url, case):
    _team(any_store_url)
    mine, theirs = Store(any_store_url), Store(any_store_url)  # two kernels, one team
    review = REVIEW if case.kind in ("factor_rerating", "readiness_rerating") else ""

    async def meeting() -> None:
        ws = mine.team("Eastside")
        ws.viewer = "Dee"  # has not rated
        widget = case.make(ws)
        assert not _shows(case.html(widget), case)
        # The facilitator, on their own screen, presses the switch shown with the same view.
        facilitator = theirs.team("Eastside")
        facilitator.viewer = "Sam"
        switch = _switch(case.make(facilitator))
        assert switch.button.description == SHOW and not switch.button.disabled
        assert switch.button.tooltip == SHOW_HELP  # what it does, said on the button
        assert switch.press()
        assert (switch.button.description, switch.button.tooltip) == (HIDE, HIDE_HELP)
        assert "shown to the whole team now" in switch.message.value
        [history] = ws.history("ratings_open", f"{case.kind}|{review}")
        assert history["by"] == "Sam" and history["data"]["open"] == "yes"
        # Dee's screen opens by itself, and her switch now offers to hide them.
        await _until(lambda: _shows(case.html(widget), case))
        await _until(lambda: _switch(widget).button.description == HIDE)
        switch.button.click()  # hide them again until each has rated
        assert ws.get("ratings_open", f"{case.kind}|{review}")["open"] == "no"
        await _until(lambda: not _shows(case.html(widget), case))
        assert "2 of 4 members have" in unescape(case.html(widget))
        assert _switch(widget).button.description == SHOW

    asyncio.run(meeting())
    mine.close()
    theirs.close()


def test_the_worked_example_is_never_held_back():
    example = widgets.example_workspace()
    assert example.practice and example.viewer is None
    view = ContextMap(example)
    html = unescape(view.body.value)
    assert "Luis Ortega" in html and "so far" not in html
    assert not any(isinstance(w, RatingsSwitch) for w in view.children)  # nothing to press
    compare = GlossaryCompare(example)
    assert SECRET not in compare.side_by_side.value and "so far" not in compare.side_by_side.value
    assert "<table" in compare.side_by_side.value and _switch(compare).layout.display == "none"


def test_a_member_who_has_not_rated_still_sees_counts(store_url):
    ws = _team(store_url)
    ws.save("context_factor", _entry("context_factor", "Ana", high=True))
    ws.viewer = "  ana "  # names are kept normalised and compared without case
    assert "Bodhi" in ContextMap(ws).body.value
    other = Store(store_url).team("Eastside")
    other.viewer = "Dee"
    html = unescape(ContextMap(other).body.value)
    assert "3 of 4 members have rated so far." in html
    assert "Bodhi" not in html and "Ana" not in html and SECRET not in html
    assert "Luis" not in html


def test_with_no_name_given_the_view_says_how_to_give_it_and_opens_when_given(store_url):
    ws = _team(store_url)
    ws.save("readiness", _entry("readiness", "Ana", high=True))
    assert ws.viewer is None  # a notebook off a hub, before anyone typed their name
    view = ReadinessView(ws)
    assert NO_NAME in unescape(view.body.value) and "Bodhi" not in view.body.value
    switch = _switch(view)
    assert not switch.press()  # the switch keeps who pressed it: a name is needed
    assert NO_NAME in unescape(switch.message.value) and ws.list("ratings_open") == []
    ws.viewer = "Ana"  # typed in the "who is here" line: the view redraws by itself
    assert "Bodhi" in view.body.value and NO_NAME not in unescape(view.body.value)
    ws.viewer = "Dee"  # another person at the same screen: held back again
    assert "Bodhi" not in view.body.value


def test_a_team_with_no_roster_counts_those_who_rated(store_url):
    ws = Store(store_url).team("No roster")
    ws.viewer = "Ana"
    view = DisagreementView(ws)
    assert "No member has rated so far." in unescape(view.body.value)
    ws.save("context_factor", _entry("context_factor", "Bodhi", high=True))
    assert "1 member has rated so far." in unescape(view.body.value)


def test_ratings_at_a_review_open_one_review_at_a_time(store_url):
    ws = _team(store_url)
    ws.viewer = "Ana"
    earlier = {**_entry("readiness_rerating", "Ana", high=True), "review": "2027-01-10"}
    ws.save("readiness_rerating", earlier)  # she rated at an earlier review, not this one
    form = _team_form(ReadinessRecheckForm, "component", "Motivation")(ws)
    html = unescape(form.members_say.value)
    assert f"2 of 4 members have rated for the review of {REVIEW} so far." in html
    assert SECRET not in html
    ws.save("ratings_open", {"ratings": "readiness_rerating", "review": "2027-01-10",
                             "open": "yes"}, by="Sam")  # the switch of another review
    assert SECRET not in form.members_say.value
    form.review.value = date(2027, 1, 10)  # the earlier review: she rated there
    assert f"{SECRET} Ana" in unescape(form.members_say.value)
    assert form.switch.button.description == HIDE  # the switch follows the review picked


def test_a_form_never_changes_what_is_being_typed_when_it_opens(store_url):
    ws = _team(store_url)
    ws.viewer = "Ana"
    team = AgreedFactorForm(ws)
    team.construct.value = FACTOR
    team.fields["note"].value = "half a sentence"
    team.fields["strength"].value = 1
    assert SECRET not in unescape(team.members_say.value)
    rate = ContextFactorForm(ws)
    rate.member.value, rate.construct.value = "Ana", FACTOR
    rate.effect.value, rate.strength.value = "barrier", 2
    assert rate.submit()
    assert f"{SECRET} Bodhi" in unescape(team.members_say.value)
    assert (team.fields["note"].value, team.fields["strength"].value) == ("half a sentence", 1)


def test_the_switch_is_checked_like_every_entry():
    assert validate("ratings_open", {"ratings": "readiness", "open": "yes"}) == {
        "ratings": "readiness", "review": "", "open": "yes"}
    for wrong, says in [
        ({"ratings": "pulse", "open": "yes"}, "must be one of"),
        ({"ratings": "readiness", "open": "maybe"}, "must be one of"),
        ({"ratings": "readiness", "review": REVIEW, "open": "yes"}, "leave “Review date”"),
        ({"ratings": "factor_rerating", "open": "yes"}, "give its date"),
        ({"ratings": "factor_rerating", "review": "soon", "open": "yes"}, "not a date"),
    ]:
        with pytest.raises(ValidationError, match=says):
            validate("ratings_open", wrong)


def test_on_the_static_site_the_switch_cannot_be_pressed(store_url, monkeypatch):
    ws = _team(store_url)
    monkeypatch.setenv(EDITION_ENV, SITE)  # as the site's build runs the notebooks
    switch = _switch(ContextMap(ws))
    assert switch.button.disabled and switch.button.tooltip == SITE_NOTE
    assert SITE_NOTE in switch.message.value
    ws.viewer = "Ana"  # a redraw keeps it so
    assert switch.button.disabled and switch.button.tooltip == SITE_NOTE
