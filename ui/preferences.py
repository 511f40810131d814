"""Preferences: a site regimen file (validated before it is used), paper size, start time.

A regimen file that fails validation is refused inside the dialog with the loader's message
(file, entry and field), the dialog stays open, and the file in use stays in use.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import RegimenFileError
from planner.regimen.loading import LoadedRegimen, bundled_regimen, load_regimen
from ui.fields import ERROR_COLOUR, named
from ui.settings import PAPERS, Preferences


class PreferencesDialog(QDialog):
    def __init__(
        self, prefs: Preferences, loaded: LoadedRegimen, start_dir: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(560)
        self._start_dir = start_dir
        self._in_use = loaded
        self.loaded: LoadedRegimen | None = None  # set on OK: the validated file to use

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.regimen_path = named(QLineEdit(prefs.regimen_file), "regimen_path")
        self.regimen_path.setPlaceholderText("bundled regimen file")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        bundled = QPushButton("Use b&undled")
        bundled.clicked.connect(lambda: self.regimen_path.setText(""))
        row = QHBoxLayout()
        row.addWidget(self.regimen_path, 1)
        row.addWidget(browse)
        row.addWidget(bundled)
        label = QLabel("&Regimen file")
        label.setBuddy(self.regimen_path)
        form.addRow(label, row)
        self.regimen_status = named(QLabel(), "regimen_status")
        self.regimen_status.setWordWrap(True)
        self.regimen_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.regimen_status)

        self.paper = named(QComboBox(), "paper")
        self.paper.addItems(list(PAPERS))
        self.paper.setCurrentText(prefs.paper)
        label = QLabel("&Paper size")
        label.setBuddy(self.paper)
        form.addRow(label, self.paper)

        site_default = loaded.regimen.site_policies.default_start_time
        start = prefs.default_start or site_default
        self.start_time = named(QTimeEdit(QTime(start.hour, start.minute)), "default_start")
        self.start_time.setDisplayFormat("HH:mm")
        label = QLabel("Default &start time")
        label.setBuddy(self.start_time)
        form.addRow(label, self.start_time)
        note = QLabel(f"(24 h; the regimen file's site default is {site_default:%H:%M})")
        note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", note)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.regimen_path.textChanged.connect(self._describe_current)
        self._describe_current()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a site regimen file", self._start_dir, "Regimen files (*.json)"
        )
        if path:
            self.regimen_path.setText(path)
            self._check()

    def _describe_current(self) -> None:
        text = self.regimen_path.text().strip()
        if not text:
            b = bundled_regimen()
            self._status(f"Bundled file: version {b.regimen.version}, SHA-256 {b.short_sha}")
        elif Path(text) == self._in_use.path and not self._in_use.bundled:
            self._status(f"In use: version {self._in_use.regimen.version}, "
                         f"SHA-256 {self._in_use.short_sha}")
        else:
            self._status("Will be checked when you press OK.")

    def _status(self, text: str, error: bool = False) -> None:
        self.regimen_status.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.regimen_status.setText(text)

    def _check(self) -> LoadedRegimen | None:
        """Validate the chosen file; on error show why and return None."""
        text = self.regimen_path.text().strip()
        try:
            loaded = bundled_regimen() if not text else load_regimen(text)
        except RegimenFileError as exc:
            self._status(
                f"✖ Not used — the current regimen file stays in use "
                f"(version {self._in_use.regimen.version}):\n{exc}", error=True,
            )
            return None
        self._status(f"OK: version {loaded.regimen.version}, SHA-256 {loaded.short_sha}")
        return loaded

    def accept(self) -> None:
        loaded = self._check()
        if loaded is None:
            self.regimen_path.setFocus()
            return  # stay open: Enter or OK never throws the entry away
        self.loaded = loaded
        super().accept()

    def preferences(self) -> Preferences:
        qtime = self.start_time.time()
        return Preferences(
            regimen_file=self.regimen_path.text().strip(), paper=self.paper.currentText(),
            default_start=time(qtime.hour(), qtime.minute()),
        )
