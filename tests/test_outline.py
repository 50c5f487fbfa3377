"""The course outline (widgets/outline.py) is the one place the course's shape is written:
everything else that names the modules agrees with it."""

from __future__ import annotations

import importlib
import inspect
import json

import pytest
import yaml

from scripts.exercise_content import EXERCISES
from tests.support import ROOT
from widgets.apps.workspace import PAGES
from widgets.forms import RecordForm
from widgets.grading.checks import MODULE_CHECKS
from widgets.outline import EVERY_MODULE, MODULES, NUMBERS, WITH_THE_COHORT, module
from widgets.store import KINDS, CohortView, ValidationError, validate

SLUGS = [m.slug for m in MODULES]


def _first_heading(notebook) -> str:
    cell = json.loads(notebook.read_text("utf-8"))["cells"][0]
    return "".join(cell["source"]).splitlines()[0]


def test_modules_are_numbered_in_order_and_found_by_any_name() -> None:
    assert NUMBERS == tuple(range(len(MODULES)))
    for m in MODULES:
        assert module(m.number) is module(m.word) is module(m.slug) is m
    with pytest.raises(KeyError):
        module(len(MODULES))


def test_every_module_notebook_is_in_the_outline_with_its_title() -> None:
    notebooks = sorted((ROOT / "modules").glob("*.ipynb"))
    assert [p.stem for p in notebooks] == SLUGS
    for m in MODULES:
        heading = _first_heading(ROOT / "modules" / f"{m.slug}.ipynb")
        assert heading == f"# Module {m.number}: {m.title}", heading


def test_every_graded_exercise_is_in_the_outline_with_its_title() -> None:
    source = ROOT / "exercises" / "source"
    assert sorted(p.name for p in source.iterdir() if p.is_dir()) == SLUGS
    assert sorted(EXERCISES) == SLUGS
    for m in MODULES:
        heading = _first_heading(source / m.slug / f"{m.slug}.ipynb")
        assert heading == f"# Module {m.number} exercise: {m.title}", heading


def test_the_site_lists_the_modules_in_the_outlines_order() -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text("utf-8"))
    part = next(p for p in toc["parts"] if p["caption"] == "Modules")
    assert [c["file"] for c in part["chapters"]] == [f"modules/{s}" for s in SLUGS]


def test_every_kind_of_entry_belongs_to_one_module() -> None:
    owned = [k for m in MODULES for k in m.kinds] + list(EVERY_MODULE) + list(WITH_THE_COHORT)
    assert sorted(owned) == sorted(KINDS), "a kind in no module, or in two"


@pytest.mark.parametrize("m", MODULES, ids=lambda m: m.slug)
def test_each_modules_forms_save_only_that_modules_kinds(m) -> None:
    forms = importlib.import_module(f"widgets.forms.{m.word}")
    saved = {cls.kind for _, cls in inspect.getmembers(forms, inspect.isclass)
             if issubclass(cls, RecordForm) and cls.__module__ == forms.__name__}
    assert saved, f"widgets/forms/{m.word}.py has no form"
    assert saved <= set(m.kinds) | set(m.updates), sorted(saved - set(m.kinds))
    earlier = {k for before in MODULES[:m.number] for k in before.kinds}
    assert set(m.updates) <= earlier, "a module updates only what an earlier one made"
    importlib.import_module(f"widgets.analysis.{m.word}")  # what its entries mean


@pytest.mark.parametrize("m", MODULES, ids=lambda m: m.slug)
def test_each_modules_checks_are_its_own_and_read_what_came_before(m) -> None:
    checks = importlib.import_module(f"widgets.grading.checks.{m.word}").CHECKS
    assert MODULE_CHECKS[m.number] == checks
    so_far = {k for earlier in MODULES[:m.number + 1] for k in earlier.kinds} | set(EVERY_MODULE)
    for check in checks:
        assert check.module == m.number, check.name
        assert set(check.reads) <= so_far, (check.name, sorted(set(check.reads) - so_far))


def test_the_app_has_a_page_for_every_module_in_order() -> None:
    assert [p.module for p in PAGES] == list(MODULES)


def test_the_store_and_the_cohort_view_count_the_outlines_modules() -> None:
    last = NUMBERS[-1]
    assert validate("progress", {"module": last, "status": "done"})["module"] == last
    with pytest.raises(ValidationError, match=f"between 0 and {last}"):
        validate("progress", {"module": last + 1, "status": "done"})
    headers = [h for h in CohortView.TEAM_HEADERS if h.startswith("Module ")]
    assert headers == [f"Module {n}" for n in NUMBERS]
