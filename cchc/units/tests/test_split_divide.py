"""Confirming how a split divides its old unit's data: refusals name the row or field, write nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cchc.procedures.models import Dossier
from cchc.procedures.tests.factories import make_dossiers, make_procedure
from cchc.units import services
from cchc.units.models import SplitAssignment, SplitRecordKind, UnitChange, UnitKind

D = dt.date


@pytest.fixture
def split(db):
    province = services.unit_create(name="Tỉnh P", code="P", kind=UnitKind.PROVINCE, parent=None, valid_from=D(2004, 1, 1))
    procedure = make_procedure(province)
    a = services.unit_create(name="Xã A", code="A", kind=UnitKind.COMMUNE, parent=province, valid_from=D(2004, 1, 1))
    other = services.unit_create(name="Xã Khác", code="K", kind=UnitKind.COMMUNE, parent=province, valid_from=D(2004, 1, 1))
    make_dossiers(a, procedure, {"code": "HS-1", "received_at": "03/03/2025"}, {"code": "HS-2", "received_at": "04/03/2025"})
    make_dossiers(other, procedure, {"code": "HS-K", "received_at": "04/03/2025"})
    change = services.unit_split(
        source=a,
        new_units=[{"name": f"Xã {c}", "code": c, "kind": UnitKind.COMMUNE, "parent": province} for c in ("B", "C")],
        effective=D(2025, 7, 1),
        decision="NQ 1/NQ-HĐND",
    )
    b, c = change.successors.order_by("code")
    dossiers = {d.code: d.pk for d in Dossier.objects.all()}
    return change, b, c, other, dossiers


def _state(change):
    change.refresh_from_db()
    return change.default_successor_id, list(SplitAssignment.objects.values_list("kind", "record_id", "key", "successor_id"))


def _refused(change, **kwargs) -> dict:
    before = _state(change)
    with pytest.raises(ValidationError) as error:
        services.unit_split_divide(change=change, **kwargs)
    assert _state(change) == before
    return error.value.message_dict


def test_it_divides_by_dossier_with_a_default(split):
    change, b, c, _, dossiers = split
    services.unit_split_divide(
        change=change, default_successor=b, assignments=[{"kind": SplitRecordKind.DOSSIER, "record": dossiers["HS-2"], "successor": c}]
    )
    assert _state(change) == (b.pk, [("dossier", dossiers["HS-2"], "", c.pk)])


def test_it_refuses_a_dossier_left_unassigned_without_a_default(split):
    change, b, c, _, dossiers = split
    errors = _refused(change, default_successor=None,
                      assignments=[{"kind": SplitRecordKind.DOSSIER, "record": dossiers["HS-1"], "successor": b}])
    assert errors == {"default_successor": [
        "Hồ sơ HS-2 chưa được phân cho đơn vị mới nào: hãy phân chia hoặc chọn đơn vị kế thừa mặc định."
    ]}


def test_it_refuses_a_dossier_assigned_twice(split):
    change, b, c, _, dossiers = split
    errors = _refused(change, default_successor=b, assignments=[
        {"kind": SplitRecordKind.DOSSIER, "record": dossiers["HS-1"], "successor": b},
        {"kind": SplitRecordKind.DOSSIER, "record": dossiers["HS-1"], "successor": c},
    ])
    assert errors == {"assignments": ["Dòng 2: Hồ sơ HS-1 đã được phân cho đơn vị ở dòng 1."]}


def test_it_refuses_a_unit_the_split_did_not_create(split):
    change, b, c, other, dossiers = split
    errors = _refused(change, default_successor=b,
                      assignments=[{"kind": SplitRecordKind.DOSSIER, "record": dossiers["HS-1"], "successor": other}])
    assert errors == {"assignments": ["Dòng 1: Xã Khác không phải là đơn vị mới được thành lập từ lần chia tách này."]}
    errors = _refused(change, default_successor=other, assignments=[])
    assert errors == {"default_successor": ["Xã Khác không phải là đơn vị mới được thành lập từ lần chia tách này."]}


def test_it_refuses_a_dossier_of_another_unit(split):
    change, b, c, _, dossiers = split
    errors = _refused(change, default_successor=b,
                      assignments=[{"kind": SplitRecordKind.DOSSIER, "record": dossiers["HS-K"], "successor": c}])
    assert errors == {"assignments": [f"Dòng 1: Hồ sơ {dossiers['HS-K']} không thuộc dữ liệu của đơn vị bị chia tách."]}


def test_a_refused_mapping_keeps_the_confirmed_one(split):
    change, b, c, _, dossiers = split
    services.unit_split_divide(change=change, default_successor=c, assignments=[])
    errors = _refused(change, default_successor=None, assignments=[])
    assert list(errors) == ["default_successor"]
    assert _state(change) == (c.pk, [])


def test_only_a_split_is_divided(split):
    change, b, c, _, _ = split
    merge = services.unit_merge(sources=[b], into=c, effective=D(2025, 9, 1), decision="QĐ 2")
    with pytest.raises(ValidationError) as error:
        services.unit_split_divide(change=merge, default_successor=c, assignments=[])
    assert error.value.message_dict == {"change": ["Chỉ khi chia tách mới phân chia dữ liệu cho các đơn vị mới."]}
    assert UnitChange.objects.get(pk=merge.pk).default_successor_id is None
