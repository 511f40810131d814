"""Loading a regimen file: a bounded read of a regular file, UTF-8 (BOM allowed), strict JSON
(no duplicate keys, no absurd number literals), strict schema with plausibility ranges,
cross-references, then a hash.

Any failure becomes a :class:`RegimenFileError` whose message names the file, the entry
(by id where the entry has one) and the field, so a pharmacist can find it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from planner.core.errors import RegimenFileError
from planner.core.resources import bundled_regimen_path
from planner.core.safe_json import JsonFileProblem, decode_text, read_regular_file, strict_loads
from planner.regimen.models import RegimenFile
from planner.regimen.problems import TYPE_ERRORS, as_json, entry_path

if TYPE_CHECKING:
    from planner.regimen.site_file import SiteRef

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A real regimen file is ~50 kB; anything far larger is a mistake, refused before parsing."""


@dataclass(frozen=True)
class LoadedRegimen:
    """A validated regimen file with where it came from and its SHA-256.

    With a site file applied, ``regimen`` is the label data with the site's choices in force,
    ``label`` the label data as shipped, ``site`` which site file it was; ``path``, ``sha256``
    and ``bundled`` always describe the label data file.
    """

    regimen: RegimenFile
    path: Path
    sha256: str
    bundled: bool
    site: SiteRef | None = None
    label: RegimenFile | None = None  # before the site overlay; None: no site file applied
    not_stocked: frozenset[str] = frozenset()  # product ids the site does not stock

    @property
    def label_regimen(self) -> RegimenFile:
        """The label data as shipped, without the site's choices."""
        return self.label or self.regimen

    def stocked(self, product_id: str) -> bool:
        return product_id not in self.not_stocked

    @property
    def short_sha(self) -> str:
        return self.sha256[:12]


def load_regimen(path: Path | str | None = None) -> LoadedRegimen:
    """Load and validate ``path``, or the bundled file when ``path`` is None."""
    bundled = path is None
    file_path = bundled_regimen_path() if path is None else Path(path)
    raw = read_file_bytes(file_path)
    return _parse(raw, file_path, bundled)


@lru_cache(maxsize=1)
def bundled_regimen() -> LoadedRegimen:
    """The bundled file, parsed once per process."""
    return load_regimen(None)


def read_file_bytes(path: Path, what: str = "regimen file") -> bytes:
    """The bytes of a regimen or site file: only a regular file, read with a bound (a FIFO or
    /dev/zero never blocks or fills memory); missing, folder, huge or unreadable refused."""
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except JsonFileProblem as exc:
        raise RegimenFileError(f"{path.name}: {exc}".replace("a file", f"a {what}")) from None


def _parse(raw: bytes, path: Path, bundled: bool) -> LoadedRegimen:
    name = path.name
    try:
        data = strict_loads(decode_text(raw))
    except JsonFileProblem as exc:
        raise RegimenFileError(f"{name}: {exc}") from None
    regimen = validate_regimen_data(data, name)
    return LoadedRegimen(
        regimen=regimen, path=path, sha256=hashlib.sha256(raw).hexdigest(), bundled=bundled
    )


def validate_regimen_data(data: Any, name: str) -> RegimenFile:
    """Validate parsed JSON in pydantic's strict mode: no bool or text taken for a number, no
    text for a yes/no; every range and cross-check of the models; errors name ``name``."""
    try:
        text = json.dumps(data, allow_nan=False)
    except (ValueError, RecursionError):
        raise RegimenFileError(f"{name}: JSON nested too deeply or not finite") from None
    try:
        return RegimenFile.model_validate_json(text, strict=True)
    except ValidationError as exc:
        raise RegimenFileError(describe_validation_error(name, data, exc)) from None
    except RecursionError:
        raise RegimenFileError(f"{name}: JSON nested too deeply") from None


ModelT = TypeVar("ModelT", bound=BaseModel)


def strict_validate(model: type[ModelT], data: Any) -> ModelT:
    """``model.model_validate(data)`` in pydantic's strict JSON mode (what a file may hold:
    no true or "100" for a number, no "yes" for a yes/no); raises ValidationError."""
    return model.model_validate_json(json.dumps(data, allow_nan=False), strict=True)


def describe_validation_error(name: str, data: Any, exc: ValidationError) -> str:
    """First few schema errors as 'file: products[privigen].protocols[itp].max_rate: why'."""
    lines = []
    errors = exc.errors(include_url=False)
    for error in errors[:5]:
        where = entry_path(data, error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] in TYPE_ERRORS:
            message += f", not {as_json(error.get('input'))}"
        lines.append(f"{name}: {where or '(top level)'}: {message}")
    if len(errors) > 5:
        lines.append(f"{name}: … and {len(errors) - 5} more problems")
    return "\n".join(lines)
