"""The FilterSets of the lists: filters and orderings from query parameters, with field errors.

They filter querysets that come from ``proposals.selectors`` (which already
apply visibility and add the annotations some filters and orderings use).
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import WorkingGroup

from . import sides
from .forms import ListedModelChoiceField
from .models import Health, Initiative, InitiativeOwner, InitiativeStatus, LeadSide, Pillar
from .widgets import PersonSearchInput


class GroupChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedModelChoiceField


#: The two answers of a yes/no filter, as query parameters spell them (``?disagreement=true``).
YES_NO = [("true", _("Yes")), ("false", _("No"))]

# Each ordering ends with title and pk so pages are stable.
TIEBREAK = (F("title").asc(), F("pk").asc())
INITIATIVE_ORDERINGS = {
    "title": (_("Title"), ()),
    "-title": (_("Title (Z–A)"), (F("title").desc(), F("pk").desc())),
    "target_date": (_("Target date"), (F("target_date").asc(nulls_last=True),)),
    "-target_date": (_("Target date (latest first)"), (F("target_date").desc(nulls_last=True),)),
    "progress": (_("Progress (least first)"), (F("progress").asc(),)),
    "-progress": (_("Progress (most first)"), (F("progress").desc(),)),
    "health": (_("Health (worst first)"), (F("health_rank").asc(),)),
    "-health": (_("Health (best first)"), (F("health_rank").desc(),)),
    # Never-active initiatives count as the least recently active.
    "last_activity": (_("Last activity (oldest first)"), (F("last_activity_at").asc(nulls_first=True),)),
    "-last_activity": (_("Last activity (newest first)"), (F("last_activity_at").desc(nulls_last=True),)),
}
DEFAULT_INITIATIVE_ORDERING = "title"


def initiative_order_by(key: str) -> tuple:
    """The ``order_by`` expressions for one of ``INITIATIVE_ORDERINGS``' keys."""
    expressions = INITIATIVE_ORDERINGS[key][1]
    if key == "-title":
        return expressions
    return (*expressions, *TIEBREAK)


class InitiativeFilter(django_filters.FilterSet):
    """Filters and orders initiatives; the queryset must come from ``selectors.initiatives_visible_to``.

    Query parameters (all optional, one value each):

    ``pillar``, ``status``, ``lead_side``: a choice value of the model;
    ``working_group``: a group's slug; ``health``: ``on_track``, ``at_risk`` or
    ``off_track``; ``owner``: a username (initiatives that user owns); ``q``:
    text found in the title or the summary (case-insensitive); ``ordering``:
    ``title``, ``target_date``, ``progress``, ``health`` (worst first),
    ``last_activity`` or any of them prefixed with ``-``. Default order: title.
    ``disagreement``: ``true`` for initiatives whose sides' disagreement is flagged
    (``proposals.sides``), ``false`` for the others; ``assessment_overdue``: ``true``
    for initiatives where either side's assessment is overdue.

    An unknown value makes the form invalid (``is_valid()`` False, the field
    named in ``errors``) and ``qs`` empty; it never raises.
    """

    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    pillar = django_filters.ChoiceFilter(label=_("Pillar"), choices=Pillar.choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InitiativeStatus.choices, empty_label=_("Any"))
    working_group = GroupChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroup.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Any"),
    )
    lead_side = django_filters.ChoiceFilter(label=_("Lead side"), choices=LeadSide.choices, empty_label=_("Any"))
    health = django_filters.ChoiceFilter(label=_("Health"), choices=Health.choices, empty_label=_("Any"))
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"),
        queryset=get_user_model().objects.order_by("username"),
        to_field_name="username",
        method="filter_owner",
        widget=PersonSearchInput(attrs={"placeholder": _("Anyone")}),
    )
    disagreement = django_filters.ChoiceFilter(
        label=_("Sides disagree"), choices=YES_NO, method="filter_disagreement", empty_label=_("Any")
    )
    assessment_overdue = django_filters.ChoiceFilter(
        label=_("Assessment overdue"), choices=YES_NO, method="filter_assessment_overdue", empty_label=_("Any")
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Order by"),
        choices=[(key, label) for key, (label, _expressions) in INITIATIVE_ORDERINGS.items()],
        method="order",
        empty_label=None,
    )

    class Meta:
        model = Initiative
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            raise TypeError("InitiativeFilter needs a queryset from selectors.initiatives_visible_to().")
        super().__init__(data=data, queryset=queryset, **kwargs)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))

    def filter_owner(self, queryset, name, user):
        return queryset.filter(Exists(InitiativeOwner.objects.filter(initiative=OuterRef("pk"), user=user)))

    def filter_disagreement(self, queryset, name, value):
        if not value:
            return queryset
        flagged = sides.flagged_q()
        return queryset.filter(flagged) if value == "true" else queryset.exclude(flagged)

    def filter_assessment_overdue(self, queryset, name, value):
        if not value:
            return queryset
        overdue = sides.overdue_q(sides.programme_day())
        return queryset.filter(overdue) if value == "true" else queryset.exclude(overdue)

    def order(self, queryset, name, value):
        return queryset.order_by(*initiative_order_by(value))

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            return queryset.none()
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*initiative_order_by(DEFAULT_INITIATIVE_ORDERING))
        return queryset
