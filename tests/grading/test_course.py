"""The facilitator's workflow around nbgrader: reading hand-ins, collecting them, the checks
on released and handed-in notebooks, what needs grading, the progress bar and the command.
(tests/test_exercises.py runs the whole pipeline.)"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from tests.support import ROOT
from tests.support.teams import example_as
from widgets import Store
from widgets.cli import main
from widgets.grading import handins as handins_module
from widgets.grading.autograde import Progress, autograde, to_grade
from widgets.grading.course import (
    Course,
    GradingError,
    changed_locked_cells,
    collect,
    export_grades,
    release,
    released_secrets,
)
from widgets.grading.handins import HandIn, HandInError, find_hand_ins, snapshot_members, team_id
from widgets.outline import MODULES
from widgets.store import CohortView

MODULE = "04_action"
NB = f"{MODULE}.ipynb"


def _hand_ins(path: Path) -> list[HandIn | HandInError]:
    return list(find_hand_ins(path, MODULE))


def _snapshot_bytes(team: str = "Eastside Diabetes Team") -> bytes:
    store = Store("sqlite://")
    try:
        ws = example_as(store, team)
        return json.dumps({"format": "implementing-together-workspace", "team": ws.name,
                           "records": [{"kind": "member", "data": m} for m in ws.members()]}
                          ).encode()
    finally:
        store.close()


@pytest.mark.parametrize("name, slug", [
    ("Eastside Diabetes Team", "eastside-diabetes-team"), ("Équipe Nord (2)", "equipe-nord-2"),
    ("  team_7 ", "team-7"), ("x" * 80, "x" * 60),
])
def test_team_ids_are_safe_folder_names(name: str, slug: str) -> None:
    assert team_id(name) == slug


def test_a_name_with_nothing_to_name_a_team_by() -> None:
    with pytest.raises(HandInError, match="no letters or digits"):
        team_id("!!!")


def test_a_folder_of_team_folders_and_zips(tmp_path: Path) -> None:
    (tmp_path / "East" / MODULE).mkdir(parents=True)  # the notebook one level down
    (tmp_path / "East" / MODULE / NB).write_text("east notebook")
    (tmp_path / "East" / MODULE / "team_workspace.json").write_text("east work")
    (tmp_path / "East" / "team_workspace.json").write_text("an older copy, further up")
    (tmp_path / "East" / MODULE / ".ipynb_checkpoints").mkdir()
    (tmp_path / "East" / MODULE / ".ipynb_checkpoints" / NB).write_text("a checkpoint")
    with zipfile.ZipFile(tmp_path / "West.zip", "w") as z:
        z.writestr("04_action (1).ipynb", "west notebook")  # renamed by a browser
        z.writestr("__MACOSX/._04_action (1).ipynb", "resource fork")
    (tmp_path / "notes.txt").write_text("not a hand-in")
    east, west = _hand_ins(tmp_path)
    assert (east.name, east.notebook, east.snapshot, east.notes) == (
        "East", b"east notebook", b"east work", ())
    assert (west.name, west.notebook, west.snapshot) == ("West", b"west notebook", None)
    assert west.notes == ("used 04_action (1).ipynb as the 04_action notebook",
                          "no team_workspace.json: the checks of the team's work will give 0 "
                          "points")
    assert [h.name for h in _hand_ins(tmp_path / "East")] == ["East"]  # one team's folder


def test_one_teams_folder_with_a_renamed_notebook(tmp_path: Path) -> None:
    (tmp_path / "Solo").mkdir()
    (tmp_path / "Solo" / "04_action (2).ipynb").write_text("notebook")
    (hand_in,) = _hand_ins(tmp_path / "Solo")
    assert (hand_in.name, hand_in.notebook) == ("Solo", b"notebook")


def test_hand_ins_that_cannot_be_used_are_explained(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Two" / "a").mkdir(parents=True)
    (tmp_path / "Two" / "b").mkdir()
    (tmp_path / "Two" / "a" / NB).write_text("1")
    (tmp_path / "Two" / "b" / NB).write_text("2")
    (tmp_path / "None").mkdir()
    (tmp_path / "None" / "other.ipynb").write_text("")
    (tmp_path / "None" / "more.ipynb").write_text("")
    (tmp_path / "Broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(tmp_path / "Huge.zip", "w") as z:
        z.writestr(NB, "x" * 100)
    monkeypatch.setattr(handins_module, "MAX_FILE_BYTES", 50)
    found = _hand_ins(tmp_path)
    assert all(isinstance(e, HandInError) for e in found) and len(found) == 4
    text = " | ".join(str(e) for e in found)
    assert "Broken.zip is not a zip file that can be read" in text
    assert "Huge.zip: 04_action.ipynb is 100 bytes, far too large" in text
    assert "The folder None has no 04_action.ipynb (found: more.ipynb, other.ipynb)" in text
    assert "The folder Two holds two copies of 04_action.ipynb" in text
    for path, message in [(tmp_path / "nothing", "There is nothing at"),
                          (tmp_path / "Two" / "a" / NB, "neither a folder nor a zip file")]:
        with pytest.raises(HandInError, match=message):
            _hand_ins(path)


def test_a_zip_cannot_write_outside_the_course(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "Sly.zip", "w") as z:
        z.writestr(f"../../escaped/{NB}", "notebook")
    (hand_in,) = _hand_ins(tmp_path / "Sly.zip")
    assert hand_in.notebook == b"notebook"
    assert not (tmp_path.parent / "escaped").exists()


def test_members_read_from_a_workspace_file() -> None:
    name, members = snapshot_members(_snapshot_bytes())
    assert name == "Eastside Diabetes Team" and members[0] == "Amara Okafor"
    assert len(members) == 6
    for data in (None, b"{not json", b'{"team": "X"}', "é".encode("latin-1")):
        assert snapshot_members(data) is None


def _cell(grade_id: str, source: str, cell_type: str = "code", **flags: object):
    meta = {"grade": False, "solution": False, "locked": True, "grade_id": grade_id,
            "schema_version": 3, "task": False, **flags}
    make = nbformat.v4.new_code_cell if cell_type == "code" else nbformat.v4.new_markdown_cell
    return make(source, metadata={"nbgrader": meta})


def test_released_secrets_finds_solutions_hidden_tests_and_grader_notes() -> None:
    source = nbformat.v4.new_notebook(cells=[
        _cell("a", 'answer_1 = ""\n### BEGIN SOLUTION\nanswer_1 = "C"\n### END SOLUTION',
              solution=True, locked=False),
        _cell("check", 'x = 1\n### BEGIN HIDDEN TESTS\nassert answer_1 == "C"\n'
              "### END HIDDEN TESTS", grade=True, points=1),
        _cell("reflection", "*Model answer.* We disagreed about the room.", "markdown",
              grade=True, solution=True, locked=False, points=3),
    ])
    clean = nbformat.v4.new_notebook(cells=[
        _cell("a", 'answer_1 = ""'), _cell("check", "x = 1"),
        _cell("reflection", "Write your team's answer here.", "markdown")])
    assert released_secrets(source, clean) == []
    leaky = nbformat.v4.new_notebook(cells=[
        *clean.cells[:2], _cell("r", "### BEGIN HIDDEN TESTS\nassert answer_1 == \"C\""),
        _cell("notes", "Rubric. *Model answer.* We disagreed about the room.", "markdown")])
    assert released_secrets(source, leaky) == [
        "the marker “BEGIN HIDDEN TESTS”", "“assert answer_1 == \"C\"”",
        "“*Model answer.* We disagreed about the room.”"]


def test_changed_locked_cells() -> None:
    released = nbformat.v4.new_notebook(cells=[
        _cell("intro", "# Exercise", "markdown"),
        _cell("answer", 'answer_1 = ""', locked=False, solution=True),
        _cell("check", "checks.run(team, 4, 'x')", grade=True, points=1),
        _cell("other", "checks.run(team, 4, 'y')", grade=True, points=1)])
    handed_in = nbformat.from_dict(json.loads(json.dumps(released)))
    assert changed_locked_cells(released, handed_in) == []
    handed_in.cells[1].source = 'answer_1 = "B"'  # answering is not tampering
    handed_in.cells[2].source = "print('Passed')"
    handed_in.cells[3].metadata["nbgrader"]["points"] = 5
    del handed_in.cells[0]
    assert changed_locked_cells(released, handed_in) == ["intro", "check", "other"]
    handed_in.cells[0].metadata = {}  # the nbgrader metadata edited away
    assert "answer" not in changed_locked_cells(released, handed_in)


def test_progress_bar(tmp_path: Path) -> None:
    log = io.StringIO()
    bar = Progress(3, log, width=6)
    for team in ("a", "b", "c"):
        bar.step(team)
    assert log.getvalue().splitlines() == ["[##....] 1/3 a", "[####..] 2/3 b", "[######] 3/3 c"]

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = Progress(2, screen, width=4)
    bar.step("a")
    bar.step("b")
    assert screen.getvalue().startswith("\r[##..] 1/2 a") and screen.getvalue().endswith("\n")
    assert screen.getvalue().count("\n") == 1


def _stamp(folder: Path, when: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "timestamp.txt").write_text(f"2026-12-0{when} 10:00:00.000000 UTC\n")


def test_what_needs_grading(tmp_path: Path) -> None:
    course = Course(tmp_path)
    for name in (MODULE, "05_roles"):
        (tmp_path / "source" / name).mkdir(parents=True)
        (tmp_path / "source" / name / f"{name}.ipynb").write_text("{}")
    for team, handed, graded in [("new", "1", None), ("same", "1", "1"), ("again", "3", "1")]:
        _stamp(course.submitted(team, MODULE), handed)
        if graded:
            _stamp(course.autograded(team, MODULE), graded)
            (course.autograded(team, MODULE) / NB).write_text("{}")
    todo, done = to_grade(course)
    assert todo == [(MODULE, "again"), (MODULE, "new")] and done == [(MODULE, "same")]
    assert to_grade(course, ["5"]) == ([], [])
    assert len(to_grade(course, force=True)[0]) == 3


def test_a_damaged_team_list_is_named(tmp_path: Path) -> None:
    (tmp_path / "teams.json").write_text("{half a file")
    with pytest.raises(GradingError, match="teams.json is damaged"):
        Course(tmp_path).ledger()


def test_a_course_folder_and_its_modules(tmp_path: Path) -> None:
    with pytest.raises(GradingError, match="has no nbgrader_config.py"):
        Course.at(tmp_path)
    course = Course.at(ROOT / "exercises")
    assert course.modules() == [m.slug for m in MODULES]
    assert {course.module(n) for n in ("04_action", "04", "4", "action", " Action ")} == {MODULE}
    assert course.module("0") == "00_team"
    with pytest.raises(GradingError, match="no exercise called “9”. The exercises are: 00_team"):
        course.module("9")


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """A course with the Module 4 exercise released (nbgrader's real generate_assignment)."""
    root = tmp_path_factory.mktemp("course") / "exercises"
    shutil.copytree(ROOT / "exercises", root, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "teams.json",
        "grades.csv", "__pycache__"))
    course = Course.at(root)
    release(course, ["4"], to=root.parent / "shared")
    return course


def test_release_copies_the_teams_version(course: Course) -> None:
    shared = course.root.parent / "shared" / MODULE / NB
    assert shared.read_bytes() == course.release_notebook(MODULE).read_bytes()
    assert "BEGIN SOLUTION" not in shared.read_text("utf-8")


def test_release_refuses_a_copy_that_gives_an_answer_away(course: Course) -> None:
    source = course.root / "source" / MODULE / NB
    kept = source.read_text("utf-8")
    nb = nbformat.read(source, as_version=4)
    notes = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                 == "reflection").source
    rubric = next(c for c in nb.cells if c.id == "reflection_rubric")
    rubric.source += "\n\n" + notes.splitlines()[0]  # a grader note pasted into the rubric
    nbformat.write(nb, source)
    try:
        with pytest.raises(GradingError, match="The teams' copy of 04_action gave away"):
            release(course, [MODULE])
        assert not course.release_notebook(MODULE).exists()
    finally:
        source.write_text(kept, "utf-8")
        release(course, [MODULE])


def test_collect_one_team_and_hand_in_again(course: Course, tmp_path: Path) -> None:
    team = tmp_path / "download"
    team.mkdir()
    shutil.copy(course.release_notebook(MODULE), team / NB)
    (team / "team_workspace.json").write_bytes(_snapshot_bytes())
    (first,) = collect(course, "action", [team], team="Eastside Diabetes Team")
    assert (first.team, first.status) == ("eastside-diabetes-team", "new")
    folder = course.submitted("eastside-diabetes-team", MODULE)
    assert sorted(p.name for p in folder.iterdir()) == [NB, "team_workspace.json",
                                                        "timestamp.txt"]
    stamp = (folder / "timestamp.txt").read_text()
    assert collect(course, MODULE, [team], team="Eastside Diabetes Team")[0].status == (
        "unchanged")
    assert (folder / "timestamp.txt").read_text() == stamp, "unchanged: not graded again"
    (team / "team_workspace.json").write_bytes(b"{broken")
    (again,) = collect(course, MODULE, [team], team="Eastside Diabetes Team")
    assert again.status == "handed in again"
    assert again.notes == ("team_workspace.json cannot be read: the checks of the team's work "
                           "will give 0 points",)
    assert (folder / "timestamp.txt").read_text() > stamp
    entry = course.ledger()["eastside-diabetes-team"]
    assert entry["name"] == "Eastside Diabetes Team" and len(entry["members"]) == 6
    row = next(r for r in csv.DictReader(export_grades(course).open(encoding="utf-8-sig"))
               if r["team"] == "eastside-diabetes-team")
    assert row["status"] == "handed in, not graded yet" and row["members"].count(";") == 5

    def sheet(teams: list[str]) -> set[str]:
        path = export_grades(course, teams=teams)
        return {r["team"] for r in csv.DictReader(path.open(encoding="utf-8-sig"))}

    assert sheet(["Eastside Diabetes Team", "A team of another cohort"]) == {
        "eastside-diabetes-team"}
    assert sheet(["A team of another cohort"]) == set()  # one cohort's sheet: its teams only


def test_collect_leaves_out_what_is_not_the_exercise(course: Course, tmp_path: Path) -> None:
    (tmp_path / "Wrong").mkdir()
    shutil.copy(ROOT / "modules" / NB, tmp_path / "Wrong" / NB)  # the module, not the exercise
    (tmp_path / "Empty.zip").write_bytes(b"")
    results = collect(course, MODULE, [tmp_path])
    assert [(r.team, r.status) for r in results] == [("", "left out"), ("wrong", "left out")]
    assert "Empty.zip is not a zip file" in results[0].notes[0]
    assert "the notebook is not the 04_action exercise" in results[1].notes[0]
    with pytest.raises(GradingError, match="--team names one team, but 2 hand-ins"):
        collect(course, MODULE, [tmp_path], team="Wrong")
    with pytest.raises(GradingError, match="05_roles has not been released yet"):
        collect(course, "5", [tmp_path])


def test_the_course_command(course: Course, tmp_path: Path, capsys) -> None:
    (tmp_path / "Wrong").mkdir()
    shutil.copy(ROOT / "modules" / NB, tmp_path / "Wrong" / NB)
    assert main(["grade", "collect", "--course", str(course.root), "4", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "wrong: left out (the notebook is not the 04_action exercise" in out
    assert "0 hand-in(s) to grade, 1 left out." in out
    assert main(["grade", "autograde", "--course", str(course.root), "99"]) == 1
    assert "course grade: There is no exercise called “99”" in capsys.readouterr().err
    assert main(["grade", "export", "--course", str(course.root), "--out",
                 str(tmp_path / "sheet.csv")]) == 0
    assert (tmp_path / "sheet.csv").read_text("utf-8-sig").startswith("team,team_name,members")
    assert main(["grade", "export", "--course", str(course.root), "--cohort", "Nope"]) == 1
    assert "There is no cohort called “Nope”" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["grade", "collect", "--course", str(course.root), "4"])  # no PATH


@pytest.mark.slow  # two nbgrader workers, and one more round
def test_a_submission_that_breaks_is_reported_and_the_rest_graded(course: Course) -> None:
    broken = course.submitted("broken", MODULE)
    broken.mkdir(parents=True)
    (broken / NB).write_text("{this is not a notebook")
    (broken / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC\n")
    log = io.StringIO()
    report = autograde(course, ["4"], workers=2, stream=log)
    (failed,) = report.failed
    assert failed.team == "broken" and "[ERROR]" in failed.log.splitlines()[0]
    assert "Could not grade broken (04_action):" in report.summary()
    assert all(r.team != "broken" for r in report.graded)
    assert log.getvalue().splitlines()[-1].startswith("again ["), "graded once more, alone"
    assert to_grade(course, ["4"])[0] == [(MODULE, "broken")], "still to grade next time"


# -- what a mischievous team tried; each of these was possible before its fix ---------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_cells(text: str) -> list[str]:
    """Cells of a CSV file that a spreadsheet would run as a formula."""
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row
            if cell.startswith(FORMULA_START)]


def test_a_link_in_a_folder_hand_in_is_never_followed(tmp_path: Path) -> None:
    """A team's team_workspace.json that was a link to the instructor's solutions was once
    collected as the team's work."""
    secret = tmp_path / "instructor" / "solutions.ipynb"
    secret.parent.mkdir()
    secret.write_text("the model answers")
    team = tmp_path / "hand-ins" / "Sly"
    team.mkdir(parents=True)
    (team / NB).write_text("our notebook")
    (team / "team_workspace.json").symlink_to(secret)
    (team / "more").symlink_to(secret.parent, target_is_directory=True)
    (hand_in,) = _hand_ins(team)
    assert hand_in.snapshot is None, "the link was read"
    assert any("team_workspace.json is a link" in note for note in hand_in.notes)
    (team / NB).unlink()
    (team / NB).symlink_to(secret)
    (refused,) = _hand_ins(team)
    assert isinstance(refused, HandInError) and "is a link" in str(refused)


def test_a_zip_that_understates_its_sizes_is_stopped_as_it_inflates(tmp_path: Path,
                                                                     monkeypatch) -> None:
    path = tmp_path / "Liar.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(NB, "notebook")
        z.writestr("team_workspace.json", "0" * 5_000)
    data = bytearray(path.read_bytes())
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # every header says the file is 10 bytes
        at = data.find(header)
        while at != -1:
            size_at = at + (22 if header == b"PK\x03\x04" else 24)
            if data[size_at:size_at + 4] == (5_000).to_bytes(4, "little"):
                data[size_at:size_at + 4] = (10).to_bytes(4, "little")
            at = data.find(header, at + 4)
    path.write_bytes(bytes(data))
    monkeypatch.setattr(handins_module, "MAX_FILE_BYTES", 1_000)
    (found,) = _hand_ins(path)
    assert isinstance(found, HandInError), "read whole, despite the cap"
    assert "Liar.zip" in str(found)


def test_a_workspace_file_nested_too_deep_is_named_and_the_cohort_still_collected(
        course: Course, tmp_path: Path) -> None:
    for name, snapshot in (("Deep", b"[" * 100_000 + b"]" * 100_000),
                           ("Fine", _snapshot_bytes("Fine Team"))):
        (tmp_path / name).mkdir()
        shutil.copy(course.release_notebook(MODULE), tmp_path / name / NB)
        (tmp_path / name / "team_workspace.json").write_bytes(snapshot)
    results = {r.team: r for r in collect(course, MODULE, [tmp_path])}
    assert results["fine"].status == "new"
    assert any("nested too deeply" in note for note in results["deep"].notes), results["deep"]


def test_no_spreadsheet_the_course_writes_holds_a_formula(course: Course,
                                                          tmp_path: Path) -> None:
    """grades.csv once wrote team and member names as they were: a name starting with = ran
    as a formula when the facilitator opened the sheet. Every CSV file the course writes is
    checked here: the grade sheet and the cohort's three files."""
    team = tmp_path / "=HYPERLINK(1)"
    team.mkdir()
    shutil.copy(course.release_notebook(MODULE), team / NB)
    store = Store("sqlite://")
    ws = store.team("=HYPERLINK(\"http://x\")")
    for name in ("+1 Ana", "-2 Bo", "@Cy", "\tDee", "\rEd"):
        ws.save("member", {"name": name, "perspective": "leader"}, by="x")
    ws.export_snapshot(team / "team_workspace.json")
    collect(course, MODULE, [team], team="Formula Team")
    ws.save("strategy", {"strategy": 5, "barriers": ["III.J"], "reason": "=1+1 works"}, by="x")
    ws.save("agreed_factor", {"construct": "III.J", "effect": "barrier", "strength": 2,
                              "note": "\t=cmd"}, by="x")
    text = export_grades(course).read_text("utf-8-sig")
    assert "HYPERLINK" in text and "Ana" in text
    assert _formula_cells(text) == []
    files = CohortView(store).csv_files()
    assert sorted(files) == ["cohort-context-factors.csv", "cohort-strategies.csv",
                             "cohort-teams.csv"]
    for name, text in files.items():
        assert "HYPERLINK" in text, name
        assert _formula_cells(text) == [], name


@pytest.mark.slow  # a worker starts
def test_a_worker_that_cannot_start_says_why(tmp_path: Path) -> None:
    root = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", root, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "teams.json",
        "grades.csv", "__pycache__"))
    course = Course.at(root)
    (released,) = release(course, ["0"])
    (tmp_path / "inbox" / "East").mkdir(parents=True)
    shutil.copy(released, tmp_path / "inbox" / "East")
    collect(course, "0", [tmp_path / "inbox"])
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write("\nc.Autograde.autograde_preprocessors = None  # what a typo can leave\n")
    report = autograde(course, ["0"], workers=1, stream=io.StringIO())
    assert not report.graded
    assert "The grading worker stopped unexpectedly.\n" in report.summary()
    assert "autograde_preprocessors" in report.summary(), report.summary()
