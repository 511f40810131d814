"""The pump-rate timeline: a vector staircase of mL/h against clock time.

Drawn with reportlab.graphics so it scales and prints sharply in black and white; it only
reads the steps of a :class:`DayPlan`, it never computes a rate.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from planner.core.formatting import clock
from planner.plan.models import DayPlan
from planner.report.pdf.styles import (
    BLACK,
    FONT,
    FONT_BOLD,
    GREY_FILL,
    GREY_RULE,
    GREY_TEXT,
    WHITE,
)

_LEFT = 46.0  # room for the y labels
_RIGHT = 12.0
_BOTTOM = 44.0  # hour labels, then the vitals lane below them
_VITALS_Y = 24.0  # tip of a vitals marker (the triangle points up at the time axis)
_MARK = 4.0  # half the width of a vitals marker
_VITALS_SIZE = 6.5
_TOP = 16.0  # step labels above the highest step
_LABEL_SIZE = 8.5
_TICK_SIZE = 8.0


def _nice_step(top: float) -> float:
    """A round grid step giving at most five lines up to ``top``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return float(step)
    return float(10 ** math.ceil(math.log10(top)))


def _floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _ceil_hour(moment: datetime) -> datetime:
    floored = _floor_hour(moment)
    return floored if floored == moment else floored + timedelta(hours=1)


def rate_chart(day: DayPlan, width: float, height: float = 150.0) -> Drawing:
    """Staircase of ``day``'s pump rates (mL/h) with hour ticks and each step's rate."""
    drawing = Drawing(width, height, initialFontName=FONT, initialFontSize=_TICK_SIZE)
    steps = day.steps
    if not steps:
        return drawing
    checks = [v.time for v in day.vitals]
    t0 = _floor_hour(min([steps[0].start, *checks]))
    t1 = _ceil_hour(max([steps[-1].end, *checks]))
    span_min = max((t1 - t0).total_seconds() / 60, 60.0)
    plot_w = width - _LEFT - _RIGHT
    plot_h = height - _BOTTOM - _TOP
    top_rate = max(s.rate_ml_h for s in steps)
    # headroom: the highest step's label must sit inside the plot, clear of its top edge
    wanted = max(top_rate * plot_h / (plot_h - _LABEL_SIZE - 6), 1.0)
    y_step = _nice_step(wanted)
    y_max = math.ceil(wanted / y_step - 1e-9) * y_step

    def x(moment: datetime) -> float:
        return _LEFT + (moment - t0).total_seconds() / 60 / span_min * plot_w

    def y(rate: float) -> float:
        return _BOTTOM + rate / y_max * plot_h

    drawing.add(Rect(_LEFT, _BOTTOM, plot_w, plot_h, strokeColor=GREY_RULE, fillColor=None,
                     strokeWidth=0.5))

    # horizontal grid and rate labels
    level = 0.0
    while level <= y_max + 1e-9:
        drawing.add(Line(_LEFT, y(level), _LEFT + plot_w, y(level), strokeColor=GREY_RULE,
                         strokeWidth=0.4, strokeDashArray=[1, 2]))
        drawing.add(String(_LEFT - 4, y(level) - 3, f"{level:g}", fontName=FONT,
                           fontSize=_TICK_SIZE, textAnchor="end", fillColor=GREY_TEXT))
        level += y_step
    drawing.add(String(_LEFT - 4, _BOTTOM + plot_h + 6, "mL/h", fontName=FONT_BOLD,
                       fontSize=_TICK_SIZE, textAnchor="end", fillColor=BLACK))

    # hour ticks
    hours = round(span_min / 60)
    every = 1 if hours <= 12 else 2 if hours <= 24 else 4
    tick = t0
    while tick <= t1:
        drawing.add(Line(x(tick), _BOTTOM, x(tick), _BOTTOM + plot_h, strokeColor=GREY_RULE,
                         strokeWidth=0.4, strokeDashArray=[1, 2]))
        drawing.add(Line(x(tick), _BOTTOM - 3, x(tick), _BOTTOM, strokeColor=BLACK,
                         strokeWidth=0.8))
        drawing.add(String(x(tick), _BOTTOM - 12, clock(tick), fontName=FONT,
                           fontSize=_TICK_SIZE, textAnchor="middle", fillColor=BLACK))
        tick += timedelta(hours=every)

    # the staircase: a light fill under a heavy black line
    points: list[float] = [x(steps[0].start), y(0)]
    for s in steps:
        points += [x(s.start), y(s.rate_ml_h), x(s.end), y(s.rate_ml_h)]
    points += [x(steps[-1].end), y(0)]
    drawing.add(Polygon(points, fillColor=GREY_FILL, strokeColor=None, strokeWidth=0))
    drawing.add(PolyLine(points, strokeColor=BLACK, strokeWidth=2))

    # a lot change that restarted the ramp: a heavy dashed line, named above the plot
    if day.ramp_restart_at is not None:
        rx = x(day.ramp_restart_at)
        drawing.add(Line(rx, _BOTTOM, rx, _BOTTOM + plot_h + 2, strokeColor=BLACK,
                         strokeWidth=1.2, strokeDashArray=[4, 2]))
        drawing.add(String(rx + 2, _BOTTOM + plot_h + 4,
                           f"↻ new lot {clock(day.ramp_restart_at)}: ramp restarts",
                           fontName=FONT_BOLD, fontSize=_TICK_SIZE, fillColor=BLACK))

    # step labels: the pump rate over each step, lifted when a neighbour is in the way
    last_right = -1e9
    last_y = -1e9
    for s in steps:
        left, right = x(s.start), x(s.end)
        text = f"{s.rate_ml_h:.1f} mL/h"
        if stringWidth(text, FONT_BOLD, _LABEL_SIZE) > right - left - 2:
            text = f"{s.rate_ml_h:.1f}"
        w = stringWidth(text, FONT_BOLD, _LABEL_SIZE)
        cx = (left + right) / 2
        ly = y(s.rate_ml_h) + 3
        # only a label that would really touch the previous one is lifted over it; a step
        # lower than its neighbour (a restarted ramp) keeps its label on its own line
        if cx - w / 2 < last_right + 2 and abs(ly - last_y) < _LABEL_SIZE + 1:
            ly = last_y + _LABEL_SIZE + 2
        drawing.add(Rect(cx - w / 2 - 1.5, ly - 2, w + 3, _LABEL_SIZE + 2.5, fillColor=WHITE,
                         strokeColor=None, strokeWidth=0))  # keeps grid lines off the digits
        drawing.add(String(cx, ly, text, fontName=FONT_BOLD, fontSize=_LABEL_SIZE,
                           textAnchor="middle", fillColor=BLACK))
        last_right, last_y = cx + w / 2, ly

    _vitals_lane(drawing, checks, x)

    # where the bag runs empty
    end_x = x(steps[-1].end)
    drawing.add(Line(end_x, _BOTTOM, end_x, _BOTTOM + plot_h, strokeColor=BLACK,
                     strokeWidth=0.8, strokeDashArray=[3, 2]))
    end_text = f"bag empty {clock(steps[-1].end)}"
    end_w = stringWidth(end_text, FONT_BOLD, _TICK_SIZE)
    anchor = "end" if end_x + 3 + end_w > _LEFT + plot_w else "start"
    drawing.add(String(end_x - 3 if anchor == "end" else end_x + 3, _BOTTOM + 4,
                       end_text, fontName=FONT_BOLD, fontSize=_TICK_SIZE, textAnchor=anchor,
                       fillColor=BLACK))
    return drawing


def _vitals_lane(drawing: Drawing, checks: list[datetime], x: Callable[[datetime], float]) -> None:
    """Black triangles under the hour labels at each vitals time, each with its HH:MM.

    Labels that would touch go to a second row; shapes, not colour, so it reads in black
    and white.
    """
    if not checks:
        return
    drawing.add(String(_LEFT - 8, _VITALS_Y - 8, "vitals", fontName=FONT_BOLD,
                       fontSize=_TICK_SIZE, textAnchor="end", fillColor=BLACK))
    rows_end = [-1e9, -1e9]
    for when in checks:
        cx = x(when)
        drawing.add(Polygon([cx - _MARK, _VITALS_Y - 7, cx + _MARK, _VITALS_Y - 7, cx,
                             _VITALS_Y], fillColor=BLACK, strokeColor=BLACK, strokeWidth=0.5))
        text = clock(when)
        w = stringWidth(text, FONT, _VITALS_SIZE)
        for row, ly in enumerate((_VITALS_Y - 14.5, _VITALS_Y - 21.5)):
            if cx - w / 2 > rows_end[row] + 1.5:
                drawing.add(String(cx, ly, text, fontName=FONT, fontSize=_VITALS_SIZE,
                                   textAnchor="middle", fillColor=BLACK))
                rows_end[row] = cx + w / 2
                break
