"""Context factors (CFIR 2.0): members' own ratings, where they differ, and the agreed map."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import ipywidgets as ipw

from ._charts import Chart, diverging_bars
from ._forms import (
    EFFECTS,
    FULL,
    STRENGTHS,
    WIDE,
    RecordForm,
    RecordView,
    choice,
    member_picker,
    text,
)
from ._html import status, table
from .reference import cfir_construct, cfir_constructs
from .store import TeamWorkspace

__all__ = [
    "AgreedFactorForm",
    "AgreedMap",
    "ContextFactorForm",
    "ContextMap",
    "DisagreementView",
    "cfir_reference_table",
]


def _construct_options() -> list[tuple[str, str]]:
    return [(f"{c.domain} · {c.label}", c.code) for c in cfir_constructs()]


def _construct_picker() -> ipw.Dropdown:
    return ipw.Dropdown(description="Context factor", options=_construct_options(), value=None,
                        style=WIDE, layout=FULL)


def _order(code: str) -> int:
    return [c.code for c in cfir_constructs()].index(code)


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
                              "note": self.note})
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


def context_chart(ratings: list[dict]) -> Chart:
    """Barriers left, facilitators right: the summed strength of ratings per factor."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in sorted(ratings, key=lambda f: _order(f["construct"])):
        totals[f["construct"]][f["effect"] == "facilitator"] += f["strength"]
    codes = list(totals)
    return diverging_bars(
        [cfir_construct(c).name for c in codes], [totals[c][0] for c in codes],
        [totals[c][1] for c in codes],
        "Total strength of ratings (barriers left, facilitators right)",
        f"Bar chart of {len(codes)} context factors: barriers to the left, facilitators to "
        "the right. The table below holds the same data.",
    )


def context_rows(ratings: Iterable[dict], who: bool) -> list[tuple]:
    """Ratings in the framework's order: domain, factor, [who,] effect, strength, note."""
    ratings = sorted(ratings, key=lambda f: (_order(f["construct"]), f.get("member", "")))
    return [(cfir_construct(f["construct"]).domain, cfir_construct(f["construct"]).name,
             *([f["member"]] if who else []), f["effect"], f["strength"], f["note"])
            for f in ratings]


def context_headers(who: str | None) -> tuple[str, ...]:
    return ("Domain", "Context factor", *([who] if who else []), "Barrier or facilitator",
            "Strength", "Note or evidence")


def _map_html(ratings: list[dict], caption: str, who: str | None) -> str:
    """A chart and a table of ratings; ``who`` names the column saying who rated."""
    if not ratings:
        return "<p>Nothing here yet. Use the form above to add a rating.</p>"
    return context_chart(ratings).html() + table(
        context_headers(who), context_rows(ratings, who is not None), caption=caption)


class ContextMap(RecordView):
    """Every member's ratings so far: a chart and a table."""

    kinds = ("context_factor",)

    def render(self) -> str:
        return _map_html(self.ws.context_factors(),
                         f"Context factors rated by members of {self.ws.name}", "Rated by")


class DisagreementView(RecordView):
    """Factors where members see things differently: the conversations to have."""

    kinds = ("context_factor",)

    def render(self) -> str:
        by_code: dict[str, list[dict]] = defaultdict(list)
        for f in self.ws.context_factors():
            by_code[f["construct"]].append(f)
        rows = []
        for code in sorted(by_code, key=_order):
            ratings = by_code[code]
            effects = {f["effect"] for f in ratings}
            strengths = [f["strength"] for f in ratings]
            if len(ratings) < 2 or (len(effects) == 1 and max(strengths) - min(strengths) < 2):
                continue
            why = ("some see a barrier, some a facilitator" if len(effects) == 2
                   else "strengths far apart")
            says = "; ".join(f"{f['member']}: {f['effect']} {f['strength']}" for f in ratings)
            rows.append((cfir_construct(code).name, why, says))
        if not rows:
            return ("<p>No disagreements yet: either members agree, or fewer than two "
                    "members have rated the same factor.</p>")
        return table(("Context factor", "How the ratings differ", "Who said what"), rows,
                     caption=f"Where members of {self.ws.name} see things differently")


class AgreedFactorForm(RecordForm):
    """After talking, the team records one agreed rating per factor, with its reasons."""

    kind = "agreed_factor"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.construct = _construct_picker()
        self.members_say = ipw.HTML()
        self.effect = choice("Team's view", EFFECTS)
        self.strength = choice("How strong", STRENGTHS)
        self.note = text("Why we agree", "The evidence and reasons behind the team's view",
                         long=True)
        super().__init__(ws, {"construct": self.construct, "effect": self.effect,
                              "strength": self.strength, "note": self.note},
                         author=member_picker(ws, "Recorded by"),
                         after={"construct": self.members_say},
                         intro="Pick a factor to see what members said, then record the view "
                               "the team agreed.")
        self.construct.observe(self._show_members, "value")

    def _show_members(self, _change: object = None) -> None:
        code = self.construct.value
        if not code:
            return
        said = [f for f in self.ws.context_factors() if f["construct"] == code]
        self.members_say.value = table(
            ("Member", "Barrier or facilitator", "Strength", "Note"),
            [(f["member"], f["effect"], f["strength"], f["note"]) for f in said],
            caption="What members said") if said else "<p>No member has rated this yet.</p>"
        self.load(self.ws.get(self.kind, code))

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
    """Every CFIR 2.0 domain, construct and subconstruct, with how each row was verified."""
    rows = [(c.domain, c.code, c.name, c.level, c.verified) for c in cfir_constructs()]
    return ipw.HTML(table(("Domain", "Code", "Name", "Level", "Verified against source"), rows,
                          caption="CFIR 2.0 (Damschroder et al. 2022)"))
