"""From barriers to strategies: the course's own suggestions, the one published worked example
of the CFIR-ERIC matching tool, and a team's copy of the tool's matrix.

The full CFIR-ERIC expert matrix (Waltz et al. 2019) is not part of the course. The course
offers its own suggestions, labelled as such, shows the published worked example as
published, and reads a team's copy of the matching tool's matrix when the team has one.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .frameworks import cfir_construct, eric_strategies, read_csv

__all__ = [
    "COURSE_LABEL",
    "MAPPING_LABEL",
    "MatchingMatrix",
    "MatrixError",
    "cfir1_columns",
    "course_suggestions",
    "load_matching_matrix",
    "published_example_rows",
]

COURSE_LABEL = "Course suggestion (the course's own idea, not an expert rating)"
MAPPING_LABEL = ("the course's own mapping from CFIR 2.0 to the CFIR 1.0 names the matching "
                 "tool uses, not a published one")


@cache
def _suggestions() -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in read_csv("course_suggestions.csv"):
        out[row["construct"]].append((int(row["eric_id"]), row["reasoning"]))
    return dict(out)


def course_suggestions(construct: str) -> list[tuple[int, str]]:
    """The course's own suggested strategies for a barrier: (ERIC number, reasoning)."""
    return list(_suggestions().get(construct, []))


def published_example_rows() -> list[dict[str, str]]:
    """Waltz et al. 2019, Table 1, row by row as published: expert endorsement of strategies
    for one barrier, with how each row was verified."""
    return read_csv("cfir_eric_table1.csv")


class MatrixError(ValueError):
    """A file that cannot be read as a CFIR-ERIC matching matrix; the message says why."""


def _norm(name: object) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(name).casefold().replace("&", " and ")).strip()


@dataclass
class MatchingMatrix:
    """Percent of experts who endorsed each ERIC strategy for each CFIR barrier."""

    source: str
    values: dict[str, dict[int, float]] = field(default_factory=dict)  # barrier -> id -> %

    @property
    def barriers(self) -> list[str]:
        """The barrier columns of the matrix, as named in the file."""
        return list(self.values)

    def top(self, barrier: str, n: int = 10) -> list[tuple[int, float]]:
        """The most endorsed strategies for a barrier column, highest first."""
        ranked = sorted(self.values.get(barrier, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        return [(sid, pct) for sid, pct in ranked[:n] if pct > 0]

    def column_for(self, construct: str) -> str | None:
        """The matrix column for a CFIR 2.0 construct: one with the same name, else the first
        CFIR 1.0 column the course maps it to (``cfir1_columns``; the matching tool's matrix
        is keyed to CFIR 1.0), if the file has one."""
        c = cfir_construct(construct)
        wanted = [_norm(c.name), _norm(c.name.removeprefix("Innovation ")),
                  *(_norm(n) for n in cfir1_columns(construct))]
        by_name = {_norm(b): b for b in self.barriers}
        return next((by_name[w] for w in wanted if w in by_name), None)


@cache
def _cfir1_names() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for row in read_csv("cfir1_to_cfir2.csv"):
        for code in row["cfir2_codes"].split(";"):
            out[code].append(row["cfir1_construct"])
    return dict(out)


def cfir1_columns(construct: str) -> list[str]:
    """The CFIR 1.0 constructs the course maps a CFIR 2.0 construct to (a subconstruct with
    none of its own: its construct's). The course's own mapping: CFIR 2.0 renamed, split and
    moved many of CFIR 1.0's constructs, and no mapping was among the verified facts."""
    mapped = _cfir1_names()
    parent = cfir_construct(construct).parent_code
    return mapped.get(construct) or (mapped.get(parent, []) if parent else [])


def _rows(path: Path) -> list[list[object]]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [list(r) for r in csv.reader(f)]
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:  # the sheet with the most rows is the matrix
            sheets = [list(ws.iter_rows(values_only=True)) for ws in book.worksheets]
        finally:
            book.close()
        return [list(r) for r in max(sheets, key=len)]
    raise MatrixError(f"{path.name} is not a spreadsheet the course can read. Use the "
                      "matching tool's .xlsx file, or save its matrix sheet as .csv.")


def _percent(cell: object) -> float | None:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    try:
        return float(str(cell).strip().rstrip("%"))
    except ValueError:
        return None


def load_matching_matrix(path: str | Path) -> MatchingMatrix | None:
    """Read a CFIR-ERIC matching matrix: ERIC strategy names down the first column, CFIR
    barrier names across one header row, percentages in the cells. Returns None for no file.
    """
    if not str(path).strip():
        return None
    path = Path(path)
    if not path.is_file():
        raise MatrixError(f"There is no file at {path}. Check the path in MATRIX_FILE.")
    try:
        rows = _rows(path)
    except MatrixError:
        raise
    except Exception as exc:  # a damaged or mislabelled file: say so plainly
        raise MatrixError(f"{path.name} could not be opened as a spreadsheet "
                          f"({exc.__class__.__name__}).") from None
    by_name = {_norm(s.name): s.id for s in eric_strategies()}
    strategy_rows = [(i, by_name[_norm(r[0])]) for i, r in enumerate(rows)
                     if r and _norm(r[0]) in by_name]
    if len(strategy_rows) < 10:
        raise MatrixError(
            f"{path.name} does not look like a CFIR-ERIC matching matrix: only "
            f"{len(strategy_rows)} rows start with an ERIC strategy name (expected most of "
            "the 73). The first column should hold the strategy names.")
    header = rows[strategy_rows[0][0] - 1] if strategy_rows[0][0] else []
    matrix = MatchingMatrix(source=path.name)
    for col, name in enumerate(header):
        if col == 0 or not str(name or "").strip():
            continue
        column = {sid: pct for i, sid in strategy_rows
                  if col < len(rows[i]) and (pct := _percent(rows[i][col])) is not None}
        if column:
            matrix.values[str(name).strip()] = column
    if not matrix.values:
        raise MatrixError(f"{path.name} has strategy names but no barrier columns with "
                          "percentages next to them.")
    return matrix
