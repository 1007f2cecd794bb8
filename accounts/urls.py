from django.urls import path

from . import views
from .two_factor import views as two_factor

app_name = "accounts"

urlpatterns = [
    path("settings/", views.settings_view, name="settings"),
    path("language/", views.set_language, name="set-language"),
    path("tokens/", views.token_create, name="token-create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("feeds/", views.feed_token_create, name="feed-token-create"),
    path("two-factor/code/", two_factor.code_step, name="two-factor-code"),
    path("two-factor/set-up/", two_factor.set_up, name="two-factor-set-up"),
    path("two-factor/recovery-codes/", two_factor.recovery_codes, name="two-factor-recovery-codes"),
    path("two-factor/turn-off/", two_factor.turn_off, name="two-factor-turn-off"),
]
