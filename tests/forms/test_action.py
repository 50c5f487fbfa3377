"""Module 4 widgets: specifications, what is vague, causal pathways, the action plan."""

from datetime import date
from html import unescape

import pytest

from widgets import (
    ActionPlanForm,
    ActionTimeline,
    CausalPathway,
    SpecificationCheck,
    SpecificationForm,
    Store,
)
from widgets.analysis.action import vague_dimensions

CLEAR = {"actor": "Grace Mensah, our community health worker",
         "action": "Matches each new patient with a peer supporter",
         "action_target": "The matching step", "temporality": "From March, before meetings",
         "dose": "4 hours a week", "outcome": "Feasibility",
         "justification": "Moving the task frees nurse time"}


@pytest.fixture
def ws(store_url):
    ws = Store(store_url).team("Eastside")
    ws.save("member", {"name": "Grace Mensah", "role": "Community health worker",
                       "perspective": "community partner"})
    ws.save("priority", {"construct": "IV.Characteristics.C", "importance": 3,
                         "changeability": 3, "reason": ""}, by="Ana")
    for sid in (59, 15):
        ws.save("strategy_decision", {"construct": "IV.Characteristics.C", "strategy": sid,
                                      "decision": "accepted", "source": "team's own",
                                      "reason": f"mechanism {sid}"}, by="Ana")
        ws.save("strategy", {"strategy": sid, "barriers": ["IV.Characteristics.C"],
                             "reason": f"mechanism {sid}"}, by="Ana")
    return ws


@pytest.mark.parametrize(("change", "flag"), [
    ({}, None),
    ({"dose": "tbd"}, "Dose is empty or a placeholder"),
    ({"action": "Training"}, "Action is a single word"),
    ({"dose": "regularly"}, "The dose gives no number or how often"),
    # Module 4 names "as needed" as vague; "once" here means "as soon as", not a count.
    ({"dose": "as needed, once staff are ready"}, "The dose gives no number or how often"),
    ({"dose": "Once a month, for an hour"}, None),
    ({"dose": "Twice, then as needed"}, None),  # a count, and the rest said plainly
    ({"actor": "An outside consultant"}, "The actor is no one on the team"),
    ({"actor": "The community health worker"}, None),  # named by role
    ({"justification": "N/A"}, "Justification is empty or a placeholder"),
])
def test_vague_dimensions(ws, change, flag):
    flags = vague_dimensions({**CLEAR, **change}, ws)
    if flag is None:
        assert flags == []
    else:
        assert any(f.startswith(flag) for f in flags), flags


def test_specifying_a_strategy_and_the_check(ws):
    form, check = SpecificationForm(ws), SpecificationCheck(ws)
    assert [s for _, s in form.strategy.options] == [59, 15]
    assert "2 of 2 strategies still need work" in check.body.value
    form.strategy.value = 59
    for name, value in CLEAR.items():
        form.fields[name].value = value
    form.author.value = "Ana"
    form.save.click()
    assert "Nothing looks vague" in unescape(form.message.value)
    form.strategy.value = 15
    assert form.fields["actor"].value == ""  # a fresh form for the next strategy
    for name, value in {**CLEAR, "dose": "tbd", "actor": "<b>Someone</b>"}.items():
        form.fields[name].value = value
    form.save.click()
    assert "Still vague" in unescape(form.message.value)
    html = check.body.value
    assert "1 of 2 strategies still need work" in html
    assert "&lt;b&gt;Someone&lt;/b&gt;" in html and "<b>Someone" not in html
    form.strategy.value = 59
    assert form.fields["dose"].value == "4 hours a week"  # an earlier one comes back


def test_causal_pathway_links_strategy_mechanism_determinant_outcome(ws):
    ws.save("specification", {"strategy": 59, **CLEAR}, by="Ana")
    html = CausalPathway(ws).body.value
    assert html.startswith('<img src="data:image/png;base64,')
    nowrap = '<td style="white-space:nowrap">'  # short text stays on one line
    row = (f"<td>59. Revise professional roles</td>{nowrap}mechanism 59</td>"
           "<td>Opportunity</td><td>Feasibility</td>")
    assert row in html
    assert (f"{nowrap}mechanism 15</td><td>Opportunity</td>{nowrap}not chosen yet</td>"
            in html)


def test_action_plan_and_timeline(ws):
    form, view = ActionPlanForm(ws), ActionTimeline(ws)
    for step, owner, due in [("Draft the checklist", "Grace Mensah", date(2027, 1, 29)),
                             ("Survey patients", "Luis", date(2027, 1, 22))]:
        form.fields["step"].value, form.fields["owner"].value = step, owner
        form.fields["strategy"].value = 59
        form.fields["due"].value = due
        form.save.click()
    assert "Luis will “Survey patients” by 2027-01-22" in unescape(form.message.value)
    html = unescape(view.body.value)
    assert html.index("Survey patients") < html.index("Draft the checklist")  # by date
    assert "Owners not on the roster: Luis." in html
    form.fields["step"].value, form.fields["owner"].value = "No date", "Grace Mensah"
    form.fields["due"].value = None
    form.save.click()
    assert "Please fill in “Due date”" in unescape(form.message.value)
