"""Context factors (CFIR 2.0): the rating form and the team's context map."""

from __future__ import annotations

import base64
import io
from collections import defaultdict
from html import escape

import ipywidgets as ipw
from matplotlib.figure import Figure

from ._html import status, table
from .model import ValidationError
from .reference import cfir_construct, cfir_constructs
from .store import StoreError, TeamWorkspace

__all__ = ["ContextFactorForm", "ContextMap", "cfir_reference_table"]

_WIDE = {"description_width": "11em"}
_EFFECTS = (
    ("Barrier: makes it harder", "barrier"),
    ("Facilitator: makes it easier", "facilitator"),
)
_STRENGTHS = (("1: a little", 1), ("2: somewhat", 2), ("3: a lot", 3))


def _construct_options() -> list[tuple[str, str]]:
    return [(f"{c.domain} · {c.label}", c.code) for c in cfir_constructs()]


class ContextFactorForm(ipw.VBox):
    """One member rates one context factor as a barrier or facilitator, and saves it."""

    def __init__(self, ws: TeamWorkspace) -> None:
        self.ws = ws
        self.member = ipw.Combobox(
            description="Your name", placeholder="Type or pick your name",
            options=[m["name"] for m in ws.members()], ensure_option=False, style=_WIDE,
        )
        self.construct = ipw.Dropdown(
            description="Context factor", options=_construct_options(), value=None, style=_WIDE,
            layout=ipw.Layout(width="95%"),
        )
        self.effect = ipw.RadioButtons(
            description="Barrier or facilitator", options=_EFFECTS, value=None, style=_WIDE
        )
        self.strength = ipw.RadioButtons(
            description="How strong", options=_STRENGTHS, value=None, style=_WIDE
        )
        self.note = ipw.Textarea(
            description="Note or evidence", placeholder="What have you seen or heard?",
            style=_WIDE, layout=ipw.Layout(width="95%", height="6em"),
        )
        self.save = ipw.Button(description="Save", button_style="primary", icon="check")
        self.save.tooltip = "Save this rating to the team's workspace"
        self.message = ipw.HTML()
        self.save.on_click(lambda _b: self.submit())
        self.member.observe(self._prefill, "value")
        self.construct.observe(self._prefill, "value")
        super().__init__(
            [self.member, self.construct, self.effect, self.strength, self.note, self.save,
             self.message]
        )

    def _prefill(self, _change: object = None) -> None:
        """Show a member's earlier rating of this factor, so saving again changes it."""
        if not (self.member.value and self.construct.value):
            return
        earlier = self.ws.get("context_factor", f"{self.construct.value}|{self.member.value}")
        if earlier:
            self.effect.value = earlier["effect"]
            self.strength.value = earlier["strength"]
            self.note.value = earlier["note"]
            self.message.value = status("You rated this factor before; saving changes it.", True)

    def submit(self) -> bool:
        """Save what the form holds; report what happened in plain language."""
        entry = {
            "member": self.member.value,
            "construct": self.construct.value,
            "effect": self.effect.value,
            "strength": self.strength.value,
            "note": self.note.value,
        }
        try:
            saved = self.ws.save("context_factor", entry)
        except ValidationError as exc:
            self.message.value = status("Not saved yet. " + " ".join(exc.messages), False)
            return False
        except StoreError as exc:
            self.message.value = status(f"Not saved: {exc}", False)
            return False
        name = cfir_construct(saved["construct"]).name
        self.message.value = status(
            f"Saved: {saved['member']} rated “{name}” as a {saved['effect']} "
            f"(strength {saved['strength']}).", True,
        )
        if saved["member"] not in self.member.options:
            self.member.options = [*self.member.options, saved["member"]]
        return True


def _chart_png(factors: list[dict]) -> bytes:
    """A diverging bar chart: barriers to the left, facilitators to the right."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in factors:
        totals[f["construct"]][f["effect"] == "facilitator"] += f["strength"]
    codes = sorted(totals, key=lambda c: [x.code for x in cfir_constructs()].index(c))[::-1]
    fig = Figure(figsize=(7, 0.45 * len(codes) + 1.2), dpi=100)
    ax = fig.add_subplot()
    labels = [cfir_construct(c).name for c in codes]
    ax.barh(labels, [-totals[c][0] for c in codes], color="#b2182b", label="Barrier")
    ax.barh(labels, [totals[c][1] for c in codes], color="#2166ac", label="Facilitator")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("Total strength of the team's ratings (barriers left, facilitators right)")
    ax.legend(loc="lower right")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class ContextMap(ipw.VBox):
    """What the team has entered so far: a table and a chart, refreshed after each save."""

    def __init__(self, ws: TeamWorkspace) -> None:
        self.ws = ws
        self.table = ipw.HTML()
        self.chart = ipw.HTML()
        self.refresh_button = ipw.Button(description="Show teammates' latest entries",
                                         icon="refresh", layout=ipw.Layout(width="auto"))
        self.refresh_button.on_click(lambda _b: self.refresh())
        ws.on_change(lambda kind: kind == "context_factor" and self.refresh())
        super().__init__([self.chart, self.table, self.refresh_button])
        self.refresh()

    def refresh(self) -> None:
        """Read the team's ratings again from the store and redraw."""
        factors = self.ws.context_factors()
        if not factors:
            self.chart.value = "<p>No context factors yet. Rate one with the form above.</p>"
            self.table.value = ""
            return
        png = base64.b64encode(_chart_png(factors)).decode("ascii")
        n = len({f["construct"] for f in factors})
        alt = (f"Bar chart of {n} context factors: barriers to the left, facilitators to "
               "the right. The table below holds the same data.")
        self.chart.value = (f'<img src="data:image/png;base64,{png}" alt="{escape(alt)}" '
                            'style="max-width:100%">')
        rows = [
            (cfir_construct(f["construct"]).domain, cfir_construct(f["construct"]).name,
             f["member"], f["effect"], f["strength"], f["note"])
            for f in sorted(factors, key=lambda f: (f["construct"], f["member"]))
        ]
        self.table.value = table(
            ("Domain", "Context factor", "Rated by", "Barrier or facilitator", "Strength",
             "Note or evidence"), rows, caption=f"Context factors rated by {self.ws.name}",
        )


def cfir_reference_table() -> ipw.HTML:
    """Every CFIR 2.0 domain, construct and subconstruct, with how each row was verified."""
    rows = [(c.domain, c.code, c.name, c.level, c.verified) for c in cfir_constructs()]
    return ipw.HTML(table(("Domain", "Code", "Name", "Level", "Verified against source"), rows,
                          caption="CFIR 2.0 (Damschroder et al. 2022)"))
