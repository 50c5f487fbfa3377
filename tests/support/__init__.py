"""Helpers the tests and the benchmarks share: a real Voila server and page watch (``voila``),
teams built for the exercise tests (``teams``), one entry of every kind (``full_course``), and
a store writer run as its own process (``store_writer.py``)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the course checkout
