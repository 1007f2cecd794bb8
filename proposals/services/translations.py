"""Writes on translations and the glossary: save or confirm a translation, mark translations out of date,
keep the programme's glossary of agreed terms."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Language, User

from .. import permissions
from ..markup import render_markdown
from ..models import Activity, GlossaryTerm, Initiative, InitiativeTranslation, Milestone, MilestoneTranslation
from .common import check_version, field_error, full_clean, lock, record_activity

#: What an edit of the original changes that its translations say too.
TRANSLATED_INITIATIVE_FIELDS = frozenset({"title", "summary", "description"})
GLOSSARY_FIELDS = ("en", "ko", "ja", "note")
T = TypeVar("T", InitiativeTranslation, MilestoneTranslation)


def _language_label(code: str) -> str:
    return str(Language(code).label)


def _check_language(language: str, original_language: str) -> None:
    if language not in Language.values:
        raise field_error("language", _("Choose English, Korean or Japanese."), "invalid_choice")
    if language == original_language:
        raise field_error(
            "language",
            _("The original is in %(language)s; edit the text itself instead of translating it.")
            % {"language": _language_label(language)},
            "original_language",
        )


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise field_error("title", _("Enter the title in this language."), "required")
    return title


def mark_initiative_translations_outdated(initiative_id: int) -> int:
    """The original text of the initiative changed: its translations are out of date (one UPDATE).

    Those already out of date keep the day they first fell behind; every version moves on, so a
    confirmation made on the earlier original is refused as stale.
    """
    return InitiativeTranslation.objects.filter(initiative_id=initiative_id).update(
        outdated_since=Coalesce(F("outdated_since"), timezone.now()), version=F("version") + 1
    )


def mark_milestone_translations_outdated(milestone_id: int) -> int:
    """The milestone's original title changed: its translations are out of date (one UPDATE)."""
    return MilestoneTranslation.objects.filter(milestone_id=milestone_id).update(
        outdated_since=Coalesce(F("outdated_since"), timezone.now()), version=F("version") + 1
    )


def check_original_language(initiative: Initiative, language: str) -> None:
    """The original's language may become one that has no translation yet (else that translation is updated)."""
    if language not in Language.values:
        raise field_error("original_language", _("Choose English, Korean or Japanese."), "invalid_choice")
    if initiative.pk and InitiativeTranslation.objects.filter(initiative_id=initiative.pk, language=language).exists():
        raise field_error(
            "original_language",
            _("There is a %(language)s translation; update it instead.") % {"language": _language_label(language)},
            "translation_exists",
        )


def _locked_row(model: type[T], *, expected_version: int | None, **lookup: object) -> T | None:
    """The translation row, locked; ``expected_version`` 0 means the caller expected none yet."""
    row = model.objects.select_for_update().filter(**lookup).first()
    if row is None:
        return None
    check_version(row, expected_version)
    return row


@transaction.atomic
def save_translation(
    *,
    initiative: Initiative,
    actor: User,
    language: str,
    title: str,
    summary: str,
    description: str = "",
    expected_version: int | None = None,
) -> InitiativeTranslation:
    """Write the initiative's text in ``language`` (not the original's). Members, owners, coordinators, admins.

    The translation is up to date again, from the original's current language. ``expected_version`` is the
    version read (0: none existed), else ``StaleEdit``. Records ``translation.updated``.
    """
    permissions.require(actor, "translate", initiative)
    initiative = lock(Initiative, initiative.pk)
    _check_language(language, initiative.original_language)
    row = _locked_row(
        InitiativeTranslation, expected_version=expected_version, initiative_id=initiative.pk, language=language
    )
    created = row is None
    if row is None:
        row = InitiativeTranslation(initiative=initiative, language=language)
    row.title = _title(title)
    row.summary = (summary or "").strip()
    row.description = description or ""
    _stamp(row, original=initiative.original_language, actor=actor, created=created)
    full_clean(row, exclude=["initiative", "description_html"])
    row.description_html = render_markdown(row.description)
    row.save()
    record_activity(
        actor=actor,
        verb=Activity.Verb.TRANSLATION_UPDATED,
        initiative=initiative,
        details={"language": language, "what": "initiative", "title": row.title},
    )
    return row


def _stamp(row: InitiativeTranslation | MilestoneTranslation, *, original: str, actor: User, created: bool) -> None:
    """A written translation: from the original's current language, up to date, by ``actor``, a version on."""
    row.translated_from = original
    row.outdated_since = None
    row.updated_by = actor
    if not created:
        row.version += 1


@transaction.atomic
def save_milestone_translation(
    *, milestone: Milestone, actor: User, language: str, title: str, expected_version: int | None = None
) -> MilestoneTranslation:
    """Write the milestone's title in ``language`` (not its initiative's original language); as ``save_translation``."""
    permissions.require(actor, "translate", milestone)
    milestone = lock(Milestone, milestone.pk)
    original = Initiative.objects.values_list("original_language", flat=True).get(pk=milestone.initiative_id)
    _check_language(language, original)
    row = _locked_row(
        MilestoneTranslation, expected_version=expected_version, milestone_id=milestone.pk, language=language
    )
    created = row is None
    if row is None:
        row = MilestoneTranslation(milestone=milestone, language=language)
    row.title = _title(title)
    _stamp(row, original=original, actor=actor, created=created)
    full_clean(row, exclude=["milestone"])
    row.save()
    record_activity(
        actor=actor,
        verb=Activity.Verb.TRANSLATION_UPDATED,
        milestone=milestone,
        details={"language": language, "what": "milestone", "title": row.title},
    )
    return row


@transaction.atomic
def confirm_translation(
    *, initiative: Initiative, actor: User, language: str, expected_version: int | None = None
) -> InitiativeTranslation:
    """Say the translation still says what the changed original says; it is up to date again.

    As ``save_translation`` for permission and version. Records ``translation.confirmed`` (nothing when it
    was not out of date).
    """
    permissions.require(actor, "translate", initiative)
    initiative = lock(Initiative, initiative.pk)
    row = InitiativeTranslation.objects.select_for_update().filter(initiative=initiative, language=language).first()
    if row is None:
        raise Http404(_("No such translation."))
    if not _confirmed(row, original=initiative.original_language, actor=actor, expected_version=expected_version):
        return row
    record_activity(
        actor=actor,
        verb=Activity.Verb.TRANSLATION_CONFIRMED,
        initiative=initiative,
        details={"language": language, "what": "initiative"},
    )
    return row


def _confirmed(
    row: InitiativeTranslation | MilestoneTranslation, *, original: str, actor: User, expected_version: int | None
) -> bool:
    """Mark a locked, out-of-date translation up to date again (a version on); False when it was not out of date."""
    check_version(row, expected_version)
    if row.outdated_since is None:
        return False
    _stamp(row, original=original, actor=actor, created=False)
    row.save(update_fields=["outdated_since", "translated_from", "updated_by", "version", "updated_at"])
    return True


@transaction.atomic
def confirm_milestone_translation(
    *, milestone: Milestone, actor: User, language: str, expected_version: int | None = None
) -> MilestoneTranslation:
    """``confirm_translation`` for a milestone's title."""
    permissions.require(actor, "translate", milestone)
    milestone = lock(Milestone, milestone.pk)
    row = MilestoneTranslation.objects.select_for_update().filter(milestone=milestone, language=language).first()
    if row is None:
        raise Http404(_("No such translation."))
    original = Initiative.objects.values_list("original_language", flat=True).get(pk=milestone.initiative_id)
    if not _confirmed(row, original=original, actor=actor, expected_version=expected_version):
        return row
    record_activity(
        actor=actor,
        verb=Activity.Verb.TRANSLATION_CONFIRMED,
        milestone=milestone,
        details={"language": language, "what": "milestone"},
    )
    return row


# --- the glossary -------------------------------------------------------------------------------


def _require_glossary_editor(actor: User) -> None:
    if not permissions.may_edit_glossary(actor):
        raise PermissionDenied(_("The glossary is kept by the programme's coordinators."))


def _check_unique_english(en: str, exclude_pk: int | None = None) -> None:
    clash = GlossaryTerm.objects.filter(en__iexact=en)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise field_error("en", _("The glossary already has “%(term)s”.") % {"term": en}, "unique")


@transaction.atomic
def create_glossary_term(*, actor: User, en: str, ko: str, ja: str, note: str = "") -> GlossaryTerm:
    """Add an agreed term in the three languages. Coordinators (of any group) and admins; the English term is unique."""
    _require_glossary_editor(actor)
    term = GlossaryTerm(
        en=(en or "").strip(), ko=(ko or "").strip(), ja=(ja or "").strip(), note=(note or "").strip(), updated_by=actor
    )
    _check_unique_english(term.en)
    try:
        full_clean(term)
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):
            raise field_error("en", _("The glossary already has “%(term)s”.") % {"term": term.en}, "unique") from error
        raise
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as error:  # a concurrent request added the same term first
        raise field_error("en", _("The glossary already has “%(term)s”.") % {"term": term.en}, "unique") from error
    return term


@transaction.atomic
def edit_glossary_term(
    *, term: GlossaryTerm, actor: User, expected_version: int | None = None, **changes: str
) -> GlossaryTerm:
    """Change a term's wording or note; as ``create_glossary_term``; ``StaleEdit`` on a stale version."""
    _require_glossary_editor(actor)
    unknown = set(changes) - set(GLOSSARY_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be edited here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned = {field: (value or "").strip() for field, value in changes.items()}
    if "en" in cleaned:
        _check_unique_english(cleaned["en"], exclude_pk=term.pk)
    saved = lock(GlossaryTerm, term.pk)
    check_version(saved, expected_version)
    changed = False
    for field, value in cleaned.items():
        if getattr(saved, field) != value:
            setattr(saved, field, value)
            changed = True
    if not changed:
        return saved
    full_clean(saved, exclude=["updated_by"])
    saved.updated_by = actor
    saved.version += 1
    saved.save()
    return saved


@transaction.atomic
def delete_glossary_term(*, term: GlossaryTerm, actor: User) -> None:
    """Remove a term from the glossary. Coordinators and admins."""
    _require_glossary_editor(actor)
    GlossaryTerm.objects.filter(pk=term.pk).delete()


__all__ = [
    "check_original_language",
    "confirm_milestone_translation",
    "confirm_translation",
    "create_glossary_term",
    "delete_glossary_term",
    "edit_glossary_term",
    "mark_initiative_translations_outdated",
    "mark_milestone_translations_outdated",
    "save_milestone_translation",
    "save_translation",
]
