"""The exercises as forms and views (ipywidgets), one file per module of the course, named
like the module's notebook (``context`` serves ``02_context.ipynb``), and ``sessions`` for
the meeting log, the peer consultation log and the progress mark that close every module,
``here`` for the line saying which teammates have the module open now, ``sharing`` for
what the team shares with its cohort and teams like yours, and ``consent``
for the team's consent to its plan becoming a worked example (Module 7).

A form saves one kind of entry to the team's workspace; a view shows the team's entries and
redraws after a save. Both are built on ``_base``. The forms of one module never import
another module's forms: what modules share lives in ``widgets.analysis``.
"""

from ._base import RecordForm, RecordView, widget_tree
from .action import (
    ActionPlanForm,
    ActionTimeline,
    CausalPathway,
    SpecificationCheck,
    SpecificationForm,
)
from .consent import ExampleConsentForm
from .context import (
    AgreedFactorForm,
    AgreedMap,
    ContextFactorForm,
    ContextMap,
    DisagreementView,
    InitiativeForm,
    PriorityForm,
    PriorityView,
    cfir_reference_table,
)
from .here import WhoIsHere
from .language import GlossaryCompare, GlossaryDifferences, GlossaryForm
from .outcomes import OutcomeCheck, OutcomeMeasureForm
from .pulse import PulseForm, PulseView
from .review import (
    AdaptationForm,
    AdaptationLog,
    ChangeView,
    ContextRecheckForm,
    LogicModelView,
    MeasureValueForm,
    PlanSteps,
    ReadinessRecheckForm,
    ReviewAgenda,
    ReviewForm,
    ReviewHistory,
    RunCharts,
    StepStatusForm,
)
from .roles import (
    LeaderBriefing,
    LeaderPlanForm,
    ReadinessForm,
    ReadinessView,
    RoleMatrix,
    RoleMatrixForm,
)
from .sessions import ConsultationLog, MeetingLog, ModuleProgress
from .sharing import SharingForm, TeamsLikeYours
from .strategies import CoverageView, StrategySelector, eric_reference_table, published_example
from .sustain import (
    MemberSustainabilityForm,
    PlanExport,
    ReflectionForm,
    SpreadingForm,
    SpreadingView,
    SustainabilityDisagreements,
    SustainabilityForm,
    SustainabilityView,
)
from .team import AgreementsForm, RosterForm, TeamView

__all__ = [
    "ActionPlanForm",
    "ActionTimeline",
    "AdaptationForm",
    "AdaptationLog",
    "AgreedFactorForm",
    "AgreedMap",
    "AgreementsForm",
    "CausalPathway",
    "ChangeView",
    "ConsultationLog",
    "ContextFactorForm",
    "ContextMap",
    "ContextRecheckForm",
    "CoverageView",
    "DisagreementView",
    "ExampleConsentForm",
    "GlossaryCompare",
    "GlossaryDifferences",
    "GlossaryForm",
    "InitiativeForm",
    "LeaderBriefing",
    "LeaderPlanForm",
    "LogicModelView",
    "MeasureValueForm",
    "MeetingLog",
    "MemberSustainabilityForm",
    "ModuleProgress",
    "OutcomeCheck",
    "OutcomeMeasureForm",
    "PlanExport",
    "PlanSteps",
    "PriorityForm",
    "PriorityView",
    "PulseForm",
    "PulseView",
    "ReadinessForm",
    "ReadinessRecheckForm",
    "ReadinessView",
    "RecordForm",
    "RecordView",
    "ReflectionForm",
    "ReviewAgenda",
    "ReviewForm",
    "ReviewHistory",
    "RoleMatrix",
    "RoleMatrixForm",
    "RosterForm",
    "RunCharts",
    "SharingForm",
    "SpecificationCheck",
    "SpecificationForm",
    "SpreadingForm",
    "SpreadingView",
    "StepStatusForm",
    "StrategySelector",
    "SustainabilityDisagreements",
    "SustainabilityForm",
    "SustainabilityView",
    "TeamView",
    "TeamsLikeYours",
    "WhoIsHere",
    "cfir_reference_table",
    "eric_reference_table",
    "published_example",
    "widget_tree",
]
