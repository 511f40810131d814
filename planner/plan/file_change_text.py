"""A recomputed plan's data-file changes in the words the nurse reads when it is reopened
(GUI notice, CLI note, JSON ``recomputed_because``)."""

from __future__ import annotations

from planner.plan.file_change import DataFile, FileChange, RegimenChanged, SiteChanged

_NO_SITE_FILE = "no site file (bundled site choices)"


def _site(ref: DataFile | None) -> str:
    if ref is None:
        return _NO_SITE_FILE
    return f"site file {ref.file} ({ref.site}) version {ref.version} (SHA-256 {ref.sha12})"


def file_change_words(change: FileChange) -> str:
    """One sentence per changed file, telling the nurse to check the recomputed plan."""
    if isinstance(change, RegimenChanged):
        return (
            f"This plan was saved with regimen file version {change.saved.version} "
            f"(SHA-256 {change.saved.sha12}). It has been RECOMPUTED with the file in use, "
            f"version {change.now.version} (SHA-256 {change.now.sha12}): doses, rates and "
            "warnings may differ from the saved plan. Check them."
        )
    assert isinstance(change, SiteChanged)
    return (
        f"This plan was saved under {_site(change.saved)}. It has been RECOMPUTED under "
        f"{_site(change.now)}: protocol, vials, caps and warnings may differ from the saved "
        "plan. Check them."
    )
