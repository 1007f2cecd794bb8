"""The initiative list: filters live in the URL, pagination keeps them, invalid filters answer 400."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from tests import factories

LIST = reverse("proposals:initiative-list")


@pytest.fixture
def many(world):
    """25 active economy initiatives (two pages of 20), and a few others the filters leave out."""
    for n in range(25):
        factories.InitiativeFactory(
            title=f"Economy initiative {n:02}", working_group=world.group, pillar="economy", status="active"
        )
    for n in range(5):
        factories.InitiativeFactory(
            title=f"Science initiative {n}", working_group=world.group, pillar="science_technology", status="proposed"
        )


def pagination_links(response) -> dict[str, str]:
    content = response.content.decode()
    nav = re.search(r'<nav class="pagination".*?</nav>', content, re.S)
    assert nav, "no pagination"
    return {rel: html.unescape(href) for href, rel in re.findall(r'<a href="([^"]*)" rel="(prev|next)"', nav.group(0))}


def test_pagination_links_keep_the_filters(world, many):
    client = world.client(world.member)
    response = client.get(LIST, {"status": "active", "pillar": "economy", "q": "Economy", "ordering": "-title"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 25
    links = pagination_links(response)
    assert links == {"next": "?status=active&pillar=economy&q=Economy&ordering=-title&page=2"}

    second = client.get(LIST + links["next"])
    titles = [row.title for row in second.context["rows"]]
    assert titles == [f"Economy initiative {n:02}" for n in range(4, -1, -1)]
    assert pagination_links(second) == {"prev": "?status=active&pillar=economy&q=Economy&ordering=-title&page=1"}


def test_pagination_links_never_repeat_the_page(world, many):
    response = world.client(world.member).get(LIST, {"page": "2", "status": "active"})
    assert pagination_links(response) == {"prev": "?status=active&page=1"}


def test_pagination_links_encode_the_search_text(world):
    for n in range(21):
        factories.InitiativeFactory(title=f"R&D swap {n}", working_group=world.group)
    response = world.client(world.member).get(LIST, {"q": "R&D swap"})
    assert response.context["page"].paginator.count == 21
    assert pagination_links(response) == {"next": "?q=R%26D+swap&page=2"}


@pytest.mark.parametrize("page", ["abc", "999", "-1", "0"])
def test_a_page_number_out_of_range_shows_a_page_not_an_error(world, many, page):
    response = world.client(world.member).get(LIST, {"page": page})
    assert response.status_code == 200


def test_filters_are_a_get_form_so_their_state_is_in_the_url(world, many):
    response = world.client(world.member).get(
        LIST, {"status": "active", "q": "Economy", "working_group": world.group.slug}
    )
    content = response.content.decode()
    assert re.search(r'<form method="get" class="card filters"', content)
    assert re.search(r'<option value="active" selected>', content)
    assert re.search(rf'<option value="{world.group.slug}" selected>', content)
    assert 'name="q" value="Economy"' in content
    assert response.context["page"].paginator.count == 25


@pytest.mark.parametrize(
    "field, value",
    [
        ("status", "finished-ish"),
        ("pillar", "space"),
        ("health", "great"),
        ("lead_side", "XX"),
        ("ordering", "sideways"),
        ("working_group", "no-such-group"),
        ("owner", "nobody.here"),
    ],
)
def test_invalid_filter_answers_400_with_the_field_error(world, many, field, value):
    response = world.client(world.member).get(LIST, {field: value, "pillar" if field != "pillar" else "q": "economy"})
    assert response.status_code == 400
    assert response.context["filter"].errors[field]
    content = response.content.decode()
    field_html = re.search(rf'<label for="id_{field}".*?</div>', content, re.S).group(0)
    assert '<ul class="errorlist">' in field_html
    assert response.context["rows"] == []
    assertContains(response, "Correct the filters above", status_code=400)


def test_search_text_over_the_limit_answers_400(world):
    response = world.client(world.member).get(LIST, {"q": "x" * 201})
    assert response.status_code == 400
    assert response.context["filter"].errors["q"]


def test_list_filters_by_health_and_says_why(world):
    late = factories.InitiativeFactory(title="Late one", working_group=world.group)
    factories.MilestoneFactory(initiative=late, due_date=timezone.localdate() - timedelta(days=2))
    response = world.client(world.member).get(LIST, {"health": "off_track"})
    assert [row.title for row in response.context["rows"]] == ["Late one"]
    assertContains(response, "2 days overdue")
