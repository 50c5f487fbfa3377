"""Teams for the exercise tests, built from the course's example team (Riverbend).

The example team leaves gaps on purpose (the worked examples show the checks at work): a "tbd"
dose, a strategy with no one accountable, one with no measure, sustainability actions with no
owner (its Funding priority is kept for leaders, as Module 2 teaches, so it needs no strategy).
``complete_team`` closes every gap, as a team that finished the work would; ``partial_team``
keeps them and adds a few for Modules 0 to 2 and 8. What each check should then say is written
out in PARTIAL_FAILS, from how the team was built.
"""

from __future__ import annotations

from widgets.analysis.strategies import strategy_label
from widgets.store import Store, TeamWorkspace, example_workspace, import_snapshot

COMPLETE = "Eastside Diabetes Team"
PARTIAL = "Westside Team"
BY = "Sam Lee"

# The checks each exercise should fail for the partial team, and why (see partial_team).
PARTIAL_FAILS = {
    "00_team": {"roster", "facilitator"},  # Sam Lee has no role; the facilitator is no member
    "01_language": {"definitions", "team_definitions"},  # a "tbd" definition; none agreed
    "02_context": {"rating_notes"},  # Tom's note on Funding is "tbd"
    "03_strategies": {"meeting"},  # no meeting after Module 3 (Funding is kept for leaders)
    "04_action": {"specified", "meeting"},  # the front-desk session's dose is "tbd"
    "05_roles": {"one_accountable", "readiness", "meeting"},  # no one accountable for 46
    "06_outcomes": {"every_strategy_measured", "meeting"},  # no measure for 15
    "07_sustain": {"weak_domain_actions"},  # actions without who or when
    "08_review": {"stopped_steps_explained"},  # the blocked step's reason is "tbd"
}
# Words the partial team's feedback must contain for each failing check: the entry to fix.
PARTIAL_NAMES = {
    "00_team": ["The board chair", "Sam Lee"],
    "01_language": ["mechanism (Grace Mensah)", "Not yet agreed: mechanism"],
    "02_context": ["III.J.1 rated by Tom Becker"],
    "03_strategies": ["after Module 3"],
    "04_action": ["15. Conduct educational meetings: Dose is empty or a placeholder"],
    "05_roles": ["46. Obtain and use patients/consumers and family feedback",
                 "Motivation (Amara Okafor)", "after Module 5"],
    "06_outcomes": ["No measure yet for: 15. Conduct educational meetings", "after Module 6"],
    "07_sustain": ["Funding stability (rated 2)", "Strategic planning (rated 3)"],
    "08_review": ["Add a peer-support field to the health record"],
}


def example_as(store: Store, name: str) -> TeamWorkspace:
    """A copy of the example team under another name (a submission may not be the example)."""
    return import_snapshot(store, example_workspace().snapshot(), team=name)


def complete_team(store: Store, name: str = COMPLETE) -> TeamWorkspace:
    """The example team with every gap closed."""
    ws = example_as(store, name)
    for module, day in zip(range(3, 8), ("10-29", "11-12", "11-26", "12-10", "12-17"),
                           strict=True):
        ws.save("meeting", {"date": f"2026-{day}", "module": module,
                            "attendees": ["Amara Okafor", "Grace Mensah", "Sam Lee"],
                            "notes": "Went through the module's checks together.",
                            "decisions": "Amara updates the plan and shares it by Friday."},
                by=BY)
    spec = ws.get("specification", "15")
    ws.save("specification", {**spec, "dose": "One 30-minute session at the monthly staff "
                                              "meeting; a 10-minute refresher 3 months later"},
            by=BY)
    ws.save("role_assignment", {"task": strategy_label(46), "member": "Grace Mensah",
                                "role": "accountable"}, by=BY)
    for r in ws.list("readiness"):
        ws.save("readiness", {**r, "note": f"What I see of {r['component'].lower()} in my "
                                           "daily work."}, by=r["member"])
    ws.save("outcome_measure", {"strategy": 15, "dimension": "Adoption",
                                "measure": "Referrals from the front desk each month",
                                "source": "Referral form", "collector": "Tom Becker",
                                "timing": "Monthly, from March"}, by=BY)
    actions = {"Funding stability": "Dr. Nair asks the board about year-2 funding by June.",
               "Organizational capacity": "Amara writes matching into Grace's job "
                                          "description by April 2027.",
               "Strategic planning": "Dr. Nair adds peer support to next year's clinic plan "
                                     "by September."}
    for domain, action in actions.items():
        ws.save("sustainability", {**ws.get("sustainability", domain), "action": action}, by=BY)
    return ws


def partial_team(store: Store, name: str = PARTIAL) -> TeamWorkspace:
    """The example team as it is, with a few more gaps for Modules 0 to 2 and 8, no meetings
    after Module 2 and no readiness notes."""
    ws = example_as(store, name)
    ws.save("member", {"name": "Sam Lee", "role": "", "perspective": "researcher"}, by=BY)
    ws.save("agreements", {**ws.get("agreements", ""), "facilitator": "The board chair"}, by=BY)
    ws.save("glossary_entry", {"term": "mechanism", "member": "Grace Mensah",
                               "definition": "tbd"}, by=BY)
    ws.delete("glossary_agreed", "mechanism", by=BY)
    ws.save("context_factor", {**ws.get("context_factor", "III.J.1|Tom Becker"), "note": "tbd"},
            by=BY)
    step = "Add a peer-support field to the health record"
    ws.save("action_step", {**ws.get("action_step", step), "status_reason": "tbd"}, by=BY)
    for m in ws.list("meeting"):  # no meetings logged after Module 2
        if m["module"] is not None and m["module"] > 2:
            ws.delete("meeting", m["date"], by=BY)
    for r in ws.list("readiness"):  # readiness rated with no word of why
        ws.save("readiness", {**r, "note": ""}, by=r["member"])
    return ws
