"""CFIR 2.0 reference data: structure, provenance, and lookups."""

import csv

import pytest

import widgets
from tests.support import ROOT

SHARED = ROOT.parent / "shared" / "reference-facts" / "cfir2_constructs.csv"


def test_cfir2_structure():
    rows = widgets.cfir_constructs()
    assert widgets.cfir_domains() == (
        "Innovation", "Outer Setting", "Inner Setting", "Individuals", "Implementation Process",
    )
    assert sum(c.level == "construct" for c in rows) == 48
    assert sum(c.level == "subconstruct" for c in rows) == 19
    codes = {c.code for c in rows}
    assert len(codes) == len(rows), "codes must be unique"
    for c in rows:
        if c.level == "subconstruct":
            parent = widgets.cfir_construct(c.parent_code)
            assert parent.level == "construct" and parent.domain == c.domain
        else:
            assert c.parent_code == ""


def test_provenance_kept():
    rows = widgets.cfir_constructs()
    assert {c.verified for c in rows} <= {"yes", "secondary", "partial", "no"}
    assert all(c.source and c.locator for c in rows)
    assert widgets.cfir_construct("I.A").verified == "yes"


@pytest.mark.skipif(not SHARED.exists(), reason="shared/ reference facts not beside this checkout")
def test_package_copy_matches_reference_facts():
    with SHARED.open(encoding="utf-8", newline="") as f:
        shared = list(csv.DictReader(f))
    ours = widgets.cfir_constructs()
    assert [(r["code"], r["construct"], r["verified"]) for r in shared] == [
        (c.code, c.name, c.verified) for c in ours
    ]


def test_subconstruct_labels_name_parent():
    # "Innovation Deliverers" is both a construct and a subconstruct; the label tells them apart.
    assert widgets.cfir_construct("V.B.1").label == "V.B.1 Assessing Needs: Innovation Deliverers"
    assert widgets.cfir_construct("IV.Roles.H").label == "IV.Roles.H Innovation Deliverers"
    with pytest.raises(KeyError, match="not a CFIR 2.0 construct"):
        widgets.cfir_construct("IX.Z")
