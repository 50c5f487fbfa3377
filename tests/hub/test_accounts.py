"""What the hub does in a person's home when their server starts: it must never let a link the
person planted there lead root anywhere. Needs root (it makes a real account), as CI has."""

from __future__ import annotations

import os
import pwd
import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT
from widgets.hub.accounts import COURSE_FOLDER, copy_course, ensure_system_user
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


def _settings() -> HubSettings:
    return HubSettings(roster="", data="", course=str(ROOT), python="", proxy="", database="")


def test_the_course_is_copied_as_the_person_into_a_home_only_they_can_enter(account) -> None:
    folder = copy_course(_settings(), account)
    assert (folder / "modules" / "02_context.ipynb").is_file()
    assert (folder / "apps" / "workspace.ipynb").is_file()
    for path in (Path(account.pw_dir), folder, folder / "modules" / "02_context.ipynb"):
        assert path.stat().st_uid == account.pw_uid, path
    assert Path(account.pw_dir).stat().st_mode & 0o077 == 0, "a home others cannot enter"
    mine = folder / "modules" / "02_context.ipynb"
    mine.write_text("my team's own work", "utf-8")
    copy_course(_settings(), account)
    assert mine.read_text("utf-8") == "my team's own work", "never overwritten"


def test_links_a_person_plants_in_their_home_lead_root_nowhere(account, tmp_path: Path) -> None:
    """Before: root changed the owner of whatever a link in ~/course pointed at, so a
    participant could take /etc/shadow."""
    target = tmp_path / "roots-own"
    target.write_text("root only", "utf-8")
    target.chmod(0o600)
    folder = Path(account.pw_dir) / COURSE_FOLDER
    copy_course(_settings(), account)
    os.symlink(target, folder / "modules" / "x.ipynb")
    os.lchown(folder / "modules" / "x.ipynb", account.pw_uid, account.pw_gid)
    copy_course(_settings(), account)
    assert target.stat().st_uid == 0 and target.stat().st_mode & 0o777 == 0o600
    # The whole course folder a link to a folder of root's: nothing is written there.
    elsewhere = tmp_path / "roots-folder"
    elsewhere.mkdir(mode=0o755)
    subprocess.run(["rm", "-rf", str(folder)], check=True)
    os.symlink(elsewhere, folder)
    os.lchown(folder, account.pw_uid, account.pw_gid)
    with pytest.raises(subprocess.CalledProcessError):
        copy_course(_settings(), account)
    assert list(elsewhere.iterdir()) == [] and elsewhere.stat().st_uid == 0
    assert pwd.getpwnam(NAME).pw_uid == account.pw_uid
