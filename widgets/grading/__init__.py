"""Graded exercises with nbgrader: the participant's side (hand in the team's workspace with
the notebook; the checks that grade it) and the facilitator's (the course's nbgrader folder,
collecting hand-ins, autograding on every core, feedback, the grade sheet).

Importing this package loads only the participant's side, which a grading kernel needs:
``submit``, ``submission`` and ``checks``. The facilitator's modules (``course``,
``handins``, ``autograde``) are imported by name.
"""

from .submission import NO_SUBMISSION, SUBMISSION_FILE, load_submission
from .submit import submit_snapshot

__all__ = ["NO_SUBMISSION", "SUBMISSION_FILE", "load_submission", "submit_snapshot"]
