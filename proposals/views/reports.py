"""The status report for ministers, as a page to read or print and as a PDF of the same content.

``?group=<slug>`` narrows it to one working group (404 when there is no such group), ``?since=YYYY-MM-DD``
chooses from when decisions are listed (30 days ago by default; a day that is not one redisplays the form
with the field's error, 400; so does a report of more than ``report.MAX_INITIATIVES``, which asks for a working
group). The PDF is ``?format=pdf`` or ``reports/status.pdf`` with the same parameters.
Signed-in readers only; what goes in is what they may read (``exports.report``), in their language.
"""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts.models import WorkingGroup

from ..exports import pdf, report, spreadsheets

#: The earliest day decisions may be asked from (Activity began with the tracker).
EARLIEST_SINCE = datetime.date(2000, 1, 1)


class StatusReportForm(forms.Form):
    group = forms.ChoiceField(label=_("Working group"), required=False)
    since = forms.DateField(
        label=_("Decisions since"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Milestones approved, sent back or cancelled and changes of status from this day on."),
    )

    def __init__(self, *args, groups: list[WorkingGroup], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["group"]).choices = [
            ("", gettext("Whole programme")),
            *((g.slug, g.name) for g in groups),
        ]

    def clean_since(self) -> datetime.date:
        since = self.cleaned_data.get("since")
        today = timezone.localdate()
        if since is None:
            return report.default_since(today)
        if not EARLIEST_SINCE <= since <= today:
            raise forms.ValidationError(
                gettext("Choose a day from %(earliest)s to today.") % {"earliest": EARLIEST_SINCE.isoformat()}
            )
        return since


def _report_or_form(request: HttpRequest) -> tuple[StatusReportForm, report.StatusReport | None]:
    """The bound form and, when its input is good, the report it asks for (unknown group: 404)."""
    slug = request.GET.get("group", "").strip()
    group = get_object_or_404(WorkingGroup, slug=slug) if slug else None
    groups = list(WorkingGroup.objects.order_by("name"))
    data = request.GET.copy()
    if not data.get("since"):
        data["since"] = report.default_since().isoformat()  # shown in the form as the day the report uses
    form = StatusReportForm(data, groups=groups)
    if form.is_valid():
        count = report.initiatives_in(user=request.user, group=group).count()
        if count > report.MAX_INITIATIVES:
            message = gettext(
                "This report would cover %(count)s initiatives; a report covers at most %(limit)s. "
                "Choose a working group."
            )
            form.add_error("group", message % {"count": count, "limit": report.MAX_INITIATIVES})
    if not form.is_valid():
        return form, None
    return form, report.build_status_report(user=request.user, group=group, since=form.cleaned_data["since"])


@require_safe
@login_required
def status_report(request: HttpRequest) -> HttpResponse:
    """The report as a page (printable), or as a PDF with ``?format=pdf``."""
    if request.GET.get("format") == "pdf":
        return status_report_pdf(request)
    form, built = _report_or_form(request)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "reports/status.html",
        {"form": form, "report": built, "query": query.urlencode()},
        status=200 if built is not None else 400,
    )


@require_safe
@login_required
def status_report_pdf(request: HttpRequest) -> HttpResponse:
    """The report as a PDF: the totals on the first page, then a page (or more) per initiative."""
    form, built = _report_or_form(request)
    if built is None:
        return render(request, "reports/status.html", {"form": form, "report": None}, status=400)
    html = render_to_string("reports/status_document.html", {"report": built}, request=request)
    content = pdf.render_pdf(html, base_url=request.build_absolute_uri(reverse("proposals:dashboard")))
    response = HttpResponse(content, content_type="application/pdf")
    stem = f"status-report-{built.group.slug if built.group else 'programme'}-{built.today.isoformat()}"
    response["Content-Disposition"] = spreadsheets.attachment(stem, "pdf")
    patch_cache_control(response, private=True, no_store=True)
    return response
