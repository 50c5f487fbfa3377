"""The no-code context-factor app, served by a real Voila server and used in a real browser.

What a participant does: open the page, pick their team with the keyboard, fill in the form
(with HTML and non-English text in the note), save. What must hold: the confirmation shows,
the store holds exactly what was typed, nothing ran as script, and the page asked nothing
of any server but the local Voila.
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import widgets
from widgets.cli_apps import voila_command, voila_env
from widgets.context import _construct_options

ROOT = Path(__file__).resolve().parent.parent
APP = "context_factors"
TEAM = "Riverbend Clinic — Équipe 1"
LATE_TEAM = "Harbourside Team"  # started after Voila preheated the kernel
MEMBER = "Zoë Ångström-Nguyễn"
CONSTRUCT = "III.E"  # Inner Setting: Tension for Change
NOTE = ('Nurses said <script>alert(1)</script> & "not now" — 日本語のメモ, café, 🙂\n'
        "Second line <b>not bold</b>")
SERVER_START_TIMEOUT = 60
TIMEOUT_MS = 30_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_log(proc: subprocess.Popen, log: Path, pattern: str, timeout: float) -> str:
    """Wait until the server's log matches ``pattern``; return the match."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", errors="replace")
        if found := re.search(pattern, text):
            return found.group(0)
        if proc.poll() is not None:
            pytest.fail(f"Voila stopped (exit code {proc.returncode}):\n{text[-3000:]}")
        time.sleep(0.1)
    pytest.fail(f"Voila log never showed {pattern!r} within {timeout} s:\n{text[-3000:]}")


@pytest.fixture
def voila_app(tmp_path: Path, store_url: str) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    """A Voila server for the app on a free port, with one team already in the store."""
    store = widgets.Store(store_url)
    store.team(TEAM)
    store.close()
    env = voila_env(ROOT)
    env["COURSE_STORE_URL"] = store_url
    log = tmp_path / "voila.log"
    # --debug makes Voila log each cell as the preheated kernel starts it (waited for below).
    cmd = [*voila_command(ROOT, APP, _free_port()), "--debug"]
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT / "apps", env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        url = _wait_for_log(proc, log, r"http://127\.0\.0\.1:\d+/", SERVER_START_TIMEOUT)
        yield url, proc, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname in LOCAL_HOSTS


def test_participant_saves_a_context_factor(voila_app, browser, store_url: str) -> None:
    from playwright.sync_api import expect

    url, proc, log = voila_app
    assert unicodedata.is_normalized("NFC", NOTE + MEMBER + TEAM)  # typed == stored

    # The preheated kernel has run the notebook up to the app cell and waits for a visitor.
    # A team started now must still be in the list: the app reads it when someone arrives.
    _wait_for_log(proc, log, r"Executing cell:\s*widgets\.apps\.context_factor_app\(\)",
                  SERVER_START_TIMEOUT)
    time.sleep(1.5)  # long enough for an app that reads the store too early to do so
    late = widgets.Store(store_url)
    late.team(LATE_TEAM)
    late.close()

    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    requests: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("websocket", lambda ws: requests.append(ws.url))
    page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))

    started = time.monotonic()
    page.goto(url)
    assert "Context factors" in page.title()
    team = page.get_by_label("Your team")
    expect(team).to_be_visible()
    ready = time.monotonic() - started
    assert team.locator("option").evaluate_all("os => os.map(o => o.value)") == [
        "Choose your team", LATE_TEAM, TEAM]

    # Keyboard only: choose the team in the list, Tab to the button, press Enter.
    team.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(team).to_have_value(TEAM)
    # Each key press is a round trip to the kernel, which echoes the value back; a person is
    # slower than two scripted key presses, so let the echoes settle before moving on.
    page.wait_for_timeout(500)
    expect(team).to_have_value(TEAM)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Open this team")).to_be_focused()
    page.keyboard.press("Enter")

    member = page.get_by_label("Your name")
    expect(member).to_be_visible()
    expect(member).to_be_focused()  # the app moves the keyboard on to the form
    expect(page.get_by_role("status")).to_have_text(f"Opened: “{TEAM}”.")
    member.fill(MEMBER)
    label = dict((code, text) for text, code in _construct_options())[CONSTRUCT]
    page.get_by_label("Context factor").select_option(value=label)
    page.get_by_role("radio", name="Barrier: makes it harder").check()
    page.get_by_role("radio", name="3: a lot").check()
    note = page.get_by_label("Note or evidence")
    note.fill(NOTE)
    note.press("Tab")  # from the note, Tab reaches Save; Enter presses it
    expect(page.get_by_role("button", name=re.compile(r"^\W*Save$"))).to_be_focused()
    page.keyboard.press("Enter")

    name = widgets.cfir_construct(CONSTRUCT).name
    expect(page.get_by_role("status").filter(has_text="Saved:")).to_have_text(
        f"Saved: {MEMBER} rated “{name}” as a barrier (strength 3).")
    # The team's map shows the note as text: no script or bold element made from it.
    cell = page.locator("table.it-table td", has_text="<script>alert(1)</script>")
    expect(cell).to_have_count(1)
    assert page.locator("table.it-table script, table.it-table b").count() == 0
    page.wait_for_timeout(300)  # time for a dialog to fire, if anything were run as script
    print(f"\nVoila app: page interactive {ready:.1f} s after opening it")

    store = widgets.Store(store_url)
    try:
        assert store.team(TEAM).context_factors() == [{
            "member": MEMBER, "construct": CONSTRUCT, "effect": "barrier", "strength": 3,
            "note": NOTE,
        }]
        assert store.team(LATE_TEAM).context_factors() == []
        assert store.team_names() == [LATE_TEAM, TEAM]
    finally:
        store.close()

    assert requests, "the browser made no requests at all?"
    outside = sorted({u for u in requests if not _is_local(u)})
    assert outside == [], f"the page asked servers other than the local Voila: {outside}"
    assert dialogs == []
    assert errors == [], "errors in the page or its console"


def test_team_chooser_without_a_browser(store_url: str) -> None:
    """The chooser's choices, in plain Python: the same code the app runs."""
    from widgets.apps import ContextFactorApp

    store = widgets.Store(store_url)
    try:
        app = ContextFactorApp(store)
        chooser = app.chooser
        assert chooser.team.options == (("No teams yet: start one below", ""),)
        assert chooser.open_chosen() is None and "choose your team" in chooser.message.value
        assert chooser.open_new() is None and "type the new team" in chooser.message.value

        chooser.new_name.value = "  Riverbend  "
        ws = chooser.open_new()
        assert ws is not None and ws.name == "Riverbend" and app.ws is ws
        assert "Started the new team" in chooser.message.value
        assert chooser.team.value == "Riverbend" and chooser.new_name.value == ""
        assert app.form is not None and app.form.ws is ws

        chooser.new_name.value = "riverbend"  # same team, other capitals: never a second team
        assert chooser.open_new().name == "Riverbend"
        assert "already exists" in chooser.message.value
        assert store.team_names() == ["Riverbend"]

        store.team("Another <b>team</b>")  # started elsewhere: listed on the next refresh
        assert chooser.refresh() == ["Another <b>team</b>", "Riverbend"]
        chooser.team.value = "Another <b>team</b>"
        assert chooser.open_chosen().name == "Another <b>team</b>"
        assert "<b>" not in chooser.message.value  # team names are shown as text
    finally:
        store.close()
