"""Following the store live (widgets/store/live.py), driven from Python: a view in one process
redraws by itself when another saves, on SQLite and PostgreSQL, and who is here comes and goes.

A workspace follows the store only inside a running event loop (a kernel's); each test runs
its views in one, as a notebook's kernel does, and another Store plays the teammate's kernel.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import pytest

from widgets.forms import AgreedFactorForm, AgreedMap, WhoIsHere
from widgets.store import HERE, Store, example_workspace


async def _until(condition: Callable[[], bool], timeout: float = 30, what: object = "") -> None:
    """Let the loop run (the follower hands it what it hears) until ``condition`` holds;
    ``what`` is said if it never does."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, f"it never happened {what}"
        await asyncio.sleep(0.02)  # the loop's turn: this is where the view is told


def _opened(url: str) -> Iterator[tuple[Store, Store]]:
    """Two stores on one database: this kernel's, and a teammate's kernel's."""
    mine, theirs = Store(url), Store(url)
    yield mine, theirs
    mine.close()
    theirs.close()


@pytest.fixture
def kernels(any_store_url: str) -> Iterator[tuple[Store, Store]]:
    yield from _opened(any_store_url)


@pytest.fixture
def kernels_sqlite(store_url: str) -> Iterator[tuple[Store, Store]]:
    yield from _opened(store_url)


def _factor(note: str) -> dict:
    return {"construct": "III.J", "effect": "barrier", "strength": 2, "note": note}


@pytest.mark.slow  # waits on the store's live thread: make test, not make check
def test_a_view_shows_a_teammates_save_by_itself(kernels: tuple[Store, Store]) -> None:
    mine, theirs = kernels

    async def meeting() -> None:
        # A map already drawn, as in a meeting (the first chart of a kernel loads matplotlib)
        theirs.team("Eastside").save("agreed_factor", {**_factor("Staff turnover"),
                                                       "construct": "III.A"}, by="Grace")
        view = AgreedMap(mine.team("Eastside"))
        assert "Staff turnover" in view.body.value
        assert "Needs a budget line" not in view.body.value
        for n in range(3):  # how fast is for benchmarks/live.py: here, that it happens
            theirs.team("Eastside").save("agreed_factor", _factor(f"Needs a budget line {n}"),
                                         by="Grace")
            await _until(lambda n=n: f"Needs a budget line {n}" in view.body.value)

    asyncio.run(meeting())


@pytest.mark.slow  # waits on the store's live thread: make test, not make check
def test_a_form_being_typed_in_is_not_touched_by_a_teammates_save(
        kernels_sqlite: tuple[Store, Store]) -> None:
    mine, theirs = kernels_sqlite

    async def typing() -> None:
        ws = mine.team("Eastside")
        view, form = AgreedMap(ws), AgreedFactorForm(ws)
        form.fields["note"].value = "Half a sentence I am still wri"
        before = {name: w.value for name, w in form.fields.items()}
        theirs.team("Eastside").save("agreed_factor", _factor("Grace's note"), by="Grace")
        await _until(lambda: "Grace&#x27;s note" in view.body.value
                     or "Grace's note" in view.body.value)
        assert {name: w.value for name, w in form.fields.items()} == before

    asyncio.run(typing())


@pytest.mark.slow  # waits on the store's live thread: make test, not make check
def test_a_team_hears_only_its_own_saves(kernels_sqlite: tuple[Store, Store]) -> None:
    mine, theirs = kernels_sqlite
    heard: list[str] = []

    async def listen() -> None:
        east, west = mine.team("Eastside"), mine.team("Westside")
        east.on_change(lambda kind: heard.append(f"east {kind}"), teammates=True)
        west.on_change(lambda kind: heard.append(f"west {kind}"), teammates=True)
        east.follow()
        west.follow()
        theirs.team("Westside").save("agreed_factor", _factor("West only"), by="Grace")
        await _until(lambda: "west agreed_factor" in heard)
        theirs.team("Eastside").save("member", {"name": "Grace", "perspective": "leader"})
        await _until(lambda: "east member" in heard)

    asyncio.run(listen())
    assert "east agreed_factor" not in heard and "west member" not in heard


@pytest.mark.slow  # waits on the store's live thread: make test, not make check
def test_a_page_of_several_views_hears_each_save_once(kernels_sqlite: tuple[Store, Store]) -> None:
    """Each view follows the store; the workspace is told of a change once, not once per view
    (each telling redraws every view: a Module 2 page would draw each save five times)."""
    mine, theirs = kernels_sqlite
    heard: list[str] = []

    async def page() -> None:
        ws = mine.team("Eastside")
        views = [AgreedMap(ws) for _ in range(3)]
        ws.on_change(heard.append, teammates=True)
        await _until(lambda: "here" in heard)  # listening: what was saved before is told
        theirs.team("Eastside").save("agreed_factor", _factor("Once"), by="Grace")
        await _until(lambda: "agreed_factor" in heard)
        theirs.team("Eastside").save("member", {"name": "Grace", "perspective": "leader"})
        await _until(lambda: "member" in heard)  # told after any second telling of the first
        assert all("Once" in v.body.value for v in views)

    asyncio.run(page())
    assert heard.count("agreed_factor") == 1 and heard.count("member") == 1, heard


@pytest.mark.slow  # waits on the store's live thread: make test, not make check
def test_a_save_made_here_is_not_heard_again(kernels: tuple[Store, Store]) -> None:
    """The views of the process that saved are told at once; hearing the same save from the
    store would draw them all a second time, for nothing."""
    mine, theirs = kernels
    heard: list[str] = []

    async def page() -> None:
        ws = mine.team("Eastside")
        view = AgreedMap(ws)
        ws.on_change(heard.append, teammates=True)
        await _until(lambda: "here" in heard)  # listening
        ws.save("agreed_factor", _factor("Mine"), by="Luis")
        theirs.team("Eastside").save("member", {"name": "Grace", "perspective": "leader"})
        await _until(lambda: "member" in heard)  # heard after any hearing of the first
        assert "Mine" in view.body.value

    asyncio.run(page())
    assert heard.count("agreed_factor") == 1, heard


@pytest.mark.slow  # waits on the store's live thread: make test, not make check
def test_who_is_here_comes_and_goes(kernels: tuple[Store, Store]) -> None:
    mine, theirs = kernels

    async def arrive_and_leave() -> None:
        ws = mine.team("Eastside")
        ws.viewer = "Luis"
        line = WhoIsHere(ws, module=2)
        assert "No teammate" in line.line.value
        grace, module_3 = theirs.team("Eastside"), theirs.team("Eastside")
        grace.here(2, "Grace")
        module_3.here(3, "Tom")  # another module: not here
        await _until(lambda: "<b>Grace</b> is here" in line.line.value)
        grace.here(2, "Amal")
        await _until(lambda: "<b>Amal</b> and <b>Grace</b> are here" in line.line.value)
        assert "Tom" not in line.line.value and "Luis" not in line.line.value
        grace.left(2, "Grace")
        await _until(lambda: "Grace" not in line.line.value)

    asyncio.run(arrive_and_leave())
    assert mine.team("Eastside").present(2) == ["Amal", "Luis"]


def test_someone_whose_page_stopped_answering_is_gone(store_url: str, monkeypatch) -> None:
    """Presence older than GONE_AFTER is not presence: a page closed without a word."""
    store = Store(store_url)
    ws = store.team("Eastside")
    ws.here(2, "Grace")
    assert ws.present(2) == ["Grace"]
    monkeypatch.setattr(time, "time", lambda real=time.time: real() + 60)
    assert ws.present(2) == []


def test_the_worked_example_is_never_followed_nor_anyone_here() -> None:
    async def practice() -> None:
        ws = example_workspace()
        ws.viewer = "Luis"
        line = WhoIsHere(ws, module=2)
        ws.here(2, "Luis")
        assert line.line.value == "" and ws.present(2) == []
        assert not ws._store.__dict__.get("_follower")

    asyncio.run(practice())


def test_names_are_escaped_in_the_line(store_url: str) -> None:
    store = Store(store_url)

    async def mischief() -> None:
        ws = store.team("Eastside")
        ws.viewer = "Luis"
        line = WhoIsHere(ws, module=2)
        store.team("Eastside").here(2, "<img src=x onerror=alert(1)>")
        line._heard(HERE)
        assert "&lt;img" in line.line.value and "<img" not in line.line.value

    asyncio.run(mischief())
