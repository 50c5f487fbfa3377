"""What a team can record, and the checks every entry passes on the way in.

Each kind of record is a list of fields. Adding a field to a later module is one line here:
records are stored as JSON, so the database needs no change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..outline import NUMBERS
from ..reference import cfir_construct, eric_strategy, framework_items

__all__ = ["ACTED_ON_BY", "ADAPTED_PARTS", "FACILITATOR_FROM", "INVOLVEMENT", "KINDS",
           "MAX_ITEMS", "OPEN", "PERSPECTIVES", "PULSE_MODULES", "PULSE_SCALE",
           "PULSE_STATEMENTS", "RATED_ALONE", "RATED_AT_A_REVIEW", "SHARED_PARTS",
           "STEP_STATUSES", "VALUE_TYPES",
           "Field", "RecordKind", "ValidationError", "clean_name", "complete", "normalise_name",
           "record_kind", "validate"]

MAX_SHORT = 200
MAX_LONG = 10_000
MAX_ITEMS = 100  # in a list (who came to a meeting, the barriers a strategy addresses)

PERSPECTIVES = (
    "implementer",
    "researcher",
    "evaluator",
    "manager",
    "community partner",
    "lived experience",
    "leader",
    "other",
)


class ValidationError(ValueError):
    """An entry that cannot be saved, with messages a participant can act on."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(" ".join(messages))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Invisible characters that make two names look alike: zero-width space, non-joiner and joiner,
# word joiner, byte order mark, soft hyphen.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalise_name(name: str) -> str:
    """A name as the course keeps it, so names that look alike are the same name: composed
    accents (NFC), no invisible characters, no space at either end, single spaces inside."""
    return " ".join(_ZERO_WIDTH.sub("", unicodedata.normalize("NFC", name)).split())


def clean_name(value: object, label: str) -> str:
    """A person's or team's name, checked and normalised like any name field, or a
    ValidationError saying what to change (``label`` names the field)."""
    cleaned, message = Field("name", label, name_like=True).clean(value)
    if message:
        raise ValidationError([message])
    return cleaned


def _unsaveable(value: str) -> bool:
    """Text that cannot be written as UTF-8: half of an emoji or symbol (a lone surrogate),
    as a broken copy and paste can leave."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@dataclass(frozen=True)
class Field:
    """One thing a participant fills in."""

    name: str
    label: str
    type: str = "text"  # "text", "choice", "int" or "list" (of text)
    required: bool = True
    max_length: int = MAX_SHORT
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    check: Callable[[Any], str | None] | None = None  # returns a message when the value is wrong
    name_like: bool = False  # a person's or team's name: kept normalised (normalise_name)
    max_items: int = MAX_ITEMS  # for a list
    default: Any = None  # an optional field left empty, or absent from an older entry

    def clean(self, value: Any) -> tuple[Any, str | None]:
        """Return the value to store, or a message saying what to change."""
        if isinstance(value, str) and self.name_like:
            value = normalise_name(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                return None, f"Please fill in “{self.label}”."
            return self.empty(), None
        if self.type == "int":
            return self._clean_int(value)
        if self.type == "list":
            return self._clean_list(value)
        if not isinstance(value, str):
            return None, f"“{self.label}” must be text."
        if self.type == "choice" and value not in self.choices:
            return None, f"“{self.label}” must be one of: {', '.join(self.choices)}."
        if _unsaveable(value):
            return None, (
                f"“{self.label}” contains half of a symbol or emoji (often left by copying and "
                "pasting) that cannot be saved. Please retype it."
            )
        if _CONTROL.search(value):
            return None, (
                f"“{self.label}” contains an invisible control character that cannot be "
                "saved. Please retype it rather than pasting it."
            )
        if len(value) > self.max_length:
            return None, (
                f"“{self.label}” is {len(value):,} characters long; the limit is "
                f"{self.max_length:,}. Please shorten it, or split it into two entries."
            )
        if self.check and (message := self.check(value)):
            return None, message
        return value, None

    def empty(self) -> Any:
        """The value of this optional field when nothing is filled in."""
        if self.default is not None:
            return self.default
        return {"int": None, "list": []}.get(self.type, "")

    def _clean_list(self, value: Any) -> tuple[list[str] | None, str | None]:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            return None, f"“{self.label}” must be a list."
        if self.required and not value:
            return None, f"Please fill in “{self.label}”."
        if len(value) > self.max_items:
            return None, (f"“{self.label}” has {len(value):,} items; the limit is "
                          f"{self.max_items:,}.")
        item = Field(self.name, self.label, max_length=self.max_length, name_like=self.name_like)
        out = []
        for v in value:
            cleaned, message = item.clean(v)
            if message:
                return None, message
            out.append(cleaned)
        if self.check and (message := self.check(out)):
            return None, message
        return out, None

    def _clean_int(self, value: Any) -> tuple[int | None, str | None]:
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            number = None
        if number is None or isinstance(value, bool) or (isinstance(value, float)
                                                          and value != number):
            return None, f"“{self.label}” must be a whole number."
        low, high = self.minimum, self.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            return None, f"“{self.label}” must be between {low} and {high}."
        if self.check and (message := self.check(number)):
            return None, message
        return number, None


@dataclass(frozen=True)
class RecordKind:
    """A kind of record: its fields and which of them identify one record."""

    name: str
    label: str
    fields: tuple[Field, ...]
    key_fields: tuple[str, ...]
    # Checks across fields: each returns a message when the entry as a whole is wrong.
    rules: tuple[Callable[[Mapping[str, Any]], str | None], ...] = ()
    _by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})

    def choices(self, name: str) -> tuple[str, ...]:
        """The choices a participant has for one field."""
        return self._by_name[name].choices

    def key(self, data: Mapping[str, Any]) -> str:
        """The record's identity within a team, built from its key fields ("" for a kind
        a team has only one of)."""
        return "|".join(str(data[name]) for name in self.key_fields)


def _is_cfir_code(code: str) -> str | None:
    try:
        cfir_construct(code)
    except KeyError:
        return f"“{code}” is not a CFIR 2.0 factor. Please pick one from the list."
    return None


def _is_date(value: str) -> str | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"“{value}” is not a date. Please write it as year-month-day, like 2027-03-15."
    return None


def _is_eric_id(number: int) -> str | None:
    try:
        eric_strategy(number)
    except KeyError:
        return f"{number} is not an ERIC strategy number. Please pick a strategy from the list."
    return None


def _all(check: Callable[[Any], str | None]) -> Callable[[list], str | None]:
    """Apply a one-value check to every item of a list."""

    def _check(values: list) -> str | None:
        return next((m for v in values if (m := check(v))), None)

    return _check


def _kind(name: str, label: str, key: tuple[str, ...], *fields: Field,
          rules: tuple[Callable[[Mapping[str, Any]], str | None], ...] = ()) -> RecordKind:
    return RecordKind(name, label, fields, key_fields=key, rules=rules)


# Who a team's facilitator is: one of its members, or someone from outside the roster (an
# alumnus, who took the course in an earlier cohort, or a member of another team).
FACILITATOR_FROM = ("a member of the team", "an alumnus of an earlier cohort",
                    "a member of another team", "someone else")

# Who acts on a priority barrier: the team, with strategies of its own, or its leaders.
ACTED_ON_BY = ("our team", "leaders")

# How a person takes part in a team: an initiative's own people, or members of the learning
# group who bring other initiatives and rate and advise on this one as critical friends.
INVOLVEMENT = ("works on the initiative", "critical friend")

# What a team can share with its cohort, read-only, and the kinds of entry each part is.
SHARED_PARTS = {
    "context map": ("initiative", "agreed_factor", "priority"),
    "strategies": ("strategy", "specification"),
    "plan": ("action_step", "outcome_measure"),
    "leader briefing": ("leader_plan",),
}


def _is_shared_part(part: str) -> str | None:
    if part in SHARED_PARTS:
        return None
    return f"“{part[:100]}” is not a part a team can share ({', '.join(SHARED_PARTS)})."


# Where a step stands. A step saved before steps had a status is "not started".
STEP_STATUSES = ("not started", "under way", "done", "blocked", "dropped")
OPEN = STEP_STATUSES[:2]  # a step still to do: late once its due date has passed
NEEDS_A_REASON = ("blocked", "dropped")


def _reason_when_stopped(step: Mapping[str, Any]) -> str | None:
    if step.get("status") in NEEDS_A_REASON and not step.get("status_reason"):
        return (f"A {step['status']} step needs a reason: please say why in "
                "“Why it is blocked or dropped”.")
    return None


# What a measure's values are, so each is read and drawn as what it is.
VALUE_TYPES = ("number", "percentage", "count out of a total", "yes or no", "rating from 1 to 5")

# The part of a strategy an adaptation changes: the seven dimensions it was specified on in
# Module 4 (Proctor, Powell and McMillen 2013), or the strategy as a whole.
ADAPTED_PARTS = ("actor", "action", "action target", "temporality", "dose",
                 "outcome", "justification", "dropped the strategy", "added the strategy")


def _replacement_is_new(entry: Mapping[str, Any]) -> str | None:
    if entry.get("replaced_by") and entry.get("part") != "dropped the strategy":
        return "Only a dropped strategy is replaced by another: leave “Replaced by” empty."
    if entry.get("replaced_by") == entry.get("strategy"):
        return "A strategy cannot replace itself: pick the strategy that takes its place."
    return None


# The pulse: a few statements on trust and on role clarity that each member rates alone at
# Modules 0, 4 and 7; the team sees only the spread of answers and how it changed. The
# statements and the scale are the course's own words: a reflection tool, not a validated
# measure. Forms, views and tests read them from here.
PULSE_MODULES = (0, 4, 7)
PULSE_SCALE = ((1, "not at all true"), (2, "a little true"), (3, "partly true"),
               (4, "mostly true"), (5, "completely true"))
# (field name, topic, statement): half on trust, half on role clarity.
PULSE_STATEMENTS = (
    ("trust_heard", "trust", "I can say when I disagree, and it is heard"),
    ("trust_word", "trust", "Teammates do what they say they will"),
    ("trust_mistake", "trust", "I can own up to a mistake in front of this team"),
    ("role_expected", "role clarity", "I know what is expected of me on this team"),
    ("role_decides", "role clarity", "I know who decides what"),
    ("role_who", "role clarity", "I know who to go to for each part of our work"),
)


def _is_pulse_module(number: int) -> str | None:
    if number in PULSE_MODULES:
        return None
    return (f"The pulse is taken at Modules {', '.join(map(str, PULSE_MODULES[:-1]))} and "
            f"{PULSE_MODULES[-1]}, not at Module {number}.")


# What each member rates on their own before the team looks (Modules 1, 2, 5, 7 and 8): the
# team's views show how many have rated, not what they said, until the person looking has
# saved their own, or the facilitator shows everyone's (kind "ratings_open"). Those rated
# again at a review are opened one review at a time.
RATED_ALONE = ("glossary_entry", "context_factor", "readiness", "sustainability_rating",
               "factor_rerating", "readiness_rerating")
RATED_AT_A_REVIEW = ("factor_rerating", "readiness_rerating")


def _review_only_when_rated_at_one(entry: Mapping[str, Any]) -> str | None:
    if entry.get("ratings") in RATED_AT_A_REVIEW and not entry.get("review"):
        return "Ratings made at a review are shown one review at a time: give its date."
    if entry.get("ratings") not in RATED_AT_A_REVIEW and entry.get("review"):
        return "Only ratings made at a review have a review date: leave “Review date” empty."
    return None


_member = Field("member", "Who is answering", name_like=True)
_module = Field("module", "Module", type="int", minimum=NUMBERS[0], maximum=NUMBERS[-1])
_strategy = Field("strategy", "Strategy", type="int", check=_is_eric_id)
_construct = Field("construct", "Context factor", check=_is_cfir_code)
_effect = Field("effect", "Barrier or facilitator", type="choice",
                choices=("barrier", "facilitator"))
_strength = Field("strength", "How strong", type="int", minimum=1, maximum=3)
_note = Field("note", "Note or evidence", required=False, max_length=MAX_LONG)
_outcomes = framework_items("implementation_outcome")

KINDS: dict[str, RecordKind] = {
    k.name: k
    for k in (
        _kind("member", "team member", ("name",),
              Field("name", "Name", name_like=True),
              Field("role", "Role on the team", required=False),
              Field("perspective", "Perspective", type="choice", choices=PERSPECTIVES),
              # In a learning group with several initiatives, the group's other members rate
              # and advise on this one; its own people decide.
              Field("involvement", "How they take part", type="choice",
                    choices=INVOLVEMENT, required=False, default=INVOLVEMENT[0])),
        _kind("agreements", "working agreements", (),  # one per team
              Field("agreements", "Working agreements", max_length=MAX_LONG),
              Field("facilitator", "Who facilitates", name_like=True),
              Field("rhythm", "When we meet", required=False),
              # Agreements saved before this field read as a facilitator from the team.
              Field("facilitator_from", "Where the facilitator comes from", type="choice",
                    choices=FACILITATOR_FROM, required=False, default=FACILITATOR_FROM[0])),
        _kind("initiative", "initiative profile", (),  # one per team
              Field("name", "Name of the initiative"),
              Field("setting", "Where it happens", max_length=MAX_LONG),
              Field("innovation", "What is being put in place", max_length=MAX_LONG),
              Field("serves", "Who it serves", max_length=MAX_LONG),
              Field("aims", "What it aims to change", max_length=MAX_LONG)),
        _kind("context_factor", "context factor", ("construct", "member"),
              _construct, Field("member", "Who is rating", name_like=True), _effect, _strength,
              _note),
        _kind("agreed_factor", "team's agreed context factor", ("construct",),
              _construct, _effect, _strength, _note),
        _kind("priority", "priority barrier", ("construct",),
              _construct,
              Field("importance", "How important", type="int", minimum=1, maximum=3),
              Field("changeability", "How changeable", type="int", minimum=1, maximum=3),
              Field("reason", "Why it is a priority", required=False, max_length=MAX_LONG),
              # An important barrier the team cannot change is kept for leaders (Module 5),
              # and needs no strategy of the team's own.
              Field("acted_on_by", "Who acts on it", type="choice", choices=ACTED_ON_BY,
                    required=False, default=ACTED_ON_BY[0])),
        _kind("strategy", "selected strategy", ("strategy",),
              _strategy,
              Field("barriers", "Barriers it addresses", type="list", check=_all(_is_cfir_code)),
              Field("reason", "Why it should work (its mechanism)", max_length=MAX_LONG)),
        _kind("strategy_decision", "decision on a strategy for a barrier",
              ("construct", "strategy"),
              _construct, _strategy,
              Field("decision", "Decision", type="choice", choices=("accepted", "rejected")),
              Field("source", "Where the idea came from", type="choice",
                    choices=("course suggestion", "matching tool", "team's own")),
              Field("reason", "Why (for a chosen strategy: how it should work on this barrier)",
                    max_length=MAX_LONG)),
        _kind("specification", "strategy specification", ("strategy",),
              _strategy,
              Field("actor", "Actor: who does it", max_length=MAX_LONG),
              Field("action", "Action: what they do", max_length=MAX_LONG),
              Field("action_target", "Action target: who or what it aims to change",
                    max_length=MAX_LONG),
              Field("temporality", "Temporality: when it happens", max_length=MAX_LONG),
              Field("dose", "Dose: how often or how much", max_length=MAX_LONG),
              Field("outcome", "Implementation outcome affected", type="choice",
                    choices=_outcomes),
              Field("justification", "Justification: why it should work", max_length=MAX_LONG)),
        _kind("action_step", "action step", ("step",),
              Field("step", "First step", max_length=MAX_LONG),
              Field("strategy", "Strategy", type="int", required=False, check=_is_eric_id),
              Field("owner", "Owner", name_like=True),
              Field("due", "Due date", check=_is_date),
              Field("status", "Status", type="choice", choices=STEP_STATUSES, required=False,
                    default=STEP_STATUSES[0]),
              Field("status_date", "Status since", required=False, check=_is_date),
              Field("status_reason", "Why it is blocked or dropped", required=False,
                    max_length=MAX_LONG),
              rules=(_reason_when_stopped,)),
        _kind("role_assignment", "role assignment", ("task", "member"),
              Field("task", "Strategy or task"),
              Field("member", "Team member", name_like=True),
              Field("role", "Role", type="choice",
                    choices=("responsible", "accountable", "consulted", "informed"))),
        _kind("readiness", "readiness rating", ("member", "component"),
              _member,
              Field("component", "Part of readiness", type="choice",
                    choices=framework_items("R=MC2_component")),
              Field("rating", "Rating", type="int", minimum=1, maximum=5),
              _note),
        _kind("leader_plan", "plan for involving leaders", (),  # one per team
              Field("leaders", "Which leaders", max_length=MAX_LONG),
              Field("asks", "What we need from them", max_length=MAX_LONG),
              Field("decisions", "Decisions we ask them to make", max_length=MAX_LONG),
              Field("involvement", "How and when we involve them", required=False,
                    max_length=MAX_LONG)),
        _kind("outcome_measure", "outcome measure", ("strategy", "dimension", "measure"),
              _strategy,
              Field("dimension", "Outcome or RE-AIM dimension", type="choice",
                    choices=(*_outcomes,
                             *(f"{d} (RE-AIM)" for d in framework_items("RE-AIM_dimension")))),
              Field("measure", "Measure"),
              Field("source", "Data source"),
              Field("collector", "Who collects it", name_like=True),
              Field("timing", "When"),
              Field("value_type", "Kind of value", type="choice", choices=VALUE_TYPES,
                    required=False, default=VALUE_TYPES[0]),
              Field("goal", "Goal (a value of that kind)", required=False)),
        _kind("sustainability", "sustainability rating", ("domain",),
              Field("domain", "Sustainability domain", type="choice",
                    choices=framework_items("PSAT_domain")),
              Field("rating", "Rating", type="int", minimum=1, maximum=7),
              Field("action", "Action to sustain it", required=False, max_length=MAX_LONG)),
        # Each member's own rating of a sustainability domain, before the team agrees one.
        _kind("sustainability_rating", "member's sustainability rating", ("domain", "member"),
              Field("domain", "Sustainability domain", type="choice",
                    choices=framework_items("PSAT_domain")),
              _member,
              Field("rating", "Rating", type="int", minimum=1, maximum=7),
              _note),
        # Spreading the initiative to a new place, one plan per place.
        _kind("spreading", "plan for spreading", ("where",),
              Field("where", "Where next"),
              Field("core", "What must travel with it", max_length=MAX_LONG),
              Field("can_change", "What can change there", required=False,
                    max_length=MAX_LONG),
              Field("decides", "Who decides"),
              Field("first_step", "The first step", required=False, max_length=MAX_LONG),
              Field("by_when", "By when", required=False, check=_is_date)),
        # The team's consent to its finished plan, names removed, becoming a worked example
        # for later cohorts (course example); one per team. The statement is kept as agreed,
        # in the course's words of the day, so a later rewording leaves it as it was.
        _kind("example_consent", "consent to share the plan as a worked example", (),
              Field("agreed_by", "Who decided for the team", type="list", name_like=True),
              Field("date", "Date of the decision", check=_is_date),
              Field("statement", "What the team agreed to", max_length=MAX_LONG),
              # Chosen each time, never assumed: consent is given, or withdrawn.
              Field("status", "The team's decision", type="choice",
                    choices=("given", "withdrawn"))),
        # Each member's own answers to the pulse on trust and role clarity (Modules 0, 4, 7).
        _kind("pulse", "member's pulse on trust and roles", ("module", "member"),
              Field("module", "Module", type="int", check=_is_pulse_module), _member,
              *(Field(name, text, type="int", minimum=PULSE_SCALE[0][0],
                      maximum=PULSE_SCALE[-1][0])
                for name, _topic, text in PULSE_STATEMENTS)),
        _kind("glossary_entry", "member's definition", ("term", "member"),
              Field("term", "Term"), _member,
              Field("definition", "Your understanding", max_length=MAX_LONG)),
        _kind("glossary_agreed", "team definition", ("term",),
              Field("term", "Term"),
              Field("definition", "The team's definition", max_length=MAX_LONG)),
        _kind("meeting", "between-session meeting", ("date",),
              Field("date", "Date", check=_is_date),
              Field("attendees", "Who came", type="list", name_like=True),
              Field("module", "After module", type="int", required=False,
                    minimum=NUMBERS[0], maximum=NUMBERS[-1]),
              Field("notes", "What you discussed", required=False, max_length=MAX_LONG),
              Field("decisions", "What you decided", required=False, max_length=MAX_LONG)),
        # A working group's session: one initiative presents its work through one module's
        # lens, the others ask and advise, and the presenter records what they will change.
        _kind("consultation", "peer consultation", ("date", "module"),
              Field("date", "Date", check=_is_date),
              Field("module", "Module whose lens you used", type="int",
                    minimum=NUMBERS[0], maximum=NUMBERS[-1]),
              Field("presenter", "Who presented", name_like=True),
              Field("attendees", "Who took part", type="list", name_like=True),
              Field("questions", "Questions the others asked", required=False,
                    max_length=MAX_LONG),
              Field("advice", "Advice given", required=False, max_length=MAX_LONG),
              Field("changes", "What the presenter will change", max_length=MAX_LONG),
              Field("notes", "Other notes", required=False, max_length=MAX_LONG)),
        # What the team shares with its cohort (nothing until it chooses); one per team.
        _kind("sharing", "what the team shares with its cohort", (),
              Field("parts", "Parts shared", type="list", required=False,
                    check=_all(_is_shared_part))),
        _kind("reflection", "reflection", ("module", "member"),
              _module, _member,
              Field("text", "Reflection", max_length=MAX_LONG)),
        # After the course: the plan kept alive at review meetings (Module 8).
        _kind("review", "review meeting", ("date",),
              Field("date", "Date of the review", check=_is_date),
              Field("attendees", "Who came", type="list", name_like=True),
              Field("decisions", "What you decided", max_length=MAX_LONG),
              Field("notes", "What you looked at and discussed", required=False,
                    max_length=MAX_LONG),
              Field("next_review", "Next review", required=False, check=_is_date)),
        _kind("measure_value", "measure value", ("strategy", "dimension", "measure", "date"),
              _strategy,
              Field("dimension", "Outcome or RE-AIM dimension"),
              Field("measure", "Measure"),
              Field("date", "Date", check=_is_date),
              Field("value", "Value"),
              Field("collector", "Who collected it", name_like=True),
              _note),
        _kind("adaptation", "adaptation", ("strategy", "date", "part"),
              _strategy,
              Field("date", "Date of the change", check=_is_date),
              Field("part", "What was modified", type="choice", choices=ADAPTED_PARTS),
              Field("change", "What changed", max_length=MAX_LONG),
              Field("new_value", "The new wording of that part", required=False,
                    max_length=MAX_LONG),
              Field("nature", "Nature of the modification", type="choice",
                    choices=("content", "evaluation", "training")),
              Field("fidelity", "Does it keep the strategy's core?", type="choice",
                    choices=("keeps the core", "changes the core", "not sure"),
                    required=False, default="not sure"),
              Field("goal", "Goal of the change", max_length=MAX_LONG),
              Field("reason", "Reason for the change", max_length=MAX_LONG),
              Field("planned", "Planned or unplanned", type="choice",
                    choices=("planned ahead", "unplanned, in response to events")),
              Field("decided_by", "Who decided", type="list", name_like=True),
              Field("spread", "How widespread", type="choice",
                    choices=("one person or site", "some people or sites",
                             "the whole initiative")),
              Field("replaced_by", "Replaced by (for a dropped strategy)", type="int",
                    required=False, check=_is_eric_id),
              rules=(_replacement_is_new,)),
        _kind("factor_rerating", "member's new context rating", ("review", "construct", "member"),
              Field("review", "Review date", check=_is_date), _construct,
              Field("member", "Who is rating", name_like=True), _effect, _strength, _note),
        _kind("agreed_rerating", "team's new context rating", ("review", "construct"),
              Field("review", "Review date", check=_is_date), _construct, _effect, _strength,
              _note),
        _kind("readiness_rerating", "member's new readiness rating",
              ("review", "member", "component"),
              Field("review", "Review date", check=_is_date), _member,
              Field("component", "Part of readiness", type="choice",
                    choices=framework_items("R=MC2_component")),
              Field("rating", "Rating", type="int", minimum=1, maximum=5), _note),
        _kind("readiness_agreed", "team's readiness rating", ("review", "component"),
              Field("review", "Review date", check=_is_date),
              Field("component", "Part of readiness", type="choice",
                    choices=framework_items("R=MC2_component")),
              Field("rating", "Rating", type="int", minimum=1, maximum=5), _note),
        # The facilitator's switch: members' own ratings of one kind (and one review) shown
        # to everyone at once, or hidden again until each has rated.
        _kind("ratings_open", "facilitator's switch that shows members' ratings",
              ("ratings", "review"),
              Field("ratings", "Which ratings", type="choice", choices=RATED_ALONE),
              Field("review", "Review date", required=False, check=_is_date),
              Field("open", "Shown to everyone", type="choice", choices=("yes", "no")),
              rules=(_review_only_when_rated_at_one,)),
        _kind("progress", "module progress", ("module",),
              _module,
              Field("status", "Status", type="choice",
                    choices=("not started", "in progress", "done"))),
    )
}


def record_kind(kind: object) -> RecordKind:
    """The kind of record called ``kind``, or a ValidationError saying there is none."""
    spec = KINDS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        raise ValidationError([f"“{str(kind)[:100]}” is not something the course records."])
    return spec


def validate(kind: str, data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Check an entry of a given kind; return the cleaned values or raise ValidationError.

    ``partial`` checks only the fields present, as a past version is checked: fields added to
    the course since it was written are not asked for.
    """
    spec = record_kind(kind)
    if not isinstance(data, Mapping):
        raise ValidationError([f"A {spec.label} must be a set of named fields."])
    unknown = sorted(str(name)[:100] for name in set(data) - set(spec._by_name))
    messages = [f"“{name}” is not part of a {spec.label}." for name in unknown]
    cleaned: dict[str, Any] = {}
    for f in spec.fields:
        if partial and f.name not in data:
            continue
        value, message = f.clean(data.get(f.name))
        if message:
            messages.append(message)
        else:
            cleaned[f.name] = value
    if not messages and not partial:
        messages = [m for rule in spec.rules if (m := rule(cleaned))]
    if messages:
        raise ValidationError(messages)
    return cleaned


def complete(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """An entry as read back, with any optional field added to the course since it was
    written given its empty value: an action step saved before steps had a status reads as
    "not started"."""
    spec = KINDS.get(kind)
    for f in spec.fields if spec else ():
        if f.name not in data and not f.required:
            data[f.name] = f.empty()
    return data
