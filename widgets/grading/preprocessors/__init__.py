"""The course's own steps in nbgrader's autograde pipeline, one transformation per module, as
nbgrader's ``preprocessors`` are. ``exercises/nbgrader_config.py`` puts them in place of
running a team's notebook:

- :class:`ForgetUnknownCells`: a cell a team marked as graded itself counts for nothing;
- :class:`DisarmMarkdown`: what a team wrote in Markdown keeps its formatting but can run
  nothing in the facilitator's browser (formgrader) or the team's feedback page;
- :class:`JudgeAnswers`: the course's own cells judge the team's workspace file and the
  letters it typed, in place of nbgrader's ``Execute``; the team's code is never run.
"""

from .judge import JudgeAnswers, literal_answers
from .markdown import DisarmMarkdown, disarm
from .unknown import ForgetUnknownCells

__all__ = ["DisarmMarkdown", "ForgetUnknownCells", "JudgeAnswers", "disarm", "literal_answers"]
