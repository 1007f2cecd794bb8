"""The status report, under ``reports/`` in ``proposals.urls`` (namespace ``proposals``): see ``views/reports.py``."""

from django.urls import path

from .views import reports

urlpatterns = [
    path("status/", reports.status_report, name="status-report"),
    path("status.pdf", reports.status_report_pdf, name="status-report-pdf"),
]
