"""What the hub does in a person's home when their server starts: it must never let a link the
person planted there lead root anywhere. Needs root (it makes a real account), as CI has."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.support import ROOT
from widgets.editions import FACILITATOR_NOTES
from widgets.hub.accounts import (
    COURSE_FOLDER,
    copy_course,
    edition_folder,
    ensure_system_user,
    prepare_editions,
)
from widgets.hub.settings import HubSettings

pytestmark = pytest.mark.slow  # makes an account on this machine: root only, as in CI

NAME = "itt-sym"


@pytest.fixture
def account():
    if os.geteuid() != 0:
        pytest.fail("This test makes an account on this machine: run it as root.")
    subprocess.run(["userdel", "--remove", NAME], capture_output=True)
    yield ensure_system_user(NAME)
    subprocess.run(["pkill", "-KILL", "-u", NAME], capture_output=True)
    subprocess.run(["userdel", "--remove", NAME], capture_output=True)


@pytest.fixture(scope="module")
def settings() -> HubSettings:
    """A hub's settings, its editions of the modules made as ``course hub`` makes them."""
    made = HubSettings(roster="", data="", course=str(ROOT),
                       python=str(Path(sys.executable).parent.parent), proxy="", database="")
    prepare_editions(made)
    return made


def _notes(notebook: Path) -> int:
    return sum(FACILITATOR_NOTES in c.metadata.get("tags", [])
               for c in nbformat.read(notebook, as_version=4).cells)


def test_participants_get_no_facilitator_notes_facilitators_do(account, settings) -> None:
    assert _notes(ROOT / "modules" / "02_context.ipynb") > 0
    folder = copy_course(settings, account, "participant")
    assert _notes(folder / "modules" / "02_context.ipynb") == 0
    subprocess.run(["rm", "-rf", str(folder)], check=True)
    folder = copy_course(settings, account, "facilitator")
    assert _notes(folder / "modules" / "02_context.ipynb") > 0


def test_the_course_is_copied_as_the_person_into_a_home_only_they_can_enter(
        account, settings) -> None:
    folder = copy_course(settings, account, "participant")
    assert (folder / "modules" / "02_context.ipynb").is_file()
    assert (folder / "apps" / "workspace.ipynb").is_file()
    for path in (Path(account.pw_dir), folder, folder / "modules" / "02_context.ipynb"):
        assert path.stat().st_uid == account.pw_uid, path
    assert Path(account.pw_dir).stat().st_mode & 0o077 == 0, "a home others cannot enter"
    mine = folder / "modules" / "02_context.ipynb"
    mine.write_text("my team's own work", "utf-8")
    copy_course(settings, account, "participant")
    assert mine.read_text("utf-8") == "my team's own work", "never overwritten"


def test_links_a_person_plants_in_their_home_lead_root_nowhere(
        account, settings, tmp_path: Path) -> None:
    """Before: root changed the owner of whatever a link in ~/course pointed at, so a
    participant could take /etc/shadow."""
    target = tmp_path / "roots-own"
    target.write_text("root only", "utf-8")
    target.chmod(0o600)
    folder = Path(account.pw_dir) / COURSE_FOLDER
    copy_course(settings, account, "participant")
    os.symlink(target, folder / "modules" / "x.ipynb")
    os.lchown(folder / "modules" / "x.ipynb", account.pw_uid, account.pw_gid)
    copy_course(settings, account, "participant")
    assert target.stat().st_uid == 0 and target.stat().st_mode & 0o777 == 0o600
    # The whole course folder a link to a folder of root's: nothing is written there.
    elsewhere = tmp_path / "roots-folder"
    elsewhere.mkdir(mode=0o755)
    subprocess.run(["rm", "-rf", str(folder)], check=True)
    os.symlink(elsewhere, folder)
    os.lchown(folder, account.pw_uid, account.pw_gid)
    with pytest.raises(subprocess.CalledProcessError):
        copy_course(settings, account, "participant")
    assert list(elsewhere.iterdir()) == [] and elsewhere.stat().st_uid == 0
    assert pwd.getpwnam(NAME).pw_uid == account.pw_uid


def test_no_one_can_change_the_edition_everyone_copies(account, settings) -> None:
    """A participant's code runs as their account: it tries to plant a notebook, change one
    and remove the folder that the next people's copies are made from."""
    folder = edition_folder(settings, "participant")
    notebook = folder / "02_context.ipynb"
    before = notebook.read_bytes()
    for attack in (f'echo planted > "{folder}/99_extra.ipynb"',
                   f'echo changed > "{notebook}"', f'rm -rf "{folder}"',
                   f'mv "{folder}" "{folder}.gone"'):
        tried = subprocess.run(["/bin/sh", "-c", attack], user=account.pw_uid,
                               group=account.pw_gid, extra_groups=[], capture_output=True,
                               cwd=account.pw_dir)
        assert tried.returncode != 0, attack
    assert notebook.read_bytes() == before and not (folder / "99_extra.ipynb").exists()
