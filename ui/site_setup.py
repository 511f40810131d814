"""Which label data and site file the GUI uses, and telling a workstation once when its
site file changed since it last used it (with the same diff ``regimen diff`` prints).

No rules here: loading, checking and diffing are planner functions; this only remembers,
per workstation, the last site file it used (in the app's settings).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from planner.core.errors import RegimenFileError, SiteFileError
from planner.regimen.loading import LoadedRegimen, bundled_regimen, load_regimen
from planner.regimen.overlay import load_in_force


def load_for_gui(
    regimen_file: Path | str | None, site_file: Path | str | None
) -> tuple[LoadedRegimen, list[str]]:
    """The files to plan with, and why any chosen file is NOT in use (refused)."""
    problems: list[str] = []
    try:
        label = bundled_regimen() if not regimen_file else load_regimen(regimen_file)
    except Exception as exc:  # a saved preference must never stop the window from opening
        label = bundled_regimen()
        problems.append(f"Regimen file {regimen_file} was refused; the bundled file (version "
                        f"{label.regimen.version}) stays in use.\n{exc}")
    if not site_file:
        return label, problems
    try:
        return load_in_force(None if label.bundled else label.path, site_file), problems
    except SiteFileError as exc:
        problems.append(f"Site file {site_file} was refused; the bundled site choices are in "
                        f"use.\n{exc}")
    except Exception as exc:  # the label file changed on disk since it was read, or worse
        problems.append(f"Site file {site_file} could not be applied.\n{exc}")
    return label, problems


@dataclass(frozen=True)
class SiteChange:
    """The site file changed since this workstation last used it."""

    file: str
    version: str
    sha256: str
    lines: tuple[str, ...]

    def text(self) -> str:
        head = (f"The site file {self.file} has changed since this workstation last used it. "
                f"Now in force: version {self.version}, SHA-256 {self.sha256[:12]}.")
        changes = "\n".join(f"• {line}" for line in self.lines) or "• (no readable change)"
        return f"{head}\n\nWhat changed:\n{changes}"


class SiteMemory:
    """The last site file this workstation used: its SHA-256 and a copy of its text."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def _text(self, key: str) -> str:
        value = self.settings.value(key, "")
        return value if isinstance(value, str) else ""

    def changed(self, loaded: LoadedRegimen) -> SiteChange | None:
        """What changed since the last use of the same site file; None when nothing did, or
        when this workstation has not used this file before (nothing to compare)."""
        site = loaded.site
        if site is None or self._text("site/last_file") != site.path:
            return None
        if self._text("site/last_sha256") in ("", site.sha256):
            return None
        from planner.regimen.diff import diff_site_since  # only when the file did change

        try:
            diff = diff_site_since(self._text("site/last_text"), site.path)
        except RegimenFileError:
            return None
        return SiteChange(site.file, site.version, site.sha256, tuple(diff.lines()))

    def remember(self, loaded: LoadedRegimen) -> None:
        """Keep the site file in use as the one to compare with next time."""
        site = loaded.site
        if site is None:
            return
        try:
            raw = Path(site.path).read_bytes()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return
        if hashlib.sha256(raw).hexdigest() != site.sha256:
            return  # changed on disk since it was loaded: compare with it next time
        self.settings.setValue("site/last_file", site.path)
        self.settings.setValue("site/last_sha256", site.sha256)
        self.settings.setValue("site/last_text", text)
