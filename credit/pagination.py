"""Pagination of the public credit lists: the workbench's capped paginator, capped lower.

A COUNT over the published lists takes seconds at a million rows (bench/credit.py), and
nobody pages past a thousand entries: searches narrow the list, and the CSV has all of it.
"""

from rest_framework.pagination import PageNumberPagination

from workflow.pagination import CappedPaginator as WorkbenchPaginator

MAX_RESULTS = 1000


class CappedPaginator(WorkbenchPaginator):
    """A paginator over the first MAX_RESULTS rows; `capped` when there may be more."""

    max_rows = MAX_RESULTS


class CappedPagination(PageNumberPagination):
    """The API's pages: `count` stops at MAX_RESULTS."""

    django_paginator_class = CappedPaginator
