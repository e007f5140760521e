"""Tracking codes (mã tra cứu) the citizen keeps to look a petition up (pure).

Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V): 23
symbols, so about 45 bits from the operating system's random source (4·10¹³ codes). Guessing one
among a million stored petitions at the public rate limit would take centuries. Shown as two groups of five
("K7HQP-3XWMA"); typed with or without the dash, spaces or lower case.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
LENGTH = 10
_SEPARATORS = re.compile(r"[\s\-–—.]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be a code (never a database error)."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = _SEPARATORS.sub("", text).upper()
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == LENGTH else code
