"""Site addresses of assessments (included by ``proposals.urls``, namespace ``proposals``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
