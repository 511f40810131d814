"""Build the one-folder bundle: ``python build/build.py`` → dist/infusion-planner/.

PyInstaller's work files go to dist/.pyinstaller-work so they never mix with this folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "infusion-planner.spec"
DIST = ROOT / "dist"


def main() -> int:
    work = DIST / ".pyinstaller-work"
    target = DIST / "infusion-planner"
    if target.exists():
        shutil.rmtree(target)
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(work), str(SPEC),
    ]
    print("+", " ".join(command), flush=True)
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        return result.returncode
    size = bundle_size(target)
    print(f"bundle: {target} ({size / 1e6:.1f} MB)")
    return 0


def bundle_size(folder: Path) -> int:
    """Bytes on disk, each file once (symlinks not followed), as ``du`` counts them."""
    seen: set[int] = set()
    total = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        info = path.stat()
        if info.st_ino not in seen:
            seen.add(info.st_ino)
            total += info.st_blocks * 512
    return total


if __name__ == "__main__":
    sys.exit(main())
