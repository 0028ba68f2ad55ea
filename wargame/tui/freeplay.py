"""Free play and channels at a screen: the keys `f` (free actions), `w` (write news) and
`c` (messages), and the umpire's ruling on a free action when the flow presents it.

A hot-seat screen acts for the team that holds the keyboard (the flow's viewer); a hosted
seat for its own seat only. What reaches the game goes through the app: actions through
`submit` (a shared table's seat app sends them through the table), messages and channel
settings through `send_message` and `set_channels`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from wargame.errors import IllegalActionError
from wargame.play import UMPIRE, Viewer
from wargame.play.flow import FreeRuling, Letters
from wargame.play.freeplay import (
    ArgueFree,
    ProposeFree,
    WriteInject,
    free_actions_view,
    levers_for,
    may_propose,
    recipients_for,
)
from wargame.tui.screens.channels import ChannelsScreen, LettersScreen
from wargame.tui.screens.freeplay import (
    Argued,
    FreePlayScreen,
    FreeRulingScreen,
    Proposal,
    ProposeDialog,
    WriteNewsDialog,
    Written,
)

if TYPE_CHECKING:
    from wargame.tui.app import WargameApp


class FreePlayControls:
    """Free actions, written news and messages, for one app."""

    def __init__(self, app: WargameApp) -> None:
        self.app = app

    @property
    def viewer(self) -> Viewer:
        """Who the screen acts and reads for now (before anyone sat: the umpire)."""
        viewer = self.app.viewer
        return viewer if viewer is not None else UMPIRE

    def _rule_words(self) -> str:
        session = self.app.session
        assert session is not None
        rule = session.scenario.arguments
        return (
            f"When the phase closes, {rule.dice_count}d{rule.dice_sides} are rolled: "
            f"{rule.succeed_at}+ succeeds, each argument for adds (strong {rule.strong:+d}, "
            f"neutral {rule.neutral:+d}, weak {rule.weak:+d}), each against takes away"
            + ("; the umpire rates them." if session.umpire is not None else ".")
        )

    # -- a team's free actions ----------------------------------------------------------

    def open(self) -> None:
        """The phase's open free actions, to propose one or argue about another's."""
        app, session = self.app, self.app.session
        if session is None or session.is_over:
            return
        viewer = self.viewer
        if not isinstance(viewer, int):
            app.notify(
                "Free actions are the teams': the umpire writes news (w) and rules on them.",
                severity="warning",
            )
            return
        scenario, state = session.scenario, session.state
        actions = [
            (view, view.may_argue(viewer, argued))
            for view, argued in free_actions_view(scenario, state, app.mask)
        ]
        team = app.flow.actor_name(viewer) if app.flow is not None else ""
        screen = FreePlayScreen(
            team, actions, may_propose(scenario, state, viewer), self._rule_words()
        )

        def chosen(answer: object) -> None:
            if answer == "propose":
                self.propose(viewer)
            elif isinstance(answer, Argued):
                actor = scenario.actors[viewer].id
                app.submit(ArgueFree(actor, answer.number, answer.text, answer.side))

        app.push_screen(screen, chosen)

    def propose(self, viewer: int) -> None:
        app, session = self.app, self.app.session
        assert session is not None and app.flow is not None
        scenario = session.scenario
        dialog = ProposeDialog(
            app.flow.actor_name(viewer),
            self._rule_words(),
            levers_for(scenario, viewer, app.mask),
        )

        def proposed(answer: object) -> None:
            if isinstance(answer, Proposal):
                actor = scenario.actors[viewer].id
                app.submit(ProposeFree(actor, answer.text, answer.arguments, answer.changes))

        app.push_screen(dialog, proposed)

    # -- the umpire ---------------------------------------------------------------------

    def write_news(self) -> None:
        """The umpire writes news (a facilitator control, like an inject)."""
        app, session = self.app, self.app.session
        if session is None or session.is_over:
            return
        scenario = session.scenario
        readers = [(a.id, app.mask(a.name)) for a in scenario.actors]
        dialog = WriteNewsDialog(
            readers,
            levers_for(scenario, UMPIRE, app.mask),
            session.state.turn >= scenario.calendar.turns,
        )

        def written(answer: object) -> None:
            if isinstance(answer, Written):
                news = WriteInject(
                    answer.headline, answer.text, answer.to, answer.changes, answer.at
                )
                app.submit(news, by=app.facilitator.by)

        app.push_screen(dialog, written)

    def rule(self, item: FreeRuling, done: Callable[[], None]) -> None:
        """The umpire's ruling on a free action; submitted as its screen closes."""
        app, session = self.app, self.app.session
        assert session is not None
        levers = levers_for(session.scenario, UMPIRE, app.mask)

        def ruled(action: object) -> None:
            done()
            if action is not None:
                app.submit(action)  # type: ignore[arg-type]

        app.push_screen(FreeRulingScreen(item.view, levers), ruled)

    # -- channels -------------------------------------------------------------------------

    def letters(self, item: Letters, done: Callable[[], None]) -> None:
        self.app.presenter.push(LettersScreen(item.messages), done)

    def channels_words(self) -> str:
        session = self.app.session
        assert session is not None
        channels = session.channels
        words = "Channels open." if channels.open else "The facilitator has closed the channels."
        if channels.debrief:
            words += " The projector reads every channel after the game."
        if self.app.is_facilitator():
            words += "  ctrl+o: open/close · ctrl+d: projector after the game"
        return words

    def messages(self) -> None:
        """The messages the viewer may read, and a line to write one."""
        app, session, flow = self.app, self.app.session, self.app.flow
        if session is None or flow is None:
            return
        viewer = self.viewer
        writer = flow.writer(viewer)
        recipients = recipients_for(session, writer, app.mask)
        title = f"Messages · {flow.actor_name(viewer)}"

        def send(to: str, text: str) -> str | None:
            assert writer is not None
            try:
                app.send_message(writer, to, text)
            except IllegalActionError as exc:
                return str(exc)
            self.refresh()
            return None

        facilitate = self.facilitate if app.is_facilitator() else None
        screen = ChannelsScreen(
            title, flow.messages(), recipients, send, self.channels_words(), facilitate
        )
        app.push_screen(screen)

    def facilitate(self, which: str) -> str:
        """Toggle the channels open or closed, or open to the projector after the game."""
        session = self.app.session
        assert session is not None
        channels = session.channels
        if which == "open":
            self.app.set_channels(open=not channels.open)
        else:
            self.app.set_channels(debrief=not channels.debrief)
        return self.channels_words()

    def refresh(self) -> None:
        """Redraw the messages screen if it is up (a message sent or received)."""
        screen = self.app.screen
        flow = self.app.flow
        if isinstance(screen, ChannelsScreen) and flow is not None:
            screen.show_messages(flow.messages(), self.channels_words())
