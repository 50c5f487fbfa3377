"""Between-session meeting log, peer consultation log and module progress."""

from datetime import date

import pytest

from widgets import MeetingLog, ModuleProgress, Store
from widgets.forms import ConsultationLog
from widgets.store import CohortView

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def ws(store_url):
    ws = Store(store_url).team("Eastside")
    for name in ("Ana", "Bo", "Chen"):
        ws.save("member", {"name": name, "role": "", "perspective": "implementer"})
    return ws


def test_logging_a_meeting(ws):
    log = MeetingLog(ws, module=2)
    who = log.fields["attendees"]
    assert [c.description for c in who.ticks] == ["Ana", "Bo", "Chen"]
    log.fields["date"].value = date(2027, 1, 14)
    who.ticks[0].value = who.ticks[2].value = True
    who.others.value = "Dana (front desk), "
    log.fields["notes"].value = "Compared ratings"
    log.fields["decisions"].value = "Bo asks patients <by Friday>"
    log.author.value = "Ana"
    log.save.click()
    assert "Logged the meeting on 2027-01-14 with 3 people" in log.message.value
    saved = ws.get("meeting", "2027-01-14")
    assert saved["attendees"] == ["Ana", "Chen", "Dana (front desk)"]
    assert saved["module"] == 2
    assert "Bo asks patients &lt;by Friday&gt;" in log.meetings.body.value


def test_a_meeting_needs_a_date_and_someone_who_came(ws):
    log = MeetingLog(ws)
    log.author.value = "Ana"
    log.save.click()
    assert "Please fill in “Date”" in log.message.value
    assert "Please fill in “Who came”" in log.message.value
    assert ws.list("meeting") == []


def test_module_progress(ws, store_url):
    progress = ModuleProgress(ws, module=3)
    progress.status.value = "done"
    progress.author.value = "Bo"
    progress.save.click()
    assert "Module 3 is marked “done”" in progress.message.value
    assert ModuleProgress(Store(store_url).team("Eastside"), module=3).status.value == "done"
    assert CohortView(Store(store_url)).teams()[0]["modules_done"] == [3]


@pytest.fixture
def network_ws(any_store_url):
    """A team of a funder's network, on SQLite and on PostgreSQL."""
    ws = Store(any_store_url).team("Eastside")
    for name in ("Ana", "Bo"):
        ws.save("member", {"name": name, "role": "", "perspective": "implementer"})
    return ws


def _fill(log: ConsultationLog, day: date, changes: str) -> None:
    log.fields["date"].value = day
    who = log.fields["attendees"]
    who.ticks[0].value = True
    who.others.value = "Kemi (Northside), Lars (Harbour clinic)"
    log.fields["questions"].value = "Who books the rooms?"
    log.fields["advice"].value = f"Ask the front desk first {HOSTILE}"
    log.fields["changes"].value = changes
    log.author.value = "Ana"


def test_logging_a_peer_consultation(network_ws, any_store_url):
    log = ConsultationLog(network_ws, module=2)
    assert log.fields["module"].value == 2  # the page's module, as the lens
    assert log.fields["presenter"].value == "Eastside"  # most often the team itself
    assert "No peer consultations logged yet" in log.consultations.body.value
    _fill(log, date(2027, 3, 9), "We rate the front desk's view before choosing.")
    log.fields["presenter"].value = f"Eastside {HOSTILE}"
    log.save.click()
    assert "Logged the peer consultation on 2027-03-09 (Module 2)" in log.message.value
    saved = Store(any_store_url).team("Eastside").get("consultation", "2027-03-09|2")
    assert saved["attendees"] == ["Ana", "Kemi (Northside)", "Lars (Harbour clinic)"]
    assert saved["presenter"] == f"Eastside {HOSTILE}"
    assert saved["changes"] == "We rate the front desk's view before choosing."
    assert saved["notes"] == ""
    table = log.consultations.body.value  # redrawn after the save
    assert "We rate the front desk&#x27;s view before choosing." in table
    assert "Kemi (Northside)" in table
    assert HOSTILE not in table and "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "<script" not in log.message.value


def test_a_second_consultation_with_another_lens_is_a_row_of_its_own(network_ws):
    log = ConsultationLog(network_ws, module=2)
    _fill(log, date(2027, 3, 9), "We rate the front desk's view before choosing.")
    log.save.click()
    log.fields["module"].value = 3
    log.fields["changes"].value = "We drop the reminder letters."
    log.save.click()
    assert [(c["date"], c["module"]) for c in network_ws.list("consultation")] == [
        ("2027-03-09", 2), ("2027-03-09", 3)]
    assert "We drop the reminder letters." in log.consultations.body.value


def test_a_consultation_without_what_will_change_is_not_saved(network_ws):
    log = ConsultationLog(network_ws)
    _fill(log, date(2027, 3, 9), "  ")
    log.save.click()
    assert "Please fill in “What the presenter will change”." in log.message.value
    assert "Please fill in “Module whose lens you used”." in log.message.value
    assert network_ws.list("consultation") == []
    assert "No peer consultations logged yet" in log.consultations.body.value
