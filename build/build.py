"""Build the one-folder bundle on Linux, Windows or macOS: ``python build/build.py``.

Result: dist/infusion-planner/ (on macOS also dist/Infusion Planner.app), self-tested and
started once the way a nurse starts it (offscreen, demo plan drawn), and the archive a ward
laptop downloads: dist/infusion-planner-VERSION-SYSTEM-MACHINE.tar.xz (Linux, macOS) or .zip
(Windows). On Linux the folder also holds the desktop entry, the icon and
install-desktop-entry.sh, and its ICU data library is cut down to English (build/icu_trim.py;
``--full-icu`` keeps all of it). PyInstaller's work files go to dist/.pyinstaller-work so they
never mix with the bundle. ``--no-archive`` and ``--no-self-test`` (both checks) skip those
steps.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "infusion-planner.spec"
DIST = ROOT / "dist"
NAME = "infusion-planner"
MAC_APP = "Infusion Planner.app"
DESKTOP_FILES = (ROOT / "build" / "infusion-planner.desktop",
                 ROOT / "build" / "install-desktop-entry.sh")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build, self-test and archive the bundle.")
    parser.add_argument("--no-self-test", action="store_true")
    parser.add_argument("--no-archive", action="store_true")
    parser.add_argument("--full-icu", action="store_true",
                        help="Linux: keep ICU's data for every locale (32 MB instead of 4)")
    args = parser.parse_args(argv)
    work = DIST / ".pyinstaller-work"
    target = DIST / NAME
    for old in (target, DIST / MAC_APP):
        if old.exists():
            shutil.rmtree(old)
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(work), str(SPEC),
    ]
    print("+", " ".join(command), flush=True)
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        return result.returncode
    icu = ""
    if sys.platform.startswith("linux"):
        add_desktop_entry(target)
        icu = "; " + trim_icu(target, keep_all=args.full_icu)
    print(f"bundle: {target} ({bundle_size(target) / 1e6:.1f} MB on disk{icu})", flush=True)
    if not args.no_self_test:
        status = self_test(target) or start_check(target)
        if status != 0:
            return status
    if not args.no_archive:
        archive = make_archive(DIST / MAC_APP if sys.platform == "darwin" else target)
        print(f"archive: {archive} ({archive.stat().st_size / 1e6:.1f} MB)")
    return 0


def executable(folder: Path) -> Path:
    return folder / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def add_desktop_entry(target: Path) -> None:
    """Linux desktop integration beside the executable: .desktop file, icon, installer."""
    for source in DESKTOP_FILES:
        shutil.copy2(source, target / source.name)
    shutil.copy2(ROOT / "resources" / "icon.png", target / f"{NAME}.png")


def trim_icu(target: Path, keep_all: bool) -> str:
    """Linux: ICU data for English only (build/icu_trim.py). Never fails the build: without
    the tools the bundle keeps the full data, and the line printed here says why."""
    from icu_trim import trim_bundle  # build/ is on sys.path when build.py runs as a script

    if keep_all:
        return "full ICU data kept (--full-icu)"
    outcome = trim_bundle(target)
    print(outcome.summary(), flush=True)
    return outcome.short()


def self_test(target: Path) -> int:
    """Run the bundle's own --self-test without a display (offscreen), as a ward laptop would."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    command = [str(executable(target)), "--self-test"]
    print("+", " ".join(command), flush=True)
    result = subprocess.run(command, env=env, check=False, timeout=300)
    return result.returncode


def start_check(target: Path) -> int:
    """Start the bundle the way a nurse does (start-up window, then the main window with the
    demo plan), offscreen and with throw-away user folders; it must draw the plan and exit 0.
    The self-test builds its window directly, so this catches a broken start-up path."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="infusion-planner-start-") as home:
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env.update(QT_QPA_PLATFORM="offscreen", HOME=home, USERPROFILE=home,
                   XDG_CONFIG_HOME=home, XDG_DATA_HOME=home, XDG_STATE_HOME=home,
                   XDG_CACHE_HOME=home, LOCALAPPDATA=home, APPDATA=home)
        command = [str(executable(target)), "--demo", "--quit-when-shown"]
        print("+", " ".join(command), flush=True)
        try:
            result = subprocess.run(command, env=env, check=False, timeout=300,
                                    capture_output=True, text=True)
        except subprocess.TimeoutExpired:
            print("start check FAILED: no window within 300 s", flush=True)
            return 1
    # The stamp proves the plan was drawn; a windowed Windows build may have no stdout to
    # print it to, and then its exit status (1 when the window could not be built) decides.
    drawn = "drawn at " in result.stdout or (sys.platform == "win32" and not result.stdout)
    print(f"start check {'passed' if result.returncode == 0 and drawn else 'FAILED'}: "
          f"exit {result.returncode}{'' if drawn else ', the main window was never drawn'}"
          f"{'' if result.returncode == 0 else chr(10) + result.stderr}", flush=True)
    return result.returncode if result.returncode != 0 else (0 if drawn else 1)


def make_archive(folder: Path) -> Path:
    """tar.xz keeps symlinks and permissions (Linux, macOS); Windows users open a .zip."""
    from planner import __version__

    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    base = DIST / f"{NAME}-{__version__}-{system}-{platform.machine().lower()}"
    if sys.platform == "win32":
        out = base.with_name(base.name + ".zip")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(folder.rglob("*")):
                archive.write(path, Path(folder.name) / path.relative_to(folder))
        return out
    out = base.with_name(base.name + ".tar.xz")
    with tarfile.open(out, "w:xz", preset=9) as archive:
        archive.add(folder, arcname=folder.name)
    return out


def bundle_size(folder: Path) -> int:
    """Bytes on disk, each file once (symlinks not followed), as ``du`` counts them."""
    seen: set[int] = set()
    total = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        info = path.stat()
        if info.st_ino and info.st_ino in seen:
            continue
        seen.add(info.st_ino)
        blocks = getattr(info, "st_blocks", None)  # not on Windows
        total += blocks * 512 if blocks is not None else info.st_size
    return total


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
