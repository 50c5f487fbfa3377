"""The team's side of a graded exercise: exporting the workspace to hand in, and reading it
back when grading (widgets.grading.submit and .submission)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.teams import COMPLETE, complete_team
from widgets.analysis.text import is_thin_note
from widgets.grading import NO_SUBMISSION, load_submission, submit_snapshot
from widgets.grading.submission import describe_submission
from widgets.store import Store, example_snapshot, example_workspace

SNAPSHOT = "team_workspace.json"


def test_submit_snapshot_round_trip(tmp_path: Path, store_url: str, capsys,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("COURSE_TEAM", raising=False)
    store = Store(store_url)
    try:
        complete_team(store)
        out = tmp_path / SNAPSHOT
        assert submit_snapshot(f" {COMPLETE} ", out, store=store, module=6) == out
        said = capsys.readouterr().out
        assert (f"team “{COMPLETE}”: 6 members (Amara Okafor, Tom Becker, Grace Mensah, "
                "Luis Ortega, Dr. Priya Nair, Sam Lee), 4 selected strategies, 5 outcome "
                "measures, 8 between-session meetings") in said
        assert "Hand in team_workspace.json together with this notebook" in said
        ws = load_submission(out)
        assert ws is not None and ws.name == COMPLETE
        assert len(ws.list("outcome_measure")) == 5 and len(ws.members()) == 6

        store.team("New Team")
        assert submit_snapshot("New Team", out, store=store, module=0) == out
        assert ("It holds no team members, no working agreements, no between-session meetings "
                "yet. Add them in the Module 0 notebook") in capsys.readouterr().out

        out.unlink()
        assert submit_snapshot("", out, store=store) is None
        assert "TEAM is empty" in capsys.readouterr().out
        assert submit_snapshot("Eastside Diabetes Teem", out, store=store) is None
        assert "no team called" in capsys.readouterr().out
        assert "Eastside Diabetes Teem" not in store.team_names(), "a typo must not make a team"
        assert not out.exists()

        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
        assert submit_snapshot(COMPLETE, out, store=store) is None
        assert not out.exists(), "under grading the handed-in file must stay as it is"
    finally:
        store.close()


def test_describe_submission_says_the_one_per_team_entries() -> None:
    ws = example_workspace()
    assert describe_submission(ws, ["agreements", "initiative", "leader_plan"]).endswith(
        "Sam Lee), the working agreements, the initiative profile, the plan for involving "
        "leaders")


@pytest.mark.parametrize("content, message", [
    (None, "There is no workspace file"),
    ("{not json", "not a readable workspace file"),
    ('{"format": "something else"}', "not a workspace file from this course"),
    ('{"format": "implementing-together-workspace", "team": "X", "records": [{"kind": 1}]}',
     "cannot be imported: Entry 1: “1” is not something the course records"),
    ("example", "example team"),
])
def test_load_submission_explains_instead_of_crashing(tmp_path: Path, capsys, content: str | None,
                                                       message: str) -> None:
    path = tmp_path / SNAPSHOT
    if content == "example":
        example_workspace().export_snapshot(path)
    elif content is not None:
        path.write_text(content, "utf-8")
    assert load_submission(path) is None
    assert message in capsys.readouterr().out
    assert NO_SUBMISSION.startswith("No workspace file was submitted")


@pytest.mark.parametrize("note, thin", [
    ("", True), ("tbd", True), ("T.B.D.", True), ("see above", True), ("busy staff", True),
    ("Lorem ipsum dolor sit amet", True),
    ("Nurses have no protected time.", False),
    ("Drei Patienten sagen: kein Bus nachmittags.", False),
])
def test_thin_notes(note: str, thin: bool) -> None:
    assert is_thin_note(note) is thin


def test_how_thin_depends_on_what_is_asked() -> None:
    assert is_thin_note("Grace matches patients", 6)
    assert not is_thin_note("Grace matches patients", 3)
    assert is_thin_note("N/A", 1)


def test_a_local_worked_example_handed_in_is_refused_too(tmp_path: Path, capsys,
                                                         monkeypatch) -> None:
    """An organisation's own example (a past team's plan, COURSE_EXAMPLE) is no team's work."""
    snap = example_snapshot()
    snap["team"] = "A clinic's plan, 2027"
    local = tmp_path / "local-example.json"
    local.write_text(json.dumps(snap), "utf-8")
    monkeypatch.setenv("COURSE_EXAMPLE", str(local))
    path = tmp_path / SNAPSHOT
    example_workspace().export_snapshot(path)
    assert load_submission(path) is None
    assert "example team" in capsys.readouterr().out
    monkeypatch.setenv("COURSE_EXAMPLE", str(tmp_path / "gone.json"))  # a broken setting
    assert load_submission(path) is not None  # is not Riverbend: graded as a team's work
