from django.urls import path, register_converter
from django.urls.converters import StringConverter

from . import views


class InitiativeSlugConverter(StringConverter):
    """An initiative's slug (letters of any script, digits, - and _); nothing else reaches a database lookup."""

    regex = r"[-\w]+"


class UsernameConverter(StringConverter):
    """What Django's username validator allows."""

    regex = r"[\w.@+-]+"


register_converter(InitiativeSlugConverter, "initiative_slug")
register_converter(UsernameConverter, "username")

app_name = "proposals"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("initiatives/", views.initiative_list, name="initiative-list"),
    path("initiatives/<initiative_slug:slug>/", views.initiative_detail, name="initiative-detail"),
    path("initiatives/<initiative_slug:slug>/edit/", views.initiative_edit, name="initiative-edit"),
    path("initiatives/<initiative_slug:slug>/status/", views.initiative_status, name="initiative-status"),
    path("initiatives/<initiative_slug:slug>/visibility/", views.initiative_visibility, name="initiative-visibility"),
    path("initiatives/<initiative_slug:slug>/owners/", views.initiative_owners, name="initiative-owners"),
    path("initiatives/<initiative_slug:slug>/owners/<username:username>/remove/", views.initiative_owner_remove,
         name="initiative-owner-remove"),
    path("initiatives/<initiative_slug:slug>/follow/", views.initiative_follow, name="initiative-follow"),
    path("initiatives/<initiative_slug:slug>/milestones/new/", views.milestone_create, name="milestone-create"),
    path("initiatives/<initiative_slug:slug>/indicators/new/", views.indicator_create, name="indicator-create"),
    path("initiatives/<initiative_slug:slug>/indicators/<int:indicator_pk>/edit/", views.indicator_edit,
         name="indicator-edit"),
    path("initiatives/<initiative_slug:slug>/indicators/<int:indicator_pk>/readings/new/", views.reading_create,
         name="reading-create"),
    path("initiatives/<initiative_slug:slug>/progress/new/", views.progress_create, name="progress-create"),
    path("initiatives/<initiative_slug:slug>/evidence/new/", views.evidence_create, name="evidence-create"),
    path("initiatives/<initiative_slug:slug>/comments/new/", views.comment_create, name="comment-create"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/replan/", views.milestone_replan, name="milestone-replan"),
    path("milestones/<int:pk>/<str:action>/", views.milestone_transition, name="milestone-transition"),
    path("comments/preview/", views.comment_preview, name="comment-preview"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/<str:action>/", views.comment_moderate, name="comment-moderate"),
    path("review/", views.review_queue, name="review-queue"),
    path("groups/", views.group_list, name="group-list"),
    path("groups/<slug:slug>/", views.group_detail, name="group-detail"),
    path("groups/<slug:slug>/follow/", views.group_follow, name="group-follow"),
    path("groups/<slug:group_slug>/initiatives/new/", views.initiative_create, name="initiative-create"),
]
