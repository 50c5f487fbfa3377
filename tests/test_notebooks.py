"""Notebooks are committed without outputs, so diffs stay readable and nothing stale ships."""

import subprocess

import nbformat
import pytest

from tests.support import ROOT


def _tracked_notebooks() -> list[str]:
    out = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    return out or [str(p.relative_to(ROOT)) for p in ROOT.glob("[!.]*/**/*.ipynb")]


@pytest.mark.parametrize("path", _tracked_notebooks())
def test_committed_without_outputs(path):
    nb = nbformat.read(ROOT / path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path}: a code cell has outputs; clear them"
            assert cell.execution_count is None, f"{path}: clear execution counts"
    assert "widgets" not in nb.metadata, f"{path}: saved widget state must not be committed"


def test_modules_exist():
    assert list((ROOT / "modules").glob("*.ipynb")), "no module notebooks found"
