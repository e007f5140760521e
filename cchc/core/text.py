"""Vietnamese text helpers shared by search, matching and parsing."""

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case ``text`` without diacritics, for accent- and case-insensitive comparison.

    "Sở Xây dựng" → "so xay dung"; "Đại Ân" → "dai an".
    """
    decomposed = unicodedata.normalize("NFD", str(text).translate(_EXTRA))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()
