"""The close of the course (Module 7): the team's consent to its plan, with every name
removed, becoming a worked example for later cohorts of its organisation.

The team decides together; one member records it. A facilitator copies the plan
(``course example``) only while the consent stands and once every module is done.
"""

from __future__ import annotations

from html import escape

import ipywidgets as ipw

from ..store import CONSENT_STATEMENT, KINDS, TeamWorkspace
from ._base import RECORDER, People, RecordForm, choice, date_box, member_picker

__all__ = ["ExampleConsentForm"]

GIVEN, WITHDRAWN = KINDS["example_consent"].choices("status")


class ExampleConsentForm(RecordForm):
    """Record whether the team agrees to its plan, names removed, being shown to later
    cohorts as a worked example, or withdraws that."""

    kind = "example_consent"

    def __init__(self, ws: TeamWorkspace) -> None:
        super().__init__(
            ws, {"agreed_by": People(ws, "Who decided for the team", "Others who decided"),
                 "date": date_box("Date of the decision", today=True),
                 "status": choice("The team's decision",
                                  [("We agree to what is written above", GIVEN),
                                   ("We withdraw our agreement", WITHDRAWN)])},
            author=member_picker(ws, RECORDER))
        self.children = (ipw.HTML(
            "<p>Later teams learn most from a real plan made where they work. If your team "
            "agrees, a facilitator can copy your finished plan into the course as a worked "
            "example. Decide together, then record it here. This is what you agree to:</p>"
            f"<blockquote>{escape(CONSENT_STATEMENT)}</blockquote>"
            "<p>Saying no, or saying nothing, changes nothing else in the course.</p>"),
            *self.children)
        self.load(ws.get(self.kind, ""))

    def values(self) -> dict:
        return {**super().values(), "statement": CONSENT_STATEMENT}

    def saved_message(self, saved: dict) -> str:
        if saved["status"] == WITHDRAWN:
            return ("Saved: your team has withdrawn its agreement. No copy of your plan will "
                    "be made; if one is already in use, tell your facilitator to stop using "
                    "it.")
        return ("Saved: your team agrees. A facilitator can copy your plan, without names, "
                "once every module up to Module 7 is marked done.")
