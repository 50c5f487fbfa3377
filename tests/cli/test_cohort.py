"""``course cohort plan`` and ``course cohort create`` as a facilitator runs them: an intake
file becomes a proposal to edit, the edited proposal becomes a cohort's teams in a real SQLite
store and the hub's roster; a mistake is a plain message and creates nothing."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from tests.hub.test_forming import SIX
from widgets.cli import main
from widgets.grading.checks import get
from widgets.hub.forming import PROPOSAL_COLUMNS, read_proposal
from widgets.hub.roster import read_roster
from widgets.store import STORE_URL_ENV, Store

INTAKE = "name,organisation,perspective,initiative,taken before,username\n"
ORGS = ("Riverside Clinic", "County Health", "Family Network")


@pytest.fixture()
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv(STORE_URL_ENV, url)
    return url


def _intake(tmp_path: Path, usernames: bool = True) -> Path:
    """18 people, perspective by perspective, an initiative of three, one of them a formula."""
    rows = []
    for i, perspective in enumerate(SIX):
        for n in range(1, 4):
            name = f"{perspective.title()} {n}"
            initiative = "Walk With Ease" if name in {"Implementer 1", "Implementer 2",
                                                      "Manager 1"} else ""
            username = f"{perspective.split()[0]}{n}" if usernames or n < 3 else ""
            rows.append(f"{name},{ORGS[(i + n) % 3]},{perspective},{initiative},"
                        f"{'yes' if name == 'Evaluator 3' else 'no'},{username}")
    rows[-1] = rows[-1].replace("Lived Experience 3", "=HYPERLINK(\"http://x\")")
    path = tmp_path / "intake.csv"
    path.write_text(INTAKE + "\n".join(rows) + "\n", "utf-8")
    return path


def test_plan_proposes_mixed_teams_and_writes_a_file_to_edit(tmp_path: Path, capsys) -> None:
    out = tmp_path / "proposal.csv"
    assert main(["cohort", "plan", str(_intake(tmp_path)), "--size", "6",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.count(": 6 people\n") == 3
    assert "Has taken the course before (can facilitate): Evaluator 3" in printed
    assert printed.count("Warning: No one has taken the course before") == 2
    assert f"course cohort create {out} --cohort NAME --start YYYY-MM-DD" in printed
    teams = read_proposal(out)
    assert [len(t.members) for t in teams] == [6, 6, 6]
    assert all(len(t.perspectives) >= 3 for t in teams)
    walk = [t.name for t in teams for m in t.members if m.initiative == "Walk With Ease"]
    assert len(walk) == 3 and len(set(walk)) == 1
    with out.open(encoding="utf-8-sig", newline="") as f:
        cells = [c for row in csv.reader(f) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not [c for c in cells if c.startswith(tuple("=+-@"))]
    assert '=HYPERLINK("http://x")' in {m.name for t in teams for m in t.members}


def test_plan_never_overwrites_a_proposal_and_names_a_mistake(tmp_path: Path, capsys) -> None:
    out = tmp_path / "proposal.csv"
    out.write_text("my edits", "utf-8")
    assert main(["cohort", "plan", str(_intake(tmp_path)), "--size", "6",
                 "--out", str(out)]) == 1
    assert "proposal.csv already exists, and may hold your edits" in capsys.readouterr().err
    assert out.read_text("utf-8") == "my edits"
    bad = tmp_path / "bad.csv"
    bad.write_text(INTAKE + "Ana,A,leader,,,\nBo,B,chef,,,\n", "utf-8")
    fresh = tmp_path / "fresh.csv"
    assert main(["cohort", "plan", str(bad), "--size", "6", "--out", str(fresh)]) == 1
    assert "course cohort: bad.csv, line 3: the perspective “chef” is not one of" in \
        capsys.readouterr().err
    assert not fresh.exists()
    with pytest.raises(SystemExit):
        main(["cohort", "plan", str(bad), "--size", "one"])
    assert "“one” is not a team size: write a whole number, 2 or more" in capsys.readouterr().err


def _plan(tmp_path: Path, usernames: bool = True) -> Path:
    out = tmp_path / "proposal.csv"
    assert main(["cohort", "plan", str(_intake(tmp_path, usernames)), "--size", "6",
                 "--out", str(out)]) == 0
    return out


def test_create_makes_the_cohort_its_teams_and_the_hub_roster(tmp_path: Path, store_url: str,
                                                              capsys) -> None:
    proposal = _plan(tmp_path)
    # the facilitator renames the teams in a spreadsheet before creating them
    text = proposal.read_text("utf-8-sig").replace("Team ", "Spring 2027 Team ")
    proposal.write_text(text, "utf-8-sig")
    roster = tmp_path / "roster.csv"
    store = Store(store_url)
    try:  # a later cohort, where new teams go unless told otherwise
        store.add_cohort("Autumn 2027", date(2027, 9, 1))
    finally:
        store.close()
    capsys.readouterr()
    assert main(["cohort", "create", str(proposal), "--cohort", "Spring 2027",
                 "--start", "2027-03-01", "--roster", str(roster)]) == 0
    printed = capsys.readouterr().out
    assert "Created the cohort “Spring 2027” (starting 2027-03-01) and its 3 teams" in printed
    names = [f"Spring 2027 Team {n}" for n in (1, 2, 3)]
    store = Store(store_url)
    try:
        later, cohort = store.cohorts()
        assert (later.name, later.teams) == ("Autumn 2027", ())
        assert (cohort.name, cohort.start) == ("Spring 2027", date(2027, 3, 1))
        assert sorted(cohort.teams) == names
    finally:
        store.close()
    # each team opens with its roster, as the proposal has it: role left for the team to write
    teams = {t.name: t for t in read_proposal(proposal)}
    store = Store(store_url)
    try:
        for name in names:
            ws = store.team(name)
            assert ws.members() == sorted(
                ({"name": m.name, "role": "", "perspective": m.perspective,
                  "involvement": "works on the initiative"} for m in teams[name].members),
                key=lambda m: m["name"])
            assert {h["by"] for m in ws.members() for h in ws.history("member", m["name"])} \
                == {"course cohort create"}
            assert get(0, "roster")(ws)[-1].startswith("Add each person's role")
    finally:
        store.close()
    hub = read_roster(roster)
    assert hub.teams == names and len(hub.people) == 18
    assert {p.role for p in hub.people.values()} == {"participant"}
    members = {p.display_name for n in names for p in hub.members(n)}
    assert "Evaluator 3" in members and "'=HYPERLINK(\"http://x\")" in members  # inert
    assert "course hub ROSTER --cohort 'Spring 2027'" in printed
    assert "add these rows to its roster instead of replacing it" in printed


def test_create_refuses_and_creates_nothing(tmp_path: Path, store_url: str, capsys) -> None:
    proposal = _plan(tmp_path, usernames=False)
    roster = tmp_path / "roster.csv"
    capsys.readouterr()
    assert main(["cohort", "create", str(proposal), "--cohort", "Spring 2027",
                 "--start", "2027-03-01", "--roster", str(roster)]) == 1
    err = capsys.readouterr().err
    assert "The hub needs a username for each person, and 6 have none: " in err
    assert "Implementer 3" in err and "Implementer 1" not in err
    assert not roster.exists()
    store = Store(store_url)
    try:
        assert "Spring 2027" not in [c.name for c in store.cohorts()]
        store.team("Team 2", cohort=store.add_cohort("Autumn 2026", date(2026, 9, 1)).name)
    finally:
        store.close()
    # a team of that name is in an earlier cohort: refused before anything is made, the
    # hub's roster file included
    (tmp_path / "named").mkdir()
    proposal = _plan(tmp_path / "named")  # everyone with a username
    capsys.readouterr()
    assert main(["cohort", "create", str(proposal), "--cohort", "Spring 2027",
                 "--start", "2027-03-01", "--roster", str(roster)]) == 1
    assert "already has a team called Team 2" in capsys.readouterr().err
    assert not roster.exists()
    # a roster to write where there is no folder: refused before anything is made
    assert main(["cohort", "create", str(proposal), "--cohort", "Spring 2027",
                 "--start", "2027-03-01", "--roster", str(tmp_path / "nowhere" / "r.csv")]) == 1
    assert "cannot be written (No such file or directory). Nothing was created." in \
        capsys.readouterr().err
    store = Store(store_url)
    try:
        assert [c.name for c in store.cohorts()] == ["Autumn 2026"]
        assert store.team_names() == ["Team 2"]
    finally:
        store.close()
    with pytest.raises(SystemExit):
        main(["cohort", "create", str(proposal), "--cohort", "X", "--start", "1 March"])
    assert "“1 March” is not a date: write it as YYYY-MM-DD" in capsys.readouterr().err


def test_create_refuses_a_cohort_that_exists(tmp_path: Path, store_url: str, capsys) -> None:
    proposal = _plan(tmp_path)
    store = Store(store_url)
    try:
        store.add_cohort("Spring 2027", date(2027, 1, 1))
    finally:
        store.close()
    capsys.readouterr()
    assert main(["cohort", "create", str(proposal), "--cohort", "Spring 2027",
                 "--start", "2027-03-01"]) == 1
    assert "course cohort: There is already a cohort called “Spring 2027”" in \
        capsys.readouterr().err
    store = Store(store_url)
    try:
        assert store.team_names() == []
    finally:
        store.close()


# A learning group of two groups: in Group A two colleagues share an initiative and two people
# bring one each; in Group B one person brings an initiative and one comes without.
GROUPS = [("Group A", "Ana Lima", "Clinic", "implementer", "Walk With Ease", "ana"),
          ("Group A", "Bo Chen", "Clinic", "manager", "Walk With Ease", "bo"),
          ("Group A", "Cy Diaz", "Library", "researcher", "Reading Buddies", "cy"),
          ("Group A", "Di Evans", "School", "community partner", "Homework Club", "di"),
          ("Group B", "Ed Fox", "Youth Centre", "lived experience", "Open Door", "ed"),
          ("Group B", "Fay Gold", "", "evaluator", "", "fay")]


def _groups(tmp_path: Path, rows: list[tuple[str, ...]] = GROUPS) -> Path:
    path = tmp_path / "groups.csv"
    path.write_text(",".join(PROPOSAL_COLUMNS) + "\n" + "".join(
        f"{team},{name},{org},{perspective},{initiative},no,{user},no\n"
        for team, name, org, perspective, initiative, user in rows), "utf-8")
    return path


def test_create_with_initiatives_makes_a_team_for_each_initiative(
        tmp_path: Path, store_url: str, capsys) -> None:
    roster = tmp_path / "roster.csv"
    assert main(["cohort", "create", str(_groups(tmp_path)), "--cohort", "Learning group",
                 "--start", "2027-02-01", "--initiatives", "--roster", str(roster)]) == 0
    printed = capsys.readouterr().out
    assert "Walk With Ease: 2 people, and 2 critical friends\n" in printed
    assert "Open Door: 1 person, and 1 critical friend\n" in printed
    assert "and its 4 teams" in printed
    store = Store(store_url)
    try:
        (cohort,) = store.cohorts()
        assert cohort.teams == ("Homework Club", "Open Door", "Reading Buddies",
                                "Walk With Ease")
        involved = {name: {m["name"]: m["involvement"] for m in store.team(name).members()}
                    for name in cohort.teams}
    finally:
        store.close()
    friend, works = "critical friend", "works on the initiative"
    assert involved["Walk With Ease"] == {"Ana Lima": works, "Bo Chen": works,
                                          "Cy Diaz": friend, "Di Evans": friend}
    assert involved["Reading Buddies"] == {"Cy Diaz": works, "Ana Lima": friend,
                                           "Bo Chen": friend, "Di Evans": friend}
    assert involved["Open Door"] == {"Ed Fox": works, "Fay Gold": friend}  # no initiative
    hub = read_roster(roster)
    assert hub.people["cy"].teams == ("Walk With Ease", "Reading Buddies", "Homework Club")
    assert hub.people["fay"].teams == ("Open Door",)
    assert {p.role for p in hub.people.values()} == {"participant"}


@pytest.mark.parametrize(("change", "message"), [
    (lambda rows: [r if r[1] != "Ed Fox" else (*r[:4], "", "ed") for r in rows],
     "No one in Group B brings an initiative"),
    (lambda rows: [r if r[1] != "Fay Gold" else (*r[:4], "reading  buddies", "fay")
                   for r in rows],
     "The initiative “Reading Buddies” has people in Group A, Group B"),
    (lambda rows: [r if r[1] != "Cy Diaz" else (*r[:4], "Reading\x1b Buddies", "cy")
                   for r in rows], "“initiative” contains an invisible control character"),
])
def test_create_with_initiatives_refuses_and_creates_nothing(
        tmp_path: Path, store_url: str, capsys, change, message: str) -> None:
    roster = tmp_path / "roster.csv"
    assert main(["cohort", "create", str(_groups(tmp_path, change(GROUPS))), "--cohort", "LG",
                 "--start", "2027-02-01", "--initiatives", "--roster", str(roster)]) == 1
    assert message in capsys.readouterr().err
    assert not roster.exists()
    store = Store(store_url)
    try:
        assert store.cohorts() == [] and store.team_names() == []
    finally:
        store.close()


def test_create_with_initiatives_refuses_an_initiative_the_store_has(
        tmp_path: Path, store_url: str, capsys) -> None:
    store = Store(store_url)
    try:
        store.add_cohort("Last year", date(2026, 2, 1))
        store.team("READING BUDDIES")
    finally:
        store.close()
    assert main(["cohort", "create", str(_groups(tmp_path)), "--cohort", "LG",
                 "--start", "2027-02-01", "--initiatives"]) == 1
    assert "already has a team called READING BUDDIES" in capsys.readouterr().err
    store = Store(store_url)
    try:
        assert [c.name for c in store.cohorts()] == ["Last year"]
        assert store.team_names() == ["READING BUDDIES"]
        assert store.team("READING BUDDIES").members() == []
    finally:
        store.close()
