"""A form of a few labelled fields in a dialog: the exercise's details and roster, an
observation's root cause and recommendation.

Enter in a one-line field goes to the next one and, in the last, saves; a many-line field
takes Enter as a new line, and Ctrl+S saves from anywhere. Esc cancels. A `check` may
refuse what was typed: its words show under the form, which stays open with every field
as typed (nothing the facilitator wrote is lost).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from wargame.tui.focus import QuietFocus

Check = Callable[[Mapping[str, str]], str | None]
"""None when the values may be saved, else why not (shown under the form)."""


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a form: its key in the answer, its label, and what it holds now."""

    key: str
    label: str
    value: str = ""
    lines: int = 1
    """More than 1: a many-line field of about that height."""
    placeholder: str = ""


class FormDialog(QuietFocus, ModalScreen[dict[str, str] | None]):
    """The fields, then Save; answers `{key: text}` (stripped), or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        *,
        detail: str = "",
        check: Check | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._fields = list(fields)
        self._detail = detail
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(self._title, classes="dialog-title", markup=False)
            if self._detail:
                yield Static(self._detail, classes="dim-note", markup=False)
            with VerticalScroll(classes="form-fields"):
                for field in self._fields:
                    yield Static(field.label, classes="form-label", markup=False)
                    if field.lines > 1:
                        area = TextArea(field.value, id=f"field-{field.key}", soft_wrap=True)
                        area.styles.height = field.lines + 2
                        yield area
                    else:
                        yield Input(
                            field.value,
                            placeholder=field.placeholder,
                            id=f"field-{field.key}",
                            compact=True,
                        )
            yield Static("", id="form-error", classes="dim-note", markup=False)
            yield Static(
                "Enter: next field · Ctrl+S: save · Esc: cancel", classes="dim-note", markup=False
            )

    def on_mount(self) -> None:
        if self._fields:
            self.query_one(f"#field-{self._fields[0].key}").focus()

    def values(self) -> dict[str, str]:
        """What the fields hold now, stripped."""
        out: dict[str, str] = {}
        for field in self._fields:
            widget = self.query_one(f"#field-{field.key}")
            if isinstance(widget, TextArea):
                out[field.key] = widget.text.strip()
            elif isinstance(widget, Input):
                out[field.key] = widget.value.strip()
        return out

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        keys = [f"field-{f.key}" for f in self._fields]
        at = keys.index(event.input.id or "") if event.input.id in keys else len(keys) - 1
        if at == len(keys) - 1:
            self.action_save()
        else:
            self.query_one(f"#{keys[at + 1]}").focus()

    def action_save(self) -> None:
        values = self.values()
        problem = self._check(values) if self._check is not None else None
        if problem:
            self.query_one("#form-error", Static).update(f"⚠ {problem}")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
