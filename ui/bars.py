"""Bars across the top of the plan: nothing here blocks the window the way a dialog would."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from planner.regimen.loading import LoadedRegimen
from ui.fields import named


class NoticeBar(QFrame):
    """A dismissible message across the top: regimen-file changes, files that would not open."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("notice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box = QHBoxLayout(self)
        box.setContentsMargins(8, 4, 4, 4)
        self.text = named(QLabel(), "notice_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QPushButton("Dismiss")
        self.close_button.clicked.connect(self.hide)
        box.addWidget(self.text, 1)
        box.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.is_error = False
        self.hide()

    def show_message(self, text: str, error: bool = False) -> None:
        self.is_error = error
        colour, background = ("#b71c1c", "#fdecea") if error else ("#a65400", "#fff4e0")
        self.setStyleSheet(
            f"#notice {{ background: {background}; border: 1px solid {colour};"
            f" border-radius: 3px; }} #notice QLabel {{ color: #222; }}"
        )
        self.text.setText(text)
        self.show()


class RecoveryBar(QFrame):
    """'Unsaved inputs from <time> were recovered — Restore / Discard'."""

    restore = Signal()
    discard = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("recovery")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#recovery { background: #eaf2fb; border: 1px solid #1f5a96; border-radius: 3px; }"
            " #recovery QLabel { color: #222; }"
        )
        box = QHBoxLayout(self)
        box.setContentsMargins(8, 4, 4, 4)
        self.text = named(QLabel(), "recovery_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = named(QPushButton("&Restore"), "recovery_restore")
        self.discard_button = named(QPushButton("Discard"), "recovery_discard")
        self.restore_button.clicked.connect(self.restore)
        self.discard_button.clicked.connect(self.discard)
        box.addWidget(self.text, 1)
        box.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addWidget(self.discard_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def offer(self, text: str) -> None:
        self.text.setText(text)
        self.show()


class RegimenLabel(QLabel):
    """The data files in use, in the status bar: version, short SHA-256, bundled or site."""

    def show_loaded(self, loaded: LoadedRegimen) -> None:
        where = "bundled" if loaded.bundled else f"site file {loaded.path.name}"
        site = loaded.site
        self.setText(
            f"Regimen file {loaded.regimen.version} · SHA-256 {loaded.short_sha} · {where}"
            + (f" · site file {site.file} {site.version}" if site else "")
        )
        self.setToolTip(
            f"{loaded.path}\nSHA-256 {loaded.sha256}"
            + (f"\nSite file {site.path}\nSHA-256 {site.sha256}" if site else "")
        )
