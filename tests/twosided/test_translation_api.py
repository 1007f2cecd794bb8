"""API v1: translations of initiatives and milestone titles, and the glossary."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts import tokens
from proposals import services
from proposals.models import GlossaryTerm, InitiativeTranslation, MilestoneTranslation
from tests import factories


def api(user) -> Client:
    _token, key = tokens.issue(user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def send(client: Client, method: str, url: str, body: dict, **headers):
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


def translation_url(initiative, language: str) -> str:
    return reverse("api:initiative-translation-detail", args=[initiative.slug, language])


def test_member_puts_a_translation_and_reads_it_back(world):
    client = api(world.member)
    url = translation_url(world.initiative, "ko")
    response = send(client, "put", url, {"title": "통화스와프 확대", "summary": "확대.", "version": 0})
    assert response.status_code == 201, response.json()
    assert response.json()["translated_from"] == "en" and response["ETag"] == '"1"'
    again = send(client, "put", url, {"title": "통화스와프 확대안", "summary": "확대."}, HTTP_IF_MATCH='"1"')
    assert again.status_code == 200 and again.json()["version"] == 2
    listed = client.get(reverse("api:initiative-translation-list", args=[world.initiative.slug])).json()
    assert [row["title"] for row in listed] == ["통화스와프 확대안"]
    detail = client.get(reverse("api:initiative-detail", args=[world.initiative.slug])).json()
    assert detail["original_language"] == "en"
    assert detail["translations"][0]["language"] == "ko" and detail["translations"][0]["outdated"] is False


def test_translation_in_the_original_language_is_400(world):
    response = send(api(world.member), "put", translation_url(world.initiative, "en"), {"title": "X", "summary": "Y"})
    assert response.status_code == 400
    assert "language" in str(response.json())
    assert not InitiativeTranslation.objects.exists()


def test_unknown_field_is_400(world):
    response = send(
        api(world.member), "put", translation_url(world.initiative, "ko"), {"title": "X", "summary": "Y", "colour": 1}
    )
    assert response.status_code == 400


def test_stale_put_is_412(world):
    factories.InitiativeTranslationFactory(initiative=world.initiative, language="ko")
    response = send(
        api(world.member), "put", translation_url(world.initiative, "ko"), {"title": "X", "summary": "Y", "version": 0}
    )
    assert response.status_code == 412


def test_stakeholder_may_not_translate(world):
    response = send(
        api(world.stakeholder), "put", translation_url(world.initiative, "ko"), {"title": "X", "summary": "Y"}
    )
    assert response.status_code == 403


def test_restricted_initiative_is_404_to_an_outsider(world):
    response = send(
        api(world.stakeholder), "put", translation_url(world.restricted, "ko"), {"title": "X", "summary": "Y"}
    )
    assert response.status_code == 404


def test_confirm_after_the_original_changed(world):
    row = factories.InitiativeTranslationFactory(initiative=world.initiative, language="ko")
    services.edit_initiative(initiative=world.initiative, actor=world.owner, title="Currency swap, doubled")
    client = api(world.member)
    detail = client.get(translation_url(world.initiative, "ko"))
    assert detail.json()["outdated"] is True
    url = reverse("api:initiative-translation-confirm", args=[world.initiative.slug, "ko"])
    assert send(client, "post", url, {"version": row.version}).status_code == 412
    response = send(client, "post", url, {}, HTTP_IF_MATCH=detail["ETag"])
    assert response.status_code == 200 and response.json()["outdated"] is False


def test_milestone_title_translation(world):
    milestone = factories.MilestoneFactory(initiative=world.initiative, title="Central bank letters")
    url = reverse("api:milestone-translation-detail", args=[milestone.pk, "ja"])
    response = send(api(world.member), "put", url, {"title": "中央銀行の書簡"})
    assert response.status_code == 201
    assert MilestoneTranslation.objects.get().title == "中央銀行の書簡"


def test_glossary_read_by_everyone_written_by_coordinators(world):
    factories.GlossaryTermFactory(en="currency swap", ko="통화스와프", ja="通貨スワップ")
    listed = api(world.stakeholder).get(reverse("api:glossary-list"), {"q": "스와프"}).json()
    assert [row["en"] for row in listed["results"]] == ["currency swap"]
    body = {"en": "central bank", "ko": "중앙은행", "ja": "中央銀行"}
    assert send(api(world.member), "post", reverse("api:glossary-list"), body).status_code == 403
    assert send(api(world.coordinator), "post", reverse("api:glossary-list"), body).status_code == 201
    duplicate = send(api(world.coordinator), "post", reverse("api:glossary-list"), {**body, "en": "Central Bank"})
    assert duplicate.status_code == 400 and "en" in duplicate.json().get("errors", duplicate.json()).__str__()
    assert GlossaryTerm.objects.count() == 2


def test_glossary_edit_is_versioned(world):
    term = factories.GlossaryTermFactory(en="currency swap", ko="통화스와프", ja="通貨スワップ")
    url = reverse("api:glossary-detail", args=[term.pk])
    client = api(world.coordinator)
    assert send(client, "patch", url, {"note": "Bilateral.", "version": 5}).status_code == 412
    response = send(client, "patch", url, {"note": "Bilateral.", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2


def test_initiative_created_in_korean(world):
    body = {
        "working_group": world.group.slug,
        "title": "수소 협력",
        "summary": "수소 공급망.",
        "pillar": "economy",
        "original_language": "ko",
    }
    response = send(api(world.coordinator), "post", reverse("api:initiative-list"), body)
    assert response.status_code == 201, response.json()
    assert response.json()["original_language"] == "ko"
