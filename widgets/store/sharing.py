"""Work a team shares with its cohort: each other team of the same cohort, and the parts of its
work it chose to share (``model.SHARED_PARTS``), read-only; nothing of a team that shares
nothing, and nothing of another cohort.

On one machine this module's query is what keeps to the rule. On a hub the database keeps to
it for every login, whatever code runs (``widgets.hub.database``: ``it_shares``); the query
here then only ever finds what the rules let through.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from . import schema as t
from .model import SHARED_PARTS, ValidationError, complete, validate

__all__ = ["SharedWork", "shared_in_cohort"]


@dataclass(frozen=True)
class SharedWork:
    """What one team shares: its parts, and their current entries by kind."""

    team: str
    parts: tuple[str, ...]
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def list(self, kind: str) -> list[dict[str, Any]]:
        """The shared entries of one kind (none when that part is not shared)."""
        return self.entries.get(kind, [])


def shared_in_cohort(conn: sa.Connection, team_id: int) -> list[SharedWork]:
    """What the other teams of team ``team_id``'s cohort share, by team name. An entry that
    does not pass the course's checks (written around them) is left out, never shown."""
    cohort = sa.select(t.teams.c.cohort_id).where(t.teams.c.id == team_id).scalar_subquery()
    others = dict(conn.execute(
        sa.select(t.teams.c.id, t.teams.c.name)
        .where((t.teams.c.cohort_id == cohort) & (t.teams.c.id != team_id))).all())
    if not others:
        return []
    current = (t.records.c.deleted == 0) & t.records.c.team_id.in_(others)
    parts: dict[int, tuple[str, ...]] = {}
    for other, data in conn.execute(sa.select(t.records.c.team_id, t.records.c.data)
                                    .where(current & (t.records.c.kind == "sharing"))):
        try:
            shared = validate("sharing", json.loads(data))["parts"]
        except (ValidationError, ValueError, TypeError):
            continue
        if shared:
            parts[other] = tuple(p for p in SHARED_PARTS if p in shared)
    work = {other: SharedWork(others[other], chosen) for other, chosen in parts.items()}
    kinds = {kind for chosen in parts.values() for p in chosen for kind in SHARED_PARTS[p]}
    rows = conn.execute(sa.select(t.records.c.team_id, t.records.c.kind, t.records.c.data)
                        .where(current & t.records.c.team_id.in_(parts)
                               & t.records.c.kind.in_(kinds))
                        .order_by(t.records.c.id)).all()
    for other, kind, data in rows:
        if not any(kind in SHARED_PARTS[p] for p in parts[other]):
            continue  # shared by another team, not by this one
        try:
            entry = validate(kind, complete(kind, json.loads(data)))
        except (ValidationError, ValueError, TypeError):
            continue
        work[other].entries.setdefault(kind, []).append(entry)
    return sorted(work.values(), key=lambda w: w.team)
