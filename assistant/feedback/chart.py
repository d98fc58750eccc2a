"""Questions per day and route as a stacked bar chart (SVG), drawn on the server with matplotlib.

matplotlib is imported only when a chart is drawn (server start-up stays fast), and through its
object-oriented ``Figure`` API, which keeps no global state (pyplot is not used), so charts may be drawn in
several threads at once."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

# One colour per route, told apart without colour vision too (Okabe–Ito palette), crisis in vermilion.
COLOURS = {"answer": "#0072B2", "handoff": "#E69F00", "crisis": "#D55E00", "out_of_scope": "#999999"}


@dataclass(frozen=True)
class ChartTexts:
    """The chart's words in the staff member's language (from the locales)."""

    title: str
    y_label: str
    routes: Mapping[str, str]  # route -> its name


def day_route_svg(days: Sequence[tuple[date, Mapping[str, int]]], texts: ChartTexts, narrow: bool = False) -> bytes:
    """A stacked bar per day (``days``: every day of the period, in order, with its count per route);
    ``narrow`` draws it for a phone's width (fewer date ticks, the legend in two columns)."""
    from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(4.2, 3.4) if narrow else (8, 3.2), layout="constrained")
    axes = figure.add_subplot()
    dates = date2num([day for day, _ in days])
    bottom = [0] * len(days)
    for route, name in texts.routes.items():
        heights = [counts.get(route, 0) for _, counts in days]
        if not any(heights):
            continue
        axes.bar(dates, heights, bottom=bottom, color=COLOURS.get(route, "#56B4E9"), label=name, width=0.8)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_title(texts.title, loc="left", fontsize=11)
    axes.set_ylabel(texts.y_label)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max([*bottom, 1]) * 1.15)
    axes.xaxis_date()
    axes.xaxis.set_major_locator(AutoDateLocator(maxticks=4 if narrow else 8))
    axes.xaxis.set_major_formatter(DateFormatter("%-d.%-m."))
    axes.spines[["top", "right"]].set_visible(False)
    if any(bottom):  # below the plot, so it never hides a bar
        figure.legend(loc="outside lower center", frameon=False, ncols=2 if narrow else 4, fontsize=9)
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})  # no timestamp: the same data, the same file
    return out.getvalue()
