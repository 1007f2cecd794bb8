"""Writes on users' own preferences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import edit_versioned, reject_unknown_fields

from .models import DigestFrequency, Language, PasswordResetMail, User, validate_time_zone

PREFERENCE_FIELDS = (
    "display_name",
    "language",
    "time_zone",
    "digest_frequency",
    "email_reminders",
    "email_notifications",
)


@transaction.atomic
def update_preferences(*, user: User, expected_version: int | None = None, **changes: Any) -> User:
    """Change the user's own preferences; StaleEdit when they were changed elsewhere since the form was read."""
    reject_unknown_fields(changes, PREFERENCE_FIELDS)
    errors: dict[str, str] = {}
    if "language" in changes and changes["language"] not in Language.values:
        errors["language"] = _("Choose English, Korean or Japanese.")
    if "digest_frequency" in changes and changes["digest_frequency"] not in DigestFrequency.values:
        errors["digest_frequency"] = _("Choose weekly, daily or off.")
    if "time_zone" in changes:
        try:
            validate_time_zone(changes["time_zone"])
        except ValidationError as error:
            errors["time_zone"] = error.messages[0]
    for field, value in changes.items():
        model_field = User._meta.get_field(field)
        if field not in errors and isinstance(model_field, Field):
            try:
                model_field.run_validators(value)
            except ValidationError as error:
                errors[field] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    saved, changed = edit_versioned(
        User,
        user.pk,
        changes=changes,
        allowed=PREFERENCE_FIELDS,
        expected_version=expected_version,
        exclude=["password"],
    )
    for field in changed:
        setattr(user, field, getattr(saved, field))
    user.version = saved.version
    return saved


@transaction.atomic
def claim_password_reset_mail(*, address: str, users: Sequence[User]) -> bool:
    """Whether a password-reset mail may go to ``address`` now; if it may, it is counted.

    At most ``PASSWORD_RESET_MAILS_PER_ADDRESS`` within ``PASSWORD_RESET_MAIL_WINDOW`` for one
    address (case-insensitive), however many processes ask at once: the address's accounts
    (``users``, those a mail would go to) are locked while counting, so two workers cannot both
    take the last mail. Counts older than the window are deleted on the way.
    """
    if not users:
        return False
    # Taking the row locks is the point; pk order so that two requests never wait on each other.
    list(User.objects.select_for_update().filter(pk__in=[user.pk for user in users]).order_by("pk").values("pk"))
    address = address.strip().lower()
    since = timezone.now() - settings.PASSWORD_RESET_MAIL_WINDOW
    mails = PasswordResetMail.objects.filter(address=address)
    mails.filter(created_at__lte=since).delete()
    if mails.count() >= settings.PASSWORD_RESET_MAILS_PER_ADDRESS:
        return False
    PasswordResetMail.objects.create(address=address)
    return True
