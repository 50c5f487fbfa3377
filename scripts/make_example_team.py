import json
from widgets.store import Store
s = Store("sqlite://")
ws = s.team("Riverbend Family Health Centre (example)")
members = [
 ("Amara Okafor", "Nurse manager", "implementer"),
 ("Tom Becker", "Data analyst", "evaluator"),
 ("Grace Mensah", "Community health worker", "community partner"),
 ("Luis Ortega", "Patient who lives with diabetes", "lived experience"),
 ("Dr. Priya Nair", "Clinic director", "leader"),
 ("Sam Lee", "University partner", "researcher"),
]
for n, r, p in members:
    ws.save("member", {"name": n, "role": r, "perspective": p})
F = [
 ("III.J.1", "Dr. Priya Nair", "barrier", 3, "The grant pays peer supporters' stipends for the first year only."),
 ("III.J.1", "Tom Becker", "barrier", 2, "The budget has no line for the program after next year."),
 ("III.F", "Amara Okafor", "facilitator", 2, "Meetings can use the room we already book for diabetes classes."),
 ("III.F", "Luis Ortega", "barrier", 3, "Meetings are on weekday afternoons, when many patients I know are at work."),
 ("II.C", "Grace Mensah", "barrier", 2, "Patients tell me the bus from the east side runs only once an hour."),
 ("IV.Characteristics.C", "Amara Okafor", "barrier", 3, "Nurses have no protected time to match patients with peer supporters."),
 ("III.E", "Amara Okafor", "facilitator", 2, "Staff are worried about rising A1c numbers and want something new."),
 ("III.E", "Dr. Priya Nair", "facilitator", 3, "Diabetes outcomes are a clinic priority this year."),
 ("IV.Roles.I", "Luis Ortega", "facilitator", 3, "Patients I know want to talk to someone who has lived with diabetes."),
 ("IV.Roles.I", "Amara Okafor", "barrier", 1, "Some patients may not want to share health details with a neighbour."),
 ("I.F", "Grace Mensah", "barrier", 2, "The sign-up form is long and only in English."),
 ("I.F", "Sam Lee", "facilitator", 1, "The programme has only three parts; the manual is short."),
 ("II.D", "Grace Mensah", "facilitator", 3, "The community centre already hosts a diabetes walking group."),
 ("III.A.2", "Tom Becker", "barrier", 2, "The health record has no field to log peer-support visits."),
 ("V.H", "Tom Becker", "barrier", 1, "No one has been asked to track how many patients join."),
 ("III.C", "Luis Ortega", "barrier", 2, "Front-desk staff have not heard of the programme."),
]
for code, m, e, s_, note in F:
    ws.save("context_factor", {"construct": code, "member": m, "effect": e, "strength": s_, "note": note})
from widgets.snapshot import snapshot; snap = snapshot(ws)
for r in snap["records"] + snap["history"]:
    r["updated_at" if "updated_at" in r else "changed_at"] = "2026-11-01T09:00:00.000000+00:00"
snap["exported_at"] = "2026-11-01T09:00:00.000000+00:00"
open("widgets/data/example_team.json", "w", encoding="utf-8").write(json.dumps(snap, ensure_ascii=False, indent=1) + "\n")
