"""Working together live on a cohort's hub (issue 18): no one is told of another team's changes,
and no one can say that someone else is here. Tried as a participant would: with their own
login, through the course's Python and in raw SQL."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.hub.test_database import _denied, _sql, _store, cohort, cohort_team_id  # noqa: F401
from tests.store.test_live import _until

pytestmark = pytest.mark.postgres


def test_only_the_team_hears_its_saves(cohort) -> None:  # noqa: F811
    ana, bo, cy = (_store(cohort, user) for user in ("ana", "bo", "cy"))
    heard: dict[str, list[str]] = {"bo": [], "cy": []}

    async def meeting() -> None:
        open_now = []  # what a kernel's views hold: a workspace no one holds is not followed
        for who, store, team in (("bo", bo, "Team A"), ("cy", cy, "Team B")):
            ws = store.team(team)
            ws.on_change(lambda kind, who=who: heard[who].append(kind), teammates=True)
            ws.follow()
            open_now.append(ws)
        await asyncio.sleep(0)
        ana.team("Team A").save("member", {"name": "Ana Lúcia", "perspective": "implementer"})
        ana.team("Team A").here(2, "Ana Lúcia")
        await _until(lambda: "member" in heard["bo"] and "here" in heard["bo"], what=heard)
        # Cy's own team's save arrives after; by then Team A's would have too.
        cy.team("Team B").save("sharing", {"parts": ["plan"]})
        await _until(lambda: "sharing" in heard["cy"])

    asyncio.run(meeting())
    # Cy heard her own team only: the catch-up on following it (its entries saved in the
    # last moments, and one "who is here"), then her own save; nothing of Team A's.
    assert "member" not in heard["cy"] and heard["cy"].count("here") == 1, heard["cy"]
    for store in (ana, bo, cy):
        store.close()


def test_a_team_cannot_find_another_teams_channel(cohort) -> None:  # noqa: F811
    a, b = cohort_team_id(cohort, "Team A"), cohort_team_id(cohort, "Team B")
    with _sql(cohort, "cy") as cy:
        assert [r[0] for r in cy.execute("SELECT team_id FROM it_live")] == [b]
        assert cy.execute(f"SELECT count(*) FROM it_live WHERE team_id = {a}"
                          ).fetchone()[0] == 0
        assert "permission denied" in _denied(cy, "UPDATE it_live SET channel = 'mine'")
        assert "permission denied" in _denied(cy, "INSERT INTO it_live VALUES (99, 'x')")
        # The planner's statistics would spell channels out: there are none.
        assert cy.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'it_live'"
                          ).fetchone()[0] == 0
    with _sql(cohort, "ana") as ana, _sql(cohort, "cy") as cy:
        channel = ana.execute("SELECT channel FROM it_live").fetchone()[0]
        assert len(channel) > 30  # random: not to be guessed
        cy.execute(f'LISTEN "{channel}"')  # were it guessed, it would be heard: hence random
        ana.execute("SELECT 1")


def test_each_person_says_only_that_they_themselves_are_here(cohort) -> None:  # noqa: F811
    a, b = cohort_team_id(cohort, "Team A"), cohort_team_id(cohort, "Team B")
    later = time.time() + 3600
    with _sql(cohort, "ana") as ana:
        ana.execute("INSERT INTO it_presence VALUES (%s, 'Ana Lúcia', 2, %s)", (a, later))
        seen = ana.execute("SELECT seen_at FROM it_presence").fetchone()[0]
        assert seen < time.time() + 1, "no one is here in the future"
        for values in ((a, "Bo Okafor", 2), (b, "Ana Lúcia", 2), (a, "Ana Lúcia", 99)):
            assert "row-level security" in _denied(
                ana, f"INSERT INTO it_presence VALUES ({values[0]}, '{values[1]}', "
                     f"{values[2]}, 1)")
        assert "permission denied" in _denied(
            ana, "UPDATE it_presence SET member = 'Bo Okafor'")  # no right to that column
    with _sql(cohort, "bo") as bo:
        assert bo.execute("SELECT member FROM it_presence").fetchall() == [("Ana Lúcia",)]
        assert bo.execute("UPDATE it_presence SET seen_at = 0").rowcount == 0, \
            "Bo cannot say Ana left"
        assert "permission denied" in _denied(bo, "DELETE FROM it_presence")
    with _sql(cohort, "cy") as cy:
        assert cy.execute("SELECT count(*) FROM it_presence").fetchone()[0] == 0
