"""Digest pages, included under ``digests/`` with the namespace ``digests``."""

from django.urls import path

from . import views_digests

app_name = "digests"

urlpatterns = [
    path("", views_digests.digest_list, name="list"),
    path("<int:pk>/", views_digests.digest_detail, name="detail"),
    path("unsubscribe/<str:token>/", views_digests.unsubscribe, name="unsubscribe"),
]
