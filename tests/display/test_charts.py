"""The charts as a participant sees them: whole numbers on counts and rating scales, no
negative numbers, legends clear of the data, and words where there is nothing to draw.

Each chart is built through the package's own functions and its drawn figure inspected."""

from __future__ import annotations

from datetime import date

import pytest

import widgets
from tests.support.charts import drawn as _drawn
from tests.support.charts import plot as _plot
from tests.support.charts import ticks as _ticks
from widgets.analysis.action import action_rows, pathway_rows
from widgets.analysis.context import priorities
from widgets.analysis.sustain import sustainability_rows
from widgets.display import charts, figures

MINUS_SIGNS = ("-", "\N{MINUS SIGN}")


@pytest.fixture(scope="module")
def example():
    return widgets.example_workspace()








def _assert_whole_numbers(axis) -> list[float]:
    """Every tick in view is a whole number, labelled as one and never negative."""
    ticks = _ticks(axis)
    assert len(ticks) >= 2, ticks
    for loc, label in ticks:
        assert float(loc).is_integer(), f"a tick at {loc} ({label!r}): not a whole number"
        assert not any(m in label for m in MINUS_SIGNS), f"a negative tick label {label!r}"
        assert label == str(abs(round(loc))), f"tick at {loc} labelled {label!r}"
    return [loc for loc, _ in ticks]


def _data_boxes(ax, renderer):
    """The box of every bar and point drawn."""
    return ([p.get_window_extent(renderer) for p in ax.patches]
            + [c.get_window_extent(renderer) for c in ax.collections])


def _assert_legend_clear(ax, renderer) -> None:
    """A legend, if any, covers no bar or point, stays outside the axes and inside the
    figure (not cut off)."""
    legend = ax.get_legend() or (ax.figure.legends[0] if ax.figure.legends else None)
    if legend is None:
        return
    box = legend.get_window_extent(renderer)
    data = _data_boxes(ax, renderer)
    assert data
    covered = [d for d in data if box.overlaps(d)]
    assert not covered, f"the legend {box} covers {covered}"
    assert not box.overlaps(ax.get_window_extent(renderer)), "the legend is inside the plot"
    assert ax.figure.bbox.contains(box.x0, box.y0) and ax.figure.bbox.contains(box.x1, box.y1)


def _barrier(ws, strength: int = 3):
    ws.save("member", {"name": "Ana", "perspective": "leader"})
    ws.save("context_factor", {"construct": "III.J", "member": "Ana", "effect": "barrier",
                               "strength": strength, "note": ""})
    return ws.context_factors()


def test_one_barrier_shows_whole_strengths_both_sides_and_a_legend_off_the_bar():
    """A participant saw one barrier drawn on an axis from -3.0 to 0.0 in half steps, the
    legend over the bar."""
    ws = widgets.Store("sqlite://").team("One barrier")
    chart = figures.context_chart(_barrier(ws))
    ax, renderer = _plot(chart)
    ticks = _assert_whole_numbers(ax.xaxis)
    assert min(ticks) <= -3 and max(ticks) >= 3, "both sides are shown, barriers and facilitators"
    _assert_legend_clear(ax, renderer)
    assert ax.get_legend() is not None or chart.figure.legends


def test_team_counts_are_whole_and_never_negative():
    """The cohort's factors chart counts teams: it showed -1.0 to 0.0 in steps of 0.2."""
    chart = charts.diverging_bars(["Available Resources", "Teaming"], [1, 0], [0, 2],
                                  "Number of teams (barrier left, facilitator right)", "alt")
    ax, renderer = _plot(chart)
    _assert_whole_numbers(ax.xaxis)
    _assert_legend_clear(ax, renderer)


def test_example_team_context_map(example):
    chart = figures.context_chart(example.list("agreed_factor") or example.context_factors())
    ax, renderer = _plot(chart)
    _assert_whole_numbers(ax.xaxis)
    _assert_legend_clear(ax, renderer)


def test_priority_chart_is_on_the_one_to_three_scale(example):
    """The 1-3 scale was shown in half steps."""
    ax, renderer = _plot(figures.priority_chart(priorities(example)))
    for axis in (ax.xaxis, ax.yaxis):
        assert _assert_whole_numbers(axis) == [1, 2, 3]
    _assert_legend_clear(ax, renderer)


def test_readiness_dots_are_on_the_one_to_five_scale(example):
    ax, renderer = _plot(figures.readiness_chart(example))
    assert _assert_whole_numbers(ax.xaxis) == [1, 2, 3, 4, 5]
    _assert_legend_clear(ax, renderer)


def test_sustainability_bars_count_whole_points(example):
    ax, renderer = _plot(figures.sustainability_chart(sustainability_rows(example)))
    ticks = _assert_whole_numbers(ax.xaxis)
    assert max(ticks) == 7
    _assert_legend_clear(ax, renderer)


def test_modules_done_counts_whole_modules():
    chart = charts.bars(["Eastside", "Riverbend"], [3, 8], "Modules done (of 8)", "alt", limit=8)
    ax, renderer = _plot(chart)
    assert _assert_whole_numbers(ax.xaxis) == list(range(9))
    _assert_legend_clear(ax, renderer)


def test_nothing_done_is_said_in_words_not_an_empty_box():
    """Every team at zero modules done was an empty box."""
    chart = charts.bars(["Eastside", "Riverbend"], [0, 0], "Modules done (of 8)",
                        "Bar chart of modules done by each of 2 teams.", limit=8)
    html = chart.html()
    assert "<img" not in html
    assert "Modules done" in html and "none yet" in html
    assert chart.alt in html and "none yet" in chart.alt
    fig, _ = _drawn(chart)
    assert not any(a.axison for a in fig.axes), "an empty box is still drawn"
    assert [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))
            if t.get_text()] == [chart.alt], "the picture (for the Word plan) says it in words"


@pytest.mark.parametrize("due", [[date(2027, 1, 22)], [date(2027, 1, 22), date(2027, 1, 23)]])
def test_timeline_ticks_are_whole_days(due):
    """A step or two close together must not get ticks at hours of the day."""
    rows = [(d.isoformat(), f"Step {i}", "Ana", "15. Conduct educational meetings")
            for i, d in enumerate(due)]
    ax, renderer = _plot(figures.timeline_chart(rows))
    ticks = _ticks(ax.xaxis)
    assert len(ticks) >= 2
    for loc, label in ticks:
        assert float(loc).is_integer(), f"a tick at {label!r} is not at the start of a day"
        date.fromisoformat(label)  # a plain date, no time of day
    _assert_legend_clear(ax, renderer)


def test_example_team_timeline(example):
    ax, renderer = _plot(figures.timeline_chart(action_rows(example)))
    for loc, label in _ticks(ax.xaxis):
        assert float(loc).is_integer()
        date.fromisoformat(label)
    _assert_legend_clear(ax, renderer)


def test_pathways_have_no_axis_and_no_legend(example):
    """Boxes and arrows, no numbers to read: no axis is shown and no legend."""
    fig, _ = _drawn(figures.pathway_chart(pathway_rows(example)))
    assert not any(a.axison for a in fig.axes)
    assert not fig.legends and all(a.get_legend() is None for a in fig.axes)
