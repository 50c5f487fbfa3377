"""Each person's account on the hub's machine, and their own copy of the course in it.

Their server runs as their account, so no one else's processes or files are theirs to read.
What root does here never follows a path the person controls.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

from ..editions import EDITIONS, make_edition
from .roster import RosterError
from .settings import HUB_TOOLS, HubSettings

__all__ = ["COURSE_FOLDER", "copy_course", "edition_folder", "ensure_system_user",
           "prepare_editions"]

COURSE_FOLDER = "course"  # in each person's home: their copy of the modules and the apps


def ensure_system_user(username: str) -> pwd.struct_passwd:
    """The person's account on this machine, made the first time: their server runs as it,
    so no one else's processes or files are theirs to read. Refuses a name that belongs to a
    system account (one the course did not make)."""
    try:
        account = pwd.getpwnam(username)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/usr/sbin/nologin",
                        "--comment", "Implementing Together participant", username],
                       check=True, capture_output=True)
        account = pwd.getpwnam(username)
    if account.pw_uid < 1000:
        raise RosterError(f"“{username}” is an account of this machine's own (user id "
                          f"{account.pw_uid}); give this person another username.")
    os.chmod(account.pw_dir, 0o700)  # a home others cannot look into
    return account


def edition_folder(settings: HubSettings, edition: str) -> Path:
    """Where ``course hub`` keeps an edition's module notebooks for people to copy: beside
    the participants' Python in the checkout, where every account may read."""
    return Path(settings.course) / HUB_TOOLS / "editions" / edition / "modules"


def prepare_editions(settings: HubSettings) -> None:
    """Each edition of the modules, made afresh from the course at every hub start (for
    people whose copy is made from now on), readable by every account."""
    for name in EDITIONS:
        folder = edition_folder(settings, name)
        shutil.rmtree(folder.parent, ignore_errors=True)
        make_edition(Path(settings.course), name, str(Path(settings.python) / "bin" / "python"),
                     folder=folder)
        for path in (folder.parent.parent, folder.parent, folder, *folder.iterdir()):
            path.chmod(0o755 if path.is_dir() else 0o644)


def copy_course(settings: HubSettings, account: pwd.struct_passwd, edition: str) -> Path:
    """The person's copy of their edition of the module notebooks and of the apps, made once:
    their own work in it is never overwritten. The copy is made *as the person*: their home
    is theirs to change (a link planted in it must never lead root anywhere), so root does
    nothing in it."""
    folder = Path(account.pw_dir) / COURSE_FOLDER
    for source in (edition_folder(settings, edition), Path(settings.course) / "apps"):
        subprocess.run(
            ["/bin/sh", "-c", 'mkdir -p -m 700 "$1" && cp -R -n -P "$2" "$1/"', "copy",
             str(folder), str(source)],
            user=account.pw_uid, group=account.pw_gid, extra_groups=[], umask=0o077,
            cwd=account.pw_dir, check=True, capture_output=True)
    return folder
