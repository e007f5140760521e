"""Scoped forms: every choice of a unit (or of a row tied to a unit) is limited to the user's reach."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.units.roles import Perm

#: the largest id a database row can have (64-bit signed)
MAX_ID = 2**63 - 1


def is_row_id(value) -> bool:
    """Whether ``value`` can be a row id; anything else is refused before a query is sent."""
    text = str(value).strip()
    return text.isdigit() and int(text) <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    """A row by id; a value no row id can be is an invalid choice, not a database error."""

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and not is_row_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Several rows by id; a value no row id can be is an invalid choice, not a database error.

    It is refused with the message of an id outside the choices (Django's ``invalid_pk_value``
    has no Vietnamese translation), so garbage and another unit's id read the same.
    """

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if not is_row_id(pk):
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return super()._check_values(value)


class _UnitChoices:
    """Units named with their parent ("Phòng Kinh tế — Xã Trần Đề"), the parents read in the same query
    whatever queryset the form sets later."""

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset.select_related("parent") if queryset is not None else None)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return obj.name_with_parent


class UnitChoiceField(_UnitChoices, IdChoiceField):
    pass


class UnitsChoiceField(_UnitChoices, IdsChoiceField):
    pass


def unit_picker(field) -> None:
    """Make a choice of units readable and searchable: each option names the unit's parent (many units below
    share a name) and ``static/js/app.js`` puts a search box before the list that keeps only the options
    matching what is typed (accents and case aside)."""
    if isinstance(field, forms.ModelChoiceField):
        queryset = field.queryset
        field.__class__ = UnitsChoiceField if isinstance(field, forms.ModelMultipleChoiceField) else UnitChoiceField
        field.queryset = queryset
    field.widget.attrs.update({"data-unit-picker": "", "data-search-label": _("Type part of the unit's name to narrow the list")})


class ScopedForm(forms.Form):
    """A form whose model-choice fields list only rows the user reaches with ``choice_permission``.

    Plain Django model-choice fields are upgraded to the id-checking fields above, so garbage
    ids never reach the database.
    """

    choice_permission: str = Perm.VIEW

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if type(field) is forms.ModelChoiceField:
                field.__class__ = IdChoiceField
            elif type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = IdsChoiceField
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(user, self.choice_permission)
            if queryset is not None and queryset.model._meta.label == "units.Unit":
                unit_picker(field)

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the matching fields (or the whole form)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.error_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error)
