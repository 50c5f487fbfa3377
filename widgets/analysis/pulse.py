"""The pulse on trust and role clarity (Modules 0, 4 and 7): how the team's answers spread,
and how they changed over the course, never who answered what.

Each member rates a few statements alone (``PULSE_STATEMENTS``, the course's own words: a
reflection tool, not a validated measure). What this module returns holds counts and middle
answers only, no names. With fewer than ``MIN_FOR_MIDDLE`` members answering at a module, it
gives counts only: in a group of two, a middle answer and the counts together tell each
person's answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from ..store import TeamWorkspace
from ..store.model import PULSE_MODULES, PULSE_SCALE, PULSE_STATEMENTS

__all__ = ["MIN_FOR_MIDDLE", "SMALL_GROUP", "Change", "Spread", "answered", "few_answered",
           "pulse_change", "pulse_spread", "statement_text"]

MIN_FOR_MIDDLE = 3  # members answering at a module before its middle answers are shown
SMALL_GROUP = (f"When fewer than {MIN_FOR_MIDDLE} people answer, the course shows only how "
               "many gave each answer, not the middle answer: in a small group it is too easy "
               "to work out who said what.")
_TEXT = {name: text for name, _topic, text in PULSE_STATEMENTS}


def statement_text(name: str) -> str:
    """A statement of the pulse, as members read it."""
    return _TEXT[name]


@dataclass(frozen=True)
class Spread:
    """How the answers to one statement spread at one module: how many chose each point of
    the scale (1 to 5, in order), and the middle answer (None when too few answered)."""

    module: int
    statement: str  # the statement's field name
    counts: tuple[int, ...]
    middle: float | None

    @property
    def answers(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Change:
    """One statement over the course: its middle answer at each pulse module (None where
    nobody answered, or too few to show it), and what moved, in words."""

    statement: str
    middles: tuple[float | None, ...]  # in the order of PULSE_MODULES
    said: str


def _entries(ws: TeamWorkspace) -> dict[int, list[dict]]:
    by_module: dict[int, list[dict]] = {m: [] for m in PULSE_MODULES}
    for entry in ws.list("pulse"):
        by_module.setdefault(entry["module"], []).append(entry)
    return by_module


def answered(ws: TeamWorkspace) -> dict[int, int]:
    """How many members answered at each pulse module (0 where none did)."""
    return {m: len(entries) for m, entries in _entries(ws).items()}


def few_answered(ws: TeamWorkspace) -> list[int]:
    """The pulse modules some, but fewer than ``MIN_FOR_MIDDLE``, members answered."""
    return [m for m, n in answered(ws).items() if 0 < n < MIN_FOR_MIDDLE]


def _number(value: float) -> float:
    return int(value) if float(value).is_integer() else float(value)


def pulse_spread(ws: TeamWorkspace) -> list[Spread]:
    """For each module someone answered at, and each statement in the course's order: how
    many gave each answer, and the middle answer (the median) when at least
    ``MIN_FOR_MIDDLE`` answered."""
    points = [n for n, _label in PULSE_SCALE]
    spreads = []
    for module, entries in _entries(ws).items():
        if not entries:
            continue
        for name, _topic, _text in PULSE_STATEMENTS:
            ratings = [e[name] for e in entries if e.get(name) is not None]
            middle = (_number(median(ratings)) if len(entries) >= MIN_FOR_MIDDLE and ratings
                      else None)
            spreads.append(Spread(module, name, tuple(ratings.count(p) for p in points),
                                  middle))
    return spreads


def _moved(first: tuple[int, float], last: tuple[int, float]) -> str:
    (m0, v0), (m1, v1) = first, last
    if v1 == v0:
        return f"No change from Module {m0} to Module {m1} ({v0})"
    return (f"{'Up' if v1 > v0 else 'Down'} from {v0} at Module {m0} to {v1} at Module {m1}")


def pulse_change(ws: TeamWorkspace) -> list[Change]:
    """For each statement: its middle answer at Modules 0, 4 and 7, and what moved between
    the first and the last module where the middle answer can be shown."""
    middles = {(s.module, s.statement): s.middle for s in pulse_spread(ws)}
    changes = []
    for name, _topic, _text in PULSE_STATEMENTS:
        row = tuple(middles.get((m, name)) for m in PULSE_MODULES)
        shown = [(m, v) for m, v in zip(PULSE_MODULES, row, strict=True) if v is not None]
        said = (_moved(shown[0], shown[-1]) if len(shown) > 1 else
                "Not enough answers yet to see a change")
        changes.append(Change(name, row, said))
    return changes
