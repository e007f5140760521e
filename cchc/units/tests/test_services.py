"""Reorganisation and membership rules, without HTTP."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cchc.units import selectors, services
from cchc.units.models import Unit, UnitChange, UnitKind
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, visible_unit_ids

D = dt.date


@pytest.fixture
def province(db):
    return services.unit_create(name="Tỉnh A", code="A", kind=UnitKind.PROVINCE, parent=None, valid_from=D(2004, 1, 1))


def commune(province, name, code, valid_from=dt.date(2004, 1, 1)):  # noqa: B008
    return services.unit_create(name=name, code=code, kind=UnitKind.COMMUNE, parent=province, valid_from=valid_from)


def snapshot():
    return list(Unit.objects.order_by("pk").values_list("pk", "valid_to", "parent_id")), UnitChange.objects.count()


def test_merge_into_a_new_unit_closes_the_sources_the_day_before(province):
    a, b = commune(province, "Xã A", "A1"), commune(province, "Xã B", "B1")
    change = services.unit_merge(
        sources=[a, b], new_unit={"name": "Xã AB", "code": "AB", "kind": UnitKind.COMMUNE, "parent": province},
        effective=D(2025, 7, 1), decision="NQ 1668/NQ-UBTVQH15",
    )
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.valid_to, b.valid_to) == (D(2025, 6, 30), D(2025, 6, 30))
    new = change.successors.get()
    assert (new.name, new.valid_from, new.parent) == ("Xã AB", D(2025, 7, 1), province)
    assert sorted(u.name for u in selectors.unit_predecessors(unit=new)) == ["Xã A", "Xã B"]
    assert [u.name for u in selectors.unit_successors(unit=a)] == ["Xã AB"]


def test_merge_into_an_existing_unit_keeps_it(province):
    a, b = commune(province, "Xã A", "A1"), commune(province, "Xã B", "B1")
    services.unit_merge(sources=[a], into=b, effective=D(2025, 3, 1), decision="QĐ 5")
    b.refresh_from_db()
    assert b.valid_to is None
    assert selectors.data_scope(unit=b, date_from=D(2025, 1, 1), date_to=D(2025, 12, 31), subtree=False).ids == sorted([a.pk, b.pk])
    assert selectors.data_scope(unit=b, date_from=D(2025, 3, 1), date_to=D(2025, 12, 31), subtree=False).ids == [b.pk]


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"decision": ""}, "decision", "Nêu văn bản pháp lý"),
        ({"effective": D(2003, 1, 1)}, "effective", "chỉ bắt đầu hoạt động từ 01/01/2004"),
    ],
)
def test_a_bad_merge_changes_nothing(province, kwargs, field, message):
    a, b = commune(province, "Xã A", "A1"), commune(province, "Xã B", "B1")
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.unit_merge(**{"sources": [a], "into": b, "effective": D(2025, 3, 1), "decision": "QĐ 5", **kwargs})
    assert field in error.value.message_dict
    assert message in error.value.message_dict[field][0]
    assert snapshot() == before


def test_merging_a_unit_twice_overlapping_dates_is_refused(province):
    a, b, c = commune(province, "Xã A", "A1"), commune(province, "Xã B", "B1"), commune(province, "Xã C", "C1")
    services.unit_merge(sources=[a], into=b, effective=D(2025, 3, 1), decision="QĐ 5")
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.unit_merge(sources=[a], into=c, effective=D(2025, 5, 1), decision="QĐ 6")
    assert "đã ngừng hoạt động từ 28/02/2025" in error.value.message_dict["sources"][0]
    assert snapshot() == before


def test_a_unit_cannot_close_before_its_children(province):
    district = services.unit_create(name="Huyện H", code="H", kind=UnitKind.DISTRICT, parent=province, valid_from=D(2004, 1, 1))
    commune(district, "Xã trong huyện", "H1")
    other = services.unit_create(name="Huyện K", code="K", kind=UnitKind.DISTRICT, parent=province, valid_from=D(2004, 1, 1))
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.unit_merge(sources=[district], into=other, effective=D(2025, 7, 1), decision="NQ 202/2025/QH15")
    assert "Xã trong huyện" in error.value.message_dict["sources"][0]
    assert snapshot() == before


def test_moving_a_unit_below_itself_is_refused(province):
    district = services.unit_create(name="Huyện H", code="H", kind=UnitKind.DISTRICT, parent=province, valid_from=D(2004, 1, 1))
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.unit_move(unit=province, new_parent=district, effective=D(2025, 1, 1), decision="QĐ 1")
    assert "new_parent" in error.value.message_dict
    assert snapshot() == before


def test_rename_carries_children_and_history(province):
    dept = services.unit_create(name="Sở GTVT", code="GT", kind=UnitKind.DEPARTMENT, parent=province, valid_from=D(2004, 1, 1))
    division = services.unit_create(name="Phòng QLVT", code="GT1", kind=UnitKind.DIVISION, parent=dept, valid_from=D(2004, 1, 1))
    change = services.unit_rename(unit=dept, name="Sở Giao thông", effective=D(2025, 3, 1), decision="QĐ 9")
    renamed = change.successors.get()
    assert renamed.code == "GT" and renamed.valid_from == D(2025, 3, 1)
    new_division = Unit.objects.get(code="GT1", valid_to__isnull=True)
    assert new_division.parent == renamed and new_division.pk != division.pk
    assert set(selectors.data_scope(unit=new_division, date_from=D(2025, 1, 1), date_to=D(2025, 12, 31)).ids) == {
        division.pk, new_division.pk
    }


def test_a_role_on_the_successor_reaches_the_predecessors_and_their_units(province, django_user_model):
    district = services.unit_create(name="Huyện Trần Đề", code="TD", kind=UnitKind.DISTRICT, parent=province, valid_from=D(2004, 1, 1))
    old = commune(district, "Xã Đại Ân 2", "DA2")
    division = services.unit_create(name="Phòng Nội vụ", code="TD-NV", kind=UnitKind.DIVISION, parent=district, valid_from=D(2004, 1, 1))
    change = services.unit_merge(sources=[old], new_unit={"name": "Xã Trần Đề", "code": "XTD", "kind": UnitKind.COMMUNE, "parent": province},
                                 effective=D(2025, 7, 1), decision="NQ 1668")
    services.unit_merge(sources=[division], into=change.successors.get(), effective=D(2025, 7, 1), decision="NQ 1668")
    services.unit_merge(sources=[district], into=province, effective=D(2025, 7, 1), decision="NQ 202/2025/QH15")
    user = django_user_model.objects.create_user(username="u")
    services.membership_create(user=user, unit=change.successors.get(), role="focal_officer", valid_from=D(2025, 7, 1))
    reach = visible_unit_ids(user, Perm.VIEW, on=D(2025, 8, 1))
    assert reach == {change.successors.get().pk, old.pk, division.pk}
    assert visible_unit_ids(user, Perm.VIEW, on=D(2025, 6, 1)) == frozenset()


def test_membership_must_lie_inside_the_unit_validity(province, django_user_model):
    old = commune(province, "Xã cũ", "OLD")
    services.unit_merge(sources=[old], into=province, effective=D(2025, 7, 1), decision="NQ")
    user = django_user_model.objects.create_user(username="u")
    with pytest.raises(ValidationError) as error:
        services.membership_create(user=user, unit=old, role="viewer", valid_from=D(2024, 1, 1))
    assert "valid_to" in error.value.message_dict
    membership = services.membership_create(user=user, unit=old, role="viewer", valid_from=D(2024, 1, 1), valid_to=D(2025, 6, 30))
    assert membership.pk


def test_graph_loads_in_three_queries(province, django_assert_num_queries):
    commune(province, "Xã A", "A1")
    with django_assert_num_queries(3):
        graph = UnitGraph.load()
    assert graph.descendants(province.pk) == set(Unit.objects.values_list("pk", flat=True))


def test_superior_units_are_those_above_the_memberships(province, django_user_model):
    from cchc.units.scoping import superior_unit_ids

    dept = services.unit_create(name="Sở X", code="SX", kind=UnitKind.DEPARTMENT, parent=province, valid_from=D(2004, 1, 1))
    division = services.unit_create(name="Phòng Y", code="SX-Y", kind=UnitKind.DIVISION, parent=dept, valid_from=D(2004, 1, 1))
    user = django_user_model.objects.create_user(username="u")
    services.membership_create(user=user, unit=division, role="division_staff", valid_from=D(2024, 1, 1))
    assert superior_unit_ids(user, on=D(2025, 1, 1)) == {dept.pk, province.pk}
    assert visible_unit_ids(user, Perm.VIEW, on=D(2025, 1, 1)) == {division.pk}
