"""One team's whole course: an entry of every kind the data model knows, for the store tests
and the store benchmark."""

from __future__ import annotations

from widgets.reference import cfir_constructs, eric_strategies, framework_items
from widgets.store import SCHEMA_VERSION, SNAPSHOT_FORMAT
from widgets.store.model import PULSE_MODULES, PULSE_STATEMENTS

__all__ = ["full_course"]


def full_course(team: str) -> dict:
    """A snapshot of one team of 6 with an entry for every exercise of the course."""
    members = [f"{team} member {i}" for i in range(6)]
    perspectives = ["implementer", "researcher", "community partner", "lived experience",
                    "leader", "evaluator"]
    codes = [c.code for c in cfir_constructs()]
    strategies = [s.id for s in eric_strategies()]
    recs: list[tuple[str, dict]] = []
    recs += [("member", {"name": m, "role": "role", "perspective": p})
             for m, p in zip(members, perspectives, strict=True)]
    recs.append(("agreements", {"agreements": "Start on time", "facilitator": members[5],
                                "rhythm": "Tuesdays", "facilitator_from": "a member of the team"}))
    recs.append(("initiative", {"name": "Peer support", "setting": "clinic",
                                "innovation": "peer support", "serves": "adults",
                                "aims": "better care"}))
    n = sum(map(ord, team))
    mine = [codes[(n + k * 7) % len(codes)] for k in range(8)]
    recs += [("context_factor", {"construct": c, "member": m, "effect": ("barrier", "facilitator")
              [(k + j) % 2], "strength": 1 + k % 3, "note": "seen it"})
             for k, c in enumerate(mine) for j, m in enumerate(members)]
    recs += [("agreed_factor", {"construct": c, "effect": "barrier", "strength": 2, "note": "x"})
             for c in mine]
    recs += [("priority", {"construct": c, "importance": 3, "changeability": 2, "reason": "x"})
             for c in mine[:3]]
    chosen = [strategies[(n + k * 11) % len(strategies)] for k in range(5)]
    for s in chosen:
        recs += [("strategy_decision", {"construct": c, "strategy": s, "decision": "accepted",
                                        "source": "course suggestion", "reason": "mechanism"})
                 for c in mine[:2]]
        recs.append(("strategy", {"strategy": s, "barriers": mine[:2], "reason": "mechanism"}))
        recs.append(("specification", {"strategy": s, "actor": members[0], "action": "train",
                                       "action_target": "nurses", "temporality": "month 1",
                                       "dose": "weekly", "outcome": "Adoption",
                                       "justification": "theory"}))
        recs += [("role_assignment", {"task": str(s), "member": m,
                                      "role": ("responsible", "accountable", "consulted",
                                               "informed", "informed", "informed")[j]})
                 for j, m in enumerate(members)]
        recs.append(("outcome_measure", {"strategy": s, "dimension": "Adoption",
                                         "measure": "% of clinics", "source": "records",
                                         "collector": members[1], "timing": "quarterly",
                                         "value_type": "percentage", "goal": "80"}))
    statuses = ("not started", "under way", "done", "blocked", "dropped")
    recs += [("action_step", {"step": f"step {k}", "owner": members[k % 6],
                              "due": f"2027-0{1 + k % 9}-15", "status": statuses[k % 5],
                              "status_date": "2027-02-01", "status_reason": "why"})
             for k in range(8)]
    recs += [("readiness", {"member": m, "component": c, "rating": 3, "note": ""})
             for m in members for c in framework_items("R=MC2_component")]
    recs.append(("leader_plan", {"leaders": "board", "asks": "time", "decisions": "approve",
                                 "involvement": "monthly"}))
    recs += [("sustainability_rating", {"domain": d, "member": m, "rating": 1 + (j + k) % 7,
                                        "note": "seen it"})
             for k, d in enumerate(framework_items("PSAT_domain")) for j, m in enumerate(members)]
    recs += [("sustainability", {"domain": d, "rating": 4, "action": "plan"})
             for d in framework_items("PSAT_domain")]
    recs.append(("spreading", {"where": "the next clinic", "core": "peers who live with it",
                               "can_change": "meeting times", "decides": "the board",
                               "first_step": "ask the director", "by_when": "2027-05-01"}))
    recs.append(("example_consent", {"agreed_by": members[:3], "date": "2027-01-20",
                                     "statement": "We agree.", "status": "given"}))
    terms = ["innovation", "implementation", "determinant", "barrier", "facilitator", "strategy",
             "mechanism", "outcome", "fidelity", "adaptation", "readiness", "sustainability"]
    recs += [("glossary_entry", {"term": t, "member": m, "definition": "my words"})
             for t in terms for m in members]
    recs += [("glossary_agreed", {"term": t, "definition": "our words"}) for t in terms]
    recs += [("meeting", {"date": f"2027-0{1 + k}-01", "attendees": members[:4], "notes": "x",
                          "decisions": "y", "module": k}) for k in range(7)]
    recs += [("consultation", {"date": f"2027-0{1 + k}-08", "module": k, "presenter": team,
                               "attendees": [members[0], "Kemi (another team)"],
                               "questions": "who books?", "advice": "ask early",
                               "changes": "book in May", "notes": ""}) for k in range(3)]
    recs += [("reflection", {"module": k, "member": m, "text": "what we learned"})
             for k in range(8) for m in members]
    recs += [("pulse", {"module": k, "member": m,
                        **{name: 1 + (j + i + k) % 5
                           for i, (name, _topic, _text) in enumerate(PULSE_STATEMENTS)}})
             for k in PULSE_MODULES for j, m in enumerate(members)]
    recs += [("progress", {"module": k, "status": "done"}) for k in range(9)]
    recs.append(("sharing", {"parts": ["strategies", "plan"]}))
    reviews = [f"2027-{month:02d}-10" for month in range(3, 9)]
    recs += [("review", {"date": d, "attendees": members[:4], "decisions": "keep going",
                         "notes": "looked at the plan", "next_review": ""}) for d in reviews]
    recs += [("measure_value", {"strategy": chosen[0], "dimension": "Adoption",
                                "measure": "% of clinics", "date": d, "value": str(20 + 5 * k),
                                "collector": members[1], "note": ""})
             for k, d in enumerate(reviews)]
    recs.append(("adaptation", {"strategy": chosen[0], "date": reviews[1], "part": "dose",
                                "change": "monthly, not weekly", "new_value": "monthly",
                                "nature": "content", "fidelity": "keeps the core",
                                "goal": "fit the rota", "reason": "staff shortage",
                                "planned": "unplanned, in response to events",
                                "decided_by": members[:2], "spread": "the whole initiative",
                                "replaced_by": None}))
    recs += [("factor_rerating", {"review": reviews[-1], "construct": c, "member": m,
                                  "effect": "barrier", "strength": 1, "note": ""})
             for c in mine[:3] for m in members]
    recs += [("agreed_rerating", {"review": reviews[-1], "construct": c, "effect": "barrier",
                                  "strength": 1, "note": ""}) for c in mine[:3]]
    recs += [("readiness_rerating", {"review": reviews[-1], "member": m, "component": c,
                                     "rating": 4, "note": ""})
             for m in members for c in framework_items("R=MC2_component")]
    recs += [("readiness_agreed", {"review": reviews[-1], "component": c, "rating": 4,
                                   "note": ""}) for c in framework_items("R=MC2_component")]
    recs += [("ratings_open", {"ratings": "context_factor", "review": "", "open": "yes"}),
             ("ratings_open", {"ratings": "readiness_rerating", "review": reviews[-1],
                               "open": "no"})]
    now = "2026-11-01T09:00:00+00:00"
    return {"format": SNAPSHOT_FORMAT, "schema_version": SCHEMA_VERSION, "team": team,
            "records": [{"kind": k, "key": "", "data": d, "version": 1, "updated_by": "bench",
                         "updated_at": now} for k, d in recs]}
