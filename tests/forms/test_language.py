"""Module 1 widgets: members' own understanding first, then the team's definition."""

from html import unescape

import pytest

from widgets import GlossaryCompare, GlossaryDifferences, GlossaryForm, Store
from widgets.analysis.language import wording_difference


@pytest.fixture
def ws(store_url):
    return Store(store_url).team("Eastside")


def _write(form, member, term, definition):
    form.member.value, form.term.value = member, term
    form.fields["definition"].value = definition
    form.save.click()


def test_each_member_writes_their_own_understanding(ws):
    form = GlossaryForm(ws)
    _write(form, "Ana", "fidelity", "Doing the program as designed")
    _write(form, "Bo", "fidelity", "Being loyal <to the clinic>")
    assert "Saved Bo's understanding of “fidelity”" in unescape(form.message.value)
    assert {(e["member"], e["definition"]) for e in ws.list("glossary_entry")} == {
        ("Ana", "Doing the program as designed"), ("Bo", "Being loyal <to the clinic>")}
    form.member.value, form.term.value = "Ana", "fidelity"
    assert form.fields["definition"].value == "Doing the program as designed"


def test_compare_side_by_side_then_agree_keeping_both(ws):
    ws.viewer = "Ana"  # she writes her own first, so she sees everyone's after
    form, compare = GlossaryForm(ws), GlossaryCompare(ws)
    _write(form, "Ana", "fidelity", "Doing the program as designed")
    _write(form, "Bo", "fidelity", "Being loyal <to the clinic>")
    _write(form, "Bo", "my own term", "Something the team invented")
    assert compare.term.options == ("fidelity", "my own term")
    compare.term.value = "fidelity"
    shown = compare.side_by_side.value
    assert "Doing the program as designed" in shown and "&lt;to the clinic&gt;" in shown
    compare.fields["definition"].value = "Delivering the core parts as designed"
    compare.author.value = "Ana"
    compare.save.click()
    assert "Saved the team's definition of “fidelity”" in unescape(compare.message.value)
    assert ws.get("glossary_agreed", "fidelity")["definition"] == (
        "Delivering the core parts as designed")
    assert len(ws.list("glossary_entry")) == 3  # members' own words are kept


def test_wording_difference():
    assert wording_difference(["the plan", "The plan!"]) == 0
    assert wording_difference(["loyal clinic", "designed program"]) == 1
    assert wording_difference(["only one"]) == 0
    near = wording_difference(["deliver program as designed", "deliver program as planned"])
    assert 0 < near < 1


def test_differences_put_the_most_different_term_first(ws):
    view = GlossaryDifferences(ws)
    assert "two or more members" in view.body.value
    for member, term, text in [("Ana", "fidelity", "doing the program as designed"),
                               ("Bo", "fidelity", "being loyal to the clinic"),
                               ("Ana", "strategy", "a planned action to help uptake"),
                               ("Bo", "strategy", "a planned action for uptake")]:
        ws.save("glossary_entry", {"member": member, "term": term, "definition": text})
    view.refresh()
    html = view.body.value
    assert html.index("fidelity") < html.index("strategy")
    assert "not agreed yet" in html
