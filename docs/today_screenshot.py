"""Screenshot of the Today view with three patients and one chair window (docs/today-view.png,
docs/chair-window.png): xvfb-run -a python3 docs/today_screenshot.py FOLDER TODAY.png CHAIR.png"""
import sys
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from planner.bedside.course import save_course
from planner.bedside.events import EventKind, InfusionEvent, ResumeRate
from planner.plan.patient import Patient, PlanRequest
from planner.regimen.loading import bundled_regimen
from ui.today_view import TodayWindow

app = QApplication(sys.argv)
today = datetime.now().replace(second=0, microsecond=0)
day = today.replace(hour=0, minute=0)
now = day.replace(hour=10, minute=28)
loaded = bundled_regimen()
folder = Path(sys.argv[1])
folder.mkdir(exist_ok=True)


def course(name, mrn, ind, prod, weight, start, events):
    req = PlanRequest(patient=Patient(weight_kg=weight, name=name, mrn=mrn), indication_id=ind,
                      product_id=prod, start=start)
    return save_course(folder / f"{mrn}.ivplan", req, loaded, events)


at = lambda h, m: day.replace(hour=h, minute=m)
paths = [
    course("Ann Lee", "100231", "pi", "privigen", 70, at(8, 0), (
        InfusionEvent(day=1, kind=EventKind.STARTED, time=at(8, 20)),
        InfusionEvent(day=1, kind=EventKind.PAUSED, time=at(9, 5), reason="chills"),
        InfusionEvent(day=1, kind=EventKind.RESUMED, time=at(9, 25), resume=ResumeRate.PREVIOUS),
    )),
    course("Bo Chan", "100877", "cidp-maintenance", "gamunex-c", 82, at(9, 0), (
        InfusionEvent(day=1, kind=EventKind.STARTED, time=at(9, 10)),
    )),
    course("Cy Diaz", "101450", "itp", "octagam-10", 64, at(10, 0), (
        InfusionEvent(day=1, kind=EventKind.STARTED, time=at(10, 5)),
        InfusionEvent(day=1, kind=EventKind.PAUSED, time=at(10, 20), reason="headache"),
    )),
]
window = TodayWindow(lambda: loaded, clock=lambda: now, beep=lambda: None)
for path in paths:
    assert window.view.add_file(path), window.view.message.text()
window.resize(900, 330)
window.show()
app.processEvents()
window.view.tick()
app.processEvents()
window.grab().save(sys.argv[2])
chair = window.view.open_selected()
chair.resize(780, 680)
app.processEvents()
chair.grab().save(sys.argv[3])
print([ (r.target.name, r.next.describe() if r.next else None) for r in window.view.rows])
