"""Who may see and change what, kept by PostgreSQL itself: a login per hub user, a group role per
course role, and row-level security on every table that holds a team's work.

Every participant can run code, so none of this is left to the course's Python: a kernel that
opens its own database connection with its own login gets exactly what the rules below allow.

===================  ==========================================  ===============================
role                 may read                                    may write
===================  ==========================================  ===============================
participant          their own team(s), and what other teams of  their own team(s)
                     their cohort chose to share (``it_shares``)
team facilitator     the teams they facilitate, and what other   those teams' meeting and
                     teams of their cohort share                 consultation notes
cohort facilitator   every team                                  nothing
funder               the cohort's aggregates, counts under 3     nothing
                     teams suppressed (``it_cohort_*``, of one
                     cohort by name, or of all)
===================  ==========================================  ===============================

No course login owns a table, holds a grant option, or may create roles, so none can change
memberships, roles or these rules. No function is marked leakproof in the course's database,
so a login's own conditions only ever meet rows the rules let it see. Whoever saves, the
author recorded is the login's own person (a trigger writes it). The hub runs :func:`secure`
when it starts and :func:`admit` each time a person's server starts.
"""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa

from ..store import SHARED_PARTS, cohort_id_for
from ..store import schema as t
from .roster import Person, Roster

__all__ = ["GROUPS", "SUPPRESS_BELOW", "admit", "login_name", "record_roster", "secure"]

# The group role of each course role; a person's login is a member of exactly one.
GROUPS = {"participant": "it_participant", "team facilitator": "it_team_facilitator",
          "cohort facilitator": "it_cohort_facilitator", "funder": "it_funder"}
SUPPRESS_BELOW = 3  # a funder sees no count of fewer teams than this
_WRITERS = ("it_participant", "it_team_facilitator")
_READERS = (*_WRITERS, "it_cohort_facilitator")


def login_name(username: str) -> str:
    """The database login of a hub user (hub usernames are already safe: a-z, 0-9, - and _)."""
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,31}", username):
        raise ValueError(f"{username!r} is not a hub username")
    return f"it_u_{username}"


def _quote(conn: sa.Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


# A funder's aggregates: the teams of the cohort named, or every team when none is named.
_IN_COHORT = ("team_id IN (SELECT id FROM it_teams WHERE cohort IS NULL OR cohort_id IN "
              "(SELECT id FROM it_cohorts WHERE name = cohort))")

# Each part a team can share, and the kinds of entry in it, as SQL (the course's own names).
_SHARED_PAIRS = "VALUES " + ", ".join(f"('{part}', '{kind}')" for part, kinds in
                                      SHARED_PARTS.items() for kind in kinds)
# The most a sharing entry holds (every part, as the course writes it, is under 100 bytes).
_SHARING_SIZE = 1000

# The rules are written in plain SQL on the memberships, so the planner runs each sub-select
# once per statement. A course login may read its own person and membership rows only (the
# first two policies below); the rules read them through that. The person is session_user:
# the login that connected, which only a superuser can change (SET ROLE changes current_user).
_FUNCTIONS = f"""
-- Who the login is, for the course's own code (the forms fill in the display name).
CREATE OR REPLACE FUNCTION it_whoami()
  RETURNS TABLE (username text, display_name text, role text, no_code boolean, teams text[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
  $$ SELECT p.username, p.display_name, p.role, p.no_code <> 0,
            coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM it_teams t
                      JOIN it_memberships m ON m.team_id = t.id
                      WHERE m.username = p.username), '{{}}')
     FROM it_people p WHERE p.db_login = session_user $$;

-- Whoever saves, the author is the login's own person, whatever the form said.
CREATE OR REPLACE FUNCTION it_author() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE who text := (SELECT display_name FROM it_people WHERE db_login = session_user);
BEGIN
  IF who IS NOT NULL THEN
    IF TG_TABLE_NAME = 'it_records' THEN NEW.updated_by := who;
    ELSE NEW.changed_by := who; END IF;
  END IF;
  RETURN NEW;
END $$;

-- No one is here in the future: a time of presence is the database's clock, or 0 (left).
CREATE OR REPLACE FUNCTION it_now() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW.seen_at <> 0 THEN NEW.seen_at := extract(epoch FROM clock_timestamp()); END IF;
  RETURN NEW;
END $$;

-- An entry's data as JSON, or nothing for data that is not JSON: a row a participant wrote
-- in raw SQL cannot break a report. (Only the reports use it: a check on every save would
-- cost every save a subtransaction.)
CREATE OR REPLACE FUNCTION it_json(doc text) RETURNS jsonb
  LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $$
BEGIN RETURN doc::jsonb; EXCEPTION WHEN others THEN RETURN NULL; END $$;

-- The cohort as a funder sees it: counts of teams, and none under {SUPPRESS_BELOW}; of one cohort
-- (by name) or, with none named, of every team. Values a participant could have written in
-- raw SQL are checked before they are used. (Before cohorts these took no argument.)
DROP FUNCTION IF EXISTS it_cohort_factors();
DROP FUNCTION IF EXISTS it_cohort_strategies();
DROP FUNCTION IF EXISTS it_cohort_progress();
DROP FUNCTION IF EXISTS it_cohort_size();
CREATE OR REPLACE FUNCTION it_cohort_factors(cohort text DEFAULT NULL)
  RETURNS TABLE (construct text, barrier_teams bigint, facilitator_teams bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
  $$ WITH named AS (
       SELECT DISTINCT team_id, it_json(data) ->> 'construct' AS construct,
              it_json(data) ->> 'effect' AS effect
       FROM it_records WHERE deleted = 0 AND kind IN ('context_factor', 'agreed_factor')
         AND {_IN_COHORT}),
     counted AS (
       SELECT construct, count(DISTINCT team_id) FILTER (WHERE effect = 'barrier') AS b,
              count(DISTINCT team_id) FILTER (WHERE effect = 'facilitator') AS f
       FROM named GROUP BY construct)
     SELECT construct, CASE WHEN b >= {SUPPRESS_BELOW} THEN b END,
            CASE WHEN f >= {SUPPRESS_BELOW} THEN f END
     FROM counted WHERE b >= {SUPPRESS_BELOW} OR f >= {SUPPRESS_BELOW} ORDER BY construct $$;

CREATE OR REPLACE FUNCTION it_cohort_strategies(cohort text DEFAULT NULL)
  RETURNS TABLE (strategy integer, teams bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
  $$ SELECT (it_json(data) ->> 'strategy')::integer, count(DISTINCT team_id) FROM it_records
     WHERE deleted = 0 AND kind = 'strategy' AND it_json(data) ->> 'strategy' ~ '^[0-9]{{1,3}}$'
       AND {_IN_COHORT}
     GROUP BY 1
     HAVING count(DISTINCT team_id) >= {SUPPRESS_BELOW} ORDER BY 1 $$;

CREATE OR REPLACE FUNCTION it_cohort_progress(cohort text DEFAULT NULL)
  RETURNS TABLE (module integer, teams_done bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
  $$ SELECT (it_json(data) ->> 'module')::integer, count(DISTINCT team_id) FROM it_records
     WHERE deleted = 0 AND kind = 'progress' AND it_json(data) ->> 'status' = 'done'
       AND it_json(data) ->> 'module' ~ '^[0-9]{{1,2}}$' AND {_IN_COHORT} GROUP BY 1
     HAVING count(DISTINCT team_id) >= {SUPPRESS_BELOW} ORDER BY 1 $$;

-- What other teams share with the login, as (team, kind of entry) pairs: each team of the
-- cohort of one of the login's own teams (the ones they work in or facilitate) shares the
-- kinds its sharing entry's parts hold, and its sharing entry itself (kind 'sharing') when it
-- shares any. Only the entry the team's own page writes counts (key ''), and only one of a
-- sharing entry's size (a few parts): no other a member wrote in raw SQL, behind the team's
-- back, and no huge one. The read rules ask it once per statement (a sub-select that reads
-- no column of the row), so what one team writes cannot make another team's reads slow.
CREATE OR REPLACE FUNCTION it_shares() RETURNS TABLE (team integer, kind text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
  $$ WITH chosen AS (
       SELECT s.team_id, it_json(s.data) -> 'parts' AS parts FROM it_records s
       JOIN it_teams theirs ON theirs.id = s.team_id
       WHERE s.kind = 'sharing' AND s.key = '' AND s.deleted = 0
         AND octet_length(s.data) <= {_SHARING_SIZE}
         AND theirs.cohort_id IN (
           SELECT mine.cohort_id FROM it_teams mine
           JOIN it_memberships m ON m.team_id = mine.id
           JOIN it_people p ON p.username = m.username AND p.db_login = session_user)),
     shared AS (
       SELECT chosen.team_id, pair.kind FROM chosen,
         jsonb_array_elements_text(CASE WHEN jsonb_typeof(chosen.parts) = 'array'
                                        THEN chosen.parts END) AS part (name)
         JOIN ({_SHARED_PAIRS}) AS pair (part, kind) ON pair.part = part.name)
     SELECT team_id, kind FROM shared UNION SELECT team_id, 'sharing' FROM shared $$;

CREATE OR REPLACE FUNCTION it_cohort_size(cohort text DEFAULT NULL) RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
  $$ SELECT count(*) FROM it_teams WHERE {_IN_COHORT.replace("team_id IN", "id IN")} $$;
"""

_MINE = "(SELECT username FROM it_people WHERE db_login = session_user)"
_TEAMS_AS = "(SELECT team_id FROM it_memberships WHERE role = '{role}')"
# Who may read a team's rows: its members and facilitators, and a cohort facilitator.
_MAY_READ = ("team_id IN (SELECT team_id FROM it_memberships) OR EXISTS (SELECT FROM it_people "
             "WHERE role = 'cohort facilitator')")
# The teams whose rows a login may see any of: those it_teams' own rule shows it, as one list
# made once per statement. Put first, it lets the table's index skip every other team's rows
# (no function being leakproof, a login's own conditions cannot), so a team that fills the
# table with rows of its own slows no other team's reads.
_SEEN_TEAMS = "team_id = ANY (ARRAY(SELECT id FROM it_teams))"
# Who may write one: a participant in their own teams; a team facilitator the meeting notes
# (between-session meetings and peer consultations) of the teams they facilitate.
# And the switch that opens members' ratings to the team before everyone has rated.
_MAY_WRITE = (f"team_id IN {_TEAMS_AS.format(role='participant')} OR (kind IN ('meeting', "
              f"'consultation', 'ratings_open') AND team_id IN "
              f"{_TEAMS_AS.format(role='team facilitator')})")
# Who may say they are here: anyone on the team's roster, as themselves, in a real module.
_MY_PRESENCE = ("team_id IN (SELECT team_id FROM it_memberships) AND module BETWEEN 0 AND 8 AND "
                "member = (SELECT display_name FROM it_people WHERE db_login = session_user)")

_POLICIES = f"""
ALTER TABLE it_teams ENABLE ROW LEVEL SECURITY;
ALTER TABLE it_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE it_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE it_people ENABLE ROW LEVEL SECURITY;
ALTER TABLE it_memberships ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS it_own ON it_people;
CREATE POLICY it_own ON it_people FOR SELECT USING (db_login = session_user);
DROP POLICY IF EXISTS it_own ON it_memberships;
CREATE POLICY it_own ON it_memberships FOR SELECT USING (username = {_MINE});

DROP POLICY IF EXISTS it_read ON it_teams;
CREATE POLICY it_read ON it_teams FOR SELECT USING ({_MAY_READ.replace("team_id IN", "id IN")}
  OR id IN (SELECT team FROM it_shares()));

DROP POLICY IF EXISTS it_read ON it_records;
-- A deleted entry keeps its text so the team can bring it back: it is the team's history,
-- never shared.
CREATE POLICY it_read ON it_records FOR SELECT USING ({_SEEN_TEAMS} AND ({_MAY_READ}
  OR (deleted = 0 AND (team_id, kind) IN (SELECT team, kind FROM it_shares()))));
DROP POLICY IF EXISTS it_add ON it_records;
CREATE POLICY it_add ON it_records FOR INSERT WITH CHECK ({_MAY_WRITE});
DROP POLICY IF EXISTS it_change ON it_records;
CREATE POLICY it_change ON it_records FOR UPDATE USING ({_MAY_WRITE}) WITH CHECK ({_MAY_WRITE});

DROP POLICY IF EXISTS it_read ON it_changes;
CREATE POLICY it_read ON it_changes FOR SELECT USING ({_SEEN_TEAMS} AND ({_MAY_READ}));
DROP POLICY IF EXISTS it_add ON it_changes;
CREATE POLICY it_add ON it_changes FOR INSERT WITH CHECK ({_MAY_WRITE});

-- Who is here, and each team's channel for live notices (widgets.store.live): read by those
-- who read the team's entries; each person says only that they themselves are here.
ALTER TABLE it_presence ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS it_read ON it_presence;
CREATE POLICY it_read ON it_presence FOR SELECT USING ({_SEEN_TEAMS} AND ({_MAY_READ}));
DROP POLICY IF EXISTS it_add ON it_presence;
CREATE POLICY it_add ON it_presence FOR INSERT WITH CHECK ({_MY_PRESENCE});
DROP POLICY IF EXISTS it_change ON it_presence;
CREATE POLICY it_change ON it_presence FOR UPDATE USING ({_MY_PRESENCE})
  WITH CHECK ({_MY_PRESENCE});
ALTER TABLE it_live ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS it_read ON it_live;
CREATE POLICY it_read ON it_live FOR SELECT USING ({_MAY_READ});
DROP TRIGGER IF EXISTS it_now ON it_presence;
CREATE TRIGGER it_now BEFORE INSERT OR UPDATE ON it_presence
  FOR EACH ROW EXECUTE FUNCTION it_now();

DROP TRIGGER IF EXISTS it_author ON it_records;
CREATE TRIGGER it_author BEFORE INSERT OR UPDATE ON it_records
  FOR EACH ROW EXECUTE FUNCTION it_author();
DROP TRIGGER IF EXISTS it_author ON it_changes;
CREATE TRIGGER it_author BEFORE INSERT ON it_changes
  FOR EACH ROW EXECUTE FUNCTION it_author();
"""

_COURSE_TABLES = ("it_meta", "it_cohorts", "it_teams", "it_records", "it_changes", "it_people",
                  "it_memberships", "it_presence", "it_live", "alembic_version")


def secure(conn: sa.Connection) -> None:
    """Put the rules in place in the course's database (again: it is safe to repeat). Run by
    the owner of the course's tables, with the right to create roles."""
    database = _quote(conn, conn.exec_driver_sql("SELECT current_database()").scalar())
    for group in GROUPS.values():
        conn.exec_driver_sql(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{group}') "
            f"THEN CREATE ROLE {group} NOLOGIN NOINHERIT; END IF; END $$")
    everyone = ", ".join(GROUPS.values())
    conn.exec_driver_sql(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {database} TO {everyone}")
    conn.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    conn.exec_driver_sql(f"REVOKE ALL ON {', '.join(_COURSE_TABLES)} FROM PUBLIC, {everyone}")
    conn.exec_driver_sql(_FUNCTIONS)
    conn.exec_driver_sql("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION it_whoami(), it_author(), it_now(), "
                         f"it_live_notify() TO {everyone}")
    conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION it_shares() TO {', '.join(_READERS)}")
    # The aggregates are for those who see the cohort as a whole: a participant adding an
    # entry of their own could watch a suppressed count appear.
    conn.exec_driver_sql("GRANT EXECUTE ON FUNCTION it_cohort_factors(text), "
                         "it_cohort_strategies(text), it_cohort_progress(text), "
                         "it_cohort_size(text) TO it_funder, it_cohort_facilitator")
    conn.exec_driver_sql(_POLICIES)
    # A database secured before holds it_shares(team, kind), the rule that asked a row at a
    # time: no policy uses it now.
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS it_shares(integer, text)")
    readers, writers = ", ".join(_READERS), ", ".join(_WRITERS)
    conn.exec_driver_sql(f"GRANT SELECT ON it_meta, alembic_version, it_teams, it_records, "
                         f"it_changes TO {readers}")
    conn.exec_driver_sql(f"GRANT SELECT ON it_people, it_memberships, it_cohorts TO {everyone}")
    # Column by column: no one sets an id (taking ids others need) or moves a row to another
    # entry, and without a table-wide UPDATE no one may LOCK the tables against the cohort.
    conn.exec_driver_sql(f"GRANT INSERT ({', '.join(_RECORD_COLUMNS)}) ON it_records "
                         f"TO {writers}")
    conn.exec_driver_sql(f"GRANT UPDATE (data, version, updated_by, updated_at, deleted) "
                         f"ON it_records TO {writers}")
    conn.exec_driver_sql(f"GRANT INSERT ({', '.join(_CHANGE_COLUMNS)}) ON it_changes "
                         f"TO {writers}")
    conn.exec_driver_sql(f"GRANT SELECT ON it_live, it_presence TO {readers}")
    conn.exec_driver_sql(f"GRANT INSERT (team_id, member, module, seen_at), UPDATE (seen_at) "
                         f"ON it_presence TO {readers}")
    conn.exec_driver_sql(f"GRANT USAGE ON SEQUENCE it_records_id_seq, it_changes_id_seq "
                         f"TO {writers}")
    superuser = conn.exec_driver_sql("SELECT rolsuper FROM pg_roles WHERE rolname = "
                                     "current_user").scalar()
    _no_statistics(conn, superuser)
    _no_leakproof(conn, superuser)


_RECORD_COLUMNS = ("team_id", "kind", "key", "data", "version", "updated_by", "updated_at",
                   "deleted")
_CHANGE_COLUMNS = ("team_id", "kind", "key", "version", "action", "data", "deleted",
                   "changed_by", "changed_at", "imported")
_TEAM_TABLES = ("it_teams", "it_records", "it_changes", "it_people", "it_memberships",
                "it_presence", "it_live")


def _no_statistics(conn: sa.Connection, superuser: bool) -> None:
    """Keep the planner from knowing what the tables hold. Row-level security hides rows,
    not statistics: with them, a row estimate in EXPLAIN spells out another team's text."""
    for table in _TEAM_TABLES:
        for column in sa.inspect(conn).get_columns(table):
            conn.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN "
                                 f"{_quote(conn, column['name'])} SET STATISTICS 0")
    tables = ", ".join(f"'{t}'::regclass" for t in _TEAM_TABLES)
    if superuser:
        conn.exec_driver_sql(f"DELETE FROM pg_statistic WHERE starelid IN ({tables})")
    elif conn.exec_driver_sql("SELECT count(*) FROM pg_stats WHERE tablename IN "
                              f"({', '.join(repr(t) for t in _TEAM_TABLES)})").scalar():
        raise RuntimeError(
            "The database holds statistics gathered before the hub's rules, which could tell "
            "one team what another wrote. Connect as a superuser once (course hub --database "
            "with a superuser's URL) to clear them.")


def _no_leakproof(conn: sa.Connection, superuser: bool) -> None:
    """Try a login's own conditions only on the rows the rules let it see. PostgreSQL lets a
    condition made of "leakproof" functions (=, < on numbers and text) pick rows from an
    index before the rules filter them, and EXPLAIN ANALYZE then counts the rows the rules
    removed: a right guess and a wrong one differ, so another team's keys (they hold
    members' names) and other cohorts' team names could be read out a letter at a time. In
    the course's database no function is leakproof (the mark is kept per database); a
    login's reads then scan the table, which the course's sizes allow (55,000 entries: a
    team's list in 20 ms)."""
    leakproof = "SELECT oid::regprocedure::text FROM pg_proc WHERE proleakproof"
    if superuser:
        conn.exec_driver_sql(f"DO $$ DECLARE f text; BEGIN FOR f IN {leakproof} LOOP "
                             "EXECUTE 'ALTER FUNCTION ' || f || ' NOT LEAKPROOF'; "
                             "END LOOP; END $$")
    elif conn.exec_driver_sql(leakproof).first():
        raise RuntimeError(
            "The database lets a login's own conditions run before the hub's rules (functions "
            "marked leakproof), which could tell one team what another wrote. Connect as a "
            "superuser once (course hub --database with a superuser's URL) to turn that off.")


def record_roster(conn: sa.Connection, roster: Roster, cohort: str = "") -> None:
    """Make the roster's teams, new ones in ``cohort`` (made if need be; by default the
    newest), and record every person and their memberships as the roster says now: a person
    taken off a team loses it (their entries stay with the team)."""
    cohort_id = cohort_id_for(conn, cohort, make=True)
    for team in roster.teams:
        conn.execute(sa.text("INSERT INTO it_teams (name, created_at, cohort_id) VALUES "
                             "(:n, :at, :c) ON CONFLICT (name) DO NOTHING"),
                     {"n": team, "at": t.utc_now(), "c": cohort_id})
    for person in roster.people.values():
        _record_person(conn, person)
    listed = list(roster.people)
    conn.execute(sa.text("DELETE FROM it_memberships WHERE NOT (username = ANY (:u))"),
                 {"u": listed})
    gone = conn.execute(sa.text("SELECT db_login FROM it_people WHERE NOT (username = ANY (:u)) "
                                "AND db_login IN (SELECT rolname FROM pg_roles)"),
                        {"u": listed}).scalars().all()
    for login in gone:  # off the roster: no new session, and the open ones end
        conn.exec_driver_sql(f"ALTER ROLE {_quote(conn, login)} NOLOGIN")
        conn.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE usename = %s", (login,))


def _record_person(conn: sa.Connection, person: Person) -> None:
    conn.execute(sa.text(
        "INSERT INTO it_people (username, display_name, role, perspective, no_code, db_login) "
        "VALUES (:u, :n, :r, :p, :c, :l) ON CONFLICT (username) DO UPDATE SET "
        "display_name = :n, role = :r, perspective = :p, no_code = :c, db_login = :l"),
        {"u": person.username, "n": person.display_name, "r": person.role,
         "p": person.perspective, "c": int(person.no_code), "l": login_name(person.username)})
    conn.execute(sa.text("DELETE FROM it_memberships WHERE username = :u"),
                 {"u": person.username})
    for team in person.teams:
        conn.execute(sa.text(
            "INSERT INTO it_memberships (username, team_id, role) "
            "SELECT :u, id, :r FROM it_teams WHERE name = :t"),
            {"u": person.username, "r": person.role, "t": team})


_LIMITS = {"idle_in_transaction_session_timeout": "60s", "lock_timeout": "10s",
           "statement_timeout": "120s"}


def admit(conn: sa.Connection, person: Person) -> str:
    """Record ``person`` as the roster says now, and give their database login a new password
    (made for this server start; only their own server is told it). Returns the password."""
    _record_person(conn, person)
    login = _quote(conn, login_name(person.username))
    password = secrets.token_urlsafe(32)
    exists = conn.exec_driver_sql(
        "SELECT 1 FROM pg_roles WHERE rolname = %s", (login_name(person.username),)).scalar()
    verb = "ALTER" if exists else "CREATE"
    # The password is made here from safe characters only, so it can sit in the statement.
    conn.exec_driver_sql(f"{verb} ROLE {login} LOGIN INHERIT NOSUPERUSER NOCREATEDB "
                         f"NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 15 "
                         f"PASSWORD '{password}'")
    # No one holds the cohort up: no transaction left open, no lock waited for long.
    for setting, value in _LIMITS.items():
        conn.exec_driver_sql(f"ALTER ROLE {login} SET {setting} = '{value}'")
    group = GROUPS[person.role]
    for other in GROUPS.values():
        if other != group:
            conn.exec_driver_sql(f"REVOKE {other} FROM {login}")
    conn.exec_driver_sql(f"GRANT {group} TO {login}")
    return password
