"""Module 5 widgets: the role matrix and its gaps, readiness, the leader plan."""

from html import unescape

import pytest

from widgets import LeaderPlanForm, ReadinessForm, ReadinessView, RoleMatrix, RoleMatrixForm, Store
from widgets.analysis.roles import role_gaps


@pytest.fixture
def ws(store_url):
    ws = Store(store_url).team("Eastside")
    for sid in (59, 35, 46, 15):
        ws.save("strategy", {"strategy": sid, "barriers": ["III.C"], "reason": "r"}, by="Ana")
    return ws


def _assign(form, task, member, role):
    form.fields["task"].value, form.fields["member"].value = task, member
    form.fields["role"].value, form.author.value = role, "Sam"
    form.save.click()


def test_role_matrix_flags_gaps(ws):
    form, matrix = RoleMatrixForm(ws), RoleMatrix(ws)
    assert "59. Revise professional roles" in form.fields["task"].options
    assert len(role_gaps(ws)) == 4  # no one accountable anywhere yet
    for sid, name in [(59, "Revise professional roles"), (35, "Identify and prepare champions"),
                      (15, "Conduct educational meetings")]:
        _assign(form, f"{sid}. {name}", "Amara", "accountable")
    _assign(form, "15. Conduct educational meetings", "Priya", "accountable")
    _assign(form, "46. Obtain and use patients/consumers and family feedback", "Luis",
            "responsible")
    gaps = role_gaps(ws)
    assert gaps == [  # in the order the strategies were chosen
        "No one is accountable for “46. Obtain and use patients/consumers and family "
        "feedback”.",
        "2 people are accountable for “15. Conduct educational meetings” (Amara, Priya): "
        "agree on one.",
        "Amara is responsible or accountable for 3 of 4 tasks: is that too much for one "
        "person?",
    ]
    html = unescape(matrix.body.value)
    assert "<td>59. Revise professional roles</td><td>A</td><td></td><td></td>" in html
    _assign(form, "15. Conduct educational meetings", "Priya", "informed")
    assert len(role_gaps(ws)) == 2


def test_readiness_spread(ws, store_url):
    ws.viewer = "Ana"  # she rates on her own, so the spread opens to her once she has
    form, view = ReadinessForm(ws), ReadinessView(ws)
    for member, rating in [("Ana", 2), ("Bo", 5), ("Chen", 4)]:
        form.member.value, form.component.value = member, "General capacity"
        form.fields["rating"].value = rating
        form.save.click()
    assert "Saved Chen's rating of General capacity: 4." in unescape(form.message.value)
    html = unescape(view.body.value)
    nowrap = '<td style="white-space:nowrap">'  # short text stays on one line
    assert f"{nowrap}General capacity</td>{nowrap}Ana: 2; Bo: 5; Chen: 4</td>" \
           "<td>2</td><td>5</td>" \
           "<td>Wide spread: talk about what each person sees</td>" in html
    form.member.value = "Ana"
    assert form.fields["rating"].value == 2


def test_leader_plan(ws, store_url):
    form = LeaderPlanForm(ws)
    form.fields["leaders"].value = "The board"
    form.fields["asks"].value = "Protect 4 hours a week"
    form.fields["decisions"].value = "Approve the role by February"
    form.author.value = "Priya"
    form.save.click()
    assert ws.get("leader_plan", "")["asks"] == "Protect 4 hours a week"
    assert LeaderPlanForm(Store(store_url).team("Eastside")).fields["leaders"].value == \
        "The board"
