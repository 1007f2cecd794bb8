"""Pages of long lists: the page's keys first, then its rows, in order, at a fixed number of queries."""

import pytest
from django.db.models import Prefetch

from core.paging import first_rows, page_of
from proposals import models as m
from tests import factories


@pytest.fixture
def initiatives(world):
    for i in range(23):
        factories.InitiativeFactory(working_group=world.group, title=f"Item {i:02d}", slug=f"item-{i:02d}")
    return (
        m.Initiative.objects.filter(title__startswith="Item ")
        .select_related("working_group")
        .prefetch_related(Prefetch("ownerships"))
        .order_by("-title", "pk")
    )


@pytest.mark.parametrize(("number", "expected"), [(1, 1), ("2", 2), ("last", 1), ("x", 1), (99, 3), (0, 3)])
def test_a_page_is_clamped_like_get_page(initiatives, number, expected):
    page = page_of(initiatives, number, 10)
    assert page.number == expected
    assert page.paginator.count == 23 and page.paginator.num_pages == 3


def test_rows_keep_the_querysets_order_and_joins(initiatives, django_assert_num_queries):
    with django_assert_num_queries(4):  # count, the page's keys, its rows, their owners
        page = page_of(initiatives, 2, 10)
        titles = [(row.title, row.working_group.name, list(row.ownerships.all())) for row in page.object_list]
    assert [t for t, _g, _o in titles] == [f"Item {i:02d}" for i in range(12, 2, -1)]
    assert page.has_previous() and page.has_next()


def test_an_empty_list_has_one_empty_page(world):
    page = page_of(m.Initiative.objects.none(), 1, 10)
    assert page.object_list == [] and page.number == 1


def test_first_rows(initiatives, django_assert_num_queries):
    with django_assert_num_queries(3):
        rows = first_rows(initiatives, 3)
    assert [row.title for row in rows] == ["Item 22", "Item 21", "Item 20"]
    assert first_rows(initiatives.filter(title="nothing"), 3) == []
