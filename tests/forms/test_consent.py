"""Module 7: the team records whether its plan, names removed, may become a worked example."""

from __future__ import annotations

from datetime import date

import pytest

from widgets import ExampleConsentForm, Store
from widgets.store import CONSENT_STATEMENT, example_refusals


@pytest.fixture
def ws(store_url):
    ws = Store(store_url).team("Eastside")
    for name in ("Ana", "Bo", "Chen"):
        ws.save("member", {"name": name, "role": "", "perspective": "implementer"}, by=name)
    return ws


def test_the_team_agrees_to_the_statement_it_reads(ws, store_url) -> None:
    form = ExampleConsentForm(ws)
    assert CONSENT_STATEMENT.split(",")[0] in form.children[0].value
    who = form.fields["agreed_by"]
    who.ticks[0].value = who.ticks[1].value = True
    form.fields["date"].value = date(2027, 3, 1)
    form.fields["status"].value = "given"
    form.author.value = "Ana"
    form.save.click()
    assert "Saved: your team agrees." in form.message.value
    assert ws.get("example_consent", "") == {"agreed_by": ["Ana", "Bo"], "date": "2027-03-01",
                                             "statement": CONSENT_STATEMENT, "status": "given"}
    again = ExampleConsentForm(Store(store_url).team("Eastside"))
    assert again.fields["status"].value == "given" and again.fields["agreed_by"].value == [
        "Ana", "Bo"]


def test_consent_is_never_assumed(ws) -> None:
    form = ExampleConsentForm(ws)
    assert form.fields["status"].value is None
    form.author.value = "Ana"
    form.save.click()
    assert "Please fill in “Who decided for the team”" in form.message.value
    assert "Please fill in “The team&#x27;s decision”" in form.message.value
    assert ws.get("example_consent", "") is None


def test_the_team_can_withdraw(ws) -> None:
    form = ExampleConsentForm(ws)
    form.fields["agreed_by"].value = ["Chen"]
    form.fields["status"].value = "given"
    form.author.value = "Chen"
    form.save.click()
    form.fields["status"].value = "withdrawn"
    form.save.click()
    assert "No copy of your plan will be made" in form.message.value
    assert ws.get("example_consent", "")["status"] == "withdrawn"
    assert "withdrew its consent" in example_refusals(ws)[0]
