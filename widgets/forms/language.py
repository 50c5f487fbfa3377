"""Module 1: shared language. Each member's own understanding first, then the team's."""

from __future__ import annotations

import ipywidgets as ipw

from ..analysis.language import CORE_TERMS, wording_ranking
from ..display.html import table
from ..store import TeamWorkspace
from ._alone import RatingsSwitch, follow_the_gate, held_back
from ._base import RECORDER, WIDE, RecordForm, RecordView, member_picker, text

__all__ = ["GlossaryCompare", "GlossaryDifferences", "GlossaryForm"]


def _term_picker(description: str = "Term") -> ipw.Combobox:
    return ipw.Combobox(description=description, options=CORE_TERMS, ensure_option=False,
                        placeholder="Pick a term, or type another", style=WIDE)


class GlossaryForm(RecordForm):
    """A member writes their own understanding of a term, before seeing anyone else's."""

    kind = "glossary_entry"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.member = member_picker(ws)
        self.term = _term_picker()
        super().__init__(ws, {
            "member": self.member, "term": self.term,
            "definition": text("What it means to you", "In your own words", long=True),
        }, intro="Write what the term means to you, in your own words, before you look at "
                 "anyone else's answer.")
        for w in (self.member, self.term):
            w.observe(self._prefill, "value")

    def _prefill(self, _change: object = None) -> None:
        if self.member.value and self.term.value:
            self.load(self.ws.get(self.kind, f"{self.term.value}|{self.member.value}"))

    def saved_message(self, saved: dict) -> str:
        return f"Saved {saved['member']}'s understanding of “{saved['term']}”."


class GlossaryCompare(RecordForm):
    """Everyone's understanding of a term side by side, and the team's agreed definition.
    The glossary keeps both. Members' words show once the person looking has written their
    own, or the facilitator shows everyone's."""

    kind = "glossary_agreed"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.term = ipw.Dropdown(description="Term", options=self._terms(ws), value=None,
                                 style=WIDE)
        self.side_by_side = ipw.HTML()
        self.switch = RatingsSwitch(ws, "glossary_entry")
        super().__init__(ws, {
            "term": self.term,
            "definition": text("Team definition", "The definition the team agrees", long=True),
        }, author=member_picker(ws, RECORDER),
            after={"term": ipw.VBox([self.side_by_side, self.switch])},
            intro="Pick a term to see every member's understanding. Talk it through, then "
                  "write the definition the team agrees. Members' own words stay saved.")
        self.term.observe(self._show, "value")
        ws.on_change(self._new_entries)
        follow_the_gate(ws, "glossary_entry", self._words)
        self.term.value = self.term.options[0] if self.term.options else None

    def _new_entries(self, kind: str) -> None:
        if kind == "glossary_entry":
            current = self.term.value
            self.term.options = self._terms(self.ws)
            self.term.value = current if current in self.term.options else None
            self._show()

    @staticmethod
    def _terms(ws: TeamWorkspace) -> list[str]:
        written = {e["term"] for e in ws.list("glossary_entry")}
        return sorted(written, key=lambda t: (t not in CORE_TERMS, t.casefold()))

    def _words(self) -> None:
        """Members' words for the picked term, or how many have written while they are held
        back (only this HTML changes: the team's definition being typed stays)."""
        term = self.term.value
        waiting = held_back(self.ws, "glossary_entry")
        entries = [e for e in self.ws.list("glossary_entry") if e["term"] == term]
        self.side_by_side.value = waiting if waiting is not None else table(
            ("Member", "Their understanding"), [(e["member"], e["definition"]) for e in entries],
            caption=f"What members wrote for “{term}”") if entries else ""

    def _show(self, _change: object = None) -> None:
        term = self.term.value
        self._words()
        agreed = self.ws.get(self.kind, term) if term else None
        self.fields["definition"].value = agreed["definition"] if agreed else ""

    def saved_message(self, saved: dict) -> str:
        return f"Saved the team's definition of “{saved['term']}”."


class GlossaryDifferences(RecordView):
    """Terms ordered by how differently members worded them: where to talk first."""

    kinds = ("glossary_entry", "glossary_agreed")

    def render(self) -> str:
        agreed = {e["term"]: e["definition"] for e in self.ws.list("glossary_agreed")}
        rows = wording_ranking(self.ws)
        if not rows:
            return ("<p>When two or more members have written about the same term, it shows "
                    "here.</p>")
        return table(
            ("Term", "Members who wrote", "Wording difference (0 to 100)", "Team definition"),
            [(t, n, round(100 * d), agreed.get(t, "not agreed yet")) for t, n, d in rows],
            caption="Where our understanding differed most (compares the words used; a "
                    "pointer for discussion, not a score)")
