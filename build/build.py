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
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"bundle: {target} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
