"""The rate-step table of one day, as a QAbstractTableModel over pre-formatted rows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.plan_view import STEP_HEADERS, StepRow

_NUMERIC = {0, 2, 3, 4, 5}

Index = QModelIndex | QPersistentModelIndex


class StepTableModel(QAbstractTableModel):
    """Rows are the engine's steps, formatted by :func:`ui.plan_view.step_rows`."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[StepRow, ...] = ()
        self._headers: tuple[str, ...] = STEP_HEADERS

    def set_rows(self, rows: tuple[StepRow, ...], headers: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._headers = headers
        self.endResetModel()

    def rows(self) -> tuple[StepRow, ...]:
        return self._rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (row.number, row.time, row.rate, row.pump, row.volume, row.cumulative,
                      row.note)
            return values[column] if column < len(values) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column in _NUMERIC else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            step = row.step
            note = f"; {row.note}" if row.note else ""
            return (f"{row.time}: {row.rate} {step.rate_unit} = {row.pump} mL/h for "
                    f"{step.duration_min} min ({row.volume} mL){note}")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)
