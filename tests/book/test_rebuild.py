"""Rebuilding the course site re-executes only what changed.

A copy of the site's sources (config, book pages, module notebooks) is built three times with
the strict command that ``course book`` runs, into one output folder:

1. cold: every notebook is executed;
2. nothing changed: no notebook is executed, every page comes from the cache;
3. one module's code changed, and another module's facilitator notes: only the first module
   is executed again; the changed notes reach the facilitator guide and stay off the module;
4. the ``widgets`` package changed (the notebooks import it, and the notebook cache cannot see
   it): every notebook is executed again.

The builds import a copy of the ``widgets`` package (PYTHONPATH), so that build 4 can change
it, and so that edits to the working tree during the run do not disturb the builds.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.support import ROOT
from widgets.cli.book import book_command, copy_book_sources

pytestmark = pytest.mark.slow  # builds the site four times

BUILD_TIMEOUT = 600
CODE_CHANGED = "03_strategies"
NOTES_CHANGED = "05_roles"
NEW_NOTE = "Check that the incremental rebuild carried this sentence into the guide"
EXECUTED = re.compile(r"modules/(\w+)\.ipynb: Executed notebook")
CACHED = re.compile(r"modules/(\w+)\.ipynb: Using cached notebook")
PACKAGE_CHANGED = "the widgets package changed: emptied the notebook cache"


def load_extension():
    spec = importlib.util.spec_from_file_location(
        "course_site", ROOT / "book" / "_ext" / "course_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(src: Path, out: Path) -> dict[str, list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "COURSE_TEAM"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    proc = subprocess.run(book_command(src, out), cwd=src, env=env, capture_output=True,
                          text=True, timeout=BUILD_TIMEOUT)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "build succeeded." in log, log[-6000:]
    return {"executed": sorted(EXECUTED.findall(log)), "cached": sorted(CACHED.findall(log)),
            "cache emptied": PACKAGE_CHANGED in log}


def edit_notebook(path: Path, change) -> None:
    nb = json.loads(path.read_text("utf-8"))
    change(nb["cells"])
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", "utf-8")


def change_code(cells: list[dict]) -> None:
    cell = next(c for c in cells if c["cell_type"] == "code")
    cell["source"] = "".join(cell["source"]) + "  # changed by the rebuild test"


def change_notes(cells: list[dict]) -> None:
    cell = next(c for c in cells if "facilitator-notes" in c["metadata"].get("tags", []))
    cell["source"] = "".join(cell["source"]) + f"\n\n{NEW_NOTE}.\n"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, _isolated_home: None) -> dict:
    if not (ROOT / "book" / "_widgets_js" / "html-manager" / "embed.js").exists():
        pytest.fail("book/_widgets_js is missing. Run `make site-assets`.")
    src = copy_book_sources(ROOT, tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("out")
    runs = {"cold": build(src, out), "unchanged": build(src, out)}
    edit_notebook(src / "modules" / f"{CODE_CHANGED}.ipynb", change_code)
    edit_notebook(src / "modules" / f"{NOTES_CHANGED}.ipynb", change_notes)
    runs["one module"] = build(src, out)
    report = src / "widgets" / "report" / "plan.py"
    report.write_text(report.read_text("utf-8") + "\n# changed by the rebuild test\n", "utf-8")
    runs["package"] = build(src, out)
    runs["site"] = out / "_build" / "html"
    runs["modules"] = sorted(p.stem for p in (src / "modules").glob("*.ipynb"))
    return runs


def test_cold_build_executes_every_module(builds: dict) -> None:
    assert builds["cold"]["executed"] == builds["modules"]
    assert builds["cold"]["cached"] == []


def test_rebuild_with_no_change_executes_nothing(builds: dict) -> None:
    assert builds["unchanged"]["executed"] == []
    assert builds["unchanged"]["cached"] == builds["modules"]


def test_rebuild_after_one_module_changed_executes_only_that_module(builds: dict) -> None:
    run = builds["one module"]
    assert run["executed"] == [CODE_CHANGED]
    assert run["cached"] == [m for m in builds["modules"] if m != CODE_CHANGED]
    page = (builds["site"] / "modules" / f"{CODE_CHANGED}.html").read_text("utf-8")
    assert "changed by the rebuild test" in page
    assert "application/vnd.jupyter.widget-state+json" in page  # widgets from fresh outputs


def test_rebuild_after_the_widgets_package_changed_executes_everything(builds: dict) -> None:
    run = builds["package"]
    assert run["cache emptied"]
    assert run["executed"] == builds["modules"]
    assert run["cached"] == []
    assert not any(builds[b]["cache emptied"] for b in ("cold", "unchanged", "one module"))


def test_changed_notes_reach_the_guide_and_not_the_module(builds: dict) -> None:
    guide = (builds["site"] / "book" / "facilitator-guide.html").read_text("utf-8")
    module = (builds["site"] / "modules" / f"{NOTES_CHANGED}.html").read_text("utf-8")
    assert NEW_NOTE in guide
    assert NEW_NOTE not in module


def test_package_hash_follows_code_data_and_nothing_else(tmp_path: Path) -> None:
    ext = load_extension()
    package = shutil.copytree(ext.package_dir(), tmp_path / "widgets",
                              ignore=shutil.ignore_patterns("__pycache__"))
    first = ext.package_hash(package)
    assert ext.package_hash(package) == first
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    assert ext.package_hash(package) == first, "compiled files must not count"
    data = package / "reference" / "data" / "example_team.json"
    data.write_text(data.read_text("utf-8") + " ", "utf-8")
    second = ext.package_hash(package)
    assert second != first, "a change to the example team's data must count"
    code = package / "report" / "plan.py"
    code.write_text(code.read_text("utf-8") + "\n# changed\n", "utf-8")
    assert ext.package_hash(package) not in (first, second), "a code change must count"


def _fake_app(tmp_path: Path, mode: str = "cache") -> SimpleNamespace:
    config = SimpleNamespace(execution_mode=mode, execution_cache_path="")
    return SimpleNamespace(env=SimpleNamespace(mystnb_config=config),
                           outdir=str(tmp_path / "_build" / "html"))


def test_notebook_cache_is_emptied_when_the_package_changes(tmp_path: Path,
                                                            monkeypatch) -> None:
    ext = load_extension()
    app = _fake_app(tmp_path)
    cache = tmp_path / "_build" / ".jupyter_cache"
    digest = {"value": "first"}
    monkeypatch.setattr(ext, "package_hash", lambda folder=None: digest["value"])

    cache.mkdir(parents=True)
    (cache / "global.db").write_text("cached outputs")
    ext._check_notebook_cache(app)  # first build with this extension: the stamp is written
    assert app.env.course_package_changed is False
    assert not cache.exists(), "outputs of unknown origin are not trusted"

    cache.mkdir()
    (cache / "global.db").write_text("cached outputs")
    ext._check_notebook_cache(app)  # same package: the cache stays
    assert (cache / "global.db").exists()
    assert app.env.course_package_changed is False

    digest["value"] = "second"
    ext._check_notebook_cache(app)  # the package changed: the cache goes
    assert not cache.exists()
    assert app.env.course_package_changed is True
    env = SimpleNamespace(course_package_changed=True, found_docs={"modules/a", "book/b"},
                          doc2path=lambda d: f"/src/{d}.ipynb" if d.startswith("modules")
                          else f"/src/{d}.md")
    assert ext._outdated_notebooks(app, env, set(), set(), set()) == ["modules/a"]


def test_no_cache_check_when_notebooks_always_run(tmp_path: Path, monkeypatch) -> None:
    ext = load_extension()
    app = _fake_app(tmp_path, mode="force")
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    monkeypatch.setattr(ext, "package_hash", lambda folder=None: pytest.fail("not needed"))
    ext._check_notebook_cache(app)
    assert cache.exists()


def test_site_never_shows_a_real_team(monkeypatch) -> None:
    ext = load_extension()
    monkeypatch.setenv("COURSE_TEAM", "A real team")
    ext._forget_team(SimpleNamespace())
    assert "COURSE_TEAM" not in os.environ


def test_site_build_tells_the_kernels_they_run_for_the_site(monkeypatch) -> None:
    from widgets.editions import EDITION_ENV, SITE

    ext = load_extension()
    assert (ext.EDITION_ENV, ext.SITE_EDITION) == (EDITION_ENV, SITE), "names drifted apart"
    monkeypatch.setenv(EDITION_ENV, "participant")
    ext._set_site_edition(SimpleNamespace())
    assert os.environ[EDITION_ENV] == SITE  # myst-nb's kernels inherit it


def test_notebook_cache_is_emptied_when_the_edition_changes(tmp_path: Path,
                                                            monkeypatch) -> None:
    """Outputs cached before the kernels were told they run for the site show forms that
    would save: they must not be reused."""
    ext = load_extension()
    package = tmp_path / "widgets"
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.delenv("COURSE_EDITION", raising=False)
    before = ext.package_hash(package)
    monkeypatch.setenv("COURSE_EDITION", "site")
    assert ext.package_hash(package) != before


def test_course_book_builds_the_site_edition(tmp_path: Path, monkeypatch) -> None:
    from widgets.cli import book

    seen = {}
    monkeypatch.setattr(book.subprocess, "call",
                        lambda cmd, cwd, env: seen.update(env) or 0)
    monkeypatch.setenv("COURSE_TEAM", "A real team")
    monkeypatch.setenv("COURSE_EDITION", "participant")
    assert book.build(tmp_path) == 0
    assert seen["COURSE_EDITION"] == "site"
    assert "COURSE_TEAM" not in seen
