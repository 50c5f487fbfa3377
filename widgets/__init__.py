"""Implementing Together: the widgets, team workspace and reference data every module uses."""

from .cohort import CohortView
from .context import (
    AgreedFactorForm,
    AgreedMap,
    ContextFactorForm,
    ContextMap,
    DisagreementView,
    cfir_reference_table,
)
from .glossary import CORE_TERMS, GlossaryCompare, GlossaryDifferences, GlossaryForm
from .grading import load_submission, submit_snapshot
from .initiative import InitiativeForm, PriorityForm, PriorityView
from .model import KINDS, PERSPECTIVES, ValidationError
from .outcomes import OutcomeCheck, OutcomeMeasureForm
from .plan import (
    ActionPlanForm,
    ActionTimeline,
    CausalPathway,
    SpecificationCheck,
    SpecificationForm,
)
from .reference import (
    CfirConstruct,
    EricStrategy,
    cfir_construct,
    cfir_constructs,
    cfir_domains,
    eric_strategies,
    eric_strategy,
)
from .report import LeaderBriefing, PlanExport, leader_briefing_html, plan_html, write_plan_docx
from .roles import LeaderPlanForm, ReadinessForm, ReadinessView, RoleMatrix, RoleMatrixForm
from .sessions import MeetingLog, ModuleProgress
from .snapshot import import_snapshot, read_snapshot
from .store import Store, StoreError, TeamWorkspace, default_store_url
from .strategies import (
    CoverageView,
    MatrixError,
    StrategySelector,
    course_suggestions,
    eric_reference_table,
    load_matching_matrix,
    published_example,
)
from .sustain import ReflectionForm, SustainabilityForm, SustainabilityView
from .team import AgreementsForm, RosterForm, TeamView
from .workspace import EXAMPLE_TEAM, example_workspace, load_snapshot, open_workspace

__all__ = [
    "CORE_TERMS",
    "EXAMPLE_TEAM",
    "KINDS",
    "PERSPECTIVES",
    "ActionPlanForm",
    "ActionTimeline",
    "AgreedFactorForm",
    "AgreedMap",
    "AgreementsForm",
    "CausalPathway",
    "CfirConstruct",
    "CohortView",
    "ContextFactorForm",
    "ContextMap",
    "CoverageView",
    "DisagreementView",
    "EricStrategy",
    "GlossaryCompare",
    "GlossaryDifferences",
    "GlossaryForm",
    "InitiativeForm",
    "LeaderBriefing",
    "LeaderPlanForm",
    "MatrixError",
    "MeetingLog",
    "ModuleProgress",
    "OutcomeCheck",
    "OutcomeMeasureForm",
    "PlanExport",
    "PriorityForm",
    "PriorityView",
    "ReadinessForm",
    "ReadinessView",
    "ReflectionForm",
    "RoleMatrix",
    "RoleMatrixForm",
    "RosterForm",
    "SpecificationCheck",
    "SpecificationForm",
    "Store",
    "StoreError",
    "StrategySelector",
    "SustainabilityForm",
    "SustainabilityView",
    "TeamView",
    "TeamWorkspace",
    "ValidationError",
    "cfir_construct",
    "cfir_constructs",
    "cfir_domains",
    "cfir_reference_table",
    "course_suggestions",
    "default_store_url",
    "eric_reference_table",
    "eric_strategies",
    "eric_strategy",
    "example_workspace",
    "import_snapshot",
    "leader_briefing_html",
    "load_matching_matrix",
    "load_snapshot",
    "load_submission",
    "open_workspace",
    "plan_html",
    "published_example",
    "read_snapshot",
    "submit_snapshot",
    "write_plan_docx",
]
