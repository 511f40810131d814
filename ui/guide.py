"""Help ▸ User guide (F1): a short built-in guide — how a plan is made, what each warning
means, what is site policy. Offline, like the rest of the app; the warnings of the regimen file
in use are listed from the file itself, so the guide never lags behind it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from planner.core.warning_codes import WarningCode
from planner.regimen.models import RegimenFile
from ui.bedside import close_row
from ui.fields import named

ENGINE_WARNINGS: dict[WarningCode, str] = {
    WarningCode.IGA_ANTIBODIES: "IgA deficiency with anti-IgA antibodies: IVIG must not be "
    "given. Contact the prescriber.",
    WarningCode.AB_BLOOD_GROUP: "AB blood group: more risk of haemolysis; monitor for it.",
    WarningCode.UNVERIFIED_PRODUCT: "The product's facts were not checked against its current "
    "label: check concentration, vials and rates against the label.",
    WarningCode.NOT_STOCKED: "The site file says this product is not stocked here.",
    WarningCode.OFF_LABEL: "The product is not labeled for this indication: it runs on its most "
    "conservative protocol; confirm with the prescriber.",
    WarningCode.AGE_OFF_LABEL: "The patient's age is outside what the product label covers.",
    WarningCode.AGE_NOT_CHECKED: "No age given, so the label's age limits were not checked.",
    WarningCode.DOSING_WEIGHT_UNCHECKED: "The adjusted-weight rule could not be checked (no "
    "height or no sex): the plan uses actual weight and says how much the dose could change.",
    WarningCode.ADJUSTED_WEIGHT: "Dose and rates use the adjusted body weight (site policy for "
    "obesity).",
    WarningCode.HEIGHT_NOT_NEEDED: "No height given, and at this weight no height could change "
    "the dose.",
    WarningCode.DOSE_OPTION: "The dose is one of the regimen's named options.",
    WarningCode.DOSE_OPTION_WEIGHT: "The dose option chosen is meant for heavier patients.",
    WarningCode.DOSE_OUTSIDE_USUAL: "The dose is allowed but outside the usual range: check the "
    "order.",
    WarningCode.WEIGHT_CHECK: "The weight looks unusual for the height or age group (a weight "
    "typed in lb with the unit on kg?): confirm weight and unit.",
    WarningCode.START_IN_PAST: "The start date is before today: check the date.",
    WarningCode.START_FAR_AHEAD: "The start date is months ahead: check month and year.",
    WarningCode.VIAL_PARTIAL: "No whole-vial total is close enough to the dose: part of a vial is "
    "discarded.",
    WarningCode.VIAL_ROUNDED: "The day dose was rounded to whole vials within the site's "
    "tolerance (site policy).",
    WarningCode.IM_VOLUME_OVER_15_ML: "The intramuscular volume is above 15 mL.",
    WarningCode.IM_VOLUME_CAPPED: "The intramuscular volume was capped.",
    WarningCode.IM_DOSE_FOR_CHILDREN: "An intramuscular dose rule for children applies.",
    WarningCode.IM_INJECTION_SITES: "Split the intramuscular volume over several sites.",
    WarningCode.FIRST_INFUSION: "First infusion or a product change: the slowest start and "
    "closer monitoring.",
    WarningCode.FIRST_INFUSION_CAP: "A new start: the site caps the highest rate for a first "
    "infusion (site policy).",
    WarningCode.RISK_CAP: "A risk (renal, thrombosis) caps the highest rate.",
    WarningCode.SITE_PROTOCOL: "A site protocol, not the label's ramp, sets the rates.",
    WarningCode.SITE_PROTOCOL_ABOVE_LABEL: "The site protocol goes above the label's maximum.",
    WarningCode.SITE_PROTOCOL_FAST_START: "The site protocol starts faster than the label.",
    WarningCode.SITE_PROTOCOL_NOT_FOR_PATIENT: "The site protocol chosen is not meant for this "
    "patient: choose another protocol.",
    WarningCode.SITE_POLICY_STEPS: "The label leaves part of the ramp to the site: the site's "
    "steps are used (site policy).",
    WarningCode.PUMP_CAP: "The pump's highest rate caps the infusion.",
    WarningCode.FIXED_DURATION_CAPPED: "The fixed duration would need a rate above the maximum: "
    "the infusion takes longer.",
    WarningCode.FIXED_DURATION_LONG: "Pump-rate rounding makes the infusion longer than planned.",
    WarningCode.DAYS_OVERLAP: "One day's bag still runs at the next day's start: move the start "
    "times.",
    WarningCode.LOT_CHANGE: "A new vial lot during the infusion; the ramp continues.",
    WarningCode.LOT_CHANGE_RESTART: "A new vial lot restarts the ramp at the initial rate (site "
    "policy).",
    WarningCode.LOT_EXPIRED_DAY: "A vial lot expires before its day (LOT_EXPIRED_DAY_n): do not "
    "use it.",
}

_HOW = """
<h2>How a plan is made</h2>
<ol>
<li>Choose the <b>unit</b>, then type the <b>weight</b> (a decimal comma is fine). Give the
<b>height</b> when it is asked for: with obesity the site may dose on an adjusted weight.
An unusual weight is questioned before any plan is shown.</li>
<li>Type or pick the <b>indication</b>; its usual dose and days are filled in. Choose the
<b>product</b> yourself: it is only chosen for you when the site stocks a single one.</li>
<li>Check the <b>start</b> date and time (Tab goes from the date to the time).</li>
<li>The plan appears on the right as soon as every field is valid: dose per day in whole
vials, bag volume, the rate steps with pump mL/h and clock times, vital-sign times. While a
field is wrong there are no plan figures at all, only what to correct.</li>
<li>Read the <b>warnings</b>, then have a second nurse do the <b>independent second
check</b> (Bedside menu), then <b>Export PDF</b> or <b>Print</b>.</li>
</ol>
<h2>Warnings</h2>
<p><b>STOP</b> (octagon): do not give this plan; export and print are blocked.
<b>CAUTION</b> (triangle): check before giving. <b>INFO</b> (circle): for information.
Hold the pointer over a warning for its code and its source.</p>
"""

_SITE = """
<h2>What is site policy</h2>
<p>Where a product label leaves a choice to the hospital, the regimen file records the
site's choice and the plan marks it <i>site policy</i>: whole-vial rounding tolerance, the
pump's rate step, the adjusted-weight rule for obesity, the ramp steps a label does not
give, vital-sign times, the reaction plan and the checklist, the default start time.
A site file (Preferences) can change them; the status bar names the file in use.</p>
"""


def guide_html(regimen: RegimenFile) -> str:
    engine = "".join(  # a code added since this guide was written still gets a line
        f"<li><b>{code.value}</b>: "
        f"{escape(ENGINE_WARNINGS.get(code, 'the warning text says what to check.'))}</li>"
        for code in WarningCode)
    seen: dict[str, str] = {}
    for indication in regimen.indications:
        for item in indication.warnings:
            seen.setdefault(item.code, item.message)
    for product in regimen.products:
        for warning in product.warnings:
            seen.setdefault(warning.code, warning.message)
        for contra in product.contraindications:
            seen.setdefault(contra.code, contra.message)
    for item in regimen.general_warnings:
        seen.setdefault(item.code, item.message)
    from_file = "".join(f"<li><b>{escape(code)}</b>: {escape(text)}</li>"
                        for code, text in sorted(seen.items()))
    return (f"{_HOW}<h3>Warnings the planner raises</h3><ul>{engine}</ul>"
            f"<h3>Warnings from the regimen file in use</h3><ul>{from_file}</ul>{_SITE}")


class GuideWindow(QDialog):
    """Non-modal: the guide stays open beside the form."""

    def __init__(self, regimen: RegimenFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("User guide — Infusion Planner")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        self.text = named(QTextBrowser(), "guide_text")
        self.text.setOpenLinks(False)
        layout.addWidget(self.text)
        layout.addLayout(close_row(self))
        self.set_regimen(regimen)

    def set_regimen(self, regimen: RegimenFile) -> None:
        self.text.setHtml(guide_html(regimen))
