"""Module 0 widgets: roster, perspectives, working agreements."""

import re

import pytest

from widgets import AgreementsForm, RosterForm, Store, TeamView


@pytest.fixture
def ws(store_url):
    return Store(store_url).team("Eastside")


def _add(form, name, role, perspective):
    form.name.value, form.role.value, form.perspective.value = name, role, perspective
    form.save.click()


def test_roster_add_change_and_take_off(ws):
    form, view = RosterForm(ws), TeamView(ws)
    _add(form, "Ana", "Coordinator", "implementer")
    _add(form, "Kofi", "Peer supporter", "lived experience")
    assert "Saved Kofi (lived experience)" in form.message.value
    assert {m["name"] for m in ws.members()} == {"Ana", "Kofi"}
    assert "Ana" in form.name.options and "Kofi" in view.body.value
    form.name.value = "Ana"  # picking a member shows their entry, ready to change
    assert (form.role.value, form.perspective.value) == ("Coordinator", "implementer")
    form.perspective.value = "manager"
    form.save.click()
    assert ws.get("member", "Ana")["perspective"] == "manager"
    form.name.value = "Kofi"
    form.remove.click()
    assert "taken off the roster" in form.message.value
    assert [m["name"] for m in ws.members()] == ["Ana"]
    assert ws.deleted("member")[0]["name"] == "Kofi"
    assert "Kofi" not in view.body.value


def test_roster_needs_a_perspective(ws):
    form = RosterForm(ws)
    form.name.value = "Ana"
    form.save.click()
    assert "Please fill in “Perspective”" in form.message.value and ws.members() == []


def test_half_an_emoji_typed_in_a_form_gets_a_plain_message(ws):
    form = RosterForm(ws)
    _add(form, "Ana", "Peer \ud83d supporter", "implementer")
    assert "half of a symbol or emoji" in form.message.value and ws.members() == []


def test_team_view_names_perspectives_present_and_missing(ws):
    view = TeamView(ws)
    assert "No one is on the roster yet" in view.body.value
    ws.save("member", {"name": "Ana", "role": "", "perspective": "implementer"})
    ws.save("member", {"name": "<Bo>", "role": "", "perspective": "leader"})
    html = view.body.value
    assert "<b>Perspectives on the team:</b> implementer, leader." in html
    assert "Not yet on the team:</b> researcher, evaluator, manager, community partner, " \
           "lived experience." in html
    assert "&lt;Bo&gt;" in html and "<Bo>" not in html


def test_agreements_saved_and_shown_again(ws, store_url):
    form = AgreementsForm(ws)
    form.author.value = "Ana"
    form.fields["agreements"].value = "Start on time.\nEveryone speaks."
    form.fields["facilitator"].value = "Ana"
    form.save.click()
    assert "Ana facilitates" in form.message.value
    again = AgreementsForm(Store(store_url).team("Eastside"))
    assert again.fields["agreements"].value == "Start on time.\nEveryone speaks."
    assert ws.history("agreements", "")[0]["by"] == "Ana"


def test_agreements_say_who_is_recording(ws):
    form = AgreementsForm(ws)
    form.fields["agreements"].value = "Start on time."
    form.fields["facilitator"].value = "Ana"
    form.save.click()
    assert "who is making this change" in form.message.value


def test_a_facilitator_from_outside_the_team_is_recorded_as_such(ws, store_url):
    form = AgreementsForm(ws)
    assert form.fields["facilitator_from"].value == "a member of the team"
    assert [label for label, _ in form.fields["facilitator_from"].options] == [
        "A member of the team", "An alumnus of an earlier cohort", "A member of another team",
        "Someone else"]
    form.author.value = "Ana"
    form.fields["agreements"].value = "Start on time."
    form.fields["facilitator"].value = "Rosa Delgado"
    form.fields["facilitator_from"].value = "an alumnus of an earlier cohort"
    form.save.click()
    assert "Rosa Delgado facilitates (an alumnus of an earlier cohort)." in form.message.value
    again = AgreementsForm(Store(store_url).team("Eastside"))
    assert again.fields["facilitator_from"].value == "an alumnus of an earlier cohort"


def test_agreements_without_the_choice_read_as_a_member_facilitating(ws):
    ws.save("agreements", {"agreements": "Start on time.", "facilitator": "Ana"}, by="Ana")
    assert ws.get("agreements", "")["facilitator_from"] == "a member of the team"
    assert AgreementsForm(ws).fields["facilitator_from"].value == "a member of the team"


def test_a_critical_friend_from_the_learning_group_is_recorded_as_such(ws):
    form, view = RosterForm(ws), TeamView(ws)
    assert form.involvement.value == "works on the initiative"  # most often
    _add(form, "Ana", "Owner", "implementer")
    form.name.value = "Mei"
    form.involvement.value = "critical friend"
    _add(form, "Mei", "Brings her own initiative", "researcher")
    assert "Saved Mei (researcher, a critical friend)." in form.message.value
    assert ws.get("member", "Mei")["involvement"] == "critical friend"
    assert re.search(r"<td[^>]*>critical friend</td>", view.body.value)
    form.name.value = "Ana"
    assert form.involvement.value == "works on the initiative"
