"""Module 3: the strategies a team chose, and the decisions behind them."""

from __future__ import annotations

from ..reference import cfir_construct, eric_strategy
from ..store import TeamWorkspace
from .context import priorities

__all__ = ["accepted_decisions", "barrier_strategies", "chosen_strategies", "for_leaders",
           "strategy_label", "sync_strategy", "uncovered"]


def strategy_label(strategy: int) -> str:
    """How a strategy is named everywhere in the course: its ERIC number and name."""
    return f"{strategy}. {eric_strategy(strategy).name}"


def chosen_strategies(ws: TeamWorkspace) -> list[int]:
    """The ERIC numbers of the team's selected strategies, in the order chosen."""
    return [s["strategy"] for s in ws.list("strategy")]


def accepted_decisions(ws: TeamWorkspace) -> list[dict]:
    """The strategies the team chose, one entry per barrier."""
    return [d for d in ws.list("strategy_decision") if d["decision"] == "accepted"]


def barrier_strategies(ws: TeamWorkspace) -> dict[str, list[int]]:
    """Each barrier (CFIR code) with the chosen strategies that address it, in the order
    chosen."""
    by_barrier: dict[str, list[int]] = {}
    for s in ws.list("strategy"):
        for code in s["barriers"]:
            by_barrier.setdefault(code, []).append(s["strategy"])
    return by_barrier


def uncovered(ws: TeamWorkspace) -> list[str]:
    """Priority barriers (CFIR codes) the team acts on that no chosen strategy addresses yet,
    in priority order. Those kept for leaders (Module 2 teaches it; Module 5 plans it) need no
    strategy of the team's own."""
    chosen = barrier_strategies(ws)
    return [p["construct"] for p in priorities(ws)
            if p["construct"] not in chosen and p["acted_on_by"] != "leaders"]


def for_leaders(ws: TeamWorkspace) -> list[str]:
    """Priority barriers (CFIR codes) the team keeps for its leaders, in priority order."""
    return [p["construct"] for p in priorities(ws) if p["acted_on_by"] == "leaders"]


def sync_strategy(ws: TeamWorkspace, strategy: int, by: str) -> None:
    """Keep the team's selected-strategy entry in step with its decisions for each barrier.

    The one function here that writes: the selected strategies are derived from the team's
    decisions, and are saved so that every later module reads them."""
    accepted = [d for d in accepted_decisions(ws) if d["strategy"] == strategy]
    current = ws.get("strategy", str(strategy))
    if not accepted:
        if current:
            ws.delete("strategy", str(strategy), by=by)
        return
    ws.save("strategy", {
        "strategy": strategy, "barriers": [d["construct"] for d in accepted],
        "reason": "\n".join(f"{cfir_construct(d['construct']).name}: {d['reason']}"
                            for d in accepted)}, by=by)
