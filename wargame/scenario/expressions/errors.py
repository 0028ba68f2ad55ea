"""The one error an expression can raise: what went wrong, where, and how to fix it."""

from __future__ import annotations

__all__ = ["ExpressionError"]


class ExpressionError(Exception):
    """An expression could not be compiled: what, where (0-based offset) and how to fix it.

    Codes: E301 syntax, E302 unknown name, E303 type mismatch, E304 construct not allowed,
    E305 too long/deep/large, E306 bad effect target or read-only target, E307 a name with a
    letter outside ASCII.
    """

    def __init__(
        self, message: str, offset: int = 0, hint: str | None = None, code: str = "E301"
    ) -> None:
        super().__init__(message, offset, hint, code)
        self.message = message
        self.offset = offset
        self.hint = hint
        self.code = code

    def __str__(self) -> str:
        text = f"{self.code} at {self.offset}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text
