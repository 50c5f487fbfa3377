"""Implementing Together: the forms, views, team workspace and reference data every module
uses.

The names here are what the module notebooks use: the exercises' forms and views, opening a
team's workspace, and the framework lookups. ``import widgets`` is cheap: a name is imported
when a notebook first uses it, so a grading kernel that reads a team's hand-in never loads
the forms, the charts or the apps. Everything else is imported from its room. The rooms, from
the bottom up (each imports only from the ones below it):

* ``outline`` (the course's modules) and ``reference`` (the frameworks' facts);
* ``store``: what a team can record, the team store, snapshots and the cohort view;
* ``analysis``: what a team's entries mean (priorities, gaps, what is vague, progress);
* ``display``: HTML and charts of a team's work;
* ``report``: the plan files and the leader briefing;
* ``forms``: the exercises as widgets;
* ``apps`` (the Voila apps), ``grading`` (hand-ins, checks, the nbgrader workflow) and
  ``hub`` (a cohort on JupyterHub);
* ``cli``: the ``course`` command.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Each public name and the subpackage it comes from.
_WHERE = {
    **dict.fromkeys((
        "EXAMPLE_TEAM", "KINDS", "EntryNotFound", "Store", "StoreError", "TeamWorkspace",
        "ValidationError", "example_workspace", "import_snapshot", "load_snapshot",
        "open_workspace", "read_snapshot"), "store"),
    **dict.fromkeys((
        "MatrixError", "cfir_construct", "cfir_constructs", "cfir_domains", "eric_strategies",
        "eric_strategy", "load_matching_matrix"), "reference"),
    **dict.fromkeys(("leader_briefing_html", "plan_html", "write_plan_docx"), "report"),
    **dict.fromkeys((
        "ActionPlanForm", "ActionTimeline", "AgreedFactorForm", "AgreedMap", "AgreementsForm",
        "CausalPathway", "ConsultationLog", "ContextFactorForm", "ContextMap", "CoverageView",
        "DisagreementView", "ExampleConsentForm",
        "GlossaryCompare", "GlossaryDifferences", "GlossaryForm", "InitiativeForm",
        "LeaderBriefing", "LeaderPlanForm", "MeetingLog", "MemberSustainabilityForm",
        "ModuleProgress", "OutcomeCheck",
        "OutcomeMeasureForm", "PlanExport", "PriorityForm", "PriorityView", "PulseForm",
        "PulseView", "ReadinessForm",
        "ReadinessView", "ReflectionForm", "RoleMatrix", "RoleMatrixForm", "RosterForm",
        "SharingForm", "SpecificationCheck", "SpecificationForm", "SpreadingForm",
        "SpreadingView", "StrategySelector", "SustainabilityDisagreements",
        "SustainabilityForm", "SustainabilityView", "TeamView", "TeamsLikeYours", "WhoIsHere",
        "cfir_reference_table", "eric_reference_table", "published_example"), "forms"),
    # Module 8: the plan kept alive at review meetings.
    **dict.fromkeys((
        "AdaptationForm", "AdaptationLog", "ChangeView", "ContextRecheckForm",
        "LogicModelView", "MeasureValueForm", "PlanSteps", "ReadinessRecheckForm",
        "ReviewAgenda", "ReviewForm", "ReviewHistory", "RunCharts", "StepStatusForm"), "forms"),
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """Import a public name from its subpackage the first time it is used."""
    if name not in _WHERE:
        raise AttributeError(f"module 'widgets' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
