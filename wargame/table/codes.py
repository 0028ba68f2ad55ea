"""Join codes: short, typed by people, stored only as slow salted hashes.

A code is 8 characters from a 25-symbol alphabet without look-alikes (no 0/O, 1/I/L,
2/Z, 5/S, 8/B), shown as `XXXX-XXXX`: 25^8 ≈ 1.5e11 codes, ample when the store also
throttles wrong guesses. People may type it in either case, with or without the dash or spaces.

The database keeps `scrypt$N$r$p$SALT$HASH` (the standard library's `hashlib.scrypt`, one
random salt per table, bound to the table's id), so a copy of the database that leaks does
not hand out the codes: each guess costs tens of milliseconds and 16 MB, not the
microsecond of a plain SHA-256. Tables hosted by older versions keep their SHA-256 hashes
and stay joinable.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8
SCRYPT_N = 2**14
"""scrypt's cost: 16 MB and about 50 ms per hash on a laptop core."""
SCRYPT_R = 8
SCRYPT_P = 1
MAX_SCRYPT_N = 2**16
"""The largest cost a stored hash may ask for: a database edited to ask for more is not
allowed to make a seat process allocate gigabytes."""
_MAX_MEMORY = 128 * SCRYPT_R * MAX_SCRYPT_N * 2
_SCRYPT = re.compile(r"scrypt\$(\d{1,6})\$(\d{1,2})\$(\d)\$([0-9a-f]{32})\$[0-9a-f]{64}")
_LEGACY = re.compile(r"[0-9a-f]{64}")


def new_code() -> str:
    """A fresh random code, formatted for reading aloud."""
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def normalise_code(typed: str) -> str:
    """The canonical form of what someone typed: upper case, no dashes or spaces."""
    return "".join(ch for ch in typed.upper() if ch not in " -_\t")


def format_code(code: str) -> str:
    plain = normalise_code(code)
    return f"{plain[:4]}-{plain[4:]}" if len(plain) == CODE_LENGTH else plain


def new_salt() -> str:
    """A table's salt: every code of one table is hashed with it, so a join costs one hash."""
    return secrets.token_hex(16)


def hash_code(
    table_id: str,
    typed: str,
    salt: str,
    *,
    n: int | None = None,
    r: int = SCRYPT_R,
    p: int = SCRYPT_P,
) -> str:
    """The stored form: slow, salted, and bound to one table (a code from last week's class
    opens nothing). `n` is scrypt's cost, `SCRYPT_N` unless the stored hash says otherwise."""
    n = SCRYPT_N if n is None else n
    digest = hashlib.scrypt(
        _material(table_id, typed),
        salt=bytes.fromhex(salt),
        n=n,
        r=r,
        p=p,
        maxmem=_MAX_MEMORY,
        dklen=32,
    )
    return f"scrypt${n}${r}${p}${salt}${digest.hex()}"


def legacy_hash(table_id: str, typed: str) -> str:
    """How versions before scrypt stored a code (one SHA-256), to open their tables still."""
    return hashlib.sha256(_material(table_id, typed)).hexdigest()


def hash_like(stored: str, table_id: str, typed: str) -> str | None:
    """`typed` hashed as `stored` was (same kind, cost and salt); None for a stored value of
    no known form, or one asking for a cost beyond `MAX_SCRYPT_N` (an edited database)."""
    found = _SCRYPT.fullmatch(stored)
    if found is not None:
        n, r, p = (int(found[i]) for i in (1, 2, 3))
        if not (2 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0 and 1 <= r <= SCRYPT_R and p == 1):
            return None
        return hash_code(table_id, typed, found[4], n=n, r=r, p=p)
    if _LEGACY.fullmatch(stored):
        return legacy_hash(table_id, typed)
    return None


def find_seat(stored: dict[str, str], table_id: str, typed: str) -> tuple[str | None, str]:
    """The seat whose stored hash `typed` matches (None if none), and `typed`'s hash as the
    table stores codes: what a wrong guess is remembered by, never the guess itself.

    Each distinct way of hashing (normally one per table) is computed once; every stored
    hash is compared in constant time.
    """
    seat: str | None = None
    mine = ""
    computed: dict[str, str | None] = {}
    for stored_hash, owner in sorted(stored.items()):
        recipe = stored_hash.rsplit("$", 1)[0] if "$" in stored_hash else "sha256"
        if recipe not in computed:
            computed[recipe] = hash_like(stored_hash, table_id, typed)
        candidate = computed[recipe]
        if candidate is None:
            continue
        mine = mine or candidate
        if hmac.compare_digest(candidate, stored_hash) and seat is None:
            seat = owner
    return seat, mine or legacy_hash(table_id, typed)


def _material(table_id: str, typed: str) -> bytes:
    return f"wargame-join:{table_id}:{normalise_code(typed)}".encode()
