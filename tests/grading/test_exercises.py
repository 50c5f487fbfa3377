"""Every module's graded exercise through the real nbgrader pipeline, run the facilitator's way:
release, collect (folders and zips), autograde on two workers, feedback, grade sheet, and a
team handing in again.

Three teams hand in every exercise: one complete, one partial and one empty (no workspace
file, nothing answered); a fourth changes a locked cell. What each should score is worked out
from how its workspace was built (tests/support/teams.py), not from the checks themselves.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbclient import NotebookClient

from scripts.exercise_content import EXERCISES as CONTENT
from tests.support import ROOT
from tests.support.teams import (
    COMPLETE,
    PARTIAL,
    PARTIAL_FAILS,
    PARTIAL_NAMES,
    complete_team,
    partial_team,
)
from widgets import Store
from widgets.grading import NO_SUBMISSION, SUBMISSION_FILE
from widgets.grading.autograde import EMPTY_ANSWER, autograde
from widgets.grading.checks import MODULE_CHECKS
from widgets.grading.course import Course, collect, export_grades, feedback, release

pytestmark = pytest.mark.slow  # every exercise through nbgrader

EXERCISES = ROOT / "exercises"

MODULES = sorted(CONTENT)
EAST, WEST, NORTH, SOUTH = "eastside-diabetes-team", "westside-team", "northside", "southside"
RAN_BY_TEAM = "04_action"  # the complete team runs this one in Jupyter before handing it in
TAMPERED = "04_action"
REFLECTION = "We found the dose hardest to pin down, because the front desk works two shifts."


def _number(module: str) -> int:
    return int(module.split("_")[0])


def _answers(module: str, kind: str) -> list[str]:
    right = [q.answer for q in CONTENT[module].questions]
    if kind == "complete":
        return right
    wrong = next(letter for letter in "ABCD" if letter != right[1])
    return [right[0], wrong, ""]  # partial: one right, one wrong, one left empty


def _filled(release_nb: nbformat.NotebookNode, answers: list[str], reflection: str,
            team: str = "") -> nbformat.NotebookNode:
    """The released notebook as a team fills it in."""
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        for n, letter in enumerate(answers, 1):
            if grade_id == f"q{n}_answer":
                assert f'answer_{n} = ""' in cell.source
                cell.source = cell.source.replace(f'answer_{n} = ""', f'answer_{n} = "{letter}"')
        if grade_id == "reflection" and reflection:
            cell.source = reflection
        if cell.id == "team" and team:
            cell.source = cell.source.replace('TEAM = ""', f"TEAM = {team!r}")
    return nb


def _text(path: Path) -> str:
    """A feedback page as the words a team reads."""
    page = re.sub(r"<style.*?</style>|<script.*?</script>", " ", path.read_text("utf-8"),
                  flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _outputs(nb: nbformat.NotebookNode, cell_id: str) -> str:
    cell = next(c for c in nb.cells if c.id == cell_id or
                c.metadata.get("nbgrader", {}).get("grade_id") == cell_id)
    return "\n".join(o.get("text", "") + o.get("evalue", "") for o in cell.outputs)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A cohort graded end to end; the tests below read what it left behind."""
    tmp = tmp_path_factory.mktemp("cohort")
    shutil.copytree(EXERCISES, tmp / "exercises", ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "teams.json",
        "grades.csv", "__pycache__", ".ipynb_checkpoints"))
    course = Course.at(tmp / "exercises")
    released = release(course)

    store_url = f"sqlite:///{tmp / 'team-store.sqlite'}"
    store = Store(store_url)
    try:
        complete = complete_team(store)
        complete.export_snapshot(tmp / "complete.json")
        partial_team(store).export_snapshot(tmp / "partial.json")
    finally:
        store.close()

    collected = {}
    for module, release_path in zip(MODULES, released, strict=True):
        release_nb = nbformat.read(release_path, as_version=4)
        inbox = tmp / "inbox" / module
        east = inbox / COMPLETE
        east.mkdir(parents=True)
        nb = _filled(release_nb, _answers(module, "complete"), REFLECTION,
                     team=COMPLETE if module == RAN_BY_TEAM else "")
        if module == RAN_BY_TEAM:  # the team runs it: its export cell writes the snapshot
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("COURSE_STORE_URL", store_url)
                mp.delenv("NBGRADER_EXECUTION", raising=False)
                NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                               resources={"metadata": {"path": str(east)}}).execute()
        else:
            shutil.copy(tmp / "complete.json", east / SUBMISSION_FILE)
        nbformat.write(nb, east / f"{module}.ipynb")

        with zipfile.ZipFile(inbox / f"{PARTIAL}.zip", "w") as z:  # zipped, in a subfolder
            z.writestr(f"{PARTIAL}/{module}.ipynb", nbformat.writes(
                _filled(release_nb, _answers(module, "partial"), REFLECTION)))
            z.write(tmp / "partial.json", f"{PARTIAL}/{SUBMISSION_FILE}")
            z.writestr(f"__MACOSX/{PARTIAL}/._{module}.ipynb", "resource fork")

        (inbox / "Northside").mkdir()  # the released notebook, untouched; no workspace file
        nbformat.write(release_nb, inbox / "Northside" / f"{module}.ipynb")

        if module == TAMPERED:  # a team that makes a failing check print "Passed"
            nb = _filled(release_nb, _answers(module, "partial"), REFLECTION)
            cell = next(c for c in nb.cells if c.id == "specified")
            cell.source = 'print("Passed: every strategy is specified.")'
            with zipfile.ZipFile(inbox / "Southside.zip", "w") as z:
                z.writestr(f"{module}.ipynb", nbformat.writes(nb))
                z.write(tmp / "partial.json", SUBMISSION_FILE)
        collected[module] = collect(course, module, [inbox])

    progress = io.StringIO()
    report = autograde(course, workers=2, stream=progress)
    pages = feedback(course)
    sheet = export_grades(course)
    return SimpleNamespace(course=course, tmp=tmp, released=released, collected=collected,
                           report=report, progress=progress.getvalue(), pages=pages,
                           sheet=sheet)


def test_source_notebooks_are_generated_and_well_formed() -> None:
    made = subprocess.run([sys.executable, "-m", "scripts.make_exercises", "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert made.returncode == 0, made.stdout + made.stderr
    assert MODULES == sorted(p.stem for p in (ROOT / "modules").glob("*.ipynb"))
    assert sorted(p.name for p in (EXERCISES / "source").iterdir()) == MODULES
    for module in MODULES:
        folder = EXERCISES / "source" / module
        assert sorted(p.name for p in folder.iterdir()) == [f"{module}.ipynb"], (
            "only the notebook: a starter team_workspace.json would be graded instead")
        nb = nbformat.read(folder / f"{module}.ipynb", as_version=4)
        meta = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]
                for c in nb.cells if "nbgrader" in c.metadata}
        checks = [c.name for c in MODULE_CHECKS[_number(module)]]
        for grade_id in ["q1_check", "q2_check", "q3_check", *checks]:
            assert meta[grade_id]["grade"] and meta[grade_id]["locked"], grade_id
            assert meta[grade_id]["points"] == 1 and not meta[grade_id]["solution"]
        assert meta["reflection"] == {"grade": True, "grade_id": "reflection", "locked": False,
                                      "points": 3, "schema_version": 3, "solution": True,
                                      "task": False}
        assert all(len(c.source.splitlines()) <= 7 for c in nb.cells if c.cell_type == "code")


def test_released_copies_hold_no_answer_hidden_test_or_grader_note(graded) -> None:
    for module, path in zip(MODULES, graded.released, strict=True):
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        content = CONTENT[module]
        secrets = ["BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "checks.expect",
                   content.reflection.grader_notes[:50], content.reflection.model_answer[:50]]
        for n, q in enumerate(content.questions, 1):
            secrets += [f'answer_{n} = "{q.answer}"', *(why[:40] for why in q.feedback)]
        for secret in secrets:
            assert secret not in text, f"{module}: the teams' copy gives away {secret!r}"
        for visible in ['TEAM = ""', f"submit_snapshot(TEAM, module={_number(module)})",
                        'answer_1 = ""', *content.reflection.rubric]:
            assert visible in text, f"{module}: the teams' copy lacks {visible!r}"


def test_each_team_is_one_student_with_its_members(graded) -> None:
    for module, results in graded.collected.items():
        got = {r.team: r for r in results}
        assert set(got) == {EAST, WEST, NORTH} | ({SOUTH} if module == TAMPERED else set())
        assert all(r.status == "new" for r in results), module
        assert any("no team_workspace.json" in n for n in got[NORTH].notes)
    ledger = graded.course.ledger()
    assert ledger[EAST]["name"] == COMPLETE and ledger[WEST]["name"] == PARTIAL
    assert "Luis Ortega" in ledger[EAST]["members"] and len(ledger[EAST]["members"]) == 6
    assert ledger[NORTH] == {**ledger[NORTH], "name": "Northside", "members": []}
    with graded.course.gradebook() as gb:
        assert sorted(s.id for s in gb.students) == sorted([EAST, NORTH, SOUTH, WEST])
        assert gb.find_student(EAST).last_name == COMPLETE


def _auto_scores(gb, module: str, team: str) -> dict[str, object]:
    sub = gb.find_submission(module, team)
    return {g.name: g for g in sub.notebooks[0].grades}


@pytest.mark.parametrize("module", MODULES)
def test_scores(graded, module: str) -> None:
    checks = [c.name for c in MODULE_CHECKS[_number(module)]]
    auto = ["q1_check", "q2_check", "q3_check", *checks]
    partial = {"q1_check": 1.0, "q2_check": 0.0, "q3_check": 0.0,
               **{c: 0.0 if c in PARTIAL_FAILS[module] else 1.0 for c in checks}}
    expected = {EAST: dict.fromkeys(auto, 1.0), WEST: partial, NORTH: dict.fromkeys(auto, 0.0)}
    if module == TAMPERED:
        expected[SOUTH] = partial
    with graded.course.gradebook() as gb:
        assert gb.find_assignment(module).max_score == 3 + len(checks) + 3
        for team, want in expected.items():
            grades = _auto_scores(gb, module, team)
            assert {name: grades[name].auto_score for name in auto} == want, team
            reflection = grades["reflection"]
            if team == NORTH:  # nothing written: nbgrader scores it 0, nothing to grade
                assert reflection.auto_score == 0 and not reflection.needs_manual_grade
            else:
                assert reflection.auto_score is None and reflection.needs_manual_grade
            assert gb.find_submission(module, team).score == sum(want.values())


@pytest.mark.parametrize("module", MODULES)
def test_feedback_names_the_missing_work(graded, module: str) -> None:
    pages = {p.parent.parent.name: _text(p) for p in graded.pages if p.parent.name == module}
    titles = {c.name: c.title for c in MODULE_CHECKS[_number(module)]}
    for name, title in titles.items():
        assert f"Passed: {title}" in pages[EAST] and f"Not yet: {title}" not in pages[EAST]
        assert (f"Not yet: {title}" in pages[WEST]) is (name in PARTIAL_FAILS[module])
    assert "not the best answer" not in pages[EAST]
    for words in PARTIAL_NAMES[module]:
        assert words in pages[WEST], words
    chosen = _answers(module, "partial")[1]  # wrong: told why, and why the best one is right
    assert CONTENT[module].questions[1].wrong_message(2, chosen) in pages[WEST]
    assert "Question 3 has no answer yet" in pages[WEST]
    assert pages[NORTH].count(NO_SUBMISSION) == len(titles)
    assert "Question 1 has no answer yet" in pages[NORTH] and EMPTY_ANSWER in pages[NORTH]
    for page in pages.values():  # feedback keeps the hidden tests and grader notes hidden
        assert "checks.expect" not in page
        assert CONTENT[module].reflection.model_answer[:50] not in page


def test_tampering_with_a_locked_cell_is_detected_and_undone(graded) -> None:
    assert graded.report.changed_cells == {(TAMPERED, SOUTH): ["specified"]}
    assert "southside changed locked cells in 04_action (specified)" in graded.report.summary()
    graded_nb = nbformat.read(graded.course.autograded(SOUTH, TAMPERED) / f"{TAMPERED}.ipynb",
                              as_version=4)
    cell = next(c for c in graded_nb.cells if c.id == "specified")
    assert 'checks.run(team, 4, "specified")' in cell.source, "nbgrader restored the cell"
    assert "Not yet: Every chosen strategy is specified" in _outputs(graded_nb, "specified")
    rows = {(r["team"], r["module"]): r
            for r in csv.DictReader(graded.sheet.open(encoding="utf-8-sig"))}
    assert rows[(SOUTH, TAMPERED)]["changed_locked_cells"] == "specified"
    assert rows[(WEST, TAMPERED)]["changed_locked_cells"] == ""


def test_grading_ran_on_two_workers_with_a_progress_bar(graded) -> None:
    n = 3 * len(MODULES) + 1
    assert graded.report.workers == 2 and not graded.report.failed
    assert len(graded.report.graded) == n and not graded.report.skipped
    lines = graded.progress.splitlines()
    assert len(lines) == n and lines[-1].startswith(f"[{'#' * 24}] {n}/{n} ")
    assert f"Graded {n} submissions" in graded.report.summary()


def test_the_team_ran_its_notebook_before_handing_it_in(graded) -> None:
    ran = nbformat.read(graded.tmp / "inbox" / RAN_BY_TEAM / COMPLETE / f"{RAN_BY_TEAM}.ipynb",
                        as_version=4)
    assert not [o for c in ran.cells for o in c.get("outputs", []) if o.output_type == "error"]
    export = _outputs(ran, "export")
    assert f"team “{COMPLETE}”: 6 members (Amara Okafor, Tom Becker" in export
    team = complete_team(Store("sqlite://"))  # what the team handed in, counted again
    counts = [len(team.list(kind)) for kind in ("strategy", "specification", "action_step")]
    assert ("{} selected strategies, {} strategy specifications, {} action steps"
            .format(*counts)) in export
    assert "Passed: Every step has one owner from the roster." in _outputs(ran, "step_owners")
    assert "Question 1 is answered (B)" in _outputs(ran, "q1_check")


def test_grade_sheet(graded) -> None:
    rows = list(csv.DictReader(graded.sheet.open(encoding="utf-8-sig")))
    assert len(rows) == 4 * len(MODULES)
    by = {(r["team"], r["module"]): r for r in rows}
    with graded.course.gradebook() as gb:
        for module in MODULES:
            east, west, north = by[(EAST, module)], by[(WEST, module)], by[(NORTH, module)]
            max_score = f"{gb.find_assignment(module).max_score:g}"
            assert east["status"] == "waiting for manual grading" and east["not_yet_passed"] == ""
            assert east["score"] == f"{gb.find_submission(module, EAST).score:g}"
            assert east["max_score"] == max_score
            assert north == {**north, "status": "graded", "score": "0", "members": ""}
            assert "question 2" in west["not_yet_passed"].split("; ")
            assert by[(SOUTH, module)]["status"] == (
                "waiting for manual grading" if module == TAMPERED else "not handed in")
    assert by[(EAST, "00_team")]["members"].startswith("Amara Okafor; Tom Becker;")
    assert "Every chosen strategy is specified" in by[(WEST, "04_action")]["not_yet_passed"]


def test_a_team_that_hands_in_again_keeps_its_manual_grades(graded) -> None:
    """Runs last: it changes the cohort. Westside fixes its work and hands in the same
    reflection; Eastside rewrites its reflection; Northside hands in nothing new."""
    course, module = graded.course, "04_action"
    with course.gradebook() as gb:
        for team, points in ((EAST, 3), (WEST, 2)):
            grade = _auto_scores(gb, module, team)["reflection"]
            grade.manual_score, grade.needs_manual_grade = points, False
        gb.db.commit()
        west_before = gb.find_submission(module, WEST).score
    inbox = graded.tmp / "inbox" / module
    with zipfile.ZipFile(inbox / f"{PARTIAL}.zip") as z:
        west_nb = z.read(f"{PARTIAL}/{module}.ipynb")
    store = Store("sqlite://")
    complete_team(store, PARTIAL).export_snapshot(graded.tmp / "fixed.json")
    store.close()
    with zipfile.ZipFile(inbox / f"{PARTIAL}.zip", "w") as z:
        z.writestr(f"{module}.ipynb", west_nb)
        z.write(graded.tmp / "fixed.json", SUBMISSION_FILE)
    east_nb = nbformat.read(inbox / COMPLETE / f"{module}.ipynb", as_version=4)
    next(c for c in east_nb.cells if c.id == "reflection").source = REFLECTION + " And more."
    nbformat.write(east_nb, inbox / COMPLETE / f"{module}.ipynb")

    statuses = {r.team: r.status for r in collect(course, module, [inbox])}
    assert statuses == {EAST: "handed in again", WEST: "handed in again", NORTH: "unchanged",
                        SOUTH: "unchanged"}
    report = autograde(course, workers=2, stream=io.StringIO())
    assert sorted((r.module, r.team) for r in report.graded) == [(module, EAST), (module, WEST)]
    assert len(report.skipped) == 3 * len(MODULES) - 1

    with course.gradebook() as gb:
        west = _auto_scores(gb, module, WEST)
        assert west["specified"].auto_score == 1 and west["meeting"].auto_score == 1
        assert west["reflection"].manual_score == 2 and not west["reflection"].needs_manual_grade
        assert gb.find_submission(module, WEST).score == west_before + 2
        east = _auto_scores(gb, module, EAST)["reflection"]
        assert east.manual_score == 3 and east.needs_manual_grade, "kept, and to look at again"
    row = next(r for r in csv.DictReader(export_grades(course).open(encoding="utf-8-sig"))
               if (r["team"], r["module"]) == (WEST, module))
    assert row["status"] == "graded" and row["not_yet_passed"] == (
        "question 2; question 3; reflection (2 of 3)")
