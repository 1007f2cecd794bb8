"""Site addresses of translations (included by ``proposals.urls``, namespace ``proposals``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
