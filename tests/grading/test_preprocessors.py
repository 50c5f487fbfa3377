"""The course's steps in nbgrader's autograde pipeline, driven directly (tests/grading/
test_attacks.py runs them inside nbgrader against a mischievous cohort)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tests.support import ROOT
from tests.support.teams import complete_team
from widgets import Store
from widgets.grading import SUBMISSION_FILE
from widgets.grading.preprocessors import disarm, literal_answers
from widgets.grading.preprocessors.judge import NOT_RUN, judge

SOURCE = ROOT / "exercises" / "source" / "00_team" / "00_team.ipynb"


@pytest.mark.parametrize("source, values, other", [
    ('answer_1 = "B"', {"answer_1": "B"}, False),
    ('# the letter\nanswer_1 = ""\nanswer_1 = "c"  # changed our mind', {"answer_1": "c"}, False),
    ('answer_1: str = "D"', {"answer_1": "D"}, False),
    ('answer_1 = "B".lower()', {}, True),
    ('answer_1 = open("/etc/passwd").read()', {}, True),
    ('import os\nanswer_1 = "A"', {"answer_1": "A"}, True),
    ('checks = "A"\nanswer_1 = "A"', {"answer_1": "A"}, True),  # only the answer's name
    ('answer_1 = "B', {}, True),  # not Python at all
    ("x = " + "(" * 5000 + ")" * 5000, {}, True),  # too deep for the parser
    ('answer_1 = "' + "B" * 30_000 + '"', {}, True),  # longer than any answer
    ("", {}, False),
])
def test_answers_are_read_as_plain_values_never_run(source: str, values: dict, other: bool
                                                    ) -> None:
    assert literal_answers(source, frozenset({"answer_1"})) == (values, other)


def test_the_course_cells_judge_a_hand_in_without_running_it(tmp_path: Path) -> None:
    source = nbformat.read(SOURCE, as_version=4)
    handed_in = nbformat.read(SOURCE, as_version=4)
    for cell in handed_in.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "q1_answer":
            cell.source = 'answer_1 = "b"\n(Path("ran").write_text("yes"))'
        elif grade_id == "q2_answer":
            cell.source = 'answer_2 = "A"'
        elif grade_id == "q3_answer":
            cell.source = ""
    store = Store("sqlite://")
    complete_team(store).export_snapshot(tmp_path / SUBMISSION_FILE)
    store.close()
    outputs = judge(source, handed_in, tmp_path)

    def said(key: str) -> str:
        return "".join(o.get("text", "") + o.get("evalue", "") for o in outputs[key])

    assert not (tmp_path / "ran").exists()
    assert said("q1_answer") == NOT_RUN + "\n"
    assert "Question 1 is answered (B)" in said("q1_check")
    assert outputs["q2_check"][-1].output_type == "error"
    assert "that is not the best answer" in said("q2_check")
    assert "Question 3 has no answer yet" in said("q3_check")
    assert "Passed: A facilitator who is on the roster, or recorded as coming from outside the " \
           "team." in said("facilitator")
    assert "handed in with this notebook is used as it is" in said("export")
    assert Path.cwd() != tmp_path


def test_a_missing_workspace_file_fails_every_check(tmp_path: Path) -> None:
    source = nbformat.read(SOURCE, as_version=4)
    outputs = judge(source, nbformat.v4.new_notebook(), tmp_path)
    assert outputs["roster"][-1].ename == "CheckNotPassed"
    assert "No workspace file was submitted" in outputs["roster"][-1].evalue


@pytest.mark.parametrize("markdown", [
    "We met. <script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[see](javascript:alert(1))",
    '<a href="javascript:alert(1)">see</a>',
    '<iframe src="https://example.org"></iframe>',
    "![tracker](https://example.org/pixel.png)",
    '<div style="background:url(javascript:alert(1))">x</div>',
])
def test_active_markdown_is_disarmed(markdown: str) -> None:
    clean = disarm(markdown)
    assert clean is not None
    for active in ("<script", "onerror", "javascript:", "<iframe", "<img", "style="):
        assert active not in clean


@pytest.mark.parametrize("markdown", [
    "Write your team's answer here.",  # as released: nbgrader must still see it unanswered
    "We met twice.\n\n- Amara chairs\n- Tom keeps time\n\n**Next:** the *dose*.",
    "Costs < 5 and > 2 & `code` [the plan](https://example.org/plan)",
])
def test_plain_formatting_is_left_as_written(markdown: str) -> None:
    assert disarm(markdown) is None

