"""The programme's glossary: coordinators and admins keep it, everyone reads it, duplicates are refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.errors import StaleEdit
from proposals import glossary, permissions, services
from proposals.models import GlossaryTerm
from tests import factories


@pytest.mark.parametrize(
    ("role", "may"),
    [("stakeholder", False), ("member", False), ("owner", False), ("coordinator", True), ("admin", True)],
)
def test_only_coordinators_and_admins_edit_the_glossary(world, role, may):
    user = world.user(role)
    assert permissions.may_edit_glossary(user) is may
    if may:
        services.create_glossary_term(actor=user, en="currency swap", ko="통화스와프", ja="通貨スワップ")
        assert GlossaryTerm.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.create_glossary_term(actor=user, en="currency swap", ko="통화스와프", ja="通貨スワップ")
        assert not GlossaryTerm.objects.exists()


def test_duplicate_english_term_is_a_field_error(world):
    services.create_glossary_term(actor=world.coordinator, en="Currency swap", ko="통화스와프", ja="通貨スワップ")
    with pytest.raises(ValidationError) as error:
        services.create_glossary_term(actor=world.coordinator, en="currency SWAP", ko="스와프", ja="スワップ")
    assert "en" in error.value.message_dict
    other = services.create_glossary_term(actor=world.coordinator, en="central bank", ko="중앙은행", ja="中央銀行")
    with pytest.raises(ValidationError):
        services.edit_glossary_term(term=other, actor=world.coordinator, en="currency swap")


def test_edit_is_versioned(world):
    term = factories.GlossaryTermFactory(en="central bank", ko="중앙은행", ja="中央銀行")
    with pytest.raises(StaleEdit):
        services.edit_glossary_term(term=term, actor=world.coordinator, expected_version=3, note="BOK / BOJ")
    saved = services.edit_glossary_term(term=term, actor=world.coordinator, expected_version=1, note="BOK / BOJ")
    assert (saved.note, saved.version, saved.updated_by) == ("BOK / BOJ", 2, world.coordinator)


def test_terms_are_found_in_a_text_in_any_case_longest_first(world):
    factories.GlossaryTermFactory(en="swap", ko="스와프", ja="スワップ")
    factories.GlossaryTermFactory(en="currency swap", ko="통화스와프", ja="通貨スワップ")
    factories.GlossaryTermFactory(en="semiconductor", ko="반도체", ja="半導体")
    found = glossary.glossary_terms_in("Expand the Currency Swap line (100% usable)", "en")
    assert [term.en for term in found] == ["currency swap", "swap"]


def test_like_wildcards_in_a_term_match_only_themselves(world):
    factories.GlossaryTermFactory(en="100%", ko="100퍼센트", ja="100パーセント")
    factories.GlossaryTermFactory(en="a_b", ko="에이비", ja="エービー")
    assert [t.en for t in glossary.glossary_terms_in("a 100% line", "en")] == ["100%"]
    assert glossary.glossary_terms_in("aXb", "en") == []


def test_highlight_escapes_everything_and_marks_terms():
    html = glossary.highlight("<b>Currency swap</b> & more", ["currency swap", "<b>"])
    assert html == "<mark>&lt;b&gt;</mark><mark>Currency swap</mark>&lt;/b&gt; &amp; more"


def test_matching_is_one_query(world, django_assert_num_queries):
    for _n in range(30):
        factories.GlossaryTermFactory()
    with django_assert_num_queries(1):
        glossary.glossary_for(["term 3 and term 12", "용어"], "en", "ko")


# --- on the site ---------------------------------------------------------------------------------


def test_everyone_reads_and_searches_the_glossary(world):
    factories.GlossaryTermFactory(en="currency swap", ko="통화스와프", ja="通貨スワップ")
    factories.GlossaryTermFactory(en="semiconductor", ko="반도체", ja="半導体")
    client = world.client(world.stakeholder)
    page = client.get(reverse("proposals:glossary"), {"q": "通貨"}).content.decode()
    assert "통화스와프" in page and "반도체" not in page
    assert reverse("proposals:glossary-create") not in page
    assert client.get(reverse("proposals:glossary-create")).status_code == 403


def test_coordinator_adds_a_term_and_a_duplicate_is_redisplayed(world):
    client = world.client(world.coordinator)
    body = {"en": "central bank", "ko": "중앙은행", "ja": "中央銀行", "note": ""}
    assert client.post(reverse("proposals:glossary-create"), body).status_code == 302
    again = client.post(reverse("proposals:glossary-create"), {**body, "en": "Central Bank"})
    assert again.status_code == 400 and "중앙은행" in again.content.decode()
    assert GlossaryTerm.objects.count() == 1


def test_stale_glossary_edit_is_412(world):
    term = factories.GlossaryTermFactory(en="central bank", ko="중앙은행", ja="中央銀行")
    response = world.client(world.coordinator).post(
        reverse("proposals:glossary-edit", args=[term.pk]),
        {"en": "central bank", "ko": "중앙은행", "ja": "中央銀行", "note": "x", "version": "7"},
    )
    assert response.status_code == 412


def test_glossary_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = world.client(world.member)
    for _ in range(3):
        factories.GlossaryTermFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("proposals:glossary"))
    for _ in range(40):
        factories.GlossaryTermFactory()
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("proposals:glossary")).status_code == 200
