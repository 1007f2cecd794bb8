from django.db import models
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    """``created_at`` and ``updated_at`` on every table."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
