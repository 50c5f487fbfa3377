"""What a team's entries mean, with no widgets: priorities, gaps, coverage, what is vague,
who does what, progress. The forms, the apps, the plan and the graded checks all read a
team's work through these functions, so they always agree.

One module per course module (``outline``'s words), plus ``text`` for reading what people
wrote and ``progress`` for where a team is.
"""
