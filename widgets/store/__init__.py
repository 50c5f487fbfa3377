"""The team store: every team's entries, their history, snapshots, and the cohort view.

What a team can record is in ``model``; the tables and how times are written in ``schema``;
opening the database safely in ``engine``; the store and a team's workspace in ``workspace``;
snapshot files in ``snapshot``; opening a workspace from a notebook or app in ``access``; a
finished team's plan, its names removed, as a worked example in ``examples``; the read-only
view across teams in ``cohort``; who is using the store, on a hub, in ``identity``; upgrades
of the tables in ``migrations``.
"""

from .access import (
    EXAMPLE_ENV,
    EXAMPLE_TEAM,
    TEAM_ENV,
    example_snapshot,
    example_workspace,
    load_snapshot,
    open_workspace,
)
from .cohort import CohortView, as_time, csv_text, spreadsheet_safe
from .engine import STORE_URL_ENV, StoreError, default_store_url
from .examples import (
    CONSENT_STATEMENT,
    anonymised,
    example_file_name,
    example_refusals,
    names_left_as_words,
)
from .identity import Identity
from .live import GONE_AFTER, HERE, TICK
from .model import (
    ACTED_ON_BY,
    FACILITATOR_FROM,
    INVOLVEMENT,
    KINDS,
    OPEN,
    PERSPECTIVES,
    SHARED_PARTS,
    Field,
    RecordKind,
    ValidationError,
    clean_name,
    normalise_name,
    validate,
)
from .schema import DEFAULT_COHORT, SCHEMA_VERSION, utc_now
from .sharing import SharedWork
from .snapshot import MAX_SNAPSHOT_BYTES, SNAPSHOT_FORMAT, read_snapshot, write_snapshot
from .workspace import (
    COHORT_ENV,
    VIEWER,
    Cohort,
    EntryNotFound,
    Store,
    TeamWorkspace,
    cohort_id_for,
    current,
    import_snapshot,
)

__all__ = [
    "ACTED_ON_BY",
    "COHORT_ENV",
    "CONSENT_STATEMENT",
    "DEFAULT_COHORT",
    "EXAMPLE_ENV",
    "EXAMPLE_TEAM",
    "FACILITATOR_FROM",
    "GONE_AFTER",
    "HERE",
    "INVOLVEMENT",
    "KINDS",
    "MAX_SNAPSHOT_BYTES",
    "OPEN",
    "PERSPECTIVES",
    "SHARED_PARTS",
    "SCHEMA_VERSION",
    "SNAPSHOT_FORMAT",
    "STORE_URL_ENV",
    "TEAM_ENV",
    "TICK",
    "Cohort",
    "CohortView",
    "EntryNotFound",
    "Field",
    "Identity",
    "RecordKind",
    "SharedWork",
    "Store",
    "StoreError",
    "TeamWorkspace",
    "VIEWER",
    "ValidationError",
    "csv_text",
    "anonymised",
    "as_time",
    "clean_name",
    "cohort_id_for",
    "current",
    "default_store_url",
    "example_file_name",
    "example_refusals",
    "example_snapshot",
    "example_workspace",
    "names_left_as_words",
    "import_snapshot",
    "load_snapshot",
    "normalise_name",
    "open_workspace",
    "read_snapshot",
    "spreadsheet_safe",
    "utc_now",
    "validate",
    "write_snapshot",
]
