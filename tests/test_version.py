"""``infusion-planner --version``: program version, label data version and SHA-256, site file."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from planner import __version__
from planner.core.resources import bundled_regimen_path

ROOT = Path(__file__).resolve().parent.parent


def run_version(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_STATE_HOME=str(tmp_path / "state"))
    return subprocess.run([sys.executable, "-m", "ui", "--version", *extra], env=env,
                          capture_output=True, text=True, check=False, timeout=120)


def test_version_names_program_label_data_and_site_file(tmp_path: Path) -> None:
    result = run_version(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"infusion-planner {__version__}"
    raw = bundled_regimen_path().read_bytes()
    version = json.loads(raw)["version"]
    assert f"label data SHA-256: {hashlib.sha256(raw).hexdigest()}" in lines
    assert any(line.startswith("label data:") and f"version {version}" in line
               for line in lines)
    assert "site file: none (bundled defaults)" in lines
    assert str(tmp_path / "config") in result.stdout  # settings under XDG_CONFIG_HOME
    assert "Traceback" not in result.stderr


def test_version_reports_a_refused_regimen_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run_version(tmp_path, "--regimen-file", str(bad))
    assert result.returncode == 0, result.stderr
    assert "problem: " in result.stdout and "broken.json was refused" in result.stdout
    raw = bundled_regimen_path().read_bytes()
    assert hashlib.sha256(raw).hexdigest() in result.stdout  # the bundled file is in use


def test_version_names_the_site_file_applied(tmp_path: Path) -> None:
    site = ROOT / "resources" / "site-example.json"
    data = json.loads(site.read_bytes())
    result = run_version(tmp_path, "--site-file", str(site))
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("site file: "))
    assert hashlib.sha256(site.read_bytes()).hexdigest() in line
    assert f"version {data['version']}" in line and str(site) in line
    raw = bundled_regimen_path().read_bytes()  # the label data underneath is still named
    assert f"label data SHA-256: {hashlib.sha256(raw).hexdigest()}" in result.stdout


def test_version_reports_a_refused_site_file(tmp_path: Path) -> None:
    site = tmp_path / "ward-site.json"
    data = json.loads((ROOT / "resources" / "site-example.json").read_bytes())
    data["products"] = [{"id": "no-such-product"}]  # an unknown product: refused
    site.write_text(json.dumps(data), encoding="utf-8")
    result = run_version(tmp_path, "--site-file", str(site))
    assert result.returncode == 0, result.stderr
    assert "site file: none (bundled defaults)" in result.stdout
    assert "problem: " in result.stdout and "ward-site.json" in result.stdout
