"""Moved to :mod:`cchc.calendar.deadlines`; kept as an alias for existing imports."""

from cchc.calendar.deadlines import DeadlineIndex  # noqa: F401
