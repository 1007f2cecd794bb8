from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_view, name="settings"),
    path("language/", views.set_language, name="set-language"),
    path("tokens/", views.token_create, name="token-create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("feeds/", views.feed_token_create, name="feed-token-create"),
]
