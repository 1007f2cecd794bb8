"""The admin's two-factor pages: the sign-in policy (superusers) and users' authenticators (never their keys)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import Authenticator, SignInPolicy
from . import services

# django-otp's own pages show keys and QR codes (anyone who sees one can make the user's codes) and the
# recovery codes themselves: ours show neither.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(SignInPolicy)
class SignInPolicyAdmin(admin.ModelAdmin):
    """The one row of the sign-in policy: superusers change it; nobody adds or deletes it."""

    list_display = ["__str__", "require_for_coordinators", "require_for_admins", "updated_at"]
    fields = ["require_for_coordinators", "require_for_admins", "updated_at"]
    readonly_fields = ["updated_at"]

    def changelist_view(self, request, extra_context=None):
        SignInPolicy.current()  # the row exists from the migration on; a restored database may lack it
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return bool(request.user.is_superuser)


AUTHENTICATOR_COLUMNS = ("owner", "is_confirmed", "added", "last_used", "recovery_codes_left", "failures")


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Users' authenticator apps: who has one, since when, last used, recovery codes left, wrong codes in a row.

    Deleting one turns two-factor sign-in off for its user (their recovery codes go too): the way to
    help someone who lost both their phone and their codes. Where the policy requires it, they set it
    up again right after their next password.
    """

    # Columns through our own labels: django-otp's field names are not translated.
    list_display = AUTHENTICATOR_COLUMNS
    search_fields = ["user__username", "user__display_name", "user__email"]
    list_select_related = ["user"]
    fields = AUTHENTICATOR_COLUMNS
    readonly_fields = AUTHENTICATOR_COLUMNS

    def get_queryset(self, request):
        left = (
            StaticToken.objects.filter(device__user=OuterRef("user"), device__confirmed=True)
            .order_by()
            .values("device__user")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return super().get_queryset(request).annotate(codes_left=Coalesce(Subquery(left), 0))

    @admin.display(description=_("user"), ordering="user__username")
    def owner(self, authenticator: Authenticator) -> str:
        return str(authenticator.user)

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed")
    def is_confirmed(self, authenticator: Authenticator) -> bool:
        return authenticator.confirmed

    @admin.display(description=_("created at"), ordering="created_at")
    def added(self, authenticator: Authenticator):
        return authenticator.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, authenticator: Authenticator):
        return authenticator.last_used_at

    @admin.display(description=_("recovery codes left"), ordering="codes_left")
    def recovery_codes_left(self, authenticator) -> int:
        return authenticator.codes_left

    @admin.display(description=_("wrong codes in a row"), ordering="throttling_failure_count")
    def failures(self, authenticator: Authenticator) -> int:
        return authenticator.throttling_failure_count

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def delete_model(self, request, obj: Authenticator) -> None:
        services.remove_devices(user=obj.user)

    def delete_queryset(self, request, queryset) -> None:
        for authenticator in queryset.select_related("user"):
            services.remove_devices(user=authenticator.user)
