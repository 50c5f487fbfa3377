"""The package's shape: a small, cheap public API; layers that import only downwards; and no
module reaching into another module's private names."""

from __future__ import annotations

import ast
import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import widgets
from tests.support import ROOT

PACKAGE = ROOT / "widgets"
# What a grading kernel must never load: the forms (ipywidgets), the charts, the apps.
HEAVY = ("ipywidgets", "matplotlib", "voila", "widgets.forms", "widgets.apps")


def _loaded_after(code: str) -> list[str]:
    """The heavy modules in ``sys.modules`` after running ``code`` in a fresh Python."""
    probe = (f"import json, sys\n{code}\n"
             f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
             f"{[h.split('.')[0] for h in HEAVY]!r} and any(m == h or m.startswith(h + '.') "
             f"for h in {list(HEAVY)!r}))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    return json.loads(out.splitlines()[-1])


def test_import_widgets_loads_no_forms_charts_or_apps() -> None:
    assert _loaded_after("import widgets") == []


def test_a_grading_kernel_checks_a_hand_in_without_forms_or_charts(tmp_path: Path) -> None:
    handed_in = tmp_path / "team_workspace.json"
    code = f"""
from widgets.store import Store, example_workspace, import_snapshot
ws = import_snapshot(Store("sqlite://"), example_workspace().snapshot(), "Graded Team")
ws.export_snapshot({str(handed_in)!r})
from widgets.grading import checks, submit_snapshot
team = checks.open_submission({str(handed_in)!r})
results = {{c.name: c(team) for cs in checks.MODULE_CHECKS.values() for c in cs}}
assert results and any(results.values()) and not all(results.values())
"""
    assert _loaded_after(code) == []


def test_the_course_command_works_without_the_hubs_packages() -> None:
    """``make start`` installs the course without JupyterHub (an extra for a cohort's hub)."""
    code = ("import sys; sys.modules['jupyterhub'] = None; sys.argv = ['course', '--help']\n"
            "from widgets.cli import main\nmain()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "hub" in result.stdout, result.stdout


def test_the_check_can_see_a_heavy_import() -> None:
    assert "ipywidgets" in _loaded_after("import widgets; widgets.RosterForm")


def test_every_public_name_resolves_to_its_subpackage() -> None:
    for name in widgets.__all__:
        value = getattr(widgets, name)
        home = getattr(value, "__module__", None)
        assert home is None or home.startswith("widgets."), (name, home)
    with pytest.raises(AttributeError):
        widgets.no_such_name  # noqa: B018


def test_every_module_says_what_it_offers_and_offers_it() -> None:
    """Each module of the package lists its public names in ``__all__``, and each exists."""
    missing = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if path.name in ("__main__.py", "jupyterhub_config.py") or "migrations" in parts:
            continue  # programs and configuration, and Alembic's own files
        name = ".".join(parts[:-1] if path.name == "__init__.py" else parts)
        module = importlib.import_module(name)
        if path.name == "__init__.py" and not hasattr(module, "__all__"):
            continue  # a package that only describes itself
        listed = getattr(module, "__all__", None)
        if listed is None or [n for n in listed if not hasattr(module, n)]:
            missing[name] = listed
    assert not missing, missing


# -- private names ---------------------------------------------------------------------

def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined_here(tree: ast.Module) -> set[str]:
    """Private names a module defines: its functions, classes, methods, attributes and
    module-level variables."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if _is_private(n)}


def _reaches_in(path: Path) -> list[str]:
    """Where a module uses a private name it does not define itself."""
    tree = ast.parse(path.read_text("utf-8"))
    own = _defined_here(tree)
    package = path.parent
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"line {node.lineno}: imports {alias.name}")
            parts = (node.module or "").split(".")
            private = [p for p in parts if _is_private(p)]
            # A package's private modules (forms/_base.py) serve that package only.
            if private and (node.level != 1 or not (package / f"{private[0]}.py").exists()):
                found.append(f"line {node.lineno}: imports from {node.module}")
        elif (isinstance(node, ast.Attribute) and _is_private(node.attr)
              and node.attr not in own):
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def test_no_module_reaches_into_another_modules_private_names() -> None:
    found = {str(p.relative_to(ROOT)): lines for p in sorted(PACKAGE.rglob("*.py"))
             if (lines := _reaches_in(p))}
    assert not found, json.dumps(found, indent=1)


def test_the_private_name_rule_can_fail(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from widgets.store.workspace import _RETRIES\n"
                     "def f(ws):\n    return ws._team_id\n")
    assert _reaches_in(probe) == ["line 1: imports _RETRIES", "line 3: ._team_id"]


def _own_imports_in_functions(path: Path) -> list[str]:
    """Imports of the package's own modules made inside a function: the way to hide a cycle.
    (Third-party modules may load late, where they are slow to import and rarely needed.)"""
    found = []
    for func in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(func):
                if (isinstance(node, ast.ImportFrom)
                        and (node.level or (node.module or "").split(".")[0] == "widgets")) \
                        or (isinstance(node, ast.Import)
                            and any(a.name.split(".")[0] == "widgets" for a in node.names)):
                    found.append(f"line {node.lineno} in {func.name}()")
    return found


def test_no_module_imports_its_own_package_inside_a_function(tmp_path: Path) -> None:
    found = {str(p.relative_to(ROOT)): lines for p in sorted(PACKAGE.rglob("*.py"))
             if (lines := _own_imports_in_functions(p))}
    assert not found, json.dumps(found, indent=1)
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from .cohort import CohortView\n    import json\n")
    assert _own_imports_in_functions(probe) == ["line 2 in f()"]


# -- layers ----------------------------------------------------------------------------

def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
                          cwd=root, env=env, capture_output=True, text=True)


def test_the_layers_contract_breaks_on_an_upward_import(tmp_path: Path) -> None:
    """The contracts in pyproject.toml (kept: ``make lint``) catch a store that imports the
    forms, and forms of one module importing another's."""
    copy = tmp_path / "checkout"
    shutil.copytree(PACKAGE, copy / "widgets", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    assert _lint_imports(copy).returncode == 0
    cohort = copy / "widgets" / "store" / "cohort.py"
    cohort.write_text(cohort.read_text("utf-8") + "\nfrom ..forms import RosterForm  # noqa\n")
    roles = copy / "widgets" / "forms" / "roles.py"
    roles.write_text(roles.read_text("utf-8") + "\nfrom .team import TeamView  # noqa\n")
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "widgets.store.cohort -> widgets.forms" in result.stdout, result.stdout
    assert "widgets.forms.roles -> widgets.forms.team" in result.stdout, result.stdout
