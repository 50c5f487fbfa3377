"""Charts as accessible images: a PNG with alt text, so they render the same in JupyterLab,
Voila, the static site, the printable plan and the Word document. A table beside each chart
carries the same data."""

from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

__all__ = ["BARRIER", "FACILITATOR", "NEUTRAL", "Chart", "bars", "diverging_bars", "dots",
           "pathways", "scatter", "timeline"]

BARRIER, FACILITATOR = "#b2182b", "#2166ac"  # a colour-blind-safe red and blue
NEUTRAL = "#4d4d4d"


@dataclass(frozen=True)
class Chart:
    """A rendered chart and the words that stand in for it. ``figure`` is the drawn figure,
    kept so that its layout (ticks, legend, bars) can be checked, not only its pixels.
    ``words_only`` marks a chart with nothing to draw: its alt text says so."""

    png: bytes
    alt: str
    figure: Figure | None = field(default=None, repr=False, compare=False)
    words_only: bool = False

    def html(self) -> str:
        """The chart as an image with its alt text, inside the page itself; with nothing to
        draw, the sentence saying so as text (an empty box tells a reader nothing)."""
        if self.words_only:
            return f'<p class="it-chart-empty">{escape(self.alt)}</p>'
        data = base64.b64encode(self.png).decode("ascii")
        return (f'<img src="data:image/png;base64,{data}" alt="{escape(self.alt)}" '
                'style="max-width:100%">')


def _figure(width: float, height: float) -> Figure:
    """A new figure. Matplotlib is imported here, on first use, so that importing the course
    package stays quick for graded notebooks and apps that draw no chart."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _chart(fig: Figure, alt: str) -> Chart:
    """The figure drawn, every text in it as plain text: a team's "$5 and $10" is money, not
    maths, and "Budget $^$ team" must not stop the chart (matplotlib reads $...$ as maths)."""
    from matplotlib import rc_context
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)
    with rc_context({"text.parse_math": False}):
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    return Chart(buf.getvalue(), alt, fig)


def _words(xlabel: str) -> Chart:
    """A chart whose every value is zero, as a sentence: "Modules done: none yet." The picture
    (for the Word plan) holds the same sentence, and no axes."""
    sentence = f"{xlabel.split(' (')[0]}: none yet."
    fig = _figure(7, 0.6)
    fig.text(0.5, 0.5, sentence, ha="center", va="center", fontsize=11)
    return replace(_chart(fig, sentence), words_only=True)


def _whole_numbers(axis: Axis, absolute: bool = False) -> None:
    """Ticks at whole numbers only: a count or a rating has no halves. ``absolute`` labels
    -3 as 3, for barriers drawn to the left of zero: their strength is not negative."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
    if absolute:
        axis.set_major_formatter(FuncFormatter(lambda value, _: f"{abs(round(value))}"))


def _scale_points(limits: tuple[float, float]) -> range:
    """Every point of a rating scale shown within ``limits``: (0.5, 3.5) is 1, 2 and 3."""
    return range(math.ceil(limits[0]), math.floor(limits[1]) + 1)


def diverging_bars(labels: Sequence[str], barrier: Sequence[int], facilitator: Sequence[int],
                   xlabel: str, alt: str) -> Chart:
    """Barriers to the left, facilitators to the right, one row per label (top to bottom).

    Both sides always show, on the same whole-number scale labelled without minus signs; the
    legend sits above the plot, barrier on the left as the bars are, so it covers no bar."""
    if not any(barrier) and not any(facilitator):
        return _words(xlabel)
    labels, barrier, facilitator = labels[::-1], barrier[::-1], facilitator[::-1]
    fig = _figure(7, 0.45 * len(labels) + 1.5)
    ax = fig.add_subplot()
    ax.barh(labels, [-b for b in barrier], color=BARRIER, label="Barrier")
    ax.barh(labels, facilitator, color=FACILITATOR, label="Facilitator")
    ax.axvline(0, color="black", linewidth=0.8)
    reach = 1.1 * max(*barrier, *facilitator)
    ax.set_xlim(-reach, reach)
    _whole_numbers(ax.xaxis, absolute=True)
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    return _chart(fig, alt)


def bars(labels: Sequence[str], values: Sequence[float], xlabel: str, alt: str,
         limit: float) -> Chart:
    """Plain horizontal bars, one row per label (top to bottom), on a fixed scale of whole
    numbers (counts, ratings). All at zero, it is a sentence instead of an empty box."""
    if not any(values):
        return _words(xlabel)
    fig = _figure(7, 0.45 * len(labels) + 1.2)
    ax = fig.add_subplot()
    ax.barh(list(labels)[::-1], list(values)[::-1], color=FACILITATOR)
    ax.set_xlim(0, limit)
    _whole_numbers(ax.xaxis)
    ax.set_xlabel(xlabel)
    return _chart(fig, alt)


def scatter(points: Sequence[tuple[float, float, str]], xlabel: str, ylabel: str,
            alt: str, limits: tuple[float, float] = (0.5, 3.5)) -> Chart:
    """Labelled points, for example barriers placed by changeability and importance, on
    rating scales: ticks at each point of the scale, no halves."""
    fig = _figure(6.5, 5)
    ax = fig.add_subplot()
    seen: dict[tuple[float, float], int] = {}
    for x, y, label in points:
        stacked = seen[(x, y)] = seen.get((x, y), -1) + 1  # labels on one spot stack upwards
        ax.scatter([x], [y], color=BARRIER, s=60)
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(6, 4 + 12 * stacked),
                    fontsize=9)
    ax.set_xlim(*limits)
    ax.set_ylim(*limits)
    ax.set_xticks(_scale_points(limits))
    ax.set_yticks(_scale_points(limits))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    return _chart(fig, alt)


def dots(groups: Sequence[str], values: Sequence[Sequence[tuple[float, str]]], xlabel: str,
         alt: str, limits: tuple[float, float]) -> Chart:
    """Each group's values as labelled dots on one line, to show how far apart they are."""
    fig = _figure(7, 1.1 * len(groups) + 1.2)
    ax = fig.add_subplot()
    for row, points in enumerate(values):
        y = len(groups) - 1 - row
        seen: dict[float, int] = {}
        for x, label in points:
            stacked = seen[x] = seen.get(x, -1) + 1
            ax.scatter([x], [y], color=FACILITATOR, s=50)
            ax.annotate(label, (x, y), textcoords="offset points", xytext=(0, 6 + 9 * stacked),
                        fontsize=7, ha="center")
    ax.set_yticks(range(len(groups)), list(groups)[::-1])
    ax.set_ylim(-0.6, len(groups) - 0.2)
    ax.set_xlim(*limits)
    ax.set_xticks(_scale_points(limits))
    ax.set_xlabel(xlabel)
    ax.grid(True, axis="x", alpha=0.3)
    return _chart(fig, alt)


def timeline(items: Sequence[tuple[date, str]], alt: str) -> Chart:
    """Steps as points along a date line, earliest at the top, each labelled on the left.

    The line spans at least a week, so that ticks fall on whole days (steps on one day drew
    ticks at hours, one step alone years), each labelled as a date the way tables show it."""
    from matplotlib.dates import AutoDateLocator, DateFormatter

    ordered = sorted(items)
    fig = _figure(9, 0.55 * len(ordered) + 1.4)
    ax = fig.add_subplot()
    ys = list(range(len(ordered)))[::-1]
    ax.scatter([d for d, _ in ordered], ys, color=FACILITATOR, s=50, zorder=3)
    ax.set_yticks(ys, [textwrap.fill(textwrap.shorten(label, 80), 40) for _, label in ordered],
                  fontsize=8)
    first, last = ordered[0][0], ordered[-1][0]
    pad = max(timedelta(days=3), (last - first) * 0.08)
    ax.set_xlim(first - pad, last + pad)
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
    ax.grid(True, axis="x", alpha=0.3)
    ax.margins(y=0.15)
    fig.autofmt_xdate()
    return _chart(fig, alt)


def pathways(rows: Sequence[Sequence[str]], headers: Sequence[str], alt: str) -> Chart:
    """Boxes joined by arrows, one chain per row: strategy, mechanism, determinant, outcome."""
    fig = _figure(10, 1.25 * len(rows) + 0.9)
    ax = fig.add_subplot()
    ax.set_xlim(-0.5, len(headers) - 0.5)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.axis("off")
    for col, header in enumerate(headers):
        ax.text(col, len(rows) - 0.45, header, ha="center", va="bottom", fontsize=10,
                fontweight="bold")
    for row, chain in enumerate(rows):
        y = len(rows) - 1 - row
        for col, label in enumerate(chain):
            ax.text(col, y, textwrap.fill(textwrap.shorten(label, 90), 24), ha="center",
                    va="center", fontsize=7.5, color="black",
                    bbox={"boxstyle": "round,pad=0.4", "fc": "#eef3fa", "ec": NEUTRAL})
            if col:
                ax.annotate("", xy=(col - 0.38, y), xytext=(col - 0.62, y),
                            arrowprops={"arrowstyle": "->", "color": NEUTRAL})
    return _chart(fig, alt)
