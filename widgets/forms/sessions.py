"""Between sessions: the team's meeting log, peer consultations with other teams, and marking
a module done."""

from __future__ import annotations

from ..analysis.progress import STATUSES
from ..display.html import table
from ..outline import MODULES
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

__all__ = ["ConsultationLog", "MeetingLog", "ModuleProgress"]


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


class _Consultations(RecordView):
    kinds = ("consultation",)

    def render(self) -> str:
        sessions = sorted(self.ws.list("consultation"), key=lambda c: (c["date"], c["module"]))
        if not sessions:
            return "<p>No peer consultations logged yet.</p>"
        return table(
            ("Date", "Module", "Who presented", "Who took part", "Questions asked",
             "Advice given", "What the presenter will change", "Other notes"),
            [(c["date"], c["module"], c["presenter"], ", ".join(c["attendees"]),
              c["questions"], c["advice"], c["changes"], c["notes"]) for c in sessions],
            caption="Peer consultations")


class ConsultationLog(RecordForm):
    """Log a peer consultation: a session of a working group in which one team or initiative
    presents its work through one module's lens, the others ask and advise, and the presenter
    says what they will change. Kept like a meeting, with people from other teams among those
    who took part."""

    kind = "consultation"

    def __init__(self, ws: TeamWorkspace, module: int | None = None) -> None:
        self.consultations = _Consultations(ws)
        presenter = text("Who presented", "The team or initiative that presented its work")
        presenter.value = ws.name  # most often the team itself
        super().__init__(
            ws, {"date": date_box("Date of the session"),
                 "module": choice("Module whose lens you used",
                                  [(f"Module {m.number}: {m.title}", m.number)
                                   for m in MODULES], radio=False),
                 "presenter": presenter,
                 "attendees": People(ws, "Who took part", "Others who took part, from any "
                                                         "team"),
                 "questions": text("Questions the others asked", long=True),
                 "advice": text("Advice given", long=True),
                 "changes": text("What the presenter will change",
                                 "What you will do differently, and by when", long=True),
                 "notes": text("Other notes", long=True)},
            author=member_picker(ws, RECORDER),
            intro="After the session, the presenter records what the others asked and "
                  "advised, and what they will change because of it.")
        self.fields["module"].value = module
        self.children = (*self.children, self.consultations)

    def saved_message(self, saved: dict) -> str:
        return (f"Logged the peer consultation on {saved['date']} (Module {saved['module']}): "
                f"{saved['presenter']} presented.")


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
