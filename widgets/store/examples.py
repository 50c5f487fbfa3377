"""A finished team's plan as a local worked example for the next cohort, names removed.

A team records its consent in its own workspace (kind ``example_consent``); a facilitator
then copies its plan (``course example``) with :func:`anonymised`, and points the course at
the copy with ``$COURSE_EXAMPLE`` (see ``access.example_workspace``). Everything here is
plain data in, plain data out: the command reads and writes the files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .cohort import COURSE_MODULES
from .model import KINDS, Field, ValidationError, clean_name, normalise_name, validate
from .schema import SCHEMA_VERSION, utc_now
from .snapshot import SNAPSHOT_FORMAT, parse_snapshot
from .workspace import TeamWorkspace

__all__ = ["CONSENT_STATEMENT", "anonymised", "example_file_name", "example_refusals",
           "names_left_as_words"]

# What a team agrees to: the course's words, kept in the team's consent entry as agreed.
CONSENT_STATEMENT = (
    "Our team agrees that, once we have finished the course, a facilitator may copy our "
    "plan and show it to later cohorts of our organisation as a worked example. In the copy "
    "every person's name is replaced by “Member 1”, “Member 2” and so on, the team gets "
    "another name, and earlier versions of our entries are left out. What the plan says "
    "about our initiative and our setting stays in it, so people who know us may still "
    "recognise it. We can withdraw at any time: the facilitator then makes no copy, and "
    "stops using a copy already made."
)
EXAMPLE_AUTHOR = "course example"  # who made an entry of the copy, when it was no one named
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame"})
_PARENTHESES = re.compile(r"\([^)]*\)")  # "Kemi (another team)": no name in the brackets
_PART = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # a run of letters: O'Brien, Lúcia


def example_refusals(ws: TeamWorkspace) -> list[str]:
    """Why the team's plan cannot become a worked example (nothing when it can): it has not
    recorded its consent, has withdrawn it, or has not marked every module of the course
    done."""
    reasons = []
    consent = ws.get("example_consent", "")
    if consent is None:
        reasons.append(f"{ws.name} has not agreed to its plan becoming a worked example: the "
                       "team records its consent in Module 7 first.")
    elif consent["status"] == "withdrawn":
        reasons.append(f"{ws.name} withdrew its consent to its plan becoming a worked example "
                       f"(on {consent['date']}).")
    done = {p["module"] for p in ws.list("progress") if p["status"] == "done"}
    if missing := [str(m) for m in COURSE_MODULES if m not in done]:
        reasons.append(f"{ws.name} has not finished the course: Module{'s' * (len(missing) > 1)} "
                       f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not marked "
                       "done.")
    return reasons


def _names(records: Sequence[Mapping[str, Any]]) -> Iterator[str]:
    """Every person's name in the entries, members first (each as the course keeps names)."""
    for r in records:
        if r["kind"] == "member":
            yield normalise_name(str(r["data"].get("name", "")))
    for r in records:
        for f in _name_fields(r["kind"]):
            value = r["data"].get(f.name)
            for name in value if isinstance(value, list) else [value]:
                if isinstance(name, str):
                    yield normalise_name(name)


def _name_fields(kind: str) -> list[Field]:
    spec = KINDS.get(kind)
    return [f for f in spec.fields if f.name_like] if spec else []


def _parts(name: str) -> Iterator[tuple[str, bool]]:
    """The parts of a name to find in free text on their own, each with whether to find it
    only with its capital: first names and surnames of 2 letters or more, since in lower case
    most are also words ("Will", "Grace", "Day": "we will meet every day" keeps its words).
    Titles, initials, lower-case particles and what is in brackets are left alone; a full name
    is found in any case."""
    for part in _PART.findall(_PARENTHESES.sub(" ", name)):
        if part.casefold() not in _TITLES and len(part) >= 2 and part[0].isupper():
            yield part, True


def _capital(part: str) -> str:
    """A pattern for a name part that starts with its capital, in any case after it ("Will",
    "WILL"), never a word in lower case ("will")."""
    return re.escape(part[0]) + f"(?i:{re.escape(part[1:])})"


class _Renamer:
    """Names replaced by labels: a name field's value by its own label, and every known name
    and part of one in free text, whole words only, longest first (a full name before its
    first name); the team's name in free text becomes the example's."""

    def __init__(self, labels: Mapping[str, str], team: str, team_label: str) -> None:
        self.labels = {**labels, team: team_label} if team else dict(labels)
        found: dict[tuple[str, bool], str] = {(team, False): team_label}
        for name, label in labels.items():
            found.setdefault((name, False), label)
        for name, label in labels.items():
            for part in _parts(name):
                found.setdefault(part, label)
        order = sorted((k for k in found if k[0]), key=lambda k: -len(k[0]))
        self.by_group = {f"g{n}": found[k] for n, k in enumerate(order)}
        pattern = "|".join(f"(?P<g{n}>{_capital(t) if exact else f'(?i:{re.escape(t)})'})"
                           for n, (t, exact) in enumerate(order))
        self.finder = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)") if order else None

    def text(self, value: Any) -> Any:
        """Free text with every name in it replaced (anything else as it is)."""
        if not isinstance(value, str) or self.finder is None:
            return value
        return self.finder.sub(lambda m: self.by_group[m.lastgroup or ""], value)

    def name(self, value: Any) -> Any:
        """A name field's value, its label."""
        return self.labels.get(normalise_name(value), value) if isinstance(value, str) else value

    def entry(self, kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """An entry with every name in it replaced: in name fields and in free text."""
        out = dict(data)
        for f in KINDS[kind].fields:
            value = data.get(f.name)
            if f.type == "choice" or value is None:
                continue
            swap = self.name if f.name_like else self.text
            out[f.name] = (list(dict.fromkeys(map(swap, value))) if isinstance(value, list)
                           else swap(value))
        return out


def anonymised(snapshot: Mapping[str, Any], *, team_label: str) -> dict[str, Any]:
    """A copy of a team's snapshot to show later cohorts: every person's name (the roster's
    and any other in a name field: owners, raters, who came, who decided, who collects)
    replaced by "Member 1", "Member 2" and so on, the same label everywhere, in free text
    too; the team renamed ``team_label``; entries the team deleted and every past version
    left out (they may hold names or words the team has since taken away); each entry's key
    made again from its new fields. It is checked as any imported file is before it is
    returned, so it loads as it is.
    """
    label = clean_name(team_label, "Label for the example")
    records = [r for r in snapshot.get("records") or [] if not r.get("deleted")]
    deleted = [r for r in snapshot.get("records") or [] if r.get("deleted")]
    team = normalise_name(str(snapshot.get("team", "")))
    # The team's own name may be in a name field too (who presented at a peer consultation):
    # it is the team's, renamed as such, never a person's.
    names = dict.fromkeys(n for n in _names([*records, *deleted]) if n and n != team)
    labels = {name: f"Member {n}" for n, name in enumerate(names, 1)}
    renamer = _Renamer(labels, team, label)
    out = []
    for r in records:
        kind = r["kind"]
        try:
            data = validate(kind, renamer.entry(kind, r["data"]))
        except ValidationError as exc:
            raise ValidationError([f"A {KINDS[kind].label} cannot be copied without its "
                                   "names:", *exc.messages]) from None
        author = normalise_name(str(r.get("updated_by") or ""))
        out.append({"kind": kind, "key": KINDS[kind].key(data), "data": data, "version": 1,
                    "deleted": False, "updated_by": labels.get(author, EXAMPLE_AUTHOR),
                    "updated_at": r.get("updated_at")})
    copy = {"format": SNAPSHOT_FORMAT, "schema_version": SCHEMA_VERSION, "team": label,
            "exported_at": utc_now(), "records": out, "history": []}
    parse_snapshot(copy, f"The copy of {snapshot.get('team')} without names")
    return copy


def names_left_as_words(copy: Mapping[str, Any], snapshot: Mapping[str, Any]) -> list[str]:
    """Parts of the team's people's names that are still in the copy's text, written as words
    are (in lower case, as in "we will meet", or a name typed that way): ``anonymised`` leaves
    them, since most are words; the facilitator reads each one. Each once, as found."""
    team = normalise_name(str(snapshot.get("team", "")))
    parts = {p.casefold() for n in _names(snapshot.get("records") or []) if n and n != team
             for p, _ in _parts(n)}
    found: dict[str, None] = {}
    for r in copy.get("records") or []:
        for value in r["data"].values():
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    for word in _PART.findall(text):
                        if word.casefold() in parts:
                            found.setdefault(word, None)
    return list(found)


def example_file_name(label: str) -> str:
    """The file a worked example called ``label`` is written to: plain letters, digits and
    hyphens, so it reads the same on every computer ("Clinic 2027" is clinic-2027.json)."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return (re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60] or "example") + ".json"
