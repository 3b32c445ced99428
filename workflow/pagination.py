"""Pagination of the workbench lists and the staff API that never counts a whole list.

A COUNT over every case the complaint centre may see took 100 ms at a million cases, more
than the rest of the API call (bench/workflow.py). Lists count at most MAX_ROWS rows; past
that the page says "more than" and filters narrow the list.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_ROWS = 10_000


class CappedPaginator(Paginator):
    """A paginator over the first `max_rows` rows; `capped` when there may be more."""

    max_rows = MAX_ROWS

    def __init__(self, object_list, per_page, *args, **kwargs):
        self.unsliced = object_list
        super().__init__(object_list[: self.max_rows], per_page, *args, **kwargs)

    @cached_property
    def count(self) -> int:
        """Rows up to max_rows, counted without the list's ORDER BY (which would sort them all)."""
        rows = self.unsliced
        if hasattr(rows, "order_by"):
            return rows.order_by()[: self.max_rows].count()
        return len(rows[: self.max_rows])

    @property
    def capped(self) -> bool:
        return self.count >= self.max_rows


class CasePagination(PageNumberPagination):
    """The staff API's pages: `count` stops at MAX_ROWS, `count_capped` says when it did."""

    django_paginator_class = CappedPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        """The asked page size; one that is not a whole number from 1 up is a 400, not ignored."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) > 0):
            raise ValidationError(
                {"page_size": [_("Give a page size from 1 to %(n)d.") % {"n": self.max_page_size}]}
            )
        return super().get_page_size(request)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {"type": "boolean"}
        return schema
