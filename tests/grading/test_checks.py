"""The graded checks of a team's work (widgets.grading.checks), on workspaces built for each
case."""

from __future__ import annotations

import pytest

from tests.support.teams import PARTIAL_FAILS, complete_team, partial_team
from widgets import Store, TeamWorkspace
from widgets.analysis.strategies import strategy_label
from widgets.grading import NO_SUBMISSION
from widgets.grading.checks import (
    MODULE_CHECKS,
    CheckNotPassed,
    choice,
    expect,
    get,
    kinds_read,
    run,
)

MODULES = sorted(PARTIAL_FAILS)


@pytest.fixture(scope="module")
def teams():
    store = Store("sqlite://")
    yield {"complete": complete_team(store), "partial": partial_team(store),
           "empty": store.team("Empty Team")}
    store.close()


@pytest.fixture
def ws() -> TeamWorkspace:
    """A fresh copy of the complete team, to break one thing at a time."""
    return complete_team(Store("sqlite://"))


def _failing(ws: TeamWorkspace, module: int) -> set[str]:
    return {c.name for c in MODULE_CHECKS[module] if c(ws)}


@pytest.mark.parametrize("module", sorted(MODULE_CHECKS))
def test_complete_team_passes_every_check(teams, module: int) -> None:
    assert {c.name: c(teams["complete"]) for c in MODULE_CHECKS[module]
            if c(teams["complete"])} == {}


@pytest.mark.parametrize("module", sorted(MODULE_CHECKS))
def test_partial_team_fails_exactly_what_it_left_out(teams, module: int) -> None:
    assert _failing(teams["partial"], module) == PARTIAL_FAILS[MODULES[module]]


@pytest.mark.parametrize("module", sorted(MODULE_CHECKS))
def test_an_empty_workspace_earns_nothing(teams, module: int) -> None:
    for check in MODULE_CHECKS[module]:
        problems = check(teams["empty"])
        assert problems, f"{check.name} passes on an empty workspace"
        assert all(p.endswith((".", ")")) and len(p.split()) >= 5 for p in problems), problems


def test_every_module_has_quality_checks_and_a_meeting() -> None:
    for module, checks in MODULE_CHECKS.items():
        names = [c.name for c in checks]
        assert len(names) == len(set(names)) >= 4, module
        assert all(c.module == module and c.points == 1 and c.title.endswith(".")
                   for c in checks)
        assert ("meeting" in names) is (module < 7)


def test_vague_specification_names_the_dimension(ws: TeamWorkspace) -> None:
    spec = ws.get("specification", "59")
    ws.save("specification", {**spec, "actor": "Head office", "dose": "regularly",
                              "temporality": "TBD"}, by="Sam Lee")
    problems = get(4, "specified")(ws)
    assert len(problems) == 1 and problems[0].startswith(strategy_label(59))
    for said in ("Temporality is empty or a placeholder", "actor is no one on the team",
                 "dose gives no number"):
        assert said in problems[0]


def test_a_strategy_with_no_specification(ws: TeamWorkspace) -> None:
    ws.delete("specification", "46", by="Sam Lee")
    assert get(4, "specified")(ws) == [f"{strategy_label(46)}: not specified yet."]


@pytest.mark.parametrize("owner, ok", [
    ("Grace Mensah", True), ("the team", False), ("Grace and Amara", False),
    ("Someone from IT", False),
])
def test_each_step_has_one_owner_from_the_roster(ws: TeamWorkspace, owner: str,
                                                  ok: bool) -> None:
    ws.save("action_step", {"step": "Book the meeting room", "owner": owner,
                            "due": "2027-02-01"}, by="Sam Lee")
    problems = get(4, "step_owners")(ws)
    assert (not problems) is ok
    if not ok:
        assert f"(owner: {owner})" in problems[0]


def test_two_people_accountable_is_a_gap(ws: TeamWorkspace) -> None:
    ws.save("role_assignment", {"task": strategy_label(59), "member": "Grace Mensah",
                                "role": "accountable"}, by="Sam Lee")
    (problem,) = get(5, "one_accountable")(ws)
    assert "2 people are accountable" in problem and "Grace Mensah" in problem


def test_overload_alone_does_not_fail_the_roles_check(teams) -> None:
    """The course calls an overloaded person a prompt to talk, not a mistake: Amara carries
    three of Riverbend's four strategies, and the role matrix flags it."""
    from widgets.analysis.roles import role_gaps

    assert role_gaps(teams["complete"]) == [
        "Amara Okafor is responsible or accountable for 3 of 4 tasks: is that too much for "
        "one person?"]
    assert get(5, "one_accountable")(teams["complete"]) == []


@pytest.mark.parametrize("decisions, ok", [
    ("Approve Grace's role by 1 March.\nDecide on funding by June 2027.", True),
    ("Approve Grace's role.", False),
    ("Decide on year-2 funding.", False),  # "2" is not a date
    ("Decide on funding by 2027-06-30.", True),
])
def test_each_decision_for_leaders_says_by_when(ws: TeamWorkspace, decisions: str,
                                                ok: bool) -> None:
    ws.save("leader_plan", {**ws.get("leader_plan", ""), "decisions": decisions}, by="Sam Lee")
    assert (not get(5, "leader_plan")(ws)) is ok


def test_a_vague_ask_to_leaders(ws: TeamWorkspace) -> None:
    ws.save("leader_plan", {**ws.get("leader_plan", ""), "asks": "Support."}, by="Sam Lee")
    (problem,) = get(5, "leader_plan")(ws)
    assert "“Support.”" in problem


def test_a_strategy_measured_only_by_the_programs_effects(ws: TeamWorkspace) -> None:
    measure = next(m for m in ws.list("outcome_measure") if m["strategy"] == 35)
    ws.delete("outcome_measure", f"35|{measure['dimension']}|{measure['measure']}", by="Sam Lee")
    ws.save("outcome_measure", {**measure, "dimension": "Efficacy (RE-AIM)",
                                "measure": "Patients' confidence managing diabetes"},
            by="Sam Lee")
    (problem,) = get(6, "implementation_outcomes")(ws)
    assert problem.endswith(f"{strategy_label(35)}.")


def test_a_collector_who_is_not_on_the_team(ws: TeamWorkspace) -> None:
    measure = ws.list("outcome_measure")[0]
    ws.save("outcome_measure", {**measure, "collector": "the data office"}, by="Sam Lee")
    (problem,) = get(6, "measures_complete")(ws)
    assert "“the data office” collects it but is not on your roster" in problem


def test_a_mechanism_that_says_nothing(ws: TeamWorkspace) -> None:
    decision = ws.get("strategy_decision", "III.F|46")
    ws.save("strategy_decision", {**decision, "reason": "Good idea."}, by="Sam Lee")
    (problem,) = get(3, "mechanisms")(ws)
    assert f"{strategy_label(46)} for Compatibility" in problem


@pytest.mark.parametrize("reason, said", [
    ("It is a good strategy to use here.", False),  # seven words of praise: no how
    ("This is an effective and important evidence-based strategy.", False),
    ("A nurse champion keeps matching on the agenda at staff huddles.", True),
    ("It is a good fit because patients choose the times, so more of them come.", True),
])
def test_a_mechanism_says_how_not_only_that_the_strategy_is_good(
        ws: TeamWorkspace, reason: str, said: bool) -> None:
    decision = ws.get("strategy_decision", "III.F|46")
    ws.save("strategy_decision", {**decision, "reason": reason}, by="Sam Lee")
    assert (get(3, "mechanisms")(ws) == []) is said


def test_a_long_list_of_strategies_for_one_barrier(ws: TeamWorkspace) -> None:
    for sid in (1, 2, 3):
        ws.save("strategy_decision", {"construct": "III.F", "strategy": sid,
                                      "decision": "accepted", "source": "team's own",
                                      "reason": "It changes when and where patients can meet."},
                by="Sam Lee")
    (problem,) = get(3, "short_list")(ws)
    assert "Compatibility (4)" in problem


def test_agreements_too_vague_to_check(ws: TeamWorkspace) -> None:
    ws.save("agreements", {**ws.get("agreements", ""), "agreements": "- Respect\n- Be kind"},
            by="Sam Lee")
    problems = get(0, "agreements")(ws)
    assert "at least 3 working agreements" in problems[0]
    assert "“Respect”; “Be kind”" in problems[1]


@pytest.mark.parametrize("name, came_from, ok", [
    ("Sam Lee", "a member of the team", True),
    ("Rosa Delgado", "an alumnus of an earlier cohort", True),
    ("Rosa Delgado", "a member of another team", True),
    ("Rosa Delgado", "someone else", True),
    ("Rosa Delgado", "a member of the team", False),  # said to be a member, but is not
    ("tbd", "someone else", False),  # no one named yet
    ("n/a", "an alumnus of an earlier cohort", False),
])
def test_a_facilitator_from_the_roster_or_recorded_as_from_outside(
        ws: TeamWorkspace, name: str, came_from: str, ok: bool) -> None:
    """An alumnus of an earlier cohort or a member of another team may facilitate without
    being on the roster, once the team says where they come from."""
    ws.save("agreements", {**ws.get("agreements", ""), "facilitator": name,
                           "facilitator_from": came_from}, by="Sam Lee")
    assert (not get(0, "facilitator")(ws)) is ok


def test_a_facilitator_not_on_the_roster_is_told_both_ways_to_fix_it(ws: TeamWorkspace) -> None:
    agreements = ws.get("agreements", "")
    del agreements["facilitator_from"]  # as agreements saved before the choice existed read
    ws.save("agreements", {**agreements, "facilitator": "Rosa Delgado"}, by="Sam Lee")
    assert ws.get("agreements", "")["facilitator_from"] == "a member of the team"
    (problem,) = get(0, "facilitator")(ws)
    assert problem.startswith("“Rosa Delgado” facilitates, but is not on your roster.")
    assert "add them to the roster" in problem
    assert "“an alumnus of an earlier cohort” or “a member of another team”" in problem


def test_too_few_perspectives(ws: TeamWorkspace) -> None:
    for m in ws.members():
        ws.save("member", {**m, "perspective": "implementer"}, by="Sam Lee")
    (problem,) = get(0, "perspectives")(ws)
    assert "1 different perspective(s): implementer" in problem and "lived experience" in problem


def test_a_meeting_with_one_person(ws: TeamWorkspace) -> None:
    meeting = next(m for m in ws.list("meeting") if m["module"] == 4)
    ws.save("meeting", {**meeting, "attendees": ["Amara Okafor"]}, by="Sam Lee")
    assert "only one person" in get(4, "meeting")(ws)[0]


def test_a_long_list_of_problems_names_the_first_few(teams) -> None:
    (problem,) = get(5, "readiness")(teams["partial"])
    assert problem.endswith("; and 12 more.")


def test_run_passes_quietly_or_says_what_to_fix(teams, capsys) -> None:
    run(teams["complete"], 4, "specified")
    assert capsys.readouterr().out.startswith("Passed: Every chosen strategy is specified")
    with pytest.raises(CheckNotPassed) as failed:
        run(teams["partial"], 4, "specified")
    message = str(failed.value)
    assert message.startswith("Not yet: Every chosen strategy is specified")
    assert "- 15. Conduct educational meetings: Dose" in message
    assert "Fix it in the Module 4 notebook or app" in message
    with pytest.raises(CheckNotPassed, match="No workspace file was submitted"):
        run(None, 4, "specified")
    assert NO_SUBMISSION.startswith("No workspace file was submitted")
    with pytest.raises(KeyError, match="no check called 'nope'"):
        run(teams["complete"], 4, "nope")


@pytest.mark.parametrize("typed, letter", [
    ("b", "B"), (" B) ", "B"), ("(c)", "C"), ("D) It does not help", "D"), ("a.", "A"),
])
def test_an_answer_is_one_letter(typed: str, letter: str, capsys) -> None:
    assert choice(2, typed) == letter
    assert f"Question 2 is answered ({letter})" in capsys.readouterr().out


@pytest.mark.parametrize("typed, message", [
    ("", "Question 3 has no answer yet"), (None, "Question 3 has no answer yet"),
    ("E", "“E” is not one of the choices for question 3"),
    ("Outer Setting", "is not one of the choices"),
])
def test_an_answer_that_is_not_a_choice(typed: object, message: str) -> None:
    with pytest.raises(CheckNotPassed, match=message):
        choice(3, typed)


def test_expect() -> None:
    expect(True, "never shown")
    with pytest.raises(CheckNotPassed, match="^Question 1: re-read$"):
        expect(False, "Question 1: re-read")


def test_what_a_module_reads() -> None:
    assert kinds_read(4) == ["strategy", "specification", "action_step", "member", "meeting"]
    assert kinds_read(99) == []


def test_a_review_needs_people_and_decisions(ws: TeamWorkspace) -> None:
    check = get(8, "review_with_decisions")
    for r in ws.list("review"):
        ws.delete("review", r["date"], by="Sam Lee")
    assert "No review meeting" in check(ws)[0]
    ws.save("review", {"date": "2027-08-05", "attendees": ["Sam Lee"],
                       "decisions": "Keep going with everything as planned"}, by="Sam Lee")
    assert "one person" in check(ws)[0]
    ws.save("review", {"date": "2027-08-05", "attendees": ["Sam Lee", "Tom Becker"],
                       "decisions": "ok"}, by="Sam Lee")
    assert "Write what your team decided" in check(ws)[0]


def test_an_adaptation_without_its_reason_is_named(ws: TeamWorkspace) -> None:
    a = ws.list("adaptation")[0]
    ws.save("adaptation", {**a, "reason": "tbd"}, by="Sam Lee")
    [problem] = get(8, "adaptations_explained")(ws)
    assert problem.startswith(f"The change of {a['date']} to {strategy_label(a['strategy'])}")
    assert "its reason" in problem and "who decided" not in problem


def test_a_measure_of_a_running_strategy_with_no_value_is_named(ws: TeamWorkspace) -> None:
    check = get(8, "measures_have_values")
    m = next(m for m in ws.list("outcome_measure") if m["strategy"] == 59)
    ws.save("outcome_measure", {**m, "measure": "A new count nobody has taken"}, by="Sam Lee")
    assert "A new count nobody has taken" in check(ws)[0]


def test_an_initiative_of_a_learning_group_counts_its_critical_friends(ws) -> None:
    """A group where each person brings an initiative: the initiative's one person and the
    group's others, as critical friends, make a roster with the mix; friends alone do not."""
    by_name = {c.name: c for c in MODULE_CHECKS[0]}
    members = ws.members()
    for m in members[1:]:
        ws.save("member", {**m, "involvement": "critical friend"}, by="x")
    assert by_name["roster"](ws) == [] and by_name["perspectives"](ws) == []
    ws.save("member", {**members[0], "involvement": "critical friend"}, by="x")
    [problem] = by_name["roster"](ws)
    assert problem.startswith("Everyone on your roster is a critical friend.")
