"""Rate alone, then look, on screen: the team's views of a kind members rate on their own show
how many have rated until the person looking has saved their own rating, and a facilitator's
switch shows everyone's ratings at once (or hides them again). Who may see what is decided in
``analysis.alone``; this file draws it."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as ipw

from ..analysis.alone import NO_NAME, is_open, may_see, rated_line
from ..display.html import refusal, status
from ..editions import on_site
from ..store import VIEWER, StoreError, TeamWorkspace, ValidationError
from ._base import RecordView, disable_on_site

__all__ = ["HIDE", "HIDE_HELP", "SHOW", "SHOW_HELP", "RatedAloneView", "RatingsSwitch",
           "follow_the_gate", "held_back"]

SHOW = "Facilitator: show everyone's ratings now"
HIDE = "Hide them again until each has rated"
# What each button does, said where the button is (its tooltip, which screen readers read as
# its description): a page can show the switch with several views, and says its help once.
SHOW_HELP = ("For the facilitator, when the team is ready to talk: this shows every member's "
             "ratings to the whole team, even to those who have not rated yet.")
HIDE_HELP = "This hides members' ratings again: each person sees them after saving their own."


def held_back(ws: TeamWorkspace, kind: str, review: str = "") -> str | None:
    """The HTML that stands in for members' answers of ``kind`` (of ``review``) while the
    person looking may not see them yet, or None when they may."""
    if may_see(ws, kind, review):
        return None
    return f'<p class="it-alone" role="status">{escape(rated_line(ws, kind, review))}</p>'


class RatingsSwitch(ipw.VBox):
    """The facilitator's button that shows members' ratings of one kind to everyone, or hides
    them again until each has rated (saved as ``ratings_open``, kept in the workspace).

    ``review`` is the review a kind rated at reviews is shown for; a form whose review date
    changes sets it and calls ``refresh``.
    """

    def __init__(self, ws: TeamWorkspace, kind: str, review: str = "") -> None:
        self.ws = ws
        self.kind = kind
        self.review = review
        self.button = ipw.Button(layout=ipw.Layout(width="auto"), icon="eye")
        self.message = ipw.HTML()
        self.button.on_click(lambda _b: self.press())
        super().__init__([self.button, self.message])
        self.add_class("it-switch")
        if ws.practice:  # the worked example is never held back: nothing to switch
            self.layout.display = "none"
        ws.on_change(lambda k: k in ("ratings_open", VIEWER) and self.refresh(), teammates=True)
        self.refresh()
        # Hidden in the worked example, it keeps the site's "nothing is saved" to itself: the
        # visible forms say it.
        disable_on_site([self.button], None if ws.practice else self.message)

    def refresh(self) -> None:
        """Say what pressing the button does now."""
        shown = is_open(self.ws, self.kind, self.review)
        self.button.description = HIDE if shown else SHOW
        if not self.button.disabled:  # on the site it says why it cannot be pressed
            self.button.tooltip = HIDE_HELP if shown else SHOW_HELP

    def press(self) -> bool:
        """Show everyone's ratings, or hide them again; say plainly what happened."""
        by = self.ws.viewer
        if not by and self.ws.me is None:
            self.message.value = status(f"Not saved yet. {NO_NAME} The switch keeps who "
                                        "pressed it.", False)
            return False
        shown = not is_open(self.ws, self.kind, self.review)
        try:
            self.ws.save("ratings_open", {"ratings": self.kind, "review": self.review,
                                          "open": "yes" if shown else "no"}, by=by)
        except (ValidationError, StoreError) as exc:
            self.message.value = refusal("saved", exc)
            return False
        self.refresh()
        self.message.value = status(
            "Everyone's ratings are shown to the whole team now." if shown else
            "Ratings are hidden again: each person sees them after saving their own.", True)
        return True


class RatedAloneView(RecordView):
    """A team's view of a kind members rate alone (``rated``): how many have rated until the
    person looking has saved their own rating or the facilitator shows everyone's, then what
    ``render_open`` draws. It redraws when someone rates, the switch moves or the person
    looking gives their name."""

    rated: str = ""

    def __init__(self, ws: TeamWorkspace) -> None:
        self.switch = RatingsSwitch(ws, self.rated)
        super().__init__(ws)
        if not ws.practice:  # the worked example is never held back: no switch to press
            self.children = (self.body, self.switch, self.refresh_button)

    def render(self) -> str:
        waiting = held_back(self.ws, self.rated)
        return waiting if waiting is not None else self.render_open()

    def render_open(self) -> str:
        """The view once the person looking may see members' answers (subclasses)."""
        raise NotImplementedError


def follow_the_gate(ws: TeamWorkspace, kind: str, redraw: Callable[[], object]) -> None:
    """Call ``redraw`` when a form's view of members' answers of ``kind`` may change: a member
    rates (here or elsewhere), the switch moves, or the person looking gives their name.
    ``redraw`` must change only HTML, never a box someone is typing in."""
    ws.on_change(lambda k: k in (kind, "ratings_open", VIEWER) and redraw(), teammates=True)
    if not (on_site() or ws.practice):
        ws.follow()
