"""Sharing with the cohort (widgets/hub/database.py: ``it_shares``), attacked the way a
mischievous participant would: with their own login, in raw SQL and through the course's
Python. The first tests are what worked before their fix; the rest are attempts the rules
held against, kept as evidence."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.hub import test_database
from tests.hub.test_database import ROSTER, _denied, _roster, _sql, _store, cohort_team_id
from widgets.hub.database import record_roster, secure
from widgets.store import SHARED_PARTS, Store, StoreError

cohort = test_database.cohort  # the same cohort: its teams, logins and first entries

_INSERT = ("INSERT INTO it_records (team_id, kind, key, data, version, updated_by, updated_at) "
           "VALUES (%s, %s, %s, %s, 1, 'x', 'now')")


def _step(text: str) -> dict:
    return {"step": text, "owner": "Ana Lúcia", "due": "2027-02-01"}


def _kinds(conn, team_id: int) -> set[str]:
    return {r[0] for r in conn.execute("SELECT kind FROM it_records WHERE team_id = %s",
                                       (team_id,))}


# -- what worked before its fix -----------------------------------------------------------

def _counts(conn, query: str) -> list[str]:
    """The row counts EXPLAIN ANALYZE gives for ``query``: found, and filtered out."""
    plan = "\n".join(r[0] for r in conn.execute(
        f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {query}"))
    return re.findall(r"rows=\d+|Rows Removed by \w+: \d+", plan)


def test_explain_analyze_tells_no_one_what_other_teams_rows_hold(cohort) -> None:
    """Row-level security hides rows, but PostgreSQL lets a 'leakproof' condition of the
    reader's own (=, < on numbers and text) pick rows from an index before the rules
    filter them, and EXPLAIN ANALYZE then counts the rows the rules removed: a right guess
    and a wrong one differed, so another team's keys (which hold members' names), another
    cohort's team names could be read out letter by letter."""
    server, name, _ = cohort
    owner = Store(server.url(database=name))
    owner.add_cohort("Another cohort", date(2030, 1, 1))
    owner.team("Team C", cohort="Another cohort")
    owner.close()
    b = cohort_team_id(cohort, "Team B")
    a = cohort_team_id(cohort, "Team A")
    right_and_wrong = {  # Team B's rating is keyed 'III.J|Cy Mensah'
        "it_records": (f"team_id = {b} AND kind = 'context_factor' AND key < 'III.J|D'",
                       f"team_id = {b} AND kind = 'context_factor' AND key < 'III.J|C'"),
        "it_changes": (f"team_id = {b} AND kind = 'context_factor' AND key >= 'III.J|C'",
                       f"team_id = {b} AND kind = 'context_factor' AND key >= 'III.J|D'"),
        "it_teams": ("name = 'Team C'", "name = 'Team Z'"),
        "it_people": ("username = 'dee'", "username = 'zed'"),
        "it_memberships": (f"username = 'dee' AND team_id = {b}",
                           f"username = 'dee' AND team_id = {a}"),
    }
    join = ("SELECT * FROM (VALUES ({}, 'context_factor', '{}')) AS v (t, k, y) "
            "JOIN it_records r ON r.team_id = v.t AND r.kind = v.k AND r.key = v.y")
    with _sql(cohort, "ana") as ana:
        for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
            ana.execute(f"SET {setting} = off")  # the planner's shortcuts, however pressed
        for table, (right, wrong) in right_and_wrong.items():
            assert (_counts(ana, f"SELECT * FROM {table} WHERE {right}")
                    == _counts(ana, f"SELECT * FROM {table} WHERE {wrong}")), table
        assert (_counts(ana, join.format(b, "III.J|Cy Mensah"))
                == _counts(ana, join.format(b, "III.J|Nobody")))


def test_a_deleted_entry_of_a_shared_part_stays_with_its_team(cohort) -> None:
    """A deleted entry keeps its text (the team can bring it back): it is the team's
    history, not part of what it shares."""
    ana = _store(cohort, "ana").team("Team A")
    ana.save("action_step", _step("Tell Dee her post may go"), by="Ana Lúcia")
    ana.delete("action_step", "Tell Dee her post may go", by="Ana Lúcia")
    ana.save("action_step", _step("Train the clinic staff"), by="Ana Lúcia")
    ana.save("sharing", {"parts": ["plan"]}, by="Ana Lúcia")
    a = cohort_team_id(cohort, "Team A")
    with _sql(cohort, "cy") as cy:
        steps = cy.execute("SELECT data, deleted FROM it_records WHERE team_id = %s AND "
                           "kind = 'action_step'", (a,)).fetchall()
        assert [(("Train" in d), deleted) for d, deleted in steps] == [(True, 0)]
    [work] = _store(cohort, "cy").team("Team B").shared_in_cohort()
    assert [s["step"] for s in work.list("action_step")] == ["Train the clinic staff"]


def test_only_the_sharing_entry_the_team_sees_shares_anything(cohort) -> None:
    """The team chooses on its page, which writes its one sharing entry. A member writing
    another one in raw SQL, where the team's page never shows it, shared everything behind
    the team's back."""
    a = cohort_team_id(cohort, "Team A")
    with _sql(cohort, "bo") as bo:
        bo.execute(_INSERT, (a, "sharing", "hidden", '{"parts": ["context map"]}'))
    with _sql(cohort, "cy") as cy:
        assert {r[0] for r in cy.execute("SELECT name FROM it_teams")} == {"Team B"}
        assert _kinds(cy, a) == set()


def _attack_with_a_huge_sharing_entry(cohort, team_id: int) -> None:
    with _sql(cohort, "ana") as ana:
        ana.execute("INSERT INTO it_records (team_id, kind, key, data, version, updated_by, "
                    f"updated_at) SELECT {team_id}, 'reflection', g::text, '{{}}', 1, 'x', "
                    "'now' FROM generate_series(1, 2000) g")
        ana.execute(_INSERT, (team_id, "sharing", "",
                              '{"parts": [' + ", ".join(['"plan"'] * 300_000) + "]}"))


def test_a_huge_sharing_entry_does_not_stop_the_cohort_reading(cohort) -> None:
    """The read rule looked at the sharing entry again for every row of the team: a 2 MB
    entry and 2,000 rows of its own made every read of every other team of the cohort run
    for minutes, until the hub's time limit cancelled it."""
    a = cohort_team_id(cohort, "Team A")
    _attack_with_a_huge_sharing_entry(cohort, a)
    with _sql(cohort, "cy") as cy:
        cy.execute("SET statement_timeout = '10s'")  # a limit to fail at, not a wait
        assert cy.execute("SELECT count(*) FROM it_records").fetchone()[0] == 1
        assert {r[0] for r in cy.execute("SELECT name FROM it_teams")} == {"Team B"}


def test_a_team_filling_the_table_makes_no_other_team_read_through_its_rows(cohort) -> None:
    """With no function leakproof (the fix above), a login's own conditions cannot use the
    table's index: every read went through every row of every team, so a team that wrote
    200,000 rows of its own made each read of everyone else's go through them all. The
    rules now pick the teams a login may see first, by the index."""
    a = cohort_team_id(cohort, "Team A")
    with _sql(cohort, "ana") as ana:
        ana.execute("INSERT INTO it_records (team_id, kind, key, data, version, updated_by, "
                    f"updated_at) SELECT {a}, 'reflection', g::text, '', 1, '', '' "
                    "FROM generate_series(1, 200000) g")
        ana.execute("INSERT INTO it_changes (team_id, kind, key, version, action, data, "
                    f"deleted, changed_by, changed_at) SELECT {a}, 'reflection', g::text, 1, "
                    "'save', '', 0, '', '' FROM generate_series(1, 200000) g")
    with _sql(cohort, "cy") as cy:
        for query in ("SELECT * FROM it_records WHERE kind = 'context_factor'",
                      "SELECT * FROM it_changes"):
            plan = "\n".join(r[0] for r in cy.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {query}"))
            looked_at = [int(n) for n in re.findall(r"Rows Removed by Filter: (\d+)", plan)]
            assert max(looked_at, default=0) < 100, plan


# -- attempts the rules held against -----------------------------------------------------

ODD_SHARING = ("not json", "[]", "null", '"plan"', '{"parts": "plan"}',
               '{"parts": {"plan": true}}', '{"parts": [["plan"]]}', '{"parts": [null, 1, {}]}',
               '{"parts": ["Plan", " plan", "plan "]}', '{"parts": ["plan"], "parts": []}',
               '{"parts": ["\\u0000"]}', '{"parts": ["' + "x" * 100_000 + '"]}',
               "[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize("data", ODD_SHARING, ids=range(len(ODD_SHARING)))
def test_an_odd_sharing_entry_shares_nothing_and_breaks_no_one_s_reads(cohort, data) -> None:
    a = cohort_team_id(cohort, "Team A")
    with _sql(cohort, "ana") as ana:
        ana.execute(_INSERT, (a, "action_step", "s", "{}"))
        ana.execute(_INSERT, (a, "sharing", "", data))
    for reader in ("cy", "fay", "cole"):
        with _sql(cohort, reader) as conn:
            conn.execute("SELECT * FROM it_records").fetchall()
            conn.execute("SELECT * FROM it_teams").fetchall()
    with _sql(cohort, "cy") as cy:
        assert _kinds(cy, a) == set(), data
    assert _store(cohort, "cy").team("Team B").shared_in_cohort() == []


def test_calling_it_shares_directly_tells_nothing_the_rows_do_not(cohort) -> None:
    server, name, _ = cohort
    owner = Store(server.url(database=name))
    owner.add_cohort("Another cohort", date(2030, 1, 1))
    owner.team("Team C", cohort="Another cohort").save(
        "sharing", {"parts": list(SHARED_PARTS)}, by="Zed")
    owner.team("Team B").save("sharing", {"parts": ["strategies"]}, by="Cy Mensah")
    owner.close()
    b = cohort_team_id(cohort, "Team B")
    with _sql(cohort, "ana") as ana:
        assert set(ana.execute("SELECT * FROM it_shares()")) == {
            (b, "sharing"), (b, "strategy"), (b, "specification")}, "Team C never"
        reason = _denied(ana, "SELECT it_shares(1, 'plan')")
        assert "does not exist" in reason, "the old per-row form is gone"
    with _sql(cohort, "finn") as finn:
        assert "permission denied" in _denied(finn, "SELECT * FROM it_shares()")


def test_writes_and_errors_tell_nothing_of_another_team_s_rows(cohort) -> None:
    """A unique key, ON CONFLICT, an UPDATE's row count or an error raised on a row: the
    same answer whether Team B holds the row or not."""
    b = cohort_team_id(cohort, "Team B")
    with _sql(cohort, "ana") as ana:
        for key in ("III.J|Cy Mensah", "III.J|Nobody"):  # Team B holds the first
            for conflict in ("", " ON CONFLICT DO NOTHING",
                             " ON CONFLICT (team_id, kind, key) DO UPDATE SET data = 'x'"):
                assert "row-level security" in _denied(
                    ana, _INSERT.replace("%s", "{}").format(
                        b, "'context_factor'", f"'{key}'", "'{}'") + conflict)
            assert ana.execute("UPDATE it_records SET data = data WHERE team_id = %s AND "
                               "key = %s", (b, key)).rowcount == 0
        # A condition that fails on any row of Team B's is never tried on one.
        assert ana.execute("SELECT count(*) FROM it_records WHERE 1 / CASE WHEN data LIKE "
                           "'%Team B%' THEN 0 ELSE 1 END = 1").fetchone()[0] == 1
        assert ana.execute("SELECT count(*) FROM it_changes WHERE 1 / CASE WHEN data LIKE "
                           "'%Team B%' THEN 0 ELSE 1 END = 1").fetchone()[0] == 1


def test_a_person_in_teams_of_two_cohorts_reads_what_each_cohort_shares_only(
        cohort, tmp_path: Path) -> None:
    server, name, _ = cohort
    two = ROSTER + "Team C,ana,Ana Lúcia,implementer,no,participant\n"
    engine = sa.create_engine(server.url(database=name))
    with engine.begin() as conn:
        record_roster(conn, _roster(tmp_path, two), "Second cohort")
    engine.dispose()
    owner = Store(server.url(database=name))
    owner.add_cohort("Third cohort", date(2031, 1, 1))
    for team, cohort_name in (("Team D", "Second cohort"), ("Team E", "Third cohort")):
        owner.team(team, cohort=cohort_name).save("action_step", _step(f"{team}'s step"),
                                                  by="Zed")
        owner.team(team).save("sharing", {"parts": ["plan"]}, by="Zed")
    owner.close()
    with _sql(cohort, "ana") as ana:
        assert {r[0] for r in ana.execute("SELECT name FROM it_teams")} == {
            "Team A", "Team C", "Team D"}
        assert "permission denied" in _denied(ana, "UPDATE it_teams SET cohort_id = cohort_id")
    with _sql(cohort, "cy") as cy:  # Team B's cohort holds neither Team D nor Team E
        assert {r[0] for r in cy.execute("SELECT name FROM it_teams")} == {"Team B"}


def test_a_shared_team_s_history_stays_its_own_through_any_query(cohort) -> None:
    ana = _store(cohort, "ana").team("Team A")
    ana.save("action_step", _step("Draft one"), by="Ana Lúcia")
    ana.save("sharing", {"parts": list(SHARED_PARTS)}, by="Ana Lúcia")
    a = cohort_team_id(cohort, "Team A")
    with _sql(cohort, "cy") as cy:
        assert _kinds(cy, a) == {"action_step", "sharing"}
        for query in (
                f"SELECT count(*) FROM it_changes WHERE team_id = {a}",
                "SELECT count(*) FROM it_changes c JOIN it_records r USING (team_id, kind, key)"
                f" WHERE r.team_id = {a}",
                f"SELECT count(*) FROM it_records r WHERE r.team_id = {a} AND EXISTS ("
                "SELECT FROM it_changes c WHERE c.team_id = r.team_id)"):
            assert cy.execute(query).fetchone()[0] == 0, query


def test_no_one_locks_the_rows_another_team_shares(cohort) -> None:
    """Reading a shared row is not holding it: a lock would stop the team saving it."""
    ana = _store(cohort, "ana").team("Team A")
    ana.save("action_step", _step("Train the clinic staff"), by="Ana Lúcia")
    ana.save("sharing", {"parts": ["plan"]}, by="Ana Lúcia")
    a = cohort_team_id(cohort, "Team A")
    with _sql(cohort, "cy") as cy:
        assert _kinds(cy, a) == {"action_step", "sharing"}
        for lock in ("UPDATE", "NO KEY UPDATE", "SHARE", "KEY SHARE"):
            assert cy.execute(f"SELECT id FROM it_records WHERE team_id = {a} FOR {lock}"
                              ).fetchall() == [], lock
            assert "permission denied" in _denied(
                cy, f"SELECT id FROM it_teams WHERE id = {a} FOR {lock}")


def test_a_team_facilitator_reads_what_the_cohort_shares_and_changes_none_of_it(
        cohort) -> None:
    _store(cohort, "cy").team("Team B").save("sharing", {"parts": ["context map"]},
                                              by="Cy Mensah")
    b = cohort_team_id(cohort, "Team B")
    with _sql(cohort, "fay") as fay:  # she facilitates Team A
        assert _kinds(fay, b) == {"sharing"}, "Team B's ratings are not its context map"
        assert "row-level security" in _denied(fay, _INSERT.replace("%s", "{}").format(
            b, "'meeting'", "'2027-01-05'", "'{}'"))
        assert fay.execute(f"UPDATE it_records SET deleted = 1 WHERE team_id = {b}"
                           ).rowcount == 0


def test_a_database_owner_who_cannot_turn_the_shortcuts_off_is_told_to(
        postgres_server, tmp_path: Path) -> None:
    """Only a superuser can take the leakproof mark off PostgreSQL's functions; the rules
    are not put in place half-way without it."""
    name = f"own_{tmp_path.name[-20:].replace('-', '_').lower()}"
    admin = sa.create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP ROLE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE ROLE {name} LOGIN CREATEROLE PASSWORD 'owner-pw'")
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER {name}')
    admin.dispose()
    url = postgres_server.url(name, "owner-pw", name)
    Store(url).close()
    engine = sa.create_engine(url)
    with pytest.raises(RuntimeError, match="marked leakproof"), engine.begin() as conn:
        secure(conn)
    engine.dispose()


def test_through_the_course_s_python_a_shared_team_is_read_on_the_cohort_page_only(
        cohort) -> None:
    """Team A's shared plan reaches Cy (Team B) as shared work, read-only; Team A is not one
    of her teams to pick, open or hand in (once it was listed, and opened)."""
    ana = _store(cohort, "ana").team("Team A")
    ana.save("action_step", _step("Train the clinic staff"), by="Ana Lúcia")
    ana.save("sharing", {"parts": ["plan"]}, by="Ana Lúcia")
    cy = _store(cohort, "cy")
    assert cy.team_names() == ["Team B"]
    with pytest.raises(StoreError, match="no team called “Team A” that you can open"):
        cy.team("Team A")
    [work] = cy.team("Team B").shared_in_cohort()
    assert (work.team, [s["step"] for s in work.list("action_step")]) == (
        "Team A", ["Train the clinic staff"])
    assert work.list("context_factor") == [], "not a shared part"
    cy.close()
    assert ana.list("sharing") == [{"parts": ["plan"]}]
