"""The cohort view: what facilitators and funders see across every team, read-only."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from . import _schema as t
from .reference import cfir_construct, cfir_constructs, eric_strategy

if TYPE_CHECKING:
    from .store import Store

__all__ = ["CohortView"]


class CohortView:
    """Aggregates over every team in a store. It has no way to change anything."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _entries(self, *kinds: str) -> list[dict[str, Any]]:
        """Every current entry of these kinds, with its team, in one query."""
        query = (
            sa.select(t.teams.c.name, t.records.c.kind, t.records.c.data,
                      t.records.c.updated_at)
            .join(t.records, t.records.c.team_id == t.teams.c.id)
            .where((t.records.c.deleted == 0) & t.records.c.kind.in_(kinds))
        )
        with self._store._read() as conn:
            rows = conn.execute(query).all()
        return [{"team": r[0], "kind": r[1], "data": json.loads(r[2]), "at": r[3]} for r in rows]

    def teams(self) -> list[dict[str, Any]]:
        """One summary per team: roster, perspectives, entries, meetings, modules done and
        when the team last changed anything."""
        activity = (
            sa.select(t.teams.c.name, t.teams.c.created_at, sa.func.count(t.records.c.id),
                      sa.func.max(t.records.c.updated_at))
            .join(t.records, (t.records.c.team_id == t.teams.c.id)
                  & (t.records.c.deleted == 0), isouter=True)
            .group_by(t.teams.c.name, t.teams.c.created_at)
        )
        with self._store._read() as conn:
            rows = conn.execute(activity).all()
        summary = {
            name: {"team": name, "members": 0, "perspectives": set(), "entries": count,
                   "meetings": 0, "modules_done": set(), "last_activity": last or created}
            for name, created, count, last in rows
        }
        for e in self._entries("member", "meeting", "progress"):
            s = summary[e["team"]]
            if e["kind"] == "member":
                s["members"] += 1
                s["perspectives"].add(e["data"]["perspective"])
            elif e["kind"] == "meeting":
                s["meetings"] += 1
            elif e["kind"] == "progress" and e["data"]["status"] == "done":
                s["modules_done"].add(e["data"]["module"])
        for s in summary.values():
            s["perspectives"] = sorted(s["perspectives"])
            s["modules_done"] = sorted(s["modules_done"])
        return sorted(summary.values(), key=lambda s: s["team"])

    def recurring_barriers(self) -> list[tuple[str, str, int]]:
        """CFIR factors that teams name as barriers: (code, name, number of teams), most
        common first."""
        teams_by_code: dict[str, set[str]] = defaultdict(set)
        for e in self._entries("context_factor", "agreed_factor"):
            if e["data"]["effect"] == "barrier":
                teams_by_code[e["data"]["construct"]].add(e["team"])
        order = {c.code: i for i, c in enumerate(cfir_constructs())}
        return sorted(
            ((code, cfir_construct(code).name, len(names)) for code, names in
             teams_by_code.items()),
            key=lambda row: (-row[2], order[row[0]]),
        )

    def chosen_strategies(self) -> list[tuple[int, str, int]]:
        """ERIC strategies teams selected: (number, name, number of teams), most common first."""
        counts = Counter(e["data"]["strategy"] for e in self._entries("strategy"))
        return sorted(((sid, eric_strategy(sid).name, n) for sid, n in counts.items()),
                      key=lambda row: (-row[2], row[0]))

    def stalled(self, since: str | datetime) -> list[dict[str, Any]]:
        """Teams that have changed nothing since ``since`` (an ISO time or a datetime)."""
        cutoff = since.isoformat() if isinstance(since, datetime) else since
        return [s for s in self.teams() if s["last_activity"] < cutoff]
