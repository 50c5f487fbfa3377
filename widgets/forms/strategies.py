"""Module 3: from priority barriers to ERIC implementation strategies. The selector shows the
course's own suggestions for each priority barrier (and the team's matching tool file, if it
loaded one) and records each decision with its reason; the coverage view shows barriers still
without a strategy. The reference tables show ERIC and the published worked example."""

from __future__ import annotations

from html import escape

import ipywidgets as ipw

from ..analysis.context import priorities
from ..analysis.strategies import (
    barrier_strategies,
    for_leaders,
    strategy_label,
    sync_strategy,
    uncovered,
)
from ..display.html import status, table
from ..reference import (
    COURSE_LABEL,
    MAPPING_LABEL,
    MatchingMatrix,
    cfir1_columns,
    cfir_construct,
    course_suggestions,
    eric_strategies,
    eric_strategy,
    published_example_rows,
)
from ..reference.descriptions import eric_description, plain
from ..store import TeamWorkspace
from ._base import (
    FULL,
    RECORDER,
    WIDE,
    RecordForm,
    RecordView,
    choice,
    meaning_of,
    member_picker,
    text,
)

__all__ = [
    "CoverageView",
    "StrategySelector",
    "eric_reference_table",
    "published_example",
]


def eric_reference_table() -> ipw.HTML:
    """The 73 ERIC strategies with what each means in the course's words, their cluster and
    how each row was verified."""
    rows = [(s.id, s.name, plain(eric_description(s.id)), s.cluster_name, s.verified)
            for s in eric_strategies()]
    return ipw.HTML(table(("Number", "Strategy", "What it means (the course's own words)",
                           "Cluster", "Verified against source"), rows,
                          caption="ERIC strategies (Powell et al. 2015) and clusters "
                                  "(Waltz et al. 2015); what each means is the course's "
                                  "paraphrase, not the source's words"))


def published_example() -> ipw.HTML:
    """Waltz et al. 2019, Table 1, shown as published: expert endorsement of strategies for
    one barrier."""
    rows = published_example_rows()
    body = [(r["strategy_as_printed"], r["eric_id"], r["level"] or "",
             r["endorsement_count"] or "", f"{r['percent']}%" if r["percent"] else "",
             r["verified"] if not r["notes"] else f"{r['verified']}: {r['notes']}")
            for r in rows]
    n = rows[0]["n_respondents"]
    return ipw.HTML(table(
        ("Strategy (as printed)", "ERIC number", "Level", "Experts endorsing", "Percent",
         "Verified against source"), body,
        caption=f"As published in Waltz et al. 2019, Table 1: the barrier “{rows[0]['barrier']}”"
                f", {n} experts responding"))


def _strategy_options() -> list[tuple[str, int]]:
    return [(strategy_label(s.id), s.id) for s in eric_strategies()]


class _DecisionForm(RecordForm):
    kind = "strategy_decision"

    def __init__(self, ws: TeamWorkspace, selector: StrategySelector) -> None:
        self.selector = selector
        self.strategy = ipw.Dropdown(description="Strategy", options=_strategy_options(),
                                     value=None, style=WIDE, layout=FULL)
        self.decision = choice("Decision", [("We choose it", "accepted"),
                                            ("We do not choose it", "rejected")])
        self.reason = text("Why", "If chosen: how will it change this barrier (its "
                           "mechanism)? If not: why not?", long=True)
        super().__init__(ws, {"strategy": self.strategy, "decision": self.decision,
                              "reason": self.reason},
                         author=member_picker(ws, RECORDER),
                         after={"strategy": meaning_of(self.strategy, eric_description)})

    def values(self) -> dict:
        construct = self.selector.barrier.value
        sid = self.strategy.value
        suggested = {s for s, _ in course_suggestions(construct)} if construct else set()
        from_tool = {s for s, _ in self.selector.tool_suggestions()}
        source = ("course suggestion" if sid in suggested else
                  "matching tool" if sid in from_tool else "team's own")
        return {**super().values(), "construct": construct, "source": source}

    def after_save(self, saved: dict) -> None:
        sync_strategy(self.ws, saved["strategy"], self.author.value)
        self.selector.show_decisions()

    def saved_message(self, saved: dict) -> str:
        verb = "chosen" if saved["decision"] == "accepted" else "not chosen"
        return (f"Saved: “{eric_strategy(saved['strategy']).name}” {verb} for "
                f"“{cfir_construct(saved['construct']).name}”.")


class StrategySelector(ipw.VBox):
    """For each priority barrier: suggestions with their reasoning, and the team's decisions
    (choose, reject, or add its own strategy), each with why."""

    def __init__(self, ws: TeamWorkspace, matrix: MatchingMatrix | None = None) -> None:
        self.ws = ws
        self.matrix = matrix
        self.barrier = ipw.Dropdown(description="Priority barrier", style=WIDE, layout=FULL,
                                    options=self._barriers(), value=None)
        self.column = ipw.Dropdown(description="Matching tool column", style=WIDE,
                                   options=matrix.barriers if matrix else [], value=None,
                                   layout=ipw.Layout(display="flex" if matrix else "none"))
        self.suggestions = ipw.HTML()
        self.decisions = ipw.HTML()
        self.form = _DecisionForm(ws, self)
        self.barrier.observe(self._pick_barrier, "value")
        self.column.observe(lambda _c: self.show_suggestions(), "value")
        ws.on_change(self._new_priorities)
        help_text = ("<p>No priority barriers yet. Choose them in Module 2 first.</p>"
                     if not self.barrier.options else
                     "<p>Pick a priority barrier. Read the suggestions and their reasoning, "
                     "then record each strategy the team chooses or turns down, and why.</p>")
        super().__init__([ipw.HTML(help_text), self.barrier, self.column, self.suggestions,
                          self.form, self.decisions])
        if self.barrier.options:
            self.barrier.value = self.barrier.options[0][1]

    def _barriers(self) -> list[tuple[str, str]]:
        return [(cfir_construct(p["construct"]).label, p["construct"])
                for p in priorities(self.ws)]

    def _new_priorities(self, kind: str) -> None:
        if kind == "priority":
            current = self.barrier.value
            self.barrier.options = self._barriers()
            codes = [c for _, c in self.barrier.options]
            self.barrier.value = current if current in codes else (codes[0] if codes else None)

    def _pick_barrier(self, _change: object = None) -> None:
        if self.matrix and self.barrier.value:
            self.column.value = self.matrix.column_for(self.barrier.value)
        self.show_suggestions()
        self.show_decisions()

    def tool_suggestions(self) -> list[tuple[int, float]]:
        """The matching tool's most endorsed strategies for the chosen column."""
        if not (self.matrix and self.column.value):
            return []
        return self.matrix.top(self.column.value)

    def show_suggestions(self) -> None:
        """Show the suggestions for the chosen barrier: the course's, then the team's file's."""
        code = self.barrier.value
        if not code:
            self.suggestions.value = ""
            return
        ours = table(("Strategy", "Why it might help (the likely mechanism)"),
                     [(strategy_label(sid), why)
                      for sid, why in course_suggestions(code)],
                     caption=f"{COURSE_LABEL} for “{cfir_construct(code).name}”")
        tool = ""
        if self.matrix:
            picked = self.tool_suggestions()
            if picked:
                tool = table(("Strategy", "Experts endorsing (from your file)"),
                             [(strategy_label(sid), f"{pct:g}%") for sid, pct in picked],
                             caption=f"From your matching tool file ({self.matrix.source}), "
                                     f"column “{self.column.value}”") + self._column_note()
            else:
                tool = status("Pick the matching tool column that fits this barrier to see its "
                              "strategies.", True)
        self.suggestions.value = ours + tool

    def _column_note(self) -> str:
        """Say when the column was picked by the course's mapping, not by the same name."""
        code, column = self.barrier.value, self.column.value
        if not (code and column) or column not in cfir1_columns(code):
            return ""
        return (f"<p>The tool's matrix uses CFIR 1.0, so “{escape(column)}” was picked for "
                f"“{escape(cfir_construct(code).name)}” by {MAPPING_LABEL}. Pick another "
                "column if it fits better.</p>")

    def show_decisions(self) -> None:
        """Show what the team decided for the chosen barrier so far."""
        code = self.barrier.value
        made = [d for d in self.ws.list("strategy_decision") if d["construct"] == code]
        self.decisions.value = table(
            ("Strategy", "Decision", "Idea from", "Why"),
            [(strategy_label(d["strategy"]), d["decision"],
              d["source"], d["reason"]) for d in made],
            caption="Decisions for this barrier so far") if made else ""


class CoverageView(RecordView):
    """Which priority barriers still have no strategy, and which strategies serve several."""

    kinds = ("priority", "strategy", "strategy_decision")

    def render(self) -> str:
        ranked = priorities(self.ws)
        if not ranked:
            return "<p>No priority barriers yet.</p>"
        chosen = barrier_strategies(self.ws)
        leaders = set(for_leaders(self.ws))
        rows = [(cfir_construct(p["construct"]).name,
                 "; ".join(strategy_label(sid) for sid in chosen.get(p["construct"], []))
                 or ("kept for leaders (Module 5)" if p["construct"] in leaders
                     else "NO STRATEGY YET"))
                for p in ranked]
        gaps = [cfir_construct(code).name for code in uncovered(self.ws)]
        several = [(strategy_label(s["strategy"]),
                    ", ".join(cfir_construct(c).name for c in s["barriers"]))
                   for s in self.ws.list("strategy") if len(s["barriers"]) > 1]
        summary = status(
            f"{len(gaps)} priority barrier{'s have' if len(gaps) != 1 else ' has'} no strategy "
            f"yet: {', '.join(gaps)}." if gaps else
            "Every priority barrier your team acts on has a strategy"
            + (f"; {len(leaders)} {'is' if len(leaders) == 1 else 'are'} kept for leaders."
               if leaders else "."),
            not gaps)
        out = summary + table(("Priority barrier", "Chosen strategies"), rows,
                              caption="Coverage of priority barriers")
        if several:
            out += table(("Strategy", "Barriers it serves"), several,
                         caption="Strategies that serve several barriers")
        return out
