"""The course's two editions of the module notebooks, and the JupyterLab each opens in.

The notebooks in ``modules/`` are the course's own and stay as they are in git. A team works
through a copy of them, made once and never overwritten (its work in it is its own):

- the **participant** edition leaves out the facilitator notes (cells tagged
  ``facilitator-notes``) and opens in a JupyterLab without nbgrader's instructor tools;
- the **facilitator** edition keeps the notes and the tools.

Each copy carries the metadata the kernel that runs it reports (its name and language), so
JupyterLab finds nothing to change when it opens a notebook and leaves it unmodified until
the participant saves.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import nbformat

__all__ = ["EDITIONS", "EDITION_ENV", "FACILITATOR_NOTES", "SITE", "Edition", "cite_in_words",
           "edition", "kernel_metadata", "make_edition", "on_site", "references"]

FACILITATOR_NOTES = "facilitator-notes"  # the tag of a cell only facilitators see
# Set to SITE while the static site's build runs the notebooks: forms there save nothing.
EDITION_ENV = "COURSE_EDITION"
SITE = "site"
REFERENCES_BIB = Path("book") / "references.bib"
REFERENCES_LINK = "../book/references.md"  # from a copy beside modules/


def on_site() -> bool:
    """Whether this kernel is running a notebook for the static site."""
    return os.environ.get(EDITION_ENV) == SITE


class Edition:
    """One edition: where its copy goes in the course folder, and its Jupyter settings."""

    def __init__(self, name: str, folder: str, notes: bool) -> None:
        self.name = name
        self.folder = folder  # beside modules/, so the notebooks' links to ../book/ still work
        self.notes = notes

    def config_dir(self, root: Path) -> Path:
        """Its Jupyter settings (``jupyter-config/<name>``), put first on JUPYTER_CONFIG_PATH:
        which JupyterLab extensions and server extensions it turns off."""
        return root / "jupyter-config" / self.name


EDITIONS = {
    "participant": Edition("participant", "my-course", notes=False),
    "facilitator": Edition("facilitator", "facilitator-edition", notes=True),
}

_LANGUAGE_INFO = ("import json, ipykernel.ipkernel as k; "
                  "print(json.dumps(k.IPythonKernel.language_info))")


def kernel_metadata(python: str = sys.executable) -> dict[str, Any]:
    """What JupyterLab writes into a notebook's metadata once the kernel run by ``python``
    starts: the kernel's name as JupyterLab lists it and the language it reports."""
    out = subprocess.run([python, "-c", _LANGUAGE_INFO], capture_output=True, text=True,
                         check=True).stdout
    return {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": json.loads(out),
    }


def references(bib: Path) -> dict[str, str]:
    """Each reference's key in the course's ``references.bib``, and how a reader cites it:
    "Powell et al., 2015", "Proctor and Powell, 2013", "Damschroder, 2009"."""
    from pybtex.database import parse_file

    cited = {}
    for key, entry in parse_file(str(bib)).entries.items():
        names = [" ".join(p.last_names).replace("{", "").replace("}", "")
                 for p in entry.persons.get("author", [])]
        who = (names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2
               else f"{names[0]} et al." if names else key)
        cited[key] = f"{who}, {entry.fields.get('year', 'n.d.')}"
    return cited


_CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")


def cite_in_words(text: str, cited: dict[str, str], link: str) -> str:
    """MyST citations (``{cite}`Powell2015,Waltz2015```) as words a reader of the notebook
    understands, linked to the course's list of references (``link``, if any): JupyterLab has
    no bibliography to draw them from and shows the bare keys."""
    def words(match: re.Match[str]) -> str:
        said = "; ".join(cited.get(k.strip(), k.strip()) for k in match.group(1).split(","))
        return f"([{said}]({link}))" if link else f"({said})"

    return _CITE.sub(words, text)


def edition(nb: nbformat.NotebookNode, notes: bool, metadata: dict[str, Any],
            cited: dict[str, str] | None = None,
            link: str = REFERENCES_LINK) -> nbformat.NotebookNode:
    """A copy of one module notebook: facilitator notes kept or left out, citations in words
    (when ``cited`` is given), and the kernel's metadata in place of the course's generic
    one."""
    import nbformat

    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    if not notes:
        copy.cells = [c for c in copy.cells
                      if FACILITATOR_NOTES not in c.get("metadata", {}).get("tags", [])]
    if cited is not None:
        for cell in copy.cells:
            if cell.cell_type == "markdown":
                cell.source = cite_in_words(cell.source, cited, link)
    copy.metadata.update(json.loads(json.dumps(metadata)))
    return copy


def make_edition(root: Path, name: str, python: str = sys.executable,
                 folder: Path | None = None) -> Path:
    """The folder of edition ``name`` (by default in the course folder ``root``), with a copy
    of each module notebook it does not hold yet; notebooks already there are the team's and
    are kept as they are. ``python`` is the Python the notebooks' kernel will run."""
    import nbformat  # here, not above: every form (and so every app kernel) imports on_site

    ed = EDITIONS[name]
    folder = folder or root / ed.folder
    folder.mkdir(parents=True, exist_ok=True)
    missing = [p for p in sorted((root / "modules").glob("*.ipynb"))
               if not (folder / p.name).exists()]
    if missing:
        metadata = kernel_metadata(python)
        cited = references(root / REFERENCES_BIB)
        # The course's own copy sits beside modules/; the hub's is copied into a home beside
        # nothing, so its notebooks name the references page without a link.
        link = REFERENCES_LINK if folder.parent == root else ""
        for path in missing:
            nb = edition(nbformat.read(path, as_version=4), ed.notes, metadata, cited, link)
            nbformat.write(nb, folder / path.name)
    return folder
