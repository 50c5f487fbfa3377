"""Module 2 additions: the initiative profile, and priority barriers."""

from html import unescape

import pytest

from widgets import InitiativeForm, PriorityForm, PriorityView, Store
from widgets.analysis.context import priorities


@pytest.fixture
def ws(store_url):
    return Store(store_url).team("Eastside")


def _rate(ws, code, member, effect="barrier"):
    ws.save("context_factor", {"construct": code, "member": member, "effect": effect,
                               "strength": 2, "note": ""})


def test_initiative_profile(ws, store_url):
    form = InitiativeForm(ws)
    values = {"name": "Walk & Talk", "setting": "Two clinics", "innovation": "Group walks",
              "serves": "Older adults", "aims": "More people walk weekly 🚶"}
    for name, value in values.items():
        form.fields[name].value = value
    form.author.value = "Ana"
    form.save.click()
    assert "Saved the profile of “Walk & Talk”" in unescape(form.message.value)
    assert ws.get("initiative", "") == values
    again = InitiativeForm(Store(store_url).team("Eastside"))
    assert again.fields["aims"].value == "More people walk weekly 🚶"


def test_priority_form_offers_agreed_barriers_first(ws):
    _rate(ws, "III.C", "Ana")
    _rate(ws, "II.D", "Bo", effect="facilitator")
    form = PriorityForm(ws)
    assert [code for _, code in form.construct.options] == ["III.C"]  # members' barriers
    ws.save("agreed_factor", {"construct": "III.J", "effect": "barrier", "strength": 3,
                              "note": ""}, by="Ana")
    assert [code for _, code in form.construct.options] == ["III.J"]  # once agreed


def test_priorities_ranked_with_advice(ws):
    ratings = [("III.J", 3, 1), ("III.C", 2, 3), ("V.A", 1, 1), ("IV.Characteristics.C", 3, 3)]
    for code, _, _ in ratings:
        ws.save("agreed_factor", {"construct": code, "effect": "barrier", "strength": 2,
                                  "note": ""}, by="Ana")
    form, view = PriorityForm(ws), PriorityView(ws)
    for code, importance, changeability in ratings:
        form.construct.value = code
        form.fields["importance"].value = importance
        form.fields["changeability"].value = changeability
        form.author.value = "Ana"
        form.save.click()
    assert [p["construct"] for p in priorities(ws)] == [
        "IV.Characteristics.C", "III.C", "III.J", "V.A"]
    html = view.body.value
    table = html[html.index("<table"):]
    order = [table.index(name) for name in
             ("Opportunity", "Communications", "Available Resources", "Teaming")]
    assert order == sorted(order)
    assert "take it to leaders" in html and "Good priority" in html
    assert html.startswith('<img src="data:image/png;base64,')
