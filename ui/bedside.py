"""Non-modal bedside windows: the pre-infusion checklist, the reaction plan, and the protocol
comparison. Each only shows what the engine put in the Plan (or compare_protocols returned)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from planner.plan.models import Plan
from planner.plan.protocol_compare import ProtocolOption
from ui.fields import named
from ui.plan_view import protocol_rows


class _Tool(QDialog):
    """A tool window that never blocks the main window."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)


class ChecklistWindow(_Tool):
    """Pre-infusion checklist with check-boxes, for one course day (named in the heading and
    the title). The ticks belong to this patient, course and day: they are cleared when another
    day, plan or a new form is shown. Focus starts on the first item, so the first Space ticks
    it (not Close, and never a field of the form behind)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pre-infusion checklist", parent)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.heading = named(QLabel(), "checklist_heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.box_area = QVBoxLayout()
        layout.addLayout(self.box_area)
        self.progress = named(QLabel(), "checklist_progress")
        layout.addWidget(self.progress)
        layout.addLayout(close_row(self))
        self.boxes: list[QCheckBox] = []
        self._items: tuple[str, ...] = ()
        self._day = ""
        self.set_items(())

    def set_plan(self, plan: Plan | None, day_index: int) -> None:
        """The checklist of ``plan`` for its course day ``day_index`` (0-based)."""
        if plan is None or not plan.days:
            self.set_items(())
            return
        index = min(max(day_index, 0), len(plan.days) - 1)
        day = plan.days[index]
        self.set_items(plan.checklist, f"Day {day.day} of {len(plan.days)}, "
                       f"{day.date:%a %Y-%m-%d} — {plan.product_name}, {plan.indication_name}")

    def set_items(self, items: tuple[str, ...], day: str = "") -> None:
        """Show ``items`` for ``day``; ticks are kept when both are the same (a recompute)."""
        if items == self._items and day == self._day and self.boxes:
            return
        for box in self.boxes:
            self.box_area.removeWidget(box)
            box.hide()
            box.deleteLater()
        self.boxes = []
        self._items = items
        self._day = day
        previous: QWidget | None = None
        for text in items:
            box = QCheckBox(text)
            box.toggled.connect(self._count)
            self.box_area.addWidget(box)
            self.boxes.append(box)
            if previous is not None:
                QWidget.setTabOrder(previous, box)
            previous = box
        self.setWindowTitle(f"Pre-infusion checklist — {day.split(' — ')[0]}" if day
                            else "Pre-infusion checklist")
        self.heading.setText(
            f"<b>{escape(day)}</b><br>Before starting this day's infusion, check each item:"
            if items and day else "Before starting the infusion, check each item:" if items
            else "No checklist: no plan yet, or the regimen file has none."
        )
        self._count()
        if self.isVisible():
            self.focus_first()

    def focus_first(self) -> None:
        if self.boxes:
            self.boxes[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.focus_first()

    def reset(self) -> None:
        for box in self.boxes:
            box.setChecked(False)

    def _count(self, *_args: object) -> None:
        done = sum(box.isChecked() for box in self.boxes)
        total = len(self.boxes)
        self.progress.setText(f"{done} of {total} checked" + (" — complete" if total and
                                                               done == total else ""))
        self.progress.setStyleSheet("color: #1b5e20; font-weight: bold;"
                                    if total and done == total else "")


def reaction_html(plan: Plan | None) -> str:
    if plan is None:
        return "<p>No plan yet.</p>"
    if not plan.reaction_steps and not plan.reaction_premedication:
        return "<p>The regimen file in use has no reaction plan: follow local policy.</p>"
    premed = "".join(f"<li>{escape(t)}</li>" for t in plan.reaction_premedication)
    steps = "".join(f"<li>{escape(t)}</li>" for t in plan.reaction_steps)
    return (f"<h3>Premedication</h3><ul>{premed}</ul>"
            f"<h3>If a reaction occurs</h3><ol>{steps}</ol>"
            "<p style='color:#555'>Site policy from the regimen file in use.</p>")


class ReactionWindow(_Tool):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Reaction plan and premedication", parent)
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        self.text = named(QTextBrowser(), "reaction_text")
        layout.addWidget(self.text)
        layout.addLayout(close_row(self))

    def set_plan(self, plan: Plan | None) -> None:
        self.text.setHtml(reaction_html(plan))


COMPARE_HEADERS = ("Protocol", "Kind", "Day 1 duration", "Max pump mL/h", "Steps",
                   "Limited by", "Cautions")


class ProtocolCompareWindow(_Tool):
    """Every protocol side by side for the request on screen; 'Use' picks one."""

    useProtocol = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Compare protocols", parent)
        self.resize(980, 300)
        layout = QVBoxLayout(self)
        self.heading = named(QLabel(), "compare_heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = named(QTableWidget(0, len(COMPARE_HEADERS)), "compare_table")
        self.table.setHorizontalHeaderLabels(list(COMPARE_HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.use_button = named(QPushButton("&Use the selected protocol"), "use_protocol")
        self.use_button.clicked.connect(self._use)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        row.addWidget(self.use_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.options: tuple[ProtocolOption, ...] = ()

    def set_options(
        self, options: tuple[ProtocolOption, ...], current: str | None, note: str = ""
    ) -> None:
        self.options = options
        rows = protocol_rows(options)
        self.table.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        for index, row in enumerate(rows):
            in_use = row.protocol_id == current
            name = row.name + ("   ◀ in use" if in_use else "")
            cells = (name, row.kind, row.duration, row.max_pump, row.steps, row.limited_by,
                     row.cautions)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2 and column != 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if in_use:
                    item.setFont(bold)
                self.table.setItem(index, column, item)
        self.heading.setText(note or (
            "The same patient and prescription under each protocol the site offers (day 1). "
            "Cautions: warnings other than information in that plan."))
        self.use_button.setEnabled(bool(rows))

    def _use(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.options):
            self.useProtocol.emit(self.options[row].protocol_id)


def close_row(window: QWidget) -> QHBoxLayout:
    """A right-aligned Close button: these windows are non-modal, so they need their own."""
    close = QPushButton("Close")
    close.setAutoDefault(False)  # Return or Space meant for an item never closes the window
    close.clicked.connect(window.close)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(close)
    return row
