from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("initiatives/", views.initiative_list, name="initiative-list"),
    path("initiatives/<str:slug>/", views.initiative_detail, name="initiative-detail"),
    path("initiatives/<str:slug>/edit/", views.initiative_edit, name="initiative-edit"),
    path("initiatives/<str:slug>/status/", views.initiative_status, name="initiative-status"),
    path("initiatives/<str:slug>/visibility/", views.initiative_visibility, name="initiative-visibility"),
    path("initiatives/<str:slug>/owners/", views.initiative_owners, name="initiative-owners"),
    path("initiatives/<str:slug>/owners/<str:username>/remove/", views.initiative_owner_remove,
         name="initiative-owner-remove"),
    path("initiatives/<str:slug>/follow/", views.initiative_follow, name="initiative-follow"),
    path("initiatives/<str:slug>/milestones/new/", views.milestone_create, name="milestone-create"),
    path("initiatives/<str:slug>/indicators/new/", views.indicator_create, name="indicator-create"),
    path("initiatives/<str:slug>/indicators/<int:indicator_pk>/readings/new/", views.reading_create,
         name="reading-create"),
    path("initiatives/<str:slug>/progress/new/", views.progress_create, name="progress-create"),
    path("initiatives/<str:slug>/evidence/new/", views.evidence_create, name="evidence-create"),
    path("initiatives/<str:slug>/comments/new/", views.comment_create, name="comment-create"),
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
