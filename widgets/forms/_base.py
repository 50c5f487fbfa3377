"""What every exercise form and view shares: saving with plain feedback, and refreshing.

A form is a set of input widgets for one kind of entry; a view redraws itself after a save
in this notebook and on demand, to show what teammates saved elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

import ipywidgets as ipw

from ..analysis.review import plan_strategies, read_value
from ..analysis.strategies import strategy_label
from ..display.html import meaning, refusal, status
from ..editions import on_site
from ..reference.descriptions import Description
from ..store import StoreError, TeamWorkspace, ValidationError

__all__ = [
    "EFFECTS",
    "FULL",
    "RATINGS",
    "RECORDER",
    "STRENGTHS",
    "STYLE",
    "TEXTAREA",
    "WIDE",
    "YOU",
    "People",
    "RecordForm",
    "RecordView",
    "choice",
    "date_box",
    "disable_on_site",
    "iso",
    "meaning_of",
    "member_picker",
    "strategy_picker",
    "text",
    "unreadable",
    "widget_tree",
]

WIDE = {"description_width": "13em"}
FULL = ipw.Layout(width="95%")
TEXTAREA = ipw.Layout(width="95%", height="6em")
# Name boxes and short lists: room for a long name after a 13em label, within narrow pages.
NAME = ipw.Layout(width="36em", max_width="95%")
# Labels wrap instead of being cut off with "...", and every text box, one line or many, is
# written in the same font as the rest of the page (a text area's is a typewriter's).
STYLE = (
    "<style>"
    ".it-form .widget-label, .it-view .widget-label {white-space: normal; overflow: visible;"
    " text-overflow: clip; height: auto; line-height: 1.25; align-self: center}"
    ".it-form input, .it-form textarea, .it-form select, .it-here input {font-family:"
    " var(--jp-ui-font-family,"
    " system-ui, sans-serif); font-size: var(--jp-ui-font-size1, 13px)}"
    "</style>")
SITE_NOTE = ("On this site nothing is saved: open the course in JupyterLab, or your team's "
             "workspace app, to save your team's work.")
STRENGTHS = (("1: a little", 1), ("2: somewhat", 2), ("3: a lot", 3))
EFFECTS = (
    ("Barrier: makes it harder", "barrier"),
    ("Facilitator: makes it easier", "facilitator"),
)
YOU = "Your name"  # the label of a name box that asks who is answering
# The readiness scale of Module 5, 1 to 5, also used to rate readiness again in Module 8.
RATINGS = (("1: very low", 1), ("2: low", 2), ("3: medium", 3), ("4: high", 4),
           ("5: very high", 5))


def disable_on_site(buttons: Sequence[ipw.Button], message: ipw.HTML | None = None) -> None:
    """On a page of the static site (no kernel behind it, nothing to save to), the buttons
    cannot be pressed, and ``message`` says why."""
    if not on_site():
        return
    for button in buttons:
        button.disabled = True
        button.tooltip = SITE_NOTE
    if message is not None:
        message.value = f"<p><em>{SITE_NOTE}</em></p>"


def widget_tree(root: ipw.Widget) -> Iterator[ipw.Widget]:
    """A widget and everything inside it, depth first."""
    yield root
    for child in getattr(root, "children", ()):
        yield from widget_tree(child)


RECORDER = "Recorded by"  # the label of a name box that asks who records an entry


def member_picker(ws: TeamWorkspace, description: str = YOU) -> ipw.Combobox:
    """A name box that suggests the team's roster but accepts any name.

    Left with its default label, it asks for the person answering, so an app that knows who
    its visitor is can fill it in (``RecordForm.fill_in_visitor``). On a cohort's hub the
    course knows who is working: a box asking who answers or records holds their name, and
    cannot be changed (the database records them as the author in any case).
    """
    me = ws.me
    if me is not None and description in (YOU, RECORDER):
        return ipw.Combobox(description=description, value=me.display_name,
                            options=[me.display_name], disabled=True, style=WIDE, layout=NAME)
    return ipw.Combobox(
        description=description, placeholder="Type or pick a name",
        options=sorted(m["name"] for m in ws.members()), ensure_option=False, style=WIDE,
        layout=NAME,
    )


def text(description: str, placeholder: str = "", long: bool = False) -> ipw.Widget:
    """A labelled text box; ``long`` gives a multi-line one."""
    if long:
        return ipw.Textarea(description=description, placeholder=placeholder, style=WIDE,
                            layout=TEXTAREA)
    return ipw.Text(description=description, placeholder=placeholder, style=WIDE, layout=FULL)


def choice(description: str, options: Sequence[Any], radio: bool = True) -> ipw.Widget:
    """A labelled choice with nothing chosen yet."""
    if radio:
        return ipw.RadioButtons(description=description, options=options, value=None,
                                style=WIDE, layout=ipw.Layout(width="auto"))
    return ipw.Dropdown(description=description, options=options, value=None, style=WIDE,
                        layout=NAME)


def strategy_picker(ws: TeamWorkspace, required: bool = True) -> ipw.Dropdown:
    """A list of the strategies the team's plan runs (chosen in Module 3, less those dropped
    since, with those added at reviews); not ``required`` adds "a general step"."""
    options = [(strategy_label(s), s) for s in plan_strategies(ws)]
    if not required:
        options = [("None: a general step", None), *options]
    return ipw.Dropdown(description="Strategy", options=options, value=None, style=WIDE,
                        layout=FULL)


def unreadable(value_type: str, text: str, what: str = "") -> str | None:
    """The message refusing ``text`` when it does not read as a value of a measure's kind
    (``what`` names the box), or None: an empty box, or a value that reads."""
    if not text.strip():
        return None
    try:
        read_value(value_type, text)
    except ValueError as exc:
        return status(f"Not saved yet. {what}{exc}", False)
    return None


def iso(value: object) -> str:
    """A date box's value as the store writes dates (year-month-day), or "" when empty."""
    return value.isoformat() if isinstance(value, date) else ""


def date_box(description: str, today: bool = False) -> ipw.DatePicker:
    """A labelled date box, empty or (``today``) showing today."""
    return ipw.DatePicker(description=description, value=date.today() if today else None,
                          style=WIDE)


class People(ipw.VBox):
    """A list of people as one field: a tick box for each member of the roster and a box for
    anyone else. Its ``value`` is the list of names."""

    def __init__(self, ws: TeamWorkspace, label: str, others: str) -> None:
        self.ticks = [ipw.Checkbox(description=m["name"], indent=False, value=False)
                      for m in sorted(ws.members(), key=lambda m: m["name"].casefold())]
        self.others = text(others, "Names, separated by commas")
        super().__init__([ipw.HTML(f"<p><b>{label}</b></p>"), *self.ticks, self.others])

    @property
    def value(self) -> list[str]:
        return [c.description for c in self.ticks if c.value] + [
            n.strip() for n in self.others.value.split(",") if n.strip()]

    @value.setter
    def value(self, names: Sequence[str]) -> None:
        ticked = {c.description for c in self.ticks}
        for c in self.ticks:
            c.value = c.description in names
        self.others.value = ", ".join(n for n in names if n not in ticked)


class RecordForm(ipw.VBox):
    """A form that saves one kind of entry to the team's workspace.

    Subclasses set ``kind`` and pass their input widgets by field name; ``author`` says who
    made the change when the entry has no member of its own; ``after`` shows a widget (such as
    help or what teammates said) right below a named field.
    """

    kind: str = ""

    def __init__(self, ws: TeamWorkspace, fields: Mapping[str, ipw.Widget], *,
                 author: ipw.Combobox | None = None, intro: str = "",
                 after: Mapping[str, ipw.Widget] | None = None,
                 buttons: Sequence[ipw.Button] = (), save_label: str = "Save") -> None:
        self.ws = ws
        self.fields = dict(fields)
        self.author = author
        self.save = ipw.Button(description=save_label, button_style="primary", icon="check",
                               layout=ipw.Layout(width="auto"))
        self.save.tooltip = "Save this to the team's workspace"
        self.message = ipw.HTML()
        self.save.on_click(lambda _b: self.submit())
        children: list[ipw.Widget] = [ipw.HTML(f"<p>{intro}</p>")] if intro else []
        if author is not None:
            children.append(author)
        for name, widget in self.fields.items():
            children.append(widget)
            if after and name in after:  # help shown right below one field
                children.append(after[name])
        children += [ipw.HBox([self.save, *buttons]), self.message, ipw.HTML(STYLE)]
        super().__init__(children)
        self.add_class("it-form")
        disable_on_site([self.save, *buttons], self.message)
        for widget in widget_tree(self):
            if isinstance(widget, (ipw.Text, ipw.Textarea)):  # a Combobox is a Text too
                # Typed text reaches the kernel when the field is left (Tab, Enter, a click),
                # in one message sent at once, so it always arrives before the Save press.
                # Sent key by key, text typed while the kernel is busy waits in the browser,
                # and a Save pressed meanwhile overtakes it: a shortened text gets saved.
                widget.continuous_update = False

    def visitor_pickers(self) -> list[ipw.Combobox]:
        """The name boxes that say who is answering or recording this entry (not the boxes
        that name someone else, such as an owner or a facilitator)."""
        own = [w for w in self.fields.values()
               if isinstance(w, ipw.Combobox) and w.description == YOU]
        return ([self.author] if self.author is not None else []) + own

    def fill_in_visitor(self, name: str) -> None:
        """Put the visitor's name in every box that asks who is answering or recording.

        An app asks for the visitor's name once, instead of in every form; the boxes stay
        editable, for someone typing in a teammate's answers.
        """
        for picker in self.visitor_pickers():
            if not picker.disabled:  # on a hub the name is the person's own, and fixed
                picker.value = name

    def values(self) -> dict[str, Any]:
        """What the form holds, by field name; a date as the store writes it."""
        return {name: iso(w.value) if isinstance(w, ipw.DatePicker) else w.value
                for name, w in self.fields.items()}

    def load(self, data: Mapping[str, Any] | None) -> None:
        """Fill the form with an earlier entry, so saving again changes it."""
        if not data:
            return
        for name, widget in self.fields.items():
            value = data.get(name)
            if value is None:
                continue
            if isinstance(widget, ipw.DatePicker):
                value = date.fromisoformat(value) if value else None
            widget.value = value

    def show(self, earlier: Mapping[str, Any] | None, answers: Sequence[str]) -> None:
        """Show an earlier entry to change, or, with none, empty the ``answers``: nothing
        said about one factor, member or date is saved again under another."""
        if earlier:
            self.load(earlier)
            return
        for name in answers:
            widget = self.fields[name]
            widget.value = ([] if isinstance(widget, People) else
                            "" if isinstance(widget, ipw.Text | ipw.Textarea | ipw.Combobox)
                            else None)

    def saved_message(self, saved: dict[str, Any]) -> str:
        """What to tell the team after a save."""
        return "Saved."

    def after_save(self, saved: dict[str, Any]) -> None:
        """Anything else a save should do (subclasses)."""

    def submit(self) -> bool:
        """Save what the form holds; report what happened in plain language."""
        by = self.author.value if self.author is not None else None
        try:
            saved = self.ws.save(self.kind, self.values(), by=by)
            self.after_save(saved)
        except (ValidationError, StoreError) as exc:
            self.message.value = refusal("saved", exc)
            return False
        self.message.value = status(self.saved_message(saved), True)
        return True


class RecordView(ipw.VBox):
    """A view of the team's entries that redraws by itself within moments of a save, in this
    notebook or a teammate's anywhere (``TeamWorkspace.follow``), and on request (the button
    stays, for those who want it). Only the view's own HTML changes, so nothing a person is
    typing in a form is touched."""

    kinds: tuple[str, ...] = ()

    def __init__(self, ws: TeamWorkspace) -> None:
        self.ws = ws
        self.body = ipw.HTML()
        self.refresh_button = ipw.Button(description="Show teammates' latest entries",
                                         icon="refresh", layout=ipw.Layout(width="auto"))
        self.refresh_button.on_click(lambda _b: self.refresh())
        ws.on_change(lambda kind: kind in self.kinds and self.refresh(), teammates=True)
        super().__init__([self.body, self.refresh_button])
        self.add_class("it-view")
        disable_on_site([self.refresh_button])
        if not on_site():
            ws.follow()  # before the first drawing: no teammate's save falls in between
        self.refresh()

    def refresh(self) -> None:
        """Read the team's entries again and redraw (only if something changed: a view that
        flickers at every teammate's save is hard to read)."""
        html = self.render()
        if html != self.body.value:
            self.body.value = html

    def render(self) -> str:
        """The view's HTML; team-entered text must go through ``display.html`` or ``escape``."""
        raise NotImplementedError


def meaning_of(picker: ipw.ValueWidget,
               describe: Callable[[Any], Description | None]) -> ipw.HTML:
    """A line under a picker saying what the picked construct or strategy means (the
    course's own words), kept in step with the pick: teams choose by meaning, not by name."""
    line = ipw.HTML()

    def show(_change: object = None) -> None:
        line.value = meaning(describe(picker.value)) if picker.value is not None else ""

    picker.observe(show, "value")
    show()
    return line
