"""Module 8 widgets, driven from Python on real stores (SQLite and PostgreSQL): where each
step stands, the measures' values over time, adaptations, re-rating the context and
readiness, the logic model and the review log."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import ipywidgets as ipw
import pytest

from widgets import (
    AdaptationForm,
    AdaptationLog,
    ChangeView,
    ContextRecheckForm,
    LogicModelView,
    MeasureValueForm,
    ModuleProgress,
    PlanSteps,
    ReadinessRecheckForm,
    ReviewAgenda,
    ReviewForm,
    ReviewHistory,
    RunCharts,
    StepStatusForm,
    Store,
)
from widgets.analysis.review import current_specification, logic_model, plan_strategies

HOSTILE = "<script>alert(1)</script>"
PAST, FUTURE = date.today() - timedelta(days=10), date.today() + timedelta(days=30)
MEASURE = (59, "Reach (RE-AIM)", "Patients who join")


@pytest.fixture
def ws(any_store_url):
    """A team with a plan to keep alive, on SQLite and on PostgreSQL."""
    ws = Store(any_store_url).team("Eastside")
    for name in ("Ana", "Grace Mensah"):
        ws.save("member", {"name": name, "role": "Nurse", "perspective": "implementer"})
    ws.save("agreed_factor", {"construct": "IV.Characteristics.C", "effect": "barrier",
                              "strength": 3, "note": ""}, by="Ana")
    for sid in (59, 15):
        ws.save("strategy", {"strategy": sid, "barriers": ["IV.Characteristics.C"],
                             "reason": f"mechanism {sid}"}, by="Ana")
    ws.save("specification", {"strategy": 59, "actor": "Grace Mensah", "action": "Matches",
                              "action_target": "Matching", "temporality": "From March",
                              "dose": "4 hours a week", "outcome": "Feasibility",
                              "justification": "Frees nurse time"}, by="Ana")
    ws.save("outcome_measure", {"strategy": 59, "dimension": MEASURE[1],
                                "measure": MEASURE[2], "source": "records",
                                "collector": "Ana", "timing": "monthly",
                                "value_type": "count out of a total", "goal": "30/40"},
            by="Ana")
    ws.save("action_step", {"step": "Draft the checklist", "strategy": 59,
                            "owner": "Grace Mensah", "due": PAST.isoformat()})
    ws.save("action_step", {"step": "Survey patients", "owner": "Ana",
                            "due": FUTURE.isoformat()})
    for member, rating in (("Ana", 2), ("Grace Mensah", 3)):
        ws.save("readiness", {"member": member, "component": "Motivation", "rating": rating,
                              "note": ""})
    return ws


def _text(widget) -> str:
    """What a widget's HTML says, as a reader sees it: tags left out, team text as typed."""
    return unescape(re.sub(r"<[^>]+>", " ", widget.value))


def test_a_status_change_saves_and_keeps_the_steps_other_fields(ws):
    form, steps = StepStatusForm(ws), PlanSteps(ws)
    assert [v for _, v in form.step.options] == ["Draft the checklist", "Survey patients"]
    assert "1 late" in _text(steps.body) and "1 not started" in _text(steps.body)
    form.step.value = "Draft the checklist"
    assert f"Now: not started, and late: it was due on {PAST}." in _text(form.now)
    form.fields["status"].value = "under way"
    form.author.value = "Ana"
    since = form.fields["status_date"].value  # today, unless the team picks another day
    form.save.click()
    assert (f"Saved: “Draft the checklist” is under way since {since.isoformat()}."
            in _text(form.message))
    assert ws.get("action_step", "Draft the checklist") == {
        "step": "Draft the checklist", "strategy": 59, "owner": "Grace Mensah",
        "due": PAST.isoformat(), "status": "under way", "status_date": since.isoformat(),
        "status_reason": ""}
    # Still to do and past its date: late, first in the table, which redrew by itself.
    assert "It is late: it was due on" in _text(form.message)
    assert "<td>late</td>" in steps.body.value and "1 under way" not in _text(steps.body)
    form.step.value = "Survey patients"
    form.fields["status"].value = "done"
    form.save.click()
    assert "1 done" in _text(steps.body)
    assert ws.get("action_step", "Survey patients")["owner"] == "Ana"


def test_no_step_picked_or_blocked_without_why_saves_nothing(ws):
    form = StepStatusForm(ws)
    form.fields["status"].value = "done"
    assert not form.submit()
    assert "Please pick a step." in _text(form.message)
    form.step.value = "Survey patients"
    form.fields["status"].value = "blocked"
    form.save.click()
    assert ("Not saved yet. A blocked step needs a reason: please say why in “Why it is "
            "blocked or dropped”.") in _text(form.message)
    assert len(ws.history("action_step", "Survey patients")) == 1
    form.fields["status_reason"].value = "The survey tool is not approved"
    form.save.click()
    assert ws.get("action_step", "Survey patients")["status_reason"] == (
        "The survey tool is not approved")
    agenda = _text(ReviewAgenda(ws).body)
    assert "Survey patients (Ana, due " in agenda
    assert "blocked. Why: The survey tool is not approved" in agenda
    # On another day, other steps are late: the example team's plan runs in a later year.
    later = _text(ReviewAgenda(ws, on=FUTURE + timedelta(days=1)).body)
    assert f"Draft the checklist (Grace Mensah, due {PAST}): late" in later
    assert "Survey patients (Ana, due " in later.split("Late steps")[0]  # fell due since
    assert "1 blocked, 1 late" in _text(PlanSteps(ws, on=FUTURE + timedelta(days=1)).body)


def test_a_value_of_the_wrong_kind_is_refused_and_nothing_is_saved(ws):
    form = MeasureValueForm(ws)
    assert form.measure.options[0][1] == MEASURE
    form.measure.value = MEASURE
    assert "a count out of a total, like 12/40" in _text(form.expected)
    assert "Its goal: 30/40." in _text(form.expected)
    form.fields["value"].value = "12"
    form.fields["collector"].value = "Ana"
    form.save.click()
    assert "Not saved yet. “12” is not a count out of a total" in _text(form.message)
    assert ws.list("measure_value") == []
    form.fields["value"].value = "50/40"
    assert not form.submit() and "between 0 and the total" in _text(form.message)
    assert ws.list("measure_value") == []


def test_a_count_out_of_a_total_is_saved_and_drawn(ws):
    form, charts = MeasureValueForm(ws), RunCharts(ws)
    assert "No values yet." in charts.body.value
    form.measure.value = MEASURE
    form.fields["value"].value = "12/40"
    form.fields["collector"].value = "Ana"
    form.fields["note"].value = HOSTILE
    form.author.value = "Ana"
    on = form.fields["date"].value
    form.save.click()
    assert (f"Saved the value 12/40 of “{MEASURE[2]}” on {on.isoformat()}."
            in _text(form.message))
    assert ws.list("measure_value") == [{
        "strategy": 59, "dimension": MEASURE[1], "measure": MEASURE[2],
        "date": on.isoformat(), "value": "12/40", "collector": "Ana", "note": HOSTILE}]
    html = re.sub(r"<td[^>]*>", "<td>", charts.body.value)  # redrew after the save
    assert "No values yet." not in html
    assert "<svg" in html or "<img" in html  # the run chart
    assert "<td>12/40</td><td>30%</td>" in html
    assert "the goal is 30/40" in html
    assert HOSTILE not in html and "&lt;script&gt;" in html
    # A value saved some other way that does not read as a count is listed, not drawn.
    ws.save("measure_value", {"strategy": 59, "dimension": MEASURE[1], "measure": MEASURE[2],
                              "date": PAST.isoformat(), "value": "about half",
                              "collector": "Ana", "note": ""}, by="Ana")
    assert (f"Not on the chart, as they do not read as count out of a total:</p><ul><li>"
            f"“about half” on {PAST.isoformat()}</li>") in charts.body.value


def _adapt(form: AdaptationForm, **values) -> None:
    form.part.value = values.pop("part")
    form.author.value = "Ana"
    for name, value in {"change": "Monthly, not weekly", "nature": "content",
                        "fidelity": "keeps the core", "goal": "Fit the rota",
                        "reason": "Staff left", "planned": "unplanned, in response to events",
                        "spread": "the whole initiative", **values}.items():
        form.fields[name].value = value


def test_an_adaptation_with_a_new_wording_changes_the_current_specification(ws):
    form, log = AdaptationForm(ws), AdaptationLog(ws)
    assert "No adaptations logged yet." in log.body.value
    _adapt(form, part="dose", strategy=59, new_value="2 hours a week " + HOSTILE)
    assert form.replaced_by.layout.display == "none"  # only for a dropped strategy
    form.fields["decided_by"].ticks[0].value = True  # Ana
    form.fields["decided_by"].others.value = "Dr. Osei"
    form.save.click()
    assert ("Logged a change to the dose of “59. Revise professional roles”."
            in _text(form.message))
    saved = ws.list("adaptation")[0]
    assert saved["decided_by"] == ["Ana", "Dr. Osei"] and saved["replaced_by"] is None
    assert current_specification(ws, 59)[0]["dose"] == "2 hours a week " + HOSTILE
    html = log.body.value
    assert "59. Revise professional roles: version 2 (adapted 1 time)" in html
    assert "2 hours a week &lt;script&gt;" in html and HOSTILE not in html
    assert "Ana, Dr. Osei" in html


def test_a_dropped_and_replaced_strategy_changes_the_plan_and_the_logic_model(ws):
    form, model = AdaptationForm(ws), LogicModelView(ws)
    assert [v for _, v in form.strategy.options] == [59, 15]
    form.part.value = "added the strategy"  # then any ERIC strategy not in the plan
    offered = [v for _, v in form.strategy.options]
    assert 59 not in offered and 10 in offered and len(offered) == 71
    _adapt(form, part="dropped the strategy", strategy=15, replaced_by=10)
    assert form.replaced_by.layout.display is None
    form.fields["decided_by"].value = ["Grace Mensah"]
    assert form.fields["decided_by"].ticks[1].value  # a list of names ticks the roster
    form.save.click()
    assert ("“15. Conduct educational meetings” dropped, replaced by “10. Change liability "
            "laws”.") in _text(form.message)
    assert plan_strategies(ws) == [59, 10]
    assert [v for _, v in form.strategy.options] == [59, 10]  # the form follows the plan
    assert logic_model(ws).strategies == ["59. Revise professional roles",
                                          "10. Change liability laws"]
    html = re.sub(r"<td[^>]*>", "<td>", model.body.value)  # redrew after the save
    assert "Conduct educational meetings" not in html
    # The table carries the same links as the picture: barrier, strategy, mechanism, outcome.
    assert ("<td>Opportunity</td><td>59. Revise professional roles</td>"
            "<td>Frees nurse time</td><td>Feasibility; Reach</td>") in html
    # The replacement acts on the barrier of the strategy it replaced.
    assert "<td>Opportunity</td><td>10. Change liability laws</td><td>mechanism 15</td>" in html
    assert 'download="logic-model.svg"' in html


def test_a_replacement_is_refused_for_a_part_that_is_not_a_dropped_strategy(ws):
    form = AdaptationForm(ws)
    _adapt(form, part="dropped the strategy", strategy=15, replaced_by=10)
    form.part.value = "dose"  # the replacement box is hidden, and emptied with it
    assert form.replaced_by.value is None and form.replaced_by.layout.display == "none"
    form.part.value = "dropped the strategy"
    form.fields["decided_by"].value = []
    form.save.click()
    assert "Not saved yet" in _text(form.message) and "Who decided" in _text(form.message)
    assert ws.list("adaptation") == []


def test_members_then_the_team_rate_again_and_the_change_is_shown(ws):
    ws.viewer = "Ana"  # she rates on her own first, so the team's forms show her the rest
    change = ChangeView(ws)
    assert "not rated again yet" in _text(change.body)
    member = ContextRecheckForm(ws)
    on = member.review.value  # every form below starts on the same day: today
    assert [v for _, v in member.construct.options] == ["IV.Characteristics.C"]
    assert member.kind == "factor_rerating"
    for name, effect, strength in (("Ana", "barrier", 1), ("Grace Mensah", "facilitator", 1)):
        member.construct.value = "IV.Characteristics.C"
        member.fields["member"].value = name
        member.fields["effect"].value, member.fields["strength"].value = effect, strength
        member.fields["note"].value = HOSTILE
        member.save.click()
        assert f"Saved: for the review of {on}, {name} rated" in _text(member.message)
    assert "The team's view in Module 2: barrier, strength 3." in _text(member.before)
    assert len(ws.list("factor_rerating")) == 2
    team = ContextRecheckForm(ws, team=True)
    team.review.value = on
    assert team.kind == "agreed_rerating"
    team.construct.value = "IV.Characteristics.C"
    said = team.before.value
    assert "How members rated it for" in said and "Grace Mensah" in said
    assert HOSTILE not in said and "&lt;script&gt;" in said
    team.fields["effect"].value, team.fields["strength"].value = "barrier", 1
    team.author.value = "Ana"
    team.save.click()
    assert ws.get("agreed_rerating", f"{on}|IV.Characteristics.C")["strength"] == 1
    readiness = ReadinessRecheckForm(ws)
    readiness.review.value = on
    assert readiness.kind == "readiness_rerating"
    readiness.fields["member"].value = "Ana"
    readiness.component.value = "Motivation"
    readiness.fields["rating"].value = 4
    readiness.save.click()
    assert ws.get("readiness_rerating", f"{on}|Ana|Motivation")["rating"] == 4
    together = ReadinessRecheckForm(ws, team=True)
    together.review.value = on
    together.component.value = "Motivation"
    assert "<td>Ana</td><td>4</td>" in together.members_say.value
    together.fields["rating"].value = 5
    together.author.value = "Ana"
    together.save.click()
    assert ws.get("readiness_agreed", f"{on}|Motivation")["rating"] == 5
    html = re.sub(r"<td[^>]*>", "<td>", change.body.value)  # redrew after each team save
    assert f"<td>-3</td><td>-1</td><td>+2</td><td>{on}</td>" in html
    assert f"<td>2.5</td><td>5</td><td>+2.5</td><td>{on}</td>" in html
    assert html.count("<svg") + html.count("<img") == 2  # a chart for each


def test_the_review_log_agenda_and_history(ws, any_store_url):
    agenda, history = ReviewAgenda(ws), ReviewHistory(ws)
    text = _text(agenda.body)
    assert "since the plan was made (no review logged yet)" in text
    assert "Nothing blocked." in text and f"Draft the checklist (Grace Mensah, due {PAST}): " \
                                         "late" in text
    assert "Patients who join" in text  # no value yet
    assert "“Log the review”" in text
    before = date.today()
    form = ReviewForm(ws)
    assert before <= form.date.value <= date.today()  # today, read around the form's making
    on = form.date.value
    form.fields["attendees"].ticks[1].value = True
    form.fields["attendees"].others.value = "Dr. Osei, "
    form.fields["decisions"].value = "Ask the board " + HOSTILE
    form.fields["next_review"].value = FUTURE
    form.author.value = "Ana"
    form.save.click()
    assert (f"Logged the review of {on} with 2 people. Next review: {FUTURE}."
            in _text(form.message))
    assert ws.get("review", on.isoformat())["attendees"] == ["Grace Mensah", "Dr. Osei"]
    assert "Grace Mensah, Dr. Osei" in history.body.value  # redrew after the save
    assert "&lt;script&gt;" in history.body.value and HOSTILE not in history.body.value
    assert f"since the last review, on {on}" in _text(agenda.body)
    again = ReviewForm(ws)
    again.date.value = on  # the review of today comes back, to change
    assert again.fields["decisions"].value == "Ask the board " + HOSTILE
    assert again.fields["next_review"].value == FUTURE
    # A teammate's review elsewhere shows after a refresh.
    Store(any_store_url).team("Eastside").save("review", {
        "date": PAST.isoformat(), "attendees": ["Ana"], "decisions": "Start over",
        "notes": "", "next_review": ""}, by="Ana")
    assert "Start over" not in history.body.value
    history.refresh_button.click()
    html = history.body.value
    assert html.index(on.isoformat()) < html.index("Start over")  # the latest first


def test_module_8_progress(ws):
    form = ModuleProgress(ws, module=8)
    form.status.value = "in progress"
    form.author.value = "Ana"
    form.save.click()
    assert "Module 8 is marked “in progress”." in _text(form.message)


def test_empty_views_say_so(store_url):
    ws = Store(store_url).team("Empty")
    assert "No steps yet" in PlanSteps(ws).body.value
    assert "No outcome measures yet" in RunCharts(ws).body.value
    assert "No strategies in the plan yet" in LogicModelView(ws).body.value
    assert "No review logged yet." in ReviewHistory(ws).body.value
    text = _text(ReviewAgenda(ws).body)
    for empty in ("No step fell due.", "Nothing late.", "Nothing blocked.",
                  "Every measure has a new value."):
        assert empty in text
    html = _text(ChangeView(ws).body)
    assert "No agreed context factors yet" in html and "No readiness ratings yet" in html
    assert StepStatusForm(ws).step.options == ()


def test_one_run_chart_at_a_time_and_every_one_on_the_site(ws, monkeypatch):
    ws.save("outcome_measure", {"strategy": 15, "dimension": "Adoption",
                                "measure": "Sessions held", "source": "log",
                                "collector": "Ana", "timing": "monthly"}, by="Ana")
    for measure, value in ((MEASURE, "12/40"), ((15, "Adoption", "Sessions held"), "3")):
        ws.save("measure_value", {"strategy": measure[0], "dimension": measure[1],
                                  "measure": measure[2], "date": PAST.isoformat(),
                                  "value": value, "collector": "Ana"}, by="Ana")
    charts = RunCharts(ws)
    headings = lambda: re.findall(r"<h4>(.*?)</h4>", unescape(charts.body.value))  # noqa: E731
    assert len(headings()) == 1 and headings()[0].startswith("Patients who join")
    assert "Sessions held" in _text(charts.body)  # in the line per measure above the chart
    charts.picker.value = 1
    assert len(headings()) == 1 and headings()[0].startswith("Sessions held")
    charts.refresh()  # a teammate's save redraws the measure picked, not the first
    assert headings()[0].startswith("Sessions held")
    monkeypatch.setenv("COURSE_EDITION", "site")
    assert len(re.findall(r"<h4>", RunCharts(ws).body.value)) == 2


def test_hiding_the_run_chart_picker_hides_nothing_else(ws):
    """With fewer than two measures the picker is hidden: only it, never the boxes of other
    forms that share a layout with it."""
    form = MeasureValueForm(ws)
    RunCharts(ws)  # one measure: its picker is hidden
    assert all(w.layout.display != "none" for w in (form.measure, form.reading))


def test_where_a_step_stands_follows_the_step_picked_and_survives_module_4(ws):
    """Found in review: a step's reason carried over to the next step picked, the "Now:" line
    went stale after a save, and editing a step in Module 4 wiped where it stands."""
    from widgets import ActionPlanForm

    form = StepStatusForm(ws)
    form.step.value = "Draft the checklist"
    form.fields["status"].value, form.author.value = "blocked", "Ana"
    form.fields["status_reason"].value = "Waiting for the vendor"
    assert form.submit()
    assert "Now: blocked since" in _text(form.now)  # redrawn after the save
    form.step.value = "Survey patients"
    assert form.fields["status_reason"].value == "" and form.fields["status"].value == \
        "not started"
    form.step.value = "Draft the checklist"
    assert form.fields["status_reason"].value == "Waiting for the vendor"
    plan = ActionPlanForm(ws)  # the owner changes in Module 4
    step = ws.get("action_step", "Draft the checklist")
    for name in ("step", "strategy", "owner"):
        plan.fields[name].value = step[name] if name != "owner" else "Ana"
    plan.fields["due"].value = FUTURE
    assert plan.submit()
    again = ws.get("action_step", "Draft the checklist")
    assert (again["owner"], again["status"], again["status_reason"]) == (
        "Ana", "blocked", "Waiting for the vendor")


def test_a_re_rating_form_shows_nothing_of_another_factor_or_date(ws):
    ws.save("agreed_factor", {"construct": "III.C", "effect": "barrier", "strength": 2,
                              "note": ""}, by="Ana")
    form = ContextRecheckForm(ws)
    form.fields["member"].value = "Ana"
    form.construct.value = "IV.Characteristics.C"
    form.fields["effect"].value, form.fields["strength"].value = "facilitator", 3
    form.fields["note"].value = "The new manager backs it"
    assert form.submit()
    form.construct.value = "III.C"
    assert (form.fields["effect"].value, form.fields["strength"].value,
            form.fields["note"].value) == (None, None, "")
    form.construct.value = "IV.Characteristics.C"
    assert form.fields["note"].value == "The new manager backs it"
    review = ReviewForm(ws)
    review.fields["decisions"].value = "Keep the audits"
    review.fields["attendees"].value = ["Ana", "Grace Mensah"]
    review.author.value = "Ana"
    assert review.submit()
    review.date.value = FUTURE
    assert review.fields["decisions"].value == "" and review.fields["attendees"].value == []


def test_a_value_with_no_measure_picked_asks_for_one(ws):
    form = MeasureValueForm(ws)
    form.reading.value, form.fields["collector"].value = "12/40", "Ana"
    assert not form.submit()
    assert _text(form.message).strip() == "Not saved yet. Please pick a measure."


def test_a_strategy_added_at_a_review_can_be_specified_stepped_and_measured(ws):
    from widgets import ActionPlanForm, OutcomeMeasureForm, SpecificationForm

    ws.save("adaptation", {
        "strategy": 15, "date": PAST.isoformat(), "part": "dropped the strategy",
        "change": "stopped", "nature": "content", "goal": "focus", "reason": "no rooms",
        "planned": "planned ahead", "decided_by": ["Ana"], "spread": "the whole initiative",
        "replaced_by": 31}, by="Ana")
    for form in (SpecificationForm(ws), ActionPlanForm(ws), OutcomeMeasureForm(ws)):
        offered = [v for _, v in form.fields["strategy"].options]
        assert 31 in offered and 15 not in offered and 59 in offered


def test_a_strategy_added_or_taken_in_at_a_review_shows_what_it_means(ws):
    form = AdaptationForm(ws)
    form.part.value = "dropped the strategy"
    form.replaced_by.value = 10
    shown = [w.value for w in form.children if isinstance(w, ipw.HTML)
             and "it-meaning" in w.value]
    assert len(shown) == 1 and "In the course's own words, after Powell BJ et al. 2015" in \
        unescape(shown[0])
    form.part.value = "dose"  # the replacement box hidden and emptied: its line too
    assert not [w for w in form.children if isinstance(w, ipw.HTML) and "it-meaning" in w.value]
