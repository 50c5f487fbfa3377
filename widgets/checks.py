"""The graded checks of a team's applied work, and how an exercise notebook runs them.

Each check reads the workspace a team handed in and returns the problems it finds, each in
words a participant can act on (what is missing, for which entry, and where to fix it); no
problems means the check passes. The checks test quality, not only presence: a chosen strategy
needs a stated mechanism, a specification must have nothing vague, each strategy exactly one
accountable person, and so on, because the course's point is a plan a team can carry out. The
rules are in ``checks_team`` (Modules 0 to 3) and ``checks_plan`` (Modules 4 to 7), one small
function each; this module names them, says what each reads, and runs them.

The exercise notebooks call :func:`run`, so each graded cell is one line and every module is
graded by the same rules. The knowledge-check answers are deliberately *not* here: teams can
read this package, so the right letters live only in the hidden tests of the notebooks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import checks_plan as plan
from . import checks_team as team
from .grading import NO_SUBMISSION, SUBMISSION_FILE, describe_submission
from .grading import load_submission as _load
from .store import TeamWorkspace

__all__ = [
    "MODULE_CHECKS",
    "Check",
    "CheckNotPassed",
    "choice",
    "expect",
    "get",
    "kinds_read",
    "open_submission",
    "run",
]


class CheckNotPassed(AssertionError):
    """A check that did not pass; the message says what to fix. Its name is what a team reads
    in front of the message, so it is plain words."""


@dataclass(frozen=True)
class Check:
    """One graded check: what passes (``title``), where it is fixed, what it reads, and the
    function that finds the problems."""

    name: str
    title: str
    module: int
    reads: tuple[str, ...]
    find: Callable[[TeamWorkspace], list[str]]
    points: int = 1

    def __call__(self, ws: TeamWorkspace) -> list[str]:
        return self.find(ws)


def _meeting(module: int) -> Check:
    return Check("meeting", f"A between-session meeting after Module {module} is logged, with "
                 "at least 2 people and what you decided.", module, ("meeting",),
                 team.meeting_after(module))


MODULE_CHECKS: dict[int, tuple[Check, ...]] = {
    0: (
        Check("roster", f"At least {team.MIN_MEMBERS} members on the roster, each with a "
              "role.", 0, ("member",), team.members_with_roles),
        Check("perspectives", f"At least {team.MIN_PERSPECTIVES} different perspectives on "
              "the team.", 0, ("member",), team.perspectives),
        Check("agreements", f"At least {team.MIN_AGREEMENTS} working agreements specific "
              "enough to check, and when the team meets.", 0, ("agreements",),
              team.agreements),
        Check("facilitator", "A facilitator who is on the roster.", 0,
              ("agreements", "member"), team.facilitator),
        _meeting(0),
    ),
    1: (
        Check("own_words", "At least 3 terms have their own definitions from 2 or more "
              "members.", 1, ("glossary_entry",), team.own_words),
        Check("definitions", f"Every member's definition says something ({team.NOTE_WORDS} "
              "words or more, not a placeholder).", 1, ("glossary_entry",), team.definitions),
        Check("team_definitions", "Every term members wrote about has an agreed team "
              "definition.", 1, ("glossary_entry", "glossary_agreed"), team.team_definitions),
        _meeting(1),
    ),
    2: (
        Check("initiative", "The initiative profile is complete.", 2, ("initiative",),
              team.initiative),
        Check("ratings", "At least 2 members rated at least 3 factors from 2 or more CFIR 2.0 "
              "domains, with at least one barrier and one facilitator.", 2,
              ("context_factor",), team.ratings),
        Check("rating_notes", f"Every rating has a note of {team.NOTE_WORDS} words or more.",
              2, ("context_factor",), team.rating_notes),
        Check("priorities", "Priority barriers are chosen from the agreed map, each with a "
              "reason.", 2, ("priority", "agreed_factor"), team.priority_barriers),
        _meeting(2),
    ),
    3: (
        Check("priorities_covered", "Every priority barrier has at least one chosen "
              "strategy.", 3, ("priority", "strategy"), team.covered),
        Check("mechanisms", "Every chosen strategy says how it should weaken its barrier (its "
              "mechanism).", 3, ("strategy_decision",), team.mechanisms),
        Check("rejections", "Every strategy turned down has a reason.", 3,
              ("strategy_decision",), team.rejections),
        Check("short_list", f"At most {team.MAX_STRATEGIES_PER_BARRIER} chosen strategies per "
              "barrier.", 3, ("strategy_decision",), team.short_list),
        _meeting(3),
    ),
    4: (
        Check("specified", "Every chosen strategy is specified on all seven dimensions, with "
              "nothing vague or left as a placeholder.", 4, ("strategy", "specification"),
              plan.specified),
        Check("first_steps", "Every chosen strategy has at least one first step.", 4,
              ("strategy", "action_step"), plan.first_steps),
        Check("step_owners", "Every step has one owner from the roster.", 4,
              ("action_step", "member"), plan.step_owners),
        _meeting(4),
    ),
    5: (
        Check("one_accountable", "Every strategy and task has exactly one accountable "
              "person.", 5, ("strategy", "role_assignment"), plan.accountable),
        Check("responsible", "Every chosen strategy has someone responsible for doing the "
              "work.", 5, ("strategy", "role_assignment"), plan.responsible),
        Check("readiness", "At least 2 members rated each part of readiness, each rating with "
              "a note.", 5, ("readiness",), plan.readiness),
        Check("leader_plan", "The plan for leaders names them, makes specific asks, and says "
              "by when each decision is needed.", 5, ("leader_plan",), plan.leader_plan),
        _meeting(5),
    ),
    6: (
        Check("every_strategy_measured", "Every chosen strategy has an outcome measure.", 6,
              ("strategy", "outcome_measure"), plan.measured),
        Check("measures_complete", "Every measure says what is counted, the data source, who "
              "collects it (a member) and when.", 6, ("outcome_measure",),
              plan.measures_complete),
        Check("implementation_outcomes", "No strategy is measured only by the program's "
              "effects.", 6, ("outcome_measure",), plan.implementation_outcomes),
        _meeting(6),
    ),
    7: (
        Check("domains_rated", "All eight sustainability domains are rated.", 7,
              ("sustainability",), plan.domains_rated),
        Check("weak_domain_actions", f"Every domain rated {plan.WEAK} or lower has an action "
              "saying who does what, by when.", 7, ("sustainability",),
              plan.weak_domain_actions),
        Check("reflections", "At least half of the members wrote their own reflection.", 7,
              ("reflection", "member"), plan.reflections),
        Check("plan_complete", "Every part of the implementation plan has something in it.",
              7, ("initiative", "strategy", "outcome_measure"), plan.plan_complete),
    ),
}


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
    team = _load(path)
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
