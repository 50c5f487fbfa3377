"""The editions of the module notebooks a team works in (``widgets.editions``)."""

from __future__ import annotations

import re

import nbformat

from tests.support import ROOT
from widgets.editions import (
    FACILITATOR_NOTES,
    REFERENCES_BIB,
    REFERENCES_LINK,
    cite_in_words,
    edition,
    references,
)

CITED = references(ROOT / REFERENCES_BIB)


def test_every_citation_in_the_modules_reads_as_authors_and_year() -> None:
    """JupyterLab showed "Research Damschroder2022." where the site shows a citation."""
    for path in sorted((ROOT / "modules").glob("*.ipynb")):
        nb = edition(nbformat.read(path, as_version=4), notes=True, metadata={}, cited=CITED)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "{cite" not in text, path.name
        for said in re.findall(r"\(\[([^\]]+)\]\(\.\./book/references\.md\)\)", text):
            for one in said.split("; "):
                assert re.fullmatch(r"[^\W\d][\w\s.\-]* ?(et al\.)?, \d{4}", one), one


def test_citations_name_one_two_or_many_authors() -> None:
    cited = {"A": "Damschroder, 2009", "B": "Powell et al., 2015"}
    assert cite_in_words("see {cite}`A, B`.", cited, REFERENCES_LINK) == (
        "see ([Damschroder, 2009; Powell et al., 2015](../book/references.md)).")
    assert cite_in_words("{cite:p}`B` and {cite}`Unknown`", cited, "") == (
        "(Powell et al., 2015) and (Unknown)")
    assert CITED["Powell2015"] == "Powell et al., 2015"


def test_the_participants_edition_leaves_out_the_facilitator_notes_only() -> None:
    course = nbformat.read(ROOT / "modules" / "02_context.ipynb", as_version=4)
    notes = [c for c in course.cells if FACILITATOR_NOTES in c.metadata.get("tags", [])]
    assert notes
    participant = edition(course, notes=False, metadata={"x": 1})
    facilitator = edition(course, notes=True, metadata={"x": 1})
    assert len(participant.cells) == len(course.cells) - len(notes)
    assert len(facilitator.cells) == len(course.cells)
    assert participant.metadata["x"] == 1 and "x" not in course.metadata  # a copy, changed


def test_the_forms_ask_where_they_run_without_loading_nbformat() -> None:
    """Every form asks ``on_site()``; in an app's kernel nbformat cost 2.2 s of CPU and 21 MB
    for nothing (helper measurement with ``benchmarks.voila_tti``)."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, widgets.forms; print('nbformat' in sys.modules)"],
        capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()
    assert loaded == "False"
