"""CFIR 2.0 plain-language descriptions: one per construct, short, labelled, sourced."""

import csv
import re

from tests.support import ROOT

DATA = ROOT / "widgets" / "reference" / "data"
STATUSES = {"course paraphrase", "course paraphrase, uncertain"}
# A few phrases from the published definitions (Damschroder et al. 2022) that a
# paraphrase should not repeat.
PUBLISHED = ("intolerable", "reputable, credible", "robust evidence", "psychological safety",
             "piloted on a small scale", "assembled, bundled", "directly or indirectly")


def _rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _sentences(text):
    return [s for s in re.split(r"(?<=[.!?])[\"')]*\s+", text.strip()) if s]


def test_one_description_per_construct():
    constructs = {r["code"]: r for r in _rows("cfir2_constructs.csv")}
    rows = _rows("cfir2_descriptions.csv")
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "a code is described twice"
    assert set(codes) == set(constructs)
    for r in rows:
        assert r["construct"] == constructs[r["code"]]["construct"], r["code"]
        assert r["source"] == constructs[r["code"]]["source"], r["code"]


def test_descriptions_are_short_and_labelled():
    for r in _rows("cfir2_descriptions.csv"):
        text = r["description"].strip()
        assert text, r["code"]
        assert len(text.split()) <= 45, r["code"]
        assert 1 <= len(_sentences(text)) <= 2, r["code"]
        assert r["status"] in STATUSES, r["code"]
        assert not any(p in text.lower() for p in PUBLISHED), r["code"]
