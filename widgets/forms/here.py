"""Who is here: the teammates who have the same module open now, in a notebook or the app.

Someone counts as here while a page showing this line is open in a browser, not merely while
their kernel runs (a notebook closed in JupyterLab keeps its kernel). So the kernel asks the
page every ``TICK_SECONDS``: it starts a hidden player widget, which only a page that is open
can play one step and stop; the answer renews the person's presence in the store. With no
answer, the person is gone within ``GONE_AFTER`` seconds, and every teammate's line follows.
"""

from __future__ import annotations

from html import escape

import ipywidgets as ipw

from ..editions import on_site
from ..store import HERE, TICK, VIEWER, TeamWorkspace
from ._base import STYLE, YOU, member_picker

__all__ = ["WhoIsHere"]


def _names(names: list[str]) -> str:
    shown = [f"<b>{escape(n)}</b>" for n in names]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


class WhoIsHere(ipw.VBox):
    """A line saying which teammates have ``module`` open now ("Luis and Grace are here").

    Off a hub the course does not know who is looking, so the line has a name box (an app
    that asked the visitor's name already passes ``ask_name=False``); the name given is also
    the workspace's ``viewer``, whose own ratings open the team's (rate alone, then look).
    """

    def __init__(self, ws: TeamWorkspace, module: int, *, ask_name: bool = True) -> None:
        self.ws = ws
        self.module = module
        self.line = ipw.HTML()
        self.name = member_picker(ws, YOU)
        self.name.continuous_update = False  # the name once typed, never "A", "An", "Ana"
        self.name.observe(lambda _c: self._named(), "value")
        # Asked to play, an open page plays one step (value 0 to 1) and stops: its answer.
        self._ask = ipw.Play(value=0, min=0, max=1, step=1, interval=50, repeat=False,
                             show_repeat=False, description="Page open",
                             layout=ipw.Layout(display="none"))
        self._ask.observe(self._answered, "value")
        children: list[ipw.Widget] = [self.line]
        if ask_name and ws.me is None:
            children.append(self.name)
        super().__init__([*children, self._ask, ipw.HTML(STYLE)])
        self.add_class("it-here")  # its name box written as every form's (``STYLE``)
        if ws.viewer:
            self.name.value = ws.viewer
        ws.on_change(self._heard, teammates=True)
        if not (on_site() or ws.practice):
            ws.follow()
            self._renew()
        self.refresh()

    def _named(self) -> None:
        if self.ws.me is None:
            self.ws.viewer = self.name.value
        self._renew()

    def _heard(self, kind: str) -> None:
        if kind == TICK:
            self._renew_if_open()
        if kind == VIEWER and self.ws.viewer and self.name.value != self.ws.viewer:
            self.name.value = self.ws.viewer
        if kind in (HERE, TICK, VIEWER):
            self.refresh()

    def _renew_if_open(self) -> None:
        """Ask the page whether it is open; ``_answered`` hears yes."""
        self._ask.playing = False
        self._ask.value = 0
        self._ask.playing = True

    def _answered(self, change: dict) -> None:
        if change["new"] == self._ask.max:
            self._renew()

    def _renew(self) -> None:
        if self.ws.viewer and not (on_site() or self.ws.practice):
            self.ws.here(self.module, self.ws.viewer)

    def leave(self) -> None:
        """Say at once that the viewer left (the app, opening another page)."""
        if self.ws.viewer and not (on_site() or self.ws.practice):
            self.ws.left(self.module, self.ws.viewer)

    def refresh(self) -> None:
        """Say who else is here now."""
        if self.ws.practice or on_site():
            self.line.value = ""
            return
        me = self.ws.viewer
        others = [n for n in self.ws.present(self.module) if n != me]
        if others:
            verb = "is" if len(others) == 1 else "are"
            text = f"{_names(others)} {verb} here, with this module open now."
        else:
            text = "No teammate has this module open just now."
        if not me:
            text += " Type your name below, so teammates see you are here too."
        html = f'<p class="it-here-line" role="status">{text}</p>'
        if html != self.line.value:
            self.line.value = html
