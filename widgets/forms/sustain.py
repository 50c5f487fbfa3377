"""Module 7: sustaining the work (the PSAT domains, rated by each member alone, where members
differ, then the team's rating), spreading it to a new place, the team's reflections, and the
team's plan files."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import ipywidgets as ipw

from ..analysis.sustain import (
    FAR_APART,
    SPREADING_HEADERS,
    WEAK,
    member_ratings,
    spreading_rows,
    sustainability_rows,
    sustainability_spread,
)
from ..display.figures import sustainability_chart
from ..display.html import status, table
from ..reference import framework_items
from ..reference.psat import psat_description
from ..report import write_plan_files
from ..store import VIEWER, TeamWorkspace
from ._alone import RatedAloneView, RatingsSwitch, follow_the_gate, held_back
from ._base import (
    FULL,
    RECORDER,
    WIDE,
    RecordForm,
    RecordView,
    choice,
    date_box,
    disable_on_site,
    meaning_of,
    member_picker,
    text,
)

__all__ = ["MemberSustainabilityForm", "PlanExport", "ReflectionForm", "SpreadingForm",
           "SpreadingView", "SustainabilityDisagreements", "SustainabilityForm",
           "SustainabilityView"]

SCALE = [(f"{n}: {word}" if word else str(n), n) for n, word in
         [(1, "not at all"), (2, ""), (3, ""), (4, "partly"), (5, ""), (6, ""), (7, "fully")]]


def _domain_picker() -> ipw.Dropdown:
    return choice("Sustainability domain", framework_items("PSAT_domain"), radio=False)


class MemberSustainabilityForm(RecordForm):
    """One member rates one sustainability domain alone, from 1 to 7, before the team talks."""

    kind = "sustainability_rating"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.member = member_picker(ws)
        self.domain = _domain_picker()
        super().__init__(ws, {
            "member": self.member, "domain": self.domain,
            "rating": choice("How well it is in place", SCALE),
            "note": text("Why", "What have you seen or heard?", long=True),
        }, after={"domain": meaning_of(self.domain, psat_description)},
            intro="Rate on your own first, before the team talks. Pick your name and a "
                  "domain, and say how well it is in place today.")
        self.member.observe(self._prefill, "value")
        self.domain.observe(self._prefill, "value")

    def _prefill(self, _change: object = None) -> None:
        """Show a member's earlier rating of this domain, so saving again changes it."""
        if not (self.member.value and self.domain.value):
            return
        earlier = self.ws.get(self.kind, f"{self.domain.value}|{self.member.value}")
        self.show(earlier, ("rating", "note"))
        if earlier:
            self.message.value = status("You rated this domain before; saving changes it.", True)

    def saved_message(self, saved: dict) -> str:
        return f"Saved: {saved['member']} rated “{saved['domain']}” {saved['rating']} of 7."

    def after_save(self, saved: dict) -> None:
        if saved["member"] not in self.member.options:
            self.member.options = [*self.member.options, saved["member"]]


class SustainabilityDisagreements(RatedAloneView):
    """Where members' own ratings differ: how many rated each domain, the lowest and highest
    rating, and the domains to talk about first. No one's name is shown; and the lowest and
    highest ratings are what members said, so they are rated alone (``RatedAloneView``)."""

    kinds = ("sustainability_rating", "ratings_open", VIEWER)
    rated = "sustainability_rating"

    def render_open(self) -> str:
        spread = sustainability_spread(self.ws)
        if not spread:
            return "<p>No member has rated a domain yet.</p>"
        first = [s.domain for s in spread if s.far_apart]
        summary = status(
            f"Talk about these first: {', '.join(first)}. Members' ratings are {FAR_APART} "
            "or more points apart." if first else
            f"No domain has ratings {FAR_APART} or more points apart (or only one member "
            "rated it).", True)
        rows = [(s.domain, s.rated, s.lowest, s.highest,
                 "Talk about this first" if s.far_apart else "") for s in spread]
        return summary + table(
            ("Domain", "How many rated it", "Lowest", "Highest", "Far apart?"), rows,
            caption=f"How the ratings of members of {self.ws.name} spread (no names)")


class SustainabilityForm(RecordForm):
    """Rate one sustainability domain from 1 to 7, and say what the team will do about it.
    What members said shows once the person looking has rated too, or the facilitator
    shows it."""

    kind = "sustainability"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.domain = _domain_picker()
        self.members_say = ipw.HTML()
        self.switch = RatingsSwitch(ws, "sustainability_rating")
        super().__init__(ws, {
            "domain": self.domain,
            "rating": choice("The team's rating", SCALE),
            "action": text("Action to sustain it", "What the team will do, who, by when",
                           long=True),
        }, author=member_picker(ws, RECORDER),
            after={"domain": ipw.VBox([meaning_of(self.domain, psat_description),
                                       self.members_say, self.switch])},
            intro="Pick a domain to see what members said, then record the rating the team "
                  "agreed.")
        self.domain.observe(self._show_members, "value")
        follow_the_gate(ws, "sustainability_rating", self._members_said)

    def _members_said(self) -> None:
        """What members said of the picked domain, or how many have rated while it is held
        back (only this HTML changes: the boxes being filled in stay as they are)."""
        domain = self.domain.value
        if not domain:
            return
        waiting = held_back(self.ws, "sustainability_rating")
        said = member_ratings(self.ws, domain)
        self.members_say.value = waiting if waiting is not None else table(
            ("Member", "Rating (1 to 7)", "Why"),
            [(r["member"], r["rating"], r["note"]) for r in said],
            caption="What members said") if said else "<p>No member has rated this yet.</p>"

    def _show_members(self, _change: object = None) -> None:
        domain = self.domain.value
        if not domain:
            return
        self._members_said()
        self.show(self.ws.get(self.kind, domain), ("rating", "action"))

    def saved_message(self, saved: dict) -> str:
        return f"Saved “{saved['domain']}”: {saved['rating']} of 7."


class SustainabilityView(RecordView):
    """Ratings of the eight domains, with weak domains that have no action flagged."""

    kinds = ("sustainability",)

    def render(self) -> str:
        rows = sustainability_rows(self.ws)
        if not rows:
            return "<p>No domains rated yet.</p>"
        chart = sustainability_chart(rows)
        weak = [d for d, r, action in rows if r <= WEAK and not action.strip()]
        summary = status(
            f"Weak domains with no action yet: {', '.join(weak)}." if weak else
            "Every weak domain (3 or lower) has an action.", not weak)
        return chart.html() + summary + table(("Domain", "Rating", "Action"), rows,
                                              caption=f"Sustainability plan of {self.ws.name}")


class SpreadingForm(RecordForm):
    """A plan to take the initiative to a new place: where, what must travel with it, what
    can change there, who decides, and the first step."""

    kind = "spreading"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.where = text("Where next", "The place, team or group it could go to next")
        super().__init__(ws, {
            "where": self.where,
            "core": text("What must travel with it",
                         "The core: the parts that must stay the same there", long=True),
            "can_change": text("What can change there", "The parts that can fit the new place",
                               long=True),
            "decides": text("Who decides", "The person or group who says yes or no"),
            "first_step": text("The first step", "What happens first, and who does it",
                               long=True),
            "by_when": date_box("By when"),
        }, author=member_picker(ws, RECORDER),
            intro="Spreading is a new implementation, in a new place. Plan one place at a "
                  "time. Writing the same place again changes its plan.")
        self.where.observe(self._earlier, "value")

    def _earlier(self, _change: object = None) -> None:
        earlier = self.ws.get(self.kind, self.where.value.strip())
        if earlier:
            self.load(earlier)
            self.message.value = status("There is a plan for this place; saving changes it.",
                                        True)

    def saved_message(self, saved: dict) -> str:
        return f"Saved the plan for spreading to “{saved['where']}”."


class SpreadingView(RecordView):
    """The team's plans for spreading, one a place."""

    kinds = ("spreading",)

    def render(self) -> str:
        rows = spreading_rows(self.ws)
        if not rows:
            return "<p>No plan for spreading yet.</p>"
        return table(SPREADING_HEADERS, rows,
                     caption=f"Where {self.ws.name} plans to spread its work")


class ReflectionForm(RecordForm):
    """Each member reflects on how the team learned together."""

    kind = "reflection"

    def __init__(self, ws: TeamWorkspace, module: int = 7) -> None:
        self.module = module
        self.member = member_picker(ws)
        super().__init__(ws, {"member": self.member,
                              "text": text("Your reflection", long=True)})
        self.fields["text"].layout.height = "10em"
        self.member.observe(lambda _c: self.load(
            ws.get(self.kind, f"{module}|{self.member.value}")), "value")

    def values(self) -> dict:
        return {**super().values(), "module": self.module}

    def saved_message(self, saved: dict) -> str:
        return f"Saved {saved['member']}'s reflection."


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-")[:60] or "team"


class PlanExport(ipw.VBox):
    """Make the team's plan files with one button, and say where they are."""

    def __init__(self, ws: TeamWorkspace) -> None:
        self.ws = ws
        self.folder = ipw.Text(description="Save the files in", style=WIDE, layout=FULL,
                               value=f"plan-{_slug(ws.name)}")
        self.make = ipw.Button(description="Make the plan files", button_style="primary",
                               icon="file", layout=ipw.Layout(width="auto"))
        self.message = ipw.HTML()
        self.make.on_click(lambda _b: self.export())
        disable_on_site([self.make], self.message)
        super().__init__([
            ipw.HTML("<p>This makes three files from everything your team has entered: the "
                     "plan as a web page you can print, the same plan as a Word document, "
                     "and a one-page briefing for leaders.</p>"),
            self.folder, self.make, self.message])

    def export(self) -> list[Path]:
        """Write the files; report their paths, or what went wrong, in plain words."""
        try:
            paths = write_plan_files(self.ws, self.folder.value.strip() or ".")
        except OSError as exc:
            self.message.value = status(f"Could not write the files: {exc.strerror or exc}. "
                                        "Try another folder name.", False)
            return []
        items = "".join(f"<li>{escape(str(p.resolve()))}</li>" for p in paths)
        self.message.value = status("Made the plan files.", True) + f"<ul>{items}</ul>"
        return paths
