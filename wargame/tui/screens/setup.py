"""Setup: who plays each actor (a human team or a bot), the umpire, and the seed.

Every non-player actor is listed too, with the bot that plays it: the author's weights
(`weighted`) where the author weighed its moves, and the facilitator may choose another
bot (a person cannot play it; the umpire can take it by hand during the game, `T`).

The defaults let a class start at once (Enter on this screen starts the game): the first
playable actor is a human team, the others are the default bot (`wargame.bots.DEFAULT_BOT`,
named on the screen with the reason it was chosen), the umpire follows the
`--umpire` option, and the seed is shown so the game can be replayed.

The whole form is one list, one row per role plus the umpire and the seed: a `Select` and
an `Input` per role cost Greenland's eleven roles two thirds of a second to mount, and
this screen is shown once per game. Space makes a role human or a bot, the arrows cycle
through the bot policies, `t` names a team and `s` sets the seed (each in a small dialog).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from wargame.play import (
    IDENTITY,
    Masker,
    ScenarioIR,
    authored_weights,
    bot_policies,
    default_policy,
    default_policy_for,
    default_policy_reason,
)
from wargame.session import Seat
from wargame.session.records import ExerciseDetails, Participant
from wargame.tui.focus import QuietFocus
from wargame.tui.quitting import QUIT_KEYS
from wargame.tui.screens.help import HelpScreen, keys_help
from wargame.tui.widgets.keybar import KeyBar
from wargame.tui.widgets.lines import CellLine

HUMAN = "human"
UMPIRE_CHOICES = (
    ("No umpire: the dice decide at once", "none"),
    ("Human umpire: rules argued and ruling moves; draws resolve by themselves", "human"),
    ("Human umpire: rules every draw too", "human-draws"),
    ("Bot umpire: accepts every proposal", "bot"),
)
"""The umpire row's choices, in the order `u` (or the arrows) cycles them. The second
rules what needs a person (`wargame.session.UmpireRules`); the third asks about every chance
and dice draw, bots' included (`EVERY_DRAW`, as `wargame host --umpire-draws`)."""

SETUP_KEYS = (
    ("↑ ↓", "pick a row"),
    ("Space", "the role: a human team or a bot (on the umpire or seed row: change it)"),
    ("← →", "the bot that plays the role, a non-player actor's too (on the umpire row: "
     "the umpire's choice)"),
    ("t", "name the team playing the role (the hand-over screens call it so)"),
    ("h", "every role a human team (a full class)"),
    ("u", "the umpire: none, a person who rules what needs a person, a person who rules "
     "every draw too, or a bot"),
    ("s", "the seed: the same seed and decisions replay the same game"),
    ("x", "the exercise's details and roster, for the report's cover (optional; the umpire's "
     "X amends them during the game)"),
    ("Enter", "start the game"),
    ("Esc", "back to the list of scenarios"),
    ("?", "this help"),
    ("q", "quit"),
)
"""The setup screen's keys, for its `?` help."""


class SetupHelpScreen(HelpScreen):
    """`?` on the setup screen: its own keys (the turn screen's are for later)."""

    TEXT = keys_help(
        "Keys on the setup screen",
        SETUP_KEYS,
        "Once the game starts, `?` lists the keys of the turn screen.",
    )


@dataclass(frozen=True, slots=True)
class SetupChoice:
    """What the setup screen decided."""

    seats: dict[str, Seat]
    umpire: Seat | None
    seed: int | str
    every_draw: bool = False
    """The human umpire rules every chance and dice draw too (`EVERY_DRAW`)."""
    details: ExerciseDetails = field(default_factory=ExerciseDetails)
    roster: tuple[Participant, ...] = ()


def default_seats(scenario: ScenarioIR, humans: int = 1) -> dict[str, Seat]:
    """The first `humans` playable actors are human teams; the rest, and every non-player
    actor, bots (`default_policy_for`: the author's weights where they gave them)."""
    seats: dict[str, Seat] = {}
    playable = [a for a in scenario.actors if a.playable]
    for index, actor in enumerate(playable):
        if index < humans:
            seats[actor.id] = Seat(actor.id, "human", team=actor.name)
    for actor in scenario.actors:
        if actor.id not in seats:
            seats[actor.id] = Seat(actor.id, "bot", policy=default_policy_for(scenario, actor.id))
    return seats


UMPIRE_LABELS = dict((mode, label) for label, mode in UMPIRE_CHOICES)
UMPIRE_ROW = "umpire"
SEED_ROW = "seed"
TEAM_WIDTH = 30
"""Cells for the team name column (longer names go on over more lines)."""


def kind_label(kind: str) -> str:
    """`human` or `bot:<policy>` as the list shows it."""
    return "Human team" if kind == HUMAN else f"Bot: {kind.removeprefix('bot:')}"


def seat_kinds(policies: list[str], default: str) -> list[str]:
    """The choices for a role in the order the arrows cycle: human, the default bot, the
    other bots."""
    bots = [default, *(p for p in policies if p != default)]
    return [HUMAN, *(f"bot:{p}" for p in bots)]


class TextPrompt(QuietFocus, ModalScreen[str | None]):
    """Asks for one line of text (a team name, the seed); Enter keeps it, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "keep", "Keep", priority=True),
        Binding("escape", "cancel", "Cancel"),
        *QUIT_KEYS,
    ]

    def __init__(self, title: str, prompt: str, value: str) -> None:
        super().__init__()
        self._title = title
        self._prompt = prompt
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield Static(self._prompt, classes="dim-note", markup=False)
            yield Input(value=self._value, id="prompt-value")
        yield KeyBar()

    def action_keep(self) -> None:
        self.dismiss(self.query_one("#prompt-value", Input).value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class SetupScreen(QuietFocus, Screen[SetupChoice | None]):
    """One list: a row per playable actor, then the umpire and the seed; Start."""

    AUTO_FOCUS = "#seats"  # focus once: refocusing restyles every widget on the screen

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", priority=True),
        Binding("ctrl+s", "start", "Start", show=False, priority=True),
        Binding("space", "switch", "Human/bot"),
        Binding("right", "cycle(1)", "Bot policy", show=False),
        Binding("left", "cycle(-1)", "Bot policy", show=False),
        Binding("t", "team", "Team name"),
        Binding("h", "all_human", "All human"),
        Binding("u", "umpire", "Umpire", show=False),
        Binding("s", "seed", "Seed", show=False),
        Binding("x", "exercise", "Exercise details", show=False),
        Binding("escape", "cancel", "Back"),
    ]

    def __init__(
        self,
        scenario: ScenarioIR,
        *,
        seed: int | str,
        umpire: bool,
        masker: Masker = IDENTITY,
    ) -> None:
        super().__init__()
        self._scenario = scenario
        self._mask = masker
        defaults = default_seats(scenario)
        self._actors = [a for a in scenario.actors if a.playable]
        self._others = [a for a in scenario.actors if not a.playable]
        """Non-player actors: always a bot, whose policy the facilitator may change."""
        self._kinds = {
            a.id: HUMAN if defaults[a.id].is_human else f"bot:{defaults[a.id].policy}"
            for a in scenario.actors
        }
        self._teams = {a.id: defaults[a.id].team or a.name for a in self._actors}
        self._choices = seat_kinds(bot_policies(), default_policy())
        self._umpire = "human" if umpire else "none"
        self._seed = str(seed)
        self._details = ExerciseDetails()
        self._roster: tuple[Participant, ...] = ()
        self._rows = [*(a.id for a in (*self._actors, *self._others)), UMPIRE_ROW, SEED_ROW]
        self._name_width = max(
            [len("Role"), len("Umpire")] + [len(self._mask(a.name)) for a in scenario.actors]
        )
        self._kind_width = max(len("Played by"), *(len(kind_label(k)) for k in self._choices))
        self._list_height = 0
        """The seat list's height in lines, border included (`_fit_seats`)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="setup"):
            yield Static(self._mask(self._scenario.title), classes="section-title", markup=False)
            yield Static(
                "Who plays each role? Humans share this screen in turn (hot-seat); "
                "bots play at once. " + default_policy_reason(),
                classes="dim-note",
                markup=False,
            )
            seats = OptionList(
                Option(self._line(None), disabled=True),
                *(Option(self._line(row), id=row) for row in self._rows),
                id="seats",
                markup=False,
            )
            seats.border_title = "Seats"
            seats.styles.max_height = self._list_height = len(self._rows) + 3  # then fitted
            yield seats
            yield Static(
                "↑↓ pick a row · space human or bot · ←→ bot policy · t team name · "
                "h all human · u umpire · s seed"
                + (" · x exercise details and roster" if self._is_exercise() else ""),
                classes="dim-note",
                markup=False,
            )
            yield Button("Start the game  ⏎", id="start", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Setup"
        self.query_one("#seats", OptionList).highlighted = 1

    # -- the list ----------------------------------------------------------------------------

    def _line(self, row: str | None) -> CellLine:
        """The list's heading (`row` None) or one row of it: the role's column gives up
        room on a narrow screen, the last cell takes what is left."""
        widths = (self._name_width, self._kind_width, TEAM_WIDTH)
        cells: tuple[Text, ...]
        if row is None:
            cells = tuple(Text(h, style="bold") for h in ("Role", "Played by", "Team name"))
        elif row == UMPIRE_ROW:
            cells = (Text("Umpire", style="bold"), Text(UMPIRE_LABELS[self._umpire]))
        elif row == SEED_ROW:
            seed = Text(self._seed or "0")
            seed.append("   fixes every die: same seed, same decisions, same game", style="dim")
            cells = (Text("Seed", style="bold"), seed)
        elif row in self._teams:
            actor = next(a for a in self._actors if a.id == row)
            kind = self._kinds[row]
            team = Text(self._mask(self._teams[row])) if kind == HUMAN else Text("–", style="dim")
            cells = (Text(self._mask(actor.name), style="bold"), Text(kind_label(kind)), team)
        else:
            actor = next(a for a in self._others if a.id == row)
            kind = self._kinds[row]
            note = "non-player"
            if kind == "bot:weighted" and authored_weights(self._scenario, row):
                note += ": the author's weights"
            cells = (
                Text(self._mask(actor.name), style="bold"),
                Text(kind_label(kind)),
                Text(note, style="dim"),
            )
        return CellLine(cells, widths, wrap=True)

    def _redraw(self, row: str) -> None:
        seats = self.query_one("#seats", OptionList)
        seats.replace_option_prompt(row, self._line(row))
        self._fit_seats()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_seats)

    def _fit_seats(self) -> None:
        """The list is as tall as its rows at its width (a long role name wraps onto a
        second line rather than being cut), so Start stays right below it."""
        seats = self.query_one("#seats", OptionList)
        width = seats.scrollable_content_region.width
        if width <= 0:
            return
        lines = sum(len(self._line(row).lines(width)) for row in (None, *self._rows))
        if self._list_height != lines + 2:  # and the border
            seats.styles.max_height = self._list_height = lines + 2
    def _highlighted_row(self) -> str | None:
        seats = self.query_one("#seats", OptionList)
        option = seats.highlighted_option
        return option.id if option is not None else None

    @on(OptionList.OptionSelected, "#seats")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        row = event.option.id
        if row == SEED_ROW:
            self.action_seed()
        elif row == UMPIRE_ROW:
            self.action_umpire()
        elif row is not None:
            self._toggle(row)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    # -- actions -----------------------------------------------------------------------------

    def _toggle(self, row: str) -> None:
        if row not in self._teams:
            self.notify(
                "A bot plays a non-player actor (←→ chooses which); the umpire can take it "
                "by hand during the game (T).",
                severity="warning",
            )
            return
        self._kinds[row] = self._choices[1] if self._kinds[row] == HUMAN else HUMAN
        self._redraw(row)

    def action_switch(self) -> None:
        """Space: the highlighted role becomes a human team, or a bot again."""
        row = self._highlighted_row()
        if row == UMPIRE_ROW:
            self.action_umpire()
        elif row == SEED_ROW:
            self.action_seed()
        elif row is not None:
            self._toggle(row)

    def action_cycle(self, step: int) -> None:
        """The arrows: the next (or previous) choice for the highlighted row."""
        row = self._highlighted_row()
        if row == UMPIRE_ROW:
            self.action_umpire(step)
        elif row == SEED_ROW:
            self.action_seed()
        elif row is not None:
            kind = self._kinds[row]
            choices = self._choices if row in self._teams else self._choices[1:]
            index = choices.index(kind) if kind in choices else 0
            self._kinds[row] = choices[(index + step) % len(choices)]
            self._redraw(row)

    def action_umpire(self, step: int = 1) -> None:
        modes = [mode for _, mode in UMPIRE_CHOICES]
        self._umpire = modes[(modes.index(self._umpire) + step) % len(modes)]
        self._redraw(UMPIRE_ROW)

    def action_team(self) -> None:
        """Name the highlighted role's team (a named role is played by humans)."""
        row = self._highlighted_row()
        if row is None or row not in self._teams:
            self.notify("Pick a playable role first (↑↓), then press t.", severity="warning")
            return
        actor = next(a for a in self._actors if a.id == row)

        def named(value: str | None) -> None:
            if value is None:
                return
            self._teams[row] = value or actor.name
            self._kinds[row] = HUMAN
            self._redraw(row)

        prompt = f"The team playing {self._mask(actor.name)}, as the hand-over screens call it."
        self.app.push_screen(
            TextPrompt("Team name", prompt, self._mask(self._teams[row])), named
        )

    def action_seed(self) -> None:
        def chosen(value: str | None) -> None:
            if value is not None:
                self._seed = value
                self._redraw(SEED_ROW)

        prompt = "A number (or any word): the same seed and decisions replay the same game."
        self.app.push_screen(TextPrompt("Seed", prompt, self._seed), chosen)

    def _is_exercise(self) -> bool:
        scenario = self._scenario
        return scenario.exercise is not None or bool(scenario.modules)

    def action_exercise(self) -> None:
        """The exercise's details and the roster (optional; the umpire may amend them
        during the game with X)."""
        from wargame.tui.exercise_records import exercise_form, read_exercise_form

        teams = {a.id: self._teams[a.id] for a in self._actors if self._kinds[a.id] == HUMAN}

        def saved(values: dict[str, str] | None) -> None:
            if values is not None:
                self._details, self._roster = read_exercise_form(
                    values, self._scenario, teams, self._mask
                )

        form = exercise_form(self._scenario, self._details, self._roster, self._mask, teams)
        self.app.push_screen(form, saved)

    def action_all_human(self) -> None:
        """Every playable actor becomes a human team (a full class)."""
        for actor in self._actors:
            if self._kinds[actor.id] != HUMAN:
                self._kinds[actor.id] = HUMAN
                self._redraw(actor.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_start(self) -> None:
        self.dismiss(self.choice())

    def choice(self) -> SetupChoice:
        """The seating as the form shows it now."""
        seats: dict[str, Seat] = {}
        for actor in self._actors:
            kind = self._kinds[actor.id]
            if kind == HUMAN:
                team = self._teams[actor.id].strip()
                seats[actor.id] = Seat(actor.id, "human", team=team or actor.name)
            else:
                seats[actor.id] = Seat(actor.id, "bot", policy=kind.removeprefix("bot:"))
        for actor in self._others:
            seats[actor.id] = Seat(actor.id, "bot", policy=self._kinds[actor.id][4:])
        human = Seat("umpire", "human", team="the umpire")
        umpire = {
            "none": None,
            "human": human,
            "human-draws": human,
            "bot": Seat("umpire", "bot", policy="accept"),
        }[self._umpire]
        raw_seed = self._seed.strip()
        seed: int | str = int(raw_seed) if raw_seed.lstrip("-").isdigit() else raw_seed or 0
        return SetupChoice(
            seats, umpire, seed, self._umpire == "human-draws", self._details, self._roster
        )
