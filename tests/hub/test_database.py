"""The database's own rules of who sees what (widgets/hub/database.py), tried on a real
PostgreSQL server the way a mischievous participant would: with their own login, in raw SQL,
not through the course's Python."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from widgets.hub.database import GROUPS, SUPPRESS_BELOW, admit, login_name, record_roster, secure
from widgets.hub.roster import read_roster
from widgets.store import SHARED_PARTS, Store, StoreError

ROSTER = """team,username,display name,perspective,no code,role
Team A,ana,Ana Lúcia,implementer,no,participant
Team A,bo,Bo Okafor,lived experience,yes,participant
Team B,cy,Cy Mensah,researcher,no,participant
Team B,dee,Dee Park,manager,no,participant
Team A,fay,Fay Nair,researcher,no,team facilitator
,cole,Cole Ortega,evaluator,no,cohort facilitator
,finn,Finn Funder,other,no,funder
"""


def _roster(tmp_path: Path, text: str = ROSTER):
    path = tmp_path / "roster.csv"
    path.write_text(text, "utf-8")
    return read_roster(path)


@pytest.fixture
def cohort(postgres_server, tmp_path: Path):
    """A course database set up as the hub sets it up, a login for everyone on the roster,
    and a few entries in each team. Returns (server, database, {username: password})."""
    name = f"hub_{tmp_path.name[-20:].replace('-', '_').lower()}"
    admin = sa.create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    owner = Store(postgres_server.url(database=name))
    roster = _roster(tmp_path)
    with owner.writing() as conn:
        secure(conn)
        record_roster(conn, roster)
        passwords = {p.username: admit(conn, p) for p in roster.people.values()}
    for team, member in (("Team A", "Ana Lúcia"), ("Team B", "Cy Mensah")):
        owner.team(team).save("context_factor", {
            "construct": "III.J", "member": member, "effect": "barrier", "strength": 2,
            "note": f"{team} has no budget after June"}, by=member)
    owner.close()
    yield postgres_server, name, passwords


def _sql(cohort, user: str):
    """A raw database connection as ``user``'s own login (autocommit: each statement alone)."""
    server, name, passwords = cohort
    return psycopg.connect(host="127.0.0.1", port=server.port, dbname=name,
                           user=login_name(user), password=passwords[user], autocommit=True)


def _store(cohort, user: str) -> Store:
    server, name, passwords = cohort
    return Store(server.url(login_name(user), passwords[user], name))


def _denied(conn, statement: str) -> str:
    """Run ``statement``; it must be refused. Returns PostgreSQL's reason."""
    with pytest.raises(psycopg.Error) as refused:
        conn.execute(statement)
    return str(refused.value)


def test_a_login_needs_its_own_password(cohort) -> None:
    server, name, passwords = cohort
    for user, password in (("ana", passwords["cy"]), ("ana", ""), ("postgres", "")):
        with pytest.raises(psycopg.OperationalError,
                           match="password authentication failed|no password supplied"):
            psycopg.connect(host="127.0.0.1", port=server.port, dbname=name,
                            user=login_name(user) if user != "postgres" else user,
                            password=password)


def test_a_participant_reads_and_writes_their_own_team_only(cohort) -> None:
    with _sql(cohort, "ana") as ana:
        assert [r[0] for r in ana.execute("SELECT name FROM it_teams")] == ["Team A"]
        notes = [r[0] for r in ana.execute("SELECT data FROM it_records")]
        assert len(notes) == 1 and "Team A" in notes[0]
        assert ana.execute("SELECT count(*) FROM it_changes").fetchone()[0] == 1
        b = cohort_team_id(cohort, "Team B")
        assert ana.execute(f"SELECT count(*) FROM it_records WHERE team_id = {b}"
                           ).fetchone()[0] == 0
        assert "row-level security" in _denied(ana, (
            "INSERT INTO it_records (team_id, kind, key, data, version, updated_by, updated_at) "
            f"VALUES ({b}, 'member', 'x', '{{}}', 1, 'x', 'now')"))
        changed = ana.execute(f"UPDATE it_records SET data = '{{}}' WHERE team_id = {b}")
        assert changed.rowcount == 0
        assert "permission denied" in _denied(ana, "DELETE FROM it_records")
        assert "permission denied" in _denied(ana, "DELETE FROM it_changes")
        assert "permission denied" in _denied(ana, "UPDATE it_changes SET data = '{}'")
        assert "permission denied" in _denied(
            ana, "INSERT INTO it_teams (name, created_at) VALUES ('Team C', 'now')")


def cohort_team_id(cohort, team: str) -> int:
    server, name, _ = cohort
    with psycopg.connect(server.url(database=name).replace("+psycopg", "")) as owner:
        return owner.execute("SELECT id FROM it_teams WHERE name = %s", (team,)).fetchone()[0]


def test_no_course_login_can_widen_its_rights(cohort) -> None:
    with _sql(cohort, "ana") as ana:
        # Her own person and memberships only: what the rules read.
        assert [r[0] for r in ana.execute("SELECT username FROM it_people")] == ["ana"]
        assert [r[:1] + r[2:] for r in ana.execute("SELECT * FROM it_memberships")] == [
            ("ana", "participant")]
        for statement in (
                "UPDATE it_people SET role = 'cohort facilitator'",
                "UPDATE it_memberships SET role = 'team facilitator'",
                "INSERT INTO it_memberships VALUES ('ana', 2, 'participant')",
                "ALTER TABLE it_records DISABLE ROW LEVEL SECURITY",
                "DROP POLICY it_read ON it_records",
                "CREATE POLICY mine ON it_records FOR SELECT USING (true)",
                "GRANT it_cohort_facilitator TO current_user",
                "SET ROLE it_cohort_facilitator",
                "ALTER ROLE current_user BYPASSRLS",
                "CREATE ROLE sneaky LOGIN",
                "CREATE TABLE it_mine (x int)",
                "CREATE FUNCTION it_me() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "DROP TRIGGER it_author ON it_records"):
            reason = _denied(ana, statement)
            assert ("permission denied" in reason or "must be" in reason
                    or "must have admin option" in reason), (statement, reason)
        # Becoming the group role gives nothing more: the rules look at who logged in.
        ana.execute("SET ROLE it_participant")
        assert ana.execute("SELECT count(*) FROM it_records").fetchone()[0] == 1


def test_the_author_is_the_login_s_own_person_whatever_the_form_said(cohort) -> None:
    store = _store(cohort, "ana")
    ws = store.team("Team A")
    ws.save("meeting", {"date": "2027-01-05", "attendees": ["Ana Lúcia"]}, by="Cy Mensah")
    assert ws.history("meeting", "2027-01-05")[-1]["by"] == "Ana Lúcia"
    with _sql(cohort, "ana") as ana:
        ana.execute("UPDATE it_records SET updated_by = 'The Director' WHERE kind = 'meeting'")
        assert ana.execute("SELECT updated_by FROM it_records WHERE kind = 'meeting'"
                           ).fetchone()[0] == "Ana Lúcia"
    store.close()


def test_through_the_store_a_participant_opens_only_their_team(cohort) -> None:
    store = _store(cohort, "cy")
    assert store.team_names() == ["Team B"]
    assert store.me.display_name == "Cy Mensah" and store.me.teams == ("Team B",)
    with pytest.raises(StoreError, match="no team called “Team A” that you can open"):
        store.team("Team A")
    with pytest.raises(StoreError, match="no team called “Team Z” that you can open"):
        store.team("Team Z")
    store.close()


def test_a_team_facilitator_reads_their_team_and_writes_its_meeting_notes_only(cohort) -> None:
    """Meeting notes: the between-session meetings and the peer consultations."""
    store = _store(cohort, "fay")
    assert store.team_names() == ["Team A"]
    ws = store.team("Team A")
    ws.save("meeting", {"date": "2027-01-12", "attendees": ["Ana Lúcia", "Bo Okafor"],
                        "notes": "We went through Module 2."}, by="Fay Nair")
    ws.save("consultation", {"date": "2027-01-19", "module": 2, "presenter": "Team A",
                             "attendees": ["Cy Mensah"], "changes": "Ask the board"},
            by="Fay Nair")  # a working group's session, recorded by its facilitator
    with pytest.raises(StoreError):
        ws.save("reflection", {"module": 2, "member": "Fay Nair", "text": "Not mine to say"})
    with _sql(cohort, "fay") as fay:
        assert fay.execute("SELECT count(*) FROM it_records WHERE kind = 'context_factor'"
                           ).fetchone()[0] == 1
    store.close()


def test_a_cohort_facilitator_reads_every_team_and_writes_nothing(cohort) -> None:
    store = _store(cohort, "cole")
    assert store.team_names() == ["Team A", "Team B"]
    with pytest.raises(StoreError):
        store.team("Team A").save("meeting", {"date": "2027-01-05", "attendees": ["Cole"]})
    with _sql(cohort, "cole") as cole:
        assert cole.execute("SELECT count(*) FROM it_records").fetchone()[0] == 2
        assert "permission denied" in _denied(cole, "UPDATE it_records SET data = '{}'")
    store.close()


def test_a_funder_sees_aggregates_only_with_small_counts_suppressed(cohort) -> None:
    with _sql(cohort, "finn") as finn:
        for table in ("it_teams", "it_records", "it_changes"):
            assert "permission denied" in _denied(finn, f"SELECT * FROM {table}")
        assert finn.execute("SELECT count(*) FROM it_people").fetchone()[0] == 1, "himself"
        assert finn.execute("SELECT it_cohort_size()").fetchone()[0] == 2
        assert finn.execute("SELECT * FROM it_cohort_factors()").fetchall() == [], \
            "2 teams named Available Resources: fewer than 3, so not shown"
    server, name, _ = cohort
    owner = Store(server.url(database=name))
    for team in ("Team C", "Team D"):
        owner.team(team).save("context_factor", {
            "construct": "III.J", "member": "someone", "effect": "barrier", "strength": 1,
            "note": "no budget"})
    owner.team("Team C").save("context_factor", {
        "construct": "I.A", "member": "someone", "effect": "facilitator", "strength": 1,
        "note": "seen it"})
    owner.close()
    with _sql(cohort, "finn") as finn:
        assert finn.execute("SELECT * FROM it_cohort_factors()").fetchall() == [
            ("III.J", 4, None)], f"counts under {SUPPRESS_BELOW} teams are suppressed"
        assert "permission denied" in _denied(finn, "INSERT INTO it_teams VALUES (99, 'x', 'y')")
    # Next year's cohort: the funder sees each cohort's own figures, or all of them together.
    owner = Store(server.url(database=name))
    [first] = owner.cohorts()
    owner.add_cohort("Next year", date.today())
    for team in ("Team E", "Team F", "Team G"):
        owner.team(team, cohort="Next year").save("context_factor", {
            "construct": "I.A", "member": "someone", "effect": "facilitator", "strength": 1,
            "note": "seen it"})
    owner.close()
    with _sql(cohort, "finn") as finn:
        def sql(query: str, *args: str) -> list:
            return finn.execute(query, args).fetchall()

        assert sql("SELECT it_cohort_size(%s)", first.name) == [(4,)]
        assert sql("SELECT it_cohort_size(%s)", "Next year") == [(3,)]
        assert sql("SELECT it_cohort_size()") == [(7,)]
        assert sql("SELECT * FROM it_cohort_factors(%s)", first.name) == [("III.J", 4, None)]
        assert sql("SELECT * FROM it_cohort_factors(%s)", "Next year") == [("I.A", None, 3)]
        assert sql("SELECT * FROM it_cohort_factors()") == [("I.A", None, 4),
                                                            ("III.J", 4, None)]


def test_a_member_taken_off_a_team_loses_it_and_their_entries_stay(cohort, tmp_path) -> None:
    server, name, passwords = cohort
    store = _store(cohort, "bo")
    store.team("Team A").save("reflection", {"module": 1, "member": "Bo Okafor",
                                             "text": "We learned to listen"})
    store.close()
    moved = ROSTER.replace("Team A,bo,Bo Okafor", "Team B,bo,Bo Okafor")
    owner = sa.create_engine(server.url(database=name))
    with owner.begin() as conn:
        record_roster(conn, _roster(tmp_path, moved))
    owner.dispose()
    with _sql(cohort, "bo") as bo:
        assert [r[0] for r in bo.execute("SELECT name FROM it_teams")] == ["Team B"]
    with _sql(cohort, "ana") as ana:
        reflections = ana.execute("SELECT updated_by FROM it_records WHERE kind = 'reflection'")
        assert reflections.fetchall() == [("Bo Okafor",)], "Bo's entry stays with Team A"


def test_the_group_roles_are_the_courses(cohort) -> None:
    server, name, _ = cohort
    with psycopg.connect(server.url(database=name).replace("+psycopg", "")) as owner:
        found = {r[0]: r[1:] for r in owner.execute(
            "SELECT rolname, rolcanlogin, rolcreaterole, rolbypassrls FROM pg_roles "
            "WHERE rolname LIKE 'it\\_%'")}
    assert set(GROUPS.values()) <= set(found)
    for login in (login_name(u) for u in ("ana", "bo", "cy", "dee", "fay", "cole", "finn")):
        assert found[login] == (True, False, False), login


# -- what a security review found; each of these was possible before its fix -------------

def _estimate(conn, where: str) -> int:
    plan = conn.execute(f"EXPLAIN SELECT 1 FROM it_records, generate_series(1, 100000000) g "
                        f"WHERE {where}").fetchone()[0]
    return int(re.search(r"rows=(\d+)", plan).group(1))


def test_the_planners_statistics_tell_no_one_about_other_teams(cohort) -> None:
    """Row-level security hides rows, not the planner's statistics: with them, a row count
    estimate in EXPLAIN spelled out another team's text, letter by letter."""
    server, name, _ = cohort
    owner = Store(server.url(database=name))
    ws = owner.team("Team B")
    for i in range(60):
        ws.save("reflection", {"module": 1, "member": f"m{i}", "text": "Dee may quit"},
                by="Secret Name")
    owner.close()
    with psycopg.connect(server.url(database=name).replace("+psycopg", ""),
                         autocommit=True) as conn:
        for table in ("it_records", "it_changes", "it_teams", "it_people", "it_memberships"):
            conn.execute(f"ANALYZE {table}")  # what autovacuum does as a store fills up
    with _sql(cohort, "ana") as ana:
        assert (_estimate(ana, "updated_by = 'Secret Name'")
                == _estimate(ana, "updated_by = 'Nobody Here'"))
        assert _estimate(ana, "data < '{\"text\": \"Dee'") == _estimate(ana, "data < '{'")


def test_statistics_gathered_before_the_rules_are_cleared_by_them(cohort) -> None:
    server, name, _ = cohort
    url = server.url(database=name).replace("+psycopg", "")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE it_records ALTER COLUMN updated_by SET STATISTICS -1")
        conn.execute("ANALYZE it_records")
        assert conn.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'it_records' "
                            "AND attname = 'updated_by'").fetchone()[0] == 1
    engine = sa.create_engine(server.url(database=name))
    with engine.begin() as conn:
        secure(conn)
    engine.dispose()
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM pg_stats WHERE tablename LIKE 'it\\_%'"
                            ).fetchone()[0] == 0


def test_only_funders_and_cohort_facilitators_read_the_aggregates(cohort) -> None:
    """A participant adding an entry of their own could see a suppressed count appear."""
    with _sql(cohort, "ana") as ana:
        for function in ("it_cohort_factors()", "it_cohort_strategies()",
                         "it_cohort_progress()", "it_cohort_size()"):
            assert "permission denied" in _denied(ana, f"SELECT * FROM {function}")
    with _sql(cohort, "cole") as cole:
        assert cole.execute("SELECT it_cohort_size()").fetchone()[0] == 2


def test_no_participant_can_squat_ids_move_rows_or_lock_the_cohort_out(cohort) -> None:
    with _sql(cohort, "ana") as ana:
        a = cohort_team_id(cohort, "Team A")
        for statement in (
                "INSERT INTO it_records (id, team_id, kind, key, data, version, updated_by, "
                f"updated_at) VALUES (99999, {a}, 'member', 'x', '{{}}', 1, 'x', 'now')",
                "UPDATE it_records SET id = id + 1000",
                f"UPDATE it_records SET team_id = {a}, key = 'x'",
                "DO $$ BEGIN LOCK TABLE it_records IN ACCESS EXCLUSIVE MODE; END $$",
                "DO $$ BEGIN LOCK TABLE it_changes IN SHARE MODE; END $$"):
            assert "permission denied" in _denied(ana, statement), statement
        assert ana.execute("SHOW idle_in_transaction_session_timeout").fetchone()[0] != "0"
        assert ana.execute("SHOW lock_timeout").fetchone()[0] != "0"
        ana.execute("SELECT pg_advisory_lock(74616561)")  # the lock the store's upgrades take
        opened = {}
        worker = threading.Thread(target=lambda: opened.update(names=_store(
            cohort, "cy").team_names()), daemon=True)
        worker.start()
        worker.join(timeout=30)
        assert opened.get("names") == ["Team B"], "a teammate's store must still open"


def test_bad_data_cannot_break_the_funders_reports(cohort) -> None:
    with _sql(cohort, "ana") as ana:
        a = cohort_team_id(cohort, "Team A")
        insert = ("INSERT INTO it_records (team_id, kind, key, data, version, updated_by, "
                  f"updated_at) VALUES ({a}, %s, %s, %s, 1, 'x', 'now')")
        ana.execute(insert, ("progress", "9", "not json"))
        ana.execute(insert, ("strategy", "x", '{"strategy": "the funder cannot see this"}'))
        ana.execute(insert, ("progress", "y", '{"module": "seven", "status": "done"}'))
    with _sql(cohort, "finn") as finn:
        for function in ("it_cohort_factors()", "it_cohort_strategies()",
                         "it_cohort_progress()"):
            assert finn.execute(f"SELECT * FROM {function}").fetchall() == [], function


def test_someone_taken_off_the_roster_cannot_log_in_again(cohort, tmp_path) -> None:
    server, name, passwords = cohort
    ana = _sql(cohort, "ana")
    owner = sa.create_engine(server.url(database=name))
    with owner.begin() as conn:
        record_roster(conn, _roster(tmp_path, ROSTER.replace(
            "Team A,ana,Ana Lúcia,implementer,no,participant\n", "")))
    owner.dispose()
    with pytest.raises(psycopg.OperationalError):
        ana.execute("SELECT 1")  # her open session was ended
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        _sql(cohort, "ana")


def test_the_rosters_teams_join_the_hubs_cohort_and_no_participant_moves_them(
        cohort, tmp_path: Path) -> None:
    server, name, _ = cohort
    owner = Store(server.url(database=name))
    [first] = owner.cohorts()
    assert first.teams == ("Team A", "Team B")
    with owner.writing() as conn:  # the next year's hub: `course hub --cohort ...`
        record_roster(conn, _roster(tmp_path, ROSTER.replace("Team B", "Team C")),
                      "Second cohort")
    assert [(c.name, c.teams) for c in owner.cohorts()] == [
        ("Second cohort", ("Team C",)), (first.name, ("Team A", "Team B"))]
    owner.close()
    with _sql(cohort, "ana") as ana:
        assert {r[0] for r in ana.execute("SELECT name FROM it_cohorts")} == {
            first.name, "Second cohort"}
        assert "permission denied" in _denied(
            ana, "INSERT INTO it_cohorts (name, start_date, created_at) VALUES ('x', 'x', 'x')")
        assert "permission denied" in _denied(ana, "UPDATE it_teams SET cohort_id = 2")
        assert "permission denied" in _denied(ana, "DELETE FROM it_cohorts")
    store = _store(cohort, "ana")
    with pytest.raises(StoreError, match="Your login cannot make a cohort"):
        store.add_cohort("Mine", date(2030, 1, 1))
    with pytest.raises(StoreError, match="Your login cannot move a team"):
        store.move_team("Team A", "Second cohort")
    store.close()


def test_a_team_shares_chosen_parts_with_its_cohort_and_nothing_else_leaks(cohort) -> None:
    server, name, _ = cohort
    owner = Store(server.url(database=name))
    owner.add_cohort("Another cohort", date(2030, 1, 1))
    other = owner.team("Team C", cohort="Another cohort")  # shares all it has, elsewhere
    other.save("action_step", {"step": "C's step", "owner": "Zed", "due": "2030-02-01"},
               by="Zed")
    other.save("sharing", {"parts": list(SHARED_PARTS)}, by="Zed")
    owner.close()
    ana = _store(cohort, "ana").team("Team A")
    ana.save("action_step", {"step": "A's step", "owner": "Ana Lúcia", "due": "2027-02-01"})
    with _sql(cohort, "cy") as cy:
        assert {r[0] for r in cy.execute("SELECT name FROM it_teams")} == {"Team B"}
        assert {r[0] for r in cy.execute("SELECT kind FROM it_records")} == {"context_factor"}
        ana.save("sharing", {"parts": ["plan"]}, by="Ana Lúcia")
        assert {r[0] for r in cy.execute("SELECT name FROM it_teams")} == {"Team A", "Team B"}
        seen = cy.execute("SELECT t.name, r.kind FROM it_records r JOIN it_teams t "
                          "ON t.id = r.team_id ORDER BY 1, 2").fetchall()
        assert seen == [("Team A", "action_step"), ("Team A", "sharing"),
                        ("Team B", "context_factor")], "the plan only; Team C never"
        a = cohort_team_id(cohort, "Team A")
        assert cy.execute(f"SELECT count(*) FROM it_changes WHERE team_id = {a}"
                          ).fetchone()[0] == 0, "a shared part's history stays the team's"
        # Read-only: Team B can neither change what Team A shares nor its shared entries.
        assert "row-level security" in _denied(cy, (
            "INSERT INTO it_records (team_id, kind, key, data, version, updated_by, "
            f"updated_at) VALUES ({a}, 'sharing', 'x', '{{}}', 1, 'x', 'now')"))
        assert cy.execute(f"UPDATE it_records SET data = '{{\"parts\": []}}' WHERE team_id = "
                          f"{a}").rowcount == 0
        # What Team B says it shares exposes nothing of Team A's.
        _store(cohort, "cy").team("Team B").save("sharing", {"parts": list(SHARED_PARTS)},
                                                 by="Cy Mensah")
        assert {r[0] for r in cy.execute(f"SELECT kind FROM it_records WHERE team_id = {a}"
                                         )} == {"action_step", "sharing"}
        [work] = _store(cohort, "cy").team("Team B").shared_in_cohort()
        assert (work.team, work.parts, [s["step"] for s in work.list("action_step")]) == (
            "Team A", ("plan",), ["A's step"])
        ana.delete("sharing", "", by="Ana Lúcia")  # Team A stops sharing
        assert {r[0] for r in cy.execute("SELECT name FROM it_teams")} == {"Team B"}
        assert cy.execute(f"SELECT count(*) FROM it_records WHERE team_id = {a}"
                          ).fetchone()[0] == 0
    with _sql(cohort, "finn") as finn:  # the funder reads no team's entries, shared or not
        assert "permission denied" in _denied(finn, "SELECT count(*) FROM it_records")
