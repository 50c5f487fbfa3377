"""The team workspace app: every module's exercises as forms and charts, with no code.

For participants who never open a notebook. A visitor picks their team and says who they are
once; every form then knows their name. The forms and views are the same classes the module
notebooks show, saving to the same team store, so what a member enters here is in the
notebooks, and the other way round. Each module page is built when it is opened, from what
is in the store at that moment, so a teammate's entries appear the next time anyone looks.
"""

from __future__ import annotations

import importlib
import logging
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as ipw

from ..analysis.progress import module_statuses
from ..analysis.review import logic_model
from ..analysis.team import roster_names
from ..display.figures import logic_model_svg
from ..display.html import download_link, status
from ..forms import (
    ActionPlanForm,
    ActionTimeline,
    AdaptationForm,
    AdaptationLog,
    AgreedFactorForm,
    AgreedMap,
    AgreementsForm,
    CausalPathway,
    ChangeView,
    ConsultationLog,
    ContextFactorForm,
    ContextMap,
    ContextRecheckForm,
    CoverageView,
    DisagreementView,
    ExampleConsentForm,
    GlossaryCompare,
    GlossaryDifferences,
    GlossaryForm,
    InitiativeForm,
    LeaderBriefing,
    LeaderPlanForm,
    LogicModelView,
    MeasureValueForm,
    MeetingLog,
    MemberSustainabilityForm,
    ModuleProgress,
    OutcomeCheck,
    OutcomeMeasureForm,
    PlanSteps,
    PriorityForm,
    PriorityView,
    PulseForm,
    PulseView,
    ReadinessForm,
    ReadinessRecheckForm,
    ReadinessView,
    RecordForm,
    ReflectionForm,
    ReviewAgenda,
    ReviewForm,
    ReviewHistory,
    RoleMatrix,
    RoleMatrixForm,
    RosterForm,
    RunCharts,
    SharingForm,
    SpecificationCheck,
    SpecificationForm,
    SpreadingForm,
    SpreadingView,
    StepStatusForm,
    StrategySelector,
    SustainabilityDisagreements,
    SustainabilityForm,
    SustainabilityView,
    TeamsLikeYours,
    TeamView,
    WhoIsHere,
    widget_tree,
)
from ..outline import Module, module
from ..report import leader_briefing_html, plan_html, write_plan_docx
from ..store import Field, Store, StoreError, TeamWorkspace
from .common import (
    KEYBOARD_HELP,
    WIDE,
    AppBox,
    TeamChooser,
    close_tree,
    heading,
    open_store,
)

__all__ = ["PAGES", "Exercise", "ModulePage", "PlanDownloads", "WorkspaceApp", "load_charts"]

_log = logging.getLogger(__name__)
_VISITOR = Field("member", "Your name")  # the same checks as every "Your name" box
PAGE_CLASS = "it-module-page"  # marks the open module's page in the browser
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Exercise:
    """One exercise of a module: a heading, a line of help, and its forms and views. The help
    says only what the forms' own introductions do not (empty: nothing to add)."""

    title: str
    help: str
    parts: Callable[[TeamWorkspace], Sequence[ipw.Widget]]


@dataclass(frozen=True)
class ModulePage:
    """A module as the app shows it: the module (from the course outline), an introduction
    and its exercises. Every module also gets the meeting log, the peer consultation log and
    progress. ``charts``: its views draw charts."""

    module: Module
    intro: str
    exercises: tuple[Exercise, ...]
    charts: bool = False


class PlanDownloads(ipw.VBox):
    """The team's plan files, made on request and handed to the visitor's browser.

    In the notebook, ``PlanExport`` writes files into a folder; an app visitor cannot reach
    the server's folders (and must not be able to write to them), so here the files are
    downloads instead.
    """

    def __init__(self, ws: TeamWorkspace) -> None:
        self.ws = ws
        self.make = ipw.Button(description="Prepare the plan files", button_style="primary",
                               layout=ipw.Layout(width="auto"),
                               tooltip="Make the plan from everything the team has entered")
        self.links = ipw.HTML()
        self.make.on_click(lambda _b: self.prepare())
        super().__init__([
            ipw.HTML("<p>This makes four files from everything your team has entered: the "
                     "plan as a web page you can print, the same plan as a Word document, a "
                     "one-page briefing for leaders, and the logic model as a picture. It "
                     "takes a few seconds.</p>"),
            self.make, self.links])

    def prepare(self) -> bool:
        """Build the files and show a download link for each."""
        try:
            with tempfile.TemporaryDirectory() as tmp:
                docx = write_plan_docx(self.ws, Path(tmp) / "plan.docx").read_bytes()
            links = [
                download_link("implementation-plan.html", plan_html(self.ws), "text/html",
                              "The plan as a web page (implementation-plan.html)"),
                download_link("implementation-plan.docx", docx, DOCX,
                              "The plan as a Word document (implementation-plan.docx)"),
                download_link("leader-briefing.html", leader_briefing_html(self.ws),
                              "text/html", "The briefing for leaders (leader-briefing.html)"),
                download_link("logic-model.svg", logic_model_svg(logic_model(self.ws)),
                              "image/svg+xml", "The logic model as a picture (logic-model.svg)"),
            ]
        except (StoreError, OSError) as exc:
            self.links.value = status(f"Could not make the plan files: {exc}", False)
            return False
        items = "".join(f"<li>{link}</li>" for link in links)
        self.links.value = (status("The plan files are ready. Use a link to save a file.", True)
                            + f"<ul>{items}</ul>")
        return True


def _between_sessions(number: int) -> Exercise:
    return Exercise("Between sessions: log your meeting",
                    "After you meet: who came, what you talked about, what you decided.",
                    lambda ws: [MeetingLog(ws, module=number)])


def _peer_consultation(number: int) -> Exercise:
    return Exercise("Peer consultation",
                    "In a working group of several teams, one team presents its work through "
                    "this module's lens, and the others ask questions and give advice.",
                    lambda ws: [ConsultationLog(ws, module=number)])


def _progress(number: int) -> Exercise:
    return Exercise(
        "Where the team is with this module",
        "Mark the module as in progress or done. Your facilitator sees this.",
        lambda ws: [ModuleProgress(ws, module=number)])


def _pulse(number: int, view: bool = False) -> Exercise:
    """The pulse on trust and role clarity (Modules 0, 4 and 7), with the team's spread and
    its change over the course at the last."""
    return Exercise(
        "Pulse: trust and who does what",
        "Trust, and knowing who does what, matter as much as the plan. Each member answers a "
        "few statements alone.",
        lambda ws: [PulseForm(ws, module=number), *([PulseView(ws)] if view else [])])


def _page(word: str, intro: str, *exercises: Exercise, charts: bool = False) -> ModulePage:
    return ModulePage(module(word), intro, exercises, charts)


PAGES: tuple[ModulePage, ...] = (
    _page("team",
          "Who is on the team, the views each person brings, and how you will work together.",
          Exercise("Who is on the team",
                   "The view below the form shows which perspectives the team still lacks.",
                   lambda ws: [RosterForm(ws), TeamView(ws)]),
          Exercise("How you work together", "", lambda ws: [AgreementsForm(ws)]),
          _pulse(0)),
    _page("language",
          "People use the same word for different things. Each member first writes what the "
          "core terms mean to them; then the team agrees a definition.",
          Exercise("What each term means to you", "", lambda ws: [GlossaryForm(ws)]),
          Exercise("Where your understanding differs",
                   "Terms the team worded most differently come first: talk about those.",
                   lambda ws: [GlossaryDifferences(ws)]),
          Exercise("The team's definitions", "", lambda ws: [GlossaryCompare(ws)])),
    _page("context",
          "Describe what your team is putting in place, then rate what in your setting makes "
          "it easier (facilitators) or harder (barriers), and choose the barriers to work on.",
          Exercise("Your initiative", "What it is, where, for whom, and what it should change.",
                   lambda ws: [InitiativeForm(ws)]),
          Exercise("Rate the context factors",
                   "Rate on your own first. Rating the same factor again changes your rating.",
                   lambda ws: [ContextFactorForm(ws), ContextMap(ws)]),
          Exercise("Where members see things differently",
                   "Factors that members rated differently: the conversations to have.",
                   lambda ws: [DisagreementView(ws)]),
          Exercise("The team's agreed view", "After the team has talked it through.",
                   lambda ws: [AgreedFactorForm(ws), AgreedMap(ws)]),
          Exercise("Priority barriers",
                   "Rate how important and how changeable each barrier is.",
                   lambda ws: [PriorityForm(ws), PriorityView(ws)]), charts=True),
    _page("strategies",
          "For each priority barrier, choose implementation strategies (from the ERIC list) "
          "and say why each should work.",
          Exercise("Choose strategies for each priority barrier",
                   "The suggestions are the course's own ideas, not a published list.",
                   lambda ws: [StrategySelector(ws)]),
          Exercise("Does every priority barrier have a strategy?", "",
                   lambda ws: [CoverageView(ws)])),
    _page("action",
          "Say exactly who does what, when and how often, so that anyone could carry each "
          "strategy out; then plan the first steps.",
          Exercise("Specify each strategy",
                   "Answers that are still vague are flagged after you save.",
                   lambda ws: [SpecificationForm(ws), SpecificationCheck(ws)]),
          Exercise("How each strategy should work",
                   "From strategy, through how it works, to the barrier and the outcome.",
                   lambda ws: [CausalPathway(ws)]),
          Exercise("First steps", "", lambda ws: [ActionPlanForm(ws), ActionTimeline(ws)]),
          _pulse(4), charts=True),
    _page("roles",
          "Who is responsible for what, how ready the team is, and what you need from "
          "leaders.",
          Exercise("Who does what",
                   "For each strategy or task: who does it, who owns the result, who is "
                   "asked and who is told.",
                   lambda ws: [RoleMatrixForm(ws), RoleMatrix(ws)]),
          Exercise("How ready is the team?", "",
                   lambda ws: [ReadinessForm(ws), ReadinessView(ws)]),
          Exercise("Involving leaders",
                   "What you need from leaders, and the one-page briefing made from it.",
                   lambda ws: [LeaderPlanForm(ws), LeaderBriefing(ws)]), charts=True),
    _page("outcomes",
          "For every strategy: what you will measure, where the data come from, who collects "
          "them and when.",
          Exercise("How you will know",
                   "Every chosen strategy needs at least one outcome measure.",
                   lambda ws: [OutcomeMeasureForm(ws), OutcomeCheck(ws)])),
    _page("sustain",
          "How the work will last, where it could go next, what you learned together, and "
          "the team's whole plan.",
          Exercise("Will it last? Rate on your own", "",
                   lambda ws: [MemberSustainabilityForm(ws)]),
          Exercise("Where members see it differently",
                   "Domains rated 3 or more points apart: talk about those first.",
                   lambda ws: [SustainabilityDisagreements(ws)]),
          Exercise("Sustaining the work: the team's rating",
                   "After the team has talked it through. A domain rated 3 or lower needs an "
                   "action.",
                   lambda ws: [SustainabilityForm(ws), SustainabilityView(ws)]),
          Exercise("Spreading it to a new place",
                   "Where it could go next, what must travel with it, and who decides.",
                   lambda ws: [SpreadingForm(ws), SpreadingView(ws)]),
          _pulse(7, view=True),
          Exercise("Your reflection", "How did the team learn together? Think of speaking "
                   "up, and of roles, too.",
                   lambda ws: [ReflectionForm(ws, module=7)]),
          Exercise("The team's plan", "", lambda ws: [PlanDownloads(ws)]),
          Exercise("Your plan as an example for later teams (optional)", "",
                   lambda ws: [ExampleConsentForm(ws)]), charts=True),
    _page("review",
          "After the course, the plan has to keep going. At each review meeting, look at where "
          "the plan stands, change what needs changing, and record what you decided.",
          Exercise("The agenda of your next review",
                   "Everything since your last review that the team should talk about.",
                   lambda ws: [ReviewAgenda(ws)]),
          Exercise("Where each step stands", "",
                   lambda ws: [PlanSteps(ws), StepStatusForm(ws)]),
          Exercise("Your measures over time",
                   "Each measure's values over time as a run chart: the middle of its "
                   "values (the median) as a dashed line, and its goal.",
                   lambda ws: [MeasureValueForm(ws), RunCharts(ws)]),
          Exercise("Changes to your strategies", "",
                   lambda ws: [AdaptationForm(ws), AdaptationLog(ws)]),
          Exercise("Rate the context and readiness again",
                   "The first two forms are for each member; the two after them record the "
                   "team's view once everyone has rated.",
                   lambda ws: [ContextRecheckForm(ws), ReadinessRecheckForm(ws),
                               ContextRecheckForm(ws, team=True),
                               ReadinessRecheckForm(ws, team=True), ChangeView(ws)]),
          Exercise("The logic model",
                   "The plan as it runs now on one page: from the barriers, through the "
                   "strategies and how they should work, to the outcomes.",
                   lambda ws: [LogicModelView(ws)]),
          Exercise("Log the review", "", lambda ws: [ReviewForm(ws), ReviewHistory(ws)]),
          charts=True),
)


def build_page(spec: ModulePage, ws: TeamWorkspace) -> ipw.VBox:
    """A module's page: its heading and introduction, then each exercise."""
    number = spec.module.number
    children: list[ipw.Widget] = [heading(f"Module {number}: {spec.module.title}"),
                                  ipw.HTML(f"<p>{spec.intro}</p>")]
    for exercise in (*spec.exercises, _between_sessions(number), _peer_consultation(number),
                     _progress(number)):
        children.append(heading(exercise.title, 3))
        if exercise.help:
            children.append(ipw.HTML(f"<p>{exercise.help}</p>"))
        children.extend(exercise.parts(ws))
    page = ipw.VBox(children)
    page.add_class(PAGE_CLASS)
    return page


def _cohort_page(ws: TeamWorkspace) -> ipw.VBox:
    """The team and its cohort: what it shares with the other teams, and their shared work,
    the teams most like it first."""
    page = ipw.VBox([
        heading(f"Your team and its cohort{': ' + ws.cohort if ws.cohort else ''}"),
        heading("What your team shares", 3), SharingForm(ws),
        heading("Teams like yours", 3),
        ipw.HTML("<p>The work other teams of your cohort chose to share, the teams that face "
                 "your barriers or chose your strategies first.</p>"),
        TeamsLikeYours(ws)])
    page.add_class(PAGE_CLASS)
    return page


def load_charts() -> None:
    """Load the chart library as a page that draws charts opens. A save is confirmed once
    every view on its page has redrawn, so the first chart a kernel draws would otherwise
    hold the first save's confirmation back while matplotlib loads (about 1.5 s); the first
    page, and every page without charts, never load it."""
    for name in ("matplotlib.figure", "matplotlib.backends.backend_agg"):
        importlib.import_module(name)


def forms_in(root: ipw.Widget) -> list[RecordForm]:
    """Every form on a page, including forms inside other widgets."""
    return [w for w in widget_tree(root) if isinstance(w, RecordForm)]


class WorkspaceApp(AppBox):
    """The whole workspace app: choose the team, say who you are, then work module by module."""

    def __init__(self, store: Store | None = None,
                 query: Mapping[str, str] | None = None) -> None:
        """``query`` is the visitor's URL query: ``?team=NAME`` opens that team at once."""
        self.ws: TeamWorkspace | None = None
        self.visitor: str | None = None  # the name the visitor confirmed
        self.page: ipw.VBox | None = None
        self.page_ws: TeamWorkspace | None = None  # the open page's own workspace
        self.current: int | None = None
        intro = ipw.HTML(
            "<h1>Your team's workspace</h1>"
            "<p>Work through the course with your team: every exercise of every module, as "
            "forms and charts. What you save goes straight to your team's workspace, and "
            "appears on your teammates' screens within moments, without anyone pressing a "
            "button. A line at the top of each module says which teammates have it open.</p>"
            + KEYBOARD_HELP)
        self.store, problem = open_store(store)
        if self.store is None:
            super().__init__([intro, ipw.HTML(problem)])
            return
        self.chooser = TeamChooser(self.store, self.team_opened)
        self.name = ipw.Combobox(description="Your name", placeholder="Type or pick your name",
                                 ensure_option=False, style=WIDE, continuous_update=False,
                                 layout=ipw.Layout(width="32em"))
        self.confirm = ipw.Button(description="Continue", button_style="primary",
                                  tooltip="Use this name in every form",
                                  layout=ipw.Layout(width="auto"))
        self.confirm.on_click(lambda _b: self.name_chosen())
        self.name_message = ipw.HTML()
        self.name_area = ipw.VBox(layout=ipw.Layout(display="none"))
        self.name_area.children = [
            heading("2. Say who you are"),
            ipw.HTML("<p>Pick your name from the team's list, or type it, and press "
                     "<b>Continue</b>. Every form then fills in your name for you.</p>"),
            ipw.HBox([self.name, self.confirm]), self.name_message]
        self.progress = ipw.HTML()
        self.buttons = [ipw.Button(layout=ipw.Layout(width="auto"),
                                   tooltip=f"Open module {p.module.number}: {p.module.title}")
                        for p in PAGES]
        for spec, button in zip(PAGES, self.buttons, strict=True):
            button.on_click(lambda _b, n=spec.module.number: self.show_module(n))
        self.cohort_button = ipw.Button(
            description="Your cohort: share your work, see teams like yours",
            tooltip="What your team shares with the other teams of its cohort, and theirs",
            layout=ipw.Layout(width="auto"))
        self.cohort_button.on_click(lambda _b: self.show_cohort())
        self.page_message = ipw.HTML()
        self.page_area = ipw.VBox()
        self.modules_area = ipw.VBox(layout=ipw.Layout(display="none"))
        self.modules_area.children = [
            heading("3. Work on a module"), self.progress,
            ipw.HBox([*self.buttons, self.cohort_button],
                     layout=ipw.Layout(flex_flow="row wrap")),
            self.page_message, self.page_area]
        super().__init__([intro, heading("1. Choose your team"), self.chooser, self.name_area,
                          self.modules_area])
        teams = self.chooser.refresh()
        if query and query.get("team"):
            self.chooser.open_existing(query["team"])
        elif self.store.me is not None and len(teams) == 1:
            self.chooser.open_existing(teams[0])  # on a hub, a person with one team

    def team_opened(self, ws: TeamWorkspace) -> None:
        """Ask who the visitor is, offering the team's roster; on a hub the course knows."""
        self.ws, self.visitor = ws, None
        self.name.options = sorted((m["name"] for m in ws.members()), key=str.casefold)
        self.name_message.value = ""
        self.name_area.layout.display = "flex"
        self.modules_area.layout.display = "none"
        self._close_page()
        if ws.me is not None:
            self.name.value, self.name.disabled = ws.me.display_name, True
            self.confirm.layout.display = "none"
            self.name_chosen()
            return
        self.name.focus()

    def name_chosen(self) -> str | None:
        """Check the visitor's name, put it in every form, and show the modules."""
        if self.ws is None:
            return None
        name, problem = _VISITOR.clean(self.name.value.strip())
        if problem:
            message = problem.replace("“Your name”", "your name")
            self.name_message.value = status(message[0].upper() + message[1:], False)
            return None
        self.name.value = self.visitor = name
        self.welcome()
        self.modules_area.layout.display = "flex"
        if self.page is not None:
            if self.page_ws is not None:
                self.page_ws.viewer = name
            for form in forms_in(self.page):
                form.fill_in_visitor(name)
        else:
            statuses = self.refresh_progress()
            self.show_module(next((n for n, s in statuses.items() if s != "done"), 0))
        return name

    def welcome(self) -> None:
        """Welcome the visitor, saying whether they are on the team's roster. Said again each
        time the roster changes in the app, so the notice follows the roster."""
        if self.ws is None or self.visitor is None:
            return
        name = self.visitor
        self.name_message.value = status(
            f"Welcome, {name}. Your name is filled in for you in every form."
            if name in roster_names(self.ws)
            else f"Welcome, {name}. You are not on {self.ws.name}'s roster yet: add yourself "
                 "in Module 0, under “Who is on the team”.", True)

    def changed(self, kind: str) -> None:
        """Follow a save on the open page, or a teammate's: progress on the buttons, the
        roster in the name box and the welcome."""
        if kind == "progress":
            self.refresh_progress()
        elif kind == "member" and self.ws is not None:
            self.name.options = sorted((m["name"] for m in self.ws.members()),
                                       key=str.casefold)
            self.welcome()

    def refresh_progress(self) -> dict[int, str]:
        """Show where the team is with each module, on the buttons and in a sentence."""
        assert self.ws is not None
        statuses = module_statuses(self.ws)
        for spec, button in zip(PAGES, self.buttons, strict=True):
            m = spec.module
            is_open = m.number == self.current
            button.description = (f"{m.number}. {m.button}: "
                                  f"{statuses[m.number]}{' (open now)' if is_open else ''}")
            button.style.font_weight = "bold" if is_open else ""
        done = sum(s == "done" for s in statuses.values())
        going = sum(s == "in progress" for s in statuses.values())
        self.progress.value = (f"<p><b>Progress:</b> {done} of "
                               f"{len(PAGES)} modules done, {going} in progress. Press a "
                               "module to open it.</p>")
        return statuses

    def show_module(self, number: int) -> ipw.VBox | None:
        """Open a module: build its page from what is in the store now."""
        spec = next(p for p in PAGES if p.module.number == number)

        def build(ws: TeamWorkspace) -> ipw.VBox:
            if spec.charts:
                load_charts()
            page = build_page(spec, ws)
            page.children = [WhoIsHere(ws, number, ask_name=False), *page.children]
            return page

        return self._open(build, number, f"module {number}: {spec.module.title}")

    def show_cohort(self) -> ipw.VBox | None:
        """Open the cohort page: what the team shares, and teams like yours."""
        return self._open(_cohort_page, None, "your team and its cohort")

    def _open(self, build: Callable[[TeamWorkspace], ipw.VBox], number: int | None,
              what: str) -> ipw.VBox | None:
        """Build a page from what is in the store now, and show it in place of the last."""
        if self.ws is None:
            return None
        self._close_page()
        try:
            ws = self.store.team(self.ws.name)  # a fresh workspace: no listeners of old pages
            ws.viewer = self.visitor
            page = build(ws)
        except Exception as exc:  # say what went wrong; never leave a blank page
            _log.exception("The page of %s could not be shown", what)
            self.page_message.value = status(f"The page of {what} could not be shown: {exc}",
                                             False)
            return None
        for form in forms_in(page):
            form.fill_in_visitor(self.name.value)
        ws.on_change(self.changed, teammates=True)
        self.page, self.page_ws, self.current = page, ws, number
        self.page_area.children = [page]
        self.refresh_progress()
        self.page_message.value = status(f"Showing {what}.", True)
        return page

    def _close_page(self) -> None:
        if self.page is not None:
            for here in widget_tree(self.page):
                if isinstance(here, WhoIsHere):
                    here.leave()  # teammates see at once that the visitor left the module
            self.page_area.children = []
            close_tree(self.page)
            self.page, self.current = None, None
