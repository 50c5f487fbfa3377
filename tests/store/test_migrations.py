"""Upgrading the store's tables with Alembic, on SQLite and on a real PostgreSQL server: a store
written by the first version of the course opens and upgrades; a store from a newer course
is refused and left exactly as it was."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support import ROOT
from widgets.cli import main
from widgets.store import DEFAULT_COHORT, SCHEMA_VERSION, Store, StoreError, migrations, schema

V1_FIXTURE = ROOT / "tests" / "fixtures" / "store_v1.sqlite"  # written by the v1 code
VERSIONS = ROOT / "widgets" / "store" / "migrations" / "versions"


def _v1_store(url: str, tmp_path: Path) -> str:
    """The v1 fixture at ``url``: copied as it is on SQLite; on PostgreSQL, the same tables
    and rows, made as the v1 code made them (its table definitions, read from the file)."""
    if url.startswith("sqlite"):
        path = tmp_path / "old.sqlite"
        shutil.copy(V1_FIXTURE, path)
        return f"sqlite:///{path}"
    source = sa.create_engine(f"sqlite:///{V1_FIXTURE}")
    tables = sa.MetaData()
    tables.reflect(source)
    target = sa.create_engine(url)
    with source.connect() as old, target.begin() as new:
        tables.create_all(new)
        for table in tables.sorted_tables:
            rows = [dict(r) for r in old.execute(table.select()).mappings()]
            if rows:
                new.execute(table.insert(), rows)
            if "id" in table.c:
                new.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                                    f"'id'), (SELECT max(id) FROM {table.name}))")
    source.dispose()
    target.dispose()
    return url


def _everything(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, to show a refused store was not changed."""
    engine = sa.create_engine(url)
    tables = sa.MetaData()
    with engine.connect() as conn:
        tables.reflect(conn)
        found = {t.name: sorted(map(tuple, conn.execute(t.select()).all()), key=repr)
                 for t in tables.sorted_tables}
    engine.dispose()
    return found


def _digest(url: str) -> str | None:
    path = Path(url.removeprefix("sqlite:///"))
    return hashlib.sha256(path.read_bytes()).hexdigest() if url.startswith("sqlite") else None


def _before_live(engine: sa.Engine) -> None:
    """Take a store back to revision 0004 (store version 5): no presence, no live notices."""
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE it_presence")
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP TABLE it_live")
            conn.exec_driver_sql("DROP TRIGGER it_live_channel ON it_teams")
            conn.exec_driver_sql("DROP TRIGGER it_live_notify ON it_changes")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0004'")
        conn.exec_driver_sql("UPDATE it_meta SET value = '5' WHERE key = 'schema_version'")


def _before_cohorts(url: str) -> sa.Engine:
    """Take a store back to revision 0003 (store version 4, before cohorts), as the version 4
    code left it, and return an engine on it that upgrades nothing. On SQLite the teams' table
    is copied without its cohort (with foreign keys off, as a plain connection has them)."""
    engine = sa.create_engine(url)
    _before_live(engine)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("CREATE TABLE it_teams_v4 (id INTEGER NOT NULL PRIMARY KEY, "
                                 "name VARCHAR(400) NOT NULL UNIQUE, "
                                 "created_at VARCHAR(40) NOT NULL)")
            conn.exec_driver_sql("INSERT INTO it_teams_v4 SELECT id, name, created_at "
                                 "FROM it_teams")
            conn.exec_driver_sql("DROP TABLE it_teams")
            conn.exec_driver_sql("ALTER TABLE it_teams_v4 RENAME TO it_teams")
        else:
            conn.exec_driver_sql("ALTER TABLE it_teams DROP COLUMN cohort_id")
        conn.exec_driver_sql("DROP TABLE it_cohorts")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0003'")
        conn.exec_driver_sql("UPDATE it_meta SET value = '4' WHERE key = 'schema_version'")
    return engine


def _revision(url: str) -> str | None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = migrations.current(conn)
    engine.dispose()
    return found


def test_a_store_from_before_live_gets_presence_and_notices(any_store_url: str) -> None:
    """Revision 0005: a version 5 store keeps its entries and gains "who is here" and, on
    PostgreSQL, a channel for each team, old and new, that hears each save."""
    store = Store(any_store_url)
    store.team("Eastside").save("member", {"name": "Ana", "perspective": "leader"})
    store.close()
    engine = sa.create_engine(any_store_url)
    _before_live(engine)
    engine.dispose()
    store = Store(any_store_url)
    ws = store.team("Eastside")
    assert [m["name"] for m in ws.members()] == ["Ana"]
    ws.here(2, "Ana")
    assert ws.present(2) == ["Ana"]
    store.team("Westside")
    if any_store_url.startswith("postgresql"):
        with store.reading() as conn:
            channels = conn.exec_driver_sql("SELECT count(DISTINCT channel) FROM it_live "
                                            "JOIN it_teams ON it_teams.id = team_id").scalar()
        assert channels == 2
    store.close()
    assert _revision(any_store_url) == migrations.head()


def test_the_schema_version_counts_the_revisions() -> None:
    revisions = sorted(p.stem for p in VERSIONS.glob("[0-9]*.py"))
    assert revisions == ["0001_history_and_deletes", "0002_people_and_memberships",
                         "0003_imported_history_and_team_names", "0004_cohorts", "0005_live"]
    assert SCHEMA_VERSION == 1 + len(revisions)
    assert migrations.head() == "0005" and migrations.is_known("0001")
    assert not migrations.is_known("9999")


def test_a_new_store_is_made_at_the_newest_revision(any_store_url: str) -> None:
    Store(any_store_url).close()
    assert _revision(any_store_url) == migrations.head()


def test_a_store_from_schema_version_1_is_migrated(any_store_url: str, tmp_path: Path) -> None:
    url = _v1_store(any_store_url, tmp_path)
    assert _revision(url) is None
    store = Store(url)
    assert store.team_names() == ["Eastside Diabetes Team", "Westside Team"]
    ws = store.team("Eastside Diabetes Team")
    assert {m["name"] for m in ws.members()} == {"Ana Lúcia", "محمد"}
    factor = ws.get("context_factor", "III.J|Ana Lúcia")
    assert factor["note"] == "Budget only until June" and factor["strength"] == 2
    history = ws.history("context_factor", "III.J|Ana Lúcia")
    assert [(h["version"], h["action"], h["by"]) for h in history] == [
        (2, "migrated", "Ana Lúcia")]
    ws.save("context_factor", {**factor, "strength": 3})
    assert [h["version"] for h in ws.history("context_factor", "III.J|Ana Lúcia")] == [2, 3]
    store.team("A team started after the upgrade").save(
        "member", {"name": "Bo", "perspective": "leader"})
    with store.reading() as conn:
        assert conn.execute(sa.select(schema.meta.c.value).where(
            schema.meta.c.key == "schema_version")).scalar() == str(SCHEMA_VERSION)
    store.close()
    assert _revision(url) == migrations.head()
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("SELECT value FROM it_meta WHERE key='schema_version'"
                                ).fetchone() == (str(SCHEMA_VERSION),)


def test_a_version_2_store_from_before_alembic_is_recognised(any_store_url: str) -> None:
    """The version 2 code kept no Alembic revision: its store is marked as at revision 0001,
    not run through it again, then upgraded."""
    store = Store(any_store_url)
    store.team("Eastside").save("member", {"name": "Ana", "perspective": "leader"})
    store.team("Eastside").delete("member", "Ana", by="Ana")
    store.close()
    engine = _before_cohorts(any_store_url)
    with engine.begin() as conn:  # the store as the version 2 code left it
        for table in ("alembic_version", "it_memberships", "it_people"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
        conn.exec_driver_sql("ALTER TABLE it_changes DROP COLUMN imported")
        conn.exec_driver_sql("UPDATE it_meta SET value = '2' WHERE key = 'schema_version'")
    engine.dispose()
    before = _everything(any_store_url)
    store = Store(any_store_url)
    assert store.team("Eastside").deleted("member") == [{
        "name": "Ana", "role": "", "perspective": "leader",
        "involvement": "works on the initiative"}]  # a field added since: its default
    store.close()
    after = _everything(any_store_url)
    assert after.pop("alembic_version") == [(migrations.head(),)]
    assert ("schema_version", str(SCHEMA_VERSION)) in after.pop("it_meta")
    before.pop("it_meta")
    assert all(row[-1] == 0 for row in after["it_changes"]), "none of it was imported"
    after["it_changes"] = [row[:-1] for row in after["it_changes"]]
    cohort = after.pop("it_cohorts")
    assert [row[1] for row in cohort] == [DEFAULT_COHORT], "its teams are in the first cohort"
    assert all(row[-1] == cohort[0][0] for row in after["it_teams"])
    after["it_teams"] = [row[:-1] for row in after["it_teams"]]
    assert {name: after[name] for name in before} == before, "nothing it held has changed"
    channels = after.pop("it_live", [])  # PostgreSQL: a channel of its own for each team
    assert sorted(row[0] for row in channels) == (
        [row[0] for row in sorted(after["it_teams"])] if channels else [])
    assert all(after[name] == [] for name in set(after) - set(before)), "only new, empty tables"


@pytest.mark.parametrize("how", ["revision", "version"])
def test_a_store_from_a_newer_course_is_refused_untouched(any_store_url: str, how: str) -> None:
    store = Store(any_store_url)
    store.team("Eastside").save("member", {"name": "Ana", "perspective": "leader"})
    with store.writing() as conn:
        if how == "revision":
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
        else:
            conn.exec_driver_sql("UPDATE it_meta SET value = '99' WHERE key = 'schema_version'")
    store.close()
    rows, digest = _everything(any_store_url), _digest(any_store_url)
    with pytest.raises(StoreError, match="newer version of the course") as refused:
        Store(any_store_url)
    assert re.search("9999" if how == "revision" else r"version 99\b", str(refused.value))
    assert "left as it is" in str(refused.value)
    assert _everything(any_store_url) == rows
    assert _digest(any_store_url) == digest


def test_team_names_are_normalised_and_lookalikes_reported_never_merged(
        any_store_url: str, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    store = Store(any_store_url)
    store.team("Eastside").save("member", {"name": "Ana", "perspective": "leader"})
    store.close()
    engine = _before_cohorts(any_store_url)
    with engine.begin() as conn:  # teams as the version 3 code let them be named
        conn.execute(sa.table("it_teams", sa.column("name"), sa.column("created_at")).insert(),
                     [{"name": name, "created_at": schema.utc_now()}
                      for name in (" Westside  Team", "Cafe\u0301", "T", "T\u200b")])
        conn.exec_driver_sql("ALTER TABLE it_changes DROP COLUMN imported")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0002'")
        conn.exec_driver_sql("UPDATE it_meta SET value = '3' WHERE key = 'schema_version'")
    engine.dispose()
    store = Store(any_store_url)
    assert store.team_names() == ["Café", "Eastside", "T", "T\u200b", "Westside Team"]
    assert store.name_clashes() == [["T", "T\u200b"]], "look-alikes are kept apart"
    assert store.team("T\u200b").name == "T", "a name typed now opens the normalised team"
    store.close()

    monkeypatch.setenv("COURSE_STORE_URL", any_store_url)
    assert main(["store"]) == 0
    out = capsys.readouterr().out
    assert "  'T\\u200b'" in out and "These teams' names look the same" in out
    assert main(["store", "--rename", "T\u200b", "  T  two "]) == 0
    assert "Renamed “T\u200b” to “T two”." in capsys.readouterr().out
    assert main(["store", "--rename", "Café", "Eastside"]) == 1
    assert "There is already a team called “Eastside”" in capsys.readouterr().err
    store = Store(any_store_url)
    assert store.name_clashes() == [] and "T two" in store.team_names()
    store.close()
