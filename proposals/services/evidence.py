"""Writes on evidence links, progress updates, indicators and their readings."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import permissions
from ..models import (
    EVIDENCE_URL_MAX_LENGTH,
    Activity,
    EvidenceLink,
    Indicator,
    IndicatorReading,
    Initiative,
    Milestone,
    ProgressUpdate,
)
from .common import (
    edit_recorded,
    field_error,
    full_clean,
    lock,
    record_activity,
    reject_unknown_fields,
)

_url_validator = URLValidator(schemes=["http", "https"])
_DEFAULT_PORTS = {"http": 80, "https": 443}

#: A number as callers have it: a Decimal, an int or float, or the text someone typed.
NumberInput = Decimal | float | str


def _normalise(parts: SplitResult) -> str:
    """The one spelling of an address: scheme and host in lower case, no default port.

    Scheme and host are case-insensitive and the default port is implied, so ``https://WWW.BOK.OR.KR:443/x``
    and ``https://www.bok.or.kr/x`` are one document; storing one spelling lets the unique constraint on
    (initiative, url) catch the duplicate. Path, query and fragment are case-sensitive and kept as given.
    Raises ValueError for a port that is not a number in range.
    """
    scheme = parts.scheme.lower()
    host = parts.hostname or ""  # urlsplit lower-cases it and strips the brackets of an IPv6 literal
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment))


def validate_evidence_url(url: str) -> str:
    """An http(s) URL with a host, no user:password, at most 2,000 characters; raises a field error on ``url``.

    Returns the address normalised (scheme and host in lower case, no default port), as it is stored.
    """
    url = (url or "").strip()
    if not url:
        raise field_error("url", _("Enter the address of the evidence."), "required")
    if len(url) > EVIDENCE_URL_MAX_LENGTH:
        raise field_error(
            "url", _("Addresses are limited to %(max)d characters.") % {"max": EVIDENCE_URL_MAX_LENGTH}, "max_length"
        )
    try:
        parts = urlsplit(url)
    except ValueError:
        raise field_error("url", _("Enter a valid web address.")) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise field_error("url", _("Only web addresses starting with http:// or https:// can be evidence."), "scheme")
    if parts.username is not None or parts.password is not None:
        raise field_error("url", _("Addresses with a user name or password are not accepted."), "credentials")
    if not parts.hostname:
        raise field_error("url", _("The address needs a host name."), "host")
    try:
        url = _normalise(parts)
    except ValueError:
        raise field_error("url", _("Enter a valid web address.")) from None
    try:
        _url_validator(url)
    except ValidationError:
        raise field_error("url", _("Enter a valid web address.")) from None
    return url


def _same_initiative(initiative: Initiative, obj: Milestone | EvidenceLink | None, field: str) -> None:
    if obj is not None and obj.initiative_id != initiative.pk:
        raise field_error(field, _("This belongs to another initiative."))


def _validate_date(value: object, field: str, *, allow_future: bool = False) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise field_error(field, _("Enter a valid date."), "required")
    if not allow_future and value > timezone.localdate() + datetime.timedelta(days=1):
        raise field_error(field, _("This date is in the future."), "future")
    return value


@transaction.atomic
def add_evidence(
    *,
    initiative: Initiative,
    actor: User,
    url: str,
    title: str,
    kind: str = EvidenceLink.Kind.OTHER,
    published_on: datetime.date | None = None,
    note: str = "",
    milestone: Milestone | None = None,
) -> EvidenceLink:
    """Attach an evidence link. Members, owners, coordinators, admins. One URL once per initiative."""
    permissions.require(actor, "add_evidence", initiative)
    lock(Initiative, initiative.pk)  # two identical additions at once: the second sees the first and is refused
    url = validate_evidence_url(url)
    _same_initiative(initiative, milestone, "milestone")
    if published_on is not None:
        _validate_date(published_on, "published_on")
    if EvidenceLink.objects.filter(initiative=initiative, url=url).exists():
        raise field_error("url", _("This address is already evidence for this initiative."), "unique")
    evidence = EvidenceLink(
        initiative=initiative,
        milestone=milestone,
        url=url,
        title=(title or "").strip(),
        kind=kind,
        published_on=published_on,
        note=note or "",
        added_by=actor,
    )
    full_clean(evidence)
    evidence.save()
    record_activity(
        actor=actor,
        verb=Activity.Verb.EVIDENCE_ADDED,
        initiative=initiative,
        milestone=milestone,
        details={"evidence_id": evidence.pk, "title": evidence.title, "url": url, "kind": kind},
    )
    return evidence


@transaction.atomic
def log_progress(
    *,
    initiative: Initiative,
    actor: User,
    note: str,
    percent: int | None = None,
    milestone: Milestone | None = None,
    evidence: EvidenceLink | None = None,
    date: datetime.date | None = None,
) -> ProgressUpdate:
    """A dated note on the initiative or one of its milestones. Members, owners, coordinators, admins."""
    permissions.require(actor, "log_progress", initiative)
    note = (note or "").strip()
    if not note:
        raise field_error("note", _("Say what moved."), "required")
    if percent is not None and not (0 <= int(percent) <= 100):
        raise field_error("percent", _("Enter a percentage between 0 and 100."), "range")
    _same_initiative(initiative, milestone, "milestone")
    _same_initiative(initiative, evidence, "evidence")
    date = _validate_date(date or timezone.localdate(), "date")
    update = ProgressUpdate(
        initiative=initiative,
        milestone=milestone,
        author=actor,
        date=date,
        note=note,
        percent=percent,
        evidence=evidence,
    )
    full_clean(update)
    update.save()
    record_activity(
        actor=actor,
        verb=Activity.Verb.PROGRESS_LOGGED,
        initiative=initiative,
        milestone=milestone,
        details={"progress_update_id": update.pk, "percent": percent, "note": note[:300]},
    )
    return update


def _decimal(value: object, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise field_error(field, _("Enter a number."), "invalid") from None
    if not number.is_finite():
        raise field_error(field, _("Enter a number."), "invalid")
    return number


@transaction.atomic
def create_indicator(
    *, initiative: Initiative, actor: User, name: str, unit: str, baseline: NumberInput, target: NumberInput
) -> Indicator:
    """Add a measurable target. Members, owners, coordinators, admins. One name once per initiative."""
    permissions.require(actor, "edit_plan", initiative)
    lock(Initiative, initiative.pk)  # a name taken at the same moment is a field error, not a database error
    indicator = Indicator(
        initiative=initiative,
        name=(name or "").strip(),
        unit=(unit or "").strip(),
        baseline=_decimal(baseline, "baseline"),
        target=_decimal(target, "target"),
    )
    full_clean(indicator)
    indicator.save()
    record_activity(
        actor=actor,
        verb=Activity.Verb.INDICATOR_CREATED,
        initiative=initiative,
        details={
            "indicator_id": indicator.pk,
            "name": indicator.name,
            "unit": indicator.unit,
            "baseline": str(indicator.baseline),
            "target": str(indicator.target),
        },
    )
    return indicator


@transaction.atomic
def edit_indicator(
    *, indicator: Indicator, actor: User, expected_version: int | None = None, **changes: Any
) -> Indicator:
    """Change name, unit, baseline or target."""
    permissions.require(actor, "edit_plan", indicator)
    editable = ("name", "unit", "baseline", "target")
    reject_unknown_fields(changes, editable)
    if "name" in changes:
        lock(Initiative, indicator.initiative_id)  # as in create_indicator: names are unique per initiative
    return edit_recorded(
        indicator,
        actor=actor,
        verb=Activity.Verb.INDICATOR_EDITED,
        allowed=editable,
        changes={
            field: _decimal(value, field) if field in ("baseline", "target") else (value or "").strip()
            for field, value in changes.items()
        },
        expected_version=expected_version,
        activity=lambda saved, changed: {
            "initiative": saved.initiative,
            "details": {
                "indicator_id": saved.pk,
                "name": saved.name,
                "changes": changed,
            },
        },
    )


@transaction.atomic
def add_reading(
    *,
    indicator: Indicator,
    actor: User,
    date: datetime.date,
    value: NumberInput,
    evidence: EvidenceLink | None = None,
    note: str = "",
) -> IndicatorReading:
    """Record a dated reading; the indicator's current value becomes the latest reading by date."""
    permissions.require(actor, "edit_plan", indicator)
    indicator = lock(Indicator, indicator.pk)
    date = _validate_date(date, "date")
    value = _decimal(value, "value")
    _same_initiative(indicator.initiative, evidence, "evidence")
    if IndicatorReading.objects.filter(indicator=indicator, date=date).exists():
        raise field_error("date", _("There is already a reading for this date."), "unique")
    reading = IndicatorReading(
        indicator=indicator, date=date, value=value, evidence=evidence, note=note or "", recorded_by=actor
    )
    full_clean(reading)
    reading.save()
    old_value = indicator.current_value
    latest = IndicatorReading.objects.filter(indicator=indicator).order_by("-date").values_list("value", flat=True)[0]
    if latest != old_value:
        indicator.current_value = latest
        indicator.version += 1
        indicator.save(update_fields=["current_value", "version", "updated_at"])
    record_activity(
        actor=actor,
        verb=Activity.Verb.INDICATOR_READING_ADDED,
        initiative=indicator.initiative,
        details={
            "indicator_id": indicator.pk,
            "reading_id": reading.pk,
            "name": indicator.name,
            "unit": indicator.unit,
            "date": date.isoformat(),
            "value": str(value),
            "old": None if old_value is None else str(old_value),
            "new": str(indicator.current_value),
        },
    )
    return reading
