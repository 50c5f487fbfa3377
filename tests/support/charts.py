"""Looking inside a drawn chart: its figure on a canvas of its own, the axes that carry data,
and the ticks each axis shows, so that tests check layout, not pixels."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from widgets.display.charts import Chart

__all__ = ["drawn", "plot", "ticks"]


def drawn(chart: Chart) -> tuple[Figure, RendererBase]:
    """The chart's figure drawn again on a canvas of its own, and its renderer, so that tick
    labels and the boxes of the legend and of every bar and point are where they are shown."""
    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    return chart.figure, canvas.get_renderer()


def plot(chart: Chart) -> tuple[Axes, RendererBase]:
    """The one set of axes that carries data."""
    fig, renderer = drawn(chart)
    (ax,) = [a for a in fig.axes if a.axison]
    return ax, renderer


def ticks(axis) -> list[tuple[float, str]]:
    """The ticks inside the axis's view, with the label each shows."""
    lo, hi = sorted(axis.get_view_interval())
    return [(loc, label.get_text())
            for loc, label in zip(axis.get_majorticklocs(), axis.get_ticklabels(), strict=True)
            if lo - 1e-9 <= loc <= hi + 1e-9]
