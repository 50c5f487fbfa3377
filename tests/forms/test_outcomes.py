"""Module 6 widgets: outcome measures and the check that every strategy has one."""

from html import unescape

from widgets import OutcomeCheck, OutcomeMeasureForm, Store


def test_every_strategy_needs_a_measure(store_url):
    ws = Store(store_url).team("Eastside")
    for sid in (59, 15):
        ws.save("strategy", {"strategy": sid, "barriers": ["III.C"], "reason": "r"}, by="Ana")
    form, check = OutcomeMeasureForm(ws), OutcomeCheck(ws)
    assert "Adoption (RE-AIM)" in form.fields["dimension"].options
    assert "No outcome measure yet for: 59. Revise professional roles; 15. Conduct " \
           "educational meetings." in unescape(check.body.value)
    values = {"strategy": 59, "dimension": "Feasibility", "measure": "Share matched <2 weeks",
              "source": "Matching log", "collector": "Grace", "timing": "Monthly"}
    for name, value in values.items():
        form.fields[name].value = value
    form.author.value = "Tom"
    form.save.click()
    html = unescape(check.body.value)
    assert "No outcome measure yet for: 15. Conduct educational meetings." in html
    assert "Share matched &lt;2 weeks" in check.body.value
    form.fields["strategy"].value = 15
    form.fields["source"].value = ""
    form.save.click()
    assert "Please fill in “Data source”" in unescape(form.message.value)


def test_a_measure_says_its_kind_of_value_and_a_goal_that_reads_as_one(store_url):
    ws = Store(store_url).team("Eastside")
    ws.save("strategy", {"strategy": 59, "barriers": ["III.C"], "reason": "r"}, by="Ana")
    form = OutcomeMeasureForm(ws)
    values = {"strategy": 59, "dimension": "Feasibility", "measure": "Matched in 2 weeks",
              "source": "Matching log", "collector": "Grace", "timing": "Monthly",
              "value_type": "count out of a total", "goal": "nine in ten"}
    for name, value in values.items():
        form.fields[name].value = value
    form.author.value = "Tom"
    form.save.click()
    assert "Not saved yet. Goal: “nine in ten” is not a count out of a total" in \
        unescape(form.message.value)
    assert ws.list("outcome_measure") == []
    form.fields["goal"].value = "9/10"
    form.save.click()
    [saved] = ws.list("outcome_measure")
    assert (saved["value_type"], saved["goal"]) == ("count out of a total", "9/10")
    form.fields["value_type"].value = None  # left empty: a plain number
    form.fields["goal"].value = ""
    form.save.click()
    assert ws.list("outcome_measure")[0]["value_type"] == "number"
