"""A working group's webhooks, for its coordinators: the list, registering, editing, the delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import WorkingGroup
from core.errors import FORM_ERRORS
from core.paging import page_of

from .. import permissions, selectors, services
from ..forms import VersionedForm, WebhookEditForm, WebhookForm
from ..models import PING, Webhook, WebhookDelivery, WebhookEvent
from .form_handling import edit_versioned, fields_of, form_page, process

PAGE_SIZE = 25
FIELDS = ("url", "description", "events", "is_active")


def _group_to_manage(user, slug: str) -> WorkingGroup:
    group = get_object_or_404(WorkingGroup, slug=slug)
    permissions.require(user, "manage_webhooks", group)
    return group


def _webhook(user, pk: int) -> Webhook:
    """A webhook of a group the user coordinates; 404 for any other (its address and secret are the group's)."""
    webhook = selectors.webhooks_managed_by(user).filter(pk=pk).first()
    if webhook is None:
        raise Http404(_("No such webhook."))
    return webhook


@login_required
def webhook_list(request, slug):
    group = _group_to_manage(request.user, slug)
    latest = WebhookDelivery.objects.filter(webhook=OuterRef("pk")).order_by("-created_at", "-pk")
    webhooks = (
        Webhook.objects.filter(working_group=group)
        .select_related("created_by")
        .annotate(last_status=Subquery(latest.values("status")[:1]), last_at=Subquery(latest.values("created_at")[:1]))
        .order_by("pk")
    )
    return render(
        request,
        "proposals/webhook_list.html",
        {
            "nav": "groups",
            "group": group,
            "webhooks": list(webhooks),
            "statuses": dict(WebhookDelivery.Status.choices),
            "event_names": dict(WebhookEvent.choices),
        },
    )


@login_required
def webhook_create(request, slug):
    group = _group_to_manage(request.user, slug)
    form = WebhookForm(request.POST or None)
    back = reverse("proposals:webhook-list", args=[group.slug])
    title = _("New webhook for %(group)s") % {"group": group.name}
    made: dict[str, Webhook] = {}

    def perform(data):
        made["webhook"] = services.register_webhook(
            working_group=group,
            actor=request.user,
            url=data["url"],
            events=data["events"],
            description=data["description"],
            secret=data["secret"],
        )

    def redisplay(form, status, stale):
        return form_page(request, form, title=title, back=back, status=status, submit=_("Add webhook"))

    if request.method != "POST":
        return redisplay(form, 200, False)
    response = process(request, form, perform, success_url=back, message=_("Webhook added."), redisplay=redisplay)
    if "webhook" in made:
        return redirect(made["webhook"].get_absolute_url())
    return response


@login_required
def webhook_detail(request, pk, *, refusal: str = "", status: int = 200):
    webhook = _webhook(request.user, pk)
    page = page_of(
        WebhookDelivery.objects.filter(webhook=webhook).order_by("-created_at", "-pk"),
        request.GET.get("page"),
        PAGE_SIZE,
    )
    return render(
        request,
        "proposals/webhook_detail.html",
        {
            "nav": "groups",
            "webhook": webhook,
            "group": webhook.working_group,
            "page": page,
            "deliveries": page.object_list,
            "event_names": {**dict(WebhookEvent.choices), PING: _("Test event")},
            "refusal": refusal,
        },
        status=status,
    )


@login_required
def webhook_edit(request, pk):
    webhook = _webhook(request.user, pk)
    return edit_versioned(
        request,
        webhook,
        WebhookEditForm,
        lambda data, version: services.edit_webhook(
            webhook=webhook,
            actor=request.user,
            changes=fields_of(data, *FIELDS, "secret"),
            expected_version=version,
        ),
        fields=FIELDS,
        title=_("Edit webhook"),
        initiative=None,
        success_url=webhook.get_absolute_url(),
        message=_("Webhook saved."),
    )


@login_required
def webhook_delete(request, pk):
    webhook = _webhook(request.user, pk)
    back = webhook.get_absolute_url()
    form = VersionedForm(request.POST if request.method == "POST" else None)
    after = reverse("proposals:webhook-list", args=[webhook.working_group.slug])

    def redisplay(form, status, stale):
        return form_page(
            request,
            form,
            title=_("Remove webhook"),
            back=back,
            status=status,
            submit=_("Remove webhook"),
            intro=_("%(url)s will receive no more events, and its delivery log is deleted.") % {"url": webhook.url},
            danger=True,
        )

    if request.method != "POST":
        return redisplay(form, 200, False)
    return process(
        request,
        form,
        lambda data: services.delete_webhook(webhook=webhook, actor=request.user),
        success_url=after,
        message=_("Webhook removed."),
        redisplay=redisplay,
    )


@login_required
@require_POST
def webhook_test(request, pk):
    webhook = _webhook(request.user, pk)
    services.send_test_event(webhook=webhook, actor=request.user)
    messages.success(request, _("A test event is on its way; its delivery appears below."))
    return redirect(webhook.get_absolute_url())


@login_required
@require_POST
def webhook_redeliver(request, pk, delivery_pk):
    webhook = _webhook(request.user, pk)
    delivery = get_object_or_404(WebhookDelivery, webhook=webhook, pk=delivery_pk)
    try:
        services.redeliver(delivery=delivery, actor=request.user)
    except FORM_ERRORS as error:
        return webhook_detail(request, pk, refusal=str(error), status=getattr(error, "status", 400))
    messages.success(request, _("The event is being sent again; the new delivery appears below."))
    return redirect(webhook.get_absolute_url())
