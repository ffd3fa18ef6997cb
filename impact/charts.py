"""Charts drawn on the server as SVG: no library, no script, no network.

Each function returns the geometry for a template in `impact/charts/`; the template
always puts the same numbers in a table under the picture, for screen readers and for copying.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pasarlokal.core.money import format_rupiah


def nice_ceiling(value):
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value` (at least 1), for round axis ticks."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude) if step * magnitude >= 1 else step * magnitude
    return 10 * magnitude


def compact(value, rupiah=False):
    """Short axis labels: 12.500.000 → 12,5 jt (Indonesian) / 12.5M (English)."""
    for size, label in ((10**9, _("%(n)s bn")), (10**6, _("%(n)s M")), (10**3, _("%(n)s k"))):
        if abs(value) >= size:
            short = number_format(round(value / size, 1), decimal_pos=1 if value % size else 0)
            text = label % {"n": short}
            break
    else:
        text = number_format(value)
    return f"Rp{text}" if rupiah else text


def display(value, rupiah=False):
    return format_rupiah(value) if rupiah else number_format(value, force_grouping=True)


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    text: str
    show_label: bool = True
    label_x: float = 0
    label_y: float = 0
    full_label: str = ""

    def __post_init__(self):
        self.full_label = self.full_label or self.label

    @property
    def value_x(self):
        return round(self.x + self.width + 6, 1)


@dataclass
class Chart:
    title: str
    kind: str
    width: int
    height: int
    bars: list
    ticks: list = field(default_factory=list)
    rupiah: bool = False
    value_label: str = ""
    label_heading: str = ""
    plot_left: float = 0
    plot_right: float = 0
    plot_bottom: float = 0

    @property
    def tick_x(self):
        return self.plot_left - 6

    @property
    def is_empty(self):
        return not any(bar.value for bar in self.bars)


def column_chart(points, title, value_label, label_heading, rupiah=False, width=720, height=240):
    """Vertical bars over time. `points` is a list of (label, value)."""
    left, right, top, bottom = 64, 8, 12, 28
    plot_width, plot_height = width - left - right, height - top - bottom
    top_value = nice_ceiling(max((value for _label, value in points), default=0))
    band = plot_width / max(len(points), 1)
    every = max(1, math.ceil(len(points) / max(1, plot_width // 56)))  # labels ~56px apart
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = plot_height * value / top_value
        x = left + index * band + band * 0.15
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(x, 1),
                y=round(top + plot_height - bar_height, 1),
                width=round(band * 0.7, 1),
                height=round(bar_height, 1),
                text=display(value, rupiah),
                show_label=index % every == 0,
                label_x=round(x + band * 0.35, 1),
                label_y=height - 8,
            )
        )
    ticks = []
    for step in range(5):
        tick_value = top_value * step / 4
        ticks.append(
            {
                "y": round(top + plot_height - plot_height * step / 4, 1),
                "text": compact(tick_value if tick_value % 1 else int(tick_value), rupiah),
            }
        )
    return Chart(
        title=title,
        kind="columns",
        width=width,
        height=height,
        bars=bars,
        ticks=ticks,
        rupiah=rupiah,
        value_label=value_label,
        label_heading=label_heading,
        plot_left=left,
        plot_right=width - right,
        plot_bottom=top + plot_height,
    )


def bar_chart(rows, title, value_label, label_heading, rupiah=False, width=720):
    """Horizontal bars, one per row: for breakdowns by sector or region. `rows`: (label, value)."""
    label_width, value_width, row_height, top = 190, 120, 26, 6
    plot_width = width - label_width - value_width
    top_value = max((value for _label, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        y = top + index * row_height
        short = label if len(label) <= 26 else label[:25] + "…"
        bars.append(
            Bar(
                label=short,
                full_label=label,
                value=value,
                x=label_width,
                y=y + 4,
                width=round(max(plot_width * value / top_value, 1 if value else 0), 1),
                height=row_height - 8,
                text=display(value, rupiah),
                label_x=label_width - 8,
                label_y=y + row_height / 2 + 4,
            )
        )
    height = top * 2 + row_height * max(len(rows), 1)
    return Chart(
        title=title,
        kind="bars",
        width=width,
        height=height,
        bars=bars,
        rupiah=rupiah,
        value_label=value_label,
        label_heading=label_heading,
        plot_left=label_width,
        plot_right=label_width + plot_width,
    )
