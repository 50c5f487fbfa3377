"""ERIC strategy descriptions: one plain-language paraphrase per strategy, in the course's own
words, labelled as such and citing the source of the strategy list (issue 17, requirement 1)."""

import csv
import re

from tests.support import ROOT

DATA = ROOT / "widgets" / "reference" / "data"
STATUSES = {"course paraphrase", "course paraphrase, uncertain"}
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_one_description_per_strategy():
    strategies = {r["id"]: r for r in _rows("eric_strategies.csv")}
    descriptions = _rows("eric_descriptions.csv")
    ids = [r["id"] for r in descriptions]
    assert len(ids) == len(set(ids)), "an id appears twice"
    assert set(ids) == set(strategies), "missing or extra ids"
    for r in descriptions:
        strategy = strategies[r["id"]]
        assert r["name"] == strategy["name"], r["id"]
        assert r["source"] == strategy["source"], r["id"]


def test_descriptions_short_and_labelled():
    for r in _rows("eric_descriptions.csv"):
        text = r["description"].strip()
        assert text, f"{r['id']}: empty description"
        assert len(text.split()) <= 45, f"{r['id']}: over 45 words"
        assert 1 <= len(SENTENCE_END.findall(text)) <= 2, f"{r['id']}: not one or two sentences"
        assert r["status"] in STATUSES, f"{r['id']}: status {r['status']!r}"
