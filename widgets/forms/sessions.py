"""Between sessions: the team's meeting log, and marking a module done."""

from __future__ import annotations

from ..analysis.progress import STATUSES
from ..display.html import table
from ..store import TeamWorkspace
from ._base import (
    RECORDER,
    People,
    RecordForm,
    RecordView,
    choice,
    date_box,
    member_picker,
    text,
)

__all__ = ["MeetingLog", "ModuleProgress"]


class _Meetings(RecordView):
    kinds = ("meeting",)

    def render(self) -> str:
        meetings = sorted(self.ws.list("meeting"), key=lambda m: m["date"])
        if not meetings:
            return "<p>No meetings logged yet.</p>"
        return table(
            ("Date", "After module", "Who came", "What you discussed", "What you decided"),
            [(m["date"], "" if m.get("module") is None else m["module"],
              ", ".join(m["attendees"]), m["notes"], m["decisions"]) for m in meetings],
            caption="Between-session meetings")


class MeetingLog(RecordForm):
    """Log a between-session meeting: when, who came, what was discussed and decided."""

    kind = "meeting"

    def __init__(self, ws: TeamWorkspace, module: int | None = None) -> None:
        self.module = module
        self.meetings = _Meetings(ws)
        super().__init__(
            ws, {"date": date_box("Date of the meeting"),
                 "attendees": People(ws, "Who came", "Others who came"),
                 "notes": text("What you discussed", long=True),
                 "decisions": text("What you decided", "Who does what, by when", long=True)},
            author=member_picker(ws, RECORDER),
            intro="Teams that meet between sessions make faster progress. Log each meeting "
                  "here.")
        self.children = (*self.children, self.meetings)

    def values(self) -> dict:
        return {**super().values(), "module": self.module}

    def saved_message(self, saved: dict) -> str:
        return (f"Logged the meeting on {saved['date']} with {len(saved['attendees'])} "
                f"{'person' if len(saved['attendees']) == 1 else 'people'}.")


class ModuleProgress(RecordForm):
    """The team marks where it is with a module; facilitators see it in the cohort view."""

    kind = "progress"

    def __init__(self, ws: TeamWorkspace, module: int) -> None:
        self.module = module
        self.status = choice(f"Module {module} is", [(s.capitalize(), s) for s in STATUSES])
        super().__init__(ws, {"status": self.status}, author=member_picker(ws, RECORDER))
        self.load(ws.get(self.kind, str(module)))

    def values(self) -> dict:
        return {"module": self.module, "status": self.status.value}

    def saved_message(self, saved: dict) -> str:
        return f"Module {saved['module']} is marked “{saved['status']}”."
