"""The team workspace store, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import widgets
from tests.support import ROOT
from tests.support.full_course import full_course
from widgets import Store, StoreError, ValidationError
from widgets.reference import eric_strategy
from widgets.store import KINDS, CohortView, utc_now, validate

WRITER = ROOT / "tests" / "support" / "store_writer.py"
AWKWARD = [
    "Café résumé naïve — ‘quotes’ “double”",
    "Emoji 🧑🏽‍⚕️👩🏿‍🦯🏳️‍🌈 and a family 👨‍👩‍👧",
    "نص من اليمين إلى اليسار مع English في الوسط",
    "עברית: שלום עולם",
    "<script>alert('x')</script><b onmouseover=alert(1)>bold</b> &amp; &lt;",
    "Very long " + "word " * 1900,
    "Tabs\tand\nnew lines\r\nkept",
    "Zero width\u200bjoiner and combining e\u0301",
]


def _member(name: str, perspective: str = "implementer") -> dict:
    return {"name": name, "role": "Coordinator", "perspective": perspective,
            "involvement": "works on the initiative"}


def _factor(member: str, code: str = "III.J", **extra) -> dict:
    return {"construct": code, "member": member, "effect": "barrier", "strength": 2,
            "note": "seen it", **extra}


def test_save_is_committed_and_seen_by_a_second_process(any_store_url):
    ws = Store(any_store_url).team("Eastside")
    ws.save("member", _member("Ana"))
    ws.save("context_factor", _factor("Ana", note="Budget ends in June"))
    code = (
        "import sys, widgets; ws = widgets.Store(sys.argv[1]).team('Eastside');"
        "print(ws.get('context_factor', 'III.J|Ana')['note']); print(len(ws.members()))"
    )
    out = subprocess.run([sys.executable, "-c", code, any_store_url], capture_output=True,
                         text=True, check=True).stdout.split("\n")
    assert out[:2] == ["Budget ends in June", "1"]


def test_rating_again_replaces_and_keeps_history(any_store_url):
    ws = Store(any_store_url).team("Eastside")
    ws.save("context_factor", _factor("Ana", strength=1, note="first"))
    ws.save("context_factor", _factor("Ana", strength=3, note="second"))
    assert ws.context_factors() == [ws.get("context_factor", "III.J|Ana")]
    assert ws.get("context_factor", "III.J|Ana")["note"] == "second"
    history = ws.history("context_factor", "III.J|Ana")
    assert [(h["version"], h["data"]["note"], h["by"]) for h in history] == [
        (1, "first", "Ana"), (2, "second", "Ana")]
    assert history[0]["at"] <= history[1]["at"]


def test_restore_an_earlier_version(any_store_url):
    ws = Store(any_store_url).team("Eastside")
    ws.save("glossary_agreed", {"term": "Fidelity", "definition": "Doing it as designed"},
            by="Ana")
    ws.save("glossary_agreed", {"term": "Fidelity", "definition": "oops"}, by="Bo")
    restored = ws.restore("glossary_agreed", "Fidelity", 1, by="Ana")
    assert restored["definition"] == "Doing it as designed"
    assert ws.get("glossary_agreed", "Fidelity")["definition"] == "Doing it as designed"
    assert [(h["action"], h["by"]) for h in ws.history("glossary_agreed", "Fidelity")] == [
        ("save", "Ana"), ("save", "Bo"), ("restore", "Ana")]
    with pytest.raises(KeyError, match="Version 9"):
        ws.restore("glossary_agreed", "Fidelity", 9, by="Ana")


def test_delete_keeps_a_recoverable_record(any_store_url):
    ws = Store(any_store_url).team("Eastside")
    ws.save("member", _member("Ana"))
    ws.delete("member", "Ana", by="Bo")
    assert ws.members() == [] and ws.get("member", "Ana") is None
    assert ws.deleted("member") == [_member("Ana")]
    last = ws.history("member", "Ana")[-1]
    assert (last["action"], last["deleted"], last["by"]) == ("delete", True, "Bo")
    ws.restore("member", "Ana", 1, by="Bo")
    assert ws.members() == [_member("Ana")] and ws.deleted("member") == []
    with pytest.raises(KeyError, match="no team member"):
        ws.delete("member", "Nobody", by="Bo")


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("member", {"name": "", "perspective": "leader"}, "Please fill in “Name”"),
        ("member", {"name": "   ", "perspective": "leader"}, "Please fill in “Name”"),
        ("member", {"name": "Ana", "perspective": "boss"}, "must be one of"),
        ("context_factor", _factor("Ana", note="x" * 10_001), "10,001 characters long"),
        ("context_factor", _factor("Ana", strength=7), "between 1 and 3"),
        ("context_factor", _factor("Ana", strength="lots"), "whole number"),
        ("context_factor", _factor("Ana", code="Money"), "not a CFIR 2.0 factor"),
        ("context_factor", _factor("Ana", note="nul\x00byte"), "invisible control character"),
        ("strategy", {"strategy": 74, "barriers": ["III.J"], "reason": "r"}, "not an ERIC"),
        ("meeting", {"date": "next Tuesday", "attendees": ["Ana"]}, "not a date"),
        ("member", {"name": "Ana", "perspective": "leader", "age": 40}, "not part of"),
    ],
)
def test_bad_input_gets_a_plain_message_and_saves_nothing(store_url, kind, data, message):
    ws = Store(store_url).team("Eastside")
    with pytest.raises(ValidationError, match=message):
        ws.save(kind, data, by="Ana")
    assert ws.list(kind) == []


def test_a_change_must_say_who_made_it(store_url):
    ws = Store(store_url).team("Eastside")
    with pytest.raises(ValidationError, match="who is making this change"):
        ws.save("progress", {"module": 2, "status": "done"})
    with pytest.raises(ValidationError, match="Team name"):
        Store(store_url).team("  ")


def test_text_is_stored_exactly_as_typed(any_store_url):
    ws = Store(any_store_url).team("Eastside")
    for i, text in enumerate(AWKWARD):
        ws.save("reflection", {"module": i % 8, "member": f"m{i}", "text": text})
    assert [r["text"] for r in ws.list("reflection")] == AWKWARD


def test_teams_cannot_reach_each_other(any_store_url):
    store = Store(any_store_url)
    east, west = store.team("Eastside"), store.team("Westside")
    east.save("context_factor", _factor("Ana", note="east only"))
    west.save("context_factor", _factor("Ana", note="west only"))
    assert [f["note"] for f in east.context_factors()] == ["east only"]
    west.delete("context_factor", "III.J|Ana", by="Bo")
    assert east.get("context_factor", "III.J|Ana")["note"] == "east only"
    west.save("context_factor", _factor("Ana", note="west again"))
    east.restore("context_factor", "III.J|Ana", 1, by="Ana")
    assert west.get("context_factor", "III.J|Ana")["note"] == "west again"
    assert [h["data"]["note"] for h in east.history("context_factor", "III.J|Ana")] == [
        "east only", "east only"]
    assert not any(hasattr(east, name) for name in ("team_id", "teams", "team"))


def _run_writers(url: str, team: str, writers: int, n: int) -> list[str]:
    procs = [subprocess.Popen([sys.executable, str(WRITER), url, team, f"w{w}", str(n)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(writers)]
    outputs = [p.communicate(timeout=600) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    return [line for out, _ in outputs for line in out.splitlines()]


@pytest.mark.slow  # eight processes writing at once: seconds, so in make test only
def test_eight_writers_at_once_lose_nothing(any_store_url):
    writers, n = 8, 200
    Store(any_store_url).team("Eastside")
    lines = _run_writers(any_store_url, "Eastside", writers, n)
    assert len(lines) == writers * n
    ws = Store(any_store_url).team("Eastside")
    reflections = {(r["member"], r["text"]) for r in ws.list("reflection")}
    for w in range(writers):
        for i in range(0, n, 2):
            assert (f"w{w}/{i}", str(i)) in reflections
        for module in range(8):
            saves = [i for i in range(0, n, 2) if i % 8 == module]
            history = ws.history("reflection", f"{module}|w{w}")
            assert [h["data"]["text"] for h in history] == [f"note {i} ✓" for i in saves]
    meeting = ws.history("meeting", "2027-01-01")
    assert [h["version"] for h in meeting] == list(range(1, writers * n // 2 + 1))
    notes = sorted(h["data"]["notes"] for h in meeting)
    assert notes == sorted(f"w{w} {i}" for w in range(writers) for i in range(1, n, 2))


def test_a_killed_writer_leaves_every_committed_change(any_store_url):
    Store(any_store_url).team("Eastside")
    proc = subprocess.Popen([sys.executable, str(WRITER), any_store_url, "Eastside", "k",
                             "100000"], stdout=subprocess.PIPE, text=True)
    committed = []
    assert proc.stdout is not None
    for line in proc.stdout:
        committed.append(line.split())
        if len(committed) == 150:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    committed += [line.split() for line in proc.stdout.read().splitlines()]
    assert proc.returncode == -signal.SIGKILL
    if any_store_url.startswith("sqlite"):
        db = any_store_url.removeprefix("sqlite:///")
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    ws = Store(any_store_url).team("Eastside")
    present = {r["member"] for r in ws.list("reflection")}
    meeting_notes = {h["data"]["notes"] for h in ws.history("meeting", "2027-01-01")}
    for kind, writer, i in committed:
        if kind == "reflection":
            assert f"{writer}/{i}" in present
        else:
            assert f"{writer} {i}" in meeting_notes


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_is_not_a_store_is_refused_untouched(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("shopping list: eggs, milk\n")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE patients (name TEXT)")
    for path in (text, other):
        before = _digest(path)
        with pytest.raises(StoreError) as err:
            Store(f"sqlite:///{path}")
        assert str(path) in str(err.value) and "not a team store" in str(err.value)
        assert "left as it is" in str(err.value)
        assert _digest(path) == before


def test_a_corrupt_store_is_refused_untouched(tmp_path):
    path = tmp_path / "store.sqlite"
    store = Store(f"sqlite:///{path}")
    ws = store.team("Eastside")
    for i in range(200):
        ws.save("reflection", {"module": 1, "member": f"m{i}", "text": "words " * 50})
    store.close()
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xde\xad\xbe\xef" * 2048  # wipe two pages of the tables
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(StoreError, match="damaged") as err:
        Store(f"sqlite:///{path}")
    assert str(path) in str(err.value)
    assert _digest(path) == before


def test_a_store_from_a_newer_version_is_refused_untouched(any_store_url, tmp_path):
    store = Store(any_store_url)
    with store.writing() as conn:
        conn.exec_driver_sql("UPDATE it_meta SET value = '99' WHERE key = 'schema_version'")
    store.close()
    path = Path(any_store_url.removeprefix("sqlite:///"))
    before = _digest(path) if path.exists() else None
    with pytest.raises(StoreError, match="newer version of the course") as err:
        Store(any_store_url)
    assert "99" in str(err.value)
    if before:
        assert str(path) in str(err.value) and _digest(path) == before


def test_snapshot_round_trip_is_lossless(any_store_url, tmp_path):
    store = Store(any_store_url)
    ws = store.team("Équipe “Est” 🌍")
    for i, text in enumerate(AWKWARD):
        ws.save("member", {"name": text[:150], "role": text[:200], "perspective": "leader"})
        ws.save("reflection", {"module": i % 8, "member": "Ana", "text": text})
    ws.save("strategy", {"strategy": 5, "barriers": ["III.J", "II.D"], "reason": AWKWARD[4]},
            by="Ana")
    ws.delete("member", AWKWARD[0][:150], by="Ana")
    path = ws.export_snapshot(tmp_path / "team_workspace.json")
    copy = widgets.import_snapshot(Store(f"sqlite:///{tmp_path / 'copy.sqlite'}"),
                                   widgets.read_snapshot(path))
    again = tmp_path / "again.json"
    copy.export_snapshot(again)
    first, second = widgets.read_snapshot(path), widgets.read_snapshot(again)
    for snap in (first, second):
        snap.pop("exported_at")
    assert not any(h["imported"] for h in first["history"])
    assert all(h["imported"] for h in second["history"]), "who and when: the file's claims"
    for past in second["history"]:
        past["imported"] = False
    assert first == second
    assert copy.deleted("member")[0]["name"] == AWKWARD[0][:150]
    assert [r["text"] for r in widgets.load_snapshot(path).list("reflection")] == [
        r["text"] for r in ws.list("reflection")]


def test_import_into_a_team_with_entries_keeps_what_it_had(store_url, tmp_path):
    store = Store(store_url)
    ws = store.team("Eastside")
    ws.save("member", _member("Ana"))
    path = ws.export_snapshot(tmp_path / "snap.json")
    ws.save("member", _member("Ana", "leader"))
    widgets.import_snapshot(store, widgets.read_snapshot(path))
    assert ws.get("member", "Ana")["perspective"] == "implementer"
    assert [h["action"] for h in ws.history("member", "Ana")] == ["save", "save", "import"]


def test_bad_snapshot_files_get_plain_messages(tmp_path):
    with pytest.raises(StoreError, match="no workspace file"):
        widgets.read_snapshot(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe not json")
    with pytest.raises(StoreError, match="not a readable workspace file"):
        widgets.read_snapshot(bad)
    bad.write_text('{"format": "something else"}')
    with pytest.raises(StoreError, match="not a workspace file from this course"):
        widgets.read_snapshot(bad)


def test_cohort_view_aggregates_and_is_read_only(any_store_url):
    store = Store(any_store_url)
    for name, codes, strategies in [("A", ["III.J", "II.C"], [5]), ("B", ["III.J"], [5, 26]),
                                    ("C", ["I.F"], [])]:
        ws = store.team(name)
        ws.save("member", _member(f"{name}1"))
        ws.save("member", _member(f"{name}2", "lived experience"))
        for code in codes:
            ws.save("context_factor", _factor(f"{name}1", code))
            ws.save("context_factor", _factor(f"{name}2", code))
        for s in strategies:
            ws.save("strategy", {"strategy": s, "barriers": codes, "reason": "r"}, by="x")
        ws.save("progress", {"module": 2, "status": "done"}, by="x")
    ws.save("meeting", {"date": "2027-01-05", "attendees": ["C1"]}, by="C1")
    cohort = CohortView(store)
    teams = {t["team"]: t for t in cohort.teams()}
    assert set(teams) == {"A", "B", "C"}
    assert teams["A"]["members"] == 2 and teams["C"]["meetings"] == 1
    assert teams["B"]["modules_done"] == [2]
    barriers = cohort.recurring_barriers()
    assert barriers[0][:3] == ("III.J", "Available Resources", 2)
    assert [s[:3] for s in cohort.chosen_strategies()] == [
        (5, "Audit and provide feedback", 2), (26, eric_strategy(26).name, 1)]
    latest = datetime.fromisoformat(max(t["last_activity"] for t in cohort.teams()))
    just_after = latest + timedelta(microseconds=1)  # no team has changed anything since
    assert {t["team"] for t in cohort.stalled(since=just_after)} == {"A", "B", "C"}
    assert len(cohort.stalled(since=latest)) == 2, "the last team to change is not stalled"
    assert not any(hasattr(cohort, name) for name in ("save", "delete", "restore", "team"))


def test_every_kind_of_the_course_round_trips(store_url):
    """One valid entry of every kind the data model knows is saved and read back unchanged."""
    snap = full_course("Complete team")
    kinds = {r["kind"] for r in snap["records"]}
    assert kinds == set(KINDS)
    ws = Store(store_url).team("Complete team")
    for rec in snap["records"]:
        ws.save(rec["kind"], rec["data"], by="tester")
    for kind in kinds:
        expected = [validate(kind, r["data"]) for r in snap["records"]
                    if r["kind"] == kind]
        assert ws.list(kind) == expected
    assert ws.get("initiative", "")["name"] == "Peer support"


def test_a_view_that_fails_to_redraw_does_not_undo_a_save(store_url, caplog):
    ws = Store(store_url).team("Eastside")
    seen = []
    ws.on_change(lambda kind: 1 / 0)
    ws.on_change(seen.append)
    ws.save("member", _member("Ana"))
    assert ws.get("member", "Ana") == _member("Ana") and seen == ["member"]
    assert "could not redraw" in caplog.text


def _plant(store: Store, team: str, kind: str, key: str, data: dict, at: str) -> None:
    """An entry as a raw import or an old restore could leave it: unchecked, written straight
    into the tables."""
    from widgets.store import schema

    team_id = store.team(team)._team_id
    with store.writing() as conn:
        conn.execute(schema.records.insert().values(
            team_id=team_id, kind=kind, key=key, data=json.dumps(data), version=1,
            updated_by="import", updated_at=at, deleted=0))
        conn.execute(schema.changes.insert().values(
            team_id=team_id, kind=kind, key=key, version=1, action="import",
            data=json.dumps(data), deleted=0, changed_by="import", changed_at=at))


def test_one_teams_bad_data_never_blanks_the_cohort(any_store_url):
    """A time with no time zone, or a member with no perspective, in one team's data once
    made the whole cohort view fail, for every team."""
    store = Store(any_store_url)
    store.team("Good").save("member", _member("Ana"))
    store.team("Good").save("progress", {"module": 1, "status": "done"}, by="Ana")
    _plant(store, "Odd", "member", "Bo", {"name": "Bo"}, "2026-11-01T09:00:00")
    _plant(store, "Odd", "progress", "2", {"module": "two", "status": "done"},
           "2026-11-02T09:00:00")
    _plant(store, "Odd", "meeting", "x", {"attendees": []}, "2026-11-02T09:00:00")
    cohort = CohortView(store)
    teams = {t["team"]: t for t in cohort.teams()}
    assert teams["Good"]["members"] == 1 and teams["Good"]["modules_done"] == [1]
    assert teams["Odd"]["members"] == 0 and len(teams["Odd"]["problems"]) == 3, teams["Odd"]
    assert "team member that does not pass" in teams["Odd"]["problems"][0]
    assert teams["Good"]["problems"] == []
    assert cohort.stalled(since=utc_now())
    assert "Odd" in cohort.csv_files()["cohort-teams.csv"]


def test_the_banner_says_where_work_is_saved_in_words(any_store_url):
    """A participant reads where their team's entries go in words; the address (a file path or
    a database URL) waits behind "Where exactly?" for whoever helps with a problem."""
    store = Store(any_store_url)
    try:
        banner = store.team("Banner Team")._repr_html_()
    finally:
        store.close()
    words = ("on this computer" if any_store_url.startswith("sqlite")
             else "in the course database")
    shown, _, behind = banner.partition("<details")
    assert f"Entries are saved at once {words}." in shown
    assert "sqlite" not in shown and "postgresql" not in shown
    assert "<summary>Where exactly?</summary>" in behind
    assert any_store_url.split("@")[-1].split("?")[0] in behind.replace("&amp;", "&")
