"""The rate timeline: one lane per day, pump rate as a staircase over clock time.

It paints only what :class:`ui.timeline_data.TimelineData` holds and never calls the engine.
Sizes come from the font metrics, and QPainter works in logical pixels, so it stays sharp and
proportioned on high-DPI screens; step labels that would collide are moved up a line, or left
to the tooltip when there is no room at all (a number is never drawn over another one).

A day with recorded bedside events also shows what really ran: a thick vermilion line over a
hatched area (the planned steps stay blue and filled), pauses on the baseline, the re-planned
rest dashed, a dot at each event, and a legend row under the lanes. Blue against vermilion,
solid/hatched against dashed, reads the same with any colour vision and in greyscale.

A day whose events the bedside engine refused keeps its plan and gets a caution box at the
top of its lane, "recorded events not shown: <reason>" (elided; the tooltip and the
accessible description have it whole), so it never looks as if nothing was recorded.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from planner.regimen.models import Severity
from ui.severity import STYLES, severity_pixmap
from ui.timeline_data import (
    EMPTY,
    REFUSED_WORDS,
    RunKind,
    TimelineData,
    TimelineLane,
    TimelineMark,
    TimelineRun,
    TimelineStep,
    timeline_text,
)

STEP_FILL = QColor("#d6e6f7")
STEP_LINE = QColor("#1f5a96")
SELECTED_FILL = QColor("#ffd54f")
END_COLOUR = QColor("#2e3b44")
VITALS_COLOUR = QColor("#00695c")
RESTART_COLOUR = QColor("#6a1b9a")
ACTUAL_COLOUR = QColor("#d55e00")  # vermilion (Okabe–Ito): apart from the blue for all
ACTUAL_HATCH = QColor(213, 94, 0, 150)
PAUSE_BRUSH = QBrush(QColor(213, 94, 0, 170), Qt.BrushStyle.Dense6Pattern)
REFUSED_COLOUR = QColor(STYLES[Severity.CAUTION].colour)  # the app's warning colour
REFUSED_FILL = QColor(STYLES[Severity.CAUTION].background)
EVENT_RADIUS = 3.5
VITALS_ROOM = 11.0  # px under a lane's baseline for the vitals markers
_TICK_CHOICES_H = (1, 2, 3, 4, 6, 12, 24)


@dataclass(frozen=True)
class _Geometry:
    plot: QRectF
    label_width: float
    lane_height: float
    axis_height: float
    x_min: float
    x_max: float
    width: float
    compact: bool = False  # lanes too low for two lines: "Day 3 · Tue 01 Dec" on one
    legend_height: float = 0.0  # the legend row under the lanes (recorded days only)

    def x(self, minutes: float) -> float:
        span = max(self.x_max - self.x_min, 1.0)
        return self.plot.left() + (minutes - self.x_min) / span * self.plot.width()

    def lane_rect(self, index: int) -> QRectF:
        top = self.plot.top() + index * self.lane_height
        return QRectF(0, top, self.width, self.lane_height)


class TimelineWidget(QWidget):
    """Emits ``stepClicked(day_index, step_index)`` when a step is clicked."""

    stepClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: TimelineData = EMPTY
        self._selected: tuple[int, int] | None = None
        self._stale = False
        self.drawn_labels: list[tuple[TimelineStep, QRectF]] = []  # from the last paint
        self.drawn_marks: list[tuple[TimelineMark, QRectF]] = []  # vitals and new-lot marks
        self.drawn_titles: list[QRectF] = []  # the lanes' day and date
        self.drawn_runs: list[tuple[TimelineRun, QRectF]] = []  # what ran, re-planned
        self.drawn_legend: list[tuple[str, QRectF]] = []  # the legend's entries
        self.drawn_refusals: list[tuple[TimelineLane, str, QRectF]] = []  # lane, text, box
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # one Tab stop; ←/→ walk the steps
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Rate timeline")
        self.setAccessibleDescription(_DESCRIPTION)

    # -- data ------------------------------------------------------------------------------

    def set_data(self, data: TimelineData) -> None:
        self._data = data
        self._selected = None
        text = timeline_text(data)
        self.setAccessibleDescription(_DESCRIPTION + ("\n" + text if text else ""))
        self.updateGeometry()
        self.update()

    def data(self) -> TimelineData:
        return self._data

    def set_selected(self, day_index: int, step_index: int | None) -> None:
        self._selected = None if step_index is None else (day_index, step_index)
        self.update()

    def set_stale(self, stale: bool) -> None:
        """Grey the drawing out while the input no longer matches the plan shown."""
        if stale != self._stale:
            self._stale = stale
            self.update()

    # -- size ------------------------------------------------------------------------------

    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def _legend_height(self) -> float:
        return self._line() + 6 if self._data.recorded else 0.0

    def sizeHint(self) -> QSize:
        lanes = max(len(self._data.lanes), 1)
        line = self._line()
        return QSize(800, math.ceil(line * 2 + lanes * line * 4.6 + self._legend_height()))

    def minimumSizeHint(self) -> QSize:
        lanes = max(len(self._data.lanes), 1)
        line = self._line()
        return QSize(360, math.ceil(line * 2 + lanes * line * 1.35  # one-line day names
                                    + self._legend_height()))

    def _geometry(self) -> _Geometry:
        metrics = QFontMetricsF(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        bold_metrics = QFontMetricsF(bold)
        line = metrics.height()
        axis_height = line + 10
        legend = self._legend_height()
        lanes = max(len(self._data.lanes), 1)
        compact = (self.height() - axis_height - 4 - legend) / lanes < 2 * line + 6
        if compact:
            widths = [bold_metrics.horizontalAdvance(_one_line(lane))
                      for lane in self._data.lanes]
        else:
            widths = [max(bold_metrics.horizontalAdvance(lane.title),
                          metrics.horizontalAdvance(lane.subtitle))
                      for lane in self._data.lanes]
        label_width = max(widths, default=40.0) + 16
        # room right of the plot for the "end HH:MM" labels, so they never cover a step label
        ends = [lane.end_label for lane in self._data.lanes if lane.steps]
        right_pad = max(
            metrics.horizontalAdvance("00:00") / 2 + 6,
            max((metrics.horizontalAdvance(t) for t in ends), default=0.0) + 20,
        )
        plot = QRectF(
            label_width, axis_height, max(self.width() - label_width - right_pad, 10.0),
            max(self.height() - axis_height - 4 - legend, 10.0),
        )
        lane_height = min(plot.height() / lanes, line * 8)
        plot.setHeight(lane_height * lanes)
        return _Geometry(
            plot, label_width, lane_height, axis_height, self._data.x_min, self._data.x_max,
            float(self.width()), compact, legend,
        )

    # -- hit testing -------------------------------------------------------------------------

    def _step_rect(self, geo: _Geometry, lane_index: int, step: TimelineStep) -> QRectF:
        lane = geo.lane_rect(lane_index)
        return QRectF(
            QPointF(geo.x(step.start_min), lane.top() + 1),
            QPointF(geo.x(step.end_min), lane.bottom() - 1),
        )

    def step_at(self, point: QPointF) -> TimelineStep | None:
        geo = self._geometry()
        for index, lane in enumerate(self._data.lanes):
            for step in lane.steps:
                if self._step_rect(geo, index, step).contains(point):
                    return step
        return None

    def step_center(self, day_index: int, step_index: int) -> QPointF:
        """Where a step is drawn (tests click there)."""
        geo = self._geometry()
        step = self._data.lanes[day_index].steps[step_index]
        return self._step_rect(geo, day_index, step).center()

    @staticmethod
    def _vitals_room(rect: QRectF) -> float:
        """Room under the baseline for the vitals marks: less on a short lane."""
        return max(min(VITALS_ROOM, rect.height() * 0.2), 6.0)

    def _base(self, rect: QRectF, lane: TimelineLane) -> float:
        return rect.bottom() - (self._vitals_room(rect) if lane.vitals else 4)

    def mark_rects(self, lane_index: int) -> list[tuple[TimelineMark, QRectF]]:
        """Where a lane's vitals markers (and its new-lot line) are drawn; tooltips and
        tests use these."""
        geo = self._geometry()
        lane = self._data.lanes[lane_index]
        rect = geo.lane_rect(lane_index)
        room = self._vitals_room(rect)
        found = [
            (mark, QRectF(geo.x(mark.minute) - 5, rect.bottom() - room, 10, room - 1))
            for mark in lane.vitals
        ]
        if lane.restart is not None:
            x = geo.x(lane.restart.minute)
            found.append((lane.restart, QRectF(x - 4, rect.top(), 8, rect.height())))
        if lane.events and lane.steps:
            base = self._base(rect, lane)
            y_of = self._y_of(rect, lane)
            for mark in lane.events:
                centre = QPointF(geo.x(mark.minute), _event_y(y_of(mark.ml_h), base))
                box = QRectF(centre.x() - 5, centre.y() - 5, 10, 10)
                found.append((mark, box))
        return found

    def run_at(self, point: QPointF) -> tuple[TimelineLane, TimelineRun] | None:
        """What ran (or is re-planned) at the point's clock time on a recorded lane."""
        geo = self._geometry()
        for index, lane in enumerate(self._data.lanes):
            if lane.runs and geo.lane_rect(index).contains(point):
                for run in lane.runs:
                    if geo.x(run.start_min) <= point.x() <= geo.x(run.end_min):
                        return lane, run
        return None

    def mark_at(self, point: QPointF) -> TimelineMark | None:
        for index in range(len(self._data.lanes)):
            for mark, box in self.mark_rects(index):
                if box.contains(point):
                    return mark
        return None

    def _lane_at(self, point: QPointF) -> TimelineLane | None:
        geo = self._geometry()
        for index, lane in enumerate(self._data.lanes):
            if geo.lane_rect(index).contains(point):
                return lane
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = QPointF(event.pos())
            step = self.step_at(point)
            lane = self._lane_at(point)
            mark = self.mark_at(point)
            ran = self.run_at(point)
            recorded = "" if ran is None else (
                f"{ran[0].title} {_RUN_WORDS[ran[1].kind]}: {ran[1].text}")
            refusal = next((_refusal_text(lane) for lane, _, box in self.drawn_refusals
                            if box.contains(point)), "")
            if refusal:
                QToolTip.showText(event.globalPos(), refusal, self)
            elif mark is not None:
                QToolTip.showText(event.globalPos(), mark.tooltip, self)
            elif step is not None:
                tip = step.tooltip + (f"\n{recorded}" if recorded else "")
                QToolTip.showText(event.globalPos(), tip, self)
            elif recorded:
                QToolTip.showText(event.globalPos(), recorded, self)
            elif lane is not None and lane.steps:
                geo = self._geometry()
                if abs(point.x() - geo.x(lane.end_min)) < 8:
                    QToolTip.showText(
                        event.globalPos(), f"{lane.title}: bag empty, {lane.end_label}", self
                    )
                else:
                    QToolTip.hideText()
            elif lane is not None and lane.note:
                QToolTip.showText(event.globalPos(), lane.note, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.step_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            step = self.step_at(event.position())
            if step is not None:
                self.set_selected(step.day_index, step.step_index)
                self.stepClicked.emit(step.day_index, step.step_index)
                return
        super().mousePressEvent(event)

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if not self._data.lanes:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter,
                             self._data.empty_text)
            return
        if self._stale:
            painter.setOpacity(0.35)
        self.drawn_labels = []
        self.drawn_marks = []
        self.drawn_titles = []
        self.drawn_runs = []
        self.drawn_legend = []
        self.drawn_refusals = []
        geo = self._geometry()
        self._paint_lanes_background(painter, geo, palette)
        self._paint_hours(painter, geo, palette)
        for index, lane in enumerate(self._data.lanes):
            self._paint_lane(painter, geo, index, lane, palette)
        if geo.legend_height:
            self._paint_legend(painter, geo, palette)
        if self.hasFocus():  # where the keyboard is, visibly
            painter.setOpacity(1.0)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """← and → select the previous or next step (the step table follows)."""
        steps = [step for lane in self._data.lanes for step in lane.steps]
        key = event.key()
        if not steps or key not in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            super().keyPressEvent(event)
            return
        keys = [(step.day_index, step.step_index) for step in steps]
        if self._selected in keys:
            index = keys.index(self._selected) + (1 if key == Qt.Key.Key_Right else -1)
        else:
            index = 0
        day, step_index = keys[min(max(index, 0), len(keys) - 1)]
        self.stepClicked.emit(day, step_index)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def _paint_lanes_background(
        self, painter: QPainter, geo: _Geometry, palette: QPalette
    ) -> None:
        text = palette.color(QPalette.ColorRole.Text)
        alt = palette.color(QPalette.ColorRole.AlternateBase)
        metrics = QFontMetricsF(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        for index, lane in enumerate(self._data.lanes):
            rect = geo.lane_rect(index)
            if index % 2:
                painter.fillRect(rect, alt)
            painter.setPen(QPen(text, 1))
            painter.setFont(bold)
            top = rect.top() + min(4.0, max(rect.height() - metrics.height(), 0) / 2)
            title_rect = QRectF(6, top, geo.label_width - 10, metrics.height())
            painter.save()
            painter.setClipRect(rect)  # a lane's words never run into the next lane
            if geo.compact:
                painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft, _one_line(lane))
                self.drawn_titles.append(title_rect)
            else:
                painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft, lane.title)
                painter.setFont(self.font())
                subtitle_rect = title_rect.translated(0, metrics.height())
                painter.drawText(subtitle_rect, Qt.AlignmentFlag.AlignLeft, lane.subtitle)
                self.drawn_titles += [title_rect, subtitle_rect]
            painter.restore()
            painter.setFont(self.font())
        grid = QColor(text)
        grid.setAlpha(60)
        painter.setPen(QPen(grid, 1))
        for index in range(1, len(self._data.lanes)):
            y = geo.lane_rect(index).top()
            painter.drawLine(QPointF(0, y), QPointF(geo.width, y))

    def _paint_hours(self, painter: QPainter, geo: _Geometry, palette: QPalette) -> None:
        metrics = QFontMetricsF(self.font())
        text = palette.color(QPalette.ColorRole.Text)
        px_per_hour = geo.plot.width() / max((geo.x_max - geo.x_min) / 60, 1e-6)
        label_w = metrics.horizontalAdvance("00:00 +1d") + 10
        every = next((h for h in _TICK_CHOICES_H if h * px_per_hour >= label_w), 24)
        minor = QColor(text)
        minor.setAlpha(28)
        major = QColor(text)
        major.setAlpha(70)
        if px_per_hour >= 110:
            painter.setPen(QPen(minor, 1, Qt.PenStyle.DashLine))
            m = geo.x_min + 30
            while m < geo.x_max:
                x = geo.x(m)
                painter.drawLine(QPointF(x, geo.plot.top()), QPointF(x, geo.plot.bottom()))
                m += 60
        hour = math.ceil(geo.x_min / 60)
        while hour * 60 <= geo.x_max:
            x = geo.x(hour * 60)
            labelled = (hour - math.ceil(geo.x_min / 60)) % every == 0
            painter.setPen(QPen(major if labelled else minor, 1))
            painter.drawLine(QPointF(x, geo.plot.top() - 3), QPointF(x, geo.plot.bottom()))
            if labelled:
                label = f"{hour % 24:02d}:00" + (f" +{hour // 24}d" if hour >= 24 else "")
                width = metrics.horizontalAdvance(label)
                left = min(max(x - width / 2, geo.label_width - 4), self.width() - width - 2)
                painter.setPen(text)
                painter.drawText(QRectF(left, 2, width + 1, metrics.height()),
                                 Qt.AlignmentFlag.AlignLeft, label)
            hour += 1

    def _paint_lane(
        self, painter: QPainter, geo: _Geometry, index: int, lane: TimelineLane,
        palette: QPalette,
    ) -> None:
        rect = geo.lane_rect(index)
        if not lane.steps:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(
                QRectF(geo.plot.left() + 6, rect.top(), geo.plot.width() - 12, rect.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, lane.note,
            )
            self._paint_refusal(painter, geo, lane, rect)
            return
        base = self._base(rect, lane)
        y_of = self._y_of(rect, lane)

        # filled steps, then the staircase outline on top
        for step in lane.steps:
            selected = self._selected == (step.day_index, step.step_index)
            fill = SELECTED_FILL if selected else STEP_FILL
            step_rect = QRectF(QPointF(geo.x(step.start_min), y_of(step.ml_h)),
                               QPointF(geo.x(step.end_min), base))
            painter.fillRect(step_rect, QBrush(fill))
        path = QPainterPath(QPointF(geo.x(lane.steps[0].start_min), base))
        for step in lane.steps:
            path.lineTo(geo.x(step.start_min), y_of(step.ml_h))
            path.lineTo(geo.x(step.end_min), y_of(step.ml_h))
        path.lineTo(geo.x(lane.steps[-1].end_min), base)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(STEP_LINE, 2))
        painter.drawPath(path)
        painter.setPen(QPen(STEP_LINE, 1))
        painter.drawLine(QPointF(geo.x(lane.start_min), base), QPointF(geo.x(lane.end_min), base))

        self._paint_runs(painter, geo, lane, y_of, rect, base)
        end_boxes = self._paint_end(painter, geo, lane, rect, base, palette)
        end_boxes += self._paint_restart(painter, geo, lane, rect, base)
        end_boxes += self._paint_events(painter, geo, lane, y_of, base)
        end_boxes += self._paint_refusal(painter, geo, lane, rect)
        self._paint_step_labels(painter, geo, lane, y_of, rect, palette, end_boxes)
        self._paint_vitals(painter, geo, lane, rect)

    def _y_of(self, rect: QRectF, lane: TimelineLane) -> Callable[[float], float]:
        """A lane's rate axis: 0 mL/h on its baseline, the course's top rate a line under
        its top edge (two when a lane is refused: its top line is the caution box's, and
        every lane keeps the same rate scale)."""
        base = self._base(rect, lane)
        refused = any(other.refused for other in self._data.lanes)
        top = rect.top() + (self._line() + 4) * (2 if refused else 1)
        height = max(base - top, 4.0)
        top_rate = self._data.max_ml_h

        def y_of(ml_h: float) -> float:
            return base - ml_h / top_rate * height

        return y_of

    def _paint_runs(
        self, painter: QPainter, geo: _Geometry, lane: TimelineLane,
        y_of: Callable[[float], float], rect: QRectF, base: float,
    ) -> None:
        """What ran: hatched under a thick solid line; a pause is a dotted band over the
        lane's height with the line on the baseline; the re-planned rest is a dashed line.
        Drawn over the planned steps."""
        if not lane.runs:
            return
        hatch = QBrush(ACTUAL_HATCH, Qt.BrushStyle.BDiagPattern)
        for run in lane.runs:
            box = QRectF(QPointF(geo.x(run.start_min), y_of(run.ml_h)),
                         QPointF(geo.x(run.end_min), base))
            if run.kind is RunKind.ACTUAL:
                painter.fillRect(box, hatch)
            elif run.kind is RunKind.PAUSED:
                box = QRectF(QPointF(geo.x(run.start_min), rect.top() + 2),
                             QPointF(geo.x(run.end_min), base))
                painter.fillRect(box, PAUSE_BRUSH)
            self.drawn_runs.append((run, box))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        ran = lane.runs_of(RunKind.ACTUAL, RunKind.PAUSED)
        painter.setPen(QPen(ACTUAL_COLOUR, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawPath(_staircase(ran, geo.x, y_of, base))
        rest = lane.runs_of(RunKind.REPLANNED)
        dashed = QPen(ACTUAL_COLOUR, 2, Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap)
        painter.setPen(dashed)
        painter.drawPath(_staircase(rest, geo.x, y_of, base))

    def _paint_events(
        self, painter: QPainter, geo: _Geometry, lane: TimelineLane,
        y_of: Callable[[float], float], base: float,
    ) -> list[QRectF]:
        """A white-ringed dot at each recorded event, at the rate that ran from it on;
        returns their boxes so that no step label is drawn over one."""
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(ACTUAL_COLOUR)
        boxes = []
        for mark in lane.events:
            centre = QPointF(geo.x(mark.minute), _event_y(y_of(mark.ml_h), base))
            painter.drawEllipse(centre, EVENT_RADIUS, EVENT_RADIUS)
            box = QRectF(centre.x() - 5, centre.y() - 5, 10, 10)
            self.drawn_marks.append((mark, box))
            reach = EVENT_RADIUS + 0.75  # the dot itself: a label may come close, not over
            boxes.append(QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return boxes

    def _paint_legend(self, painter: QPainter, geo: _Geometry, palette: QPalette) -> None:
        """One row under the lanes: a sample of each style and what it means."""
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        top = geo.plot.bottom() + 4
        mid = top + line / 2
        sample = line * 1.6
        x = geo.label_width
        text = palette.color(QPalette.ColorRole.Text)
        entries = [("planned", "planned"), ("actual", "actual (recorded)")]
        if any(lane.runs_of(RunKind.PAUSED) for lane in self._data.lanes):
            entries.append(("paused", "paused"))
        if any(lane.runs_of(RunKind.REPLANNED) for lane in self._data.lanes):
            entries.append(("replanned", "re-planned rest"))
        entries.append(("event", "recorded event"))
        for key, words in entries:
            box = QRectF(x, top, sample, line)
            low = QPointF(box.left(), box.bottom() - 2)
            if key == "planned":
                painter.fillRect(QRectF(box.left(), mid, sample, box.bottom() - 2 - mid),
                                 QBrush(STEP_FILL))
                painter.setPen(QPen(STEP_LINE, 2))
                painter.drawLine(QPointF(box.left(), mid), QPointF(box.right(), mid))
            elif key == "actual":
                painter.fillRect(QRectF(box.left(), mid, sample, box.bottom() - 2 - mid),
                                 QBrush(ACTUAL_HATCH, Qt.BrushStyle.BDiagPattern))
                painter.setPen(QPen(ACTUAL_COLOUR, 3, Qt.PenStyle.SolidLine,
                                    Qt.PenCapStyle.FlatCap))
                painter.drawLine(QPointF(box.left(), mid), QPointF(box.right(), mid))
            elif key == "paused":
                painter.fillRect(box.adjusted(0, 1, 0, -1), PAUSE_BRUSH)
                painter.setPen(QPen(ACTUAL_COLOUR, 3, Qt.PenStyle.SolidLine,
                                    Qt.PenCapStyle.FlatCap))
                painter.drawLine(low, QPointF(box.right(), low.y()))
            elif key == "replanned":
                painter.setPen(QPen(ACTUAL_COLOUR, 2, Qt.PenStyle.DashLine,
                                    Qt.PenCapStyle.FlatCap))
                painter.drawLine(QPointF(box.left(), mid), QPointF(box.right(), mid))
            else:
                painter.setPen(QPen(QColor("white"), 1.5))
                painter.setBrush(ACTUAL_COLOUR)
                painter.drawEllipse(QPointF(box.center().x(), mid), EVENT_RADIUS, EVENT_RADIUS)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            width = metrics.horizontalAdvance(words) + 2
            label = QRectF(box.right() + 4, top, width, line)
            painter.setPen(text)
            painter.drawText(label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             words)
            self.drawn_legend.append((words, box.united(label)))
            x = label.right() + 14

    def _paint_restart(
        self, painter: QPainter, geo: _Geometry, lane: TimelineLane, rect: QRectF, base: float
    ) -> list[QRectF]:
        """A new lot that restarts the ramp: a dashed line and 'new lot' at the lane top."""
        mark = lane.restart
        if mark is None:
            return []
        x = geo.x(mark.minute)
        painter.setPen(QPen(RESTART_COLOUR, 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, rect.top() + 2), QPointF(x, base))
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.85, 6.0))
        small.setBold(True)
        metrics = QFontMetricsF(small)
        width = metrics.horizontalAdvance(mark.label) + 6
        left = min(x + 3, self.width() - width - 2)
        box = QRectF(left, rect.top() + 1, width, metrics.height())
        painter.setFont(small)
        painter.setPen(RESTART_COLOUR)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, mark.label)
        painter.setFont(self.font())
        self.drawn_marks.append((mark, box))
        return [box, QRectF(x - 3, rect.top(), 6, rect.height())]

    def _paint_vitals(
        self, painter: QPainter, geo: _Geometry, lane: TimelineLane, rect: QRectF
    ) -> None:
        """Small teal triangles under the baseline at each vitals time (drawn last, so an
        end label never hides one); the tooltip gives the time and the reasons."""
        bottom = rect.bottom() - 1
        tip = rect.bottom() - self._vitals_room(rect) + 1
        painter.setPen(QPen(QColor("white"), 1))
        painter.setBrush(VITALS_COLOUR)
        for mark in lane.vitals:
            x = geo.x(mark.minute)
            half = min(4.5, (bottom - tip) * 0.6)
            painter.drawPolygon([QPointF(x, tip), QPointF(x + half, bottom),
                                 QPointF(x - half, bottom)])
            self.drawn_marks.append((mark, QRectF(x - 4.5, tip, 9, bottom - tip)))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_step_labels(
        self, painter: QPainter, geo: _Geometry, lane: TimelineLane,
        y_of: Callable[[float], float], rect: QRectF, palette: QPalette,
        taken: list[QRectF],
    ) -> None:
        """Label each step with its mL/h just above it: bold if it fits, else a smaller
        font, else nudged right or lifted a line; never on top of another label."""
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.85, 6.0))
        placed = list(taken)
        right_limit = self.width() - 2.0
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        for step in lane.steps:
            centre = (geo.x(step.start_min) + geo.x(step.end_min)) / 2
            level = y_of(step.ml_h)
            chosen: tuple[QRectF, QFont] | None = None
            for font, lift_lines, nudge in ((bold, 0, False), (small, 0, False),
                                            (small, 0, True), (small, -1, True),
                                            (bold, 1, False), (small, 1, True)):
                metrics = QFontMetricsF(font)
                line = metrics.height()
                width = metrics.horizontalAdvance(step.label) + 2
                top = (rect.top() + 1 if lift_lines < 0  # the lane's top row
                       else level - line - 1 - lift_lines * line)
                box = QRectF(centre - width / 2, top, width, line)
                if nudge:
                    blockers = [b for b in placed if b.left() <= box.right() + 3
                                and b.right() >= box.left() - 3
                                and b.top() < box.bottom() and b.bottom() > box.top()]
                    if blockers:
                        box.moveLeft(max(b.right() for b in blockers) + 4)
                box.moveLeft(min(max(box.left(), geo.plot.left()), right_limit - width))
                if box.top() < rect.top() + 1:
                    continue
                padded = box.adjusted(-3, 0, 3, 0)
                if not any(padded.intersects(other) for other in placed):
                    chosen = (box, font)
                    break
            if chosen is None:
                continue  # no room at all: the tooltip and the table carry the number
            box, font = chosen
            placed.append(box)
            self.drawn_labels.append((step, box))
            painter.setFont(font)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, step.label)
        painter.setFont(self.font())

    def _paint_end(
        self, painter: QPainter, geo: _Geometry, lane: TimelineLane, rect: QRectF, base: float,
        palette: QPalette,
    ) -> list[QRectF]:
        """Mark where the bag runs empty; returns the marker's and label's boxes so that no
        step label is drawn across them (a line through '252.0' could read as '25 2.0')."""
        metrics = QFontMetricsF(self.font())
        x = geo.x(lane.end_min)
        painter.setPen(QPen(END_COLOUR, 2))
        painter.drawLine(QPointF(x, rect.top() + 3), QPointF(x, base))
        size = 5.0
        painter.setBrush(END_COLOUR)
        painter.drawPolygon([QPointF(x, base - size * 2), QPointF(x + size, base - size),
                             QPointF(x, base), QPointF(x - size, base - size)])
        label = lane.end_label
        width = metrics.horizontalAdvance(label) + 8
        height = metrics.height()
        low = base - height - 1 if lane.vitals else rect.bottom() - height - 1
        y = max(low, rect.top() + 2)  # low: step labels sit high (above any vitals marks)
        box = QRectF(x + size + 3, y, width, height)
        background = palette.color(QPalette.ColorRole.Base)
        background.setAlpha(235)
        painter.setPen(QPen(END_COLOUR, 1))
        painter.setBrush(background)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(END_COLOUR)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        marker = QRectF(x - size, rect.top(), 2 * size, rect.height())
        return [box, marker]


    def _paint_refusal(
        self, painter: QPainter, geo: _Geometry, lane: TimelineLane, rect: QRectF
    ) -> list[QRectF]:
        """The caution box saying why the lane's recorded events are not drawn, at the top
        left of the lane (step labels keep clear of it); elided to the plot's width."""
        if not lane.refused:
            return []
        metrics = QFontMetricsF(self.font())
        height = metrics.height() + 2
        icon = metrics.height() - 2
        room = geo.plot.width() - 12 - icon - 10
        text = metrics.elidedText(f"{REFUSED_WORDS}: {lane.refused}",
                                  Qt.TextElideMode.ElideRight, room)
        box = QRectF(geo.plot.left() + 4, rect.top() + 2,
                     metrics.horizontalAdvance(text) + icon + 14, height)
        painter.setPen(QPen(REFUSED_COLOUR, 1))
        painter.setBrush(REFUSED_FILL)
        painter.drawRoundedRect(box, 3, 3)
        ratio = self.devicePixelRatioF()
        painter.drawPixmap(QPointF(box.left() + 4, box.top() + (height - icon) / 2),
                           severity_pixmap(Severity.CAUTION, round(icon), ratio))
        painter.setPen(REFUSED_COLOUR)
        painter.drawText(box.adjusted(icon + 8, 0, -4, 0),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self.drawn_refusals.append((lane, text, box))
        return [box]


_DESCRIPTION = ("Pump rate over clock time, one lane per day; the step table below has the "
                "same numbers.")
_RUN_WORDS = {RunKind.ACTUAL: "actual (recorded)", RunKind.PAUSED: "actual (recorded)",
              RunKind.REPLANNED: "re-planned"}


def _event_y(rate_y: float, base: float) -> float:
    """An event dot sits on the rate it starts; on a stopped pump just above the baseline
    (under it are the vitals marks)."""
    return min(rate_y, base - EVENT_RADIUS - 1)


def _staircase(
    runs: tuple[TimelineRun, ...], x: Callable[[float], float],
    y_of: Callable[[float], float], base: float,
) -> QPainterPath:
    """Runs as one staircase; where one run does not start where the last ended, the line
    drops to the baseline and starts again."""
    path = QPainterPath()
    for i, run in enumerate(runs):
        if i == 0 or runs[i - 1].end_min != run.start_min:
            path.moveTo(x(run.start_min), base)
        path.lineTo(x(run.start_min), y_of(run.ml_h))
        path.lineTo(x(run.end_min), y_of(run.ml_h))
        if i == len(runs) - 1 or runs[i + 1].start_min != run.end_min:
            path.lineTo(x(run.end_min), base)
    return path


def _refusal_text(lane: TimelineLane) -> str:
    return f"{lane.title}: {REFUSED_WORDS}: {lane.refused}"


def _one_line(lane: TimelineLane) -> str:
    return f"{lane.title} · {lane.subtitle}" if lane.subtitle else lane.title
