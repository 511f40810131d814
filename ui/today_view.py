"""Today: every open plan with a course day today, sorted by what falls due next.

Several patients at once: the plan in the main window and any plan files added here. Each row
says the next action and its clock time ("09:30 set pump to 86.4 mL/h", "09:45 vitals"). When
one falls due the view says so in a banner, highlights the row and beeps (and shows a tray
message where the desktop has a tray). Nothing here ever changes a pump: it tells the nurse.
Enter (or a double click) opens the chair window of the selected patient to record events.

The added plan files are remembered in the app's settings and come back when Today opens
again; one that has gone missing, cannot be read or is no longer a usable plan stays in the
list, marked so in words, until the nurse removes it (or it can be read again).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
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
from ui.settings import AppSettings

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


class FileState(StrEnum):
    """What became of a plan file in the Today list, in the word the list shows."""

    OK = "ok"
    MISSING = "missing"
    UNREADABLE = "cannot be read"
    NOT_A_PLAN = "not a usable plan"


@dataclass(frozen=True)
class TodayFile:
    """One plan file in the Today list; ``target`` only while it can be read as a plan."""

    path: Path
    state: FileState
    detail: str
    target: ChairTarget | None = None

    @property
    def text(self) -> str:
        """How the list shows it: the state first, in words, then what and where."""
        where = f"{self.path.name} (in {self.path.parent})"
        if self.state is FileState.OK and self.target is not None:
            return f"{self.target.name} — {where}"
        return f"{self.state.value.upper()}: {where} — {self.detail}"


def check_file(path: Path, loaded: LoadedRegimen) -> TodayFile:
    """Open ``path`` as a Today plan file, or say in words why it cannot be one now."""
    try:
        found, readable = _exists(path), path.is_file() and os.access(path, os.R_OK)
    except (OSError, ValueError) as exc:  # e.g. a name too long for this system
        return TodayFile(path, FileState.UNREADABLE, f"not a usable file name ({exc})")
    if not found:
        return TodayFile(path, FileState.MISSING,
                         "not found (moved, renamed or deleted?); remove it or put it back")
    if not readable:
        return TodayFile(path, FileState.UNREADABLE,
                         "not a readable file (a folder, or no permission to read it)")
    try:
        target = file_target(path, loaded)
    except PlannerError as exc:
        return TodayFile(path, FileState.NOT_A_PLAN, str(exc).replace("\n", "; "))
    except OSError as exc:
        return TodayFile(path, FileState.UNREADABLE, exc.strerror or str(exc))
    return TodayFile(path, FileState.OK, "", target)


def _exists(path: Path) -> bool:
    """Whether ``path`` is there; a name the system refuses counts as not there."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


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
                 beep: Callable[[], None] | None = None, parent: QWidget | None = None,
                 settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        self._loaded = loaded
        self._settings = settings
        self.files: list[TodayFile] = []  # the plan files added here, in the order added
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
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: arrows walk the rows
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
        # Enter opens the selected patient's chair window: that button is drawn as the default
        # one, and the dialog never makes "Add plan file…" look like what Enter does.
        self.add_button.setAutoDefault(False)
        self.open_button.setDefault(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.file_list = QListWidget()
        self.file_list.setObjectName("today_files")
        self.file_list.setAccessibleName("Plan files added to Today")
        self.file_list.setMaximumHeight(self.file_list.fontMetrics().height() * 6 + 8)
        self.file_list.setWordWrap(True)  # the reason a file is not followed, all of it
        self.file_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.file_list.setStyleSheet(
            "QListWidget#today_files:focus { border: 2px solid palette(highlight); }")
        self.file_list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.file_list.installEventFilter(self)
        files_label = QLabel("Plan &files added here (remembered for the next session):")
        files_label.setBuddy(self.file_list)
        self.remove_button = QPushButton("Re&move from list")
        self.remove_button.setToolTip("Take the selected plan file off Today (the file itself "
                                      "is not changed); Delete does the same in the list")
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setAutoDefault(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clock_label)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(self.file_list, 1)
        file_buttons.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Every open plan with a course day today, soonest action first. "
                                "This view never changes a pump: it tells you what is due."))
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(files_label)
        layout.addLayout(file_buttons)
        self.setTabOrder(self.table, self.add_button)
        self.setTabOrder(self.add_button, self.open_button)
        self.setTabOrder(self.open_button, self.file_list)
        self.setTabOrder(self.file_list, self.remove_button)
        self._timer = QTimer(self)
        self._timer.setInterval(15_000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.restore()

    # -- content ---------------------------------------------------------------------------

    def add_target(self, target: ChairTarget) -> None:
        self.targets.append(target)
        self.tick()

    def add_file(self, path: Path) -> bool:
        """Add a plan file (remembered for the next session); a file that cannot be read as
        a plan is not added, and the message says why."""
        path = path.resolve()
        if any(f.path == path for f in self.files) or any(
                t.key == str(path) for t in self.targets):
            return True
        entry = check_file(path, self._loaded())
        if entry.target is None:
            self.message.setText(f"Not added: {path.name}: {entry.state.value} — "
                                 f"{entry.detail}".replace("\n", "; "))
            self.message.setStyleSheet("color: #b71c1c;")
            return False
        self.message.setText("")
        self.files.append(entry)
        self._save()
        self._fill_files()
        self.add_target(entry.target)
        return True

    def restore(self) -> None:
        """The plan files of the last session, each checked again now: one that cannot be
        read stays listed with the reason, so the nurse sees it is not being followed."""
        if self._settings is None:
            return
        loaded = self._loaded()
        for path in self._settings.today_files():
            if any(f.path == path for f in self.files):
                continue
            entry = check_file(path, loaded)
            self.files.append(entry)
            if entry.target is not None:
                self.targets.append(entry.target)
        problems = [f for f in self.files if f.target is None]
        if problems:
            self.message.setText(
                f"{len(problems)} remembered plan file(s) not followed: "
                + "; ".join(f"{f.path.name} {f.state.value}" for f in problems)
                + ". Remove them from the list, or put the file back.")
            self.message.setStyleSheet("color: #b71c1c;")
        self._fill_files()
        self.tick()

    def remove_selected(self) -> bool:
        """Take the selected file off Today (and off the remembered list); the file stays."""
        row = self.file_list.currentRow()
        if not 0 <= row < len(self.files):
            return False
        entry = self.files.pop(row)
        if entry.target is not None:
            self.targets = [t for t in self.targets if t is not entry.target]
        window = self.windows.pop(entry.target.ident, None) if entry.target else None
        if window is not None:
            window.close()
        self._save()
        self._fill_files()
        self.file_list.setCurrentRow(min(row, len(self.files) - 1))
        self.message.setText(f"Removed from Today: {entry.path.name} (the file is unchanged)")
        self.message.setStyleSheet("")
        self.tick()
        return True

    def _recheck(self) -> None:
        """A listed file that went missing, or came back, is checked again."""
        changed = False
        for index, entry in enumerate(self.files):
            if (entry.state is FileState.MISSING) == _exists(entry.path):
                fresh = check_file(entry.path, self._loaded())
                if fresh.state is entry.state:
                    continue
                if entry.target is not None:
                    self.targets = [t for t in self.targets if t is not entry.target]
                if fresh.target is not None:
                    self.targets.append(fresh.target)
                self.files[index] = fresh
                changed = True
        if changed:
            self._fill_files()

    def _save(self) -> None:
        if self._settings is not None:
            self._settings.set_today_files([f.path for f in self.files])

    def _fill_files(self) -> None:
        row = self.file_list.currentRow()
        self.file_list.clear()
        for entry in self.files:
            item = QListWidgetItem(entry.text)
            item.setToolTip(entry.text)
            if entry.target is None:
                item.setForeground(QBrush(QColor("#b71c1c")))
            self.file_list.addItem(item)
        if self.files:
            self.file_list.setCurrentRow(max(0, min(row, len(self.files) - 1)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(0 <= self.file_list.currentRow() < len(self.files))

    def _add_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add plan files to Today", "",
                                                "Infusion plans (*.ivplan *.json)")
        for path in paths:
            self.add_file(Path(path))

    def tick(self) -> None:
        """Refresh the rows and announce what has fallen due since the last look."""
        now = self._clock()
        self._recheck()
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete in the file list removes the selected file from Today."""
        if (watched is self.file_list and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)


class TodayWindow(QDialog):
    """The Today view as a non-modal window beside the main window."""

    def __init__(self, loaded: Callable[[], LoadedRegimen],
                 clock: Callable[[], datetime] | None = None,
                 beep: Callable[[], None] | None = None, parent: QWidget | None = None,
                 settings: AppSettings | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setWindowTitle("Today — infusions due")
        self.view = TodayView(loaded, clock, beep, self, settings)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.resize(860, 420)
