"""The operations status page, under ``ops/`` in ``proposals.urls`` (namespace ``proposals``): views/operations.py."""

from django.urls import path

from .views import operations

urlpatterns = [
    path("status/", operations.operations_status, name="operations-status"),
]
