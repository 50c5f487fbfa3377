"""A finished team's plan as a worked example for later cohorts: every name removed, the
entries still valid, the copy refused without the team's consent, and the course showing the
copy when ``COURSE_EXAMPLE`` names it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets.store import (
    CONSENT_STATEMENT,
    EXAMPLE_ENV,
    EXAMPLE_TEAM,
    Store,
    StoreError,
    TeamWorkspace,
    ValidationError,
    anonymised,
    example_file_name,
    example_refusals,
    example_snapshot,
    example_workspace,
    import_snapshot,
    names_left_as_words,
    write_snapshot,
)
from widgets.store.cohort import COURSE_MODULES

TEAM = "Eastside Clinic"
ANA, BO, KEMI = "Ana Lúcia", "Bo Okafor", "Dr. Kemi Adeyemi"
# Every way the team's people are named, whole words, in any case.
NAMED = re.compile(r"(?i)\b(ana|lúcia|bo|okafor|kemi|adeyemi|zed|eastside)\b")


def finished_team(store: Store, *, consent: str | None = "given") -> TeamWorkspace:
    """A team whose people are named in name fields, free text and keys, that has finished
    Modules 0 to 7 and (unless ``consent`` is None) recorded its decision."""
    ws = store.team(TEAM)
    for name, perspective in ((ANA, "implementer"), (BO, "lived experience"),
                              (KEMI, "leader"), ("Zed Former", "other")):
        ws.save("member", {"name": name, "role": "", "perspective": perspective}, by=ANA)
    ws.delete("member", "Zed Former", by=ANA)  # left the team: deleted, in the history
    ws.save("agreements", {"agreements": "Bo chairs; Ana keeps time. Kemi signs off.",
                           "facilitator": BO}, by=BO)
    ws.save("initiative", {"name": "Peer support", "setting": "Eastside Clinic, downtown",
                           "innovation": "peer supporters", "serves": "adults with diabetes",
                           "aims": "confidence"}, by=ANA)
    ws.save("context_factor", {"construct": "III.J.1", "member": ANA, "effect": "barrier",
                               "strength": 3, "note": "Zed thinks money runs out"}, by=ANA)
    ws.save("context_factor", {"construct": "III.J.1", "member": ANA, "effect": "barrier",
                               "strength": 3, "note": "Ana will ask the board"}, by=ANA)
    ws.save("context_factor", {"construct": "III.J.1", "member": BO, "effect": "barrier",
                               "strength": 2, "note": "OKAFOR here: LÚCIA agrees, and Bo "
                                                      "does too."}, by=BO)
    ws.save("specification", {"strategy": 59, "actor": f"{ANA} and the nurses",
                              "action": "train", "action_target": "nurses",
                              "temporality": "month 1", "dose": "weekly",
                              "outcome": "Adoption", "justification": "Kemi's idea"}, by=ANA)
    ws.save("action_step", {"step": "Ana Lúcia drafts the referral form", "owner": ANA,
                            "due": "2027-02-01"}, by=ANA)
    ws.save("role_assignment", {"task": "Referral form", "member": BO,
                                "role": "responsible"}, by=BO)
    ws.save("readiness", {"member": BO, "component": "Motivation", "rating": 4, "note": ""},
            by=BO)
    ws.save("meeting", {"date": "2027-01-14", "attendees": [ANA, BO, "Sam (front desk)"],
                        "notes": "Bo will send the minutes to the board."}, by=BO)
    ws.save("outcome_measure", {"strategy": 59, "dimension": "Adoption", "measure": "Referrals",
                                "source": "records", "collector": KEMI, "timing": "monthly"},
            by=KEMI)
    for m in COURSE_MODULES:
        ws.save("progress", {"module": m, "status": "done"}, by=ANA)
    if consent:
        ws.save("example_consent", {"agreed_by": [ANA, BO], "date": "2027-03-01",
                                    "statement": CONSENT_STATEMENT, "status": consent}, by=ANA)
    return ws


@pytest.fixture
def team(store_url: str) -> TeamWorkspace:
    return finished_team(Store(store_url))


def test_no_name_is_left_anywhere_and_each_person_keeps_one_label(team) -> None:
    snap = team.snapshot()
    copy = anonymised(snap, team_label="A clinic's plan, 2027")
    text = json.dumps(copy, ensure_ascii=False)
    assert NAMED.search(json.dumps(snap, ensure_ascii=False)), "the test's team names people"
    assert not NAMED.search(text), NAMED.search(text)
    assert "the board" in text and "Sam" not in text, "words are kept; other people go too"
    current = [r for r in snap["records"] if not r["deleted"]]
    assert len(copy["records"]) == len(current) and copy["history"] == []

    ex = import_snapshot(Store("sqlite://"), copy)
    assert ex.name == "A clinic's plan, 2027"
    assert [m["name"] for m in ex.members()] == ["Member 1", "Member 2", "Member 3"]
    ana, bo = "Member 1", "Member 2"
    assert ex.get("context_factor", f"III.J.1|{ana}")["note"] == f"{ana} will ask the board"
    assert ex.get("context_factor", f"III.J.1|{bo}")["note"] == (
        f"{bo} here: {ana} agrees, and {bo} does too.")
    assert ex.get("agreements", "")["facilitator"] == bo
    assert ex.get("agreements", "")["agreements"] == f"{bo} chairs; {ana} keeps time. Member 3 " \
                                                     "signs off."
    assert ex.get("action_step", f"{ana} drafts the referral form")["owner"] == ana
    assert ex.get("specification", "59")["actor"] == f"{ana} and the nurses"
    assert ex.get("specification", "59")["justification"] == "Member 3's idea"
    assert ex.get("role_assignment", f"Referral form|{bo}") is not None
    assert ex.get("readiness", f"{bo}|Motivation") is not None
    assert ex.get("meeting", "2027-01-14")["attendees"] == [ana, bo, "Member 5"]
    assert ex.get("outcome_measure", "59|Adoption|Referrals")["collector"] == "Member 3"
    assert ex.get("initiative", "")["setting"] == "A clinic's plan, 2027, downtown"
    assert ex.get("example_consent", "")["agreed_by"] == [ana, bo]
    assert {r["updated_by"] for r in copy["records"]} <= {ana, bo, "Member 3"}
    assert len(ex.history("context_factor", f"III.J.1|{ana}")) == 1, "no earlier versions"


def test_names_in_words_and_short_words_are_left_alone(store_url) -> None:
    ws = Store(store_url).team("Westside")
    for name in ("Bo Li", "Will Anders"):
        ws.save("member", {"name": name, "role": "", "perspective": "implementer"})
    ws.save("agreements", {"agreements": "Both of us: bo and li are words here. Bo, Li and "
                                         "Will meet; Anderson is someone else.",
                           "facilitator": "Bo Li"}, by="Bo Li")
    copy = anonymised(ws.snapshot(), team_label="Example")
    assert next(r for r in copy["records"] if r["kind"] == "agreements")["data"][
        "agreements"] == ("Both of us: bo and li are words here. Member 1, Member 1 and Member 2 "
                          "meet; Anderson is someone else.")


def test_a_label_is_needed_and_checked_like_a_name(team) -> None:
    with pytest.raises(ValidationError, match="Label for the example"):
        anonymised(team.snapshot(), team_label="  ")


def test_refusals_say_why_a_plan_cannot_be_copied(store_url) -> None:
    store = Store(store_url)
    ws = finished_team(store)
    assert example_refusals(ws) == []
    ws.save("example_consent", {**ws.get("example_consent", ""), "status": "withdrawn",
                                "date": "2027-04-02"}, by=BO)
    assert example_refusals(ws) == [f"{TEAM} withdrew its consent to its plan becoming a worked "
                                    "example (on 2027-04-02)."]
    ws.delete("example_consent", "", by=BO)
    ws.save("progress", {"module": 7, "status": "in progress"}, by=BO)
    ws.save("progress", {"module": 5, "status": "not started"}, by=BO)
    assert example_refusals(ws) == [
        f"{TEAM} has not agreed to its plan becoming a worked example: the team records its "
        "consent in Module 7 first.",
        f"{TEAM} has not finished the course: Modules 5, 7 are not marked done."]


def test_the_file_name_is_plain() -> None:
    assert example_file_name("Clínica Este: plan 2027!") == "clinica-este-plan-2027.json"
    assert example_file_name("¿?") == "example.json"


def test_course_example_names_the_worked_example(team, tmp_path: Path, monkeypatch) -> None:
    path = write_snapshot(anonymised(team.snapshot(), team_label="A clinic's plan"),
                          tmp_path / "clinic.json")
    monkeypatch.setenv(EXAMPLE_ENV, str(path))
    ex = example_workspace()
    assert ex.practice and ex.name == "A clinic's plan" and len(ex.members()) == 3
    assert example_snapshot()["team"] == "A clinic's plan"
    ex.save("member", {"name": "Visitor", "role": "", "perspective": "other"})
    assert len(example_workspace().members()) == 3, "practice changes reach no file"
    monkeypatch.delenv(EXAMPLE_ENV)
    assert example_workspace().name == EXAMPLE_TEAM


def test_a_missing_or_wrong_example_file_says_how_to_fix_it(tmp_path: Path,
                                                             monkeypatch) -> None:
    riverbend = example_snapshot()
    monkeypatch.setenv(EXAMPLE_ENV, str(tmp_path / "gone.json"))
    with pytest.raises(StoreError, match=r"COURSE_EXAMPLE names .*gone\.json\) is not there\. "
                                         "Set COURSE_EXAMPLE to the file course example wrote"):
        example_workspace()
    (tmp_path / "notes.json").write_text('{"a": 1}', "utf-8")
    monkeypatch.setenv(EXAMPLE_ENV, str(tmp_path / "notes.json"))
    with pytest.raises(StoreError, match="is not a workspace file from this course.*unset it"):
        example_snapshot()
    damaged = riverbend
    damaged["records"][0]["data"]["perspective"] = "astronaut"
    write_snapshot(damaged, tmp_path / "damaged.json")
    monkeypatch.setenv(EXAMPLE_ENV, str(tmp_path / "damaged.json"))
    with pytest.raises(StoreError, match=r"The worked example that COURSE_EXAMPLE names "
                                         r"\(.*damaged\.json\) cannot be imported"):
        example_workspace()


def test_words_that_are_also_names_and_the_teams_own_name_stay_words(store_url) -> None:
    """A name part in lower case is a word ("we will meet every day"), and the team's name
    in a name field (who presented a peer consultation) is the team's, not a person's: once
    both became "Member N" all through the plan."""
    ws = Store(store_url).team("Eastside Family Clinic")
    for name in ("Will Brown", "Grace Day"):
        ws.save("member", {"name": name, "role": "", "perspective": "implementer"})
    ws.save("agreements", {"agreements": "We will meet every day, with a grace period. "
                                         "Will and Grace Day chair; family first.",
                           "facilitator": "Will Brown"}, by="Will Brown")
    ws.save("consultation", {"date": "2027-03-09", "module": 2,
                             "presenter": "Eastside Family Clinic", "attendees": ["Grace Day"],
                             "changes": "Ask the clinic's family doctors"}, by="Will Brown")
    copy = anonymised(ws.snapshot(), team_label="A clinic")
    data = {r["kind"]: r["data"] for r in copy["records"]}
    assert data["agreements"]["agreements"] == (
        "We will meet every day, with a grace period. Member 1 and Member 2 chair; family "
        "first.")
    assert data["consultation"]["presenter"] == "A clinic"
    assert data["consultation"]["changes"] == "Ask the clinic's family doctors"
    assert {r["data"]["name"] for r in copy["records"] if r["kind"] == "member"} == {
        "Member 1", "Member 2"}
    # The words left that are also parts of names, for the facilitator to check by eye.
    assert names_left_as_words(copy, ws.snapshot()) == ["will", "day", "grace"]
