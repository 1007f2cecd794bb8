"""One document, one evidence link: addresses that differ only in scheme or host case, or a default port, are one."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from proposals import services
from proposals.models import EvidenceLink

BOK = "https://www.bok.or.kr/portal/main/contents.do?menuNo=200690"


def add(world, url: str) -> EvidenceLink:
    return services.add_evidence(initiative=world.initiative, actor=world.member, url=url, title="Bank of Korea")


@pytest.mark.parametrize(
    "spelling",
    [
        "https://WWW.BOK.OR.KR/portal/main/contents.do?menuNo=200690",
        "HTTPS://www.bok.or.kr/portal/main/contents.do?menuNo=200690",
        "https://www.bok.or.kr:443/portal/main/contents.do?menuNo=200690",
        "https://Www.Bok.Or.Kr:443/portal/main/contents.do?menuNo=200690",
    ],
)
def test_same_address_in_another_spelling_is_a_duplicate(world, spelling):
    add(world, BOK)
    with pytest.raises(ValidationError) as error:
        add(world, spelling)
    assert [e.code for e in error.value.error_dict["url"]] == ["unique"]
    assert EvidenceLink.objects.count() == 1


@pytest.mark.parametrize(
    "given, stored",
    [
        ("https://WWW.BOK.OR.KR/Portal/Main.do?Lang=EN#Top", "https://www.bok.or.kr/Portal/Main.do?Lang=EN#Top"),
        ("HTTP://example.org:80/a", "http://example.org/a"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("http://example.org:443/a", "http://example.org:443/a"),
        ("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
    ],
)
def test_address_is_stored_with_scheme_and_host_in_lower_case_and_no_default_port(world, given, stored):
    evidence = add(world, given)
    evidence.refresh_from_db()
    assert evidence.url == stored


def test_addresses_differing_in_path_case_are_different_documents(world):
    add(world, "https://example.org/Report.pdf")
    add(world, "https://example.org/report.pdf")
    assert EvidenceLink.objects.count() == 2


def test_address_with_an_impossible_port_is_refused_on_the_url_field(world):
    with pytest.raises(ValidationError) as error:
        add(world, "https://example.org:99999/a")
    assert "url" in error.value.error_dict
    assert not EvidenceLink.objects.exists()


def test_evidence_form_refuses_the_same_address_with_an_upper_case_host(world):
    add(world, BOK)
    client = Client()
    client.force_login(world.member)
    response = client.post(
        reverse("proposals:evidence-create", args=[world.initiative.slug]),
        {
            "url": "https://WWW.BOK.OR.KR/portal/main/contents.do?menuNo=200690",
            "title": "Again",
            "kind": "official",
        },
    )
    assert response.status_code == 400
    assert EvidenceLink.objects.count() == 1
