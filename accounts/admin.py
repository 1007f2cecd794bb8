from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, FeedToken, Membership, PasswordResetMail, User, WorkingGroup
from .two_factor import admin as two_factor_admin  # noqa: F401  (registers the sign-in policy and authenticators)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # What the mixin is mixed into, so that mypy checks its calls up the chain.
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object


class MemberCount(TypedDict):
    member_count: int


class VersionedAdminMixin(_ModelAdmin):
    """Bump ``version`` on every edit made here, inline rows included.

    Editable objects carry a version for optimistic concurrency; an admin edit
    that left it alone would let a client holding the old version overwrite it
    without being told its copy is stale.
    """

    def save_model(self, request, obj, form, change):
        if change and form.has_changed() and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        for inline_form in formset.initial_forms:
            instance = inline_form.instance
            if inline_form not in deleted and inline_form.has_changed() and hasattr(instance, "version"):
                instance.version += 1
        super().save_formset(request, form, formset, change)


class MembershipInlineForUser(admin.TabularInline):
    model = Membership
    fk_name = "user"
    fields = ["working_group", "role"]
    autocomplete_fields = ["working_group"]
    extra = 0


class MembershipInlineForGroup(admin.TabularInline):
    model = Membership
    fk_name = "working_group"
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(User)
class UserAdmin(VersionedAdminMixin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("display_name", "first_name", "last_name", "email", "organisation")}),
        (_("Locale"), {"fields": ("country", "language", "time_zone")}),
        (_("Notifications"), {"fields": ("digest_frequency", "email_reminders", "email_notifications")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "created_at", "updated_at", "version")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
        (_("Profile"), {"fields": ("display_name", "organisation", "country", "language", "time_zone")}),
    )
    readonly_fields = ["created_at", "updated_at", "version"]
    list_display = [
        "username",
        "display_name",
        "email",
        "organisation",
        "country",
        "language",
        "digest_frequency",
        "is_staff",
    ]
    list_filter = ["country", "language", "digest_frequency", "is_staff", "is_superuser", "is_active"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email", "organisation"]
    inlines = [MembershipInlineForUser]

    # Only a superuser hands out staff status, superuser status or Django permissions: a staff user
    # may manage people but never raise anyone's powers, their own included.
    PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [field for field in self.PRIVILEGE_FIELDS if field not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        # A superuser's account (and its password) is changed by a superuser only.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "member_count", "created_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    fields = ["name", "slug", "description", "created_at", "updated_at"]
    inlines = [MembershipInlineForGroup]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships", distinct=True))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, group: WithAnnotations[WorkingGroup, MemberCount]) -> int:
        return group.member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "working_group", "role", "created_at"]
    list_filter = ["role", "working_group"]
    search_fields = ["user__username", "user__display_name", "user__email", "working_group__name"]
    autocomplete_fields = ["user", "working_group"]
    list_select_related = ["user", "working_group"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(PasswordResetMail)
class PasswordResetMailAdmin(admin.ModelAdmin):
    """The reset mails that count towards an address's hourly limit; deleting an address's rows lifts it early."""

    list_display = ["address", "created_at"]
    search_fields = ["address"]
    readonly_fields = ["address", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Users' API tokens: who holds which, read only, when last used; deleting one revokes it. Keys are never shown."""

    list_display = ["name", "user", "prefix", "read_only", "created_at", "last_used_at"]
    list_filter = ["read_only"]
    search_fields = ["name", "user__username", "prefix"]
    list_select_related = ["user"]
    fields = ("user", "name", "prefix", "read_only", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    """Users' feed links: who has them, since when, when last polled; deleting them retires the links (404)."""

    list_display = ["user", "created_at", "last_used_at"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    fields = ("user", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
