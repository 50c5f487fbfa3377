"""The cohort view: what facilitators and funders see across every team, read-only.

Everything here reads; nothing writes. The cohort app (``apps/cohort.ipynb``) shows these
figures, and ``csv_files`` gives the same tables as spreadsheets a funder can take away.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from statistics import median
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ..outline import NUMBERS, module
from ..reference import cfir_construct, cfir_order, eric_strategy
from . import schema as t
from .model import KINDS, OPEN, ValidationError, normalise_name, validate

if TYPE_CHECKING:
    from .workspace import Store

__all__ = ["COURSE_MODULES", "RECENT_DAYS", "SILENT_AFTER", "CohortView", "as_time", "csv_text",
           "spreadsheet_safe"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The course itself; the reviews (Module 8) are what a team keeps doing once it has ended.
COURSE_MODULES = NUMBERS[:NUMBERS.index(module("review").number)]
RECENT_DAYS = 60  # a measure's value this recent counts as kept up
SILENT_AFTER = 45  # days after the course with nothing recorded: the team has fallen silent
# What the cohort counts of each team's follow-through (Module 8).
_FOLLOW_THROUGH = ("action_step", "review", "measure_value", "adaptation", "outcome_measure")


def as_time(iso: str) -> datetime | None:
    """A stored ISO time as a time in UTC; one with no time zone (from an imported file) is
    taken as UTC, and one that is not a time at all gives None."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _days(start: str, end: str) -> float | None:
    """Days between two stored ISO times (None if either is not a time)."""
    first, last = as_time(start), as_time(end)
    return (last - first).total_seconds() / 86400 if first and last else None


def spreadsheet_safe(value: object) -> object:
    """A cell a spreadsheet shows as text: team-typed text starting with = + - or @ would
    otherwise run as a formula when a funder opens the file (a known CSV attack)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(headers: tuple[str, ...], rows: list[tuple]) -> str:
    """A CSV table (headers first) that opens safely in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([spreadsheet_safe(c) for c in row] for row in rows)
    return out.getvalue()


def _follow_through(s: dict[str, Any], kind: str, data: dict[str, Any], on: date) -> None:
    """Count one entry of a team's follow-through (``_FOLLOW_THROUGH``) into its summary."""
    if kind == "outcome_measure":
        s["measures"].add((data["strategy"], data["dimension"], data["measure"]))
        return
    when = data["status_date"] if kind == "action_step" else data["date"]
    past = when <= on.isoformat()  # a date still to come (mistyped, or planned) says nothing
    if past:
        s["last_follow_through"] = max(s["last_follow_through"], when)
    if kind == "action_step":
        late = data["status"] in OPEN and data["due"] < on.isoformat()
        s["steps"]["late" if late else data["status"]] += 1
    elif kind == "review" and past:
        s["last_review"] = max(s["last_review"], data["date"])
    elif (kind == "measure_value"
          and (on - timedelta(days=RECENT_DAYS)).isoformat() <= data["date"] <= on.isoformat()):
        s["recent_measures"].add((data["strategy"], data["dimension"], data["measure"]))


class CohortView:
    """Aggregates over the teams of one cohort (or, with no cohort named, every team in the
    store). It has no way to change anything."""

    def __init__(self, store: Store, cohort: str | None = None) -> None:
        self._store = store
        self.cohort = None if cohort is None else normalise_name(cohort)

    def _only_cohort(self, query: sa.Select) -> sa.Select:
        """``query`` (which reads ``it_teams``) kept to this view's cohort."""
        if self.cohort is None:
            return query
        return query.where(t.teams.c.cohort_id.in_(
            sa.select(t.cohorts.c.id).where(t.cohorts.c.name == self.cohort)))

    def _entries(self, *kinds: str) -> list[dict[str, Any]]:
        """Every current entry of these kinds, with its team, in one query."""
        query = (
            sa.select(t.teams.c.name, t.records.c.kind, t.records.c.data,
                      t.records.c.updated_at)
            .join(t.records, t.records.c.team_id == t.teams.c.id)
            .where((t.records.c.deleted == 0) & t.records.c.kind.in_(kinds))
        )
        with self._store.reading() as conn:
            rows = conn.execute(self._only_cohort(query)).all()
        return [{"team": r[0], "kind": r[1], "data": json.loads(r[2]), "at": r[3]} for r in rows]

    def teams(self, on: date | None = None) -> list[dict[str, Any]]:
        """One summary per team: roster, perspectives, entries, meetings, where it is with each
        module, when it started and last changed anything, its pace, and what it has kept up
        since the course (on ``on``, today if not given).

        ``started`` is the team's first change (or when it was created, if earlier: a team
        imported from a file keeps the times of its entries). ``days_per_module`` is the days
        from ``started`` to the latest module marked done, divided by the modules done; None
        before any module is done. ``course_done`` is when the last of the course's modules
        (``COURSE_MODULES``) was marked done, "" until every one is.

        What it kept up, as Module 8 reads it (``analysis.review``): ``steps`` counts its action
        steps done, late (not started or under way, and due before ``on``) and blocked;
        ``last_review`` is the date of its latest review meeting; ``measures`` its outcome
        measures and ``recent_measures`` those with a value in the ``RECENT_DAYS`` up to
        ``on``; ``last_follow_through`` the latest date it recorded a review, a step's status,
        a measure's value or an adaptation ("" for none).
        """
        on = on or date.today()
        activity = (
            sa.select(t.teams.c.name, t.teams.c.created_at, sa.func.count(t.records.c.id),
                      sa.func.max(t.records.c.updated_at))
            .join(t.records, (t.records.c.team_id == t.teams.c.id)
                  & (t.records.c.deleted == 0), isouter=True)
            .group_by(t.teams.c.name, t.teams.c.created_at)
        )
        first_change = (
            sa.select(t.teams.c.name, sa.func.min(t.changes.c.changed_at))
            .join(t.changes, t.changes.c.team_id == t.teams.c.id)
            .group_by(t.teams.c.name)
        )
        with self._store.reading() as conn:
            rows = conn.execute(self._only_cohort(activity)).all()
            first = dict(conn.execute(self._only_cohort(first_change)).all())
        summary = {
            name: {"team": name, "members": 0, "perspectives": set(), "entries": count,
                   "meetings": 0, "last_meeting": "", "modules_done": set(), "progress": {},
                   "done_at": {}, "started": min(created, first.get(name) or created),
                   "last_activity": last or created, "problems": [],
                   "steps": Counter(), "last_review": "", "measures": set(),
                   "recent_measures": set(), "last_follow_through": ""}
            for name, created, count, last in rows
        }
        for e in self._entries("member", "meeting", "progress", *_FOLLOW_THROUGH):
            s = summary[e["team"]]
            try:  # a team's data written around the course's checks is that team's problem only
                data = validate(e["kind"], e["data"])
            except ValidationError as exc:
                s["problems"].append(f"a {KINDS[e['kind']].label} that does not pass the "
                                     f"course's checks ({exc.messages[0]})")
                continue
            if e["kind"] == "member":
                s["members"] += 1
                s["perspectives"].add(data["perspective"])
            elif e["kind"] == "meeting":
                s["meetings"] += 1
                s["last_meeting"] = max(s["last_meeting"], data["date"])
            elif e["kind"] == "progress":
                s["progress"][data["module"]] = data["status"]
                if data["status"] == "done":
                    s["modules_done"].add(data["module"])
                    s["done_at"][data["module"]] = e["at"]
            else:
                _follow_through(s, e["kind"], data, on)
        for s in summary.values():
            s["perspectives"] = sorted(s["perspectives"])
            s["modules_done"] = sorted(s["modules_done"])
            done_at = s["done_at"]
            days = _days(s["started"], max(done_at.values())) if done_at else None
            s["days_per_module"] = None if days is None else max(days, 0.0) / len(done_at)
            s["course_done"] = (max(done_at[m] for m in COURSE_MODULES)
                                if set(COURSE_MODULES) <= done_at.keys() else "")
            s["recent_measures"] &= s["measures"]  # values of a measure since removed: not kept up
        return sorted(summary.values(), key=lambda s: s["team"])

    def recurring_barriers(self) -> list[tuple[str, str, int]]:
        """CFIR factors that teams name as barriers: (code, name, number of teams), most
        common first."""
        return [(code, name, len(b)) for code, name, b, _f in self._factor_teams() if b]

    def recurring_factors(self) -> list[tuple[str, str, list[str], list[str]]]:
        """Every CFIR factor a team named: (code, name, teams naming it a barrier, teams
        naming it a facilitator), the factors named by most teams first. A team counts once
        per side, whether one member or the whole team said so."""
        rows = self._factor_teams()
        return sorted(rows, key=lambda r: -len(set(r[2]) | set(r[3])))  # stable: keeps order

    def _factor_teams(self) -> list[tuple[str, str, list[str], list[str]]]:
        teams_by: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
        for e in self._entries("context_factor", "agreed_factor"):
            teams_by[e["data"]["construct"]][e["data"]["effect"] == "facilitator"].add(e["team"])
        return sorted(
            ((code, cfir_construct(code).name, sorted(b), sorted(f))
             for code, (b, f) in teams_by.items()),
            key=lambda row: (-len(row[2]), cfir_order(row[0])),
        )

    def chosen_strategies(self) -> list[tuple[int, str, int]]:
        """ERIC strategies teams selected: (number, name, number of teams), most common first."""
        counts = Counter(e["data"]["strategy"] for e in self._entries("strategy"))
        return sorted(((sid, eric_strategy(sid).name, n) for sid, n in counts.items()),
                      key=lambda row: (-row[2], row[0]))

    def strategy_teams(self) -> list[tuple[int, str, str, list[str]]]:
        """ERIC strategies teams selected: (number, name, cluster, the teams), most common
        first."""
        teams_by: dict[int, set[str]] = defaultdict(set)
        for e in self._entries("strategy"):
            teams_by[e["data"]["strategy"]].add(e["team"])
        return sorted(((sid, eric_strategy(sid).name, eric_strategy(sid).cluster_name,
                        sorted(names)) for sid, names in teams_by.items()),
                      key=lambda row: (-len(row[3]), row[0]))

    def stalled(self, since: str | datetime) -> list[dict[str, Any]]:
        """Teams that have changed nothing since ``since`` (an ISO time or a datetime) and have
        not finished the course: a team that finished is not stuck (``fallen_silent`` watches
        it from then on)."""
        cutoff = since.isoformat() if isinstance(since, datetime) else since
        return [s for s in self.teams() if s["last_activity"] < cutoff and not s["course_done"]]

    def fallen_silent(self, days: int = SILENT_AFTER,
                      on: date | None = None) -> list[dict[str, Any]]:
        """Teams that finished the course and have recorded nothing of their follow-through
        (a review, a step's status, a measure's value, an adaptation) for more than ``days``
        days before ``on`` (today if not given), counting from the course's end for a team
        that has recorded nothing since. Each summary gains ``quiet_since``: that date."""
        on = on or date.today()
        silent = []
        for s in self.teams(on):
            if not s["course_done"]:
                continue
            quiet_since = max(s["course_done"][:10], s["last_follow_through"])
            if date.fromisoformat(quiet_since) < on - timedelta(days=days):
                silent.append({**s, "quiet_since": quiet_since})
        return silent

    def meeting_pace(self) -> list[dict[str, Any]]:
        """Teams that log between-session meetings beside teams that log none: how many teams,
        how many have finished a module, and their median days per module done.

        A comparison to start a conversation, not proof that meeting causes speed."""
        groups = {True: [], False: []}
        for s in self.teams():
            groups[s["meetings"] > 0].append(s)
        out = []
        for logs, label in ((True, "Log between-session meetings"),
                            (False, "Log no meetings")):
            paces = [s["days_per_module"] for s in groups[logs]
                     if s["days_per_module"] is not None]
            out.append({"group": label, "teams": len(groups[logs]), "with_pace": len(paces),
                        "median_days_per_module": median(paces) if paces else None})
        return out

    # The same tables as CSV files.
    TEAM_HEADERS = ("Team", "Members", "Perspectives", *(f"Module {m}" for m in NUMBERS),
                    "Modules done", "Meetings logged", "Last meeting", "Started",
                    "Last change", "Days per module done", "Steps done", "Steps late",
                    "Steps blocked", "Last review", "Outcome measures",
                    f"Measures with a value in the last {RECENT_DAYS} days",
                    "Last follow-through", "Problems in the data")

    def team_rows(self) -> list[tuple]:
        """One row per team, for a table or a spreadsheet (see ``TEAM_HEADERS``)."""
        return [(s["team"], s["members"], ", ".join(s["perspectives"]),
                 *(s["progress"].get(m, "not started") for m in NUMBERS),
                 len(s["modules_done"]), s["meetings"], s["last_meeting"], s["started"][:10],
                 s["last_activity"][:10],
                 "" if s["days_per_module"] is None else round(s["days_per_module"], 1),
                 s["steps"]["done"], s["steps"]["late"], s["steps"]["blocked"],
                 s["last_review"], len(s["measures"]), len(s["recent_measures"]),
                 s["last_follow_through"], "; ".join(s["problems"]))
                for s in self.teams()]

    def csv_files(self) -> dict[str, str]:
        """File name to CSV text: teams, context factors, strategies."""
        factors = [(code, name, len(b), len(f), "; ".join(b), "; ".join(f))
                   for code, name, b, f in self.recurring_factors()]
        strategies = [(sid, name, cluster, len(names), "; ".join(names))
                      for sid, name, cluster, names in self.strategy_teams()]
        return {
            "cohort-teams.csv": csv_text(self.TEAM_HEADERS, self.team_rows()),
            "cohort-context-factors.csv": csv_text(
                ("CFIR code", "Context factor", "Teams naming it a barrier",
                 "Teams naming it a facilitator", "Barrier for", "Facilitator for"), factors),
            "cohort-strategies.csv": csv_text(
                ("ERIC number", "Strategy", "Cluster", "Teams choosing it", "Chosen by"),
                strategies),
        }
