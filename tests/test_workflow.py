"""The bundle workflow for the public code host cannot run here; it must still be a valid
workflow that builds and self-tests on all three systems, so that it runs first time there."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "bundle.yml"


def _checker() -> list[str]:
    exe = shutil.which("check-jsonschema")
    return [exe] if exe else [sys.executable, "-m", "check_jsonschema"]


def test_the_workflow_is_valid_for_the_code_host() -> None:
    """Validated against the GitHub workflow schema vendored in check-jsonschema (no network)."""
    done = subprocess.run([*_checker(), "--builtin-schema", "vendor.github-workflows",
                           str(WORKFLOW)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_broken_workflow_is_caught(tmp_path: Path) -> None:
    """The check above can fail: a misspelt key is refused."""
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:"),
                      encoding="utf-8")
    done = subprocess.run([*_checker(), "--builtin-schema", "vendor.github-workflows",
                           str(broken)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode != 0


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    loaded = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_it_builds_self_tests_and_keeps_the_bundle_on_each_system(
    workflow: dict[str, Any],
) -> None:
    (job,) = workflow["jobs"].values()
    systems = job["strategy"]["matrix"]["os"]
    assert {s.split("-")[0] for s in systems} == {"ubuntu", "windows", "macos"}
    assert job["strategy"]["fail-fast"] is False  # one system's failure hides no other's
    runs = [step.get("run", "") for step in job["steps"]]
    assert any("pip install" in r for r in runs)
    assert any("build/build.py" in r for r in runs)
    self_tests = [s for s in job["steps"] if "--self-test" in s.get("run", "")]
    conditions = " ".join(s.get("if", "") for s in self_tests)
    assert "Windows" in conditions and len(self_tests) >= 2  # every system self-tests
    uploads = [s for s in job["steps"] if str(s.get("uses", "")).startswith(
        "actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["if-no-files-found"] == "error"
    linux = next(s for s in job["steps"] if s.get("if") == "runner.os == 'Linux'")
    assert "icu-devtools" in linux["run"]  # build.py trims ICU with icupkg
