"""The team's implementation plan, the thing it takes away: a printable web page and a Word
document, built from the team's workspace (with the leader briefing beside them).

The plan is a list of sections (a title, some text, a table, maybe charts); the web page and
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
from typing import TYPE_CHECKING

from ..analysis.action import (
    ACTION_HEADERS,
    DIMENSIONS,
    PATHWAY_HEADERS,
    action_rows,
    pathway_rows,
    specification_row,
)
from ..analysis.context import (
    PRIORITY_HEADERS,
    context_headers,
    context_rows,
    priorities,
    priority_rows,
)
from ..analysis.outcomes import OUTCOME_HEADERS, outcome_rows, unmeasured
from ..analysis.review import (
    ADAPTATION_HEADERS,
    COLUMNS,
    REVIEW_HEADERS,
    STEP_HEADERS,
    Change,
    adaptation_rows,
    context_change,
    current_specification,
    logic_model,
    measure_series,
    plan_strategies,
    readiness_change,
    review_rows,
    step_counts,
    step_rows,
    strategy_entries,
)
from ..analysis.roles import READINESS_HEADERS, assignments, readiness_rows, role_gaps, role_rows
from ..analysis.strategies import strategy_label
from ..analysis.sustain import sustainability_rows
from ..analysis.text import some
from ..display.charts import Chart
from ..display.figures import (
    change_chart,
    context_chart,
    logic_model_chart,
    pathway_chart,
    priority_chart,
    readiness_chart,
    run_chart,
    sustainability_chart,
    timeline_chart,
)
from ..display.html import table
from ..reference import cfir_construct
from ..store import TeamWorkspace
from .briefing import leader_briefing_html
from .page import web_page

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

__all__ = [
    "NOTHING_REVIEWED",
    "NOT_YET",
    "Section",
    "plan_html",
    "plan_sections",
    "write_plan_docx",
    "write_plan_files",
]

NOT_YET = "Not done yet."
# What the parts kept up after the course say before the first review. Not NOT_YET: a team
# that has just finished Module 7 has a complete plan, with its follow-through still to come.
NOTHING_REVIEWED = "Nothing recorded yet: this part fills in at the team's review meetings."


@dataclass
class Section:
    """One part of the plan. ``text`` paragraphs and table cells are team text: escaped."""

    title: str
    text: list[str] = field(default_factory=list)
    headers: tuple[str, ...] = ()
    rows: list[tuple] = field(default_factory=list)
    draw: Callable[[], Chart | list[Chart]] | None = None  # drawn when first asked for
    landscape: bool = False  # too wide for a portrait page: in Word, a landscape page

    @cached_property
    def charts(self) -> list[Chart]:
        """The section's charts, one or several (drawn once, on first use: checks that only
        read the plan's text never load the charting library)."""
        drawn = self.draw() if self.draw else []
        return drawn if isinstance(drawn, list) else [drawn]


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
    """The strategies the plan runs now: those chosen in Module 3, a dropped one marked, and
    those added at a review after them (a replacement acts on the barriers of what it
    replaced, as in the logic model)."""
    changed: dict[int, tuple[str, str, str]] = {}  # each one's latest drop or add: when, why
    barriers = {sid: entry["barriers"] for sid, entry in strategy_entries(ws).items()}
    for a in sorted(ws.list("adaptation"), key=lambda a: a["date"]):
        if a["part"] in ("dropped the strategy", "added the strategy"):
            changed[a["strategy"]] = (a["part"].split()[0], a["date"], a["reason"])
        if a["part"] == "dropped the strategy" and a["replaced_by"]:
            changed[a["replaced_by"]] = ("added", a["date"],
                                         f"In place of {strategy_label(a['strategy'])}: "
                                         f"{a['reason']}")
    current = plan_strategies(ws)
    reasons = {s["strategy"]: s["reason"] for s in ws.list("strategy")}
    rows = []
    for sid in [*reasons, *(s for s in current if s not in reasons)]:
        label, reason = strategy_label(sid), reasons.get(sid, "")
        if sid in changed and (sid not in current or sid not in reasons):
            verb, when, why = changed[sid]
            label += f" ({verb} on {when})"
            reason = "; ".join(filter(None, (reason, f"{verb.capitalize()}: {why}")))
        rows.append((label, ", ".join(cfir_construct(c).name for c in barriers.get(sid, [])),
                     reason))
    return Section("Strategies", [] if rows else [NOT_YET],
                   ("Strategy", "Barriers it addresses", "Why it should work"), rows)


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _specifications(ws: TeamWorkspace) -> Section:
    """Each strategy the plan runs now, as its specification stands after its adaptations."""
    rows = []
    for sid in plan_strategies(ws):
        spec, changes = current_specification(ws, sid)
        label = strategy_label(sid) + (f" (adapted {_times(len(changes))}; this is version "
                                       f"{1 + len(changes)})" if changes else "")
        rows.append(specification_row(label, spec, ws))
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


def _logic_model(ws: TeamWorkspace) -> Section:
    model = logic_model(ws)
    if model.empty:
        return Section("Logic model", [NOT_YET])
    return Section("Logic model", [
        "The plan on one page, as an Implementation Research Logic Model (Smith, Li and "
        "Rafferty 2020): the determinants (barriers) each strategy acts on, the strategy, the "
        "mechanism by which it should work, and the outcomes it should move."],
        COLUMNS, model.rows(), lambda: logic_model_chart(model), landscape=True)


def _counted(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = [f"{n} {status}" for status, n in counts.items() if n]
    return f"{total} step{'' if total == 1 else 's'}: {', '.join(parts)}."


def _step_status(ws: TeamWorkspace) -> Section:
    rows = step_rows(ws)
    if not rows:
        return Section("Where each step stands", [NOTHING_REVIEWED])
    return Section("Where each step stands", [
        _counted(step_counts(ws)),
        "A step is late when it is still to do (not started or under way) and its due date "
        "has passed. Late and blocked steps come first."],
        STEP_HEADERS, rows)


_MEASURE_HEADERS = ("Measure", "Date", "Value", "Who collected it", "Note")


def _measures(ws: TeamWorkspace) -> Section:
    series = measure_series(ws)
    valued = [s for s in series if s.points or s.unreadable]
    if not valued:
        return Section("Measures over time", [NOTHING_REVIEWED])
    text = [f"Goal for {s.label}: {s.measure['goal']} ({s.measure['value_type']})."
            for s in valued if s.measure["goal"]]
    running = plan_strategies(ws)  # a dropped strategy's measure waits for nothing
    waiting = [s.label for s in series
               if not (s.points or s.unreadable) and s.measure["strategy"] in running]
    if waiting:
        text.append(f"No value yet for: {some(waiting)}.")
    rows = []
    for s in valued:
        values = [(v, "") for _, _, v in s.points] + [(v, " (not drawn)") for v in s.unreadable]
        rows += [(s.label, v["date"], v["value"] + mark, v["collector"], v["note"])
                 for v, mark in sorted(values, key=lambda pair: pair[0]["date"])]
    if any(s.unreadable for s in valued):
        text.append("A value marked “not drawn” does not read as its measure's kind of value "
                    "(a number, a percentage, a count out of a total, yes or no, or a rating): "
                    "correct it at the next review.")
    drawn = [s for s in valued if s.points]
    return Section("Measures over time", text, _MEASURE_HEADERS, rows,
                   (lambda: [run_chart(s) for s in drawn]) if drawn else None)


def _adaptations(ws: TeamWorkspace) -> Section:
    rows = adaptation_rows(ws)
    if not rows:
        return Section("Adaptations", [NOTHING_REVIEWED])
    text = ["Each change to a strategy, as the team logged it (the FRAME-IS way, Miller and "
            "others 2021), the latest first. First, each adapted strategy and the wording of "
            "what changed as it stands now; its whole current version is under “Strategy "
            "specifications”."]
    running = plan_strategies(ws)
    for sid in dict.fromkeys(a["strategy"] for a in ws.list("adaptation")):
        if sid not in running:
            text.append(f"{strategy_label(sid)}: dropped, no longer in the plan.")
            continue
        spec, changes = current_specification(ws, sid)
        first = ws.get("specification", str(sid)) or {}
        text.append(f"{strategy_label(sid)}: version {1 + len(changes)}, adapted "
                    f"{_times(len(changes))}.")
        text += [f"{label} now: {spec[d]}" for d, label in DIMENSIONS.items()
                 if spec.get(d) and spec.get(d) != first.get(d)]
    return Section("Adaptations", text, ADAPTATION_HEADERS, rows, landscape=True)


def _reviews(ws: TeamWorkspace) -> Section:
    rows = review_rows(ws)
    return Section("Review meetings", [] if rows else [NOTHING_REVIEWED], REVIEW_HEADERS, rows)


_CHANGE_HEADERS = ("Rated", "First rating", "Latest rating", "Moved by", "At the review of")


def _change_rows(kind: str, changes: list[Change], number: str) -> list[tuple[str, ...]]:
    return [(f"{kind}: {c.name}", format(c.first, number),
             "not rated again yet" if c.latest is None else format(c.latest, number),
             "" if c.moved is None else format(c.moved, "+g"), c.when) for c in changes]


def _moved(ws: TeamWorkspace) -> Section:
    context, readiness = context_change(ws), readiness_change(ws)
    rerated = [(changes, name) for changes, name in ((context, "context"),
                                                     (readiness, "readiness"))
               if any(c.latest is not None for c in changes)]
    if not rerated:
        return Section("How the context and readiness moved", [NOTHING_REVIEWED])
    return Section(
        "How the context and readiness moved",
        ["The team's first rating beside its latest rating at a review. A context factor runs "
         "from -3 (a strong barrier) to +3 (a strong facilitator); readiness from 1 to 5, "
         "where the first rating is the middle (median) of the members' ratings."],
        _CHANGE_HEADERS,
        _change_rows("Context", context, "+g") + _change_rows("Readiness", readiness, "g"),
        lambda: [change_chart(changes, name) for changes, name in rerated])


def plan_sections(ws: TeamWorkspace) -> list[Section]:
    """The whole plan, in the order a reader needs it: what the initiative is and who the team
    is, the course's steps from context to sustaining and the plan on one page (the logic
    model), then how it has been carried out since (steps, measures, adaptations, reviews and
    how the context and readiness moved), and the team's shared language."""
    return [f(ws) for f in (_initiative, _team, _context, _priorities, _strategies,
                            _specifications, _pathways, _actions, _roles, _readiness,
                            _leaders, _outcomes, _sustainability, _logic_model,
                            _step_status, _measures, _adaptations, _reviews, _moved,
                            _glossary)]


def _section_html(s: Section, level: int = 2) -> str:
    out = f"<h{level}>{escape(s.title)}</h{level}>"
    out += "".join(f"<p>{escape(t)}</p>" for t in s.text)
    out += "".join(chart.html() for chart in s.charts)
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
    landscape = False
    for s in plan_sections(ws):
        if s.landscape != landscape:  # a wide part gets pages of its own, turned sideways
            _turn(doc, landscape := s.landscape)
        doc.add_heading(s.title, level=1)
        for t in s.text:
            doc.add_paragraph(_docx_text(t))
        for chart in s.charts:
            doc.add_picture(io.BytesIO(chart.png), width=Inches(9 if landscape else 6))
            doc.add_paragraph().add_run(chart.alt).italic = True
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


def _turn(doc: WordDocument, landscape: bool) -> None:
    """Start a new Word section on a page turned sideways (``landscape``) or upright."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = sorted((section.page_width, section.page_height),
                           reverse=landscape)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height


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
