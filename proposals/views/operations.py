"""The operations status page, for staff and site admins: is the machinery behind the site working?

It shows each periodic task's last run (and warns when the digest dispatcher has not succeeded for
two hours), the tasks that failed in the last 24 hours, what was sent and what waits, the broker's
queues, the workers that answer, and the database. Everyone else signed in is refused (403); a
signed-out visitor is sent to sign in. Always 200 for staff, whatever is down: what cannot be read
says so (``proposals.operations.status``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..operations import may_see_status, status


@require_safe
@never_cache
@login_required
def operations_status(request: HttpRequest) -> HttpResponse:
    if not may_see_status(request.user):
        raise PermissionDenied(_("The operations status page is for staff and site admins."))
    return render(
        request,
        "proposals/operations_status.html",
        {
            "nav": "operations",
            "status": status.gather(),
            "stale_hours": int(status.DISPATCHER_STALE_AFTER.total_seconds() // 3600),
        },
    )
