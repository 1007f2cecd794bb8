"""The site takes no uploads: a large body answers 413 before it is read, and so does any file part."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from proposals.models import Activity, Comment, EvidenceLink


@pytest.fixture
def member_client(world):
    return world.client(world.member)


def test_multipart_body_with_a_large_file_part_answers_413_and_saves_nothing(world, member_client, settings):
    large = SimpleUploadedFile("report.pdf", b"%PDF" + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    response = member_client.post(
        reverse("proposals:comment-create", args=[world.initiative.slug]),
        {"body": "See the attached report.", "attachment": large},
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not Comment.objects.exists()
    assert not Activity.objects.exists()


def test_any_file_part_answers_413_however_small_and_saves_nothing(world, member_client):
    small = SimpleUploadedFile("note.txt", b"hello")
    response = member_client.post(
        reverse("proposals:evidence-create", args=[world.initiative.slug]),
        {
            "url": "https://www.mofa.go.jp/press/release.html",
            "title": "MOFA press release",
            "kind": "official",
            "file": small,
        },
    )
    assert response.status_code == 413
    assert "does not accept files" in response.content.decode()
    assert not EvidenceLink.objects.exists()
    assert not Activity.objects.exists()


def test_declared_body_over_the_limit_is_refused_before_it_is_read(world, member_client, settings):
    # The body is tiny, but the Content-Length says otherwise: the answer must not depend on reading it.
    response = member_client.generic(
        "POST",
        reverse("proposals:comment-create", args=[world.initiative.slug]),
        b"body=hello",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
    )
    assert response.status_code == 413
    assert not Comment.objects.exists()


def test_multipart_form_without_a_file_is_still_accepted(world, member_client):
    # The test client posts multipart/form-data: an ordinary form in that encoding goes through.
    response = member_client.post(
        reverse("proposals:comment-create", args=[world.initiative.slug]), {"body": "Agreed on the next step."}
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "Agreed on the next step."


def test_body_limit_holds_for_signed_out_visitors_too(db):
    response = Client().post("/accounts/login/", {"username": "x" * 2_000_000, "password": "y"})
    assert response.status_code == 413
