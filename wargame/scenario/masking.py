"""Masked play and exports: every displayed text goes through the scenario's masking table.

Replacements are applied longest name first and only at word boundaries, so `Russian`
is not half-replaced by a shorter `Russia` entry and `Danes` is not matched inside
`Mundanes`. The table is authored in the scenario (`masking:`), so masked play needs no
configuration in the room.

A stand-in changes the words around it, and the masker mends what it changes:

* the article before it: "an American guarantee" masks to "a Columbian guarantee", "a JSOC
  plan" to "an STC plan" (an acronym is read letter by letter);
* a stand-in that brings its own article: "the Daily Mail" with `Daily Mail: a daily
  newspaper` masks to "a daily newspaper", not "the a daily newspaper";
* a plural the table does not list: with `American: Columbian` alone, "Americans" masks to
  "Columbians" (a real name never survives because only its singular was listed);
* the capital of a stand-in that opens a sentence: "A daily newspaper reported".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

__all__ = ["IDENTITY", "Masker", "indefinite_article", "plural"]

_ARTICLES: Final = ("a", "an", "the")
_VOWEL_LETTER_NAMES: Final = frozenset("AEFHILMNORSX")
"""Capital letters whose spoken name starts with a vowel sound ("an F", "an S")."""
_CONSONANT_SOUND_STARTS: Final = ("uni", "use", "usu", "uti", "eu", "ewe", "one", "once", "ura")
_SILENT_H_STARTS: Final = ("hour", "honest", "honour", "honor", "heir")


def indefinite_article(phrase: str) -> str:
    """`a` or `an` for the phrase that follows it, by how its first word sounds.

    An acronym is read letter by letter ("an STC plan", "a CF base"); `uni-`, `eu-` and
    `one` start with a consonant sound ("a Union", "a European"), a silent `h` with a vowel
    ("an hour").
    """
    word = phrase.strip().split(" ", 1)[0] if phrase.strip() else ""
    if not word:
        return "a"
    letters = "".join(ch for ch in word if ch.isalnum())
    if len(letters) > 1 and letters.isupper():
        return "an" if letters[0] in _VOWEL_LETTER_NAMES else "a"
    if letters[:1].isdigit():
        return "an" if letters.startswith(("8", "11", "18")) else "a"
    lower = letters.lower()
    if lower.startswith(_SILENT_H_STARTS):
        return "an"
    if lower.startswith(_CONSONANT_SOUND_STARTS):
        return "a"
    return "an" if lower[:1] in ("a", "e", "i", "o", "u") else "a"


def plural(phrase: str) -> str:
    """The plural of a name as English forms it on its last word (`Columbian` ->
    `Columbians`, `Sericapol` -> `Sericapols`, `Federal City` -> `Federal Cities`)."""
    if not phrase:
        return phrase
    head, _, last = phrase.rpartition(" ")
    lower = last.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def _same_case(article: str, model: str) -> str:
    """`article` with the capital of `model` ("An" -> "A", "an" -> "a")."""
    return article[:1].upper() + article[1:] if model[:1].isupper() else article


def _starts_article(fake: str) -> str | None:
    first = fake.split(" ", 1)[0]
    return first.lower() if first.lower() in _ARTICLES and " " in fake else None


class Masker:
    """Replaces real names by fictional stand-ins; the identity when masking is off."""

    def __init__(self, table: Iterable[tuple[str, str]], *, enabled: bool = True) -> None:
        listed = {real: fake for real, fake in table if real}
        derived = {
            plural(real): plural(fake)
            for real, fake in listed.items()
            if plural(real) not in listed and real[-1:].isalpha() and not real.isupper()
            and _starts_article(fake) is None
        }
        lookup = {**derived, **listed}
        pairs = sorted(lookup.items(), key=lambda p: (-len(p[0]), p[0]))
        self._lookup = dict(pairs)
        self.enabled = enabled and bool(listed)
        names = "|".join(re.escape(real) for real, _ in pairs)
        # An article (and its space) before a name is matched with it, to be mended.
        self._pattern = (
            re.compile(r"(?:(?<!\w)(?P<article>[Aa]n?|[Tt]he)(?P<space>\s+))?"
                       rf"(?<!\w)(?P<name>{names})(?!\w)")
            if pairs
            else None
        )

    def __call__(self, text: str) -> str:
        if not self.enabled or self._pattern is None or not text:
            return text
        return self._pattern.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        real = match.group("name")
        fake = self._lookup[real]
        article, space = match.group("article"), match.group("space")
        start = match.start()
        if article is None:
            if _starts_article(fake) and _opens_sentence(match.string, start):
                return fake[:1].upper() + fake[1:]
            return fake
        own = _starts_article(fake)
        if own is not None:
            # The stand-in brings its article: it replaces the text's, keeping its capital.
            return _same_case(fake, article)
        if article.lower() == "the":
            return f"{article}{space}{fake}"
        if article.lower() == indefinite_article(real):
            # Only an article that agreed with the real name is mended ("a US plan"),
            # not one the author chose for another reason.
            return f"{_same_case(indefinite_article(fake), article)}{space}{fake}"
        return f"{article}{space}{fake}"


def _opens_sentence(text: str, at: int) -> bool:
    """Whether position `at` of `text` starts a sentence (the text's start, or after `.!?`)."""
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:\n\"“"


IDENTITY = Masker((), enabled=False)
"""The masker for unmasked play."""
