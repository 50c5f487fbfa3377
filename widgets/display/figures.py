"""The course's charts of a team's work: each made from the rows its table shows, so the
chart and the table beside it always hold the same data."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date

from ..analysis.action import PATHWAY_HEADERS
from ..analysis.review import COLUMNS, Change, LogicModel, Series, in_terms, plain_number
from ..reference import cfir_construct, cfir_order, framework_items
from ..store import TeamWorkspace
from .charts import (
    Chart,
    bars,
    box_columns,
    diverging_bars,
    dots,
    moves,
    pathways,
    runs,
    scatter,
    timeline,
)

__all__ = ["change_chart", "context_chart", "logic_model_chart", "logic_model_svg",
           "pathway_chart", "priority_chart", "readiness_chart", "run_chart",
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


def run_chart(series: Series) -> Chart:
    """A run chart of one measure: its values over time, the median of them dashed across (the
    usual centre line of a run chart) and the goal, if set. The axis up speaks the measure's
    kind of value: a percentage from 0 to 100 (a count out of a total too), no or yes, a rating
    from 1 to 5, or plain numbers. A yes-or-no measure has no median (it would fall between no
    and yes): its words say how often it was yes."""
    kind, label = series.measure["value_type"], series.label
    values = [v for _, v, _ in series.points]
    unread = (f" Values that could not be read as a {kind}, not drawn (the table shows them): "
              f"{len(series.unreadable)}." if series.unreadable else "")
    if not values:
        return runs([], label, "", plain_number, None, "", centre=None, goal=None,
                    empty=f"No values recorded yet for {label}.{unread}")
    goal_words = (in_terms(kind, series.goal, series.measure["goal"])
                  if series.goal is not None else None)
    goal = None if goal_words is None else (f"Goal: {goal_words}", series.goal)
    if kind == "yes or no":
        centre = None
        middle = f"Yes: {sum(v >= 0.5 for v in values)} of the {len(values)} values."
    else:
        median = statistics.median(values)
        centre = (f"Median: {in_terms(kind, median)}", median)
        middle = f"Median: {in_terms(kind, median)}."
    scale = {"percentage": ("Percent", [(v, f"{v}%") for v in range(0, 101, 20)], (-5, 105)),
             "count out of a total": ("Percent of the total",
                                      [(v, f"{v}%") for v in range(0, 101, 20)], (-5, 105)),
             "yes or no": ("", [(0, "No"), (1, "Yes")], (-0.3, 1.3)),
             "rating from 1 to 5": ("Rating (1 to 5)", [(v, str(v)) for v in range(1, 6)],
                                    (0.5, 5.5))}
    ylabel, yticks, ylim = scale.get(kind, ("Value", plain_number, None))
    last_day, last_value, last_entry = series.points[-1]
    alt = (f"Run chart of {label}. Values drawn: {len(values)}, from "
           f"{series.points[0][0]} to {last_day}. Latest: "
           f"{in_terms(kind, last_value, last_entry['value'])} on {last_day}. {middle} "
           + (f"Goal: {goal_words}." if goal_words else "No goal set.")
           + unread + " The table below holds the same values.")
    return runs([(d, v) for d, v, _ in series.points], label, ylabel, yticks, ylim, alt,
                centre=centre, goal=goal, empty="")


_CONTEXT_TICKS = [(-3, "strong\nbarrier"), (-2, "barrier"), (-1, "weak\nbarrier"),
                  (1, "weak\nfacilitator"), (2, "facilitator"), (3, "strong\nfacilitator")]


def change_chart(changes: list[Change], scale: str) -> Chart:
    """How each context factor (``scale`` "context": -3 strong barrier to +3 strong
    facilitator) or part of readiness (``scale`` "readiness": 1 to 5) moved between the first
    rating and the team's latest: toward a facilitator, or up, is better."""
    if scale == "context":
        what, ticks, limits = "context factors", _CONTEXT_TICKS, (-3.5, 3.5)
        xlabel = "The team's rating (barriers left, facilitators right)"
        better, worse = "toward facilitator", "toward barrier"
        empty = "No agreed context ratings yet (Module 2): nothing to compare."
    elif scale == "readiness":
        what, ticks, limits = "parts of readiness", [(v, str(v)) for v in range(1, 6)], (0.5, 5.5)
        xlabel = "The team's rating (1 very low to 5 very high)"
        better, worse = "higher", "lower"
        empty = "No readiness ratings yet (Module 5): nothing to compare."
    else:
        raise ValueError(f"No such scale: {scale!r} (context or readiness).")
    moved = [c.moved for c in changes]
    alt = (f"Chart of how the {what} ({len(changes)}) moved since the first rating. "
           f"Better ({better}): {sum(m is not None and m > 0 for m in moved)}. "
           f"Worse ({worse}): {sum(m is not None and m < 0 for m in moved)}. "
           f"Unchanged: {sum(m == 0 for m in moved)}. Not re-rated yet: {moved.count(None)}. "
           "The table below holds the same ratings.")
    return moves([c.name for c in changes], [(c.first, c.latest) for c in changes], ticks,
                 limits, xlabel, alt, empty=empty)


def logic_model_chart(model: LogicModel) -> Chart:
    """The Implementation Research Logic Model of the plan on one landscape page (PNG for the
    Word plan, SVG for pages): determinants, the strategies that act on them, how each should
    work (its mechanism) and the outcomes it should move, joined by arrows."""
    alt = ("Implementation Research Logic Model of the plan as it runs now, in four columns "
           f"joined by arrows ({len(set(model.links))}): determinants "
           f"({len(model.determinants)}), implementation strategies ({len(model.strategies)}), "
           "mechanisms (how each strategy should work) and outcomes "
           f"({len(model.outcomes)}). The plan's tables hold the same text.")
    return box_columns("Implementation Research Logic Model", COLUMNS, model.columns,
                       model.links, (0.9, 1.0, 1.35, 0.85), alt,
                       empty="The logic model is drawn once the team has chosen strategies "
                             "(Module 3).")


def logic_model_svg(model: LogicModel) -> str:
    """The logic model as an SVG document, titled, to show on a page or download on its
    own."""
    svg = logic_model_chart(model).svg
    assert svg is not None  # box_columns always keeps an SVG
    return svg
