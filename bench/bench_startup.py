"""Cold start, peak memory and bundle figures (issue 5), medians over several runs.

Run: python -m bench.bench_startup [RUNS]

- cold start to the first shown main window (``--demo --quit-when-shown``: a 5-day plan
  computed and drawn), as a ratio to a bare PySide6 window started the same way (a fresh
  ``python`` process) in the same run; goal ≤ 1.5×;
- peak RSS of the app with that 5-day plan shown; goal ≤ 150 MB;
- the bundle's size on disk and its cold start, when ``dist/infusion-planner`` exists
  (build it with ``python build/build.py``); goal ≤ 100 MB.
The runs alternate between app and baseline so that machine noise hits both alike.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "infusion-planner" / "infusion-planner"

BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("bare window"))
window.resize(1440, 900)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds and the child's peak RSS in MB."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{command} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def bundle_size_mb() -> float:
    """The build script's own measure (du-like), loaded by path: build/ is not a package."""
    spec = importlib.util.spec_from_file_location("build_script", ROOT / "build" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return float(module.bundle_size(BUNDLE.parent)) / 1e6


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app starts from cached bytecode
    with tempfile.TemporaryDirectory() as home:  # the app's settings and autosave stay here
        env.update(XDG_CONFIG_HOME=home, XDG_DATA_HOME=home, XDG_STATE_HOME=home,
                   XDG_CACHE_HOME=home)
        app_cmd = [sys.executable, "-m", "ui", "--demo", "--quit-when-shown"]
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        rows: dict[str, list[tuple[float, float]]] = {"bare": [], "app": [], "bundle": []}
        run(app_cmd, env)  # warm the file cache once, as a nurse's second start would be
        run(bare_cmd, env)
        for _ in range(runs):
            rows["bare"].append(run(bare_cmd, env))
            rows["app"].append(run(app_cmd, env))
            if BUNDLE.exists():
                rows["bundle"].append(run([str(BUNDLE), "--demo", "--quit-when-shown"], env))
    base = statistics.median(t for t, _ in rows["bare"])
    print(f"platform {env['QT_QPA_PLATFORM']}, {runs} runs each, medians")
    print(f"{'measure':<44}{'median':>10}{'× bare':>8}{'peak RSS':>11}{'noise':>8}")
    for name, label in (("bare", "bare PySide6 window (baseline)"),
                        ("app", "app, 5-day plan shown (from source)"),
                        ("bundle", "bundled app, 5-day plan shown")):
        samples = rows[name]
        if not samples:
            continue
        times = [t for t, _ in samples]
        med = statistics.median(times)
        noise = statistics.pstdev(times) / med
        rss = max(m for _, m in samples)
        print(f"{label:<44}{med * 1000:>8.0f}ms{med / base:>8.2f}{rss:>8.0f} MB{noise:>8.0%}")
    if BUNDLE.exists():
        print(f"bundle size on disk: {bundle_size_mb():.0f} MB (goal ≤ 100 MB)")
    print("goals: app ≤ 1.5 × bare; peak RSS ≤ 150 MB")


if __name__ == "__main__":
    main()
