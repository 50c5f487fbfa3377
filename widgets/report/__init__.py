"""What a team takes away: its implementation plan as a web page and a Word document, and a
one-page briefing for its leaders."""

from .briefing import leader_briefing_html
from .plan import NOT_YET, Section, plan_html, plan_sections, write_plan_docx, write_plan_files

__all__ = [
    "NOT_YET",
    "Section",
    "leader_briefing_html",
    "plan_html",
    "plan_sections",
    "write_plan_docx",
    "write_plan_files",
]
