"""Judge a hand-in without running the team's code: nbgrader's ``Execute``, replaced.

nbgrader grades by running the handed-in notebook, so whatever a team typed into a cell would
run as the facilitator, beside the solutions, the gradebook and the other teams' work, and
could rewrite the checks it is graded by. Nothing a team writes needs running here: its work
is the workspace file it handed in, and its answers are letters typed between quotes. So this
step runs the course's *own* cells, read from ``source/`` (hidden tests included), in this
process, with the team's answers read from its cells as plain values (never run), and puts
what they printed, or the check that did not pass, under the matching cells of the team's
notebook. nbgrader's ``SaveAutoGrades`` then scores those cells exactly as it would have.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from ..checks import CheckNotPassed
from ..submission import GRADING_ENV

__all__ = ["NOT_RUN", "JudgeAnswers", "judge", "literal_answers"]

NOT_RUN = ("Only the letter typed between the quotes is read when grading; the rest of this "
           "cell was not run.")
_MAX_ANSWER_CHARS = 20_000  # far more than a letter; a cell longer than this is not read
_Value = str | int | float | bool | None


def literal_answers(source: str, names: frozenset[str] | None = None) -> tuple[
        dict[str, _Value], bool]:
    """The plain values a cell gives names (``answer_1 = "B"``), without running it, and
    whether it holds anything else (code, or names other than ``names``), which is ignored."""
    if len(source) > _MAX_ANSWER_CHARS:
        return {}, True
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}, bool(source.strip())
    values: dict[str, _Value] = {}
    other = False
    for node in body:
        target, value = (node.targets[0], node.value) if (
            isinstance(node, ast.Assign) and len(node.targets) == 1) else (
            (node.target, node.value) if isinstance(node, ast.AnnAssign) else (None, None))
        if (isinstance(target, ast.Name) and isinstance(value, ast.Constant)
                and (names is None or target.id in names)):
            values[target.id] = value.value
        else:
            other = True
    return values, other


def _grade_id(cell: NotebookNode) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _is_answer(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and bool(cell.metadata.get("nbgrader", {}).get("solution"))


def _stream(text: str, name: str = "stdout") -> NotebookNode:
    return nbformat.v4.new_output("stream", name=name, text=text)


def _run(code: str, namespace: dict[str, Any], label: str) -> list[NotebookNode]:
    """Run one of the course's own cells; what it printed, and its error, as cell outputs."""
    out, err = io.StringIO(), io.StringIO()
    error = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            exec(compile(code, label, "exec"), namespace)  # noqa: S102 - the course's own cell
        except CheckNotPassed as exc:  # a check that did not pass: its message is the feedback
            error = nbformat.v4.new_output("error", ename=type(exc).__name__, evalue=str(exc),
                                           traceback=[f"{type(exc).__name__}: {exc}"])
        except Exception as exc:  # a fault in the course's cell: the facilitator needs it all
            error = nbformat.v4.new_output("error", ename=type(exc).__name__, evalue=str(exc),
                                           traceback=traceback.format_exception(exc))
    outputs = [_stream(text, name) for text, name in ((out.getvalue(), "stdout"),
                                                       (err.getvalue(), "stderr")) if text]
    return outputs + ([error] if error is not None else [])


@contextlib.contextmanager
def _grading_in(folder: Path) -> Iterator[None]:
    """Run in the hand-in's folder (the cells read its files by name), as nbgrader would (the
    export cell then leaves the handed-in file as it is)."""
    previous, here = os.environ.get(GRADING_ENV), os.getcwd()
    os.environ[GRADING_ENV] = "autograde"
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)
        if previous is None:
            os.environ.pop(GRADING_ENV, None)
        else:
            os.environ[GRADING_ENV] = previous


def judge(source: NotebookNode, handed_in: NotebookNode, folder: Path) -> dict[str, list[
        NotebookNode]]:
    """The outputs of every code cell of ``source`` (by grade id), run in ``folder`` with
    the answers of ``handed_in`` read as plain values. Nothing of ``handed_in`` is run."""
    answers = {_grade_id(c): c for c in handed_in.cells if _is_answer(c)}
    namespace: dict[str, Any] = {"__name__": "__main__"}
    outputs: dict[str, list[NotebookNode]] = {}
    with _grading_in(folder):
        for index, cell in enumerate(source.cells):
            if cell.cell_type != "code":
                continue
            key = _grade_id(cell) or f"cell {index}"
            if not _is_answer(cell):
                outputs[key] = _run(cell.source, namespace, f"<{key}>")
                continue
            names = frozenset(literal_answers(cell.source)[0])
            team_cell = answers.get(key)
            values, ignored = literal_answers(team_cell.source if team_cell else "", names)
            namespace.update({name: values.get(name, "") for name in names})
            outputs[key] = [_stream(NOT_RUN + "\n")] if ignored else []
    return outputs


class JudgeAnswers(NbGraderPreprocessor):
    """Put what the course's own cells say about a hand-in under the team's cells, in place
    of running the team's notebook (see the module's docstring)."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[
            NotebookNode, ResourcesDict]:
        coursedir = CourseDirectory(parent=self)
        assignment, notebook = (resources["nbgrader"]["assignment"],
                                resources["nbgrader"]["notebook"])
        source = nbformat.read(Path(coursedir.format_path(
            coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb", as_version=4)
        outputs = judge(source, nb, Path(resources["metadata"]["path"]))
        for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), 1):
            key = _grade_id(cell)
            cell.outputs = outputs.get(key, []) if key else []
            cell.execution_count = count if key in outputs else None
        return nb, resources
