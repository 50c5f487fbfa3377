"""What a mischievous team, or a damaged file, hands the store. A snapshot import checks
everything before it writes, and a refused one changes nothing; files are bounded; every field
has a limit, lists included; names that look alike are one name; and every error from the
public API is the store's own, in plain words."""

from __future__ import annotations

import copy
import hashlib
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import widgets
from widgets.store import (
    MAX_SNAPSHOT_BYTES,
    EntryNotFound,
    Store,
    StoreError,
    ValidationError,
    example_snapshot,
    import_snapshot,
    load_snapshot,
    read_snapshot,
)

WHERE = "eastside.json"
Damage = Callable[[dict[str, Any]], None]


def _set(part: str, index: int, **values: Any) -> Damage:
    return lambda snap: snap[part][index].update(values)


def _set_data(part: str, index: int, **values: Any) -> Damage:
    return lambda snap: snap[part][index]["data"].update(values)


# Each was accepted, or refused with a raw Python error (and often an empty team left behind),
# before imports were checked whole.
DAMAGE: dict[str, tuple[Damage, str]] = {
    "a kind the course does not record, in the history": (
        _set("history", 0, kind="nonsense"), "“nonsense” is not something the course records"),
    "a past version that is not a set of fields": (
        _set("history", 3, data="x"), "must be a set of named fields"),
    "a past version with a wrong value": (
        _set_data("history", 3, perspective="boss"), "“Perspective” must be one of"),
    "a past version that does not say what it is of": (
        _set("history", 0, data={}), "lacks what identifies it (name)"),
    "a time without a time zone": (
        _set("records", 0, updated_at="2026-11-01T09:00:00"), "a time without a time zone"),
    "a past version's time without a time zone": (
        _set("history", 5, changed_at="2026-11-01 09:00"), "a time without a time zone"),
    "something that is not a time": (
        _set("history", 5, changed_at="yesterday"), "where a date and time should be"),
    "an author with a NUL": (
        _set("records", 0, updated_by="Ana\x00"), "invisible control character"),
    "an author with terminal escapes": (
        _set("history", 2, changed_by="\x1b[2JAna"), "invisible control character"),
    "an author of 1 MB": (
        _set("history", 2, changed_by="A" * 1_000_000), "the limit is 200"),
    "an author who is not text": (_set("records", 0, updated_by=["Ana"]), "must be text"),
    "a second entry that is wrong, after a good one": (
        _set_data("records", 1, perspective="boss"), "Entry 2"),
    "an entry that is not one": (lambda s: s["records"].append(5), "is not an entry"),
    "entries that are not a list": (lambda s: s.update(records={"a": 1}), "not a list"),
    "a version below 1": (_set("records", 0, version=-1), "not a whole number from 1 up"),
    "a version that is yes": (_set("records", 0, version=True), "not a whole number from 1 up"),
    "deleted that is neither yes nor no": (_set("records", 0, deleted="maybe"),
                                           "neither yes nor no"),
    "a change the course never makes": (_set("history", 0, action="hack"),
                                        "names no change the course makes"),
    "the same entry twice": (lambda s: s["records"].append(copy.deepcopy(s["records"][0])),
                             "the same entry twice"),
    "the same past version twice": (lambda s: s["history"].append(copy.deepcopy(
        s["history"][0])), "the same version of an entry twice"),
    "a team with no name": (lambda s: s.update(team="  \u200b "), "Please fill in “Team name”"),
    "a team name that is not text": (lambda s: s.update(team=["x"]), "must be text"),
    "half an emoji": (_set_data("records", 0, name="Ana \ud83d"), "half of a symbol or emoji"),
    "a list of 60,000 people": (
        lambda s: next(r for r in s["records"] if r["kind"] == "meeting")["data"].update(
            attendees=[f"Person {i}" for i in range(60_000)]), "the limit is 100"),
}


def _plant(kind: str, where: dict[str, Any], **values: Any) -> Damage:
    """Change the first current entry of ``kind`` whose data has the ``where`` values, as a
    team editing its hand-in's workspace file by hand would, past the forms."""
    def damage(snap: dict[str, Any]) -> None:
        entry = next(r for r in snap["records"] if r["kind"] == kind
                     and all(r["data"].get(k) == v for k, v in where.items()))
        entry["data"].update(values)
    return damage


def _replaced_by_itself(snap: dict[str, Any]) -> None:
    dropped = next(r["data"] for r in snap["records"] if r["kind"] == "adaptation"
                   and r["data"]["part"] == "dropped the strategy")
    dropped["replaced_by"] = dropped["strategy"]


# Module 8's follow-through, written around its forms in a hand-in (each passes the forms'
# field checks but breaks a rule the course keeps).
DAMAGE |= {
    "a blocked step with no reason": (
        _plant("action_step", {"status": "blocked"}, status_reason=""), "needs a reason"),
    "a step status the course does not have": (
        _plant("action_step", {"status": "done"}, status="finished"), "must be one of"),
    "a strategy dropped and replaced by itself": (_replaced_by_itself, "cannot replace itself"),
    "a replacement for a strategy that was not dropped": (
        _plant("adaptation", {"part": "dose"}, replaced_by=4), "Only a dropped strategy"),
    "a measure's value of a million characters": (
        _plant("measure_value", {}, value="9" * 1_000_000), "the limit is 200"),
}


def _damaged(name: str) -> dict[str, Any]:
    snap = example_snapshot()
    DAMAGE[name][0](snap)
    return snap


def _rows(store: Store) -> dict[str, list]:
    with store.reading() as conn:
        return {t: sorted(map(repr, conn.execute(sa.text(f"SELECT * FROM {t}")).all()))
                for t in ("it_teams", "it_records", "it_changes")}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_a_damaged_import_is_refused_and_changes_nothing(tmp_path: Path, name: str) -> None:
    path = tmp_path / "store.sqlite"
    store = Store(f"sqlite:///{path}")
    east = store.team("Eastside")  # a team with entries of its own, and an empty one
    east.save("member", {"name": "Bo", "perspective": "leader"})
    store.team("Westside")
    rows = _rows(store)
    store.close()
    before = _digest(path)
    store = Store(f"sqlite:///{path}")
    for team in (None, "Eastside", "Westside"):
        with pytest.raises(StoreError) as refused:
            import_snapshot(store, _damaged(name), team=team, where=WHERE)
        message = str(refused.value)
        assert message.startswith(f"{WHERE} cannot be imported: "), message
        assert DAMAGE[name][1] in message and "Nothing was imported" in message, message
        assert len(message) < 600
    assert _rows(store) == rows
    store.close()
    assert _digest(path) == before, "the store's file is byte for byte as it was"


def test_a_good_import_is_marked_as_imported(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    snap = example_snapshot()
    snap["records"][0]["updated_at"] = "2026-11-01T10:00:00+01:00"  # another time zone
    ws = import_snapshot(store, snap, team="  Riverbend   copy ")
    assert ws.name == "Riverbend copy" and store.team_names() == ["Riverbend copy"]
    first = ws.members()[0]["name"]
    assert all(h["imported"] for h in ws.history("member", first))
    assert ws.snapshot()["records"][0]["updated_at"] == "2026-11-01T09:00:00.000000+00:00"
    ws.save("member", {**ws.members()[0], "role": "Chair"}, by="Sam Lee")
    assert [h["imported"] for h in ws.history("member", first)][-1] is False
    old = {k: v for k, v in snap.items() if k != "history"}  # the first course's files
    assert len(import_snapshot(store, old, team="From v1").members()) == 6


def test_a_version_brought_back_is_checked_like_a_new_entry(tmp_path: Path) -> None:
    snap = example_snapshot()
    name = snap["history"][0]["data"]["name"]
    snap["history"][0]["data"] = {"name": name, "role": "Coordinator"}  # no perspective
    ws = import_snapshot(Store("sqlite://"), snap, where=WHERE)
    (version,) = [h["version"] for h in ws.history("member", name)
                  if "perspective" not in h["data"]]
    with pytest.raises(ValidationError) as refused:
        ws.restore("member", name, version, by="Sam Lee")
    assert refused.value.messages == [
        f"Version {version} of team member “{name}” cannot be brought back as it is:",
        "Please fill in “Perspective”."]
    assert ws.get("member", name)["perspective"], "the current version is untouched"


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "team_workspace.json"
    with huge.open("wb") as f:  # 300 MB that take no disk space
        f.truncate(300_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(StoreError, match=f"is 300,000,000 bytes, larger than a workspace "
                           f"file can be \\({MAX_SNAPSHOT_BYTES:,}\\)"):
            read_snapshot(huge)
        assert tracemalloc.get_traced_memory()[1] < 1_000_000, "nothing was read"
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("content, message", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"format": "implementing-together-workspace", "n": ' + "9" * 10_000 + "}",
     "not a readable workspace file"),
    ('{"format": "implementing-together-workspace", "schema_version": "x"}',
     "damaged version number"),
    ('{"format": "implementing-together-workspace", "team": "X", "records": [{"kind": 1}]}',
     "Entry 1: “1” is not something the course records"),
])
def test_files_that_are_not_workspaces_get_plain_messages(tmp_path: Path, content: str,
                                                          message: str) -> None:
    path = tmp_path / "team_workspace.json"
    path.write_text(content)
    with pytest.raises(StoreError, match=message) as refused:
        load_snapshot(path)
    assert str(path) in str(refused.value)


def test_a_folder_is_not_a_workspace_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot be read"):
        read_snapshot(tmp_path)


# -- typing into the forms ------------------------------------------------------------------

@pytest.fixture
def ws() -> widgets.TeamWorkspace:
    return Store("sqlite://").team("Eastside")


def test_half_an_emoji_gets_a_plain_message(ws) -> None:
    with pytest.raises(ValidationError, match="half of a symbol or emoji"):
        ws.save("reflection", {"module": 1, "member": "Ana", "text": "Great \ud83d session"})
    with pytest.raises(ValidationError, match="half of a symbol or emoji"):
        ws.save("member", {"name": "Ana \udc00", "perspective": "leader"})


def test_every_list_has_a_limit(ws) -> None:
    crowd = [f"Person {i}" for i in range(60_000)]
    with pytest.raises(ValidationError, match="“Who came” has 60,000 items; the limit is 100"):
        ws.save("meeting", {"date": "2026-11-05", "attendees": crowd}, by="Ana")
    with pytest.raises(ValidationError, match="the limit is 200"):
        ws.save("meeting", {"date": "2026-11-05", "attendees": ["A" * 201]}, by="Ana")
    assert ws.list("meeting") == []


@pytest.mark.parametrize("by, message", [
    ("A" * 10_000_000, "the limit is 200"),
    ("\x1b[2JAna", "invisible control character"),
    ("Ana\x00", "invisible control character"),
    ("Ana\ud800", "half of a symbol or emoji"),
    ("   ", "Please say who is making this change"),
    (["Ana"], "must be text"),
])
def test_who_made_a_change_is_checked_like_any_name(ws, by: object, message: str) -> None:
    ws.save("member", {"name": "Bo", "perspective": "leader"})
    for change in (lambda: ws.save("member", {"name": "Cy", "perspective": "leader"}, by=by),
                   lambda: ws.delete("member", "Bo", by=by),
                   lambda: ws.restore("member", "Bo", 1, by=by)):
        with pytest.raises(ValidationError, match=message):
            change()
    assert [h["by"] for h in ws.history("member", "Bo")] == ["Bo"]


def test_names_that_look_alike_are_one_name(ws) -> None:
    store = ws._store
    looks_alike = ["Café Team", " Café  Team ", "Cafe\u0301 Team", "Café\u200b Team\ufeff",
                   "Café\u00a0Team"]
    teams = {store.team(name).name for name in looks_alike}
    assert teams == {"Café Team"} and store.team_names() == ["Café Team", "Eastside"]
    ws.save("member", {"name": "  Ana\u200b  Lúcia ", "perspective": "leader"}, by=" Sam  Lee ")
    assert ws.get("member", "Ana Lúcia")["name"] == "Ana Lúcia"
    assert ws.history("member", "Ana Lúcia")[0]["by"] == "Sam Lee"


@pytest.mark.parametrize("call, error, message", [
    (lambda ws: ws.delete("nonsense", "x", by="Ana"), ValidationError,
     "“nonsense” is not something the course records"),
    (lambda ws: ws.restore("nonsense", "x", 1, by="Ana"), ValidationError,
     "“nonsense” is not something the course records"),
    (lambda ws: ws.delete("member", "Nobody", by="Ana"), EntryNotFound,
     "There is no team member “Nobody” to delete."),
    (lambda ws: ws.restore("member", "Nobody", 1, by="Ana"), EntryNotFound,
     "Version 1 of team member “Nobody” does not exist."),
    (lambda ws: ws.restore("member", "Nobody", "1", by="Ana"), ValidationError,
     "must be a whole number"),
    (lambda ws: ws.save("member", ["name", "Ana"], by="Ana"), ValidationError,
     "must be a set of named fields"),
    (lambda ws: ws.save(["member"], {"name": "Ana"}, by="Ana"), ValidationError,
     "is not something the course records"),
    (lambda ws: ws._store.team(None), ValidationError, "Please fill in “Team name”"),
    (lambda ws: ws._store.team(42), ValidationError, "“Team name” must be text"),
])
def test_every_error_from_the_public_api_is_the_stores_own(ws, call, error, message) -> None:
    with pytest.raises(error) as raised:
        call(ws)
    assert isinstance(raised.value, StoreError | ValidationError)
    assert message in str(raised.value)
    if error is EntryNotFound:
        assert isinstance(raised.value, KeyError), "code that caught KeyError still does"
        assert str(raised.value) == message, "no quotes around it"


def test_the_examples_file_is_a_good_import() -> None:
    snap = json.loads(json.dumps(example_snapshot()))
    assert import_snapshot(Store("sqlite://"), snap).name == widgets.EXAMPLE_TEAM
