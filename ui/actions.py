"""Every command of the main window in one table: text with its mnemonic, shortcut, icon,
where it appears and when it is enabled.

One table so the keyboard map can be checked as a whole (no shortcut used twice, no mnemonic
twice in a menu) and so a new command cannot forget its tooltip or its disabled reason.
:class:`ActionRegistry` turns the table into ``QAction`` objects, menus and the toolbar.

The shortcuts are window shortcuts (not active in the second-check dialog, which must stay
blind) and they win over a text field's own binding for the same keys: with the X11 key
scheme a line edit takes Ctrl+E as "end of line", and every line edit takes Ctrl+Z as its own
undo — so Export and the form's Undo would not work from the field the cursor is almost
always in. Other editing keys (copy, paste, select all…) stay the field's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QMenuBar,
    QStyle,
    QToolBar,
    QWidget,
)

SP = QStyle.StandardPixmap
Key = QKeySequence.StandardKey


class Enable(StrEnum):
    """When an action can be used."""

    ALWAYS = "always"
    PLAN = "plan"  # a plan that matches the input and has no STOP warning
    HISTORY = "history"  # Undo/Redo: whenever the document's undo stack has a step


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    """Menu text with its mnemonic (&)."""
    shortcut: str | QKeySequence.StandardKey = ""
    icon: QStyle.StandardPixmap | None = None
    icon_text: str = ""
    """Shorter text beside the toolbar icon ('' : the menu text)."""
    enable: Enable = Enable.ALWAYS
    tip: str = ""
    """What it does (tooltip and status tip while enabled)."""


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "&New", Key.New, SP.SP_FileIcon, tip="A blank form for a new patient"),
    ActionSpec("open", "&Open plan…", Key.Open, SP.SP_DialogOpenButton,
               tip="Open a saved plan file"),
    ActionSpec("save", "&Save plan", Key.Save, SP.SP_DialogSaveButton,
               tip="Save the inputs as a plan file"),
    ActionSpec("save_as", "Save plan &as…", Key.SaveAs, tip="Save under another name"),
    ActionSpec("export", "&Export PDF…", "Ctrl+E", SP.SP_ArrowDown, enable=Enable.PLAN,
               tip="Export the plan as a PDF schedule"),
    ActionSpec("preview", "Print pre&view…", enable=Enable.PLAN,
               tip="See the printed pages before printing"),
    ActionSpec("print", "&Print…", Key.Print, enable=Enable.PLAN, tip="Print the plan"),
    ActionSpec("preferences", "Pre&ferences…", "Ctrl+,",
               tip="Paper size, default start time, site regimen file"),
    ActionSpec("quit", "&Quit", "Ctrl+Q"),
    ActionSpec("undo", "&Undo", Key.Undo, enable=Enable.HISTORY),
    ActionSpec("redo", "&Redo", "Ctrl+Shift+Z", enable=Enable.HISTORY),
    ActionSpec("checklist", "Pre-infusion &checklist…", "Ctrl+L", icon_text="Checklist",
               tip="The pre-infusion checklist of the regimen file"),
    ActionSpec("reaction", "&Reaction plan and premedication…", "Ctrl+R",
               icon_text="Reaction plan", tip="What to do in an infusion reaction"),
    ActionSpec("second_check", "Independent &second check…", "Ctrl+K",
               icon_text="Second check", enable=Enable.PLAN,
               tip="A second nurse enters the prescription blind; both plans are compared"),
    ActionSpec("compare", "Compare &protocols…", tip="The rate protocols side by side"),
    ActionSpec("chair", "At the c&hair (record events)…", "Ctrl+B",
               tip="Record what happens at the chair; the rest of the day is re-planned"),
    ActionSpec("today", "&Today (every patient due)…", "Ctrl+T",
               tip="Every open plan due today, by next action"),
    ActionSpec("guide", "&User guide", Key.HelpContents,
               tip="How a plan is made, what each warning means, what is site policy"),
    ActionSpec("regimen", "Regimen in &force…", "Shift+F1",
               tip="The regimen file and site file in use: what is in force, and why"),
    ActionSpec("about", "&About Infusion Planner"),
)

MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("&File", ("new", "open", "save", "save_as", None, "export", "preview", "print", None,
               "preferences", None, "quit")),
    ("&Edit", ("undo", "redo")),
    ("&Bedside", ("checklist", "reaction", None, "second_check", "compare", None, "chair",
                  "today")),
    ("&Help", ("guide", "regimen", "reaction", "about")),
)
"""Menu titles (with mnemonic) and their actions; None is a separator."""

TOOLBAR: tuple[str | None, ...] = (
    "new", "open", "save", None, "export", "print", None, "checklist", "reaction",
    "second_check",
)


def key_sequences(shortcut: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """Every key sequence ``shortcut`` stands for on this platform."""
    if isinstance(shortcut, QKeySequence.StandardKey):
        return QKeySequence.keyBindings(shortcut)
    return [QKeySequence(shortcut)] if shortcut else []


class ActionRegistry(QObject):
    """The window's actions, built from :data:`SPECS`; ``slots`` maps names to callables."""

    def __init__(
        self, window: QMainWindow, slots: Mapping[str, Callable[[], object]],
        undo_stack: QUndoStack,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._actions: dict[str, QAction] = {}
        self._specs = {spec.name: spec for spec in SPECS}
        style = window.style()
        for spec in SPECS:
            if spec.name == "undo":
                act = undo_stack.createUndoAction(window, spec.text)
            elif spec.name == "redo":
                act = undo_stack.createRedoAction(window, spec.text)
            else:
                act = QAction(spec.text, window)
                slot = slots[spec.name]  # called without the 'checked' argument
                act.triggered.connect(lambda _checked=False, slot=slot: slot())
            act.setObjectName(f"action_{spec.name}")
            act.setShortcuts(key_sequences(spec.shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            if spec.icon is not None:
                act.setIcon(style.standardIcon(spec.icon))
            if spec.icon_text:
                act.setIconText(spec.icon_text)
            if spec.tip:
                act.setToolTip(spec.tip)
                act.setStatusTip(spec.tip)
            window.addAction(act)
            self._actions[spec.name] = act
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._actions)

    def spec(self, name: str) -> ActionSpec:
        return self._specs[name]

    def build_menus(self, bar: QMenuBar) -> list[QMenu]:
        """The menus of :data:`MENUS` on ``bar``, returned in the same order."""
        menus = []
        for title, names in MENUS:
            menu = bar.addMenu(title)
            for name in names:
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self._actions[name])
            menus.append(menu)
        return menus

    def build_toolbar(self, toolbar: QToolBar) -> None:
        toolbar.setObjectName("main_toolbar")  # its state is saved and restored by name
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in TOOLBAR:
            if name is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(self._actions[name])

    def set_plan_state(self, enabled: bool, reason: str) -> None:
        """Enable the actions that need a plan, or disable them saying why (tooltip)."""
        for spec in SPECS:
            if spec.enable is Enable.PLAN:
                act = self._actions[spec.name]
                act.setEnabled(enabled)
                act.setToolTip(spec.tip if enabled else reason)
                act.setStatusTip(spec.tip if enabled else reason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A text field in this window does not take an enabled action's shortcut."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and isinstance(watched, QWidget) and watched.window() is self._window):
            pressed = QKeySequence(event.keyCombination())
            for act in self._actions.values():
                if act.isEnabled() and pressed in act.shortcuts():
                    event.ignore()
                    return True  # not the field's: the shortcut map gives it to the action
        return False
