"""Reference data: implementation science frameworks the course teaches.

Facts (names, codes, memberships) come from ``shared/reference-facts`` and keep each row's
source and verification status, so the course never shows an unchecked row as certain.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["CfirConstruct", "cfir_constructs", "cfir_domains", "cfir_construct"]


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


def _read_csv(name: str) -> list[dict[str, str]]:
    with resources.files("widgets.data").joinpath(name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def cfir_constructs() -> tuple[CfirConstruct, ...]:
    """Every CFIR 2.0 construct and subconstruct, in the framework's order."""
    rows = _read_csv("cfir2_constructs.csv")
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
