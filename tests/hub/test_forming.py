"""Forming a cohort's teams: a proposal that mixes perspectives, keeps each initiative's people
together and spreads those who have taken the course before; the proposal as a file the
facilitator edits, read back with plain messages naming the line."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace
from pathlib import Path

import pytest

from widgets.hub.forming import (
    PROPOSAL_COLUMNS,
    Candidate,
    ProposedTeam,
    hub_roster_csv,
    initiative_teams,
    proposal_csv,
    propose,
    read_intake,
    read_proposal,
    roster_entries,
    summary,
)
from widgets.hub.roster import RosterError, read_roster

SIX = ("implementer", "researcher", "evaluator", "manager", "community partner",
       "lived experience")
ORGS = ("Riverside Clinic", "County Health", "Family Network")
INTAKE = "Name,Organisation,Perspective,Initiative,Taken_Before,USERNAME\n"


def eighteen() -> list[Candidate]:
    """18 people, written perspective by perspective (so teams cut from the list in order would
    each hold two perspectives), three of them one initiative, two who took the course."""
    people = [Candidate(f"{p.title()} {n}", ORGS[(i + n) % 3], p, taken_before=(i, n) in
                        {(0, 2), (3, 3)}) for i, p in enumerate(SIX) for n in range(1, 4)]
    walk = "Walk With Ease"  # an initiative of three: two implementers and their manager
    return [replace(c, organisation=ORGS[0], initiative=walk) if c.name in
            {"Implementer 1", "Implementer 2", "Manager 1"} else c for c in people]


def _names(team: ProposedTeam) -> set[str]:
    return {m.name for m in team.members}


def test_eighteen_people_make_three_mixed_teams_of_six() -> None:
    teams = propose(eighteen(), 6)
    assert [len(t.members) for t in teams] == [6, 6, 6]
    assert all(len(t.perspectives) >= 3 for t in teams)
    # as mixed as can be: the initiative's team holds two implementers, and only one other
    # team can have the third, so 5 + 6 + 5 different perspectives
    assert sorted(len(t.perspectives) for t in teams) == [5, 5, 6]
    assert all(len(t.organisations) >= 2 for t in teams)
    homes = [t for t in teams if "Implementer 1" in _names(t)]
    assert {"Implementer 1", "Implementer 2", "Manager 1"} <= _names(homes[0])
    # the two who took the course before are candidates to facilitate two different teams
    assert sorted(len(t.taken_before) for t in teams) == [0, 1, 1]
    assert sorted(n for t in teams for n in t.taken_before) == ["Implementer 2", "Manager 3"]
    assert [t.name for t in teams] == ["Team 1", "Team 2", "Team 3"]


def test_those_who_have_taken_the_course_before_are_spread_over_the_teams() -> None:
    people = [Candidate("P0", "A", "researcher"), Candidate("P1", "A", "implementer"),
              Candidate("P2", "A", "researcher", taken_before=True),
              Candidate("P3", "A", "manager"), Candidate("P4", "B", "manager", taken_before=True),
              Candidate("P5", "B", "researcher")]
    teams = propose(people, 5)
    assert [len(t.taken_before) for t in teams] == [1, 1]
    assert sorted(len(t.perspectives) for t in teams) == [2, 3]  # three researchers


def test_the_same_people_in_any_order_give_the_same_proposal() -> None:
    people = eighteen()
    first = propose(people, 6)
    assert propose(people, 6) == first
    for seed in range(5):
        shuffled = people[:]
        random.Random(seed).shuffle(shuffled)
        assert propose(shuffled, 6) == first


def test_no_team_is_larger_than_the_size_and_sizes_are_even() -> None:
    people = eighteen() + [Candidate(f"Leader {n}", "", "leader") for n in range(2)]
    assert [len(t.members) for t in propose(people, 6)] == [5, 5, 5, 5]
    assert [len(t.members) for t in propose(people[:13], 6)] == [5, 4, 4]
    assert [len(t.members) for t in propose(people[:4], 6)] == [4]


def test_an_initiative_larger_than_the_size_is_a_team_of_its_own_and_says_so() -> None:
    big = [Candidate(f"Big {n}", "Metro", SIX[n % 6], "Metro Falls Project") for n in range(8)]
    teams = propose(big + eighteen()[3:], 6)
    assert _names(teams[0]) == {c.name for c in big}
    assert "“Metro Falls Project” has 8 people, more than the team size of 6" in \
        teams[0].warnings[0]
    assert all(len(t.members) <= 6 for t in teams[1:])
    assert sum(len(t.members) for t in teams) == 23


def test_initiatives_that_do_not_pack_get_a_team_more() -> None:
    people = [Candidate(f"{i} {n}", "Org", SIX[n], f"Initiative {i}") for i in "ABC"
              for n in range(4)]
    teams = propose(people, 6)
    assert sorted(sorted(_names(t)) for t in teams) == [
        [f"{i} {n}" for n in range(4)] for i in "ABC"]


def test_a_team_says_what_to_look_at() -> None:
    few = ProposedTeam("Team 1", (Candidate("Ana", "A", "researcher"),
                                  Candidate("Bo", "A", "researcher"),
                                  Candidate("Cy", "B", "manager")))
    assert few.perspectives == ["researcher", "manager"]
    assert few.organisations == ["A", "B"] and few.taken_before == []
    assert [w.split(" ")[0:3] for w in few.warnings] == [["Only", "2", "perspectives"],
                                                         ["No", "one", "has"]]
    mixed = ProposedTeam("Team 2", (*few.members, Candidate("Di", "", "leader", "", True)))
    assert mixed.warnings == [] and mixed.taken_before == ["Di"]
    text = summary([few, mixed])
    assert "Team 1: 3 people\n  Perspectives: researcher, manager\n" in text
    assert "  - Ana, researcher; A\n" in text
    assert "Has taken the course before (can facilitate): no one\n  Warning: Only 2" in text
    assert text.endswith("  - Di, leader\n  Has taken the course before (can facilitate): Di\n")


def _write(tmp_path: Path, text: str, name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_an_intake_file_is_read_with_tolerant_headers(tmp_path: Path) -> None:
    path = _write(tmp_path, INTAKE + (
        "  María   López ,Riverside Clinic,Community  Partner,Walk With Ease,YES,maria-lopez\n"
        ",,,,,\n"
        "Sam Lee,,lived experience,,,\n"))
    assert read_intake(path) == [
        Candidate("María López", "Riverside Clinic", "community partner", "Walk With Ease",
                  True, "maria-lopez"),
        Candidate("Sam Lee", "", "lived experience")]
    minimal = _write(tmp_path, "name,Organization,perspective\nAna,A,leader\n", "min.csv")
    assert read_intake(minimal) == [Candidate("Ana", "A", "leader")]


def test_a_proposal_edited_in_a_spreadsheet_is_read_back(tmp_path: Path) -> None:
    teams = propose(eighteen(), 6)
    path = _write(tmp_path, proposal_csv(teams))
    assert read_proposal(path) == teams
    rows = list(csv.reader(io.StringIO(proposal_csv(teams))))
    assert tuple(rows[0]) == PROPOSAL_COLUMNS and len(rows) == 19
    # the facilitator renames Team 2 and moves one of the initiative's people into it
    edited = [rows[0]] + [[("Westside" if r[0] == "Team 2" else r[0]), *r[1:]] for r in rows[1:]]
    moved = next(r for r in edited if r[1] == "Manager 1")
    moved[0] = "Westside"
    out = io.StringIO()
    csv.writer(out).writerows(edited)
    back = read_proposal(_write(tmp_path, out.getvalue(), "edited.csv"))
    assert [t.name for t in back] == ["Team 1", "Westside", "Team 3"] or \
        [t.name for t in back] == ["Westside", "Team 1", "Team 3"]
    westside = next(t for t in back if t.name == "Westside")
    assert "Manager 1" in _names(westside) and len(westside.members) == 7
    home = next(t for t in back if "Implementer 1" in _names(t))
    assert "The initiative “Walk With Ease” also has people in Westside" in home.warnings[0]
    assert "also has people in" in westside.warnings[0]


def test_formula_text_stays_text_in_the_proposal_and_reads_back_as_typed(tmp_path: Path) -> None:
    typed = Candidate("=cmd|' /C calc'!A0", "+Org", "leader", "@SUM(A1)", username="ana")
    text = proposal_csv([ProposedTeam("-Team", (typed,))])
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not [c for c in cells if c.startswith(tuple("=+-@"))]
    assert "'=cmd|' /C calc'!A0" in cells and "'-Team" in cells
    assert read_proposal(_write(tmp_path, text)) == [ProposedTeam("-Team", (typed,))]
    roster = [c for row in csv.reader(io.StringIO(hub_roster_csv([ProposedTeam("-T", (typed,))])))
              for c in row]
    assert not [c for c in roster if c.startswith(tuple("=+-@"))]


@pytest.mark.parametrize(("rows", "message"), [
    ("Team 1,Ana,A,chef,,,,\n", "file.csv, line 2: the perspective “chef” is not one of"),
    ("Team 1,Ana,A,,,,,\n", "line 2: the perspective “” is not one of"),
    ("Team 1,Ana,A,leader,,,,\n\n ,Bo,B,leader,,,,\n", "line 4: no team. Write the name"),
    ('Team 1,"Ana\nLee",A,leader,,,,\nTeam 1,Bo,B,chef,,,,\n', "line 4: the perspective “chef”"),
    ("Team 1,Ana,A,leader,,,,\nTeam 2,ana,B,manager,,,,\n",
     "line 3: ana is already on line 2 \\(in Team 1\\). A person is in one team"),
    ("Team 1,Ana,A,leader,,,ana,\nTeam 2,Bo,B,manager,,,ana,\n",
     "line 3: Bo is already on line 2"),
    ("Team 1,Ana,A,leader,,maybe,,\n", "line 2: “taken before” is “maybe”; write yes or no"),
    ("Team 1,Ana,A,leader,,,Ana Lee,\n", "line 2: “Ana Lee” cannot be a username"),
    ("Team 1,Ana\x1b[2J,A,leader,,,,\n", "line 2: “name” contains an invisible control"),
    ("", "names no one"),
])
def test_a_proposal_with_a_mistake_is_refused_saying_where(tmp_path: Path, rows: str,
                                                           message: str) -> None:
    with pytest.raises(RosterError, match=message):
        read_proposal(_write(tmp_path, ",".join(PROPOSAL_COLUMNS) + "\n" + rows))


def test_files_without_the_columns_say_which(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="The intake file .* has no column perspective"):
        read_intake(_write(tmp_path, "name,organisation\nAna,A\n"))
    with pytest.raises(RosterError, match="The proposal .* has no column team"):
        read_proposal(_write(tmp_path, INTAKE + "Ana,A,leader,,,\n"))
    with pytest.raises(RosterError, match="cannot be read"):
        read_intake(tmp_path / "missing.csv")
    with pytest.raises(RosterError, match="line 3: ANA is already on line 2. A person"):
        read_intake(_write(tmp_path, INTAKE + "Ana,A,leader,,,\nANA,B,manager,,,\n"))


def test_the_hub_roster_lists_each_team_and_names_who_has_no_username(tmp_path: Path) -> None:
    teams = [ProposedTeam("Eastside", (Candidate("María López", "A", "leader", username="maria"),
                                       Candidate("Sam Lee", "B", "researcher", no_code=True,
                                                 username="sam"))),
             ProposedTeam("Westside", (Candidate("Grace", "C", "manager", username="grace"),))]
    roster = read_roster(_write(tmp_path, hub_roster_csv(teams), "roster.csv"))
    assert roster.teams == ["Eastside", "Westside"]
    assert roster.people["sam"].no_code and roster.people["maria"].display_name == "María López"
    assert {p.role for p in roster.people.values()} == {"participant"}
    unnamed = [ProposedTeam("Eastside", (*teams[0].members, Candidate("Bo", "", "leader"),
                                         Candidate("Cy", "", "other")))]
    with pytest.raises(RosterError, match="2 have none: Bo, Cy. Write them"):
        hub_roster_csv(unnamed)


def _group() -> ProposedTeam:
    """A learning group: a pair with one initiative, two people with one each, one without."""
    return ProposedTeam("Group A", (
        Candidate("Ana", "Clinic", "implementer", "Walk With Ease", username="ana"),
        Candidate("Bo", "Clinic", "manager", "walk  with ease", username="bo"),
        Candidate("Cy", "Library", "researcher", "Reading Buddies", username="cy"),
        Candidate("Di", "School", "community partner", "Homework Club", True, username="di"),
        Candidate("Ed", "", "lived experience", username="ed")))


def test_each_initiative_of_a_learning_group_is_a_team_with_the_others_as_friends() -> None:
    group = _group()
    teams = initiative_teams([group])
    assert [t.name for t in teams] == ["Walk With Ease", "Reading Buddies", "Homework Club"]
    walk, reading, homework = teams
    assert [m.name for m in walk.members] == ["Ana", "Bo"]  # one initiative however written
    assert [m.name for m in walk.friends] == ["Cy", "Di", "Ed"]
    assert [m.name for m in reading.members] == ["Cy"]
    assert [m.name for m in reading.friends] == ["Ana", "Bo", "Di", "Ed"]  # Ed: everyone's
    # the mix, and who can facilitate, come from the group
    assert len(reading.perspectives) == 5 and reading.taken_before == ["Di"]
    assert not [w for w in reading.warnings if "perspective" in w]
    assert roster_entries(reading) == [
        {"name": "Cy", "role": "", "perspective": "researcher",
         "involvement": "works on the initiative"},
        *({"name": n, "role": "", "perspective": p, "involvement": "critical friend"}
          for n, p in (("Ana", "implementer"), ("Bo", "manager"), ("Di", "community partner"),
                       ("Ed", "lived experience")))]
    text = summary([reading])
    assert "Reading Buddies: 1 person, and 4 critical friends\n" in text
    assert "  - Cy, researcher; Library; initiative: Reading Buddies\n" in text
    assert "  - Ed, lived experience; critical friend\n" in text
    assert "  - Ana, implementer; Clinic; initiative: Walk With Ease; critical friend\n" in text
    assert all(e["involvement"] == "works on the initiative" for e in roster_entries(group))


def test_on_the_hub_each_person_is_in_every_initiative_team_of_their_group(tmp_path) -> None:
    roster = read_roster(_write(tmp_path, hub_roster_csv(initiative_teams([_group()])),
                                "roster.csv"))
    assert roster.teams == ["Homework Club", "Reading Buddies", "Walk With Ease"]
    assert all(len(p.teams) == 3 and p.role == "participant" for p in roster.people.values())
    assert len(roster.people) == 5
    nameless = ProposedTeam("G", (Candidate("Ana", "", "leader", "X"),
                                  Candidate("Bo", "", "leader", "Y")))
    with pytest.raises(RosterError, match="2 have none: Ana, Bo. Write"):  # each named once
        hub_roster_csv(initiative_teams([nameless]))


def test_a_group_without_initiatives_or_an_initiative_in_two_groups_is_refused() -> None:
    group = _group()
    plain = ProposedTeam("Group B", (Candidate("Fay", "", "leader"),))
    with pytest.raises(RosterError, match="No one in Group B brings an initiative"):
        initiative_teams([group, plain])
    split = ProposedTeam("Group B", (Candidate("Fay", "", "leader", "Reading buddies"),))
    with pytest.raises(RosterError, match="The initiative “Reading Buddies” has people in "
                                          "Group A, Group B. Each initiative's critical"):
        initiative_teams([group, split])
