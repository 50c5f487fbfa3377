"""nbgrader settings for the course's graded exercises (one assignment per module).

Facilitators use the course command, which runs nbgrader with these settings:

    course grade release                     # the teams' copies of every exercise
    course grade collect 04_action inbox/    # one folder or zip per team
    course grade autograde 04_action         # on both cores, with a progress bar
    course grade feedback 04_action
    course grade export                      # grades.csv: one row per team and module

Plain nbgrader works from this folder too (with the course's virtual environment activated,
since nbgrader runs its ``alembic``): each team's hand-in goes in
submitted/<team>/<module>/ (the notebook and team_workspace.json).
"""

from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)

from widgets.grading.preprocessors import DisarmMarkdown, ForgetUnknownCells, JudgeAnswers

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

HERE = Path(__file__).resolve().parent
MODULES = sorted(p.name for p in (HERE / "source").iterdir() if p.is_dir())

c.CourseDirectory.root = str(HERE)
c.CourseDirectory.course_id = "implementing-together"
# The gradebook holds teams' scores: it stays in this folder and out of git (.gitignore).
c.CourseDirectory.db_url = f"sqlite:///{HERE / 'gradebook.db'}"

# The team's work is handed in as team_workspace.json next to the notebook. Autograde replaces
# any handed-in file that also exists in source/<module>/ with the instructor's copy, so
# never let it touch this one, even if a starter copy is ever added to source/.
c.Autograde.exclude_overwriting = {module: ["team_workspace.json"] for module in MODULES}

# A team's notebook is never run: anyone on a team can type code into it, and it would run as
# the facilitator, beside the solutions, this gradebook and the other teams' hand-ins. The
# course's own cells (from source/) judge the team's workspace file and the letters it typed
# instead (JudgeAnswers, in place of nbgrader's Execute). Cells a team marked as graded itself
# count for nothing, and its Markdown can run nothing in formgrader or on its feedback page.
c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec,
                                      OverwriteCells, ForgetUnknownCells, DisarmMarkdown,
                                      CheckCellMetadata]
c.Autograde.autograde_preprocessors = [JudgeAnswers, IgnorePattern, ClearMetadataPreprocessor,
                                       LimitOutput, SaveAutoGrades, AssignLatePenalties,
                                       CheckCellMetadata]

# Answers are given by setting a variable that the released cell already shows empty
# (answer_1 = ""), so the solution region is simply removed, with nothing put in its place.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "Write your team's answer here."

# Feedback shows each check's message, not the hidden tests behind it: those hold the
# knowledge-check answers, which later cohorts (and teams still working) should not see.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
