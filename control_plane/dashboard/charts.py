"""Bar charts drawn on the server as SVG geometry (no chart library, no script): the template
control_plane/dashboard/_bar_chart.html turns a BarChart into an inline <svg>."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

WIDTH = 600
HEIGHT = 160
TOP = 16  # room for the highest value's label
BOTTOM = 20  # room for the dates under the bars
LEFT = 4
GAP = 2


@dataclass(frozen=True)
class Bar:
    day: date
    value: int
    x: float
    y: float
    width: float
    height: float
    href: str  # "" when the bar links nowhere
    label: str  # what a screen reader and the tooltip say


@dataclass(frozen=True)
class BarChart:
    title: str
    total: int
    peak: int
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM
    top: int = TOP
    plot_height: int = HEIGHT - BOTTOM - TOP

    @property
    def first_day(self) -> date | None:
        return self.bars[0].day if self.bars else None

    @property
    def last_day(self) -> date | None:
        return self.bars[-1].day if self.bars else None


def build_bar_chart(
    *,
    title: str,
    per_day: dict[date, int],
    unit: str,
    link: Callable[[date], str] | None = None,
) -> BarChart:
    """One bar per day, scaled to the busiest day (a day with none: no bar, still a value)."""
    days = list(per_day)
    peak = max(per_day.values(), default=0)
    slot = (WIDTH - LEFT) / max(len(days), 1)
    plot = HEIGHT - BOTTOM - TOP
    bars = []
    for index, day in enumerate(days):
        value = per_day[day]
        height = round(plot * value / peak, 2) if peak else 0
        bars.append(
            Bar(
                day=day,
                value=value,
                x=round(LEFT + index * slot, 2),
                y=round(HEIGHT - BOTTOM - height, 2),
                width=round(slot - GAP, 2),
                height=height,
                href=link(day) if link else "",
                label=f"{day.isoformat()}: {value} {unit}",
            )
        )
    return BarChart(title=title, total=sum(per_day.values()), peak=peak, bars=bars)
