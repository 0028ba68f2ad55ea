"""Free play: the teams' own actions beside the scenario's moves, and news the umpire writes.

A **free action** is proposed by a team in a phase it acts in, in its own words, with its
arguments for it and the changes it asks for (within the scenario's levers). Until the
phase closes, the other teams may add one argument each, for or against. When the phase
closes the argument rule's dice (`ScenarioIR.arguments`), rolled when the action was
proposed, are shown; each argument adds its rating's modifier (an argument against
subtracts it) and the action succeeds when the total reaches `succeed_at`. Without an
umpire every argument is rated `unrated` and a success makes the changes asked for. With
an umpire the game waits: the umpire rates each argument, may rule against the dice with a
reason, and chooses the changes (within the levers), or confirms what the rule gives. The
dice are drawn by the proposal itself, which takes up the generator of the last actor
action as umpire actions do (`wargame.session.dice`): nothing else in the game draws
differently because of it, and an umpire who confirms changes nothing.

**Written news** is the umpire's own inject: a headline, a text, who sees it, and changes
within the levers, now or at the start of the next turn. It is announced as scenario news
is (an `inject` event), so every screen shows it as a news flash.

docs/rules.md (Free play) states these rules for players and authors.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from wargame.engine.actions import (
    RATINGS,
    ArgueFree,
    ProposeFree,
    RuleFree,
    WriteInject,
    confirmed_how,
)
from wargame.engine.freetext import (
    MAX_ARGUMENTS,
    MAX_CHANGES,
    MAX_HEADLINE,
    MAX_REASON,
    MAX_STORY,
    MAX_TEXT,
    text_problem,
)
from wargame.engine.rng import roll
from wargame.engine.state import Argument, Change, FreeAction, FreePlay, GameState, WrittenNews
from wargame.engine.tables import Tables
from wargame.engine.targets import (
    Parsed,
    lever_limit,
    parse_target,
    target_label,
    target_visibility,
)
from wargame.engine.view import both, can_see
from wargame.engine.work import (
    Work,
    fmt,
    poss,
    set_commitment,
    set_trust,
    set_var,
)
from wargame.errors import IllegalActionError
from wargame.scenario.ir import ScenarioIR, Visibility
from wargame.scenario.plain import mid

__all__ = [
    "Judgement",
    "awaiting_ruling",
    "changes_words",
    "check_argue",
    "check_confirm",
    "check_news",
    "check_propose",
    "check_ruling",
    "close_phase",
    "judge",
    "open_actions",
    "release_news",
    "rule_ratings",
]

Apply = Callable[[Work], None]
Checked = tuple[tuple[Change, Parsed], ...]
"""Changes as given (target, amount) with each target read."""
VERDICTS = ("dice", "success", "failure")


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the dice and the arguments' ratings give a free action."""

    modifiers: tuple[tuple[str, float], ...]
    """(label, value) per argument, in order."""
    total: float
    success: bool


# -- reading the state (for screens and bots) -------------------------------------------------


def open_actions(state: GameState) -> tuple[FreeAction, ...]:
    """The free actions of the current phase not yet ruled on, in the order proposed."""
    return state.free.open if state.free is not None else ()


def awaiting_ruling(state: GameState) -> FreeAction | None:
    """The free action the umpire must rule on now (its dice rolled), or None."""
    free = state.free
    if free is None or not free.waiting or not free.open or state.ending is not None:
        return None
    return free.open[0]


def rule_ratings(s: ScenarioIR, action: FreeAction) -> tuple[str, ...]:
    """The ratings the argument rule gives, one per argument (what Confirm applies)."""
    return (s.arguments.unrated,) * len(action.arguments)


def judge(s: ScenarioIR, action: FreeAction, ratings: Sequence[str]) -> Judgement:
    """The total and the verdict of `action`'s rolled dice with these ratings."""
    rule = s.arguments
    modifiers = []
    for argument, rating in zip(action.arguments, ratings, strict=True):
        value = float(rule.value(rating))
        if argument.side == "against":
            value = -value
        who = s.actors[argument.actor].name
        modifiers.append((f"{rating} argument {argument.side}, {who}", value))
    total = float(sum(action.dice)) + sum(v for _, v in modifiers)
    return Judgement(tuple(modifiers), total, total >= rule.succeed_at)


def changes_words(s: ScenarioIR, changes: Sequence[Change]) -> str:
    """`Escalation −1, Denmark's trust in the US +5`: changes as players read them."""
    parts = []
    for target, amount in changes:
        parsed = parse_target(s, target)
        label = target if isinstance(parsed, str) else target_label(s, parsed)
        sign = "+" if amount >= 0 else "−"
        parts.append(f"{label} {sign}{fmt(abs(amount))}")
    return ", ".join(parts)


# -- checks: each returns the function that applies the (now known legal) action ------------


def _refuse(message: str) -> IllegalActionError:
    return IllegalActionError(message)


def _actor(s: ScenarioIR, actor: object) -> int:
    index = s.names.actors.get(actor) if isinstance(actor, str) else None
    if index is None:
        raise _refuse(f"there is no actor {actor!r} in this scenario")
    return index


def _text(text: object, what: str, limit: int, *, lines: bool, required: bool = True) -> str:
    problem = text_problem(text, what, limit, lines=lines, required=required)
    if problem is not None:
        raise _refuse(problem)
    assert isinstance(text, str)
    return text


def _phase_open(s: ScenarioIR, state: GameState, doing: str) -> None:
    """Refuse `doing` unless a phase is under way and nothing waits for the umpire."""
    if state.pending is not None:
        raise _refuse(f"an adjudication waits for the umpire: {doing} once it is decided")
    hold = state.ending_hold
    if hold is not None and hold.proposed >= 0:
        raise _refuse(f"the umpire has an ending to confirm or play on past: {doing} after")
    if state.free is not None and state.free.waiting:
        raise _refuse(
            f"the phase is over and the umpire is ruling on its free actions: {doing} in the "
            "next phase"
        )
    if not s.phases:
        raise _refuse("this scenario has no phases, so there is no phase to act in")


def _levers_words(s: ScenarioIR, viewer: int | None) -> str:
    levers = s.levers
    parts = [
        f"{target_label(s, ('var', i, -1))} (±{fmt(limit)})"
        for i, limit in enumerate(levers.variables)
        if limit > 0 and (viewer is None or can_see(s.variables[i].visible_to, viewer))
    ]
    if levers.trust > 0:
        parts.append(f"trust (±{fmt(levers.trust)})")
    if levers.commitment > 0:
        parts.append(f"commitment (±{fmt(levers.commitment)})")
    return ", ".join(parts) or "none you may see"


def _checked_changes(s: ScenarioIR, changes: object, who: str, viewer: int | None) -> Checked:
    """The changes, each read and held to the levers; `viewer`: the team asking for them
    (it may only name values it can see), None for the umpire."""
    if not isinstance(changes, tuple | list):
        raise _refuse("the changes must be a list of (target, amount) pairs")
    if len(changes) > MAX_CHANGES:
        raise _refuse(f"{len(changes)} changes: {who} makes at most {MAX_CHANGES}")
    if changes and not s.levers.any:
        raise _refuse(
            "this scenario declares no levers, so free actions and written news change no "
            "values (they are narrative only); the author adds `levers:` to allow changes"
        )
    out: list[tuple[Change, Parsed]] = []
    seen: set[Parsed] = set()
    for item in changes:
        if not isinstance(item, tuple | list) or len(item) != 2 or not isinstance(item[0], str):
            raise _refuse("a change is a target and an amount, e.g. ('escalation', -1)")
        target, amount = item
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise _refuse(f"the change to {target!r} must be a number, not {amount!r}")
        if not math.isfinite(amount):
            raise _refuse(f"the change to {target!r} must be a finite number")
        parsed = parse_target(s, target)
        if isinstance(parsed, str):
            raise _refuse(parsed)
        if viewer is not None and not can_see(target_visibility(s, parsed), viewer):
            raise _refuse(f"{target.strip()!r} is not a value your team can see")
        limit = lever_limit(s, parsed)
        label = target_label(s, parsed)
        if limit <= 0:
            raise _refuse(
                f"{label} is not a lever of this scenario (levers: {_levers_words(s, viewer)})"
            )
        if amount == 0:
            raise _refuse(f"a change of 0 to {label} changes nothing: leave it out")
        if abs(amount) > limit:
            raise _refuse(
                f"{who} moves {label} by at most {fmt(limit)}, not {fmt(abs(float(amount)))} "
                "(the scenario's levers)"
            )
        if parsed in seen:
            raise _refuse(f"{label} is changed twice: give one change per value")
        seen.add(parsed)
        out.append(((target.strip(), float(amount)), parsed))
    return tuple(out)


def check_propose(s: ScenarioIR, t: Tables, state: GameState, action: ProposeFree) -> Apply:
    actor = _actor(s, action.actor)
    name = t.actor_names[actor]
    _phase_open(s, state, "propose a free action")
    if actor not in t.phase_actors[state.phase]:
        phase = s.phases[state.phase]
        raise _refuse(
            f"{name} does not act in the phase '{phase.label or phase.id}': a team proposes "
            "a free action in a phase it acts in"
        )
    if any(open_.actor == actor for open_ in open_actions(state)):
        raise _refuse(f"{name} has a free action open in this phase already: one a phase")
    text = _text(action.text, "the free action", MAX_TEXT, lines=True)
    arguments = action.arguments
    if not isinstance(arguments, tuple | list):
        raise _refuse("the arguments must be a list of texts")
    if len(arguments) > MAX_ARGUMENTS:
        raise _refuse(f"{len(arguments)} arguments: a team gives at most {MAX_ARGUMENTS}")
    given = tuple(
        Argument(actor, _text(a, f"argument {i}", MAX_TEXT, lines=True), "for")
        for i, a in enumerate(arguments, start=1)
    )
    changes = _checked_changes(s, action.effects, "a free action", actor)
    return lambda w: _propose(w, actor, text, given, changes)


def check_argue(s: ScenarioIR, t: Tables, state: GameState, action: ArgueFree) -> Apply:
    actor = _actor(s, action.actor)
    name = t.actor_names[actor]
    _phase_open(s, state, "argue")
    number = action.free
    found = [f for f in open_actions(state) if f.number == number]
    if isinstance(number, bool) or not isinstance(number, int) or not found:
        numbers = ", ".join(str(f.number) for f in open_actions(state)) or "none"
        raise _refuse(f"there is no open free action number {number!r} (open: {numbers})")
    target = found[0]
    if action.side not in ("for", "against"):
        raise _refuse(f"an argument is `for` or `against`, not {action.side!r}")
    if target.actor == actor:
        raise _refuse(f"{name} proposed this free action: its arguments come with the proposal")
    if any(argument.actor == actor for argument in target.arguments):
        raise _refuse(f"{name} has argued about this free action already: one argument each")
    text = _text(action.text, "the argument", MAX_TEXT, lines=True)
    return lambda w: _argue(w, number, Argument(actor, text, action.side))


def check_ruling(s: ScenarioIR, state: GameState, action: RuleFree) -> Apply:
    first = awaiting_ruling(state)
    if first is None:
        raise _refuse(
            "no free action waits for a ruling (free actions are ruled on when their phase "
            "closes)"
        )
    if action.free != first.number:
        raise _refuse(
            f"rule on free action {first.number} first: free actions are ruled on in the "
            "order they were proposed"
        )
    ratings = action.ratings
    n = len(first.arguments)
    if not isinstance(ratings, tuple | list) or len(ratings) != n:
        count = len(ratings) if isinstance(ratings, tuple | list) else 0
        raise _refuse(
            f"rate each of the {n} arguments (strong, neutral or weak), in order: "
            f"{count} ratings given"
        )
    for rating in ratings:
        if rating not in RATINGS:
            raise _refuse(f"a rating is strong, neutral or weak, not {rating!r}")
    if action.verdict not in VERDICTS:
        raise _refuse(f"the verdict is dice, success or failure, not {action.verdict!r}")
    reason = _text(action.reason, "the reason", MAX_REASON, lines=False, required=False)
    judged = judge(s, first, ratings)
    against = action.verdict != "dice" and (action.verdict == "success") != judged.success
    if against and not reason.strip():
        raise _refuse("ruling against the dice needs a reason (it goes into the debrief)")
    changes = _checked_changes(s, action.effects, "the umpire's ruling", None)
    verdict = judged.success if action.verdict == "dice" else action.verdict == "success"
    how = _ruled_how(judged.success, verdict, reason)
    return lambda w: _rule(w, first, judged, verdict, changes, how)


def check_confirm(
    s: ScenarioIR, state: GameState, reason: str, by: str = "umpire"
) -> Apply | None:
    """The umpire accepts what the argument rule gives the free action that waits (None
    when none waits: Confirm then means something else)."""
    first = awaiting_ruling(state)
    if first is None:
        return None
    reason = _text(reason, "the reason", MAX_REASON, lines=False, required=False)
    judged = judge(s, first, rule_ratings(s, first))
    asked = _checked_changes(s, first.effects, "a free action", None) if judged.success else ()
    how = confirmed_how(by, reason)
    return lambda w: _rule(w, first, judged, judged.success, asked, how)


def check_news(s: ScenarioIR, state: GameState, action: WriteInject) -> Apply:
    headline = _text(action.headline, "the headline", MAX_HEADLINE, lines=False)
    story = _text(action.text, "the news text", MAX_STORY, lines=True, required=False)
    to = action.to
    visibility: Visibility
    if to is None:
        visibility = None
    elif not isinstance(to, tuple | list):
        raise _refuse("who sees the news is everyone (none) or a list of actor ids")
    else:
        indexes = [_actor(s, actor) for actor in to]
        if len(set(indexes)) != len(indexes):
            raise _refuse("an actor is named twice among those who see the news")
        visibility = tuple(sorted(indexes))
    if action.at not in ("now", "next_turn"):
        raise _refuse(f"news appears `now` or at the `next_turn`, not {action.at!r}")
    if action.at == "next_turn" and state.turn >= s.calendar.turns:
        raise _refuse("this is the last turn: there is no next turn; write the news for now")
    changes = _checked_changes(s, action.effects, "written news", None)
    if action.at == "now":
        return lambda w: _fire_news(w, headline, story, visibility, changes)
    return lambda w: _schedule_news(w, headline, story, visibility, changes)


# -- applying -------------------------------------------------------------------------------


def _free(w: Work) -> FreePlay:
    return w.free if w.free is not None else FreePlay()


def _propose(
    w: Work, actor: int, text: str, arguments: tuple[Argument, ...], changes: Checked
) -> None:
    free = _free(w)
    number = free.proposed + 1
    rule = w.s.arguments
    dice = roll(w.rng, rule.dice_count, rule.dice_sides)  # shown when the phase closes
    action = FreeAction(
        number, actor, text, arguments, tuple(c for c, _ in changes), w.turn, w.phase, dice
    )
    w.free = replace(free, open=(*free.open, action), proposed=number)
    if w.events is None:
        return
    who = w.t.actor_names[actor]
    head = f"{who} proposes a free action: “{text}”"
    if arguments:
        head += "; arguing " + " · ".join(f"“{a.text}”" for a in arguments)
    public = [c for c, parsed in changes if target_visibility(w.s, parsed) is None]
    secret: Visibility = None
    for _, parsed in changes:
        secret = both(secret, target_visibility(w.s, parsed))
    full = head + (f"; asking for {changes_words(w.s, [c for c, _ in changes])}" if changes else "")
    shown = head + (f"; asking for {changes_words(w.s, public)}" if public else "")
    w.emit(
        "proposal",
        full,
        f"actor:{w.s.actors[actor].id}",
        target=f"free:{number}",
        secret_to=secret,
        public_text=shown if secret is not None else "",
    )


def _argue(w: Work, number: int, argument: Argument) -> None:
    free = _free(w)
    opened = tuple(
        replace(f, arguments=(*f.arguments, argument)) if f.number == number else f
        for f in free.open
    )
    w.free = replace(free, open=opened)
    if w.events is None:
        return
    target = next(f for f in opened if f.number == number)
    names = w.t.actor_names
    w.emit(
        "argument",
        f"{names[argument.actor]} argues {argument.side} {poss(names[target.actor])} free "
        f"action “{target.text}”: “{argument.text}”",
        f"actor:{w.s.actors[argument.actor].id}",
        target=f"free:{number}",
    )


def close_phase(w: Work) -> bool:
    """The phase's free actions at its close: rule on them by the argument rule, or wait
    for the umpire (True: the game waits). Draws nothing: their dice were rolled when
    they were proposed."""
    free = _free(w)
    if w.umpire:
        if not free.waiting:
            w.free = replace(free, waiting=True)
            for action in free.open:
                _announce(w, action)
        return True
    for action in free.open:
        judged = judge(w.s, action, rule_ratings(w.s, action))
        asked = (
            tuple((c, _read(w.s, c[0])) for c in action.effects) if judged.success else ()
        )
        _rule(w, action, judged, judged.success, asked, "by the rules")
    return False


def _read(s: ScenarioIR, target: str) -> Parsed:
    parsed = parse_target(s, target)
    assert not isinstance(parsed, str)  # checked when it was proposed
    return parsed


def _dice_words(s: ScenarioIR, action: FreeAction) -> str:
    rule = s.arguments
    faces = " + ".join(str(d) for d in action.dice)
    return f"rolled {rule.dice_count}d{rule.dice_sides}: {faces} = {sum(action.dice)}"


def _announce(w: Work, action: FreeAction) -> None:
    if w.events is None:
        return
    who = w.t.actor_names[action.actor]
    w.emit(
        "pending",
        f"Awaiting the umpire's ruling on {poss(who)} free action “{action.text}”: "
        f"{_dice_words(w.s, action)} before the arguments (needs "
        f"{w.s.arguments.succeed_at}+)",
        "rules",
        target=f"free:{action.number}",
        dice=action.dice,
    )


def _ruled_how(by_dice: bool, verdict: bool, reason: str) -> str:
    if verdict == by_dice:
        return "ruled by the umpire" + (f": {reason}" if reason else "")
    word = "a success" if verdict else "a failure"
    return f"the umpire ruled it {word} against the dice: {reason}"


def _rule(
    w: Work,
    action: FreeAction,
    judged: Judgement,
    success: bool,
    changes: Checked,
    how: str,
) -> None:
    free = _free(w)
    rest = tuple(f for f in free.open if f.number != action.number)
    w.free = replace(free, open=rest, waiting=free.waiting and bool(rest))
    cause = f"free:{action.number}"
    who = w.t.actor_names[action.actor]
    if w.events is not None:
        detail = _dice_words(w.s, action)
        for label, value in judged.modifiers:
            detail += f", {'+' if value >= 0 else '−'}{fmt(abs(value))} ({label})"
        detail += f"; total {fmt(judged.total)}, needs {w.s.arguments.succeed_at}+"
        verdict = "success" if success else "failure"
        w.emit(
            "free",
            f"{poss(who)} free action “{action.text}”: {verdict} ({detail}; {how})",
            cause,
            target=cause,
            dice=action.dice,
            modifiers=judged.modifiers,
        )
    _apply(w, changes, cause, f"because of {poss(mid(who))} free action", None)


def _apply(w: Work, changes: Checked, cause: str, because: str, secret_to: Visibility) -> None:
    for (_, amount), (kind, a, b) in changes:
        if kind == "var":
            set_var(w, a, w.vars[a] + amount, cause, because, secret_to)
        elif kind == "trust":
            set_trust(w, a, b, w.trust[a][b] + amount, cause, because, secret_to)
        elif kind == "commitment":
            set_commitment(w, a, b, w.commitment[a][b] + amount, cause, because, secret_to)


def _fire_news(
    w: Work, headline: str, story: str, visibility: Visibility, changes: Checked
) -> None:
    free = _free(w)
    number = free.written + 1
    w.free = replace(free, written=number)
    _announce_news(w, number, headline, story, visibility)
    _apply(w, changes, f"news:{number}", f"because of the news '{headline}'", visibility)


def _announce_news(
    w: Work, number: int, headline: str, story: str, visibility: Visibility
) -> None:
    if w.events is None:
        return
    text = f"News: {headline}" + (f". {story}" if story else "")
    w.emit("inject", text, f"news:{number}", visible_to=visibility, target=f"news:{number}")


def _schedule_news(
    w: Work, headline: str, story: str, visibility: Visibility, changes: Checked
) -> None:
    free = _free(w)
    number = free.written + 1
    news = WrittenNews(number, headline, story, visibility, tuple(c for c, _ in changes))
    w.free = replace(free, written=number, scheduled=(*free.scheduled, news))
    if w.events is not None:
        w.emit(
            "notice",
            f"The umpire wrote news for the start of turn {w.turn + 1}: '{headline}'",
            "umpire",
            visible_to=(),
            target=f"news:{number}",
        )


def release_news(w: Work) -> None:
    """At the start of a turn: the news the umpire wrote for it appears, in order."""
    free = w.free
    if free is None or not free.scheduled:
        return
    w.free = replace(free, scheduled=())
    for news in free.scheduled:
        _announce_news(w, news.number, news.headline, news.text, news.visible_to)
        changes = tuple((c, _read(w.s, c[0])) for c in news.effects)
        _apply(w, changes, f"news:{news.number}", f"because of the news '{news.headline}'",
               news.visible_to)
