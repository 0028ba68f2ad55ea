"""Block letters, for what a room reads from the back: the projector's banner.

A terminal draws every character in the same cell, so text larger than the body is drawn
with blocks: five rows tall, or three with half blocks. There are two fonts, five cells
wide and three; both cover A-Z, 0-9 and common punctuation, and other letters are read
without their accents (`é` as `E`). `lettered` draws a name in the most readable way that fits
its room (a long name on two lines between its words, or in the narrow font); a text with
a character the fonts lack, or too long for any of them, is not drawn big at all (None:
the caller writes it plainly).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Final

_GLYPHS: Final[dict[str, tuple[str, ...]]] = {
    "A": (".###.", "#...#", "#####", "#...#", "#...#"),
    "B": ("####.", "#...#", "####.", "#...#", "####."),
    "C": (".####", "#....", "#....", "#....", ".####"),
    "D": ("####.", "#...#", "#...#", "#...#", "####."),
    "E": ("#####", "#....", "####.", "#....", "#####"),
    "F": ("#####", "#....", "####.", "#....", "#...."),
    "G": (".####", "#....", "#..##", "#...#", ".###."),
    "H": ("#...#", "#...#", "#####", "#...#", "#...#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("#####", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "###..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "####.", "#....", "#...."),
    "Q": (".###.", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "####.", "#..#.", "#...#"),
    "S": (".####", "#....", ".###.", "....#", "####."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "Y": ("#...#", ".#.#.", "..#..", "..#..", "..#.."),
    "Z": ("#####", "...#.", "..#..", ".#...", "#####"),
    "0": (".###.", "#..##", "#.#.#", "##..#", ".###."),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("####.", "....#", ".###.", "#....", "#####"),
    "3": ("####.", "....#", ".###.", "....#", "####."),
    "4": ("#...#", "#...#", "#####", "....#", "....#"),
    "5": ("#####", "#....", "####.", "....#", "####."),
    "6": (".###.", "#....", "####.", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", "..#.."),
    "8": (".###.", "#...#", ".###.", "#...#", ".###."),
    "9": (".###.", "#...#", ".####", "....#", ".###."),
    " ": ("..", "..", "..", "..", ".."),
    "-": ("...", "...", "###", "...", "..."),
    ".": (".", ".", ".", ".", "#"),
    ",": (".", ".", ".", "#", "#"),
    ":": (".", "#", ".", "#", "."),
    "'": ("#", "#", ".", ".", "."),
    "!": ("#", "#", "#", ".", "#"),
    "?": ("###.", "...#", ".##.", "....", ".#.."),
    "&": (".##..", "#..#.", ".##.#", "#..#.", ".##.#"),
    "/": ("....#", "...#.", "..#..", ".#...", "#...."),
    "(": (".#", "#.", "#.", "#.", ".#"),
    '"': ("#.#", "#.#", "...", "...", "..."),
    ")": ("#.", ".#", ".#", ".#", "#."),
}
_NARROW: Final[dict[str, tuple[str, ...]]] = {
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#.#", "###", "###", "#.#", "#.#"),
    "N": ("##.", "#.#", "#.#", "#.#", "#.#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#.#", "#.#", "###", "###", "#.#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "0": (".#.", "#.#", "#.#", "#.#", ".#."),
    "1": (".#", "##", ".#", ".#", ".#"),
    "2": ("##.", "..#", ".#.", "#..", "###"),
    "3": ("##.", "..#", ".#.", "..#", "##."),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "##.", "..#", "##."),
    "6": (".##", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "##."),
    "?": ("##.", "..#", ".#.", "...", ".#."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    **{c: glyph for c, glyph in _GLYPHS.items() if len(glyph[0]) <= 3},
}
"""Letters three cells wide, for a name too wide for the full font."""
HEIGHT: Final = 5
"""Rows of a letter drawn `tall`; drawn short (half blocks) it takes 3."""
_QUOTES: Final = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True, slots=True)
class Lettering:
    """How a text is drawn big: which font, tall or short, on how many lines."""

    narrow: bool
    tall: bool
    lines: int


BANNER_STYLES: Final = (
    Lettering(narrow=False, tall=True, lines=1),
    Lettering(narrow=False, tall=False, lines=2),
    Lettering(narrow=True, tall=True, lines=1),
    Lettering(narrow=True, tall=False, lines=2),
    Lettering(narrow=False, tall=False, lines=1),
    Lettering(narrow=True, tall=False, lines=1),
)
"""The ways to draw a name, the most readable first: a long name goes on two lines of
shorter letters between its words, then in the narrow font, before it falls back to
plain text."""


def _plain(text: str) -> str:
    """`text` upper-cased and without accents, as the fonts draw it."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES).upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _font(narrow: bool) -> dict[str, tuple[str, ...]]:
    return _NARROW if narrow else _GLYPHS


def big_width(text: str, *, narrow: bool = False) -> int | None:
    """How many cells `text` takes drawn big; None when the font lacks one of its letters."""
    plain, font = _plain(text), _font(narrow)
    if not plain or any(c not in font for c in plain):
        return None
    return sum(len(font[c][0]) for c in plain) + len(plain) - 1


def big_lines(
    text: str, width: int, *, tall: bool = True, narrow: bool = False
) -> list[str] | None:
    """`text` in block letters, 5 rows (`tall`) or 3 (half blocks); None when the font
    lacks a letter of it or it is wider than `width` cells."""
    size = big_width(text, narrow=narrow)
    if size is None or size > width:
        return None
    plain, font = _plain(text), _font(narrow)
    pixels = [" ".join(font[c][row].replace(".", " ") for c in plain) for row in range(HEIGHT)]
    if tall:
        return [row.replace("#", "█") for row in pixels]
    padded = [*pixels, " " * len(pixels[0])]
    return [_halves(padded[row], padded[row + 1]) for row in range(0, HEIGHT + 1, 2)]


def lettered(text: str, width: int, rows: int) -> list[str] | None:
    """`text` in the largest block letters that fit `width` cells and `rows` rows (see
    `BANNER_STYLES`), wrapped between words when that is what fits; None when no way fits
    (the caller writes it plainly)."""
    for style in BANNER_STYLES:
        height = HEIGHT if style.tall else (HEIGHT + 1) // 2
        if height * style.lines > rows:
            continue
        parts = _wrapped(text, width, style) if style.lines > 1 else [text]
        if parts is None or len(parts) > style.lines:
            continue
        drawn = [
            big_lines(part, width, tall=style.tall, narrow=style.narrow) for part in parts
        ]
        if all(lines is not None for lines in drawn):
            return [row for lines in drawn if lines is not None for row in lines]
    return None


def _wrapped(text: str, width: int, style: Lettering) -> list[str] | None:
    """`text`'s words on as few lines as fit `width` drawn in `style` (None when a word
    alone is too wide or a letter is missing)."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        size = big_width(joined, narrow=style.narrow)
        if lines and size is not None and size <= width:
            lines[-1] = joined
            continue
        alone = big_width(word, narrow=style.narrow)
        if alone is None or alone > width:
            return None
        lines.append(word)
    return lines


def _halves(top: str, bottom: str) -> str:
    """Two rows of pixels as one row of half blocks."""
    cells = {("#", "#"): "█", ("#", " "): "▀", (" ", "#"): "▄", (" ", " "): " "}
    return "".join(cells[pair] for pair in zip(top, bottom, strict=True))


__all__ = ["BANNER_STYLES", "HEIGHT", "Lettering", "big_lines", "big_width", "lettered"]
