"""Cells a team marked as graded itself count for nothing.

nbgrader's ``OverwriteCells`` takes the grade id off a cell the course never had, but leaves
the rest of what the team wrote into the cell's metadata, and the notebook then fails
nbgrader's checks: the team's whole hand-in could not be graded. Here such a cell becomes an
ordinary cell again.
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = ["ForgetUnknownCells"]


class ForgetUnknownCells(NbGraderPreprocessor):
    """Run after ``OverwriteCells``: drop the nbgrader metadata of cells left without a
    grade id."""

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        index: int) -> tuple[NotebookNode, ResourcesDict]:
        marks = cell.metadata.get("nbgrader")
        if marks is not None and not marks.get("grade_id"):
            self.log.warning("A cell the course does not have was marked for grading; it is "
                             "graded as an ordinary cell.")
            del cell.metadata["nbgrader"]
        return cell, resources
