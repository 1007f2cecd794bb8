"""Forms for translations and the glossary. They only parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.limits import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH

from . import VersionedForm


class InitiativeTranslationForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=SUMMARY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, lists, [links](https://…)."),
    )


class MilestoneTranslationForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)


class ConfirmTranslationForm(VersionedForm):
    """Confirm that a translation still says what the changed original says."""


class GlossaryTermForm(VersionedForm):
    en = forms.CharField(label=_("English"), max_length=200)
    ko = forms.CharField(label=_("Korean"), max_length=200)
    ja = forms.CharField(label=_("Japanese"), max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class GlossarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search the glossary"), required=False, max_length=100)
