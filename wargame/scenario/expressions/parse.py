"""Reading an expression's text: limits before and after `ast.parse`, and syntax errors
turned into positioned messages with hints (`&&` -> `and`, `=` -> `==`, ...)."""

from __future__ import annotations

import ast
import re
import warnings
from typing import Final

from wargame.scenario.expressions.errors import ExpressionError

__all__ = ["MAX_LENGTH", "parse"]

MAX_LENGTH: Final = 500
"""Longest expression source, in characters (checked before parsing)."""
_LONE_EQUALS: Final = re.compile(r"(?<![=!<>+\-*/%&|^:@])=(?![=<>])")
_SYNTAX_HINTS: Final[tuple[tuple[str, str], ...]] = (
    ("&&", "write `and` instead of `&&`"),
    ("||", "write `or` instead of `||`"),
    ("===", "write `==` to compare"),
    ("<>", "write `!=` for 'not equal'"),
    ("=<", "write `<=`"),
    ("=>", "write `>=`"),
)


def _prepare(source: str) -> tuple[str, int]:
    """Check the raw text; return it as one line (same length) and its left-strip shift."""
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is {len(source)} characters long; the limit is {MAX_LENGTH}",
            MAX_LENGTH,
            "split it: move parts into a variable or a flag set by effects",
            "E305",
        )
    if "\x00" in source:
        raise ExpressionError(
            "expression contains a NUL character", source.index("\x00"), None, "E301"
        )
    if "#" in source:
        raise ExpressionError(
            "`#` is not allowed inside an expression",
            source.index("#"),
            "put comments on their own YAML line, outside the quotes",
            "E304",
        )
    if not source.isascii():
        _refuse_non_ascii_names(source)
    one_line = source.replace("\r", " ").replace("\n", " ")
    stripped = one_line.lstrip(" \t\f")
    shift = len(one_line) - len(stripped)
    if not stripped.strip():
        raise ExpressionError(
            "expression is empty", 0, "write a condition, e.g. `turn >= 2`", "E301"
        )
    return stripped, shift


def _name_char(char: str) -> bool:
    """Whether Python would read `char` as part of a name (it then folds it with NFKC:
    a fullwidth `ｓ` becomes `s`)."""
    return ("a" + char).isidentifier()


def _refuse_non_ascii_names(source: str) -> None:
    """Refuse a name with a letter outside ASCII. Python reads `ｓmuggling` as `smuggling`
    (NFKC), so a look-alike would silently name another thing; ids are plain ASCII."""
    quote: str | None = None
    for index, char in enumerate(source):
        if quote is not None:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif not char.isascii() and _name_char(char):
            import unicodedata  # only for this message

            start = index
            while start > 0 and _name_char(source[start - 1]):
                start -= 1
            end = index
            while end < len(source) and _name_char(source[end]):
                end += 1
            word = source[start:end]
            folded = unicodedata.normalize("NFKC", word)
            what = unicodedata.name(char, "a character outside ASCII")
            hint = "ids use the letters a-z, digits and `_` only: type the name again"
            if folded.isascii() and folded.replace("_", "a").isalnum():
                hint = f"write `{folded}`: ids use the letters a-z, digits and `_` only"
            raise ExpressionError(
                f"`{word}` is not a plain ASCII name: `{char}` is {what} (U+{ord(char):04X})",
                index,
                hint,
                "E307",
            )


def parse(source: str, mode: str) -> tuple[ast.AST, str, int]:
    text, shift = _prepare(source)
    try:
        # Python warns (on stderr) about text like `1if x else 2` or `'\.'` (an invalid
        # escape: a DeprecationWarning before 3.12); an author should get our positioned
        # errors or nothing, never an interpreter warning.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            tree = ast.parse(text, mode=mode)
    except SyntaxError as error:
        raise _syntax_error(error, text, shift, mode) from None
    except (MemoryError, RecursionError):
        raise ExpressionError(
            "expression is too deeply nested", shift, "simplify it", "E305"
        ) from None
    except ValueError as error:
        raise ExpressionError(f"cannot read expression: {error}", shift, None, "E301") from None
    return tree, text, shift


def _syntax_error(error: SyntaxError, text: str, shift: int, mode: str) -> ExpressionError:
    message = error.msg or "invalid syntax"
    offset = (error.offset or 0) - 1
    if offset < 0 or (error.lineno or 1) > 1:
        offset = len(text.rstrip())
    offset = min(offset, len(text))
    hint: str | None = None
    if "Maybe you meant '==' or ':='" in message or message.startswith("invalid syntax. Maybe"):
        message = "invalid syntax: `=` assigns a value"
        hint = "to compare, write `==`"
    elif "unexpected indent" in message:
        message = "invalid syntax: unexpected indent"
    if message.startswith("cannot assign to"):
        what = message.split(" here")[0].removeprefix("cannot assign to ")
        return ExpressionError(
            f"cannot assign to {what}: it is read-only",
            shift,
            "effects assign to a variable, `flags.NAME`, `trust[A][B]` or `commitment[K][A]`",
            "E306",
        )
    lone_equals = _LONE_EQUALS.search(text)
    if lone_equals is not None and message == "invalid syntax" and mode == "eval":
        message = "invalid syntax: `=` assigns a value"
        hint = "to compare, write `==`"
        offset = lone_equals.start()
    for token, token_hint in _SYNTAX_HINTS:
        if token in text:
            hint = token_hint
            offset = text.index(token)
            break
    else:
        bang = text.find("!")
        if bang >= 0 and text[bang + 1 : bang + 2] != "=":
            hint = "write `not` instead of `!`"
            offset = bang
    if message == "invalid syntax" and hint is None and offset >= len(text.rstrip()):
        message = "invalid syntax: the expression ends too early"
        hint = "check for a missing operand or closing bracket"
    return ExpressionError(message, offset + shift, hint, "E301")
