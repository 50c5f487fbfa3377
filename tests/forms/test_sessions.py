"""Between-session meeting log and module progress."""

from datetime import date

import pytest

from widgets import MeetingLog, ModuleProgress, Store
from widgets.store import CohortView


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
