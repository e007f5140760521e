"""Dates and moments as people read them on every page and in every message: dd/mm/yyyy and
dd/mm/yyyy HH:MM in the platform's time zone (Asia/Ho_Chi_Minh). Templates use the ``day`` and
``when`` filters of ``{% load cchc %}``; Python code calls these functions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

DATE = "%d/%m/%Y"
DATETIME = "%d/%m/%Y %H:%M"


def day(value: dt.date | dt.datetime | None) -> str:
    """``05/01/2026``; a moment is first taken to the local date; "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime(DATE)


def when(value: dt.datetime | None) -> str:
    """``05/01/2026 14:30`` in local time; a plain date gives ``05/01/2026``; "" for None."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.datetime):
        return day(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(DATETIME)
