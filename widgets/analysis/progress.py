"""Where a team says it is with each module of the course."""

from __future__ import annotations

from ..outline import MODULES
from ..store import KINDS, TeamWorkspace

__all__ = ["STATUSES", "module_statuses"]

STATUSES = KINDS["progress"].choices("status")  # "not started", "in progress", "done"


def module_statuses(ws: TeamWorkspace) -> dict[int, str]:
    """Each module's number and the status the team marked ("not started" if none)."""
    marked = {p["module"]: p["status"] for p in ws.list("progress")}
    return {m.number: marked.get(m.number, STATUSES[0]) for m in MODULES}
