"""Putting the game flow's presentations on screen: one kept screen of each kind.

`wargame.play.GameFlow` says what comes between two decisions (news, a result, a hand-over,
a briefing, the umpire's ruling, the ending); the `Presenter` shows each on the screen made
for it and calls back when the last is closed. Two habits keep a key press short:

* **Kept screens.** What comes up every few keys is an installed screen of each kind
  (`App.install_screen`), refilled by its `show(...)`: refilling changes a few lines where a
  new screen is composed, styled and laid out (~20 ms a time). Another is built, and kept
  too, only when every one of that kind is on the stack.
* **Queued screens go up at once**, the last first: each is composed under the one before
  it while that one is read, so closing a hand-over shows a briefing already composed.

At the projector nobody is there to close a dialog: news arrives as a toast, and the rest
is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual.screen import Screen

from wargame.play import (
    OBSERVER,
    Action,
    Briefing,
    Ending,
    Flash,
    FreeRuling,
    HandOver,
    Letters,
    ModuleOpening,
    News,
    Presentation,
    QuestionsDue,
    QuestionView,
    Result,
    Ruling,
    UmpireNote,
)
from wargame.tui.screens.adjudication import AdjudicationScreen
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.debrief import DebriefScreen
from wargame.tui.screens.dialogs import NewsFlash, ResultDialog
from wargame.tui.screens.game import READY_AFTER
from wargame.tui.screens.module import ModulePage, ModuleScreen, question_lines
from wargame.tui.screens.notice import HandoverScreen
from wargame.tui.screens.projector import ProjectorScreen

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp

S = TypeVar("S", bound=Screen[Any])
"""A kind of screen the presenter keeps."""

Show = Callable[[Callable[[], None]], None]
"""Puts one screen up and calls its argument when that screen is closed."""


_CURTAIN = (
    "The umpire's eyes only",
    "the umpire",
    "A facilitator's note comes next: players, look away.",
)
"""The hand-over a hot-seat screen shows before a note for the umpire."""


def _question_lines(questions: Sequence[QuestionView]) -> list[Text | str]:
    """Numbered questions, each with its guide (the umpire's) dimmed under it."""
    return list(question_lines(questions))


def _nothing() -> None:
    """What closing a queued screen does when another waits under it."""


class Presenter:
    """Shows presentations on kept screens, in order, for one app."""

    def __init__(self, app: WargameApp) -> None:
        self.app = app
        self.kept_screens: dict[type[Screen[Any]], list[Screen[Any]]] = {}
        self.presenting = False
        """A queue of screens is up (the game waits until the last is closed)."""
        self.debrief: DebriefScreen | None = None
        """The debrief built under the ending card (see `end_of_game`)."""
        self.debrief_card: Screen[Any] | None = None
        """The card the debrief is being built under (the ending, or "Preparing…")."""

    # -- the queue ------------------------------------------------------------------------

    def present(self, shown: Sequence[Presentation], then: Callable[[], None]) -> None:
        """Show `shown` one after another, then call `then` (at once when it is empty). An
        ending comes last: its card goes up after `then`, with the debrief built under it."""
        items = list(shown)
        last = items[-1] if items else None
        if isinstance(last, Ending):
            ending = last
            items.pop()

            def then_the_ending() -> None:
                then()
                self.end_of_game(ending)

            self.run(self._shows(items), then_the_ending)
            return
        self.run(self._shows(items), then)

    def _shows(self, items: Sequence[Presentation]) -> list[Show]:
        """One screen per item, but a module's notes given without a curtain (the umpire's
        own screen) go on its opening's page rather than a second screen."""
        shows: list[Show] = []
        skip = False
        for position, item in enumerate(items):
            if skip:
                skip = False
                continue
            after = items[position + 1] if position + 1 < len(items) else None
            if (
                isinstance(item, ModuleOpening)
                and isinstance(after, UmpireNote)
                and after.module == item.module
                and not after.curtain
            ):
                shows.append(partial(self.module_opening, item, notes=after.text))
                skip = True
                continue
            shows.append(self._show_for(item))
        return shows

    def _show_for(self, item: Presentation) -> Show:
        if isinstance(item, News):
            return partial(self.news, item.flashes)
        if isinstance(item, Result):
            return partial(self.result, item)
        if isinstance(item, HandOver):
            return partial(self.hand_over, item)
        if isinstance(item, Briefing):
            return partial(self.briefing, item.actor)
        if isinstance(item, Ruling):
            return partial(self.ruling, item)
        if isinstance(item, ModuleOpening):
            return partial(self.module_opening, item)
        if isinstance(item, QuestionsDue):
            return partial(self.questions_due, item)
        if isinstance(item, UmpireNote):
            return partial(self.umpire_note, item)
        if isinstance(item, FreeRuling):
            return partial(self.app.free_play.rule, item)
        if isinstance(item, Letters):
            return partial(self.app.free_play.letters, item)
        raise TypeError(f"{type(item).__name__} comes last, not in a queue")

    def run(self, queue: list[Show], then: Callable[[], None]) -> None:
        """Push the queued screens at once, the last first, and call `then` when the top
        one (the first) is closed after the others."""
        if not queue:
            self.presenting = False
            then()
            return
        self.presenting = True

        def last_closed() -> None:
            self.presenting = False
            then()

        for position, push in enumerate(reversed(queue)):
            push(last_closed if position == 0 else _nothing)

    def push(self, screen: Screen[Any], done: Callable[[], None]) -> None:
        """Put `screen` up; `done` when it is closed. At the projector nothing goes up:
        nobody is there to close it, and the board shows the latest news itself (a toast
        would cover the newest results)."""
        flow = self.app.flow
        if flow is not None and flow.seat == OBSERVER:
            done()
            return
        self.app.push_screen(screen, lambda _: done())

    # -- kept screens -------------------------------------------------------------------

    def kept(self, kind: type[S], build: Callable[[], S], refill: Callable[[S], None]) -> S:
        """A screen of `kind` kept installed, refilled; built (and kept) on first use, or
        when every one of that kind is on the stack (two results queued at once, news
        injected over news being read)."""
        pool = self.kept_screens.setdefault(kind, [])
        for screen in pool:
            if screen not in self.app.screen_stack:
                assert isinstance(screen, kind)
                refill(screen)
                return screen
        made = build()
        pool.append(made)
        self.app.install_screen(made, name=f"kept-{kind.__name__}-{len(pool)}")
        return made

    # -- each kind ------------------------------------------------------------------------

    def news(self, flashes: Sequence[Flash], done: Callable[[], None]) -> None:
        screen = self.kept(NewsFlash, lambda: NewsFlash(flashes), lambda k: k.show(flashes))
        self.push(screen, done)

    def result(self, result: Result, done: Callable[[], None]) -> None:
        lines: list[Text | str] = []
        if result.late:
            lines.append(
                Text(f"{result.late}: held until your team's turn at the screen.", style="yellow")
            )
        if result.roll:
            lines.append(Text(result.roll, style="cyan"))
        lines += result.detail
        lines.append(Text(result.outcome, style="bold"))
        if result.odds:
            lines.append(Text(result.odds, style="dim"))
        lines += result.effects
        if result.reason:
            lines.append(Text(f"The umpire's reason: {result.reason}", style="italic"))
        self.card(result.title, lines, done, result.dice, result.sides)

    def card(
        self,
        title: str,
        lines: Sequence[Text | str],
        done: Callable[[], None],
        dice: Sequence[int] = (),
        sides: int = 6,
    ) -> None:
        """A few lines on the kept result dialog (a result, the ending, a notice). The
        notices go as it comes up: the last "Sent: … press u to take it back" lay over the
        card's last lines at 80x24, and a card says what was sent and how it came out (a
        team that has seen its dice is not invited to take the move back)."""
        self.app.clear_notifications()
        screen = self.kept(
            ResultDialog,
            lambda: ResultDialog(title, lines, dice, sides),
            lambda kept: kept.show(title, lines, dice, sides),
        )
        self.push(screen, done)

    def hand_over(self, item: HandOver, done: Callable[[], None]) -> None:
        screen = self.kept(
            HandoverScreen,
            lambda: HandoverScreen(item.name, item.team, item.detail),
            lambda kept: kept.show(item.name, item.team, item.detail),
        )
        self.push(screen, done)

    def module_opening(
        self, item: ModuleOpening, done: Callable[[], None], notes: str = ""
    ) -> None:
        """A module opens on its own screen: its title, text, objectives and questions,
        and `notes` for the umpire's eyes (a toast at the projector, which shows the title
        and the questions)."""
        if self._to_projector(item.title, [q.text for q in item.questions], done):
            return
        page = ModulePage(
            item.title,
            self._module_where(item.module),
            item.text,
            item.objectives,
            item.questions,
            notes,
        )
        self.module_page(page, done)

    def module_page(self, page: ModulePage, done: Callable[[], None]) -> None:
        screen = self.kept(ModuleScreen, lambda: ModuleScreen(page), lambda kept: kept.show(page))
        self.push(screen, done)

    def _module_where(self, module_id: str) -> str:
        """ "Module 1 of 3 · turns 1–2": where the module stands in the exercise."""
        session = self.app.session
        modules = session.scenario.modules if session is not None else ()
        for number, module in enumerate(modules, 1):
            if module.id == module_id:
                first, last = module.first_turn, module.last_turn
                turns = f"turn {first}" if first == last else f"turns {first}–{last}"
                return f"Module {number} of {len(modules)} · {turns}"
        return ""

    def questions_due(self, item: QuestionsDue, done: Callable[[], None]) -> None:
        """Questions for the room now (the guides only on the umpire's screen)."""
        if self._to_projector(item.title, [q.text for q in item.questions], done):
            return
        self.card(item.title, _question_lines(item.questions), done)

    def umpire_note(self, item: UmpireNote, done: Callable[[], None]) -> None:
        """A note for the umpire's eyes: at a hot-seat screen a curtain goes up first, the
        note once the players have looked away."""
        lines: list[Text | str] = [item.text] if item.text else []
        lines += _question_lines(item.guides)

        def show_note() -> None:
            page = self._notes_page(item)
            if page is not None:
                self.module_page(page, done)
            else:
                self.card(item.title, lines, done)

        if not item.curtain:
            show_note()
            return
        curtain = self.kept(
            HandoverScreen,
            lambda: HandoverScreen(*_CURTAIN),
            lambda kept: kept.show(*_CURTAIN),
        )
        self.push(curtain, show_note)

    def _notes_page(self, item: UmpireNote) -> ModulePage | None:
        """A module's notes on its page (the module as the room read it, the notes under
        it); None for any other note."""
        session = self.app.session
        if not item.module or session is None:
            return None
        module = next((m for m in session.scenario.modules if m.id == item.module), None)
        if module is None:
            return None
        mask = self.app.mask
        guides = tuple(QuestionView(q.id, mask(q.text), mask(q.guide)) for q in module.questions)
        return ModulePage(
            mask(module.title),
            self._module_where(module.id),
            mask(module.text),
            tuple(mask(o) for o in module.objectives),
            guides,
            item.text,
        )

    def _to_projector(self, title: str, lines: Sequence[str], done: Callable[[], None]) -> bool:
        """At the projector nobody closes a card: a toast instead (True when it was)."""
        flow = self.app.flow
        if flow is None or flow.seat != OBSERVER:
            return False
        self.app.notify("\n".join([title, *(f"• {line}" for line in lines)]), timeout=60)
        done()
        return True

    def briefing(self, actor: int | None, done: Callable[[], None]) -> None:
        self.push(self.briefing_screen(actor), done)

    def briefing_screen(self, actor: int | None) -> BriefingScreen:
        session = self.app.session
        assert session is not None
        scenario, mask = session.scenario, self.app.mask
        return self.kept(
            BriefingScreen,
            lambda: BriefingScreen(scenario, actor, mask),
            lambda kept: kept.show(scenario, actor, mask),
        )

    def ruling(self, item: Ruling, done: Callable[[], None]) -> None:
        """The umpire's ruling screen; the ruling is submitted as it closes."""
        app = self.app

        def ruled(action: Action | None) -> None:
            done()
            if action is not None:
                app.submit(action)

        screen = self.kept(
            AdjudicationScreen,
            lambda: AdjudicationScreen(item.pending, item.sides, item.dashboard),
            lambda kept: kept.show(item.pending, item.sides, item.dashboard),
        )
        app.push_screen(screen, ruled)

    # -- the ending and the debrief ---------------------------------------------------------

    def end_of_game(self, ending: Ending) -> None:
        """The ending, on a card; the debrief is built under the card while it is read.

        The debrief composes a report, charts and a timeline of the whole game (150-400 ms
        on Greenland): built on the last move's key, that key took as long. The card is the
        kept result dialog, up in a frame; the debrief goes under it once it shows.
        """
        title = "The game has ended" + (f": {ending.title}" if ending.title else "")
        lines: list[Text | str] = [ending.text] if ending.text else []
        lines.append(Text("Continue to the debrief.", style="dim"))
        self._card_then_debrief(title, lines, open_when_ready=False)

    def open_debrief(self) -> None:
        """The debrief key: a card says it is being prepared, the debrief is composed under
        it, and the card gives way to it once it has mounted (composing it on the key took
        100-400 ms)."""
        app = self.app
        if app.session is None or isinstance(app.screen, DebriefScreen):
            return
        if self.debrief is not None and self.debrief in app.screen_stack:
            return  # under the ending card: closing the card shows it
        if self.debrief_card is not None and app.screen is self.debrief_card:
            return  # on its way
        lines: list[Text | str] = [Text("Preparing the debrief of the game so far…", style="dim")]
        self._card_then_debrief("Debrief", lines, open_when_ready=True)

    def _card_then_debrief(
        self, title: str, lines: list[Text | str], *, open_when_ready: bool
    ) -> None:
        app = self.app
        self.debrief = None
        if app.flow is not None and app.flow.seat == OBSERVER:
            # The room reads the ending on the board (the ending, the final gauges, the
            # headline): the debrief, with its notes and its keys, is the facilitator's.
            for screen in app.screen_stack:
                if isinstance(screen, ProjectorScreen):
                    screen.redraw_board()
            return
        self.card(title, lines, self._after_card)
        card = self.debrief_card = app.screen
        # After the card's own frames: composing the debrief blocks the loop for a while.
        app.set_timer(READY_AFTER, partial(self._build_under, card, open_when_ready))

    def _build_under(self, card: Screen[Any], open_when_ready: bool) -> None:
        """Compose the debrief under `card`; with `open_when_ready` the card gives way to
        it once it has mounted (the card only said the debrief was being prepared)."""
        app = self.app
        session = app.session
        if not app.screen_stack:
            return  # the app closed while the card was up
        if session is None or app.screen is not card or self.debrief is not None:
            return  # the card was closed first: `_after_card` opens the debrief
        debrief = self.debrief = DebriefScreen(app.debrief_view(), session.notes)
        with app.batch_update():  # no frame shows the debrief above the card
            app.pop_screen()
            app.push_screen(debrief)
            app.push_screen(card, lambda _: self._after_card())
        if open_when_ready:
            self._open_when_mounted(card, debrief)

    def _open_when_mounted(self, card: Screen[Any], debrief: DebriefScreen) -> None:
        """Close the "Preparing…" card once the debrief under it has mounted."""
        if self.app.screen is not card or self.debrief is not debrief:
            return  # closed by hand first
        if debrief.is_mounted:
            card.dismiss(None)
        else:
            self.app.set_timer(0.01, partial(self._open_when_mounted, card, debrief))

    def _after_card(self) -> None:
        self.debrief_card = None  # (the kept result dialog: other results come in it)
        if self.debrief is None or self.debrief not in self.app.screen_stack:
            self.debrief_now()  # closed before the debrief was there: build it now

    def debrief_now(self) -> None:
        app = self.app
        if app.session is None or isinstance(app.screen, DebriefScreen):
            return
        app.push_screen(DebriefScreen(app.debrief_view(), app.session.notes))
