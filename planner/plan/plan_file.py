"""Saved plan files: the nurse's request (not the computed plan) plus the regimen file it used.

Only the request is stored: opening a file recomputes the plan with the regimen file in use
now, and the stored regimen version and SHA-256 let the GUI say when they differ. Writing is
atomic (temp file in the same folder, fsync, ``os.replace``) so a crash or a full disk never
leaves half a plan file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner import __version__
from planner.core.errors import PlanFileError, PlanInputError
from planner.core.safe_json import (
    JsonFileProblem,
    check_json_types,
    decode_text,
    read_regular_file,
    strict_loads,
)
from planner.plan.file_change import DataFile, FileChange, RegimenChanged, SiteChanged
from planner.plan.file_change_text import file_change_words
from planner.plan.models import SiteFileRef
from planner.plan.patient import PlanRequest
from planner.plan.plan_file_text import PlanFileProblem as P
from planner.plan.plan_file_text import PlanFileRefused, request_problems_words
from planner.plan.second_check import SecondCheckRecord
from planner.plan.second_check_text import VoidReason, void_words
from planner.plan.validation import check_start
from planner.regimen.loading import LoadedRegimen

FORMAT = 2
"""The newest plan-file format this version reads. Format 2 adds recorded bedside events; a
file without events is still written as format 1 so older versions keep opening it, and a
file with events is format 2 so an older version refuses it instead of dropping the events."""

_FORMAT_WITHOUT_EVENTS = 1

MAX_FILE_BYTES = 1024 * 1024
"""A plan file is well under 2 kB; anything far larger is not one and is refused unread."""

SUFFIX = ".ivplan"


@dataclass(frozen=True)
class SavedPlan:
    """What a plan file holds: the request and the regimen file it was planned with."""

    request: PlanRequest
    regimen_version: str
    regimen_sha256: str
    app_version: str = ""
    saved_at: datetime | None = None
    second_check: SecondCheckRecord | None = None  # a check of this request, or void
    check_data: tuple[str | None, str | None] = (None, None)  # regimen, site SHA-256 checked
    site_file: SiteFileRef | None = None  # the site file in force when saved; None: none
    events: tuple[Mapping[str, Any], ...] = ()  # bedside event records, in recorded order;
    # validated by planner.bedside (this layer only keeps them, never drops one)

    def same_files(self, loaded: LoadedRegimen) -> bool:
        """Saved under exactly the label data and site file in force now."""
        return not data_changes(self, loaded)


def data_changes(saved: SavedPlan, loaded: LoadedRegimen) -> tuple[FileChange, ...]:
    """Each data file that differs from when the plan was saved, before and now."""
    found: list[FileChange] = []
    if saved.regimen_sha256 != loaded.sha256 or saved.regimen_version != loaded.regimen.version:
        found.append(RegimenChanged(
            saved=DataFile(saved.regimen_version, saved.regimen_sha256[:12]),
            now=DataFile(loaded.regimen.version, loaded.short_sha),
        ))
    before, now = saved.site_file, loaded.site
    if (before.sha256 if before else None) != (now.sha256 if now else None):
        found.append(SiteChanged(
            saved=None if before is None
            else DataFile(before.version, before.sha256[:12], before.file, before.site),
            now=None if now is None else DataFile(now.version, now.short_sha, now.file, now.site),
        ))
    return tuple(found)


def file_changes(saved: SavedPlan, loaded: LoadedRegimen) -> tuple[str, ...]:
    """Why a reopened plan is recomputed, in words: one note per data file that differs."""
    return tuple(file_change_words(change) for change in data_changes(saved, loaded))


def plan_file_data(
    request: PlanRequest, loaded: LoadedRegimen, saved_at: datetime | None = None,
    second_check: SecondCheckRecord | None = None, events: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The JSON object written to disk (risk flags sorted so equal requests give equal files)."""
    request_data = request.model_dump(mode="json")
    patient = request_data.get("patient")
    if isinstance(patient, dict) and isinstance(patient.get("risks"), list):
        patient["risks"] = sorted(patient["risks"])
    when = saved_at or datetime.now().astimezone()
    data: dict[str, Any] = {
        "format": FORMAT if events else _FORMAT_WITHOUT_EVENTS,
        "app_version": __version__,
        "regimen_file": {"version": loaded.regimen.version, "sha256": loaded.sha256},
        "request": request_data,
        "saved_at": when.isoformat(timespec="seconds"),
    }
    if loaded.site is not None:  # absent: saved without a site file (bundled site choices)
        site = loaded.site
        data["site_file"] = {"site": site.site, "file": site.file, "version": site.version,
                             "sha256": site.sha256}
    if second_check is not None and second_check.matched:
        data["second_check"] = {
            "checked_by": second_check.checked_by,
            "checked_at": second_check.checked_at.isoformat(timespec="minutes"),
            "request_sha256": request_digest(request),
            "regimen_sha256": loaded.sha256,
            "site_sha256": loaded.site.sha256 if loaded.site is not None else None,
        }
    if events:
        data["events"] = [dict(record) for record in events]
    return data


def request_digest(request: PlanRequest) -> str:
    """SHA-256 of the request in one canonical form: what a second check is bound to."""
    data = request.model_dump(mode="json")
    patient = data.get("patient")
    if isinstance(patient, dict) and isinstance(patient.get("risks"), list):
        patient["risks"] = sorted(patient["risks"])
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_plan_file(
    request: PlanRequest, path: Path | str, loaded: LoadedRegimen,
    saved_at: datetime | None = None, second_check: SecondCheckRecord | None = None,
    events: Sequence[Mapping[str, Any]] = (),
) -> Path:
    """Write ``request`` (a matched second check of it, and any bedside event records) to
    ``path`` atomically; raise PlanFileError if it cannot be written."""
    target = Path(path)
    data = plan_file_data(request, loaded, saved_at, second_check, events)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise PlanFileRefused(target.name, P.CANNOT_WRITE_IN, folder=folder,
                              why=_why(exc)) from None
    temp = Path(temp_name)
    try:
        with contextlib.suppress(OSError):  # keep the permissions of the file being replaced
            os.chmod(temp, target.stat().st_mode & 0o777)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise PlanFileRefused(target.name, P.CANNOT_WRITE, why=_why(exc)) from None
    _fsync_folder(folder)
    return target


def load_plan_file(path: Path | str) -> SavedPlan:
    """Read a plan file; refuse missing, corrupt or newer-format files with PlanFileError."""
    source = Path(path)
    name = source.name
    data = _read_json(source)
    if not isinstance(data, dict):
        raise PlanFileRefused(name, P.NOT_AN_OBJECT)
    if "format" not in data:
        raise PlanFileRefused(name, P.NO_FORMAT)
    version = data["format"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise PlanFileRefused(name, P.FORMAT_NOT_WHOLE, version=version)
    if version > FORMAT:
        raise PlanFileRefused(name, P.NEWER_FORMAT, version=version, supported=FORMAT)
    if version < 1:
        raise PlanFileRefused(name, P.UNKNOWN_FORMAT, version=version)
    regimen = data.get("regimen_file")
    if not isinstance(regimen, dict):
        raise PlanFileRefused(name, P.NO_REGIMEN_FILE)
    regimen_version = _text(regimen, "version", name, "regimen_file.version")
    regimen_sha = _text(regimen, "sha256", name, "regimen_file.sha256")
    if "request" not in data:
        raise PlanFileRefused(name, P.NO_REQUEST)
    request = _request(data["request"], name)
    app_version = data.get("app_version")
    return SavedPlan(
        request=request, regimen_version=regimen_version, regimen_sha256=regimen_sha,
        app_version=app_version if isinstance(app_version, str) else "",
        saved_at=_parse_time(data.get("saved_at")),
        second_check=_second_check(data.get("second_check"), request),
        site_file=_site_file(data.get("site_file"), name),
        events=_event_records(data.get("events", []), name),
        check_data=_check_data(data.get("second_check")),
    )


def _check_data(value: object) -> tuple[str | None, str | None]:
    if not isinstance(value, dict):
        return (None, None)
    regimen, site = value.get("regimen_sha256"), value.get("site_sha256")
    return (regimen if isinstance(regimen, str) else None, site if isinstance(site, str) else None)


def _request(value: object, name: str) -> PlanRequest:
    """The saved request with strict JSON types (no true for a weight or days, no number for
    a start date), no time-zone offset and no start the app cannot show."""
    try:
        check_json_types(_request_schema(), value, "request")
    except JsonFileProblem as exc:
        raise PlanFileRefused(name, P.WRONG_TYPES, why=str(exc)) from None
    try:
        request = PlanRequest.model_validate(value)
    except ValidationError as exc:
        raise PlanFileError(request_problems_words(name, exc.errors(include_url=False))) from None
    if request.start is not None:
        try:
            check_start(request.start)
        except PlanInputError as exc:
            raise PlanFileRefused(name, P.BAD_START, why=exc.message) from None
    return request


@lru_cache(maxsize=1)
def _request_schema() -> dict[str, Any]:
    return PlanRequest.model_json_schema()


def _site_file(value: object, name: str) -> SiteFileRef | None:
    """The saved site-file reference; absent or null: saved without a site file."""
    if value is None:
        return None
    try:
        return SiteFileRef.model_validate(value)
    except ValidationError:
        raise PlanFileRefused(name, P.BAD_SITE_FILE) from None


def _event_records(value: object, name: str) -> tuple[Mapping[str, Any], ...]:
    """The stored event records as they are (planner.bedside validates each one)."""
    if not isinstance(value, list):
        raise PlanFileRefused(name, P.EVENTS_NOT_A_LIST)
    for number, record in enumerate(value, start=1):
        if not isinstance(record, dict):
            raise PlanFileRefused(name, P.NOT_AN_EVENT, number=number)
    return tuple(value)


def _second_check(value: object, request: PlanRequest) -> SecondCheckRecord | None:
    """A saved check; VOID (with the reason) where it is not bound to this very request; None
    where absent or malformed (then the plan needs a new check)."""
    if not isinstance(value, dict):
        return None
    who, when = value.get("checked_by"), _parse_time(value.get("checked_at"))
    if not isinstance(who, str) or not who.strip() or when is None:
        return None
    record = SecondCheckRecord(checked_by=who, checked_at=when, differences=())
    digest = value.get("request_sha256")
    if not isinstance(digest, str):
        return record.voided(void_words(VoidReason.NOT_RECORDED))
    if digest != request_digest(request):
        return record.voided(void_words(VoidReason.REQUEST_CHANGED))
    return record


def bound_check(saved: SavedPlan, loaded: LoadedRegimen) -> SecondCheckRecord | None:
    """The saved second check as it stands under the data files in force now: void where the
    request or the regimen/site data differ from what was checked."""
    record = saved.second_check
    if record is None or record.void_reason:
        return record
    now = (loaded.sha256, loaded.site.sha256 if loaded.site else None)
    if saved.check_data != now or not saved.same_files(loaded):
        return record.voided(void_words(VoidReason.DATA_CHANGED))
    return record


def _read_json(path: Path) -> Any:
    """Only a regular file, read with a bound; strict JSON (BOM allowed, duplicate keys,
    NaN and absurd number literals refused)."""
    name = path.name
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
        text = decode_text(raw)
        if not text.strip():
            raise PlanFileRefused(name, P.EMPTY)
        return strict_loads(text)
    except JsonFileProblem as exc:
        raise PlanFileRefused(name, P.UNREADABLE, why=str(exc)) from None


def _text(data: dict[str, Any], key: str, name: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise PlanFileRefused(name, P.NOT_TEXT, where=where)
    return value


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the OS allows it (POSIX); harmless elsewhere."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
