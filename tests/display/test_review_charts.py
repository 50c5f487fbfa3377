"""Module 8's drawings as a team sees them: a run chart per measure in the measure's own terms
(percentages, no or yes, ratings, plain numbers) with its median and goal; how context factors
and readiness moved since the first rating; and the logic model on one page, as PNG and SVG.

Every chart is drawn from entries saved in a real SQLite store and read back through the
analysis of Module 8, and its drawn figure (or SVG text) is inspected."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from matplotlib.colors import same_color
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Annotation, Text

from tests.support.charts import drawn as _drawn
from tests.support.charts import plot as _plot
from tests.support.charts import ticks as _ticks
from widgets.analysis.review import (
    COLUMNS,
    context_change,
    logic_model,
    measure_series,
    readiness_change,
)
from widgets.display import charts, figures
from widgets.reference import cfir_constructs, eric_strategies, framework_items
from widgets.store import Store

BY = "Ana Silva"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "x"'


@pytest.fixture
def ws(store_url):
    return Store(store_url).team("Riverside Clinic")


def _measure(ws, name: str, value_type: str, goal: str = "", values=()) -> None:
    """A Module 6 measure of strategy 15 and its values at reviews, saved as a team would."""
    ws.save("outcome_measure", {"strategy": 15, "dimension": "Adoption", "measure": name,
                                "source": "Clinic records", "collector": BY,
                                "timing": "Monthly", "value_type": value_type, "goal": goal},
            by=BY)
    for day, value in values:
        ws.save("measure_value", {"strategy": 15, "dimension": "Adoption", "measure": name,
                                  "date": day, "value": value, "collector": BY, "note": ""},
                by=BY)


def _series(ws, name: str):
    (series,) = [s for s in measure_series(ws) if s.measure["measure"] == name]
    return series








def _line(ax, prefix: str):
    """The one line across whose legend label starts with ``prefix`` (None if there is none)."""
    found = [line for line in ax.get_lines() if line.get_label().startswith(prefix)]
    assert len(found) <= 1
    return found[0] if found else None


def _assert_legend_beside(ax, renderer) -> None:
    """The legend is off the plot (so over no value) and inside the figure."""
    box = ax.get_legend().get_window_extent(renderer)
    assert not box.overlaps(ax.get_window_extent(renderer)), "the legend is over the plot"
    assert ax.figure.bbox.contains(box.x0, box.y0) and ax.figure.bbox.contains(box.x1, box.y1)


def _assert_dates_apart(ax, renderer) -> None:
    """Every date tick is at the start of a day, labelled as a date, no two labels overlapping."""
    lo, hi = ax.get_xlim()
    ticks = [(loc, label) for loc, label in zip(ax.get_xticks(), ax.get_xticklabels(),
                                                  strict=True) if lo <= loc <= hi]
    assert len(ticks) >= 2
    for loc, label in ticks:
        assert float(loc).is_integer(), f"a tick at {label.get_text()!r} is within a day"
        date.fromisoformat(label.get_text())
    boxes = [label.get_window_extent(renderer) for _, label in ticks]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"date labels overlap: {a} and {b}"


# Run charts ------------------------------------------------------------------------------


def test_a_percentage_is_drawn_from_0_to_100_percent_with_its_median_and_goal(ws):
    # Entered out of order: the line joins them by date.
    _measure(ws, "Clinics using the form", "percentage", "80",
             [("2027-05-10", "40"), ("2027-03-10", "20"), ("2027-04-10", "35%"),
              ("2027-06-10", "55")])
    chart = figures.run_chart(_series(ws, "Clinics using the form"))
    ax, renderer = _plot(chart)
    assert _ticks(ax.yaxis) == [(v, f"{v}%") for v in range(0, 101, 20)]
    (values,) = [line for line in ax.get_lines() if line.get_label() == "Value"]
    assert list(values.get_ydata()) == [20, 35, 40, 55]
    assert list(values.get_xdata()) == [date(2027, 3, 10), date(2027, 4, 10),
                                        date(2027, 5, 10), date(2027, 6, 10)]
    median, goal = _line(ax, "Median"), _line(ax, "Goal")
    assert list(median.get_ydata()) == [37.5, 37.5] and median.get_linestyle() == "--"
    assert median.get_label() == "Median: 37.5%"
    assert list(goal.get_ydata()) == [80, 80] and goal.get_label() == "Goal: 80%"
    _assert_legend_beside(ax, renderer)
    _assert_dates_apart(ax, renderer)
    for words in ("Latest: 55% on 2027-06-10", "Median: 37.5%", "Goal: 80%"):
        assert words in chart.alt


def test_a_count_out_of_a_total_is_a_percentage_and_says_its_count(ws):
    _measure(ws, "Staff trained", "count out of a total", "30/40",
             [("2027-03-10", "12/40"), ("2027-04-10", "20 out of 40")])
    chart = figures.run_chart(_series(ws, "Staff trained"))
    ax, _ = _plot(chart)
    assert _ticks(ax.yaxis) == [(v, f"{v}%") for v in range(0, 101, 20)]
    assert list(_line(ax, "Value").get_ydata()) == [30, 50]
    assert _line(ax, "Goal").get_label() == "Goal: 30/40 (75%)"
    assert "Latest: 20 out of 40 (50%) on 2027-04-10" in chart.alt


def test_yes_or_no_is_drawn_as_no_and_yes_without_a_median(ws):
    """A median of no, no, yes, yes is "half", a line between no and yes that means nothing:
    the words say how often it was yes instead."""
    _measure(ws, "Huddle held", "yes or no", "yes",
             [("2027-03-10", "no"), ("2027-04-10", "No"), ("2027-05-10", "yes"),
              ("2027-06-10", "Y")])
    chart = figures.run_chart(_series(ws, "Huddle held"))
    ax, renderer = _plot(chart)
    assert _ticks(ax.yaxis) == [(0, "No"), (1, "Yes")]
    assert list(_line(ax, "Value").get_ydata()) == [0, 0, 1, 1]
    assert _line(ax, "Median") is None
    assert list(_line(ax, "Goal").get_ydata()) == [1, 1]
    assert "Yes: 2 of the 4 values." in chart.alt and "Median" not in chart.alt
    _assert_legend_beside(ax, renderer)


def test_a_rating_has_the_five_points_of_its_scale(ws):
    _measure(ws, "How useful staff find it", "rating from 1 to 5", "",
             [("2027-03-10", "2"), ("2027-04-10", "3"), ("2027-05-10", "3")])
    chart = figures.run_chart(_series(ws, "How useful staff find it"))
    ax, _ = _plot(chart)
    assert _ticks(ax.yaxis) == [(v, str(v)) for v in range(1, 6)]
    assert _line(ax, "Median").get_label() == "Median: 3 of 5"


def test_plain_numbers_read_as_written_whole_when_every_value_is_whole(ws):
    """Referrals counted in the thousands: no 1e6 or offset above the axis, no half referral,
    and the goal in view."""
    _measure(ws, "Referrals", "number", "1500000",
             [("2027-03-10", "1200000"), ("2027-04-10", "1300000")])
    ax, _ = _plot(figures.run_chart(_series(ws, "Referrals")))
    ticks = _ticks(ax.yaxis)
    assert len(ticks) >= 3
    for loc, label in ticks:
        assert float(loc).is_integer() and label == str(int(loc)), (loc, label)
    assert ax.yaxis.get_offset_text().get_text() == ""
    lo, hi = ax.get_ylim()
    assert lo < 1200000 and hi > 1500000, "the goal is out of view"


def test_plain_numbers_may_have_decimals(ws):
    _measure(ws, "Waiting time in days", "number", "",
             [("2027-03-10", "2.5"), ("2027-04-10", "3,25")])
    chart = figures.run_chart(_series(ws, "Waiting time in days"))
    ax, _ = _plot(chart)
    assert list(_line(ax, "Value").get_ydata()) == [2.5, 3.25]
    assert any(not float(loc).is_integer() for loc, _ in _ticks(ax.yaxis))
    assert _line(ax, "Median").get_label() == "Median: 2.88"


def test_no_goal_no_goal_line(ws):
    _measure(ws, "Clinics using the form", "percentage", "",
             [("2027-03-10", "20"), ("2027-04-10", "30")])
    chart = figures.run_chart(_series(ws, "Clinics using the form"))
    ax, _ = _plot(chart)
    assert _line(ax, "Goal") is None
    assert _line(ax, "Median") is not None
    assert "No goal set." in chart.alt


def test_two_years_of_monthly_values_keep_their_dates_apart(ws):
    days = [f"{2027 + m // 12}-{1 + m % 12:02d}-15" for m in range(24)]
    _measure(ws, "Clinics using the form", "percentage", "80",
             [(d, str(2 * m)) for m, d in enumerate(days)])
    ax, renderer = _plot(figures.run_chart(_series(ws, "Clinics using the form")))
    _assert_dates_apart(ax, renderer)
    assert len(_line(ax, "Value").get_xdata()) == 24


def test_one_value_is_a_point_on_a_week_of_days(ws):
    _measure(ws, "Clinics using the form", "percentage", "", [("2027-03-10", "20")])
    ax, renderer = _plot(figures.run_chart(_series(ws, "Clinics using the form")))
    _assert_dates_apart(ax, renderer)


def test_a_measure_with_no_value_yet_is_a_sentence(ws):
    _measure(ws, "Clinics using the form", "percentage", "80")
    chart = figures.run_chart(_series(ws, "Clinics using the form"))
    assert chart.words_only
    assert chart.alt.startswith("No values recorded yet for Clinics using the form")
    html = chart.html()
    assert "<img" not in html and "No values recorded yet" in html
    fig, _ = _drawn(chart)
    assert not any(a.axison for a in fig.axes)
    (text,) = [t.get_text() for t in fig.texts]
    assert " ".join(text.split()) == chart.alt, "the picture says it in the same words"


def test_values_that_cannot_be_read_are_said_not_drawn(ws):
    _measure(ws, "Staff trained", "count out of a total", "",
             [("2027-03-10", "about half"), ("2027-04-10", "12/40")])
    chart = figures.run_chart(_series(ws, "Staff trained"))
    ax, _ = _plot(chart)
    assert list(_line(ax, "Value").get_ydata()) == [30]
    assert "not drawn (the table shows them): 1." in chart.alt
    _measure(ws, "Staff asked", "count out of a total", "", [("2027-03-10", "most")])
    words = figures.run_chart(_series(ws, "Staff asked"))
    assert words.words_only and "No values recorded yet for Staff asked" in words.alt
    assert "could not be read as a count out of a total" in words.alt


# How the context and readiness moved ------------------------------------------------------


def _context(ws) -> None:
    """Four agreed factors, re-rated at a review: one better, one worse, one the same, one
    not yet."""
    first = {"III.J": ("barrier", 3), "II.F": ("barrier", 1), "V.A": ("facilitator", 2),
             "III.C": ("facilitator", 1)}
    for code, (effect, strength) in first.items():
        ws.save("agreed_factor", {"construct": code, "effect": effect, "strength": strength,
                                  "note": "seen at the clinic"}, by=BY)
    again = {"III.J": ("barrier", 1), "II.F": ("barrier", 2), "V.A": ("facilitator", 2)}
    for code, (effect, strength) in again.items():
        ws.save("agreed_rerating", {"review": "2027-06-10", "construct": code,
                                    "effect": effect, "strength": strength, "note": ""}, by=BY)


def _arrows(ax) -> dict[float, Annotation]:
    """The arrows drawn, by the row they are on."""
    return {a.xy[1]: a for a in ax.texts if isinstance(a, Annotation) and a.arrow_patch}


def _row_words(ax) -> dict[float, str]:
    return {a.xy[1]: a.get_text() for a in ax.texts
            if isinstance(a, Annotation) and not a.arrow_patch}


def test_context_moves_are_arrows_from_the_first_rating_to_the_latest(ws):
    _context(ws)
    changes = context_change(ws)
    chart = figures.change_chart(changes, "context")
    ax, renderer = _plot(chart)
    rows = {c.code: len(changes) - 1 - i for i, c in enumerate(changes)}  # top to bottom
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()][::-1]
    assert labels == [c.name for c in changes]
    arrows = _arrows(ax)
    assert set(arrows) == {rows["III.J"], rows["II.F"]}, "only what moved has an arrow"
    better, worse = arrows[rows["III.J"]], arrows[rows["II.F"]]
    assert (better.xyann[0], better.xy[0]) == (-3, -1), "from the first rating to the latest"
    assert (worse.xyann[0], worse.xy[0]) == (-1, -2)
    assert same_color(better.arrow_patch.get_edgecolor(), charts.FACILITATOR)
    assert same_color(worse.arrow_patch.get_edgecolor(), charts.BARRIER)
    assert _row_words(ax) == {rows["V.A"]: "unchanged", rows["III.C"]: "not re-rated yet"}
    hollow = [c for c in ax.collections if not c.get_facecolor().any()]
    assert [h.get_offsets()[0][1] for h in hollow] == [rows["III.C"]]
    ticks = [(loc, t.get_text().replace("\n", " "))
             for loc, t in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)]
    assert ticks == [(-3, "strong barrier"), (-2, "barrier"), (-1, "weak barrier"),
                     (1, "weak facilitator"), (2, "facilitator"), (3, "strong facilitator")]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "First rating", "Better", "Worse", "Not re-rated yet"]
    box = legend.get_window_extent(renderer)
    assert not box.overlaps(ax.get_window_extent(renderer))
    assert chart.figure.bbox.contains(box.x1, box.y1)
    assert ("Better (toward facilitator): 1. Worse (toward barrier): 1. Unchanged: 1. "
            "Not re-rated yet: 1.") in chart.alt


def test_readiness_moves_on_the_one_to_five_scale(ws):
    parts = framework_items("R=MC2_component")
    for member, ratings in (("Ana Silva", (3, 4, 2)), ("Tom Becker", (4, 4, 2))):
        for part, rating in zip(parts, ratings, strict=True):
            ws.save("readiness", {"member": member, "component": part, "rating": rating,
                                  "note": ""}, by=member)
    ws.save("readiness_agreed", {"review": "2027-06-10", "component": parts[0], "rating": 4,
                                 "note": ""}, by=BY)
    ws.save("readiness_agreed", {"review": "2027-06-10", "component": parts[1], "rating": 3,
                                 "note": ""}, by=BY)
    chart = figures.change_chart(readiness_change(ws), "readiness")
    ax, _ = _plot(chart)
    lo, hi = ax.get_xlim()
    assert [(loc, t.get_text()) for loc, t in zip(ax.get_xticks(), ax.get_xticklabels(),
                                                  strict=True) if lo <= loc <= hi] == [
        (v, str(v)) for v in range(1, 6)]
    arrows = _arrows(ax)
    up, down = arrows[2], arrows[1]  # the first part is the top row
    assert (up.xyann[0], up.xy[0]) == (3.5, 4), "from the members' median to the team's rating"
    assert same_color(up.arrow_patch.get_edgecolor(), charts.FACILITATOR)
    assert (down.xyann[0], down.xy[0]) == (4, 3)
    assert same_color(down.arrow_patch.get_edgecolor(), charts.BARRIER)
    assert _row_words(ax) == {0: "not re-rated yet"}
    assert "Better (higher): 1. Worse (lower): 1. Unchanged: 0. Not re-rated yet: 1." in chart.alt


@pytest.mark.parametrize(("scale", "words"), [("context", "No agreed context ratings yet"),
                                              ("readiness", "No readiness ratings yet")])
def test_nothing_rated_is_a_sentence(ws, scale, words):
    changes = context_change(ws) if scale == "context" else readiness_change(ws)
    chart = figures.change_chart(changes, scale)
    assert chart.words_only and chart.alt.startswith(words)
    assert "<img" not in chart.html()


def test_a_scale_the_course_does_not_have_is_refused():
    with pytest.raises(ValueError, match="context or readiness"):
        figures.change_chart([], "sustainability")


# The logic model --------------------------------------------------------------------------


LONG = ("Staff who see their own clinic's numbers each month, next to the other clinics' "
        "numbers, notice the gap between what they believe they do and what they do; the "
        "huddle turns that surprise into one small change they choose themselves, and the "
        "next month's numbers show whether it worked, which keeps them trying. See "
        "https://example.org/a-very-long-address-that-has-no-space-in-it-at-all/for-pages "
        "for the whole story, told again at length so that no box could ever hold it all. ")


def _plan(ws, strategies: int = 12, determinants: int = 15, mechanism: str = LONG) -> None:
    """A plan of ``strategies`` strategies acting on ``determinants`` barriers, each with a
    long mechanism and two outcomes, as a team would save it in Modules 3, 4 and 6."""
    codes = [c.code for c in cfir_constructs()][:determinants]
    ids = [s.id for s in eric_strategies()][:strategies]
    outcomes = framework_items("implementation_outcome")
    for k, sid in enumerate(ids):
        barriers = [codes[(2 * k) % len(codes)], codes[(2 * k + 1) % len(codes)]]
        ws.save("strategy", {"strategy": sid, "barriers": barriers, "reason": "x"}, by=BY)
        ws.save("specification", {"strategy": sid, "actor": "Nurse lead", "action": "train",
                                   "action_target": "front desk", "temporality": "monthly",
                                   "dose": "30 minutes", "outcome": outcomes[k % 8],
                                   "justification": f"{k}: {mechanism * (1 + k % 3)}"}, by=BY)
        _measure_for(ws, sid, ("Reach (RE-AIM)", "Fidelity")[k % 2])


def _measure_for(ws, sid: int, dimension: str) -> None:
    ws.save("outcome_measure", {"strategy": sid, "dimension": dimension, "measure": "m",
                                "source": "s", "collector": BY, "timing": "t"}, by=BY)


def _svg_texts(svg: str, prefix: str = "text-") -> dict[str, str]:
    """The text of each box (or column heading) of the SVG, by its id (text-column-row,
    column-number), its lines joined."""
    root = ET.fromstring(svg.encode("utf-8"))
    return {g.get("id"): " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
            for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith(prefix)}


def test_every_box_of_the_logic_model_is_in_the_svg_with_its_text(ws):
    _plan(ws, strategies=3, determinants=4, mechanism="Seeing the gap makes staff act.")
    model = logic_model(ws)
    svg = figures.logic_model_svg(model)
    boxes = _svg_texts(svg)
    expected = {f"text-{col}-{row}": text for col, items in enumerate(model.columns)
                for row, text in enumerate(items)}
    assert boxes == expected
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.find(f"{SVG}title").text == "Implementation Research Logic Model"
    assert _svg_texts(svg, "column-") == {f"column-{col}": name
                                          for col, name in enumerate(COLUMNS)}


def test_team_text_is_escaped_in_the_svg_and_on_the_page(ws):
    """A mechanism written as markup is text in the drawing, never markup of the page."""
    _plan(ws, strategies=1, determinants=1, mechanism=HOSTILE)
    model = logic_model(ws)
    chart = figures.logic_model_chart(model)
    for markup in (chart.svg, chart.html()):
        assert "<script" not in markup.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in markup
    assert _svg_texts(chart.svg)["text-2-0"] == '0: <script>alert(1)</script> & "x"'
    root = ET.fromstring(chart.svg.encode("utf-8"))
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    html = chart.html()
    assert html.startswith("<svg ") and 'role="img"' in html
    assert re.search(r'aria-label="Implementation Research Logic Model of the plan', html)
    assert "<img" not in html and "<?xml" not in html
    assert ".it-svg *{" in html and "\n  <style type=\"text/css\">*{" not in html


def test_twelve_strategies_and_fifteen_determinants_fit_one_page(ws):
    """The case the issue names: long mechanisms, every box inside the page, no box over
    another, every text inside its box, no text smaller than 6 points, an arrow per link."""
    _plan(ws)
    model = logic_model(ws)
    assert (len(model.determinants), len(model.strategies)) == (15, 12)
    chart = figures.logic_model_chart(model)
    fig, renderer = _drawn(chart)
    (ax,) = fig.axes
    page = fig.bbox
    texts = [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]
    assert len(texts) > 40
    for t in texts:
        box = t.get_window_extent(renderer)
        assert page.contains(box.x0, box.y0) and page.contains(box.x1, box.y1), t.get_text()
        assert t.get_fontsize() >= 6
    boxes = {p.get_gid(): p.get_window_extent(renderer) for p in ax.patches
             if isinstance(p, FancyBboxPatch)}
    assert len(boxes) == sum(len(c) for c in model.columns)
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), f"{a} covers {b}"
    for t in texts:
        if (t.get_gid() or "").startswith("text-"):
            inner, outer = t.get_window_extent(renderer), boxes[t.get_gid().replace("text", "box")]
            assert (outer.x0 <= inner.x0 and inner.x1 <= outer.x1 and outer.y0 <= inner.y0
                    and inner.y1 <= outer.y1), f"{t.get_gid()} overflows its box"
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == len(set(model.links)) > 12 * 3
    mechanisms = [t.get_text() for t in texts if (t.get_gid() or "").startswith("text-2-")]
    assert all(m.endswith("\N{HORIZONTAL ELLIPSIS}") for m in mechanisms), "long text is cut"
    assert "ends with an ellipsis" in chart.alt
    assert chart.png.startswith(b"\x89PNG") and fig.get_size_inches()[0] > \
        fig.get_size_inches()[1], "a landscape page"


def test_arrows_join_the_boxes_they_link(ws):
    _plan(ws, strategies=2, determinants=3, mechanism="Seeing the gap makes staff act.")
    model = logic_model(ws)
    fig, renderer = _drawn(figures.logic_model_chart(model))
    (ax,) = fig.axes
    boxes = {p.get_gid(): p.get_window_extent(renderer) for p in ax.patches
             if isinstance(p, FancyBboxPatch)}
    def joins(start, end, link) -> bool:
        (c1, r1), (c2, r2) = link
        a, b = boxes[f"box-{c1}-{r1}"], boxes[f"box-{c2}-{r2}"]
        return (abs(start[0] - a.x1) < 2 and a.y0 < start[1] < a.y1
                and abs(end[0] - b.x0) < 2 and b.y0 < end[1] < b.y1)

    paths = [p.get_path().vertices for p in ax.patches if isinstance(p, FancyArrowPatch)]
    # Where each arrow starts, and its tip (the point furthest right: arrows point right).
    drawn = [ax.transData.transform([v[0], v[v[:, 0].argmax()]]) for v in paths]
    assert len(drawn) == len(set(model.links))
    for link in set(model.links):
        assert any(joins(s, e, link) for s, e in drawn), f"no arrow for {link}"


def test_a_plan_without_strategies_says_when_its_logic_model_comes(ws):
    model = logic_model(ws)
    chart = figures.logic_model_chart(model)
    assert chart.words_only and "once the team has chosen strategies" in chart.alt
    assert chart.html().startswith('<p class="it-chart-empty">')
    svg = figures.logic_model_svg(model)
    root = ET.fromstring(svg.encode("utf-8"))
    assert "once the team has chosen strategies" in " ".join(
        t.text for t in root.iter(f"{SVG}text"))


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # drawn as a box, said so
def test_text_in_a_script_the_font_lacks_is_drawn_all_the_same(ws):
    """Characters the chart's font has no glyph for (日本, as a team may write) are measured as
    a wide letter, not a reason to stop: the plan files are made all the same."""
    _plan(ws, strategies=1, determinants=1, mechanism="Peer support 日本 と 한국 ✓ " + HOSTILE)
    chart = figures.logic_model_chart(logic_model(ws))
    assert "日本 と 한국" in chart.svg and chart.png
