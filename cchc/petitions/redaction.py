"""Personal data taken out of text before it is published (pure).

The public list of answers shows the unit's summary of the petition and its answer, never the
petition as typed. Both pass through ``redact`` when the answer is published, which masks what
typically identifies a person in Vietnamese text: e-mail addresses, phone numbers (0xx… and
+84…), identity card and citizen ID numbers (9 or 12 digits), and every contact detail the
citizen gave (name, phone, e-mail, address), wherever they appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "[đã ẩn]"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: 0 or +84/84 followed by 8–10 digits, with optional spaces, dots or dashes between groups
PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
#: identity numbers: 9 (CMND) or 12 (CCCD) digits in a row
ID_NUMBER = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")


def redact(text: str, *, known: Iterable[str] = ()) -> str:
    """``text`` with personal data replaced by ``MASK``; ``known`` are the petitioner's own details."""
    if not text:
        return ""
    for value in sorted({v.strip() for v in known if v and len(v.strip()) >= 3}, key=len, reverse=True):
        text = re.sub(re.escape(value), MASK, text, flags=re.IGNORECASE)
    for pattern in (EMAIL, PHONE, ID_NUMBER):
        text = pattern.sub(MASK, text)
    return text
