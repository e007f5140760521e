"""The three dossier flags behind QĐ 766 indicators 4.3–4.5, read from files and API pushes."""

import pytest

from cchc.core.testing.personas import build_world
from cchc.procedures.models import Dossier
from cchc.procedures.parsing import header_map
from cchc.procedures.services import DOSSIER_COLUMNS
from cchc.procedures.tests.factories import make_dossiers, make_procedure


def test_the_flags_are_recognised_by_their_vietnamese_headers():
    positions, missing = header_map(
        ["Tái sử dụng dữ liệu số hóa", "Dữ liệu từ kho dữ liệu điện tử", "Sử dụng dữ liệu dân cư"], DOSSIER_COLUMNS)
    assert positions == {0: "reused_digitised_data", 1: "shared_data", 2: "population_data"}


@pytest.mark.django_db
def test_flags_are_stored_and_empty_means_no():
    world = build_world()
    procedure = make_procedure(world.dept_a)
    make_dossiers(world.dept_a, procedure,
                  {"code": "F1", "received_at": "03/03/2025 09:00", "reused_digitised_data": "có", "shared_data": "1",
                   "population_data": "không"},
                  {"code": "F2", "received_at": "03/03/2025 09:00"})
    rows = Dossier.objects.order_by("code").values_list("code", "reused_digitised_data", "shared_data", "population_data")
    assert list(rows) == [("F1", True, True, False), ("F2", False, False, False)]
