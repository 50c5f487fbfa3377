"""Module 2: the initiative and its context. The initiative profile; context factors (CFIR
2.0) rated by each member, where members differ, and the agreed map; the priority barriers."""

from __future__ import annotations

import ipywidgets as ipw

from ..analysis.context import (
    PRIORITY_HEADERS,
    context_headers,
    context_rows,
    disagreements,
    priorities,
    priority_rows,
)
from ..display.figures import context_chart, priority_chart
from ..display.html import status, table
from ..reference import cfir_construct, cfir_constructs
from ..reference.descriptions import cfir_description, plain
from ..store import VIEWER, TeamWorkspace
from ._alone import RatedAloneView, RatingsSwitch, follow_the_gate, held_back
from ._base import (
    EFFECTS,
    FULL,
    RECORDER,
    STRENGTHS,
    WIDE,
    RecordForm,
    RecordView,
    choice,
    meaning_of,
    member_picker,
    text,
)

__all__ = [
    "AgreedFactorForm",
    "AgreedMap",
    "ContextFactorForm",
    "ContextMap",
    "DisagreementView",
    "InitiativeForm",
    "PriorityForm",
    "PriorityView",
    "cfir_reference_table",
]

class InitiativeForm(RecordForm):
    """What the team is putting in place, where, for whom, and to change what."""

    kind = "initiative"

    def __init__(self, ws: TeamWorkspace) -> None:
        super().__init__(ws, {
            "name": text("Name of the initiative"),
            "setting": text("Where it happens", "The organization, place or service", long=True),
            "innovation": text("What is being put in place",
                               "The program, practice or tool: the innovation", long=True),
            "serves": text("Who it serves", long=True),
            "aims": text("What it aims to change", long=True),
        }, author=member_picker(ws, RECORDER))
        self.load(ws.get(self.kind, ""))

    def saved_message(self, saved: dict) -> str:
        return f"Saved the profile of “{saved['name']}”."


def _construct_options() -> list[tuple[str, str]]:
    return [(f"{c.domain} · {c.label}", c.code) for c in cfir_constructs()]


def _construct_picker() -> ipw.Dropdown:
    return ipw.Dropdown(description="Context factor", options=_construct_options(), value=None,
                        style=WIDE, layout=FULL)


class ContextFactorForm(RecordForm):
    """One member rates one context factor as a barrier or facilitator, and saves it."""

    kind = "context_factor"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.member = member_picker(ws)
        self.construct = _construct_picker()
        self.effect = choice("Barrier or facilitator", EFFECTS)
        self.strength = choice("How strong", STRENGTHS)
        self.note = text("Note or evidence", "What have you seen or heard?", long=True)
        super().__init__(ws, {"member": self.member, "construct": self.construct,
                              "effect": self.effect, "strength": self.strength,
                              "note": self.note},
                         after={"construct": meaning_of(self.construct, cfir_description)})
        self.member.observe(self._prefill, "value")
        self.construct.observe(self._prefill, "value")

    def _prefill(self, _change: object = None) -> None:
        """Show a member's earlier rating of this factor, so saving again changes it."""
        if not (self.member.value and self.construct.value):
            return
        earlier = self.ws.get(self.kind, f"{self.construct.value}|{self.member.value}")
        if earlier:
            self.load(earlier)
            self.message.value = status("You rated this factor before; saving changes it.", True)

    def saved_message(self, saved: dict) -> str:
        name = cfir_construct(saved["construct"]).name
        return (f"Saved: {saved['member']} rated “{name}” as a {saved['effect']} "
                f"(strength {saved['strength']}).")

    def after_save(self, saved: dict) -> None:
        if saved["member"] not in self.member.options:
            self.member.options = [*self.member.options, saved["member"]]


def _map_html(ratings: list[dict], caption: str, who: str | None) -> str:
    """A chart and a table of ratings; ``who`` names the column saying who rated."""
    if not ratings:
        return "<p>Nothing here yet. Use the form above to add a rating.</p>"
    return context_chart(ratings).html() + table(
        context_headers(who), context_rows(ratings, who is not None), caption=caption)


class ContextMap(RatedAloneView):
    """Every member's ratings so far: a chart and a table (rated alone: see
    ``RatedAloneView``)."""

    kinds = ("context_factor", "ratings_open", VIEWER)
    rated = "context_factor"

    def render_open(self) -> str:
        return _map_html(self.ws.context_factors(),
                         f"Context factors rated by members of {self.ws.name}", "Rated by")


class DisagreementView(RatedAloneView):
    """Factors where members see things differently: the conversations to have (rated
    alone: see ``RatedAloneView``)."""

    kinds = ("context_factor", "ratings_open", VIEWER)
    rated = "context_factor"

    def render_open(self) -> str:
        rows = disagreements(self.ws)
        if not rows:
            return ("<p>No disagreements yet: either members agree, or fewer than two "
                    "members have rated the same factor.</p>")
        return table(("Context factor", "How the ratings differ", "Who said what"), rows,
                     caption=f"Where members of {self.ws.name} see things differently")


class AgreedFactorForm(RecordForm):
    """After talking, the team records one agreed rating per factor, with its reasons. What
    members said shows once the person looking has rated too, or the facilitator shows it."""

    kind = "agreed_factor"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.construct = _construct_picker()
        self.members_say = ipw.HTML()
        self.switch = RatingsSwitch(ws, "context_factor")
        self.effect = choice("Team's view", EFFECTS)
        self.strength = choice("How strong", STRENGTHS)
        self.note = text("Why we agree", "The evidence and reasons behind the team's view",
                         long=True)
        super().__init__(ws, {"construct": self.construct, "effect": self.effect,
                              "strength": self.strength, "note": self.note},
                         author=member_picker(ws, RECORDER),
                         after={"construct": ipw.VBox([
                             meaning_of(self.construct, cfir_description), self.members_say,
                             self.switch])},
                         intro="Pick a factor to see what members said, then record the view "
                               "the team agreed.")
        self.construct.observe(self._show_members, "value")
        follow_the_gate(ws, "context_factor", self._members_said)

    def _members_said(self) -> None:
        """What members said of the picked factor, or how many have rated while it is held
        back (only this HTML changes: the boxes being filled in stay as they are)."""
        code = self.construct.value
        if not code:
            return
        waiting = held_back(self.ws, "context_factor")
        said = [f for f in self.ws.context_factors() if f["construct"] == code]
        self.members_say.value = waiting if waiting is not None else table(
            ("Member", "Barrier or facilitator", "Strength", "Note"),
            [(f["member"], f["effect"], f["strength"], f["note"]) for f in said],
            caption="What members said") if said else "<p>No member has rated this yet.</p>"

    def _show_members(self, _change: object = None) -> None:
        if not self.construct.value:
            return
        self._members_said()
        self.load(self.ws.get(self.kind, self.construct.value))

    def saved_message(self, saved: dict) -> str:
        return (f"Saved the team's view: “{cfir_construct(saved['construct']).name}” is a "
                f"{saved['effect']} (strength {saved['strength']}).")


class AgreedMap(RecordView):
    """The team's agreed context map."""

    kinds = ("agreed_factor",)

    def render(self) -> str:
        return _map_html(self.ws.list("agreed_factor"), f"The agreed map of {self.ws.name}",
                         None)


def cfir_reference_table() -> ipw.HTML:
    """Every CFIR 2.0 domain, construct and subconstruct, what it means in the course's words,
    and how each row was verified."""
    rows = [(c.domain, c.code, c.name, c.level, plain(cfir_description(c.code)), c.verified)
            for c in cfir_constructs()]
    return ipw.HTML(table(("Domain", "Code", "Name", "Level",
                           "What it means (the course's own words)", "Verified against source"),
                          rows, caption="CFIR 2.0 (Damschroder et al. 2022); what each means "
                                        "is the course's paraphrase, not the source's words"))



def _barrier_options(ws: TeamWorkspace) -> list[tuple[str, str]]:
    """Barriers the team agreed on; if none yet, barriers any member named."""
    agreed = [f["construct"] for f in ws.list("agreed_factor") if f["effect"] == "barrier"]
    named = agreed or [f["construct"] for f in ws.context_factors() if f["effect"] == "barrier"]
    return [(cfir_construct(c).label, c) for c in dict.fromkeys(named)]


LEVELS = (("1: low", 1), ("2: medium", 2), ("3: high", 3))


class PriorityForm(RecordForm):
    """Rate a barrier's importance and changeability; both high makes a good priority."""

    kind = "priority"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.construct = ipw.Dropdown(description="Barrier", options=_barrier_options(ws),
                                      value=None, style=WIDE)
        super().__init__(ws, {
            "construct": self.construct,
            "importance": choice("How important", LEVELS),
            "changeability": choice("How changeable", LEVELS),
            "reason": text("Why", "Why it matters, and what the team could change", long=True),
            "acted_on_by": choice("Who acts on it", [
                ("Our team: we will choose strategies for it", "our team"),
                ("Our leaders: important, but beyond our reach", "leaders")]),
        }, author=member_picker(ws, RECORDER),
            intro="The list holds the barriers in your agreed map (or, before you agree one, "
                  "the barriers members named). A barrier that matters but that your team "
                  "cannot change is kept for leaders: Module 5 plans what to ask of them, and "
                  "Module 3 asks no strategy of your own for it.")
        self.fields["acted_on_by"].value = "our team"
        self.construct.observe(lambda _c: self.load(ws.get(self.kind, self.construct.value)),
                               "value")
        ws.on_change(self._new_barriers)

    def _new_barriers(self, kind: str) -> None:
        """Offer barriers agreed after this form was shown."""
        if kind in ("agreed_factor", "context_factor"):
            current = self.construct.value
            self.construct.options = _barrier_options(self.ws)
            self.construct.value = current if current in dict(
                (c, c) for _, c in self.construct.options) else None

    def saved_message(self, saved: dict) -> str:
        leaders = " It is kept for leaders." if saved["acted_on_by"] == "leaders" else ""
        return (f"Saved “{cfir_construct(saved['construct']).name}”: importance "
                f"{saved['importance']}, changeability {saved['changeability']}.{leaders}")


class PriorityView(RecordView):
    """Priority barriers placed by importance and changeability, and ranked."""

    kinds = ("priority",)

    def render(self) -> str:
        ranked = priorities(self.ws)
        if not ranked:
            return "<p>No priorities rated yet.</p>"
        chart = priority_chart(ranked).html()
        return chart + table(PRIORITY_HEADERS, priority_rows(ranked),
                             caption=f"Priority barriers of {self.ws.name}")
