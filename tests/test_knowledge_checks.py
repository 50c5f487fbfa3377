"""The knowledge checks are fair (issue 17): the right answer is not given away by its place or
its length, no item is asked twice (in a module and in its graded exercise), every module asks
about at least one confusion that matters, and every graded item explains each wrong option.

The items are read from the real files: the "## Knowledge check" cell of every module notebook
(the questions, then the answers in a folded admonition) and scripts/exercise_content.py.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

import nbformat
import pytest

from scripts.exercise_content import EXERCISES
from tests.support import ROOT

MODULES = sorted(p.stem for p in (ROOT / "modules").glob("0*_*.ipynb"))
MAX_LONGEST_RIGHT = 0.40  # share of items whose right answer is the longest option
MAX_ONE_POSITION = 0.40  # share of right answers in any one position (a, b, c or d)
MAX_SHORTEST_RIGHT = 0.40  # the other way round: the right option is the shortest

# Every module asks about at least one confusion that matters: (module, where, words of the
# question, the two things teams mix up). "where" is "notebook" or "exercise".
CONFUSIONS = [
    ("00_team", "exercise", "Which perspective should the roster show", "role vs perspective"),
    ("00_team", "notebook", "Amara, a nurse, has cared for many patients",
     "knowing a group vs bringing its perspective"),
    ("01_language", "notebook", "What is the training?", "strategy vs innovation"),
    ("01_language", "exercise", "What is the reminder?", "strategy vs innovation"),
    ("01_language", "notebook", "what does \"fidelity\" mean?", "fidelity vs rigid sameness"),
    ("02_context", "exercise", "computer system cannot flag", "inner vs outer setting"),
    ("02_context", "notebook", "bus timetable", "outer vs inner setting"),
    ("03_strategies", "notebook", "Which of these is an implementation strategy?",
     "strategy vs innovation vs determinant"),
    ("03_strategies", "exercise", "Which reason states a mechanism?", "determinant vs mechanism"),
    ("04_action", "exercise", "what is the *action target*?", "action target vs actor"),
    ("04_action", "notebook", "Which step is the mechanism?",
     "mechanism vs determinant, strategy and outcome"),
    ("05_roles", "notebook", "two people are marked accountable", "accountable vs responsible"),
    ("05_roles", "exercise", "the clinic's pharmacist is told", "informed vs consulted"),
    ("05_roles", "exercise", "nobody has time to run it",
     "general vs innovation-specific capacity"),
    ("06_outcomes", "notebook", "Staff like the new program", "acceptability vs appropriateness"),
    ("06_outcomes", "exercise", "out of all the nurses", "adoption vs penetration"),
    ("07_sustain", "notebook", "A nearby clinic wants to start", "sustaining vs spreading"),
    ("07_sustain", "exercise", "Two years later", "still running vs still doing good"),
    ("08_review", "exercise", "Nobody decided it", "adaptation vs drift"),
    ("08_review", "notebook", "*Mechanisms* column", "determinant vs mechanism vs outcome"),
]


@dataclass(frozen=True)
class Item:
    module: str
    where: str  # "notebook" or "exercise"
    number: int
    text: str
    options: tuple[str, ...]
    right: int  # index into options


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[*_“”\"'`]", "", text).lower().split())


_QUESTION = re.compile(r"^\*\*(\d+)\.\*\*\s*(.*)")
_OPTION = re.compile(r"^([a-e])\)\s*(.*)")
_ANSWER = re.compile(r"^\*\*(\d+)\. ([a-e])\)", re.M)


def notebook_items(module: str) -> list[Item]:
    """The items of one module's knowledge check, as the notebook shows them."""
    nb = nbformat.read(ROOT / "modules" / f"{module}.ipynb", as_version=4)
    cells = [c for c in nb.cells
             if c.cell_type == "markdown" and c.source.startswith("## Knowledge check")]
    assert len(cells) == 1, f"{module}: one knowledge-check cell"
    source = cells[0].source
    questions, _, answers = source.partition("```{admonition} Answers")
    assert ":class: dropdown" in answers, f"{module}: the answers are folded"
    keys = {int(n): "abcde".index(letter) for n, letter in _ANSWER.findall(answers)}
    parsed: list[tuple[int, list[str], list[str]]] = []  # number, question lines, options
    for line in questions.splitlines()[1:]:
        line = line.rstrip()
        if m := _QUESTION.match(line):
            parsed.append((int(m.group(1)), [m.group(2)], []))
        elif not parsed or not line:
            continue
        elif m := _OPTION.match(line):
            parsed[-1][2].append(m.group(2))
        elif parsed[-1][2]:
            parsed[-1][2][-1] += " " + line.strip()
        else:
            parsed[-1][1].append(line.strip())
    items = [Item(module, "notebook", n, " ".join(text), tuple(o.strip() for o in options),
                  keys[n]) for n, text, options in parsed]
    assert [i.number for i in items] == list(range(1, len(items) + 1)) == sorted(keys), module
    return items


def exercise_items(module: str) -> list[Item]:
    return [Item(module, "exercise", n, q.text, q.options, "ABCDE".index(q.answer))
            for n, q in enumerate(EXERCISES[module].questions, 1)]


NOTEBOOK = [item for m in MODULES for item in notebook_items(m)]
EXERCISE = [item for m in MODULES for item in exercise_items(m)]


def _longest_is_right(item: Item) -> bool:
    lengths = [len(o) for o in item.options]
    return lengths[item.right] == max(lengths)


def _shortest_is_right(item: Item) -> bool:
    lengths = [len(o) for o in item.options]
    return lengths[item.right] == min(lengths)


def measure(items: list[Item]) -> tuple[float, Counter]:
    """The share of items whose right option is the longest (or tied), and where the right
    options sit."""
    longest = sum(_longest_is_right(i) for i in items) / len(items)
    return longest, Counter("abcde"[i.right] for i in items)


def test_every_module_has_its_items() -> None:
    assert MODULES == sorted(EXERCISES)
    for module in MODULES:
        assert len([i for i in NOTEBOOK if i.module == module]) >= 3, module
        assert len([i for i in EXERCISE if i.module == module]) == 3, module
    for item in NOTEBOOK + EXERCISE:
        assert 3 <= len(item.options) <= 4 and all(item.options), item
        assert len({_norm(o) for o in item.options}) == len(item.options), item


@pytest.mark.parametrize("items", [NOTEBOOK, EXERCISE, NOTEBOOK + EXERCISE],
                         ids=["notebooks", "exercises", "all"])
def test_the_length_of_the_options_is_not_a_clue(items: list[Item]) -> None:
    longest, _ = measure(items)
    clues = [f"{i.module} {i.where} {i.number}" for i in items if _longest_is_right(i)]
    assert longest <= MAX_LONGEST_RIGHT, f"longest option right in {longest:.0%}: {clues}"
    shortest = [f"{i.module} {i.where} {i.number}" for i in items if _shortest_is_right(i)]
    assert len(shortest) / len(items) <= MAX_SHORTEST_RIGHT, f"shortest option right: {shortest}"


@pytest.mark.parametrize("items", [NOTEBOOK, EXERCISE, NOTEBOOK + EXERCISE],
                         ids=["notebooks", "exercises", "all"])
def test_the_right_answers_are_spread_over_the_positions(items: list[Item]) -> None:
    _, positions = measure(items)
    letter, count = positions.most_common(1)[0]
    assert count / len(items) <= MAX_ONE_POSITION, f"{letter} is right in {count}/{len(items)}"


def test_no_item_is_both_in_a_module_and_in_its_exercise() -> None:
    for item in NOTEBOOK:
        for other in EXERCISE:
            same = SequenceMatcher(None, _norm(item.text), _norm(other.text)).ratio()
            assert same < 0.75, (f"{item.module} notebook question {item.number} is also "
                                 f"exercise {other.module} question {other.number}")


def test_every_module_asks_about_a_confusion_that_matters() -> None:
    items = {"notebook": NOTEBOOK, "exercise": EXERCISE}
    for module, where, words, confusion in CONFUSIONS:
        assert any(i.module == module and words in i.text for i in items[where]), (
            f"{module} {where}: no question with {words!r} ({confusion})")
    assert {c[0] for c in CONFUSIONS} == set(MODULES)


def test_every_exercise_item_explains_each_option() -> None:
    for module in MODULES:
        for n, q in enumerate(EXERCISES[module].questions, 1):
            assert len(q.feedback) == len(q.options), f"{module} question {n}"
            for letter, why in zip("ABCD", q.feedback, strict=False):
                assert len(why.split()) >= 6, f"{module} question {n} {letter}: {why!r}"
                if letter != q.answer:
                    message = q.wrong_message(n, letter)
                    assert why in message and q.feedback["ABCD".index(q.answer)] in message
