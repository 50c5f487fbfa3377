"""What every graded check is: a rule with a title, the module where it is fixed, what it
reads, and a function that finds the problems (none means it passes). Also the rule every
module shares: a between-session meeting was logged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...analysis.text import NOTE_WORDS, is_thin_note
from ...store import TeamWorkspace

__all__ = ["Check", "CheckNotPassed", "meeting", "met_and_decided", "no_strategies"]


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


def met_and_decided(meetings: list[dict], none: str, alone: str, what: str) -> list[str]:
    """What a log of team meetings lacks: any meeting (``none`` says how to hold and log
    one), one with two people or more (``alone``), and one that wrote down what it decided
    (``what`` says what to write)."""
    if not meetings:
        return [none]
    if not any(len(m["attendees"]) >= 2 for m in meetings):
        return [alone]
    if all(is_thin_note(m["decisions"], NOTE_WORDS) for m in meetings):
        return [f"Write what your team decided ({NOTE_WORDS} words or more): {what}."]
    return []


def _meeting_after(module: int) -> Callable[[TeamWorkspace], list[str]]:
    """A check that the team met between sessions after ``module`` and wrote what it decided."""

    def find(ws: TeamWorkspace) -> list[str]:
        return met_and_decided(
            [m for m in ws.list("meeting") if m.get("module") == module],
            f"No between-session meeting after Module {module} is logged. Meet as a team, "
            f"then log it with the meeting form at the end of Module {module} (date, who "
            "came, what you decided).",
            "The meeting log shows only one person at your meeting. Add everyone who came.",
            "who does what, by when")

    return find


def meeting(module: int) -> Check:
    """The check that closes a module: a between-session meeting was logged after it."""
    return Check("meeting", f"A between-session meeting after Module {module} is logged, with "
                 "at least 2 people and what you decided.", module, ("meeting",),
                 _meeting_after(module))


def no_strategies() -> list[str]:
    """What to say when there are no chosen strategies to plan yet (Modules 4 to 6)."""
    return ["Your team has no chosen strategies yet (Module 3), so there is nothing to plan."]
