"""Every shape of learning group, run through the course with real parts: a SQLite store file,
teams formed by ``course cohort plan`` and ``create`` (``widgets.cli.main``), each team's
workspace filled to a finished plan by its own people, graded by every check of every module,
its plan made as a web page (and, for one team of each shape, as a Word file: seconds each),
and the cohort view, sharing and the working group's records read back.

1. One organisation, two cohorts: the second's teams are facilitated by alumni of the first.
2. A funder's network: one team per funded initiative, a working group's peer consultations,
   and teams sharing chosen parts of their work.
3. A mixed group: researchers, implementers, community partners and people with lived
   experience in one team, each rating on their own.
4. A self-selected group: four people with four initiatives, each initiative a team of its
   owner and the other three as critical friends.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest

from tests.support.shapes import complete_plan, friends_take_part
from widgets.analysis.peers import teams_like
from widgets.cli import main
from widgets.forms import ConsultationLog
from widgets.grading.checks import MODULE_CHECKS, get
from widgets.hub.forming import PROPOSAL_COLUMNS, read_proposal
from widgets.hub.roster import read_roster
from widgets.report import plan_html, write_plan_docx
from widgets.store import SHARED_PARTS, STORE_URL_ENV, CohortView, Store, TeamWorkspace

pytestmark = pytest.mark.slow  # 16 plans made as web pages, 4 as Word files

INTAKE_COLUMNS = ("name", "organisation", "perspective", "initiative", "taken before",
                  "username")
SIX = ("implementer", "researcher", "evaluator", "manager", "community partner",
       "lived experience")
FRIEND, WORKS = "critical friend", "works on the initiative"


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A real SQLite store file, which ``course cohort`` opens too."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv(STORE_URL_ENV, url)
    store = Store(url)
    yield store
    store.close()


def _write_csv(path: Path, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([columns, *rows])
    return path


def _plan(tmp_path: Path, label: str, people: Sequence[Sequence[str]], size: int) -> Path:
    """``course cohort plan`` on an intake file of ``people``; the proposal's path."""
    intake = _write_csv(tmp_path / f"{label}-intake.csv", INTAKE_COLUMNS, people)
    proposal = tmp_path / f"{label}-proposal.csv"
    assert main(["cohort", "plan", str(intake), "--size", str(size), "--out",
                 str(proposal)]) == 0
    return proposal


def _edit(proposal: Path, edit) -> Path:
    """The facilitator's edit of a proposal in a spreadsheet: ``edit(row)`` gives the row to
    keep (a dict by column), or None to take the person out."""
    with proposal.open(encoding="utf-8-sig", newline="") as f:
        rows = [edit(row) for row in csv.DictReader(f)]
    edited = proposal.with_name(f"edited-{proposal.name}")
    return _write_csv(edited, PROPOSAL_COLUMNS,
                      [[r[c] for c in PROPOSAL_COLUMNS] for r in rows if r is not None])


def _create(proposal: Path, cohort: str, start: str, *extra: str) -> None:
    assert main(["cohort", "create", str(proposal), "--cohort", cohort, "--start", start,
                 *extra]) == 0


def _failing(ws: TeamWorkspace) -> dict[str, list[str]]:
    """Every graded check of every module that does not pass, with its problems."""
    return {f"{module}.{check.name}": problems for module, checks in MODULE_CHECKS.items()
            for check in checks if (problems := check(ws))}


def _exported(ws: TeamWorkspace, initiative: str, tmp_path: Path, docx: bool = False) -> str:
    """The team's plan as a web page (and a Word file), each titled with its initiative; the
    page."""
    page = plan_html(ws)
    assert f"<h1>Implementation plan: {initiative}</h1>" in page
    if docx:
        path = write_plan_docx(ws, tmp_path / f"{ws.name}.docx")
        with zipfile.ZipFile(path) as z:
            assert f"Implementation plan: {initiative}" in z.read("word/document.xml").decode()
    return page


def _roster(ws: TeamWorkspace) -> dict[str, tuple[str, str]]:
    return {m["name"]: (m["perspective"], m["involvement"]) for m in ws.members()}


def _view(store: Store, cohort: str) -> dict[str, tuple[int, list[str]]]:
    """The cohort view's teams: each one's members counted, and its perspectives."""
    return {s["team"]: (s["members"], s["perspectives"])
            for s in CohortView(store, cohort).teams()}


# 1. One organisation ------------------------------------------------------------------------

def test_one_organisation_with_a_second_cohort_facilitated_by_alumni(
        store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = "Riverside Health"
    first = [(f"{p.title()} {n}", org, p, "", "no", "") for p in SIX for n in (1, 2, 3)]
    proposal = _plan(tmp_path, "2026", first, 6)
    assert "Warning: No one has taken the course before" in capsys.readouterr().out
    # team names are a store's own across cohorts: the facilitator adds the year
    proposal = _edit(proposal, lambda r: {**r, "team": f"2026 {r['team']}"})
    _create(proposal, "Org 2026", "2026-01-12")
    proposed = {t.name: t for t in read_proposal(proposal)}
    assert sorted(proposed) == ["2026 Team 1", "2026 Team 2", "2026 Team 3"]
    for name, team in proposed.items():
        ws = store.team(name)
        assert _roster(ws) == {m.name: (m.perspective, WORKS) for m in team.members}
        complete_plan(store, name, f"Safer discharge, {name}")
        assert _roster(ws) == {m.name: (m.perspective, WORKS) for m in team.members}
        assert _failing(ws) == {}
        _exported(ws, f"Safer discharge, {name}", tmp_path, docx=name == "2026 Team 1")
    capsys.readouterr()

    # A year later: ten new people, and two alumni, who facilitate rather than join a team.
    alumni = [m.name for m in proposed["2026 Team 1"].members[:2]]
    second = [(f"New {p.title()} {n}", org, p, "", "no", "") for p in SIX for n in (1, 2)][:10]
    second += [(name, org, "implementer", "", "yes", "") for name in alumni]
    proposal = _plan(tmp_path, "2027", second, 6)
    out = capsys.readouterr().out
    assert out.count("Has taken the course before (can facilitate): ") == 2
    assert all(f"(can facilitate): {name}\n" in out for name in alumni)  # one in each team
    facilitator_of = {t.name: t.taken_before[0] for t in read_proposal(proposal)}
    proposal = _edit(proposal, lambda r: None if r["taken before"] == "yes"
                     else {**r, "team": f"2027 {r['team']}"})
    _create(proposal, "Org 2027", "2027-01-11")
    for name in ("2027 Team 1", "2027 Team 2"):
        ws = store.team(name)
        alumnus = facilitator_of[name.removeprefix("2027 ")]
        assert len(ws.members()) == 5 and alumnus not in _roster(ws)
        complete_plan(store, name, f"Falls prevention, {name}")
        agreed = ws.get("agreements", "")
        ws.save("agreements", {**agreed, "facilitator": alumnus}, by=alumnus)
        assert "is not on your roster" in get(0, "facilitator")(ws)[0]  # said to be a member
        ws.save("agreements", {**agreed, "facilitator": alumnus,
                               "facilitator_from": "an alumnus of an earlier cohort"},
                by=alumnus)
        assert get(0, "facilitator")(ws) == []
        assert _failing(ws) == {}
        _exported(ws, f"Falls prevention, {name}", tmp_path)

    assert [(c.name, len(c.teams)) for c in store.cohorts()] == [("Org 2027", 2),
                                                                 ("Org 2026", 3)]
    assert {t: n for t, (n, _) in _view(store, "Org 2027").items()} == {
        "2027 Team 1": 5, "2027 Team 2": 5}
    earlier = _view(store, "Org 2026")
    assert {t: n for t, (n, _) in earlier.items()} == {f"2026 Team {n}": 6 for n in (1, 2, 3)}
    assert all(len(perspectives) >= 3 for _, perspectives in earlier.values())


# 2. A funder's network -----------------------------------------------------------------------

INITIATIVES = ("Active Streets", "Better Breakfasts", "Cool Roofs", "Dental Days",
               "Early Words", "Fresh Air")
SHARES = {"Active Streets": ["plan"], "Better Breakfasts": ["context map"],
          "Cool Roofs": ["strategies", "leader briefing"]}


def test_a_funders_network_with_a_working_group_and_sharing(store: Store, tmp_path: Path) -> None:
    people = [(f"{i.split()[0]} {p.title()}", f"{i} Trust", p, i, "no", "")
              for i in INITIATIVES for p in SIX]
    proposal = _plan(tmp_path, "network", people, 6)
    # one team per initiative, its people kept together
    assert sorted(m.initiative for t in read_proposal(proposal)
                  for m in t.members[:1]) == list(INITIATIVES)
    assert all(len({m.initiative for m in t.members}) == 1 for t in read_proposal(proposal))
    # the funder names each team after its initiative
    _create(_edit(proposal, lambda r: {**r, "team": r["initiative"]}), "Network 2027",
            "2027-02-01")
    teams = {i: store.team(i) for i in INITIATIVES}
    for initiative, ws in teams.items():
        assert len(ws.members()) == 6
        complete_plan(store, initiative, initiative)
        assert _failing(ws) == {}
        _exported(ws, initiative, tmp_path, docx=initiative == "Dental Days")

    # The working group: each initiative presents once, through one module's lens, and
    # records what it will change; those who took part come from the other teams.
    for module, (initiative, ws) in enumerate(teams.items(), start=1):
        log = ConsultationLog(ws, module=module)
        log.fields["date"].value = date(2027, 2 + module, 9)
        log.fields["attendees"].ticks[0].value = True  # the presenter's own
        others = [store.team(o).members()[0]["name"] for o in INITIATIVES if o != initiative]
        log.fields["attendees"].others.value = ", ".join(
            f"{name} ({o})" for name, o in zip(others, (o for o in INITIATIVES
                                                         if o != initiative), strict=True))
        log.fields["questions"].value = "Who books the rooms, and who tells the families?"
        log.fields["advice"].value = "Ask the families first; start with one site."
        log.fields["changes"].value = f"{initiative} starts at one site in May."
        log.author.value = ws.members()[0]["name"]
        log.save.click()
        assert "Logged the peer consultation" in log.message.value
    for module, (initiative, ws) in enumerate(teams.items(), start=1):
        (held,) = ws.list("consultation")  # its own session only
        assert (held["module"], held["presenter"]) == (module, initiative)
        assert held["changes"] == f"{initiative} starts at one site in May."
        assert len(held["attendees"]) == 6  # one of its own and five from the other teams

    # a team of the funder's earlier cohort shares everything: never seen by this one
    store.add_cohort("Network 2026", date(2026, 2, 1))
    earlier = store.team("Grow Together", cohort="Network 2026")
    earlier.save("initiative", {"name": "Grow Together", "setting": "Two schools",
                                "innovation": "Gardens", "serves": "Pupils", "aims": "Eat well"},
                 by="Ann")
    earlier.save("sharing", {"parts": list(SHARED_PARTS)}, by="Ann")
    for initiative, parts in SHARES.items():
        teams[initiative].save("sharing", {"parts": parts}, by=teams[initiative].members()[0][
            "name"])
    for initiative, ws in teams.items():
        shared = ws.shared_in_cohort()
        expected = {i: tuple(parts) for i, parts in SHARES.items() if i != initiative}
        assert {w.team: w.parts for w in shared} == expected
        for work in shared:
            kinds = {k for part in work.parts for k in SHARED_PARTS[part]}
            assert set(work.entries) == kinds  # what was shared, and nothing else
            for kind in kinds:
                assert work.list(kind) == teams[work.team].list(kind)
    # Teams like yours: those facing the team's barriers first, the plan alone (no barriers
    # in it) last, although its team comes first by name.
    for initiative in ("Dental Days", "Early Words"):
        matches = teams_like(teams[initiative], teams[initiative].shared_in_cohort())
        assert [m.work.team for m in matches][-1] == "Active Streets"
        assert [m.alike for m in matches] == [True, True, False]
        assert all(m.barriers for m in matches[:2]) and matches[-1].barriers == ()
    # stopping sharing stops it at once
    teams["Better Breakfasts"].save("sharing", {"parts": []}, by="Better Implementer")
    assert [w.team for w in teams["Dental Days"].shared_in_cohort()] == ["Active Streets",
                                                                          "Cool Roofs"]
    assert {t: n for t, (n, _) in _view(store, "Network 2027").items()} == {
        i: 6 for i in INITIATIVES}


# 3. A mixed group ----------------------------------------------------------------------------

def test_a_mixed_group_where_each_perspective_rates(store: Store, tmp_path: Path) -> None:
    people = [("Rosa Alves", "State University", "researcher", "", "no", ""),
              ("Ken Obi", "State University", "researcher", "", "no", ""),
              ("Lena Park", "Northside Clinic", "implementer", "", "no", ""),
              ("Omar Said", "Northside Clinic", "implementer", "", "no", ""),
              ("Tess Ward", "Neighbours United", "community partner", "", "no", ""),
              ("June Hill", "", "lived experience", "", "no", "")]
    proposal = _edit(_plan(tmp_path, "mixed", people, 6),
                     lambda r: {**r, "team": "Northside Together"})
    _create(proposal, "Mixed 2027", "2027-03-01")
    ws = store.team("Northside Together")
    assert get(0, "perspectives")(ws) == []  # four perspectives from the start
    complete_plan(store, "Northside Together", "Walk and Talk")
    rated = {f["member"] for f in ws.context_factors()}
    for member in (m["name"] for m in ws.members() if m["name"] not in rated):
        ws.save("context_factor", {"construct": ws.context_factors()[0]["construct"],
                                   "member": member, "effect": "barrier", "strength": 2,
                                   "note": "What I see of it where I stand."})
    perspective = {m["name"]: m["perspective"] for m in ws.members()}
    assert {perspective[f["member"]] for f in ws.context_factors()} == {
        "researcher", "implementer", "community partner", "lived experience"}
    assert {f["member"] for f in ws.context_factors()} == set(perspective)
    assert _failing(ws) == {}
    _exported(ws, "Walk and Talk", tmp_path, docx=True)
    assert _view(store, "Mixed 2027") == {"Northside Together": (6, [
        "community partner", "implementer", "lived experience", "researcher"])}


# 4. A self-selected group --------------------------------------------------------------------

GROUP = [("Gus Hale", "Hillside Library", "implementer", "Reading Buddies", "no", "gus"),
         ("Ivy Jones", "Hillside Library", "manager", "Quiet Hours", "no", "ivy"),
         ("Kai Lund", "Bay Youth Club", "researcher", "Open Court", "no", "kai"),
         ("Lea Moss", "Lea Moss Consulting", "lived experience", "Peer Walks", "no", "lea")]


def test_a_self_selected_group_of_four_initiatives(store: Store, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    proposal = _edit(_plan(tmp_path, "group", GROUP, 4), lambda r: {**r, "team": "Group"})
    _create(proposal, "Self-selected 2027", "2027-04-05", "--initiatives", "--roster",
            str(roster))
    owners = {g[3]: g[0] for g in GROUP}
    assert store.team_names("Self-selected 2027") == sorted(owners)
    pages = {}
    for initiative, owner in owners.items():
        ws = store.team(initiative)
        assert _roster(ws) == {name: (perspective, WORKS if name == owner else FRIEND)
                               for name, _, perspective, *_ in GROUP}
        complete_plan(store, initiative, initiative, doers=[owner])  # its owner does the work
        assert get(0, "roster")(ws) == [] and get(0, "perspectives")(ws) == []
        assert get(2, "ratings")(ws) == [
            "1 member(s) rated factors. Each member rates on their own first: at least 2 "
            "members need to rate."]
        friends_take_part(store, initiative)  # the friends rate alone too
        assert get(2, "ratings")(ws) == []
        assert {f["member"] for f in ws.context_factors()} == {g[0] for g in GROUP}
        # one person's initiative: the colleagues who do the work are named in the role
        # matrix, the owner accountable for each strategy
        for task in {a["task"] for a in ws.list("role_assignment")}:
            ws.save("role_assignment", {"task": task, "member": owner, "role": "accountable"})
            ws.save("role_assignment", {"task": task, "role": "responsible",
                                        "member": f"Front-line staff of {initiative}"},
                    by=owner)
        assert _failing(ws) == {}
        pages[initiative] = _exported(ws, initiative, tmp_path, docx=initiative == "Open Court")
    for initiative in owners:
        mine = json.dumps(store.team(initiative).snapshot(), ensure_ascii=False)
        for other in owners.keys() - {initiative}:
            assert other not in mine and other not in pages[initiative]
    assert {t: n for t, (n, _) in _view(store, "Self-selected 2027").items()} == {
        i: 4 for i in owners}
    hub = read_roster(roster)  # on the hub, each person is in every initiative's team
    assert all(sorted(p.teams) == sorted(owners) for p in hub.people.values())
    assert len(hub.people) == 4
