"""Module 8: the plan kept alive at review meetings. The agenda of the next review; where each
step stands; the measures' values over time; adaptations to the strategies (FRAME-IS); the
context and readiness rated again, each member first and then the team; the logic model;
and the log of the reviews themselves."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from typing import Any

import ipywidgets as ipw

from ..analysis.action import DIMENSIONS
from ..analysis.review import (
    ADAPTATION_HEADERS,
    COLUMNS,
    REVIEW_HEADERS,
    STEP_HEADERS,
    Change,
    Series,
    adaptation_rows,
    agenda,
    context_change,
    current_specification,
    in_terms,
    is_late,
    logic_model,
    measure_key,
    measure_label,
    measure_series,
    plan_strategies,
    readiness_change,
    review_rows,
    standing,
    step_counts,
    step_rows,
    steps_in_order,
    today,
)
from ..analysis.strategies import strategy_label
from ..display.figures import change_chart, logic_model_chart, run_chart
from ..display.html import download_link, status, table
from ..editions import on_site
from ..reference import cfir_construct, cfir_order, eric_strategies, framework_items
from ..reference.descriptions import eric_description
from ..store import KINDS, TeamWorkspace, ValidationError
from ._alone import RatingsSwitch, follow_the_gate, held_back
from ._base import (
    EFFECTS,
    FULL,
    RATINGS,
    RECORDER,
    STRENGTHS,
    WIDE,
    People,
    RecordForm,
    RecordView,
    choice,
    date_box,
    iso,
    meaning_of,
    member_picker,
    text,
    unreadable,
)

__all__ = [
    "AdaptationForm",
    "AdaptationLog",
    "ChangeView",
    "ContextRecheckForm",
    "LogicModelView",
    "MeasureValueForm",
    "PlanSteps",
    "ReadinessRecheckForm",
    "ReviewAgenda",
    "ReviewForm",
    "ReviewHistory",
    "RunCharts",
    "StepStatusForm",
]

# How to write a value of each kind a measure can take (the store's VALUE_TYPES).
VALUE_HINTS = {
    "number": "a number, like 42 or 3.5",
    "percentage": "a percentage from 0 to 100, like 65",
    "count out of a total": "a count out of a total, like 12/40 (12 out of 40)",
    "yes or no": "yes or no",
    "rating from 1 to 5": "a whole number from 1 to 5",
}
_WHOLE = ("dropped the strategy", "added the strategy")  # an adaptation of the whole strategy


def _hint(words: str) -> ipw.HTML:
    """A line of help right below a field, lined up with the boxes."""
    return ipw.HTML(f'<p style="margin:0 0 0.5em 13.5em"><small>{words}</small></p>')


def _items(entries: Sequence[str], empty: str) -> str:
    """A list in words (each item escaped), or the sentence saying there is nothing."""
    if not entries:
        return f"<p>{escape(empty)}</p>"
    return "<ul>" + "".join(f"<li>{escape(e)}</li>" for e in entries) + "</ul>"


def _refill(picker: ipw.Dropdown, options: list[tuple[str, Any]]) -> None:
    """New options for a list, keeping what was picked if it is still there."""
    current = picker.value
    picker.options = options
    picker.value = current if current in [v for _, v in options] else None


def _times(n: int) -> str:
    return f"{n} time{'' if n == 1 else 's'}"


def _watch(widgets: Sequence[ipw.Widget], then: Callable[[], None]) -> None:
    """Call ``then`` whenever one of ``widgets`` changes."""
    for widget in widgets:
        widget.observe(lambda _c: then(), "value")


# The agenda and the steps

class _OnADay(RecordView):
    """A view of where the plan stands on a day: today, or ``on`` (the example team's
    plan runs in a year of its own)."""

    def __init__(self, ws: TeamWorkspace, on: date | None = None) -> None:
        self.on = on
        super().__init__(ws)


class ReviewAgenda(_OnADay):
    """What the next review should look at, from the team's own plan."""

    kinds = ("review", "action_step", "measure_value", "outcome_measure", "adaptation",
             "strategy")

    def render(self) -> str:
        a = agenda(self.ws, self.on)
        since = (f"since the last review, on {a.since.isoformat()}" if a.since else
                 "since the plan was made (no review logged yet)")

        def step(s: dict, why: bool = False) -> str:
            words = f"{s['step']} ({s['owner']}, due {s['due']}): {standing(s, a.on)}"
            return words + (f". Why: {s['status_reason']}" if why and s["status_reason"]
                            else "")

        parts = [
            f"<p>The agenda for a review on {a.on.isoformat()}, {escape(since)}.</p>",
            "<h4>Steps that fell due</h4>",
            _items([step(s) for s in a.due], "No step fell due."),
            "<h4>Late steps</h4>", _items([step(s) for s in a.late], "Nothing late."),
            "<h4>Blocked steps, and why</h4>",
            _items([step(s, why=True) for s in a.blocked], "Nothing blocked."),
            "<h4>Measures with no new value</h4>",
            _items([measure_label(m) for m in a.quiet_measures],
                   "Every measure has a new value."),
            "<h4>Strategies with nothing recorded</h4>",
            _items([strategy_label(s) for s in a.quiet_strategies],
                   "Every strategy in the plan has something recorded."),
            "<p>For each item, what did the team decide? Write it in the review log "
            "(“Log the review”).</p>",
        ]
        return "".join(parts)


def _counts_line(ws: TeamWorkspace, on: date | None) -> str:
    counts = step_counts(ws, on)
    words = ", ".join(f"{n} {where}" for where, n in counts.items())
    trouble = counts["late"] + counts["blocked"]
    return status(f"Steps: {words}.", not trouble)


class PlanSteps(_OnADay):
    """Every step of the plan and where it stands, late and blocked steps first."""

    kinds = ("action_step",)

    def render(self) -> str:
        rows = step_rows(self.ws, self.on)
        if not rows:
            return "<p>No steps yet: plan the first steps in Module 4.</p>"
        return _counts_line(self.ws, self.on) + table(
            STEP_HEADERS, rows, caption=f"Steps of {self.ws.name}")


def _step_options(ws: TeamWorkspace) -> list[tuple[str, str]]:
    return [(f"{s['step']} ({s['owner']}, due {s['due']})", s["step"])
            for s in steps_in_order(ws)]


class StepStatusForm(RecordForm):
    """Say where a step stands now: not started, under way, done, blocked or dropped."""

    kind = "action_step"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.step = ipw.Dropdown(description="Step", options=_step_options(ws), value=None,
                                 style=WIDE, layout=FULL)
        self.now = ipw.HTML()
        statuses = KINDS[self.kind].choices("status")
        super().__init__(ws, {
            "step": self.step,
            "status": choice("Where it stands", [(s.capitalize(), s) for s in statuses]),
            "status_date": date_box("Since", today=True),
            "status_reason": text("Why it is blocked or dropped",
                                  "What stands in the way, or why the team stopped it",
                                  long=True),
        }, author=member_picker(ws, RECORDER), after={"step": self.now},
            intro="Pick a step and say where it stands now. A blocked or dropped step needs "
                  "a reason. The step's owner, due date and strategy stay as they are.")
        self.step.observe(lambda _c: self._show_step(), "value")
        ws.on_change(lambda kind: kind == self.kind and self._follow())

    def _follow(self) -> None:
        """After a save (here or a teammate's): the list of steps, and where the picked one
        stands now."""
        _refill(self.step, _step_options(self.ws))
        self._show_step()

    def _show_step(self) -> None:
        """Say where the picked step stands now."""
        step = self.ws.get(self.kind, self.step.value) if self.step.value else None
        if step is None:
            self.now.value = ""
            return
        since = f" since {step['status_date']}" if step["status_date"] else ""
        why = f" ({step['status_reason']})" if step["status_reason"] else ""
        late = f", and late: it was due on {step['due']}" if is_late(step, today(self.ws)) \
            else ""
        self.now.value = f"<p>Now: {escape(step['status'] + since + why + late)}.</p>"
        self.load({k: step[k] for k in ("status", "status_reason")})
        self.fields["status_date"].value = date.fromisoformat(step["status_date"]) \
            if step["status_date"] else date.today()

    def values(self) -> dict[str, Any]:
        """The whole step as saved, with its new status: nothing else about it changes."""
        values = super().values()
        picked = values.pop("step")
        step = self.ws.get(self.kind, picked) if picked else None
        if step is None:
            raise ValidationError(["Please pick a step."])
        return {**step, **values}

    def saved_message(self, saved: dict) -> str:
        late = (f" It is late: it was due on {saved['due']}."
                if is_late(saved, today(self.ws)) else "")
        since = f" since {saved['status_date']}" if saved["status_date"] else ""
        return f"Saved: “{saved['step']}” is {saved['status']}{since}.{late}"


# The review log

class ReviewForm(RecordForm):
    """Log a review meeting: when, who came, what the team decided, and the next one."""

    kind = "review"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.date = date_box("Date of the review", today=True)
        super().__init__(ws, {
            "date": self.date,
            "attendees": People(ws, "Who came", "Others who came"),
            "decisions": text("What you decided",
                              "For each item of the agenda: what happens now, who, by when",
                              long=True),
            "notes": text("What you looked at", "Anything else worth remembering", long=True),
            "next_review": date_box("Next review"),
        }, author=member_picker(ws, RECORDER),
            intro="At the end of each review meeting: when it was, who came, what you decided "
                  "and when you meet again. Picking the date of a review you logged before "
                  "shows it, so saving changes it.")
        self.date.observe(lambda _c: self._show(), "value")
        self._show()

    def _show(self) -> None:
        """The review logged for the date picked, to change, or an empty form."""
        self.show(self.ws.get(self.kind, iso(self.date.value)),
                  ("attendees", "decisions", "notes", "next_review"))

    def saved_message(self, saved: dict) -> str:
        n = len(saved["attendees"])
        after = f" Next review: {saved['next_review']}." if saved["next_review"] else ""
        return (f"Logged the review of {saved['date']} with {n} "
                f"{'person' if n == 1 else 'people'}.{after}")


class ReviewHistory(RecordView):
    """Every review the team logged, the latest first: the story of the plan since."""

    kinds = ("review",)

    def render(self) -> str:
        rows = review_rows(self.ws)
        if not rows:
            return "<p>No review logged yet.</p>"
        return table(REVIEW_HEADERS, rows, caption=f"Reviews of {self.ws.name}")


# Measures over time

def _measure_options(ws: TeamWorkspace) -> list[tuple[str, tuple]]:
    return [(measure_label(m), measure_key(m)) for m in ws.list("outcome_measure")]


class MeasureValueForm(RecordForm):
    """Record a measure's value on a date, checked as the kind of value the measure takes."""

    kind = "measure_value"

    def __init__(self, ws: TeamWorkspace) -> None:
        self.measure = ipw.Dropdown(description="Measure", options=_measure_options(ws),
                                    value=None, style=WIDE, layout=FULL)
        self.reading = text("Value", "Pick a measure first")
        self.expected = ipw.HTML()
        super().__init__(ws, {
            "measure": self.measure,
            "date": date_box("Date", today=True),
            "value": self.reading,
            "collector": member_picker(ws, "Who collected it"),
            "note": text("Note", "Where it came from, or anything unusual", long=True),
        }, author=member_picker(ws, RECORDER), after={"value": self.expected},
            intro="Pick one of your Module 6 measures and write the value you found on that "
                  "date.")
        self.measure.observe(lambda _c: self._show_kind(), "value")
        ws.on_change(lambda kind: kind == "outcome_measure"
                     and _refill(self.measure, _measure_options(ws)))

    def _picked(self) -> dict | None:
        if self.measure.value is None:
            return None
        return self.ws.get("outcome_measure", "|".join(map(str, self.measure.value)))

    def _show_kind(self) -> None:
        """Say what kind of value the picked measure takes, and its goal."""
        m = self._picked()
        if m is None:
            self.expected.value, self.reading.placeholder = "", "Pick a measure first"
            return
        hint = VALUE_HINTS[m["value_type"]]
        goal = f" Its goal: {m['goal']}." if m["goal"] else ""
        self.expected.value = f"<p><small>Write {escape(hint + '.' + goal)}</small></p>"
        self.reading.placeholder = hint[0].upper() + hint[1:]

    def values(self) -> dict[str, Any]:
        values = super().values()
        picked = values.pop("measure")
        if picked is None:
            raise ValidationError(["Please pick a measure."])
        strategy, dimension, measure = picked
        return {"strategy": strategy, "dimension": dimension, "measure": measure, **values}

    def submit(self) -> bool:
        """Check the value as the measure's kind of value first; save only if it reads."""
        m = self._picked()
        if m is not None and (refused := unreadable(m["value_type"], self.reading.value)):
            self.message.value = refused
            return False
        return super().submit()

    def saved_message(self, saved: dict) -> str:
        return (f"Saved the value {saved['value']} of “{saved['measure']}” on "
                f"{saved['date']}.")


def _series_html(series: Series) -> str:
    kind = series.measure["value_type"]
    heading = f"<h4>{escape(series.label)}</h4>"
    if not series.points and not series.unreadable:
        return heading + "<p>No values yet.</p>"
    rows = [(v["date"], v["value"], in_terms(kind, x), v["collector"], v["note"])
            for _, x, v in series.points]
    goal = f"; the goal is {series.measure['goal']}" if series.measure["goal"] else ""
    parts = [heading, run_chart(series).html()]
    if rows:
        parts.append(table(("Date", "Value", "On the chart", "Collected by", "Note"), rows,
                           caption=f"Values of {series.measure['measure']}{goal}"))
    if series.unreadable:
        parts.append(f"<p>Not on the chart, as they do not read as {escape(kind)}:</p>")
        parts.append(_items([f"“{v['value']}” on {v['date']}" for v in series.unreadable], ""))
    return "".join(parts)


_SUMMARY = ("Measure", "Kind of value", "Values", "Latest", "Goal")


def _summary_row(series: Series) -> tuple[str, ...]:
    latest = series.points[-1][2] if series.points else None
    return (series.label, series.measure["value_type"],
            str(len(series.points) + len(series.unreadable)),
            f"{latest['value']} on {latest['date']}" if latest else "none yet",
            series.measure["goal"] or "not set")


class RunCharts(RecordView):
    """Each measure's values over time: a line per measure saying where it stands, then the
    run chart of the measure picked, with its goal and a table of its values. One chart at a
    time keeps the page quick for a team with many measures; the course site, where nothing
    can be picked, shows every measure's chart."""

    kinds = ("measure_value", "outcome_measure")

    def __init__(self, ws: TeamWorkspace) -> None:
        self.picker = ipw.Dropdown(description="Show the run chart of", style=WIDE,
                                   layout=ipw.Layout(width="95%"))  # its own: it is hidden
        self._listing = False  # the picker's options are being set: no redraw for that
        self.picker.observe(lambda _c: self._listing or self.refresh(), "value")
        super().__init__(ws)
        self.children = (self.picker, *self.children)

    def render(self) -> str:
        all_series = measure_series(self.ws)
        self.picker.layout.display = "none" if on_site() or len(all_series) < 2 else None
        if not all_series:
            return "<p>No outcome measures yet: choose them in Module 6.</p>"
        self._listing = True
        try:
            _refill(self.picker, [(s.label, i) for i, s in enumerate(all_series)])
            if self.picker.value is None:
                self.picker.value = 0
        finally:
            self._listing = False
        shown = all_series if on_site() else [all_series[self.picker.value]]
        return (table(_SUMMARY, [_summary_row(s) for s in all_series],
                      caption=f"Measures of {self.ws.name}")
                + "".join(_series_html(s) for s in shown))


# Adaptations (FRAME-IS)

def _eric_options(leave_out: Sequence[int] = ()) -> list[tuple[str, int]]:
    return [(strategy_label(s.id), s.id) for s in eric_strategies() if s.id not in leave_out]


class AdaptationForm(RecordForm):
    """Log a change to a strategy as FRAME-IS (Miller et al. 2021) describes one: what was
    modified and how, its goal and reason, when and whether planned, who decided, and how
    widespread it is."""

    kind = "adaptation"

    def __init__(self, ws: TeamWorkspace) -> None:
        kind = KINDS[self.kind]
        self.part = choice("What was modified", kind.choices("part"), radio=False)
        self.strategy = ipw.Dropdown(description="Strategy", options=[], value=None,
                                     style=WIDE, layout=FULL)
        self.new_value = text("The new wording of that part",
                              "The part as it reads now, after the change", long=True)
        self.replaced_by = ipw.Dropdown(
            description="Replaced by", options=[("None: not replaced", None),
                                                *_eric_options()],
            value=None, style=WIDE, layout=ipw.Layout(width="95%"))  # its own: it is hidden
        nature = {"content": "Content: what the strategy does, or how it is delivered",
                  "evaluation": "Evaluation: how you check or measure it",
                  "training": "Training: how people are prepared to carry it out"}
        super().__init__(ws, {
            "part": self.part,
            "strategy": self.strategy,
            "date": date_box("Date of the change", today=True),
            "change": text("What changed", "What was done before, and what is done now",
                           long=True),
            "new_value": self.new_value,
            "nature": choice("Nature of the change",
                             [(nature[n], n) for n in kind.choices("nature")]),
            "fidelity": choice("Does it keep the strategy's core?", kind.choices("fidelity")),
            "goal": text("Goal of the change", "What the change should achieve", long=True),
            "reason": text("Reason for the change", "What led to it", long=True),
            "planned": choice("Planned or unplanned", kind.choices("planned")),
            "decided_by": People(ws, "Who decided", "Others who decided"),
            "spread": choice("How widespread", kind.choices("spread")),
            "replaced_by": self.replaced_by,
        }, author=member_picker(ws, RECORDER), after={
            "part": _hint("One of the seven parts of its Module 4 specification, or the "
                          "strategy as a whole: dropped, or added to the plan."),
            "strategy": meaning_of(self.strategy, eric_description),
            "replaced_by": meaning_of(self.replaced_by, eric_description),
            "new_value": _hint("Only for a change to one of the seven parts: the "
                               "strategy's specification then shows this wording as its "
                               "current version."),
            "fidelity": _hint("The core is what makes the strategy work: the way it acts "
                              "on the barrier (its mechanism)."),
            "reason": _hint("For example: staff left, the funding changed, or people asked "
                            "for it."),
            "spread": _hint("Everyone who carries the strategy out, or only some people or "
                            "places."),
        }, intro="Strategies change once they meet real life. Log each change here, with the "
                 "questions of FRAME-IS (Miller et al. 2021), a framework for reporting "
                 "changes to implementation strategies. The hints under the questions are "
                 "the course's own wording.")
        self.part.observe(lambda _c: self._fit_part(), "value")
        ws.on_change(lambda kind: kind in ("adaptation", "strategy") and self._fit_part())
        self._fit_part()

    def _fit_part(self) -> None:
        """The strategies that fit the part picked; a replacement only for a dropped one."""
        part = self.part.value
        plan = plan_strategies(self.ws)
        _refill(self.strategy, _eric_options(plan) if part == "added the strategy" else
                [(strategy_label(s), s) for s in plan])
        dropped = part == "dropped the strategy"
        self.replaced_by.layout.display = None if dropped else "none"
        if not dropped:
            self.replaced_by.value = None  # hidden: only a dropped strategy is replaced

    def saved_message(self, saved: dict) -> str:
        name = strategy_label(saved["strategy"])
        if saved["part"] in _WHOLE:
            instead = (f", replaced by “{strategy_label(saved['replaced_by'])}”"
                       if saved["replaced_by"] else "")
            return f"Logged: “{name}” {saved['part'].removesuffix(' the strategy')}{instead}."
        return f"Logged a change to the {saved['part']} of “{name}”."


def _specification_html(ws: TeamWorkspace, strategy: int) -> str:
    spec, changes = current_specification(ws, strategy)
    version = 1 + len(changes)
    changed: dict[str, list[str]] = {}
    for a in changes:
        changed.setdefault(a["part"], []).append(a["date"])
    rows = [(label, spec.get(name, "") or "not specified",
             ", ".join(changed.get(label.lower() if name != "outcome" else "outcome", [])))
            for name, label in DIMENSIONS.items()]
    whole = [f"{a['part']} on {a['date']}" for a in changes if a["part"] in _WHOLE]
    heading = (f"<h4>{escape(strategy_label(strategy))}: version {version} (adapted "
               f"{_times(len(changes))})</h4>")
    note = f"<p>The strategy as a whole: {escape('; '.join(whole))}.</p>" if whole else ""
    return heading + note + table(("Part", "As it stands now", "Changed on"), rows,
                                  caption="The current specification")


class AdaptationLog(RecordView):
    """Every adaptation, the latest first, and each adapted strategy as it stands now."""

    kinds = ("adaptation", "specification", "strategy")

    def render(self) -> str:
        rows = adaptation_rows(self.ws)
        if not rows:
            return "<p>No adaptations logged yet.</p>"
        adapted = dict.fromkeys(a["strategy"] for a in sorted(
            self.ws.list("adaptation"), key=lambda a: a["date"]))
        return (table(ADAPTATION_HEADERS, rows, caption=f"Adaptations of {self.ws.name}")
                + "".join(_specification_html(self.ws, s) for s in adapted))


# Rating the context and readiness again

def _agreed_options(ws: TeamWorkspace) -> list[tuple[str, str]]:
    agreed = sorted(ws.list("agreed_factor"), key=lambda f: cfir_order(f["construct"]))
    return [(cfir_construct(f["construct"]).label, f["construct"]) for f in agreed]


def _context_words(effect: str, strength: int) -> str:
    return f"{effect}, strength {strength}"


class ContextRecheckForm(RecordForm):
    """Rate a context factor the team agreed on in Module 2 again, at a review: each member
    on their own first, then (``team``) the team's view after talking. The team's form shows
    what members said for a review once the person looking has rated for it too, or the
    facilitator shows it."""

    kind = "factor_rerating"  # the team's form: "agreed_rerating"

    def __init__(self, ws: TeamWorkspace, team: bool = False) -> None:
        self.kind = "agreed_rerating" if team else "factor_rerating"
        self.team = team
        self.review = date_box("Review date", today=True)
        self.construct = ipw.Dropdown(description="Context factor",
                                      options=_agreed_options(ws), value=None, style=WIDE,
                                      layout=FULL)
        self.before = ipw.HTML()
        self.switch = RatingsSwitch(ws, "factor_rerating", iso(self.review.value)) if team \
            else None
        fields: dict[str, ipw.Widget] = {"review": self.review, "construct": self.construct}
        if not team:
            fields["member"] = member_picker(ws)
        fields |= {"effect": choice("Team's view now" if team else "Barrier or facilitator",
                                    EFFECTS),
                   "strength": choice("How strong", STRENGTHS),
                   "note": text("Why it changed" if team else "Note or evidence",
                                "What is different now, or why it is the same", long=True)}
        intro = ("After each member has rated on their own, pick a factor to see how members "
                 "rated it for this review, then record the team's view." if team else
                 "Rate on your own first: how does this factor of the team's agreed map "
                 "(Module 2) look now?")
        super().__init__(ws, fields, author=member_picker(ws, RECORDER) if team else None,
                         after={"construct": ipw.VBox([self.before, self.switch])
                                if self.switch is not None else self.before}, intro=intro)
        _watch([w for name, w in fields.items() if name in ("review", "construct",
                                                                "member")], self._show)
        ws.on_change(self._follow)
        if team:
            follow_the_gate(ws, "factor_rerating", self._said)

    def _key(self) -> str:
        member = "" if self.team else f"|{self.fields['member'].value}"
        return f"{iso(self.review.value)}|{self.construct.value}{member}"

    def _follow(self, kind: str) -> None:
        if kind == "agreed_factor":
            _refill(self.construct, _agreed_options(self.ws))
        elif self.team and kind == "factor_rerating":
            self._show()

    def _said(self) -> bool:
        """Show what the team agreed first and (the team's form) what members said for this
        review, or how many have rated for it while that is held back. Only this HTML
        changes; False when no agreed factor is picked."""
        code = self.construct.value
        first = self.ws.get("agreed_factor", code) if code else None
        if first is None:
            self.before.value = ""
            return False
        html = (f"<p>The team's view in Module 2: "
                f"{escape(_context_words(first['effect'], first['strength']))}.</p>")
        if self.team:
            review = iso(self.review.value)
            waiting = held_back(self.ws, "factor_rerating", review)
            said = [r for r in self.ws.list("factor_rerating")
                    if r["construct"] == code and r["review"] == review]
            html += waiting if waiting is not None else table(
                ("Member", "Barrier or facilitator", "Strength", "Note"),
                [(r["member"], r["effect"], r["strength"], r["note"]) for r in said],
                caption=f"How members rated it for {review}") if said else (
                f"<p>No member has rated it for the review of {review} yet.</p>")
        self.before.value = html
        return True

    def _show(self) -> None:
        """What the team agreed first, what members said for this review (the team's form),
        and an earlier re-rating of the same, to change."""
        if self.switch is not None:
            self.switch.review = iso(self.review.value)
            self.switch.refresh()
        if not self._said():
            return
        if self.team or self.fields["member"].value:
            self.show(self.ws.get(self.kind, self._key()), ("effect", "strength", "note"))

    def saved_message(self, saved: dict) -> str:
        who = "the team" if self.team else saved["member"]
        return (f"Saved: for the review of {saved['review']}, {who} rated "
                f"“{cfir_construct(saved['construct']).name}” as a {saved['effect']} "
                f"(strength {saved['strength']}).")


class ReadinessRecheckForm(RecordForm):
    """Rate readiness (R = MC², Module 5) again at a review: each member first, then
    (``team``) the team, whose form shows what members said for a review once the person
    looking has rated for it too, or the facilitator shows it."""

    kind = "readiness_rerating"  # the team's form: "readiness_agreed"

    def __init__(self, ws: TeamWorkspace, team: bool = False) -> None:
        self.kind = "readiness_agreed" if team else "readiness_rerating"
        self.team = team
        self.review = date_box("Review date", today=True)
        self.component = choice("Part of readiness", framework_items("R=MC2_component"))
        self.members_say = ipw.HTML()
        self.switch = RatingsSwitch(ws, "readiness_rerating", iso(self.review.value)) if team \
            else None
        fields: dict[str, ipw.Widget] = {"review": self.review}
        if not team:
            fields["member"] = member_picker(ws)
        fields |= {"component": self.component,
                   "rating": choice("Team's rating now" if team else "Your rating", RATINGS),
                   "note": text("Why", "What makes you rate it so now?", long=True)}
        intro = ("The members' ratings of a part of readiness for this review show below it "
                 "once picked; the team then agrees one rating." if team else
                 "How ready is the team now, in your view? The team's rating comes later.")
        super().__init__(ws, fields, author=member_picker(ws, RECORDER) if team else None,
                         after={"component": ipw.VBox([self.members_say, self.switch])
                                if self.switch is not None else self.members_say}, intro=intro)
        _watch([w for name, w in fields.items() if name in ("review", "member",
                                                                "component")], self._show)
        ws.on_change(lambda kind: self.team and kind == "readiness_rerating" and self._show())
        if team:
            follow_the_gate(ws, "readiness_rerating", self._said)

    def _said(self) -> None:
        """What members said of the picked part for this review (the team's form), or how
        many have rated for it while that is held back. Only this HTML changes."""
        part, review = self.component.value, iso(self.review.value)
        if part is None:
            return
        waiting = held_back(self.ws, "readiness_rerating", review)
        said = [r for r in self.ws.list("readiness_rerating")
                if r["component"] == part and r["review"] == review]
        self.members_say.value = waiting if waiting is not None else table(
            ("Member", "Rating", "Note"), [(r["member"], r["rating"], r["note"])
                                           for r in said],
            caption=f"How members rated it for {review}") if said else (
            f"<p>No member has rated it for the review of {review} yet.</p>")

    def _show(self) -> None:
        part, review = self.component.value, iso(self.review.value)
        if self.switch is not None:
            self.switch.review = review
            self.switch.refresh()
        if part is None:
            return
        if self.team:
            self._said()
            self.show(self.ws.get(self.kind, f"{review}|{part}"), ("rating", "note"))
        elif self.fields["member"].value:
            self.show(self.ws.get(self.kind, f"{review}|{self.fields['member'].value}|{part}"),
                      ("rating", "note"))

    def saved_message(self, saved: dict) -> str:
        who = "the team" if self.team else saved["member"]
        return (f"Saved: for the review of {saved['review']}, {who} rated "
                f"{saved['component']} {saved['rating']} of 5.")


def _moved(change: Change) -> str:
    if change.moved is None:
        return "not rated again yet"
    return "no change" if change.moved == 0 else f"{change.moved:+g}"


def _change_html(changes: list[Change], scale: str, what: str, caption: str,
                 empty: str) -> str:
    if not changes:
        return f"<p>{empty}</p>"
    rows = [(c.name, f"{c.first:+g}" if scale == "context" else f"{c.first:g}",
             "" if c.latest is None else
             (f"{c.latest:+g}" if scale == "context" else f"{c.latest:g}"),
             _moved(c), c.when) for c in changes]
    return change_chart(changes, scale).html() + table(
        (what, "First", "Latest", "Moved", "When (review)"), rows,
        caption=caption)


class ChangeView(RecordView):
    """How each agreed context factor and each part of readiness moved since the team first
    rated it: a chart and a table each."""

    kinds = ("agreed_factor", "agreed_rerating", "readiness", "readiness_agreed")

    def render(self) -> str:
        return (
            "<h4>Context factors</h4><p>From -3 (a strong barrier) to +3 (a strong "
            "facilitator): the team's view in Module 2, and its latest view at a review.</p>"
            + _change_html(context_change(self.ws), "context", "Context factor",
                           "How each agreed context factor moved since Module 2",
                           "No agreed context factors yet (Module 2).")
            + "<h4>Readiness</h4><p>From 1 (very low) to 5 (very high): the middle of the "
            "members' ratings in Module 5 (the median), and the team's latest rating at a "
            "review.</p>"
            + _change_html(readiness_change(self.ws), "readiness", "Part of readiness",
                           "How each part of readiness moved since Module 5",
                           "No readiness ratings yet (Module 5)."))


# The logic model

class LogicModelView(RecordView):
    """The plan as it runs now, on one page: an Implementation Research Logic Model (Smith,
    Li and Rafferty 2020), from the barriers through the strategies and how they should work
    to the outcomes; the same links as a table, and the picture to save."""

    kinds = ("strategy", "specification", "adaptation", "outcome_measure")

    def render(self) -> str:
        model = logic_model(self.ws)
        if model.empty:
            return "<p>No strategies in the plan yet (Module 3).</p>"
        chart = logic_model_chart(model)  # drawn once: shown, and offered as a file
        return (chart.html()
                + table(COLUMNS, model.rows(),
                        caption=f"The logic model of {self.ws.name}, one row per strategy")
                + "<p>" + download_link("logic-model.svg", chart.svg or "", "image/svg+xml",
                                        "Save the logic model as a picture (logic-model.svg)")
                + "</p>")
