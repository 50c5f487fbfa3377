"""Charts as accessible images: a PNG with alt text, so they render the same in JupyterLab,
Voila, the static site, the printable plan and the Word document. A table beside each chart
carries the same data."""

from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure

__all__ = ["BARRIER", "FACILITATOR", "GOAL", "NEUTRAL", "Chart", "bars", "box_columns",
           "diverging_bars", "dots", "moves", "pathways", "runs", "scatter", "timeline"]

BARRIER, FACILITATOR = "#b2182b", "#2166ac"  # a colour-blind-safe red and blue
NEUTRAL = "#4d4d4d"
GOAL = "#e08214"  # orange: told apart from the blue of the values by colour-blind readers too


@dataclass(frozen=True)
class Chart:
    """A rendered chart and the words that stand in for it. ``figure`` is the drawn figure,
    kept so that its layout (ticks, legend, bars) can be checked, not only its pixels.
    ``words_only`` marks a chart with nothing to draw: its alt text says so."""

    png: bytes
    alt: str
    figure: Figure | None = field(default=None, repr=False, compare=False)
    words_only: bool = False
    svg: str | None = field(default=None, repr=False)  # the same drawing, for pages that zoom

    def html(self) -> str:
        """The chart as an image with its alt text, inside the page itself (as SVG where it has
        one: its text stays sharp when zoomed, and can be searched); with nothing to draw, the
        sentence saying so as text (an empty box tells a reader nothing)."""
        if self.words_only:
            return f'<p class="it-chart-empty">{escape(self.alt)}</p>'
        if self.svg:
            return _inline(self.svg, self.alt)
        data = base64.b64encode(self.png).decode("ascii")
        return (f'<img src="data:image/png;base64,{data}" alt="{escape(self.alt)}" '
                'style="max-width:100%">')


def _figure(width: float, height: float, dpi: int = 100) -> Figure:
    """A new figure. Matplotlib is imported here, on first use, so that importing the course
    package stays quick for graded notebooks and apps that draw no chart."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=dpi)


def _chart(fig: Figure, alt: str, *, title: str | None = None, laid_out: bool = False) -> Chart:
    """The figure drawn, every text in it as plain text: a team's "$5 and $10" is money, not
    maths, and "Budget $^$ team" must not stop the chart (matplotlib reads $...$ as maths).

    With a ``title``, it is also saved as SVG with that title, its text kept as text (escaped
    by matplotlib's writer). ``laid_out`` keeps a layout the caller placed by hand."""
    from matplotlib import rc_context
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)
    with rc_context({"text.parse_math": False, "svg.fonttype": "none"}):
        if not laid_out:
            fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        svg = None
        if title is not None:
            out = io.StringIO()
            fig.savefig(out, format="svg", metadata={"Date": None})
            svg = _titled(out.getvalue(), title, alt)
    return Chart(buf.getvalue(), alt, fig, svg=svg)


def _titled(svg: str, title: str, alt: str) -> str:
    """The SVG with its title and description first inside it, as screen readers and browsers
    read them (matplotlib writes neither)."""
    start = svg.index(">", svg.index("<svg")) + 1
    return (f"{svg[:start]}\n <title>{escape(title)}</title>\n <desc>{escape(alt)}</desc>"
            f"{svg[start:]}")


def _inline(svg: str, alt: str) -> str:
    """An SVG file as an element of a page: without the XML prologue, labelled as one image,
    scaled to the page, its default style kept to itself (matplotlib's ``*{...}`` would
    otherwise reach every other drawing of the page)."""
    body = svg[svg.index("<svg"):].replace("*{stroke-linejoin", ".it-svg *{stroke-linejoin", 1)
    return body.replace("<svg ", f'<svg class="it-svg" role="img" aria-label="{escape(alt)}" '
                        'style="max-width:100%;height:auto" ', 1)


def _said(sentence: str, title: str | None = None) -> Chart:
    """Nothing to draw, as a sentence: the picture (for the Word plan) holds the same sentence,
    and no axes. With a ``title``, as SVG too (see ``_chart``)."""
    lines = textwrap.wrap(sentence, 80)
    fig = _figure(7, 0.25 * len(lines) + 0.35)
    fig.text(0.5, 0.5, "\n".join(lines), ha="center", va="center", fontsize=11)
    return replace(_chart(fig, sentence, title=title), words_only=True)


def _words(xlabel: str) -> Chart:
    """A chart whose every value is zero, as a sentence: "Modules done: none yet."."""
    return _said(f"{xlabel.split(' (')[0]}: none yet.")


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
    """Steps as points along a date line (see ``_dates``), earliest at the top, each labelled
    on the left."""
    ordered = sorted(items)
    fig = _figure(9, 0.55 * len(ordered) + 1.4)
    ax = fig.add_subplot()
    ys = list(range(len(ordered)))[::-1]
    ax.scatter([d for d, _ in ordered], ys, color=FACILITATOR, s=50, zorder=3)
    ax.set_yticks(ys, [textwrap.fill(textwrap.shorten(label, 80), 40) for _, label in ordered],
                  fontsize=8)
    _dates(ax, ordered[0][0], ordered[-1][0])
    ax.margins(y=0.15)
    return _chart(fig, alt)


def _dates(ax: Axes, first: date, last: date) -> None:
    """Dates across: at least a week shown, so that ticks fall on whole days (days close
    together drew ticks at hours, one day alone years), each labelled as a date the way tables
    show it, slanted so that no two labels overlap."""
    from matplotlib.dates import AutoDateLocator, DateFormatter

    pad = max(timedelta(days=3), (last - first) * 0.08)
    ax.set_xlim(first - pad, last + pad)
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
    ax.grid(True, axis="x", alpha=0.3)
    ax.figure.autofmt_xdate()


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


def runs(points: Sequence[tuple[date, float]], title: str, ylabel: str,
         yticks: Sequence[tuple[float, str]] | Callable[[float], str],
         ylim: tuple[float, float] | None, alt: str, *, centre: tuple[str, float] | None,
         goal: tuple[str, float] | None, empty: str) -> Chart:
    """A run chart: values as points joined in date order, the ``centre`` (a median) dashed
    across, the ``goal`` dash-dotted across, each named in a legend beside the plot, clear of
    the data. Ticks across are dates (see ``_dates``). Ticks up are ``yticks`` as labelled,
    or, given a way to say a value, placed to fit the values and the goal (on whole numbers
    when every one is whole). With no point, the sentence ``empty``."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if not points:
        return _said(empty)
    ordered = sorted(points)
    fig = _figure(8, 3.6)
    ax = fig.add_subplot()
    ax.plot([d for d, _ in ordered], [v for _, v in ordered], color=FACILITATOR, marker="o",
            markersize=6, linewidth=1.5, label="Value", zorder=3)
    if centre:
        ax.axhline(centre[1], color=NEUTRAL, linestyle="--", linewidth=1.2, label=centre[0])
    if goal:
        ax.axhline(goal[1], color=GOAL, linestyle="-.", linewidth=1.8, label=goal[0])
    if callable(yticks):
        drawn = [v for _, v in ordered] + [y for _, y in filter(None, (centre, goal))]
        ax.yaxis.set_major_locator(MaxNLocator(integer=all(float(v).is_integer()
                                                           for v in drawn)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: yticks(value)))
    else:
        ax.set_yticks([v for v, _ in yticks], [label for _, label in yticks])
    if ylim:
        ax.set_ylim(*ylim)
    ax.set_ylabel(ylabel)
    ax.grid(True, axis="y", alpha=0.3)
    _dates(ax, ordered[0][0], ordered[-1][0])
    ax.set_title(textwrap.fill(textwrap.shorten(title, 150), 80), fontsize=10, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    return _chart(fig, alt)


def moves(labels: Sequence[str], pairs: Sequence[tuple[float, float | None]],
          ticks: Sequence[tuple[float, str]], limits: tuple[float, float], xlabel: str,
          alt: str, *, empty: str) -> Chart:
    """How each row moved between two ratings on one scale (higher is better), top to bottom:
    a grey dot at the first rating and an arrow to the latest, blue where it went up, red where
    it went down; a row not re-rated yet is a hollow dot, and said in words, as is one that
    did not change. The legend sits above the plot and names only what is drawn. With no
    row, the sentence ``empty``."""
    from matplotlib.lines import Line2D

    if not pairs:
        return _said(empty)

    fig = _figure(8, 0.55 * len(labels) + 1.9)
    ax = fig.add_subplot()
    middle = sum(limits) / 2
    kinds: set[str] = set()
    for row, (first, latest) in enumerate(pairs):
        y = len(labels) - 1 - row
        kind = ("Not re-rated yet" if latest is None else "Better" if latest > first
                else "Worse" if latest < first else "Unchanged")
        kinds.add(kind)
        ax.scatter([first], [y], s=55, zorder=3, color=NEUTRAL,
                   facecolors="none" if latest is None else NEUTRAL)
        if kind in ("Better", "Worse"):
            ax.annotate("", xy=(latest, y), xytext=(first, y), arrowprops={
                "arrowstyle": "-|>", "color": FACILITATOR if kind == "Better" else BARRIER,
                "linewidth": 2, "mutation_scale": 16, "shrinkA": 4, "shrinkB": 0})
        else:
            left = first <= middle  # the words on the side with room
            ax.annotate(kind.lower(), (first, y), textcoords="offset points",
                        xytext=(9 if left else -9, 0), ha="left" if left else "right",
                        va="center", fontsize=8, style="italic", color=NEUTRAL)
    ax.set_yticks(range(len(labels)), [textwrap.fill(n, 30) for n in labels][::-1], fontsize=8)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.set_xlim(*limits)
    ax.set_xticks([v for v, _ in ticks], [label for _, label in ticks], fontsize=8)
    ax.set_xlabel(xlabel)
    ax.grid(True, axis="x", alpha=0.3)
    handles = [Line2D([], [], color=NEUTRAL, marker="o", linestyle="none", label="First rating")]
    handles += [Line2D([], [], color=colour, marker=">", label=kind)
                for kind, colour in (("Better", FACILITATOR), ("Worse", BARRIER)) if kind in kinds]
    if "Not re-rated yet" in kinds:
        handles.append(Line2D([], [], color=NEUTRAL, marker="o", markerfacecolor="none",
                              linestyle="none", label="Not re-rated yet"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0),
              ncol=len(handles), frameon=False, fontsize=8)
    return _chart(fig, alt)


_PAGE = (10.0, 7.0)  # inches: one landscape page of A4 or Letter, within its margins
_SIZES = (9, 8.5, 8, 7.5, 7, 6.5, 6)  # the font sizes a box may take, largest first
_LINES = 6  # the most lines a box shows: longer text is cut short with an ellipsis
_TINTS = ("#f6dcd8", "#d9e6f3", "#e9e9e9", "#fbe6c8")  # light, so black text reads on them


def _wrap(text: str, width: float, lines: int,
          measure: Callable[[str], float]) -> tuple[list[str], bool]:
    """``text`` in lines no wider than ``width`` (as ``measure`` finds them), at most ``lines``
    of them; and whether it was cut short (its last line then ends with an ellipsis)."""
    text = " ".join(text.split())
    sample = text[:80]  # the width of a character, as this text writes them
    chars = int(width * len(sample) / max(measure(sample), 1e-9)) + 3
    # Only what could show is wrapped: it makes more lines than shown if the whole text does.
    text = text[:(lines + 2) * (chars + 1)]
    wrapped = textwrap.wrap(text, max(chars, 1)) or [""]
    while chars > 1 and any(measure(line) > width for line in wrapped[:lines]):
        chars -= 1
        wrapped = textwrap.wrap(text, chars)
    if len(wrapped) <= lines:
        return wrapped, False
    last = wrapped[lines - 1]
    while last and measure(last + "\N{HORIZONTAL ELLIPSIS}") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return [*wrapped[:lines - 1], last.rstrip(" ,;:") + "\N{HORIZONTAL ELLIPSIS}"], True


_SAMPLE = "The quick brown fox jumps over the lazy dog, 0123456789 THE QUICK BROWN FOX"


def _widths(renderer: RendererBase, dpi: float, weight: str) -> Callable[[str, float], float]:
    """How wide a line of text is drawn at a font size, in inches: its characters' advances
    added up, scaled to what the renderer draws for a sample at that size, with 3% to spare
    (measuring each line with the renderer took seconds for a plan of 12 strategies)."""
    from matplotlib.font_manager import FontProperties, findfont, get_font

    font = get_font(findfont(FontProperties(weight=weight)))
    advances: dict[str, float] = {}
    scales: dict[float, float] = {}

    def advance(text: str) -> float:
        for char in set(text) - advances.keys():
            font.set_size(72, 72)
            try:
                advances[char] = font.load_char(ord(char)).linearHoriAdvance
            except RuntimeError:  # not in the font (日本): as wide as its widest letter
                advances[char] = advance("W")
        return sum(advances[char] for char in text)

    def width(text: str, size: float) -> float:
        if size not in scales:
            drawn = renderer.get_text_width_height_descent(
                _SAMPLE, FontProperties(size=size, weight=weight), ismath=False)[0] / dpi
            scales[size] = drawn / advance(_SAMPLE)
        return 1.03 * advance(text) * scales[size]

    return width


def box_columns(title: str, headers: Sequence[str], columns: Sequence[Sequence[str]],
                links: Sequence[tuple[tuple[int, int], tuple[int, int]]],
                widths: Sequence[float], alt: str, *, empty: str) -> Chart:
    """Columns of boxes on one landscape page, joined by arrows from a box to a box of a column
    further right; ``links`` name the boxes as (column, row). Kept as PNG and as SVG titled
    ``title``. With no box at all, the sentence ``empty`` (in both).

    Each column's boxes share the page's height: the more boxes, the smaller they are, and
    each column takes the largest font size (9 down to 6 points) at which all its texts fit
    their boxes whole, wrapped inside them; a text too long even at 6 points is cut short with
    an ellipsis, so that no box overflows and no box covers another. Lines start at the box's
    left edge: in the SVG each line is placed where it starts, so a browser's own font, a
    little narrower or wider, moves no line out of its box on the left."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    if not any(columns):
        return _said(empty, title)
    page_w, page_h = _PAGE
    fig = _figure(page_w, page_h, dpi=200)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, page_w)
    ax.set_ylim(0, page_h)
    ax.axis("off")

    wide = {weight: _widths(renderer, fig.dpi, weight) for weight in ("normal", "bold")}

    def font(size: float, weight: str = "normal") -> tuple[FontProperties, Callable]:
        return (FontProperties(size=size, weight=weight), lambda text: wide[weight](text, size))

    def height(prop: FontProperties, lines: int) -> float:
        """The height of ``lines`` lines, spaced as matplotlib spaces them."""
        h, d = renderer.get_text_width_height_descent("lp", prop, ismath=False)[1:]
        return (h + (lines - 1) * (h - d) * 1.2) / fig.dpi

    margin, gap, pad = 0.25, 0.45, 0.05
    _, measure = font(12, "bold")
    ax.text(margin, page_h - margin, _wrap(title, page_w - 2 * margin, 1, measure)[0][0],
            ha="left", va="top", fontsize=12, fontweight="bold")
    header_top, top, bottom = page_h - margin - 0.35, page_h - margin - 0.8, margin
    span = page_w - 2 * margin - gap * (len(columns) - 1)
    lefts, heights, sizes = [], [], [span * w / sum(widths) for w in widths]
    centres: list[list[float]] = []
    cut = False
    for col, (header, items, width) in enumerate(zip(headers, columns, sizes, strict=True)):
        left = margin + sum(sizes[:col]) + gap * col
        lefts.append(left)
        lines, _ = _wrap(header, width, 2, font(9, "bold")[1])
        ax.text(left + width / 2, header_top, "\n".join(lines), ha="center", va="top",
                fontsize=9, fontweight="bold", gid=f"column-{col}")
        slot = min((top - bottom) / max(len(items), 1), 1.3)
        first = (top + bottom) / 2 + slot * len(items) / 2
        centres.append([first - (row + 0.5) * slot for row in range(len(items))])
        heights.append(0.0)
        if not items:
            ax.text(left + width / 2, (top + bottom) / 2, "None yet", ha="center",
                    va="center", fontsize=9, style="italic", color=NEUTRAL)
            continue
        room = slot - min(0.1, 0.2 * slot) - 2 * pad
        for size in _SIZES:
            prop, measure = font(size)
            most = next((n for n in range(_LINES, 0, -1) if height(prop, n) <= room), 1)
            texts = [_wrap(item, width - 2 * pad, most, measure) for item in items]
            if not any(short for _, short in texts):
                break
        cut = cut or any(short for _, short in texts)
        box = heights[col] = height(prop, max(len(lines) for lines, _ in texts)) + 2 * pad
        for row, ((lines, _), y) in enumerate(zip(texts, centres[col], strict=True)):
            ax.add_patch(FancyBboxPatch((left, y - box / 2), width, box, gid=f"box-{col}-{row}",
                                        boxstyle="round,pad=0,rounding_size=0.05",
                                        facecolor=_TINTS[col % len(_TINTS)], edgecolor=NEUTRAL,
                                        linewidth=0.8))
            ax.text(left + pad, y, "\n".join(lines), ha="left", va="center",
                    fontsize=size, linespacing=1.2, gid=f"text-{col}-{row}")
    arrows = list(dict.fromkeys(links))

    def ports(end: int) -> dict:
        """Where each arrow leaves (``end`` 0) or reaches (1) its box: spread down the box's
        edge in the order of their other ends, so that arrows meet in no one point."""
        at: dict[tuple[int, int], list] = {}
        for link in arrows:
            at.setdefault(link[end], []).append(link)
        out = {}
        for (col, row), group in at.items():
            group.sort(key=lambda link: -centres[link[1 - end][0]][link[1 - end][1]])
            for k, link in enumerate(group):
                out[link] = (centres[col][row]
                             + 0.7 * heights[col] * (0.5 - (k + 0.5) / len(group)))
        return out

    starts, ends = ports(0), ports(1)
    for link in arrows:
        (c1, _), (c2, _) = link
        ax.add_patch(FancyArrowPatch((lefts[c1] + sizes[c1], starts[link]),
                                     (lefts[c2], ends[link]), arrowstyle="-|>",
                                     mutation_scale=7, linewidth=0.6, color=NEUTRAL,
                                     shrinkA=0, shrinkB=0, gid="link"))
    if cut:
        alt += (" Text too long for its box ends with an ellipsis (…); the plan's tables hold "
                "it in full.")
    return _chart(fig, alt, title=title, laid_out=True)
