"""Module 8's meaning of a team's follow-through: where steps stand, the review agenda, measure
values, adaptations, re-ratings and the logic model; on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from widgets.analysis import review
from widgets.store import Store, TeamWorkspace, ValidationError, example_workspace, schema

ME = "Ana Lopez"
DAY = date(2027, 6, 1)


def _step(ws: TeamWorkspace, step: str, due: str, status: str = "not started", **more) -> None:
    ws.save("action_step", {"step": step, "strategy": 19, "owner": ME, "due": due,
                            "status": status, **more}, by=ME)


def _measure(ws: TeamWorkspace, strategy: int, measure: str, value_type: str,
             goal: str = "") -> None:
    ws.save("outcome_measure", {"strategy": strategy, "dimension": "Adoption",
                                "measure": measure, "source": "records", "collector": ME,
                                "timing": "monthly", "value_type": value_type, "goal": goal},
            by=ME)


def _value(ws: TeamWorkspace, strategy: int, measure: str, day: str, value: str) -> None:
    ws.save("measure_value", {"strategy": strategy, "dimension": "Adoption", "measure": measure,
                              "date": day, "value": value, "collector": ME}, by=ME)


def _chosen(ws: TeamWorkspace, *strategies: int) -> None:
    for s in strategies:
        ws.save("strategy", {"strategy": s, "barriers": ["III.J"], "reason": f"why {s}"}, by=ME)


def _adapt(ws: TeamWorkspace, strategy: int, day: str, part: str, **more) -> None:
    ws.save("adaptation", {
        "strategy": strategy, "date": day, "part": part, "change": "a change",
        "nature": "content", "goal": "fit the clinic", "reason": "staff left",
        "planned": "planned ahead", "decided_by": [ME], "spread": "the whole initiative",
        **more}, by=ME)


@pytest.fixture
def ws(store_url: str) -> TeamWorkspace:
    return Store(store_url).team("Eastside")


def test_late_and_blocked_steps_come_first_then_by_due_date(ws: TeamWorkspace) -> None:
    _step(ws, "done early", "2027-01-01", "done", status_date="2027-01-02")
    _step(ws, "later", "2027-09-01")
    _step(ws, "overdue", "2027-05-01", "under way")
    _step(ws, "stuck", "2027-08-01", "blocked", status_reason="no room booked")
    _step(ws, "gone", "2027-02-01", "dropped", status_reason="not needed any more")
    rows = review.step_rows(ws, DAY)
    assert [(r[0], r[3]) for r in rows] == [
        ("blocked", "stuck"), ("late", "overdue"), ("not started", "later"),
        ("done", "done early"), ("dropped", "gone")]
    assert rows[0][-1] == "no room booked"
    assert review.step_counts(ws, DAY) == {"blocked": 1, "late": 1, "under way": 0,
                                           "not started": 1, "done": 1, "dropped": 1}


def test_a_blocked_or_dropped_step_must_say_why(ws: TeamWorkspace) -> None:
    for status in ("blocked", "dropped"):
        with pytest.raises(ValidationError, match="needs a reason"):
            _step(ws, "stuck", "2027-08-01", status)
    assert ws.list("action_step") == []


def test_steps_and_measures_saved_before_they_had_a_status_read_as_not_started(
        any_store_url: str) -> None:
    """An entry as the course wrote it before Module 8: no status, no kind of value."""
    store = Store(any_store_url)
    ws = store.team("Eastside")
    old = {"action_step": {"step": "Book the room", "strategy": 19, "owner": ME,
                           "due": "2027-01-15"},
           "outcome_measure": {"strategy": 19, "dimension": "Adoption", "measure": "Clinics",
                               "source": "records", "collector": ME, "timing": "monthly"}}
    with store.writing() as conn:
        team_id = conn.execute(schema.teams.select()).first().id
        for kind, data in old.items():
            conn.execute(schema.records.insert().values(
                team_id=team_id, kind=kind, key="x", data=json.dumps(data), version=1,
                updated_by=ME, updated_at="2026-11-01T09:00:00+00:00", deleted=0))
    step = Store(any_store_url).team("Eastside").list("action_step")[0]
    assert (step["status"], step["status_date"], step["status_reason"]) == ("not started", "",
                                                                             "")
    assert review.step_rows(ws, date(2027, 1, 1))[0][0] == "not started"
    assert review.step_rows(ws, DAY)[0][0] == "late"
    assert ws.list("outcome_measure")[0]["value_type"] == "number"


@pytest.mark.parametrize(("kind", "text", "number"), [
    ("number", "42", 42.0), ("number", "3,5", 3.5), ("percentage", "60 %", 60.0),
    ("count out of a total", "12/40", 30.0), ("count out of a total", "3 out of 4", 75.0),
    ("yes or no", "Yes", 1.0), ("yes or no", "no", 0.0), ("rating from 1 to 5", "4", 4.0)])
def test_values_are_read_as_what_they_are(kind: str, text: str, number: float) -> None:
    assert review.read_value(kind, text) == number


@pytest.mark.parametrize(("kind", "text", "says"), [
    ("number", "about ten", "not a number"), ("percentage", "140", "between 0 and 100"),
    ("count out of a total", "12", "like 12/40"), ("count out of a total", "50/40", "between"),
    ("count out of a total", "0/0", "total must be more than 0"),
    ("number", "1,000", "write a thousand as 1000"), ("number", "12,500", "two ways"),
    ("yes or no", "maybe", "not yes or no"),
    ("rating from 1 to 5", "4.5", "whole number from 1 to 5")])
def test_a_value_that_does_not_read_says_how_to_write_it(kind: str, text: str,
                                                         says: str) -> None:
    with pytest.raises(ValueError, match=says):
        review.read_value(kind, text)


def test_measure_values_in_date_order_keep_what_does_not_read(ws: TeamWorkspace) -> None:
    _measure(ws, 19, "Clinics using it", "count out of a total", goal="8/10")
    _value(ws, 19, "Clinics using it", "2027-03-01", "4/10")
    _value(ws, 19, "Clinics using it", "2027-02-01", "2/10")
    _value(ws, 19, "Clinics using it", "2027-04-01", "most of them")
    _value(ws, 19, "An old measure", "2027-01-01", "7")  # its measure was renamed since
    current, retired = review.measure_series(ws)
    assert [(d.isoformat(), v) for d, v, _ in current.points] == [("2027-02-01", 20.0),
                                                                 ("2027-03-01", 40.0)]
    assert current.goal == 80.0
    assert [v["value"] for v in current.unreadable] == ["most of them"]
    assert current.latest == date(2027, 4, 1)
    assert retired.retired and "no longer in the plan" in retired.label
    assert [v for _, v, _ in retired.points] == [7.0]


def test_the_agenda_looks_at_what_happened_since_the_last_review(ws: TeamWorkspace) -> None:
    _chosen(ws, 19, 31)
    _measure(ws, 19, "Clinics", "number")
    _measure(ws, 31, "Sessions", "number")
    ws.save("review", {"date": "2027-05-01", "attendees": [ME, "Bo Chen"],
                       "decisions": "Keep going with the audits"}, by=ME)
    _step(ws, "due before the review", "2027-04-20", "done", status_date="2027-04-19")
    _step(ws, "due since", "2027-05-20", "under way", status_date="2027-05-10")
    _step(ws, "not due yet", "2027-07-01")
    _value(ws, 19, "Clinics", "2027-04-15", "3")  # before the review
    _value(ws, 31, "Sessions", "2027-05-15", "6")  # since
    a = review.agenda(ws, DAY)
    assert a.since == date(2027, 5, 1)
    assert [s["step"] for s in a.due] == ["due since"]
    assert [s["step"] for s in a.late] == ["due since"]
    assert [m["measure"] for m in a.quiet_measures] == ["Clinics"]
    assert a.quiet_strategies == []  # 19 moved a step, 31 got a value
    before_any = review.agenda(ws, date(2027, 4, 30))
    assert before_any.since is None and len(before_any.due) == 1


def test_adaptations_give_the_current_version_and_the_strategies_the_plan_runs(
        ws: TeamWorkspace) -> None:
    _chosen(ws, 19, 31)
    ws.save("specification", {"strategy": 19, "actor": ME, "action": "audit charts",
                              "action_target": "nurses", "temporality": "from March",
                              "dose": "weekly", "outcome": "Adoption",
                              "justification": "seeing gaps moves people"}, by=ME)
    _adapt(ws, 19, "2027-04-01", "dose", new_value="monthly")
    _adapt(ws, 19, "2027-05-01", "dose", new_value="every two months")
    _adapt(ws, 31, "2027-05-02", "dropped the strategy", replaced_by=4)
    spec, changes = review.current_specification(ws, 19)
    assert spec["dose"] == "every two months" and spec["actor"] == ME and len(changes) == 2
    assert review.plan_strategies(ws) == [19, 4]
    assert [r[1] for r in review.adaptation_rows(ws)][0].startswith("31.")
    assert "replaced by 4." in review.adaptation_rows(ws)[0][3]
    _adapt(ws, 31, "2027-05-20", "added the strategy")
    assert review.plan_strategies(ws) == [19, 31, 4]
    with pytest.raises(ValidationError, match="Only a dropped strategy"):
        _adapt(ws, 19, "2027-06-01", "actor", replaced_by=4)


def test_re_ratings_show_how_each_factor_and_readiness_moved(ws: TeamWorkspace) -> None:
    for code, effect, strength in (("III.J", "barrier", 3), ("II.A", "facilitator", 1),
                                   ("III.E", "barrier", 2)):
        ws.save("agreed_factor", {"construct": code, "effect": effect, "strength": strength},
                by=ME)
    ws.save("agreed_rerating", {"review": "2027-05-01", "construct": "III.J",
                                "effect": "barrier", "strength": 1}, by=ME)
    ws.save("agreed_rerating", {"review": "2027-03-01", "construct": "II.A",
                                "effect": "facilitator", "strength": 3}, by=ME)
    ws.save("agreed_rerating", {"review": "2027-05-01", "construct": "II.A",
                                "effect": "barrier", "strength": 1}, by=ME)
    moved = {c.code: (c.first, c.latest, c.moved, c.when) for c in review.context_change(ws)}
    assert moved == {"III.J": (-3, -1, 2, "2027-05-01"), "II.A": (1, -1, -2, "2027-05-01"),
                     "III.E": (-2, None, None, "")}
    for member, rating in ((ME, 2), ("Bo Chen", 3), ("Cy Dee", 5)):
        ws.save("readiness", {"member": member, "component": "Motivation", "rating": rating},
                by=member)
    ws.save("readiness_agreed", {"review": "2027-05-01", "component": "Motivation",
                                 "rating": 4}, by=ME)
    [motivation] = review.readiness_change(ws)
    assert (motivation.first, motivation.latest, motivation.moved) == (3, 4, 1)


def test_the_logic_model_links_determinants_strategies_mechanisms_and_outcomes(
        ws: TeamWorkspace) -> None:
    ws.save("strategy", {"strategy": 19, "barriers": ["III.J", "II.A"], "reason": "why"},
            by=ME)
    ws.save("strategy", {"strategy": 31, "barriers": ["III.J"], "reason": "peers persuade"},
            by=ME)
    ws.save("specification", {"strategy": 19, "actor": ME, "action": "audit charts",
                              "action_target": "nurses", "temporality": "from March",
                              "dose": "weekly", "outcome": "Fidelity",
                              "justification": "seeing gaps moves people"}, by=ME)
    _measure(ws, 31, "Clinics", "number")
    _adapt(ws, 19, "2027-04-01", "justification", new_value="feedback moves people")
    model = review.logic_model(ws)
    assert model.determinants == ["Critical Incidents", "Available Resources"]  # CFIR order
    assert model.strategies[0].endswith("(adapted once)")
    assert model.mechanisms == ["feedback moves people", "peers persuade"]
    assert model.outcomes == ["Fidelity", "Adoption"]
    assert ((1, 0), (2, 0)) in model.links and ((2, 1), (3, 1)) in model.links
    assert sum(1 for a, _ in model.links if a[0] == 0) == 3  # two barriers, then one
    assert not review.logic_model(Store("sqlite://").team("Empty")).strategies


def test_last_activity_is_the_latest_thing_recorded_in_follow_through(
        ws: TeamWorkspace) -> None:
    assert review.last_activity(ws) is None
    _step(ws, "one", "2027-01-01", "done", status_date="2027-02-03")
    _measure(ws, 19, "Clinics", "number")
    _value(ws, 19, "Clinics", "2027-01-20", "3")
    assert review.last_activity(ws, DAY) == date(2027, 2, 3)
    assert review.last_activity(ws, date(2027, 1, 31)) == date(2027, 1, 20)  # not yet then


def test_a_replacement_strategy_acts_on_the_barriers_of_the_one_it_replaced(
        ws: TeamWorkspace) -> None:
    ws.save("strategy", {"strategy": 31, "barriers": ["III.J"], "reason": "peers persuade"},
            by=ME)
    _adapt(ws, 31, "2027-05-02", "dropped the strategy", replaced_by=4)
    model = review.logic_model(ws)
    assert model.strategies == ["4. Assess for readiness and identify barriers and "
                                "facilitators"]
    assert model.determinants == ["Available Resources"] and ((0, 0), (1, 0)) in model.links


def test_the_example_is_seen_on_the_eve_of_its_last_review_while_that_is_to_come() -> None:
    example = example_workspace()
    last = max(date.fromisoformat(r["date"]) for r in example.list("review"))
    if last > date.today():  # the story is set ahead of us
        assert review.today(example) == last - timedelta(days=1)
        a = review.agenda(example)
        assert a.since is not None and a.since < last and (a.due or a.late or a.blocked)
    real = Store("sqlite://").team("Eastside")
    real.save("review", {"date": "2099-01-01", "attendees": [ME, "Bo"], "decisions": "x"},
              by=ME)
    assert review.today(real) == date.today()  # a team's own plan: today, always


def test_a_dropped_strategys_measures_leave_the_agenda(ws: TeamWorkspace) -> None:
    _chosen(ws, 19, 31)
    _measure(ws, 19, "Clinics", "number")
    _measure(ws, 31, "Sessions", "number")
    _adapt(ws, 31, "2027-05-02", "dropped the strategy")
    assert [m["measure"] for m in review.agenda(ws, DAY).quiet_measures] == ["Clinics"]


def test_a_chain_of_replacements_keeps_its_barriers_whatever_order_it_was_logged_in(
        ws: TeamWorkspace) -> None:
    ws.save("strategy", {"strategy": 31, "barriers": ["III.J"], "reason": "peers"}, by=ME)
    _adapt(ws, 4, "2027-06-01", "dropped the strategy", replaced_by=19)  # logged first
    _adapt(ws, 31, "2027-05-01", "dropped the strategy", replaced_by=4)  # happened first
    model = review.logic_model(ws)
    assert [s[:3] for s in model.strategies] == ["19."]
    assert model.determinants == ["Available Resources"]
