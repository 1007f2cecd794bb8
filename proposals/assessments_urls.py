"""Site addresses of assessments (included by ``proposals.urls``, namespace ``proposals``)."""

from django.urls import URLPattern, path

from .views import assessments

urlpatterns: list[URLPattern] = [
    path(
        "initiatives/<initiative_slug:slug>/assessments/",
        assessments.assessment_history,
        name="assessment-history",
    ),
    path(
        "initiatives/<initiative_slug:slug>/assessments/new/",
        assessments.assessment_create,
        name="assessment-create",
    ),
    path("disagreements/", assessments.disagreements, name="disagreements"),
]
