"""What a mischievous team hands in to game the grading, through the real pipeline (collect,
autograde on a worker, feedback, grade sheet): each attack gets nothing.

The grader runs as the facilitator, beside the solutions, the gradebook, the other teams'
hand-ins and the store's address. Each attack below worked before grading was changed so that
a team's code is never run: the points come from the team's workspace file and the letters it
typed, judged by the course's own cells.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

import widgets
from scripts.exercise_content import EXERCISES as CONTENT
from tests.support import ROOT
from tests.support.teams import COMPLETE, complete_team
from widgets import Store
from widgets.grading import SUBMISSION_FILE
from widgets.grading.autograde import autograde
from widgets.grading.course import Course, collect, export_grades, feedback, release

pytestmark = pytest.mark.slow  # nbgrader's pipeline

MODULE = "00_team"
HONEST, CHEAT, PEEK, MARKUP, BONUS = "honest", "cheat", "peek", "markup", "bonus"
SECRET = "postgresql://grader:s3cret-password@db.example/course"
MARKERS = ("pwned-package.txt",)
AUTO = ["q1_check", "q2_check", "q3_check", "roster", "perspectives", "agreements",
        "facilitator", "meeting"]

# Answer cells that need no knowledge: they redefine the course's check helpers, so every
# check "passes" with wrong answers and no workspace file.
REDEFINE = '''answer_1 = "C"
from widgets.grading import checks
checks.expect = lambda *args, **kwargs: None
checks.run = lambda *args, **kwargs: print("Passed")
checks.choice = lambda number, value, letters="ABCD": str(value)
checks.open_submission = lambda *args, **kwargs: None
'''

# Answer cells that read the solutions beside the grader, and the TEAM cell that goes looking
# for everything else it can reach.
PEEK_ANSWER = '''import json, pathlib, re
root = pathlib.Path.cwd().parents[2]
source = json.loads((root / "source" / "00_team" / "00_team.ipynb").read_text())
code = "".join("".join(c["source"]) for c in source["cells"])
answer_{n} = re.search(r'answer_{n} = "([A-D])"', code).group(1)
'''
PEEK_TEAM = '''import os, pathlib, sqlite3
root = pathlib.Path.cwd().parents[2]
print("STORE", os.environ.get("COURSE_STORE_URL"))
print("OTHER", (root / "submitted" / "honest" / "00_team" / "team_workspace.json").read_text())
db = sqlite3.connect(root / "gradebook.db")
db.execute("update student set last_name = 'pwned' where id = 'honest'")
db.commit()
import widgets
(pathlib.Path(widgets.__file__).parent / "pwned-package.txt").write_text("was here")
TEAM = ""
'''
MARKUP_REFLECTION = ('We met twice. <script>document.title = "pwned"</script>'
                     '<img src="x" onerror="alert(1)"> <a href="javascript:alert(2)">see</a>')


def _answered(release_nb: nbformat.NotebookNode, answers: dict[int, str]) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        for n, source in answers.items():
            if grade_id == f"q{n}_answer":
                cell.source = source
    return nb


def _cell(nb: nbformat.NotebookNode, key: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.id == key
                or c.metadata.get("nbgrader", {}).get("grade_id") == key)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    tmp = tmp_path_factory.mktemp("attacks")
    shutil.copytree(ROOT / "exercises", tmp / "exercises", ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "gradebook.db", "teams.json",
        "grades.csv", "__pycache__", ".ipynb_checkpoints"))
    course = Course.at(tmp / "exercises")
    (released,) = release(course, [MODULE])
    release_nb = nbformat.read(released, as_version=4)
    store = Store("sqlite://")
    complete_team(store).export_snapshot(tmp / "complete.json")
    store.close()
    right = {n: f'answer_{n} = "{q.answer}"'
             for n, q in enumerate(CONTENT[MODULE].questions, 1)}

    inbox = tmp / "inbox"

    def hand_in(team: str, nb: nbformat.NotebookNode, workspace: bool) -> None:
        (inbox / team).mkdir(parents=True)
        nbformat.write(nb, inbox / team / f"{MODULE}.ipynb")
        if workspace:
            shutil.copy(tmp / "complete.json", inbox / team / SUBMISSION_FILE)

    hand_in(HONEST, _answered(release_nb, right), workspace=True)
    hand_in(CHEAT, _answered(release_nb, {1: REDEFINE, 2: 'answer_2 = "A"'}), workspace=False)
    peek = _answered(release_nb, {n: PEEK_ANSWER.format(n=n) for n in (1, 2, 3)})
    _cell(peek, "team").source = PEEK_TEAM
    hand_in(PEEK, peek, workspace=False)
    markup = _answered(release_nb, right)
    _cell(markup, "reflection").source = MARKUP_REFLECTION
    hand_in(MARKUP, markup, workspace=True)
    bonus = _answered(release_nb, {})
    forged = nbformat.v4.new_code_cell('print("extra credit")', metadata={"nbgrader": {
        "grade": True, "grade_id": "bonus", "locked": True, "points": 100, "schema_version": 3,
        "solution": False, "task": False}})
    bonus.cells.insert(1, forged)
    copy = nbformat.from_dict(json.loads(json.dumps(_cell(bonus, "roster"))))
    copy.id = "roster-again"
    bonus.cells.insert(2, copy)  # the same check twice
    hand_in(BONUS, bonus, workspace=False)

    collect(course, MODULE, [inbox])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COURSE_STORE_URL", SECRET)
        report = autograde(course, [MODULE], workers=1, stream=io.StringIO())
    pages = {p.parent.parent.name: p.read_text("utf-8") for p in feedback(course, [MODULE])}
    yield SimpleNamespace(course=course, report=report, pages=pages,
                          sheet=export_grades(course).read_text("utf-8-sig"))
    for marker in MARKERS:  # if an attack ever works again, leave the checkout clean
        (Path(widgets.__file__).parent / marker).unlink(missing_ok=True)


def _scores(course: Course, team: str) -> dict[str, float | None]:
    with course.gradebook() as gb:
        return {g.name: g.auto_score for g in gb.find_submission(MODULE, team).notebooks[0].grades
                if g.name in AUTO}


def _words(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_an_honest_team_gets_every_point(cohort) -> None:
    assert not cohort.report.failed, cohort.report.summary()
    assert _scores(cohort.course, HONEST) == dict.fromkeys(AUTO, 1.0)
    page = _words(cohort.pages[HONEST])
    assert "Passed: A facilitator who is on the roster, or recorded as coming from outside the " \
           "team." in page
    assert "Question 1 is answered (B)" in page


def test_redefining_the_check_helpers_scores_nothing(cohort) -> None:
    assert _scores(cohort.course, CHEAT) == dict.fromkeys(AUTO, 0.0)
    assert "No workspace file was submitted" in _words(cohort.pages[CHEAT])


def test_reading_the_solutions_scores_nothing(cohort) -> None:
    assert _scores(cohort.course, PEEK) == dict.fromkeys(AUTO, 0.0)
    page = _words(cohort.pages[PEEK])
    assert "Only the letter typed between the quotes is read when grading" in page


def test_a_team_reaches_nothing_beyond_its_hand_in(cohort) -> None:
    page = cohort.pages[PEEK]
    assert "s3cret-password" not in page, "the store's address reached the team"
    assert "Eastside" not in page and "Amara Okafor" not in page, "another team's hand-in"
    assert "pwned" not in cohort.sheet
    with sqlite3.connect(cohort.course.root / "gradebook.db") as db:
        assert db.execute("select last_name from student where id = 'honest'").fetchone() == (
            COMPLETE,)
    for marker in MARKERS:
        assert not (Path(widgets.__file__).parent / marker).exists()


def test_markup_in_a_reflection_is_shown_as_text(cohort) -> None:
    page = cohort.pages[MARKUP]
    assert "We met twice." in page
    for active in ("<script>document", "onerror=", "javascript:alert"):
        assert active not in page, active


def test_forged_and_repeated_graded_cells_add_nothing(cohort) -> None:
    with cohort.course.gradebook() as gb:
        assert gb.find_submission(MODULE, BONUS).score == 0
    assert _scores(cohort.course, BONUS) == dict.fromkeys(AUTO, 0.0)
