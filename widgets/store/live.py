"""Following the store live: telling a notebook's or an app's views that a teammate saved.

Each save is already its own committed transaction (``workspace``); what is added here is how
another process hears of it, cheaply, without anyone pressing a button:

- on SQLite, one background thread per store asks ``PRAGMA data_version`` twice a second (it
  changes only when another connection commits), and only then reads which kinds of entry
  changed;
- on PostgreSQL, it waits on ``LISTEN`` for a notice that a trigger sends when one of the
  team's entries is saved. Each team has its own channel, a random name that only those who may
  read the team's entries can look up (the hub's rules, ``widgets.hub.database``), so no one is
  told of another team's changes.

What is heard is handed to each workspace's listeners (``TeamWorkspace.on_change``) on the
kernel's own event loop, never in the middle of the team's own code. The same thread says every
``TICK_SECONDS`` that time has passed, so "who is here" forgets those who left.
"""

from __future__ import annotations

import asyncio
import logging
import os
import select
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from .workspace import Store

__all__ = ["GONE_AFTER", "HERE", "POLL_SECONDS", "TICK", "TICK_SECONDS", "install_notices"]

POLL_SECONDS = 0.5  # how often a SQLite store is asked whether anything changed
# How often an open page says it is still open (tests shorten it, to see someone leave fast);
# a member whose page has not said so for three and a half times as long has left.
TICK_SECONDS = float(os.environ.get("COURSE_HERE_SECONDS", "") or 12)
GONE_AFTER = 3.5 * TICK_SECONDS
_SILENT = 30  # seconds: on PostgreSQL, a page back after longer than this is news again
# Changes that are not entries, as listeners hear them: someone came or left; time passed.
HERE = "here"
TICK = "tick"
_log = logging.getLogger(__name__)
_WAIT = 1.0  # seconds a PostgreSQL listener sleeps between looks at newly followed teams
_MARGIN = 2.0  # seconds before a team was followed that a catch-up looks back
_CHANGED_SINCE = ("SELECT id, team_id, kind FROM it_changes WHERE team_id = %s "
                  "AND changed_at >= %s")

# PostgreSQL: each team's channel, made with the team; a notice on it after every saved entry
# (its kind) and every "I am here" (the word ``here``). The functions run as the tables' owner:
# a login needs no right to the channels to cause a notice, and cannot read other teams'.
_NOTICES = f"""
CREATE TABLE IF NOT EXISTS it_live (
  team_id integer PRIMARY KEY REFERENCES it_teams (id),
  channel text NOT NULL UNIQUE);
INSERT INTO it_live SELECT id, 'it_' || replace(gen_random_uuid()::text, '-', '')
  FROM it_teams ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION it_live_channel() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO it_live VALUES (NEW.id, 'it_' || replace(gen_random_uuid()::text, '-', ''));
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS it_live_channel ON it_teams;
CREATE TRIGGER it_live_channel AFTER INSERT ON it_teams
  FOR EACH ROW EXECUTE FUNCTION it_live_channel();

CREATE OR REPLACE FUNCTION it_live_notify() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_notify(channel, coalesce(
    TG_ARGV[0], (to_jsonb(NEW) ->> 'kind') || ' ' || (to_jsonb(NEW) ->> 'id')))
  FROM it_live WHERE team_id = NEW.team_id;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS it_live_notify ON it_changes;
CREATE TRIGGER it_live_notify AFTER INSERT ON it_changes
  FOR EACH ROW EXECUTE FUNCTION it_live_notify();
-- Someone came or left; an open page saying it is still open (every TICK_SECONDS, under
-- {_SILENT:.0f} s) is news to no one.
DROP TRIGGER IF EXISTS it_live_notify ON it_presence;
CREATE TRIGGER it_live_notify AFTER INSERT ON it_presence
  FOR EACH ROW EXECUTE FUNCTION it_live_notify('{HERE}');
DROP TRIGGER IF EXISTS it_live_back ON it_presence;
CREATE TRIGGER it_live_back AFTER UPDATE ON it_presence
  FOR EACH ROW WHEN (OLD.seen_at = 0 OR NEW.seen_at = 0 OR NEW.seen_at > OLD.seen_at + {_SILENT})
  EXECUTE FUNCTION it_live_notify('{HERE}');
"""


def install_notices(conn: sa.Connection) -> None:
    """Make the channels and the triggers that send notices (PostgreSQL; SQLite needs none)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_NOTICES)


class Follower:
    """One store's background thread that hears teammates' saves and tells the workspaces of
    this process that follow them (``TeamWorkspace.follow``)."""

    def __init__(self, store: Store) -> None:
        self._engine: sa.Engine = store._engine
        self._lock = threading.Lock()
        # Each followed team's listeners (a workspace's ``_notify``, held weakly: a workspace
        # no one uses any more is not kept for this thread's sake, and once none is left the
        # thread ends; ``add`` starts another), with the event loop to call them on.
        self._teams: dict[int, list[tuple[weakref.WeakMethod, asyncio.AbstractEventLoop]]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Teams newly followed, and since when: what was saved before the thread listened
        # for them is told once it does (``_catch_up``), so no save falls in between.
        self._since: dict[int, float] = {}
        # Changes saved by this process (history rows' ids), and the listener of the workspace
        # that saved each: it was told at once, so hearing it from the store is not news to it.
        self._mine: dict[int, Callable[[str, bool], None]] = {}

    def made_here(self, change: int, notify: Callable[[str, bool], None]) -> None:
        """Note a change saved through the workspace whose listener is ``notify``."""
        with self._lock:
            self._mine[change] = notify

    def _tell_news(self, rows: Iterable[tuple[int, int, str]]) -> None:
        """Tell each team's listeners of the changes heard, as (id, team, kind), except the
        workspace that saved a change itself."""
        news: dict[tuple[int, Any], set[str]] = {}
        with self._lock:
            for change, team, kind in rows:
                news.setdefault((team, self._mine.pop(change, None)), set()).add(kind)
        for (team, saver), kinds in news.items():
            self._tell([team], sorted(kinds), saver)

    def add(self, team_id: int, notify: Callable[[str, bool], None]) -> None:
        """Call ``notify(kind, True)`` for the team's changes from now on, on the event loop
        running now: a kernel's (a notebook's, an app's). A script with no event loop has no
        screen to keep up to date, so it is not told."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        with self._lock:
            listeners = self._teams.setdefault(team_id, [])
            if not any(ref() == notify for ref, _loop in listeners):  # each view follows
                listeners.append((weakref.WeakMethod(notify), loop))
            self._since.setdefault(team_id, time.time())
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="it-live", daemon=True)
                self._thread.start()

    def _listeners(self, team_id: int) -> list[tuple[Callable[[str, bool], None],
                                                     asyncio.AbstractEventLoop]]:
        """A team's live listeners (forgetting those whose workspace is gone); call locked."""
        alive = [(ref, loop) for ref, loop in self._teams.get(team_id, ()) if ref() is not None]
        if alive:
            self._teams[team_id] = alive
        else:
            self._teams.pop(team_id, None)
        return [(notify, loop) for ref, loop in alive if (notify := ref()) is not None]

    def _idle(self) -> bool:
        """Whether no workspace follows the store any more (the thread may end)."""
        with self._lock:
            if any(self._listeners(team) for team in list(self._teams)):
                return False
            self._thread = None  # decided under the lock: ``add`` starts a new thread
            return True

    def stop(self) -> None:
        """Stop listening (the store is being closed)."""
        self._stop.set()

    def _team_ids(self) -> list[int]:
        with self._lock:
            return [team for team in list(self._teams) if self._listeners(team)]

    def _tell(self, team_ids: Iterable[int], kinds: Iterable[str], saver: Any = None) -> None:
        kinds = list(kinds)
        with self._lock:
            listeners = [found for team in team_ids for found in self._listeners(team)
                         if found[0] != saver]
        for notify, loop in listeners:
            for kind in kinds:
                _call(loop, notify, kind)

    def _catch_up(self, changed_since: Callable[[int, str], list[tuple[int, int, str]]]
                  ) -> None:
        """Tell newly followed teams what was saved since they were followed: between a view
        drawing itself and this thread listening, a teammate may have saved."""
        with self._lock:
            pending, self._since = self._since, {}
        for team, since in pending.items():
            when = datetime.fromtimestamp(since - _MARGIN, timezone.utc)
            self._tell_news(changed_since(team, when.isoformat(timespec="microseconds")))
            self._tell([team], [HERE])

    def _run(self) -> None:
        backend = self._engine.dialect.name
        while not self._stop.is_set():
            try:
                if backend == "sqlite":
                    self._poll_sqlite()
                else:
                    self._listen_postgresql()
                return  # stopped, or no one follows the store any more
            except Exception as exc:  # the database restarted or went away: try again soon
                _log.warning("Lost touch with the team store (%s); trying again", exc)
                if self._idle():
                    return
                self._stop.wait(5)

    def _poll_sqlite(self) -> None:
        path = self._engine.url.database
        if path in (None, "", ":memory:"):  # a private copy: no one else saves to it
            return
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            version = _one(conn, "PRAGMA data_version")
            last = _one(conn, "SELECT coalesce(max(id), 0) FROM it_changes")
            here = _presence(conn)
            next_tick = time.monotonic() + TICK_SECONDS
            while not self._stop.wait(POLL_SECONDS) and not self._idle():
                self._catch_up(lambda team, since: conn.execute(
                    _CHANGED_SINCE.replace("%s", "?"), (team, since)).fetchall())
                now = _one(conn, "PRAGMA data_version")
                if now != version:
                    version = now
                    rows = conn.execute("SELECT id, team_id, kind FROM it_changes "
                                        "WHERE id > ?", (last,)).fetchall()
                    self._tell_news(rows)
                    last = max([last, *(change for change, _team, _kind in rows)])
                    seen = _presence(conn)
                    self._tell([t for t in seen.keys() | here.keys()
                                if seen.get(t) != here.get(t)], [HERE])
                    here = seen
                if time.monotonic() >= next_tick:
                    next_tick = time.monotonic() + TICK_SECONDS
                    self._tell(self._team_ids(), [TICK])
        finally:
            conn.close()

    def _listen_postgresql(self) -> None:
        raw = self._engine.raw_connection()
        conn: Any = raw.driver_connection
        raw.detach()  # held by this thread for as long as the store is open
        conn.autocommit = True
        channels: dict[str, int] = {}
        try:
            next_tick = time.monotonic() + TICK_SECONDS
            while not self._stop.is_set() and not self._idle():
                wanted = [t for t in self._team_ids() if t not in channels.values()]
                if wanted:
                    for team, channel in conn.execute(
                            "SELECT team_id, channel FROM it_live WHERE team_id = ANY(%s)",
                            [wanted]).fetchall():
                        conn.execute(f'LISTEN "{channel}"')
                        channels[channel] = team
                self._catch_up(lambda team, since: conn.execute(
                    _CHANGED_SINCE, (team, since)).fetchall())
                # Wait on the connection's socket (psycopg's own wait wakes ten times a
                # second), then take every notice that came, and any that came meanwhile.
                select.select([conn.fileno()], [], [], _WAIT)
                for notice in conn.notifies(timeout=0.01):
                    if notice.channel not in channels:
                        continue
                    kind, _, change = notice.payload.partition(" ")
                    if change:  # an entry: "kind id"
                        self._tell_news([(int(change), channels[notice.channel], kind)])
                    else:
                        self._tell([channels[notice.channel]], [kind])
                if time.monotonic() >= next_tick:
                    next_tick = time.monotonic() + TICK_SECONDS
                    self._tell(self._team_ids(), [TICK])
        finally:
            conn.close()


def _call(loop: asyncio.AbstractEventLoop, notify: Callable[[str, bool], None],
          kind: str) -> None:
    if not loop.is_closed():
        loop.call_soon_threadsafe(notify, kind, True)


def _one(conn: sqlite3.Connection, query: str) -> Any:
    return conn.execute(query).fetchone()[0]


def _presence(conn: sqlite3.Connection) -> dict[int, frozenset]:
    """Who is here in each team, by module: it changes when someone comes or leaves, not each
    time an open page says it is still open (that is news to no one)."""
    found: dict[int, set] = {}
    for team, module, member in conn.execute(
            "SELECT team_id, module, member FROM it_presence WHERE seen_at >= ?",
            (time.time() - GONE_AFTER,)):
        found.setdefault(team, set()).add((module, member))
    return {team: frozenset(here) for team, here in found.items()}
