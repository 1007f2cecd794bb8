"""The admin site, which lets in only a complete sign-in (the two-factor code where one is due)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.http import HttpRequest


class AdminSite(admin.AdminSite):
    """Django's admin site; a staff user who still owes a two-factor step has no permission here.

    The two-factor middleware already sends such a user to the code step; this holds even where
    a request reaches the admin without it.
    """

    def has_permission(self, request: HttpRequest) -> bool:
        from . import rules

        return super().has_permission(request) and rules.pending_step(request) is None


class AdminConfig(DjangoAdminConfig):
    default_site = "accounts.two_factor.admin_site.AdminSite"
