"""Charts as accessible images: a PNG inside an <img> with alt text, so they render the same
in JupyterLab, Voila and the static site, and a table beside each carries the same data."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from html import escape

from matplotlib.figure import Figure

BARRIER, FACILITATOR = "#b2182b", "#2166ac"  # a colour-blind-safe red and blue


def _img(fig: Figure, alt: str) -> str:
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{png}" alt="{escape(alt)}" style="max-width:100%">'


def diverging_bars(labels: Sequence[str], barrier: Sequence[int], facilitator: Sequence[int],
                   xlabel: str, alt: str) -> str:
    """Barriers to the left, facilitators to the right, one row per label (top to bottom)."""
    labels, barrier, facilitator = labels[::-1], barrier[::-1], facilitator[::-1]
    fig = Figure(figsize=(7, 0.45 * len(labels) + 1.2), dpi=100)
    ax = fig.add_subplot()
    ax.barh(labels, [-b for b in barrier], color=BARRIER, label="Barrier")
    ax.barh(labels, facilitator, color=FACILITATOR, label="Facilitator")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower right")
    return _img(fig, alt)


def scatter(points: Sequence[tuple[float, float, str]], xlabel: str, ylabel: str,
            alt: str, limits: tuple[float, float] = (0.5, 3.5)) -> str:
    """Labelled points, for example barriers placed by changeability and importance."""
    fig = Figure(figsize=(6.5, 5), dpi=100)
    ax = fig.add_subplot()
    seen: dict[tuple[float, float], int] = {}
    for x, y, label in points:
        stacked = seen[(x, y)] = seen.get((x, y), -1) + 1  # labels on one spot stack upwards
        ax.scatter([x], [y], color=BARRIER, s=60)
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(6, 4 + 12 * stacked),
                    fontsize=9)
    ax.set_xlim(*limits)
    ax.set_ylim(*limits)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    return _img(fig, alt)
