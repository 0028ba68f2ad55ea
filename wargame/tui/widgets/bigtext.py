"""Letters five cells tall, for what a room reads from the back: the projector's banner.

A terminal draws every character in the same cell, so text larger than the body is drawn
with blocks. The font covers A-Z, 0-9 and common punctuation; other letters are read
without their accents (`é` as `E`), and a text with a character the font lacks, or too wide
for the room it is given, is not drawn big at all (`big_lines` returns None and the caller
writes it plainly).
"""

from __future__ import annotations

import unicodedata
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
    ")": ("#.", ".#", ".#", ".#", "#."),
}
HEIGHT: Final = 5
"""Rows of a letter drawn `tall`; `big_lines(..., tall=False)` draws it in 3."""


def _plain(text: str) -> str:
    """`text` upper-cased and without accents, as the font draws it."""
    decomposed = unicodedata.normalize("NFKD", text.upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def big_width(text: str) -> int | None:
    """How many cells `text` takes drawn big; None when the font lacks one of its letters."""
    plain = _plain(text)
    if not plain or any(c not in _GLYPHS for c in plain):
        return None
    return sum(len(_GLYPHS[c][0]) for c in plain) + len(plain) - 1


def big_lines(text: str, width: int, *, tall: bool = True) -> list[str] | None:
    """`text` in block letters, 5 rows (`tall`) or 3 (half blocks); None when the font
    lacks a letter of it or it is wider than `width` cells."""
    size = big_width(text)
    if size is None or size > width:
        return None
    plain = _plain(text)
    pixels = [
        " ".join(_GLYPHS[c][row].replace(".", " ") for c in plain) for row in range(HEIGHT)
    ]
    if tall:
        return [row.replace("#", "█") for row in pixels]
    padded = [*pixels, " " * len(pixels[0])]
    return [_halves(padded[row], padded[row + 1]) for row in range(0, HEIGHT + 1, 2)]


def _halves(top: str, bottom: str) -> str:
    """Two rows of pixels as one row of half blocks."""
    cells = {("#", "#"): "█", ("#", " "): "▀", (" ", "#"): "▄", (" ", " "): " "}
    return "".join(cells[pair] for pair in zip(top, bottom, strict=True))


__all__ = ["HEIGHT", "big_lines", "big_width"]
