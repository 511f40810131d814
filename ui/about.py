"""The About text: which program and which regimen file produced the numbers on screen, and
the diagnostics a service desk asks for, one click away ("Copy diagnostics")."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner import __version__
from planner.regimen.loading import LoadedRegimen
from ui import APP_NAME
from ui.fields import named


def about_html(loaded: LoadedRegimen) -> str:
    regimen = loaded.regimen
    where = "bundled with the program" if loaded.bundled else escape(str(loaded.path))
    sources = "".join(
        f"<li><b>{escape(key)}</b>: {escape(text)}</li>" for key, text in regimen.sources.items()
    )
    return (
        f"<h3>{APP_NAME} {escape(__version__)}</h3>"
        "<p>Plans an IVIG course: dose, vials, bags and rate titration. Offline; every "
        "clinical number comes from the regimen file below. Check the plan against the "
        "prescription and the product label.</p>"
        f"<p><b>Regimen file</b>: {escape(regimen.title)}<br>"
        f"version {escape(regimen.version)}, published {regimen.published.isoformat()}<br>"
        f"SHA-256 <code>{escape(loaded.sha256)}</code><br>"
        f"{where}</p>"
        f"<p><b>Sources</b></p><ul>{sources}</ul>"
    )


class AboutDialog(QDialog):
    """About text on top, the diagnostics below (selectable), Copy diagnostics and Close."""

    def __init__(self, parent: QWidget | None, loaded: LoadedRegimen, diagnostics: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.diagnostics = diagnostics
        self.text = named(QLabel(about_html(loaded)), "about_text")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        self.details = named(QPlainTextEdit(diagnostics), "about_diagnostics")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setMinimumHeight(11 * self.details.fontMetrics().lineSpacing())
        self.copy_button = named(QPushButton("&Copy diagnostics"), "copy_diagnostics")
        self.copy_button.clicked.connect(self.copy_diagnostics)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copied = named(QLabel(""), "copied_note")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(QLabel("<b>Diagnostics</b> (for the service desk)"))
        layout.addWidget(self.details)
        layout.addWidget(self.copied)
        layout.addWidget(buttons)
        self.resize(720, 620)

    def copy_diagnostics(self) -> None:
        QGuiApplication.clipboard().setText(self.diagnostics)
        self.copied.setText("Diagnostics copied to the clipboard.")


def show_about(parent: QWidget, loaded: LoadedRegimen, settings_file: str = "") -> None:
    from ui.diagnostics import diagnostics_text

    AboutDialog(parent, loaded, diagnostics_text(loaded, settings_file=settings_file)).exec()
