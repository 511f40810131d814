"""Lots per course day: lot number and expiry for each vial size, and 'new lot at HH:MM'.

These are inputs (kept in PlanRequest.lots / lot_changes, saved in the plan file, printed), but
they live beside the day's steps because the vial sizes come from the plan. The editor keeps
every day's entries while the nurse switches day tabs; the engine checks them (expired lot:
STOP; a change outside the infusion: refused) and decides whether a new lot restarts the ramp.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, QPersistentModelIndex, Qt, QTime, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from planner.plan.models import DayPlan
from planner.plan.patient import LotChange
from planner.report.pdf.glyphs import lot_field
from ui.fields import CAUTION_COLOUR, FieldMessage, named, set_invalid
from ui.form import FormState, LotRow
from ui.formatting import fmt
from ui.plan_view import restart_text
from ui.print_caution import PrintCaution, unprintable_words

COLUMNS = ("Vial size", "Vials today", "Lot number", "Expiry (YYYY-MM-DD)")
LOT, EXPIRY = 2, 3


class LotsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[tuple[int, float], tuple[str, str]] = {}  # (day, grams) → typed
        self._changes: dict[int, time] = {}
        self._day: DayPlan | None = None
        self._sizes: list[float] = []
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.intro = named(QLabel(), "lots_intro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = named(QTableWidget(0, len(COLUMNS)), "lots_table")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LOT, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        self.table.itemChanged.connect(self._on_item)
        self.table.setItemDelegateForColumn(LOT, _LotDelegate(self._check_lots, self.table))

        row = QHBoxLayout()
        self.change_box = named(QCheckBox("New lot started at"), "lot_change")
        self.change_box.setToolTip("A vial of another lot was started during this day's "
                                   "infusion; the site policy may restart the ramp then")
        self.change_time = named(QTimeEdit(), "lot_change_time")
        self.change_time.setLocale(QLocale(QLocale.Language.English,
                                           QLocale.Country.UnitedKingdom))
        self.change_time.setDisplayFormat("HH:mm")
        self.change_time.setAccessibleName("New lot started at, 24 hour")
        self.change_time.setEnabled(False)
        row.addWidget(self.change_box)
        row.addWidget(self.change_time)
        row.addWidget(QLabel("(24 h)"))
        row.addStretch(1)
        layout.addLayout(row)
        self.restart = named(QLabel(), "lot_restart")
        self.restart.setWordWrap(True)
        self.restart.setStyleSheet("color: #6a1b9a; font-weight: bold;")
        self.restart.hide()
        layout.addWidget(self.restart)
        self.error = FieldMessage()
        layout.addWidget(self.error)
        layout.addWidget(self.table)
        self.print_caution = PrintCaution()  # lot numbers the PDF font cannot print
        layout.addWidget(self.print_caution)
        layout.addStretch(1)
        self.change_box.toggled.connect(self._on_change_toggled)
        self.change_time.timeChanged.connect(self._on_change_time)
        self.set_day(None)

    # -- showing a day ----------------------------------------------------------------------

    def set_day(self, day: DayPlan | None) -> None:
        """Show ``day``'s vial sizes (plus sizes with entries the day no longer uses)."""
        self._show_day(day)
        self._check_lots()

    def _show_day(self, day: DayPlan | None) -> None:
        self._day = day
        self._filling = True
        try:
            if day is None:
                self.intro.setText("Lots can be entered once there is a plan.")
                self.table.setRowCount(0)
                self._fit_table()
                self._sizes = []
                self.change_box.setChecked(False)
                self.change_box.setEnabled(False)
                self.restart.hide()
                return
            self.change_box.setEnabled(bool(day.steps))
            counts = {v.grams: v.count for v in day.vials}
            extra = sorted((g for (d, g), typed in self._rows.items()
                            if d == day.day and g not in counts and any(typed)), reverse=True)
            self._sizes = [*sorted(counts, reverse=True), *extra]
            self.intro.setText(
                f"Day {day.day}: lot number and expiry of each vial size (as printed on the "
                "vial). An expired lot stops the plan."
            )
            self.table.setRowCount(len(self._sizes))
            self._fit_table()
            for index, grams in enumerate(self._sizes):
                lot, expiry = self._rows.get((day.day, grams), ("", ""))
                used = f"{counts[grams]}" if grams in counts else "not used today"
                self._set(index, 0, f"{fmt(grams)} g", editable=False)
                self._set(index, 1, used, editable=False)
                self._set(index, LOT, lot, editable=True)
                self._set(index, EXPIRY, expiry, editable=True)
            at = self._changes.get(day.day)
            self.change_box.setChecked(at is not None)
            self.change_time.setEnabled(at is not None)
            if at is not None:
                self.change_time.setTime(QTime(at.hour, at.minute))
            else:
                self.change_time.setTime(QTime(day.start.hour, day.start.minute))
            text = restart_text(day)
            self.restart.setText(text)
            self.restart.setVisible(bool(text))
        finally:
            self._filling = False

    def _fit_table(self) -> None:
        """As tall as its rows: no empty grid under them pushing the lot change away."""
        rows = self.table.rowCount()
        height = (self.table.horizontalHeader().sizeHint().height()
                  + rows * self.table.verticalHeader().defaultSectionSize()
                  + 2 * self.table.frameWidth() + 2)
        self.table.setFixedHeight(height)

    def _set(self, row: int, column: int, text: str, editable: bool) -> None:
        item = QTableWidgetItem(text)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        if column == 1 and text == "not used today":
            item.setForeground(Qt.GlobalColor.darkRed)
        self.table.setItem(row, column, item)

    # -- editing ----------------------------------------------------------------------------

    def _on_item(self, item: QTableWidgetItem) -> None:
        if self._filling or self._day is None or item.column() not in (LOT, EXPIRY):
            return
        grams = self._sizes[item.row()]
        lot, expiry = self._rows.get((self._day.day, grams), ("", ""))
        if item.column() == LOT:
            lot = item.text()
        else:
            expiry = item.text()
        self._rows[(self._day.day, grams)] = (lot, expiry)
        self._check_lots()
        self.changed.emit()

    def set_entry(self, day: int, grams: float, lot: str, expiry: str) -> None:
        """Type a lot for ``day`` and vial size (what editing the cells does; tests use it)."""
        self._rows[(day, grams)] = (lot, expiry)
        if self._day is not None and self._day.day == day:
            self.set_day(self._day)
        self._check_lots()
        self.changed.emit()

    def _check_lots(self, row: int | None = None, typing: str = "",
                    editor: QWidget | None = None) -> None:
        """Say which lot numbers the PDF font cannot print, every day's (the message names
        the day); ``typing`` is the text still being typed in ``row`` of the day shown."""
        lots = {key: lot for key, (lot, _expiry) in self._rows.items()}
        if row is not None and self._day is not None and row < len(self._sizes):
            lots[(self._day.day, self._sizes[row])] = typing
        found = (unprintable_words(lot_field(day), lot) for (day, _g), lot in sorted(lots.items()))
        words = " ".join(dict.fromkeys(w for w in found if w))  # a day's two sizes: once
        self.print_caution.say(words or None, self.table, *([editor] if editor else []))
        if row is None:  # not while a cell is typed in: a changed cell resets its editor
            self._mark_cells(lots)

    def _mark_cells(self, lots: dict[tuple[int, float], str]) -> None:
        """The shown day's lot cells the PDF cannot print: in the caution's colour, with its
        words as tooltip and accessible description (which of two sizes it is)."""
        if self._day is None:
            return
        filling, self._filling = self._filling, True  # not an edit
        try:
            for index, grams in enumerate(self._sizes):
                item = self.table.item(index, LOT)
                if item is None:
                    continue
                words = unprintable_words(lot_field(self._day.day),
                                          lots.get((self._day.day, grams)))
                item.setToolTip(words or "")
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, words)
                item.setData(Qt.ItemDataRole.ForegroundRole,
                             QColor(CAUTION_COLOUR) if words else None)
        finally:
            self._filling = filling

    def _on_change_toggled(self, checked: bool) -> None:
        self.change_time.setEnabled(checked)
        if self._filling or self._day is None:
            return
        if checked:
            qtime = self.change_time.time()
            self._changes[self._day.day] = time(qtime.hour(), qtime.minute())
        else:
            self._changes.pop(self._day.day, None)
        self.changed.emit()

    def _on_change_time(self, qtime: QTime) -> None:
        if self._filling or self._day is None or not self.change_box.isChecked():
            return
        self._changes[self._day.day] = time(qtime.hour(), qtime.minute())
        self.changed.emit()

    def set_lot_change(self, day: int, at: time | None) -> None:
        if at is None:
            self._changes.pop(day, None)
        else:
            self._changes[day] = at
        if self._day is not None and self._day.day == day:
            self.set_day(self._day)
        self.changed.emit()

    # -- state ------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """This editor's part of :class:`ui.form.FormState`."""
        rows = tuple(
            LotRow(day, grams, lot, expiry)
            for (day, grams), (lot, expiry) in sorted(self._rows.items())
            if lot.strip() or expiry.strip()
        )
        changes = tuple(LotChange(day=d, at=t) for d, t in sorted(self._changes.items()))
        return {"lots": rows, "lot_changes": changes}

    def load(self, state: FormState) -> None:
        self._rows = {(r.day, r.grams): (r.lot, r.expiry) for r in state.lots}
        self._changes = {c.day: c.at for c in state.lot_changes}
        self.set_day(self._day)

    def clear_lots(self) -> None:
        self._rows = {}
        self.set_day(self._day)

    def has_lots(self) -> bool:
        return any(lot.strip() or expiry.strip() for lot, expiry in self._rows.values())

    def show_errors(self, errors: dict[str, str]) -> None:
        text = errors.get("lots") or errors.get("lot_changes")
        set_invalid(self.table, "lots" in errors)
        set_invalid(self.change_time, "lot_changes" in errors)
        if text:
            self.error.show_error(text[:1].upper() + text[1:])
        else:
            self.error.clear_message()


class _LotDelegate(QStyledItemDelegate):
    """The lot column's cell editor reports every keystroke, so the print caution comes as
    the lot is typed, not only when the cell is left."""

    def __init__(self, typed: Callable[[int, str, QWidget], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._typed = typed

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            row = index.row()
            editor.textChanged.connect(lambda text: self._typed(row, text, editor))
        return editor
