"""The pulse on trust and role clarity (Modules 0, 4 and 7): each member answers alone, and the
team sees the spread of answers and how it changed, never who said what."""

from __future__ import annotations

from html import unescape

import nbformat
import pytest

from tests.support import ROOT
from widgets import PulseForm, PulseView, Store
from widgets.analysis.pulse import (
    MIN_FOR_MIDDLE,
    few_answered,
    pulse_change,
    pulse_spread,
)
from widgets.apps.workspace import PAGES, build_page
from widgets.forms import widget_tree
from widgets.store import ValidationError, validate
from widgets.store.model import PULSE_MODULES, PULSE_SCALE, PULSE_STATEMENTS

# Names found nowhere in the course's own words, so finding one in a view means a leak.
MEMBERS = ["Zofia Quillfeather", "Bramwell Oduya", "Xiuying Lindqvist", "Kemi Adeyemi-Hart"]
NAMES = [name for name, _topic, _text in PULSE_STATEMENTS]


def _answer(form: PulseForm, member: str, ratings: dict[str, int]) -> bool:
    form.member.value = member
    for name, value in ratings.items():
        form.ratings[name].value = value
    return form.submit()


def _all(value: int) -> dict[str, int]:
    return dict.fromkeys(NAMES, value)


def _text(view: PulseView) -> str:
    return unescape(view.body.value)


def test_the_statements_are_the_courses_own_half_on_trust_half_on_roles() -> None:
    topics = [topic for _name, topic, _text in PULSE_STATEMENTS]
    assert 4 <= len(PULSE_STATEMENTS) <= 6
    assert topics.count("trust") == topics.count("role clarity") == len(topics) / 2
    assert [n for n, _label in PULSE_SCALE] == [1, 2, 3, 4, 5]
    assert PULSE_SCALE[0][1] == "not at all true" and PULSE_SCALE[-1][1] == "completely true"
    assert PULSE_MODULES == (0, 4, 7)
    with pytest.raises(ValidationError, match="Modules 0, 4 and 7"):
        validate("pulse", {"module": 3, "member": "Ana", **_all(3)})
    with pytest.raises(ValidationError, match="between 1 and 5"):
        validate("pulse", {"module": 0, "member": "Ana", **_all(6)})


def test_each_member_answers_alone(store_url: str) -> None:
    """Answers are kept per member and module; picking a name never shows that person's
    answers, and a save clears the ratings for the next person at the screen."""
    ws = Store(store_url).team("Eastside")
    form = PulseForm(ws, module=0)
    assert "on your own" in form.children[0].value
    assert "never who said what" in form.children[0].value
    assert "saved under your name" in form.children[0].value  # honest about the store
    assert "not a validated measure" in form.children[0].value
    assert _answer(form, MEMBERS[0], _all(2))
    assert all(w.value is None for w in form.ratings.values()), "cleared after a save"
    assert _answer(form, MEMBERS[1], _all(4))
    form.member.value = MEMBERS[0]
    assert all(w.value is None for w in form.ratings.values()), "no one's answers shown"
    assert {(p["module"], p["member"], p["trust_heard"]) for p in ws.list("pulse")} == {
        (0, MEMBERS[0], 2), (0, MEMBERS[1], 4)}
    assert _answer(form, MEMBERS[0], _all(3))  # answering again replaces
    assert ws.get("pulse", f"0|{MEMBERS[0]}")["trust_heard"] == 3
    assert len(ws.list("pulse")) == 2
    assert not _answer(form, MEMBERS[2], {NAMES[0]: 5})  # every statement is asked
    assert "Not saved yet" in form.message.value


def test_the_view_shows_counts_and_middle_answers_and_no_names(store_url: str) -> None:
    ws = Store(store_url).team("Eastside")
    for m in MEMBERS:
        ws.save("member", {"name": m, "role": "", "perspective": "other"})
    form = PulseForm(ws, module=0)
    for member, value in zip(MEMBERS, (1, 2, 2, 5), strict=True):
        assert _answer(form, member, _all(value))
    view = PulseView(ws)
    html = view.body.value
    for member in MEMBERS:
        for part in member.split():
            assert part not in html, f"{part} is in the view"
    text = _text(view)
    assert "People who answered the pulse: 4 at Module 0, none yet at Module 4" in text
    assert "Middle answer (median)" in text
    first = next(s for s in pulse_spread(ws) if s.statement == NAMES[0] and s.module == 0)
    assert first.counts == (1, 2, 0, 0, 1) and first.middle == 2
    assert "not a validated measure" in text
    assert "Counts only" not in text
    for _name, _topic, statement in PULSE_STATEMENTS:
        assert statement in text
    assert not any(m in repr(pulse_spread(ws)) + repr(pulse_change(ws)) for m in MEMBERS)


def test_with_fewer_than_three_answering_only_counts_are_shown(store_url: str) -> None:
    ws = Store(store_url).team("Eastside")
    form = PulseForm(ws, module=4)
    assert _answer(form, MEMBERS[0], _all(1))
    assert _answer(form, MEMBERS[1], _all(5))
    assert MIN_FOR_MIDDLE == 3 and few_answered(ws) == [4]
    spreads = pulse_spread(ws)
    assert {s.module for s in spreads} == {4}
    assert all(s.middle is None and s.counts == (1, 0, 0, 0, 1) for s in spreads)
    text = _text(PulseView(ws))
    assert "Counts only at Module 4." in text
    assert "too easy to work out who said what" in text
    assert "not shown: too few answers" in text
    assert "Middle answer (median)" in text  # the column, empty of values
    assert _answer(PulseForm(ws, module=4), MEMBERS[2], _all(3))
    assert "Counts only" not in _text(PulseView(ws))


def test_the_change_from_module_0_to_7_is_shown(store_url: str) -> None:
    ws = Store(store_url).team("Eastside")
    view = PulseView(ws)
    assert "No one has answered the pulse yet." in _text(view)
    for module, values in [(0, (2, 2, 3)), (4, (3, 3, 3)), (7, (4, 4, 5))]:
        form = PulseForm(ws, module=module)
        for member, value in zip(MEMBERS[:3], values, strict=True):
            assert _answer(form, member, _all(value))
    changes = pulse_change(ws)
    assert [c.middles for c in changes] == [(2, 3, 4)] * len(NAMES)
    text = _text(view)  # redrawn after each save
    assert "Up from 2 at Module 0 to 4 at Module 7" in text
    assert "People who answered the pulse: 3 at Module 0, 3 at Module 4, 3 at Module 7" in text


def test_the_view_escapes_what_the_team_typed(store_url: str) -> None:
    hostile = "<script>alert(1)</script>"
    ws = Store(store_url).team(f"Team {hostile}")
    form = PulseForm(ws, module=7)
    for n in range(3):
        assert _answer(form, f"<img src=x onerror=alert({n})>", _all(3))
    assert "<img" not in form.message.value and "&lt;img" in form.message.value
    html = PulseView(ws).body.value
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "onerror" not in html  # a member's name is never shown at all


def test_the_notebooks_and_the_app_take_the_pulse_at_modules_0_4_and_7() -> None:
    for slug, number in [("00_team", 0), ("04_action", 4), ("07_sustain", 7)]:
        cells = nbformat.read(ROOT / "modules" / f"{slug}.ipynb", as_version=4).cells
        sources = [c.source for c in cells]
        form = sources.index(f"widgets.PulseForm(ws, module={number})")
        turn = sources.index(next(s for s in sources if s.startswith("## Your team's turn")))
        assert turn < form, "in the part where the team works"
        before = sources[form - 1]
        assert cells[form - 1].cell_type == "markdown"
        assert "not a validated measure" in before and "alone" in before
        assert ("widgets.PulseView(ws)" in sources) == (number == 7)
    cells = nbformat.read(ROOT / "modules" / "07_sustain.ipynb", as_version=4).cells
    sources = [c.source for c in cells]
    prompt = sources[sources.index("widgets.ReflectionForm(ws, module=7)") - 1]
    assert "**Trust.**" in prompt and "**Who does what.**" in prompt


def test_the_app_has_the_pulse_on_the_pages_of_modules_0_4_and_7(store_url: str) -> None:
    ws = Store(store_url).team("Eastside")
    for spec in PAGES:
        found = [w for w in widget_tree(build_page(spec, ws))
                 if isinstance(w, PulseForm | PulseView)]
        number = spec.module.number
        forms = [w.module for w in found if isinstance(w, PulseForm)]
        assert forms == ([number] if number in PULSE_MODULES else []), number
        assert any(isinstance(w, PulseView) for w in found) == (number == 7)
