"""What a team can record, and the checks every entry passes on the way in.

Each kind of record is a list of fields. Adding a field to a later module is one line here:
records are stored as JSON, so the database needs no change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .reference import cfir_construct

__all__ = ["Field", "RecordKind", "ValidationError", "KINDS", "PERSPECTIVES", "validate"]

MAX_SHORT = 200
MAX_LONG = 10_000

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

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(" ".join(messages))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Field:
    """One thing a participant fills in."""

    name: str
    label: str
    type: str = "text"  # "text", "choice", "int"
    required: bool = True
    max_length: int = MAX_SHORT
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    check: Callable[[Any], str | None] | None = None  # returns a message when the value is wrong

    def clean(self, value: Any) -> tuple[Any, str | None]:
        """Return the value to store, or a message saying what to change."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                return None, f"Please fill in “{self.label}”."
            return ("" if self.type != "int" else None), None
        if self.type == "int":
            return self._clean_int(value)
        if not isinstance(value, str):
            return None, f"“{self.label}” must be text."
        if self.type == "choice" and value not in self.choices:
            return None, f"“{self.label}” must be one of: {', '.join(self.choices)}."
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
        # Keep what was typed exactly; only normalise the Unicode form so the same
        # word typed on two machines compares equal.
        value = unicodedata.normalize("NFC", value)
        if self.check and (message := self.check(value)):
            return None, message
        return value, None

    def _clean_int(self, value: Any) -> tuple[int | None, str | None]:
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None, f"“{self.label}” must be a whole number."
        if isinstance(value, float) and value != number or isinstance(value, bool):
            return None, f"“{self.label}” must be a whole number."
        low, high = self.minimum, self.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            return None, f"“{self.label}” must be between {low} and {high}."
        return number, None


@dataclass(frozen=True)
class RecordKind:
    """A kind of record: its fields and which of them identify one record."""

    name: str
    label: str
    fields: tuple[Field, ...]
    key_fields: tuple[str, ...]
    _by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})

    def key(self, data: Mapping[str, Any]) -> str:
        """The record's identity within a team, built from its key fields."""
        return "|".join(str(data[name]) for name in self.key_fields)


def _is_cfir_code(code: str) -> str | None:
    try:
        cfir_construct(code)
    except KeyError:
        return f"“{code}” is not a CFIR 2.0 factor. Please pick one from the list."
    return None


KINDS: dict[str, RecordKind] = {
    k.name: k
    for k in (
        RecordKind(
            "member",
            "team member",
            (
                Field("name", "Name"),
                Field("role", "Role on the team", required=False),
                Field("perspective", "Perspective", type="choice", choices=PERSPECTIVES),
            ),
            key_fields=("name",),
        ),
        RecordKind(
            "context_factor",
            "context factor",
            (
                Field("construct", "Context factor", check=_is_cfir_code),
                Field("member", "Who is rating"),
                Field("effect", "Barrier or facilitator", type="choice",
                      choices=("barrier", "facilitator")),
                Field("strength", "How strong", type="int", minimum=1, maximum=3),
                Field("note", "Note or evidence", required=False, max_length=MAX_LONG),
            ),
            key_fields=("construct", "member"),
        ),
    )
}


def validate(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Check an entry of a given kind; return the cleaned values or raise ValidationError."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ValidationError([f"“{kind}” is not something the course records."])
    unknown = sorted(set(data) - set(spec._by_name))
    messages = [f"“{name}” is not part of a {spec.label}." for name in unknown]
    cleaned: dict[str, Any] = {}
    for f in spec.fields:
        value, message = f.clean(data.get(f.name))
        if message:
            messages.append(message)
        else:
            cleaned[f.name] = value
    if messages:
        raise ValidationError(messages)
    return cleaned
