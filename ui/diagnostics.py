"""What a service desk needs to know about this copy: one text for ``--version`` and About.

Program version, the label data (regimen file) in use with its version and SHA-256, the site
file applied over it (name, version, SHA-256, path), where the program runs from and where it
keeps settings, autosave and crash logs.
Plain text so that it can be pasted into an e-mail or a ticket.
"""

from __future__ import annotations

import platform
import sys

from planner import __version__
from planner.regimen.loading import LoadedRegimen
from ui.paths import data_dir, log_dir

NO_SITE_FILE = "none (bundled defaults)"


def running_from() -> str:
    if getattr(sys, "frozen", False):
        return f"bundle ({sys.executable})"
    return "source (Python package)"


def label_data_lines(loaded: LoadedRegimen) -> list[str]:
    regimen = loaded.label_regimen  # the label data as shipped, before any site file
    where = "bundled with the program" if loaded.bundled else str(loaded.path)
    return [
        f"label data: {regimen.title}, version {regimen.version} "
        f"(published {regimen.published.isoformat()}), {where}",
        f"label data SHA-256: {loaded.sha256}",
    ]


def site_file_text(loaded: LoadedRegimen) -> str:
    site = loaded.site
    if site is None:
        return NO_SITE_FILE
    published = f", published {site.published.isoformat()}" if site.published else ""
    return (f"{site.site}, version {site.version}{published}, SHA-256 {site.sha256}, "
            f"{site.path}")


def diagnostics_text(
    loaded: LoadedRegimen, *, settings_file: str = "", problems: list[str] | None = None,
) -> str:
    """``problems``: e.g. a refused site file, so the text says what is NOT in use."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    lines = [f"infusion-planner {__version__}", *label_data_lines(loaded),
             f"site file: {site_file_text(loaded)}"]
    lines += [f"problem: {text}" for text in problems or []]
    lines += [
        f"running from: {running_from()}",
        f"Python {platform.python_version()}, PySide6 {pyside_version}, Qt {qVersion()}, "
        f"{platform.system()} {platform.release()} {platform.machine()}",
    ]
    if settings_file:
        lines.append(f"settings: {settings_file}")
    lines += [f"autosave folder: {data_dir()}", f"crash logs: {log_dir()}"]
    return "\n".join(lines)
