"""Figure timelines drawn with matplotlib into inline SVG (no external assets).

Scraped names end up as chart labels, so labels are stripped of matplotlib's mathtext trigger
(``$``); the SVG writer escapes XML itself.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams["svg.fonttype"] = "none"  # keep text as text: small files, selectable labels


@dataclass(frozen=True, slots=True)
class Point:
    """One figure on a timeline: when, its interval, and whether it raised an alert."""

    when: datetime
    low: float | None
    high: float | None
    alerted: bool = False


def _label(text: str) -> str:
    return text.replace("$", r"\$")[:60]


def _value(p: Point) -> float:
    if p.low is not None and p.high is not None and not math.isinf(p.high):
        return (p.low + p.high) / 2
    return p.low if p.low is not None else (p.high or 0.0)


def _frame(ax: Any, points: list[Point]) -> None:
    """Counts start at zero; a timeline spans at least a few days either side of its points."""
    if not points:
        return
    top = max(max(_value(p), p.high if p.high and not math.isinf(p.high) else 0) for p in points)
    ax.set_ylim(0, max(top * 1.15, 1))
    first, last = min(p.when for p in points), max(p.when for p in points)
    pad = max((last - first) * 0.08, timedelta(days=1))
    ax.set_xlim(first - pad, last + pad)


def timeline_svg(series: dict[str, list[Point]], *, title: str, ylabel: str = "count") -> str:
    """An SVG chart: one line per claimant, ranges as bars, open-ended values as up arrows,
    alerts ringed in red. Returns the ``<svg>`` element as a string."""
    fig, ax = plt.subplots(figsize=(7.5, 3.4), dpi=96)
    try:
        for name, points in sorted(series.items()):
            pts = sorted(points, key=lambda p: p.when)
            if not pts:
                continue
            xs = [p.when for p in pts]
            ys = [_value(p) for p in pts]
            (line,) = ax.plot(
                xs, ys, marker="o", linewidth=1.6, label=_label(name or "unattributed")
            )
            color = line.get_color()
            for p, y in zip(pts, ys, strict=True):
                if (
                    p.low is not None
                    and p.high is not None
                    and not math.isinf(p.high)
                    and p.high > p.low
                ):
                    ax.vlines(p.when, p.low, p.high, colors=color, linewidth=4, alpha=0.35)
                if p.high is None or math.isinf(p.high):
                    ax.plot([p.when], [y], marker="^", color=color, markersize=9)
                if p.alerted:
                    ax.plot(
                        [p.when],
                        [y],
                        marker="o",
                        markersize=14,
                        markerfacecolor="none",
                        markeredgecolor="#c62828",
                        markeredgewidth=2,
                    )
        ax.set_title(_label(title), fontsize=11, loc="left")
        ax.set_ylabel(_label(ylabel))
        ax.grid(True, alpha=0.3)
        _frame(ax, [p for pts in series.values() for p in pts])
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        if series:
            ax.legend(fontsize=8, loc="best", frameon=False)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    finally:
        plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]
