"""The site's copy of each digest, and the unsubscribe link every digest carries.

- ``/digests/``: the signed-in user's digests, newest first (empty ones too).
- ``/digests/<id>/``: one stored digest, to its owner only (404 for anyone else).
- ``/digests/unsubscribe/<token>/``: works signed out. GET asks for confirmation;
  POST (the button, or a mail client's RFC 8058 one-click POST) turns the
  token's user's digests off. The signed token is the authentication, so this
  one view is exempt from CSRF; a forged or damaged token answers 400 and changes
  nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import DigestFrequency
from accounts.services import update_preferences

from .digests import user_id_from_token
from .models import Digest

LIST_LIMIT = 100


@login_required
def digest_list(request):
    digests = (
        Digest.objects.filter(user=request.user)
        .only("pk", "frequency", "period_start", "period_end", "subject", "is_empty", "sent_at")
        .order_by("-period_end", "-pk")[:LIST_LIMIT]
    )
    return render(request, "digests/list.html", {"digests": digests})


@login_required
def digest_detail(request, pk: int):
    digest = get_object_or_404(Digest, pk=pk, user=request.user)
    # body_html is our own template's output (every value escaped when it was rendered).
    return render(request, "digests/detail.html", {"digest": digest, "body": mark_safe(digest.body_html)})  # noqa: S308


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    user_id = user_id_from_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
    if user is None:
        return render(request, "digests/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        if user.digest_frequency != DigestFrequency.OFF:
            update_preferences(user=user, digest_frequency=DigestFrequency.OFF)
        return render(request, "digests/unsubscribe_done.html", {"subscriber": user})
    return render(request, "digests/unsubscribe.html", {"subscriber": user, "token": token})
