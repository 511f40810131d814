"""The indication list as every form shows it: grouped, searchable by any part of the name.

The main form and the second-check dialog use this one widget, so a second nurse searches,
picks and confirms an indication exactly as the first did (a plain combo box jumped to the
first name starting with the typed letters: "ITP" picked "ITP — maintenance"). Return picks
the indication typed and goes no further: it never runs a dialog's default button.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QFont, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QSizePolicy, QWidget

from planner.regimen.models import Indication, RegimenFile
from ui.catalog import find_indication, indication_groups

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class IndicationBox(QComboBox):
    def __init__(self, regimen: RegimenFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._regimen = regimen
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(24)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        line_edit = self.lineEdit()
        assert line_edit is not None
        line_edit.setPlaceholderText("type to search, or pick from the list")
        self.setAccessibleName("Indication")
        self.items = QStandardItemModel(self)
        self.setModel(self.items)
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.fill(regimen)

    def fill(self, regimen: RegimenFile) -> None:
        """List ``regimen``'s indications under bold group headers; nothing chosen."""
        self._regimen = regimen
        self.items.clear()
        names: list[str] = []
        bold = QFont(self.font())
        bold.setBold(True)
        for group in indication_groups(regimen):
            header = QStandardItem(group.name)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(bold)
            self.items.appendRow(header)
            for indication in group.indications:
                item = QStandardItem(indication.name)
                item.setData(indication.id, ID_ROLE)
                item.setToolTip(indication.name)
                self.items.appendRow(item)
                names.append(indication.name)
        self._names.setStringList(names)
        view = self.view()
        width = view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 12
        view.setMinimumWidth(max(width, self.width()))
        self.setCurrentIndex(-1)
        self.setEditText("")

    def indication(self) -> Indication | None:
        """The indication whose name (or id) is typed, or None."""
        return find_indication(self._regimen, self.currentText())

    def indication_id(self) -> str | None:
        found = self.indication()
        return None if found is None else found.id

    def row_of(self, indication_id: str) -> int:
        for row in range(self.items.rowCount()):
            item = self.items.item(row)
            if item is not None and item.data(ID_ROLE) == indication_id:
                return row
        return -1

    def show_choice(self, indication_id: str) -> None:
        """Select ``indication_id`` and show its full name from its start."""
        indication = self._regimen.indication(indication_id)
        row = self.row_of(indication_id)
        if row >= 0:
            self.setCurrentIndex(row)
        self.setEditText(indication.name if indication else indication_id)
        line_edit = self.lineEdit()
        if line_edit is not None:
            line_edit.setCursorPosition(0)  # a long name shows its start, not its end

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            completer = self.completer()
            popup = completer.popup() if completer is not None else None
            if popup is not None and popup.isVisible():
                super().keyPressEvent(event)  # the completer takes the highlighted name
                return
            found = self.indication()
            if found is not None:
                self.show_choice(found.id)
            event.accept()  # never a dialog's default button
            return
        super().keyPressEvent(event)
