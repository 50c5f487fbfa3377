"""Write widgets/reference/data/example_team.json: the fictional example team's workspace.

The notebooks' worked examples, the course site and the tests all read that file, so the
example's story lives here in one place. Run from the repository root after changing it:

    .venv/bin/python -m scripts.make_example_team
"""

from __future__ import annotations

import json
from pathlib import Path

from widgets.analysis.strategies import strategy_label, sync_strategy
from widgets.reference import framework_items
from widgets.store import EXAMPLE_TEAM, Store

DATA = Path(__file__).resolve().parent.parent / "widgets" / "reference" / "data"
OUT = DATA / "example_team.json"
WHEN = "2026-11-01T09:00:00.000000+00:00"  # fixed, so the file only changes with the story

MEMBERS = [
    ("Amara Okafor", "Nurse manager", "implementer"),
    ("Tom Becker", "Data analyst", "evaluator"),
    ("Grace Mensah", "Community health worker", "community partner"),
    ("Luis Ortega", "Patient who lives with diabetes", "lived experience"),
    ("Dr. Priya Nair", "Clinic director", "leader"),
    ("Sam Lee", "University partner; took the course last year", "researcher"),
]
AGREEMENTS = {
    "agreements": "We start and end on time.\n"
                  "Everyone rates on their own before the team discusses.\n"
                  "We use plain words, and anyone can ask “what does that mean?”.\n"
                  "Luis and Grace speak first on topics that touch patients.\n"
                  "Decisions go in the meeting log.",
    "facilitator": "Sam Lee",
    "rhythm": "Sessions every other Tuesday; a 30-minute meeting the Thursday after.",
}
GLOSSARY = [
    ("strategy", "Amara Okafor", "A plan for getting the program going in the clinic."),
    ("strategy", "Tom Becker", "A planned action that helps staff and patients use the program."),
    ("strategy", "Luis Ortega", "The way we get patients to join."),
    ("fidelity", "Luis Ortega", "Being loyal to the clinic and sticking with it."),
    ("fidelity", "Tom Becker", "How closely we deliver the program as it was designed."),
    ("fidelity", "Amara Okafor", "Following the peer-support manual exactly, step by step."),
    ("mechanism", "Sam Lee", "How a strategy causes change: the process it works through."),
    ("mechanism", "Grace Mensah", "The reason something works, what makes it click for people."),
    ("mechanism", "Dr. Priya Nair", "The machinery of the program: rooms, schedules, records."),
]
AGREED_TERMS = {
    "strategy": "A planned action that helps people take up and keep using the program.",
    "fidelity": "How far the program is delivered as designed, in the parts that matter most.",
    "mechanism": "How a strategy brings about change: what it changes in people or settings.",
}
INITIATIVE = {
    "name": "Peer support for type 2 diabetes",
    "setting": "Riverbend Family Health Centre, a community clinic.",
    "innovation": "Trained peer supporters who live with diabetes meet patients once a month.",
    "serves": "Adults at the clinic who live with type 2 diabetes.",
    "aims": "Patients feel more confident managing diabetes day to day.",
}
RATINGS = [  # construct, member, effect, strength, note
    ("III.J.1", "Dr. Priya Nair", "barrier", 3,
     "The grant pays peer supporters' stipends for the first year only."),
    ("III.J.1", "Tom Becker", "barrier", 2,
     "The budget has no line for the program after next year."),
    ("III.F", "Amara Okafor", "facilitator", 2,
     "Meetings can use the room we already book for diabetes classes."),
    ("III.F", "Luis Ortega", "barrier", 3,
     "Meetings are on weekday afternoons, when many patients I know are at work."),
    ("II.C", "Grace Mensah", "barrier", 2,
     "Patients tell me the bus from the east side runs only once an hour."),
    ("IV.Characteristics.C", "Amara Okafor", "barrier", 3,
     "Nurses have no protected time to match patients with peer supporters."),
    ("III.E", "Amara Okafor", "facilitator", 2,
     "Staff are worried about rising A1c numbers and want something new."),
    ("III.E", "Dr. Priya Nair", "facilitator", 3,
     "Diabetes outcomes are a clinic priority this year."),
    ("IV.Roles.I", "Luis Ortega", "facilitator", 3,
     "Patients I know want to talk to someone who has lived with diabetes."),
    ("IV.Roles.I", "Amara Okafor", "barrier", 1,
     "Some patients may not want to share health details with a neighbor."),
    ("I.F", "Grace Mensah", "barrier", 2, "The sign-up form is long and only in English."),
    ("I.F", "Sam Lee", "facilitator", 1, "The program has only three parts; the manual is short."),
    ("II.D", "Grace Mensah", "facilitator", 3,
     "The community center already hosts a diabetes walking group."),
    ("III.A.2", "Tom Becker", "barrier", 2,
     "The health record has no field to log peer-support visits."),
    ("V.H", "Tom Becker", "barrier", 1, "No one has been asked to track how many patients join."),
    ("III.C", "Luis Ortega", "barrier", 2, "Front-desk staff have not heard of the program."),
]
AGREED = [  # construct, effect, strength, why
    ("III.J.1", "barrier", 3, "Money for stipends ends after one year."),
    ("III.F", "barrier", 2, "The room fits, but the meeting times do not suit working patients."),
    ("II.C", "barrier", 2, "The east-side bus runs once an hour."),
    ("III.E", "facilitator", 3, "Staff and leaders both want better diabetes care now."),
    ("II.D", "facilitator", 3, "The walking group is a ready partner."),
    ("III.C", "barrier", 2, "Front-desk staff cannot refer patients to what they do not know."),
    ("IV.Characteristics.C", "barrier", 3, "Nurses have no time set aside for matching."),
    ("V.H", "barrier", 1, "No plan yet to track who joins."),
]
PRIORITIES = [  # construct, importance, changeability, reason
    ("IV.Characteristics.C", 3, 3, "Without matching, no patient meets a peer supporter."),
    ("III.F", 3, 2, "We can move meetings to times patients choose."),
    ("III.C", 2, 3, "A short briefing could fix this quickly."),
    ("III.J.1", 3, 1, "Vital, but only leaders and funders can change it."),
]
DECISIONS = [  # construct, strategy, decision, source, reason
    ("IV.Characteristics.C", 59, "accepted", "course suggestion",
     "Grace, our community health worker, takes over matching, which frees nurse time."),
    ("IV.Characteristics.C", 35, "accepted", "team's own",
     "A nurse champion keeps matching on the agenda at staff huddles."),
    ("III.F", 46, "accepted", "course suggestion",
     "Asking patients which times work lets us set a schedule they can attend."),
    ("III.F", 2, "rejected", "course suggestion",
     "We have no budget to pay for evening hours."),
    ("III.C", 15, "accepted", "course suggestion",
     "A short session shows front-desk staff what the program is and how to refer."),
    ("III.C", 35, "accepted", "course suggestion",
     "A front-desk champion answers colleagues' questions day to day."),
]
MEETINGS = [
    {"date": "2026-09-17", "attendees": ["Amara Okafor", "Grace Mensah", "Luis Ortega", "Sam Lee"],
     "module": 0, "notes": "Agreed how we work; Sam facilitates.",
     "decisions": "Amara invites a front-desk colleague to the next meeting."},
    {"date": "2026-10-01", "attendees": ["Amara Okafor", "Tom Becker", "Luis Ortega", "Sam Lee"],
     "module": 1, "notes": "Talked through “fidelity”; Luis's reading surprised us.",
     "decisions": "Use the team glossary in all our documents."},
    {"date": "2026-10-15", "attendees": ["Amara Okafor", "Grace Mensah", "Tom Becker",
                                         "Luis Ortega", "Dr. Priya Nair"],
     "module": 2, "notes": "Compared ratings; disagreed on meeting times.",
     "decisions": "Grace asks five patients which times work, by 22 October."},
]

SPECIFICATIONS = {
    59: ("Grace Mensah (community health worker), supported by Amara Okafor",
         "Grace matches each new patient with a peer supporter using a short checklist; "
         "nurses only flag patients who could take part.",
         "The matching step and nurses' workload", "From March 2027, before the first meetings",
         "4 hours a week of Grace's time; reviewed monthly", "Feasibility",
         "Moving matching to someone with time and patients' trust removes the time barrier."),
    35: ("Amara Okafor recruits one nurse and one front-desk champion",
         "Prepare the two champions with a one-hour briefing, then a monthly check-in.",
         "Nurses and front-desk staff", "Recruit in February 2027; active from March",
         "One 1-hour briefing, then 30 minutes monthly", "Adoption",
         "Trusted colleagues keep the program visible and answer questions day to day."),
    46: ("Luis Ortega and Grace Mensah",
         "Ask patients which meeting times work, then set the schedule around the answers.",
         "The meeting schedule", "January 2027, before the schedule is fixed; again after "
         "three months", "A short survey of 20 patients, twice", "Acceptability",
         "Times that patients choose fit their working lives."),
    15: ("Amara Okafor and Luis Ortega",
         "A session for front-desk staff on what the program is and how to refer patients.",
         "Front-desk staff", "February 2027", "tbd", "Adoption",
         "Staff can only refer patients to a program they know about."),
}
STEPS = [  # step, strategy, owner, due
    ("Survey 20 patients on meeting times", 46, "Luis Ortega", "2027-01-22"),
    ("Draft the matching checklist", 59, "Grace Mensah", "2027-01-29"),
    ("Recruit a nurse and a front-desk champion", 35, "Amara Okafor", "2027-02-05"),
    ("Hold the front-desk session", 15, "Amara Okafor", "2027-02-19"),
    ("Present the plan to the clinic board", None, "Dr. Priya Nair", "2027-02-26"),
    ("Add a peer-support field to the health record", None, "Tom Becker", "2027-03-01"),
]
ROLES = [  # strategy, member, role; 46 has no one accountable, Amara carries a lot
    (59, "Grace Mensah", "responsible"), (59, "Amara Okafor", "accountable"),
    (59, "Luis Ortega", "consulted"), (59, "Dr. Priya Nair", "informed"),
    (35, "Amara Okafor", "responsible"), (35, "Dr. Priya Nair", "accountable"),
    (35, "Sam Lee", "consulted"),
    (46, "Luis Ortega", "responsible"), (46, "Grace Mensah", "responsible"),
    (46, "Tom Becker", "consulted"),
    (15, "Amara Okafor", "accountable"), (15, "Luis Ortega", "responsible"),
    (15, "Dr. Priya Nair", "informed"),
]
READINESS = {  # member: motivation, general capacity, innovation-specific capacity
    "Amara Okafor": (4, 2, 2), "Tom Becker": (3, 3, 2), "Grace Mensah": (4, 2, 3),
    "Luis Ortega": (5, 3, 4), "Dr. Priya Nair": (5, 3, 3), "Sam Lee": (4, 3, 4),
}
LEADER_PLAN = {
    "leaders": "Dr. Priya Nair (clinic director, on the team) and the clinic board.",
    "asks": "Protect 4 hours a week of Grace's time for matching.\n"
            "Keep the meeting room booked on the new schedule.\n"
            "Look for funding for a second year.",
    "decisions": "Approve Grace's revised role by February 2027.\n"
                 "Decide by June 2027 whether to seek year-2 funding.",
    "involvement": "Dr. Nair joins every other session; the board hears a 10-minute "
                   "briefing in February.",
}
MEASURES = [  # strategy, dimension, measure, source, collector, timing; 15 has none yet
    (59, "Feasibility", "Share of new patients matched within two weeks", "Matching log",
     "Grace Mensah", "Monthly"),
    (59, "Reach (RE-AIM)", "Share of eligible patients who join", "Health record",
     "Tom Becker", "Quarterly"),
    (35, "Adoption", "Referrals from nurses and the front desk", "Referral form",
     "Tom Becker", "Monthly"),
    (46, "Acceptability", "Patients rating meeting times as convenient", "Short survey",
     "Luis Ortega", "After three months"),
]
SUSTAINABILITY = [
    ("Environmental support", 5, ""),
    ("Funding stability", 2, "Ask the board about year-2 funding by June."),
    ("Partnerships", 6, ""),
    ("Organizational capacity", 3, "Build matching into Grace's job description."),
    ("Program evaluation", 3, "Tom sets up the monthly report."),
    ("Program adaptation", 4, ""),
    ("Communications", 4, "Share a one-page update each quarter."),
    ("Strategic planning", 3, "Add peer support to next year's clinic plan."),
]
REFLECTIONS = {
    "Luis Ortega": "The Thursday meetings were where I felt heard. In the big sessions I "
                   "waited; in the small ones I spoke first.",
    "Amara Okafor": "The role matrix showed I had taken on too much. Handing matching to Grace "
                    "was the best decision we made.",
    "Dr. Priya Nair": "Joining the sessions made the board briefing easy to prepare. I knew "
                      "why each ask mattered.",
}


def build(ws) -> None:
    """Enter the example team's course so far, module by module, as the team would."""
    for name, role, perspective in MEMBERS:
        ws.save("member", {"name": name, "role": role, "perspective": perspective})
    ws.save("agreements", AGREEMENTS, by="Sam Lee")
    for term, member, definition in GLOSSARY:
        ws.save("glossary_entry", {"term": term, "member": member, "definition": definition})
    for term, definition in AGREED_TERMS.items():
        ws.save("glossary_agreed", {"term": term, "definition": definition}, by="Sam Lee")
    ws.save("initiative", INITIATIVE, by="Amara Okafor")
    for code, member, effect, strength, note in RATINGS:
        ws.save("context_factor", {"construct": code, "member": member, "effect": effect,
                                   "strength": strength, "note": note})
    for code, effect, strength, note in AGREED:
        ws.save("agreed_factor", {"construct": code, "effect": effect, "strength": strength,
                                  "note": note}, by="Sam Lee")
    for code, importance, changeability, reason in PRIORITIES:
        ws.save("priority", {"construct": code, "importance": importance,
                             "changeability": changeability, "reason": reason}, by="Sam Lee")
    for code, strategy, decision, source, reason in DECISIONS:
        ws.save("strategy_decision", {"construct": code, "strategy": strategy,
                                      "decision": decision, "source": source,
                                      "reason": reason}, by="Amara Okafor")
    for strategy in sorted({d[1] for d in DECISIONS}):
        sync_strategy(ws, strategy, "Amara Okafor")
    for meeting in MEETINGS:
        ws.save("meeting", {**meeting}, by="Sam Lee")
    for sid, (actor, action, target, when, dose, outcome, why) in SPECIFICATIONS.items():
        ws.save("specification", {"strategy": sid, "actor": actor, "action": action,
                                  "action_target": target, "temporality": when, "dose": dose,
                                  "outcome": outcome, "justification": why}, by="Amara Okafor")
    for step, strategy, owner, due in STEPS:
        ws.save("action_step", {"step": step, "strategy": strategy, "owner": owner, "due": due})
    for sid, member, role in ROLES:
        ws.save("role_assignment", {"task": strategy_label(sid), "member": member,
                                    "role": role}, by="Sam Lee")
    for member, ratings in READINESS.items():
        for component, rating in zip(framework_items("R=MC2_component"), ratings, strict=True):
            ws.save("readiness", {"member": member, "component": component, "rating": rating,
                                  "note": ""})
    ws.save("leader_plan", LEADER_PLAN, by="Dr. Priya Nair")
    for sid, dimension, measure, source, collector, timing in MEASURES:
        ws.save("outcome_measure", {"strategy": sid, "dimension": dimension, "measure": measure,
                                    "source": source, "collector": collector,
                                    "timing": timing}, by="Tom Becker")
    for domain, rating, action in SUSTAINABILITY:
        ws.save("sustainability", {"domain": domain, "rating": rating, "action": action},
                by="Sam Lee")
    for member, text in REFLECTIONS.items():
        ws.save("reflection", {"module": 7, "member": member, "text": text})
    for module in range(7):
        ws.save("progress", {"module": module, "status": "done"}, by="Sam Lee")
    ws.save("progress", {"module": 7, "status": "in progress"}, by="Sam Lee")


def main() -> None:
    ws = Store("sqlite://").team(EXAMPLE_TEAM)
    build(ws)
    snap = ws.snapshot()
    snap["exported_at"] = WHEN
    for entry in snap["records"]:
        entry["updated_at"] = WHEN
    for entry in snap["history"]:
        entry["changed_at"] = WHEN
    OUT.write_text(json.dumps(snap, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"Wrote {OUT} ({len(snap['records'])} entries)")


if __name__ == "__main__":
    main()
