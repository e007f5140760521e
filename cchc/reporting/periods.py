"""Moved to :mod:`cchc.calendar.periods` (reporting periods live low in the house, next to the calendar,
so that ``indicators`` and ``plans`` need not import ``reporting``); kept as an alias for existing imports."""

from cchc.calendar.periods import *  # noqa: F403
from cchc.calendar.periods import __all__  # noqa: F401
