"""Where the program keeps its files on each platform, in one place.

platformdirs gives each platform's own folders (``appauthor=False``: no vendor folder level on
Windows). Settings stay in QSettings' native format: the registry on Windows, a plist on
macOS, an ini file under XDG_CONFIG_HOME on Linux.

- autosave: ~/.local/share/infusion-planner (Linux), %LOCALAPPDATA%\\infusion-planner
  (Windows), ~/Library/Application Support/infusion-planner (macOS);
- crash logs: ~/.local/state/infusion-planner/log, %LOCALAPPDATA%\\infusion-planner\\Logs,
  ~/Library/Logs/infusion-planner.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_DIR = "infusion-planner"


def data_dir() -> Path:
    """Autosave and other per-user data."""
    return Path(platformdirs.user_data_dir(APP_DIR, appauthor=False))


def log_dir() -> Path:
    """Crash logs."""
    return Path(platformdirs.user_log_dir(APP_DIR, appauthor=False))
