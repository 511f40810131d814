"""Draw the program icon once and write it in every format the bundles need (run by hand).

    python build/make_icons.py

writes resources/icon.png (512 px: window icon, Linux .desktop icon) with Qt, and from it
build/infusion-planner.ico (Windows, 16–256 px) and build/infusion-planner.icns (macOS) with
Pillow, which reportlab already requires. The generated files are committed, so building a
bundle needs neither step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PNG = ROOT / "resources" / "icon.png"
ICO = ROOT / "build" / "infusion-planner.ico"
ICNS = ROOT / "build" / "infusion-planner.icns"
SIZE = 512


def draw_png(out: Path) -> None:
    """An IV bag with a drop on a teal rounded square: readable at 16 px."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#00796b"))
    p.drawRoundedRect(QRectF(16, 16, 480, 480), 96, 96)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(150, 70, 212, 270), 48, 48)  # the bag
    p.setBrush(QColor("#00796b"))
    p.drawEllipse(QPointF(256, 104), 16, 16)  # its hanging hole
    p.setBrush(QColor("#b2dfdb"))
    p.drawRoundedRect(QRectF(176, 200, 160, 116), 28, 28)  # the fluid
    p.setPen(QPen(QColor("#ffffff"), 22, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(256, 340), QPointF(256, 372))  # the line
    drop = QPainterPath()
    drop.moveTo(256, 380)
    drop.cubicTo(256, 380, 196, 446, 226, 468)
    drop.cubicTo(244, 482, 268, 482, 286, 468)
    drop.cubicTo(316, 446, 256, 380, 256, 380)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawPath(drop)
    p.end()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"cannot write {out}")


def main() -> int:
    draw_png(PNG)
    from PIL import Image

    with Image.open(PNG) as image:
        image.save(ICO, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
        image.save(ICNS)
    for path in (PNG, ICO, ICNS):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
