"""Write the graded exercise of every module: exercises/source/<module>/<module>.ipynb.

Every exercise has the same shape, so they are built here rather than by hand: the hand-in
cells, a knowledge check (scripts/exercise_content.py holds the questions and answers), the
checks of the team's applied work (widgets/grading/checks/, one locked one-line cell each) and a
reflection with its rubric. Run from the repository root after changing either file:

    .venv/bin/python -m scripts.make_exercises          # rewrite the notebooks
    .venv/bin/python -m scripts.make_exercises --check  # exit 1 if a notebook is out of date
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from scripts.exercise_content import EXERCISES, Exercise, Question
from widgets.grading.checks import MODULE_CHECKS, Check
from widgets.outline import Module, module

ROOT = Path(__file__).resolve().parent.parent

SOURCE = ROOT / "exercises" / "source"
REFLECTION_POINTS = 3


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = True,
          points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _markdown(cell_id: str, text: str, **kw: object) -> NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text.strip(), metadata=_meta(cell_id, **kw))
    cell.id = cell_id
    return cell


def _code(cell_id: str, source: str, *, nbgrader: bool = True, **kw: object) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source.strip(),
                                     metadata=_meta(cell_id, **kw) if nbgrader else {})
    cell.id = cell_id
    return cell


def _wrap(text: str, prefix: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), width=95, initial_indent=prefix,
                         subsequent_indent=" " * len(prefix))


def _intro(m: Module, ex: Exercise, checks: tuple[Check, ...]) -> str:
    n, work = len(ex.questions), sum(c.points for c in checks)
    return f"""
# Module {m.number} exercise: {m.title}

This is your team's graded exercise for Module {m.number}. Your team hands it in once, together.
It has three parts:

1. **Knowledge check:** {n} multiple-choice questions ({n} points, checked automatically).
2. **Your team's work:** what your team saved in Module {m.number} is checked automatically
   ({work} points).
3. **Reflection:** a few sentences from your team, read and graded by your facilitator
   ({REFLECTION_POINTS} points).

### How your team's work gets here

Your team's work is kept in your team's workspace, not in this notebook. To hand it in:

1. Type your team's name in the `TEAM` cell below, exactly as you typed it in the modules.
   Run the cell (click in it and press **Shift + Enter**).
2. Run the export cell after it. It saves your whole team workspace to a file called
   **team_workspace.json** in this folder, and lists your team's members and what it saved.
   Check the list of members: it is how your facilitator knows who is on the team.
3. Hand in **both** files: this notebook and team_workspace.json.

If your team changes its work later, run the export cell again before you hand in.

When your facilitator grades this notebook, the export cell does nothing. The
team_workspace.json you handed in is the file that gets graded.
"""


def _question_cells(number: int, q: Question) -> list[NotebookNode]:
    letters = "ABCD"[:len(q.options)]
    options = "\n".join(f"- {letter}) {text}"
                        for letter, text in zip(letters, q.options, strict=True))
    choices = f"{', '.join(letters[:-1])} or {letters[-1]}"
    name = f"answer_{number}"
    # a wrong answer is told why that option is wrong, and why the best one is right
    wrong = {letter: q.wrong_message(number, letter) for letter in letters if letter != q.answer}
    answer = "\n".join([
        f"# Type the letter of your answer ({choices}) between the quotes, then run this cell.",
        f'{name} = ""',
        "### BEGIN SOLUTION",
        f'{name} = "{q.answer}"',
        "### END SOLUTION",
    ])
    check = "\n".join([
        f"# Checks question {number}. If something needs changing, the message below says what.",
        "from widgets.grading import checks",
        "",
        f'answer = checks.choice({number}, globals().get("{name}"), "{letters}")',
        "### BEGIN HIDDEN TESTS",
        f'checks.expect(answer == "{q.answer}", {wrong!r}.get(answer, ""))',
        "### END HIDDEN TESTS",
    ])
    return [
        _markdown(f"q{number}_text", f"**Question {number}.** {q.text}\n\n{options}"),
        _code(f"q{number}_answer", answer, solution=True, locked=False),
        _code(f"q{number}_check", check, grade=True, points=1),
    ]


def _work_intro(m: Module, checks: tuple[Check, ...]) -> str:
    rules = "\n".join(_wrap(c.title, f"{i}. ") for i, c in enumerate(checks, 1))
    return f"""
## Part 2: Your team's work ({sum(c.points for c in checks)} points)

The cells below read team_workspace.json and check what your team saved. Each check is worth
1 point:

{rules}

The checks look at whether your work is there and specific enough for someone else to act on.
They do not judge whether your choices are right: nobody knows your setting better than your
team.

Run each cell. If a check does not pass, its message says what to fix. Fix it in the
Module {m.number} notebook or app, run the export cell again, then run these cells again.
"""


def _rubric(ex: Exercise) -> str:
    rows = "\n".join(f"| 1 | {line} |" for line in ex.reflection.rubric)
    return f"""
## Part 3: Reflection ({REFLECTION_POINTS} points, graded by your facilitator)

Write a few sentences as a team (about 100 to 200 words) in the cell below.

{_wrap(ex.reflection.prompt)}

**How your facilitator grades it** (1 point for each line):

| points | what earns it |
| --- | --- |
{rows}
"""


def _grader_notes(ex: Exercise) -> str:
    return (f"*Notes for the grader (removed from the teams' copy).* {ex.reflection.grader_notes}"
            f"\n\n*Model answer.* {ex.reflection.model_answer}")


def notebook(name: str) -> NotebookNode:
    """The source notebook of one module's exercise, solutions and hidden tests included."""
    m, ex = module(name), EXERCISES[name]
    checks = MODULE_CHECKS[m.number]
    cells = [
        _markdown("intro", _intro(m, ex, checks)),
        _code("team", 'TEAM = ""  # your team\'s name', nbgrader=False),
        _code("export", f"""
from widgets.grading import submit_snapshot

saved_file = submit_snapshot(TEAM, module={m.number})"""),
        _markdown("questions_intro", f"""
## Part 1: Knowledge check ({len(ex.questions)} points)

Answer each question by typing one letter between the quotes in the cell under it. Then run
that cell and the check after it.

The check only tells you whether your answer is one of the letters. Whether it is right is
checked when your facilitator grades the notebook."""),
    ]
    for number, q in enumerate(ex.questions, 1):
        cells += _question_cells(number, q)
    cells.append(_markdown("work_intro", _work_intro(m, checks)))
    cells.append(_code("load", """
# Reads team_workspace.json. If it is missing, the message below says what to do.
from widgets.grading import checks

team = checks.open_submission()"""))
    for check in checks:
        cells.append(_code(check.name, f"""
# {check.title}
checks.run(team, {m.number}, "{check.name}")""", grade=True, points=check.points))
    cells.append(_markdown("reflection_rubric", _rubric(ex)))
    cells.append(_markdown("reflection", _grader_notes(ex), grade=True, solution=True,
                           locked=False, points=REFLECTION_POINTS))
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(nb)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only report notebooks that differ from what this script writes")
    args = parser.parse_args(argv)
    stale = []
    for name in EXERCISES:
        path = SOURCE / name / f"{name}.ipynb"
        text = nbformat.writes(notebook(name)) + "\n"
        if path.exists() and path.read_text("utf-8") == text:
            continue
        if args.check:
            stale.append(str(path.relative_to(ROOT)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("Out of date (run python -m scripts.make_exercises): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
