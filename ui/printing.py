"""Printing the plan through QPrinter: the HTML of :mod:`ui.print_html` plus the timeline."""

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
