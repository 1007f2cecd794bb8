from django.urls import include, path, register_converter
from django.urls.converters import StringConverter

from .views import comments, digests, initiatives, milestones, pages, webhooks


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
    path("", pages.dashboard, name="dashboard"),
    path("initiatives/", pages.initiative_list, name="initiative-list"),
    path("person/<username:username>/", pages.person_detail, name="person"),
    # Before the initiative's own address, which "new" would otherwise match (no initiative takes that slug).
    path("initiatives/new/", initiatives.initiative_new, name="initiative-new"),
    path("initiatives/<initiative_slug:slug>/", pages.initiative_detail, name="initiative-detail"),
    path("initiatives/<initiative_slug:slug>/edit/", initiatives.initiative_edit, name="initiative-edit"),
    path("initiatives/<initiative_slug:slug>/status/", initiatives.initiative_status, name="initiative-status"),
    path(
        "initiatives/<initiative_slug:slug>/visibility/",
        initiatives.initiative_visibility,
        name="initiative-visibility",
    ),
    path(
        "initiatives/<initiative_slug:slug>/publication/",
        initiatives.initiative_publication,
        name="initiative-publication",
    ),
    path("initiatives/<initiative_slug:slug>/owners/", initiatives.initiative_owners, name="initiative-owners"),
    path(
        "initiatives/<initiative_slug:slug>/owners/<username:username>/remove/",
        initiatives.initiative_owner_remove,
        name="initiative-owner-remove",
    ),
    path("initiatives/<initiative_slug:slug>/follow/", initiatives.initiative_follow, name="initiative-follow"),
    path("initiatives/<initiative_slug:slug>/comments/", pages.initiative_comments, name="initiative-comments"),
    path("initiatives/<initiative_slug:slug>/activity/", pages.initiative_activity, name="initiative-activity"),
    path("initiatives/<initiative_slug:slug>/milestones/", pages.initiative_milestones, name="initiative-milestones"),
    path("initiatives/<initiative_slug:slug>/milestones/new/", milestones.milestone_create, name="milestone-create"),
    path("initiatives/<initiative_slug:slug>/indicators/new/", milestones.indicator_create, name="indicator-create"),
    path(
        "initiatives/<initiative_slug:slug>/indicators/<int:indicator_pk>/edit/",
        milestones.indicator_edit,
        name="indicator-edit",
    ),
    path(
        "initiatives/<initiative_slug:slug>/indicators/<int:indicator_pk>/readings/new/",
        milestones.reading_create,
        name="reading-create",
    ),
    path("initiatives/<initiative_slug:slug>/progress/new/", milestones.progress_create, name="progress-create"),
    path("initiatives/<initiative_slug:slug>/evidence/new/", milestones.evidence_create, name="evidence-create"),
    path("initiatives/<initiative_slug:slug>/comments/new/", comments.comment_create, name="comment-create"),
    path("milestones/<int:pk>/edit/", milestones.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/replan/", milestones.milestone_replan, name="milestone-replan"),
    path("milestones/<int:pk>/<str:action>/", milestones.milestone_transition, name="milestone-transition"),
    path("comments/preview/", comments.comment_preview, name="comment-preview"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/<str:action>/", comments.comment_moderate, name="comment-moderate"),
    path("review/", pages.review_queue, name="review-queue"),
    path("", include("proposals.assessments_urls")),
    path("", include("proposals.domestic_steps_urls")),
    path("", include("proposals.translations_urls")),
    path("people/search/", pages.people_search, name="people-search"),
    path("groups/", pages.group_list, name="group-list"),
    path("groups/<slug:slug>/", pages.group_detail, name="group-detail"),
    path("groups/<slug:slug>/follow/", initiatives.group_follow, name="group-follow"),
    path("groups/<slug:group_slug>/initiatives/new/", initiatives.initiative_create, name="initiative-create"),
    path("groups/<slug:slug>/webhooks/", webhooks.webhook_list, name="webhook-list"),
    path("groups/<slug:slug>/webhooks/new/", webhooks.webhook_create, name="webhook-create"),
    path("webhooks/<int:pk>/", webhooks.webhook_detail, name="webhook-detail"),
    path("webhooks/<int:pk>/edit/", webhooks.webhook_edit, name="webhook-edit"),
    path("webhooks/<int:pk>/delete/", webhooks.webhook_delete, name="webhook-delete"),
    path("webhooks/<int:pk>/test/", webhooks.webhook_test, name="webhook-test"),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver/",
        webhooks.webhook_redeliver,
        name="webhook-redeliver",
    ),
    # Calendar and activity feeds, opened by the key in their address (no sign-in): proposals/feed_urls.py.
    path("feeds/<str:key>/", include("proposals.feed_urls")),
    # Coordinators' bulk import of milestones from a spreadsheet: proposals/import_urls.py.
    path("import/milestones/", include("proposals.import_urls")),
    # CSV and Excel exports (the list's, an initiative's milestones, readings and activity, a group's activity).
    path("", include("proposals.export_urls")),
    # The status report for ministers, as a page and as a PDF: proposals/report_urls.py.
    path("reports/", include("proposals.report_urls")),
    # The operations status page, for staff and site admins: proposals/operations_urls.py.
    path("ops/", include("proposals.operations_urls")),
]

#: The digest archive, a digest's site copy and the unsubscribe link, under ``digests/`` (namespace ``digests``).
digest_urlpatterns = [
    path("", digests.digest_list, name="list"),
    path("<int:pk>/", digests.digest_detail, name="detail"),
    path("unsubscribe/<str:token>/", digests.unsubscribe, name="unsubscribe"),
]
