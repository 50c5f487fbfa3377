"""The team workspace store: every team's entries, in SQLite by default or PostgreSQL.

Each save is its own committed transaction, so a second process (a teammate's kernel, the
no-code app, a facilitator's view) sees it at once, and a crash loses nothing already saved.
Every change is kept in a history, so any earlier version can be brought back. A team's whole
workspace moves between stores as a snapshot (``snapshot.py`` reads and writes the files).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from . import migrations
from . import schema as t
from .engine import (
    STORE_URL_ENV,
    WRITE,
    StoreError,
    check_identity,
    default_store_url,
    make_engine,
)
from .identity import Identity, whoami
from .live import GONE_AFTER, Follower, install_notices
from .model import (
    KINDS,
    ValidationError,
    clean_name,
    complete,
    normalise_name,
    record_kind,
    validate,
)
from .sharing import SharedWork, shared_in_cohort
from .snapshot import SNAPSHOT_FORMAT, parse_snapshot, write_snapshot

__all__ = ["COHORT_ENV", "VIEWER", "Cohort", "EntryNotFound", "Store", "TeamWorkspace",
           "cohort_id_for", "current", "import_snapshot"]

VIEWER = "viewer"  # what listeners hear when the viewer gives their name
COHORT_ENV = "COURSE_COHORT"  # the cohort new teams join (a hub sets it for its cohort)
_TEAM_NAME = "Team name"
_COHORT_NAME = "Cohort name"
_AUTHOR = "Your name"
HUB_PREFIX_ENV = "JUPYTERHUB_SERVICE_PREFIX"  # set by JupyterHub: /user/NAME/
_RETRIES = 8
_NOT_ALLOWED = "42501"  # PostgreSQL's "insufficient privilege": the database's rules said no
_log = logging.getLogger(__name__)


class EntryNotFound(StoreError, KeyError):
    """An entry (or a version of one) that is not there to delete or bring back."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Cohort:
    """A group of teams that takes the course together, from a start date."""

    name: str
    start: date
    teams: tuple[str, ...] = ()


def current(cohorts: Iterable[tuple[Any, date]], today: date | None = None) -> Any | None:
    """Of ``(cohort, start)`` pairs, the cohort under way: the one that started last, on or
    before ``today``; when none has started yet, the first to start. None for no cohorts. Of
    two starting the same day, the one listed first."""
    today = today or date.today()
    pairs = list(cohorts)
    started = [p for p in pairs if p[1] <= today]
    if started:
        return max(started, key=lambda p: p[1])[0]
    return min(pairs, key=lambda p: p[1])[0] if pairs else None


def cohort_id_for(conn: sa.Connection, name: str | None = None, *, make: bool = False) -> int:
    """The cohort a new team joins: the one called ``name`` (made, from today, if ``make``);
    with no name, the one ``COURSE_COHORT`` names, or else the one under way (``current``: a
    cohort set up for next year is not yet anyone's), or in a store with no cohort at all a
    new ``DEFAULT_COHORT``."""
    name = normalise_name(name or os.environ.get(COHORT_ENV) or "") or None
    if name is None:
        # The last made first: of two cohorts starting the same day, the later wins.
        rows = conn.execute(sa.select(t.cohorts.c.id, t.cohorts.c.start_date)
                            .order_by(t.cohorts.c.id.desc())).all()
        found = current((i, date.fromisoformat(start)) for i, start in rows)
        name, make = t.DEFAULT_COHORT, True
    else:
        found = conn.execute(sa.select(t.cohorts.c.id).where(t.cohorts.c.name == name)).scalar()
    if found is not None:
        return found
    if not make:
        raise StoreError(f"There is no cohort called “{name}” in this store. A facilitator "
                         "makes it first (course cohort create).")
    return conn.execute(t.cohorts.insert().values(name=name, start_date=date.today().isoformat(),
                                                  created_at=t.utc_now())
                        ).inserted_primary_key[0]


class Store:
    """A connection to the store that holds every team's workspace."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_store_url()
        try:
            self._engine = make_engine(self.url)
            self._initialise()
        except sa.exc.OperationalError as exc:
            raise StoreError(
                f"Could not open the team store at {self.describe()}: {exc.orig}. "
                f"Check {STORE_URL_ENV} and that the database server is running."
            ) from None

    def __repr__(self) -> str:
        return f"Store({self.describe()!r})"

    @cached_property
    def me(self) -> Identity | None:
        """Who this store's login belongs to, on a cohort's hub; None on one machine."""
        with self.reading() as conn:
            return whoami(conn)

    def describe(self) -> str:
        """Where the data lives, without any password."""
        return sa.make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def writing(self) -> Iterator[sa.Connection]:
        """One transaction that writes, committed when the block ends."""
        with self._engine.execution_options(**{WRITE: True}).begin() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        """A connection for queries across teams (the cohort view reads through it)."""
        with self._engine.connect() as conn:
            yield conn

    def _initialise(self) -> None:
        """Make the tables in an empty database; bring an older store up to date."""
        with self.reading() as conn:  # most stores are up to date: look before taking a lock
            if (check_identity(conn, self.describe()) is not None
                    and migrations.current(conn) == migrations.head()):
                return
        with self.writing() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(74616561)")
            version = check_identity(conn, self.describe())
            if version is None:
                t.metadata.create_all(conn)
                install_notices(conn)
                conn.execute(t.meta.insert(), [
                    {"key": "app", "value": t.APP},
                    {"key": "schema_version", "value": str(t.SCHEMA_VERSION)},
                ])
                migrations.stamp_head(conn)
            elif migrations.current(conn) != migrations.head():
                migrations.upgrade(conn, version)
                conn.execute(t.meta.update().where(t.meta.c.key == "schema_version")
                             .values(value=str(t.SCHEMA_VERSION)))

    def close(self) -> None:
        """Release the database connections (and stop following the store live)."""
        follower = self.__dict__.pop("_follower", None)
        if follower is not None:
            follower.stop()
        self._engine.dispose()

    @cached_property
    def _follower(self) -> Follower:
        return Follower(self)

    def team_names(self, cohort: str | None = None) -> list[str]:
        """Every team in the store (on a hub, that this login works in, facilitates or sees
        whole), or in one cohort, alphabetically."""
        query = sa.select(t.teams.c.name)
        if cohort is not None:
            query = query.join(t.cohorts).where(t.cohorts.c.name == normalise_name(cohort))
        with self.reading() as conn:
            names = list(conn.execute(query).scalars())
        return sorted(self._own_teams(*names))

    def cohorts(self) -> list[Cohort]:
        """Every cohort, the newest (by start date) first, with its teams."""
        with self.reading() as conn:
            found = conn.execute(sa.select(t.cohorts.c.id, t.cohorts.c.name,
                                           t.cohorts.c.start_date)).all()
            teams = conn.execute(sa.select(t.teams.c.cohort_id, t.teams.c.name)).all()
        names: dict[int, list[str]] = {}
        for cohort_id, name in teams:
            names.setdefault(cohort_id, []).append(name)
        ordered = sorted(found, key=lambda c: (c.start_date, c.id), reverse=True)
        return [Cohort(c.name, date.fromisoformat(c.start_date),
                       tuple(sorted(names.get(c.id, ())))) for c in ordered]

    def add_cohort(self, name: str, start: date) -> Cohort:
        """Make a cohort; the teams made in it later join it (``team(..., cohort=name)``)."""
        value = clean_name(name, _COHORT_NAME)
        if not isinstance(start, date):
            raise ValidationError([f"The start date of cohort “{value}” must be a date."])
        with self._facilitating("make a cohort"), self.writing() as conn:
            if conn.execute(sa.select(t.cohorts.c.id).where(t.cohorts.c.name == value)).scalar():
                raise StoreError(f"There is already a cohort called “{value}”. Choose another "
                                 "name.")
            conn.execute(t.cohorts.insert().values(name=value, start_date=start.isoformat(),
                                                   created_at=t.utc_now()))
        return Cohort(value, start)

    @contextmanager
    def _facilitating(self, what: str) -> Iterator[None]:
        """Turn the database's refusal of a facilitator's change (on a hub, only the hub's
        own login makes cohorts and moves teams) into a plain message."""
        try:
            yield
        except sa.exc.DBAPIError as exc:
            if _refused(exc):
                raise StoreError(f"Your login cannot {what}: on a hub, the hub does that "
                                 "(course hub --cohort).") from None
            raise

    def move_team(self, team: str, cohort: str) -> None:
        """Put a team in another cohort (a facilitator's tool: a team made before its cohort
        was set up, or one that carries on with the next cohort)."""
        with self._facilitating("move a team"), self.writing() as conn:
            cohort_id = cohort_id_for(conn, cohort)
            if not conn.execute(t.teams.update().where(t.teams.c.name == team)
                                .values(cohort_id=cohort_id)).rowcount:
                raise StoreError(f"There is no team called “{team}” in {self.describe()}.")

    def name_clashes(self) -> list[list[str]]:
        """Teams whose names look the same (they normalise alike), each group
        alphabetically. Only a store from before names were normalised can hold any; they
        are kept apart until a facilitator renames all but one (:meth:`rename_team`)."""
        alike: dict[str, list[str]] = {}
        for name in self.team_names():
            alike.setdefault(normalise_name(name), []).append(name)
        return [names for names in alike.values() if len(names) > 1]

    def rename_team(self, old: str, new: str) -> None:
        """Rename a team (a facilitator's tool: ``old`` is matched exactly, as listed by
        ``course store``); its entries, history and members stay with it."""
        value = clean_name(new, _TEAM_NAME)
        with self.writing() as conn:
            if conn.execute(sa.select(t.teams.c.id).where(t.teams.c.name == value)).scalar():
                raise StoreError(f"There is already a team called “{value}”. Choose another "
                                 "name.")
            if not conn.execute(t.teams.update().where(t.teams.c.name == old)
                                .values(name=value)).rowcount:
                raise StoreError(f"There is no team called “{old}” in {self.describe()}.")

    def team(self, name: str, cohort: str | None = None) -> TeamWorkspace:
        """Open a team's workspace, creating the team the first time its name is used, in
        ``cohort`` (by default the one ``COURSE_COHORT`` names, or else the newest). A team
        that exists opens wherever it is: ``move_team`` moves it.

        Names are kept normalised (``model.normalise_name``): " Eastside  team" opens
        "Eastside team", whatever spaces, accents or invisible characters it was typed with.
        """
        value = clean_name(name, _TEAM_NAME)
        if value not in self._own_teams(value):  # on a hub: another team's shared work
            raise StoreError(f"There is no team called “{value}” that you can open. Your "
                             "teams are in the list, or ask your facilitator.")
        return TeamWorkspace(self, self._in_team(value, lambda conn, team_id: None, cohort),
                             value)

    def _own_teams(self, *names: str) -> set[str]:
        """Of ``names``, the teams this login may open as its own: on a hub, a participant's
        or team facilitator's teams, not the teams whose shared work it may read (the cohort
        page shows that); everyone else, every name."""
        me = self.me
        if me is not None and me.role in ("participant", "team facilitator"):
            return set(names) & set(me.teams)
        return set(names)

    def _in_team(self, name: str, write: Callable[[sa.Connection, int], None],
                 cohort: str | None = None) -> int:
        """Find or add team ``name`` (a new team in ``cohort``) and call ``write(conn,
        team_id)``, in one transaction: everything is committed together, or nothing. Returns
        the team's id."""
        for _ in range(_RETRIES):
            try:
                with self.writing() as conn:
                    team_id = conn.execute(
                        sa.select(t.teams.c.id).where(t.teams.c.name == name)).scalar()
                    if team_id is None:
                        team_id = conn.execute(t.teams.insert().values(
                            name=name, created_at=t.utc_now(),
                            cohort_id=cohort_id_for(conn, cohort))
                        ).inserted_primary_key[0]
                    write(conn, team_id)
                return team_id
            except sa.exc.IntegrityError:
                continue  # another process wrote the same thing first; read it again
            except sa.exc.DBAPIError as exc:
                if _refused(exc):  # on a hub: not one of the person's teams
                    raise StoreError(f"There is no team called “{name}” that you can open. "
                                     "Your teams are in the list, or ask your facilitator."
                                     ) from None
                raise
        raise StoreError(f"Could not open team {name!r} in {self.describe()}; try again.")


class TeamWorkspace:
    """One team's workspace. Everything it reads or changes belongs to that team only."""

    def __init__(self, store: Store, team_id: int, name: str, *,
                 practice: bool = False) -> None:
        self._store = store
        self._team_id = team_id
        self.name = name
        self.practice = practice
        self._listeners: list[tuple[Callable[[str], None], bool]] = []
        self._viewer: str | None = None

    def __repr__(self) -> str:
        return f"TeamWorkspace({self.name!r})"

    def _repr_html_(self) -> str:
        """Tells the team whose workspace this is and whether their entries are being saved."""
        if self.practice:
            text = (
                f"You are practising on a copy of “{self.name}”. Nothing you enter here is "
                "saved. To work on your own team, type its name in the TEAM cell above and run "
                "it again."
            )
        else:
            text = f"Working on team “{self.name}”. Entries are saved at once {self.where}."
        banner = f'<p class="it-banner" style="font-weight:600">{escape(text)}</p>'
        if not self.practice:  # the technical address, for whoever helps with a problem
            banner += ('<details class="it-where"><summary>Where exactly?</summary>'
                       f"<code>{escape(self.location)}</code></details>")
        prefix = os.environ.get(HUB_PREFIX_ENV)  # on a hub: the person's own server's address
        if prefix and not self.practice:
            banner += (f'<p><a href="{escape(prefix)}voila/render/apps/workspace.ipynb" '
                       'target="_blank" rel="noopener">Open your team\'s workspace app</a>: '
                       "the same exercises as forms, with no code.</p>")
        return banner

    @property
    def location(self) -> str:
        """Where this workspace is saved: the store's address, without any password."""
        return self._store.describe()

    @property
    def where(self) -> str:
        """Where this workspace is saved, in words: a file on this computer, or the course's
        shared database (on a hub, a server in the organisation)."""
        if sa.make_url(self._store.url).get_backend_name() == "sqlite":
            return "on this computer"
        return "in the course database"

    @property
    def me(self) -> Identity | None:
        """Who is working, on a cohort's hub (the store's login's person); None elsewhere."""
        return self._store.me

    @property
    def viewer(self) -> str | None:
        """Who is looking at this workspace: on a hub, the login's person; elsewhere the name
        the person gave (the app asks once, a notebook's "who is here" line too), or None."""
        me = self.me
        return me.display_name if me is not None else self._viewer

    @viewer.setter
    def viewer(self, name: str | None) -> None:
        name = normalise_name(name or "") or None
        if name != self._viewer:
            self._viewer = name
            self._notify(VIEWER)

    def on_change(self, callback: Callable[[str], None], *, teammates: bool = False) -> None:
        """Call ``callback(kind)`` after each change to the team's entries saved through this
        workspace, and (``teammates``) those saved anywhere else once the workspace follows the
        store (``follow``): a view redraws, while a form, being typed in, need not change under
        its user's hands. ``kind`` may also be ``VIEWER`` (the viewer gave their name), and for
        ``teammates`` ``HERE`` (someone came or left) or ``TICK`` (time passed)."""
        self._listeners.append((callback, teammates))

    def follow(self) -> None:
        """Hear teammates' saves as they happen (``widgets.store.live``); a practice copy has
        no teammates, so it does not."""
        if not self.practice:
            self._store._follower.add(self._team_id, self._notify)

    def here(self, module: int, member: str) -> None:
        """Say that ``member`` has ``module`` open now (renewed while their page is open)."""
        self._presence(module, member, time.time())

    def left(self, module: int, member: str) -> None:
        """Say that ``member`` closed ``module``: they are no longer here."""
        self._presence(module, member, 0.0)

    def _presence(self, module: int, member: str, seen_at: float) -> None:
        if self.practice:
            return
        me = self.me
        member = me.display_name if me is not None else clean_name(member, _AUTHOR)
        mine = ((t.presence.c.team_id == self._team_id) & (t.presence.c.member == member)
                & (t.presence.c.module == module))
        for _ in range(_RETRIES):
            try:
                with self._store.writing() as conn:
                    if not conn.execute(t.presence.update().where(mine)
                                        .values(seen_at=seen_at)).rowcount:
                        conn.execute(t.presence.insert().values(
                            team_id=self._team_id, member=member, module=module,
                            seen_at=seen_at))
                return
            except sa.exc.IntegrityError:
                continue  # the same person opened the module elsewhere a moment ago
            except sa.exc.DBAPIError as exc:
                if _refused(exc):  # on a hub: someone who is not on the team's roster
                    return
                raise

    def present(self, module: int) -> list[str]:
        """Who has ``module`` open now, alphabetically."""
        with self._store.reading() as conn:
            names = conn.execute(sa.select(t.presence.c.member).where(
                (t.presence.c.team_id == self._team_id) & (t.presence.c.module == module)
                & (t.presence.c.seen_at >= time.time() - GONE_AFTER))).scalars().all()
        return sorted(names, key=str.casefold)

    def _notify(self, kind: str, elsewhere: bool = False) -> None:
        """Tell views about a change (saved ``elsewhere``: heard from the store). The change
        is already saved, so a view that fails to redraw is logged, and never turns a
        successful save into an error."""
        for callback, teammates in list(self._listeners):
            if elsewhere and not teammates:
                continue
            try:
                callback(kind)
            except Exception:
                _log.exception("A view could not redraw after a change to %s", kind)

    def _item(self, table: sa.Table, kind: str, key: str) -> sa.ColumnElement[bool]:
        return (table.c.team_id == self._team_id) & (table.c.kind == kind) & (table.c.key == key)

    def _commit(self, kind: str, key: str, payload: str, author: str, action: str,
                deleted: bool = False) -> int:
        """Write one new version of an entry and its history row in one transaction."""
        for _ in range(_RETRIES):
            try:
                with self._store.writing() as conn:
                    version, change = _write(conn, self._team_id, kind, key, payload, author,
                                             action, deleted)
                    follower = self._store.__dict__.get("_follower")
                    if follower is not None:  # noted before the commit, which others hear
                        follower.made_here(change, self._notify)  # told below, at once
            except sa.exc.IntegrityError:
                continue  # a teammate created the same entry a moment ago; update it instead
            except sa.exc.DBAPIError as exc:
                if _refused(exc):
                    raise StoreError(f"Your role in the course does not let you change this "
                                     f"team's {KINDS[kind].label} entries, so it was not "
                                     "saved.") from None
                raise
            self._notify(kind)
            return version
        raise StoreError(f"Could not save to {self.location}; please try again.")

    def save(self, kind: str, data: Mapping[str, Any], *, by: str | None = None) -> dict:
        """Check and save one entry as a new version of the team's entry with the same key.

        ``by`` is who made the change; it defaults to the entry's member, name or owner. On a
        cohort's hub, the person whose login this is made it, whatever ``by`` says.
        """
        cleaned = validate(kind, data)
        author = self._author(by or cleaned.get("member") or cleaned.get("name")
                              or cleaned.get("owner"))
        self._commit(kind, KINDS[kind].key(cleaned), _json(cleaned), author, "save")
        return cleaned

    def _author(self, by: object) -> str:
        """Who makes a change: on a hub, the person whose login this is; elsewhere ``by``,
        checked like any name."""
        me = self._store.me
        if me and me.display_name:
            return me.display_name
        if by is None or (isinstance(by, str) and not by.strip()):
            raise ValidationError(["Please say who is making this change (your name)."])
        return clean_name(by, _AUTHOR)

    def delete(self, kind: str, key: str, *, by: str) -> None:
        """Delete an entry. It stays recoverable: see ``deleted`` and ``restore``."""
        spec, author = record_kind(kind), self._author(by)
        current = self._row(kind, key)
        if current is None or current["deleted"]:
            raise EntryNotFound(f"There is no {spec.label} “{key}” to delete.")
        self._commit(kind, key, current["data"], author, "delete", deleted=True)

    def restore(self, kind: str, key: str, version: int, *, by: str) -> dict:
        """Bring back an earlier version (or a deleted entry) as the newest version. It is
        checked as a new entry is: a version from an imported file, or one missing a field
        the course has added since, gets a message saying what to change."""
        spec, author = record_kind(kind), self._author(by)
        if isinstance(version, bool) or not isinstance(version, int):
            raise ValidationError(["The version to bring back must be a whole number."])
        with self._store.reading() as conn:
            payload = conn.execute(
                sa.select(t.changes.c.data).where(self._item(t.changes, kind, key)
                                                  & (t.changes.c.version == version))
            ).scalar()
        if payload is None:
            raise EntryNotFound(f"Version {version} of {spec.label} “{key}” does not exist.")
        try:
            cleaned = validate(kind, json.loads(payload))
        except ValidationError as exc:
            raise ValidationError([f"Version {version} of {spec.label} “{key}” cannot be "
                                   "brought back as it is:", *exc.messages]) from None
        self._commit(kind, key, _json(cleaned), author, "restore")
        return cleaned

    def history(self, kind: str, key: str) -> list[dict]:
        """Every version of one entry, oldest first: what it said, who changed it, and when."""
        with self._store.reading() as conn:
            rows = conn.execute(
                sa.select(t.changes).where(self._item(t.changes, kind, key))
                .order_by(t.changes.c.version)
            ).mappings().all()
        return [
            {"version": r["version"], "action": r["action"], "data": json.loads(r["data"]),
             "deleted": bool(r["deleted"]), "by": r["changed_by"], "at": r["changed_at"],
             "imported": bool(r["imported"])}
            for r in rows
        ]

    def _row(self, kind: str, key: str) -> Mapping[str, Any] | None:
        with self._store.reading() as conn:
            return conn.execute(
                sa.select(t.records).where(self._item(t.records, kind, key))
            ).mappings().first()

    def get(self, kind: str, key: str) -> dict | None:
        """One entry by its key, or None (also when it was deleted)."""
        row = self._row(kind, key)
        return None if row is None or row["deleted"] else complete(kind, json.loads(row["data"]))

    def _list(self, kind: str, deleted: bool) -> list[dict]:
        with self._store.reading() as conn:
            rows = conn.execute(
                sa.select(t.records.c.data)
                .where((t.records.c.team_id == self._team_id) & (t.records.c.kind == kind)
                       & (t.records.c.deleted == int(deleted)))
                .order_by(t.records.c.id)
            ).scalars()
            return [complete(kind, json.loads(d)) for d in rows]

    def list(self, kind: str) -> list[dict]:
        """Every current entry of one kind, oldest first."""
        return self._list(kind, deleted=False)

    def deleted(self, kind: str) -> list[dict]:
        """Entries of one kind that were deleted and can be restored."""
        return self._list(kind, deleted=True)

    @property
    def cohort(self) -> str:
        """The name of the cohort the team belongs to ("" on a store where it has none)."""
        with self._store.reading() as conn:
            return conn.execute(sa.select(t.cohorts.c.name).join(t.teams)
                                .where(t.teams.c.id == self._team_id)).scalar() or ""

    def shared_in_cohort(self) -> list[SharedWork]:
        """What the other teams of this team's cohort chose to share with it, read-only."""
        with self._store.reading() as conn:
            return shared_in_cohort(conn, self._team_id)

    def members(self) -> list[dict]:
        """The team's roster."""
        return self.list("member")

    def context_factors(self) -> list[dict]:
        """Every member's context-factor ratings."""
        return self.list("context_factor")

    def snapshot(self) -> dict[str, Any]:
        """The whole workspace as plain data: current entries (deleted ones too) and history."""
        with self._store.reading() as conn:
            records = conn.execute(
                sa.select(t.records).where(t.records.c.team_id == self._team_id)
                .order_by(t.records.c.id)
            ).mappings().all()
            changes = conn.execute(
                sa.select(t.changes).where(t.changes.c.team_id == self._team_id)
                .order_by(t.changes.c.id)
            ).mappings().all()
        return {
            "format": SNAPSHOT_FORMAT,
            "schema_version": t.SCHEMA_VERSION,
            "team": self.name,
            "exported_at": t.utc_now(),
            "records": [
                {"kind": r["kind"], "key": r["key"], "data": json.loads(r["data"]),
                 "version": r["version"], "deleted": bool(r["deleted"]),
                 "updated_by": r["updated_by"], "updated_at": r["updated_at"]}
                for r in records
            ],
            "history": [
                {"kind": c["kind"], "key": c["key"], "version": c["version"],
                 "action": c["action"], "data": json.loads(c["data"]),
                 "deleted": bool(c["deleted"]), "changed_by": c["changed_by"],
                 "changed_at": c["changed_at"], "imported": bool(c["imported"])}
                for c in changes
            ],
        }

    def export_snapshot(self, path: str | os.PathLike) -> Path:
        """Write the whole workspace, with its history, to one JSON file; return its path."""
        return write_snapshot(self.snapshot(), path)


def _refused(exc: sa.exc.DBAPIError) -> bool:
    """Whether the database refused because its rules do not allow it (a role, a policy)."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code == _NOT_ALLOWED


def _json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _write(conn: sa.Connection, team_id: int, kind: str, key: str, payload: str, author: str,
           action: str, deleted: bool, imported: bool = False) -> tuple[int, int]:
    """Write one new version of a team's entry, and its history row; its version number and
    the history row's id. ``imported``: the author is what a snapshot file claims."""
    item = (t.records.c.team_id == team_id) & (t.records.c.kind == kind) & (
        t.records.c.key == key)
    now = t.utc_now()
    version = conn.execute(
        t.records.update().where(item)
        .values(data=payload, version=t.records.c.version + 1, updated_by=author,
                updated_at=now, deleted=int(deleted))
        .returning(t.records.c.version)
    ).scalar()
    if version is None:
        version = 1
        conn.execute(t.records.insert().values(
            team_id=team_id, kind=kind, key=key, data=payload, version=1,
            updated_by=author, updated_at=now, deleted=int(deleted)))
    change = conn.execute(t.changes.insert().values(
        team_id=team_id, kind=kind, key=key, version=version, action=action, data=payload,
        deleted=int(deleted), changed_by=author, changed_at=now, imported=int(imported))
    ).inserted_primary_key[0]
    return version, change


def import_snapshot(store: Store, snap: dict[str, Any], team: str | None = None, *,
                    where: str = "The workspace file", cohort: str | None = None
                    ) -> TeamWorkspace:
    """Load a snapshot into ``store`` as team ``team`` (default: the team it came from); a
    team new to the store joins ``cohort`` (as in ``Store.team``).

    Everything in it is checked first (``snapshot.parse_snapshot``), then written in one
    transaction: a refused import changes nothing (``where`` names the file in the message).
    Into a team with no entries, the copy is exact: entries, versions and history, each past
    version marked as imported (who made it and when are the file's claims). Into a team
    that already has entries, each snapshot entry is saved as a new version, so nothing the
    team had is lost.
    """
    parsed = parse_snapshot(snap, where)
    name = parsed.team if team is None else clean_name(team, _TEAM_NAME)

    def write(conn: sa.Connection, team_id: int) -> None:
        has_entries = conn.execute(
            sa.select(sa.func.count()).where(t.records.c.team_id == team_id)).scalar()
        if has_entries:
            for e in parsed.entries:
                _write(conn, team_id, e.kind, e.key, _json(e.data), e.by, "import", e.deleted,
                       imported=True)
            return
        if parsed.entries:
            conn.execute(t.records.insert(), [
                {"team_id": team_id, "kind": e.kind, "key": e.key, "data": _json(e.data),
                 "version": e.version, "deleted": int(e.deleted), "updated_by": e.by,
                 "updated_at": e.at} for e in parsed.entries])
        if parsed.history:
            conn.execute(t.changes.insert(), [
                {"team_id": team_id, "kind": c.kind, "key": c.key, "version": c.version,
                 "action": c.action, "data": _json(c.data), "deleted": int(c.deleted),
                 "changed_by": c.by, "changed_at": c.at, "imported": 1}
                for c in parsed.history])

    return TeamWorkspace(store, store._in_team(name, write, cohort), name)
