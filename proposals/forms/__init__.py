"""Forms for the site. They only parse input; the services decide and validate the rules."""

from collections.abc import Iterable, Iterator
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Language, WorkingGroup
from tracker.limits import (
    COMMENT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PLAIN_DESCRIPTION_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
)

from .. import access
from ..models import (
    EVIDENCE_URL_MAX_LENGTH,
    WEBHOOK_URL_MAX_LENGTH,
    AssessmentCadence,
    EvidenceKind,
    EvidenceLink,
    InitiativeStatus,
    LeadSide,
    Milestone,
    Pillar,
    Side,
    Visibility,
    WebhookEvent,
)
from ..widgets import PersonSearchInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ListedChoiceIterator(ModelChoiceIterator):
    """The field's choices in one round trip: the rows the page already holds (``loaded``) when it has them,
    else one plain query (a short list, such as the working groups; not through a server-side cursor)."""

    def rows(self) -> list[Any] | QuerySet[Any]:
        loaded = getattr(self.field, "loaded", None)
        return self.queryset if loaded is None else loaded

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.rows():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.rows()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self) -> bool:
        return len(self) > 0


class ListedModelChoiceField(forms.ModelChoiceField):
    """A model choice among a few rows: the working groups, or an initiative's milestones or evidence.

    ``offer(queryset, loaded)``: ``queryset`` validates what is posted; ``loaded``, the same rows as
    the page already holds them (prefetched with the initiative), lists the choices without a query.
    """

    iterator = ListedChoiceIterator
    loaded: list[Any] | None = None

    def offer(self, queryset: Any, loaded: Iterable[Any] | None = None) -> None:
        self.queryset = queryset
        self.loaded = None if loaded is None else list(loaded)


def prefetched(initiative: Any, relation: str) -> list[Any] | None:
    """The initiative's related rows when they were prefetched (the initiative page), else ``None``."""
    if relation in getattr(initiative, "_prefetched_objects_cache", {}):
        return list(getattr(initiative, relation).all())
    return None


class VersionedForm(forms.Form):
    """Carries the version the user saw, so a save over someone else's change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class InitiativeForm(VersionedForm):
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
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices)
    lead_side = forms.ChoiceField(label=_("Lead side"), choices=LeadSide.choices)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    original_language = forms.ChoiceField(
        label=_("Language of this text"),
        choices=Language.choices,
        required=False,
        help_text=_("The original; versions in the other languages are its translations."),
    )
    assessment_cadence = forms.ChoiceField(
        label=_("Assessment cadence"),
        choices=AssessmentCadence.choices,
        required=False,
        help_text=_("How often the owners of each side post their assessment of the initiative."),
    )


class InitiativeCreateForm(InitiativeForm):
    status = forms.ChoiceField(label=_("Status"), choices=InitiativeStatus.choices, initial=InitiativeStatus.PROPOSED)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices, initial=Visibility.INTERNAL)


class InitiativeInGroupForm(InitiativeCreateForm):
    """A new initiative with its working group chosen among ``groups`` (those the user may create in)."""

    working_group = ListedModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        to_field_name="slug",
        help_text=_("The groups you coordinate."),
    )
    field_order = ["working_group"]

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(ListedModelChoiceField, self.fields["working_group"])
        field.queryset = groups
        listed = list(groups[:2])
        if len(listed) == 1:  # one group: chosen already
            field.initial = listed[0].slug
            field.empty_label = None


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=InitiativeStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH)


class VisibilityForm(VersionedForm):
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)


class PublicationForm(VersionedForm):
    public = forms.TypedChoiceField(
        label=_("Open data"),
        choices=[("1", _("Publish as open data")), ("0", _("Withdraw from open data"))],
        coerce=lambda value: value == "1",
    )


class OwnerForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="username",
        widget=PersonSearchInput,
        help_text=_("Type a user name or a name; matching people are suggested."),
    )
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)


class MilestoneForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=PLAIN_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        required=False,
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="username",
        widget=PersonSearchInput,
    )
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=1000,
        initial=1,
        help_text=_("How much this milestone counts towards the initiative's progress."),
    )
    is_joint = forms.BooleanField(
        label=_("Joint milestone"),
        required=False,
        help_text=_("Approved only when a coordinator of Korea and one of Japan have both signed it."),
    )

    def __init__(self, *args: Any, initiative: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if initiative is not None:
            # Only people who may read the initiative can own its milestone; its own people are suggested first.
            owner = cast(forms.ModelChoiceField, self.fields["owner"])
            owner.queryset = access.readers_of(initiative)
            cast(PersonSearchInput, owner.widget).search = {"initiative": initiative.slug}


class MilestoneCreateForm(MilestoneForm):
    due_date = forms.DateField(label=_("Due date"), widget=DATE)


class ReplanForm(VersionedForm):
    due_date = forms.DateField(label=_("New due date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=NOTE_MAX_LENGTH)


class TransitionForm(VersionedForm):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewQueueFilterForm(forms.Form):
    """Narrow the review queue to one working group or to what has waited long."""

    WAITING = [
        ("", _("Any time")),
        ("2", _("2 days or more")),
        ("7", _("A week or more")),
        ("30", _("30 days or more")),
    ]

    group = ListedModelChoiceField(
        label=_("Working group"),
        required=False,
        queryset=WorkingGroup.objects.none(),
        to_field_name="slug",
        empty_label=_("Any"),
    )
    waiting = forms.TypedChoiceField(label=_("Waiting"), required=False, choices=WAITING, coerce=int, empty_value=None)

    def __init__(self, *args: Any, groups: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = groups


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=60)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)


class IndicatorEditForm(VersionedForm, IndicatorForm):
    pass


class ReadingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    evidence = ListedModelChoiceField(label=_("Evidence"), required=False, queryset=EvidenceLink.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        cast(ListedModelChoiceField, self.fields["evidence"]).offer(
            initiative.evidence.all(), prefetched(initiative, "evidence")
        )


class EvidenceForm(forms.Form):
    # A plain text field: the service checks the address (http/https only) and explains what is wrong.
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=EVIDENCE_URL_MAX_LENGTH,
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices, initial=EvidenceKind.OFFICIAL)
    published_on = forms.DateField(label=_("Publication date"), required=False, widget=DATE)
    milestone = ListedModelChoiceField(label=_("Milestone"), required=False, queryset=Milestone.objects.none())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        cast(ListedModelChoiceField, self.fields["milestone"]).offer(
            initiative.milestones.all(), prefetched(initiative, "milestones")
        )


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("What moved?"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label=_("Percent complete"), required=False, min_value=0, max_value=100)
    milestone = ListedModelChoiceField(label=_("Milestone"), required=False, queryset=Milestone.objects.none())
    date = forms.DateField(label=_("Date"), required=False, widget=DATE)

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        loaded = prefetched(initiative, "milestones")
        cast(ListedModelChoiceField, self.fields["milestone"]).offer(
            initiative.milestones.exclude(status__in=Milestone.CLOSED_STATUSES),
            None if loaded is None else [m for m in loaded if m.status not in Milestone.CLOSED_STATUSES],
        )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown. Mention someone with @username."),
    )
    milestone = ListedModelChoiceField(label=_("About milestone"), required=False, queryset=Milestone.objects.none())

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        cast(ListedModelChoiceField, self.fields["milestone"]).offer(
            initiative.milestones.all(), prefetched(initiative, "milestones")
        )


class CommentEditForm(VersionedForm):
    body = forms.CharField(label=_("Comment"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5}))


class CommentPreviewForm(forms.Form):
    """A draft comment to preview: refused beyond the length a comment may have, like the comment itself."""

    body = forms.CharField(label=_("Comment"), required=False, max_length=COMMENT_MAX_LENGTH)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class WebhookForm(VersionedForm):
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=WEBHOOK_URL_MAX_LENGTH,
        help_text=_("An http or https address on the internet; each event is POSTed to it as JSON."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to have a strong one made for you."),
    )


class WebhookEditForm(WebhookForm):
    is_active = forms.BooleanField(
        label=pgettext_lazy("webhook", "Active"),
        required=False,
        help_text=_("Turning a disabled webhook back on clears its failures; waiting retries resume."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["secret"].help_text = _("Leave empty to keep the current secret.")
