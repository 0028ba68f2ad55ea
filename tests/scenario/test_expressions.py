"""The expression compiler: values, names, types, limits, errors, effects, explanations."""

from __future__ import annotations

import math

import pytest

from tests.scenario.expr_fixtures import NAMES, STATE, state
from wargame.scenario.expressions import (
    ExpressionError,
    compile_effect,
    compile_expr,
    constant_expr,
    constant_value,
    explain_false,
)
from wargame.scenario.ir import Value


def value(source: str) -> Value:
    return compile_expr(source, NAMES)(STATE)


def error(source: str, **kwargs: object) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        compile_expr(source, NAMES, **kwargs)  # type: ignore[arg-type]
    return info.value


def effect_error(source: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        compile_effect(source, NAMES)
    return info.value


# ---- values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("escalation", 3.0),
        ("turn", 2),
        ("turns", 6),
        ("flags.talks", False),
        ("flags.plans_ordered", True),
        ("true", True),
        ("False", False),
        ("trust[denmark][us]", 30.0),
        ("trust(us, denmark)", 40.0),
        ("commitment[nato][denmark]", 60.0),
        ("commitment(nato, us)", 70.0),
        ("cohesion(nato)", 55.0),
        ("member(nato, denmark)", True),
        ("collapsed(nato)", False),
        ("played(invade)", 1),
        ("fired(leak)", 0),
        ("min(escalation, 2)", 2),
        ("min(5, escalation, 4)", 3.0),
        ("max(escalation, 2)", 3.0),
        ("max(1, 2, 7)", 7),
        ("abs(leaks - 4)", 3.0),
        ("clamp(escalation * 5, 0, 10)", 10),
        ("clamp(escalation, 5, 10)", 5),
        ("clamp(escalation, leaks, 2)", 2),
        ("round(2.5)", 3),
        ("round(-2.5)", -2),
        ("round(escalation / 2)", 2),
        ("escalation + 1", 4.0),
        ("1 + escalation", 4.0),
        ("escalation - 1", 2.0),
        ("10 - escalation", 7.0),
        ("escalation * leaks", 3.0),
        ("escalation / 2", 1.5),
        ("escalation // 2", 1.0),
        ("escalation % 2", 1.0),
        ("-escalation", -3.0),
        ("+escalation", 3.0),
        ("-(-2)", 2),
        ("0.4 + 0.1 * leaks", 0.5),
        ("1 if flags.talks else 2", 2),
        ("flags.talks if true else flags.plans_ordered", False),
        ("escalation >= 3", True),
        ("escalation > 3", False),
        ("3 <= escalation", True),
        ("escalation == 3", True),
        ("escalation != 3", False),
        ("escalation < leaks", False),
        ("1 < escalation < 5", True),
        ("1 < escalation < 2", False),
        ("flags.talks == false", True),
        ("flags.talks != flags.plans_ordered", True),
        ("not flags.talks", True),
        ("not (escalation > 2)", False),
        ("flags.plans_ordered and escalation < 6", True),
        ("escalation >= 5 and not flags.talks", False),
        ("flags.talks or escalation == 3", True),
        ("flags.talks or leaks > 5", False),
        ("escalation > 1 and leaks > 0 and not flags.talks", True),
        ("escalation > 1 and leaks > 0 and flags.talks and true", False),
        ("turn == 1 or turn == 2 or turn == 3 or turn == 4", True),
        ("a_b" if False else "turn >= 2 and turn <= turns", True),
        ("cohesion(nato) < 40 or collapsed(nato)", False),
        ("played(invade) > 0 and fired(leak) == 0", True),
        ("trust[denmark][us] < 20 or not member(nato, denmark)", False),
    ],
)
def test_value(source: str, expected: Value) -> None:
    result = value(source)
    assert result == expected
    assert type(result) is not bool or isinstance(expected, bool)


def test_kinds() -> None:
    assert compile_expr("escalation > 1", NAMES).kind == "bool"
    assert compile_expr("escalation + 1", NAMES).kind == "number"
    assert compile_expr("played(invade)", NAMES).kind == "number"
    assert compile_expr("member(nato, us)", NAMES).kind == "bool"


def test_division_by_zero_is_zero() -> None:
    assert value("escalation / 0") == 0
    assert value("escalation // (leaks - 1)") == 0
    assert value("escalation % budget") == 0
    assert value("1 / 0") == 0


def test_huge_numbers_saturate_at_run_time_instead_of_raising() -> None:
    big = " * ".join(["999999999999999"] * 25)
    assert value(f"turn * {big} + 0.5") == math.inf
    assert value(f"round(turn * {big} * 1.5)") == math.inf
    assert value(f"escalation * {big} / 2") == math.inf


@pytest.mark.parametrize(
    ("source", "offset"),
    [
        (" * ".join(["999999999999999"] * 25) + " / 2", 0),
        ("1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15"
         " * 1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15 * 1e15", 0),
        ("escalation + round(-" + "*".join(["1e15"] * 21) + ")", 19),
    ],
)
def test_constant_arithmetic_that_overflows_is_refused_where_it_is_written(
    source: str, offset: int
) -> None:
    """Provably infinite at load: refused (it used to load and crash simulate at run time)."""
    err = error(source)
    assert (err.code, err.offset) == ("E305", offset)
    assert "overflows: its value is too large for a number" in err.message


def test_reads_are_sorted_and_namespaced() -> None:
    expr = compile_expr(
        "escalation > 1 and flags.talks and trust[us][denmark] > cohesion(nato) "
        "and member(nato, us) and commitment(nato, denmark) > 0 and not collapsed(nato) "
        "and played(invade) + fired(leak) > turn",
        NAMES,
    )
    assert expr.reads == (
        "cohesion:nato",
        "collapsed:nato",
        "commitment:nato:denmark",
        "fired:leak",
        "flag:talks",
        "member:nato:us",
        "played:invade",
        "trust:us:denmark",
        "turn",
        "var:escalation",
    )
    assert compile_expr("turns * 2 > 3", NAMES).reads == ()


def test_constant_folding() -> None:
    assert constant_value(compile_expr("0.25 + 0.5", NAMES)) == 0.75
    assert constant_value(compile_expr("turns - 1", NAMES)) == 5
    assert constant_value(compile_expr("escalation > 1", NAMES)) is None
    assert constant_value(compile_expr("escalation > 1 or true", NAMES)) is None or True
    # a constant-false conjunct makes the whole `and` constant
    folded = compile_expr("false and escalation > 1", NAMES)
    assert folded(STATE) is False
    assert constant_value(constant_expr(0.4)) == 0.4
    assert constant_expr(True).kind == "bool"


def test_evaluation_follows_the_state() -> None:
    expr = compile_expr("escalation >= 5 and not flags.talks", NAMES)
    assert expr(state(vars=(5.0, 0.0, 0.0))) is True
    assert expr(state(vars=(5.0, 0.0, 0.0), flags=(True, False))) is False


def test_source_may_span_lines_and_have_surrounding_space() -> None:
    assert value("  escalation > 1\n  and flags.plans_ordered ") is True


# ---- errors: syntax (E301) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "offset", "hint_part"),
    [
        ("escalation > ", 12, "missing operand"),
        ("escalation && flags.talks", 11, "`and`"),
        ("flags.talks || true", 12, "`or`"),
        ("!flags.talks", 0, "`not`"),
        ("escalation = 3", 11, "`==`"),
        ("escalation =< 3", 11, "`<=`"),
        ("(escalation > 1", 0, None),
    ],
)
def test_syntax_errors(source: str, offset: int, hint_part: str | None) -> None:
    err = error(source)
    assert err.code == "E301"
    assert err.offset == offset
    if hint_part is not None:
        assert err.hint is not None and hint_part in err.hint


def test_empty_expression() -> None:
    err = error("   ")
    assert (err.code, err.message) == ("E301", "expression is empty")


def test_offset_counts_characters_not_bytes() -> None:
    # Names are ASCII (E307), so only text in quotes can come before the error: the
    # condition `nope` is checked before the branch that holds `'é'`.
    err = error("'é' if nope else 1")
    assert (err.code, err.offset) == ("E302", 7)  # 8 in bytes


@pytest.mark.parametrize(
    ("source", "offset", "word", "hint"),
    [
        ("ｅscalation > 1", 0, "ｅscalation", "write `escalation`"),
        ("ｓmuggling > 1", 0, "ｓmuggling", "write `smuggling`"),
        ("escalation > 1 and flags.ｔalks", 25, "ｔalks", "write `talks`"),
        ("leaks + escalatión > 1", 16, "escalatión", "type the name again"),
        ("flags.talks and écart > 1", 16, "écart", "type the name again"),
        ("escalation < １0", 13, "１0", "write `10`"),
    ],
)
def test_names_with_letters_outside_ascii_are_refused(
    source: str, offset: int, word: str, hint: str
) -> None:
    """Python folds `ｓmuggling` to `smuggling` (NFKC): a look-alike must not pass."""
    for compile_it in (compile_expr, compile_effect):
        with pytest.raises(ExpressionError) as info:
            compile_it(source, NAMES)
        err = info.value
        assert (err.code, err.offset) == ("E307", offset)
        assert err.message.startswith(f"`{word}` is not a plain ASCII name")
        assert err.hint is not None and hint in err.hint


def test_text_outside_ascii_in_quotes_is_still_text_in_quotes() -> None:
    err = error("escalation == 'ｓmuggling'")
    assert (err.code, err.offset) == ("E304", 14)


def test_offsets_include_leading_space() -> None:
    err = error("   nope > 1")
    assert err.offset == 3


# ---- errors: names (E302) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "offset", "message", "hint"),
    [
        ("escalaton > 1", 0, "unknown variable `escalaton`", "did you mean `escalation`?"),
        ("flags.talk", 6, "unknown flag `talk`", "did you mean `talks`?"),
        ("talks", 0, "unknown variable `talks`", "`talks` is a flag: write `flags.talks`"),
        ("flags.leaks", 6, "unknown flag `leaks`", "`leaks` is a variable: write `leaks`"),
        ("cohesion(nat) > 1", 9, "unknown alliance `nat`", "did you mean `nato`?"),
        ("trust[denmrk][us] > 1", 6, "unknown actor `denmrk`", "did you mean `denmark`?"),
        ("played(invde) > 0", 7, "unknown move `invde`", "did you mean `invade`?"),
        ("fired(lek) > 0", 6, "unknown inject `lek`", "did you mean `leak`?"),
        ("cohesio(nato)", 0, "unknown function `cohesio`", "did you mean `cohesion`?"),
        (
            "commitment[nato][russia]",
            17,
            "`russia` is not a member of alliance `nato`",
            "members: `us`, `denmark`",
        ),
        ("member(nato, rusia)", 13, "unknown actor `rusia`", None),
        (
            "trust[us][us] > 1",
            10,
            "`us` cannot trust itself: trust is between two different actors",
            None,
        ),
        ("__import__('os')", 0, "unknown function `__import__`", None),
    ],
)
def test_unknown_names(source: str, offset: int, message: str, hint: str | None) -> None:
    err = error(source)
    assert err.code == "E302"
    assert err.offset == offset
    assert err.message == message
    if hint is not None:
        assert err.hint == hint


def test_unknown_name_lists_declared_when_nothing_is_close() -> None:
    err = error("zzzz > 1")
    assert err.hint is not None and "`escalation`" in err.hint


# ---- errors: types (E303) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "offset", "expect"),
    [
        ("escalation + flags.talks", 13, None),
        ("not escalation", 4, None),
        ("escalation and flags.talks", 0, None),
        ("flags.talks == 1", 15, None),
        ("flags.talks < flags.plans_ordered", 0, None),
        ("1 if escalation else 2", 5, None),
        ("1 if flags.talks else flags.talks", 22, None),
        ("min(flags.talks, 1)", 4, None),
        ("escalation + 1", 0, "bool"),
        ("escalation > 1", 0, "number"),
        ("denmark > 1", 0, None),
        ("cohesion(escalation + 1)", 9, None),
        ("min(1)", 0, None),
        ("clamp(1, 2)", 0, None),
        ("cohesion(nato, us)", 0, None),
    ],
)
def test_type_errors(source: str, offset: int, expect: str | None) -> None:
    err = error(source, expect=expect)
    assert err.code == "E303", err
    assert err.offset == offset


def test_type_error_messages() -> None:
    assert error("escalation + 1", expect="bool").message == (
        "expected true/false, but this is a number"
    )
    assert error("min(1)").message == "`min` takes at least 2 arguments, got 1"
    assert error("abs(1, 2)").message == "`abs` takes 1 argument, got 2"
    assert error("denmark > 1").message == "`denmark` is an actor, not a number or true/false"


# ---- errors: constructs (E304) and the escape corpus -------------------------------------

ESCAPES = [
    ("().__class__.__bases__[0].__subclasses__()", 0),
    ("'{0.__class__}'.format(escalation)", 0),
    ("__import__('os').system('true')", 0),
    ("lambda: 1", 0),
    ("[x for x in (1, 2)]", 0),
    ("{x: 1 for x in (1, 2)}", 0),
    ("(x for x in (1,))", 0),
    ("9**9**9", 1),
    ("(x := 1)", 1),
    ("f'{escalation}'", 0),
    ("escalation.__class__", 0),
    ("flags.__class__", 6),
    ("flags.talks.__class__", 0),
    ("getattr(flags, 'talks')", 0),
    ("eval('1')", 0),
    ("[1, 2][0]", 0),
    ("(1, 2)", 0),
    ("{1, 2}", 0),
    ("{'a': 1}", 0),
    ("'abc'", 0),
    ("b'abc'", 0),
    ("None", 0),
    ("...", 0),
    ("1j", 0),
    ("escalation in (1, 2)", 0),
    ("flags.talks is true", 0),
    ("escalation & 1", 11),
    ("escalation | 1", 11),
    ("escalation ^ 2", 11),
    ("escalation << 2", 11),
    ("~escalation", 0),
    ("min(*(1, 2))", 4),
    ("max(1, 2, key=abs)", 10),
    ("trust[us]", 0),
    ("flags['talks']", 0),
    ("yield", 0),
    ("await escalation", 0),
    ("escalation[0]", 0),
    ("(lambda: 0)()", 0),
    ("cohesion(nato).real", 0),
    ("nato.cohesion", 0),
]


@pytest.mark.parametrize(("source", "offset"), ESCAPES)
def test_escape_corpus_is_rejected(source: str, offset: int) -> None:
    err = error(source)
    assert err.code in ("E301", "E302", "E303", "E304"), err
    assert err.offset == offset, err


def test_forbidden_construct_messages() -> None:
    assert error("9**9**9").message == "`**` (power) is not allowed"
    assert error("lambda: 1").message == "lambda is not allowed"
    assert error("f'{escalation}'").message == "f-strings are not allowed"
    assert error("(x := 1)").message == "`:=` is not allowed"
    assert error("'denmark'").hint == "write `denmark` without quotes"
    assert error("nato.cohesion").hint == "write `cohesion(nato)`"
    assert error("escalation | flags.talks").hint == "write `or`"
    assert error("escalation > 1 # comment").offset == 15


@pytest.mark.parametrize(
    "source",
    [
        "(" * 300 + "1" + ")" * 300,
        "-" * 200_000 + "1",
        "not " * 2000 + "true",
        "1" + " + 1" * 5000,
    ],
)
def test_oversized_sources_are_rejected_before_parsing(source: str) -> None:
    err = error(source)
    assert err.code == "E305"
    assert err.offset == 500
    assert "characters long" in err.message


def test_depth_limit() -> None:
    err = error("-" * 40 + "escalation")
    assert err.code == "E305"
    assert "nested too deeply" in err.message
    assert err.offset == 32  # the first node below the limit
    compile_expr("-" * 30 + "escalation", NAMES)


def test_deep_parentheses_within_the_length_limit() -> None:
    err = error("(" * 220 + "1" + ")" * 220)
    assert err.code in ("E301", "E305")


def test_node_limit() -> None:
    source = "min(" + "1," * 220 + "1)"
    err = error(source)
    assert err.code == "E305"
    assert "too large" in err.message


def test_literal_limits() -> None:
    err = error("1234567890123456 > escalation")
    assert (err.code, err.offset) == ("E305", 0)
    err = error("escalation < 1e400")
    assert (err.code, err.offset) == ("E305", 13)
    compile_expr("escalation < 999999999999999", NAMES)


def test_nul_character() -> None:
    err = error("escalation\x00 > 1")
    assert (err.code, err.offset) == ("E301", 10)


# ---- effects -----------------------------------------------------------------------------


def test_effects_compile_to_targets() -> None:
    effect = compile_effect("escalation += 2", NAMES)
    assert (effect.target.kind, effect.target.a, effect.op) == ("var", 0, "+=")
    assert effect.value(STATE) == 2
    assert effect.value.source == "2"
    effect = compile_effect("trust[denmark][us] -= 15", NAMES)
    assert (effect.target.kind, effect.target.a, effect.target.b) == ("trust", 1, 0)
    assert effect.target.name == "trust[denmark][us]"
    effect = compile_effect("commitment[nato][denmark] *= 0.5", NAMES)
    assert (effect.target.kind, effect.target.a, effect.target.b, effect.op) == (
        "commitment",
        0,
        1,
        "*=",
    )
    effect = compile_effect("flags.plans_ordered = true", NAMES)
    assert (effect.target.kind, effect.target.a, effect.op) == ("flag", 1, "=")
    assert effect.value(STATE) is True
    effect = compile_effect("leaks = escalation * 2 + played(invade)", NAMES)
    assert effect.value(STATE) == 7.0
    assert effect.value.reads == ("played:invade", "var:escalation")
    effect = compile_effect("flags.talks = escalation > 2 and not flags.talks", NAMES)
    assert effect.value(STATE) is True


@pytest.mark.parametrize(
    ("source", "code", "offset", "message"),
    [
        ("turn = 3", "E306", 0, "`turn` is read-only"),
        ("turns += 1", "E306", 0, "`turns` is read-only"),
        ("cohesion(nato) = 5", "E306", 0, "cannot assign to function call: it is read-only"),
        ("flags.talks += 1", "E306", 0, "a flag can only be set with `=`, not `+=`"),
        (
            "commitment[nato][russia] -= 1",
            "E306",
            17,
            "`russia` is not a member of alliance `nato`",
        ),
        ("trust[us][us] -= 1", "E306", 10, "`us` cannot trust itself"),
        ("escalation = leaks = 1", "E306", 13, "an effect assigns to one target"),
        ("flags = 1", "E306", 0, "`flags` needs a flag name"),
        ("escalation = flags.talks", "E303", 13, None),
        ("flags.talks = 1", "E303", 14, None),
        ("escalaton += 1", "E302", 0, "unknown variable `escalaton`"),
        ("flags.talk = true", "E302", 6, "unknown flag `talk`"),
        ("talks = true", "E302", 0, "unknown variable `talks`"),
        ("escalation /= 2", "E304", 0, "`/=` is not allowed in effects"),
        ("escalation **= 2", "E304", 0, "`**=` is not allowed in effects" if False else None),
        ("escalation == 2", "E304", 0, "an effect must be an assignment"),
        ("escalation += 1; leaks += 1", "E304", 17, "an effect is one assignment"),
        ("escalation =+ 2", "E304", 11, "`=+` looks like a typo"),
        ("escalation += 2 ** 2", "E304", 16, "`**` (power) is not allowed"),
        ("escalation += ", "E301", 14, None),
        ("escalation: int = 1", "E304", 0, "an effect must be an assignment"),
        ("import os", "E304", 0, "an effect must be an assignment"),
    ],
)
def test_effect_errors(source: str, code: str, offset: int, message: str | None) -> None:
    err = effect_error(source)
    assert err.code == code, err
    assert err.offset == offset, err
    if message is not None:
        assert err.message == message


def test_signed_assignment_is_not_a_typo() -> None:
    assert compile_effect("escalation = -2", NAMES).value(STATE) == -2
    assert compile_effect("escalation =-2", NAMES).value(STATE) == -2


# ---- explanations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("escalation >= 5 and not flags.talks", "escalation is 3, needs >= 5"),
        ("flags.talks", "flags.talks is false"),
        ("not flags.plans_ordered", "flags.plans_ordered is true"),
        ("5 <= escalation", "escalation is 3, needs >= 5"),
        ("escalation > leaks * 4", "escalation is 3, needs > leaks * 4 (4)"),
        ("not (escalation > 2)", "escalation is 3, needs <= 2"),
        (
            "flags.talks or turn > 3",
            "flags.talks is false; and turn is 2, needs > 3",
        ),
        ("1 < escalation < 2", "escalation is 3, needs < 2"),
        ("member(nato, us) and collapsed(nato)", "`collapsed(nato)` is false"),
        ("escalation > 1 and false", "`escalation > 1 and false` is always false"),
        ("(flags.talks if turn > 1 else true)", "flags.talks is false"),
        ("escalation > 1 and cohesion(nato) < 40", "cohesion(nato) is 55, needs < 40"),
    ],
)
def test_explain_false(source: str, why: str) -> None:
    expr = compile_expr(source, NAMES)
    assert expr(STATE) is False
    assert explain_false(expr, STATE) == why


def test_explain_true_and_membership() -> None:
    expr = compile_expr("escalation > 1", NAMES)
    assert explain_false(expr, STATE) == "`escalation > 1` is true"
    gone = state(active=((True, False),))
    expr = compile_expr("member(nato, denmark)", NAMES)
    assert (
        explain_false(expr, gone) == "`member(nato, denmark)` is false (no longer a member)"
    )


def test_expression_error_str_has_code_offset_and_hint() -> None:
    text = str(error("escalaton"))
    assert text == "E302 at 0: unknown variable `escalaton` (hint: did you mean `escalation`?)"


def test_python_syntax_warnings_never_reach_the_author() -> None:
    """`1if ...` parses with a SyntaxWarning on stderr, and `'\\.'` with a warning about an
    invalid escape; authors get our result, not those."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert compile_expr("escalation > (1if escalation > 0 else 2)", NAMES).kind == "bool"
        assert error("escalation == '\\.'").code == "E304"
    assert caught == []
