"""The no-code apps, served by Voila: a team's workspace (every module's forms and views) and
the facilitator's read-only overview of a cohort.

Each app notebook in ``apps/`` is one import and one call, so the apps can be tested and reused
from Python. Voila runs an app notebook in a preheated kernel before anyone visits: both
calls wait for the visitor before reading the team store.
"""

from __future__ import annotations

import ipywidgets as ipw

from ..store import Store
from .cohort import CohortApp
from .common import visitor_query, wait_for_visitor
from .workspace import WorkspaceApp

__all__ = ["CohortApp", "WorkspaceApp", "cohort_app", "workspace_app"]


def workspace_app(store: Store | None = None) -> ipw.Widget:
    """The team workspace app, built once a visitor has arrived."""
    wait_for_visitor()
    return WorkspaceApp(store, query=visitor_query())


def cohort_app(store: Store | None = None) -> ipw.Widget:
    """The cohort app, built once a visitor has arrived."""
    wait_for_visitor()
    return CohortApp(store)
