import datetime as dt

import pytest
import time_machine

from cchc.core.testing.personas import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def on():
    """``on(day)`` moves the clock to 10:00 in Hà Nội on ``day`` for the rest of the test."""
    travellers = []

    def move(day: dt.date, hour: int = 10):
        traveller = time_machine.travel(
            dt.datetime(day.year, day.month, day.day, hour - 7, tzinfo=dt.UTC), tick=False
        )
        traveller.start()
        travellers.append(traveller)

    yield move
    for traveller in reversed(travellers):
        traveller.stop()
