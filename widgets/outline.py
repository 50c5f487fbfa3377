"""The course outline: its modules, in order, and what each asks a team to record.

This table is the one place the course's shape is written. The store checks module numbers
against it, the cohort view and the apps list its modules, the graded checks are kept per
module, and a test holds the notebooks (``modules/<slug>.ipynb``), the graded exercises
(``exercises/source/<slug>/``) and the site's table of contents (``_toc.yml``) to it. Each
module's forms live in ``widgets/forms/<word>.py``, what its entries mean in
``widgets/analysis/<word>.py`` and its graded checks in ``widgets/grading/checks/<word>.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EVERY_MODULE", "MODULES", "NUMBERS", "WITH_THE_COHORT", "Module", "module"]


@dataclass(frozen=True)
class Module:
    """One module of the course."""

    number: int
    word: str  # names the module's files: "context" is 02_context.ipynb, forms/context.py
    title: str
    button: str  # the module's short name, on the apps' buttons
    kinds: tuple[str, ...]  # the kinds of entry its exercises save, besides EVERY_MODULE
    updates: tuple[str, ...] = ()  # kinds of an earlier module its forms change

    @property
    def slug(self) -> str:
        """The notebook's and the graded exercise's name, such as ``02_context``."""
        return f"{self.number:02d}_{self.word}"


# Every module ends with the between-session meeting log, the log of peer consultations held
# through the module's lens (a working group's), and the team's progress mark.
EVERY_MODULE = ("meeting", "consultation", "progress")
# What the team shares with its cohort: its own page in the workspace app, beside the modules.
WITH_THE_COHORT = ("sharing",)

MODULES: tuple[Module, ...] = (
    Module(0, "team", "Working as an implementation team", "The team",
           ("member", "agreements", "pulse")),
    Module(1, "language", "Shared language", "Shared language",
           ("glossary_entry", "glossary_agreed",
            "ratings_open")),  # the facilitator's switch: members' own words or ratings shown
    # Modules 2, 5, 7 and 8 ask members to rate alone again, each with the same switch.
    Module(2, "context", "The initiative and its context", "Initiative and context",
           ("initiative", "context_factor", "agreed_factor", "priority"),
           updates=("ratings_open",)),
    Module(3, "strategies", "From barriers to strategies", "Strategies",
           ("strategy_decision", "strategy")),
    Module(4, "action", "Bringing strategies to life", "Bringing strategies to life",
           ("specification", "action_step"),
           updates=("pulse",)),  # each member's pulse on trust and roles, taken again
    Module(5, "roles", "Roles, readiness and leaders", "Roles, readiness, leaders",
           ("role_assignment", "readiness", "leader_plan"),
           updates=("ratings_open",)),
    Module(6, "outcomes", "Knowing whether it works", "Knowing it works",
           ("outcome_measure",)),
    Module(7, "sustain", "Sustaining and spreading", "Sustaining",
           ("sustainability_rating", "sustainability", "spreading", "reflection",
            "example_consent"),
           updates=("pulse", "ratings_open")),  # the pulse a third time, and how it changed
    Module(8, "review", "Keeping the plan alive", "Reviews",
           ("review", "measure_value", "adaptation", "factor_rerating", "agreed_rerating",
            "readiness_rerating", "readiness_agreed"),
           updates=("action_step", "ratings_open")),  # where each of Module 4's steps stands
)
NUMBERS = tuple(m.number for m in MODULES)


def module(key: int | str) -> Module:
    """A module by its number (``2``), word (``"context"``) or slug (``"02_context"``)."""
    for m in MODULES:
        if key in (m.number, m.word, m.slug):
            return m
    raise KeyError(f"{key!r} is not a module of the course")
