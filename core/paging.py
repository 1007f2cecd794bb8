"""Pages of long lists whose cost follows the page, not the list.

``Paginator`` over a queryset with joins and wide rows makes the database join and sort every
matching row before it keeps twenty. ``page_of`` picks the page's primary keys with a narrow query
(the filters and the order, no joined columns), then loads those rows with everything the queryset
joins and prefetches, in the page's order.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def page_of(queryset: QuerySet[M], number: Any, per_page: int) -> Page:
    """The page ``number`` (clamped like ``Paginator.get_page``) of an ordered ``queryset``.

    Two queries for the rows (the page's keys, then the rows with their joins), one for the count,
    plus the queryset's prefetches. ``page.object_list`` is a list of model instances.
    """
    keys = queryset.values_list("pk", flat=True)
    page = Paginator(keys, per_page).get_page(number)
    page.object_list = _load(queryset, list(page.object_list))
    return page


def _load(queryset: QuerySet[M], wanted: list[Any]) -> list[M]:
    """The rows with these keys, with the queryset's joins and prefetches, in the keys' order."""
    if not wanted:
        return []
    by_key = {row.pk: row for row in queryset.order_by().filter(pk__in=wanted)}
    return [by_key[key] for key in wanted if key in by_key]


def first_rows(queryset: QuerySet[M], count: int) -> list[M]:
    """The first ``count`` rows of an ordered ``queryset``, chosen by a narrow query (see ``page_of``)."""
    return _load(queryset, list(queryset.values_list("pk", flat=True)[:count]))
