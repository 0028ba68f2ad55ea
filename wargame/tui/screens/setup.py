"""Setup: who plays each actor (a human team or a bot), the umpire, and the seed.

The defaults let a class start at once (Enter on this screen starts the game): the first
playable actor is a human team, the others are goal-seeking bots, the umpire follows the
`--umpire` option, and the seed is shown so the game can be replayed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, Static

from wargame.scenario.ir import ScenarioIR
from wargame.session import Seat
from wargame.tui.masking import IDENTITY, Masker
from wargame.tui.widgets.keybar import KeyBar

HUMAN = "human"
UMPIRE_CHOICES = (
    ("No umpire: the dice decide at once", "none"),
    ("Human umpire: confirms or overrides each ruling", "human"),
    ("Bot umpire: accepts every proposal", "bot"),
)


@dataclass(frozen=True, slots=True)
class SetupChoice:
    """What the setup screen decided."""

    seats: dict[str, Seat]
    umpire: Seat | None
    seed: int | str


def bot_policies() -> list[str]:
    """Bot policies a seat can use from the setup screen (not the umpire or scripts)."""
    from wargame.bots import POLICY_NAMES

    return [name for name in POLICY_NAMES if name not in ("accept", "scripted")]


def default_policy() -> str:
    """The smartest policy this build has: goal-seeking if present, else weighted."""
    import importlib.util

    names = bot_policies()
    for preferred in ("goal", "weighted", "random"):
        if preferred not in names:
            continue
        if preferred == "goal" and importlib.util.find_spec("wargame.bots.goal") is None:
            continue
        return preferred
    return names[0] if names else "random"


def default_seats(scenario: ScenarioIR, humans: int = 1) -> dict[str, Seat]:
    """The first `humans` playable actors are human teams, the rest bots."""
    policy = default_policy()
    seats: dict[str, Seat] = {}
    playable = [a for a in scenario.actors if a.playable]
    for index, actor in enumerate(playable):
        if index < humans:
            seats[actor.id] = Seat(actor.id, "human", team=f"Team {actor.name}")
        else:
            seats[actor.id] = Seat(actor.id, "bot", policy=policy)
    return seats


class SetupScreen(Screen[SetupChoice | None]):
    """One row per playable actor; umpire and seed below; Start."""

    AUTO_FOCUS = "#start"  # focus once: refocusing restyles every widget on the screen

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", priority=True),
        Binding("h", "all_human", "All human"),
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
        self._seed = seed
        self._umpire = umpire
        self._mask = masker
        self._defaults = default_seats(scenario)

    def compose(self) -> ComposeResult:
        policies = bot_policies()
        kinds = [("Human team", HUMAN)] + [(f"Bot: {p}", f"bot:{p}") for p in policies]
        yield Header(show_clock=False)
        with VerticalScroll(id="setup"):
            yield Static(self._mask(self._scenario.title), classes="section-title")
            yield Static(
                "Who plays each role? Humans share this screen in turn (hot-seat); "
                "bots play at once.",
                classes="dim-note",
            )
            with Grid(id="seat-grid"):
                yield Label("Role", classes="grid-head")
                yield Label("Played by", classes="grid-head")
                yield Label("Team name", classes="grid-head")
                for actor in self._scenario.actors:
                    if not actor.playable:
                        continue
                    seat = self._defaults[actor.id]
                    value = HUMAN if seat.is_human else f"bot:{seat.policy}"
                    yield Label(self._mask(actor.name), classes="seat-name")
                    yield Select(
                        kinds,
                        value=value,
                        allow_blank=False,
                        id=f"kind-{actor.id}",
                        compact=True,
                    )
                    yield Input(
                        value=self._mask(seat.team or f"Team {actor.name}"),
                        id=f"team-{actor.id}",
                        compact=True,
                        disabled=not seat.is_human,
                    )
            with Horizontal(classes="setup-row"):
                yield Label("Umpire", classes="seat-name")
                yield Select(
                    UMPIRE_CHOICES,
                    value="human" if self._umpire else "none",
                    allow_blank=False,
                    id="umpire",
                    compact=True,
                )
            with Horizontal(classes="setup-row"):
                yield Label("Seed", classes="seat-name")
                yield Input(value=str(self._seed), id="seed", compact=True)
            yield Static(
                "The seed fixes every die: the same seed and the same decisions replay "
                "the same game.",
                classes="dim-note",
            )
            yield Button("Start the game  ⏎", id="start", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Setup"
        self.query_one("#start", Button).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        select_id = event.select.id or ""
        if select_id.startswith("kind-"):
            actor = select_id.removeprefix("kind-")
            self.query_one(f"#team-{actor}", Input).disabled = event.value != HUMAN

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def action_all_human(self) -> None:
        """Every playable actor becomes a human team (a full class)."""
        for actor in self._scenario.actors:
            if actor.playable:
                self.query_one(f"#kind-{actor.id}", Select).value = HUMAN

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_start(self) -> None:
        self.dismiss(self.choice())

    def choice(self) -> SetupChoice:
        """The seating as the form shows it now."""
        seats: dict[str, Seat] = {}
        for actor in self._scenario.actors:
            if not actor.playable:
                continue
            kind = str(self.query_one(f"#kind-{actor.id}", Select).value)
            if kind == HUMAN:
                team = self.query_one(f"#team-{actor.id}", Input).value.strip()
                seats[actor.id] = Seat(actor.id, "human", team=team or f"Team {actor.name}")
            else:
                seats[actor.id] = Seat(actor.id, "bot", policy=kind.removeprefix("bot:"))
        mode = str(self.query_one("#umpire", Select).value)
        umpire = {
            "none": None,
            "human": Seat("umpire", "human", team="the umpire"),
            "bot": Seat("umpire", "bot", policy="accept"),
        }[mode]
        raw_seed = self.query_one("#seed", Input).value.strip()
        seed: int | str = int(raw_seed) if raw_seed.lstrip("-").isdigit() else raw_seed or 0
        return SetupChoice(seats, umpire, seed)
