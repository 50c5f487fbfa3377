"""The graded checks of a team's applied work, and how an exercise notebook runs them.

Each check reads the workspace a team handed in and returns the problems it finds, each in
words a participant can act on (what is missing, for which entry, and where to fix it); no
problems means the check passes. The checks test quality, not only presence: a chosen strategy
needs a stated mechanism, a specification must have nothing vague, each strategy exactly one
accountable person, and so on, because the course's point is a plan a team can carry out. Each
module's checks are in the file named like the module (``team`` for Module 0 ... ``review``
for Module 8), one small function each; this package gathers them and runs them.

The exercise notebooks call :func:`run`, so each graded cell is one line and every module is
graded by the same rules. The knowledge-check answers are deliberately *not* here: teams can
read this package, so the right letters live only in the hidden tests of the notebooks.
"""

from __future__ import annotations

import re

from ...outline import MODULES
from ...store import TeamWorkspace
from ..submission import NO_SUBMISSION, SUBMISSION_FILE, describe_submission, load_submission
from . import action, context, language, outcomes, review, roles, strategies, sustain, team
from .check import Check, CheckNotPassed

__all__ = [
    "MODULE_CHECKS",
    "Check",
    "CheckNotPassed",
    "choice",
    "expect",
    "explain",
    "get",
    "kinds_read",
    "open_submission",
    "run",
]

_BY_WORD = {"team": team.CHECKS, "language": language.CHECKS, "context": context.CHECKS,
            "strategies": strategies.CHECKS, "action": action.CHECKS, "roles": roles.CHECKS,
            "outcomes": outcomes.CHECKS, "sustain": sustain.CHECKS, "review": review.CHECKS}
# Module number -> its checks, in the course outline's order.
MODULE_CHECKS: dict[int, tuple[Check, ...]] = {m.number: _BY_WORD[m.word] for m in MODULES}


def get(module: int, name: str) -> Check:
    """A module's check by its name (the grade id of its cell in the exercise)."""
    for check in MODULE_CHECKS.get(module, ()):
        if check.name == name:
            return check
    raise KeyError(f"Module {module} has no check called {name!r}.")


def kinds_read(module: int) -> list[str]:
    """What a module's checks read from the workspace, in the order they first need it."""
    return list(dict.fromkeys(k for c in MODULE_CHECKS.get(module, ()) for k in c.reads))


def explain(check: Check, problems: list[str]) -> str:
    """The feedback for a check that did not pass: what passes, then each thing to fix."""
    return (f"Not yet: {check.title}\nWhat to fix:\n" + "\n".join(f"- {p}" for p in problems)
            + f"\nFix it in the Module {check.module} notebook or app, run the export cell at "
            "the top of this notebook again, then run this cell again.")


def run(team: TeamWorkspace | None, module: int, name: str) -> None:
    """The graded cell of one check: pass quietly, or raise with what to fix."""
    _short_errors()
    check = get(module, name)
    if team is None:
        raise CheckNotPassed(NO_SUBMISSION)
    problems = check(team)
    if problems:
        raise CheckNotPassed(explain(check, problems))
    print(f"Passed: {check.title}")


def _short_errors() -> None:
    """Show a failed check as its message only, without Python's traceback, which means
    nothing to most participants. Does nothing outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "InteractiveTB"):
        shell.InteractiveTB.set_mode(mode="Minimal")


def open_submission(path: str = SUBMISSION_FILE) -> TeamWorkspace | None:
    """The handed-in workspace for the checks that follow (None, after saying why, if there
    is none); failed checks show only their message from here on."""
    _short_errors()
    team = load_submission(path)
    if team is not None:
        print(f"Checking the work of {describe_submission(team)}.")
    return team


_ANSWER = re.compile(r"^\(?([A-Za-z])\)?(?:[\s.:)]|$)")


def choice(number: int, value: object, letters: str = "ABCD") -> str:
    """A knowledge-check answer as one capital letter, or raise saying how to answer.

    Accepts "b", "B)", "(b)" or "B) Outer Setting"; whether it is right is checked only when
    the notebook is graded.
    """
    _short_errors()
    text = str(value or "").strip()
    options = f"{', '.join(letters[:-1])} or {letters[-1]}"
    if not text:
        raise CheckNotPassed(
            f"Question {number} has no answer yet. Type one letter ({options}) between the "
            "quotes in the cell above, run it, then run this cell again.")
    match = _ANSWER.match(text)
    answer = match.group(1).upper() if match else ""
    if len(answer) != 1 or answer not in letters:
        raise CheckNotPassed(f"“{text}” is not one of the choices for question {number}. Type "
                             f"just one letter: {options}.")
    print(f"Question {number} is answered ({answer}). Whether it is right is checked when your "
          "facilitator grades the notebook.")
    return answer


def expect(condition: bool, message: str) -> None:
    """Raise with ``message`` when ``condition`` is false (for the hidden parts of a check)."""
    if not condition:
        _short_errors()
        raise CheckNotPassed(message)
