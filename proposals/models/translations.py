"""Content in three languages: translations of an initiative's and a milestone's text, and the
programme's glossary of agreed terms. The original text stays on the initiative or milestone
(``Initiative.original_language``); rules live in ``proposals.services.translations`` and
``proposals.translations``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import Language
from accounts.validators import validate_single_line
from core.models import TimestampedModel
from tracker.limits import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    at_most,
    bounded_text,
)

from .initiatives import Initiative, Milestone

User = settings.AUTH_USER_MODEL


class TranslationBase(TimestampedModel):
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # The original's language when this version was written or last confirmed.
    translated_from = models.CharField(_("translated from"), max_length=2, choices=Language.choices)
    # Set when the original changes after this version was written; cleared by an update or a confirmation.
    outdated_since = models.DateTimeField(_("out of date since"), null=True, blank=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def is_outdated(self) -> bool:
        return self.outdated_since is not None


class InitiativeTranslation(TranslationBase):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="translations", verbose_name=_("initiative")
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    summary = bounded_text(_("summary"), SUMMARY_MAX_LENGTH)
    description = bounded_text(_("description"), DESCRIPTION_MAX_LENGTH, blank=True, help_text=_("Markdown."))
    description_html = models.TextField(_("rendered description"), blank=True, editable=False)

    class Meta:
        verbose_name = _("initiative translation")
        verbose_name_plural = _("initiative translations")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "language"], name="initiative_translation_one_per_language"),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="initiative_translation_language_valid"
            ),
            at_most("summary", SUMMARY_MAX_LENGTH, "initiative_translation_summary_max_length"),
            at_most("description", DESCRIPTION_MAX_LENGTH, "initiative_translation_description_max_length"),
        ]
        indexes = [
            models.Index(
                fields=["language", "outdated_since", "id"],
                condition=Q(outdated_since__isnull=False),
                name="initiative_tr_outdated",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} · {self.language}"


class MilestoneTranslation(TranslationBase):
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="translations", verbose_name=_("milestone")
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])

    class Meta:
        verbose_name = _("milestone translation")
        verbose_name_plural = _("milestone translations")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "language"], name="milestone_translation_one_per_language"),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="milestone_translation_language_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["language", "outdated_since", "id"],
                condition=Q(outdated_since__isnull=False),
                name="milestone_tr_outdated",
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone_id} · {self.language}"


class GlossaryTerm(TimestampedModel):
    """A term the programme renders the same way in each language (currency swap / 통화스와프 / 通貨スワップ)."""

    en = models.CharField(_("English"), max_length=200, validators=[validate_single_line])
    ko = models.CharField(_("Korean"), max_length=200, validators=[validate_single_line])
    ja = models.CharField(_("Japanese"), max_length=200, validators=[validate_single_line])
    note = bounded_text(_("note"), NOTE_MAX_LENGTH, blank=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["en", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("en"), name="glossary_term_unique_english"),
            at_most("note", NOTE_MAX_LENGTH, "glossary_term_note_max_length"),
        ]

    def __str__(self) -> str:
        return self.en
