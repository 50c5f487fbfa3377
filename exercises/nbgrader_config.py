"""nbgrader settings for the course's graded exercises. Run nbgrader from this folder.

    cd exercises
    nbgrader generate_assignment 02_context
    # put each team's hand-in in submitted/<team>/02_context/ (notebook + team_workspace.json)
    nbgrader autograde 02_context
    nbgrader generate_feedback 02_context

Run it with the course's virtual environment activated (nbgrader needs its ``alembic``).
"""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

HERE = Path(__file__).resolve().parent

c.CourseDirectory.root = str(HERE)
c.CourseDirectory.course_id = "implementing-together"
# The gradebook holds teams' scores: it stays in this folder and out of git (.gitignore).
c.CourseDirectory.db_url = f"sqlite:///{HERE / 'gradebook.db'}"

# The team's work is handed in as team_workspace.json next to the notebook. Autograde replaces
# any handed-in file that also exists in source/<assignment>/ with the instructor's copy, so
# never let it touch this one, even if a starter copy is ever added to source/.
c.Autograde.exclude_overwriting = {"02_context": ["team_workspace.json"]}

# Each cell gets up to two minutes (importing the course package on a busy machine can take a
# while); a notebook that hangs still fails instead of blocking the grading of the cohort.
c.Execute.timeout = 120

# Answers are given by setting a variable that the released cell already shows empty
# (answer_1 = ""), so the solution region is simply removed, with nothing put in its place.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "Write your team's answer here."
