"""build/infusion-planner.spec runs unchanged on Linux, Windows and macOS, but only Linux builds
here. So the spec is run here as PyInstaller runs it, once per system (``sys.platform`` set to
that system's value), with stand-ins for PyInstaller's build steps that record what they are
given: a typo in the Windows or macOS branch fails here, not on the first run there."""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "infusion-planner.spec"

# What PyInstaller would collect on each system (destination names), a few of each kind.
COLLECTED = {
    "win32": [
        "PySide6/Qt6Core.dll", "PySide6/Qt6Network.dll", "PySide6/opengl32sw.dll",
        "PySide6/plugins/platforms/qwindows.dll", "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/plugins/tls/qschannelbackend.dll",
        "PySide6/translations/qt_de.qm", "python311.dll",
    ],
    "darwin": [
        "PySide6/Qt/lib/QtCore.framework/QtCore", "PySide6/Qt/lib/QtNetwork.framework/QtNetwork",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/imageformats/libqjpeg.dylib",
        "PySide6/Qt/plugins/styles/libqmacstyle.dylib", "libpython3.11.dylib",
    ],
}
KEPT = {
    "win32": {"PySide6/Qt6Core.dll", "PySide6/plugins/platforms/qwindows.dll",
              "PySide6/plugins/styles/qmodernwindowsstyle.dll", "python311.dll"},
    "darwin": {"PySide6/Qt/lib/QtCore.framework/QtCore",
               "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
               "PySide6/Qt/plugins/styles/libqmacstyle.dylib", "libpython3.11.dylib"},
}


class Recorder:
    """Stands in for one PyInstaller build step and remembers how it was called."""

    calls: dict[str, dict[str, Any]]

    def __init__(self, step: str) -> None:
        self.step = step

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        Recorder.calls[self.step] = {"args": args, **kwargs}
        if self.step == "Analysis":
            return _Analysis()
        return self.step


class _Analysis:
    def __init__(self) -> None:
        system = sys.platform
        self.binaries = [(dest, f"/src/{dest}", "BINARY") for dest in COLLECTED[system]]
        self.datas: list[tuple[str, str, str]] = []
        self.pure: list[Any] = []
        self.scripts: list[Any] = []


@pytest.mark.parametrize("system", ["win32", "darwin"])
def test_the_spec_runs_for(system: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Recorder.calls = {}
    # PyInstaller's real version-resource classes, loaded here without the Windows-only
    # modules they import for reading .exe files (never used to build a resource).
    pyinstaller = pytest.importorskip("PyInstaller.compat", reason="PyInstaller: dev extra")

    monkeypatch.setattr(pyinstaller, "win32api", None, raising=False)
    try:
        import pefile  # noqa: F401
    except ImportError:
        monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    importlib.import_module("PyInstaller.utils.win32.versioninfo")  # as on Windows

    monkeypatch.setattr(sys, "platform", system)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec puts the project first
    spec_globals: dict[str, Any] = {
        "__name__": "__main__", "SPECPATH": str(SPEC.parent),
        **{step: Recorder(step) for step in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")},
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), spec_globals)

    calls = Recorder.calls
    kept = {dest for dest, _src, _kind in calls["COLLECT"]["args"][1]}
    assert kept == KEPT[system]
    exe = calls["EXE"]
    assert exe["name"] == "infusion-planner" and exe["upx"] is False
    assert Path(exe["icon"]).is_file()
    datas = calls["Analysis"]["datas"]
    assert any(Path(src).name == "regimens.json" for src, _dest in datas)
    if system == "win32":
        assert exe["console"] is False and Path(exe["icon"]).suffix == ".ico"
        version = str(exe["version"])  # the Windows file properties
        assert "infusion-planner.exe" in version and "ProductVersion" in version
        assert "BUNDLE" not in calls
    else:
        assert exe["console"] is True and Path(exe["icon"]).suffix == ".icns"
        bundle = calls["BUNDLE"]
        assert bundle["name"].endswith(".app") and Path(bundle["icon"]).is_file()
        assert bundle["bundle_identifier"] and bundle["version"]
