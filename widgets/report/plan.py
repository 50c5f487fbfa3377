"""The team's implementation plan, the thing it takes away: a printable web page and a Word
document, built from the team's workspace (with the leader briefing beside them).

The plan is a list of sections (a title, some text, a table, maybe a chart); the web page and
the Word document render the same sections, so they always say the same thing.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from pathlib import Path

from ..analysis.action import (
    ACTION_HEADERS,
    DIMENSIONS,
    PATHWAY_HEADERS,
    action_rows,
    pathway_rows,
    specification_rows,
)
from ..analysis.context import (
    PRIORITY_HEADERS,
    context_headers,
    context_rows,
    priorities,
    priority_rows,
)
from ..analysis.outcomes import OUTCOME_HEADERS, outcome_rows, unmeasured
from ..analysis.roles import READINESS_HEADERS, assignments, readiness_rows, role_gaps, role_rows
from ..analysis.strategies import strategy_label
from ..analysis.sustain import sustainability_rows
from ..display.charts import Chart
from ..display.figures import (
    context_chart,
    pathway_chart,
    priority_chart,
    readiness_chart,
    sustainability_chart,
    timeline_chart,
)
from ..display.html import table
from ..reference import cfir_construct
from ..store import TeamWorkspace
from .briefing import leader_briefing_html
from .page import web_page

__all__ = [
    "NOT_YET",
    "Section",
    "plan_html",
    "plan_sections",
    "write_plan_docx",
    "write_plan_files",
]

NOT_YET = "Not done yet."


@dataclass
class Section:
    """One part of the plan. ``text`` paragraphs and table cells are team text: escaped."""

    title: str
    text: list[str] = field(default_factory=list)
    headers: tuple[str, ...] = ()
    rows: list[tuple] = field(default_factory=list)
    draw: Callable[[], Chart] | None = None  # the section's chart, drawn when first asked for

    @cached_property
    def chart(self) -> Chart | None:
        """The section's chart (drawn once, on first use: checks that only read the plan's
        text never load the charting library)."""
        return self.draw() if self.draw else None


def _initiative(ws: TeamWorkspace) -> Section:
    i = ws.get("initiative", "")
    labels = {"name": "Initiative", "setting": "Where", "innovation": "What is put in place",
              "serves": "Who it serves", "aims": "What it aims to change"}
    return Section("The initiative", [] if i else [NOT_YET], ("", ""),
                   [(label, i[key]) for key, label in labels.items()] if i else [])


def _team(ws: TeamWorkspace) -> Section:
    a = ws.get("agreements", "")
    rhythm = a["rhythm"].rstrip(". ") if a else ""
    text = ([f"Facilitated by {a['facilitator']}. We meet: {rhythm or 'not set yet'}.",
             "Our working agreements:", *a["agreements"].splitlines()] if a else [])
    members = sorted(ws.members(), key=lambda m: m["name"].casefold())
    return Section("The team and how it works", text, ("Name", "Role", "Perspective"),
                   [(m["name"], m["role"], m["perspective"]) for m in members])


def _context(ws: TeamWorkspace) -> Section:
    agreed = ws.list("agreed_factor")
    ratings = agreed or ws.context_factors()
    if not ratings:
        return Section("Context map", [NOT_YET])
    who = None if agreed else "Rated by"
    text = ["The team's agreed view of each factor." if agreed else
            "Members' own ratings (the team has not agreed a map yet)."]
    return Section("Context map", text, context_headers(who),
                   context_rows(ratings, who is not None), lambda: context_chart(ratings))


def _priorities(ws: TeamWorkspace) -> Section:
    ranked = priorities(ws)
    if not ranked:
        return Section("Priority barriers", [NOT_YET])
    return Section("Priority barriers", [], PRIORITY_HEADERS, priority_rows(ranked),
                   lambda: priority_chart(ranked))


def _strategies(ws: TeamWorkspace) -> Section:
    rows = [(strategy_label(s["strategy"]),
             ", ".join(cfir_construct(c).name for c in s["barriers"]), s["reason"])
            for s in ws.list("strategy")]
    return Section("Strategies", [] if rows else [NOT_YET],
                   ("Strategy", "Barriers it addresses", "Why it should work"), rows)


def _specifications(ws: TeamWorkspace) -> Section:
    rows = specification_rows(ws)
    return Section("Strategy specifications", [] if rows else [NOT_YET],
                   ("Strategy", *DIMENSIONS.values(), "Still vague"), rows)


def _pathways(ws: TeamWorkspace) -> Section:
    rows = pathway_rows(ws)
    return Section("Causal pathways", [] if rows else [NOT_YET], PATHWAY_HEADERS, rows,
                   (lambda: pathway_chart(rows)) if rows else None)


def _actions(ws: TeamWorkspace) -> Section:
    rows = action_rows(ws)
    return Section("Action timeline", [] if rows else [NOT_YET], ACTION_HEADERS, rows,
                   (lambda: timeline_chart(rows)) if rows else None)


def _roles(ws: TeamWorkspace) -> Section:
    assigned = assignments(ws)
    if not assigned:
        return Section("Roles", [NOT_YET])
    members = list(dict.fromkeys(m for _, m in sorted(assigned, key=lambda k: k[1])))
    rows = role_rows(ws, members)
    gaps = role_gaps(ws)
    return Section("Roles", ["R = responsible, A = accountable, C = consulted, I = informed.",
                             *(gaps or ["Every task has one accountable person."])],
                   ("Strategy or task", *members), rows)


def _readiness(ws: TeamWorkspace) -> Section:
    rows = readiness_rows(ws)
    return Section("Readiness (R = MC²)", [] if rows else [NOT_YET], READINESS_HEADERS, rows,
                   (lambda: readiness_chart(ws)) if rows else None)


def _leaders(ws: TeamWorkspace) -> Section:
    p = ws.get("leader_plan", "")
    return Section("Involving leaders", [] if p else [NOT_YET], ("", ""),
                   [("Which leaders", p["leaders"]), ("What we need from them", p["asks"]),
                    ("Decisions we ask for", p["decisions"]),
                    ("How and when we involve them", p["involvement"])] if p else [])


def _outcomes(ws: TeamWorkspace) -> Section:
    rows = outcome_rows(ws)
    missing = unmeasured(ws)
    text = ([f"No outcome measure yet for: {'; '.join(strategy_label(s) for s in missing)}."]
            if missing else [])
    return Section("Outcome measures", text or ([] if rows else [NOT_YET]),
                   OUTCOME_HEADERS, rows)


def _sustainability(ws: TeamWorkspace) -> Section:
    rows = sustainability_rows(ws)
    return Section("Sustainability", [] if rows else [NOT_YET], ("Domain", "Rating (1-7)",
                                                                 "Action"), rows,
                   (lambda: sustainability_chart(rows)) if rows else None)


def _glossary(ws: TeamWorkspace) -> Section:
    rows = sorted((g["term"], g["definition"]) for g in ws.list("glossary_agreed"))
    return Section("Our shared language", [] if rows else [NOT_YET], ("Term", "Definition"),
                   rows)


def plan_sections(ws: TeamWorkspace) -> list[Section]:
    """The whole plan, in the order a reader needs it: what the initiative is and who the team
    is, then the course's steps from context to sustaining, and the team's shared language."""
    return [f(ws) for f in (_initiative, _team, _context, _priorities, _strategies,
                            _specifications, _pathways, _actions, _roles, _readiness,
                            _leaders, _outcomes, _sustainability, _glossary)]


def _section_html(s: Section, level: int = 2) -> str:
    out = f"<h{level}>{escape(s.title)}</h{level}>"
    out += "".join(f"<p>{escape(t)}</p>" for t in s.text)
    if s.chart:
        out += s.chart.html()
    if s.rows:
        out += table(s.headers, s.rows)
    return out


def _title(ws: TeamWorkspace) -> str:
    initiative = ws.get("initiative", "")
    return f"Implementation plan: {initiative['name'] if initiative else ws.name}"


def plan_html(ws: TeamWorkspace) -> str:
    """The whole plan as one printable, self-contained web page."""
    body = (f"<h1>{escape(_title(ws))}</h1><p>Team: {escape(ws.name)}. Made with the "
            "Implementing Together course from the team's workspace.</p>")
    return web_page(_title(ws), body + "".join(_section_html(s) for s in plan_sections(ws)))


def write_plan_docx(ws: TeamWorkspace, path: str | os.PathLike) -> Path:
    """The whole plan as a Word document, with the same sections and charts as the web page."""
    from docx import Document
    from docx.shared import Inches

    doc = Document()
    doc.add_heading(_title(ws), level=0)
    doc.add_paragraph(f"Team: {ws.name}. Made with the Implementing Together course from the "
                      "team's workspace.")
    for s in plan_sections(ws):
        doc.add_heading(s.title, level=1)
        for t in s.text:
            doc.add_paragraph(_docx_text(t))
        if s.chart:
            doc.add_picture(io.BytesIO(s.chart.png), width=Inches(6))
            doc.add_paragraph().add_run(s.chart.alt).italic = True
        if s.rows:
            grid = doc.add_table(rows=1, cols=len(s.headers))
            grid.style = "Table Grid"
            for cell, header in zip(grid.rows[0].cells, s.headers, strict=True):
                cell.text = header
            for row in s.rows:
                for cell, value in zip(grid.add_row().cells, row, strict=True):
                    cell.text = _docx_text(str(value))
    path = Path(path)
    doc.save(path)
    return path


_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _docx_text(value: str) -> str:
    """Text as Word shows it: one line break for each line ending, whether typed on Windows
    (CR LF), an old Mac (CR) or anything else (LF), and no control characters, which Word's
    XML cannot hold (the store never accepts them anyway)."""
    return _XML_UNSAFE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def write_plan_files(ws: TeamWorkspace, folder: str | os.PathLike) -> list[Path]:
    """Write the plan (web page and Word) and the leader briefing into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    html_path = folder / "implementation-plan.html"
    html_path.write_text(plan_html(ws), "utf-8")
    briefing = folder / "leader-briefing.html"
    briefing.write_text(leader_briefing_html(ws), "utf-8")
    return [html_path, write_plan_docx(ws, folder / "implementation-plan.docx"), briefing]
