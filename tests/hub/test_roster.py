"""A cohort's roster: read as a facilitator writes it, refused with a plain message naming the
line when something is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.hub.roster import Person, RosterError, read_roster

HEADER = "Team,Username,Display name,Perspective,No code,Role\n"


def _read(tmp_path: Path, rows: str, header: str = HEADER):
    path = tmp_path / "roster.csv"
    path.write_text(header + rows, "utf-8")
    return read_roster(path)


def test_a_roster_gathers_each_persons_rows(tmp_path: Path) -> None:
    roster = _read(tmp_path, (
        "Eastside Team,maria-lopez,María López,community partner,yes,participant\n"
        "Westside Team,maria-lopez,María López,community partner,yes,participant\n"
        "Eastside Team,sam,Sam Lee,researcher,,team facilitator\n"
        ",grace,Grace Okafor,,no,cohort facilitator\n"
        "\n"
        ",fund_er,Funder One,other,No,FUNDER\n"))
    assert roster.people["maria-lopez"] == Person(
        "maria-lopez", "María López", "participant", "community partner", True,
        ("Eastside Team", "Westside Team"))
    assert roster.people["sam"].teams == ("Eastside Team",)
    assert roster.people["grace"].teams == () and roster.people["fund_er"].role == "funder"
    assert roster.teams == ["Eastside Team", "Westside Team"]
    assert [p.username for p in roster.members("Eastside Team")] == ["maria-lopez"]


def test_team_and_display_names_are_kept_as_the_store_keeps_names(tmp_path: Path) -> None:
    roster = _read(tmp_path, "  Cafe\u0301\u200b  Team ,ana,  Ana   Lu\u0301cia ,leader,no,"
                             "participant\n")
    assert roster.teams == ["Café Team"] and roster.people["ana"].display_name == "Ana Lúcia"


@pytest.mark.parametrize(("rows", "message"), [
    ("Team A,Maria Lopez,Maria,implementer,no,participant\n", "line 2: “Maria Lopez” cannot"),
    ("Team A,root; rm,x,implementer,no,participant\n", "cannot be a username"),
    ("Team A,ana,Ana,implementer,no,boss\n", "the role “boss” is not one of"),
    (",ana,Ana,implementer,no,participant\n", "a participant needs a team"),
    ("Team A,ana,Ana,chef,no,participant\n", "the perspective “chef”"),
    ("Team A,ana,Ana,implementer,maybe,participant\n", "write yes or no"),
    ("Team A,ana,Ana,implementer,no,participant\nTeam B,ana,Anna,implementer,no,participant\n",
     "line 3: ana is on an earlier line with another display name"),
    ("", "names no one"),
    ("Team A,ana,Ana\x1b[2J,implementer,no,participant\n", "line 2: “display name” contains an "
     "invisible control character"),
    (f"{'T' * 300},ana,Ana,implementer,no,participant\n", "line 2: “team” is 300 characters"),
])
def test_a_roster_with_a_mistake_is_refused_saying_where(tmp_path: Path, rows: str,
                                                        message: str) -> None:
    with pytest.raises(RosterError, match=message):
        _read(tmp_path, rows)


def test_a_roster_without_the_columns_says_which(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="no column no code, role"):
        _read(tmp_path, "Team A,ana,Ana,implementer\n", "team,username,display name,perspective\n")
    with pytest.raises(RosterError, match="cannot be read"):
        read_roster(tmp_path / "missing.csv")


def test_course_hub_names_the_problem_in_a_roster_and_starts_nothing(tmp_path: Path,
                                                                      capsys) -> None:
    from widgets.cli import main

    path = tmp_path / "roster.csv"
    path.write_text(HEADER + "Team A,Maria Lopez,Maria,implementer,no,participant\n", "utf-8")
    assert main(["hub", str(path), "--data", str(tmp_path / "data")]) == 1
    assert "roster.csv, line 2: “Maria Lopez” cannot be a username" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
