"""Module 7: sustaining the work (the PSAT domains), the team's reflections, and the team's
plan files."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import ipywidgets as ipw

from ..analysis.sustain import WEAK, sustainability_rows
from ..display.figures import sustainability_chart
from ..display.html import status, table
from ..reference import framework_items
from ..report import write_plan_files
from ..store import TeamWorkspace
from ._base import (
    FULL,
    RECORDER,
    WIDE,
    RecordForm,
    RecordView,
    choice,
    disable_on_site,
    member_picker,
    text,
)

__all__ = ["PlanExport", "ReflectionForm", "SustainabilityForm", "SustainabilityView"]


class SustainabilityForm(RecordForm):
    """Rate one sustainability domain from 1 to 7, and say what the team will do about it."""

    kind = "sustainability"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.domain = choice("Sustainability domain", framework_items("PSAT_domain"),
                             radio=False)
        super().__init__(ws, {
            "domain": self.domain,
            "rating": choice("How well it is in place", [
                (f"{n}: {word}" if word else str(n), n) for n, word in
                [(1, "not at all"), (2, ""), (3, ""), (4, "partly"), (5, ""), (6, ""),
                 (7, "fully")]]),
            "action": text("Action to sustain it", "What the team will do, who, by when",
                           long=True),
        }, author=member_picker(ws, RECORDER))
        self.domain.observe(lambda _c: self.load(ws.get(self.kind, self.domain.value)),
                            "value")

    def saved_message(self, saved: dict) -> str:
        return f"Saved “{saved['domain']}”: {saved['rating']} of 7."


class SustainabilityView(RecordView):
    """Ratings of the eight domains, with weak domains that have no action flagged."""

    kinds = ("sustainability",)

    def render(self) -> str:
        rows = sustainability_rows(self.ws)
        if not rows:
            return "<p>No domains rated yet.</p>"
        chart = sustainability_chart(rows)
        weak = [d for d, r, action in rows if r <= WEAK and not action.strip()]
        summary = status(
            f"Weak domains with no action yet: {', '.join(weak)}." if weak else
            "Every weak domain (3 or lower) has an action.", not weak)
        return chart.html() + summary + table(("Domain", "Rating", "Action"), rows,
                                              caption=f"Sustainability plan of {self.ws.name}")


class ReflectionForm(RecordForm):
    """Each member reflects on how the team learned together."""

    kind = "reflection"

    def __init__(self, ws: TeamWorkspace, module: int = 7) -> None:
        self.module = module
        self.member = member_picker(ws)
        super().__init__(ws, {"member": self.member,
                              "text": text("Your reflection", long=True)})
        self.fields["text"].layout.height = "10em"
        self.member.observe(lambda _c: self.load(
            ws.get(self.kind, f"{module}|{self.member.value}")), "value")

    def values(self) -> dict:
        return {**super().values(), "module": self.module}

    def saved_message(self, saved: dict) -> str:
        return f"Saved {saved['member']}'s reflection."


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-")[:60] or "team"


class PlanExport(ipw.VBox):
    """Make the team's plan files with one button, and say where they are."""

    def __init__(self, ws: TeamWorkspace) -> None:
        self.ws = ws
        self.folder = ipw.Text(description="Save the files in", style=WIDE, layout=FULL,
                               value=f"plan-{_slug(ws.name)}")
        self.make = ipw.Button(description="Make the plan files", button_style="primary",
                               icon="file", layout=ipw.Layout(width="auto"))
        self.message = ipw.HTML()
        self.make.on_click(lambda _b: self.export())
        disable_on_site([self.make], self.message)
        super().__init__([
            ipw.HTML("<p>This makes three files from everything your team has entered: the "
                     "plan as a web page you can print, the same plan as a Word document, "
                     "and a one-page briefing for leaders.</p>"),
            self.folder, self.make, self.message])

    def export(self) -> list[Path]:
        """Write the files; report their paths, or what went wrong, in plain words."""
        try:
            paths = write_plan_files(self.ws, self.folder.value.strip() or ".")
        except OSError as exc:
            self.message.value = status(f"Could not write the files: {exc.strerror or exc}. "
                                        "Try another folder name.", False)
            return []
        items = "".join(f"<li>{escape(str(p.resolve()))}</li>" for p in paths)
        self.message.value = status("Made the plan files.", True) + f"<ul>{items}</ul>"
        return paths
