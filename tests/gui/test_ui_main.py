"""The `infusion-planner` command: --demo, --plan, --regimen-file, --screenshot."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from planner.plan.patient import Patient, PlanRequest
from planner.plan.plan_file import save_plan_file
from planner.regimen.loading import bundled_regimen
from ui.__main__ import build_parser, main

ROOT = Path(__file__).resolve().parent.parent


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (no Qt needed to check the file)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture
def isolated(tmp_path: Path, qapp: QApplication) -> Iterator[Path]:
    """main() uses the default QSettings: point it at a temporary folder."""
    folder = tmp_path / "settings"
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


def test_demo_screenshot_is_1440x900(isolated: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert main(["--demo", "--screenshot", str(out)]) == 0
    assert png_size(out) == (1440, 900)


def test_screenshot_size_option(isolated: Path, tmp_path: Path) -> None:
    out = tmp_path / "small.png"
    assert main(["--screenshot", str(out), "--size", "1024x700"]) == 0
    assert png_size(out) == (1024, 700)


def test_screenshot_of_a_saved_plan(isolated: Path, tmp_path: Path) -> None:
    request = PlanRequest(patient=Patient(weight_kg=70), indication_id="itp",
                          product_id="privigen")
    plan = save_plan_file(request, tmp_path / "p.ivplan", bundled_regimen())
    out = tmp_path / "plan.png"
    assert main(["--plan", str(plan), "--screenshot", str(out)]) == 0
    assert out.exists()


def test_unreadable_plan_fails_with_a_message(
    isolated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ivplan"
    bad.write_text("{", encoding="utf-8")
    assert main(["--plan", str(bad), "--screenshot", str(tmp_path / "x.png")]) == 1
    assert "bad.ivplan" in capsys.readouterr().err


def test_bad_regimen_file_names_entry_and_field_and_keeps_the_bundled_one(
    isolated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(bundled_regimen().path.read_text(encoding="utf-8"))
    data["indications"][0]["dose_mg_kg"]["max"] = "lots"
    site = tmp_path / "site.json"
    site.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "shot.png"
    assert main(["--demo", "--regimen-file", str(site), "--screenshot", str(out)]) == 0
    err = capsys.readouterr().err
    first_id = data["indications"][0]["id"]
    assert f"indications[{first_id}].dose_mg_kg.max" in err
    assert "bundled file" in err and "stays in use" in err
    assert out.exists()


@pytest.mark.parametrize("size", ["big", "10x10", "1440*900"])
def test_bad_size_is_a_usage_error(size: str) -> None:
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["--size", size])
    assert info.value.code == 2


def test_plan_and_demo_exclude_each_other() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--demo", "--plan", "x.ivplan"])


def _free_display() -> int:
    for number in range(97, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(
            f"/tmp/.X{number}-lock"
        ).exists():
            return number
    pytest.skip("no free X display number")


@pytest.mark.xvfb
def test_real_window_under_xvfb(tmp_path: Path) -> None:
    """Start the program for real (xcb platform, a real X server) and check its PNG."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed")
    number = _free_display()
    server = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1920x1200x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.skip("Xvfb did not start")
            time.sleep(0.05)
        out = tmp_path / "real.png"
        env = {
            **os.environ, "DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb",
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT),
        }
        result = subprocess.run(
            [sys.executable, "-m", "ui", "--demo", "--screenshot", str(out)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert png_size(out) == (1440, 900)
        assert out.stat().st_size > 50_000  # a real rendering, not a blank image
        assert not (tmp_path / "config").exists() or not any(
            p.name.endswith(".conf") and "geometry" in p.read_text(errors="ignore")
            for p in (tmp_path / "config").rglob("*")
            if p.is_file()
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_no_display_gives_a_message_not_a_crash() -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "ui"], capture_output=True, text=True,
                            env=env, timeout=60, check=False)
    assert result.returncode == 1 and "no display found" in result.stderr
