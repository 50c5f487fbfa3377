"""Implementing Together: the widgets, team workspace and reference data every module uses."""

from .context import ContextFactorForm, ContextMap, cfir_reference_table
from .grading import load_submission, submit_snapshot
from .model import PERSPECTIVES, ValidationError
from .reference import CfirConstruct, cfir_construct, cfir_constructs, cfir_domains
from .snapshot import import_snapshot, read_snapshot
from .store import Store, StoreError, TeamWorkspace, default_store_url
from .workspace import EXAMPLE_TEAM, example_workspace, load_snapshot, open_workspace

__all__ = [
    "EXAMPLE_TEAM",
    "PERSPECTIVES",
    "CfirConstruct",
    "ContextFactorForm",
    "ContextMap",
    "Store",
    "StoreError",
    "TeamWorkspace",
    "ValidationError",
    "cfir_construct",
    "cfir_constructs",
    "cfir_domains",
    "cfir_reference_table",
    "default_store_url",
    "example_workspace",
    "import_snapshot",
    "load_submission",
    "load_snapshot",
    "open_workspace",
    "read_snapshot",
    "submit_snapshot",
]
