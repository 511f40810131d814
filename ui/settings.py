"""Everything the GUI remembers, in one place, on top of a QSettings the caller chooses.

Tests hand in a QSettings on a temporary ini file, so they never touch the nurse's own
settings; the program uses the default QSettings of organisation/application name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from planner.report.paper import Paper

PAPERS = tuple(p.value for p in Paper)


@dataclass(frozen=True)
class Preferences:
    regimen_file: str = ""  # "" = the bundled file
    site_file: str = ""  # "" = no site file (bundled site choices)
    paper: str = Paper.A4.value
    default_start: time | None = None  # None = the regimen file's site default


RECENT_MAX = 8
TODAY_MAX = 40  # plan files the Today view keeps between sessions


class AppSettings:
    def __init__(self, settings: QSettings) -> None:
        self.qsettings = settings

    def _text(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return value if isinstance(value, str) else default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # window
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def set_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(f"window/splitter_{name}")

    def set_splitter(self, name: str, state: QByteArray) -> None:
        self.qsettings.setValue(f"window/splitter_{name}", state)

    # folders
    def last_dir(self) -> str:
        folder = self._text("paths/last_dir")
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def set_last_dir(self, folder: Path | str) -> None:
        self.qsettings.setValue("paths/last_dir", str(folder))

    def recent_files(self) -> list[Path]:
        """Plan files opened or saved, newest first (File ▸ Open Recent)."""
        value = self.qsettings.value("paths/recent", [])
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        return [Path(p) for p in items if isinstance(p, str) and p]

    def add_recent(self, path: Path) -> None:
        resolved = str(path.resolve())
        kept = [str(p) for p in self.recent_files() if str(p) != resolved]
        self.qsettings.setValue("paths/recent", [resolved, *kept][:RECENT_MAX])

    def clear_recent(self) -> None:
        self.qsettings.setValue("paths/recent", [])

    # the Today view
    def today_files(self) -> list[Path]:
        """The plan files added to Today, as saved (whether they still exist is the view's
        business). Anything but text paths, e.g. a hand-edited value, reads as none."""
        value = self.qsettings.value("today/files", [])
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        seen: list[Path] = []
        for item in items:
            if isinstance(item, str) and item.strip() and "\0" not in item:
                path = Path(item)
                if path not in seen:
                    seen.append(path)
        return seen[:TODAY_MAX]

    def set_today_files(self, paths: list[Path]) -> None:
        self.qsettings.setValue("today/files", [str(p) for p in paths[:TODAY_MAX]])

    # preferences
    def preferences(self) -> Preferences:
        paper = self._text("prefs/paper", Paper.A4.value)
        start_text = self._text("prefs/default_start")
        start = None
        if start_text:
            try:
                start = time.fromisoformat(start_text)
            except ValueError:
                start = None
        return Preferences(
            regimen_file=self._text("prefs/regimen_file"),
            site_file=self._text("prefs/site_file"),
            paper=paper if paper in PAPERS else Paper.A4.value, default_start=start,
        )

    def set_preferences(self, prefs: Preferences) -> None:
        self.qsettings.setValue("prefs/regimen_file", prefs.regimen_file)
        self.qsettings.setValue("prefs/site_file", prefs.site_file)
        self.qsettings.setValue("prefs/paper", prefs.paper)
        self.qsettings.setValue(
            "prefs/default_start",
            "" if prefs.default_start is None else prefs.default_start.strftime("%H:%M"),
        )

    def sync(self) -> None:
        self.qsettings.sync()
