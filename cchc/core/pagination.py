"""The one pagination of every API list (``DEFAULT_PAGINATION_CLASS``).

Its own module: DRF imports the pagination class while ``rest_framework.viewsets`` loads, so it
cannot live beside ``ScopedViewSet`` in ``cchc.core.api``.
"""

from rest_framework import pagination


class Pagination(pagination.LimitOffsetPagination):
    """The one pagination of every list: ``limit`` is cut to ``max_limit`` and an ``offset`` past the
    last row is an empty page, so no number a client sends reaches the database unbounded."""

    max_limit = 1000

    def get_offset(self, request) -> int:
        # paginate_queryset counts the rows before it reads the offset
        return min(super().get_offset(request), getattr(self, "count", 0))

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: {"minimum": 1, "maximum": self.max_limit}, self.offset_query_param: {"minimum": 0}}
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
