"""Moved to :mod:`cchc.calendar.workdays` (the one working-day calendar every app imports); kept as an alias."""

from cchc.calendar.workdays import *  # noqa: F403
from cchc.calendar.workdays import __all__  # noqa: F401
