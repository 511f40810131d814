"""Printing the plan through QPrinter: the HTML of :mod:`ui.print_html` plus the timeline.

Why print does not send the exporter's PDF (:mod:`planner.report.pdf.export`) to the printer,
although one source for what goes on paper would be better: Qt cannot put a PDF on a QPrinter
without rasterising its pages first, and the module that does that, QtPdf, is not part of
PySide6-Essentials (``import PySide6.QtPdf`` fails; it ships only in PySide6-Addons, several
hundred MB more in every bundle for this one use). Handing the file to the system's print
service is not portable (Windows has no ``lp``) and loses the print dialog. A small PDF
renderer (pypdfium2, one pdfium library of a few MB) could do it: worth it once the printed
page must be the PDF exactly. Until then the printed page is this separate, plainer rendering,
read off the same Plan and the same :mod:`ui.plan_view` rows as the screen, with every
warning, the lots, the second check and the data files' versions and SHA-256 — the tests
compare it with the plan, not with the PDF.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QPoint, QSize, QUrl
from PySide6.QtGui import QImage, QPageSize, QPainter, QPalette, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from planner.plan.models import Plan
from planner.plan.second_check import SecondCheckRecord
from ui.print_html import plan_html
from ui.timeline import TimelineWidget
from ui.timeline_data import timeline_from_plan

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


def timeline_image(plan: Plan, width: int = 1280) -> QImage:
    """The timeline drawn off-screen at print resolution on a white background."""
    widget = TimelineWidget()
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Base, "white")
    palette.setColor(QPalette.ColorRole.AlternateBase, "#f4f4f4")
    palette.setColor(QPalette.ColorRole.Text, "black")
    widget.setPalette(palette)
    widget.set_data(timeline_from_plan(plan))
    hint = widget.sizeHint()
    widget.resize(QSize(width, max(hint.height(), 140)))
    ratio = 2.0
    image = QImage(widget.size() * ratio, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    widget.render(painter, QPoint(0, 0))
    painter.end()
    widget.deleteLater()
    return image


def print_plan(
    plan: Plan, printer: QPrinter, generated_at: datetime | None = None,
    second_check: SecondCheckRecord | None = None,
) -> None:
    document = QTextDocument()
    document.addResource(
        QTextDocument.ResourceType.ImageResource, QUrl("timeline.png"), timeline_image(plan)
    )
    document.setHtml(plan_html(plan, generated_at or datetime.now(), "timeline.png",
                               second_check))
    document.print_(printer)


def make_printer(paper: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAGE_SIZES.get(paper, QPageSize.PageSizeId.A4)))
    return printer
