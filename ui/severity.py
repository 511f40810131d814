"""Severity colours and painted icons, so STOP / CAUTION / INFO never rely on colour alone.

The icons are drawn with QPainter (octagon, triangle, circle: three different shapes) rather
than taken from an emoji font: ward PCs often lack a font with ⛔, and a missing glyph would
show as an empty box exactly where the warning should be.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QWidget

from planner.regimen.models import Severity


@dataclass(frozen=True)
class SeverityStyle:
    word: str
    colour: str  # strong: icon, border, text marker
    background: str


STYLES = {
    Severity.STOP: SeverityStyle("STOP", "#b71c1c", "#fdecea"),
    Severity.CAUTION: SeverityStyle("CAUTION", "#a65400", "#fff4e0"),
    Severity.INFO: SeverityStyle("INFO", "#1f5a96", "#eaf2fb"),
}


def tint(widget: QWidget, name: str, severity: Severity, border: str) -> SeverityStyle:
    """Give ``widget`` its severity's background and border (``border``: extra CSS such as
    ``"border: 2px solid {colour};"``); returns the style for the caller's text colours."""
    style = STYLES[severity]
    widget.setObjectName(name)
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    widget.setStyleSheet(
        f"#{name} {{ background: {style.background}; {border.format(colour=style.colour)}"
        " border-radius: 3px; }"
    )
    return style


def severity_pixmap(severity: Severity, size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """A crisp icon at ``size`` logical pixels on screens of any pixel ratio."""
    ratio = max(device_pixel_ratio, 1.0)
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(STYLES[severity].colour)
    s = float(size)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    if severity is Severity.STOP:
        k = s * 0.29
        painter.drawPolygon(QPolygonF([
            QPointF(k, 0), QPointF(s - k, 0), QPointF(s, k), QPointF(s, s - k),
            QPointF(s - k, s), QPointF(k, s), QPointF(0, s - k), QPointF(0, k),
        ]))
        painter.setBrush(QColor("white"))
        painter.drawRect(QRectF(s * 0.2, s * 0.42, s * 0.6, s * 0.16))
    elif severity is Severity.CAUTION:
        painter.drawPolygon(QPolygonF([
            QPointF(s / 2, s * 0.04), QPointF(s * 0.98, s * 0.94), QPointF(s * 0.02, s * 0.94),
        ]))
        _glyph(painter, QRectF(0, s * 0.26, s, s * 0.68), "!", s * 0.55)
    else:
        painter.drawEllipse(QRectF(0, 0, s, s))
        _glyph(painter, QRectF(0, 0, s, s), "i", s * 0.62)
    painter.end()
    return pixmap


def _glyph(painter: QPainter, rect: QRectF, text: str, pixel_size: float) -> None:
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(1, round(pixel_size)))
    painter.setFont(font)
    painter.setPen(QPen(QColor("white")))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def severity_icon(severity: Severity) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32):
        for ratio in (1.0, 2.0):
            icon.addPixmap(severity_pixmap(severity, size, ratio))
    return icon
