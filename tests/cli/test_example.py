"""``course example TEAM --as LABEL`` as a facilitator runs it, on a real SQLite store: it
refuses a team without consent, one that withdrew it, and one that has not finished; a team
that agreed becomes a file, names removed, that the course shows through COURSE_EXAMPLE."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.store.test_examples import NAMED, TEAM, finished_team
from widgets.cli import main
from widgets.store import EXAMPLE_ENV, STORE_URL_ENV, Store, example_workspace

LABEL = "A clinic's plan, 2027"


@pytest.fixture
def store(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv(STORE_URL_ENV, store_url)
    return Store(store_url)


def _refused(capsys, *argv: str) -> str:
    assert main(["example", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_a_team_that_agreed_becomes_the_next_cohorts_example(store, tmp_path: Path, capsys,
                                                              monkeypatch) -> None:
    finished_team(store)
    out = tmp_path / "clinic.json"
    assert main(["example", TEAM, "--as", LABEL, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Wrote the plan of {TEAM} as the worked example “{LABEL}” to {out}" in printed
    assert f"export {EXAMPLE_ENV}=" in printed and "Read it before anyone else does" in printed
    assert not NAMED.search(out.read_text("utf-8"))
    monkeypatch.setenv(EXAMPLE_ENV, str(out))
    assert example_workspace().name == LABEL
    err = _refused(capsys, TEAM, "--as", LABEL, "--out", str(out))
    assert f"{out} already exists" in err


def test_by_default_it_goes_to_the_course_folders_examples(store, tmp_path: Path,
                                                           monkeypatch) -> None:
    finished_team(store)
    (tmp_path / "_toc.yml").write_text("format: jb-book\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["example", TEAM, "--as", LABEL]) == 0
    written = tmp_path / "examples" / "a-clinic-s-plan-2027.json"
    assert json.loads(written.read_text("utf-8"))["team"] == LABEL


@pytest.mark.parametrize(("consent", "finished", "why"), [
    (None, True, "has not agreed to its plan becoming a worked example"),
    ("withdrawn", True, "withdrew its consent"),
    ("given", False, "has not finished the course: Module 7 is not marked done"),
])
def test_no_copy_without_consent_or_before_the_end(store, tmp_path: Path, capsys, consent,
                                                   finished, why) -> None:
    ws = finished_team(store, consent=consent)
    if not finished:
        ws.save("progress", {"module": 7, "status": "in progress"}, by="Bo Okafor")
    err = _refused(capsys, TEAM, "--as", LABEL, "--out", str(tmp_path / "x.json"))
    assert why in err and "Nothing was written." in err
    assert not (tmp_path / "x.json").exists()


def test_an_unknown_team_or_an_empty_label_is_a_plain_message(store, tmp_path: Path,
                                                               capsys) -> None:
    finished_team(store)
    assert "There is no team called “Westside”" in _refused(capsys, "Westside", "--as", LABEL)
    assert store.team_names() == [TEAM], "asking made no team"
    err = _refused(capsys, TEAM, "--as", " ", "--out", str(tmp_path / "x.json"))
    assert "Label for the example" in err
