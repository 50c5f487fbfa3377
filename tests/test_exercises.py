"""The graded exercises, through the real nbgrader pipeline, and the hand-in helpers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from widgets.grading import NO_SUBMISSION, is_thin_note, load_submission, submit_snapshot
from widgets.store import Store, TeamWorkspace
from widgets.workspace import example_workspace

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
BIN = Path(sys.executable).parent
COURSE_ID = "implementing-together"
ASSIGNMENT = "02_context"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SNAPSHOT = "team_workspace.json"

AUTO_CELLS = [
    "q1_check", "q2_check", "ratings_factors", "ratings_barrier_and_facilitator",
    "ratings_notes", "ratings_members",
]
RIGHT_ANSWERS = {"answer_1": "C", "answer_2": "B"}

MEMBERS = [
    {"name": "Ana Silva", "role": "Practice nurse", "perspective": "implementer"},
    {"name": "Ben Osei", "role": "Patient advocate", "perspective": "lived experience"},
    {"name": "Chen Wu", "role": "Quality lead", "perspective": "manager"},
]
GOOD_RATINGS = [
    ("III.J", "Ana Silva", "barrier", 3, "Nurses have no protected time for follow-up calls."),
    ("III.J", "Chen Wu", "facilitator", 2, "The grant pays for a part-time coordinator."),
    ("II.C", "Ben Osei", "barrier", 2, "The bus route to the clinic was cut in the spring."),
    ("IV.Roles.I", "Ben Osei", "facilitator", 3, "Patients I know ask for someone like them."),
]
# Passes the visible count of factors (3) but not the hidden domain check (all Inner Setting),
# has barriers only, a placeholder note, and two raters: exactly one check passes.
THIN_RATINGS = [
    ("III.J", "Ana Silva", "barrier", 3, "Nurses have no protected time for calls."),
    ("III.F", "Ana Silva", "barrier", 2, "tbd"),
    ("III.C", "Chen Wu", "barrier", 1, "Staff meetings rarely mention the program."),
]


def _team_in_store(store: Store, team: str, ratings: list[tuple]) -> TeamWorkspace:
    """A team as members would leave it after Module 2: a roster and their ratings."""
    ws = store.team(team)
    for member in MEMBERS:
        ws.save("member", member)
    for construct, member, effect, strength, note in ratings:
        ws.save("context_factor", {"construct": construct, "member": member, "effect": effect,
                                   "strength": strength, "note": note})
    return ws


def _venv_path() -> str:
    """PATH with this virtual environment first: nbgrader runs `alembic` from it."""
    return os.pathsep.join([str(BIN), os.environ.get("PATH", "")])


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=_venv_path())
    env.pop("NBGRADER_EXECUTION", None)
    env.pop("COURSE_TEAM", None)
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def _hand_in(course: Path, team: str, release: nbformat.NotebookNode, answers: dict[str, str],
             reflection: str, *, team_name: str = "") -> Path:
    """A team's hand-in: the released notebook with their answers, in submitted/<team>/.

    With ``team_name``, the team also runs the notebook, as they would in JupyterLab: its
    export cell writes team_workspace.json from the team store.
    """
    nb = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in nb.cells:
        if cell.source.startswith('TEAM = ""') and team_name:
            cell.source = cell.source.replace('TEAM = ""', f"TEAM = {team_name!r}", 1)
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        for name, letter in answers.items():
            if grade_id == f"q{name[-1]}_answer":
                assert f'{name} = ""' in cell.source
                cell.source = cell.source.replace(f'{name} = ""', f'{name} = "{letter}"')
        if grade_id == "reflection":
            cell.source = reflection
    folder = course / "submitted" / team / ASSIGNMENT
    folder.mkdir(parents=True)
    if team_name:
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
    nbformat.write(nb, folder / NOTEBOOK)
    (folder / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC\n")
    return folder


def _output_text(nb: nbformat.NotebookNode, grade_id: str) -> str:
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return "\n".join(
        "\n".join([o.get("evalue", ""), o.get("text", "")]) for o in cell.get("outputs", [])
    )


def test_source_notebook_is_clean_and_well_formed() -> None:
    nb = nbformat.read(EXERCISES / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in nb.cells if c.cell_type == "code"), "commit the source without outputs"
    meta = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]
            for c in nb.cells if "nbgrader" in c.metadata}
    assert all(m["schema_version"] == 3 for m in meta.values())
    for grade_id in AUTO_CELLS:
        assert meta[grade_id]["grade"] and meta[grade_id]["locked"]
        assert not meta[grade_id]["solution"] and meta[grade_id]["points"] == 1
    assert meta["reflection"]["solution"] and meta["reflection"]["grade"]
    assert meta["reflection"]["points"] == 3
    assert not (EXERCISES / "source" / ASSIGNMENT / SNAPSHOT).exists(), (
        "no starter team_workspace.json in source/: autograde would treat it as the original"
    )


def test_generate_and_autograde(tmp_path: Path, store_url: str,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    course = tmp_path / "exercises"
    shutil.copytree(EXERCISES, course, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "__pycache__",
        ".ipynb_checkpoints", SNAPSHOT,
    ))

    _nbgrader(course, "generate_assignment", ASSIGNMENT)
    release_path = course / "release" / ASSIGNMENT / NOTEBOOK
    release = nbformat.read(release_path, as_version=4)
    text = "\n".join(c.source for c in release.cells)
    for secret in ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN", "END HIDDEN",
                   'answer_1 = "C"', 'answer_2 = "B"', "cfir_construct",
                   "Look wider", "Model answer", "not the best answer"]:
        assert secret not in text, f"the released notebook gives away {secret!r}"
    assert 'answer_1 = ""' in text and 'answer_2 = ""' in text
    assert 'TEAM = ""' in text and "submit_snapshot(TEAM)" in text

    monkeypatch.setenv("COURSE_STORE_URL", store_url)  # the store the team's kernel opens
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    store = Store(store_url)
    try:
        _team_in_store(store, "Eastside Diabetes Team", GOOD_RATINGS)
        thin = _hand_in(course, "westside", release, {"answer_1": "A", "answer_2": ""}, "")
        _team_in_store(store, "Westside Team", THIN_RATINGS).export_snapshot(thin / SNAPSHOT)
    finally:
        store.close()
    complete = _hand_in(course, "eastside", release, RIGHT_ANSWERS,
                        "We disagreed about Available Resources: ...",
                        team_name="Eastside Diabetes Team")
    assert (complete / SNAPSHOT).exists(), "the export cell did not write team_workspace.json"
    ran = nbformat.read(complete / NOTEBOOK, as_version=4)
    assert not [o for c in ran.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert "4 context-factor ratings by 3 members" in _output_text(ran, "export")
    _hand_in(course, "northside", release, RIGHT_ANSWERS, "")  # forgot team_workspace.json

    # If a starter copy ever lands in source/, autograde must still keep each team's own file.
    starter = course / "source" / ASSIGNMENT / SNAPSHOT
    example_workspace().export_snapshot(starter)

    _nbgrader(course, "autograde", ASSIGNMENT)

    monkeypatch.setenv("PATH", _venv_path())  # nbgrader's Gradebook may call `alembic`
    expected = {
        "eastside": dict.fromkeys(AUTO_CELLS, 1.0),
        "westside": {**dict.fromkeys(AUTO_CELLS, 0.0), "ratings_members": 1.0},
        "northside": {**dict.fromkeys(AUTO_CELLS, 0.0), "q1_check": 1.0, "q2_check": 1.0},
    }
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        assignment = gb.find_assignment(ASSIGNMENT)
        assert assignment.max_score == 9
        assert sum(c.max_score for c in gb.find_notebook(ASSIGNMENT, ASSIGNMENT).grade_cells
                   if c.name in AUTO_CELLS) == 6
        for team, want in expected.items():
            sub = gb.find_submission(ASSIGNMENT, team)
            grades = {g.name: g for g in sub.notebooks[0].grades}
            got = {name: grades[name].auto_score for name in AUTO_CELLS}
            assert got == want, team
            assert grades["reflection"].needs_manual_grade, team
            assert sub.score == sum(want.values()), team  # nothing manual graded yet

    totals = {team: sum(want.values()) for team, want in expected.items()}
    assert totals == {"eastside": 6, "westside": 1, "northside": 2}

    graded = course / "autograded"
    kept = json.loads((graded / "eastside" / ASSIGNMENT / SNAPSHOT).read_text("utf-8"))
    assert kept["team"] == "Eastside Diabetes Team", "autograde replaced the team's file"
    westside = nbformat.read(graded / "westside" / ASSIGNMENT / NOTEBOOK, as_version=4)
    assert "one CFIR 2.0 domain" in _output_text(westside, "ratings_factors"), "hidden test ran"
    assert "III.F rated by Ana Silva" in _output_text(westside, "ratings_notes")
    northside = nbformat.read(graded / "northside" / ASSIGNMENT / NOTEBOOK, as_version=4)
    for grade_id in AUTO_CELLS[2:]:
        assert "No workspace file was submitted" in _output_text(northside, grade_id)


def test_submit_snapshot_round_trip(tmp_path: Path, store_url: str, capsys,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("COURSE_TEAM", raising=False)
    store = Store(store_url)
    try:
        _team_in_store(store, "Eastside Diabetes Team", GOOD_RATINGS)
        out = tmp_path / SNAPSHOT
        assert submit_snapshot(" Eastside Diabetes Team ", out, store=store) == out
        assert "4 context-factor ratings by 3 members" in capsys.readouterr().out
        ws = load_submission(out)
        assert ws is not None and ws.name == "Eastside Diabetes Team"
        assert len(ws.context_factors()) == 4 and len(ws.members()) == 3

        out.unlink()
        assert submit_snapshot("", out, store=store) is None
        assert "TEAM is empty" in capsys.readouterr().out
        assert submit_snapshot("Eastside Diabetes Teem", out, store=store) is None
        assert "no team called" in capsys.readouterr().out
        assert "Eastside Diabetes Teem" not in store.team_names(), "a typo must not make a team"
        assert not out.exists()

        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
        assert submit_snapshot("Eastside Diabetes Team", out, store=store) is None
        assert not out.exists(), "under grading the handed-in file must stay as it is"
    finally:
        store.close()


@pytest.mark.parametrize("content, message", [
    (None, "There is no workspace file"),
    ("{not json", "not a readable workspace file"),
    ('{"format": "something else"}', "not a workspace file from this course"),
    ('{"format": "implementing-together-workspace", "team": "X", "records": [{"kind": 1}]}',
     "could not be read as a workspace file"),
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
