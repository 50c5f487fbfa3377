"""The course's own mapping from CFIR 1.0 (the matching tool's columns) to CFIR 2.0: every
CFIR 1.0 construct of the reference facts, each to real CFIR 2.0 codes with why; and Module 3
says how far CFIR 2.0 was restructured with the mapping's own figures."""

from __future__ import annotations

import nbformat

from tests.support import ROOT
from widgets.reference import cfir_construct, cfir_constructs, read_csv


def test_every_cfir_1_construct_maps_to_cfir_2_with_why() -> None:
    cfir1 = [r["construct"] for r in read_csv("cfir1_constructs.csv")]
    mapping = read_csv("cfir1_to_cfir2.csv")
    assert [r["cfir1_construct"] for r in mapping] == cfir1
    for r in mapping:
        assert r["basis"] and r["status"] == "course's own mapping"
        for code in r["cfir2_codes"].split(";"):
            cfir_construct(code)  # a real CFIR 2.0 code


def test_module_3_says_how_far_cfir_2_was_restructured() -> None:
    mapping = read_csv("cfir1_to_cfir2.csv")
    same = sum(r["basis"].startswith("the same construct") for r in mapping)
    constructs = sum(c.level == "construct" for c in cfir_constructs())
    text = " ".join(" ".join(c.source.split()) for c in nbformat.read(
        ROOT / "modules" / "03_strategies.ipynb", 4).cells)
    assert (f"CFIR 1.0 has {len(mapping)} constructs in five domains; CFIR 2.0 has "
            f"{constructs} constructs and {len(cfir_constructs()) - constructs} "
            "subconstructs") in text
    assert f"{same} of the {len(mapping)} CFIR 1.0 constructs carry over" in text
    assert "The tool's matrix is keyed to CFIR 1.0" in text
    assert "the course's, not a published one" in text
