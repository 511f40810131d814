"""Preferences: a regimen file and a site file (validated before use), paper, start time.

A regimen or site file that fails validation is refused inside the dialog with the loader's
message (file, entry and field), the dialog stays open, and the files in use stay in use.
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

from planner.core.errors import RegimenFileError, SiteFileError
from planner.regimen.loading import LoadedRegimen, bundled_regimen
from planner.regimen.overlay import load_in_force
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

        self.site_path = named(QLineEdit(prefs.site_file), "site_path")
        self.site_path.setPlaceholderText("no site file (bundled site choices)")
        browse_site = QPushButton("Bro&wse…")
        browse_site.clicked.connect(self._browse_site)
        no_site = QPushButton("&None")
        no_site.clicked.connect(lambda: self.site_path.setText(""))
        row = QHBoxLayout()
        row.addWidget(self.site_path, 1)
        row.addWidget(browse_site)
        row.addWidget(no_site)
        label = QLabel("S&ite file")
        label.setBuddy(self.site_path)
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
        self.site_path.textChanged.connect(self._describe_current)
        self._describe_current()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a site regimen file", self._start_dir, "Regimen files (*.json)"
        )
        if path:
            self.regimen_path.setText(path)
            self._check()

    def _browse_site(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose the pharmacy's site file", self._start_dir, "Site files (*.json)"
        )
        if path:
            self.site_path.setText(path)
            self._check()

    def _describe_current(self) -> None:
        text = self.regimen_path.text().strip()
        site_text = self.site_path.text().strip()
        in_use = self._in_use
        same_site = (not site_text and in_use.site is None) or (
            in_use.site is not None and Path(site_text) == Path(in_use.site.path))
        if not same_site:
            self._status("Will be checked when you press OK.")
        elif not text:
            b = bundled_regimen()
            self._status(f"Bundled file: version {b.regimen.version}, SHA-256 {b.short_sha}"
                         + _site_words(in_use))
        elif Path(text) == in_use.path and not in_use.bundled:
            self._status(f"In use: version {in_use.regimen.version}, "
                         f"SHA-256 {in_use.short_sha}" + _site_words(in_use))
        else:
            self._status("Will be checked when you press OK.")

    def _status(self, text: str, error: bool = False) -> None:
        self.regimen_status.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.regimen_status.setText(text)

    def _check(self) -> LoadedRegimen | None:
        """Validate the chosen file; on error show why and return None."""
        text = self.regimen_path.text().strip()
        site_text = self.site_path.text().strip()
        try:
            loaded = load_in_force(text or None, site_text or None)
        except RegimenFileError as exc:
            which = "site file" if isinstance(exc, SiteFileError) else "regimen file"
            self._status(
                f"✖ The {which} was refused; nothing changes — the current regimen file "
                f"stays in use (version {self._in_use.regimen.version}"
                f"{_site_words(self._in_use)}):\n{exc}", error=True,
            )
            (self.site_path if which == "site file" else self.regimen_path).setFocus()
            return None
        self._status(f"OK: version {loaded.regimen.version}, SHA-256 {loaded.short_sha}"
                     + _site_words(loaded))
        return loaded

    def accept(self) -> None:
        loaded = self._check()
        if loaded is None:
            return  # stay open: Enter or OK never throws the entry away
        self.loaded = loaded
        super().accept()

    def preferences(self) -> Preferences:
        qtime = self.start_time.time()
        return Preferences(
            regimen_file=self.regimen_path.text().strip(),
            site_file=self.site_path.text().strip(), paper=self.paper.currentText(),
            default_start=time(qtime.hour(), qtime.minute()),
        )


def _site_words(loaded: LoadedRegimen) -> str:
    site = loaded.site
    if site is None:
        return "; no site file"
    return f"; site file {site.file} version {site.version}, SHA-256 {site.short_sha}"


def files_in_use(loaded: LoadedRegimen) -> tuple[str, str | None]:
    """The label data and site file in use, by SHA-256."""
    return loaded.sha256, loaded.site.sha256 if loaded.site else None


def now_using_text(loaded: LoadedRegimen) -> str:
    """What the notice bar says after the preferences changed the data files."""
    site = loaded.site
    return (
        f"Now using regimen file version {loaded.regimen.version} "
        f"(SHA-256 {loaded.short_sha})"
        + (f" with site file {site.file} version {site.version} (SHA-256 "
           f"{site.short_sha})" if site else "")
        + "; the plan has been recomputed."
    )
