"""Every module's participant-facing text reads at grade 8 or below (Flesch-Kincaid), the
facilitator notes left out; measured offline (tests/support/readability.py)."""

from __future__ import annotations

import pytest

from tests.support import ROOT
from tests.support.readability import grade, participant_text
from widgets.outline import MODULES

MAX_GRADE = 8


@pytest.mark.parametrize("m", MODULES, ids=lambda m: m.slug)
def test_each_module_reads_at_grade_8_or_below(m) -> None:
    text = participant_text(ROOT / "modules" / f"{m.slug}.ipynb")
    assert len(text) > 50, "the module's text was found"
    assert grade(text) <= MAX_GRADE, f"{m.slug} reads at grade {grade(text):.1f}"


def test_the_measure_tells_plain_text_from_hard_text() -> None:
    """The measure can fail: a sentence of academic prose is far above grade 8, a plain one
    far below (each written for this test)."""
    hard = ["Operationalization of multilevel implementation determinants necessitates "
            "comprehensive organizational capacity assessments incorporating stakeholder "
            "perspectives across heterogeneous institutional configurations."]
    plain = ["Your team meets on Monday.", "Each of you says what you saw.",
             "Then you pick one thing to try."]
    assert grade(hard) > 20 and grade(plain) < 3
