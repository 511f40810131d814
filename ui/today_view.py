"""Today: every open plan with a course day today, sorted by what falls due next.

Several patients at once: the plan in the main window and any plan files added here. Each row
says the next action and its clock time ("09:30 set pump to 86.4 mL/h", "09:45 vitals"). When
one falls due the view says so in a banner, highlights the row and beeps (and shows a tray
message where the desktop has a tray). Nothing here ever changes a pump: it tells the nurse.
Enter (or a double click) opens the chair window of the selected patient to record events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.bedside.course import Course, open_course, same_data, save_course
from planner.bedside.events import InfusionEvent
from planner.bedside.next_action import Action, actions
from planner.bedside.replan import ReplannedDay
from planner.core.errors import PlannerError
from planner.regimen.loading import LoadedRegimen
from ui.bedside_events import ChairTarget, ChairWindow

DUE_COLOUR = QColor("#ffcdd2")
ALERT_WINDOW = timedelta(minutes=15)  # an action this late is still announced once


@dataclass(frozen=True)
class TodayRow:
    target: ChairTarget
    course: Course
    day: ReplannedDay
    next: Action | None


def file_target(path: Path, loaded: LoadedRegimen) -> ChairTarget:
    """A plan file on disk: each event is written to it atomically as it is recorded."""
    first = open_course(path, loaded)  # refuses a bad file now, with its message
    request = first.request
    name = request.patient.name or (f"MRN {request.patient.mrn}" if request.patient.mrn
                                    else path.stem)

    def course() -> Course:
        return open_course(path, loaded)

    def persist(events: tuple[InfusionEvent, ...]) -> str:
        try:
            now = open_course(path, loaded)
            same_data(now, path.name)
            check = now.saved.second_check if now.saved else None
            save_course(path, now.request, loaded, events, check)
        except PlannerError as exc:
            return str(exc)
        return ""

    return ChairTarget(name, course, persist, key=str(path.resolve()))


def today_rows(targets: list[ChairTarget], now: datetime) -> list[TodayRow]:
    """Every target with a course day today, soonest next action first (none last)."""
    rows: list[TodayRow] = []
    for target in targets:
        try:
            course = target.course()
        except PlannerError:
            continue
        if course is None:
            continue
        for planned in course.plan.days:
            if planned.date != now.date() or not planned.steps:
                continue
            try:
                day = course.day(planned.day, now)
            except PlannerError:
                continue
            due = actions(day, now)
            rows.append(TodayRow(target, course, day, due[0] if due else None))
    far = datetime.max
    return sorted(rows, key=lambda r: (r.next.time if r.next else far, r.target.name))


class TodayView(QWidget):
    HEADERS = ("Due", "Patient", "Day", "Status", "Next action", "End")

    def __init__(self, loaded: Callable[[], LoadedRegimen],
                 clock: Callable[[], datetime] | None = None,
                 beep: Callable[[], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded = loaded
        self._clock = clock or (lambda: datetime.now().replace(second=0, microsecond=0))
        self._beep = beep or QApplication.beep
        self.targets: list[ChairTarget] = []
        self.rows: list[TodayRow] = []
        self._alerted: set[tuple[str, datetime, str]] = set()
        self.windows: dict[str, ChairWindow] = {}
        self.tray: QSystemTrayIcon | None = None

        self.banner = QLabel()
        self.banner.setObjectName("today_banner")
        self.banner.setWordWrap(True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.banner.setFont(font)
        self.banner.hide()
        self.clock_label = QLabel()
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Patients today, soonest action first")
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.15)
        self.table.setFont(big)
        self.add_button = QPushButton("&Add plan file…")
        self.add_button.clicked.connect(self._add_dialog)
        self.open_button = QPushButton("&Record at the chair…")
        self.open_button.clicked.connect(self.open_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clock_label)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Every open plan with a course day today, soonest action first. "
                                "This view never changes a pump: it tells you what is due."))
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(15_000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    # -- content ---------------------------------------------------------------------------

    def add_target(self, target: ChairTarget) -> None:
        self.targets.append(target)
        self.tick()

    def add_file(self, path: Path) -> bool:
        if any(t.key == str(path.resolve()) for t in self.targets):
            return True
        try:
            target = file_target(path, self._loaded())
        except PlannerError as exc:
            self.message.setText(f"Not added: {exc}".replace("\n", "; "))
            self.message.setStyleSheet("color: #b71c1c;")
            return False
        self.message.setText("")
        self.add_target(target)
        return True

    def _add_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add plan files to Today", "",
                                                "Infusion plans (*.ivplan *.json)")
        for path in paths:
            self.add_file(Path(path))

    def tick(self) -> None:
        """Refresh the rows and announce what has fallen due since the last look."""
        now = self._clock()
        self.clock_label.setText(f"Now {now:%H:%M}")
        self.rows = today_rows(self.targets, now)
        self._fill(now)
        due = [r for r in self.rows if r.next is not None and r.next.time <= now
               and now - r.next.time <= ALERT_WINDOW]
        fresh = [r for r in due if self._key(r) not in self._alerted]
        if due:
            self.banner.setText("Due now: " + "; ".join(
                f"{r.target.name} — {r.next.describe()}" for r in due if r.next))
            self.banner.setStyleSheet("background: #c62828; color: white; padding: 6px;")
            self.banner.show()
        else:
            self.banner.hide()
        if fresh:
            self._alerted.update(self._key(r) for r in fresh)
            self._beep()
            if self.tray is not None and QSystemTrayIcon.supportsMessages():
                self.tray.showMessage("Infusion Planner", self.banner.text())

    def _key(self, row: TodayRow) -> tuple[str, datetime, str]:
        assert row.next is not None
        return (row.target.ident, row.next.time, row.next.text)

    def _fill(self, now: datetime) -> None:
        selected = self.table.currentRow()
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            action = row.next
            due = action is not None and action.time <= now
            cells = [
                f"{action.time:%H:%M}" if action else "—",
                row.target.name,
                f"Day {row.day.day.day} of {len(row.course.plan.days)}",
                row.day.status.value,
                action.text if action else "day complete",
                f"{row.day.day.end:%H:%M}",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if due:
                    item.setBackground(QBrush(DUE_COLOUR))
                if c in (0, 4):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        if self.rows:
            self.table.selectRow(max(0, min(selected, len(self.rows) - 1)))

    # -- recording -------------------------------------------------------------------------

    def open_selected(self) -> ChairWindow | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return None
        target = self.rows[row].target
        window = self.windows.get(target.ident)
        if window is None:
            window = ChairWindow(target, self._clock, self)
            window.panel.recorded.connect(lambda _e: self.tick())
            self.windows[target.ident] = window
        window.panel.refresh()
        window.show()
        window.raise_()
        return window

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_selected()
            return
        super().keyPressEvent(event)


class TodayWindow(QDialog):
    """The Today view as a non-modal window beside the main window."""

    def __init__(self, loaded: Callable[[], LoadedRegimen],
                 clock: Callable[[], datetime] | None = None,
                 beep: Callable[[], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle("Today — infusions due")
        self.view = TodayView(loaded, clock, beep, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.resize(860, 420)
