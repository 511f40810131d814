"""Start-up, peak memory and bundle figures, medians over several runs.

Run: python -m bench.bench_startup [RUNS]

Each run is a fresh process, timed from just before it is spawned to the moment it reports
the awaited window drawn ("drawn at EPOCH" on stdout, written on the event-loop turn after
that window's first paint), so interpreter teardown is not counted for anyone:

- a bare PySide6 window (QMainWindow with a label, 1440×900): the baseline;
- the app's first window (``--demo --quit-at-first-paint``): goal ≤ 1.5 × bare;
- the app with the demo 5-day plan computed and drawn (``--demo --quit-when-shown``):
  goal ≤ 2.5 × bare;
- the same two from the bundle, when ``dist/infusion-planner`` exists (``python
  build/build.py``), and its size on disk.
Runs alternate between the measures so that machine noise hits all alike. Noise is the
spread (stdev / median) of each measure's samples; the ratio is also given per round.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "infusion-planner" / "infusion-planner"

BARE_WINDOW = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False

def done():
    print(f"drawn at {time.time():.6f}", flush=True)
    app.quit()

app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("bare window"))
window.resize(1440, 900)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawn to "drawn at", and the child's peak RSS in MB."""
    started = time.time()
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    watchdog = threading.Timer(120, proc.kill)  # a hung start fails the bench, not hangs it
    watchdog.start()
    out = proc.stdout.read()
    watchdog.cancel()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stamps = [line.split()[-1] for line in out.splitlines() if line.startswith("drawn at ")]
    if proc.returncode != 0 or not stamps:
        raise SystemExit(f"{command} failed (exit {proc.returncode})")
    return float(stamps[0]) - started, usage.ru_maxrss / 1024


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
    commands = {
        "bare": [sys.executable, "-c", BARE_WINDOW],
        "first": [sys.executable, "-m", "ui", "--demo", "--quit-at-first-paint"],
        "plan": [sys.executable, "-m", "ui", "--demo", "--quit-when-shown"],
    }
    if BUNDLE.exists():
        commands["bundle first"] = [str(BUNDLE), "--demo", "--quit-at-first-paint"]
        commands["bundle plan"] = [str(BUNDLE), "--demo", "--quit-when-shown"]
    rows: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, float] = {name: 0.0 for name in commands}
    with tempfile.TemporaryDirectory() as home:  # the app's settings and autosave stay here
        env.update(XDG_CONFIG_HOME=home, XDG_DATA_HOME=home, XDG_STATE_HOME=home,
                   XDG_CACHE_HOME=home)
        for command in commands.values():  # warm the file cache once, as a second start
            run(command, env)
        for _ in range(runs):
            for name, command in commands.items():
                seconds, peak = run(command, env)
                rows[name].append(seconds)
                rss[name] = max(rss[name], peak)
    base = statistics.median(rows["bare"])
    print(f"platform {env['QT_QPA_PLATFORM']}, {runs} runs each, medians; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'measure':<46}{'median':>9}{'× bare':>8}{'per round':>14}{'noise':>7}{'RSS':>8}")
    labels = {
        "bare": "bare PySide6 window (baseline)",
        "first": "first window (source)",
        "plan": "demo 5-day plan drawn (source)",
        "bundle first": "first window (bundle)",
        "bundle plan": "demo 5-day plan drawn (bundle)",
    }
    for name, samples in rows.items():
        med = statistics.median(samples)
        noise = statistics.pstdev(samples) / med
        ratios = [s / b for s, b in zip(samples, rows["bare"], strict=True)]
        spread = f"{min(ratios):.2f}–{max(ratios):.2f}"
        print(f"{labels[name]:<46}{med * 1000:>7.0f}ms{med / base:>8.2f}{spread:>14}"
              f"{noise:>7.0%}{rss[name]:>5.0f} MB")
    if BUNDLE.exists():
        print(f"bundle size on disk: {bundle_size_mb():.1f} MB")
    print("goals: first window ≤ 1.5 × bare; demo plan drawn ≤ 2.5 × bare; RSS ≤ 150 MB")


if __name__ == "__main__":
    main()
