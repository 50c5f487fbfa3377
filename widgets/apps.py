"""The no-code apps served with Voila (``course app NAME``): a team chooser and the apps.

Each app notebook in ``apps/`` is one import and one call, so the apps can be tested and
reused from Python. Voila runs each notebook in a preheated kernel *before* anyone visits,
so nothing here reads the team store until :func:`wait_for_visitor` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as ipw

from ._html import status, workspace_banner
from .context import ContextFactorForm, ContextMap
from .model import ValidationError
from .store import Store, StoreError, TeamWorkspace

__all__ = ["TeamChooser", "ContextFactorApp", "context_factor_app", "wait_for_visitor"]

_WIDE = {"description_width": "11em"}
_PICK = ""  # the value of the "Choose your team" line in the list


def wait_for_visitor() -> None:
    """In a preheated Voila kernel, wait until someone opens the page; elsewhere, return.

    Voila runs an app notebook ahead of time so the page opens quickly. Anything read from
    the store before a visitor arrives could be minutes or days old, so apps call this first.
    """
    try:
        from voila.utils import wait_for_request
    except ImportError:  # plain Jupyter or nbclient without Voila installed
        return
    wait_for_request()  # returns at once unless this kernel was preheated by Voila


def _heading(text: str, level: int = 2) -> ipw.HTML:
    return ipw.HTML(f"<h{level}>{escape(text)}</h{level}>")


class TeamChooser(ipw.VBox):
    """Pick an existing team from a list, or type a new team's name; then open it.

    ``on_open(ws)`` is called with the opened :class:`TeamWorkspace`. The list of teams is
    read when the chooser is made and again each time a team is opened.
    """

    def __init__(self, store: Store, on_open: Callable[[TeamWorkspace], None]) -> None:
        self.store = store
        self.on_open = on_open
        self.team = ipw.Dropdown(description="Your team", style=_WIDE,
                                 layout=ipw.Layout(width="32em"))
        self.open_button = ipw.Button(description="Open this team", button_style="primary",
                               tooltip="Open the team chosen in the list",
                               layout=ipw.Layout(width="auto"))
        self.new_name = ipw.Text(description="New team name", style=_WIDE,
                                 placeholder="Only if your team is not in the list",
                                 layout=ipw.Layout(width="32em"))
        self.start_button = ipw.Button(description="Start this team",
                                 tooltip="Start a new team with the name typed here",
                                 layout=ipw.Layout(width="auto"))
        self.message = ipw.HTML()
        self.open_button.on_click(lambda _b: self.open_chosen())
        self.start_button.on_click(lambda _b: self.open_new())
        self.refresh()
        super().__init__([
            ipw.HTML("<p>Pick your team from the list and press <b>Open this team</b>. "
                     "If your team is not in the list yet, type its name in "
                     "<b>New team name</b> and press <b>Start this team</b>.</p>"),
            ipw.HBox([self.team, self.open_button]),
            ipw.HBox([self.new_name, self.start_button]),
            self.message,
        ])

    def refresh(self) -> list[str]:
        """Read the team names from the store again; keep the current choice if it is there."""
        try:
            names = self.store.team_names()
        except Exception as exc:  # any database failure: say so in plain words
            self.message.value = status(f"Could not read the list of teams: {exc}", False)
            names = []
        current = self.team.value
        first = "Choose your team" if names else "No teams yet: start one below"
        self.team.options = [(first, _PICK), *[(n, n) for n in names]]
        self.team.value = current if current in names else _PICK
        return names

    def open_chosen(self) -> TeamWorkspace | None:
        """Open the team chosen in the list."""
        if self.team.value == _PICK:
            self.message.value = status(
                "Please choose your team in the list first, or start a new team below.", False)
            return None
        return self._open(self.team.value, "Opened")

    def open_new(self) -> TeamWorkspace | None:
        """Open the team whose name was typed, starting it if it does not exist yet."""
        typed = self.new_name.value.strip()
        if not typed:
            self.message.value = status("Please type the new team's name first.", False)
            return None
        names = self.refresh()
        # "riverbend " and "Riverbend" are the same team: never split a team by accident.
        same = [n for n in names if n.casefold() == typed.casefold()]
        if same:
            return self._open(same[0], "That team already exists, so it was opened")
        return self._open(typed, "Started the new team")

    def _open(self, name: str, verb: str) -> TeamWorkspace | None:
        try:
            ws = self.store.team(name)
        except ValidationError as exc:
            self.message.value = status("Not opened. " + " ".join(exc.messages), False)
            return None
        except StoreError as exc:
            self.message.value = status(f"Not opened: {exc}", False)
            return None
        self.new_name.value = ""
        self.refresh()
        self.team.value = ws.name
        self.message.value = status(f"{verb}: “{ws.name}”.", True)
        self.on_open(ws)
        return ws


class ContextFactorApp(ipw.VBox):
    """The whole context-factor app: heading, team chooser, then the form and the map."""

    def __init__(self, store: Store | None = None) -> None:
        self.ws: TeamWorkspace | None = None
        self.form: ContextFactorForm | None = None
        self.map: ContextMap | None = None
        self.team_area = ipw.VBox()
        intro = ipw.HTML(
            "<h1>Context factors: what helps and what gets in the way</h1>"
            "<p>Record which parts of your setting make your team's initiative easier "
            "(<b>facilitators</b>) or harder (<b>barriers</b>), using the factors of CFIR 2.0. "
            "Each rating is saved as soon as you press <b>Save</b>, and your teammates see it "
            "on their own screens when they press <b>Show teammates' latest entries</b>.</p>"
            "<p>Everything works with the keyboard: <kbd>Tab</kbd> moves between fields, "
            "arrow keys choose in lists and options, <kbd>Enter</kbd> presses a button.</p>"
        )
        try:
            self.store = store or Store()
        except Exception as exc:  # the page must say what went wrong, not go blank
            self.store = None
            self.chooser = None
            super().__init__([intro, ipw.HTML(status(
                f"The team store cannot be opened, so nothing can be saved right now: {exc}. "
                "Please tell your course facilitator.", False))])
            return
        self.chooser = TeamChooser(self.store, self.show_team)
        super().__init__([intro, _heading("1. Choose your team"), self.chooser, self.team_area],
                         layout=ipw.Layout(max_width="60em"))

    def show_team(self, ws: TeamWorkspace) -> None:
        """Show the form and the map for ``ws`` below the chooser."""
        self.ws = ws
        self.form = ContextFactorForm(ws)
        self.map = ContextMap(ws)
        self.team_area.children = [
            _heading("2. Rate a context factor"),
            ipw.HTML(workspace_banner(ws)),
            ipw.HTML("<p>Type or pick your name, choose a context factor, say whether it is a "
                     "barrier or a facilitator and how strong, add what you have seen or heard, "
                     "and press <b>Save</b>. Rating the same factor again changes your "
                     "earlier rating.</p>"),
            self.form,
            _heading(f"3. {ws.name}: the team's context map"),
            self.map,
        ]
        self.form.member.focus()


def context_factor_app(store: Store | None = None) -> ContextFactorApp:
    """The context-factor app, built once a visitor has arrived (see :func:`wait_for_visitor`)."""
    wait_for_visitor()
    return ContextFactorApp(store)
