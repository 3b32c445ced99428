"""Pagination that never counts a whole list.

A COUNT over the published lists takes seconds at a million rows (bench/credit.py), and
nobody pages past a thousand entries: searches narrow the list, and the CSV has all of it.
"""

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination

MAX_RESULTS = 1000


class CappedPaginator(Paginator):
    """A paginator over the first MAX_RESULTS rows; `capped` when there may be more."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list[:MAX_RESULTS], per_page, *args, **kwargs)

    @property
    def capped(self) -> bool:
        return self.count >= MAX_RESULTS


class CappedPagination(PageNumberPagination):
    """The API's pages: `count` stops at MAX_RESULTS."""

    django_paginator_class = CappedPaginator
