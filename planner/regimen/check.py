"""``regimen check``: validate the label data and a site file, reporting every problem.

The loaders stop a plan at the first unusable file; a pharmacist reviewing a file wants every
problem in one pass, each naming the file, the entry and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from planner.core.errors import RegimenFileError
from planner.regimen.loading import (
    LoadedRegimen,
    bundled_regimen,
    load_regimen,
    read_file_bytes,
    strict_validate,
)
from planner.regimen.models import RegimenFile
from planner.regimen.overlay import apply_site
from planner.regimen.problems import Problem, problems_from_validation
from planner.regimen.site_file import check_site_file, decode_json


@dataclass(frozen=True)
class CheckResult:
    problems: tuple[Problem, ...]
    summary: str  # one line: what was checked and what is in force

    @property
    def ok(self) -> bool:
        return not self.problems


def check_files(
    regimen_file: Path | str | None = None, site_file: Path | str | None = None
) -> CheckResult:
    """Every problem of the label data (bundled unless ``regimen_file``) and ``site_file``."""
    label, problems = _check_label(regimen_file)
    if site_file is not None:
        if label is None:
            name = Path(site_file).name
            problems.append(Problem(name, "", "", "not checked: the regimen file it applies "
                                    "over has problems (above)"))
        else:
            site, site_problems = check_site_file(site_file, label.regimen)
            problems += site_problems
            if site is not None:
                try:
                    label = apply_site(label, site)
                except RegimenFileError as exc:
                    problems += [Problem(site.ref.file, "", "", line)
                                 for line in str(exc).splitlines()]
    if problems or label is None:
        return CheckResult(tuple(problems), f"{len(problems)} problem(s) found")
    return CheckResult((), summary_line(label))


def summary_line(loaded: LoadedRegimen) -> str:
    """One line: the label data and site file in force, and what the site file sets."""
    regimen = loaded.regimen
    where = "bundled" if loaded.bundled else loaded.path.name
    line = (f"OK: label data {regimen.version} ({where}, sha256 {loaded.short_sha}), "
            f"{len(regimen.products)} products, {len(regimen.indications)} indications")
    site = loaded.site
    if site is None:
        return line + "; no site file (bundled site choices)"
    stocked = len(regimen.products) - len(loaded.not_stocked)
    return (line + f"; site file {site.file} “{site.site}” version {site.version} (sha256 "
            f"{site.short_sha}): {stocked} product(s) stocked, "
            f"{len(regimen.site_protocols)} site protocol(s), "
            f"{len(regimen.protocol_defaults)} protocol default(s)")


def _check_label(path: Path | str | None) -> tuple[LoadedRegimen | None, list[Problem]]:
    if path is None:
        return bundled_regimen(), []
    file_path = Path(path)
    name = file_path.name
    try:
        data = decode_json(read_file_bytes(file_path), name)
    except RegimenFileError as exc:
        return None, [Problem(name, "", "", str(exc).removeprefix(f"{name}: "))]
    try:
        strict_validate(RegimenFile, data)  # as the loader: strict types, every problem
    except ValidationError as exc:
        return None, problems_from_validation(name, "", data, exc)
    except (ValueError, RecursionError):
        return None, [Problem(name, "", "", "JSON nested too deeply or not finite")]
    try:
        return load_regimen(file_path), []
    except RegimenFileError as exc:  # e.g. the file changed between the two reads
        return None, [Problem(name, "", "", str(exc))]

