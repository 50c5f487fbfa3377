"""The cohort app: every team at a glance, for a facilitator or a funder's network. Read-only.

It shows where each team is with each module, the context factors that recur across teams'
initiatives, the strategies teams chose, the teams that have stalled, whether teams log
between-session meetings beside their pace, and what each team has kept up since the course
(its steps, reviews and measures) with the teams that have fallen silent; each table can be
taken away as a CSV file. It reads the store through :class:`~widgets.store.CohortView`, which
cannot change anything.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from html import escape

import ipywidgets as ipw

from ..analysis.strategies import strategy_label
from ..display.charts import bars, diverging_bars
from ..display.html import download_link, status, table
from ..outline import NUMBERS
from ..store import COHORT_ENV, CohortView, Store, as_time, current
from ..store.cohort import COURSE_MODULES, RECENT_DAYS, SILENT_AFTER
from .common import KEYBOARD_HELP, WIDE, AppBox, heading, open_store, plural

__all__ = ["STALLED_OPTIONS", "CohortApp"]

STALLED_OPTIONS = (7, 14, 21, 28, 42, 56)  # days without a change
CHART_FACTORS = 15  # the chart shows the most named factors; the table shows them all
_STATUS_WORDS = {"done": "done", "in progress": "started", "not started": "not yet"}


def _when(iso: str) -> str:
    return iso[:10]


def _days_since(iso: str, now: datetime) -> int | str:
    moment = as_time(iso)
    return (now - moment).days if moment else "unknown"


def _pace(days: float | None) -> str:
    return "no module done yet" if days is None else f"{days:.0f} days"


def _default_cohort(store: Store) -> str | None:
    """The cohort the page opens on: the one ``COURSE_COHORT`` names, or the one under way."""
    cohorts = store.cohorts()
    wanted = os.environ.get(COHORT_ENV)
    if wanted in {c.name for c in cohorts}:
        return wanted
    return current((c.name, c.start) for c in cohorts)


class CohortApp(AppBox):
    """Read-only tables and charts of every team in the store, with CSV downloads."""

    def __init__(self, store: Store | None = None) -> None:
        intro = ipw.HTML(
            "<h1>Cohort overview</h1>"
            "<p>Every team of a cohort at a glance: where each team is, the context factors "
            "that come up again and again, the strategies teams chose, teams that may be "
            "stuck, how often teams meet between sessions, and what teams keep up once the "
            "course has ended. This page only reads: nothing here changes any team's work.</p>"
            + KEYBOARD_HELP)
        self.store, problem = open_store(store)
        if self.store is None:
            super().__init__([intro, ipw.HTML(problem)])
            return
        self.cohort = ipw.Dropdown(description="Cohort", style=WIDE,
                                   layout=ipw.Layout(width="28em"),
                                   options=self.cohort_options(),
                                   value=_default_cohort(self.store))
        self.view = CohortView(self.store, self.cohort.value)
        self.teams: list[dict] = []
        self.stalled_days = ipw.Dropdown(
            description="Stalled after", style=WIDE, value=14, layout=ipw.Layout(width="28em"),
            options=[(f"{d} days without a change", d) for d in STALLED_OPTIONS])
        self.reload = ipw.Button(description="Read the latest", button_style="primary",
                                 tooltip="Read every team's entries again",
                                 layout=ipw.Layout(width="auto"))
        self.message = ipw.HTML()
        self.sections = {name: ipw.HTML() for name in
                         ("progress", "factors", "strategies", "stalled", "meetings",
                          "follow_through", "downloads")}
        self.stalled_days.observe(lambda _c: self.show_stalled(), "value")
        self.cohort.observe(lambda _c: self.show_cohort(), "value")
        self.reload.on_click(lambda _b: self.refresh())
        super().__init__([
            intro,
            ipw.HBox([self.cohort, self.stalled_days, self.reload],
                     layout=ipw.Layout(flex_flow="row wrap")), self.message,
            heading("Where each team is"), self.sections["progress"],
            heading("Context factors that recur across teams"), self.sections["factors"],
            heading("Strategies teams chose"), self.sections["strategies"],
            heading("Teams that may have stalled"), self.sections["stalled"],
            heading("Between-session meetings and pace"), self.sections["meetings"],
            heading("After the course: is the plan kept alive?"),
            self.sections["follow_through"],
            heading("Take the tables away"), self.sections["downloads"],
        ], max_width="75em")
        self.refresh()

    def cohort_options(self) -> list[tuple[str, str | None]]:
        """Each cohort, the newest first, then all of them together."""
        return [*((f"{c.name} (from {c.start})", c.name) for c in self.store.cohorts()),
                ("Every cohort together", None)]

    def show_cohort(self) -> None:
        """Show the teams of the cohort just picked."""
        self.view = CohortView(self.store, self.cohort.value)
        self.refresh()

    def refresh(self) -> None:
        """Read every team again (and the cohorts, one made since included) and redraw every
        section."""
        try:
            options = self.cohort_options()
            if options != list(self.cohort.options):
                chosen = self.cohort.value
                with self.cohort.hold_trait_notifications():
                    self.cohort.options = options
                    self.cohort.value = chosen if chosen in dict(options).values() else None
            self.teams = self.view.teams()
            self.sections["progress"].value = self.progress_html()
            self.sections["factors"].value = self.factors_html()
            self.sections["strategies"].value = self.strategies_html()
            self.sections["meetings"].value = self.meetings_html()
            self.sections["follow_through"].value = self.follow_through_html()
            self.sections["downloads"].value = self.downloads_html()
            self.show_stalled()
        except Exception as exc:  # a database failure: say so rather than show stale figures
            self.message.value = status(f"Could not read the teams: {exc}", False)
            return
        now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        self.message.value = status(f"Read {plural(len(self.teams), 'team')} at {now}.", True)

    def progress_html(self) -> str:
        """Each team's progress, module by module: a chart and a table."""
        if not self.teams:
            return "<p>No teams yet.</p>"
        done = [len(s["modules_done"]) for s in self.teams]
        chart = bars([s["team"] for s in self.teams], done, f"Modules done (of {len(NUMBERS)})",
                     f"Bar chart of modules done by each of {len(self.teams)} teams. The table "
                     "below holds the same figures.", limit=len(NUMBERS))
        rows = [(s["team"], s["members"], *(_STATUS_WORDS[s["progress"].get(m, "not started")]
                                            for m in NUMBERS),
                 len(s["modules_done"]), _when(s["last_activity"])) for s in self.teams]
        finished = sum(bool(s["course_done"]) for s in self.teams)
        return (f"<p>{plural(len(self.teams), 'team')}; {finished} finished the course "
                f"(Modules {COURSE_MODULES[0]} to {COURSE_MODULES[-1]}).</p>"
                + chart.html()
                + table(("Team", "Members", *(f"Module {m}" for m in NUMBERS),
                         "Modules done", "Last change"), rows,
                        caption="Each team's progress, module by module"))

    def factors_html(self) -> str:
        """The context factors teams name, the most common first."""
        factors = self.view.recurring_factors()
        if not factors:
            return "<p>No team has rated a context factor yet.</p>"
        shown = factors[:CHART_FACTORS]
        chart = diverging_bars(
            [name for _, name, _, _ in shown], [len(b) for _, _, b, _ in shown],
            [len(f) for _, _, _, f in shown], "Number of teams (barrier left, facilitator right)",
            f"Bar chart of the {len(shown)} context factors named by the most teams: teams "
            "naming each a barrier to the left, a facilitator to the right. The table below "
            "holds every factor.")
        rows = [(name, len(b), len(f), "; ".join(b), "; ".join(f))
                for _, name, b, f in factors]
        return chart.html() + table(
            ("Context factor", "Teams: barrier", "Teams: facilitator", "A barrier for",
             "A facilitator for"), rows,
            caption="Context factors (CFIR 2.0) named by teams, the most common first")

    def strategies_html(self) -> str:
        """The strategies teams chose, the most common first."""
        chosen = self.view.strategy_teams()
        if not chosen:
            return "<p>No team has chosen a strategy yet.</p>"
        return table(("Strategy", "Cluster", "Teams", "Chosen by"),
                     [(strategy_label(sid), cluster, len(names), "; ".join(names))
                      for sid, _name, cluster, names in chosen],
                     caption="ERIC strategies teams chose, the most common first")

    def show_stalled(self) -> None:
        """Teams with no change for the chosen number of days (and not finished)."""
        days = self.stalled_days.value
        cutoff = datetime.now(timezone.utc) - timedelta(days=days)
        stuck = self.view.stalled(since=cutoff)
        now = datetime.now(timezone.utc)
        if not stuck:
            self.sections["stalled"].value = (f"<p>No team has gone {days} days without a "
                                              "change.</p>")
            return
        rows = [(s["team"], _when(s["last_activity"]),
                 _days_since(s["last_activity"], now),
                 len(s["modules_done"]), s["meetings"]) for s in stuck]
        self.sections["stalled"].value = (
            f"<p>{len(stuck)} of {plural(len(self.teams), 'team')}: no change for {days} days "
            "or more, and not finished the course. A call from the facilitator may help.</p>"
            + table(("Team", "Last change", "Days since", "Modules done", "Meetings logged"),
                    rows, caption=f"Teams with no change for {days} days or more"))

    def meetings_html(self) -> str:
        """Teams that log between-session meetings beside those that do not."""
        if not self.teams:
            return "<p>No teams yet.</p>"
        groups = self.view.meeting_pace()
        summary = "".join(
            f"<li>{escape(g['group'])}: {plural(g['teams'], 'team')}; "
            + (f"median {g['median_days_per_module']:.0f} days per module done "
               f"({plural(g['with_pace'], 'team')} with a module done)"
               if g["median_days_per_module"] is not None else "no module done yet")
            + ".</li>" for g in groups)
        rows = [(s["team"], s["meetings"], s["last_meeting"] or "none",
                 len(s["modules_done"]), _pace(s["days_per_module"]))
                for s in sorted(self.teams, key=lambda s: -s["meetings"])]
        return (f"<ul>{summary}</ul><p>Days per module: the days from a team's first entry to "
                "the last module it marked done, divided by the modules done. This compares "
                "teams; it does not show that meeting is the cause.</p>"
                + table(("Team", "Meetings logged", "Last meeting", "Modules done",
                         "Days per module done"), rows,
                        caption="Between-session meetings beside each team's pace"))

    def follow_through_html(self) -> str:
        """What each team has kept up of its plan since the course (Module 8), and the teams
        that finished the course and have recorded nothing for a while, first."""
        if not self.teams:
            return "<p>No teams yet.</p>"
        today = date.today()
        silent = {s["team"]: s["quiet_since"] for s in self.view.fallen_silent(on=today)}

        def silence(s: dict) -> str:
            if s["team"] in silent:
                days = (today - date.fromisoformat(silent[s["team"]])).days
                return f"Fallen silent: nothing recorded for {days} days"
            return "Keeping it up" if s["course_done"] else "Still in the course"

        rows = [(s["team"], s["steps"]["done"], s["steps"]["late"], s["steps"]["blocked"],
                 s["last_review"] or "none", f"{len(s['recent_measures'])} of "
                 f"{len(s['measures'])}", s["last_follow_through"] or "none", silence(s))
                for s in sorted(self.teams, key=lambda s: (s["team"] not in silent,
                                                           s["team"]))]
        finished = sum(bool(s["course_done"]) for s in self.teams)
        named = ": " + ", ".join(escape(name) for name in silent) if silent else ""
        summary = (f"Of the {plural(finished, 'team')} that finished the course, {len(silent)} "
                   f"{'has' if len(silent) == 1 else 'have'} fallen silent{named}."
                   if finished else "No team has finished the course yet.")
        return (
            f"<p>{summary} A team has <strong>fallen silent</strong> when it finished the "
            "course and has recorded nothing of its plan (a review, a step's status, a "
            f"measure's value or an adaptation) for more than {SILENT_AFTER} days, since then or "
            "since its last entry. A step is late when it is still to do (not started or under "
            "way) and its due date has passed. A measure is kept up when it has a value from "
            f"the last {RECENT_DAYS} days.</p>"
            + table(("Team", "Steps done", "Steps late", "Steps blocked", "Last review",
                     f"Measures with a value in the last {RECENT_DAYS} days",
                     "Last follow-through", f"Silent for more than {SILENT_AFTER} days?"), rows,
                    caption="What each team keeps up after the course, fallen-silent teams "
                            "first"))

    def downloads_html(self) -> str:
        """A download link for each table, as a CSV file."""
        labels = {"cohort-teams.csv": "Teams: progress, meetings, pace and follow-through",
                  "cohort-context-factors.csv": "Context factors across teams",
                  "cohort-strategies.csv": "Strategies across teams"}
        links = "".join(
            f"<li>{download_link(name, text, 'text/csv', f'{labels[name]} ({name})')}</li>"
            for name, text in self.view.csv_files().items())
        return ("<p>Each table as a CSV file, for a spreadsheet. The files are made from the "
                f"figures on this page.</p><ul>{links}</ul>")
