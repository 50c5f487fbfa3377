"""Sharing with the cohort: nothing is shared until a team chooses, a team shares only the
parts it ticks, stops at any time, and no other cohort ever sees it. On SQLite and on a real
PostgreSQL server (the hub's own rules are tried in tests/hub/test_database.py)."""

from __future__ import annotations

from datetime import date

import pytest

from widgets.store import COHORT_ENV, SHARED_PARTS, Store, ValidationError

STRATEGY = {"strategy": 5, "barriers": ["II.C"], "reason": "Audit shows the gap"}
STEP = {"step": "Draft the checklist", "owner": "Ana", "due": "2027-04-01"}
FACTOR = {"construct": "II.C", "effect": "barrier", "strength": 3, "note": "No budget"}


@pytest.fixture
def store(any_store_url: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Alder and Birch in one cohort, Cedar in another; each with a strategy, a step and a
    context factor."""
    monkeypatch.delenv(COHORT_ENV, raising=False)
    store = Store(any_store_url)
    store.add_cohort("2027", date(2027, 1, 1))
    store.add_cohort("2028", date(2028, 1, 1))
    for team, cohort in (("Alder", "2027"), ("Birch", "2027"), ("Cedar", "2028")):
        ws = store.team(team, cohort=cohort)
        ws.save("strategy", STRATEGY, by="Ana")
        ws.save("action_step", STEP, by="Ana")
        ws.save("agreed_factor", FACTOR, by="Ana")
    return store


def test_nothing_is_shared_until_a_team_chooses(store: Store) -> None:
    assert store.team("Birch").shared_in_cohort() == []
    store.team("Alder").save("sharing", {"parts": []}, by="Ana")
    assert store.team("Birch").shared_in_cohort() == []


def test_a_team_shares_what_it_ticks_with_its_own_cohort_only(store: Store) -> None:
    alder = store.team("Alder")
    alder.save("sharing", {"parts": ["strategies", "plan"]}, by="Ana")
    [work] = store.team("Birch").shared_in_cohort()
    assert (work.team, work.parts) == ("Alder", ("strategies", "plan"))
    assert work.list("strategy")[0]["reason"] == STRATEGY["reason"]
    assert work.list("action_step")[0]["step"] == STEP["step"]
    assert work.list("agreed_factor") == [], "the context map was not ticked"
    assert set(work.entries) <= {k for p in ("strategies", "plan") for k in SHARED_PARTS[p]}
    assert store.team("Cedar").shared_in_cohort() == [], "another cohort sees nothing"
    assert alder.shared_in_cohort() == [], "Birch shares nothing"
    alder.save("sharing", {"parts": ["context map"]}, by="Ana")  # changes its mind
    [work] = store.team("Birch").shared_in_cohort()
    assert work.list("strategy") == [] and work.list("agreed_factor")[0]["note"] == "No budget"
    alder.delete("sharing", "", by="Ana")  # stops sharing altogether
    assert store.team("Birch").shared_in_cohort() == []


def test_a_part_the_course_does_not_have_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="not a part a team can share"):
        store.team("Alder").save("sharing", {"parts": ["everything"]}, by="Ana")
    assert store.team("Birch").shared_in_cohort() == []
