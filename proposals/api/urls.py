"""``/api/v1/``."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import discussion, milestones, programme, progress, sides, translations, views, webhooks
from . import schema as schema  # registers the token scheme with the schema generator

app_name = "api"

router = SimpleRouter(trailing_slash=True)
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("milestones", milestones.MilestoneViewSet, basename="milestone")
for prefix, viewset, basename in (
    *discussion.ROUTES,
    *progress.ROUTES,
    *programme.ROUTES,
    *webhooks.ROUTES,
    *sides.ROUTES,
    *translations.ROUTES,
):
    router.register(prefix, viewset, basename=basename)
router.register("me/tokens", views.OwnTokensViewSet, basename="token")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
