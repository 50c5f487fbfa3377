"""``course grade ...``: the facilitator's grading workflow with nbgrader."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """No grading subcommands yet; the graded-exercises work adds them here."""
