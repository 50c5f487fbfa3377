"""What the no-code apps share: waiting for the visitor, the team chooser, downloads.

Voila runs each app notebook in a preheated kernel *before* anyone visits, so nothing here
reads the team store until :func:`wait_for_visitor` returns.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from html import escape
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets as ipw

from ..display.html import refusal, status
from ..forms import widget_tree
from ..store import Store, StoreError, TeamWorkspace, ValidationError

__all__ = ["KEYBOARD_HELP", "READY_ENV", "WIDE", "AppBox", "ClosedTabNoise", "TeamChooser",
           "close_tree", "heading", "open_store", "plural", "visitor_query", "wait_for_visitor"]

_log = logging.getLogger(__name__)
READY_ENV = "COURSE_APPS_READY"  # where a warm kernel leaves its mark (``course apps``)


class ClosedTabNoise(logging.Filter):
    """Leaves out of the server's log the one error a closed tab can leave there: a message
    to its page that could not be sent because the page had just gone (tornado's
    StreamClosedError, which asyncio reports as "Task exception was never retrieved").
    Nothing is lost, the page is gone; any other error is logged as before."""

    def filter(self, record: logging.LogRecord) -> bool:
        from tornado.iostream import StreamClosedError

        return not (record.exc_info and isinstance(record.exc_info[1], StreamClosedError))
WIDE = {"description_width": "11em"}
_PICK = ""  # the value of the "Choose your team" line in the list
# Tables with lines between rows, and links that look like links (Voila's page style resets
# both). Scoped to the apps' own boxes. The colours pass WCAG AA contrast on white.
APP_CLASS = "it-app"
_STYLE = ("<style>"
          ".it-app .it-table th, .it-app .it-table td {padding: 0.3em 0.6em; vertical-align: top;"
          " border-bottom: 1px solid #bbb; white-space: pre-wrap}"
          ".it-app .it-table caption {font-weight: 600; text-align: left; padding: 0.3em 0}"
          ".it-app a {color: #0b4f9c; text-decoration: underline}"
          "</style>")
KEYBOARD_HELP = ("<p>Everything works with the keyboard: <kbd>Tab</kbd> moves to the next "
                 "field or button, <kbd>Shift</kbd>+<kbd>Tab</kbd> goes back, arrow keys choose "
                 "in lists, <kbd>Space</kbd> ticks an option, <kbd>Enter</kbd> presses a "
                 "button.</p>")


def wait_for_visitor() -> None:
    """In a preheated Voila kernel, wait until someone opens the page; elsewhere, return.

    Voila runs an app notebook ahead of time so the page opens quickly. Anything read from
    the store before a visitor arrives could be minutes or days old, so apps call this first.

    This is ``voila.utils.wait_for_request`` without importing voila: that import loads the
    whole Jupyter server into the kernel (about 5 s of CPU and 45 MB for each kernel, for a
    room of visitors at once). It asks Voila's ``voila/query/KERNEL_ID`` websocket for the
    visitor's request, as Voila's own helper does, and once it is waiting leaves a mark in
    ``$COURSE_APPS_READY`` (if set) so that ``course apps`` knows this kernel is warm.
    """
    env = os.environ
    if env.get("VOILA_PREHEAT", "False") == "False":  # not preheated: the visitor is here
        return
    from websockets.exceptions import WebSocketException  # installed with voila
    from websockets.sync.client import connect

    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    url = (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env.get('VOILA_KERNEL_ID')}")
    try:
        with connect(url, open_timeout=5) as socket:
            if env.get(READY_ENV):
                (Path(env[READY_ENV]) / str(env.get("VOILA_KERNEL_ID"))).touch()
            request = json.loads(socket.recv())
    except (OSError, WebSocketException, ValueError) as exc:  # TimeoutError is an OSError
        _log.warning("Could not hear from Voila when the visitor arrived (%s): %s", url, exc)
        return
    env.update({str(k): str(v) for k, v in request.items()})


def visitor_query() -> dict[str, str]:
    """The visitor's URL query (``?team=...``) as a dict; empty outside Voila.

    Voila hands a preheated kernel the query only once the visitor arrives, so call this after
    :func:`wait_for_visitor`.
    """
    parsed = parse_qs(os.environ.get("QUERY_STRING", ""), keep_blank_values=False)
    return {key: values[-1] for key, values in parsed.items()}


class AppBox(ipw.VBox):
    """The outermost box of an app: the apps' small style sheet, then the app itself."""

    def __init__(self, children: list[ipw.Widget], max_width: str = "70em") -> None:
        super().__init__([ipw.HTML(_STYLE), *children], layout=ipw.Layout(max_width=max_width))
        self.add_class(APP_CLASS)


def plural(n: int, word: str) -> str:
    """'1 team', '2 teams'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def heading(text: str, level: int = 2) -> ipw.HTML:
    """A real heading (screen readers list them), with the text escaped."""
    return ipw.HTML(f"<h{level}>{escape(text)}</h{level}>")


def close_tree(root: ipw.Widget) -> None:
    """Close a widget and everything inside it, so the browser drops a page that was replaced."""
    for widget in list(widget_tree(root)):
        widget.close()


def open_store(store: Store | None) -> tuple[Store | None, str]:
    """The store to use, or None and a plain message saying what went wrong."""
    if store is not None:
        return store, ""
    try:
        return Store(), ""
    except Exception as exc:  # the page must say what went wrong, not go blank
        _log.exception("The team store could not be opened")
        return None, status(f"The team store cannot be opened, so nothing can be shown or "
                            f"saved right now: {exc}. Please tell your course facilitator.",
                            False)


class TeamChooser(ipw.VBox):
    """Pick an existing team from a list, or type a new team's name; then open it.

    ``on_open(ws)`` is called with the opened :class:`TeamWorkspace`. The list of teams is
    read when the chooser is made and again each time a team is opened. On a cohort's hub the
    list holds the visitor's own teams only (the database shows no others), and no team can
    be started: the roster makes the teams.
    """

    def __init__(self, store: Store, on_open: Callable[[TeamWorkspace], None]) -> None:
        self.store = store
        self.on_open = on_open
        self.team = ipw.Dropdown(description="Your team", style=WIDE,
                                 layout=ipw.Layout(width="32em"))
        self.open_button = ipw.Button(description="Open this team", button_style="primary",
                                      tooltip="Open the team chosen in the list",
                                      layout=ipw.Layout(width="auto"))
        # Typed names reach the kernel when the box is left, before the button press
        # (see RecordForm: a button press can overtake text sent key by key).
        self.new_name = ipw.Text(description="New team name", style=WIDE,
                                 placeholder="Only if your team is not in the list",
                                 continuous_update=False, layout=ipw.Layout(width="32em"))
        self.start_button = ipw.Button(description="Start this team",
                                       tooltip="Start a new team with the name typed here",
                                       layout=ipw.Layout(width="auto"))
        self.message = ipw.HTML()
        self.open_button.on_click(lambda _b: self.open_chosen())
        self.start_button.on_click(lambda _b: self.open_new())
        self.refresh()
        if store.me is not None:  # on a hub: the person's own teams only; the roster makes them
            super().__init__([
                ipw.HTML("<p>Pick your team from the list and press <b>Open this team</b>.</p>"),
                ipw.HBox([self.team, self.open_button]), self.message])
            return
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
        same = self._existing(typed)
        if same:
            return self._open(same, "That team already exists, so it was opened")
        return self._open(typed, "Started the new team")

    def open_existing(self, name: str) -> TeamWorkspace | None:
        """Open a team named in the page's address (``?team=``); never start one from it."""
        same = self._existing(name.strip())
        if same is None:
            self.message.value = status(
                f"There is no team called “{name}”. Please choose your team in the list.",
                False)
            return None
        return self._open(same, "Opened")

    def _existing(self, typed: str) -> str | None:
        # "riverbend " and "Riverbend" are the same team: never split a team by accident.
        names = self.refresh()
        return next((n for n in names if n.casefold() == typed.casefold()), None)

    def _open(self, name: str, verb: str) -> TeamWorkspace | None:
        try:
            ws = self.store.team(name)
        except (ValidationError, StoreError) as exc:
            self.message.value = refusal("opened", exc)
            return None
        self.new_name.value = ""
        self.refresh()
        self.team.value = ws.name
        self.message.value = status(f"{verb}: “{ws.name}”.", True)
        self.on_open(ws)
        return ws
