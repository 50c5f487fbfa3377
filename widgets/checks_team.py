"""The graded checks of Modules 0 to 3: the team, its shared language, its context and its
strategies. One small function per check, returning the problems it finds in words a team can
act on (what is missing, for which entry, where to fix it); none means the check passes.

The thresholds are the course's own rules of thumb, taken from what the modules ask: a note
says what someone saw, a mechanism says how a strategy works, a list of strategies stays
short enough to carry out. A check never passes on an empty workspace.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ._text import is_placeholder
from ._wording import lines, quote, some
from .glossary import CORE_TERMS
from .grading import is_thin_note
from .initiative import priorities
from .model import PERSPECTIVES
from .plan import strategy_label
from .reference import cfir_construct
from .store import TeamWorkspace

# A real note says what someone saw ("Nurses have no protected time" is 5 words); a
# mechanism says how a strategy works, which takes a little more.
NOTE_WORDS = 4
MECHANISM_WORDS = 6
MIN_MEMBERS = 3
MIN_PERSPECTIVES = 3
MIN_AGREEMENTS = 3
MAX_STRATEGIES_PER_BARRIER = 3  # the course's "two or three per barrier at most"


def roster_names(ws: TeamWorkspace) -> set[str]:
    """The names on the team's roster."""
    return {m["name"] for m in ws.members()}


# Module 0: the team ----------------------------------------------------------------------

def members_with_roles(ws: TeamWorkspace) -> list[str]:
    """Enough people to share the work, each with a role, so the team knows who does what."""
    members = ws.members()
    problems = []
    if len(members) < MIN_MEMBERS:
        problems.append(f"Your roster has {len(members)} member(s). Add everyone who works on "
                        f"the initiative with you: at least {MIN_MEMBERS} people.")
    no_role = [m["name"] for m in members if is_placeholder(m["role"])]
    if no_role:
        problems.append("Add each person's role (their job or position) for: "
                        + some(no_role) + ".")
    return problems


def perspectives(ws: TeamWorkspace) -> list[str]:
    """A mix of views: a team of one perspective misses what the others would see."""
    have = sorted({m["perspective"] for m in ws.members()} - {"other"})
    if len(have) >= MIN_PERSPECTIVES:
        return []
    lacking = [p for p in PERSPECTIVES if p not in have and p != "other"]
    return [f"Your roster shows {len(have)} different perspective(s)"
            f"{': ' + ', '.join(have) if have else ''}. A mix of views lets the team see more: "
            f"invite people who bring at least {MIN_PERSPECTIVES} different perspectives (not "
            f"yet on the team: {', '.join(lacking)}), and add them to the roster."]


def agreements(ws: TeamWorkspace) -> list[str]:
    """Agreements a team can actually check itself against, and a meeting rhythm."""
    a = ws.get("agreements", "")
    if a is None:
        return ["Your team has not saved its working agreements yet. Write them in the "
                "Module 0 agreements form."]
    problems = []
    written = lines(a["agreements"])
    if len(written) < MIN_AGREEMENTS:
        problems.append(f"Write at least {MIN_AGREEMENTS} working agreements, one per line "
                        f"(there are {len(written)}).")
    vague = [line for line in written if is_thin_note(line, 3)]
    if vague:
        problems.append("Make these agreements specific enough to check (what people will "
                        "do): " + "; ".join(quote(v) for v in vague) + ".")
    if is_placeholder(a["rhythm"]):
        problems.append("Say when your team meets: the sessions, and the meetings between "
                        "them.")
    return problems


def facilitator(ws: TeamWorkspace) -> list[str]:
    """Someone on the team keeps time and makes sure every voice is heard."""
    a = ws.get("agreements", "")
    if a is None:
        return ["Name who facilitates your sessions in the Module 0 agreements form."]
    if a["facilitator"] not in roster_names(ws):
        return [f"“{a['facilitator']}” facilitates, but is not on your roster. Add them to the "
                "roster, or name a member who facilitates."]
    return []


def meeting_after(module: int) -> Callable[[TeamWorkspace], list[str]]:
    """A check that the team met between sessions after ``module`` and wrote what it decided."""

    def find(ws: TeamWorkspace) -> list[str]:
        meetings = [m for m in ws.list("meeting") if m.get("module") == module]
        if not meetings:
            return [f"No between-session meeting after Module {module} is logged. Meet as a "
                    f"team, then log it with the meeting form at the end of Module {module} "
                    "(date, who came, what you decided)."]
        if not any(len(m["attendees"]) >= 2 for m in meetings):
            return ["The meeting log shows only one person at your meeting. Add everyone who "
                    "came."]
        if all(is_thin_note(m["decisions"], NOTE_WORDS) for m in meetings):
            return [f"Write what your team decided at the meeting ({NOTE_WORDS} words or "
                    "more): who does what, by when."]
        return []

    return find


# Module 1: shared language ---------------------------------------------------------------

def by_term(ws: TeamWorkspace) -> dict[str, list[dict]]:
    """Members' own definitions, by term."""
    out: dict[str, list[dict]] = defaultdict(list)
    for e in ws.list("glossary_entry"):
        out[e["term"]].append(e)
    return out


def own_words(ws: TeamWorkspace) -> list[str]:
    """Members wrote their own understanding first, so differences could come out."""
    shared = [t for t, entries in by_term(ws).items()
              if len({e["member"] for e in entries}) >= 2]
    if len(shared) >= 3:
        return []
    return [f"Only {len(shared)} term(s) have their own definitions from two or more members"
            f"{': ' + ', '.join(sorted(shared)) if shared else ''}. Each member writes their "
            "own understanding of at least 3 terms (for example "
            f"{', '.join(CORE_TERMS[5:7])} and fidelity), so the team can compare."]


def definitions(ws: TeamWorkspace) -> list[str]:
    """Each member's definition says something the team can compare."""
    if not ws.list("glossary_entry"):
        return ["No member has written their own understanding of a term yet (Module 1 "
                "glossary form)."]
    thin = [f"{e['term']} ({e['member']})" for e in ws.list("glossary_entry")
            if is_thin_note(e["definition"], NOTE_WORDS)]
    if not thin:
        return []
    return [f"These definitions do not say anything yet (write {NOTE_WORDS} words or more, in "
            "your own words, not “tbd”): " + some(thin) + "."]


def team_definitions(ws: TeamWorkspace) -> list[str]:
    """The team agreed a definition for every term it talked about."""
    agreed = {e["term"]: e["definition"] for e in ws.list("glossary_agreed")}
    written = sorted(by_term(ws))
    if not written:
        return ["No member has written a definition yet, so there is nothing to agree. Start "
                "with the Module 1 glossary form."]
    problems = []
    missing = [t for t in written if t not in agreed]
    if missing:
        problems.append("Agree a team definition for every term members wrote about. Not yet "
                        "agreed: " + some(missing) + ".")
    thin = [t for t in written if t in agreed and is_thin_note(agreed[t], NOTE_WORDS)]
    if thin:
        problems.append(f"Write these team definitions out ({NOTE_WORDS} words or more): "
                        + some(thin) + ".")
    return problems


# Module 2: the initiative and its context ------------------------------------------------

PROFILE = {"name": ("its name", 1), "setting": ("where it happens", 3),
            "innovation": ("what is being put in place", 3), "serves": ("who it serves", 3),
            "aims": ("what it aims to change", 3)}


def initiative(ws: TeamWorkspace) -> list[str]:
    """The initiative is described well enough for later modules to build on."""
    profile = ws.get("initiative", "")
    if profile is None:
        return ["Fill in your initiative profile in Module 2."]
    thin = [label for key, (label, n) in PROFILE.items() if is_thin_note(profile[key], n)]
    if not thin:
        return []
    return ["Say more in the initiative profile about: " + some(thin)
            + " (a short sentence each, not a placeholder)."]


def ratings(ws: TeamWorkspace) -> list[str]:
    """Several members rated, across more than one domain, barriers and facilitators."""
    factors = ws.context_factors()
    rated = {f["construct"] for f in factors}
    domains = {cfir_construct(c).domain for c in rated}
    raters = {f["member"] for f in factors}
    effects = {f["effect"] for f in factors}
    problems = []
    if len(raters) < 2:
        problems.append(f"{len(raters)} member(s) rated factors. Each member rates on their own "
                        "first: at least 2 members need to rate.")
    if len(rated) < 3:
        problems.append(f"Your team rated {len(rated)} different factor(s). Rate at least 3.")
    elif len(domains) < 2:
        problems.append(f"All your ratings are in one CFIR 2.0 domain ({', '.join(domains)}). "
                        "Look wider: rate at least one factor from another domain.")
    for effect, meaning in (("barrier", "something that makes the work harder"),
                            ("facilitator", "something that makes it easier")):
        if factors and effect not in effects:
            problems.append(f"Rate at least one {effect}: {meaning}.")
    return problems


def rating_notes(ws: TeamWorkspace) -> list[str]:
    """Each rating says what it is based on, so the team can check and act on it."""
    factors = ws.context_factors()
    if not factors:
        return ["Your team has no ratings yet, so there are no notes to check. Rate factors in "
                "Module 2, each with a note."]
    thin = [f"{f['construct']} rated by {f['member']}" for f in factors
            if is_thin_note(f["note"], NOTE_WORDS)]
    if not thin:
        return []
    return [f"Each rating needs a note of {NOTE_WORDS} words or more saying what you have seen "
            "or heard (not “tbd”). Add to the note for: " + some(thin) + "."]


def priority_barriers(ws: TeamWorkspace) -> list[str]:
    """Priorities come from the agreed map, each with the team's reason."""
    ranked = priorities(ws)
    if not ranked:
        return ["Choose your priority barriers at the end of Module 2: rate how important and "
                "how changeable each barrier in your agreed map is."]
    agreed = {f["construct"] for f in ws.list("agreed_factor") if f["effect"] == "barrier"}
    problems = []
    outside = [cfir_construct(p["construct"]).name for p in ranked
               if p["construct"] not in agreed]
    if outside:
        problems.append("Agree the team's view of each priority barrier in the agreed map "
                        "first (as a barrier): " + some(outside) + ".")
    thin = [cfir_construct(p["construct"]).name for p in ranked
            if is_thin_note(p["reason"], NOTE_WORDS)]
    if thin:
        problems.append(f"Say why each is a priority ({NOTE_WORDS} words or more): "
                        + some(thin) + ".")
    return problems


# Module 3: from barriers to strategies ---------------------------------------------------

def accepted_decisions(ws: TeamWorkspace) -> list[dict]:
    """The strategies the team chose, one entry per barrier."""
    return [d for d in ws.list("strategy_decision") if d["decision"] == "accepted"]


def covered(ws: TeamWorkspace) -> list[str]:
    """No priority barrier is left without a strategy."""
    ranked = priorities(ws)
    if not ranked:
        return ["Your team has no priority barriers yet (Module 2), so no strategies can be "
                "linked to them."]
    covered = {code for s in ws.list("strategy") for code in s["barriers"]}
    gaps = [cfir_construct(p["construct"]).name for p in ranked
            if p["construct"] not in covered]
    if not gaps:
        return []
    return ["Choose at least one strategy, with the reason it should work, for each priority "
            "barrier. No strategy yet for: " + some(gaps) + "."]


def mechanisms(ws: TeamWorkspace) -> list[str]:
    """Each chosen strategy says how it should weaken its barrier."""
    accepted = accepted_decisions(ws)
    if not accepted:
        return no_decisions()
    thin = [f"{strategy_label(d['strategy'])} for {cfir_construct(d['construct']).name}"
            for d in accepted if is_thin_note(d["reason"], MECHANISM_WORDS)]
    if not thin:
        return []
    return ["Say how each chosen strategy should weaken its barrier, step by step (its "
            f"mechanism, {MECHANISM_WORDS} words or more), not only that it is a good idea. "
            "Still missing for: " + some(thin) + "."]


def no_decisions() -> list[str]:
    """What to say when no strategy has been decided on yet."""
    return ["Your team has not decided on any strategies yet. Use the Module 3 selector."]


def rejections(ws: TeamWorkspace) -> list[str]:
    """A strategy turned down keeps its reason, which saves the same talk later."""
    if not ws.list("strategy_decision"):
        return no_decisions()
    thin = [f"{strategy_label(d['strategy'])} for {cfir_construct(d['construct']).name}"
            for d in ws.list("strategy_decision")
            if d["decision"] == "rejected" and is_thin_note(d["reason"], 3)]
    if not thin:
        return []
    return ["A “no” is a decision too: write a short reason (3 words or more) for each "
            "strategy you turned down: " + some(thin) + "."]


def short_list(ws: TeamWorkspace) -> list[str]:
    """A short list of strategies the team can actually carry out."""
    if not accepted_decisions(ws):
        return no_decisions()
    per_barrier: dict[str, set[int]] = defaultdict(set)
    for d in accepted_decisions(ws):
        per_barrier[d["construct"]].add(d["strategy"])
    long = [f"{cfir_construct(c).name} ({len(s)})" for c, s in per_barrier.items()
            if len(s) > MAX_STRATEGIES_PER_BARRIER]
    if not long:
        return []
    return [f"Keep the list doable: at most {MAX_STRATEGIES_PER_BARRIER} strategies per "
            "barrier, the ones your team can actually carry out. Too many for: "
            + ", ".join(long) + "."]
