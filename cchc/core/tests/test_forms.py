"""What scoped forms guarantee: unit choices limited to the user's reach, and garbage ids refused in
Vietnamese before any query (never a database error)."""

import pytest
from django import forms

from cchc.core.forms import (
    MAX_ID,
    IdChoiceField,
    IdsChoiceField,
    ScopedForm,
    UnitChoiceField,
    UnitsChoiceField,
    is_row_id,
)
from cchc.core.testing.personas import build_world
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import visible_unit_ids

GARBAGE = ["abc", str(10**30), str(MAX_ID + 1), "-1", "1.5", "1e3"]


class UnitsForm(ScopedForm):
    choice_permission = Perm.EDIT
    unit = forms.ModelChoiceField(queryset=Unit.objects.all())
    units = forms.ModelMultipleChoiceField(queryset=Unit.objects.all(), required=False)


def test_row_ids_are_positive_integers_a_database_can_hold():
    assert [is_row_id(v) for v in ("1", " 42 ", str(MAX_ID), 7)] == [True] * 4
    assert not any(is_row_id(v) for v in [*GARBAGE, "", None])


@pytest.mark.parametrize("garbage", GARBAGE)
def test_a_value_no_id_can_be_is_an_invalid_choice_in_vietnamese(garbage):
    single = IdChoiceField(queryset=Unit.objects.none())
    several = IdsChoiceField(queryset=Unit.objects.none())
    with pytest.raises(forms.ValidationError) as one:
        single.clean(garbage)
    with pytest.raises(forms.ValidationError) as many:
        several.clean(["1", garbage])
    assert (one.value.code, one.value.messages) == (
        "invalid_choice",
        ["Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."],
    )
    assert (many.value.code, many.value.messages) == (
        "invalid_choice",
        [f"Hãy chọn một lựa chọn hợp lệ. {garbage} không phải là một trong các lựa chọn khả thi."],
    )


@pytest.mark.django_db
def test_a_scoped_form_offers_only_the_units_the_user_reaches():
    world = build_world()
    user = world.users["focal"]
    form = UnitsForm(user=user)
    # unit pickers: ids checked, each unit named with its parent, searchable as one types (static/js/app.js)
    assert type(form.fields["unit"]) is UnitChoiceField and type(form.fields["units"]) is UnitsChoiceField
    assert isinstance(form.fields["unit"], IdChoiceField) and isinstance(form.fields["units"], IdsChoiceField)
    labels = dict(form.fields["unit"].choices)
    assert labels[world.division_a.pk] == "Phòng Quản lý xây dựng — Sở Xây dựng"
    assert "data-unit-picker" in str(form["unit"])
    reach = visible_unit_ids(user, Perm.EDIT)
    assert set(form.fields["unit"].queryset.values_list("pk", flat=True)) == set(reach)
    outside = Unit.objects.exclude(pk__in=reach).first()
    inside = Unit.objects.get(pk=min(reach))
    form = UnitsForm({"unit": outside.pk, "units": [inside.pk, outside.pk]}, user=user)
    assert not form.is_valid()
    assert form.errors == {
        "unit": ["Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."],
        "units": [f"Hãy chọn một lựa chọn hợp lệ. {outside.pk} không phải là một trong các lựa chọn khả thi."],
    }
    form = UnitsForm({"unit": inside.pk, "units": [inside.pk]}, user=user)
    assert form.is_valid(), form.errors
