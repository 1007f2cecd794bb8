"""Comments on initiatives and their milestones, with the text they had before each edit."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel
from tracker.limits import COMMENT_MAX_LENGTH, at_most, bounded_text

from .initiatives import Initiative, Milestone

if TYPE_CHECKING:
    # By class, for annotating many-to-many fields whose target mypy cannot infer from the setting's string.
    from accounts.models import User as UserModel

User = settings.AUTH_USER_MODEL


class Comment(TimestampedModel):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="comments", verbose_name=_("initiative")
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("milestone"),
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="comments", verbose_name=_("author")
    )
    body = bounded_text(_("body"), COMMENT_MAX_LENGTH, help_text=_("Markdown."))
    body_html = models.TextField(_("rendered body"), blank=True)
    mentions: "models.ManyToManyField[UserModel, Any]" = models.ManyToManyField(
        User, related_name="mentioned_in", blank=True, verbose_name=_("mentions")
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("hidden by")
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [at_most("body", COMMENT_MAX_LENGTH, "comment_body_max_length")]
        indexes = [models.Index(fields=["initiative", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author} on {self.initiative}"


class CommentRevision(TimestampedModel):
    """The text a comment had before an edit."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("comment"))
    body = bounded_text(_("body"), COMMENT_MAX_LENGTH)
    body_html = models.TextField(_("rendered body"), blank=True)
    edited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("edited by")
    )

    class Meta:
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")
        ordering = ["comment", "created_at", "pk"]
        constraints = [at_most("body", COMMENT_MAX_LENGTH, "comment_revision_body_max_length")]
