"""Printing the plan: the exporter's own PDF, page for page, on a QPrinter.

One source for what goes on paper: print and print preview put the very pages that
:func:`planner.report.pdf.export.export_pdf` writes (preparation box, bedside record, IM
injection rows, sources…) on the printer, so a printout can never say less than the PDF.
Qt alone cannot draw a PDF on a QPrinter (QtPdf ships only in PySide6-Addons, several hundred
MB); pypdfium2 — pdfium, the renderer of Chromium, a few MB with wheels for Windows, macOS and
Linux — rasterises each page at the printer's resolution (capped, so a 1200 dpi printer does
not need 100 MB per page).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from planner.report.paper import Paper

PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    Paper.A4: QPageSize.PageSizeId.A4, Paper.LETTER: QPageSize.PageSizeId.Letter,
}
MAX_DPI = 300  # sharp text on paper; a page stays about 35 MB of pixels while it is painted
PDF_POINTS_PER_INCH = 72.0


def page_image(page: pypdfium2.PdfPage, dpi: float) -> QImage:
    """One PDF page as an opaque image at ``dpi`` (white paper, as printed)."""
    bitmap = page.render(scale=dpi / PDF_POINTS_PER_INCH, rev_byteorder=True,
                         fill_color=(255, 255, 255, 255))
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB888 if bitmap.n_channels == 3
                   else QImage.Format.Format_RGBX8888)
    return image.copy()  # own the pixels: pdfium's buffer goes with the bitmap


def print_pdf(pdf: Path, printer: QPrinter) -> int:
    """Put every page of ``pdf`` on ``printer``, each scaled to fit its page with the aspect
    kept; returns the number of pages printed."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be opened")
        try:
            for index in range(len(document)):
                if index:
                    printer.newPage()
                image = page_image(document[index], dpi)
                area = QRectF(painter.viewport())
                scale = min(area.width() / image.width(), area.height() / image.height())
                target = QRectF(area.x(), area.y(), image.width() * scale,
                                image.height() * scale)
                painter.drawImage(target, image)
        finally:
            painter.end()
        return len(document)
    finally:
        document.close()


def make_printer(paper: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAGE_SIZES.get(paper, QPageSize.PageSizeId.A4)))
    return printer
