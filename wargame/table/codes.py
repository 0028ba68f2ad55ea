"""Join codes: short, typed by people, stored only as salted hashes.

A code is 8 characters from a 25-symbol alphabet without look-alikes (no 0/O, 1/I/L,
2/Z, 5/S, 8/B), shown as `XXXX-XXXX`: 25^8 ≈ 1.5e11 codes, ample when the store also
throttles wrong guesses. People may type it in either case, with or without the dash or spaces.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8


def new_code() -> str:
    """A fresh random code, formatted for reading aloud."""
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def normalise_code(typed: str) -> str:
    """The canonical form of what someone typed: upper case, no dashes or spaces."""
    return "".join(ch for ch in typed.upper() if ch not in " -_\t")


def format_code(code: str) -> str:
    plain = normalise_code(code)
    return f"{plain[:4]}-{plain[4:]}" if len(plain) == CODE_LENGTH else plain


def hash_code(table_id: str, typed: str) -> str:
    """The stored form: bound to one table, so a code from last week's class opens nothing."""
    digest = hashlib.sha256(f"wargame-join:{table_id}:{normalise_code(typed)}".encode())
    return digest.hexdigest()
