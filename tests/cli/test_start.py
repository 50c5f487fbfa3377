"""``course start`` in a real JupyterLab, as a participant and a facilitator meet it: the
course's own notebooks are never touched, a module reads as it does on the site (MyST
rendered, answers folded), the participant sees no facilitator notes and no instructor tools,
nothing asks to reach the internet, and every widget renders after Run All.

Each test starts the real command in a committed copy of the checkout, so ``git status`` there
says whether anything the course ships was changed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from tests.support import ROOT
from tests.support.voila import free_port
from widgets.editions import EDITIONS, FACILITATOR_NOTES
from widgets.store import (
    STORE_URL_ENV,
    TEAM_ENV,
    Store,
    example_snapshot,
    import_snapshot,
)

pytestmark = pytest.mark.slow

MODULE = "02_context"
# Module 4 too: its forms have the longest labels ("What is being put in place").
RUN = ["02_context", "04_action"]
TOKEN = "course-test"
READY_TIMEOUT = 120  # seconds: JupyterLab's first start builds nothing, but 2 cores are slow
GIT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@t"}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout as it is now (its tracked files and new ones not ignored), committed."""
    dest = tmp_path_factory.mktemp("checkout")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file() and not src.is_symlink():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    env = {**os.environ, **GIT}
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "the course"]):
        subprocess.run(["git", *cmd], cwd=dest, env=env, check=True)
    return dest


def _git_status(course: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                          cwd=course, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def lab(course: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """``course start --no-browser`` (with ``--facilitator`` when the test is parametrised
    so), until JupyterLab answers; yields its address."""
    port = free_port()
    args = ["--facilitator"] if getattr(request, "param", "") == "facilitator" else []
    # Every cell drawn, not only those in view, so the checks below see the whole notebook.
    settings = tmp_path / "lab-settings"
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    # A team with the example team's entries: long names and texts fill the forms.
    store_url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = Store(store_url)
    team = import_snapshot(store, example_snapshot(), team="Start Team").name
    store.close()
    env = {**os.environ, "JUPYTER_TOKEN": TOKEN, TEAM_ENV: team, STORE_URL_ENV: store_url,
           "JUPYTERLAB_SETTINGS_DIR": str(settings),
           # A workspace of its own: no tab restored from another test's JupyterLab.
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "lab-workspaces")}
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "widgets.cli", "start", "--no-browser",
                             f"--port={port}", *args], cwd=course, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("JupyterLab did not start:\n"
                            + (tmp_path / "lab.log").read_text()[-3000:])
            time.sleep(0.2)  # polling a server that is starting: nothing to wait on
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    # course start stopped: JupyterLab, its child, stopped with it (it once ran on, orphaned).
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5)
        except OSError:
            break
        time.sleep(0.2)  # polling a server that is stopping: nothing to wait on
    else:
        pytest.fail("JupyterLab still answers after course start was stopped")


def _open(browser, url: str, path: str):
    """A page with the notebook at ``path`` open, its kernel started and idle."""
    from playwright.sync_api import expect

    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/lab/tree/{path}?token={TOKEN}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=READY_TIMEOUT * 1000)
    deadline = time.monotonic() + READY_TIMEOUT
    while not any(s["path"] == path and s["kernel"]["execution_state"] == "idle"
                  and s["kernel"]["connections"] for s in _api(url, "sessions")):
        assert time.monotonic() < deadline, "the notebook's kernel did not start"
        page.wait_for_timeout(200)  # the server's view of the kernel, asked again
    expect(page.locator(".jp-Notebook-ExecutionIndicator").first).to_have_attribute(
        "data-status", "idle", timeout=READY_TIMEOUT * 1000)
    return page


def _api(url: str, what: str) -> list[dict]:
    with urllib.request.urlopen(f"{url}/api/{what}?token={TOKEN}", timeout=10) as response:
        return json.load(response)


def _cells(course: Path, folder: str, module: str = MODULE) -> list[nbformat.NotebookNode]:
    return nbformat.read(course / folder / f"{module}.ipynb", as_version=4).cells


def _notes(course: Path, module: str = MODULE) -> list[str]:
    """The first line of each facilitator note in the course's module."""
    return [c.source.splitlines()[0] for c in _cells(course, "modules", module)
            if FACILITATOR_NOTES in c.metadata.get("tags", [])]


@pytest.mark.parametrize("module", RUN)
def test_a_participant_opens_runs_and_closes_a_module_and_the_course_stays_clean(
        course: Path, lab: str, browser, module: str) -> None:
    from playwright.sync_api import expect

    folder = EDITIONS["participant"].folder
    copy = course / folder / f"{module}.ipynb"
    opened_bytes = copy.read_bytes()
    page = _open(browser, lab, f"{folder}/{module}.ipynb")
    tab = page.locator(f".lm-TabBar-tab[title*='Path: {folder}/{module}.ipynb']")

    # Opening it changed nothing: no unsaved-changes dot, nothing written.
    expect(tab).not_to_have_class(re.compile(r"jp-mod-dirty"))
    assert copy.read_bytes() == opened_bytes

    # No instructor tools, nothing asking to reach the internet.
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert "File" in menus and "Nbgrader" not in menus
    assert page.get_by_text("Create Assignment").count() == 0
    config = json.loads(page.locator("#jupyter-config-data").inner_text())
    assert "@jupyterlab/apputils-extension:announcements" in config["disabledExtensions"]

    # MyST as on the site: no raw directives or roles, the answers folded until opened.
    text = page.locator(".jp-Notebook").inner_text()
    for raw in ("{admonition}", ":class: dropdown", "{cite}"):
        assert raw not in text
    citation = page.locator(".jp-Notebook a[href*='references']").first
    expect(citation).to_have_text(re.compile(r"^[^\W\d][\w .-]*, \d{4}(; .+)?$"))
    answers = page.locator(".jp-Notebook details", has_text="Answers")
    expect(answers).to_have_count(1)
    assert not answers.evaluate("d => d.open")
    inside = answers.locator(":scope > :not(summary)").first
    expect(inside).to_be_hidden()
    answers.locator("summary").click()
    expect(inside).to_be_visible()

    # No facilitator notes, in the page or the copy.
    notes = _notes(course, module)
    assert notes, "the course's module has facilitator notes to leave out"
    for first_line in notes:
        assert first_line not in copy.read_text()
        expect(page.get_by_text(first_line.strip("*"))).to_have_count(0)

    # Run All: every code cell runs, nothing fails, every widget renders.
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    code_cells = sum(c.cell_type == "code" for c in _cells(course, folder, module))
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt")
    expect(prompts).to_have_count(code_cells)
    # Every cell has run, or one failed (Run All stops there): the checks below say which.
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                 .every(p => /\\[\\d+\\]/.test(p.textContent))
                 || document.querySelector('.jp-OutputArea-output[data-mime-type='
                                           + '"application/vnd.jupyter.stderr"]')""",
        timeout=READY_TIMEOUT * 1000)
    expect(page.locator(".jp-OutputArea-output[data-mime-type="
                        "'application/vnd.jupyter.stderr']")).to_have_count(0)
    expect(page.locator(".jp-Notebook").get_by_text("Traceback")).to_have_count(0)
    widget_views = page.locator(".jp-OutputArea-output .jupyter-widgets.widget-container")
    expect(widget_views.first).to_be_visible()
    assert page.get_by_text(re.compile(r"Error displaying widget|Loading widget")).count() == 0
    assert page.get_by_text(re.compile(r"^(VBox|HBox|Tab)\(children=")).count() == 0

    # Plain words and room to read.
    banner = page.locator(".it-banner").first
    expect(banner).to_contain_text("saved at once on this computer")
    assert "sqlite" not in banner.inner_text()
    cut = page.evaluate("""() => {
        const out = [];
        const ctx = document.createElement('canvas').getContext('2d');
        for (const el of document.querySelectorAll('.jp-Notebook .widget-label')) {
            if (el.offsetParent && el.scrollWidth > el.clientWidth + 1) out.push(el.textContent);
        }
        for (const el of document.querySelectorAll(
                '.jp-Notebook .jupyter-widgets input[type=text]')) {
            if (!el.offsetParent) continue;
            const s = getComputedStyle(el);
            ctx.font = `${s.fontSize} ${s.fontFamily}`;
            const words = el.value || el.placeholder;
            const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
            if (ctx.measureText(words).width > room + 1) out.push(words);
        }
        return out;
    }""")
    assert cut == [], f"cut off: {cut}"
    fonts = page.evaluate("""() => [...new Set([...document.querySelectorAll(
        '.jp-Notebook .jupyter-widgets textarea, .jp-Notebook .jupyter-widgets input[type=text]'
        )].map(e => getComputedStyle(e).fontFamily))]""")
    assert len(fonts) == 1, f"text boxes use several fonts: {fonts}"

    # Close it, saving what the participant did: their copy changes, the course does not.
    page.locator(".jp-Notebook").first.click()
    page.keyboard.press("Control+s")
    expect(tab).not_to_have_class(re.compile(r"jp-mod-dirty"))
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    expect(tab).to_have_count(0)
    assert copy.read_bytes() != opened_bytes  # the team's own copy holds its run
    assert _git_status(course) == ""


@pytest.mark.parametrize("lab", ["facilitator"], indirect=True)
def test_the_facilitators_edition_has_the_notes_and_the_instructor_tools(
        course: Path, lab: str, browser) -> None:
    from playwright.sync_api import expect

    folder = EDITIONS["facilitator"].folder
    page = _open(browser, lab, f"{folder}/{MODULE}.ipynb")
    expect(page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader")).to_have_count(1)
    for first_line in _notes(course):
        expect(page.get_by_text(first_line.strip("*")).first).to_be_attached()
    tab = page.locator(f".lm-TabBar-tab[title*='Path: {folder}/{MODULE}.ipynb']")
    expect(tab).not_to_have_class(re.compile(r"jp-mod-dirty"))
    assert _git_status(course) == ""
