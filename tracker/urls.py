from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.forms import LimitedPasswordResetForm
from proposals.urls import digest_urlpatterns
from proposals.views import open_data
from tracker.api_docs import api_reference
from tracker.health import healthz, readyz

urlpatterns = [
    # For orchestrators and load balancers (tracker/health.py): no sign-in, JSON, 200 or 503.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=LimitedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("me/", include("accounts.urls")),
    path("digests/", include((digest_urlpatterns, "digests"))),
    # Open data: for anyone, signed in or not (proposals/views/open_data.py).
    path("open-data/", include((open_data.urlpatterns, "open-data"))),
    # Signed-in users only (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]); the documentation pages send a
    # signed-out visitor to the sign-in page. The split view serves its script as a file, as the CSP wants;
    # ReDoc's page, and what it alone may do under the CSP, is in tracker/api_docs.py.
    path("api/v1/", include("proposals.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/docs/redoc/", api_reference, name="api-redoc"),
    path("", include("proposals.urls")),
]

handler400 = "proposals.views.errors.bad_request"
handler403 = "proposals.views.errors.permission_denied"
handler404 = "proposals.views.errors.page_not_found"
handler500 = "proposals.views.errors.server_error"
