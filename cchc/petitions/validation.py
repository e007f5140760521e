"""Checks of the text a citizen or an officer types, shared by the public form, the staff pages and the API.

Text stays data: it is stored as typed and escaped wherever it is shown (pages, XLSX, DOCX). What is
refused, with a Vietnamese message naming the field: empty required text, text over the limit, a NUL
character (PostgreSQL refuses it), and markup (an HTML tag such as ``<script>``, a script URL),
which no petition needs and which would only be shown escaped.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|java\s*script\s*:", re.IGNORECASE)


def clean_text(value, *, label: str, max_length: int, required: bool = False) -> str:
    """``value`` trimmed; ``ValidationError`` (a message naming ``label``) when it cannot be accepted."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise ValidationError(_("{field}: null characters are not allowed.").format(field=label))
    if required and not text:
        raise ValidationError(_("{field}: this field is required.").format(field=label))
    if len(text) > max_length:
        raise ValidationError(
            _("{field}: at most {limit} characters (this text has {length}).").format(field=label, limit=max_length, length=len(text))
        )
    if MARKUP.search(text):
        raise ValidationError(_("{field}: HTML tags and script code (such as <script>) are not accepted.").format(field=label))
    return text


PHONE = re.compile(r"^\+?[0-9 .\-()]{8,20}$")


def clean_phone(value, *, label: str) -> str:
    text = clean_text(value, label=label, max_length=20)
    if text and (not PHONE.match(text) or not 8 <= sum(c.isdigit() for c in text) <= 15):
        raise ValidationError(_("{field}: enter a phone number of 8 to 15 digits.").format(field=label))
    return text
