import pytest

from cchc.core.testing.personas import build_world


@pytest.fixture
def world(db):
    return build_world()
