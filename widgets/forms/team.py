"""Module 0: the team's roster, the perspectives it holds and lacks, and its agreements."""

from __future__ import annotations

from html import escape

import ipywidgets as ipw

from ..analysis.team import perspectives
from ..display.html import status, table
from ..store import (
    FACILITATOR_FROM,
    INVOLVEMENT,
    PERSPECTIVES,
    StoreError,
    TeamWorkspace,
)
from ._base import RECORDER, WIDE, RecordForm, RecordView, choice, member_picker, text

__all__ = ["AgreementsForm", "RosterForm", "TeamView"]



class RosterForm(RecordForm):
    """Add a member, change their role or perspective, or take them off the roster."""

    kind = "member"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.name = member_picker(ws, "Name")
        self.role = text("Role on the team", "For example: nurse manager, peer supporter")
        self.perspective = choice("Perspective", [(p.capitalize(), p) for p in PERSPECTIVES],
                                  radio=False)
        self.remove = ipw.Button(description="Take off the roster", icon="user-times",
                                 layout=ipw.Layout(width="auto"))
        self.remove.tooltip = "Remove this person; the record is kept and can be restored"
        self.remove.on_click(lambda _b: self.take_off())
        self.involvement = choice("How they take part",
                                  [(i.capitalize(), i) for i in INVOLVEMENT])
        self.involvement.value = INVOLVEMENT[0]
        super().__init__(ws, {"name": self.name, "role": self.role,
                              "perspective": self.perspective,
                              "involvement": self.involvement},
                         intro="Add each member with their role and the perspective they bring. "
                               "Pick a name that is already there to change it. In a learning "
                               "group where each person or pair brings an initiative of their "
                               "own, add the group's other members too, as critical friends: "
                               "they rate and advise on this initiative, and the people who "
                               "work on it decide.",
                         buttons=[self.remove])
        self.name.observe(lambda _c: self.load(ws.get(self.kind, self.name.value)), "value")

    def saved_message(self, saved: dict) -> str:
        friend = ", a critical friend" if saved["involvement"] == "critical friend" else ""
        return f"Saved {saved['name']} ({saved['perspective']}{friend})."

    def after_save(self, saved: dict) -> None:
        self.name.options = sorted(m["name"] for m in self.ws.members())

    def take_off(self) -> bool:
        """Remove the named member (kept in the history, so it can be undone)."""
        name = self.name.value
        try:
            self.ws.delete(self.kind, name, by=name or "team")
        except (KeyError, StoreError) as exc:
            self.message.value = status(f"Not removed: {exc.args[0]}", False)
            return False
        self.message.value = status(f"{name} was taken off the roster. Their record is kept "
                                    "and a facilitator can restore it.", True)
        self.after_save({})
        return True


class TeamView(RecordView):
    """The roster, and which perspectives the team has and which it lacks."""

    kinds = ("member",)

    def render(self) -> str:
        members = sorted(self.ws.members(), key=lambda m: m["name"].casefold())
        if not members:
            return "<p>No one is on the roster yet. Add members with the form above.</p>"
        roster = table(("Name", "Role", "Perspective", "How they take part"),
                       [(m["name"], m["role"], m["perspective"], m["involvement"])
                        for m in members],
                       caption=f"The {self.ws.name} roster")
        have, lack = perspectives(self.ws)
        lines = [f"<p><b>Perspectives on the team:</b> {escape(', '.join(have))}.</p>"]
        if lack:
            lines.append(f"<p><b>Not yet on the team:</b> {escape(', '.join(lack))}. Whose view "
                         "is missing, and could you invite them, or ask them between "
                         "sessions?</p>")
        return roster + "".join(lines)


class AgreementsForm(RecordForm):
    """How the team works together: its agreements, who facilitates, when it meets."""

    kind = "agreements"

    def __init__(self, ws: TeamWorkspace) -> None:
        fields = {
            "agreements": text("Working agreements", "One agreement per line", long=True),
            "facilitator": member_picker(ws, "Who facilitates"),
            # Someone from outside the team may facilitate; the graded check then does not
            # look for them on the roster.
            "facilitator_from": choice("Where the facilitator comes from",
                                       [(c.capitalize(), c) for c in FACILITATOR_FROM]),
            "rhythm": text("When we meet", "For example: every other Tuesday, 4 to 5 pm"),
        }
        fields["facilitator_from"].value = FACILITATOR_FROM[0]  # most often: a member
        super().__init__(ws, fields, author=member_picker(ws, RECORDER),
                         intro="Write down how you will work together. Change it any time; "
                               "earlier versions are kept.")
        self.fields["agreements"].layout.height = "9em"
        self.fields["facilitator"].style = WIDE
        self.load(ws.get(self.kind, ""))

    def saved_message(self, saved: dict) -> str:
        came_from = saved["facilitator_from"]
        outside = "" if came_from == FACILITATOR_FROM[0] else f" ({came_from})"
        return f"Saved the team's agreements. {saved['facilitator']} facilitates{outside}."
