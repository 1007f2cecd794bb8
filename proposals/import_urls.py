"""The coordinators' bulk import of milestones, under ``import/milestones/`` (namespace ``proposals``)."""

from django.urls import path

from .views import imports

urlpatterns = [
    path("", imports.milestone_import, name="milestone-import"),
    path("confirm/", imports.milestone_import_confirm, name="milestone-import-confirm"),
    path("template.<str:fmt>", imports.milestone_import_template, name="milestone-import-template"),
]
