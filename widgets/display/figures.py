"""The course's charts of a team's work: each made from the rows its table shows, so the
chart and the table beside it always hold the same data."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..analysis.action import PATHWAY_HEADERS
from ..reference import cfir_construct, cfir_order, framework_items
from ..store import TeamWorkspace
from .charts import Chart, bars, diverging_bars, dots, pathways, scatter, timeline

__all__ = ["context_chart", "pathway_chart", "priority_chart", "readiness_chart",
           "sustainability_chart", "timeline_chart"]


def context_chart(ratings: list[dict]) -> Chart:
    """Barriers left, facilitators right: the summed strength of ratings per factor."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in sorted(ratings, key=lambda f: cfir_order(f["construct"])):
        totals[f["construct"]][f["effect"] == "facilitator"] += f["strength"]
    codes = list(totals)
    return diverging_bars(
        [cfir_construct(c).name for c in codes], [totals[c][0] for c in codes],
        [totals[c][1] for c in codes],
        "Total strength of ratings (barriers left, facilitators right)",
        f"Bar chart of {len(codes)} context factors: barriers to the left, facilitators to "
        "the right. The table below holds the same data.",
    )


def priority_chart(ranked: list[dict]) -> Chart:
    """Barriers placed by changeability (across) and importance (up)."""
    return scatter(
        [(p["changeability"], p["importance"], cfir_construct(p["construct"]).name)
         for p in ranked],
        "How changeable (1 low to 3 high)", "How important (1 low to 3 high)",
        f"Chart placing {len(ranked)} barriers by changeability (across) and importance "
        "(up). Top right are the best priorities. The table below holds the same data.")


def pathway_chart(rows: list[tuple[str, str, str, str]]) -> Chart:
    """Each pathway (strategy, mechanism, determinant, outcome) as boxes joined by arrows."""
    return pathways(rows, PATHWAY_HEADERS,
                    f"Diagram of {len(rows)} causal pathways, each from a strategy through its "
                    "mechanism and the determinant it acts on to the outcome that should move. "
                    "The table below holds the full text.")


def timeline_chart(rows: list[tuple[str, str, str, str]]) -> Chart:
    """Action steps (due, step, owner, strategy) along a date line."""
    return timeline([(date.fromisoformat(d), f"{step} ({owner})") for d, step, owner, _ in rows],
                    f"Timeline of {len(rows)} steps from {rows[0][0]} to {rows[-1][0]}. The "
                    "table below holds the same steps.")


def _short_name(name: str) -> str:
    """A first name for a crowded chart label: "Dr. Priya Nair" is "Priya"."""
    parts = name.split()
    return next((p for p in parts if not p.endswith(".")), parts[0] if parts else name)


def readiness_chart(ws: TeamWorkspace) -> Chart:
    """Each member's rating of each part of readiness, as dots on one line per part."""
    by_part: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for r in ws.list("readiness"):
        by_part[r["component"]].append((r["rating"], _short_name(r["member"])))
    parts = [p for p in framework_items("R=MC2_component") if p in by_part]
    return dots(parts, [by_part[p] for p in parts], "Rating (1 very low to 5 very high)",
                "Dot chart of each member's readiness rating for each part of R = MC². The "
                "table below holds the same ratings.",
                limits=(0.5, 5.5))


def sustainability_chart(rows: list[tuple[str, int, str]]) -> Chart:
    """Each rated domain as a bar on the 1 to 7 scale."""
    return bars([d for d, _, _ in rows], [r for _, r, _ in rows],
                "How well it is in place (1 not at all to 7 fully)",
                f"Bar chart of {len(rows)} sustainability domains rated from 1 to 7. The table "
                "below holds the same ratings.", limit=7)
