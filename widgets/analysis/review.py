"""Module 8: the plan kept alive after the course. Where each step stands, what a review
meeting should look at, the measures' values over time, the strategies as adapted, how the
context and readiness moved since the first rating, and the logic model of the whole."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..reference import cfir_construct, cfir_order, framework_items
from ..store import OPEN, TeamWorkspace
from .action import DIMENSIONS
from .strategies import chosen_strategies, strategy_label

__all__ = ["ADAPTATION_HEADERS", "COLUMNS", "PERCENT", "REVIEW_HEADERS", "STEP_HEADERS",
           "Agenda", "Change", "LogicModel", "Series", "adaptation_rows", "agenda",
           "context_change", "current_specification", "in_terms", "is_late", "last_activity",
           "logic_model", "measure_key", "measure_label", "measure_series", "plain_number",
           "plan_strategies", "read_value", "readiness_change", "review_rows", "reviews",
           "signed", "standing", "step_counts", "step_rows", "steps_in_order",
           "strategy_entries", "today"]

# Late and blocked steps first, then what is under way, what is still to start, what is done.
_ORDER = {"blocked": 0, "late": 1, "under way": 2, "not started": 3, "done": 4, "dropped": 5}


def _day(value: str) -> date:
    return date.fromisoformat(value)


def today(ws: TeamWorkspace) -> date:
    """The day a team's plan is looked at: today. The example team's story is set in the
    future (its reviews run into 2027), so a practice copy whose last review is still to come
    is seen on the eve of that review: the worked example shows the agenda it looked at."""
    now = date.today()
    if ws.practice:
        last = max((_day(r["date"]) for r in ws.list("review")), default=now)
        if last > now:
            return last - timedelta(days=1)
    return now


def is_late(step: dict, on: date) -> bool:
    """A step still to do whose due date has passed."""
    return step["status"] in OPEN and _day(step["due"]) < on


def standing(step: dict, on: date) -> str:
    """Where a step stands on a day: its status, or "late"."""
    return "late" if is_late(step, on) else step["status"]


def steps_in_order(ws: TeamWorkspace, on: date | None = None) -> list[dict]:
    """Every action step, late and blocked ones first, then by due date."""
    on = on or today(ws)
    return sorted(ws.list("action_step"),
                  key=lambda s: (_ORDER[standing(s, on)], s["due"], s["step"]))


STEP_HEADERS = ("Where it stands", "Since", "Due", "Step", "Owner", "Strategy", "Why")


def step_rows(ws: TeamWorkspace, on: date | None = None) -> list[tuple[str, ...]]:
    """The plan's steps as ``STEP_HEADERS``, late and blocked ones first."""
    on = on or today(ws)
    return [(standing(s, on), s["status_date"], s["due"], s["step"], s["owner"],
             strategy_label(s["strategy"]) if s.get("strategy") else "", s["status_reason"])
            for s in steps_in_order(ws, on)]


def step_counts(ws: TeamWorkspace, on: date | None = None) -> dict[str, int]:
    """How many steps stand where: late, blocked, under way, not started, done, dropped."""
    on = on or today(ws)
    counts = dict.fromkeys(_ORDER, 0)
    for s in ws.list("action_step"):
        counts[standing(s, on)] += 1
    return counts


def reviews(ws: TeamWorkspace) -> list[dict]:
    """The team's review meetings, oldest first."""
    return sorted(ws.list("review"), key=lambda r: r["date"])


REVIEW_HEADERS = ("Date", "Who came", "What you decided", "Next review")


def review_rows(ws: TeamWorkspace) -> list[tuple[str, str, str, str]]:
    """The whole story of the reviews, the latest first (``REVIEW_HEADERS``)."""
    return [(r["date"], ", ".join(r["attendees"]), r["decisions"], r["next_review"])
            for r in reversed(reviews(ws))]


def measure_key(m: dict) -> tuple[int, str, str]:
    """What identifies a measure, and the values recorded for it."""
    return m["strategy"], m["dimension"], m["measure"]


def measure_label(m: dict) -> str:
    """A measure as the course names it: the measure, its outcome and its strategy."""
    return f"{m['measure']} ({m['dimension']}; {strategy_label(m['strategy'])})"


_NUMBER = r"-?\d+(?:[.,]\d+)?"
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


_THOUSANDS = re.compile(r"-?\d{1,3}(?:,\d{3})+")  # 1,000 or 12,500: a separator, or a comma?


def _number(text: str) -> float:
    if _THOUSANDS.fullmatch(text):
        raise ValueError(f"“{text}” could be read two ways: write a thousand as 1000, without "
                         "a separator, and a decimal with a point, like 1.5.")
    return float(text.replace(",", "."))


def read_value(value_type: str, text: str) -> float:
    """A value as a number to draw: a percentage from 0 to 100 (a count out of a total becomes
    one), yes as 1 and no as 0, a rating from 1 to 5. Raises ValueError with a message saying
    how to write it."""
    raw = text.strip().lower()
    if value_type == "count out of a total":
        match = re.fullmatch(rf"({_NUMBER})\s*(?:/|out of|of)\s*({_NUMBER})", raw)
        if not match:
            raise ValueError(f"“{text}” is not a count out of a total: write it like 12/40 "
                             "(12 out of 40).")
        if _number(match.group(2)) <= 0:
            raise ValueError(f"“{text}”: the total must be more than 0.")
        count, total = _number(match.group(1)), _number(match.group(2))
        if not 0 <= count <= total:
            raise ValueError(f"“{text}”: the count must be between 0 and the total.")
        return 100 * count / total
    if value_type == "yes or no":
        if raw in _YES | _NO:
            return 1.0 if raw in _YES else 0.0
        raise ValueError(f"“{text}” is not yes or no.")
    match = re.fullmatch(rf"({_NUMBER})\s*%?", raw)
    if not match:
        raise ValueError(f"“{text}” is not a number: write digits, like 42 or 3.5.")
    number = _number(match.group(1))
    if value_type == "percentage" and not 0 <= number <= 100:
        raise ValueError(f"“{text}” is not a percentage between 0 and 100.")
    if value_type == "rating from 1 to 5" and number not in (1, 2, 3, 4, 5):
        raise ValueError(f"“{text}” is not a rating: write a whole number from 1 to 5.")
    return number


PERCENT = ("percentage", "count out of a total")  # both read as a percentage


def plain_number(value: float) -> str:
    """A number as people write it: 40, 12.5, 0.0025 (not 40.0, not 1e+06)."""
    return f"{round(value, 2 if abs(value) >= 1 else 4):f}".rstrip("0").rstrip(".")


def in_terms(value_type: str, value: float, text: str = "") -> str:
    """A value read by ``read_value`` said the way its measure counts: 45%, 12/40 (30%) when
    the text written is given, yes, 4 of 5, 12.5."""
    if value_type == "count out of a total" and text:
        return f"{text} ({plain_number(value)}%)"
    if value_type in PERCENT:
        return f"{plain_number(value)}%"
    if value_type == "yes or no":
        return "yes" if value >= 0.5 else "no"
    if value_type == "rating from 1 to 5":
        return f"{plain_number(value)} of 5"
    return plain_number(value)


@dataclass
class Series:
    """One measure's values over time, ready to draw as a run chart."""

    measure: dict
    points: list[tuple[date, float, dict]] = field(default_factory=list)  # date, value, entry
    unreadable: list[dict] = field(default_factory=list)  # kept, shown, never drawn
    goal: float | None = None
    retired: bool = False  # values of a measure no longer in the plan (renamed or deleted)

    @property
    def label(self) -> str:
        return measure_label(self.measure) + (" (no longer in the plan)" if self.retired else "")

    @property
    def latest(self) -> date | None:
        dates = [p[0] for p in self.points] + [_day(v["date"]) for v in self.unreadable]
        return max(dates, default=None)


def measure_series(ws: TeamWorkspace) -> list[Series]:
    """Every Module 6 measure with its values in date order; then the values of measures no
    longer in the plan (renamed or deleted since), as numbers, so none is lost from sight."""
    values: dict[tuple, list[dict]] = defaultdict(list)
    for v in ws.list("measure_value"):
        values[measure_key(v)].append(v)
    measures = ws.list("outcome_measure")
    known = {measure_key(m) for m in measures}
    retired = [{"strategy": k[0], "dimension": k[1], "measure": k[2], "value_type": "number",
                "goal": ""} for k in values if k not in known]
    out = []
    for m in measures + retired:
        series = Series(m, retired=measure_key(m) not in known)
        try:
            series.goal = read_value(m["value_type"], m["goal"]) if m["goal"] else None
        except ValueError:
            series.goal = None
        for v in sorted(values[measure_key(m)], key=lambda v: v["date"]):
            try:
                series.points.append((_day(v["date"]), read_value(m["value_type"], v["value"]),
                                      v))
            except ValueError:
                series.unreadable.append(v)
        out.append(series)
    return out


def current_specification(ws: TeamWorkspace, strategy: int) -> tuple[dict, list[dict]]:
    """A strategy's specification as it stands now: the Module 4 version with each adaptation
    that gives a new wording applied in date order; and the adaptations, oldest first. The
    version is ``1 + len(adaptations)``."""
    spec = dict(ws.get("specification", str(strategy)) or {})
    changes = sorted((a for a in ws.list("adaptation") if a["strategy"] == strategy),
                     key=lambda a: (a["date"], a["part"]))
    names = {label.lower(): name for name, label in DIMENSIONS.items()}
    names["outcome"] = "outcome"
    for a in changes:
        if a["part"] in names and a["new_value"]:
            spec[names[a["part"]]] = a["new_value"]
    return spec, changes


def plan_strategies(ws: TeamWorkspace) -> list[int]:
    """The strategies the plan runs now: those chosen in Module 3 and those added since, less
    those dropped (a strategy dropped and later added again counts from its latest change)."""
    latest: dict[int, str] = {}
    for a in sorted(ws.list("adaptation"), key=lambda a: a["date"]):
        if a["part"] in ("dropped the strategy", "added the strategy"):
            latest[a["strategy"]] = a["part"]
        if a["part"] == "dropped the strategy" and a["replaced_by"]:
            latest[a["replaced_by"]] = "added the strategy"
    current = [s for s in chosen_strategies(ws) if latest.get(s) != "dropped the strategy"]
    return current + [s for s, part in latest.items()
                      if part == "added the strategy" and s not in current]


ADAPTATION_HEADERS = ("Date", "Strategy", "What was modified", "What changed", "Nature",
                      "Core", "Goal", "Reason", "Planned", "Who decided", "How widespread")


def adaptation_rows(ws: TeamWorkspace) -> list[tuple[str, ...]]:
    """The adaptation log, the latest first (``ADAPTATION_HEADERS``)."""
    rows = []
    for a in sorted(ws.list("adaptation"), key=lambda a: a["date"], reverse=True):
        change = a["change"]
        if a["replaced_by"]:
            change += f" (replaced by {strategy_label(a['replaced_by'])})"
        rows.append((a["date"], strategy_label(a["strategy"]), a["part"], change, a["nature"],
                     a["fidelity"], a["goal"], a["reason"], a["planned"],
                     ", ".join(a["decided_by"]), a["spread"]))
    return rows


def last_activity(ws: TeamWorkspace, on: date | None = None) -> date | None:
    """The latest date, up to ``on`` (today), the team recorded carrying out its plan: a
    review, a step's status, a measure's value or an adaptation. A date still to come
    (mistyped, or planned) says nothing of what the team has done."""
    on = on or today(ws)
    dates = [r["date"] for r in ws.list("review")]
    dates += [s["status_date"] for s in ws.list("action_step") if s["status_date"]]
    dates += [v["date"] for v in ws.list("measure_value")]
    dates += [a["date"] for a in ws.list("adaptation")]
    return max((d for d in map(_day, dates) if d <= on), default=None)


@dataclass
class Agenda:
    """What a review meeting should look at, from the team's own plan."""

    since: date | None  # the last review (None before the first)
    on: date
    due: list[dict]  # steps due since the last review, with where they stand
    late: list[dict]
    blocked: list[dict]
    quiet_measures: list[dict]  # measures with no value since the last review
    quiet_strategies: list[int]  # strategies with nothing recorded since the last review

    @property
    def empty(self) -> bool:
        return not (self.due or self.late or self.blocked or self.quiet_measures
                    or self.quiet_strategies)


def agenda(ws: TeamWorkspace, on: date | None = None) -> Agenda:
    """The agenda of the next review: steps due since the last review, late and blocked steps,
    measures with no new value, and strategies with no activity (no step's status changed, no
    value and no adaptation) since the last review, or ever before the first."""
    on = on or today(ws)
    past = [r for r in reviews(ws) if _day(r["date"]) <= on]
    since = _day(past[-1]["date"]) if past else None

    def recent(value: str) -> bool:
        return bool(value) and (since is None or _day(value) > since) and _day(value) <= on

    steps = steps_in_order(ws, on)
    due = [s for s in steps if _day(s["due"]) <= on and (since is None or _day(s["due"]) > since)]
    values = ws.list("measure_value")
    fresh = {measure_key(v) for v in values if recent(v["date"])}
    running = plan_strategies(ws)
    quiet_measures = [m for m in ws.list("outcome_measure")
                      if m["strategy"] in running and measure_key(m) not in fresh]
    active = {s["strategy"] for s in steps if s.get("strategy") and recent(s["status_date"])}
    active |= {v["strategy"] for v in values if recent(v["date"])}
    active |= {a["strategy"] for a in ws.list("adaptation") if recent(a["date"])}
    return Agenda(since, on, due, [s for s in steps if is_late(s, on)],
                  [s for s in steps if s["status"] == "blocked"], quiet_measures,
                  [s for s in running if s not in active])


def signed(effect: str, strength: int) -> int:
    """A context rating on one scale: a barrier of strength 3 is -3, a facilitator +3."""
    return strength if effect == "facilitator" else -strength


@dataclass(frozen=True)
class Change:
    """How one construct or readiness component moved between the first rating and the
    latest."""

    code: str  # a CFIR code, or the readiness component
    name: str
    first: float
    latest: float | None  # None until it is rated again
    when: str  # the review of the latest rating ("" until then)

    @property
    def moved(self) -> float | None:
        return None if self.latest is None else self.latest - self.first


def _latest_by(entries: list[dict], key: str) -> dict[str, dict]:
    latest: dict[str, dict] = {}
    for e in sorted(entries, key=lambda e: e["review"]):
        latest[e[key]] = e
    return latest


def context_change(ws: TeamWorkspace) -> list[Change]:
    """Each factor the team agreed on in Module 2, on the -3 (strong barrier) to +3 (strong
    facilitator) scale: the first agreed rating and the latest team re-rating, in the
    framework's order."""
    latest = _latest_by(ws.list("agreed_rerating"), "construct")
    out = []
    for f in sorted(ws.list("agreed_factor"), key=lambda f: cfir_order(f["construct"])):
        again = latest.get(f["construct"])
        out.append(Change(f["construct"], cfir_construct(f["construct"]).name,
                          signed(f["effect"], f["strength"]),
                          signed(again["effect"], again["strength"]) if again else None,
                          again["review"] if again else ""))
    return out


def readiness_change(ws: TeamWorkspace) -> list[Change]:
    """Each part of readiness (1 to 5): the median of the members' first ratings (Module 5) and
    the team's latest rating at a review."""
    first: dict[str, list[int]] = defaultdict(list)
    for r in ws.list("readiness"):
        first[r["component"]].append(r["rating"])
    latest = _latest_by(ws.list("readiness_agreed"), "component")
    return [Change(c, c, statistics.median(first[c]),
                   latest[c]["rating"] if c in latest else None,
                   latest[c]["review"] if c in latest else "")
            for c in framework_items("R=MC2_component") if first[c]]


@dataclass
class LogicModel:
    """An Implementation Research Logic Model (Smith, Li and Rafferty 2020): four columns of
    boxes, and the arrows between neighbouring columns as (column, box) pairs."""

    determinants: list[str]
    strategies: list[str]
    mechanisms: list[str]
    outcomes: list[str]
    links: list[tuple[tuple[int, int], tuple[int, int]]]

    @property
    def columns(self) -> list[list[str]]:
        return [self.determinants, self.strategies, self.mechanisms, self.outcomes]

    @property
    def empty(self) -> bool:
        return not self.strategies

    def rows(self) -> list[tuple[str, str, str, str]]:
        """The model as a table, one row per strategy (``COLUMNS``): the determinants it acts
        on, the strategy, how it should work, and the outcomes it should move."""
        acts_on: dict[int, list[str]] = defaultdict(list)
        moves: dict[int, list[str]] = defaultdict(list)
        for (column, a), (_, b) in self.links:
            if column == 0:
                acts_on[b].append(self.determinants[a])
            elif column == 2:
                moves[a].append(self.outcomes[b])
        return [("; ".join(acts_on[s]), strategy, self.mechanisms[s], "; ".join(moves[s]))
                for s, strategy in enumerate(self.strategies)]


COLUMNS = ("Determinants", "Implementation strategies", "Mechanisms", "Outcomes")


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def strategy_entries(ws: TeamWorkspace) -> dict[int, dict]:
    """Each strategy's Module 3 entry (the barriers it addresses, why it should work), by ERIC
    number. A strategy that replaced a dropped one, with no entry of its own, acts on the
    barriers of what it replaced: it takes that entry, along a chain of replacements in date
    order."""
    entries = {s["strategy"]: s for s in ws.list("strategy")}
    for a in sorted(ws.list("adaptation"), key=lambda a: a["date"]):
        if a["replaced_by"] and a["replaced_by"] not in entries and a["strategy"] in entries:
            entries[a["replaced_by"]] = entries[a["strategy"]]
    return entries


def logic_model(ws: TeamWorkspace) -> LogicModel:
    """The logic model of the plan as it runs now: the barriers the current strategies act on,
    the strategies (as adapted), how each should work, and the outcomes it should move (the
    specification's implementation outcome and what the team measures)."""
    records = strategy_entries(ws)
    measures: dict[int, list[str]] = defaultdict(list)
    for m in ws.list("outcome_measure"):
        measures[m["strategy"]].append(m["dimension"].removesuffix(" (RE-AIM)"))
    determinants: list[str] = []
    outcomes: list[str] = []
    model = LogicModel(determinants, [], [], outcomes, [])

    def box(column: list[str], text: str) -> int:
        if text not in column:
            column.append(text)
        return column.index(text)

    for sid in plan_strategies(ws):
        spec, changes = current_specification(ws, sid)
        label = strategy_label(sid) + (f" (adapted {_times(len(changes))})" if changes else "")
        s = len(model.strategies)
        model.strategies.append(label)
        record = records.get(sid, {})
        for code in sorted(record.get("barriers", []), key=cfir_order):
            model.links.append(((0, box(determinants, cfir_construct(code).name)), (1, s)))
        mechanism = spec.get("justification") or record.get("reason") or "not written yet"
        model.mechanisms.append(mechanism)
        model.links.append(((1, s), (2, s)))
        for outcome in dict.fromkeys([spec.get("outcome"), *measures[sid]]):
            if outcome:
                model.links.append(((2, s), (3, box(outcomes, outcome))))
    return model
