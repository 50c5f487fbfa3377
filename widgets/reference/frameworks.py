"""The frameworks the course teaches: CFIR 2.0, the ERIC strategies, and the small ones.

Facts (names, codes, memberships) come from ``shared/reference-facts`` and keep each row's
source and verification status, so the course never shows an unchecked row as certain.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "CfirConstruct",
    "EricStrategy",
    "cfir_construct",
    "cfir_constructs",
    "cfir_domains",
    "eric_strategies",
    "eric_strategy",
    "cfir_order",
    "framework_items",
    "read_csv",
]


@dataclass(frozen=True)
class CfirConstruct:
    """One CFIR 2.0 construct or subconstruct."""

    code: str
    name: str
    domain: str
    subdomain: str
    level: str  # "construct" or "subconstruct"
    parent_code: str  # "" for constructs
    verified: str  # "yes", "secondary", "partial" or "no"
    source: str
    locator: str

    @property
    def label(self) -> str:
        """How the construct is shown in a picker: code, name, and its parent when nested."""
        if self.level == "subconstruct":
            parent = cfir_construct(self.parent_code).name
            return f"{self.code} {parent}: {self.name}"
        return f"{self.code} {self.name}"


def read_csv(name: str) -> list[dict[str, str]]:
    """The rows of one of the course's data files (``widgets/reference/data``)."""
    data = resources.files(__package__).joinpath("data")
    with data.joinpath(name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def cfir_constructs() -> tuple[CfirConstruct, ...]:
    """Every CFIR 2.0 construct and subconstruct, in the framework's order."""
    rows = read_csv("cfir2_constructs.csv")
    # A subconstruct names its parent; names repeat across domains, so resolve within one.
    by_name = {
        (r["domain"], r["construct"]): r["code"] for r in rows if r["level"] == "construct"
    }
    out = []
    for r in rows:
        parent_code = by_name.get((r["domain"], r["parent"]), "") if r["parent"] else ""
        if r["parent"] and not parent_code:
            raise ValueError(f"CFIR row {r['code']} names a parent that is not in the data")
        out.append(
            CfirConstruct(
                code=r["code"],
                name=r["construct"],
                domain=r["domain"],
                subdomain=r["subdomain"],
                level=r["level"],
                parent_code=parent_code,
                verified=r["verified"],
                source=r["source"],
                locator=r["locator"],
            )
        )
    return tuple(out)


def cfir_domains() -> tuple[str, ...]:
    """The five CFIR 2.0 domains, in order."""
    return tuple(dict.fromkeys(c.domain for c in cfir_constructs()))


@cache
def _by_code() -> dict[str, CfirConstruct]:
    return {c.code: c for c in cfir_constructs()}


def cfir_construct(code: str) -> CfirConstruct:
    """Look a construct up by its code, such as ``"II.A"``."""
    try:
        return _by_code()[code]
    except KeyError:
        raise KeyError(f"{code!r} is not a CFIR 2.0 construct code") from None


@cache
def _positions() -> dict[str, int]:
    return {c.code: i for i, c in enumerate(cfir_constructs())}


def cfir_order(code: str) -> int:
    """Where a construct comes in the framework, for sorting: ``sorted(codes, key=cfir_order)``."""
    return _positions()[code]


@dataclass(frozen=True)
class EricStrategy:
    """One of the 73 ERIC implementation strategies, with its cluster."""

    id: int
    name: str
    cluster_id: int
    cluster_name: str
    verified: str  # "yes" only when both name and cluster were read in primary sources
    source: str


@cache
def eric_strategies() -> tuple[EricStrategy, ...]:
    """The ERIC compilation (Powell et al. 2015) with clusters (Waltz et al. 2015)."""
    return tuple(
        EricStrategy(
            id=int(r["id"]),
            name=r["name"],
            cluster_id=int(r["cluster_id"]),
            cluster_name=r["cluster_name"],
            verified=r["verified"],
            source=r["source"],
        )
        for r in read_csv("eric_strategies.csv")
    )


def eric_strategy(strategy_id: int) -> EricStrategy:
    """Look an ERIC strategy up by its number (1-73)."""
    for s in eric_strategies():
        if s.id == strategy_id:
            return s
    raise KeyError(f"{strategy_id!r} is not an ERIC strategy number")


@cache
def framework_items(kind: str) -> tuple[str, ...]:
    """Names in one small framework, in order: for example ``"implementation_outcome"``,
    ``"RE-AIM_dimension"``, ``"PSAT_domain"``, ``"R=MC2_component"``."""
    rows = [r for r in read_csv("frameworks_small.csv") if r["kind"] == kind]
    if not rows:
        raise KeyError(f"{kind!r} is not a framework in the reference data")
    return tuple(r["name"] for r in sorted(rows, key=lambda r: int(r["order"])))
