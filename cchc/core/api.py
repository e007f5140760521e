"""Base API views: the REST counterpart of ``cchc.core.views``.

``ScopedViewSet`` refuses to run without a queryset and a permission, filters every list and
lookup through ``visible_to`` (outside scope: 404) and checks ``write_permission`` on the
row's unit before any write (403, nothing changed). Service ``ValidationError``s become 400
answers with the Vietnamese message under the field's name.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from cchc.core.forms import is_row_id
from cchc.core.scoped import unit_id_of
from cchc.units.roles import Perm
from cchc.units.scoping import user_can

#: Django's own message for a NUL in text (forms.CharField, serializers.CharField), translated here
NULL_CHARACTERS = _("Null characters are not allowed.")


def django_error_detail(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): [str(m) for m in v] for k, v in error.message_dict.items()}
    return {"non_field_errors": [str(m) for m in error.messages]}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)


class ScopedViewSet(viewsets.GenericViewSet):
    queryset = None
    permission: str | None = Perm.VIEW
    write_permission: str | None = None
    permission_classes = [permissions.IsAuthenticated]
    scoped = True
    #: ids a database row can have (at most 18 digits); anything else is a 404 by URL
    lookup_value_regex = r"[0-9]{1,18}"

    def initial(self, request, *args, **kwargs):
        if self.queryset is None or self.permission is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a queryset and a permission")
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        return self.queryset.all().visible_to(self.request.user, self.permission)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in permissions.SAFE_METHODS:
            self.check_write(obj)

    def check_write(self, obj) -> None:
        self.check_write_unit(unit_id_of(obj))

    def check_write_unit(self, unit_id: int | None) -> None:
        """403 unless the caller holds ``write_permission`` on the unit (used before creating rows)."""
        if self.write_permission is None or unit_id is None or not user_can(self.request.user, self.write_permission, unit_id):
            raise exceptions.PermissionDenied()


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related-row field that only accepts rows the caller reaches with ``perm``."""

    def __init__(self, *, perm: str = Perm.VIEW, **kwargs):
        self.perm = perm
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not is_row_id(data):
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is None:
            return queryset.none()
        return queryset.visible_to(request.user, self.perm)


class SlugRelatedField(serializers.SlugRelatedField):
    """A row by a text key (a username). DRF's field sends any text to the query; a NUL, which
    PostgreSQL refuses in text, is a field error here, as in a CharField."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError(NULL_CHARACTERS, code="null_characters_not_allowed")
        return super().to_internal_value(data)
