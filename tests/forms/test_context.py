"""The context-factor form and map, driven from Python as a participant would use them."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

import widgets
from widgets import ContextFactorForm, ContextMap, Store
from widgets.forms import widget_tree


@pytest.fixture
def ws(store_url):
    ws = Store(store_url).team("Eastside")
    ws.save("member", {"name": "Ana", "role": "Nurse", "perspective": "implementer"})
    return ws


def _fill(form: ContextFactorForm, **values) -> None:
    for name, value in values.items():
        getattr(form, name).value = value


def test_saving_from_the_form_lands_in_the_store(ws, store_url):
    ws.viewer = "Ana"  # she rates on her own, so her save opens the map to her
    form, view = ContextFactorForm(ws), ContextMap(ws)
    assert form.member.options == ("Ana",)
    _fill(form, member="Ana", construct="III.J.1", effect="barrier", strength=3,
          note="Grant ends in June <b>really</b>")
    form.save.click()
    assert "Saved: Ana rated “Funding” as a barrier" in form.message.value
    fresh = Store(store_url).team("Eastside")
    assert fresh.context_factors() == [{"construct": "III.J.1", "member": "Ana",
                                        "effect": "barrier", "strength": 3,
                                        "note": "Grant ends in June <b>really</b>"}]
    # The map redrew itself after the save, escaping what the team typed.
    assert "Grant ends in June &lt;b&gt;really&lt;/b&gt;" in view.body.value
    assert "<b>really</b>" not in view.body.value
    assert view.body.value.startswith('<img src="data:image/png;base64,')


def test_an_incomplete_form_says_what_is_missing_and_saves_nothing(ws):
    form = ContextFactorForm(ws)
    _fill(form, member="Ana", construct="III.C")
    form.save.click()
    assert "Not saved yet" in form.message.value
    assert "Barrier or facilitator" in form.message.value and "How strong" in form.message.value
    assert ws.context_factors() == []


def test_a_new_name_is_kept_and_offered_next_time(ws):
    form = ContextFactorForm(ws)
    _fill(form, member="Kwame", construct="II.D", effect="facilitator", strength=2, note="")
    assert form.submit()
    assert "Kwame" in form.member.options
    assert ws.get("context_factor", "II.D|Kwame")["effect"] == "facilitator"


def test_picking_an_earlier_rating_prefills_it_for_changing(ws):
    ws.save("context_factor", {"construct": "V.A", "member": "Ana", "effect": "facilitator",
                               "strength": 1, "note": "We meet weekly"})
    form = ContextFactorForm(ws)
    _fill(form, member="Ana", construct="V.A")
    assert (form.effect.value, form.strength.value, form.note.value) == (
        "facilitator", 1, "We meet weekly")
    form.strength.value = 3
    form.save.click()
    assert [h["data"]["strength"] for h in ws.history("context_factor", "V.A|Ana")] == [1, 3]


def test_the_map_shows_teammates_entries_after_refresh(ws, store_url):
    # The facilitator showed everyone's ratings, so Ana sees them before rating herself.
    ws.save("ratings_open", {"ratings": "context_factor", "open": "yes"}, by="Sam")
    ws.viewer = "Ana"
    view = ContextMap(ws)
    assert "Nothing here yet" in view.body.value
    Store(store_url).team("Eastside").save("context_factor", {
        "construct": "I.F", "member": "Bo", "effect": "barrier", "strength": 2, "note": "long"})
    view.refresh_button.click()
    assert "Innovation Complexity" in view.body.value and "Bo" in view.body.value


def test_the_example_team_map_and_practice_mode(monkeypatch):
    example = widgets.example_workspace()
    assert example.practice and example.name == widgets.EXAMPLE_TEAM
    view = ContextMap(example)
    for name in ("Luis Ortega", "Compatibility", "Local Conditions", "Funding"):
        assert name in view.body.value
    monkeypatch.delenv("COURSE_TEAM", raising=False)
    practice = widgets.open_workspace("")
    assert practice.practice and "Nothing you enter here is saved" in practice._repr_html_()
    real = widgets.open_workspace("Eastside")
    assert not real.practice and "saved at once" in real._repr_html_()


def test_reference_table_lists_every_construct_with_its_status():
    html = widgets.cfir_reference_table().value
    assert html.count("<tr>") == 1 + len(widgets.cfir_constructs())
    assert "secondary" in html and "Verified against source" in html


def test_a_context_factor_is_rated_by_what_it_means(ws):
    """Teams pick among 67 CFIR 2.0 names; each shows what it means in the course's words,
    in the members' form, in the team's form, and in the reference table."""
    from html import unescape

    for form in (ContextFactorForm(ws), widgets.AgreedFactorForm(ws)):
        form.construct.value = "III.E"  # Tension for Change
        said = unescape("".join(w.value for w in widget_tree(form)
                                if isinstance(w, ipw.HTML) and "it-meaning" in w.value))
        assert "<b>What it means:</b>" in said
        assert "(In the course's own words, after Damschroder LJ et al. 2022)" in said
    table = unescape(widgets.cfir_reference_table().value)
    assert table.count("What it means (the course's own words)") == 1
    assert "the course's paraphrase, not the source's words" in table
