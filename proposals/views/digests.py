"""The site's copy of each digest, and the unsubscribe link every digest carries.

- ``/digests/``: the signed-in user's digests, newest first (empty ones too).
- ``/digests/<id>/``: one stored digest, to its owner only (404 for anyone else).
- ``/digests/unsubscribe/<token>/``: works signed out. GET asks for confirmation;
  POST (the button, or a mail client's RFC 8058 one-click POST) turns the
  token's user's digests off. The signed token is the authentication, so this
  one view is exempt from CSRF; a forged or damaged token answers 400 and changes
  nothing, and a genuine one that is older than ``DIGEST_UNSUBSCRIBE_MAX_AGE`` or
  for a frequency the user no longer receives answers 410 and changes nothing.
  Signed out, these pages speak the subscriber's language, not the browser's.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import DigestFrequency
from accounts.services import update_preferences

from .. import mail
from ..digests import read_unsubscribe_token
from ..digests.delivery import as_readable_today
from ..digests.site_copy import without_inline_styles
from ..models import Digest

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
    digest = get_object_or_404(Digest.objects.select_related("user"), pk=pk, user=request.user)
    # Shown as the reader may read it today: what became restricted for them since is left out.
    _text, body_html = as_readable_today(digest)
    # body_html is our own template's output (every value escaped when it was rendered); the page shows it
    # without the e-mail's inline styles, which the site's Content-Security-Policy refuses.
    body = mark_safe(without_inline_styles(body_html))
    return render(request, "digests/detail.html", {"digest": digest, "body": body})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    link = read_unsubscribe_token(token)
    user = get_user_model().objects.filter(pk=link.user_id).first() if link is not None else None
    if link is None or user is None:
        return render(request, "digests/unsubscribe_invalid.html", status=400)
    # Whoever opens the link, it was written to the subscriber: answer in their language.
    with mail.reader_locale(user):
        if not link.unsubscribes(user):
            response = render(
                request,
                "digests/unsubscribe_expired.html",
                {
                    "subscriber": user,
                    "expired": link.expired,
                    "max_age_days": settings.DIGEST_UNSUBSCRIBE_MAX_AGE.days,
                },
                status=410,
            )
        elif request.method == "POST":
            update_preferences(user=user, digest_frequency=DigestFrequency.OFF)
            response = render(request, "digests/unsubscribe_done.html", {"subscriber": user})
        else:
            response = render(request, "digests/unsubscribe.html", {"subscriber": user, "token": token})
    response["Content-Language"] = mail.language_of(user)
    return response
