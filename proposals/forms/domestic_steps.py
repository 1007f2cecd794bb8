"""Forms for domestic steps: add one for a side, edit one. The services decide who may and what holds."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tracker.limits import NOTE_MAX_LENGTH

from .. import access
from ..models import DomesticStepKind, DomesticStepStatus, Milestone, Side
from ..widgets import PersonSearchInput
from . import DATE, ListedModelChoiceField, VersionedForm, prefetched


class DomesticStepForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DomesticStepKind.choices)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Optional, e.g. “Bank of Japan policy board approval”; the kind is shown when empty."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=DomesticStepStatus.choices, initial=DomesticStepStatus.PLANNED
    )
    due_on = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    done_on = forms.DateField(
        label=_("Date done"), required=False, widget=DATE, help_text=_("Today when a step is marked done without one.")
    )
    milestone = ListedModelChoiceField(
        label=_("Required before milestone"),
        required=False,
        queryset=Milestone.objects.none(),
        help_text=_("The milestone cannot be submitted while this step is open."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        required=False,
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="username",
        widget=PersonSearchInput,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, initiative: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ListedModelChoiceField, self.fields["milestone"]).offer(
            initiative.milestones.order_by("due_date", "pk"), prefetched(initiative, "milestones")
        )
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = access.readers_of(initiative)
        cast(PersonSearchInput, owner.widget).search = {"initiative": initiative.slug}


class DomesticStepCreateForm(DomesticStepForm):
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)

    field_order = ["side", "kind", "title", "status", "due_on", "done_on", "milestone", "owner", "note"]

    def __init__(self, *args: Any, initiative: Any, sides: list[str], **kwargs: Any) -> None:
        super().__init__(*args, initiative=initiative, **kwargs)
        # Offered: the sides the user keeps steps for; the services refuse the others anyway.
        cast(forms.ChoiceField, self.fields["side"]).choices = [
            (value, label) for value, label in Side.choices if value in sides
        ]
