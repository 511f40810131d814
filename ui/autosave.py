"""Autosave of the inputs on screen (the PlanRequest, in the plan-file format), Qt-free.

The window writes ``autosave.json`` in the user's data folder a moment after the last edit and
on close, and removes it when the inputs are safe (saved to a plan file, or a New blank form).
At the next start a leftover autosave is moved aside to ``autosave-previous.json`` and offered
back; the new session's own autosave then never overwrites the inputs still being offered.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from planner.core.errors import PlanFileError
from planner.plan.patient import PlanRequest
from planner.plan.plan_file import SavedPlan, load_plan_file, save_plan_file
from planner.regimen.loading import LoadedRegimen
from ui.paths import data_dir

AUTOSAVE_NAME = "autosave.json"
OFFER_NAME = "autosave-previous.json"
DAMAGED_NAME = "autosave-damaged.json"
DELAY_MS = 2000


def default_data_dir() -> Path:
    """The platform's data folder (ui.paths): XDG_DATA_HOME on Linux."""
    return data_dir()


class AutosaveStore:
    def __init__(self, folder: Path | None = None, delay_ms: int = DELAY_MS) -> None:
        self.folder = folder or default_data_dir()
        self.delay_ms = delay_ms

    @property
    def path(self) -> Path:
        return self.folder / AUTOSAVE_NAME

    @property
    def offer_path(self) -> Path:
        return self.folder / OFFER_NAME

    def save(
        self, request: PlanRequest, loaded: LoadedRegimen,
        events: Sequence[Mapping[str, Any]] = (),
    ) -> Path:
        """Write atomically (raises PlanFileError saying why, e.g. a full disk)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PlanFileError(
                f"cannot create {self.folder} ({exc.strerror or exc})"
            ) from None
        return save_plan_file(request, self.path, loaded, events=events)

    def exists(self) -> bool:
        return self.path.exists()

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def claim(self) -> str:
        """At start, before this session writes anything: move the last session's autosave
        aside so it can be offered and is never overwritten or removed. Returns '' or why it
        could not be moved."""
        if not self.path.exists():
            return ""
        try:
            os.replace(self.path, self.offer_path)
        except OSError as exc:
            return f"{self.path}: cannot be moved aside ({exc.strerror or exc})"
        return ""

    def take_offer(self) -> SavedPlan | None:
        """The inputs left by the last session, if any. A damaged file is set aside as
        autosave-damaged.json and PlanFileError says why."""
        problem = self.claim()
        if problem:
            raise PlanFileError(problem)
        if not self.offer_path.exists():
            return None
        try:
            return load_plan_file(self.offer_path)
        except PlanFileError:
            with contextlib.suppress(OSError):
                os.replace(self.offer_path, self.folder / DAMAGED_NAME)
            raise

    def discard_offer(self) -> None:
        with contextlib.suppress(OSError):
            self.offer_path.unlink()
