"""One course day, planned against actual: pump rate over clock time with a "now" line.

The plan is drawn thin and grey; what ran (from the recorded events) solid; what is still to
run dashed. A pause is the gap where nothing ran. It paints only the re-planned day the
engine made (:class:`planner.bedside.replan.ReplannedDay`); it never computes a rate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from planner.bedside.replan import ReplannedDay
from planner.plan.models import RateStep

PLANNED = QColor("#9e9e9e")
ACTUAL = QColor("#1f5a96")
NOW = QColor("#c62828")
VITALS = QColor("#00695c")


class DayChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._day: ReplannedDay | None = None
        self._now: datetime | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(150)
        self.setAccessibleName("Planned and actual pump rate")

    def sizeHint(self) -> QSize:
        return QSize(560, 190)

    def set_day(self, day: ReplannedDay | None, now: datetime | None) -> None:
        self._day, self._now = day, now
        self.setToolTip(_tooltip(day))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        day = self._day
        if day is None or not day.day.steps:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No infusion to chart")
            return
        metrics = QFontMetricsF(self.font())
        left, bottom = metrics.horizontalAdvance("888 mL/h") + 8, metrics.height() * 2 + 6
        plot = QRectF(left, metrics.height() + 6, self.width() - left - 10,
                      self.height() - bottom - metrics.height() - 6)
        everything = [*day.planned.steps, *day.day.steps]
        t0 = min(s.start for s in everything)
        t1 = max(s.end for s in everything)
        span = max((t1 - t0).total_seconds() / 60, 1.0)
        top_rate = max(s.rate_ml_h for s in everything) * 1.15

        def x(moment: datetime) -> float:
            return plot.left() + (moment - t0).total_seconds() / 60 / span * plot.width()

        def y(rate: float) -> float:
            return plot.bottom() - rate / top_rate * plot.height()

        painter.setPen(QPen(self.palette().text().color(), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.drawText(QPointF(2, plot.top() + metrics.ascent()), f"{top_rate / 1.15:.0f}")
        painter.drawText(QPointF(2, plot.bottom()), "0 mL/h")
        hour = t0.replace(minute=0)
        while hour <= t1:
            if hour >= t0:
                px = x(hour)
                painter.drawLine(QPointF(px, plot.bottom()), QPointF(px, plot.bottom() + 4))
                painter.drawText(QPointF(px - metrics.horizontalAdvance("00:00") / 2,
                                         plot.bottom() + metrics.height() + 2), f"{hour:%H:%M}")
            hour += timedelta(hours=1)
        _staircase(painter, day.planned.steps, x, y, QPen(PLANNED, 1.5, Qt.PenStyle.DotLine))
        _staircase(painter, day.actual_steps, x, y, QPen(ACTUAL, 3))
        _staircase(painter, day.remaining_steps, x, y, QPen(ACTUAL, 2, Qt.PenStyle.DashLine))
        painter.setPen(QPen(VITALS, 1))
        for check in day.day.vitals:
            if t0 <= check.time <= t1:
                px = x(check.time)
                painter.drawLine(QPointF(px, plot.bottom() + 4),
                                 QPointF(px, plot.bottom() + 9))
        if self._now is not None and t0 <= self._now <= t1:
            px = x(self._now)
            painter.setPen(QPen(NOW, 2))
            painter.drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom()))
            painter.drawText(QPointF(px + 3, plot.top() + metrics.ascent()),
                             f"now {self._now:%H:%M}")
        legend = "planned ···   actual ━   still to run ╌ ╌"
        painter.setPen(QPen(self.palette().text().color(), 1))
        painter.drawText(QPointF(plot.left(), metrics.ascent() + 2), legend)


def _staircase(painter: QPainter, steps: Sequence[RateStep], x: Callable[[datetime], float],
               y: Callable[[float], float], pen: QPen) -> None:
    """Steps as a staircase; a gap (a pause) drops to zero and starts again."""
    if not steps:
        return
    path = QPainterPath()
    base = y(0)
    for i, step in enumerate(steps):
        x0, x1, top = x(step.start), x(step.end), y(step.rate_ml_h)
        if i == 0 or steps[i - 1].end != step.start:
            path.moveTo(x0, base)
        path.lineTo(x0, top)
        path.lineTo(x1, top)
        if i == len(steps) - 1 or steps[i + 1].start != step.end:
            path.lineTo(x1, base)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def _tooltip(day: ReplannedDay | None) -> str:
    if day is None:
        return ""
    parts = [f"Planned end {day.planned.end:%H:%M}; {'actual' if day.status.over else 'new'} "
             f"end {day.day.end:%H:%M}"]
    parts.append(f"Infused {day.infused_ml:.1f} mL; remaining {day.remaining_ml:.1f} mL")
    return "\n".join(parts)
