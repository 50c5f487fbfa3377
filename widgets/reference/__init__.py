"""Reference data: the implementation science frameworks the course teaches, and the
course's own suggestions for linking barriers to strategies.

Facts (names, codes, memberships) come from ``shared/reference-facts`` and keep each row's
source and verification status, so the course never shows an unchecked row as certain.
"""

from .frameworks import (
    CfirConstruct,
    EricStrategy,
    cfir_construct,
    cfir_constructs,
    cfir_domains,
    cfir_order,
    eric_strategies,
    eric_strategy,
    framework_items,
    read_csv,
)
from .matching import (
    COURSE_LABEL,
    MAPPING_LABEL,
    MatchingMatrix,
    MatrixError,
    cfir1_columns,
    course_suggestions,
    load_matching_matrix,
    published_example_rows,
)

__all__ = [
    "COURSE_LABEL",
    "MAPPING_LABEL",
    "CfirConstruct",
    "EricStrategy",
    "MatchingMatrix",
    "MatrixError",
    "cfir_construct",
    "cfir_constructs",
    "cfir_domains",
    "cfir_order",
    "cfir1_columns",
    "course_suggestions",
    "eric_strategies",
    "eric_strategy",
    "framework_items",
    "load_matching_matrix",
    "published_example_rows",
    "read_csv",
]
