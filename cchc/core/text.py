"""Vietnamese text folding: the one place where case and diacritics are taken off text for comparison.

Pure Python (no Django), so that pure rule modules such as ``cchc.plans.timeframe`` can use it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters with no combining mark to strip: "đ" is a letter of its own, and "ð" (eth) stands in for it
# in text taken from PDFs with broken Vietnamese fonts.
_LETTERS = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"}
_TRANSLATE = str.maketrans(_LETTERS)


def fold(text) -> str:
    """``text`` for accent- and case-insensitive comparison.

    Lower case (``str.casefold``), "đ" → "d", every non-spacing mark dropped (precomposed or combining,
    so NFC and NFD input fold alike), all whitespace collapsed to single spaces and trimmed.
    A non-string is folded as ``str(value)``.

    "Sở  Xây dựng" → "so xay dung"; "Đại Ân" → "dai an"; "Quý I/2024" → "quy i/2024".
    """
    return _fold(str(text))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_TRANSLATE))
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return " ".join(stripped.casefold().split())


def fold_keep_length(text: str) -> str:
    """Fold ``text`` character by character, keeping its length, so that a match position in the result
    is the same position in ``text``.

    Each character becomes its lower-case base letter ("Quý" → "quy", "Đ" → "d"); whitespace is kept as
    it is. Meant for NFC text: a combining mark standing on its own (NFD input) is kept, not dropped,
    because dropping it would shift every later position.
    """
    return "".join(_fold_char(char) for char in text)


def _fold_char(char: str) -> str:
    base = _LETTERS.get(char) or unicodedata.normalize("NFD", char)[0]
    return base.lower()[0]
