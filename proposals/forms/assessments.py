"""The form a side's owner fills in to post an assessment (the service decides the side and validates)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Confidence, Health
from ..models.sides import RATIONALE_MAX_LENGTH
from . import DATE


class AssessmentForm(forms.Form):
    rating = forms.ChoiceField(label=_("Rating"), choices=[("", _("Choose…")), *Health.choices])
    rationale = forms.CharField(
        label=_("Why"),
        max_length=RATIONALE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences: what your side sees that the figures may not show."),
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"), choices=[("", _("Not stated")), *Confidence.choices], required=False
    )
    next_update_on = forms.DateField(label=_("Next update by"), required=False, widget=DATE)
