"""Cohorts: every team belongs to one, new teams join the cohort named (or the newest), and
the cohort view, its spreadsheets and its app show one cohort at a time. On SQLite and on a
real PostgreSQL server."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from widgets.cli import main
from widgets.store import COHORT_ENV, DEFAULT_COHORT, CohortView, Store, StoreError, current

FIRST, SECOND = "Placer cohort 1", "Placer cohort 2"
# Both under way: a year ago, and a month ago (a cohort still to start takes no one in yet).
FIRST_START, SECOND_START = date.today() - timedelta(days=365), date.today() - timedelta(days=30)


@pytest.fixture
def store(any_store_url: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    """An organisation's store with two cohorts a year apart, a team in each, and one more
    team from before the second cohort began."""
    monkeypatch.delenv(COHORT_ENV, raising=False)
    store = Store(any_store_url)
    store.add_cohort(FIRST, FIRST_START)
    for name in ("Alder", "Birch"):
        store.team(name).save("member", {"name": "Ana", "perspective": "leader"})
    store.add_cohort(SECOND, SECOND_START)
    store.team("Cedar").save("member", {"name": "Bo", "perspective": "implementer"})
    for team, by in (("Cedar", "Bo"), ("Alder", "Ana")):
        store.team(team).save("strategy", {"strategy": 5, "barriers": ["II.C"], "reason": "x"},
                              by=by)
    return store


def test_new_teams_join_the_newest_cohort_unless_one_is_named(store: Store,
                                                              monkeypatch) -> None:
    assert [(c.name, c.start, c.teams) for c in store.cohorts()] == [
        (SECOND, SECOND_START, ("Cedar",)),
        (FIRST, FIRST_START, ("Alder", "Birch"))]
    store.team("Dogwood", cohort=FIRST)
    store.team("Alder", cohort=SECOND)  # an existing team opens where it is
    assert store.team_names(FIRST) == ["Alder", "Birch", "Dogwood"]
    monkeypatch.setenv(COHORT_ENV, FIRST)  # as a hub of the first cohort sets it
    store.team("Elm")
    assert store.team_names(FIRST)[-1] == "Elm" and store.team_names() == [
        "Alder", "Birch", "Cedar", "Dogwood", "Elm"]
    store.move_team("Elm", SECOND)
    assert store.team_names(SECOND) == ["Cedar", "Elm"]


def test_a_cohort_is_named_once_and_teams_join_only_one_that_exists(store: Store) -> None:
    with pytest.raises(StoreError, match=f"already a cohort called “{SECOND}”"):
        store.add_cohort(f"  {SECOND} ", date(2028, 1, 1))
    with pytest.raises(StoreError, match="no cohort called “Placer 2030”"):
        store.team("Fir", cohort="Placer 2030")
    with pytest.raises(StoreError, match="no cohort called “Placer 2030”"):
        store.move_team("Alder", "Placer 2030")
    assert "Fir" not in store.team_names(), "nothing half-made"
    with pytest.raises(StoreError, match="no team called “Nobody”"):
        store.move_team("Nobody", FIRST)


def test_a_store_with_no_cohort_makes_the_first_one(any_store_url: str, monkeypatch) -> None:
    monkeypatch.delenv(COHORT_ENV, raising=False)
    store = Store(any_store_url)
    assert store.cohorts() == []
    store.team("Eastside")
    [cohort] = store.cohorts()
    assert (cohort.name, cohort.teams) == (DEFAULT_COHORT, ("Eastside",))
    assert cohort.start <= date.today()


def test_the_cohort_view_and_its_spreadsheets_show_one_cohort(store: Store) -> None:
    first, second, every = (CohortView(store, FIRST), CohortView(store, SECOND),
                            CohortView(store))
    assert [s["team"] for s in first.teams()] == ["Alder", "Birch"]
    assert [s["team"] for s in second.teams()] == ["Cedar"]
    assert [s["team"] for s in every.teams()] == ["Alder", "Birch", "Cedar"]
    assert first.strategy_teams()[0][3] == ["Alder"] and second.strategy_teams()[0][3] == [
        "Cedar"]
    assert every.strategy_teams()[0][3] == ["Alder", "Cedar"]
    rows = list(csv.DictReader(io.StringIO(second.csv_files()["cohort-teams.csv"])))
    assert [r["Team"] for r in rows] == ["Cedar"]


def test_course_store_lists_each_cohorts_teams_and_moves_one(store: Store, any_store_url,
                                                             monkeypatch, capsys) -> None:
    monkeypatch.setenv("COURSE_STORE_URL", any_store_url)
    assert main(["store", "--move", "Birch", SECOND]) == 0
    out = capsys.readouterr().out
    assert f"Moved “Birch” to the cohort “{SECOND}”." in out
    assert out.index(SECOND) < out.index("  Birch\n  Cedar\n") < out.index(FIRST) < out.index(
        "  Alder")
    assert f"Cohort “{FIRST}”, from {FIRST_START}: 1 team\n" in out
    assert main(["store", "--move", "Birch", "Nope"]) == 1
    assert "no cohort called “Nope”" in capsys.readouterr().err


def test_a_cohort_set_up_for_later_is_nobodys_yet(store: Store) -> None:
    """Next year's cohort, made today, does not take in a team started today (it did)."""
    store.add_cohort("Placer 2099", date(2099, 1, 1))
    store.team("Today's team")
    assert "Today's team" in store.team_names(SECOND)
    assert store.team_names("  Placer  2099 ") == [] and store.team_names(f" {SECOND}  ") == [
        "Cedar", "Today's team"]  # a name typed with other spaces finds the cohort
    assert current([("a", date(2099, 1, 1)), ("b", date(2098, 1, 1))]) == "b"  # none begun
    assert current([]) is None
