"""Site addresses of domestic steps (included by ``proposals.urls``, namespace ``proposals``)."""

from django.urls import URLPattern, path

from .views import domestic_steps

urlpatterns: list[URLPattern] = [
    path(
        "initiatives/<initiative_slug:slug>/domestic-steps/new/",
        domestic_steps.domestic_step_create,
        name="domestic-step-create",
    ),
    path("domestic-steps/<int:pk>/edit/", domestic_steps.domestic_step_edit, name="domestic-step-edit"),
]
