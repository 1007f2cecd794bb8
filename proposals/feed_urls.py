"""The feeds, under ``feeds/<key>/`` in ``proposals.urls`` (namespace ``proposals``): see ``views/feeds.py``."""

from django.urls import path

from .views import feeds

urlpatterns = [
    path("calendar.ics", feeds.my_calendar, name="feed-calendar"),
    path("activity.atom", feeds.followed_activity, name="feed-activity"),
    path("initiatives/<initiative_slug:slug>/calendar.ics", feeds.initiative_calendar, name="feed-initiative-calendar"),
    path(
        "initiatives/<initiative_slug:slug>/activity.atom", feeds.initiative_activity, name="feed-initiative-activity"
    ),
    path("groups/<slug:slug>/activity.atom", feeds.group_activity, name="feed-group-activity"),
]
