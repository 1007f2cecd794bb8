# Placeholder so the site's navigation resolves; the digest pages replace this file.
from django.urls import path
from django.views.generic import RedirectView

app_name = "digests"

urlpatterns = [
    path("", RedirectView.as_view(url="/"), name="list"),
]
