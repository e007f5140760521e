"""Helpers shared by scoped pages and API views: finding the unit a row belongs to."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured


def unit_id_of(obj) -> int | None:
    """The id of the unit ``obj`` belongs to, following its model's ``unit_field`` path."""
    path = getattr(type(obj), "unit_field", None)
    if not path:
        raise ImproperlyConfigured(f"{type(obj).__name__} has no unit_field")
    if path == "pk":
        return obj.pk
    current = obj
    parts = path.split("__")
    for index, part in enumerate(parts):
        if index == len(parts) - 1:
            return getattr(current, f"{part}_id", None) if hasattr(current, f"{part}_id") else getattr(current, part).pk
        current = getattr(current, part)
        if current is None:
            return None
    return None
