"""The one-page briefing for leaders: what the team will do, what it needs from them, and the
decisions it asks them to make."""

from __future__ import annotations

from html import escape

from ..analysis.action import ACTION_HEADERS, action_rows
from ..analysis.strategies import chosen_strategies, strategy_label
from ..display.html import table
from ..store import TeamWorkspace
from .page import web_page

__all__ = ["leader_briefing_html"]


def leader_briefing_html(ws: TeamWorkspace, page: bool = True) -> str:
    """One page for leaders: what the team will do, what it needs, the decisions it asks for."""
    initiative = ws.get("initiative", "") or {}
    leaders = ws.get("leader_plan", "") or {}
    do = []
    for sid in chosen_strategies(ws):
        spec = ws.get("specification", str(sid)) or {}
        do.append((strategy_label(sid), spec.get("actor", ""), spec.get("action", ""),
                   spec.get("temporality", "")))
    steps = action_rows(ws)[:6]

    def para(label: str, value: str) -> str:
        shown = escape(value) if value.strip() else "<em>Not written yet.</em>"
        return f"<h3>{escape(label)}</h3><p style='white-space:pre-wrap'>{shown}</p>"

    body = (
        f"<h2>Briefing for leaders: {escape(initiative.get('name') or ws.name)}</h2>"
        f"<p>From the team “{escape(ws.name)}”. "
        f"{escape(initiative.get('aims', ''))}</p>"
        + para("What we need from you", leaders.get("asks", ""))
        + para("Decisions we ask you to make", leaders.get("decisions", ""))
        + "<h3>What we will do</h3>"
        + (table(("Strategy", "Who", "What", "When"), do) if do else "<p><em>No strategies "
                                                                      "chosen yet.</em></p>")
        + "<h3>First steps</h3>"
        + (table(ACTION_HEADERS, steps) if steps else "<p><em>No steps yet.</em></p>")
        + para("How we will involve you", leaders.get("involvement", ""))
    )
    return web_page(f"Briefing for leaders: {initiative.get('name') or ws.name}", body) \
        if page else body
