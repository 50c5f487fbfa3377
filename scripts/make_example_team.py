"""Write widgets/reference/data/example_team.json: the fictional example team's workspace.

The notebooks' worked examples, the course site and the tests all read that file, so the
example's story lives here in one place: the course (Modules 0 to 7, autumn 2026), then six
months of carrying out the plan (Module 8, February to July 2027). Run from the repository
root after changing it:

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
PRIORITIES = [  # construct, importance, changeability, reason, who acts on it
    ("IV.Characteristics.C", 3, 3, "Without matching, no patient meets a peer supporter.",
     "our team"),
    ("III.F", 3, 2, "We can move meetings to times patients choose.", "our team"),
    ("III.C", 2, 3, "A short briefing could fix this quickly.", "our team"),
    ("III.J.1", 3, 1, "Vital, but only leaders and funders can change it.", "leaders"),
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
    {"date": "2026-10-29", "attendees": ["Amara Okafor", "Grace Mensah", "Sam Lee"],
     "module": 3, "notes": "Went through each strategy's reason out loud.",
     "decisions": "Keep funding for the leaders; Amara drafts the champion role."},
    {"date": "2026-11-12", "attendees": ["Amara Okafor", "Grace Mensah", "Luis Ortega"],
     "module": 4, "notes": "Read the specifications as a newcomer would.",
     "decisions": "Amara and Luis settle the front-desk session's length by December."},
    {"date": "2026-11-26", "attendees": ["Amara Okafor", "Tom Becker", "Dr. Priya Nair"],
     "module": 5, "notes": "Looked at who carries the most tasks.",
     "decisions": "Dr. Nair takes the board briefing; Amara hands one task on."},
    {"date": "2026-12-10", "attendees": ["Tom Becker", "Grace Mensah", "Sam Lee"],
     "module": 6, "notes": "Checked each measure can be collected from what we keep.",
     "decisions": "Tom sets up the referral form by January."},
    {"date": "2026-12-17", "attendees": ["Amara Okafor", "Grace Mensah", "Luis Ortega",
                                         "Sam Lee", "Dr. Priya Nair"],
     "module": 7, "notes": "Read the whole plan together with Dr. Nair.",
     "decisions": "First review meeting on 21 January."},
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
READINESS_NOTES = {  # member: what each saw, in the order of the components
    "Amara Okafor": ("Nurses ask me when it starts.", "Every nurse hour is already booked.",
                     "No one here has run peer groups before."),
    "Tom Becker": ("Patients ask, but staff are tired of new things.",
                   "The records system can take a new field.",
                   "We have no referral form yet."),
    "Grace Mensah": ("Patients I visit want to meet others like them.",
                     "My visits leave little free time.",
                     "I know the patients who would make good peers."),
    "Luis Ortega": ("I would have joined a group like this myself.",
                    "The meeting room is free most evenings.",
                    "I can tell new members what to expect."),
    "Dr. Priya Nair": ("The board asked for patient support last year.",
                       "Money is tight after June.",
                       "We need a checklist before the first match."),
    "Sam Lee": ("The team turns up to every session.", "The clinic has run pilots before.",
                "The university has a peer-support training we can use."),
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
MEASURES = [  # strategy, dimension, measure, source, collector, timing, kind of value, goal
    # 15 has no measure yet
    (59, "Feasibility", "Share of new patients matched within two weeks", "Matching log",
     "Grace Mensah", "Monthly", "count out of a total", "9 out of 10"),
    (59, "Reach (RE-AIM)", "Share of eligible patients who join", "Health record",
     "Tom Becker", "Quarterly", "percentage", "40"),
    (35, "Adoption", "Referrals from nurses and the front desk", "Referral form",
     "Tom Becker", "Monthly", "number", "15"),
    (46, "Acceptability", "Patients rating meeting times as convenient", "Short survey",
     "Luis Ortega", "After three months", "count out of a total", "15 out of 20"),
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
# Each member's own rating of the domains, before the team agreed the ratings above (in the
# order of the domains). Three domains are 3 or more points apart: funding (Luis thought the
# grant ran for two years), organizational capacity and communications (the director sees what
# the rest of the team does not, and the other way round).
MEMBER_SUSTAINABILITY = {
    "Amara Okafor": (5, 2, 6, 2, 3, 4, 4, 3),
    "Tom Becker": (4, 3, 5, 4, 2, 4, 3, 3),
    "Grace Mensah": (5, 2, 7, 2, 3, 5, 5, 2),
    "Luis Ortega": (4, 5, 6, 4, 4, 3, 3, 2),
    "Dr. Priya Nair": (6, 2, 6, 5, 4, 4, 6, 4),
    "Sam Lee": (5, 1, 6, 3, 3, 5, 4, 3),
}
MEMBER_SUSTAINABILITY_NOTES = {  # (member, domain): why, where the member said
    ("Luis Ortega", "Funding stability"): "The grant was in the newsletter. I thought it ran "
                                          "for two years.",
    ("Dr. Priya Nair", "Funding stability"): "The grant pays for one year. Nothing is promised "
                                             "after that.",
    ("Grace Mensah", "Organizational capacity"): "Matching is not in my job. I do it in the "
                                                 "gaps between visits.",
    ("Dr. Priya Nair", "Organizational capacity"): "We have the staff. It is a question of "
                                                   "giving them the time.",
    ("Luis Ortega", "Communications"): "Patients in the waiting room have not heard of it.",
    ("Dr. Priya Nair", "Communications"): "The board hears about it every month.",
}
SPREADING = {  # the team's plan to take peer support to its sister clinic
    "where": "Eastside Clinic, Riverbend's sister clinic across town",
    "core": "Peer supporters who live with diabetes, trained before they start. Each new "
            "patient is matched within two weeks. Peers meet patients once a month.",
    "can_change": "Who does the matching, the meeting times and places, and the languages the "
                  "peers speak.",
    "decides": "Eastside's clinic director, with the network's board",
    "first_step": "Dr. Nair shows our plan and first results to Eastside's director at the "
                  "network meeting.",
    "by_when": "2027-04-15",
}
REFLECTIONS = {
    "Luis Ortega": "The Thursday meetings were where I felt heard. In the big sessions I "
                   "waited; in the small ones I spoke first.",
    "Amara Okafor": "The role matrix showed I had taken on too much. Handing matching to Grace "
                    "was the best decision we made.",
    "Dr. Priya Nair": "Joining the sessions made the board briefing easy to prepare. I knew "
                      "why each ask mattered.",
}

# After the course: six months of carrying out the plan (Module 8). The team reviews it on the
# first Thursday of each month; the last review re-rates the context and readiness.
REVIEWS = [
    {"date": "2027-02-04",
     "attendees": ["Amara Okafor", "Grace Mensah", "Tom Becker", "Luis Ortega", "Sam Lee"],
     "notes": "Luis's survey: only 7 of 20 patients can come on weekday afternoons; 15 chose "
              "Saturday morning. Grace finished the matching checklist on 2 February, a few "
              "days late.",
     "decisions": "Peer meetings move to the first Saturday of each month, 10:00 to 11:30, in "
                  "the community center's room after the walking group; the first is on 6 "
                  "March.\nGrace starts matching now, so patients are matched before the first "
                  "meeting.\nTom keeps a spreadsheet of who is matched and who joins, in case "
                  "the health record's new field is late.",
     "next_review": "2027-03-04"},
    {"date": "2027-03-04",
     "attendees": ["Amara Okafor", "Grace Mensah", "Tom Becker", "Dr. Priya Nair"],
     "notes": "The board approved Grace's new role on 24 February. The health-record vendor "
              "adds new fields only at its yearly upgrade in September. The February staff "
              "meeting was cancelled, and the front-desk session with it. First matching "
              "figures: 3 of 7 new patients matched within two weeks.",
     "decisions": "Tom reports reach from his spreadsheet at every review, not only each "
                  "quarter, until the record has its field.\nAmara books the front-desk "
                  "session into the 18 March staff meeting.",
     "next_review": "2027-04-01"},
    {"date": "2027-04-01",
     "attendees": ["Amara Okafor", "Grace Mensah", "Tom Becker", "Luis Ortega",
                   "Dr. Priya Nair"],
     "notes": "The 18 March staff meeting was cancelled too, and two of the four front-desk "
              "staff are new since January. Our front-desk champion left the clinic in March. "
              "14 patients came to the first Saturday meeting.",
     "decisions": "Drop the front-desk session. Instead, Luis writes a one-page referral guide "
                  "for each front-desk computer by 14 May, with Grace.\nAmara looks for a new "
                  "front-desk champion by the end of May.\nLuis repeats the meeting-times "
                  "survey in late April.",
     "next_review": "2027-05-06"},
    {"date": "2027-05-06",
     "attendees": ["Amara Okafor", "Grace Mensah", "Tom Becker", "Dr. Priya Nair", "Sam Lee"],
     "notes": "Matching fell behind in April: 7 of 12 new patients within two weeks, and 5 "
              "waiting. Luis's second survey: 16 of 19 patients find Saturday mornings "
              "convenient. Front-desk staff read Luis's draft guide and found it clear.",
     "decisions": "Grace's matching time goes from 4 to 6 hours a week from 10 May; Dr. Nair "
                  "approved it.\nAmara writes matching into Grace's job description by 30 "
                  "July.\nTom shows referrals from nurses and from the front desk separately "
                  "in his next report.",
     "next_review": "2027-06-03"},
    {"date": "2027-06-03",
     "attendees": ["Amara Okafor", "Grace Mensah", "Tom Becker", "Luis Ortega",
                   "Dr. Priya Nair"],
     "notes": "Matching is back on track: 10 of 12 within two weeks in May. Referrals stay at "
              "about 6 a month; almost all come from nurses, 1 from the front desk. Still no "
              "new front-desk champion.",
     "decisions": "Dr. Nair asks the board on 24 June to apply for year-2 funding.\nLuis spends "
                  "two Monday mornings at the front desk in June to show staff the guide.\nAt "
                  "the July review everyone re-rates the context factors and readiness, alone "
                  "first, then together.",
     "next_review": "2027-07-01"},
    {"date": "2027-07-01",
     "attendees": ["Amara Okafor", "Tom Becker", "Grace Mensah", "Luis Ortega",
                   "Dr. Priya Nair", "Sam Lee"],
     "notes": "Re-rated the context factors and readiness, each of us alone, then together. "
              "Matching: 12 of 13 in June. Reach: 19% of eligible patients. Referrals are "
              "still about 6 a month. On 24 June the board agreed to apply for year-2 funding.",
     "decisions": "Dr. Nair sends the year-2 application to the county health fund by 15 "
                  "September.\nAmara asks the front-desk supervisor to name a new champion by "
                  "31 July.\nTom asks the vendor in August to add the peer-support field at "
                  "the September upgrade.\nWe keep reviewing on the first Thursday of each "
                  "month.",
     "next_review": "2027-08-05"},
]
LAST_REVIEW = REVIEWS[-1]["date"]
REPLACEMENT = 31  # Distribute educational materials, in place of the front-desk session
REPLACEMENT_SPECIFICATION = (
    "Luis Ortega writes the guide with Grace Mensah; the front-desk supervisor hands it to "
    "each new staff member",
    "A one-page guide at each front-desk computer: what the program is, who can join, and how "
    "to refer a patient.",
    "Front-desk staff, new ones included", "From May 2027; on each new staff member's first day",
    "One page at each of the 4 front-desk computers; updated when the meeting times change",
    "Adoption",
    "A guide at the desk reaches staff who join after a one-off session would have been held.")
NEW_STEPS = [  # step, strategy, owner, due: steps the reviews added
    ("Put a one-page referral guide at each front-desk computer", REPLACEMENT, "Luis Ortega",
     "2027-05-14"),
    ("Write matching into Grace's job description", 59, "Amara Okafor", "2027-07-30"),
    ("Ask the board to apply for year-2 funding", None, "Dr. Priya Nair", "2027-06-30"),
    ("Send the year-2 application to the county health fund", None, "Dr. Priya Nair",
     "2027-09-15"),
]
STEP_STATUS = {  # step: status, since, why (for a blocked or dropped step)
    "Survey 20 patients on meeting times": ("done", "2027-01-20", ""),
    "Draft the matching checklist": ("done", "2027-02-02", ""),
    "Recruit a nurse and a front-desk champion": ("under way", "2027-03-24", ""),
    "Hold the front-desk session": (
        "dropped", "2027-04-01",
        "The staff meetings it was booked into were cancelled in February and March, and half "
        "the front desk is new since January: a one-off session misses the people who start "
        "later. A referral guide at the desk replaces it."),
    "Present the plan to the clinic board": ("done", "2027-02-24", ""),
    "Add a peer-support field to the health record": (
        "blocked", "2027-03-04",
        "The vendor adds new fields only at its yearly upgrade in September. Our request is "
        "in; until then Tom logs peer-support visits in a spreadsheet."),
    "Put a one-page referral guide at each front-desk computer": ("done", "2027-05-12", ""),
    "Write matching into Grace's job description": ("under way", "2027-05-17", ""),
    "Ask the board to apply for year-2 funding": ("done", "2027-06-24", ""),
    "Send the year-2 application to the county health fund": ("under way", "2027-06-28", ""),
}
VALUES = {  # measure: (date, value, note), collected by the measure's collector
    "Share of new patients matched within two weeks": [
        ("2027-02-26", "3/7", "The first matches, before the first meeting."),
        ("2027-03-31", "6/10", ""),
        ("2027-04-30", "7/12", "5 patients were waiting at the end of April."),
        ("2027-05-31", "10/12", "Grace's 6 hours a week started on 10 May."),
        ("2027-06-30", "12/13", ""),
    ],
    "Share of eligible patients who join": [
        ("2027-02-26", "4%", "From my spreadsheet: the health record has no field for it yet."),
        ("2027-03-31", "8%", ""),
        ("2027-04-30", "12%", ""),
        ("2027-05-31", "15%", ""),
        ("2027-06-30", "19%", ""),
    ],
    "Referrals from nurses and the front desk": [
        ("2027-02-26", "6", ""),
        ("2027-03-31", "7", ""),
        ("2027-04-30", "5", ""),
        ("2027-05-31", "6", "5 from nurses, 1 from the front desk."),
        ("2027-06-30", "6", "6 from nurses, none from the front desk."),
    ],
    "Patients rating meeting times as convenient": [
        ("2027-01-20", "7/20", "Meetings on weekday afternoons, before the change."),
        ("2027-04-22", "16/19", "After three months of Saturday mornings; 1 did not answer."),
    ],
}
ADAPTATIONS = [  # FRAME-IS: what, nature, core, goal, reason, when and planned, who, how wide
    {"strategy": 35, "date": "2027-03-24", "part": "actor",
     "change": "The front-desk champion left, so the nurse champion answers the front desk's "
               "questions too, for now.",
     "new_value": "Amara Okafor supports the nurse champion, who also answers front-desk "
                  "staff's questions until a new front-desk champion is found.",
     "nature": "content", "fidelity": "keeps the core",
     "goal": "Front-desk staff still have a colleague to ask about the program every day.",
     "reason": "Our front-desk champion took a job at another clinic in March, and no one else "
               "at the desk was ready to take on the role.",
     "planned": "unplanned, in response to events",
     "decided_by": ["Amara Okafor", "Dr. Priya Nair"], "spread": "some people or sites"},
    {"strategy": 15, "date": "2027-04-01", "part": "dropped the strategy",
     "change": "No session for front-desk staff. Each front-desk computer gets a one-page "
               "guide to the program and how to refer, which new staff see on their first day.",
     "nature": "training", "fidelity": "changes the core",
     "goal": "Every front-desk staff member, new ones too, knows the program and how to refer "
             "a patient.",
     "reason": "The staff meetings booked for the session were cancelled twice, and two of the "
               "four front-desk staff are new since January.",
     "planned": "unplanned, in response to events",
     "decided_by": ["Amara Okafor", "Luis Ortega", "Dr. Priya Nair"],
     "spread": "some people or sites", "replaced_by": REPLACEMENT},
    {"strategy": 59, "date": "2027-05-06", "part": "dose",
     "change": "Grace's time for matching goes from 4 to 6 hours a week.",
     "new_value": "6 hours a week of Grace's time from 10 May 2027 (was 4); reviewed monthly",
     "nature": "content", "fidelity": "keeps the core",
     "goal": "Match every new patient within two weeks, now that more patients are joining.",
     "reason": "At the monthly check of Grace's hours, 5 of 12 new patients in April waited "
               "more than two weeks; matching takes Grace about 45 minutes a patient.",
     "planned": "planned ahead",
     "decided_by": ["Grace Mensah", "Amara Okafor", "Dr. Priya Nair"],
     "spread": "the whole initiative"},
]
RERATINGS = [  # construct, member, effect, strength, note: each member alone, at LAST_REVIEW
    ("IV.Characteristics.C", "Amara Okafor", "barrier", 1,
     "Grace matches now; nurses only flag patients."),
    ("IV.Characteristics.C", "Grace Mensah", "barrier", 1, "6 hours a week is enough for now."),
    ("IV.Characteristics.C", "Dr. Priya Nair", "facilitator", 1,
     "Matching is becoming part of Grace's job."),
    ("III.F", "Luis Ortega", "facilitator", 2, "Saturday mornings suit most patients I know."),
    ("III.F", "Grace Mensah", "facilitator", 1,
     "A few patients who work on Saturdays still miss out."),
    ("III.C", "Luis Ortega", "barrier", 3,
     "New front-desk staff had never heard of us until I showed them the guide."),
    ("III.C", "Amara Okafor", "barrier", 3, "Half the desk is new, and there is no champion."),
    ("III.C", "Tom Becker", "barrier", 2,
     "The guide helps, but front-desk referrals are still near zero."),
    ("III.J.1", "Dr. Priya Nair", "barrier", 3,
     "Stipends still end in December; the application is not in yet."),
    ("III.J.1", "Sam Lee", "barrier", 2, "The board backs the application, which is a start."),
    ("II.C", "Grace Mensah", "barrier", 2, "The Saturday bus also runs once an hour."),
    ("III.E", "Amara Okafor", "facilitator", 2, "Less urgent now the program runs."),
    ("III.E", "Dr. Priya Nair", "facilitator", 3, "Diabetes care is still a clinic priority."),
    ("II.D", "Grace Mensah", "facilitator", 3,
     "The community center lends us its room on Saturdays for free."),
    ("V.H", "Tom Becker", "barrier", 1, "My spreadsheet works, but it is all by hand."),
    ("V.H", "Sam Lee", "facilitator", 1, "Monthly reviews made looking at numbers a habit."),
]
AGREED_AGAIN = [  # construct, effect, strength, why: the team's re-rating at LAST_REVIEW
    ("III.J.1", "barrier", 3, "No money after December yet; the application goes in by "
                              "September."),
    ("III.F", "facilitator", 1, "Saturday mornings suit most patients, not all."),
    ("II.C", "barrier", 2, "The bus is no better on Saturdays."),
    ("III.E", "facilitator", 3, "Diabetes care is still a clinic priority."),
    ("II.D", "facilitator", 3, "The community center hosts our meetings."),
    ("III.C", "barrier", 3, "The front desk is half new and has no champion."),
    ("IV.Characteristics.C", "barrier", 1, "Grace has protected time for matching."),
    ("V.H", "barrier", 1, "We track who joins, but by hand until the record has its field."),
]
READINESS_AGAIN = {  # member: motivation, general capacity, innovation-specific capacity
    "Amara Okafor": (4, 2, 3), "Tom Becker": (3, 2, 3), "Grace Mensah": (5, 3, 4),
    "Luis Ortega": (5, 3, 4), "Dr. Priya Nair": (4, 3, 4), "Sam Lee": (4, 2, 4),
}
READINESS_AGREED = [  # rating, why: the team's, in the order of the readiness components
    (4, "Still keen; the first results help."),
    (2, "Front-desk turnover and the flu season stretched everyone."),
    (4, "Grace's checklist, trained peer supporters and the referral guide are in place."),
]


def _specify(ws, sid: int, dimensions: tuple[str, ...], by: str) -> None:
    """Save a strategy's specification from its seven dimensions, in SPECIFICATIONS' order."""
    actor, action, target, when, dose, outcome, why = dimensions
    ws.save("specification", {"strategy": sid, "actor": actor, "action": action,
                              "action_target": target, "temporality": when, "dose": dose,
                              "outcome": outcome, "justification": why}, by=by)


def build(ws) -> None:
    """Enter the example team's course, module by module, as the team would, then the
    six months after it."""
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
    for code, importance, changeability, reason, acted_on_by in PRIORITIES:
        ws.save("priority", {"construct": code, "importance": importance,
                             "changeability": changeability, "reason": reason,
                             "acted_on_by": acted_on_by}, by="Sam Lee")
    for code, strategy, decision, source, reason in DECISIONS:
        ws.save("strategy_decision", {"construct": code, "strategy": strategy,
                                      "decision": decision, "source": source,
                                      "reason": reason}, by="Amara Okafor")
    for strategy in sorted({d[1] for d in DECISIONS}):
        sync_strategy(ws, strategy, "Amara Okafor")
    for meeting in MEETINGS:
        ws.save("meeting", {**meeting}, by="Sam Lee")
    for sid, dimensions in SPECIFICATIONS.items():
        _specify(ws, sid, dimensions, "Amara Okafor")
    for step, strategy, owner, due in STEPS:
        ws.save("action_step", {"step": step, "strategy": strategy, "owner": owner, "due": due})
    for sid, member, role in ROLES:
        ws.save("role_assignment", {"task": strategy_label(sid), "member": member,
                                    "role": role}, by="Sam Lee")
    for member, ratings in READINESS.items():
        for component, rating, note in zip(framework_items("R=MC2_component"), ratings,
                                           READINESS_NOTES[member], strict=True):
            ws.save("readiness", {"member": member, "component": component, "rating": rating,
                                  "note": note})
    ws.save("leader_plan", LEADER_PLAN, by="Dr. Priya Nair")
    for sid, dimension, measure, source, collector, timing, value_type, goal in MEASURES:
        ws.save("outcome_measure", {"strategy": sid, "dimension": dimension, "measure": measure,
                                    "source": source, "collector": collector, "timing": timing,
                                    "value_type": value_type, "goal": goal}, by="Tom Becker")
    for member, ratings in MEMBER_SUSTAINABILITY.items():
        for domain, rating in zip(framework_items("PSAT_domain"), ratings, strict=True):
            ws.save("sustainability_rating", {
                "domain": domain, "member": member, "rating": rating,
                "note": MEMBER_SUSTAINABILITY_NOTES.get((member, domain), "")})
    for domain, rating, action in SUSTAINABILITY:
        ws.save("sustainability", {"domain": domain, "rating": rating, "action": action},
                by="Sam Lee")
    ws.save("spreading", SPREADING, by="Dr. Priya Nair")
    for member, text in REFLECTIONS.items():
        ws.save("reflection", {"module": 7, "member": member, "text": text})
    for module in range(7):
        ws.save("progress", {"module": module, "status": "done"}, by="Sam Lee")
    ws.save("progress", {"module": 7, "status": "in progress"}, by="Sam Lee")
    follow_through(ws)


def follow_through(ws) -> None:
    """Enter the six months after the course, as the team would: new steps and each step's
    status, the measures' values, changes to strategies, the reviews, and the re-ratings."""
    for step, strategy, owner, due in NEW_STEPS:
        ws.save("action_step", {"step": step, "strategy": strategy, "owner": owner, "due": due})
    for step in ws.list("action_step"):
        status, since, why = STEP_STATUS[step["step"]]
        ws.save("action_step", {**step, "status": status, "status_date": since,
                                "status_reason": why})
    for sid, dimension, measure, _source, collector, *_ in MEASURES:
        for day, value, note in VALUES[measure]:
            ws.save("measure_value", {"strategy": sid, "dimension": dimension,
                                      "measure": measure, "date": day, "value": value,
                                      "collector": collector, "note": note}, by=collector)
    for change in ADAPTATIONS:
        ws.save("adaptation", change, by=change["decided_by"][0])
    _specify(ws, REPLACEMENT, REPLACEMENT_SPECIFICATION, "Luis Ortega")
    for review in REVIEWS:
        ws.save("review", review, by="Amara Okafor")
    for code, member, effect, strength, note in RERATINGS:
        ws.save("factor_rerating", {"review": LAST_REVIEW, "construct": code, "member": member,
                                    "effect": effect, "strength": strength, "note": note})
    for code, effect, strength, note in AGREED_AGAIN:
        ws.save("agreed_rerating", {"review": LAST_REVIEW, "construct": code, "effect": effect,
                                    "strength": strength, "note": note}, by="Sam Lee")
    components = framework_items("R=MC2_component")
    for member, ratings in READINESS_AGAIN.items():
        for component, rating in zip(components, ratings, strict=True):
            ws.save("readiness_rerating", {"review": LAST_REVIEW, "member": member,
                                           "component": component, "rating": rating})
    for component, (rating, note) in zip(components, READINESS_AGREED, strict=True):
        ws.save("readiness_agreed", {"review": LAST_REVIEW, "component": component,
                                     "rating": rating, "note": note}, by="Sam Lee")


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
