"""One locator for bundled files, from source and inside the PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/`` whether frozen or not."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root, "resources", *parts)
    import resources  # the package installed beside planner/

    return Path(resources.__file__).resolve().parent.joinpath(*parts)


def bundled_regimen_path() -> Path:
    return resource_path("regimens.json")
