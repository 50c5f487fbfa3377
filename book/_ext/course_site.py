"""Sphinx extension for the course site (loaded by _config.yml; Jupyter Book 1.x).

What it does, in build order:

* The site always shows the fictional example team: ``COURSE_TEAM`` is removed from the
  environment before any notebook runs, so a build can never publish a real team's entries.
* The notebooks know they run for the site: ``COURSE_EDITION=site`` is set for the kernels
  that execute them, so the forms say that nothing is saved on the site and offer no button
  that would do nothing there.
* Notebook outputs are cached (``execute_notebooks: cache``), so a rebuild re-executes only
  the notebooks whose code changed. The cache cannot see the ``widgets`` package that the
  notebooks import, so this extension keeps a hash of that package (its code and data, and
  the versions of Python, ipywidgets and matplotlib, and ``COURSE_EDITION``). When the hash
  changes, it empties the notebook cache and marks every notebook out of date: every page is
  rebuilt from fresh outputs.
* Markdown cells tagged ``facilitator-notes`` are left out of the module pages. The
  ``facilitator-notes`` directive gathers them into the facilitator guide instead.
* The ``reference-data-summary`` directive writes a table of the reference data shipped with
  the course, counted from the data files at build time: rows, and rows per verification
  status.
* The example team's plan files (the web page, the Word document and the leader briefing)
  are written into the site at ``example-plan/``, made by the course's own plan code.
* Citations keep an ARIA list structure that screen readers and WCAG checkers accept.
* Search lists each page once (``course-search.js``, on the search page only).
* The theme's template files, which Sphinx copies into ``_static/`` with the theme's assets,
  are not published; every page, the example plan's files too, names the course's icon.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import sys
from collections import Counter
from html import escape as html_escape
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

HIDDEN_TAG = "facilitator-notes"
REMOVE_TAG = "remove-cell"  # myst-nb leaves cells with this tag out of the page
NOTES_LABEL = "**Facilitator notes**"
PLAN_FOLDER = "example-plan"
HASH_SUFFIX = ".course-package.sha256"
TEAM_ENV = "COURSE_TEAM"
EXAMPLE_ENV = "COURSE_EXAMPLE"  # a past team's plan, for its organisation's next cohorts
# The names widgets/editions.py reads (this extension hashes the package's files and imports
# it only to write the plan): on the site the forms save nothing and say so.
EDITION_ENV = "COURSE_EDITION"
SITE_EDITION = "site"
SEARCH_JS = "course-search.js"  # in book/_assets
PACKAGE = "widgets"
VERSIONED = ("ipywidgets", "matplotlib", "ipykernel")

# The reference data checks the site counts: (file, column holding the status, what it is).
# The words are the course's; the counts come from the files at build time.
DATA_CHECKS = (
    ("cfir2_constructs.csv", "verified", "CFIR 2.0 constructs and subconstructs"),
    ("eric_strategies.csv", "name_verified", "ERIC strategies: the name"),
    ("eric_strategies.csv", "cluster_verified", "ERIC strategies: the cluster"),
    ("eric_clusters.csv", "name_verified", "ERIC clusters: the name"),
    ("eric_clusters.csv", "n_verified", "ERIC clusters: how many strategies"),
    ("cfir_eric_table1.csv", "verified", "The published example: expert choices for one barrier"),
    ("frameworks_small.csv", "verified", None),  # one line per framework
)
STATUS_ORDER = ("yes", "secondary", "partial", "crosscheck-only", "no")


# -- the widgets package: where it is, and a hash of everything the notebooks get from it --

def package_dir() -> Path:
    """The folder of the ``widgets`` package the notebooks import (found without importing)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The {PACKAGE!r} package is not installed in this environment.")
    return Path(next(iter(spec.submodule_search_locations)))


def package_hash(folder: Path | None = None) -> str:
    """A hash of the package's code and data files, and of the versions that shape outputs."""
    folder = folder or package_dir()
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    for name in VERSIONED:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=missing".encode())
    # What the notebooks' kernels are told about where they run changes what the forms show.
    digest.update(f"{EDITION_ENV}={os.environ.get(EDITION_ENV, '')}".encode())
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def _cache_path(app: Sphinx) -> Path:
    # myst-nb's own rule (sphinx_ext.load_config): the configured path, else beside the output.
    configured = app.env.mystnb_config.execution_cache_path
    return Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"


# -- events ---------------------------------------------------------------------------

def _forget_team(app: Sphinx) -> None:
    for name in (TEAM_ENV, EXAMPLE_ENV):  # a real team, or a local example: never published
        if os.environ.pop(name, None) is not None:
            logger.info(f"[course] {name} ignored: the course site shows the fictional "
                        "example team only")


def _set_site_edition(app: Sphinx) -> None:
    """Tell the kernels that execute the notebooks that they run for the site.

    myst-nb's kernels inherit this process's environment. The hash of the package includes
    the variable, so outputs cached before it was set are thrown away.
    """
    os.environ[EDITION_ENV] = SITE_EDITION


def _check_notebook_cache(app: Sphinx) -> None:
    """Empty the notebook cache when the widgets package changed since it was filled."""
    app.env.course_package_changed = False  # type: ignore[attr-defined]
    if app.env.mystnb_config.execution_mode != "cache":
        return
    cache = _cache_path(app)
    stamp = cache.with_name(cache.name + HASH_SUFFIX)
    current = package_hash()
    previous = stamp.read_text().strip() if stamp.exists() else None
    if previous == current:
        return
    if cache.exists():
        shutil.rmtree(cache)
        logger.info(f"[course] the {PACKAGE} package changed: emptied the notebook cache")
    app.env.course_package_changed = previous is not None  # type: ignore[attr-defined]
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")


def _outdated_notebooks(app: Sphinx, env: Any, added: set, changed: set,
                        removed: set) -> list[str]:
    """After the package changed, every notebook page is rebuilt (even without --all)."""
    if not getattr(env, "course_package_changed", False):
        return []
    return [d for d in env.found_docs if Path(env.doc2path(d)).suffix == ".ipynb"]


def _hide_tagged_cells(app: Sphinx, docname: str, source: list[str]) -> None:
    """Tag facilitator notes ``remove-cell`` in the text myst-nb is about to parse."""
    if Path(app.env.doc2path(docname)).suffix != ".ipynb":
        return
    notebook = json.loads(source[0])
    hidden = 0
    for cell in notebook.get("cells", []):
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if HIDDEN_TAG in tags:
            hidden += 1
            if REMOVE_TAG not in tags:
                tags.append(REMOVE_TAG)
    if hidden:
        source[0] = json.dumps(notebook, ensure_ascii=False)


def _accessible_citations(app: Sphinx, pagename: str, templatename: str,
                          context: dict, doctree: Any) -> None:
    # docutils marks each citation role="doc-biblioentry" inside a role="list" container.
    # ARIA 1.2 deprecates that role, and a list must hold list items.
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _write_example_plan(app: Sphinx, exception: Exception | None) -> None:
    """Write the example team's plan files into the site, when missing or out of date."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / PLAN_FOLDER
    stamp = Path(app.doctreedir) / ("example-plan" + HASH_SUFFIX)
    current = package_hash()
    names = ("implementation-plan.html", "implementation-plan.docx", "leader-briefing.html")
    if (stamp.exists() and stamp.read_text().strip() == current
            and all((folder / n).is_file() for n in names)):
        return
    from widgets.report import write_plan_files
    from widgets.store import example_workspace

    if folder.exists():
        shutil.rmtree(folder)
    written = write_plan_files(example_workspace(), folder)
    missing = sorted(set(names) - {p.name for p in written})
    if missing:
        raise RuntimeError(f"the plan code did not write {missing}")
    stamp.write_text(current + "\n")
    logger.info(f"[course] wrote the example team's plan files to {PLAN_FOLDER}/")


def _search_lists_each_page_once(app: Sphinx, pagename: str, templatename: str,
                                  context: dict, doctree: Any) -> None:
    if pagename == "search":
        app.add_js_file(SEARCH_JS, loading_method="defer")  # this page only


def _unpublish_theme_templates(app: Sphinx, exception: Exception | None) -> None:
    """Remove the theme's template files from ``_static/``.

    Sphinx copies each theme's whole ``static`` folder into ``_static/``, templates included:
    the pydata and book themes keep Jinja macros there (``webpack-macros.html``,
    ``sbt-webpack-macros.html``) that the pages are rendered with. As published files they
    are broken pages. Assets are never ``.html``; templates are.
    """
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for theme_dir in app.builder.theme.get_theme_dirs():
        for template in (Path(theme_dir) / "static").rglob("*.html"):
            published = static / template.relative_to(Path(theme_dir) / "static")
            if published.is_file():
                published.unlink()


def favicon_link(app: Sphinx) -> str:
    """A ``<link rel="icon">`` holding the site's icon itself, for pages that stand alone."""
    icon = Path(app.confdir) / app.config.html_favicon
    kind = "image/svg+xml" if icon.suffix == ".svg" else f"image/{icon.suffix.lstrip('.')}"
    data = base64.b64encode(icon.read_bytes()).decode("ascii")
    return f'<link rel="icon" type="{kind}" href="data:{kind};base64,{data}">'


def _icon_for_plan_files(app: Sphinx, exception: Exception | None) -> None:
    """The example plan's pages name the course's icon too (as data: they are sent and
    printed on their own), so a browser never asks the host for a /favicon.ico."""
    if exception is not None or app.builder.format != "html" or not app.config.html_favicon:
        return
    for page in sorted((Path(app.outdir) / PLAN_FOLDER).glob("*.html")):
        html = page.read_text("utf-8")
        if 'rel="icon"' not in html and "</head>" in html:
            page.write_text(html.replace("</head>", favicon_link(app) + "\n</head>", 1),
                            "utf-8")


def _write_index(app: Sphinx, exception: Exception | None) -> None:
    """The site's front door: a short page that sends readers to the first page.

    sphinx-external-toc writes a bare redirect (no language, no title) when index.html is
    missing; this one is a proper page, with a link for browsers that do not follow it.
    """
    if exception is not None or app.builder.format != "html":
        return
    target = app.builder.get_target_uri(app.config.root_doc)
    if target == "index.html":
        return
    title = html_escape(app.config.html_title or app.config.project)
    icon = ""
    if app.config.html_favicon:
        icon = f'<link rel="icon" href="_static/{Path(app.config.html_favicon).name}">\n'
    (Path(app.outdir) / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f"<title>{title}</title>\n{icon}</head>\n<body>\n<main>\n"
        f'<p><a href="{target}">Go to the {title} course site</a></p>\n'
        "</main>\n</body>\n</html>\n", "utf-8")


# -- directives -----------------------------------------------------------------------

class FacilitatorNotes(SphinxDirective):
    """The markdown cells tagged ``facilitator-notes`` in one notebook, parsed as MyST.

    Usage: ```{facilitator-notes} ../modules/02_context.ipynb```
    """

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        relative, path = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(relative)
        try:
            notebook = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise self.error(f"cannot read the notebook {self.arguments[0]}: {exc}") from exc
        cells = [c for c in notebook.get("cells", [])
                 if c.get("cell_type") == "markdown"
                 and HIDDEN_TAG in c.get("metadata", {}).get("tags", [])]
        if not cells:
            raise self.error(f"{self.arguments[0]} has no markdown cell tagged {HIDDEN_TAG}")
        container = nodes.container(classes=["facilitator-notes"])
        for cell in cells:
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            lines = text.splitlines()
            if lines and lines[0].strip() == NOTES_LABEL:  # the guide's heading says it
                lines = lines[1:]
            self.state.nested_parse(StringList(lines, source=path), 0, container)
        return [container]


class ReferenceDataSummary(SphinxDirective):
    """A table of the course's reference data: rows, and rows per verification status,
    counted from the data files the notebooks use."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        data = package_dir() / "reference" / "data"
        rows: list[tuple[str, str, int, Counter]] = []
        for name, column, label in DATA_CHECKS:
            path = data / name
            self.env.note_dependency(str(path))
            with path.open(encoding="utf-8", newline="") as f:
                records = list(csv.DictReader(f))
            if label is None:
                groups: dict[str, list[dict[str, str]]] = {}
                for r in records:
                    groups.setdefault(r["framework"], []).append(r)
                rows += [(framework, name, len(members), _counts(members, column))
                         for framework, members in groups.items()]
            else:
                rows.append((label, name, len(records), _counts(records, column)))
        unknown = {s for *_, c in rows for s in c} - set(STATUS_ORDER)
        if unknown:
            raise self.error(f"unknown verification status in the data: {sorted(unknown)}")
        shown = [s for s in STATUS_ORDER if any(c[s] for *_, c in rows)]
        head = ["what the rows hold", "file", "rows", *shown]
        lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        for label, name, count, status in rows:
            cells = [label, f"`{name}`", str(count), *(str(status[s]) for s in shown)]
            lines.append("| " + " | ".join(cells) + " |")
        container = nodes.container(classes=["reference-data-summary"])
        self.state.nested_parse(StringList(lines, source=str(data)), 0, container)
        return [container]


def _counts(records: list[dict[str, str]], column: str) -> Counter:
    return Counter(r[column].strip() for r in records)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _forget_team)
    app.connect("builder-inited", _set_site_edition)  # before the hash is checked, at 900
    # After myst-nb's own builder-inited handler, which sets the cache path.
    app.connect("builder-inited", _check_notebook_cache, priority=900)
    app.connect("env-get-outdated", _outdated_notebooks)
    app.connect("source-read", _hide_tagged_cells)
    app.connect("html-page-context", _accessible_citations)
    app.connect("html-page-context", _search_lists_each_page_once)
    app.connect("build-finished", _unpublish_theme_templates)
    app.connect("build-finished", _write_example_plan)
    app.connect("build-finished", _icon_for_plan_files, priority=600)  # after the plan
    app.connect("build-finished", _write_index, priority=400)  # before sphinx-external-toc
    app.add_directive("facilitator-notes", FacilitatorNotes)
    app.add_directive("reference-data-summary", ReferenceDataSummary)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
