"""Autosave of the inputs on screen (the PlanRequest, in the plan-file format), Qt-free.

The window writes ``autosave.json`` in the user's data folder a moment after the last edit and
on close, and removes it when the inputs are safe (saved to a plan file, or a New blank form).
At the next start a leftover autosave is moved aside to ``autosave-previous.json`` and offered
back; the new session's own autosave then never overwrites the inputs still being offered.

One running copy per slot: a session holds a lock file for its slot while it runs. A second copy
started meanwhile takes the next free slot (``autosave-2.json`` …), so it never offers another
live session's inputs as "last session" and the two never overwrite each other's autosave. A
slot whose lock is free belonged to a session that ended (or crashed): its autosave is offered.
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


MAX_SLOTS = 20


class AutosaveStore:
    def __init__(
        self, folder: Path | None = None, delay_ms: int = DELAY_MS, slot: int = 1
    ) -> None:
        self.folder = folder or default_data_dir()
        self.delay_ms = delay_ms
        self.slot = slot
        self._lock: SlotLock | None = None

    @classmethod
    def for_this_session(
        cls, folder: Path | None = None, delay_ms: int = DELAY_MS
    ) -> AutosaveStore:
        """A store on the first slot no running copy holds, locked for this process's life.
        Where no lock can be taken at all (read-only folder), slot 1 unlocked, as before."""
        store = cls(folder, delay_ms)
        with contextlib.suppress(OSError):
            store.folder.mkdir(parents=True, exist_ok=True)
        for slot in range(1, MAX_SLOTS + 1):
            lock = SlotLock.try_take(store.folder / _slot_name("autosave", slot, ".lock"))
            if lock is not None:
                store.slot, store._lock = slot, lock
                return store
        return store

    def release(self) -> None:
        """Give the slot back (the window's close; the OS does it too when the process ends)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def path(self) -> Path:
        return self.folder / _slot_name(AUTOSAVE_NAME.removesuffix(".json"), self.slot)

    @property
    def offer_path(self) -> Path:
        return self.folder / _slot_name(OFFER_NAME.removesuffix(".json"), self.slot)

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
                damaged = _slot_name(DAMAGED_NAME.removesuffix(".json"), self.slot)
                os.replace(self.offer_path, self.folder / damaged)
            raise

    def discard_offer(self) -> None:
        with contextlib.suppress(OSError):
            self.offer_path.unlink()


def _slot_name(stem: str, slot: int, suffix: str = ".json") -> str:
    """Slot 1 keeps the historical names (autosave.json); others are numbered."""
    return f"{stem}{suffix}" if slot == 1 else f"{stem}-{slot}{suffix}"


class SlotLock:
    """An exclusive, non-blocking lock on a file, held while the file stays open; the OS
    drops it when the process ends, so a crashed session never keeps its slot."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    @classmethod
    def try_take(cls, path: Path) -> SlotLock | None:
        try:
            handle = open(path, "a+b")  # noqa: SIM115 - held open for the session
        except OSError:
            return None
        try:
            if os.name == "nt":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return None
        return cls(handle)

    def release(self) -> None:
        with contextlib.suppress(OSError):
            self._handle.close()
